"""Synthetic unit workbooks of our template, for the benchmarks.

    python benchmarks/synth.py --units 1000 --out benchmarks/_data/u1000 [--seed 1]
    python benchmarks/synth.py --dept-lines 50000 --out benchmarks/_data/dept50k

Each unit workbook has the sheets and layout of `deptbudget template` (单位 form: title row,
help row, headers in row 3, the same column headers, formula columns, hidden code lists), about
300 基本支出 lines over realistic 功能分类 项 × 部门经济分类 款 codes, 5–20 projects with 6–16
indicators each, a few 三公 lines, and 收入 equal to 支出 by source (it balances). Files go to
one sub-folder per department, DDD/DDDnnn.xlsx. Everything is deterministic for a seed.

Written with openpyxl's write_only mode (no styles, tables or dropdowns: the reader finds sheets
by name and columns by header text, so it reads these exactly as the styled template).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from decimal import Decimal
from multiprocessing import Pool
from pathlib import Path

from deptbudget.template import spec

YEAR = 2024
HEADER_ROW = 3

# (department name, its own 功能分类 项 codes; the first is its 行政运行). All codes are in the
# built-in code list, so validation sees realistic, valid data.
DEPARTMENTS = (
    ("人力资源和社会保障局", ("2080101", "2080102", "2080105", "2080112", "2080704", "2080705")),
    ("司法局", ("2040601", "2040607", "2040699")),
    ("文化广播电视和旅游局", ("2070101", "2070104", "2070105", "2070108", "2070109", "2070112", "2070114")),
    ("生态环境局", ("2110101", "2110104", "2110105", "2110199", "2111101", "2111102")),
    ("综合行政执法局", ("2120101", "2120102", "2120104", "2120199", "2120501")),
    ("政府办公室", ("2010301", "2012902", "2019999")),
    ("市场监督管理局", ("2013802", "2013899", "2010301")),
    ("统计局", ("2010506", "2010505", "2010507")),
)
DISTRICTS = ("达川区", "通川区", "宣汉县", "开江县", "大竹县", "渠县", "万源市")
# Social-security 项 codes every unit has, with the one 经济分类 each carries.
SOCIAL = (("2080505", "30108"), ("2080506", "30109"), ("2101101", "30110"), ("2101103", "30111"),
          ("2210201", "30113"), ("2080501", "30302"))
PERSONNEL = ("30101", "30102", "30103", "30106", "30107", "30112", "30114", "30199")
PUBLIC = ("30201", "30202", "30203", "30204", "30205", "30206", "30207", "30208", "30209", "30211",
          "30213", "30214", "30215", "30216", "30218", "30224", "30225", "30226", "30227", "30228",
          "30229", "30239", "30240", "30299")
INDIVIDUAL = ("30301", "30302", "30304", "30305", "30307", "30309", "30399")
SANGONG = ("30212", "30217", "30231")
PROJECT_ECON = ("30201", "30202", "30207", "30211", "30213", "30215", "30216", "30218", "30226",
                "30227", "30299", "31002", "31003", "31007", "30902")
TOPICS = ("基层调解平台", "金保网络工程维护", "帮贫解困", "档案管理及维护", "就业创业补贴", "公益性岗位",
          "劳动监察执法", "仲裁院运行", "信息系统运维", "专项培训", "宣传教育", "设备购置", "办公楼维修",
          "课题调研", "执法车辆运行", "监测能力建设", "公共服务体系建设", "网格化管理", "应急保障", "业务外包")
_ALL = spec.LIST_VALUES["sources"]
SOURCES = (_ALL[0], _ALL[3], _ALL[6], _ALL[5])
SOURCE_WEIGHTS = (86, 7, 4, 3)  # 一般公共预算, 事业收入, 上年结转（一般公共预算）, 其他收入
UNIT_WORDS = ("机关", "事务中心", "服务中心", "管理所", "监测站", "执法大队", "信息中心", "培训中心")


# -- departments and units ------------------------------------------------------

def departments(n: int) -> list[tuple[str, str, tuple[str, ...]]]:
    """n departments: (3-digit code, name, own 项 codes)."""
    out = []
    for i in range(n):
        name, funcs = DEPARTMENTS[i % len(DEPARTMENTS)]
        district = DISTRICTS[(i // len(DEPARTMENTS)) % len(DISTRICTS)]
        out.append((str(101 + 37 * i % 800 + i // 800), f"达州市{district}{name}", funcs))
    return out


def dept_count(units: int) -> int:
    """A handful of departments, at most 900 units each (unit codes are DDDnnn)."""
    return max(5, math.ceil(units / 900))


def money(rng: random.Random, lo: float, hi: float) -> Decimal:
    """A log-uniform amount in 万元 with two decimals."""
    return Decimal(round(math.exp(rng.uniform(math.log(lo), math.log(hi))), 2)).quantize(Decimal("0.01"))


def unit_data(seed, dept: tuple, nnn: int, basic_target: int = 300) -> dict:
    """One unit's rows by input sheet key (plain dicts keyed by spec column keys)."""
    code, dept_name, funcs = dept
    unit = f"{code}{nnn:03d}"
    rng = random.Random(f"{seed}-{unit}")
    kind = spec.LIST_VALUES["unit_kinds"][0 if nnn == 1 else rng.choice((1, 2, 2))]
    name = dept_name if nnn == 1 else f"{dept_name}{UNIT_WORDS[nnn % len(UNIT_WORDS)]}{nnn}"
    basic = _basic_lines(rng, unit, funcs, basic_target)
    projects, indicators = _projects(rng, unit, funcs)
    spend = basic + projects
    totals: dict[str, Decimal] = {}
    for r in spend:
        totals[r["source"]] = totals.get(r["source"], Decimal(0)) + r["amount"]
    income = [dict(unit=unit, source=s, amount=a) for s, a in sorted(totals.items())]
    total = sum(totals.values(), Decimal(0))
    prior = [dict(unit=unit, item=item, amount=(total * Decimal(rng.uniform(0.8, 1.1))).quantize(Decimal("0.01")))
             for item in ("收支总预算", "财政拨款收支总预算", "一般公共预算当年拨款")]
    units = [dict(unit=unit, name=name, kind=kind, headcount=rng.randint(5, 120), vehicles=rng.randint(0, 4))]
    return {"units": units, "income": income, "basic": basic, "projects": projects,
            "indicators": indicators, "prior": prior}


def _basic_lines(rng: random.Random, unit: str, funcs: tuple, target: int) -> list[dict]:
    own = funcs[: rng.randint(2, len(funcs))]
    combos = [(f, e) for f in own for e in PERSONNEL + PUBLIC + INDIVIDUAL]
    rng.shuffle(combos)
    rows = [(f, e) for f, e in SOCIAL] + [(own[0], e) for e in SANGONG]
    while len(rows) < target:
        rows.append(combos[len(rows) % len(combos)] if rng.random() > 0.05 else rng.choice(rows))
    out, seen = [], set()
    for f, e in rows:
        source = rng.choices(SOURCES, SOURCE_WEIGHTS)[0]
        hi = 3 if e in SANGONG else 300 if e[:3] == "301" else 40
        amount = money(rng, 0.05, hi)
        while (f, e, source, amount) in seen:  # no row entered twice (the reader warns: STR-45)
            amount += Decimal("0.01")
        seen.add((f, e, source, amount))
        out.append(dict(unit=unit, func_code=f, econ_code=e, source=source, amount=amount))
    return out


def _projects(rng: random.Random, unit: str, funcs: tuple) -> tuple[list[dict], list[dict]]:
    lines, indicators = [], []
    for k in range(rng.randint(5, 20)):
        name = f"{YEAR}年{rng.choice(TOPICS)}项目{k + 1}"
        category = rng.choice(spec.LIST_VALUES["project_categories"])
        func = rng.choice(funcs[1:] or funcs)
        source = SOURCES[0] if rng.random() < 0.9 else _ALL[1]
        econs = rng.sample(PROJECT_ECON, rng.randint(1, 4)) if rng.random() < 0.5 else [""]
        total = Decimal(0)
        for j, econ in enumerate(econs):
            amount = money(rng, 1, 200)
            total += amount
            lines.append(dict(unit=unit, project=name, category=category, func_code=func,
                              econ_code=econ, source=source, amount=amount,
                              goal=f"{YEAR}年预计使用财政资金用于{name}，保障工作正常开展。" if j == 0 else None))
        indicators += _indicators(rng, unit, name, total)
    return lines, indicators


def _indicators(rng: random.Random, unit: str, project: str, total: Decimal) -> list[dict]:
    n = rng.randint(6, 16)
    weights = [90 // n] * n
    weights[0] += 90 - sum(weights)
    levels = (("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
              ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标"), ("成本指标", "经济成本指标"))
    out = []
    for i in range(n):
        l1, l2 = levels[i % len(levels)]
        if l1 == "成本指标":
            nature, value, measure = "≤", str(total), "万元"
        elif l1 == "效益指标":
            nature, value, measure = "定性", "优", ""
        else:
            nature, value, measure = rng.choice((("≥", "95", "%"), ("=", "100", "%"), ("≥", str(rng.randint(1, 500)), "人次")))
        out.append(dict(unit=unit, project=project, level1=l1, level2=l2, level3=f"{project}{l2}{i + 1}",
                        nature=nature, value=value, measure=measure, weight=weights[i], direction="正向"))
    return out


# -- writing --------------------------------------------------------------------

SHEET_ROWS = (("units", spec.UNITS), ("income", spec.INCOME), ("basic", spec.BASIC),
              ("projects", spec.PROJECTS), ("indicators", spec.INDICATORS), ("prior", spec.PRIOR))


def write_workbook(path: Path, form: str, dept: tuple, data: dict, dept_goals: bool = False) -> None:
    from openpyxl import Workbook

    from deptbudget.io.workbook_xlsx import _formula

    wb = Workbook(write_only=True)
    info = wb.create_sheet(spec.INFO_SHEET)
    info.append([f"{spec.TEMPLATE_NAME}（{form}工作簿）"])
    info.append(["黄色单元格由使用者填写；灰色单元格由程序维护，请勿修改。金额单位：万元。"])
    info.append([])
    facts = dict(year=YEAR, dept_code=dept[0], dept_name=dept[1], form=form,
                 template_version=spec.TEMPLATE_VERSION, money_unit="万元")
    for label, key, _ in spec.INFO_KEYS:
        info.append([label, facts.get(key)])
    sheets = list(SHEET_ROWS)
    if dept_goals:
        sheets += [("tasks", spec.DEPT_TASKS), ("dept_indicators", spec.DEPT_INDICATORS)]
    for key, sheet in sheets:
        _write_input(wb, sheet, data.get(key, []), _formula)
    _write_lists(wb)
    wb.save(path)


def _write_input(wb, sheet: spec.InputSheet, rows: list[dict], formula) -> None:
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(sheet.name)
    ws.append([sheet.name])
    ws.append([sheet.doc + "  金额单位：万元。"])
    ws.append([c.header for c in sheet.columns])
    letters = {c.key: get_column_letter(j) for j, c in enumerate(sheet.columns, start=1)}
    for i, row in enumerate(rows):
        r = HEADER_ROW + 1 + i
        ws.append([formula(c.formula, r, letters) if c.kind == "formula" else _cell(row.get(c.key))
                   for c in sheet.columns])


def _cell(v):
    return float(v) if isinstance(v, Decimal) else v


def _write_lists(wb) -> None:
    from deptbudget.reference.codes import codebook

    lists = wb.create_sheet(spec.LISTS_SHEET)
    cols = list(spec.LIST_VALUES.items())
    lists.append([k for k, _ in cols])
    for i in range(max(len(v) for _, v in cols)):
        lists.append([v[i] if i < len(v) else None for _, v in cols])
    lists.sheet_state = "hidden"
    for sheet, scheme in ((spec.FUNC_LIST_SHEET, "function"), (spec.ECON_LIST_SHEET, "econ")):
        ws = wb.create_sheet(sheet)
        ws.append(["编码", "名称", "级次"])
        for e in codebook(scheme, YEAR):
            ws.append([e.code, e.name, e.level])
        ws.sheet_state = "hidden"


# -- the two jobs ---------------------------------------------------------------

def _unit_job(args) -> str:
    seed, out, dept, nnn = args
    path = Path(out) / dept[0] / f"{dept[0]}{nnn:03d}.xlsx"
    write_workbook(path, "单位", dept, unit_data(seed, dept, nnn))
    return str(path)


def make_units(n: int, out: str | os.PathLike, seed=1, jobs: int | None = None) -> list[str]:
    """n unit workbooks under out/DDD/DDDnnn.xlsx; returns their paths (sorted)."""
    depts = departments(dept_count(n))
    for d in depts:
        (Path(out) / d[0]).mkdir(parents=True, exist_ok=True)
    tasks = [(seed, str(out), depts[i % len(depts)], i // len(depts) + 1) for i in range(n)]
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or n < 8:
        return sorted(map(_unit_job, tasks))
    with Pool(jobs) as pool:
        return sorted(pool.imap_unordered(_unit_job, tasks, chunksize=8))


def make_one_department(n: int, out: str | os.PathLike, seed=1, jobs: int | None = None) -> list[str]:
    """n unit workbooks of ONE department (an 教育局 with many schools): out/DDD/DDDnnn.xlsx."""
    if not 1 <= n <= 999:
        raise ValueError("one department holds 1–999 units (unit codes DDDnnn)")
    dept = departments(1)[0]
    (Path(out) / dept[0]).mkdir(parents=True, exist_ok=True)
    tasks = [(seed, str(out), dept, nnn) for nnn in range(1, n + 1)]
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or n < 8:
        return sorted(map(_unit_job, tasks))
    with Pool(jobs) as pool:
        return sorted(pool.imap_unordered(_unit_job, tasks, chunksize=8))


def make_department(lines: int, out: str | os.PathLike, seed=1) -> str:
    """One department workbook with about `lines` 基本支出 + 项目支出 rows over as many units."""
    dept = departments(1)[0]
    data: dict[str, list] = {}
    nnn, count = 0, 0
    while count < lines:
        nnn += 1
        unit = unit_data(seed, dept, nnn)
        for key, rows in unit.items():
            data.setdefault(key, []).extend(rows)
        count += len(unit["basic"]) + len(unit["projects"])
    data["tasks"] = [dict(name=f"重点任务{i}", content=f"围绕{t}开展工作") for i, t in enumerate(TOPICS[:8], 1)]
    data["dept_indicators"] = [dict(level1="产出指标", level2="数量指标", level3=f"{t}完成数", nature="≥",
                                    value="10", measure="项", weight=10) for t in TOPICS[:9]]
    Path(out).mkdir(parents=True, exist_ok=True)
    path = Path(out) / f"{dept[0]}_部门_{lines}.xlsx"
    write_workbook(path, "部门", dept, data, dept_goals=True)
    return str(path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="生成基准测试用的模拟单位工作簿")
    ap.add_argument("--units", type=int, default=0, help="单位工作簿个数")
    ap.add_argument("--dept-lines", type=int, default=0, help="生成一个约含此行数的部门工作簿")
    ap.add_argument("--one-dept", action="store_true", help="--units 个单位都属于同一个部门（如教育局与所属学校）")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", default="1")
    ap.add_argument("--jobs", type=int, default=None)
    args = ap.parse_args(argv)
    if not args.units and not args.dept_lines:
        ap.error("请给出 --units N 或 --dept-lines N")
    t = time.perf_counter()
    if args.units:
        make = make_one_department if args.one_dept else make_units
        paths = make(args.units, args.out, args.seed, args.jobs)
        print(f"{len(paths)} 个单位工作簿 → {args.out}（{time.perf_counter() - t:.1f} 秒）")
    if args.dept_lines:
        path = make_department(args.dept_lines, args.out, args.seed)
        print(f"部门工作簿 → {path}（{time.perf_counter() - t:.1f} 秒）")
    return 0


if __name__ == "__main__":
    sys.exit(main())

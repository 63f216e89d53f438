"""Restore 元 precision in the embedded example (developer tool, run once; not used at runtime).

Why: the seed prints 万元 with two decimals — ROUND_HALF_UP roundings of exact 元 amounts. Summing
the printed 表3-1 lines misses some printed subtotals by 0.01 (8022.00 vs 8022.01, ...). A budget
officer enters 元, i.e. 万元 with 4 decimals; this script finds such amounts for the basic-expenditure
lines so that every figure the seed publishes is the rounding of the exact sum of our lines.

How: every published figure p (表1/表2 per 类 and totals, 表1-2 unit × 项 合计/基本/项目 and unit and
department rows, 表3 per 项, 表3-1 款/类/unit/department rows with 人员经费/公用经费, 表3-2, 表3-3 三公)
is the sum of a set of input lines (predicate over unit, 功能科目, 经济科目, project). In integer 元
the exact sum must lie in [p·10⁴ − 50, p·10⁴ + 49]. The basic lines (unit × 功能 × 经济, the line set
of 基本支出.csv) are the integer unknowns; project amounts are fixed as published, except that
表7's 19.7234 for 基层调解平台项目 is used when every figure can still be met with it.
  1. maximize the smallest margin t (distance of each exact sum to its interval's ends), MILP;
  2. with every margin ≥ t, minimize the weighted change Σ w·|x − printed| (personnel lines w=1,
     公用 lines w=2: quotas are typically round, salary-based figures are not) — one consistent
     reconstruction, not the department's ledger.
If no solution meets every figure, the figures that cannot be met are found by an elastic model
(minimal total excess), kept as near as possible and printed; they are seed inconsistencies.
Finally every figure is re-checked exactly with Decimal, and 基本支出.csv, 收入.csv (each unit's
income = its exact spending total) and, for the 19.7234, 项目支出.csv are rewritten.

Usage (from the repo root; scipy ≥ 1.9 is needed only here: pip install scipy):
    python -m deptbudget.example.reconstruct [SEED.txt] [--dry-run]
SEED defaults to ../shared/seeds/000_729f2be6f9b5a926.txt next to the repository.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SEED = HERE.parents[2].parent / "shared" / "seeds" / "000_729f2be6f9b5a926.txt"
YUAN = Decimal("0.0001")  # 1 元 in 万元
PRECISE_PROJECTS = {("139001", "2024年基层调解平台项目"): Decimal("19.7234")}  # 表7 年度总体目标 / 成本指标
CLASS_OF = {"社会保障和就业支出": "208", "卫生健康支出": "210", "住房保障支出": "221"}  # 表1/表2 row names
TOTAL_ROWS = ("一般公共预算拨款收入", "本年收入合计", "本年支出合计", "收入总计", "支出总计",
              "一、本年收入", "一、本年支出")


@dataclass(frozen=True)
class Rec:
    """One input line: a basic-expenditure line (econ set) or a project (name set)."""

    unit: str
    func: str
    econ: str = ""
    name: str = ""

    @property
    def basic(self) -> bool:
        return bool(self.econ)

    @property
    def personnel(self) -> bool:
        return self.econ[:3] in ("301", "303")


@dataclass(frozen=True)
class Figure:
    where: str  # e.g. "表3-1 139002 301 人员经费"
    printed: Decimal
    pick: Callable[[Rec], bool]


# ---- published figures: parse the seed's tables ------------------------------------------------

def money_cell(cell: str) -> Decimal | None:
    cell = cell.strip().replace(",", "")
    return Decimal(cell) if re.fullmatch(r"\d+\.\d\d", cell) else None


def sections(text: str) -> dict[str, list[list[str]]]:
    """Tab-separated rows of each table (表 1, 表 1-2, ...), blank lines dropped."""
    out, name = {}, None
    for line in text.splitlines():
        m = re.fullmatch(r"(?:附件：)?表 ?(\d+(?:-\d+)?)", line.strip())
        if m:
            name = m.group(1)
            out[name] = []
        elif name and "\t" in line:
            out[name].append(line.split("\t"))
    return out


def cols(cells: list[str], n: int) -> list[str]:
    return (cells + [""] * n)[:n]


def amount_or_zero(cell: str) -> Decimal:
    return money_cell(cell) or Decimal("0.00")


def fig(where: str, cell: str, pick) -> Figure:
    return Figure(where, amount_or_zero(cell), pick)


def figures_t1_t2(rows, table: str) -> list[Figure]:
    out = []
    for cells in rows:
        for i, c in enumerate(cells):
            label = c.strip().split("、")[-1]
            value = cells[i + 1] if i + 1 < len(cells) else ""
            if money_cell(value) is None:
                continue
            if label in CLASS_OF:
                cls = CLASS_OF[label]
                out.append(fig(f"{table} {label}", value, lambda r, c=cls: r.func[:3] == c))
            elif label in TOTAL_ROWS or c.strip() in TOTAL_ROWS:
                out.append(fig(f"{table} {c.strip()}", value, lambda r: True))
    return out


def figures_t1_2(rows, unit_of: dict[str, str]) -> list[Figure]:
    out, kinds = [], (("合计", lambda r: True), ("基本", lambda r: r.basic), ("项目", lambda r: not r.basic))
    for cells in rows:
        cls, kuan, xiang, unit, name, *vals = cols(cells, 8)
        if not any(money_cell(v) is not None for v in vals):
            continue
        if cls:
            func = cls + kuan + xiang
            scope, where = (lambda r, u=unit, f=func: r.unit == u and r.func == f), f"{unit} {func} {name}"
        elif name.strip() in unit_of:
            u = unit_of[name.strip()]
            scope, where = (lambda r, u=u: r.unit == u), f"{u} 单位行"
        else:
            scope, where = (lambda r: True), name.replace(" ", "") or "部门行"
        for (label, kind), v in zip(kinds, vals, strict=False):
            out.append(fig(f"表1-2 {where} {label}", v, lambda r, s=scope, k=kind: s(r) and k(r)))
    return out


def figures_t3(rows) -> list[Figure]:
    out = []
    for cells in rows:
        cls, kuan, xiang, unit, name, total, *_ = cols(cells, 7)
        if money_cell(total) is None:
            continue
        if cls:
            func = cls + kuan + xiang
            out.append(fig(f"表3 {func} {name}", total, lambda r, f=func: r.func == f))
        else:
            out.append(fig(f"表3 {name.replace(' ', '') or '部门行'}", total, lambda r: True))
    return out


def figures_t3_1(rows) -> list[Figure]:
    out, unit = [], None
    cols_ = (("合计", lambda r: True), ("人员经费", lambda r: r.personnel), ("公用经费", lambda r: not r.personnel))
    for cells in rows:
        _, _, code, name, *vals = cols(cells, 7)
        if not any(money_cell(v) is not None for v in vals):
            continue
        if len(code) == 6:
            unit = code
        if not code:
            scope, where = (lambda r: r.basic), name.replace(" ", "") or "部门行"
        elif len(code) == 6:
            scope, where = (lambda r, u=code: r.basic and r.unit == u), f"{code} 单位行"
        else:
            n = len(code)
            scope = lambda r, u=unit, c=code, n=n: r.basic and r.unit == u and r.econ[:n] == c  # noqa: E731
            where = f"{unit} {code} {name}"
        for (label, kind), v in zip(cols_, vals, strict=False):
            out.append(fig(f"表3-1 {where} {label}", v, lambda r, s=scope, k=kind: s(r) and k(r)))
    return out


def figures_t3_2(rows, unit_of: dict[str, str], func_of: dict[str, str]) -> list[Figure]:
    out, unit = [], None
    for cells in rows:
        cls, kuan, xiang, code, name, amount = cols(cells, 6)
        name = name.strip()
        if money_cell(amount) is None:
            continue
        if cls:
            pick = lambda r, u=code, n=name: r.unit == u and r.name == n  # noqa: E731
        elif name in unit_of:
            unit = unit_of[name]
            pick = lambda r, u=unit: not r.basic and r.unit == u  # noqa: E731
        elif name in func_of:
            pick = lambda r, u=unit, f=func_of[name]: not r.basic and r.unit == u and r.func == f  # noqa: E731
        else:
            pick = lambda r: not r.basic  # noqa: E731
        where = f"{code or unit} {name}" if (code or unit) else name.replace(" ", "") or "部门行"
        out.append(fig(f"表3-2 {where}", amount, pick))
    return out


def figures_t3_3(rows) -> list[Figure]:
    """三公: 合计, 出国, 车购置及运行 小计, 车购置, 车运行, 接待 ← 30217 / 30231 lines."""
    econs = (("合计", ("30217", "30231")), ("因公出国（境）费", ()), ("公务用车购置及运行费", ("30231",)),
             ("公务用车购置费", ()), ("公务用车运行费", ("30231",)), ("公务接待费", ("30217",)))
    out = []
    for cells in rows:
        code, name, *vals = cols(cells, 8)
        if not code.isdigit() and not any(money_cell(v) is not None for v in vals):
            continue
        for (label, es), v in zip(econs, vals, strict=False):
            out.append(fig(f"表3-3 {code or name.replace(' ', '') or '部门行'} {label}", v,
                           lambda r, u=code, es=es: r.econ in es and (not u or r.unit == u)))
    return out


def published_figures(seed_text: str, unit_of: dict[str, str], func_of: dict[str, str]) -> list[Figure]:
    t = sections(seed_text)
    return (figures_t1_t2(t["1"], "表1") + figures_t1_t2(t["2"], "表2") + figures_t1_2(t["1-2"], unit_of)
            + figures_t3(t["3"]) + figures_t3_1(t["3-1"]) + figures_t3_2(t["3-2"], unit_of, func_of)
            + figures_t3_3(t["3-3"]))


# ---- the example's lines ------------------------------------------------------------------------

def read_csv(name: str) -> tuple[list[str], list[dict]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def write_csv(name: str, header: list[str], rows: list[dict]) -> None:
    with open(DATA / name, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def yuan(amount: Decimal) -> int:
    return int((amount / YUAN).to_integral_value())


def interval(printed: Decimal) -> tuple[int, int]:
    """Integer 元 sums that round (HALF_UP, 0.01 万元) to `printed`."""
    return yuan(printed) - 50, yuan(printed) + 49


def round2(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ---- the optimisation ---------------------------------------------------------------------------

def build(figs, lines: list[Rec], projects: dict[Rec, int]):
    """Rows (line indices, constant 元, lo, hi, figure) — one per distinct constraint."""
    rows, seen = [], set()
    for f in figs:
        idx = tuple(i for i, r in enumerate(lines) if f.pick(r))
        const = sum(v for r, v in projects.items() if f.pick(r))
        lo, hi = interval(f.printed)
        key = (idx, const, lo)
        if key not in seen:
            seen.add(key)
            rows.append((idx, const, lo, hi, f))
    return rows


def solve(rows, ref: list[int], weight: list[int]):
    """Stage 1 max-min margin, stage 2 min weighted change. Returns (x, margin, unmet rows)."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = len(ref)
    var_rows = [r for r in rows if r[0]]
    unmet = [r for r in rows if not r[0] and not (r[2] <= r[1] <= r[3])]
    # variables: x (n, integer 元), d (n, |x − ref|), t (margin), s (per row, excess beyond the interval)
    m = len(var_rows)
    nv = 2 * n + 1 + m
    A, lo, hi = [], [], []

    def add(coefs: dict[int, float], lower: float, upper: float) -> None:
        row = np.zeros(nv)
        for j, c in coefs.items():
            row[j] += c
        A.append(row)
        lo.append(lower)
        hi.append(upper)

    T = 2 * n
    for k, (idx, const, l, h, _) in enumerate(var_rows):
        s = T + 1 + k
        add({**{i: 1 for i in idx}, T: -1, s: 1}, l - const, np.inf)  # Σx − t + s ≥ l − c
        add({**{i: 1 for i in idx}, T: 1, s: -1}, -np.inf, h - const)  # Σx + t − s ≤ h − c
    for i in range(n):
        add({n + i: 1, i: -1}, -ref[i], np.inf)
        add({n + i: 1, i: 1}, ref[i], np.inf)
    cons = LinearConstraint(np.array(A), lo, hi)
    integrality = np.array([1] * n + [0] * (n + 1 + m))
    lb = np.array([0.0] * (2 * n) + [-np.inf] + [0.0] * m)
    ub = np.array([np.inf] * nv)

    def run(c, lb_, ub_):
        res = milp(c, constraints=cons, integrality=integrality, bounds=Bounds(lb_, ub_))
        if not res.success:
            raise SystemExit(f"求解失败：{res.message}")
        return res.x

    # stage 0: minimal total excess (0 when every figure can be met)
    c = np.zeros(nv)
    c[T + 1:] = 1
    ub0 = ub.copy()
    ub0[T] = 0
    lb0 = lb.copy()
    lb0[T] = 0
    x0 = run(c, lb0, ub0)
    excess = np.round(x0[T + 1:])
    unmet += [var_rows[k] for k in range(m) if excess[k] > 0]
    # stage 1: max-min margin with each row's excess fixed at its minimum
    lb1, ub1 = lb.copy(), ub.copy()
    lb1[T + 1:] = ub1[T + 1:] = excess
    c = np.zeros(nv)
    c[T] = -1
    ub1[T] = 50
    t = int(np.floor(run(c, lb1, ub1)[T] + 1e-9))
    # stage 2: min weighted change with margin ≥ t
    lb1[T] = t
    c = np.zeros(nv)
    c[n:2 * n] = weight
    x = run(c, lb1, ub1)
    return [int(round(v)) for v in x[:n]], t, unmet


# ---- main ---------------------------------------------------------------------------------------

def load(seed_path: Path):
    units = {r["单位名称"]: r["单位编码"] for r in read_csv("单位信息.csv")[1]}
    bh, basic = read_csv("基本支出.csv")
    ph, projects = read_csv("项目支出.csv")
    lines = [Rec(r["单位编码"], r["功能分类科目编码"], r["经济分类科目编码"]) for r in basic]
    funcs = {"一般行政管理事务": "2080102", "劳动保障监察": "2080105", "劳动人事争议调解仲裁": "2080112",
             "行政运行": "2080101", "财政对城乡居民基本养老保险基金的补助": "2082602",
             "其他社会保障和就业支出": "2089999"}
    figs = published_figures(seed_path.read_text(encoding="utf-8"), units, funcs)
    return bh, basic, ph, projects, lines, figs


def references(lines: list[Rec], basic: list[dict], figs: list[Figure]) -> list[int]:
    """The printed amount of each line: the 表1-2 (基本) or 表3-1 row that holds only this line.

    Independent of the amounts now in the CSV (only their rounding is a fallback), so re-running
    the script on its own output gives the same result."""
    own = {}
    for f in figs:
        if (f.where.startswith("表1-2") and f.where.endswith(" 基本")) or \
                (f.where.startswith("表3-1") and f.where.endswith(" 合计")):
            idx = [j for j, r in enumerate(lines) if f.pick(r)]
            if len(idx) == 1:
                own.setdefault(idx[0], f.printed)
    return [yuan(own.get(i, round2(Decimal(row["金额"])))) for i, row in enumerate(basic)]


def project_amounts(projects: list[dict], precise: bool) -> dict[Rec, int]:
    out = {}
    for p in projects:
        rec = Rec(p["单位编码"], p["功能分类科目编码"], name=p["项目名称"])
        amount = Decimal(p["金额"])
        if precise:
            amount = PRECISE_PROJECTS.get((rec.unit, rec.name), amount)
        out[rec] = yuan(amount)
    return out


def verify(figs, lines, x, projects) -> list[tuple[Figure, Decimal]]:
    """Figures whose exact Decimal sum does not round to the printed value."""
    bad = []
    for f in figs:
        exact = sum((Decimal(v) * YUAN for r, v in zip(lines, x, strict=False) if f.pick(r)), Decimal(0))
        exact += sum((Decimal(v) * YUAN for r, v in projects.items() if f.pick(r)), Decimal(0))
        if round2(exact) != f.printed:
            bad.append((f, exact))
    return bad


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    seed = Path(args[0]) if args else SEED
    bh, basic, ph, projects, lines, figs = load(seed)
    ref = references(lines, basic, figs)
    weight = [1 if r.personnel else 2 for r in lines]
    for precise in (True, False):
        proj = project_amounts(projects, precise)
        x, t, unmet = solve(build(figs, lines, proj), ref, weight)
        if not unmet or not precise:
            break
        print("表7 的 19.7234 不能同时满足全部公布数，项目金额保持 19.72")
    bad = verify(figs, lines, x, proj)
    changed = sum(a != b for a, b in zip(x, ref, strict=False))
    print(f"公布数 {len(figs)} 个；最小余量 {t} 元；改动的明细行 {changed} 行，"
          f"改动合计 {sum(abs(a - b) for a, b in zip(x, ref, strict=False))} 元")
    for f, exact in bad:
        print(f"  不能满足：{f.where} 公布 {f.printed}，最接近 {exact}")
    if "--dry-run" in argv:
        return 0
    write(bh, basic, ph, projects, lines, x, proj, precise, figs)
    return 0


def fmt4(v: int) -> str:
    return f"{Decimal(v) * YUAN:.4f}"


def split_notes(lines: list[Rec], figs: list[Figure]) -> dict[int, str]:
    """备注 of lines that share one 表3-1 款 row (139001 30110 → 行政单位医疗 + 事业单位医疗)."""
    notes = {}
    for f in figs:
        if f.where.startswith("表3-1") and f.where.endswith(" 合计") and len(f.where.split()[2]) == 5:
            idx = [i for i, r in enumerate(lines) if f.pick(r)]
            for i in idx if len(idx) > 1 else ():
                own = next(g for g in figs if g.where.startswith(f"表1-2 {lines[i].unit} {lines[i].func} ")
                           and g.where.endswith(" 基本"))
                name = own.where.split()[3]
                notes[i] = f"{lines[i].econ} 共 {f.printed}（表3-1），按功能科目拆分：本行为表1-2 {name} {own.printed}"
    return notes


def write(bh, basic, ph, projects, lines, x, proj, precise, figs) -> None:
    notes = split_notes(lines, figs)
    for i, (row, v) in enumerate(zip(basic, x, strict=False)):
        row["金额"] = fmt4(v)
        row["备注"] = notes.get(i, row["备注"])
    write_csv("基本支出.csv", bh, basic)
    ih, income = read_csv("收入.csv")
    for row in income:
        u = row["单位编码"]
        total = (sum(v for r, v in zip(lines, x, strict=False) if r.unit == u)
                 + sum(v for r, v in proj.items() if r.unit == u))
        row["金额"], row["备注"] = fmt4(total), "= 本单位支出合计（元级还原，表1-2 单位合计的精确值）"
    write_csv("收入.csv", ih, income)
    if precise:
        for p in projects:
            amount = PRECISE_PROJECTS.get((p["单位编码"], p["项目名称"]))
            if amount is not None:
                p["金额"] = f"{amount:.4f}"
        write_csv("项目支出.csv", ph, projects)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

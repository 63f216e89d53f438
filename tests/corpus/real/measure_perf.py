"""Measure the PRF and AMT rules on real published performance forms (tests/corpus/real/perf).

Each document is the stored text of a published 项目支出绩效目标表 / 部门整体支出绩效目标表 (`<id>.txt`)
and its metadata (`<id>.json`): provenance, the form's weight setting (90 / 100 / 无), the indicator
rows as printed and as typed into the template, the projects' 资金 amounts, and a hand-made
annotation of the real slips (perf/README.md says how).

For each document this script types the rows into the 项目绩效目标 sheet (整体绩效指标 for a
部门整体 form) of a minimal workbook written by the project's template writer, sets 设置 → 绩效指标
权重合计 to the form's setting, reads the file back and runs the catalog as `deptbudget validate`
does, and compares the PRF and AMT 错误/警告 with the annotation: a finding of one of a slip's rules
on the slip's project (and indicator, when the slip names one) is a true positive, any other
错误/警告 a false alarm, a slip without such a finding a miss. Rules on a whole project's indicator
set (COMPLETENESS) are not judged where the stored copy breaks off inside that project.

    PYTHONPATH=src python tests/corpus/real/measure_perf.py            # summary tables
    PYTHONPATH=src python tests/corpus/real/measure_perf.py --detail   # every false alarm and miss

No real form of the corpus slips between 元 and 万元, so the AMT rules are also measured on planted
cases (perf/planted/amt.json): a real form typed as it is, but for one figure moved ×10000 (or a
whole 元 form typed into a 万元 workbook) — reported apart from the real documents, never mixed.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
PERF = HERE / "perf"
PLANTED = PERF / "planted" / "amt.json"
FAMILIES = ("PRF", "AMT")
UNIT_FACTOR = {"元": Decimal("0.0001"), "万元": Decimal(1)}
# Rules judging a project's (or 表7's) whole indicator set: not judged where the stored copy is cut.
COMPLETENESS = {"PRF-01", "PRF-02", "PRF-03", "PRF-04", "PRF-15", "PRF-18", "PRF-22"}
DEPT, UNIT = "901", "901001"
PROJECT_FUNC, BASIC_FUNC = "2089999", "2010301"


@dataclass
class Doc:
    id: str
    meta: dict
    text: str
    plant: dict | None = None  # a planted slip (perf/planted/amt.json): how the typing departs from the form

    def wan(self, amount: str) -> Decimal:
        """A printed amount in 万元 (the template's unit)."""
        return Decimal(amount) * UNIT_FACTOR[self.meta["money_unit"]]

    @property
    def is_dept(self) -> bool:
        return "dept" in self.meta


def load(directory: Path = PERF) -> list[Doc]:
    out = []
    for meta_path in sorted(directory.glob("*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        out.append(Doc(meta["id"], meta, meta_path.with_suffix(".txt").read_text(encoding="utf-8")))
    return out


def load_planted(path: Path = PLANTED, docs: list[Doc] | None = None) -> list[Doc]:
    """The planted cases, each a real form of the corpus with its planted slip added to its annotation."""
    base = {d.id: d for d in (docs if docs is not None else load())}
    out = []
    for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
        doc = base[case["base"]]
        meta = copy.deepcopy(doc.meta)
        slip = {"project": case["project"], "indicator": None, "rules": case["rules"], "kind": case["kind"],
                "printed": case["printed"], "why": case["why"], "planted": True}
        meta["slips"] = meta["slips"] + [slip]
        out.append(Doc(case["id"], meta, doc.text, case))
    return out


# ---------------------------------------------------------------------------- the typed workbook

def build_budget(doc: Doc):
    """The rows of the form as a user types them into the template (one unit, its projects)."""
    from deptbudget.core.model import (
        Budget,
        Department,
        ExpenseLine,
        Income,
        Indicator,
        Project,
        ProjectCategory,
        Source,
        SpendKind,
        Unit,
        UnitKind,
    )
    from deptbudget.template import spec

    m, g = doc.meta, Source.GENERAL
    dept = Department(DEPT, m["department"], m["year"], spec.TEMPLATE_VERSION, "部门" if doc.is_dept else "单位")
    lines, projects, inds = [], [], []
    for p in m.get("projects", []):
        amount = doc.wan(p["amount"])
        plines = [ExpenseLine(UNIT, PROJECT_FUNC, econ, SpendKind.PROJECT, g, doc.wan(a), p["name"])
                  for _, econ, a in p.get("lines", ())] or \
                 [ExpenseLine(UNIT, PROJECT_FUNC, "", SpendKind.PROJECT, g, amount, p["name"])]
        if sum(l.amount for l in plines) != amount:
            raise ValueError(f"{doc.id}: 「{p['name']}」的支出行合计不等于 {p['amount']}")
        lines += plines
        projects.append(Project(UNIT, p["name"], PROJECT_FUNC, ProjectCategory.SPECIFIC, amount, g, p.get("goal", ""),
                                tuple(plines)))
        inds += [_indicator(Indicator, r, p["name"]) for r in p["rows"]]
    for code, amount in m.get("basic", ()):
        lines.append(ExpenseLine(UNIT, BASIC_FUNC, code, SpendKind.PUBLIC, g, doc.wan(amount)))
    dept_inds = tuple(_indicator(Indicator, r, "") for r in m.get("dept", {}).get("rows", ()))
    total = sum((l.amount for l in lines), Decimal(0))
    money_unit = "万元"
    if doc.plant:
        lines, projects, total, money_unit = _plant(doc.plant, lines, projects, total)
    incomes = (Income(UNIT, g, total),) if total else ()
    unit = Unit(UNIT, m["unit"], UnitKind.ADMIN)
    return Budget(dept, (unit,), incomes, tuple(lines), tuple(projects), tuple(inds), (), dept_inds, (),
                  {"money_unit": money_unit})


PLANT_KINDS = {  # kind → (what is scaled, factor, the workbook's 金额单位); the income is typed right
    "项目按元填进万元工作簿": ("project", Decimal(10000), "万元"),
    "元工作簿中项目按万元填": ("project", Decimal("0.0001"), "元"),
    "整张元表填进万元工作簿": ("all", Decimal(10000), "万元"),  # the income too, as printed
}


def _plant(plant: dict, lines: list, projects: list, total: Decimal):
    """The typed lines, projects and income with the planted slip: one project's lines (or every
    figure) scaled by ten thousand, and the workbook's 金额单位."""
    from dataclasses import replace

    what, factor, money_unit = PLANT_KINDS[plant["kind"]]
    hit = (lambda name: True) if what == "all" else (lambda name: name == plant["project"])
    scaled = {id(l): replace(l, amount=l.amount * factor) for l in lines if hit(l.project)}
    if what != "all" and not scaled:
        raise ValueError(f"{plant['id']}: 没有项目「{plant['project']}」")
    new_lines = [scaled.get(id(l), l) for l in lines]
    new_projects = [replace(p, amount=p.amount * factor, lines=tuple(scaled.get(id(l), l) for l in p.lines))
                    if hit(p.name) else p for p in projects]
    return new_lines, new_projects, total * factor if what == "all" else total, money_unit


def _indicator(cls, r: dict, project: str):
    weight = Decimal(r["weight"]) if r.get("weight") else None
    return cls(UNIT if project else "", project, r["l1"], r["l2"], r["l3"], r["nature"], r["value"], r["measure"],
               weight, r.get("direction", ""))


def write_workbook(doc: Doc, path: Path) -> None:
    """The template writer's workbook with the form's rows and its 设置 → 绩效指标权重合计."""
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
    from deptbudget.template import spec

    budget = build_budget(doc)
    wb = build_workbook(budget.department.form, budget)
    ws = wb[spec.SETTINGS_SHEET]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "绩效指标权重合计")
    ws.cell(row, 2).value = doc.meta["weight_setting"]
    save_workbook(wb, path)


# ---------------------------------------------------------------------------- judging

@dataclass
class DocResult:
    doc: Doc
    tp: list = field(default_factory=list)  # (slip, finding)
    fp: list = field(default_factory=list)  # finding
    fn: list = field(default_factory=list)  # slip
    info: list = field(default_factory=list)
    not_judged: list = field(default_factory=list)


def _targets(budget) -> dict[tuple[str, int], tuple[str, str]]:
    """(sheet, row) → (project, indicator name or '') for every indicator and project line read back."""
    out = {}
    for ind in budget.indicators + budget.dept_indicators:
        out[(ind.ref.sheet, _row(ind.ref.cell))] = (ind.project, ind.level3)
    for p in budget.projects:
        for line in p.lines:
            out[(line.ref.sheet, _row(line.ref.cell))] = (p.name, "")
    return out


def _row(cell: str) -> int:
    digits = "".join(ch if ch.isdigit() else " " for ch in cell).split()
    return int(digits[0]) if digits else 0


def judge(doc: Doc) -> DocResult:
    from deptbudget.core.findings import Severity
    from deptbudget.rules import validate_file

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"{doc.id}.xlsx"
        write_workbook(doc, path)
        read, findings = validate_file(path)
    if read.budget is None:
        raise RuntimeError(f"{doc.id}: 工作簿读不出：{[f.message for f in read.findings][:3]}")
    where = _targets(read.budget)
    incomplete = {p["name"] for p in doc.meta.get("projects", ()) if not p.get("complete")}
    if doc.is_dept and not doc.meta["dept"].get("complete"):
        incomplete.add("")
    slips = [dict(s, project="" if s.get("dept") else s["project"]) for s in doc.meta["slips"]]
    res, hit = DocResult(doc), set()
    for f in findings:
        if f.code.split("-")[0] not in FAMILIES:
            continue
        project, name = where.get((f.ref.sheet, _row(f.ref.cell)), ("", "")) if f.ref else ("", "")
        if f.severity is Severity.INFO:
            res.info.append(f)
            continue
        if f.code in COMPLETENESS and project in incomplete:
            res.not_judged.append(f)
            continue
        match = next((i for i, s in enumerate(slips) if f.code in s["rules"] and s["project"] == project
                      and (not s.get("indicator") or s["indicator"] == name)), None)
        if match is None:
            res.fp.append(f)
        else:
            hit.add(match)
            res.tp.append((slips[match], f))
    res.fn = [s for i, s in enumerate(slips) if i not in hit]
    return res


def measure(docs: list[Doc] | None = None) -> list[DocResult]:
    return [judge(d) for d in (docs if docs is not None else load())]


def rule_table(results: list[DocResult]) -> dict[str, Counter]:
    """Per rule: tp, fp, fn (a slip counted once, under its first rule)."""
    table: dict[str, Counter] = defaultdict(Counter)
    for r in results:
        for _slip, f in r.tp:
            table[f.code]["tp"] += 1
        for f in r.fp:
            table[f.code]["fp"] += 1
        for s in r.fn:
            table[s["rules"][0]]["fn"] += 1
    return table


def family_table(results: list[DocResult]) -> dict[str, Counter]:
    fam: dict[str, Counter] = {f: Counter() for f in FAMILIES}
    for code, c in rule_table(results).items():
        fam[code.split("-")[0]].update(c)
    return fam


def precision(c: Counter) -> float:
    """Share of 错误/警告 that are real slips; 1.0 when there are none (no false alarm)."""
    n = c["tp"] + c["fp"]
    return c["tp"] / n if n else 1.0


def recall(c: Counter) -> float:
    """Share of annotated slips reported; 1.0 when there are none."""
    n = c["tp"] + c["fn"]
    return c["tp"] / n if n else 1.0


# ---------------------------------------------------------------------------- report

def report(results: list[DocResult], detail: bool = False, out=sys.stdout) -> None:
    p = lambda *a: print(*a, file=out)  # noqa: E731
    n_projects = sum(len(r.doc.meta.get("projects", ())) for r in results)
    n_dept = sum(1 for r in results if r.doc.is_dept)
    n_rows = sum(len(pr["rows"]) for r in results for pr in r.doc.meta.get("projects", ())) + \
        sum(len(r.doc.meta["dept"]["rows"]) for r in results if r.doc.is_dept)
    p(f"语料：{len(results)} 份绩效目标表，{n_projects} 个项目、{n_dept} 份部门（单位）整体表，{n_rows} 行指标")
    by = Counter((r.doc.meta["province"], r.doc.meta["year"]) for r in results)
    p("按省份、年度：" + "；".join(f"{prov} {year} {n}" for (prov, year), n in sorted(by.items())))
    weights = Counter(r.doc.meta["weight_setting"] for r in results)
    p("权重设置：" + "；".join(f"{k} {v}" for k, v in sorted(weights.items())))
    p("")
    p(f"{'文档':44} {'命中':>4} {'误报':>4} {'漏报':>4} {'不判':>4} {'提示':>4}")
    for r in results:
        p(f"{r.doc.id:44} {len(r.tp):>4} {len(r.fp):>4} {len(r.fn):>4} {len(r.not_judged):>4} {len(r.info):>4}")
    p("")
    p(f"{'规则':8} {'命中':>4} {'误报':>4} {'漏报':>4} {'精确率':>7} {'召回率':>7}")
    for code, c in sorted(rule_table(results).items()):
        p(f"{code:8} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4} {precision(c):>7.1%} {recall(c):>7.1%}")
    p("")
    p(f"{'规则族':8} {'命中':>4} {'误报':>4} {'漏报':>4} {'精确率':>7} {'召回率':>7}")
    for fam, c in family_table(results).items():
        p(f"{fam:8} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4} {precision(c):>7.1%} {recall(c):>7.1%}")
    fp = sum(len(r.fp) for r in results)
    p(f"误报（错误/警告）每份平均 {fp / max(len(results), 1):.2f}")
    if detail:
        for r in results:
            for f in r.fp:
                p(f"误报 {r.doc.id} {f.code} {f.ref.sheet if f.ref else ''}!{f.ref.cell if f.ref else ''} {f.message}")
            for s in r.fn:
                p(f"漏报 {r.doc.id} {'/'.join(s['rules'])} 「{s.get('indicator') or s['project'] or '整体'}」 {s['kind']}")
            for f in r.not_judged:
                p(f"不判 {r.doc.id} {f.code} {f.message}（存档截断）")


def planted_amt(results: list[DocResult]) -> list[DocResult]:
    """The planted cases judged on the AMT family alone, the planted slip only (the form's own real
    slips are measured above, with the real documents)."""
    out = []
    for r in results:
        amt = DocResult(r.doc)
        amt.tp = [(s, f) for s, f in r.tp if s.get("planted")]
        amt.fp = [f for f in r.fp if f.code.startswith("AMT-")]
        amt.fn = [s for s in r.fn if s.get("planted")]
        out.append(amt)
    return out


def report_planted(results: list[DocResult], detail: bool = False, out=sys.stdout) -> None:
    p = lambda *a: print(*a, file=out)  # noqa: E731
    p("")
    p(f"植入的元/万元笔误（非真实：{len(results)} 例，各由语料中一份真实表改动一处 ×10000；与真实文档分开报告）")
    p(f"{'植入例':44} {'类别':22} {'命中':>4} {'误报':>4} {'漏报':>4}")
    for r in results:
        p(f"{r.doc.id:44} {r.doc.plant['kind']:22} {len(r.tp):>4} {len(r.fp):>4} {len(r.fn):>4}")
    table = rule_table(results)
    p(f"{'规则':8} {'命中':>4} {'误报':>4} {'漏报':>4}")
    for code, c in sorted(table.items()):
        p(f"{code:8} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4}")
    c = family_table(results)["AMT"]
    p(f"AMT（植入） 命中 {c['tp']} 误报 {c['fp']} 漏报 {c['fn']} 精确率 {precision(c):.1%} 召回率 {recall(c):.1%}")
    found = sum(1 for r in results if r.tp)
    p(f"植入笔误 {len(results)} 处，查出 {found} 处（{found / max(len(results), 1):.1%}）")
    if detail:
        for r in results:
            for f in r.fp:
                p(f"误报（植入） {r.doc.id} {f.code} {f.ref.sheet if f.ref else ''}!{f.ref.cell if f.ref else ''} {f.message}")
            for s in r.fn:
                p(f"漏报（植入） {r.doc.id} {'/'.join(s['rules'])} 「{s['project']}」 {s['kind']}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--detail", action="store_true", help="list every false alarm and miss")
    args = ap.parse_args(argv)
    docs = load()
    report(measure(docs), args.detail)
    report_planted(planted_amt(measure(load_planted(docs=docs))), args.detail)
    return 0


if __name__ == "__main__":
    sys.exit(main())

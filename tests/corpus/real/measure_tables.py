"""Measure the table rules (XT, ARI) on real published tables (tests/corpus/real/tables).

Each document is one JSON file: provenance, the tables as printed (body rows in the columns of the
template's layout, 表1 … 表7), a hand-made annotation of the real inconsistencies between and within
its tables (`slips`, or none: 「无」), and slips planted by hand (`planted`: one cell changed, with
every rule that must report it worked out by hand).

For each document this script types the tables into a 公开表 workbook (an .xlsx with the sheets
表1 … 表7, as a finance officer would type them from the published document), validates it in
公开表 mode, and compares the XT/ARI 错误/警告 with the annotation; then once more for each
planted slip, on a copy with that one cell changed. Each slip lists every (rule, table) that must
report it (`expect`, worked out by hand): a finding among them is a hit, any other 错误/警告 a false
alarm, a slip none of whose findings came a miss. Real slips (in the tables as published) and planted
ones are counted apart, per family and per rule: recall on real slips is what a user meets.

    PYTHONPATH=src python tests/corpus/real/measure_tables.py            # summary
    PYTHONPATH=src python tests/corpus/real/measure_tables.py --detail   # every false alarm and miss
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

HERE = Path(__file__).resolve().parent
TABLES = HERE / "tables"
FAMILIES = ("XT", "ARI")


@dataclass
class Doc:
    id: str
    meta: dict

    @property
    def tables(self) -> dict[str, list[list[str]]]:
        return self.meta["tables"]


def load(directory: Path = TABLES) -> list[Doc]:
    return [Doc(m["id"], m) for m in (json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json")))]


# ---------------------------------------------------------------------------- typing the tables

def _cell(text: str):
    """A number as a number (as typed into Excel), any other text as text, blank as nothing."""
    text = str(text).strip()
    if not text:
        return None
    try:
        return float(Decimal(text.replace(",", "")))
    except InvalidOperation:
        return text


def sheet_rows(doc: Doc, number: str, rows: list[list[str]]) -> list[list]:
    """Title, number, 部门 and 金额单位 lines, the layout's header rows, the body rows as printed
    (表7: the printed rows alone, it has no fixed header)."""
    from deptbudget.rules.shown_read import layouts
    from deptbudget.template import spec

    key = next(t.key for t in spec.TABLES if t.number == number)
    unit = f"金额单位：{doc.meta.get('figures_unit', '万元')}"
    head = [[spec.TABLE_BY_KEY[key].title], [number], [f"部门：{doc.meta['department']}", unit]]
    layout = layouts().get(key)
    header = [list(h) for h in layout.header] if layout else []
    money = {j for j, c in enumerate(layout.cols) if c.kind == "money"} if layout else set(range(99))
    # amounts typed as numbers; codes (208, 01, 139001) and names as the table prints them, as text
    return head + header + [[_cell(c) if j in money else (c or None) for j, c in enumerate(row)] for row in rows]


def write_workbook(doc: Doc, tables: dict, path: Path) -> Path:
    import openpyxl

    from deptbudget.template import spec

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for t in spec.TABLES:
        if t.number in tables:
            ws = wb.create_sheet(t.sheet)
            for row in sheet_rows(doc, t.number, tables[t.number]):
                ws.append(row)
    wb.save(path)
    return path


def planted_tables(doc: Doc, slip: dict) -> dict:
    """The tables with the slip's one change: in table `table`, the row holding `row` (a label,
    the first such row), money column `col` (0-based column of the layout) set to `value`."""
    tables = json.loads(json.dumps(doc.tables))
    rows = tables[slip["table"]]
    for change in slip.get("cells") or [{"row": slip["row"], "col": slip["col"], "value": slip["value"]}]:
        rows[row_index(rows, change["row"])][change["col"]] = change["value"]
    return tables


def row_index(rows: list[list[str]], label: str) -> int:
    for i, row in enumerate(rows):
        if any(str(c).replace(" ", "") == label.replace(" ", "") for c in row):
            return i
    raise ValueError(f"no row {label!r}")


# ---------------------------------------------------------------------------- judging

@dataclass
class Outcome:
    doc: Doc
    run: str  # "原表" or the planted slip's description
    counted: list = field(default_factory=list)  # the slips this run counts for recall
    tp: list = field(default_factory=list)  # (slip, finding)
    fp: list = field(default_factory=list)
    fn: list = field(default_factory=list)


REAL = "原表"
KINDS = {"real": "原表中的真实差错（照公开文件录入，不改一格）", "planted": "手工植入的差错（每次一处）"}


def family(code: str) -> str:
    return code.split("-")[0]


def kind(o: Outcome) -> str:
    """A run of the tables as published counts for real slips, a run with one planted slip for planted ones."""
    return "real" if o.run == REAL else "planted"


def run_doc(doc: Doc, tables: dict, workdir: Path, name: str):
    from deptbudget.core.findings import Severity
    from deptbudget.rules import validate_file

    path = write_workbook(doc, tables, workdir / f"{doc.id}-{name}.xlsx")
    result, found = validate_file(path)
    if not result.ok:
        raise RuntimeError(f"{doc.id}: not read: {[f.message for f in found]}")
    return [f for f in found if f.severity is not Severity.INFO and family(f.code) in FAMILIES]


def _hits(slip: dict, f, sheet_of: dict) -> bool:
    """`expect`: every (rule, table) that must report the slip, worked out by hand."""
    return any(f.code == code and f.ref.sheet == sheet_of[table] for code, table in slip["expect"])


def rules_of(slip: dict) -> set[str]:
    return {code for code, _ in slip["expect"]}


def judge(doc: Doc, run: str, slips: list[dict], found: list, counted: list[dict]) -> Outcome:
    from deptbudget.template import spec

    sheet_of = {t.number: t.sheet for t in spec.TABLES}
    out = Outcome(doc, run, counted)
    for f in found:
        slip = next((s for s in slips if _hits(s, f, sheet_of)), None)
        (out.tp.append((slip, f)) if slip else out.fp.append(f))
    out.fn = [s for s in slips if not any(s is t for t, _ in out.tp)]
    return out


def measure(directory: Path = TABLES) -> list[Outcome]:
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        for doc in load(directory):
            outcomes.append(judge(doc, REAL, doc.meta["slips"], run_doc(doc, doc.tables, Path(tmp), REAL),
                                  doc.meta["slips"]))
            for k, slip in enumerate(doc.meta.get("planted", [])):
                found = run_doc(doc, planted_tables(doc, slip), Path(tmp), f"planted{k}")
                outcomes.append(judge(doc, slip["why"], doc.meta["slips"] + [slip], found, [slip]))
    return outcomes


def tally(outcomes, group=family, kinds=("real", "planted")) -> dict[str, Counter]:
    """By family (or by rule, group=str): hits (tp), false alarms (fp), the slips naming it and those
    it caught; a real slip is counted on the document as published, a planted one on its own run."""
    out: dict[str, Counter] = {}
    for o in (o for o in outcomes if kind(o) in kinds):
        for _slip, f in o.tp:
            out.setdefault(group(f.code), Counter())["tp"] += 1
        for f in o.fp:
            out.setdefault(group(f.code), Counter())["fp"] += 1
        for slip in o.counted:
            for key in {group(c) for c in rules_of(slip)}:
                c = out.setdefault(key, Counter())
                c["slips"] += 1
                c["caught"] += any(s is slip and group(f.code) == key for s, f in o.tp)
    return out


def summary(outcomes, kinds=("real", "planted")) -> dict:
    counts = tally(outcomes, family, kinds)
    out = {}
    for fam in FAMILIES:
        c = counts.get(fam, Counter())
        out[fam] = {"hits": c["tp"], "false_alarms": c["fp"], "slips": c["slips"], "caught": c["caught"],
                    "precision": c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None,
                    "recall": c["caught"] / c["slips"] if c["slips"] else None}
    return out


def ratio(a: int, b: int) -> str:
    return f"{a / b:.1%}" if b else "—"


def corpus_table(docs) -> str:
    provinces = sorted({d.meta["province"] for d in docs})
    years = sorted({d.meta["year"] for d in docs})
    lines = ["| 省份 | " + " | ".join(map(str, years)) + " | 合计 |", "|---" * (len(years) + 2) + "|"]
    for p in provinces:
        n = [sum(1 for d in docs if d.meta["province"] == p and d.meta["year"] == y) for y in years]
        lines.append(f"| {p} | " + " | ".join(str(x or "") for x in n) + f" | {sum(n)} |")
    return "\n".join(lines)


def rows_of(counts: dict[str, Counter], keys) -> list[str]:
    lines = []
    for key in keys:
        c = counts.get(key, Counter())
        lines.append(f"| {key} | {c['tp']} | {c['fp']} | {c['slips']} | {c['caught']} | {c['slips'] - c['caught']} | "
                     f"{ratio(c['tp'], c['tp'] + c['fp'])} | {ratio(c['caught'], c['slips'])} |")
    return lines


def render(outcomes, detail: bool) -> str:
    docs = list({o.doc.id: o.doc for o in outcomes}.values())
    real = sum(len(d.meta["slips"]) for d in docs)
    planted = sum(len(d.meta.get("planted", [])) for d in docs)
    lines = [f"{len(docs)} 份真实公开表，{real} 处原表中的不一致（手工核出），{planted} 处手工植入的差错；"
             f"{len(outcomes)} 次校验（公开表模式）", "", corpus_table(docs)]
    for k, title in KINDS.items():
        by_family, by_rule = tally(outcomes, family, (k,)), tally(outcomes, str, (k,))
        lines += ["", f"{title}：", "", "| 规则 | 命中 | 误报 | 差错 | 查出 | 漏报 | 精确率 | 召回率 |",
                  "|---|---|---|---|---|---|---|---|"]
        lines += rows_of(by_family, FAMILIES)
        lines += rows_of(by_rule, sorted(r for r in by_rule if family(r) in FAMILIES))
    mirrors = [d.id for d in docs if d.meta.get("mirror")]
    if mirrors:
        rest = [o for o in outcomes if not o.doc.meta.get("mirror")]
        lines += ["", f"不含 {len(mirrors)} 份只存第三方镜像的表（{'、'.join(mirrors)}）："]
        for k, title in KINDS.items():
            parts = [f"{fam} 命中 {c['hits']}、误报 {c['false_alarms']}、查出 {c['caught']}/{c['slips']}"
                     for fam, c in summary(rest, (k,)).items()]
            lines.append(f"- {title.split('（')[0]}：" + "；".join(parts))
    if detail:
        for o in outcomes:
            for f in o.fp:
                lines.append(f"误报 {o.doc.id}（{o.run}）[{f.code}] 「{f.ref.sheet}」{f.ref.cell}：{f.message}")
            for s in o.fn:
                lines.append(f"漏报 {o.doc.id}（{o.run}）{s['table']}「{s['row']}」应由 {'/'.join(sorted(rules_of(s)))} 报出")
        for o in outcomes:
            if kind(o) == "real":
                for _slip, f in o.tp:
                    lines.append(f"命中 {o.doc.id}（原表）[{f.code}] 「{f.ref.sheet}」{f.ref.cell}：{f.message}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--detail", action="store_true")
    args = ap.parse_args(argv)
    print(render(measure(), args.detail))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure the rule catalog on real published 情况说明 texts (tests/corpus/real/docs).

Each document is a text (`<id>.txt`, as published) and its metadata (`<id>.json`): provenance,
the key figures of its tables (or, for an excerpt without tables, the figures the text itself
states), and a hand-made annotation of its real slips (README.md here says how it was made).

For each document this script builds the smallest faithful Budget whose tree of totals gives
exactly the published figures (one line per 类/项 × kind × fund, the 三公 items on their 经济分类
codes), pastes the text as the 情况说明, runs the catalog and compares its 错误/警告 findings with
the annotation: a finding on a slipped sentence by one of the rules the slip names is a true
positive, any other 错误/警告 a false alarm, a slip without such a finding a miss.

    PYTHONPATH=src python tests/corpus/real/measure.py            # summary tables
    PYTHONPATH=src python tests/corpus/real/measure.py --detail   # every false alarm and miss
    PYTHONPATH=src python tests/corpus/real/measure.py --json out.json
    PYTHONPATH=src python tests/corpus/real/measure.py --no-mirror  # without the 3 繁体 mirror texts

Three texts exist only as third-party mirrors in traditional characters, converted back (metadata
"mirror"); the report gives the figures also without them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from deptbudget.rules.shown_budget import _northwest  # the same split the 公开表 mode uses

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
FAMILIES = ("NAR", "XT", "ARI", "PRF", "AMT")
UNIT_FACTOR = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}

# What the budget built from published figures cannot stand for, so the catalog is not judged on it:
# rules that read the workbook's 表 sheets (XT, ARI, CMP-01/03, COD-07 need the grid), facts no
# document publishes (vehicles, purchase plans: SG), the synthetic 科目/经济分类 codes of the built
# budget (COD, STR), and the completeness of an excerpt.
NOT_JUDGED = {
    "SG": "公务用车数量、购置计划不在公开文本中（SG 规则读「单位信息」「基本信息」）",
    "COD": "科目编码由测量程序按类合成，不是文档的数据",
    "STR": "工作簿结构规则，与公开文本无关",
    "SYS": "内部错误（另行报告）",
    "PRF": "语料没有绩效目标表的指标行（PRF 规则读「绩效指标」「整体绩效指标」；在真实绩效目标表上另行测量：measure_perf.py）",
}
COVERS = {  # judged only where the document holds that part of the 情况说明 whole (metadata "covers")
    "CMP-02": ("全文", "节选不含全部章节"),
    "NAR-08": ("政府性基金", "节选不含政府性基金、国有资本经营预算一段"),
    "NAR-13": ("三公", "节选不含完整的三公、机关运行经费一段"),
}
TRUNCATED = {  # not judged where the stored copy stops inside a section (metadata "truncated")
    "NAR-07": "存储的页面在段中截断：原因可能写在未存储的部分",
}
GRID_FAMILIES = {
    "XT": "此处的文本语料没有公开表；在真实公开表上（公开表模式）另行测量：measure_tables.py",
    "ARI": "算术规则读公开表的行列；在真实公开表上另行测量：measure_tables.py",
    "PRF": "语料没有绩效目标表的指标行（见 measure_perf.py）",
}


@dataclass
class Doc:
    id: str
    meta: dict
    text: str

    @property
    def factor(self) -> Decimal:
        return UNIT_FACTOR[self.meta["figures_unit"]]

    @property
    def mirror(self) -> bool:
        """Stored only as a third-party mirror in traditional characters, converted back (README.md)."""
        return bool(self.meta.get("mirror"))

    def figure(self, key: str, prior: bool = False) -> Decimal | None:
        v = self.meta.get("prior" if prior else "figures", {}).get(key)
        return None if v in (None, "") else Decimal(v) * self.factor


def load(directory: Path = DOCS) -> list[Doc]:
    out = []
    for meta_path in sorted(directory.glob("*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        text = meta_path.with_suffix(".txt").read_text(encoding="utf-8")
        out.append(Doc(meta["id"], meta, text))
    return out


# ---------------------------------------------------------------------------- the built budget

def _first(doc: Doc, *keys: str, prior: bool = False) -> Decimal | None:
    return next((v for k in keys if (v := doc.figure(k, prior)) is not None), None)


def _item_code(book, cls: str, exclude=()) -> str:
    """A 项 code under 类 `cls` in the code list (the first one listed, not in `exclude`); the 类's
    「其他……支出」 项 (XXX9999) where the built-in partial list has none."""
    return next((e.code for e in book if len(e.code) == 7 and e.code.startswith(cls) and e.code not in exclude),
                f"{cls}9999")


SANGONG_ECON = {"因公出国（境）费": "30212", "公务接待费": "30217", "公务用车运行费": "30231",
                "公务用车购置费": "31013"}
PRIOR_ITEMS = {  # PriorYear item ← metadata keys, first found
    "收支总预算": ("收支总预算", "支出合计"), "财政拨款收支总预算": ("财政拨款合计",),
    "一般公共预算当年拨款": ("一般公共预算支出",), "基本支出": ("支出.基本支出", "一般公共预算基本支出"),
    "项目支出": ("支出.项目支出", "一般公共预算项目支出"), "人员经费": ("支出.人员经费", "一般公共预算人员经费"),
    "公用经费": ("支出.公用经费", "一般公共预算公用经费"), "机关运行经费": ("机关运行经费",),
    "因公出国（境）费": ("因公出国（境）费",), "公务接待费": ("公务接待费",), "公务用车运行费": ("公务用车运行费",),
    "公务用车购置费": ("公务用车购置费",),
}
FILLER_NOTE = "文档未公开支出总额：其余支出以一行“未公开的其余支出”表示（总额 = 已知部分 × 100），与任何真实预算一样不等于三公等分项"


def build_budget(doc: Doc):
    """The smallest Budget whose tree gives the document's published figures; returns (budget, notes)."""
    from deptbudget.core.model import (
        Budget,
        Department,
        ExpenseLine,
        Income,
        PriorYear,
        Source,
        SpendKind,
        Unit,
        UnitKind,
    )
    from deptbudget.reference.codes import codebook

    m, notes = doc.meta, []
    book = codebook("function", m["year"])
    sangong = {k: v for k in SANGONG_ECON if (v := doc.figure(k)) is not None}
    car = doc.figure("公务用车购置及运行费")
    if car is not None and "公务用车运行费" not in sangong and "公务用车购置费" not in sangong:
        sangong["公务用车运行费"] = car  # published without the split: taken as running costs
        notes.append("公务用车购置及运行费未分列，按运行费建模")
    sg_public = sum((v for k, v in sangong.items() if k != "公务用车购置费"), Decimal(0))
    sg_buy = sangong.get("公务用车购置费", Decimal(0))

    total = _first(doc, "支出合计", "收支总预算", "财政拨款合计", "一般公共预算支出")
    basic = _first(doc, "支出.基本支出", "一般公共预算基本支出")
    project = _first(doc, "支出.项目支出", "一般公共预算项目支出")
    personnel = _first(doc, "支出.人员经费", "一般公共预算人员经费")
    public = _first(doc, "支出.公用经费", "一般公共预算公用经费")
    if total is None and basic is not None and project is not None:
        total = basic + project
    filler = Decimal(0)
    if total is None:  # 三公-only or 政府采购-only excerpts
        known = sg_public + sg_buy
        filler = max(known, Decimal(1)) * 100
        total = known + filler
        notes.append(FILLER_NOTE)
    if project is None:
        project = total - basic if basic is not None else sg_buy
    if basic is None:
        basic = total - project
    if personnel is None and public is None:
        public = sg_public
    personnel = basic - public if personnel is None else personnel
    public = basic - personnel if public is None else public
    if personnel + public != basic or basic + project != total:
        raise ValueError(f"{doc.id}: 人员 {personnel} + 公用 {public} ≠ 基本 {basic}, or 基本 + 项目 {project} ≠ {total}")
    kinds = [(SpendKind.PERSONNEL, personnel), (SpendKind.PUBLIC, public), (SpendKind.PROJECT, project)]

    general = _first(doc, "一般公共预算支出", "收入.一般公共预算拨款")
    carry = _first(doc, "收入.上年结转") or Decimal(0)
    fund = _first(doc, "政府性基金预算支出", "收入.政府性基金预算拨款") or Decimal(0)
    soe = _first(doc, "国有资本经营预算支出", "收入.国有资本经营预算拨款") or Decimal(0)
    business = _first(doc, "收入.事业收入") or Decimal(0)
    other = _first(doc, "收入.其他收入") or Decimal(0)
    if general is None or filler:
        general = total - carry - fund - soe - business - other
    sources = [(Source.GENERAL, general), (Source.CARRY_GENERAL, carry), (Source.FUND, fund), (Source.SOE, soe),
               (Source.BUSINESS, business), (Source.OTHER, other)]
    if sum(v for _, v in sources) != total:
        raise ValueError(f"{doc.id}: sources {sum(v for _, v in sources)} ≠ total {total}")

    funcs: list[tuple[str, Decimal]] = []
    classes = {k.split(".")[1].split()[0]: doc.figure(k) for k in m["figures"] if k.startswith("类.")}
    items = {k.split(".")[1].split()[0]: doc.figure(k) for k in m["figures"] if k.startswith("项.")}
    for cls, amount in classes.items():
        listed = {c: v for c, v in items.items() if c.startswith(cls)}
        funcs += list(listed.items())
        rest = amount - sum(listed.values(), Decimal(0))
        if rest:
            funcs.append((_item_code(book, cls, exclude=listed), rest))
    rest = total - sum(v for _, v in funcs)
    if rest < 0:
        raise ValueError(f"{doc.id}: 类 amounts exceed the total by {-rest}")
    if rest:  # spending of the 类 the text leaves unnamed: under a 类 it does not name
        cls = next(c for c in sorted({e.code[:3] for e in book}) if c not in classes)
        funcs.append((_item_code(book, cls), rest))

    unit_kind = UnitKind(m["unit_kind"])
    unit = Unit("001001", m["department"], unit_kind)
    lines = []
    for (kind, source), (func, _), amount in _cells(kinds, sources, funcs):
        econ = {SpendKind.PERSONNEL: "30101", SpendKind.PUBLIC: "30201", SpendKind.PROJECT: "30201"}[kind]
        lines.append(ExpenseLine(unit.code, func, econ, kind, source, amount, "项目" if kind is SpendKind.PROJECT else ""))
    lines = _carve_sangong(lines, sangong, ExpenseLine, SpendKind)

    incomes = [Income(unit.code, s, v) for s, v in sources if v]
    prior = [PriorYear("", item, v) for item, keys in PRIOR_ITEMS.items()
             if (v := _first(doc, *keys, prior=True)) is not None]
    car = doc.figure("公务用车购置及运行费", prior=True)
    split = {"公务用车运行费", "公务用车购置费"}
    if car is not None and not split & ({p.item for p in prior} | set(m["figures"])):
        prior.append(PriorYear("", "公务用车运行费", car))
    facts = {}
    for key, fact in (("政府采购货物", "procurement_goods"), ("政府采购工程", "procurement_works"),
                      ("政府采购服务", "procurement_services")):
        if (v := doc.figure(key)) is not None:
            facts[fact] = v
    if not facts and (v := doc.figure("政府采购合计")) is not None:
        facts["procurement_goods"] = v  # only the total is published: the split does not matter here
    dept = Department("001", m["department"], m["year"], form="单位" if m["level"] == "单位" else "部门")
    budget = Budget(dept, (unit,), tuple(incomes), tuple(lines), prior=tuple(prior), facts=facts,
                    narrative=doc.text)
    return budget, notes


def _cells(kinds, sources, funcs):
    """(kind, source) × 项 cells keeping every published total (kinds, sources and 类/项)."""
    pairs = [((k, s), v) for k, s, v in _northwest(kinds, sources)]
    return [(ks, (f, None), v) for ks, f, v in _northwest(pairs, funcs)]


def _carve_sangong(lines, sangong, ExpenseLine, SpendKind):
    """Move each 三公 item onto its 经济分类 code, out of fiscal lines of the matching kind."""
    lines = list(lines)
    for item, amount in sangong.items():
        want = amount
        kinds = (SpendKind.PROJECT,) if item == "公务用车购置费" else (SpendKind.PUBLIC, SpendKind.PROJECT)
        for kind in kinds:
            for i, l in enumerate(lines):
                if want == 0:
                    break
                if l.kind is kind and l.source.is_fiscal and l.econ_code == "30201" and l.amount > 0:
                    take = min(want, l.amount)
                    lines[i] = replace_line(l, l.amount - take, ExpenseLine)
                    lines.append(ExpenseLine(l.unit, l.func_code, SANGONG_ECON[item], kind, l.source, take,
                                             l.project))
                    want -= take
        if want:
            raise ValueError(f"no room for {item} {amount}")
    return [l for l in lines if l.amount]


def replace_line(l, amount, ExpenseLine):
    return ExpenseLine(l.unit, l.func_code, l.econ_code, l.kind, l.source, amount, l.project, l.ref)


# ---------------------------------------------------------------------------- matching

@dataclass
class Outcome:
    doc: Doc
    findings: list = field(default_factory=list)  # judged 错误/警告
    excluded: list = field(default_factory=list)  # (finding, reason)
    infos: list = field(default_factory=list)
    tp: list = field(default_factory=list)  # (slip, finding)
    fp: list = field(default_factory=list)  # finding
    fn: list = field(default_factory=list)  # slip
    notes: list = field(default_factory=list)


def slip_lines(text: str, sentence: str) -> range:
    """The lines (1-based) of the whole sentence that contains `sentence`."""
    at = text.find(sentence)
    if at < 0:
        raise ValueError(f"slip sentence not in text: {sentence!r}")
    start = max(text.rfind(ch, 0, at) for ch in "。；;") + 1
    ends = [i for ch in "。；;" if (i := text.find(ch, at + len(sentence))) >= 0]
    end = min(ends) if ends else len(text)
    return range(text.count("\n", 0, start) + 1, text.count("\n", 0, end) + 2)


def line_of(f) -> int | None:
    m = re.fullmatch(r"A(\d+)", f.ref.cell if f.ref else "")
    return int(m.group(1)) if m else None


def _numbers(text: str) -> set[Decimal]:
    return {Decimal(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def judged(code: str, doc: Doc) -> str | None:
    """None when the rule is judged on this document, else why not."""
    prefix = code.split("-")[0]
    if prefix in NOT_JUDGED:
        return NOT_JUDGED[prefix]
    if code in COVERS and COVERS[code][0] not in doc.meta.get("covers", ()):
        return COVERS[code][1]
    if code in TRUNCATED and doc.meta.get("truncated"):
        return TRUNCATED[code]
    return None


def measure_doc(doc: Doc) -> Outcome:
    from deptbudget.rules.engine import run

    out = Outcome(doc)
    budget, out.notes = build_budget(doc)
    for f in run(budget).findings:
        if f.severity.value == "提示":
            out.infos.append(f)
        elif (why := judged(f.code, doc)) is not None:
            out.excluded.append((f, why))
        else:
            out.findings.append(f)
    slips = [(s, slip_lines(doc.text, s["sentence"]) if s.get("sentence") else None) for s in doc.meta["slips"]]
    used = set()
    for s, lines in slips:
        candidates = [f for f in out.findings if id(f) not in used and f.code in s["rules"]
                      and (lines is None or line_of(f) in lines)]
        # several findings on one line: prefer the one that quotes the slipped figure
        hit = next((f for f in candidates if _numbers(s["printed"]) & _numbers(f.message)), None) \
            or next(iter(candidates), None)
        if hit is None:
            out.fn.append(s)
        else:
            used.add(id(hit))
            out.tp.append((s, hit))
    out.fp = [f for f in out.findings if id(f) not in used]
    return out


# ---------------------------------------------------------------------------- kinds of false alarms

def _sentence_at(text: str, line: int | None) -> str:
    """The text from the finding's line to the end of its sentence (line breaks removed)."""
    if not line:
        return ""
    lines = text.split("\n")
    rest = "".join(lines[line - 1:line + 3])
    return re.split(r"[。；;]", rest)[0]


def kind_of(f, doc: Doc) -> str:
    """A first sorting of a false alarm by what the rule misread (FINDINGS.md reviews them by hand)."""
    p, line = f.params, line_of(f)
    here = _sentence_at(doc.text, line)
    if f.code == "NAR-01":
        label = p.get("label", "")
        carry = doc.figure("收入.上年结转")
        if label == "支出预算":
            return "标签取自更长的短语（「…经费支出预算」「工资福利支出预算」「基本支出预算」里的「支出预算」当成支出总额）"
        if carry and abs(Decimal(p["expected"]) - Decimal(p["shown"]) - carry) < Decimal("0.01"):
            return "一般公共预算当年拨款与含上年结转的数混用"
        if re.search(r"[\u4e00-\u9fff]" + re.escape(label), here):
            return "类名匹配在项名里（「初中教育支出」当成「教育支出」）"
        if label in ("基本支出", "项目支出"):
            return "某一科目下的「其中：基本支出…，项目支出…」当成部门合计"
    if f.code == "NAR-02":
        return "占比的基数：句中写「占支出总预算」，规则用一般公共预算当年拨款"
    if f.code == "NAR-04":
        return "其他年份的正当引用（上年数列、决算数、原因中的年份）"
    if f.code == "NAR-07":
        if re.search(r"类科目|占基本支出预算|占项目支出预算|基本支出预算|^\s*同比", here):
            return "分项（功能分类类、经济分类、基本/项目）的增减：总额已说明，分项不要求逐项写原因"
        if not re.search(r"[。；;]\s*$", here) and re.search(r"\d\s*$", here):
            return "PDF 在数字后换行，句子被截断，原因在下一行"
        return "原因写在其后的分项、段尾或前一段，而不在本句或紧接的一句"
    if f.code == "NAR-12":
        if re.search(r"占(基本|项目)支出预算", here):
            return "把占比的基数（「占基本支出预算」）当成增减的主语"
        return "表格文字并入句子，主语取到表中的另一科目"
    if f.code == "NAR-13":
        return "增减写在表的增减列或合并项（公务用车购置及运行费）里，规则只找文字"
    return "其他"


# ---------------------------------------------------------------------------- report

def family(code: str) -> str:
    return code.split("-")[0]


def tally(outcomes):
    """{key: [tp, fp, fn]} per rule and per family."""
    per_rule, per_family = defaultdict(lambda: [0, 0, 0]), defaultdict(lambda: [0, 0, 0])
    for o in outcomes:
        for _s, f in o.tp:
            per_rule[f.code][0] += 1
            per_family[family(f.code)][0] += 1
        for f in o.fp:
            per_rule[f.code][1] += 1
            per_family[family(f.code)][1] += 1
        for s in o.fn:
            for code in s["rules"][:1]:  # a miss counts once, against the first rule named
                per_rule[code][2] += 1
                per_family[family(code)][2] += 1
    return per_rule, per_family


def ratio(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "—"


def summary(outcomes, split_mirrors: bool = True) -> dict:
    per_rule, per_family = tally(outcomes)
    tp = sum(len(o.tp) for o in outcomes)
    fp = sum(len(o.fp) for o in outcomes)
    fn = sum(len(o.fn) for o in outcomes)
    out = {"documents": len(outcomes), "tp": tp, "fp": fp, "fn": fn,
           "precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
           "false_per_doc": fp / len(outcomes) if outcomes else 0.0,
           "per_rule": {k: v for k, v in sorted(per_rule.items())},
           "per_family": {k: per_family.get(k, [0, 0, 0]) for k in sorted(set(per_family) | set(FAMILIES))}}
    mirrors = [o.doc.id for o in outcomes if o.doc.mirror]
    if split_mirrors and mirrors:
        out["mirrors"] = mirrors
        out["without_mirrors"] = summary([o for o in outcomes if not o.doc.mirror], split_mirrors=False)
    return out


def corpus_table(docs) -> str:
    years = sorted({d.meta["year"] for d in docs})
    count = Counter((d.meta["province"], d.meta["year"]) for d in docs)
    provinces = sorted({d.meta["province"] for d in docs})
    rows = ["| 省份 | " + " | ".join(map(str, years)) + " | 合计 |", "|---" * (len(years) + 2) + "|"]
    for p in provinces:
        rows.append(f"| {p} | " + " | ".join(str(count[(p, y)] or "") for y in years)
                    + f" | {sum(count[(p, y)] for y in years)} |")
    rows.append("| 合计 | " + " | ".join(str(sum(count[(p, y)] for p in provinces)) for y in years)
                + f" | {len(docs)} |")
    return "\n".join(rows)


def measure(directory: Path = DOCS, mirrors: bool = True) -> tuple[list, dict]:
    docs = [d for d in load(directory) if mirrors or not d.mirror]
    outcomes = [measure_doc(d) for d in docs]
    return outcomes, summary(outcomes)


def render(outcomes, s: dict, detail: bool) -> str:
    docs = [o.doc for o in outcomes]
    out = ["## 语料（省份 × 年度）", "", corpus_table(docs), "",
           f"文档 {s['documents']} 份，标注的笔误 {s['tp'] + s['fn']} 处；判定的 错误/警告 {s['tp'] + s['fp']} 条。", "",
           "## 按规则族", "", "| 规则族 | 命中 | 误报 | 漏报 | 精确率 | 召回率 |", "|---|---|---|---|---|---|"]
    for fam, (tp, fp, fn) in s["per_family"].items():
        why = GRID_FAMILIES.get(fam, "")
        out.append(f"| {fam} | {tp} | {fp} | {fn} | {ratio(tp, tp + fp)} | {ratio(tp, tp + fn)} |"
                   + (f" 未测：{why}" if why and not tp + fp + fn else ""))
    out += ["", f"全部：精确率 {100 * s['precision']:.1f}%，召回率 {100 * s['recall']:.1f}%，"
                f"每份文档误报 {s['false_per_doc']:.2f} 条。"]
    if "without_mirrors" in s:
        w = s["without_mirrors"]
        tp, fp, fn = w["per_family"]["NAR"]
        out += ["", f"不含 {len(s['mirrors'])} 份繁体镜像转回的文本（{'、'.join(s['mirrors'])}），{w['documents']} 份："
                    f"NAR 命中 {tp}、误报 {fp}、漏报 {fn}，精确率 {ratio(tp, tp + fp)}，召回率 {ratio(tp, tp + fn)}；"
                    f"全部 精确率 {100 * w['precision']:.1f}%，召回率 {100 * w['recall']:.1f}%，"
                    f"每份文档误报 {w['false_per_doc']:.2f} 条。"]
    out += ["",
            "## 按规则", "", "| 规则 | 命中 | 误报 | 漏报 | 精确率 | 召回率 |", "|---|---|---|---|---|---|"]
    for code, (tp, fp, fn) in s["per_rule"].items():
        out.append(f"| {code} | {tp} | {fp} | {fn} | {ratio(tp, tp + fp)} | {ratio(tp, tp + fn)} |")
    kinds = Counter((f.code, kind_of(f, o.doc)) for o in outcomes for f in o.fp)
    if kinds:
        out += ["", "## 误报按类（自动初分）", "", "| 规则 | 类别 | 条数 |", "|---|---|---|"]
        out += [f"| {code} | {kind} | {n} |" for (code, kind), n in sorted(kinds.items(), key=lambda x: (-x[1], x[0]))]
    excluded = Counter(f.code for o in outcomes for f, _ in o.excluded)
    if excluded:
        out += ["", "未判定的 错误/警告（规则读的数据不在公开文本中）：" + "，".join(f"{c} {n}" for c, n in sorted(excluded.items()))]
    if detail:
        out += ["", "## 命中", ""]
        for o in outcomes:
            for _sl, f in o.tp:
                out.append(f"- {o.doc.id} {f.code} A{line_of(f) or ''}: {f.message[:100]}")
        out += ["", "## 误报", ""]
        for o in outcomes:
            lines = o.doc.text.split("\n")
            for f in o.fp:
                n = line_of(f)
                where = lines[n - 1].strip()[:60] if n else "（整篇）"
                out.append(f"- {o.doc.id} {f.code} A{n or ''}: {f.message[:120]} ｜ {where}")
        out += ["", "## 漏报", ""]
        for o in outcomes:
            for sl in o.fn:
                out.append(f"- {o.doc.id} {'/'.join(sl['rules'])} {sl['kind']}: {sl['printed']} → {sl['recomputed']} ｜ "
                           + sl.get("sentence", "").replace("\n", "")[:60])
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--detail", action="store_true", help="list every false alarm and miss")
    ap.add_argument("--json", help="write the per-rule figures as JSON to this file")
    ap.add_argument("--no-mirror", action="store_true",
                    help="leave out the texts stored only as traditional-character mirrors (metadata \"mirror\")")
    args = ap.parse_args(argv)
    outcomes, s = measure(mirrors=not args.no_mirror)
    print(render(outcomes, s, args.detail))
    if args.json:
        Path(args.json).write_text(json.dumps(s, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""情况说明 (a text pasted in the workbook's 情况说明 sheet): its figures, shares, years, counts,
科目 names and wording agree with the tables. Parsing helpers: narrative_parse."""

from __future__ import annotations

import re
from decimal import Decimal

from ..core.model import CellRef, SpendKind
from ..core.money import round2
from ..core.placeholder import PATTERN as PLACEHOLDER
from ..reference.codes import SANGONG
from ..rollup.measures import CARRY_LABEL, SANGONG_SOURCES, income_items
from ..template import spec
from .common import mismatch, show
from .narrative_parse import (amounts, clause_before, count_after, normalize, percentages, sentences,
                              share_text, years)
from .registry import E, I, W, Hit, rule

NEEDS = ("narrative",)
CHANGE_WORDS = ("增加", "减少", "上升", "下降", "增长", "降低", "减", "增")


def _ref(ctx, pos: int | None = None) -> CellRef:
    """The 情况说明 sheet; with a text position, the line's cell (A<n>) when the text came from it."""
    text = ctx.budget.narrative
    if pos is not None:
        _, where = _joined(ctx)
        pos = where[min(pos, len(where) - 1)] if where else 0
    cell = f"A{text.count(chr(10), 0, pos) + 1}" if pos is not None else ""
    return CellRef(ctx.file, spec.NARRATIVE_SHEET, cell)


_MARKER = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])")


def _joined(ctx) -> tuple[str, list[int]]:
    """The normalized text with line breaks inside a sentence removed (a PDF or a narrow cell breaks
    "行政单位\n医疗（项）"), and for each character its position in the original text."""
    cached = getattr(ctx, "_narrative_joined", None)
    if cached is not None:
        return cached
    text = normalize(ctx.budget.narrative)
    lines = text.split("\n")
    out, where, pos, i = [], [], 0, 0
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    while i < len(lines):
        out.append(lines[i])
        where += range(starts[i], starts[i] + len(lines[i]))
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and _unfinished(lines[i]) and not _heading(lines[j]):
            i = j  # join: drop the break (and blank lines) inside the sentence
            continue
        if i + 1 < len(lines):
            out.append("\n")
            where.append(starts[i + 1] - 1)
        i += 1
    ctx._narrative_joined = ("".join(out), where)
    return ctx._narrative_joined


def _heading(line: str) -> bool:
    return bool(_MARKER.match(line)) and len(line.strip()) < 20


def _unfinished(line: str) -> bool:
    """A line cut inside a sentence: ends with a CJK character, not a heading."""
    body = line.strip()
    return bool(body) and "\u4e00" <= body[-1] <= "\u9fff" and not _heading(body)


def _text(ctx) -> str:
    return _joined(ctx)[0]


def _lines(ctx, **f) -> int:
    from ..rollup.tree import matches

    return sum(1 for k in ctx.tree.cells if matches(k, f)) or 1


# The money a numbered section speaks of, from its heading: 「三、一般公共预算当年拨款…」 is this
# year's 一般公共预算 money, 「四、一般公共预算基本支出…」 all of it (表3-1), 「二、财政拨款…」 财政拨款.
_SCOPES = (("一般公共预算当年拨款", "general_current"), ("一般公共预算", "general"), ("政府性基金", "fund"),
           ("国有资本经营", "soe"), ("财政拨款", "fiscal"))
SCOPE_FILTERS = {None: {}, "general_current": {"fund": "general", "carry": False}, "general": {"fund": "general"},
                 "fund": {"fund": "fund"}, "soe": {"fund": "soe"}, "fiscal": {"fund": "fiscal"}}
_HEADING = re.compile(r"^[一二三四五六七八九十]+、.*$", re.M)


def labelled_values(ctx, fund: str | None = None) -> list[tuple[str, Decimal, int]]:
    """(label as written in a narrative, the table figure in 万元, rounded terms behind it).
    `fund` (a key of SCOPE_FILTERS) scopes the spending figures to the section they are written in
    (「四、一般公共预算基本支出情况说明」 speaks of 一般公共预算 money only). Income items mean what
    表1 (表2 in a 财政拨款 section) prints: rollup.measures."""
    t, scope = ctx.tree, SCOPE_FILTERS[fund]
    total, n = t.total(), _lines(ctx)
    income, terms = sum((v for v in t.income.values()), Decimal(0)), len(ctx.budget.incomes)
    out = [("收入预算", income, terms), ("收入总计", income, terms),
           ("支出预算", total, n), ("支出总计", total, n), ("收支总预算", total, n),
           ("财政拨款收支总预算", t.total(fund="fiscal"), n), ("一般公共预算当年拨款", t.total(fund="general", carry=False), n),
           ("一般公共预算基本支出", t.total(basic=True, fund="general"), _lines(ctx, basic=True)),
           ("基本支出", t.total(basic=True, **scope), _lines(ctx, basic=True)),
           ("项目支出", t.total(basic=False, **scope), _lines(ctx, basic=False)),
           ("人员经费", t.total(kind=SpendKind.PERSONNEL, **scope), _lines(ctx, kind=SpendKind.PERSONNEL)),
           ("公用经费", t.total(kind=SpendKind.PUBLIC, **scope), _lines(ctx, kind=SpendKind.PUBLIC))]
    out += [(label, v, terms) for label, v in income_items(t, fiscal=fund == "fiscal")]
    out += [(item, _sangong(t, codes), 2) for item, codes in SANGONG.items()]
    out.append(("公务用车运行维护费", _sangong(t, SANGONG["公务用车运行费"]), 2))
    every = _sangong(t, [c for cs in SANGONG.values() for c in cs])
    out += [("“三公”经费", every, 5), ("三公经费", every, 5)]
    from ..rollup.names import expenditure_classes

    for code, name in expenditure_classes():
        v = t.total(func=code, **scope)
        if v:
            out.append((name, v, _lines(ctx, func=code)))
    return out


def _sangong(tree, codes) -> Decimal:
    """三公 spending of the 经济分类 codes, as 表3-3 and 表4-1 show it (rollup.measures)."""
    return sum((tree.total(source=SANGONG_SOURCES, econ=c) for c in codes), Decimal(0))


def section_funds(text: str) -> list[tuple[int, str | None]]:
    """(start, scope) of each numbered section: 一般公共预算… → general, 财政拨款… → fiscal (SCOPE_FILTERS)."""
    out = [(0, None)]
    for m in _HEADING.finditer(text):
        head = m.group(0)
        out.append((m.start(), next((f for word, f in _SCOPES if word in head), None)))
    return out


def _scope_at(sections, pos: int) -> str | None:
    return [f for start, f in sections if start <= pos][-1]


def _label_for(clause: str, labels) -> tuple[str, Decimal, int] | None:
    best = None
    for label, value, terms in labels:
        i = clause.rfind(label)
        if i >= 0:
            key = (i + len(label), len(label))
            if best is None or key > best[0]:
                best = (key, (label, value, terms))
    return best[1] if best else None


def _stated(ctx):
    """(amount, label entry, sentence) for each amount stated as a level (not a change)."""
    text = _text(ctx)
    by_scope = {f: labelled_values(ctx, f) for f in SCOPE_FILTERS}
    sections = section_funds(text)
    for start, end, sent in sentences(text):
        if "（项）" in sent or "(项)" in sent:
            continue
        labels = by_scope[_scope_at(sections, start)]
        for a in amounts(sent):
            clause = clause_before(sent, a.start)
            if any(w in clause for w in ("比", "较", "增加", "减少", "增长", "下降", "其中") if w != "其中") \
                    or "机关运行经费" in clause:
                continue
            entry = _label_for(clause, labels)
            if entry:
                yield start + a.start, a, entry, sent


@rule("NAR-01", E, "情况说明金额与表不符", "情况说明中「{label}」写的是 {shown} 万元，表中为 {expected} 万元（差 {diff}）", needs=NEEDS)
def stated_amounts(ctx):
    """情况说明里每个金额（收入、支出、基本支出、项目支出、人员经费、公用经费、各类支出、“三公”经费……）都要
    与表中数字一致；元、万元、亿元自动换算。只差几分且能由舍入解释时报尾差提示。

    反例：“基本支出 2397.89 万元”，表中基本支出 2400.00 万元。
    正例：“基本支出 2397.89 万元”，表中 2397.89。
    """
    for pos, a, (label, value, terms), _ in _stated(ctx):
        h = mismatch(_ref(ctx, pos), a.wan, value, terms, ctx, {"label": label})
        if h:
            yield h


def _share_base(ctx, label: str, sentence: str) -> Decimal | None:
    t = ctx.tree
    if "收入" in label or label == CARRY_LABEL:
        return sum(t.income.values(), Decimal(0))
    if label in ("基本支出", "项目支出"):
        return t.total()
    from ..rollup.names import expenditure_classes

    if label in {n for _, n in expenditure_classes()}:
        return t.total(fund="general", carry=False) if "拨款" in sentence or True else t.total()
    return None


def _exponent(number: Decimal) -> int:
    """The exponent of the last digit a written amount is exact to: 8022.013 → -3; 8022.01, 80 and
    7.3 → -2 (amounts are stated to the cent, trailing zeros often dropped)."""
    return min(number.as_tuple().exponent, -2)


def _shares(ctx):
    """(position, stated Percent, Amount, base, label) of 「LABEL N 万元，占 X%」."""
    text = _text(ctx)
    labels = labelled_values(ctx)
    for start, end, sent in sentences(text):
        pcts = percentages(sent)
        for a in amounts(sent):
            after = sent[a.end:a.end + 14]
            m = re.match(r"[，,]?\s*占[^%％\d，。；]{0,8}", after)
            if not m:
                continue
            p = next((p for p in pcts if p.start >= a.end and p.start - a.end <= 16), None)
            entry = _label_for(clause_before(sent, a.start), labels)
            if p is None or entry is None:
                continue
            base = _share_base(ctx, entry[0], sent)
            if base:
                yield start + p.start, p, a, base, entry[0], start


@rule("NAR-02", W, "情况说明占比与表不符", "情况说明中「{label}」占比写 {stated}%，按 {amount}/{base} 应为 {expected}%", needs=NEEDS)
def stated_shares(ctx):
    """“占 X%”要按表中数字算：金额 ÷ 总额，按文中小数位四舍五入。为凑 100% 而改动尾数的也会报出。

    反例：“社会保障和就业支出 7723.43 万元，占 96.27%”，7723.43 ÷ 8022.01 = 96.278%，应为 96.28%。
    正例：“占 96.28%”。
    """
    for pos, p, amount, base, label, _ in _shares(ctx):
        expected = share_text(amount.wan * 100 / base, p.decimals)
        # the amount is itself rounded as written (8022.01 may be 8022.005…8022.015): any share
        # such an amount gives is right
        half = Decimal("0.5").scaleb(_exponent(amount.number)) * (amount.wan / amount.number if amount.number else 1)
        low, high = (share_text((amount.wan + d) * 100 / base, p.decimals) for d in (-half, half))
        if expected != p.value and not low <= p.value <= high:
            yield Hit(_ref(ctx, pos), {"label": label, "stated": p.value, "amount": show(amount.wan),
                                       "base": show(base), "expected": expected})


@rule("NAR-03", W, "占比之和不等于 100%", "情况说明同一段中各部分占比之和为 {total}%，各部分金额之和等于总额，占比应合计 100%", needs=NEEDS)
def shares_total(ctx):
    """同一总额的各组成部分（如基本支出与项目支出、各类支出）都列出时，占比之和应为 100%（允许各占比
    舍入造成的误差）。

    反例：“基本支出……占 29.89%；项目支出……占 70.1%”，合计 99.99%，且 70.1 按一位小数舍入不能解释。
    正例：“占 29.89%……占 70.11%”。
    """
    groups: dict = {}
    text = _text(ctx)
    for pos, p, a, base, label, sent_start in _shares(ctx):
        amount = a.wan
        # One paragraph lists the parts of one total; two totals of equal size (e.g. all spending
        # in one 类) in different paragraphs must not be added together.
        groups.setdefault((text.rfind("\n", 0, pos), base), []).append((pos, p, amount))
    for (_paragraph, base), items in groups.items():
        if len(items) < 2 or abs(sum(a for _, _, a in items) - base) > Decimal("0.05"):
            continue
        total = sum(p.value for _, p, _ in items)
        tol = sum(Decimal("0.5") * Decimal(1).scaleb(-p.decimals) for _, p, _ in items)
        if abs(total - 100) > tol:
            yield Hit(_ref(ctx, items[0][0]), {"total": total})


ALLOWED_BEFORE = ("比", "较", "截至", "截止", "同比", "与", "上年", "自")
ALLOWED_AFTER = ("底", "末", "12月31日", "年底", "决算", "执行")


@rule("NAR-04", W, "年份与预算年度不符", "情况说明中写的是 {found} 年（{context}），本预算年度为 {year} 年", needs=NEEDS)
def stated_years(ctx):
    """情况说明里的年份应是预算年度；上一年只出现在比较（比/较 2023 年）、时点（截至 2023 年底）或文件名中。

    反例：2024 年预算写“2023 年，部门未安排政府采购预算”。
    正例：“2024 年，部门未安排政府采购预算”；“比 2023 年增加……”。
    """
    text = _text(ctx)
    year = ctx.year
    if not year:
        return
    for y in years(text):
        if y.value == year:
            continue
        before, after = text[max(0, y.start - 6):y.start], text[y.end:y.end + 6]
        if y.value == year - 1 and (any(w in before for w in ALLOWED_BEFORE) or after.lstrip().startswith(ALLOWED_AFTER)):
            continue
        if _in_title(text, y.start):
            continue
        yield Hit(_ref(ctx, y.start), {"found": y.value, "year": year,
                                       "context": text[max(0, y.start - 8):y.end + 12].replace("\n", " ").strip()})


def _in_title(text: str, pos: int) -> bool:
    """Inside 《…》 or a document number 〔…〕."""
    left = text[:pos]
    return left.rfind("《") > left.rfind("》") or left.rfind("〔") > left.rfind("〕")


@rule("NAR-05", E, "项目个数前后不一", "情况说明写项目 {total} 个，而人员类 {a} + 运转类 {b} + 特定目标类 {c} = {sum} 个", needs=NEEDS)
def project_counts(ctx):
    """绩效管理项目总数应等于人员类、运转类、特定目标类项目个数之和。

    反例：“开展绩效管理的项目 67 个……人员类项目 23 个……运转类项目 26 个……特定目标类项目 22 个”（合计 71）。
    正例：“项目 71 个”。
    """
    text = _text(ctx)
    parts = {}
    for word in ("人员类项目", "运转类项目", "特定目标类项目", "未分类项目"):
        found = count_after(text, word)
        if found:
            parts[word] = found[0][0]
    totals = [(n, pos) for n, pos in count_after(text, "项目") if not any(
        text[max(0, pos - 3):pos + 2].endswith(w[:-2] + "项目")
        or text[max(0, pos - 4):pos].endswith(("人员类", "运转类", "目标类", "未分类")) for w in parts)]
    if len(parts.keys() - {"未分类项目"}) == 3 and totals:
        n, pos = totals[0]
        s = sum(parts.values())  # projects not yet given a category are counted apart (未分类项目 N 个)
        if n != s:
            a, b, c = (parts[w] for w in ("人员类项目", "运转类项目", "特定目标类项目"))
            yield Hit(_ref(ctx, pos), {"total": n, "a": a, "b": b, "c": c, "sum": s})


_ITEM = re.compile(r"([\u4e00-\u9fff]+)[（(]类[）)]\s*(?:([\u4e00-\u9fff、]+?)[（(]款[）)])?\s*([\u4e00-\u9fff、]+?)[（(]项[）)]")


def _base(name: str) -> str:
    return re.sub(r"支出$", "", name or "")


def _same(a: str, b: str) -> bool:
    """Names as written in running text: 支出 may be dropped, a word may be missing."""
    import difflib

    a, b = _base(a), _base(b)
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


@rule("NAR-06", E, "说明中的科目与表不符", "情况说明「{phrase}」：{problem}", needs=NEEDS)
def stated_items(ctx):
    """“××（类）××（款）××（项）”要是本预算实际使用的科目，类、款、项名称与编码对应，后面的金额等于该项级科目
    的支出（“支出”二字可省）。

    反例：“卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）……5.59 万元”，而行政单位医疗为 79.47 万元，
    5.59 万元是事业单位医疗。
    正例：“……事业单位医疗（项）2024 年预算数为 5.59 万元”。
    """
    text = _text(ctx)
    sections = section_funds(text)
    book = ctx.book("function")
    used = {k[1] for k in ctx.tree.cells}
    by_name = {}
    for code in used:
        by_name.setdefault(book.name(code) or "", []).append(code)
    for m in _ITEM.finditer(text):
        cls, kuan, item = m.group(1), m.group(2), m.group(3)
        cls = re.sub(r"^[\d.、]+", "", cls)
        phrase = m.group(0)
        codes = by_name.get(item, [])
        sent_end = min([i for i in (text.find("。", m.end()),) if i >= 0] or [len(text)])
        found = amounts(text[m.end():sent_end])
        if not codes and not found:
            continue  # a definition (名词解释) of a 科目 this budget does not use
        if not codes:
            yield Hit(_ref(ctx, m.start()), {"phrase": phrase, "problem": f"本预算没有名为「{item}」的项级科目"})
            continue
        # 项 of the same name under several 款 (一般行政管理事务): the one the 类 and 款 written name
        code = next((c for c in codes if _same(book.name(c[:3]) or "", cls)
                     and (not kuan or not book.name(c[:5]) or _same(book.name(c[:5]), kuan))), codes[0])
        if not _same(book.name(code[:3]) or "", cls):
            yield Hit(_ref(ctx, m.start()), {"phrase": phrase,
                                             "problem": f"{code} {item} 属于「{book.name(code[:3])}」类，不是「{cls}」"})
            continue
        if kuan and book.name(code[:5]) and not _same(book.name(code[:5]), kuan):
            yield Hit(_ref(ctx, m.start()), {"phrase": phrase,
                                             "problem": f"{code} {item} 属于「{book.name(code[:5])}」款，不是「{kuan}」"})
            continue
        if found:
            want = ctx.tree.total(func=code, **SCOPE_FILTERS[_scope_at(sections, m.start())])
            h = mismatch(_ref(ctx, m.start()), found[0].wan, want, _lines(ctx, func=code), ctx, {})
            if h:
                problem = f"金额 {h.params['shown']} 万元，表中 {code} {item} 为 {h.params['expected']} 万元"
                yield Hit(h.ref, {"phrase": phrase, "problem": problem, **h.params}, severity=h.severity, note=h.note)


_CHANGE = re.compile(r"(增加|减少|上升|下降|增长|降低)")
_REASON = ("原因", "由于", "因为", "因", "用于", "系")


@rule("NAR-07", W, "增减变化未说明原因", "情况说明「{sentence}」写了{word}，但没有说明原因（主要原因是……）", needs=NEEDS)
def change_reason(ctx):
    """情况说明中每一处增加、减少、上升、下降都要说明原因（“主要原因是……”“由于……”），本句或紧接的下一句均可；
    “持平”不需要。

    反例：“公务接待费较 2023 年预算增加 2.36 万元。”
    正例：“公务接待费较 2023 年预算增加 2.36 万元，主要原因是公务活动增加。”
    """
    text = _text(ctx)
    sents = sentences(text)
    for i, (start, end, sent) in enumerate(sents):
        m = _CHANGE.search(sent)
        if not m or "持平" in sent or not re.search(r"\d", sent[m.start():]) or not re.search(r"比|较|同比|上年", sent):
            continue
        nxt = sents[i + 1][2] if i + 1 < len(sents) else ""
        if any(w in sent for w in _REASON[:4]) or any(w in nxt[:12] for w in _REASON[:4]):
            continue
        yield Hit(_ref(ctx, start), {"sentence": sent.strip()[:40], "word": m.group(1)})


EMPTY_WORDS = ("没有", "无", "未安排", "空表", "不涉及")


@rule("NAR-08", E, "空表说明与表不符", "{fund}预算支出为 {amount} 万元，但情况说明{problem}", needs=NEEDS)
def empty_fund_statement(ctx):
    """政府性基金、国有资本经营预算没有支出时，情况说明要写明“没有使用……安排的支出”（表4、表5 列为空表）；
    有支出时不能这样写。

    反例：没有政府性基金支出，情况说明对政府性基金只字未提。
    正例：“本部门 2024 年没有使用政府性基金预算拨款安排的支出。”
    """
    text = _text(ctx)
    for fund, label in (("fund", "政府性基金"), ("soe", "国有资本经营")):
        amount = ctx.tree.total(fund=fund)
        said_empty = any(label in s and any(w in s for w in EMPTY_WORDS) for _, _, s in sentences(text))
        if amount == 0 and not said_empty:
            yield Hit(_ref(ctx), {"fund": label, "amount": "0", "problem": "没有说明本部门无此项支出（空表）"})
        elif amount != 0 and said_empty:
            yield Hit(_ref(ctx), {"fund": label, "amount": show(amount), "problem": "说没有此项支出"})


_LEFTOVER = re.compile(r"XX|ＸＸ|××|xx年|待填写|待补充|待定|\{[^}]{0,20}\}|【[^】]{0,20}】|_{3,}|＿{2,}|（单位名称）|此处填写|"
                       + PLACEHOLDER.pattern)


@rule("NAR-09", E, "情况说明有模板残留", "情况说明中有未替换的模板文字「{found}」", needs=NEEDS)
def leftovers(ctx):
    """模板占位符（XX、××、待填写、{单位}、【…】、下划线空格）和 deptbudget 起草时留下的〔请……〕
    （〔请填写增减原因〕〔请填写部门职能〕等）在公开前必须替换为实际内容。

    反例：“XX 局 2024 年收入预算 {收入合计} 万元”；“比 2023 年增加 2.36 万元，主要原因是〔请填写增减原因〕”。
    正例：“达川区人社局 2024 年收入预算 8022.01 万元”；“……主要原因是公务活动增加”。
    """
    text = ctx.budget.narrative
    for m in _LEFTOVER.finditer(text):
        yield Hit(_ref(ctx, m.start()), {"found": m.group(0)})


@rule("NAR-10", E, "政府采购金额不一致", "情况说明政府采购{problem}", needs=NEEDS)
def procurement(ctx):
    """政府采购预算总额 = 货物 + 工程 + 服务；总额与「基本信息」中填的政府采购预算一致；没有采购预算时
    不能写出金额，有采购预算时不能写“未安排”。

    反例：“政府采购预算 30 万元，其中：货物类 10 万元、工程类 0 万元、服务类 15 万元”。
    正例：“……货物类 15 万元、工程类 0 万元、服务类 15 万元”。
    """
    text = _text(ctx)
    facts = [_fact(ctx, k) for k in ("procurement_goods", "procurement_works", "procurement_services")]
    fact_total = sum((f for f in facts if f is not None), Decimal(0))
    for start, end, sent in sentences(text):
        if "政府采购" not in sent:
            continue
        if any(w in sent for w in ("未安排", "没有")) and fact_total > 0:
            yield Hit(_ref(ctx, start), {"problem": f"写未安排，但「基本信息」填了政府采购预算 {show(fact_total)} 万元"})
            continue
        parts = {w: _after(sent, w) for w in ("货物", "工程", "服务")}
        total = _after(sent, "政府采购")
        if total is None:
            continue
        if all(v is not None for v in parts.values()) and abs(sum(parts.values()) - total) > ctx.settings.tolerance(4):
            yield Hit(_ref(ctx, start), {"problem": f"总额 {show(total)} 万元 ≠ 货物 + 工程 + 服务 = {show(sum(parts.values()))} 万元"})
        elif any(f is not None for f in facts) and round2(total) != round2(fact_total):
            yield Hit(_ref(ctx, start), {"problem": f"总额 {show(total)} 万元，「基本信息」中为 {show(fact_total)} 万元"})


def _fact(ctx, key):
    from .common import dec

    v = ctx.budget.facts.get(key)
    return None if v in (None, "") else dec(v)


def _after(sent: str, word: str):
    i = sent.find(word)
    if i < 0:
        return None
    a = next((a for a in amounts(sent[i:]) if a.start < 16), None)
    return a.wan if a else None


@rule("NAR-11", E, "机关运行经费与公用经费不符", "情况说明机关运行经费 {shown} 万元 ≠ 行政单位和参公单位的财政拨款公用经费 {expected} 万元（差 {diff}）", needs=NEEDS)
def agency_running(ctx):
    """机关运行经费 = 行政单位和参照公务员法管理事业单位用财政拨款安排的公用经费。

    反例：“机关运行经费财政拨款预算为 350.00 万元”，公用经费 344.56 万元（单位均为行政、参公单位）。
    正例：“机关运行经费财政拨款预算为 344.56 万元”。
    """
    agency = {u.code for u in ctx.budget.units if u.kind is not None and u.kind.runs_agency}
    want = ctx.tree.total(kind=SpendKind.PUBLIC, unit=agency, fund="fiscal")
    text = _text(ctx)
    for start, end, sent in sentences(text):
        i = sent.find("机关运行经费")
        if i < 0:
            continue
        a = next((a for a in amounts(sent[i:]) if not any(w in sent[i:i + a.start] for w in ("增加", "减少", "比", "较"))), None)
        if a is None:
            continue
        h = mismatch(_ref(ctx, start), a.wan, want, _lines(ctx, kind=SpendKind.PUBLIC), ctx, {})
        if h:
            yield h
        return


PRIOR_LABELS = {
    "财政拨款收支总预算": "财政拨款收支总预算", "收支总预算": "收支总预算", "一般公共预算当年拨款": "一般公共预算当年拨款",
    "机关运行经费": "机关运行经费", "公务接待费": "公务接待费", "公务用车运行维护费": "公务用车运行费",
    "公务用车运行费": "公务用车运行费", "公务用车购置费": "公务用车购置费", "因公出国": "因公出国（境）费",
    "基本支出": "基本支出", "项目支出": "项目支出", "人员经费": "人员经费", "公用经费": "公用经费",
}
_STATED_CHANGE = re.compile(r"(比|较)[^，。；]{0,20}?(增加|减少)\s*(\d+(?:\.\d+)?)\s*(万元|元|亿元)")


@rule("NAR-12", E, "比上年增减数与上年数不符", "情况说明「{label}」比上年{word} {stated} 万元，按上年数 {prior} 万元计算应为{expected_word} {expected} 万元", needs=NEEDS)
def change_vs_prior(ctx):
    """“比上年增加/减少 N 万元”要等于本年数减「上年数」中该项的上年预算数。

    反例：公务接待费本年 3.30，上年 0.94，情况说明写“较上年增加 2.00 万元”。
    正例：“较 2023 年预算增加 2.36 万元”。
    """
    text = _text(ctx)
    prior = ctx.priors
    current = {label: value for label, value, _ in labelled_values(ctx)}
    agency = {u.code for u in ctx.budget.units if u.kind is not None and u.kind.runs_agency}
    current["机关运行经费"] = ctx.tree.total(kind=SpendKind.PUBLIC, unit=agency, fund="fiscal")
    for start, end, sent in sentences(text):
        m = _STATED_CHANGE.search(sent)
        if not m:
            continue
        before = sent[:m.start()]
        label = max((l for l in PRIOR_LABELS if l in before), key=lambda l: (before.rfind(l) + len(l), len(l)),
                    default=None)
        if label is None or PRIOR_LABELS[label] not in prior:
            continue
        cur = current.get(label) if label in current else current.get(PRIOR_LABELS[label])
        if cur is None:
            continue
        diff = cur - prior[PRIOR_LABELS[label]]
        stated = Decimal(m.group(3)) * {"万元": 1, "元": Decimal("0.0001"), "亿元": 10000}[m.group(4)]
        signed = stated if m.group(2) == "增加" else -stated
        h = mismatch(_ref(ctx, start), signed, diff, 2, ctx, {})
        if h:
            yield Hit(h.ref, {"label": label, "word": m.group(2), "stated": show(stated),
                              "prior": show(prior[PRIOR_LABELS[label]]),
                              "expected_word": "增加" if diff >= 0 else "减少", "expected": show(abs(diff))},
                      severity=h.severity, note=h.note)


CHANGE_ITEMS = (("因公出国（境）费", ("因公出国",)), ("公务用车购置费", ("公务用车购置",)),
                ("公务用车运行费", ("公务用车运行",)), ("公务接待费", ("公务接待",)), ("机关运行经费", ("机关运行经费",)))


@rule("NAR-13", W, "未说明比上年增减", "「{item}」本年 {current} 万元，上年 {prior} 万元，情况说明没有说明比上年的增减变化", needs=NEEDS)
def change_stated(ctx):
    """“三公”经费各项和机关运行经费比上年有增减时，情况说明要写明增减数及原因（没有变化写“持平”）。

    反例：公务接待费本年 3.30、上年 0.94，情况说明只写“公务接待费 3.3 万元”。
    正例：“公务接待费较 2023 年预算增加 2.36 万元，主要原因是公务活动增加。”
    """
    text = _text(ctx)
    prior = ctx.priors
    agency = {u.code for u in ctx.budget.units if u.kind is not None and u.kind.runs_agency}
    for item, words in CHANGE_ITEMS:
        if item not in prior:
            continue
        if item == "机关运行经费":
            current = ctx.tree.total(kind=SpendKind.PUBLIC, unit=agency, fund="fiscal")
        else:
            current = _sangong(ctx.tree, SANGONG[item])
        if round(current, 2) == round(prior[item], 2):
            continue
        stated = any(any(w in s for w in words) and re.search(r"增加|减少|增长|下降|持平|上升|降低", s)
                     for _, _, s in sentences(text))
        if not stated:
            yield Hit(_ref(ctx), {"item": item, "current": show(current), "prior": show(prior[item])})


_GROWTH = re.compile(
    r"(?P<a>\d[\d,]*(?:\.\d+)?)\s*万元[^。；]*?(?:比|较)[^。；]*?(?P<dir>增加|减少)\s*(?P<c>\d[\d,]*(?:\.\d+)?)\s*万元"
    r"[^。；%％]*?(?:增长|下降|增加|减少|上升|降低)\s*(?P<p>\d+(?:\.\d+)?)\s*[%％]")


@rule("NAR-14", E, "增减幅度算错", "情况说明「{sentence}」：本年 {current} 万元、{word} {change} 万元，幅度应为 {expected}%，写的是 {stated}%", needs=NEEDS)
def change_percentage(ctx):
    """“本年 A 万元，比上年增加（减少）C 万元，增长（下降）P%”：P 要等于 C ÷ 上年数（A − C 或 A + C）× 100，
    按写出的小数位舍入（允许金额本身舍入造成的误差）。

    反例：“机关运行经费 22 万元，比 2024 年预算增加 2 万元，增长 20%”（上年 20 万元，应为 10%）。
    正例：“机关运行经费 344.56 万元，比 2023 年预算增加 1.67 万元，增长 0.49%”。
    """
    text = _text(ctx)
    for start, end, sent in sentences(text):
        for m in _GROWTH.finditer(sent):
            a, c = (Decimal(m.group(k).replace(",", "")) for k in ("a", "c"))
            up = m.group("dir") == "增加"
            base = a - c if up else a + c
            if base <= 0:
                continue
            stated = Decimal(m.group("p"))
            decimals = len(m.group("p").split(".")[1]) if "." in m.group("p") else 0
            expected = c * 100 / base
            # the rate of any amounts that round to the written ones is right
            h = Decimal("0.5").scaleb(min(_exponent(a), _exponent(c)))
            low_base, high_base = (a + h - (c - h), a - h - (c + h)) if up else (a + c, a + c)
            if high_base <= 0:
                continue  # a prior year that rounds to almost nothing: any rate can be right
            low, high = (c - h) * 100 / low_base, (c + h) * 100 / high_base
            half = Decimal("0.5").scaleb(-decimals)
            if not low - half <= stated <= high + half:
                yield Hit(_ref(ctx, start + m.start()), {
                    "sentence": sent.strip()[:60], "current": a, "word": m.group("dir"), "change": c,
                    "expected": expected.quantize(Decimal("0.01")), "stated": stated})

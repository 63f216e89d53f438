"""情况说明 (a text pasted in the workbook's 情况说明 sheet): its figures, shares, years, counts,
科目 names and wording agree with the tables. Parsing helpers: narrative_parse."""

from __future__ import annotations

import re
from decimal import Decimal

from ..core.model import CellRef, SpendKind
from ..core.money import round2
from ..core.placeholder import PATTERN as PLACEHOLDER
from ..reference.codes import SANGONG
from ..rollup.measures import SANGONG_SOURCES
from ..template import spec
from . import narrative_items as item_phrases
from .common import mismatch, show
from .narrative_claims import read
from .narrative_parse import UNIT_FACTORS, amounts, count_after, normalize, percentages, sentences, share_text, years
from .narrative_subject import Subject, requires_reason, resolve, value_of
from .registry import E, Hit, I, W, rule

NEEDS = ("narrative",)


def _ref(ctx, pos: int | None = None, raw: bool = False) -> CellRef:
    """The 情况说明 sheet; with a position in the joined text (in the text as pasted: raw), the
    line's cell (A<n>) when the text came from it."""
    text = ctx.budget.narrative
    if pos is not None and not raw:
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
    out, where, i = [], [], 0
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    while i < len(lines):
        out.append(lines[i])
        where += range(starts[i], starts[i] + len(lines[i]))
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and _unfinished(lines[i]) and not _heading(lines[j]) and "|" not in lines[j]:
            i = j  # join: drop the break (and blank lines) inside the sentence
            continue
        if i + 1 < len(lines):
            out.append("\n")
            where.append(starts[i + 1] - 1)
        i += 1
    ctx._narrative_joined = _close_gaps("".join(out), where)
    return ctx._narrative_joined


def _heading(line: str) -> bool:
    return bool(_MARKER.match(line)) and len(line.strip()) < 20


def _unfinished(line: str) -> bool:
    """A line cut inside a sentence (a PDF or a narrow cell breaks after 「,」「的」 or a number):
    not ended by 。；！？, not a heading, not a table row, not a bare page number."""
    body = line.strip()
    return (bool(body) and body[-1] not in "。；;！!？?|" and not _heading(body) and "|" not in body
            and not body.isdigit())


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff,，。:：;；])[ \t\u3000]+(?=[\u4e00-\u9fff,，。:：;；])")


def _close_gaps(text: str, where: list[int]) -> tuple[str, list[int]]:
    """「政 府 采 购 预 算」 → 「政府采购预算」: spaces between CJK characters carry no meaning."""
    if not _CJK_GAP.search(text):
        return text, where
    keep = [True] * len(text)
    for m in _CJK_GAP.finditer(text):
        for k in range(m.start(), m.end()):
            keep[k] = False
    return "".join(c for c, k in zip(text, keep, strict=False) if k), [w for w, k in zip(where, keep, strict=False) if k]


def _text(ctx) -> str:
    return _joined(ctx)[0]


def _lines(ctx, **f) -> int:
    from ..rollup.tree import matches

    return sum(1 for k in ctx.tree.cells if matches(k, f)) or 1


_SCOPES = (("一般公共预算", "general"), ("政府性基金", "fund"), ("国有资本经营", "soe"), ("财政拨款", "fiscal"))
_HEADING = re.compile(r"^[一二三四五六七八九十]+、.*$", re.M)


def section_funds(text: str) -> list[tuple[int, str | None, bool | None]]:
    """(start, fund scope, carry) of each numbered section: 一般公共预算… → general, 财政拨款… → fiscal;
    「一般公共预算当年拨款情况说明」 speaks of this year's money only (carry False: 上年结转 excluded)."""
    out = [(0, None, None)]
    for m in _HEADING.finditer(text):
        head = m.group(0)
        fund = next((f for word, f in _SCOPES if word in head), None)
        out.append((m.start(), fund, False if re.search("当年|本年", head) else None))
    return out


def _scope_at(sections, pos: int) -> str | None:
    return _section_at(sections, pos)[1]


def _section_at(sections, pos: int):
    return [s for s in sections if s[0] <= pos][-1]


def _claims(ctx):
    """(sentences, claims) of the text, read once per validation (narrative_claims)."""
    cached = getattr(ctx, "_narrative_claims", None)
    if cached is None:
        from ..rollup.names import expenditure_classes

        cached = ctx._narrative_claims = read(_text(ctx), ctx.year, expenditure_classes())
    return cached


def _sections(ctx):
    cached = getattr(ctx, "_narrative_sections", None)
    if cached is None:
        cached = ctx._narrative_sections = section_funds(_text(ctx))
    return cached


def _scoped(ctx, claim) -> Subject:
    """The claim's subject, with the fund of its section when the phrase names none
    (「四、一般公共预算基本支出情况说明」 speaks of 一般公共预算 money only)."""
    subj = claim.subject
    if subj.fund is None and subj.kind not in ("sangong", "agency"):
        _, fund, carry = _section_at(_sections(ctx), claim.pos)
        subj = subj.with_scope(fund, carry)
    return subj


def _words(ctx, claim) -> str:
    """The words of the sentence that state the figure, as the user reads them."""
    sents, _ = _claims(ctx)
    start, _end, sent = sents[claim.sent]
    at = claim.pos - start
    end = claim.amount.end if claim.amount else (claim.percent.end if claim.percent else at)
    return (sent[max(0, at - len(claim.phrase)):at].lstrip() + sent[at:end]).strip()[-60:]


@rule("NAR-01", E, "情况说明金额与表不符", "情况说明「{words}」写的是 {shown} {unit}，{source}为 {expected} {unit}（差 {diff}）", needs=NEEDS)
def stated_amounts(ctx):
    """情况说明里每个金额（收入、支出、基本支出、项目支出、人员经费、公用经费、各类支出、“三公”经费……）都要
    与表中数字一致；元、万元、亿元自动换算。金额前的整个短语要能认出是哪个数（「工资福利支出预算」不是
    「支出预算」，「初中教育支出」不是「教育支出」类，某科目下的「其中：基本支出」不是部门的基本支出）；
    认不出的不比较。写明是上年预算的数（“2015年预算12.5万元”）与「上年数」比较。只差几分且能由舍入解释时报尾差提示。
    以元写的金额（上海等以元公开的表式）按元核对到分。

    反例：“基本支出 2397.89 万元”，表中基本支出 2400.00 万元；“公务接待费2016年预算8万元,2015年预算12.5万元”，
    「上年数」公务接待费 12.35 万元。
    正例：“基本支出 2397.89 万元”，表中 2397.89；“工资福利支出预算 71.6 万元”不与支出总额比较。
    """
    _, claims = _claims(ctx)
    for c in claims:
        if c.role == "prior" and c.subject is not None:
            before = _prior_of(ctx, c.subject)
            if before is not None:
                h = mismatch(_ref(ctx, c.pos), c.amount.wan, before, 1, ctx,
                             {"label": c.subject.label, "words": _words(ctx, c), "unit": _unit(c.amount),
                              "source": f"「上年数」「{c.subject.label}」"}, scale=_scale(c.amount))
                if h:
                    yield h
            continue
        if c.role != "level" or c.subject is None or c.subject.kind == "agency":
            continue
        value, terms, source = value_of(ctx, _scoped(ctx, c))
        h = mismatch(_ref(ctx, c.pos), c.amount.wan, value, terms, ctx,
                     {"label": c.subject.label, "words": _words(ctx, c), "source": source,
                      "unit": _unit(c.amount)}, scale=_scale(c.amount))
        if h:
            yield h


_SHARE = re.compile(r"^[，,]?\s*占([^%％\d，,。；;]{0,14}?)\s*的?\s*$")


def _share_base(ctx, claim, base_words: str) -> tuple[Decimal, str] | None:
    """The total a share is taken of: the one the sentence names (「占基本支出预算」「占支出总预算」), else
    the usual base of the subject (收入 → 收入合计, 基本/项目 → 支出合计, 类 → 一般公共预算当年拨款)."""
    from ..rollup.names import expenditure_classes

    if base_words.strip():
        base = resolve(base_words, expenditure_classes())
        if base is None or base.kind == "class":
            return None
        fake = type(claim)("level", None, base, base_words, claim.pos, claim.sent)
        value, _, source = value_of(ctx, _scoped(ctx, fake))
        return value, source
    subj = claim.subject
    if subj is None:
        return None
    t = ctx.tree
    if subj.kind == "income":
        return sum(t.income.values(), Decimal(0)), "表1 收入合计"
    if subj.kind in ("basic", "project"):
        return t.total(), "表 支出合计"
    if subj.kind == "class":
        return t.total(fund="general", carry=False), "表 一般公共预算当年拨款"
    return None


def _shares(ctx):
    """(position, stated Percent, amount in 万元, base, label, sentence start, base source) of
    「LABEL N 万元，占[BASE] X%」."""
    sents, claims = _claims(ctx)
    for c in claims:
        if c.role != "level":
            continue
        start, _end, sent = sents[c.sent]
        at = c.pos - start + len(c.amount.raw)  # the amount's end in the sentence
        p = next((p for p in percentages(sent) if at <= p.start <= at + 20), None)
        m = _SHARE.match(sent[at:p.start]) if p else None
        if not m:
            continue
        found = _share_base(ctx, c, m.group(1))
        if found and found[0]:
            label = c.subject.label if c.subject else _words(ctx, c)
            yield start + p.start, p, c, found[0], label, start, found[1]


@rule("NAR-02", W, "情况说明占比与表不符", "情况说明中「{label}」占比写 {stated}%，按文中金额 {amount} 万元 ÷ {source} {base} 万元应为 {expected}%", needs=NEEDS)
def stated_shares(ctx):
    """“占 X%”要按表中数字算：金额 ÷ 总额，按文中小数位四舍五入。为凑 100% 而改动尾数的也会报出。

    反例：“社会保障和就业支出 7723.43 万元，占 96.27%”，7723.43 ÷ 8022.01 = 96.278%，应为 96.28%。
    正例：“占 96.28%”。
    """
    for pos, p, c, base, label, _, source in _shares(ctx):
        amount, exact = c.amount.wan, _exact(ctx, c)
        expected = share_text((exact if exact is not None else amount) * 100 / base, p.decimals)
        if expected == p.value:
            continue
        if exact is None or ctx.published:  # any share that an amount rounding to the written one gives is
            # right; in 公开表 mode the figures are the printed (rounded) ones, the base too: a text computed
            # from the amounts before rounding may differ in its last digit
            half = _half_digit(c.amount) if exact is None else PRINTED_HALF
            figure, spread = (amount if exact is None else exact), (PRINTED_HALF if ctx.published else 0)
            low = share_text((figure - half) * 100 / (base + spread), p.decimals)
            high = share_text((figure + half) * 100 / (base - spread), p.decimals)
            if low <= p.value <= high:
                continue
        yield Hit(_ref(ctx, pos), {"label": label, "stated": p.value, "amount": show(amount),
                                   "base": show(base), "expected": expected, "source": source})


PRINTED_HALF = Decimal("0.005")  # a figure printed to the cent of 万元 is this close to the amount behind it


def _exact(ctx, claim) -> Decimal | None:
    """The tables' exact figure behind a stated amount, when its subject is known and agrees."""
    if claim.subject is None or claim.subject.kind == "agency":
        return None
    value = value_of(ctx, _scoped(ctx, claim))[0]
    return value if _same(claim.amount, value) else None


def _scale(a) -> int:
    """10000 for an amount written in 元 (compared to the cent of 元), else 1 (万元, to the cent)."""
    return 10000 if a.unit == "元" else 1


def _unit(a) -> str:
    return "元" if a.unit == "元" else "万元"


def _same(a, value: Decimal) -> bool:
    """A stated amount and a figure agree to the cent of the unit the amount is written in."""
    s = _scale(a)
    return round2(a.wan * s) == round2(value * s)


@rule("NAR-03", W, "占比之和不等于 100%", "情况说明同一段中各部分占比之和为 {total}%，各部分金额之和等于总额，占比应合计 100%", needs=NEEDS)
def shares_total(ctx):
    """同一总额的各组成部分（如基本支出与项目支出、各类支出）都列出时，占比之和应为 100%（允许各占比
    舍入造成的误差）。

    反例：“基本支出……占 29.89%；项目支出……占 70.1%”，合计 99.99%，且 70.1 按一位小数舍入不能解释。
    正例：“占 29.89%……占 70.11%”。
    """
    groups: dict = {}
    text = _text(ctx)
    for pos, p, c, base, _label, _sent_start, _ in _shares(ctx):
        amount = c.amount.wan
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


# Another year is a legitimate reference after a comparison, a time point or a reason
# (比/较 2023 年, 截至 2023 年底, 因按照 2023 年预算…, 不超过 2023 年, 2025年和2024年均…), in a project's
# history or a multi-year period (实施周期 2023—2025 年), a table header, or a figure of that year
# (2023 年决算数, 2025 年执行数, 2023 年预算数); it is a wrong label only when it dates this budget's own
# figures or arrangements: 「2023 年，部门未安排政府采购预算」 in a 2024 budget.
_YEAR_CONTEXT = re.compile(r"比|较|同比|相比|对比|超过|低于|高于|截至|截止|按照|根据|由于|因为|上年|以来|原因|周期|期间|规划"
                           r"|历年|累计|连续")
_YEAR_JUST_AFTER = re.compile(r"(?:与|和|及|、|至|到|自|从|于|起|因|已|曾|[-—~－])\s*$")
_YEAR_FIGURE = re.compile(r"^\s*(?:年度?)?\s*(?:底|末|决算|执行|实际|以来|至|到|和|及|、|[-—~－]|均|同期|预算数|年初预算数|无此项|未列"
                          r"|[,，]?\s*\d{4}\s*年|\d{1,2}\s*月)")  # …|「2019年1月14日」: a date (signature, 截至…)


@rule("NAR-04", W, "年份与预算年度不符", "情况说明中写的是 {found} 年（{context}），本预算年度为 {year} 年", needs=NEEDS)
def stated_years(ctx):
    """情况说明里给本预算的数字、安排标年份时，年份应是预算年度。比较（比/较 2023 年）、时点（截至 2023 年底）、
    原因、项目历程与实施周期、表头、另一年的决算数/执行数/预算数不算。

    反例：2024 年预算写“2023 年，部门未安排政府采购预算”。
    正例：“2024 年，部门未安排政府采购预算”；“比 2023 年增加……”；“2023 年决算数为 7 万元”。
    """
    text = _text(ctx)
    year = ctx.year
    if not year:
        return
    for start, _end, sent in sentences(text):
        if "|" in sent:
            continue  # a table row or header (「| 2023年预算数 | 2024年预算数 |」)
        for y in years(sent):
            if y.value == year or _in_title(text, start + y.start):
                continue
            if _YEAR_CONTEXT.search(sent[:y.start]) or _YEAR_JUST_AFTER.search(sent[max(0, y.start - 3):y.start]) \
                    or _YEAR_FIGURE.match(sent[y.end:]) or _paired(sent, y, year) or _year_section(text, start, y.value):
                continue
            pos = start + y.start
            yield Hit(_ref(ctx, pos), {"found": y.value, "year": year,
                                       "context": text[max(0, pos - 8):pos + 20].replace("\n", " ").strip()})


_LAST_BUDGET_FIGURE = re.compile(r"^\s*(?:年度?)?(?:年初)?预算(?:数|拨入|安排)?\s*(?:为|是)?\s*\d")


def _paired(sent: str, y, year: int) -> bool:
    """Last year's budget figure set beside this year's in one sentence:
    「公务接待费2016年预算8万元,2015年预算12.5万元」 (compared with 「上年数」 by NAR-01)."""
    return (y.value == year - 1 and bool(_LAST_BUDGET_FIGURE.match(sent[y.end:]))
            and any(x.value == year for x in years(sent)))


def _year_section(text: str, pos: int, value: int) -> bool:
    """The sentence stands in a section whose heading names that year (「二、2021年“三公”经费决算情况」)."""
    heads = [m.group(0) for m in _HEADING.finditer(text, 0, pos)]
    return bool(heads) and any(y.value == value for y in years(heads[-1]))


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


@rule("NAR-06", E, "说明中的科目与表不符", "情况说明「{phrase}」：{problem}", needs=NEEDS)
def stated_items(ctx):
    """“××（类）××（款）××（项）”（也可写作“X（类）-Y（款）-Z（项）”、前面带编码）要是本预算实际使用的科目，
    类、款、项名称与编码对应（规范化后逐字一致，“支出”二字可省；旧版科目表的类名、款名指明是旧名），后面的
    金额等于该项级科目的支出。同名的项（如多个“一般行政管理事务”）按文中的类、款和金额确定；仍不能确定时
    列出各候选科目，作为提示。

    反例：“卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）……5.59 万元”，而行政单位医疗为 79.47 万元，
    5.59 万元是事业单位医疗；“文化体育与传媒支出（类）……”（2019 年起为文化旅游体育与传媒支出）。
    正例：“……事业单位医疗（项）2024 年预算数为 5.59 万元”。
    """
    text = _text(ctx)
    sections = _sections(ctx)
    book = ctx.book("function")
    used = sorted({k[1] for k in ctx.tree.cells})
    for p in item_phrases.phrases(text):
        sent_end = min([i for i in (text.find("。", p.end),) if i >= 0] or [len(text)])
        found = [a for a in amounts(text[p.end:sent_end]) if "增" not in text[p.end:p.end + a.start]
                 and "减" not in text[p.end:p.end + a.start]]
        codes = item_phrases.candidates(book, used, p)
        if not codes and not found:
            continue  # a definition (名词解释) of a 科目 this budget does not use
        ref = _ref(ctx, p.start)
        if not codes:
            yield Hit(ref, {"phrase": p.text, "problem": f"本预算没有名为「{p.item}」的项级科目"})
            continue
        _, fund, carry = _section_at(sections, p.start)
        want = {c: ctx.tree.total(func=c, fund=fund, carry=carry) for c in codes}
        if len(codes) > 1 and found:
            fits = [c for c in codes if _same(found[0], want[c])]
            codes = fits or codes
        if len(codes) > 1:
            listed = "、".join(f"{c}（{book.name(c[:3])}，{show(want[c])} 万元）" for c in codes)
            yield Hit(ref, {"phrase": p.text, "problem": f"名为「{p.item}」的项有 {len(codes)} 个：{listed}，"
                                                       "按文中的类、款和金额无法确定是哪一个，请写明类、款或编码"},
                      severity=I)
            continue
        code = codes[0]
        problem, severity = _wrong_level(book, code, p)
        if problem:
            yield Hit(ref, {"phrase": p.text, "problem": problem}, severity=severity)
            if severity is not I:
                continue
        if found:
            h = mismatch(ref, found[0].wan, want[code], _lines(ctx, func=code), ctx, {}, scale=_scale(found[0]))
            if h:
                unit = _unit(found[0])
                problem = (f"文中金额 {h.params['shown']} {unit}，表中 {code} {book.name(code)} 为 "
                           f"{h.params['expected']} {unit}")
                yield Hit(h.ref, {"phrase": p.text, "problem": problem, **h.params}, severity=h.severity, note=h.note)


def _wrong_level(book, code: str, p):
    """(what is wrong with the 类/款 names the phrase gives for `code`, severity), or (None, None).
    A 款 name that is no 款 of the list at all (「人力资源和社会保障事务」 for 人力资源和社会保障管理事务)
    still points at the right 项 when the 项 is unique in its 类: a 提示 naming the list's name."""
    for written, n, level in ((p.cls, 3, "类"), (p.kuan, 5, "款")):
        name = book.name(code[:n])
        if not written or not name or item_phrases.norm(written) == item_phrases.norm(name):
            continue
        if item_phrases.outdated(written, code[:n]):
            return f"「{written}」是旧版科目表的{level}名，{code[:n]} 现为「{name}」", E
        siblings = [e.name for e in book.children(code[:3])] if n == 5 else []
        if n == 5 and not any(item_phrases.norm(written) == item_phrases.norm(x) for x in siblings):
            return f"款名与科目表不一致：{code[:5]} 为「{name}」（{code} {book.name(code)}）", I
        return f"{code} {book.name(code)} 属于「{name}」{level}，不是「{written}」", E
    return None, None


_REASON = re.compile(r"原因|由于|因为|主要是|系因|是因|上年无|上年未|新增|严格控制|压缩|压减")


_REASON_FIRST = re.compile(r"[^。；;\n]{0,12}原因")


def _item_end(text: str, pos: int) -> int:
    """Where the explanation of a change at `pos` may end: its paragraph (PDF line breaks inside a
    sentence already joined), and the next paragraph when that opens with the reason
    (「……减少 45 万元。\n减少的主要原因是……」)."""
    end = text.find("\n", pos)
    if end < 0:
        return len(text)
    nxt = end + 1
    while nxt < len(text) and text[nxt] in " \n\t\u3000":
        nxt += 1
    if _REASON_FIRST.match(text, nxt):
        stop = text.find("\n", nxt)
        return len(text) if stop < 0 else stop
    return end


def _sangong_items(subj) -> frozenset:
    from .narrative_subject import SANGONG_ITEMS

    return frozenset(SANGONG_ITEMS[subj.label.removesuffix("支出")]) if subj and subj.kind == "sangong" else frozenset()


def _reason_end(text: str, sents, claims, c) -> int:
    """The end of a change's item (_item_end), cut where the change of another 三公 item begins: in
    「公务接待较上年减少0.58万元。公务用车运行费用较上年增加2.27万元。主要原因为…公务车…」 the reason is the
    car's, not the 接待's. A part of the same item (「其中：公务用车运行费…」) does not cut."""
    end = _item_end(text, c.pos)
    mine = _sangong_items(c.subject)
    if not mine:
        return end
    for o in claims:
        if o.role == "change" and c.pos < o.pos < end:
            theirs = _sangong_items(o.subject)
            if theirs and not theirs <= mine:
                return max(c.pos, o.pos - len(o.phrase) if o.sent == c.sent else sents[o.sent][0])
    return end


@rule("NAR-07", W, "增减变化未说明原因", "情况说明「{sentence}」写了{word}，但本项及全文都没有说明原因（主要原因是……）", needs=NEEDS)
def change_reason(ctx):
    """总额、各项资金总额、“三公”经费及各项、机关运行经费、政府采购比上年增加或减少时，要说明原因（“主要原因是……”
    “由于……”）：本句、本项其后的文字、全文对同一事项的原因说明（“‘三公’经费下降的原因主要是……”）或同一增减数
    已说明原因处均可；“持平”不需要。已说明的总额下各明细（基本/项目、各类、经济分类各款）的增减不要求逐项说明。

    反例：“公务接待费较 2023 年预算增加 2.36 万元。”（全文再无原因）
    正例：“公务接待费较 2023 年预算增加 2.36 万元，主要原因是公务活动增加。”
    """
    text = _text(ctx)
    sents, claims = _claims(ctx)
    need = [c for c in claims if c.role == "change"
            and requires_reason(c.subject, sents[c.sent][2][:c.pos - sents[c.sent][0]])]
    reasoned = {c.amount.wan for c in claims if c.role == "change" and c.amount and c.amount.wan
                and _REASON.search(text, sents[c.sent][0], _reason_end(text, sents, claims, c))}
    general = [sent for _, _, sent in sents if "原因" in sent]
    reported = set()
    for c in need:
        start, _end, sent = sents[c.sent]
        if c.sent in reported or _REASON.search(text, start, _reason_end(text, sents, claims, c)):
            continue
        if c.amount is not None and c.amount.wan in reasoned:
            continue  # the same 增减数 is explained where it is first stated
        group = "三公" if c.subject and c.subject.kind == "sangong" else (c.subject.label if c.subject else None)
        if group and any(group in g.translate(_NO_QUOTES) for g in general):
            continue  # 「2025年“三公”经费预算下降的原因主要是……」 for all items
        reported.add(c.sent)
        yield Hit(_ref(ctx, start), {"sentence": sent.strip()[:40], "word": c.word})


_NO_QUOTES = str.maketrans("", "", "“”\"")


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
                       r"占\s*[%％]|(?:增加|减少|增长|下降)\s*万元|"  # a figure left blank: 「占 %」「比上年减少 万元」
                       + PLACEHOLDER.pattern)


@rule("NAR-09", E, "情况说明有模板残留", "情况说明中有未替换的模板文字「{found}」", needs=NEEDS)
def leftovers(ctx):
    """模板占位符（XX、××、待填写、{单位}、【…】、下划线空格、没填数字的「占 %」「比上年减少 万元」）和 deptbudget 起草时留下的〔请……〕
    （〔请填写增减原因〕〔请填写部门职能〕等）在公开前必须替换为实际内容。

    反例：“XX 局 2024 年收入预算 {收入合计} 万元”；“比 2023 年增加 2.36 万元，主要原因是〔请填写增减原因〕”。
    正例：“达川区人社局 2024 年收入预算 8022.01 万元”；“……主要原因是公务活动增加”。
    """
    text = ctx.budget.narrative
    for m in _LEFTOVER.finditer(text):
        yield Hit(_ref(ctx, m.start(), raw=True), {"found": m.group(0)})


@rule("NAR-10", E, "政府采购金额不一致", "情况说明政府采购{problem}", needs=NEEDS)
def procurement(ctx):
    """政府采购预算总额 = 货物 + 工程 + 服务；总额与「基本信息」中填的政府采购预算一致；没有采购预算时
    不能写出金额，有采购预算时不能写“未安排”。“面向中小企业预留……”的金额是总额的一部分，不是总额。

    反例：“政府采购预算 30 万元，其中：货物类 10 万元、工程类 0 万元、服务类 15 万元”。
    正例：“……货物类 15 万元、工程类 0 万元、服务类 15 万元”；“……面向中小企业预留 20 万元”。
    """
    text = _text(ctx)
    facts = [_fact(ctx, k) for k in ("procurement_goods", "procurement_works", "procurement_services")]
    fact_total = sum((f for f in facts if f is not None), Decimal(0))
    for start, _end, sent in sentences(text):
        if "政府采购" not in sent:
            continue
        if any(w in sent for w in ("未安排", "没有")) and fact_total > 0 and _after(sent, "政府采购") is None:
            yield Hit(_ref(ctx, start), {"problem": f"写未安排，但「基本信息」填了政府采购预算 {show(fact_total)} 万元"})
            continue
        parts = {w: _after(sent, w) for w in ("货物", "工程", "服务")}
        found = _after(sent, "政府采购")
        if found is None:
            continue
        s, unit = _scale(found), _unit(found)  # a text in 元 is judged in 元, to the cent
        total = found.wan * s
        if all(v is not None for v in parts.values()):
            summed = sum(v.wan for v in parts.values()) * s
            if abs(summed - total) > ctx.settings.tolerance(4):
                yield Hit(_ref(ctx, start), {"problem": f"总额 {show(total)} {unit} ≠ 货物 + 工程 + 服务 = {show(summed)} {unit}"})
                continue
        if any(f is not None for f in facts) and round2(total) != round2(fact_total * s):
            yield Hit(_ref(ctx, start), {"problem": f"总额 {show(total)} {unit}，「基本信息」中为 {show(fact_total * s)} {unit}"})


def _fact(ctx, key):
    from .common import dec

    v = ctx.budget.facts.get(key)
    return None if v in (None, "") else dec(v)


_SHARE_OF = re.compile(r"中小企业|预留|份额|小微|占")


def _after(sent: str, word: str):
    """The amount right after `word` (within 16 characters), skipping the mentions whose words say
    the amount is a part (「面向中小企业预留政府采购份额 20 万元」「占政府采购预算的」)."""
    for m in re.finditer(re.escape(word), sent):
        i = m.start()
        a = next((a for a in amounts(sent[i:]) if a.start < 16), None)
        if a is None:
            continue
        if word == "政府采购" and _SHARE_OF.search(sent[max(0, i - 8):i] + sent[i:i + a.start]):
            continue
        return a
    return None


@rule("NAR-11", E, "机关运行经费与公用经费不符", "情况说明机关运行经费 {shown} {unit} ≠ 行政单位和参公单位的财政拨款公用经费 {expected} {unit}（差 {diff}）", needs=NEEDS)
def agency_running(ctx):
    """机关运行经费 = 行政单位和参照公务员法管理事业单位用财政拨款安排的公用经费。

    反例：“机关运行经费财政拨款预算为 350.00 万元”，公用经费 344.56 万元（单位均为行政、参公单位）。
    正例：“机关运行经费财政拨款预算为 344.56 万元”。
    """
    agency = {u.code for u in ctx.budget.units if u.kind is not None and u.kind.runs_agency}
    want = ctx.tree.total(kind=SpendKind.PUBLIC, unit=agency, fund="fiscal")
    text = _text(ctx)
    for start, _end, sent in sentences(text):
        i = sent.find("机关运行经费")
        if i < 0:
            continue
        a = next((a for a in amounts(sent[i:]) if not any(w in sent[i:i + a.start] for w in ("增加", "减少", "比", "较"))), None)
        if a is None:
            continue
        h = mismatch(_ref(ctx, start), a.wan, want, _lines(ctx, kind=SpendKind.PUBLIC), ctx, {"unit": _unit(a)},
                     scale=_scale(a))
        if h:
            yield h
        return


def _prior_of(ctx, subj: Subject | None) -> Decimal | None:
    """The 上年数 of what a subject denotes, when the 上年数 sheet has it."""
    if subj is None:
        return None
    prior = ctx.priors
    keys: tuple = ()
    if subj.kind == "sangong":
        from .narrative_subject import SANGONG_ITEMS

        keys = SANGONG_ITEMS[subj.label.removesuffix("支出")]
    elif subj.kind == "total":
        keys = ({None: "收支总预算", "fiscal": "财政拨款收支总预算", "general": "一般公共预算当年拨款"}.get(subj.fund),)
    elif subj.kind in ("basic", "project", "personnel", "public"):
        keys = ({"basic": "基本支出", "project": "项目支出", "personnel": "人员经费", "public": "公用经费"}[subj.kind],)
    elif subj.kind == "agency":
        keys = ("机关运行经费",)
    if not keys or any(k not in prior for k in keys):
        return None
    return sum((prior[k] for k in keys), Decimal(0))


def _changes(ctx):
    """(claim, current figure, prior figure) of each change whose subject has a 上年数."""
    _, claims = _claims(ctx)
    for c in claims:
        if c.role != "change" or c.subject is None:
            continue
        before = _prior_of(ctx, c.subject)
        if before is None:
            continue
        yield c, value_of(ctx, c.subject)[0], before


@rule("NAR-12", E, "比上年增减数与上年数不符", "情况说明「{words}」：{label}比上年{word} {stated} {unit}，而表中本年 {current} {unit}、「上年数」{prior} {unit}，应为{expected_word} {expected} {unit}", needs=NEEDS)
def change_vs_prior(ctx):
    """“比上年增加/减少 N 万元”要等于本年数减「上年数」中该项的上年预算数。

    反例：公务接待费本年 3.30，上年 0.94，情况说明写“较上年增加 2.00 万元”。
    正例：“较 2023 年预算增加 2.36 万元”。
    """
    for c, cur, before in _changes(ctx):
        if c.amount is None:
            continue
        diff = cur - before
        signed = c.amount.wan if c.word == "增加" else -c.amount.wan
        s = _scale(c.amount)
        h = mismatch(_ref(ctx, c.pos), signed, diff, 2, ctx, {}, scale=s)
        if h:
            yield Hit(h.ref, {"label": c.subject.label, "word": c.word, "stated": show(c.amount.wan * s),
                              "prior": show(before * s), "current": show(cur * s), "words": _words(ctx, c),
                              "expected_word": "增加" if diff >= 0 else "减少", "expected": show(abs(diff) * s),
                              "unit": _unit(c.amount)},
                      severity=h.severity, note=h.note)


CHANGE_ITEMS = (("因公出国（境）费", ("因公出国",)), ("公务用车购置费", ("公务用车购置",)),
                ("公务用车运行费", ("公务用车运行", "购置及运行", "公务车运行", "公务车辆运行")),
                ("公务接待费", ("公务接待",)), ("机关运行经费", ("机关运行经费",)))
_ITEM_WORDS = tuple(w for _, words in CHANGE_ITEMS for w in words)
_STATED = re.compile(r"增加|减少|增长|下降|持平|上升|降低|无变化|一致|相同|不变")
_CONTINUES = re.compile(r"\s*(?:比|较|与上年|与20\d\d|同比|相比|对比|和上年|本年预算与)")  # a sentence about the one before


def _stated_below(sents: list[str], i: int) -> bool:
    """The change of the item named in sentence i is stated in one of the next sentences that name no
    item (「“公务用车运行维护费”预算数50万元,…。2015年预算数160万元, 2016年预算比2015年预算下降68.8%。」)."""
    for s in sents[i + 1:i + 4]:
        if any(w in s for w in _ITEM_WORDS):
            return False
        if _STATED.search(s):
            return True
    return False


@rule("NAR-13", W, "未说明比上年增减", "「{item}」本年 {current} 万元，上年 {prior} 万元，情况说明没有说明比上年的增减变化", needs=NEEDS)
def change_stated(ctx):
    """“三公”经费各项和机关运行经费比上年有增减时，情况说明要写明增减数及原因（没有变化写“持平”）。
    合并写的“公务用车购置及运行费较上年减少……”、表中的增减列（表头有“增减”）也算写明。

    反例：公务接待费本年 3.30、上年 0.94，情况说明只写“公务接待费 3.3 万元”。
    正例：“公务接待费较 2023 年预算增加 2.36 万元，主要原因是公务活动增加。”
    """
    text = _text(ctx)
    prior = ctx.priors
    agency = {u.code for u in ctx.budget.units if u.kind is not None and u.kind.runs_agency}
    table_change = any("|" in s and re.search(r"增|减", s) for _, _, s in sentences(text))
    for item, words in CHANGE_ITEMS:
        if item not in prior:
            continue
        if item == "机关运行经费":
            current = ctx.tree.total(kind=SpendKind.PUBLIC, unit=agency, fund="fiscal")
        else:
            current = sum((ctx.tree.total(source=SANGONG_SOURCES, econ=c) for c in SANGONG[item]), Decimal(0))
        if round2(current) == round2(prior[item]):
            continue
        sents = [s for _, _, s in sentences(text)]
        stated = any(any(w in s for w in words)
                     and (_STATED.search(s) or ("|" in s and table_change)
                          or (i + 1 < len(sents) and _CONTINUES.match(sents[i + 1]) and _STATED.search(sents[i + 1]))
                          or _stated_below(sents, i))
                     for i, s in enumerate(sents))
        if not stated:
            yield Hit(_ref(ctx), {"item": item, "current": show(current), "prior": show(prior[item])})


@rule("NAR-14", E, "增减幅度算错", "情况说明「{sentence}」：{basis}，幅度应为 {expected}%，写的是 {stated}%", needs=NEEDS)
def change_percentage(ctx):
    """“本年 A，比上年增加（减少）C，增长（下降）P%”：P 要等于 C ÷ 上年数（A − C 或 A + C）× 100，按写出的
    小数位四舍五入（允许金额本身舍入造成的误差）；元、万元、亿元均可，百分比写在括号里也算。只写了幅度
    （“较上年减少 0.2%”）时，按表中本年数与「上年数」计算。

    反例：“机关运行经费 22 万元，比 2024 年预算增加 2 万元，增长 20%”（上年 20 万元，应为 10%）。
    正例：“机关运行经费 344.56 万元，比 2023 年预算增加 1.67 万元，增长 0.49%”。
    """
    sents, claims = _claims(ctx)
    for c in claims:
        if c.role != "change" or c.percent is None:
            continue
        found = _growth_basis(ctx, c)
        if found is None:
            continue
        low, high, basis = found
        p = c.percent
        lo, hi = (share_text(low, p.decimals), share_text(high, p.decimals))
        if not lo <= p.value <= hi:
            mid = share_text((low + high) / 2, p.decimals)
            yield Hit(_ref(ctx, c.pos), {"sentence": sents[c.sent][2].strip()[:60], "basis": basis,
                                         "expected": mid, "stated": p.value})


@rule("NAR-15", E, "增减方向前后矛盾", "情况说明「{sentence}」：增减额写{word} {amount}，幅度却写{percent_word} {stated}%", needs=NEEDS)
def change_direction(ctx):
    """同一处比上年的增减额与增减幅度方向要一致：写“减少 X 万元”，幅度就写“下降 Y%”；上年数未公开时
    也看得出。

    反例：“商品和服务支出较上年减 0.04 万元，增 0.01%。”
    正例：“商品和服务支出较上年减少 0.04 万元，下降 0.01%。”
    """
    sents, claims = _claims(ctx)
    for c in claims:
        if c.role == "change" and c.percent_word and c.percent_word != c.word and c.amount and c.amount.wan \
                and c.percent.value:
            yield Hit(_ref(ctx, c.pos), {"sentence": sents[c.sent][2].strip()[:60], "word": c.word,
                                         "amount": c.amount.raw, "percent_word": c.percent_word,
                                         "stated": c.percent.value})


def _growth_basis(ctx, c):
    """(lowest, highest) 幅度 the figures allow, and the figures in words; None when neither the
    tables nor the text give both years. The tables' exact figures when the subject is known, has a
    「上年数」 and the text's 增减数 agrees with them; else the printed figures, each within its rounding."""
    tree = _tree_growth(ctx, c)
    if tree is not None:
        return tree
    if c.amount is None or c.level is None:
        return None
    a, ch = c.level.wan, c.amount.wan
    ea, ec = _half_digit(c.level), _half_digit(c.amount)
    base = a - ch if c.word == "增加" else a + ch
    if base - ea - ec <= 0:
        return None
    low = (ch - ec) * 100 / (base + ea + ec)
    high = (ch + ec) * 100 / (base - ea - ec)
    return low, high, f"按文中本年 {c.level.raw}、{c.word} {c.amount.raw}，上年为 {show(base)} 万元"


def _tree_growth(ctx, c):
    before = _prior_of(ctx, c.subject)
    if not before:
        return None
    cur = value_of(ctx, c.subject)[0]
    if cur != before and (cur > before) != (c.word == "增加"):
        return None  # the direction itself is wrong: NAR-12 speaks of that
    if c.amount is not None and not _same(c.amount, abs(cur - before)):
        return None
    change = abs(cur - before) * 100 / before
    return change, change, f"按表中本年 {show(cur)} 万元、「上年数」{show(before)} 万元"


def _half_digit(a) -> Decimal:
    """How far the figure behind a printed amount may be from it, in 万元: half its last digit, and
    an amount in 元 or 万元 is exact to the cent at least (80 or 7.3 万元 mean 80.00 and 7.30 with the
    zeros dropped); 「4.72亿元」 may be anything from 4.715 亿元 on."""
    exp = a.number.as_tuple().exponent
    if a.unit != "亿元":
        exp = min(exp, -2)
    return Decimal("0.5").scaleb(exp) * UNIT_FACTORS[a.unit]

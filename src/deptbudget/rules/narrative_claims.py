"""The 情况说明 read into claims: each amount (and each change stated only as a percentage) with its
role — a level of this year, a change against last year, a figure of another year — and the subject
it is about (narrative_subject). Rules compare claims with the tree; a claim whose subject cannot be
resolved is left alone."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .narrative_parse import Amount, Percent, amounts, clause_before, percentages, sentences
from .narrative_subject import Subject, resolve

_COMPARE = re.compile(r"(?<!占)比(?!例)|较|与(?:上年|去年|上一年|\d{4})")
_CHANGE = re.compile(r"(?<!无)(?<!无增)(?:增加|减少|增长|下降|上升|降低|增|减)")  # 「无增减」 is no change
_OTHER_YEAR = re.compile(r"上年(?!结转|结余)|去年|上一年|以前年度(?!结转)")  # 上年结转 is this year's income
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
# between a change amount and its 幅度: 「,下降 6.00 %」「(42.86%)」「,同比下降1.24%」
_PCT_LINK = re.compile(r"^[\s,，、;；(（]*(?:同比|比上年|较上年)?"
                       r"(?:增长|下降|增加|减少|上升|降低|增幅|降幅|减幅|涨幅|幅度|增|减)?(?:了|为)?\s*$")
_PCT_ONLY = re.compile(r"(?:比|较|同比)[^，,。；;%]{0,20}?(增加|减少|增长|下降|上升|降低)了?\s*$")
# last year's budget figure of the subject named just before: 「公务接待费2016年预算8万元,2015年预算12.5万元」
_PRIOR_ONLY = re.compile(r"[\s,，]*(?:上年|(?:19|20)\d{2}\s*年度?)(?:年初)?预算数?(?:为|是)?\s*")
_PRIOR_BUDGET = re.compile(r"(?:上年|(?P<y>(?:19|20)\d{2})\s*年度?)(?:年初)?预算(?!执行)")


@dataclass(frozen=True)
class Claim:
    role: str  # level / change / prior (last year's budget figure) / other (another year's figure)
    amount: Amount | None  # None: a change stated only as a percentage
    subject: Subject | None
    phrase: str  # the words before the amount that name it
    pos: int  # position of the figure in the text
    sent: int  # index of its sentence
    word: str = ""  # 增加 / 减少 … for a change
    percent: Percent | None = None  # the 幅度 stated with a change
    level: Amount | None = None  # for a change: the level stated before it in the sentence
    percent_word: str = ""  # the direction the 幅度 is written with (「减0.04万元,增0.01%」: 增加), if any


def _direction(word: str) -> str:
    return "减少" if word in ("减少", "下降", "降低", "减") else "增加"


def read(text: str, year: int | None, classes=()) -> tuple[list, list[Claim]]:
    """(sentences, claims) of a normalised text."""
    sents = sentences(text)
    out: list[Claim] = []
    before, within, end = None, None, 0
    for i, (start, stop, s) in enumerate(sents):
        if "\n" in text[max(0, end - 1):start] or (within is not None and within.kind != "class"):
            within = None  # a 类's breakdown runs to the end of its paragraph, another one to its sentence's
        if s.lstrip().startswith("其中") and before is not None:
            within = before  # 「一般公共服务支出938.35万元;其中:基本支出…」: the breakdown of the sentence before
        claims, before = _sentence_claims(s, start, i, year, classes, within)
        out += claims
        end = stop
    return sents, out


def _sentence_claims(s: str, start: int, i: int, year, classes, within=None) -> tuple[list[Claim], Subject | None]:
    """The claims of one sentence, and the last subject it states a level of; `within`: the subject
    whose 「其中」 breakdown the sentence continues."""
    out: list[Claim] = []
    last, last_amount, seen, parent, part = None, None, False, within, within is not None
    other_parent = False  # the figure before 「其中」 is another year's: so are its parts
    used_pcts = set()
    pcts = percentages(s)
    found = amounts(s)
    prev_end = 0
    for k, a in enumerate(found):
        if "其中" in s[prev_end:a.start] and (seen or other_parent):
            part, parent = True, last
        if k == 0 and not re.search(r"[\u4e00-\u9fff]", s[:a.start]):
            part, parent = True, None  # a fragment (a page that starts mid-sentence): whose figures is unseen
        clause = clause_before(s, a.start)
        nxt = found[k + 1].start if k + 1 < len(found) else len(s)
        prev_end = a.end
        change = list(_CHANGE.finditer(clause))
        if change:
            word = change[-1].group(0)
            cmp = _COMPARE.search(clause)
            named = resolve(clause[:cmp.start()], classes) if cmp and cmp.start() > 1 else None
            subj = named or (last if seen else None)
            p = next((p for p in pcts if a.end <= p.start < nxt and _PCT_LINK.match(s[a.end:p.start])), None)
            linked = _CHANGE.findall(s[a.end:p.start].replace("幅度", "")) if p else []
            if p:
                used_pcts.add(p.start)
            out.append(Claim("change", a, subj, clause, start + a.start, i, _direction(word), p, last_amount,
                             _direction(linked[0]) if linked else ""))
            continue
        if not _COMPARE.search(clause) and "|" not in s and _prior_budget(clause, year):
            named = resolve(_PRIOR_BUDGET.sub("", clause), classes)
            if named is None and _PRIOR_ONLY.fullmatch(clause) and seen:
                named = last
            out.append(Claim("prior", a, None if part else named, clause, start + a.start, i))
            continue
        if _COMPARE.search(clause) or _OTHER_YEAR.search(clause) or _other_year(clause, year) \
                or (part and other_parent):
            out.append(Claim("other", a, None, clause, start + a.start, i))
            other_parent = other_parent or not part
            continue
        subj = resolve(clause, classes)
        other_parent = False  # a figure of this year: its 「其中」 parts are this year's
        if part and parent is within and subj is not None and subj.kind == "class":
            part, parent = False, None  # the next 类 of the paragraph: no longer the breakdown before
        if part:
            subj = None if parent is None or parent.kind == "class" or subj is None else \
                subj.with_scope(parent.fund, parent.carry)
        else:
            last, last_amount, seen = subj, a, True
        out.append(Claim("level", a, subj, clause, start + a.start, i))
    for p in pcts:
        if p.start in used_pcts or any(a.start <= p.start < a.end for a in found):
            continue
        w0 = max(0, p.start - 30)
        m = _PCT_ONLY.search(s[w0:p.start])
        if m and not any(w0 + m.start() < a.end <= p.start for a in found):
            cmp_at = s.rfind(m.group(0)[:1], 0, p.start)
            named = resolve(clause_before(s, cmp_at), classes) if cmp_at > 0 else None
            out.append(Claim("change", None, named or (last if seen else None), clause_before(s, p.start),
                             start + p.start, i, _direction(m.group(1)), p, last_amount))
    return out, last


def _prior_budget(clause: str, year) -> bool:
    """The clause dates its figure as last year's budget: 「上年预算」, 「2015年预算」 in a 2016 budget."""
    m = _PRIOR_BUDGET.search(clause)
    return bool(m) and (m.group("y") is None or (bool(year) and int(m.group("y")) == year - 1))


def _other_year(clause: str, year) -> bool:
    return bool(year) and any(int(m.group(1)) != year for m in _YEAR.finditer(clause))

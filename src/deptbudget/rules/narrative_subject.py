"""Who a figure of a 情况说明 is about: the words before an amount, read as a WHOLE phrase and
resolved to one figure of the tree (a total, a fund's total, 基本/项目, 人员/公用, a 类, the 三公
items) — or to nothing. A phrase that does not resolve is left unread, never guessed: 「工资福利支出预算」
is not 「支出预算」, 「初中教育支出」 is not the 类 教育支出.

A phrase resolves when, after trailing filler words (预算, 为, 合计, 类科目 …) are taken off, it ENDS with
a known label and whatever precedes the label only says whose or which money it is (a department
name, a year, 一般公共预算, 本年 …)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..core.model import SpendKind
from ..reference.codes import SANGONG
from ..rollup.measures import SANGONG_SOURCES

SANGONG_ITEMS = {  # label as written (NFKC, no quotes) → SANGONG item(s) it sums
    "因公出国(境)费": ("因公出国（境）费",), "因公出国(境)费用": ("因公出国（境）费",),
    "因公出国(境)经费": ("因公出国（境）费",), "公务接待费": ("公务接待费",),
    "公务用车购置费": ("公务用车购置费",), "公务用车购置经费": ("公务用车购置费",),
    "公务用车运行费": ("公务用车运行费",), "公务用车运行维护费": ("公务用车运行费",),
    "公务用车购置及运行费": ("公务用车购置费", "公务用车运行费"),
    "公务用车购置及运行维护费": ("公务用车购置费", "公务用车运行费"),
    "三公经费": tuple(SANGONG),
    # shorter forms of real texts: 「公务接待11.8万元」「公务用车运行费用10万元」「公务车辆运行2016年预算25万元」
    "公务接待": ("公务接待费",), "公务用车运行费用": ("公务用车运行费",), "公务车运行费": ("公务用车运行费",),
    "公务车辆运行": ("公务用车运行费",), "公务车辆运行费": ("公务用车运行费",),
    "购置及运行费": ("公务用车购置费", "公务用车运行费"), "购置及运行维护费": ("公务用车购置费", "公务用车运行费"),
}
# label → what it denotes; a 类 name is added from the year's code list
LABELS = {
    "支出": "total", "支出总计": "total", "支出合计": "total", "收支": "total", "当年拨款": "total",
    "收入": "income", "收入总计": "income", "收入合计": "income",
    "基本支出": "basic", "项目支出": "project", "人员经费": "personnel", "公用经费": "public",
    "机关运行经费": "agency", "上年结转": "carry",
    **{k: "sangong" for k in SANGONG_ITEMS}, **{k + "支出": "sangong" for k in SANGONG_ITEMS},
}
# words after the label that do not change what it denotes (taken off one at a time, longest first)
_TRAILING = sorted(("为", "是", "达", "计", "共", "共计", "合计", "总额", "总预算", "预算总额", "预算数", "预算",
                    "数", "安排", "金额", "规模", "类科目", "科目", "类", "年初预算", "财政拨款", "一般公共预算",
                    "拨款预算", "财政", "约", "的", "拨入"), key=len, reverse=True)
_TRAILING_YEAR = re.compile(r"(?:19|20)\d{2}\s*年度?$")  # 「公务接待费2016年预算」: the year after the label
# what may stand just before the label: whose money, which year, which fund
_OWNER_END = ("年", "年度", "的", "本年", "当年", "本级", "部门", "单位", "汇总", "全口径", "安排", "使用", "局",
              "委", "办", "院", "中心", "所", "站", "队", "会", "处", "室", "馆", "校", "政府", "镇", "乡", "街道",
              "区", "县", "市", "级", "拨款", "预算", "全年", "其中", "总", ")")
_FUNDS = (("一般公共预算", "general"), ("政府性基金", "fund"), ("国有资本经营", "soe"), ("财政拨款", "fiscal"))
_LEAD = re.compile(r"^(?:[一二三四五六七八九十]+、|[(][一二三四五六七八九十\d]+[)]|\d+[.、)]|[、.,:;\s])+")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」 \u3000")


@dataclass(frozen=True)
class Subject:
    label: str  # the label as matched (NFKC, no quotes)
    kind: str  # total / income / basic / project / personnel / public / sangong / class
    fund: str | None  # general / fund / soe / fiscal, or None (all money)
    carry: bool | None  # False: 本年/当年 only (上年结转 excluded)
    phrase: str  # the words as written before the amount
    part: bool = False  # written after 「其中」
    code: str = ""  # a 类's code

    def with_scope(self, fund, carry) -> "Subject":
        return Subject(self.label, self.kind, self.fund or fund, self.carry if self.carry is not None else carry,
                       self.phrase, self.part, self.code)


def _labels(classes) -> dict[str, tuple[str, str]]:
    out = {k: (v, "") for k, v in LABELS.items()}
    for code, name in classes:
        out.setdefault(name, ("class", code))
    return out


_CACHE: dict = {}


def resolve(phrase: str, classes=()) -> Subject | None:
    """The Subject a phrase denotes, or None. `classes`: (code, name) of the 类."""
    key = tuple(classes)
    labels = _CACHE.get(key) or _CACHE.setdefault(key, _labels(classes))
    s = _LEAD.sub("", phrase.translate(_QUOTES))
    part = s.startswith("其中")
    s = _LEAD.sub("", s[2:]) if part else s
    words = s
    while s:
        hit = _label_at_end(s, labels)
        if hit:
            label, (kind, code) = hit
            if kind == "total" and len(s) > len(label):
                inner = resolve(s[:-len(label)], classes)  # 「三公经费预算支出」 is the 三公, not all spending
                if inner is not None and inner.kind != "total":
                    return Subject(inner.label, inner.kind, inner.fund, inner.carry, phrase.strip(), part, inner.code)
            fund = next((f for w, f in _FUNDS if w in words), None)
            carry = False if _current_only(words, kind) else None
            return Subject(label, kind, fund, carry, phrase.strip(), part, code)
        cut = next((w for w in _TRAILING if s.endswith(w)), None)
        if cut is None:
            year = _TRAILING_YEAR.search(s)
            if year is None:
                return None
            cut = year.group(0)
        s = s[:-len(cut)]
    return None


def _current_only(words: str, kind: str) -> bool:
    """This year's money only, 上年结转 excluded: 当年拨款, 本年/当年 …拨款, 本年收入, 拨款收入, a fund's 收入
    (「一般公共预算收入」: 上年结转 is an income of its own). 「本年支出合计」 is all spending, whatever money pays it."""
    if "当年" in words or ("本年" in words and "拨款" in words):
        return True
    return kind == "income" and ("本年" in words or "拨款" in words or any(w in words for w, _ in _FUNDS))


def _label_at_end(s: str, labels):
    for n in range(min(len(s), 16), 0, -1):
        label = s[-n:]
        if label in labels:
            prefix = s[:-n]
            if not prefix or prefix.endswith(_OWNER_END) or _LEAD.fullmatch(prefix):
                return label, labels[label]
    return None


def value_of(ctx, subj: Subject) -> tuple[Decimal, int, str]:
    """(the tree's figure in 万元, rounded terms behind it, where it comes from in words)."""
    t = ctx.tree
    f = {"fund": subj.fund, "carry": subj.carry}
    scope = {"general": "一般公共预算", "fund": "政府性基金", "soe": "国有资本经营预算", "fiscal": "财政拨款"}.get(subj.fund, "")
    scope += "（不含上年结转）" if subj.carry is False else ""
    if subj.kind == "sangong":
        items = SANGONG_ITEMS[subj.label.removesuffix("支出")]
        # as 表3-3 (一般公共预算) and 表4-1 (政府性基金) show them: rollup.measures
        v = sum((t.total(source=SANGONG_SOURCES, econ=c) for i in items for c in SANGONG[i]), Decimal(0))
        return v, 2 * len(items), _sangong_tables(ctx) + "「" + "」+「".join(items) + "」"
    if subj.kind == "agency":
        agency = {u.code for u in ctx.budget.units if u.kind is not None and u.kind.runs_agency}
        filters = {"kind": SpendKind.PUBLIC, "unit": agency, "fund": "fiscal"}
        return t.total(**filters), 2, "行政单位和参公单位的财政拨款公用经费"
    if subj.kind == "carry":  # 表1: every carried-over source; 表2 (a 财政拨款 section): 财政拨款 only
        from ..rollup.measures import carried

        return carried(t, fiscal=subj.fund == "fiscal"), len(ctx.budget.incomes) or 1, f"表1 {scope}上年结转"
    if subj.kind == "income":
        v = sum((amt for (_u, src), amt in t.income.items()
                 if (subj.fund is None or src.fund_type == subj.fund
                     or (subj.fund == "fiscal" and src.fund_type is not None))
                 and not (subj.carry is False and src.is_carryover)), Decimal(0))
        return v, len(ctx.budget.incomes) or 1, f"表1 {scope}收入合计"
    what = {"total": ({}, "支出合计"), "basic": ({"basic": True}, "基本支出"), "project": ({"basic": False}, "项目支出"),
            "personnel": ({"kind": SpendKind.PERSONNEL}, "人员经费"), "public": ({"kind": SpendKind.PUBLIC}, "公用经费"),
            "class": ({"func": subj.code}, f"{subj.code} {subj.label}")}[subj.kind]
    filters = {**f, **what[0]}
    v = t.total(**filters)
    n = sum(1 for k in t.cells if _match(k, filters)) or 1
    return v, n, f"表 {scope}{what[1]}"


def _sangong_tables(ctx) -> str:
    """The numbers of the 三公 tables of the set the workbook publishes (基本信息「公开表样式」, else
    四川): 「表3-3/表4-1」, 上海 「表9」."""
    from ..rollup.facts import declared_table_set
    from ..tablesets import get

    return "/".join(d.number for d in get(declared_table_set(ctx.budget)[0]).tables if d.make == "sangong")


def _match(key, filters) -> bool:
    from ..rollup.tree import matches

    return matches(key, filters)


def requires_reason(subj: Subject | None, phrase: str) -> bool:
    """The disclosure rules ask a reason for a change of a total, a fund's total, the 三公 and each
    三公 item, 机关运行经费 and 政府采购 — not for each line of a breakdown of an explained total
    (基本/项目, 人员/公用, a 类, an 经济分类 款)."""
    if subj is not None:
        return subj.kind in ("total", "income", "sangong", "agency")
    return any(w in phrase for w in ("机关运行经费", "政府采购"))

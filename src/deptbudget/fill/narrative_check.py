"""Check a 情况说明 the department wrote itself against the tables and against itself.

`check_text(text, tree)` recomputes every amount and percentage it can recognise and returns
TextIssue values (kind, severity, Chinese message, the figures). The validation catalog's
narrative rules (rules/narrative.py) turn them into findings with their codes; `KINDS` lists what
each kind means. Differences within `tolerance` (尾差 of the published two-decimal figures) are
not reported: the table rules report those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..core.findings import Severity
from ..core.model import SpendKind
from ..core.money import HALF_CENT, fmt_plain, round2
from ..reference.codes import codebook
from ..rollup.tree import ZERO, Tree
from .narrative import pct
from .sangong import figures as sangong_figures

TOLERANCE = Decimal("0.02")  # 万元: two-decimal figures printed from exact sums may differ this much
KINDS = {
    "amount": "金额与公开表不符",
    "percent": "百分比不能由所述金额算出",
    "precision": "同一组占比保留的小数位数不一致",
    "share_sum": "各项占比之和不为 100%（超出四舍五入可解释的范围）",
    "parts": "分项之和不等于所述合计",
    "repeat": "同一数字在文中两处写法不同",
    "item_name": "功能分类项级科目名称与金额不符（可能写错科目）",
    "class_name": "功能分类类级名称错误",
    "unknown_item": "文中的功能分类项级科目不在本部门预算中",
    "year": "年份不是预算年度",
    "count": "项目个数相加不等于所述总数",
}
AMT = r"(\d[\d,]*(?:\.\d+)?)"
HAN = r"([\u4e00-\u9fff“”]+?)"


@dataclass(frozen=True)
class TextIssue:
    kind: str
    severity: Severity
    message: str
    params: dict = field(default_factory=dict, compare=False, hash=False)
    excerpt: str = ""


def num(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def places(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


HEADING = re.compile(r"^(?:[（][一二三四五六七八九十]+[）]|[一二三四五六七八九十]+、)[^。]*$")


def normalize(text: str) -> str:
    """One line: PDF line breaks joined (a heading ends with "|"), half-width brackets made
    full-width, ** dropped."""
    text = text.replace("**", "").replace("(", "（").replace(")", "）").replace(":", "：")
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    return "".join(l + "|" if HEADING.match(l) else l for l in lines)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。！？])", text) if s.strip()]


def excerpt(text: str, start: int, end: int, pad: int = 12) -> str:
    return text[max(0, start - pad):end + pad]


class Checker:
    def __init__(self, text: str, tree: Tree, tolerance: Decimal = TOLERANCE):
        self.raw, self.tree, self.tol = text, tree, tolerance
        self.text = normalize(text)
        d = tree.department
        self.year = d.year
        self.book = codebook("function", d.year)
        self.issues: list[TextIssue] = []

    def add(self, kind: str, severity: Severity, message: str, at: str = "", **params) -> None:
        self.issues.append(TextIssue(kind, severity, message, params, at))

    def run(self) -> list[TextIssue]:
        for check in (self.amounts, self.percents, self.changes, self.items, self.years,
                      self.counts, self.basic_parts):
            check()
        return self.issues

    # -- amounts against the tables --------------------------------------------------
    def targets(self) -> list[tuple[str, str, Decimal | tuple]]:
        """(label, pattern, the tables' figure or the figures any of which is right)."""
        t = self.tree
        general = dict(fund="general", carry=False)
        income = t.income_total() or t.total()
        out = [
            ("财政拨款收支总预算", r"财政拨款收支总预算", t.total(fund="fiscal")),
            ("收支总预算", r"(?<!财政拨款)收支总预算", income),
            ("收入预算", r"收入预算", t.income_total()),
            ("支出预算", r"(?<!一般公共预算)支出预算", t.total()),
            ("一般公共预算当年拨款", r"一般公共预算当年拨款", t.total(**general)),
            ("一般公共预算基本支出", r"一般公共预算基本支出", t.total(basic=True, **general)),
            ("基本支出", r"(?<!一般公共预算)基本支出", t.total(basic=True)),
            ("项目支出", r"项目支出", t.total(basic=False)),
            # 人员经费/公用经费 are stated in 四、一般公共预算基本支出
            ("人员经费", r"人员经费", t.total(kind=SpendKind.PERSONNEL, **general)),
            ("公用经费", r"(?<!日常)公用经费", t.total(kind=SpendKind.PUBLIC, **general)),
            ("“三公”经费", r"“三公”经费财政拨款预算数", sangong_figures(t).total),
        ]
        # a 类 is stated for all money (一), 财政拨款 (二), 一般公共预算 (三), 政府性基金 (六)…
        scopes = ({}, {"fund": "fiscal"}, {"fund": "general", "carry": False}, {"fund": "fund"}, {"fund": "soe"})
        for (c,), v in t.group(("class",)).items():
            name = self.book.name(c)
            if name:
                out.append((name, re.escape(name) + r"(?!（)", tuple(t.total(func=c, **sc) for sc in scopes)))
        return out

    def amounts(self) -> None:
        for name, label, want in self.targets():
            seen: list[Decimal] = []
            for mo in re.finditer(label + r"\s*(?:为|数为)?\s*" + AMT + r"\s*万元", self.text):
                got = num(mo.group(1))
                at = excerpt(self.text, mo.start(), mo.end())
                wants = want if isinstance(want, tuple) else (want,)
                if all(abs(got - w) > self.tol for w in wants):
                    self.add("amount", Severity.ERROR,
                             f"「{name}」写为 {fmt_plain(got)} 万元，公开表为 {fmt_plain(wants[0])} 万元", at,
                             label=name, stated=got, table=wants[0])
                if len(wants) == 1 and any(abs(got - s) > self.tol for s in seen):
                    self.add("repeat", Severity.ERROR,
                             f"「{name}」前文写 {fmt_plain(seen[0])} 万元，此处写 {fmt_plain(got)} 万元", at,
                             label=name, first=seen[0], second=got)
                seen.append(got)

    # -- percentages -----------------------------------------------------------------
    def percents(self) -> None:
        for para in re.split(r"(?=（[一二三四五六七八九十]+）)|(?=[一二三四五六七八九十]+、)", self.text):
            parts = [(mo, num(mo.group(2)), mo.group(3)) for mo in re.finditer(
                HAN + r"\s*" + AMT + r"\s*万元，占[\u4e00-\u9fff]*?\s*(\d+(?:\.\d+)?)%", para)]
            if not parts:
                continue
            whole_mo = re.search(AMT + r"\s*万元，其中：", para)
            whole = num(whole_mo.group(1)) if whole_mo else sum((a for _, a, _ in parts), ZERO)
            self._check_shares(para, parts, whole)

    def _check_shares(self, para: str, parts, whole: Decimal) -> None:
        digits = {places(p) for _, _, p in parts}
        total = ZERO
        for mo, amount, stated in parts:
            share = amount * 100 / whole if whole else ZERO
            want = share.quantize(Decimal(1).scaleb(-places(stated)), rounding="ROUND_HALF_UP")
            total += num(stated)
            if num(stated) != want:
                self.add("percent", Severity.ERROR,
                         f"「{mo.group(1)} {fmt_plain(amount)} 万元，占 {stated}%」：{fmt_plain(amount)} ÷ "
                         f"{fmt_plain(whole)} = {fmt_plain(round2(share))}%", excerpt(para, mo.start(), mo.end(), 0),
                         label=mo.group(1), stated=num(stated), computed=round2(share))
        if len(digits) > 1:
            self.add("precision", Severity.INFO, "同一组占比的小数位数不一致（" +
                     "、".join(f"{p}%" for _, _, p in parts) + "）", para[:40])
        slack = sum((Decimal(5).scaleb(-places(p) - 1) for _, _, p in parts), ZERO)
        sums_to_whole = abs(sum((a for _, a, _ in parts), ZERO) - whole) <= self.tol
        if len(parts) > 1 and sums_to_whole and abs(total - 100) > slack:
            self.add("share_sum", Severity.WARNING, f"各项占比之和为 {fmt_plain(total)}%", para[:40],
                     total=total)

    def changes(self) -> None:
        pattern = AMT + r"\s*万元[^。]*?[比较]\s*\d{4}\s*年[^。]*?(增加|减少)\s*" + AMT + r"\s*万元，(?:增长|下降)\s*(\d+(?:\.\d+)?)%"
        for mo in re.finditer(pattern, self.text):
            now, diff = num(mo.group(1)), num(mo.group(3))
            before = now - diff if mo.group(2) == "增加" else now + diff
            stated = mo.group(4)
            want = pct(diff, before).quantize(Decimal(1).scaleb(-places(stated)), rounding="ROUND_HALF_UP")
            if before and num(stated) != want:
                self.add("percent", Severity.ERROR,
                         f"增减 {fmt_plain(diff)} 万元、上年 {fmt_plain(before)} 万元，增减率应为 {fmt_plain(want)}%，"
                         f"文中为 {stated}%", excerpt(self.text, mo.start(), mo.end(), 0),
                         stated=num(stated), computed=want)

    # -- 功能分类 项 paragraphs --------------------------------------------------------
    def items(self) -> None:
        used = {c: v for (c,), v in self.tree.group(("func",), fund="general", carry=False).items() if v}
        pattern = HAN + r"（类）(?:" + HAN + r"（款）)?" + HAN + r"（项）：?\s*(\d{4})\s*年预算数为\s*" + AMT + r"\s*万元"
        for mo in re.finditer(pattern, self.text):
            cls, item, amount = mo.group(1), mo.group(3), num(mo.group(5))
            at = excerpt(self.text, mo.start(), mo.end(), 0)
            codes = [c for c in used if _same(self.book.name(c) or "", item)]
            codes = [c for c in codes if _same_class(self.book.name(c[:3]) or "", cls)] or codes
            if not codes:
                self._unknown_item(item, amount, used, at)
                continue
            code = min(codes, key=lambda c: abs(used[c] - amount))
            cname = self.book.name(code[:3]) or ""
            if not _same_class(cname, cls):
                self.add("class_name", Severity.ERROR, f"「{cls}（类）」不是 {code} {item} 所属的类，应为「{cname}（类）」",
                         at, stated=cls, expected=cname, code=code)
            if abs(used[code] - amount) > self.tol:
                other = [c for c, v in used.items() if abs(v - amount) <= self.tol and c != code]
                hint = "；".join(f"{c} {self.book.name(c)} 为 {fmt_plain(used[c])} 万元" for c in other)
                self.add("item_name", Severity.ERROR,
                         f"「{item}（项）」写为 {fmt_plain(amount)} 万元，该科目（{code}）为 {fmt_plain(used[code])} 万元"
                         + (f"；{hint}，科目名称可能写错" if hint else ""), at,
                         item=item, code=code, stated=amount, table=used[code], candidates=other)

    def _unknown_item(self, item: str, amount: Decimal, used: dict, at: str) -> None:
        other = [c for c, v in used.items() if abs(v - amount) <= self.tol]
        self.add("unknown_item", Severity.WARNING,
                 f"「{item}（项）」不是本部门预算使用的科目" + (
                     "；金额与 " + "、".join(f"{c} {self.book.name(c)}" for c in other) + " 相同" if other else ""),
                 at, item=item, stated=amount, candidates=other)

    # -- years, counts, parts ----------------------------------------------------------
    def years(self) -> None:
        last = self.year - 1
        for mo in re.finditer(r"(\d{4})\s*年", self.text):
            y = int(mo.group(1))
            if y == self.year or y < 1990 or y > 2100:
                continue
            before, after = self.text[max(0, mo.start() - 6):mo.start()], self.text[mo.end():mo.end() + 2]
            comparing = re.search(r"[比较]|截至|截止|与|同", before) or after.startswith(("底", "末"))
            if y == last and comparing:
                continue
            self.add("year", Severity.WARNING if y == last else Severity.INFO,
                     f"「{excerpt(self.text, mo.start(), mo.end(), 0)}」：写的是 {y} 年，预算年度是 {self.year} 年",
                     excerpt(self.text, mo.start(), mo.end(), 16), stated=y, year=self.year)

    def counts(self) -> None:
        for mo in re.finditer(r"项目\s*(\d+)\s*个[^。]*。?\s*其中：([^。]*)", self.text):
            total = int(mo.group(1))
            parts = [(n, int(c)) for n, c in re.findall(r"([\u4e00-\u9fff]+?)项目\s*(\d+)\s*个", mo.group(2))]
            if parts and sum(c for _, c in parts) != total:
                self.add("count", Severity.ERROR,
                         f"项目总数写为 {total} 个，而 " + " + ".join(f"{n} {c}" for n, c in parts)
                         + f" = {sum(c for _, c in parts)} 个", excerpt(self.text, mo.start(), mo.end(), 0),
                         stated=total, parts=dict(parts))
            self._category_counts(parts, mo.group(0))

    def _category_counts(self, parts, at: str) -> None:
        mine: dict[str, int] = {}
        for p in self.tree.projects:
            if p.category:
                mine[p.category.value] = mine.get(p.category.value, 0) + 1
        for name, c in parts:
            if name in mine and mine[name] != c:
                self.add("count", Severity.ERROR, f"{name}项目写为 {c} 个，项目支出表中为 {mine[name]} 个", at,
                         category=name, stated=c, table=mine[name])

    def basic_parts(self) -> None:
        mo = re.search(r"基本支出\s*" + AMT + r"\s*万元，其中：人员经费\s*" + AMT + r"\s*万元.*?公用经费\s*" + AMT,
                       self.text)
        if mo:
            whole, a, b = (num(mo.group(i)) for i in (1, 2, 3))
            if abs(a + b - whole) > HALF_CENT * 3:
                self.add("parts", Severity.ERROR if abs(a + b - whole) > self.tol else Severity.INFO,
                         f"人员经费 {fmt_plain(a)} + 公用经费 {fmt_plain(b)} = {fmt_plain(a + b)} 万元，"
                         f"基本支出写为 {fmt_plain(whole)} 万元", mo.group(0)[:40], whole=whole, parts=[a, b])


def _same(name: str, stated: str) -> bool:
    def norm(s: str) -> str:
        return s.replace("的", "").removesuffix("支出")

    return bool(name) and norm(name) == norm(stated)


def _same_class(name: str, stated: str) -> bool:
    return bool(name) and name.removesuffix("支出") == stated.removesuffix("支出")


def check_text(text: str, tree: Tree, tolerance: Decimal = TOLERANCE) -> list[TextIssue]:
    try:
        return Checker(text, tree, tolerance).run()
    except (InvalidOperation, ValueError, ArithmeticError):
        return [TextIssue("internal", Severity.WARNING, "情况说明中有无法识别的数字，部分核对未完成")]

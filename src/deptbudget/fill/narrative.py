"""Draft the 情况说明 (第二部分 of the disclosure) from the tree of totals.

Every amount comes from the tree; percentages are exact shares rounded ROUND_HALF_UP to two
decimals at presentation. The table set (tablesets) decides whose text it is — a department's
(部门预算管理, 部门预算单位构成) or one unit's (单位…) — and the unit amounts are written in
(TableSet.narration: the seed's 万元, or 元 with two decimals where the tables print 元).
Shares are never adjusted to add up to 100%: when the rounded shares of a list do not, the
paragraph says so (ROUNDING_RULE). Reasons for changes that the data does
not hold are left as a visible placeholder (REASON) for the office to fill in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.model import ProjectCategory, SpendKind
from ..core.money import fmt, fmt_plain, round2, share
from ..core.placeholder import PATTERN as PLACEHOLDER
from ..core.placeholder import placeholder
from ..reference.codes import codebook, workbook_name
from ..rollup.measures import income_items
from ..rollup.tree import ZERO, Tree
from ..tablesets import DEFAULT, Narration, TableSet
from . import glossary as g
from . import sangong
from .common import core_name, prior, short_unit

REASON = placeholder("填写增减原因")
UNIT_KIND = placeholder("在「单位信息」中填写单位类型")
ABOUT = placeholder("填写该科目的说明")  # 名词解释 of a 科目 nobody names
HUNDRED = Decimal(100)
CN = "一二三四五六七八九十"


def rounding_rule(total: Decimal) -> str:
    return (f"（各项占比按四舍五入保留两位小数，合计为 {fmt_plain(total)}%，与 100% 的差额系四舍五入所致，"
            "未作调整。）")


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    level: int = 1  # 0: 第一部分 1: 一、 2: （一）

    def text(self) -> str:
        return "\n".join(((self.heading,) if self.heading else ()) + self.paragraphs)


@dataclass(frozen=True)
class Narrative:
    title: str
    sections: tuple[Section, ...]
    figures: dict = field(default_factory=dict, compare=False, hash=False)  # key → Decimal

    def text(self) -> str:
        return "\n\n".join([self.title] + [s.text() for s in self.sections])

    def paragraphs(self):
        """(style, text) in reading order: title, part, heading1, heading2, body."""
        yield "title", self.title
        for s in self.sections:
            if s.heading:
                yield ("part", "heading1", "heading2")[min(s.level, 2)], s.heading
            for p in s.paragraphs:
                yield "body", p

    @property
    def placeholders(self) -> int:
        """How many marked placeholders (〔请…〕) the office still has to fill in."""
        return len(PLACEHOLDER.findall(self.text()))


def pct(part: Decimal, whole: Decimal) -> Decimal:
    s = share(part, whole)
    return round2(s) if s is not None else ZERO


def m(x: Decimal, way: Narration = DEFAULT.narration) -> str:
    """An amount as the text writes it: 8022.01 万元 (the seed), or 80,220,141.00 元 (exact × 10000,
    then ROUND_HALF_UP to the cent, as the set's tables print it)."""
    v = x * way.scale if way.scale != 1 else x
    if way.decimals is None:
        return f"{fmt_plain(v)} {way.unit}"
    return f"{fmt(v, thousands=way.thousands)} {way.unit}"


def p(x: Decimal) -> str:
    return f"{fmt_plain(x)}%"


class Drafter:
    """Collects figures while writing; one method per section."""

    def __init__(self, tree: Tree, ts: TableSet = DEFAULT):
        self.tree, self.budget, self.way = tree, tree.budget, ts.narration
        d = tree.department
        self.org = ts.scope  # 部门 | 单位: whose budget the text speaks of
        self.year, self.dept = d.year, ts.owner(d, tree.units)[1]
        self.last = d.year - 1 if d.year else None
        self.who = f"{self.dept}{'部门汇总' if d.form == '部门' and self.org == '部门' else ''}"
        self.fig: dict[str, Decimal] = {}
        self.book = codebook("function", d.year)

    def m(self, x: Decimal) -> str:
        return m(x, self.way)

    def put(self, key: str, value: Decimal) -> Decimal:
        self.fig[key] = value
        return value

    def name(self, code: str) -> str:
        """The 科目's name as the tables print it (the year's code list, else the workbook's own
        科目名称); a marked placeholder when nobody names it."""
        return (self.book.name(code) or workbook_name(self.budget.facts, code)
                or placeholder(f"填写科目 {code} 的名称（或导入 {self.year} 年科目表）"))

    def _about(self, code: str, wording: str, ask: str = ABOUT) -> str:
        """Standard wording around a known name; for a code nobody names, the placeholder `ask`
        (its name is already asked for where the 科目 is written)."""
        known = self.book.name(code) or workbook_name(self.budget.facts, code)
        return wording.format(known) if known else ask

    def chain(self, code: str) -> str:
        """类、款、项 names: 社会保障和就业支出（类）人力资源和社会保障管理事务（款）行政运行（项）."""
        return "".join(f"{self.name(code[:n])}（{level}）" for n, level in ((3, "类"), (5, "款"), (7, "项"))
                       if n <= len(code))

    def change(self, now: Decimal, item: str, what: str, key: str) -> str:
        """比上年增减 sentence, or '' when the prior-year figure is not given."""
        before = prior(self.budget, item)
        if before is None:
            return ""
        diff = self.put(key + "_change", now - before)
        if diff == 0:
            return f"，与 {self.last} 年{what}持平"
        word = "增加" if diff > 0 else "减少"
        rate = f"，{'增长' if diff > 0 else '下降'} {p(abs(pct(diff, before)))}" if round2(before) else ""
        if round2(before):
            self.put(key + "_change_pct", pct(diff, before))
        return f"，比 {self.last} 年{what}{word} {self.m(abs(diff))}{rate}，主要原因是{REASON}"

    def shares(self, parts: list[tuple[str, Decimal]], whole: Decimal, key: str, label: str = "占") -> str:
        items, rounded = [], []
        for name, amount in parts:
            r = self.put(f"{key}_pct:{name}", pct(amount, whole))
            rounded.append(r)
            items.append(f"{name} {self.m(amount)}，{label} {p(r)}")
        text = "；".join(items) + "。"
        total = sum(rounded, ZERO)
        if len(parts) > 1 and total != HUNDRED and sum((a for _, a in parts), ZERO) == whole:
            text += rounding_rule(total)
        return text

    # -- sections ------------------------------------------------------------------
    # -- 第一部分 概况 ------------------------------------------------------------------
    def profile(self) -> list[Section]:
        return [Section(f"第一部分 {self.dept}概况", level=0), Section("一、基本职能及主要工作"),
                Section(f"（一）{self.dept}职能简介", (g.FUNCTIONS if self.org == '部门' else g.UNIT_FUNCTIONS,), 2),
                Section(f"（二）{self.dept} {self.year} 年重点工作", (g.KEY_WORK,), 2),
                Section(f"二、{self.org}预算单位构成", (self._composition(),))]

    def _composition(self) -> str:
        """The units and their kinds, as the seed writes it: 本级 (the unit named like the
        department) 为一级预算行政单位; the others by kind."""
        units = self.tree.units
        if not units:
            return f"「单位信息」尚未填写预算单位{placeholder('在「单位信息」中登记预算单位')}。"
        if self.org == "单位":  # one unit's own budget
            return f"{self.dept}为{_kind(units[0])}。{self.year} 年{self.dept}单位预算只包含{self.dept}本级。"
        own = next((u for u in units if u.name == self.dept), None)
        others = [u for u in units if u is not own]
        text = f"{self.dept}为一级预算{_kind(own)}。" if own else ""
        if not others:
            return text + f"{self.year} 年{self.who}只包含{self.dept}本级。"
        by_kind: dict[str, list[str]] = {}
        for u in others:
            by_kind.setdefault(_kind(u), []).append(short_unit(u.name, self.dept))
        listed = "；".join(f"{kind} {len(names)} 个：{'、'.join(names)}" for kind, names in by_kind.items())
        head = f"包含{self.dept}本级及下属" if own else "包含"
        return text + f"{self.year} 年{self.who}{head} {len(others)} 个独立核算单位，其中{listed}。"

    # -- 第二部分 情况说明 --------------------------------------------------------------
    def overview(self) -> list[Section]:
        t, y = self.tree, self.year
        income = self.put("income", t.income_total())
        spend = self.put("total", t.total())
        basic = self.put("basic", t.total(basic=True))
        project = self.put("project", t.total(basic=False))
        sources = [(label, v) for label, v in income_items(t) if v]  # as 表1 lists them
        classes = [self.name(c) for (c,), v in t.group(("class",)).items() if v]
        total = income or spend
        self.put("grand", total)
        intro = (f"按照综合预算的原则，{self.dept}将{self.org}所有收入和支出均纳入{self.org}预算管理。收入包括："
                 f"{'、'.join(n for n, _ in sources) or '无'}；支出包括：{'、'.join(classes) or '无'}。"
                 f"{self.who} {y} 年收支总预算 {self.m(total)}"
                 f"{self.change(total, '收支总预算', '收支预算总数', 'grand')}。")
        inc = (f"{self.who} {y} 年收入预算 {self.m(income)}，其中："
               + self.shares(sources, income, "income", "占收入预算")
               if sources else f"{self.who} {y} 年收入表尚未填列。")
        out = (f"{self.who} {y} 年支出预算 {self.m(spend)}，其中："
               + self.shares([("基本支出", basic), ("项目支出", project)], spend, "spend", "占支出预算"))
        return [Section("一、收支预算情况说明", (intro,)),
                Section("（一）收入预算情况", (inc,), 2), Section("（二）支出预算情况", (out,), 2)]

    def fiscal(self) -> list[Section]:
        t = self.tree
        total = self.put("fiscal", self._fiscal_income())
        spend = t.group(("class",), fund="fiscal")
        sources = [(label, v) for label, v in income_items(t, fiscal=True) if v]  # as 表2 lists them
        text = (f"{self.who} {self.year} 年财政拨款收支总预算 {self.m(total)}"
                f"{self.change(total, '财政拨款收支总预算', '财政拨款收支总预算', 'fiscal')}。"
                f"收入包括：{'、'.join(f'{n} {self.m(v)}' for n, v in sources) or '无'}；支出包括："
                f"{'、'.join(f'{self.name(c)} {self.m(v)}' for (c,), v in spend.items() if v) or '无'}。")
        for (c,), v in spend.items():
            self.put(f"fiscal_class:{c}", v)
        return [Section("二、财政拨款收支预算情况说明", (text,))]

    def _fiscal_income(self) -> Decimal:
        t = self.tree
        income = sum((v for _, v in income_items(t, fiscal=True)), ZERO)
        return income or t.total(fund="fiscal")

    def general(self) -> list[Section]:
        t, y = self.tree, self.year
        scope = dict(fund="general", carry=False)
        total = self.put("general", t.total(**scope))
        scale = (f"{self.who} {y} 年一般公共预算当年拨款 {self.m(total)}"
                 f"{self.change(total, '一般公共预算当年拨款', '预算数', 'general')}。")
        classes = [(self.name(c), v) for (c,), v in t.group(("class",), **scope).items() if v]
        for (c,), v in t.group(("class",), **scope).items():
            self.put(f"class:{c}", v)
        structure = self.shares(classes, total, "class")
        uses = [self._use(i, code, v) for i, ((code,), v) in
                enumerate(((k, v) for k, v in t.group(("func",), **scope).items() if v), start=1)]
        return [Section("三、一般公共预算当年拨款情况说明"),
                Section("（一）一般公共预算当年拨款规模变化情况", (scale,), 2),
                Section("（二）一般公共预算当年拨款结构情况", (structure,), 2),
                Section("（三）一般公共预算当年拨款具体使用情况", tuple(uses), 2)]

    def _use(self, n: int, code: str, amount: Decimal) -> str:
        self.put(f"func:{code}", amount)
        t = self.tree
        purpose = g.PURPOSES.get(code) or self._about(code, "{}方面的支出", placeholder("填写该科目的主要用途"))
        projects = []
        for u in t.units:
            projects += [f"{core_name(name)} {self.m(v)}" for name, v in
                         t.project_totals(u.code, code, fund="general", carry=False).items() if v]
        basic = t.total(func=code, basic=True, fund="general", carry=False)
        extra = ""
        if projects:  # worded without the labels 基本支出/项目支出, which the text check reads
            extra = f"，{'含' if basic else '具体为：'}{'、'.join(projects)}"
        return f"{n}. {self.chain(code)}{self.year} 年预算数为 {self.m(amount)}，主要用于：{purpose}{extra}。"

    def basic(self) -> list[Section]:
        t = self.tree
        # all 一般公共预算 basic spending, 上年结转 included: what 表3-1 shows
        total = self.put("general_basic", t.total(fund="general", basic=True))
        personnel = self.put("personnel", t.total(kind=SpendKind.PERSONNEL, fund="general"))
        public = self.put("public", t.total(kind=SpendKind.PUBLIC, fund="general"))
        return [Section("四、一般公共预算基本支出情况说明", (
            f"{self.who} {self.year} 年一般公共预算基本支出 {self.m(total)}，其中：",
            f"人员经费 {self.m(personnel)}，主要包括：{g.PERSONNEL_COVERS}支出。",
            f"公用经费 {self.m(public)}，主要包括：{g.PUBLIC_COVERS}支出。"))]

    def sangong(self) -> list[Section]:
        f = sangong.figures(self.tree)
        self.put("sangong", f.total)
        names = {"公务用车运行费": "公务用车运行维护费"}
        listed = [f"{names.get(i.item, i.item)} {self.m(i.amount)}" for i in f.items if i.amount]
        for i in f.items:
            self.put(f"sangong:{i.item}", i.amount)
        head = f"{self.who} {self.year} 年“三公”经费财政拨款预算数 {self.m(f.total)}"
        head += f"，其中：{'，'.join(listed)}。" if listed else "。"
        if f.prior_total is not None:
            head += self.change_text(f.total, f.prior_total, "“三公”经费预算", "sangong")
        paras = [head]
        for k, i in enumerate(f.items):
            paras.append(f"（{CN[k]}）{self._sangong_item(i, names.get(i.item, i.item))}")
        return [Section("五、“三公”经费财政拨款预算安排情况说明", tuple(paras))]

    def change_text(self, now, before, what, key) -> str:
        diff = self.put(key + "_change", now - before)
        if diff == 0:
            return f"与 {self.last} 年{what}持平。"
        word = "增加" if diff > 0 else "减少"
        rate = f"，{'增长' if diff > 0 else '下降'} {p(abs(pct(diff, before)))}" if round2(before) else ""
        return f"比 {self.last} 年{what}{word} {self.m(abs(diff))}{rate}，主要原因是{REASON}。"

    def _sangong_item(self, i: sangong.ItemChange, name: str) -> str:
        now = (f"{self.year} 年{name}预算 {self.m(i.amount)}" if i.amount
               else f"{self.year} 年未安排{name}")
        if i.prior is None:
            cmp = ""
        elif i.change == 0:
            cmp = f"，与 {self.last} 年预算持平"
        else:
            word = "增加" if i.change > 0 else "减少"
            rate = (f"，{'增长' if i.change > 0 else '下降'} {p(abs(round2(i.percent)))}"
                    if i.percent is not None and round2(i.prior) else "")
            cmp = f"，较 {self.last} 年预算{word} {self.m(abs(i.change))}{rate}，主要原因是{REASON}"
        text = now + cmp + "。"
        if i.item == sangong.CAR_RUN and i.amount:
            text += f"{self.year} 年公务用车运行维护费计划用于{g.CAR_RUN_USE}。"
            f = sangong.figures(self.tree)
            if f.vehicles is not None:
                text += f"单位现有公务用车 {f.vehicles} 辆"
                text += f"，其中定向保障用车 {f.dedicated} 辆。" if f.dedicated else "。"
        return text

    def funds(self) -> list[Section]:
        out = []
        for _n, (fund, label, head) in enumerate((("fund", "政府性基金预算", "六、政府性基金预算支出情况说明"),
                                                 ("soe", "国有资本经营预算", "七、国有资本经营预算情况说明"))):
            total = self.put(f"{fund}_total", self.tree.total(fund=fund))
            if not total:
                text = f"{self.dept} {self.year} 年没有使用{label}拨款安排的支出。"
            else:
                classes = self.tree.group(("class",), fund=fund)
                text = (f"{self.who} {self.year} 年{label}拨款支出 {self.m(total)}，其中："
                        + "；".join(f"{self.name(c)} {self.m(v)}" for (c,), v in classes.items() if v) + "。")
            out.append(Section(head, (text,)))
        return out

    def others(self) -> list[Section]:
        return [Section("八、其他重要事项的情况说明"), self._agency(), self._procurement(),
                self._assets(), self._performance()]

    def _agency(self) -> Section:
        t = self.tree
        units = {u.code for u in t.units if u.kind and u.kind.runs_agency}
        if not units:
            if any(u.kind is None for u in t.units):
                text = f"{self.dept}所属单位的单位类型未填写完整{UNIT_KIND}，机关运行经费无法确定。"
            else:  # a prior year's figure still gets its change (a unit that was 参公 last year)
                whose = "为事业单位" if self.org == "单位" else "所属单位均为事业单位"
                text = (f"{self.dept}{whose}，{self.year} 年不涉及机关运行经费"
                        f"{self.change(ZERO, '机关运行经费', '预算', 'agency')}。")
            return Section("（一）机关运行经费情况", (text,), 2)
        amount = self.put("agency", t.total(kind=SpendKind.PUBLIC, fund="fiscal", unit=frozenset(units)))
        return Section("（一）机关运行经费情况", (
            f"{self.year} 年，{self.who}的机关运行经费财政拨款预算为 {self.m(amount)}"
            f"{self.change(amount, '机关运行经费', '预算', 'agency')}。",), 2)

    def _fact(self, key: str) -> Decimal:
        raw = str(self.budget.facts.get(key) or "0").strip() or "0"
        try:
            return Decimal(raw.replace(",", ""))
        except ArithmeticError:
            return ZERO

    def _procurement(self) -> Section:
        parts = [(n, self._fact(k)) for n, k in (("货物", "procurement_goods"), ("工程", "procurement_works"),
                                                 ("服务", "procurement_services"))]
        total = self.put("procurement", sum((v for _, v in parts), ZERO))
        if not total:
            text = f"{self.year} 年，{self.who}未安排政府采购预算。"
        else:
            text = (f"{self.year} 年，{self.who}安排政府采购预算 {self.m(total)}，其中："
                    + "、".join(f"政府采购{n}预算 {self.m(v)}" for n, v in parts if v) + "。")
        return Section("（二）政府采购情况", (text,), 2)

    def _assets(self) -> Section:
        f = sangong.figures(self.tree)
        cars, dedicated = f.vehicles or 0, int(self._fact("vehicles_dedicated"))
        big = int(self._fact("large_equipment"))
        buy_cars, buy_big = int(self._fact("vehicle_purchase_plan")), int(self._fact("large_equipment_plan"))
        text = f"截至 {self.last} 年底，{self.who}共有公务用车 {cars} 辆"
        text += f"，其中定向保障用车 {dedicated} 辆" if dedicated else ""
        text += f"；单位价值 200 万元以上大型设备 {big} 台（套）。"
        if buy_cars or buy_big:
            text += (f"{self.year} 年{self.org}预算安排购置车辆 {buy_cars} 辆，"
                     f"单位价值 200 万元以上大型设备 {buy_big} 台（套）。")
        else:
            text += f"{self.year} 年{self.org}预算未安排车辆及单位价值 200 万元以上大型设备购置预算。"
        return Section("（三）国有资产占有使用情况", (text,), 2)

    def _performance(self) -> Section:
        t = self.tree
        count: dict[str, int] = {}
        amount: dict[str, Decimal] = {}
        for proj in t.projects:
            cat = proj.category.value if proj.category else "未分类"
            v = t.project_totals(proj.unit).get(proj.name, ZERO)
            count[cat] = count.get(cat, 0) + 1
            amount[cat] = amount.get(cat, ZERO) + v
        order = [c.value for c in ProjectCategory] + ["未分类"]
        cats = [c for c in order if c in count]
        n, total = sum(count.values()), sum(amount.values(), ZERO)
        self.put("perf_count", Decimal(n))
        self.put("perf_amount", total)
        text = f"{self.year} 年{self.who}开展绩效管理的项目 {n} 个，涉及预算 {self.m(total)}"
        text += ("。其中：" + "；".join(f"{c}项目 {count[c]} 个，涉及预算 {self.m(amount[c])}" for c in cats) + "。"
                 if cats else "。")
        return Section("（四）预算绩效情况", (g.PERF_INTRO.format(year=self.year, dept=self.who), text), 2)

    def glossary(self) -> Section:
        """Every income item the budget has (as 表1 names it), every 类 and 项 it spends on, and
        the terms the text uses."""
        terms = [(label, g.INCOME_TERMS[label]) for label, v in income_items(self.tree)
                 if v or label in g.ALWAYS_EXPLAINED]
        used = [code for (code,), v in self.tree.group(("func",)).items() if v]
        for cls in dict.fromkeys(code[:3] for code in used):
            terms.append((self.name(cls), g.CLASS_DEFINITIONS.get(cls) or self._about(cls, "反映{}方面的支出。")))
            terms += [(self.chain(code), g.DEFINITIONS.get(code) or self._about(code, "反映{}方面的支出。"))
                      for code in used if code[:3] == cls]
        terms += g.terms_after(self.org)
        return Section("名词解释", tuple(f"（{_cn(k)}）{name}：{text}" for k, (name, text) in
                                        enumerate(terms, start=1)))


def _kind(unit) -> str:
    return unit.kind.value if unit.kind else f"单位{UNIT_KIND}"


def _cn(n: int) -> str:
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN[tens - 1] + "十")
    return head + (CN[ones - 1] if ones else "")


def draft(tree: Tree, table_set: TableSet | None = None) -> Narrative:
    """The 情况说明 of `table_set` (default 四川部门预算); a unit's set needs a budget of one unit."""
    d = Drafter(tree, table_set or DEFAULT)
    if d.org == "单位":
        form = "单位预算"
    else:
        form = "部门汇总预算" if tree.department.form == "部门" else "部门预算"
    title = f"{d.dept} {d.year} 年{form}情况说明"
    part2 = Section(f"第二部分 {d.dept} {d.year} 年{form}情况说明", level=0)
    sections = (d.profile() + [part2] + d.overview() + d.fiscal() + d.general() + d.basic() + d.sangong()
                + d.funds() + d.others() + [d.glossary()])
    return Narrative(title, tuple(sections), d.fig)


HEADING1 = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分|名词解释)")
PART = re.compile(r"^第[一二三四五六七八九十]+部分")
HEADING2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*\S{0,30}$")


def from_text(text: str, marker: str = "") -> Narrative:
    """A Narrative from plain text (a 情况说明 sheet or a .txt): the first line is the title,
    numbered lines are headings; `marker` lines (our draft's note) are dropped."""
    lines = [l.strip() for l in text.splitlines() if l.strip() and l.strip() != marker]
    if not lines:
        return Narrative("", ())
    sections: list[Section] = []
    current: list = ["", [], 1]
    for line in lines[1:]:
        level = (0 if PART.match(line) else 1) if HEADING1.match(line) else 2 if HEADING2.match(line) else None
        if level is not None:
            if current[0] or current[1]:
                sections.append(Section(current[0], tuple(current[1]), current[2]))
            current = [line, [], level]
        else:
            current[1].append(line)
    sections.append(Section(current[0], tuple(current[1]), current[2]))
    return Narrative(lines[0], tuple(sections))

"""Structure: the workbook's facts and records hang together (beyond what the reader checks)."""

from __future__ import annotations

import re
from collections import Counter

from ..core.text import visible
from ..template import spec
from ..template.cellcheck import entry_unit
from .registry import E, Hit, I, W, rule


@rule("STR-10", E, "金额单位无效",
      "「基本信息」的金额单位为「{unit}」，只能填「万元」或「元」（留空按万元），本工作簿的金额无法换算")
def money_unit(ctx):
    """金额单位只能是万元或元：填元的工作簿读取时逐项精确换算为万元（除以 10000，不舍入）；其他单位
    （千元、亿元或笔误）无法确定金额，本工作簿的金额按万元读取，结果不可用。每个工作簿各自声明。

    反例：基本信息「金额单位」填「千元」或「万圆」。
    正例：金额单位「万元」「元」，或留空（按万元）。
    """
    for f in ctx.budget.facts.records:  # every workbook rolled up, not only the first
        if f.key == "money_unit" and entry_unit(f.value) is None:
            yield Hit(f.ref if f.ref.file else ctx.info_cell("money_unit"), {"unit": visible(str(f.value)[:20])})


@rule("STR-17", E, "公开表样式无效", "「基本信息」的公开表样式「{value}」不是可用的样式（可用：{names}）")
def table_set_name(ctx):
    """「公开表样式」只能填本程序提供的样式名称（deptbudget table-sets 列出），留空按默认样式。

    反例：公开表样式填「四川省部门预算」或「上海」。
    正例：公开表样式「四川部门预算」，或留空。
    """
    from ..tablesets import SETS

    for f in ctx.budget.facts.records:
        if f.key == "table_set" and str(f.value).strip() not in SETS:
            yield Hit(f.ref if f.ref.file else ctx.info_cell("table_set"),
                      {"value": visible(str(f.value)[:30]), "names": "、".join(SETS)})


@rule("STR-18", W, "各工作簿的公开表样式不同",
      "「{file}」的公开表样式为「{value}」，「{first_file}」为「{first}」；汇总按默认样式或 --table-set 指定的样式公开")
def table_set_differs(ctx):
    """同一部门各单位（及部门）工作簿声明的「公开表样式」应当一致：不一致时无法按工作簿确定公开表样式。

    反例：139001 的单位工作簿填「四川部门预算」，139002 填「上海部门预算」。
    正例：各工作簿都填「四川部门预算」（或都留空）。
    """
    from ..rollup.facts import declared_table_sets

    given = declared_table_sets(ctx.budget)
    if len(set(v for v, _ in given.values())) > 1:
        files = sorted(given)
        first, _ = given[files[0]]
        for file in files[1:]:
            value, ref = given[file]
            if value != first:
                yield Hit(ref, {"file": file, "value": value, "first_file": files[0], "first": first})


@rule("STR-19", I, "经费类型按指定",
      "基本支出第 {row} 行（经济分类 {econ}）按「指定经费类型」列为{kind}，按经济分类应为{default}；"
      "人员经费/公用经费按指定的类型汇总")
def kind_override(ctx):
    """「指定经费类型」改变了一行基本支出的人员经费/公用经费归类（本地口径，如把 303 对个人和家庭的补助列为
    公用经费）：照此汇总，逐行提示以便核对。

    反例：30305 生活补助一行「指定经费类型」选「公用经费」（按经济分类为人员经费）。
    正例：「指定经费类型」留空，或所选与经济分类一致。
    """
    from ..reference.codes import spend_kind

    defaults: dict = {}  # econ code → its kind, once per code
    for line in ctx.budget.lines:
        if not line.kind.is_basic or not line.econ_code:
            continue
        default = defaults.get(line.econ_code) or defaults.setdefault(line.econ_code, spend_kind(line.econ_code))
        if line.kind != default:
            ref = ctx.column_cell(line.ref, spec.BASIC, "kind_override")
            yield Hit(ref, {"row": ref.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), "econ": line.econ_code,
                            "kind": line.kind.value, "default": default.value})


@rule("STR-11", E, "单位编码重复", "单位编码 {code} 在「单位信息」中登记了 {n} 次，各单位的数字会混在一起")
def duplicate_units(ctx):
    """「单位信息」中每个单位编码只能登记一次。

    反例：139001 登记了两行（名称不同）。
    正例：每个单位一行，编码互不相同。
    """
    counts = Counter(u.code for u in ctx.budget.units)
    for u in ctx.budget.units:
        if counts[u.code] > 1:
            counts[u.code] = -counts[u.code]  # report once
            yield Hit(u.ref, {"code": u.code, "n": -counts[u.code]})


@rule("STR-12", W, "项目缺少年度目标", "项目「{project}」没有填写年度目标，表6 的年度目标将为空")
def project_goal(ctx):
    """每个项目都要有年度目标（表6 部门预算项目绩效目标表必填）。

    反例：项目支出表中项目的「年度目标」列为空。
    正例：年度目标写明使用多少资金、做什么、达到什么效果。
    """
    for p in ctx.budget.projects:
        if not p.goal.strip():
            yield Hit(ctx.project_cell(p, "goal"), {"project": p.name})


@rule("STR-13", I, "单位没有任何数据", "单位 {code}「{name}」已登记，但没有收入和支出数据")
def empty_unit(ctx):
    """登记的预算单位应有收入或支出；没有数据的单位要么漏填，要么不必登记。

    反例：139006 已登记但收入、基本支出、项目支出都没有它的行。
    正例：每个登记的单位都有数据。
    """
    used = {i.unit for i in ctx.budget.incomes} | {l.unit for l in ctx.budget.lines}
    for u in ctx.budget.units:
        if u.code not in used:
            yield Hit(u.ref, {"code": u.code, "name": u.name})


@rule("STR-14", W, "项目名称年份与预算年度不符", "项目「{project}」名称中的年份 {found} 与预算年度 {year} 不符，可能沿用了往年项目")
def project_year(ctx):
    """项目名称里写了年份时，应是本预算年度（沿用往年项目要改名）。

    反例：2024 年预算中的项目「2023年帮贫解困项目」。
    正例：「2024年帮贫解困项目」。
    """
    year = ctx.year
    for p in ctx.budget.projects:
        m = re.match(r"\s*((?:19|20)\d{2})\s*年", p.name)
        if year and m and int(m.group(1)) != year:
            yield Hit(ctx.project_cell(p, "project"), {"project": p.name, "found": m.group(1), "year": year})


@rule("STR-15", W, "单位工作簿含多个单位", "工作簿类型为「单位」，却登记了 {n} 个单位；多单位请使用部门工作簿")
def unit_form(ctx):
    """单位工作簿只填一个预算单位；部门汇总用部门工作簿。

    反例：工作簿类型「单位」，单位信息登记了 139001 和 139002。
    正例：工作簿类型「单位」，只有 139001。
    """
    n = len(ctx.budget.units)
    if ctx.budget.department.form == "单位" and n > 1:
        yield Hit(ctx.info_cell("form"), {"n": n})


@rule("STR-16", E, "绩效指标的项目不存在", "绩效指标所属项目「{project}」（单位 {unit}）不在「项目支出」中，请核对项目名称")
def orphan_indicator(ctx):
    """「项目绩效目标」中的项目名称必须与「项目支出」中的项目名称（同一单位）完全一致。

    反例：指标写「2024年帮贫解困」，项目支出中是「2024年帮贫解困项目」。
    正例：两处名称一字不差。
    """
    known = {(p.unit, p.name) for p in ctx.budget.projects}
    seen = set()
    for ind in ctx.budget.indicators:
        key = (ind.unit, ind.project)
        if key not in known and key not in seen:
            seen.add(key)
            # visible(): a name that differs only by a zero-width character would look the same
            yield Hit(ctx.ind_cell(ind, "project"), {"project": visible(ind.project), "unit": ind.unit})

"""四川 sets: the 部门预算 of the seed (14 tables) and the 单位预算 — the same tables for one unit.

The 单位预算 titles follow the 部门 ones with 部门 → 单位 where the table is the publisher's own
(收支/收入/支出总表, 项目绩效目标表, 整体支出绩效目标表); the fund tables keep their names.
"""

from __future__ import annotations

from dataclasses import replace

from .base import ALL_CLASSES, DEPT_BLOCK, UNITS, TableDef, TableSet

BASIC_PROJECT = ("合计", "基本支出", "项目支出")

# Rows UNITS: 合计, the department, then each unit's block (the seed's layout).
DEPT_TABLES = (
    TableDef("t1", "表1", "部门收支总表", rows=ALL_CLASSES),
    TableDef("t1_1", "表1-1", "部门收入总表", rows=UNITS),
    TableDef("t1_2", "表1-2", "部门支出总表", builder="functional", columns=BASIC_PROJECT, rows=UNITS),
    TableDef("t2", "表2", "财政拨款收支预算总表", rows=ALL_CLASSES, fund="fiscal"),
    TableDef("t2_1", "表2-1", "财政拨款支出预算表（部门经济分类科目）", rows=UNITS, fund="fiscal"),
    TableDef("t3", "表3", "一般公共预算支出预算表", builder="functional",
             columns=("合计", "当年财政拨款安排", "上年结转安排"), rows=DEPT_BLOCK, fund="general"),
    TableDef("t3_1", "表3-1", "一般公共预算基本支出预算表", builder="basic_economic",
             columns=("合计", "人员经费", "公用经费"), rows=UNITS, fund="general", group="基本支出"),
    TableDef("t3_2", "表3-2", "一般公共预算项目支出预算表", rows=UNITS, fund="general"),
    TableDef("t3_3", "表3-3", "一般公共预算“三公”经费支出预算表", builder="sangong", rows=UNITS,
             fund="general"),
    TableDef("t4", "表4", "政府性基金预算支出预算表", builder="functional", columns=BASIC_PROJECT,
             rows=UNITS, fund="fund", group="本年政府性基金预算支出"),
    TableDef("t4_1", "表4-1", "政府性基金预算“三公”经费支出预算表", builder="sangong", rows=UNITS,
             fund="fund"),
    TableDef("t5", "表5", "国有资本经营预算支出预算表", builder="functional", columns=BASIC_PROJECT,
             rows=UNITS, fund="soe", group="本年国有资本经营预算支出"),
    TableDef("t6", "表6", "部门预算项目绩效目标表", dated=True),
    TableDef("t7", "表7", "部门整体支出绩效目标表", dated=True),
)

UNIT_TITLES = {
    "t1": "单位收支总表", "t1_1": "单位收入总表", "t1_2": "单位支出总表",
    "t6": "单位预算项目绩效目标表", "t7": "单位整体支出绩效目标表",
}

SICHUAN_DEPT = TableSet(
    "四川部门预算", "部门", DEPT_TABLES,
    source="达州市达川区人力资源和社会保障局 2024 年部门预算公开文件（种子文档）")
SICHUAN_UNIT = TableSet(
    "四川单位预算", "单位",
    tuple(replace(t, title=UNIT_TITLES.get(t.key, t.title)) for t in DEPT_TABLES),
    publication="单位预算", labels={"部门名称": "单位名称"}, counterpart=SICHUAN_DEPT.name,
    source="四川部门预算的表式，按一个预算单位公开")

"""The small three-unit department the table, 表7 and re-submission tests share (built by hand,
not the example): 某区城市管理局 (250) with a 行政, a 事业 and a 参公 unit."""

from decimal import Decimal

from deptbudget.core.model import Department, ExpenseLine, Source, SpendKind, Unit, UnitKind

D = Decimal
P, PUB, J = SpendKind.PERSONNEL, SpendKind.PUBLIC, SpendKind.PROJECT
G = Source.GENERAL
DEPT = Department("250", "某区城市管理局", 2025, "DB-1.0", form="部门")
UNITS = (Unit("250001", "某区城市管理局", UnitKind.ADMIN),
         Unit("250002", "某区环境卫生管理所", UnitKind.INSTITUTION),
         Unit("250003", "某区城市管理执法大队", UnitKind.CIVIL_SERVICE))


def L(unit, func, econ, kind, amount, source=G, project=""):
    return ExpenseLine(unit, func, econ, kind, source, D(amount), project)

"""Fuzzing the reader, the rules and the roll-up with arbitrary cell values.

A small template-shaped workbook (基本信息, 单位信息, 收入, 基本支出) is filled with hypothesis
values — numbers, numeric text, full-width and separated text, dates, booleans, error strings,
formula-looking text, None, huge strings — written with openpyxl and read back with
read_workbook. Invariants: nothing raises; every accepted amount is exactly what its cell held;
the roll-up tree's totals equal the sum of what the reader accepted; validate never reports an
internal error (SYS-01) and build_tables never raises.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from deptbudget.core.money import MoneyError, money
from deptbudget.io.reader import read_workbook
from deptbudget.template import spec

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FUNC = ("2080101", "2080505", "2101101", "2080102")
ECON = ("30101", "30102", "30201", "30211", "31002")
SOURCES = spec.LIST_VALUES["sources"]

text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)  # openpyxl refuses control chars
huge = st.integers(1000, 40000).map(lambda n: "长" * n)
numbers = st.one_of(
    st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.decimals(min_value=-10**9, max_value=10**9, places=4, allow_nan=False, allow_infinity=False))
numeric_text = st.one_of(
    numbers.map(str),
    st.decimals(0, 10**6, places=2).map(lambda d: f"{d:,}"),
    st.decimals(0, 10**6, places=2).map(lambda d: str(d).translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))),
    st.decimals(0, 10**6, places=2).map(lambda d: f"{d}万元"),
    st.sampled_from(["#REF!", "#DIV/0!", "#N/A", "NaN", "inf", "-inf", "1e308", "", "  ", "无"]))
dates = st.one_of(st.dates(date(1900, 3, 1), date(2100, 1, 1)),
                  st.datetimes(datetime(1900, 3, 1), datetime(2100, 1, 1)))
anything = st.one_of(st.none(), st.booleans(), numbers, numeric_text, dates, text, huge,
                     text.map(lambda t: "=" + t), text.map(lambda t: "@" + t))
amounts = st.one_of(numbers, numbers, numeric_text, anything)
codes = lambda choices: st.one_of(st.sampled_from(choices), st.sampled_from(choices).map(int), anything)  # noqa: E731
sources = st.one_of(st.sampled_from(SOURCES), anything)
units = st.one_of(st.just("139001"), st.just(None), st.sampled_from(["139002", "13900", "140001"]), anything)

basic_row = st.tuples(units, codes(FUNC), codes(ECON), sources, amounts, st.one_of(st.none(), text, huge))
income_row = st.tuples(units, sources, amounts)


def _sheet(wb, sheet: spec.InputSheet, rows, keys):
    ws = wb.create_sheet(sheet.name)
    ws.append([sheet.name])
    ws.append([])
    ws.append([c.header for c in sheet.columns])
    index = {c.key: i for i, c in enumerate(sheet.columns)}
    for values in rows:
        row = [None] * len(sheet.columns)
        for key, v in zip(keys, values, strict=False):
            row[index[key]] = v
        ws.append(row)
    return ws


def workbook_bytes(units_rows, income_rows, basic_rows) -> bytes:
    wb = Workbook()
    info = wb.active
    info.title = spec.INFO_SHEET
    for label, value in (("预算年度", 2024), ("部门编码", "139"), ("部门名称", "测试局"), ("工作簿类型", "单位"),
                         ("模板版本", spec.TEMPLATE_VERSION)):
        info.append([label, value])
    _sheet(wb, spec.UNITS, units_rows, ("unit", "name", "kind"))
    _sheet(wb, spec.INCOME, income_rows, ("unit", "source", "amount"))
    _sheet(wb, spec.BASIC, basic_rows, ("unit", "func_code", "econ_code", "source", "amount", "note"))
    _sheet(wb, spec.PROJECTS, [], ())
    _sheet(wb, spec.INDICATORS, [], ())
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _expected_amount(raw):
    """What the reader must have accepted for a cell it accepted."""
    if isinstance(raw, str):
        return money(raw)
    if isinstance(raw, (float, Decimal)):
        return money(float(raw)) if isinstance(raw, Decimal) else money(raw)
    return money(raw)


def _read(tmp_path, data: bytes, name="fuzz.xlsx"):
    p = tmp_path / name
    p.write_bytes(data)
    return p, read_workbook(p)


@FUZZ
@given(income=st.lists(income_row, max_size=6), basic=st.lists(basic_row, max_size=12))
def test_reader_never_raises_and_reads_what_is_there(tmp_path_factory, income, basic):
    tmp = tmp_path_factory.mktemp("fuzz")
    data = workbook_bytes([("139001", "测试局本级", "行政单位")], income, basic)
    path, result = _read(tmp, data)
    assert result.findings is not None
    if result.budget is None:
        return
    cells = {f"H{4 + i}": row[4] for i, row in enumerate(basic)}  # 基本支出 金额 column
    for line in result.budget.lines:
        raw = cells[line.ref.cell]
        try:
            expected = _expected_amount(raw)
        except MoneyError as err:
            raise AssertionError(f"{line.ref.cell}: {raw!r} was accepted as {line.amount}") from err
        assert line.amount == expected or abs(line.amount - expected) < Decimal("1e-9"), (raw, line.amount)


@FUZZ
@given(income=st.lists(income_row, max_size=6), basic=st.lists(basic_row, min_size=1, max_size=12))
def test_rollup_totals_equal_what_was_read_and_rules_never_crash(tmp_path_factory, income, basic):
    from deptbudget.io.read import read_grid
    from deptbudget.rollup.tables import build_tables
    from deptbudget.rollup.tree import build_tree
    from deptbudget.rules import validate

    tmp = tmp_path_factory.mktemp("fuzz")
    path, result = _read(tmp, workbook_bytes([("139001", "测试局本级", "行政单位")], income, basic))
    if result.budget is None:
        return
    budget = result.budget
    tree = build_tree(budget)
    assert tree.total() == sum((line.amount for line in budget.lines), Decimal(0))
    assert tree.income_total() == sum((i.amount for i in budget.incomes), Decimal(0))
    tables = build_tables(tree)
    findings = validate(budget, grid=read_grid(path), tables=tables)
    internal = [f for f in findings if f.code == "SYS-01"]
    assert not internal, [f.message for f in internal]


@FUZZ
@given(st.lists(st.tuples(anything, anything, anything), min_size=1, max_size=5))
def test_unit_sheet_with_arbitrary_values_never_raises(tmp_path_factory, rows):
    tmp = tmp_path_factory.mktemp("fuzz")
    _, result = _read(tmp, workbook_bytes(rows, [], [("139001", "2080101", "30101", SOURCES[0], 1)]))
    assert result.ok in (True, False)


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_are_refused_cleanly(tmp_path_factory, blob):
    tmp = tmp_path_factory.mktemp("fuzz")
    _, result = _read(tmp, blob)
    assert result.budget is None and result.findings[0].code == "READ-01"


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**6), st.binary(min_size=1, max_size=64))
def test_damaged_workbook_bytes_never_raise(tmp_path_factory, pos, junk):
    """Overwrite a stretch of a valid workbook: refused or read, never a traceback."""
    tmp = tmp_path_factory.mktemp("fuzz")
    data = bytearray(workbook_bytes([("139001", "测试局本级", "行政单位")], [],
                                    [("139001", "2080101", "30101", SOURCES[0], 1)]))
    at = pos % len(data)
    data[at:at + len(junk)] = junk
    _, result = _read(tmp, bytes(data))
    assert result.findings is not None

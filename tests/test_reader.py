"""Reading the template: found by sheet name and header text; problems are findings at the cell."""

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from deptbudget.io.reader import read_workbook
from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
from deptbudget.template import spec


@pytest.fixture
def dept_file(tmp_path, example):
    path = tmp_path / "部门.xlsx"
    save_workbook(build_workbook("部门", example), path)
    return path


def edit(path, fn):
    wb = load_workbook(path)
    fn(wb)
    wb.save(path)
    return path


def where(read):
    return [(f.code, f.ref.sheet, f.ref.cell) for f in read.findings]


def test_missing_sheet_named(dept_file):
    edit(dept_file, lambda wb: wb.remove(wb[spec.BASIC.name]))
    read = read_workbook(dept_file)
    assert ("STR-01", "基本支出", "") in where(read)
    f = next(f for f in read.findings if f.code == "STR-01")
    assert "缺少工作表「基本支出」" in f.message and f.ref.file == "部门.xlsx"


def test_other_template_version(dept_file):
    def old(wb):
        ws = wb[spec.INFO_SHEET]
        ws.protection.sheet = False
        for row in ws.iter_rows(min_row=4, max_col=2):
            if row[0].value == "模板版本":
                row[1].value = "DB-0.9"
    edit(dept_file, old)
    read = read_workbook(dept_file)
    f = next(f for f in read.findings if f.code == "STR-03")
    assert "DB-0.9" in f.message and f.ref.sheet == "基本信息" and f.ref.cell.startswith("B")


def test_text_in_amount_cell_points_at_the_cell(dept_file):
    edit(dept_file, lambda wb: wb[spec.BASIC.name].cell(row=4, column=spec.BASIC.index("amount") + 1,
                                                          value="二百五十三"))
    read = read_workbook(dept_file)
    assert ("AMT-01", "基本支出", "H4") in where(read)
    assert read.budget.lines[0].amount != Decimal("253.36") or read.budget.lines[0].ref.cell != "H4"


def test_inserted_rows_and_columns_do_not_break_reading(dept_file, example):
    def shift(wb):
        ws = wb[spec.BASIC.name]
        ws.insert_rows(1, 3)
        ws.insert_cols(1)
    edit(dept_file, shift)
    read = read_workbook(dept_file)
    basic = [l for l in read.budget.lines if l.kind.is_basic]
    assert sum(l.amount for l in basic) == sum(l.amount for l in example.basic_lines)
    assert basic[0].ref.cell == "I7"  # header 3 → 6, first line 4 → 7, column H → I


def test_numbers_as_text_fullwidth_and_codes_as_numbers(dept_file):
    def mess(wb):
        ws = wb[spec.BASIC.name]
        ws["H4"] = "253.36"
        ws["H5"] = "１４４.１９"
        ws["B6"] = 2080101
    edit(dept_file, mess)
    read = read_workbook(dept_file)
    assert {("AMT-02", "基本支出", "H4"), ("AMT-03", "基本支出", "H5"), ("CODE-02", "基本支出", "B6")} <= set(where(read))
    assert read.budget.lines[1].amount == Decimal("144.19") and read.budget.lines[2].func_code == "2080101"


def test_blank_unit_code_defaults_to_the_only_unit(tmp_path, example):
    from deptbudget.pipeline import unit_budgets

    ub = unit_budgets(example)[0]
    path = tmp_path / "unit.xlsx"
    save_workbook(build_workbook("单位", ub), path)
    edit(path, lambda wb: wb[spec.BASIC.name].cell(row=4, column=1, value=None))
    read = read_workbook(path)
    assert read.findings == [] and read.budget.lines[0].unit == ub.units[0].code


@pytest.mark.parametrize("content, fragment", [
    (b"", "空的"), (b"hello world", "不是 Excel 工作簿"), (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "另存为"),
])
def test_unreadable_files_give_one_clear_finding(tmp_path, content, fragment):
    path = tmp_path / "坏文件.xlsx"
    path.write_bytes(content)
    read = read_workbook(path)
    assert not read.ok and [f.code for f in read.findings] == ["READ-01"]
    assert fragment in read.findings[0].message and "坏文件.xlsx" in read.findings[0].message


def test_project_with_several_economic_lines_round_trips(tmp_path, example):
    """A project broken down by economic code is written one line per code and read back whole."""
    from dataclasses import replace

    from deptbudget.core.model import ExpenseLine, SpendKind

    p = example.projects[0]
    extra = ExpenseLine(p.unit, p.func_code, "30201", SpendKind.PROJECT, p.source, Decimal("1"), p.name)
    project = replace(p, lines=p.lines + (extra,), amount=p.amount + 1)
    budget = replace(example, projects=(project,) + example.projects[1:], lines=example.lines + (extra,))
    path = tmp_path / "部门.xlsx"
    save_workbook(build_workbook("部门", budget), path)
    read = read_workbook(path)
    assert read.findings == []
    back = next(x for x in read.budget.projects if x.name == p.name)
    assert back.amount == p.amount + 1 and len(back.lines) == 2 and back.category == p.category


# -- records(): the fast path for known cells must read exactly as the general parse ----------

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st

from deptbudget.io.grid import Grid, SheetGrid  # noqa: E402
from deptbudget.template import reader as tr  # noqa: E402
from deptbudget.template import rows as trows  # noqa: E402

_ANY = ["", " ", "\u3000", None, "101001", " 101001", "１０１", "30101", "3010.1", "事业收入", " 事业收入 ", "x",
        "12.5", "1,200", "#REF!", "5万元", 0.0, -0.0, 1.0, 1, True, False, 12.5, 12.5000001, -3.0, 1e-7, 2e10,
        float("nan"), 101001.0]
_USUAL = {"text": ["事业收入", " 事业收入 ", "x", "事业收入", ""], "code": ["101001", "30101", "0", "101001", ""],
          "money": [0.0, -0.0, 1.0, 1, True, 12.5], "int": [0.0, -0.0, 2.0, 2, 7.5],
          "decimal": [0.0, -0.0, 1.0, 1, 0.5], "formula": [""]}


def _rows(wanted):
    """Rows mostly of the usual shape, with repeated values (what the fast path learns), now and
    then an unusual cell or a short row."""
    usual = st.tuples(*(st.sampled_from(_USUAL[c.kind]) for c in wanted.columns)).map(list)
    mixed = st.tuples(*(st.sampled_from(_USUAL[c.kind]) | st.sampled_from(_ANY) for c in wanted.columns)).map(list)
    return st.lists(usual | usual | mixed | st.lists(st.sampled_from(_ANY), max_size=4), max_size=25)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(spec.INPUT_SHEETS).flatmap(lambda w: st.tuples(st.just(w), _rows(w))))
@example((spec.PRIOR, [["101001", "x", 1.0, ""], ["101001", "x", 1, ""], ["101001", "x", True, ""]]))
@example((spec.PRIOR, [["101001", "x", 1, ""], ["101001", "x", 1.0, ""]]))
@example((spec.PRIOR, [["101001", "x", 0.0, ""], ["101001", "x", -0.0, ""]]))
def test_known_cells_read_as_the_general_parse(case):
    wanted, rows = case
    header = [c.header for c in wanted.columns]
    grid = Grid("x.xlsx", {wanted.name: SheetGrid(wanted.name, [header] + rows, hidden_rows={2, 5})})

    def read(fast: bool):
        state = tr.ReadState(grid)
        with pytest.MonkeyPatch.context() as mp:
            if not fast:
                mp.setattr(trows._KnownCells, "read", lambda self, body, idx: ([None] * len(body), set(range(len(body)))))
            recs = tr.records(state, wanted)
        return [(r.values, r.row, [r.ref(k) for k in r.values]) for r in recs], state.findings

    fast, slow = read(True), read(False)
    assert fast == slow
    assert [[repr(v) for v in vals.values()] for vals, _, _ in fast[0]] == \
           [[repr(v) for v in vals.values()] for vals, _, _ in slow[0]]  # Decimal('1.0') ≠ Decimal('1')


@pytest.mark.parametrize("kind", ["text", "code", "money", "int", "decimal"])
def test_plain_cells_are_what_the_kind_parser_reads_without_finding(kind):
    for v in _ANY + [x for pool in _USUAL.values() for x in pool] + ["2080505", "٣", "²"]:
        plain = trows._plain(kind, v)
        if plain is not None:
            state = tr.ReadState(Grid("x.xlsx", {}))
            parsed = trows._CELL_PARSERS[kind](state, "econ_code", v, lambda key: tr.CellRef("x.xlsx", "s", "A1"))
            assert repr(parsed) == repr(plain) and state.findings == [], (kind, v)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([spec.BASIC, spec.INDICATORS]).flatmap(lambda w: st.tuples(st.just(w), _rows(w))))
@example((spec.BASIC, [["101001", "2080505", "", "30101", "", "", "事业收入", 1.5, ""]] * 2))
def test_usual_lines_read_as_records(case):
    """read_basic/read_indicators take the usual rows straight from their values: as from records()."""
    from deptbudget.reference.codes import spend_kind

    wanted, rows = case
    header = [c.header for c in wanted.columns]
    grid = Grid("x.xlsx", {wanted.name: SheetGrid(wanted.name, [header] + rows, hidden_rows={3})})
    known = {"101001": None, "101002": None}

    def read(fast: bool):
        state = tr.ReadState(grid)
        with pytest.MonkeyPatch.context() as mp:
            if not fast:
                mp.setattr(trows.Rows, "fields", lambda self, *keys: None)
            got = tr.read_basic(state, known, spend_kind) if wanted is spec.BASIC else tr.read_indicators(state, known)
        return repr(got), state.findings

    assert read(True) == read(False)

"""Values that look right but would be read wrong (issue 15): each is read exactly or refused with
a finding naming the cell. Fixtures are the minimal department grid of test_rules_cases (read as
`deptbudget validate` reads it); the expected figures are worked out here by hand."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_rules_cases import B, _copy_sheet, _header, addrow, base_grid, setc

from deptbudget.core.findings import Severity
from deptbudget.core.text import ooxml_text, visible
from deptbudget.template.reader import read_budget

H4 = ("基本支出", "H4")  # the first 基本支出 line: 2080101 30101 60 万元


def read(grid):
    budget, findings = read_budget(grid)
    return budget, findings


def where(findings, code=None):
    return {(f.code, f.ref.sheet, f.ref.cell) for f in findings if code is None or f.code == code}


def line_at(budget, sheet, cell):
    hits = [l for l in budget.lines if (l.ref.sheet, l.ref.cell) == (sheet, cell)]
    assert len(hits) <= 1
    return hits[0] if hits else None


def amount_read(value):
    grid = setc(base_grid(), B, 0, "amount", value)
    budget, findings = read(grid)
    line = line_at(budget, *H4)
    return (None if line is None else line.amount), findings


# -- numbers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["51,99", "51，99", "５１，９９", "1,2345", "12,34,567", ",5", "5,", "1,234,5"])
def test_comma_that_is_no_thousands_separator_is_refused(text):
    amount, findings = amount_read(text)
    assert amount is None  # never 5199
    assert ("AMT-31", *H4) in where(findings)
    f = next(f for f in findings if f.code == "AMT-31")
    assert f.severity is Severity.ERROR and f.ref.file == "测试.xlsx"


@pytest.mark.parametrize("text,value,code", [
    ("1,234.56", D("1234.56"), "AMT-04"), ("1，234", D("1234"), "AMT-03"), ("12,345,678.9", D("12345678.9"), "AMT-04"),
    ("１２３．４", D("123.4"), "AMT-03"), ("60", D("60"), "AMT-02"), (" 60.5 ", D("60.5"), "AMT-02"),
])
def test_valid_text_numbers_read_exactly_with_their_warning(text, value, code):
    amount, findings = amount_read(text)
    assert amount == value and str(amount) == str(value)
    assert (code, *H4) in where(findings)
    assert all(f.severity is not Severity.ERROR for f in findings if (f.ref.sheet, f.ref.cell) == H4)


@pytest.mark.parametrize("text", ["(12.5)", "（12.5）", "(１２.５)"])
def test_accounting_negative_is_exact_and_an_error(text):
    amount, findings = amount_read(text)
    assert amount == D("-12.5")
    assert {("AMT-32", *H4), ("AMT-05", *H4)} <= where(findings)  # AMT-05: a budget amount is never negative


@pytest.mark.parametrize("value,code", [
    (1e308, "AMT-10"), (float("inf"), "AMT-01"), (float("-inf"), "AMT-01"), (float("nan"), "AMT-01"),
    ("1e308", "AMT-10"), ("inf", "AMT-01"), ("NaN", "AMT-01"), ("Infinity", "AMT-01"),
    ("60." + "0" * 29 + "1", "AMT-33"), ("1e-30", "AMT-33"),
    ("٦٠", "AMT-01"), ("6\u200b0", "AMT-01"), ("6 0", "AMT-01"), ("6_0", "AMT-01"), ("(-5)", "AMT-01"),
])
def test_odd_numbers_are_refused_naming_the_cell(value, code):
    amount, findings = amount_read(value)
    assert amount is None
    assert (code, *H4) in where(findings)


def test_30_decimals_refused_but_17_kept_exactly():
    amount, findings = amount_read("60.00000000000000001")  # 17 decimals
    assert amount == D("60.00000000000000001") and ("AMT-06", *H4) in where(findings)


@pytest.mark.parametrize("value", [-0.0, "-0", "-0.00", "(0)"])
def test_minus_zero_is_zero(value):
    amount, _ = amount_read(value)
    assert amount == 0 and not amount.is_signed()


def test_refused_cell_is_shown_with_its_invisible_characters():
    _, findings = amount_read("6\u200b0")
    f = next(f for f in findings if f.code == "AMT-01")
    assert "6⟨U+200B⟩0" in f.message


# An independent reading of numeric text, for the property below: full-width forms, thousands
# separators in groups of three, an optional decimal part, an accounting negative.
FW = str.maketrans("０１２３４５６７８９．，（）－＋", "0123456789.,()-+")


def meaning(text: str):
    t = text.strip().translate(FW)
    negative = len(t) >= 2 and t[0] == "(" and t[-1] == ")"
    if negative:
        t = t[1:-1].strip()
        if t[:1] in ("+", "-"):
            return None
    sign = -1 if t[:1] == "-" else 1
    t = t[1:] if t[:1] in ("+", "-") else t
    whole, dot, frac = t.partition(".")
    groups = whole.split(",")
    if len(groups) > 1 and not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        return None
    digits = "".join(groups)
    if not digits + frac or any(ch not in "0123456789" for ch in digits + frac):
        return None
    value = D(int(digits or "0")) + (D(int(frac)) / D(10) ** len(frac) if frac else 0)
    return -sign * value if negative else sign * value


number_text = st.text(st.sampled_from("0123456789,.，．０５()（）-+ ٣¹\u200b"), min_size=1, max_size=12)
groups = st.builds(lambda head, tail, frac, sep: sep.join([str(head), *(f"{g:03d}" for g in tail)]) + frac,
                   st.integers(1, 999), st.lists(st.integers(0, 999), max_size=3),
                   st.sampled_from(["", ".5", ".25", ".000001"]), st.sampled_from([",", "，"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(number_text, groups, groups.map(lambda t: f"({t})")))
def test_any_amount_text_is_read_exactly_or_refused_at_its_cell(text):
    amount, findings = amount_read(text)
    expected = meaning(text)
    if amount is None:
        assert any(f.severity is Severity.ERROR and (f.ref.sheet, f.ref.cell) == H4 for f in findings) or \
            text.strip() == "" and ("STR-07", *H4) in where(findings), (text, [f.code for f in findings])
    else:
        assert expected is not None and amount == expected, (text, amount, expected)
    if expected is not None and abs(expected) < D("1e10"):
        assert amount == expected, (text, amount, expected)


# -- headers ---------------------------------------------------------------------------------

def test_heading_twice_is_an_error_naming_both_columns():
    budget, findings = read(_header(base_grid(), B, "note", "金额"))  # H3 and I3 both 「金额」
    f = next(f for f in findings if f.code == "STR-40")
    assert (f.ref.sheet, f.ref.cell) == ("基本支出", "I3") and f.severity is Severity.ERROR
    assert (f.params["first"], f.params["second"]) == ("H3", "I3")
    assert not [l for l in budget.lines if l.ref.sheet == "基本支出"]  # neither column is picked silently


def test_heading_once_is_read():
    budget, findings = read(_header(base_grid(), B, "note", "说明"))
    assert "STR-40" not in {f.code for f in findings}
    assert sum(l.amount for l in budget.lines if l.kind.is_basic) == D("80")


# -- ambiguous input sheets ---------------------------------------------------------------------

@pytest.mark.parametrize("copy_name", ["基本支出 (2)", "基本支出（2）", "基本支出 - 副本", "基本支出副本", "基本支出_2",
                                       "基本支出（修改）"])
def test_hidden_original_with_visible_copy_is_an_error(copy_name):
    _, findings = read(_copy_sheet(base_grid(), B, copy_name, hide_original=True))
    f = next(f for f in findings if f.code == "STR-41")
    assert f.severity is Severity.ERROR and f.ref.sheet == "基本支出" and f.params["copy"] == copy_name


def test_visible_original_with_hidden_copy_is_a_warning():
    grid = _copy_sheet(base_grid(), B, "基本支出 (2)")  # the copy hidden
    assert not grid.sheets["基本支出 (2)"].visible
    _, findings = read(grid)
    assert where(findings, "STR-42") == {("STR-42", "基本支出 (2)", "")} and "STR-41" not in {f.code for f in findings}


def test_two_renamed_copies_without_the_original_name_either():
    grid = base_grid()
    sheet = grid.sheets.pop(B)
    sheet.name = "基本支出（修改）"
    grid.sheets[sheet.name] = sheet
    _copy_sheet(grid, sheet.name, "基本支出 - 副本", hide_original=True)
    _, findings = read(grid)
    assert {"STR-06", "STR-41"} <= {f.code for f in findings}


def test_a_different_sheet_containing_the_name_is_no_copy():
    grid = _copy_sheet(base_grid(), B, "表3-1 一般公共预算基本支出预算表", hide_original=True)
    _, findings = read(grid)
    assert not {"STR-41", "STR-42"} & {f.code for f in findings}


# -- codes -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,shown", [
    ("208010¹", "208010¹"), ("٢٠٨٠١٠١", "٢٠٨٠١٠١"), ("۲۰۸۰۱۰۱", "۲۰۸۰۱۰۱"), ("208０10①", "20801０①"),
    ("2080101\u200b", "2080101⟨U+200B⟩"), ("2080101\u00a0", "2080101⟨U+00A0⟩"), ("\u202e2080101", "⟨U+202E⟩2080101"),
    ("\ufeff2080101", "⟨U+FEFF⟩2080101"), ("2080\u2060101", "2080⟨U+2060⟩101"), ("208\x01101", "208⟨U+0001⟩101"),
])
def test_code_with_non_ascii_digits_or_invisible_characters_is_refused(text, shown):
    grid = setc(base_grid(), B, 0, "func_code", text)
    budget, findings = read(grid)
    f = next(f for f in findings if f.code == "CODE-04")
    assert (f.ref.sheet, f.ref.cell) == ("基本支出", "B4") and f.severity is Severity.ERROR
    if "⟨" in shown:
        assert shown in f.message
    # no line carries a code that is not ASCII digits (a new row in the published tables)
    assert all(l.func_code.isascii() and l.econ_code.isascii() for l in budget.lines)


def test_full_width_code_is_normalised_with_a_warning():
    budget, findings = read(setc(base_grid(), B, 0, "func_code", "２０８０１０１"))
    assert ("CODE-03", "基本支出", "B4") in where(findings) and "CODE-04" not in {f.code for f in findings}
    assert line_at(budget, *H4).func_code == "2080101"


def test_unit_and_econ_codes_are_checked_alike():
    grid = setc(base_grid(), B, 0, "econ_code", "3010\u00b9")
    grid = setc(grid, B, 1, "unit", "13900\u0661")
    _, findings = read(grid)
    assert {("CODE-04", "基本支出", "D4"), ("CODE-04", "基本支出", "A5")} <= where(findings)


def test_reference_lookup_does_not_read_superscripts_as_digits():
    from deptbudget.reference.codes import normalize_code

    assert normalize_code("208010¹") is None and normalize_code("٢٠٨٠١٠١") is None
    assert normalize_code("２０８０１０１") == "2080101" and normalize_code("208 01 01") == "2080101"


# -- merges, repeated lines, long text --------------------------------------------------------------

def test_value_under_a_horizontal_merge_is_a_warning():
    grid = base_grid()
    grid.sheets[B].merged.append((3, 6, 3, 7))  # G4:H4: the amount in H4 is hidden by G4
    budget, findings = read(grid)
    f = next(f for f in findings if f.code == "STR-43")
    assert (f.ref.sheet, f.ref.cell, f.params["range"]) == ("基本支出", "H4", "G4:H4")
    assert line_at(budget, *H4).amount == D("60")  # read, as Excel keeps it


def test_horizontal_merge_over_blank_cells_is_fine():
    grid = base_grid()
    grid.sheets[B].merged.append((3, 8, 3, 10))  # I4:K4, nothing under it
    grid.sheets[B].merged.append((2, 0, 2, 1))  # a merge in the header row
    _, findings = read(grid)
    assert "STR-43" not in {f.code for f in findings}


def _repeat_first_line(grid, **change):
    values = {"unit": "139001", "func_code": "2080101", "econ_code": "30101", "source": "一般公共预算拨款收入",
              "amount": 60.0}
    return addrow(grid, B, {**values, **change})


def test_repeated_line_is_a_warning_and_both_count():
    budget, findings = read(_repeat_first_line(base_grid()))
    f = next(f for f in findings if f.code == "STR-45")
    assert f.ref.sheet == "基本支出" and f.ref.cell == "H7" and (f.params["row"], f.params["first"]) == ("7", "4")
    assert f.severity is Severity.WARNING
    assert sum(l.amount for l in budget.lines if l.kind.is_basic) == D("140")  # 60 + 16 + 4 + 60


@pytest.mark.parametrize("change", [{"amount": 61.0}, {"econ_code": "30102"}, {"func_code": "2080102"},
                                    {"note": "另一笔"}])
def test_line_differing_in_one_field_is_no_repeat(change):
    _, findings = read(_repeat_first_line(base_grid(), **change))
    assert "STR-45" not in {f.code for f in findings}


def test_repeated_line_found_whichever_way_its_cells_are_read():
    """One copy read column by column, the other one by one (amount as text, code as a number)."""
    _, findings = read(_repeat_first_line(base_grid(), amount="60", func_code=2080101))
    assert ("STR-45", "基本支出", "H7") in where(findings)


def test_repeated_project_line_is_a_warning():
    grid = addrow(base_grid(), "项目支出", {"unit": "139001", "project": "2024年测试项目", "category": "特定目标类",
                                         "func_code": "2080102", "source": "一般公共预算拨款收入", "amount": 30.0,
                                         "goal": "2024年使用财政资金 30 万元，用于测试。"})
    budget, findings = read(grid)
    assert [f.ref.sheet for f in findings if f.code == "STR-45"] == ["项目支出"]
    assert sum(l.amount for l in budget.lines if l.project) == D("60")


def test_repeated_line_reaches_rollup_and_validate_alike(tmp_path):
    """Both commands read through read_workbook (roll-up: the summary-only reading)."""
    from openpyxl import load_workbook
    from test_rules_cases import base_budget

    from deptbudget.io.batch import collect
    from deptbudget.io.reader import read_workbook
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook

    path = tmp_path / "重复.xlsx"
    save_workbook(build_workbook("部门", base_budget()), path)
    wb = load_workbook(path)
    ws = wb["基本支出"]
    for col in "ABDGH":
        ws[f"{col}7"] = ws[f"{col}4"].value
    wb.save(path)
    for summary_only in (False, True):
        assert ("STR-45", "基本支出", "H7") in where(read_workbook(path, summary_only=summary_only).findings)
    c = collect([path], skip_bad=False, jobs=1, progress=False, compacted=True)
    assert ("STR-45", "基本支出", "H7") in where(c.notices)


def test_text_longer_than_a_cell_is_an_error():
    budget, findings = read(setc(base_grid(), B, 0, "note", "长" * 32768))
    f = next(f for f in findings if f.code == "STR-46")
    assert (f.ref.sheet, f.ref.cell, f.params["length"]) == ("基本支出", "I4", 32768)
    assert f.severity is Severity.ERROR
    _, findings = read(setc(base_grid(), B, 0, "note", "长" * 32767))
    assert "STR-46" not in {f.code for f in findings}


def test_long_name_in_a_fast_read_column_is_found():
    """A long text among thousands of usual rows (the column-by-column path) is still found."""
    grid = base_grid()
    for i in range(300):
        _repeat_first_line(grid, amount=float(i + 100))
    setc(grid, B, 150, "note", "x" * 40000)
    _, findings = read(grid)
    assert ("STR-46", "基本支出", "I154") in where(findings)


# -- text: what the reader hands on, and the writers' helper -------------------------------------------

def test_control_characters_are_kept_as_text():
    budget, findings = read(setc(base_grid(), "单位信息", 0, "name", "测试\x01部门\x1f本级"))
    assert budget.units[0].name == "测试\x01部门\x1f本级"
    assert not [f for f in findings if f.severity is Severity.ERROR]


def test_visible_shows_invisible_characters():
    assert visible("2010101\u200b") == "2010101⟨U+200B⟩"
    assert visible("a\x01b c\u3000d") == "a⟨U+0001⟩b c⟨U+3000⟩d"
    assert visible("基本支出 (2)") == "基本支出 (2)"


@pytest.mark.parametrize("text,written", [
    ("a\x01b", "a_x0001_b"), ("x\x1fy\x0bz", "x_x001F_y_x000B_z"), ("tab\tnew\nline\r", "tab\tnew\nline\r"),
    ("a\uffffb", "a_xFFFF_b"),
    ("_x0041_", "_x005F_x0041_"), ("_x004_ _xZZZZ_", "_x004_ _xZZZZ_"), ("普通文本", "普通文本"),
])
def test_ooxml_text(text, written):
    assert ooxml_text(text) == written


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff"),
                          st.sampled_from(["_x0041_", "_x005F_", "\x01"])), max_size=30).map("".join))
def test_printable_text_reads_back_as_written(tmp_path_factory, text):
    """Whatever a cell held, a writer using ooxml_text saves it without an openpyxl error
    and Excel's escapes bring back the same text (read back with calamine, as the reader does;
    calamine leaves _xFFFF_ as it is, so U+FFFE/U+FFFF are only checked to be written at all)."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    wb = Workbook()
    wb.active["A1"] = ooxml_text(text)
    buf = io.BytesIO()
    wb.save(buf)
    back = CalamineWorkbook.from_filelike(io.BytesIO(buf.getvalue())).get_sheet_by_index(0).to_python()
    got = back[0][0] if back and back[0] else ""
    assert got == text or (got == "" and text == "") or got == text.replace("\r\n", "\n"), (text, got)


# -- a number format that shows nothing ------------------------------------------------------------

@pytest.mark.parametrize("code,value,hidden", [
    (";;;", 253.36, True), (";;;", "文本", True), (";;", 5.0, True), (";;", "文本", False),
    ('"";"";""', 1.0, True), ("0.00;-0.00;", 1.0, False), ("0.00", 1.0, False), ("0;-0;;@", 0.0, False),
])
def test_which_formats_hide(code, value, hidden):
    from deptbudget.io.xlsx_formats import hides

    assert hides(code, value) is hidden


@pytest.mark.parametrize("fmt,warned", [(";;;", True), ('0.00;[Red]-0.00', False), ("General", False)])
def test_value_made_invisible_by_its_format_is_a_warning(tmp_path, fmt, warned):
    from openpyxl import load_workbook
    from test_rules_cases import base_budget

    from deptbudget.io.reader import read_workbook
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook

    path = tmp_path / "格式.xlsx"
    save_workbook(build_workbook("部门", base_budget()), path)
    wb = load_workbook(path)
    wb["基本支出"]["H4"].number_format = fmt
    wb["基本支出"]["I5"].number_format = fmt  # a blank cell: nothing to hide
    wb.save(path)
    result = read_workbook(path)
    assert (("STR-44", "基本支出", "H4") in where(result.findings)) is warned
    assert ("STR-44", "基本支出", "I5") not in where(result.findings)
    assert line_at(result.budget, *H4).amount == D("60")


def test_names_that_differ_by_an_invisible_character_are_shown_apart():
    """STR-16: the indicator's project name has a zero-width space the 项目支出 one has not."""
    from test_rules_cases import run_grid, seti

    grid = seti(base_grid(), "完成数量", "project", "2024年测试项目\u200b")
    f = next(f for f in run_grid(grid) if f.code == "STR-16")
    assert "「2024年测试项目⟨U+200B⟩」" in f.message

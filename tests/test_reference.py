"""Code lists: lookups, parents, seed codes, helpers (reference/codes.py)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deptbudget.reference import codes as C
from deptbudget.reference.codes import CodeStatus

_SEED_NAME = "seeds/000_729f2be6f9b5a926.txt"
SEED = next((p / _SEED_NAME for p in (Path(__file__).resolve().parents[2] / "shared", Path("/work/shared"))
             if (p / _SEED_NAME).exists()), Path("/nonexistent"))
SEED_FUNC = ["2080101", "2080102", "2080105", "2080112", "2080505", "2082602", "2089999",
             "2101101", "2101102", "2101103", "2210201"]
SEED_ECON = ["30101", "30102", "30103", "30107", "30108", "30110", "30111", "30112", "30113", "30199",
             "30201", "30202", "30203", "30204", "30205", "30206", "30207", "30209", "30211", "30213",
             "30215", "30216", "30217", "30226", "30228", "30229", "30231", "30239", "30299",
             "30305", "30309", "30902", "31002"]


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("DEPTBUDGET_HOME", str(tmp_path / "home"))
    C.clear_cache()


def test_builtin_is_partial_and_labelled():
    book = C.codebook("function")
    assert book.is_partial and book.edition == "内置"
    assert "部分清单" in book.describe()
    assert len(book) >= 140


@pytest.mark.parametrize("code", SEED_FUNC)
def test_seed_function_codes_present_with_chain(code):
    book = C.codebook("function")
    assert code in book
    chain = book.chain(code)
    assert [e.code for e in chain] == [code[:3], code[:5], code]
    assert [e.level for e in chain] == ["类", "款", "项"]


@pytest.mark.parametrize("code", SEED_ECON)
def test_seed_econ_codes_present(code):
    assert code in C.codebook("econ")
    assert C.check_code("econ", code) is CodeStatus.OK


def test_seed_names_match_seed_tables():
    book = C.codebook("function")
    assert book.name("2080101") == "行政运行"
    assert book.name("2082602") == "财政对城乡居民基本养老保险基金的补助"
    assert book.name("2101103") == "公务员医疗补助"
    assert book.name("20801") == "人力资源和社会保障管理事务"
    assert book.lookup("2080112").source.startswith("seed:达川区人社局2024")


def test_seed_codes_extracted_from_seed_text_are_all_known():
    if not SEED.exists():
        pytest.skip("seed text not available")
    text = SEED.read_text(encoding="utf-8")
    func = {"".join(m) for m in re.findall(r"^(2\d\d)\t(\d\d)\t(\d\d)\t", text, re.M)}
    econ = set(re.findall(r"^3\d\d\t\d\d\t(3\d{4})\t", text, re.M))
    assert func and econ
    assert all(C.check_code("function", c) is CodeStatus.OK for c in func)
    assert all(C.check_code("econ", c) is CodeStatus.OK for c in econ)


def test_lookup_parent_children():
    book = C.codebook("function")
    assert book.lookup(2080101.0).name == "行政运行"
    assert book.lookup("208 01 01").code == "2080101"
    assert book.lookup("9999999") is None and book.lookup("abc") is None
    assert book.parent("2080101").code == "20801"
    assert book.parent("208") is None
    kids = [e.code for e in book.children("20801")]
    assert kids == ["2080101", "2080102", "2080105", "2080112"]
    assert "20801" in [e.code for e in book.children("208")]
    codes = [e.code for e in book]
    assert codes == sorted(codes)


def test_econ_and_gov_books():
    econ = C.codebook("econ")
    assert econ.name("30217") == "公务接待费"
    assert econ.parent("30217").code == "302"
    gov = C.codebook("gov_econ")
    assert gov.name("50101") == "工资奖金津补贴"
    with pytest.raises(ValueError):
        C.codebook("nope")


@pytest.mark.parametrize("scheme,code,status", [
    ("function", "2080101", CodeStatus.OK),
    ("function", "2080199", CodeStatus.ABSENT),
    ("function", "20800", CodeStatus.MALFORMED),
    ("function", "208010", CodeStatus.MALFORMED),
    ("function", "3010101", CodeStatus.MALFORMED),
    ("function", "20801a1", CodeStatus.MALFORMED),
    ("function", None, CodeStatus.MALFORMED),
    ("econ", "30231", CodeStatus.OK),
    ("econ", "39999", CodeStatus.ABSENT),
    ("econ", "2080101", CodeStatus.MALFORMED),
    ("gov_econ", "50101", CodeStatus.OK),
])
def test_check_code(scheme, code, status):
    assert C.check_code(scheme, code) is status


def test_imported_edition_wins_for_its_year(tmp_path):
    d = C.edition_dir(2024)
    d.mkdir(parents=True)
    (d / "function.csv").write_text("code,name,level,parent_code\n208,社保,类,\n20801,人社,款,208\n",
                                    encoding="utf-8")
    book = C.codebook("function", 2024)
    assert not book.is_partial and book.edition == "2024"
    assert C.check_code("function", "2080101", 2024) is CodeStatus.ABSENT
    assert C.check_code("function", "20801", "2024") is CodeStatus.OK
    assert C.codebook("function", 2023).is_partial  # no import for 2023 → built-in
    assert C.imported_years("function") == ["2024"] and C.imported_years("econ") == []


@pytest.mark.parametrize("code,kind", [
    ("30101", "人员经费"), ("30199", "人员经费"), ("30305", "人员经费"), (30309, "人员经费"),
    ("30201", "公用经费"), ("30231", "公用经费"), ("30902", "公用经费"), ("31002", "公用经费"),
    ("307", "公用经费"), ("31204", "公用经费"), ("39999", "公用经费"),
])
def test_spend_kind(code, kind):
    assert C.spend_kind(code) == kind


def test_sangong():
    assert C.sangong_item("30212") == "因公出国（境）费"
    assert C.sangong_item("30913") == C.sangong_item(31013) == "公务用车购置费"
    assert C.sangong_item("30231") == "公务用车运行费"
    assert C.sangong_item("30217") == "公务接待费"
    assert C.sangong_item("30211") is None and C.sangong_item(None) is None
    assert sum(len(v) for v in C.SANGONG.values()) == 5


@pytest.mark.parametrize("raw,expected", [
    ("2080101", "2080101"), (2080101, "2080101"), (2080101.0, "2080101"), ("2080101.0", "2080101"),
    (Decimal("2080101"), "2080101"), ("２０８０１０１", "2080101"), (" 208 01 01 ", "2080101"),
    ("208-01-01", "2080101"), ("208\u300001\u300001", "2080101"), ("208.01.01", "2080101"),
    ("", None), (None, None), ("行政运行", None), (2080101.5, None), (float("nan"), None),
    (True, None), (-5, None), ("20801a", None),
])
def test_normalize_code(raw, expected):
    assert C.normalize_code(raw) == expected


@given(st.text())
def test_normalize_code_never_raises_on_text(text):
    out = C.normalize_code(text)
    assert out is None or re.fullmatch(r"[0-9]+", out)


@given(st.one_of(st.floats(), st.integers(), st.decimals(), st.none(), st.booleans()))
def test_normalize_code_never_raises_on_values(value):
    C.normalize_code(value)


def test_prefix_helpers():
    assert C.func_class("2080101") == "208" and C.func_kuan("2080101") == "20801"
    assert C.func_kuan("208") is None and C.func_class("30101") is None
    assert C.class_seq("2080101") == 8
    assert C.class_seq("201") == 1 and C.class_seq("234") == 28
    assert C.class_seq("2210201") == 20
    assert C.class_seq("299") is None


def test_expenditure_classes_match_seed_table1():
    classes = C.expenditure_classes()
    assert [c.seq for c in classes] == list(range(1, 29))
    assert len({c.code for c in classes}) == 28
    book = C.codebook("function")
    for c in classes:  # a code from the shipped list must carry the shipped name
        if c.code in book:
            assert book.name(c.code) == c.name
        else:
            assert c.source.startswith("推定")
    if SEED.exists():
        text = SEED.read_text(encoding="utf-8")
        block = text[text.index("部门收支总表"):text.index("本年收入合计")]
        names = re.findall(r"[一二三四五六七八九十]+、(\S+?支出)\t", block)
        names = [n for n in names if "收入" not in n]
        assert names == [c.name for c in classes]

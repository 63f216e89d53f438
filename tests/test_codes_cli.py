"""`deptbudget codes import/list/show` through click's CliRunner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from deptbudget.cli import main
from deptbudget.reference import codes as C


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    h = tmp_path / "home"
    monkeypatch.setenv("DEPTBUDGET_HOME", str(h))
    C.clear_cache()
    return h


def run(*args):
    result = CliRunner().invoke(main, ["codes", *args])
    assert "Traceback" not in result.output
    return result


def _save(rows, path, title="Sheet1", lead=()):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in lead:
        ws.append(r)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def split_layout(path):
    """MOF style: title, blank, two header rows (科目编码 over 类/款/项), carried-down parts."""
    return _save([
        ["科目编码", None, None, "科目名称", "说明"],
        ["类", "款", "项"],
        [208, None, None, "社会保障和就业支出"],
        [None, 1, None, "\u3000人力资源和社会保障管理事务"],
        [None, None, 1, "\u3000\u3000行政运行"],
        [None, None, "02", "    一般行政管理事务"],
        [None, 26, None, "财政对基本养老保险基金的补助"],
        [None, 26, 2, "\u3000\u3000财政对城乡居民基本养老保险基金的补助"],
        [None, None, None, "注：本表为示例"],
        [210, 11, 3, "公务员医疗补助"],
    ], path, title="支出功能分类", lead=[["2024年政府收支分类科目"], []])


def single_layout(path):
    return _save([
        ["科目编码", "科目名称"],
        ["301", "工资福利支出"],
        [30101.0, "  基本工资"],
        ["302", "商品和服务支出"],
        ["30217", "公务接待费"],
        ["30x", "坏编码"],
    ], path, title="经济分类", lead=[["说明"], [], ["单位：无"]])


def test_import_split_layout_xlsx(tmp_path, home):
    res = run("import", str(split_layout(tmp_path / "科目.xlsx")))
    assert res.exit_code == 0, res.output
    assert "2024 年版" in res.output and "类 1 行" in res.output and "款 2 行" in res.output
    assert "项 4 行" in res.output
    book = C.codebook("function", 2024)
    assert not book.is_partial
    assert book.name("2080101") == "行政运行"  # full-width indentation stripped
    assert book.name("2082602") == "财政对城乡居民基本养老保险基金的补助"
    assert book.name("2080102") == "一般行政管理事务"
    assert "2101103" in book and "21011" not in book
    assert "上级不在文件中" in res.output and "2101103" in res.output  # orphan reported
    prov = json.loads((home / "codes/2024/function.provenance.json").read_text(encoding="utf-8"))
    assert prov["source_file"] == "科目.xlsx" and prov["rows"] == 7 and len(prov["sha256"]) == 64
    assert prov["by_level"] == {"类": 1, "款": 2, "项": 4}


def test_import_single_layout_xlsx_with_year_and_skip_note(tmp_path):
    res = run("import", str(single_layout(tmp_path / "econ.xlsx")), "--year", "2025")
    assert res.exit_code == 0, res.output
    assert "部门预算支出经济分类" in res.output and "共 4 行" in res.output
    assert "工作表「经济分类」第 9 行" in res.output  # 3 lead rows + header → row 9 is "30x"
    assert C.codebook("econ", 2025).name("30101") == "基本工资"


def test_import_csv_gbk_and_scheme_filter(tmp_path):
    path = tmp_path / "list.csv"
    text = "x,y\n编码,名称\n208,社会保障和就业支出\n20801,人力资源和社会保障管理事务\n301,工资福利支出\n"
    path.write_bytes(text.encode("gb18030"))
    res = run("import", str(path), "--year", "2024", "--scheme", "function")
    assert res.exit_code == 0, res.output
    assert C.codebook("function", 2024).name("20801") == "人力资源和社会保障管理事务"
    assert C.imported_years("econ") == []
    assert "另有 1 行" in res.output


def test_combined_code_and_name_cell(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("科目编码,科目名称\n208 社会保障和就业支出,\n[20801]人力资源和社会保障管理事务,\n",
                    encoding="utf-8")
    res = run("import", str(path), "--year", "2024")
    assert res.exit_code == 0, res.output
    assert C.codebook("function", 2024).name("20801") == "人力资源和社会保障管理事务"


@pytest.mark.parametrize("content,needle", [
    (b"hello, world\n1,2\n", "没有找到科目表表头"),
    ("科目编码,科目名称\n1010101,增值税\n".encode(), "没有可识别"),
])
def test_bad_csv_exit_2(tmp_path, content, needle):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    res = run("import", str(path), "--year", "2024")
    assert res.exit_code == 2
    assert needle in res.output and "bad.csv" in res.output


def test_bad_xlsx_names_sheet(tmp_path):
    path = _save([["随便"], ["a", "b"]], tmp_path / "2024 表.xlsx", title="封面")
    res = run("import", str(path))
    assert res.exit_code == 2
    assert "「封面」" in res.output and "2024 表.xlsx" in res.output


def test_not_an_excel_file(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("not a zip")
    res = run("import", str(path), "--year", "2024")
    assert res.exit_code == 2 and "无法作为 Excel 工作簿读取" in res.output


def test_missing_year_and_missing_file(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("科目编码,科目名称\n208,社会保障和就业支出\n", encoding="utf-8")
    res = run("import", str(path))
    assert res.exit_code == 2 and "--year" in res.output
    res = run("import", str(tmp_path / "nope.xlsx"), "--year", "2024")
    assert res.exit_code == 2 and "找不到文件" in res.output


def test_list_builtin_says_partial():
    res = run("list", "--level", "款")
    assert res.exit_code == 0
    first = res.output.splitlines()[0]
    assert "内置" in first and "部分清单" in first
    assert "20801\t款\t人力资源和社会保障管理事务" in res.output
    assert "2080101" not in res.output
    assert C.codebook("econ") is not None
    res = run("list", "--scheme", "econ")
    assert "30217\t款\t公务接待费" in res.output


def test_list_uses_latest_import(tmp_path):
    run("import", str(split_layout(tmp_path / "科目.xlsx")))
    res = run("list")
    assert "2024 年版" in res.output.splitlines()[0] and "科目.xlsx" in res.output
    assert "共 7 行" in res.output
    res = run("list", "--year", "2023")
    assert "没有导入 2023 年版" in res.output


def test_show_found_absent_malformed():
    res = run("show", "2080101")
    assert res.exit_code == 0
    assert "行政运行" in res.output and "级次：项" in res.output
    assert "208 社会保障和就业支出 › 20801 人力资源和社会保障管理事务" in res.output
    assert "seed:达川区人社局2024" in res.output
    res = run("show", "30217")
    assert res.exit_code == 0 and "部门预算支出经济分类" in res.output
    res = run("show", "2080199")
    assert res.exit_code == 1 and "不在内置科目表" in res.output and "请核对" in res.output
    res = run("show", "20800")
    assert res.exit_code == 1 and "不是有效的科目编码" in res.output
    res = run("show", "abc")
    assert res.exit_code == 1 and "不是有效的科目编码" in res.output


def test_show_imported_edition(tmp_path):
    run("import", str(split_layout(tmp_path / "科目.xlsx")))
    res = run("show", "2080101")
    assert "导入：科目.xlsx" in res.output
    res = run("show", "2080105")
    assert res.exit_code == 1 and "2024 年版科目表" in res.output


def test_name_header_in_second_row(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("科目编码,,,\n类,款,项,科目名称\n208,,,社会保障和就业支出\n208,01,,人力资源和社会保障管理事务\n"
                    "208,01,01,行政运行\n", encoding="utf-8")
    res = run("import", str(path), "--year", "2024")
    assert res.exit_code == 0, res.output
    book = C.codebook("function", 2024)
    assert [e.code for e in book] == ["208", "20801", "2080101"]

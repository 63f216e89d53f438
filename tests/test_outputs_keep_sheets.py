"""Every copy of a user's workbook keeps every input sheet, in order, with its visibility:
validate --annotate, fill, rollup --workbook on a department workbook. What openpyxl cannot copy
whole (Strict Open XML …) is refused in Chinese, with nothing written."""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from deptbudget.cli import main

BAD = Path(__file__).parent / "corpus" / "bad"
EXPECTED = json.loads((BAD / "EXPECTED.json").read_text(encoding="utf-8"))
OURS = {"校验结果", "_校验标记"}  # what --annotate (re)writes
COMMANDS = {
    "annotate": lambda f, out: ["validate", f, "--annotate", out / "标注.xlsx"],
    "fill": lambda f, out: ["fill", "sangong", f, "-o", out / "填制.xlsx"],
}


def listed(path: Path) -> list[tuple[str, str]]:
    """(name, state) of the sheets xl/workbook.xml lists, read with a regex (an independent route)."""
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/workbook.xml").decode("utf-8")
    out = []
    for tag in re.findall(r"<(?:\w+:)?sheet\s[^>]*>", xml):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', tag))
        out.append((html.unescape(attrs["name"]), attrs.get("state", "visible")))
    return out


def kept(inp: Path, out: Path, rewritten=OURS) -> None:
    before = [s for s in listed(inp) if s[0] not in rewritten]
    names = {n for n, _ in before}
    after = [s for s in listed(out) if s[0] in names]
    assert after == before, f"{inp.name}: input {before}\noutput {after}"


def _copyable(case: dict) -> bool:
    return case["exit"] != 2 and (BAD / case["file"]).read_bytes()[:2] == b"PK"


CASES = [c["file"] for c in EXPECTED["cases"] if _copyable(c)] + ["base.xlsx"]


def run(args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("cmd", COMMANDS)
@pytest.mark.parametrize("case", CASES)
def test_copy_keeps_every_input_sheet(tmp_path, case, cmd):
    src = BAD / case
    r = run(COMMANDS[cmd](src, tmp_path))
    assert not isinstance(r.exception, Exception) or isinstance(r.exception, SystemExit), r.exception
    written = [p for p in tmp_path.iterdir() if p.suffix == ".xlsx"]
    if r.exit_code == 2:
        assert written == [], r.output
        assert "错误" in r.output or "未能" in r.output, r.output
        return
    if not written:  # fill refuses a workbook with 错误 (exit 1) before writing anything
        assert cmd == "fill" and r.exit_code == 1, r.output
        return
    kept(src, written[0])


@pytest.mark.parametrize("cmd", COMMANDS)
def test_strict_open_xml_is_refused_not_emptied(tmp_path, cmd):
    src = BAD / "strict_ooxml.xlsx"
    assert len(listed(src)) == 13  # the base unit workbook's sheets, in Strict namespaces
    r = run(COMMANDS[cmd](src, tmp_path))
    assert r.exit_code == 2, r.output
    assert "Strict Open XML" in r.output and "strict_ooxml.xlsx" in r.output
    assert list(tmp_path.iterdir()) == []


def test_strict_open_xml_still_validates_and_rolls_up(tmp_path):
    r = run(["validate", BAD / "strict_ooxml.xlsx", "--json"])
    base = run(["validate", BAD / "base.xlsx", "--json"])
    pick = lambda out: sorted((f["code"], f["sheet"], f["cell"]) for f in json.loads(out))  # noqa: E731
    assert pick(r.output) == pick(base.output)
    totals = []
    for f in ("strict_ooxml.xlsx", "base.xlsx"):
        r = run(["rollup", BAD / f, "-o", tmp_path / f"汇总{len(totals)}.xlsx", "--json"])
        assert r.exit_code == 0, r.output
        totals.append(json.loads(r.output)["totals"])
    assert totals[0] == totals[1] and totals[0]["支出总计"].startswith("1039.07")


@pytest.fixture(scope="module")
def department(tmp_path_factory) -> Path:
    """The example's department workbook with a user's own sheets: one hidden, one very hidden,
    one visible, between the standard ones."""
    from openpyxl import load_workbook

    from deptbudget.example import load_example
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
    from deptbudget.pipeline import all_tables

    d = tmp_path_factory.mktemp("dept")
    b = load_example()
    save_workbook(build_workbook("部门", b, all_tables(b)), d / "plain.xlsx")
    wb = load_workbook(d / "plain.xlsx")
    wb.create_sheet("我的备注", 2)
    wb.create_sheet("旧数据", 5).sheet_state = "hidden"
    wb.create_sheet("内部", 7).sheet_state = "veryHidden"
    wb.save(d / "部门.xlsx")
    return d / "部门.xlsx"


def test_rollup_workbook_on_a_department_workbook_keeps_every_sheet(tmp_path, department):
    out = tmp_path / "汇总.xlsx"
    r = run(["rollup", department, "-o", out, "--workbook"])
    assert r.exit_code == 0, r.output
    kept(department, out, rewritten=set())
    assert ("内部", "veryHidden") in listed(out) and ("旧数据", "hidden") in listed(out)


def test_fill_and_annotate_keep_the_users_sheets(tmp_path, department):
    for cmd in COMMANDS:
        out = tmp_path / cmd
        out.mkdir()
        r = run(COMMANDS[cmd](department, out))
        assert r.exit_code in (0, 1), r.output
        kept(department, next(out.glob("*.xlsx")))


def test_a_sheet_openpyxl_would_drop_refuses_the_copy(tmp_path, department):
    """A sheet listed without its part reference (old .xlsm files have them): openpyxl drops it
    with a warning; the copy's guard refuses instead."""
    import io

    src = zipfile.ZipFile(department)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/workbook.xml":
                body = body.replace(b"</sheets>", b'<sheet name="Dialog1" sheetId="99"/></sheets>')
            z.writestr(info, body)
    f = tmp_path / "对话框.xlsx"
    f.write_bytes(buf.getvalue())
    from deptbudget.io.workbook_xlsx import CopyError, load_copy

    with pytest.raises(CopyError, match="Dialog1"):
        load_copy(f, "副本")

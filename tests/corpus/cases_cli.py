"""Corpus cases for the command and output level (issue 15): what the commands write and say.

Registered in make_bad.cases() by one line. Each case is a file under bad/ like the others; a
case whose commands do not all answer alike gives `commands` (command → exit code, see
tests/test_corpus.py), and its fragment is checked in those commands' output.
"""

from __future__ import annotations

import io
import zipfile

from make_bad import BASIC, FIXED_TIME, PROJECTS, UNITS, Case, base_bytes, edit_parts, replace_cell, with_sheet

# Transitional → Strict Open XML namespaces (ISO/IEC 29500 Strict, as Excel's 「Strict Open XML 电子表格」
# writes them); package relationships and content types are the same in both.
STRICT = (
    (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     b"http://purl.oclc.org/ooxml/officeDocument/relationships"),
    (b"http://schemas.openxmlformats.org/drawingml/2006/main", b"http://purl.oclc.org/ooxml/drawingml/main"),
)


def strict_ooxml() -> bytes:
    src = zipfile.ZipFile(io.BytesIO(base_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info)
            if info.filename.endswith((".xml", ".rels")) and info.filename != "[Content_Types].xml":
                for old, new in STRICT:
                    body = body.replace(old, new)
                if info.filename == "xl/workbook.xml":
                    body = body.replace(b"<workbook ", b'<workbook conformance="strict" ', 1)
            out.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), body, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def control_chars() -> bytes:
    """Control characters as Excel itself writes them (_x0001_ escapes) in a name and a text."""
    unit = '<c r="B4" t="inlineStr"><is><t>达州市达川区人力资源和社会保障局_x0001_</t></is></c>'
    goal = '<c r="J4" t="inlineStr"><is><t>年度目标_x000B_第二段_x0007_</t></is></c>'
    return edit_parts(base_bytes(), {f"sheet:{UNITS}": replace_cell("B4", unit),
                                     f"sheet:{PROJECTS}": replace_cell("J4", goal)})


def settings(ignore: str = "", select: str = "", cells: dict | None = None):
    """The 设置 sheet's 忽略的规则 (B5) / 只运行的规则 (B6), and other cells changed."""

    def mutate(wb):
        wb["设置"]["B5"].value = ignore or None
        wb["设置"]["B6"].value = select or None
        for (sheet, cell), value in (cells or {}).items():
            wb[sheet][cell].value = value

    return with_sheet(mutate)


def injection_names(wb):
    names = ((UNITS, "B4", '=HYPERLINK("http://evil.example","点我")'), ("基本信息", "B6", "@SUM(A1:A9)"))
    for sheet, cell, text in names:
        wb[sheet][cell].value = text
        wb[sheet][cell].data_type = "s"


def ods() -> bytes:
    """A minimal OpenDocument spreadsheet (a unit saved from WPS/LibreOffice as .ods)."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="基本支出"><table:table-row>'
               '<table:table-cell office:value-type="string"><text:p>单位编码</text:p></table:table-cell>'
               '</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        out.writestr(zipfile.ZipInfo("mimetype", FIXED_TIME), "application/vnd.oasis.opendocument.spreadsheet",
                     zipfile.ZIP_STORED)
        out.writestr(zipfile.ZipInfo("content.xml", FIXED_TIME), content, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


COPY_REFUSED = {"annotate": 2, "fill": 2}


def cases() -> list[Case]:
    F, N, H = "文件", "名称", "攻击"
    return [
        Case("strict_ooxml.xlsx", "Strict Open XML 格式（Excel「Strict Open XML 电子表格」另存）", strict_ooxml,
             "", "Strict Open XML", -1, group=F, commands=COPY_REFUSED),
        Case("unit.ods", "OpenDocument 表格（.ods）", ods, "READ-01", ".ods", 2, group=F),
        Case("control_chars.xlsx", "单位名称、年度目标里有控制字符（Excel 的 _x0001_ 转义）", control_chars, "", "", 0),
        Case("settings_hide_error.xlsx", "「设置」表忽略 AMT、XT，且一行金额写了「万元」（未计入）",
             settings("AMT, XT", cells={(BASIC, "H5"): "144.1947万元"}), "AMT-07", "本行未计入", 1, BASIC, "H5",
             group=H),
        Case("settings_ignore_all.xlsx", "「设置」表只运行 CODE 规则（其余全部屏蔽）", settings(select="CODE"),
             "SET-01", "本次屏蔽", -1, "设置", group=H),
        Case("csv_injection_names.xlsx", "单位名称、部门名称以 = 和 @ 开头（导出 CSV 时会被当作公式）",
             with_sheet(injection_names), "", "", 0, group=H),
        Case("-预算.xlsx", "文件名以「-」开头", base_bytes, "", "", 0, group=N),
    ]

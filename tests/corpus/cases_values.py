"""Corpus cases for values that look right but would be read wrong (issue 15): decimal commas,
accounting negatives, too many decimals, a heading twice, a hidden input sheet with a visible copy,
codes with non-ASCII digits or invisible characters, a value hidden under a merge or by its
format, a line entered twice, text longer than a cell holds (control characters: cases_cli.py).
make_bad.py adds them to its list."""

from __future__ import annotations

import re

import make_bad as mb
from make_bad import AMOUNT_CELL, BASIC, UNITS, Case

S, C = "结构", "单元格"


def _amount(file: str, what: str, value, code: str, fragment: str, exit: int) -> Case:
    return Case(file, what, mb.set_cell(BASIC, AMOUNT_CELL, value), code, fragment, exit, BASIC, AMOUNT_CELL)


def _code(file: str, what: str, value: str, fragment: str) -> Case:
    return Case(file, what, mb.set_cell(BASIC, "B4", value), "CODE-04", fragment, 1, BASIC, "B4")


def _copy_sheet(copy_name: str, hide_original: bool):
    """Excel's 「移动或复制 → 建立副本」 of 基本支出, the original hidden or not."""

    def mutate(wb):
        copy = wb.copy_worksheet(wb[BASIC])
        copy.title = copy_name
        if hide_original:
            wb[BASIC].sheet_state = "hidden"

    return mb.with_sheet(mutate)


def _repeat_heading(wb):
    wb[BASIC]["I3"].value = "金额"  # 备注 renamed: two 金额 columns, H and I


def _first_free_row(ws) -> int:
    r = 4
    while any(ws.cell(r, c).value not in (None, "") for c in (1, 2, 4, 7, 8)):
        r += 1
    return r


DUPLICATE_ROW = 36  # 基本支出 of unit 139001 has lines on rows 4–35 (checked by build)


def _duplicate_line(wb):
    ws = wb[BASIC]
    r = _first_free_row(ws)
    assert r == DUPLICATE_ROW, r
    for c in (1, 2, 4, 7, 8):  # the entered columns of row 4: 单位、功能分类、经济分类、资金来源、金额
        ws.cell(r, c).value = ws.cell(4, c).value


def _long_name() -> bytes:
    """单位名称 of 40,000 characters, written into the XML (openpyxl would cut it to 32,767)."""
    name = "达州市达川区人力资源和社会保障局" * 2500
    return mb.raw_cell(UNITS, "B4", f'<c r="B4" t="inlineStr"><is><t>{name}</t></is></c>')()


def _merge_across(body: bytes) -> bytes:
    """G4:H4 merged in the XML while H4 keeps its amount (openpyxl would clear it): what a user
    sees is G4's 资金来源 across both cells; the amount 253.36 is hidden."""
    merge = b'<mergeCells count="1"><mergeCell ref="G4:H4"/></mergeCells>'
    at = re.search(rb"<(?:phoneticPr|conditionalFormatting|dataValidations|hyperlinks|printOptions|pageMargins)\b",
                   body).start()
    return body[:at] + merge + body[at:]


def _invisible_format() -> bytes:
    """H4 (253.36) formatted 「;;;」: a new number format and cell style, the cell switched to it."""
    def styles(body: bytes) -> bytes:
        body = body.replace(b'<numFmts count="1">', b'<numFmts count="2"><numFmt numFmtId="200" formatCode=";;;"/>', 1)
        n = int(re.search(rb'<cellXfs count="(\d+)"', body).group(1))
        body = body.replace(b'<cellXfs count="%d">' % n, b'<cellXfs count="%d">' % (n + 1), 1)
        xf = b'<xf numFmtId="200" fontId="0" fillId="0" borderId="0" applyNumberFormat="1" xfId="0"/>'
        _STYLE_INDEX[0] = n
        return body.replace(b"</cellXfs>", xf + b"</cellXfs>", 1)

    def sheet(body: bytes) -> bytes:
        new, k = re.subn(rb'(<c r="H4") s="\d+"', rb'\1 s="%d"' % _STYLE_INDEX[0], body, count=1)
        assert k == 1
        return new

    data = mb.edit_parts(mb.base_bytes(), {"xl/styles.xml": styles})
    return mb.edit_parts(data, {f"sheet:{BASIC}": sheet})


_STYLE_INDEX = [0]


def cases() -> list[Case]:
    comma = "逗号不是千位分隔符"
    return [
        _amount("amount_decimal_comma.xlsx", "金额文本「253,36」（小数点写成逗号）", "253,36", "AMT-31", comma, 1),
        _amount("amount_decimal_comma_fullwidth.xlsx", "金额文本「253，36」（全角逗号）", "253，36", "AMT-31", comma,
                1),
        _amount("amount_comma_groups.xlsx", "金额文本「2,5336」（逗号不是每三位一个）", "2,5336", "AMT-31", comma, 1),
        # read exactly as -253.36 (AMT-32, a warning), and a budget is never negative
        _amount("amount_accounting_negative.xlsx", "金额文本「(253.36)」（会计格式的负数）", "(253.36)", "AMT-05",
                "负数（-253.36）", 1),
        _amount("amount_30_decimals.xlsx", "金额文本有 30 位小数", "253.360000000000000000000000000001", "AMT-33",
                "超出可精确计算", 1),
        Case("amount_minus_zero.xlsx", "数值单元格存 -0",
             mb.raw_cell(BASIC, AMOUNT_CELL, f'<c r="{AMOUNT_CELL}"><v>-0</v></c>'), "AMT-22", "金额为 0", 0, BASIC,
             AMOUNT_CELL),
        Case("header_twice.xlsx", "「基本支出」有两列表头都是「金额」（H 列、I 列）", mb.with_sheet(_repeat_heading),
             "STR-40", "出现了两次", 1, BASIC, "I3", S),
        Case("sheet_hidden_with_copy.xlsx", "「基本支出」被隐藏，另有可见的副本「基本支出 (2)」",
             _copy_sheet("基本支出 (2)", True), "STR-41", "可见的副本", 1, BASIC, "", S),
        Case("sheet_copy_fullwidth.xlsx", "「基本支出」被隐藏，另有可见的副本「基本支出（2）」",
             _copy_sheet("基本支出（2）", True), "STR-41", "基本支出（2）", 1, BASIC, "", S),
        Case("sheet_copy_visible.xlsx", "「基本支出」与副本「基本支出 - 副本」都可见",
             _copy_sheet("基本支出 - 副本", False), "STR-42", "未读取", 0, "基本支出 - 副本", "", S),
        _code("code_superscript.xlsx", "功能分类编码含上标数字「208010¹」", "208010¹", "U+00B9"),
        _code("code_arabic_indic.xlsx", "功能分类编码为阿拉伯-印度数字「٢٠٨٠١٠١」", "٢٠٨٠١٠١", "非半角数字"),
        _code("code_zero_width.xlsx", "功能分类编码末尾有零宽空格 U+200B", "2080101\u200b", "2080101⟨U+200B⟩"),
        _code("code_nbsp.xlsx", "功能分类编码末尾有不换行空格 U+00A0", "2080101\u00a0", "⟨U+00A0⟩"),
        _code("code_bidi.xlsx", "功能分类编码含方向控制符 U+202E", "\u202e2080101", "⟨U+202E⟩"),
        Case("merged_across.xlsx", "G4:H4 横向合并，H4 的金额被遮住",
             lambda: mb.edit_parts(mb.base_bytes(), {f"sheet:{BASIC}": _merge_across}), "STR-43", "遮住了 H4", 0,
             BASIC, "H4", S),
        Case("format_hidden.xlsx", "金额单元格的数字格式为「;;;」（值不显示）", _invisible_format, "STR-44",
             "不显示", 0, BASIC, AMOUNT_CELL, S),
        Case("duplicate_line.xlsx", "基本支出第 4 行原样重复填在第 36 行", mb.with_sheet(_duplicate_line), "STR-45",
             "完全相同", 0, BASIC, f"H{DUPLICATE_ROW}", S),
        Case("long_name.xlsx", "单位名称 40,000 字（超过单元格上限 32,767）", _long_name, "STR-46",
             "超过 Excel 单元格上限", 1, UNITS, "B4", C),
    ]

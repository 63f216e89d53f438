"""XML-level cases of the corpus (issue 15): the same workbook spelled differently, hostile
extents, duplicated parts, encodings, hidden rows and external formulas (Strict Open XML is in
cases_cli.py).
Registered in make_bad.py by a one-line hook; each case starts from make_bad's base workbook
and edits the XML inside the zip.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile

import make_bad as mb
from make_bad import AMOUNT_CELL, BASIC, FIXED_TIME, Case, base_bytes, edit_parts

F, S, H = "文件", "结构", "攻击"
BOMB_ROW = '<row r="1048576">{}</row>'


def _in_basic(edit):
    return lambda: edit_parts(base_bytes(), {f"sheet:{BASIC}": edit})


def _append(xml: str):
    """Rows added at the end of 基本支出's sheetData."""
    return _in_basic(lambda body: body.replace(b"</sheetData>", xml.encode() + b"</sheetData>"))


def respell(body: bytes) -> bytes:
    """Every attribute of every tag in single quotes with spaces around "=", and each cell's
    r= moved after its other attributes: the same sheet, as quick-xml reads it."""
    body = re.sub(rb'(\s)([\w:]+)="([^"]*)"', lambda m: m.group(1) + m.group(2) + b" = '" + m.group(3) + b"'", body)
    return re.sub(rb"<c (r = '[^']*')((?: [\w:]+ = '[^']*')*)", rb"<c\2 \1", body)


def duplicated_entry() -> bytes:
    """基本支出's part twice in the zip: the second copy holds a value at XFD1048576."""
    data = base_bytes()
    src = zipfile.ZipFile(io.BytesIO(data))
    part = mb.sheet_part(src, BASIC)
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
        for info in src.infolist():
            out.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), src.read(info), zipfile.ZIP_DEFLATED)
        bomb = src.read(part).replace(b"</sheetData>", BOMB_ROW.format('<c r="XFD1048576"><v>1</v></c>').encode()
                                      + b"</sheetData>")
        out.writestr(zipfile.ZipInfo(part, FIXED_TIME), bomb, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def duplicated_sheet_name() -> bytes:
    """A second <sheet name="基本支出"> in the workbook, pointing at a part with a far cell."""
    sheet = ('<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
             f'name="{BASIC}" sheetId="99" state="visible" r:id="rId99"/>')
    rel = ('<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'worksheet" Target="worksheets/sheet99.xml"/>')
    bomb = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + BOMB_ROW.format('<c r="XFD1048576"><v>1</v></c>') + "</sheetData></worksheet>")
    return edit_parts(base_bytes(), {
        "xl/workbook.xml": lambda b: b.replace(b"</sheets>", sheet.encode() + b"</sheets>"),
        "xl/_rels/workbook.xml.rels": lambda b: b.replace(b"</Relationships>", rel.encode() + b"</Relationships>"),
    }, add={"xl/worksheets/sheet99.xml": bomb.encode()})


def shared_string_bomb() -> bytes:
    """One shared string of 32,767 characters, referred to by 20,000 cells: ~2 GB once every
    cell has its own copy, from a file of a few dozen KB."""
    sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
           "<si><t>" + "长" * 32767 + "</t></si></sst>")
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>0</v></c>' for c in "JKLM") + "</row>"
                   for r in range(100, 5100))
    types = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    rel = ('<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'sharedStrings" Target="sharedStrings.xml"/>')
    return edit_parts(base_bytes(), {
        f"sheet:{BASIC}": lambda b: b.replace(b"</sheetData>", rows.encode() + b"</sheetData>"),
        "[Content_Types].xml": lambda b: b.replace(b"</Types>", types.encode() + b"</Types>"),
        "xl/_rels/workbook.xml.rels": lambda b: b.replace(b"</Relationships>", rel.encode() + b"</Relationships>"),
    }, add={"xl/sharedStrings.xml": sst.encode()})


def external_formula() -> bytes:
    """基本支出!H4 is =[1]基本支出!H4 (another unit's workbook), its result 253.36 saved."""
    link = ('<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1">'
            f'<sheetNames><sheetName val="{BASIC}"/></sheetNames></externalBook></externalLink>')
    link_rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 'externalLinkPath" Target="file:///D:/预算/139002.xlsx" TargetMode="External"/></Relationships>')
    rel = ('<Relationship Id="rIdExt1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'externalLink" Target="externalLinks/externalLink1.xml"/>')
    return edit_parts(base_bytes(), {
        f"sheet:{BASIC}": mb.replace_cell(AMOUNT_CELL, f'<c r="{AMOUNT_CELL}"><f>[1]基本支出!H4</f><v>253.36</v></c>'),
        "xl/workbook.xml": lambda b: b.replace(b"</sheets>", b'</sheets><externalReferences><externalReference '
                                               b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                                               b'relationships" r:id="rIdExt1"/></externalReferences>'),
        "xl/_rels/workbook.xml.rels": lambda b: b.replace(b"</Relationships>", rel.encode() + b"</Relationships>"),
    }, add={"xl/externalLinks/externalLink1.xml": link.encode(),
            "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels.encode()})


def hide_row_5(attrs: str):
    return _in_basic(lambda body: body.replace(b'<row r="5">', f'<row r="5"{attrs}>'.encode(), 1))


def cases() -> list[Case]:
    far = "过大"
    return [
        Case("far_cell_single_quotes.xlsx", "XFD1048576 处的值，引用用单引号书写（r='XFD1048576'）",
             _append(BOMB_ROW.format("<c r='XFD1048576'><v>1</v></c>")), "READ-01", far, 2, group=H),
        Case("far_cell_spaces.xlsx", "XFD1048576 处的值，“=”两边有空格、r 不是第一个属性",
             _append(BOMB_ROW.format('<c s = "0"  r = "XFD1048576" ><v>1</v></c>')), "READ-01", far, 2, group=H),
        Case("far_cell_lower_case.xlsx", "XFD1048576 处的值，引用写成小写（xfd1048576，calamine 照读）",
             _append(BOMB_ROW.format('<c r="xfd1048576"><v>1</v></c>')), "READ-01", far, 2, group=H),
        Case("far_cell_r_twice.xlsx", "一个单元格写了两个 r 属性（calamine 取后一个 XFD1048576）",
             _append(BOMB_ROW.format('<c r="A1" r="XFD1048576"><v>1</v></c>')), "READ-01", far, 2, group=H),
        Case("far_cells_without_r.xlsx", "第 1048576 行 30 个不写 r 的单元格（按顺序排列）",
             _append(BOMB_ROW.format("<c><v>1</v></c>" * 30)), "READ-01", far, 2, group=H),
        Case("area_26_million.xlsx", "Z1000000 处的值：2600 万个单元格的数据区域",
             _append('<row r="1000000"><c r="Z1000000"><v>1</v></c></row>'), "READ-01", far, 2, group=H),
        Case("far_cell_lying_dimension.xlsx", "<dimension> 声称只有 A1:B2，实际 XFD1048576 有值",
             _in_basic(lambda b: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>', b).replace(
                 b"</sheetData>", BOMB_ROW.format('<c r="XFD1048576"><v>1</v></c>').encode() + b"</sheetData>")),
             "READ-01", far, 2, group=H),
        Case("shared_string_bomb.xlsx", "一个 32767 字的共享文本被 2 万个单元格引用（展开约 2 GB）",
             shared_string_bomb, "READ-01", "共享文本", 2, group=H),
        Case("duplicated_zip_entry.xlsx", "压缩包里「基本支出」的部件出现两次（第二份有 XFD1048576）",
             duplicated_entry, "READ-01", "重名的部件", 2, group=H),
        Case("duplicated_sheet_name.xlsx", "工作簿目录里两个「基本支出」，指向不同部件",
             duplicated_sheet_name, "READ-01", "出现不止一次", 2, group=H),
        Case("respelled_xml.xlsx", "「基本支出」全部属性改用单引号、“=”两边加空格、r 放在最后（内容不变）",
             _in_basic(respell), "", "", 0, group=F),
        Case("lying_dimension_large.xlsx", "<dimension> 声称 A1:XFD1048576，实际数据很小",
             _in_basic(lambda b: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', b)),
             "", "", 0, group=F),
        Case("sheet_utf16.xlsx", "「基本支出」的 XML 部件是 UTF-16 编码",
             _in_basic(lambda b: b'<?xml version="1.0" encoding="UTF-16"?>'.decode().encode("utf-16")
                       + b.decode().encode("utf-16")[2:]),
             "READ-01", f"工作表「{BASIC}」", 2, group=F),
        Case("sheet_gbk.xlsx", "「基本支出」的 XML 声明为 GBK 编码",
             _in_basic(lambda b: b'<?xml version="1.0" encoding="GBK"?>' + b), "READ-01", "GBK", 2, group=F),
        Case("sheet_zero_bytes.xlsx", "「基本支出」的 XML 部件是 0 字节", _in_basic(lambda b: b""),
             "READ-01", "0 字节", 2, group=F),
        Case("hidden_row_single_quotes.xlsx", "隐藏行写成 hidden='1'（单引号）", hide_row_5(" hidden='1'"),
             "STR-31", "隐藏行", 0, BASIC, "5:5", group=S),
        Case("hidden_row_spaces_true.xlsx", "隐藏行写成 hidden = \"true\"", hide_row_5(' hidden = "true"'),
             "STR-31", "隐藏行", 0, BASIC, "5:5", group=S),
        Case("hidden_row_zero_height.xlsx", "行高为 0（ht=\"0\" customHeight=\"1\"）",
             hide_row_5(' ht="0" customHeight="1"'),
             "STR-31", "隐藏行", 0, BASIC, "5:5", group=S),
        Case("external_formula.xlsx", "金额是引用其他工作簿的公式 =[1]基本支出!H4（外部链接）", external_formula,
             "AMT-12", "其他工作簿", 0, BASIC, AMOUNT_CELL),
    ]

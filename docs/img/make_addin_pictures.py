"""Pictures for docs/excel-addin.md, made without Excel:

- ribbon-tab.png: a faithful mock of the 部门预算 ribbon tab, drawn in worksheet cells from the
  labels, groups and sizes in addin/customUI.xml (Office's own icons cannot be shown here: each
  button gets a plain glyph), rendered by LibreOffice;
- validation-results.png: the 校验结果 sheet the 校验全部 button writes, produced by pressing the
  button on xlwings' remote engine against the example department workbook, replaying the
  emitted actions onto a copy, and rendering that sheet with LibreOffice.

    python docs/img/make_addin_pictures.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import defusedxml.ElementTree as ET

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
NS = {"ui": "http://schemas.microsoft.com/office/2009/07/customui"}
GLYPH = {"FileNew": "＋", "TableInsert": "▦", "DataValidation": "✓", "SpellingAndGrammar": "✓",
         "ClearFormats": "⌫", "AutoSum": "Σ", "FileOpen": "▤", "CreateTable": "三", "ChartInsert": "▮",
         "TextBoxInsert": "文", "FileSaveAs": "⇩", "FileSaveAsPdfOrXps": "P", "FunctionWizard": "fx",
         "ControlProperties": "⚙", "Help": "?"}
FONT = "Noto Sans CJK SC"


def ribbon_groups() -> tuple[str, list[tuple[str, list]]]:
    """(tab label, [(group label, [(label, imageMso, large)])]) from addin/customUI.xml."""
    root = ET.parse(ROOT / "addin" / "customUI.xml").getroot()
    tab = root.find(".//ui:tab", NS)
    groups = [(g.get("label"), [(b.get("label"), b.get("imageMso"), b.get("size") == "large")
                                for b in g.findall("ui:button", NS)]) for g in tab.findall("ui:group", NS)]
    return tab.get("label"), groups


def ribbon_workbook():
    """The tab drawn in cells: large buttons span three rows (glyph over label), small buttons
    stack three to a column, group names underneath, separators between groups."""
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    tab_label, groups = ribbon_groups()
    wb = Workbook()
    ws = wb.active
    grey, sep = PatternFill("solid", fgColor="F3F3F3"), Side(style="thin", color="C8C8C8")
    glyph_font = InlineFont(rFont=FONT, sz=16, b=True, color="217346")
    small_glyph = InlineFont(rFont=FONT, sz=10, b=True, color="217346")
    label_font = InlineFont(rFont=FONT, sz=10, color="222222")
    col = 1
    for g_label, buttons in groups:
        first, small = col, []
        for label, icon, large in buttons + [(None, None, True)]:
            if small and (large or len(small) == 3):
                for i, (l2, i2) in enumerate(small):
                    ws.cell(row=3 + i, column=col).value = CellRichText(
                        [TextBlock(small_glyph, GLYPH.get(i2, "•") + "  "), TextBlock(label_font, l2)])
                ws.column_dimensions[_letter(col)].width = max(_units(l2) for l2, _ in small) + 6
                col, small = col + 1, []
            if label is None:
                break
            if large:
                ws.merge_cells(start_row=3, start_column=col, end_row=5, end_column=col)
                ws.cell(row=3, column=col).value = CellRichText(
                    [TextBlock(glyph_font, GLYPH.get(icon, "•") + "\n"), TextBlock(label_font, label)])
                ws.column_dimensions[_letter(col)].width = max(10, _units(label) + 3)
                col += 1
            else:
                small.append((label, icon))
        ws.merge_cells(start_row=6, start_column=first, end_row=6, end_column=col - 1)
        ws.cell(row=6, column=first).value = g_label
        ws.cell(row=6, column=first).font = Font(name=FONT, size=9, color="666666")
        for r in range(2, 7):
            ws.cell(row=r, column=col - 1).border = Border(right=sep)
    last = col - 1
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    tabs = "文件     开始     插入     页面布局     公式     数据     审阅     视图     "
    ws.cell(row=1, column=1).value = CellRichText(
        [TextBlock(InlineFont(rFont=FONT, sz=11, color="333333"), tabs),
         TextBlock(InlineFont(rFont=FONT, sz=11, b=True, color="217346", u="single"), tab_label)])
    for r in range(1, 7):
        ws.row_dimensions[r].height = 22 if r != 1 else 26
        for c in range(1, last + 1):
            cell = ws.cell(row=r, column=c)
            if r > 1:
                cell.fill = grey
            cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    for c in range(1, last + 1):
        if _is_large(ws, c):
            ws.cell(row=3, column=c).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.cell(row=6, column=c).alignment = Alignment(horizontal="center", vertical="center")
    ws.sheet_view.showGridLines = False
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = ws.page_margins.top = ws.page_margins.bottom = 0.2
    return wb


def _units(text: str) -> float:
    """Column width units of a label (a CJK character is about two)."""
    return sum(2.0 if ord(ch) > 0x2E80 else 1.1 for ch in text)


def _is_large(ws, c) -> bool:
    return any(m.min_col == c and m.min_row == 3 and m.max_row == 5 for m in ws.merged_cells.ranges)


def _letter(c: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(c)


def trim_to_png(ppm: Path, png: Path, border: int = 10) -> None:
    """Crop the white margin of a binary PPM (pdftoppm output) and save it as PNG (no PIL here)."""
    import struct
    import zlib

    data = ppm.read_bytes()
    parts = data.split(b"\n", 3)
    w, h = map(int, parts[1].split())
    px = parts[3]
    stride = 3 * w
    rows = [px[y * stride:(y + 1) * stride] for y in range(h)]
    white = b"\xff" * stride
    ys = [y for y, r in enumerate(rows) if r != white]
    cols = [x for x in range(w) if any(rows[y][3 * x:3 * x + 3] != b"\xff\xff\xff" for y in ys[::3])]
    y0, y1 = max(0, ys[0] - border), min(h, ys[-1] + border + 1)
    x0, x1 = max(0, cols[0] - border), min(w, cols[-1] + border + 1)
    raw = b"".join(b"\x00" + rows[y][3 * x0:3 * x1] for y in range(y0, y1))

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)

    png.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", x1 - x0, y1 - y0, 8, 2, 0, 0, 0))
                    + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def render(xlsx: Path, png: Path, tmp: Path, dpi: int = 110) -> Path:
    pdf = soffice(xlsx, "pdf", tmp)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(tmp / "page")],
                   check=True)
    trim_to_png(tmp / "page.ppm", png)
    return png


def soffice(src: Path, target: str, out: Path) -> Path:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    profile = (out / "lo_profile").as_uri()
    subprocess.run([exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
                    "--outdir", str(out), str(src)],
                   check=True, capture_output=True, timeout=180)
    return out / (src.stem + "." + target.split(":")[0])


def make_ribbon(tmp: Path) -> Path:
    xlsx = tmp / "ribbon-tab.xlsx"
    ribbon_workbook().save(xlsx)
    return render(xlsx, OUT / "ribbon-tab.png", tmp, dpi=130)


def make_results(tmp: Path) -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from openpyxl.styles import Alignment, Font
    from xlremote_replay import actions, remote_book, replay

    from deptbudget.example import load_example
    from deptbudget.excel import dispatch
    from deptbudget.excel.results import RESULTS_SHEET, WIDTHS
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
    from deptbudget.pipeline import all_tables

    budget = load_example()
    dept = tmp / "部门预算工作簿.xlsx"
    save_workbook(build_workbook("部门", budget, all_tables(budget)), dept)
    book = remote_book(dept)
    dispatch.run("btnValidateAll", book=book)
    wb = replay(actions(book), dept)
    for name in wb.sheetnames:
        if name != RESULTS_SHEET:
            del wb[name]
    ws = wb[RESULTS_SHEET]
    # What the formatting actions do in Excel (widths, bold header, wrapped 说明), for the picture.
    for j, w in enumerate(WIDTHS):
        ws.column_dimensions["ABCDEFG"[j]].width = w
    for c in ws[2]:
        c.font = Font(bold=True)
    for row in ws.iter_rows(min_row=1):
        for c in row:
            c.alignment = Alignment(wrap_text=c.column == 6, vertical="top")
            if isinstance(c.value, str) and c.value.startswith("=HYPERLINK"):
                c.font = Font(color="0563C1", underline="single")
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = "A1:G16"
    xlsx = tmp / "校验结果.xlsx"
    wb.save(xlsx)
    return render(xlsx, OUT / "validation-results.png", tmp)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        print(make_ribbon(Path(d)))
        print(make_results(Path(d)))

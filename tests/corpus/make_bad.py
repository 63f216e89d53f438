"""Generate the corpus of broken and hostile workbooks under tests/corpus/bad/.

    python tests/corpus/make_bad.py            # (re)write bad/ and bad/EXPECTED.json
    python tests/corpus/make_bad.py --check    # exit 1 if the committed files are not current

Every case starts from a valid unit workbook (单位 139001 of the built-in example, built with the
project's own generator) and breaks one thing, with openpyxl, by editing the XML inside the zip,
or as raw bytes. Output is deterministic (fixed zip timestamps and document dates). Large cases
(200,000 rows) are built at test time by `build_large()` instead of being committed.

Each case states what it must produce: the finding code, a fragment of the Chinese message, the
sheet and cell it names, and the exit code of `deptbudget validate` (0 = accepted, maybe with a
warning; 1 = findings of severity 错误; 2 = the file cannot be read).
"""

from __future__ import annotations

import io
import json
import re
import struct
import sys
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
OUT = HERE / "bad"
FIXED_TIME = (2024, 1, 1, 0, 0, 0)
UNIT = "139001"
BASIC, INCOME, PROJECTS, UNITS, INFO = "基本支出", "收入", "项目支出", "单位信息", "基本信息"
AMOUNT_CELL = "H4"  # 基本支出: first data row, column 金额 (253.36)
INCOME_CELL = "C4"  # 收入: first data row, column 金额 (1039.07)


@dataclass
class Case:
    file: str  # file name under bad/
    what: str  # what is broken (Chinese, for docs/robustness.md)
    build: Callable[[], bytes] = field(repr=False)
    code: str = ""  # finding code it must produce ("" = none)
    fragment: str = ""  # fragment of the message ("" = reads like the base)
    exit: int = 0  # exit code of `deptbudget validate` (0 = as the valid base workbook)
    sheet: str = ""  # sheet named by the finding
    cell: str = ""  # cell named by the finding
    group: str = "单元格"  # 文件 | 结构 | 单元格 | 多文件 | 名称 | 攻击
    with_base: bool = False  # read together with the base workbook (roll-up of two files)
    committed: bool = True
    commands: dict = field(default_factory=dict)  # command → exit code where it differs from `exit`

    def expected(self) -> dict:
        d = asdict(self)
        d.pop("build")
        return d


# -- the base workbook -------------------------------------------------------

_BASE: dict = {}


def unit_budget(code: str = UNIT, dept: str | None = None):
    """The example budget cut down to one unit (optionally moved to another department)."""
    import dataclasses as dc

    from deptbudget.example import load_example

    b = load_example()
    keep = lambda seq: tuple(x for x in seq if x.unit == UNIT)  # noqa: E731
    sub = dc.replace(
        b, units=tuple(u for u in b.units if u.code == UNIT), incomes=keep(b.incomes), lines=keep(b.lines),
        projects=keep(b.projects), indicators=keep(b.indicators), prior=())
    if code != UNIT:
        ren = lambda x: dc.replace(x, unit=code)  # noqa: E731
        sub = dc.replace(
            sub, units=tuple(dc.replace(u, code=code) for u in sub.units),
            incomes=tuple(map(ren, sub.incomes)), indicators=tuple(map(ren, sub.indicators)),
            lines=tuple(map(ren, sub.lines)),
            projects=tuple(dc.replace(p, unit=code, lines=tuple(map(ren, p.lines))) for p in sub.projects))
    if dept:
        sub = dc.replace(sub, department=dc.replace(sub.department, code=dept, name="达州市达川区某局"))
    return sub


def workbook(code: str = UNIT, dept: str | None = None):
    from deptbudget.io.workbook_xlsx import build_workbook

    return build_workbook("单位", unit_budget(code, dept))


def save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return normalize(buf.getvalue())


def base_bytes() -> bytes:
    if "xlsx" not in _BASE:
        _BASE["xlsx"] = save(workbook())
    return _BASE["xlsx"]


def normalize(data: bytes) -> bytes:
    """Fixed timestamps in the zip and in docProps/core.xml, so the output is reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", body)
            out.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), body, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def with_sheet(mutate: Callable, code: str = UNIT, dept: str | None = None) -> Callable[[], bytes]:
    """A case built by changing the openpyxl workbook."""

    def build() -> bytes:
        wb = workbook(code, dept)
        mutate(wb)
        return save(wb)

    return build


def set_cell(sheet: str, cell: str, value) -> Callable[[], bytes]:
    def mutate(wb):
        wb[sheet][cell].value = value
        if isinstance(value, date):
            wb[sheet][cell].number_format = "yyyy-mm-dd"

    return with_sheet(mutate)


# -- editing the XML inside the zip ----------------------------------------------

def sheet_part(zf: zipfile.ZipFile, name: str) -> str:
    wb = zf.read("xl/workbook.xml").decode()
    rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(r'<sheet [^>]*name="%s"[^>]*r:id="([^"]+)"' % re.escape(name), wb).group(1)
    target = re.search(r'<Relationship [^>]*Id="%s"[^>]*Target="([^"]+)"' % rid, rels) or \
        re.search(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="%s"' % rid, rels)
    t = target.group(1)
    return t.lstrip("/") if t.startswith("/") else "xl/" + t


def edit_parts(data: bytes, edits: dict[str, Callable[[bytes], bytes]], add: dict[str, bytes] | None = None,
               drop: tuple[str, ...] = ()) -> bytes:
    """Rewrite the zip with some parts changed (keys: part paths or 'sheet:NAME'), added or dropped."""
    src = zipfile.ZipFile(io.BytesIO(data))
    paths = {(sheet_part(src, k[6:]) if k.startswith("sheet:") else k): fn for k, fn in edits.items()}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename in drop:
                continue
            body = src.read(info)
            if info.filename in paths:
                body = paths[info.filename](body)
            out.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), body, zipfile.ZIP_DEFLATED)
        for name, body in (add or {}).items():
            out.writestr(zipfile.ZipInfo(name, FIXED_TIME), body, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def replace_cell(cell: str, xml: str) -> Callable[[bytes], bytes]:
    """Replace the <c r="CELL"> element of a sheet by raw XML."""

    def edit(body: bytes) -> bytes:
        pat = re.compile(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % cell.encode(), re.S)
        new, n = pat.subn(xml.encode(), body, count=1)
        assert n == 1, cell
        return new

    return edit


def raw_cell(sheet: str, cell: str, xml: str) -> Callable[[], bytes]:
    return lambda: edit_parts(base_bytes(), {f"sheet:{sheet}": replace_cell(cell, xml)})


# -- raw containers ---------------------------------------------------------------

def ole(streams: list[str]) -> bytes:
    """A minimal OLE2 compound file (as used by .xls, .et and password-protected .xlsx) whose
    directory holds empty streams with the given names."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 40, 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
    struct.pack_into("<I", header, 64, 0)  # 0 DIFAT sectors; FAT lives in sector 0
    header[68:72] = b"\xff\xff\xff\xff"
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0] = sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)
    struct.pack_into("<I", header, 48, 1)  # first directory sector
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)
    names = ["Root Entry"] + streams
    directory = bytearray()
    for i, name in enumerate(names):
        e = bytearray(128)
        raw = name.encode("utf-16-le") + b"\0\0"
        e[0:len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), 5 if i == 0 else 2, 1)
        left = right = child = 0xFFFFFFFF
        if i == 0 and streams:
            child = 1
        elif 0 < i < len(names) - 1:
            right = i + 1
        struct.pack_into("<III", e, 68, left, right, child)
        struct.pack_into("<II", e, 116, 0xFFFFFFFE, 0)  # start sector, size
        directory += e
    directory += b"\0" * (-len(directory) % sector)
    return bytes(header + fat + directory)


def zip_of(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(zipfile.ZipInfo(name, FIXED_TIME), body, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


ENTITY_DTD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    + ']>\n')


def entity_bomb(late: bool = False) -> bytes:
    """Billion laughs in the 基本支出 sheet (&lol9; in a note cell); `late` hides the DOCTYPE
    behind an 8 KB comment, past a naive "look at the first 4 KB" guard."""
    prolog = ENTITY_DTD
    if late:
        prolog = prolog.replace("?>\n", "?>\n<!--" + " " * 8000 + "-->\n", 1)

    def edit(body: bytes) -> bytes:
        body = replace_cell("I4", '<c r="I4" t="inlineStr"><is><t>&lol9;</t></is></c>')(body)
        return prolog.encode() + body

    return edit_parts(base_bytes(), {f"sheet:{BASIC}": edit})


def zip_bomb() -> bytes:
    """A sheet part of 60 MB of zeros, ~60 KB packed (ratio ~1000)."""
    buf = io.BytesIO()
    src = zipfile.ZipFile(io.BytesIO(base_bytes()))
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), src.read(info), zipfile.ZIP_DEFLATED)
        zi = zipfile.ZipInfo("xl/worksheets/sheet99.xml", FIXED_TIME)
        zi.compress_type = zipfile.ZIP_DEFLATED
        with out.open(zi, "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(60):
                fh.write(block)
    return buf.getvalue()


def far_cell() -> bytes:
    """One value at XFD1048576: a dense reader would allocate 17 billion cells."""
    def edit(body: bytes) -> bytes:
        return body.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    return edit_parts(base_bytes(), {f"sheet:{BASIC}": edit})


# -- structural mutations ------------------------------------------------------------

def drop_sheet(name: str):
    return with_sheet(lambda wb: wb.remove(wb[name]))


def rename_sheet(old: str, new: str):
    def mutate(wb):
        wb[old].title = new
    return with_sheet(mutate)


def reorder(wb):
    wb._sheets.reverse()
    wb.active = 0


def hide_sheet(wb):
    wb[BASIC].sheet_state = "hidden"


def clear_header(wb):
    ws = wb[BASIC]
    for c in ws[3]:
        c.value = None


def move_header(rows: int):
    def mutate(wb):
        ws = wb[BASIC]
        ws.insert_rows(1, rows)
    return mutate


def rename_column(wb):
    wb[BASIC]["H3"].value = "数额"


def merge_rows(wb):
    ws = wb[BASIC]
    ws.merge_cells("B4:B6")


def hide_row(wb):
    wb[BASIC].row_dimensions[5].hidden = True


def version(value):
    def mutate(wb):
        ws = wb[INFO]
        for row in ws.iter_rows(min_col=1, max_col=2):
            if row[0].value == "模板版本":
                row[1].value = value
    return mutate


def long_text(wb):
    wb[PROJECTS]["J4"].value = ("很长的年度目标。" * 4096)[:32767]
    wb[BASIC]["I4"].value = "备注" * 16000


def injection(wb):
    ws = wb[BASIC]
    for r, text in zip(range(4, 8), ("=HYPERLINK(\"http://evil.example\",\"点我\")", "+1+1", "-2+3", "@SUM(A1:A2)"), strict=False):
        ws[f"I{r}"].value = text
        ws[f"I{r}"].data_type = "s"
    ws = wb[PROJECTS]
    ws["J4"].value = "=cmd|' /C calc'!A0"
    ws["J4"].data_type = "s"


def no_units(wb):
    ws = wb[UNITS]
    for row in ws.iter_rows(min_row=4):
        for c in row:
            c.value = None


def amount_cases() -> list[Case]:
    a = lambda f, what, value, code, frag, exit: Case(  # noqa: E731
        f, what, set_cell(BASIC, AMOUNT_CELL, value), code, frag, exit, BASIC, AMOUNT_CELL)
    x = lambda f, what, xml, code, frag, exit: Case(  # noqa: E731
        f, what, raw_cell(BASIC, AMOUNT_CELL, xml), code, frag, exit, BASIC, AMOUNT_CELL)
    return [
        a("amount_text.xlsx", "金额存为文本“253.36”", "253.36", "AMT-02", "文本格式的数字", 0),
        a("amount_fullwidth.xlsx", "金额为全角数字", "２５３．３６", "AMT-03", "全角数字", 0),
        Case("amount_thousands.xlsx", "金额为带千位分隔符的文本", set_cell(INCOME, INCOME_CELL, "1,039.07"),
             "AMT-04", "千位分隔符", 0, INCOME, INCOME_CELL),
        a("amount_yuan.xlsx", "金额里写了“元”", "2533600元", "AMT-07", "写了单位", 1),
        a("amount_wanyuan.xlsx", "金额里写了“万元”", "253.36万元", "AMT-07", "写了单位", 1),
        a("amount_negative.xlsx", "金额为负数", -253.36, "AMT-05", "负数", 1),
        x("amount_nan.xlsx", "数值单元格存 NaN", f'<c r="{AMOUNT_CELL}"><v>NaN</v></c>', "AMT-01", "不是数字", 1),
        x("amount_inf.xlsx", "数值单元格存 INF", f'<c r="{AMOUNT_CELL}"><v>INF</v></c>', "AMT-01", "不是数字", 1),
        a("amount_1e308.xlsx", "金额 1e308", 1e308, "AMT-10", "超出合理范围", 1),
        a("amount_date.xlsx", "金额单元格是日期", date(2024, 3, 1), "AMT-08", "日期", 1),
        a("amount_bool.xlsx", "金额单元格是布尔值", True, "AMT-08", "布尔值", 1),
        x("formula_ref_error.xlsx", "公式缓存值 #REF!",
          f'<c r="{AMOUNT_CELL}" t="e"><f>#REF!*2</f><v>#REF!</v></c>', "AMT-09", "#REF!", 1),
        x("formula_div0.xlsx", "公式缓存值 #DIV/0!",
          f'<c r="{AMOUNT_CELL}" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "AMT-09", "#DIV/0!", 1),
        x("formula_no_cache.xlsx", "公式没有缓存值（从未在 Excel 中计算）",
          f'<c r="{AMOUNT_CELL}"><f>100+153.36</f></c>', "AMT-11", "没有保存计算结果", 1),
        x("formula_cached_ok.xlsx", "公式带正确缓存值",
          f'<c r="{AMOUNT_CELL}"><f>100+153.36</f><v>253.36</v></c>', "", "", 0),
    ]


def code_cases() -> list[Case]:
    c = lambda f, what, value, code, frag, exit: Case(  # noqa: E731
        f, what, set_cell(BASIC, "B4", value), code, frag, exit, BASIC, "B4")
    return [
        c("code_number.xlsx", "功能分类编码存为数字", 2080101, "CODE-02", "存成了数字", 0),
        c("code_spaces.xlsx", "功能分类编码带空格", " 208 01 01 ", "CODE-03", "含空格", 0),
        c("code_fullwidth.xlsx", "功能分类编码为全角数字", "２０８０１０１", "CODE-03", "全角", 0),
        c("code_letters.xlsx", "功能分类编码含字母", "2O8O1O1", "CODE-01", "只能由数字组成", 1),
        Case("unit_code_other_dept.xlsx", "单位编码属于别的部门（140001）", set_cell(UNITS, "A4", "140001"),
             "STR-05", "不属于部门 139", 1, UNITS, "A4", "结构"),
    ]


def cases() -> list[Case]:
    F, S, N, M, H = "文件", "结构", "名称", "多文件", "攻击"
    base = base_bytes
    out = [
        Case("empty.xlsx", "空文件（0 字节）", lambda: b"", "READ-01", "文件是空的", 2, group=F),
        Case("not_really.xlsx", "PDF 改扩展名为 .xlsx", lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
             "READ-01", "改了扩展名", 2, group=F),
        Case("text_renamed.xlsx", "文本文件改扩展名为 .xlsx", lambda: "单位编码,金额\n139001,12\n".encode("gbk"),
             "READ-01", "改了扩展名", 2, group=F),
        Case("zip_no_workbook.xlsx", "压缩包里没有工作簿", lambda: zip_of({"readme.txt": b"hello"}),
             "READ-01", "缺少 xl/workbook.xml", 2, group=F),
        Case("corrupt_zip.xlsx", "压缩包被截断（下载不完整）", lambda: base()[: len(base()) // 2],
             "READ-01", "文件已损坏", 2, group=F),
        Case("corrupt_part.xlsx", "压缩包完好但工作表 XML 被截断",
             lambda: edit_parts(base(), {f"sheet:{BASIC}": lambda b: b[: len(b) // 2]}),
             "READ-01", "无法解析工作簿内容", 2, group=F),
        Case("old_excel.xls", "Excel 97-2003 .xls", lambda: ole(["Workbook", "\x05SummaryInformation"]),
             "READ-01", "旧版 Excel 97-2003", 2, group=F),
        Case("old_excel_renamed.xlsx", ".xls 改扩展名为 .xlsx", lambda: ole(["Workbook"]),
             "READ-01", "旧版", 2, group=F),
        Case("binary.xlsb", "二进制工作簿 .xlsb", lambda: zip_of({"[Content_Types].xml": b"<Types/>",
                                                             "xl/workbook.bin": b"\x83\x01\x00"}),
             "READ-01", ".xlsb", 2, group=F),
        Case("data.csv", "CSV 文本", lambda: "单位编码,金额\n139001,12\n".encode("utf-8-sig"),
             "READ-01", "CSV", 2, group=F),
        Case("wps.et", "WPS 表格 .et", lambda: ole(["Workbook", "WpsCustomData"]),
             "READ-01", "WPS", 2, group=F),
        Case("password.xlsx", "设置了打开密码（加密的 OLE 容器）",
             lambda: ole(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]),
             "READ-01", "打开密码", 2, group=F),
        Case("~$lock_file.xlsx", "Excel 打开文件时留下的锁文件", lambda: b"\x0bzhangsan" + b"\x20" * 150,
             "READ-01", "锁文件", 2, group=F),
        Case("empty_template.xlsx", "空白模板（没有任何单位）", lambda: save(_empty_template()),
             "STR-04", "未填写", 1, INFO, "B4", group=F),
        Case("other_version.xlsx", "其他模板版本（DB-0.9）", with_sheet(version("DB-0.9")), "STR-03", "DB-0.9", 1,
             INFO, group=S),
        Case("no_version.xlsx", "没有模板版本标记", with_sheet(version(None)), "STR-03", "无版本标记", 1, INFO, group=S),
        Case("missing_sheet.xlsx", "缺少「基本支出」表", drop_sheet(BASIC), "STR-01", "缺少工作表「基本支出」", 1,
             BASIC, group=S),
        Case("renamed_sheet_similar.xlsx", "「基本支出」改名为「基本支出表」", rename_sheet(BASIC, "基本支出表"),
             "STR-06", "基本支出表", 0, "基本支出表", group=S),
        Case("renamed_sheet_other.xlsx", "「基本支出」改名为「Sheet3」", rename_sheet(BASIC, "Sheet3"),
             "STR-01", "缺少工作表「基本支出」", 1, BASIC, group=S),
        Case("reordered_sheets.xlsx", "工作表顺序颠倒", with_sheet(reorder), "", "", 0, group=S),
        Case("hidden_sheet.xlsx", "「基本支出」表被隐藏", with_sheet(hide_sheet), "STR-30", "被隐藏", 0, BASIC, group=S),
        Case("header_missing.xlsx", "「基本支出」表头行被清空", with_sheet(clear_header), "STR-02", "找不到表头行", 1,
             BASIC, group=S),
        Case("header_moved.xlsx", "表头下移 5 行", with_sheet(move_header(5)), "", "", 0, group=S),
        Case("header_moved_far.xlsx", "表头下移 40 行（超出查找范围）", with_sheet(move_header(40)), "STR-02",
             "找不到表头行", 1, BASIC, group=S),
        Case("column_renamed.xlsx", "「金额」列改名为「数额」", with_sheet(rename_column), "STR-02", "缺少列「金额」", 1,
             BASIC, "A3", group=S),
        Case("merged_rows.xlsx", "功能分类编码合并单元格跨三行", with_sheet(merge_rows), "STR-32", "合并单元格", 1,
             BASIC, "B4:B6", group=S),
        Case("hidden_row.xlsx", "隐藏行里有金额", with_sheet(hide_row), "STR-31", "隐藏行", 0, BASIC, "5:5", group=S),
        *amount_cases(),
        *code_cases(),
        Case("long_text.xlsx", "超长文本（32767 字）", with_sheet(long_text), "", "", 0),
        Case("injection_text.xlsx", "以 = + - @ 开头的文本", with_sheet(injection), "", "", 0, group=H),
        Case("duplicate_unit.xlsx", "与另一文件单位编码重复（139001）", base, "", "139001", 1, group=M,
             with_base=True),
        Case("other_department.xlsx", "另一部门（140）的单位文件", with_sheet(lambda wb: None, "140001", "140"),
             "", "140", 1, group=M, with_base=True),
        Case("全角　名称（单位）.xlsx", "全角字符和全角空格的文件名", base, "", "", 0, group=N),
        Case("emoji 😀 预算.xlsx", "带 emoji 和空格的文件名", base, "", "", 0, group=N),
        Case("»ù±¾Ö§³ö.xlsx", "GBK 乱码文件名", base, "", "", 0, group=N),
        Case("sheet_fullwidth.xlsx", "工作表名带全角空格「基本支出　」", rename_sheet(BASIC, "基本支出　"), "STR-06",
             "基本支出", 0, "基本支出　", group=N),
        Case("sheet_emoji.xlsx", "工作表名带 emoji「基本支出😀」", rename_sheet(BASIC, "基本支出😀"), "STR-06",
             "基本支出😀", 0, "基本支出😀", group=N),
        Case("sheet_gbk_mojibake.xlsx", "工作表名为 GBK 乱码「»ù±¾Ö§³ö」", rename_sheet(BASIC, "»ù±¾Ö§³ö"), "STR-01",
             "缺少工作表「基本支出」", 1, BASIC, group=N),
        Case("entity_bomb.xlsx", "XML 实体炸弹（billion laughs）", entity_bomb, "READ-01", "不安全的 XML", 2, group=H),
        Case("entity_bomb_late.xlsx", "XML 实体炸弹，DOCTYPE 藏在长注释之后", lambda: entity_bomb(True), "READ-01",
             "不安全的 XML", 2, group=H),
        Case("zip_bomb.xlsx", "压缩炸弹（60 MB 零字节压成约 60 KB）", zip_bomb, "READ-01", "压缩炸弹", 2, group=H),
        Case("far_cell.xlsx", "XFD1048576 处有一个值（稠密读取需 170 亿格）", far_cell, "READ-01", "过大", 2, group=H),
    ]
    out += __import__("cases_cli").cases()  # issue 15: commands and outputs
    out += __import__("cases_values").cases()  # issue 15: values read exactly or refused
    out += __import__("cases_xml").cases()  # issue 15: XML level (tests/corpus/cases_xml.py)
    return out


def _empty_template():
    from deptbudget.io.workbook_xlsx import build_workbook

    return build_workbook("单位")


# -- large cases, built at test time -------------------------------------------------

LARGE_ROWS = 200_000


def build_large(rows: int = LARGE_ROWS) -> bytes:
    """The base workbook with `rows` lines in 基本支出 (inline strings; 0.01 万元 each)."""
    def edit(body: bytes) -> bytes:
        head = body[: body.index(b"<sheetData>")]
        tail = body[body.index(b"</sheetData>"):]
        tail = re.sub(rb"<tableParts.*?</tableParts>", b"", tail, flags=re.S)
        hdr = "".join(f'<c r="{c}3" t="inlineStr"><is><t>{h}</t></is></c>' for c, h in zip(
            "ABDGH", ("单位编码", "功能分类科目编码", "经济分类科目编码", "资金来源", "金额"), strict=False))
        parts = [f'<sheetData><row r="3">{hdr}</row>']
        econ = ("30101", "30102", "30201", "30211")
        for i in range(rows):
            r = i + 4
            parts.append(
                f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{UNIT}</t></is></c>'
                f'<c r="B{r}" t="inlineStr"><is><t>2080101</t></is></c>'
                f'<c r="D{r}" t="inlineStr"><is><t>{econ[i % 4]}</t></is></c>'
                f'<c r="G{r}" t="inlineStr"><is><t>一般公共预算拨款收入</t></is></c>'
                f'<c r="H{r}"><v>0.01</v></c></row>')
        return head + "".join(parts).encode() + tail

    return edit_parts(base_bytes(), {f"sheet:{BASIC}": edit})


# -- main ------------------------------------------------------------------------------

def generate(out: Path = OUT) -> list[Case]:
    out.mkdir(parents=True, exist_ok=True)
    all_cases = cases()
    for case in all_cases:
        if case.committed:
            (out / case.file).write_bytes(case.build())
    (out / "base.xlsx").write_bytes(base_bytes())
    expected = {"base": "base.xlsx", "large_rows": LARGE_ROWS, "cases": [c.expected() for c in all_cases]}
    (out / "EXPECTED.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return all_cases


def check() -> list[str]:
    """Names of committed files that differ from what the script builds now."""
    stale = []
    for case in cases():
        p = OUT / case.file
        if case.committed and (not p.exists() or p.read_bytes() != case.build()):
            stale.append(case.file)
    return stale


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[1] / "src"))
    if "--check" in sys.argv:
        bad = check()
        print("过期：" + "、".join(bad) if bad else "语料库与脚本一致")
        sys.exit(1 if bad else 0)
    n = len(generate())
    print(f"已生成 {n} 个用例 → {OUT}")

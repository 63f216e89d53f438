"""A pass over the raw XML of an .xlsx before calamine sees it, for what calamine would choke
on or silently drop:

- a DOCTYPE/ENTITY in any XML part (entity bombs), a part that is not UTF-8 (calamine reads a
  UTF-16 sheet as empty), an empty sheet part, duplicated zip entries or sheet names (which
  copy would be read?) → refused;
- a sheet whose cells would take too much memory once parsed (calamine allocates the whole
  rectangle: one value at XFD1048576 would ask for 17 billion cells; every cell that refers to
  a shared string gets its own copy of it) → refused;
- hidden rows, cached error values (#REF!, #DIV/0! — calamine returns them as empty),
  formulas saved without a cached value and formulas that read another workbook, per sheet, so
  the reader can say so.

The extent is measured the way calamine reads cells (quick-xml: any quoting, whitespace or
attribute order; the last `r` of a cell; rows and cells without `r` placed by counting). Sheets
in the usual spelling (every cell starts `<c r="A1"`) take a fast path of a few searches that
start with a literal; anything else is walked tag by tag (_Walk).
Parts are streamed in chunks; the workbook's own XML goes through defusedxml.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from defusedxml import ElementTree

from .grid import UncachedCells, col_letter, col_number

CHUNK = 1 << 20
MAX_PROLOG = 1 << 20  # bytes before the root element (comments, PIs) — more is not a workbook
MAX_ROW, MAX_COL = 1_048_576, 16_384  # Excel's sheet; calamine would wrap larger numbers around
# Memory per cell once parsed (measured with python-calamine 0.9: an empty cell of the rectangle
# ~42 bytes, a number ~75, a short shared string ~170): area and cell elements are weighed apart.
AREA_BYTES, CELL_BYTES = 44, 120
SHARED_STRINGS = "xl/sharedStrings.xml"
SMALL_TEXT = 32 << 20  # shared text below this is not worth counting cell by cell
_P = rb"(?:[\w.-]+:)?"  # optional namespace prefix
REF_RE = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,9})"')
ROW_RE = re.compile(rb"<" + _P + rb"row\b([^>]*)>")
ERROR_TYPE_RE = re.compile(rb't="e"')  # ERROR_RE's quick test
NO_CACHE_RE = re.compile(
    rb"<" + _P + rb"c\b([^>]*)>\s*<" + _P + rb"f\b(?:[^>]*/>|[^>]*>[^<]*</" + _P + rb"f>)\s*"
    rb"(?:<" + _P + rb"v\s*/>|<" + _P + rb"v>\s*</" + _P + rb"v>)?\s*</" + _P + rb"c>")
# Fast forms for plain (unprefixed) XML: each starts with a literal, which re searches quickly.
PREFIXED_RE = re.compile(rb":(?:c|f|row)\b")  # <x:c …>; a literal first byte: memchr speed
# A cell tag not in the usual spelling — r first, double quotes, single spaces, only the
# attributes Excel writes on a cell — or whose reference has more than `d` row digits or a
# column past Z. Nothing found: every cell is within A–Z and rows below 10**d.
_CANON = rb' r="%s"(?: (?:[st]|cm|vm|ph)="[^"]*")*/?>'
NEAR_RE = [re.compile(rb"<c(?!" + _CANON % (rb"[A-Z][0-9]{1,%d}" % d) + rb")(?=[\s>/])") for d in range(1, 6)]
SPELL_RE = re.compile(rb"<c(?!" + _CANON % rb"[A-Za-z]{1,3}[0-9]{1,7}" + rb")(?=[\s>/])")
CELL_REF_RE = re.compile(rb'<c r="([A-Za-z]{1,3})([0-9]{1,7})"')
# Rows hidden in any spelling: hidden="1"/'true', or a height under 1 point (ht="0"; not
# defaultRowHeight= or right=). One search starting with a literal.
HIDES_RE = re.compile(rb"h(?:idden\s*=\s*[\"'](?:1|[tT][rR][uU][eE])[\"']|t(?<![\w:]ht)\s*=\s*[\"']\s*[0.])")
NO_CACHE_FAST_RE = re.compile(rb"<f\b(?:[^>]*/>|[^>]*>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")
NO_CACHE_CELL_RE = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,9})"[^>]*>\s*<f\b(?:[^>]*/>|[^>]*>[^<]*</f>)\s*'
                              rb"(?:<v\s*/>|<v>\s*</v>)?\s*</c>")
ERROR_RE = re.compile(
    rb"<" + _P + rb'c\b([^>]*\st="e"[^>]*)>\s*(?:<' + _P + rb"f\b[^>]*/>|<" + _P + rb"f\b[^>]*>[^<]*</" + _P
    + rb"f>)?\s*<" + _P + rb"v>([^<]{1,20})</")
# [1]Sheet1!A1, '[1]基本支出'!H4, [1]!name, 'D:\[a.xlsx]Sheet'!A1: a formula reading another workbook
# (a table's Table1[列] has no "!" after its bracket)
EXTERNAL_RE = re.compile(rb"\[[^\[\]]+\][^\[\]!(),]*!")
# The walk: start and end tags of rows and cells, quotes respected (quick-xml reads
# <c x=">" r="B2"> as one tag); attributes in either quoting, with whitespace around "=".
TAG_RE = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(c|row|sheetData)(?=[\s/>])((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>")
CELL_TAG_RE = re.compile(rb"<[A-Za-z_][\w.-]*:c(?=[\s/>])")  # a prefixed cell tag (<x:c …>)
TAG_START_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:c|row)(?=[\s/>])")
ATTR_RE = re.compile(rb"([^\s=/>\"']+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
CELL_END_RE = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?c\s*>")
F_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f(?=[\s/>])((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>([^<]*)")
V_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?v(?=[\s/>])(?:[^<>]*?)(/?)>([^<]*)")
SHARED_CELL_RE = re.compile(rb"\st\s*=\s*[\"']s[\"'][^>]*>\s*<(?:[\w.-]+:)?v(?:\s[^>]*)?>\s*([0-9]+)")


class UnsafeFile(Exception):
    """reason: Chinese."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class SheetScan:
    rows: int = 0  # extent: highest row / column number seen
    cols: int = 0
    cells: int = 0  # cell elements seen (bounds cells written without a reference)
    hidden_rows: set[int] = field(default_factory=set)  # 0-based
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # 0-based (row, col) → "#REF!"
    uncached: UncachedCells = field(default_factory=UncachedCells)
    external: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → formula
    approx: bool = False  # rows/cols are an upper bound (fast path), not the exact extent
    needs_exact: bool = False  # the fast path met a wide column or a high row
    walked: bool = False  # read tag by tag (_Walk): the details are already found
    xml_bytes: int = 0
    links: bool = False  # the workbook has external links: look for formulas using them
    shared_bytes: int = 0  # text of the shared strings its cells refer to (an upper bound)
    hidden_pending: bool = False  # a hidden row's tag ended the last block: its cells start this one
    complete: bool = False  # the part ends with its root's end tag (not cut short)

    @property
    def area(self) -> int:
        return max(self.rows * self.cols, self.cells)

    @property
    def memory(self) -> int:
        """Bytes the parsed sheet takes, about (see AREA_BYTES)."""
        return AREA_BYTES * self.rows * self.cols + CELL_BYTES * self.cells + 2 * (self.xml_bytes + self.shared_bytes)


def scan_package(zf: zipfile.ZipFile, max_cells: int, wanted=None,
                 max_memory: int | None = None) -> dict[str, SheetScan]:
    """Sheet name → SheetScan, for the sheets `wanted(name)` accepts (all when None): those are
    the ones that will be parsed. Raises UnsafeFile."""
    return {name: add_details(scan, blocks)
            for name, scan, blocks in check_package(zf, max_cells, wanted, max_memory=max_memory)}


def check_package(zf: zipfile.ZipFile, max_cells: int, wanted=None, order=None, max_memory: int | None = None,
                  readers: int = 1):
    """The safety half of the scan, sheet by sheet: yields (name, scan, blocks) for each wanted
    sheet once it is known to be safe to parse, so that parsing can start while the next sheet is
    checked. `order`: sort key over (name, ZipInfo), e.g. largest first. `max_memory`: bytes the
    parsed sheets may take together; `readers`: calamine workbooks open at once (each holds the
    shared strings). Raises UnsafeFile."""
    check_entries(zf)
    parts = sheet_parts(zf)
    sheets_of = {}
    for name, part in parts.items():
        sheets_of.setdefault(part, name)
    for info in zf.infolist():
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            _check_prolog(zf, info, sheets_of.get(info.filename))
    chosen = [(name, part) for name, part in parts.items() if wanted is None or wanted(name)]
    for name, part in chosen:
        if part not in zf.NameToInfo:
            raise UnsafeFile(f"工作表「{name}」的内容（{part}）在文件里不存在，文件已损坏或被篡改")
        if zf.NameToInfo[part].file_size == 0:
            raise UnsafeFile(f"工作表「{name}」的内容是空的（{part} 为 0 字节），文件已损坏，请向报送单位重新索取")
    chosen = [(name, zf.NameToInfo[part]) for name, part in chosen]
    if order is not None:
        chosen.sort(key=order)
    links = any(n.startswith("xl/externalLinks/") for n in zf.NameToInfo)
    strings = _SharedStrings(zf)
    memory = strings.size * max(1, readers)
    if max_memory is not None and memory > max_memory:
        raise UnsafeFile(f"文件的共享字符串表过大（解压后 {strings.size >> 20:,} MB，"
                         f"读取时需要约 {memory >> 20:,} MB 内存，超过 {max_memory >> 20:,} MB 的上限），已拒绝读取")
    total = 0
    for name, info in chosen:
        scan, blocks = check_sheet(zf, info.filename, max_cells, max_memory=max_memory, links=links)
        over_memory = max_memory is not None and memory + scan.memory > max_memory
        if scan.approx and (total + scan.area > max_cells or over_memory):
            # the fast path's bound is loose (rows up to 10**digits): measure before refusing
            scan, blocks = check_sheet(zf, info.filename, max_cells, exact=True, max_memory=max_memory, links=links)
        if strings.size:
            scan.shared_bytes = strings.bound(scan)
            if max_memory is not None and memory + scan.memory > max_memory:
                scan.shared_bytes = strings.referred(scan, blocks, zf, info.filename)
        if not scan.complete and scan.area <= max_cells:
            raise UnsafeFile(f"无法解析工作簿内容：工作表「{name}」的 XML 不完整（被截断），"
                             "文件已损坏，请向报送单位重新索取")
        total += scan.area
        memory += scan.memory
        if scan.area > max_cells or total > max_cells:
            raise UnsafeFile(f"工作表「{name}」过大（数据区域约 {scan.rows:,} 行 × {scan.cols:,} 列，"
                             f"超过 {max_cells:,} 个单元格的上限），已拒绝读取")
        if max_memory is not None and memory > max_memory:
            raise UnsafeFile(f"工作表「{name}」过大：读取它需要约 {memory >> 20:,} MB 内存（数据区域约 "
                             f"{scan.rows:,} 行 × {scan.cols:,} 列、{scan.cells:,} 个单元格，共享文本约 "
                             f"{scan.shared_bytes >> 20:,} MB），超过 {max_memory >> 20:,} MB 的上限，已拒绝读取")
        yield name, scan, blocks


def check_entries(zf: zipfile.ZipFile) -> None:
    """Two zip entries with the same name (or names differing only in case or slashes): one
    program reads the first, another the last — refused rather than guessed."""
    seen: dict[str, str] = {}
    for info in zf.infolist():
        key = info.filename.replace("\\", "/").lstrip("/").lower()
        if key in seen:
            raise UnsafeFile(f"压缩包里有重名的部件「{info.filename}」（出现不止一次），"
                             f"无法确定哪一份是真实内容，已拒绝读取")
        seen[key] = info.filename


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → part path, from xl/workbook.xml and its relationships (parsed by defusedxml),
    resolved the way calamine resolves them. A name given twice, or a sheet with two ids, is
    refused: the scan must check the very part calamine will parse."""
    try:
        wb = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    except Exception:  # defusedxml refusals and malformed XML alike
        raise UnsafeFile("工作簿目录（xl/workbook.xml）无法解析，文件已损坏或被篡改") from None
    targets = {}
    for r in rels.iter():
        if r.tag.endswith("Relationship") and r.get("Id") is not None:
            targets[r.get("Id")] = r.get("Target", "")
    out: dict[str, str] = {}
    for sh in wb.iter():
        if not sh.tag.endswith("}sheet") and sh.tag != "sheet":
            continue
        name = sh.get("name", "")
        ids = [v for k, v in sh.attrib.items() if k.endswith("}id")]
        if len(ids) > 1 or name in out or name.casefold() in {n.casefold() for n in out}:
            raise UnsafeFile(f"工作簿目录里工作表「{name}」出现不止一次（或指向不止一处），"
                             "无法确定读哪一份，已拒绝读取")
        target = targets.get(ids[0], "") if ids else ""
        if target:
            out[name] = _resolve(target)
    return out


def _resolve(target: str) -> str:
    """calamine: "/xl/…" and "xl/…" are from the package root, anything else under xl/."""
    if target.startswith("/xl/"):
        return target[1:]
    if target.startswith("xl/"):
        return target
    return "xl/" + target


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str | None = None) -> None:
    data = b""
    size = 4096  # the root element usually starts within the first few hundred bytes
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(size)
            size = 65536
            data += chunk
            verdict = prolog_unsafe(data, final=not chunk)
            if verdict is not None:
                break
            if len(data) > MAX_PROLOG:
                verdict = True
                break
    if verdict:
        raise UnsafeFile(f"文件含有不安全的 XML 定义（{info.filename} 中的 DOCTYPE/ENTITY），已拒绝读取")
    encoding = xml_encoding(data)
    if encoding is not None:
        what = f"工作表「{sheet}」（{info.filename}）" if sheet else f"文件中的 {info.filename}"
        raise UnsafeFile(f"{what}的编码是 {encoding}，不是 Excel 使用的 UTF-8，程序无法准确读取；"
                         "文件可能被其他程序改写过，请在 Excel/WPS 中打开并另存为 .xlsx 后再试")


_DECL_RE = re.compile(rb"""^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']""")


def xml_encoding(data: bytes) -> str | None:
    """The encoding of an XML part when it is not UTF-8 (a BOM, NUL bytes or the declaration
    say so), else None."""
    if data[:4] in (b"\xff\xfe\0\0", b"\0\0\xfe\xff"):
        return "UTF-32"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\0" in data[:4]:
        return "UTF-16"
    m = _DECL_RE.match(data[3:] if data[:3] == b"\xef\xbb\xbf" else data)
    if m and m.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8", b"us-ascii", b"ascii"):
        return m.group(1).decode("ascii", "replace")
    return None


def prolog_unsafe(data: bytes, final: bool = True) -> bool | None:
    """True if a DOCTYPE (or other <! declaration) comes before the root element; None: need more."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[1:2] == b"\0" or data[:1] == b"\0":
        enc = "utf-16-be" if data[:2] == b"\xfe\xff" or data[:1] == b"\0" else "utf-16-le"
        text = data[: len(data) // 2 * 2].decode(enc, "ignore")
    else:
        text = data.decode("latin-1")
    i, n = 0, len(text)
    while True:
        while i < n and (text[i].isspace() or text[i] in "\ufeff\xef\xbb\xbf"):
            i += 1
        if i >= n:
            return None if not final else False
        if text.startswith("<?", i) or text.startswith("<!--", i):
            close = "?>" if text[i + 1] == "?" else "-->"
            end = text.find(close, i + 2)
            if end < 0:
                return None if not final else False
            i = end + len(close)
            continue
        if text.startswith("<!", i):
            return True
        if i + 1 >= n and not final:
            return None
        return False


def scan_sheet(zf: zipfile.ZipFile, part: str, max_cells: int, exact: bool = False) -> SheetScan:
    scan, blocks = check_sheet(zf, part, max_cells, exact)
    return add_details(scan, blocks)


KEEP_BYTES = 256 << 20  # a checked sheet's XML up to this size is kept for add_details


def check_sheet(zf: zipfile.ZipFile, part: str, max_cells: int, exact: bool = False,
                max_memory: int | None = None, links: bool = False):
    """(scan with the sheet's extent, the XML blocks for add_details). Only the extent decides
    whether a sheet is safe to parse; hidden rows, errors and formulas without a result can be
    found afterwards, while the sheet is parsed. Blocks: (bytes, plain, count of "<c") cut at
    element boundaries, or a (file, part) to stream again for a very large sheet."""
    scan = SheetScan(links=links)
    blocks: list | None = []
    kept = 0
    for block in _blocks(zf, part):
        if block:  # (the last block of a part may be empty)
            scan.complete = _ends_root(block)
        plain = _plain(block)
        elements = _extent_block(block, scan, exact) if plain else None
        if elements is None:  # not in the usual spelling: read as calamine reads it
            return _walk(zf, part, max_cells, max_memory, links)
        kept += len(block)
        if blocks is not None:
            blocks.append((block, plain, elements))
            if kept > KEEP_BYTES:
                blocks = None
        if scan.area > max_cells or scan.needs_exact:
            break
    scan.xml_bytes = kept
    if not exact and (scan.needs_exact or scan.approx and scan.area > max_cells):
        # A block with wide columns or high rows can only be bounded together with the cells
        # of the other blocks; a loose bound over the limit is measured rather than refused.
        return check_sheet(zf, part, max_cells, exact=True, max_memory=max_memory, links=links)
    return scan, blocks if blocks is not None else (zf.filename, part)


def add_details(scan: SheetScan, blocks) -> SheetScan:
    """Hidden rows, cached errors and formulas without a result, from check_sheet's blocks."""
    if scan.walked:
        return scan
    if isinstance(blocks, tuple):  # too large to keep: stream the part again
        with zipfile.ZipFile(blocks[0]) as zf:
            return _details_streamed(scan, zf, blocks[1])
    formulas = []
    for block, plain, elements in blocks:
        _detail_block(block, scan, plain, formulas, elements)
    if formulas:
        scan.uncached.defer(_ColumnFinder(formulas))
    return scan


class _ColumnFinder:
    """Formulas without a result, searched for only in the columns asked about: the reader asks
    about the columns it reads, and a sheet of ours keeps its formulas in other columns."""

    def __init__(self, blocks: list[tuple[bytes, bool]]):
        self.blocks = blocks  # (XML block, every cell element has r= as its first attribute)

    def __call__(self, cols) -> list[tuple[int, int]]:
        out = UncachedCells()
        search = None if cols is None else _column_re(cols)
        for buf, r_first in self.blocks:
            if search is not None and r_first:
                out.add_refs(search.findall(buf))
            else:
                _uncached_fast(buf, out)
        return [cell for cell in out if cols is None or cell[1] in cols]


def _column_re(cols) -> re.Pattern:
    letters = b"|".join(sorted(col_letter(c).encode() for c in cols))
    return re.compile(rb'<c r="(' + letters + rb')([0-9]{1,9})"[^>]*>\s*<f\b(?:[^>]*/>|[^>]*>[^<]*</f>)\s*'
                      rb"(?:<v\s*/>|<v>\s*</v>)?\s*</c>")


def _details_streamed(scan: SheetScan, zf: zipfile.ZipFile, part: str) -> SheetScan:
    for block in _blocks(zf, part):
        _detail_block(block, scan, _plain(block))
    return scan


def _blocks(zf: zipfile.ZipFile, part: str):
    """The part's XML in blocks of about CHUNK bytes, each ending after a complete element."""
    carry = b""
    with zf.open(part) as fh:
        while True:
            chunk = fh.read(CHUNK)
            buf = carry + chunk
            cut = _last_cut(buf) if chunk else len(buf)
            yield buf[:cut]
            carry = buf[cut:]
            if not chunk:
                return


def _last_cut(buf: bytes) -> int:
    """Start of the last <c or <row tag: everything before it is complete elements."""
    plain = max(buf.rfind(b"<c "), buf.rfind(b"<row"))
    # rarer tags matter only after the last common one: search that tail, not the whole buffer
    tail = max(plain, 0)
    plain = max(plain, buf.rfind(b"<c>", tail))
    prefixed = max(buf.rfind(b":c ", tail), buf.rfind(b":row", tail))
    if prefixed > plain:
        plain = buf.rfind(b"<", 0, prefixed)
    return plain if plain > 0 else len(buf)


def _plain(buf: bytes) -> bool:
    """No namespace prefix on cells, rows or formulas, and only a space before r=: then the
    searches starting with a literal (much faster than with \\s) see every cell. Single bytes
    are looked for first: memchr speed, and most files have no tab or line break at all."""
    if (b"\t" in buf or b"\r" in buf or b"\n" in buf) and (b'\nr="' in buf or b'\tr="' in buf or b'\rr="' in buf):
        return False
    return PREFIXED_RE.search(buf) is None


def _extent_block(buf: bytes, scan: SheetScan, exact: bool = False) -> int | None:
    """The block's extent into `scan`, and its count of elements starting "<c"; None if a cell
    is not in the usual spelling (the sheet is then walked)."""
    if not exact:
        if not _extent_fast(buf, scan):
            return None
    elif SPELL_RE.search(buf):
        return None
    # Every cell tag is spelled <c r="…: counting those counts the cells.
    elements = buf.count(b'<c r="')
    scan.cells += elements
    if not exact:
        return elements
    refs = CELL_REF_RE.findall(buf)
    if refs:
        scan.rows = max(scan.rows, max(map(int, {r for _, r in refs})))
        scan.cols = max(scan.cols, max(map(col_number, {c.upper() for c, _ in refs})))
        if scan.rows > MAX_ROW or scan.cols > MAX_COL or b'r="0' in buf and any(int(r) == 0 for _, r in refs):
            raise UnsafeFile(_bad_ref())
    return elements


def _extent_fast(buf: bytes, scan: SheetScan) -> bool:
    """Only a reference past column Z or a high row can make a sheet large, and ordinary sheets
    have none: one search that finds no cell tag outside the usual spelling with at most as many
    row digits as the last row of the block proves it. The extent is then at most 26 columns ×
    the largest number with those digits (rows may come in any order). Anything else found sends
    the sheet to the exact pass (or, for an unusual spelling, to the walk)."""
    rows = max(_last_number(buf, b'<row r="'), _last_number(buf, b' r="', letters=True))
    digits = min(len(str(rows)), 5)
    if NEAR_RE[digits - 1].search(buf):
        if SPELL_RE.search(buf):
            return False
        scan.needs_exact = True
        return True
    if rows or b'<c r="' in buf:
        scan.rows = max(scan.rows, 10 ** digits - 1 if digits > 1 else 9, 1)
        scan.cols = max(scan.cols, 26)  # an upper bound: columns A–Z only
        scan.approx = True
    return True


def _last_number(buf: bytes, prefix: bytes, letters: bool = False) -> int:
    """The number in the last `prefix…"` of the buffer (after a column letter if `letters`)."""
    i = buf.rfind(prefix)
    if i < 0:
        return 0
    j = buf.find(b'"', i + len(prefix))
    text = buf[i + len(prefix):j].lstrip(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ") if letters else buf[i + len(prefix):j]
    return int(text) if text.isdigit() and len(text) < 10 else 0


def _bad_ref(ref: bytes = b"") -> str:
    shown = ref.decode("ascii", "replace")[:20]
    return (f"工作表里有无效或超出 Excel 范围的单元格引用{('「' + shown + '」') if shown else ''}"
            f"（Excel 最多 {MAX_ROW:,} 行、XFD 列），文件已损坏或被篡改，已拒绝读取")


def _detail_block(buf: bytes, scan: SheetScan, plain: bool, formulas: list | None = None,
                  elements: int = -1) -> None:
    """Hidden rows and errors; formulas without a result found now, or (when `formulas` is a
    list) the block kept there for a search by column later."""
    # LibreOffice writes hidden="false" on every row: look for the values that hide one first.
    # (A search starting with a literal is faster than `in` for these needles.)
    if scan.hidden_pending:
        scan.hidden_pending = False
        cell = CELL_REF_RE.search(buf)
        if cell and buf.find(b"</row", 0, cell.start()) < 0:
            scan.hidden_rows.add(int(cell.group(2)) - 1)
    if HIDES_RE.search(buf):
        _hidden_rows(buf, scan)
    if ERROR_TYPE_RE.search(buf):
        for m in ERROR_RE.finditer(buf):
            pos = _pos(m.group(1))
            if pos:
                scan.errors[pos] = m.group(2).decode("ascii", "replace").strip()
    if scan.links and b"[" in buf:
        for m in re.finditer(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*>\s*<f\b[^>]*>([^<]*)</f>', buf):
            if EXTERNAL_RE.search(m.group(3)):
                scan.external[(int(m.group(2)) - 1, col_number(m.group(1)) - 1)] = _text(m.group(3))
    if plain:
        if b"<f" in buf:
            if formulas is None:
                _uncached_fast(buf, scan.uncached)
            else:  # every "<c" element a cell with r= first: a search by column letters sees them all
                formulas.append((buf, elements >= 0))
    elif b"<f" in buf or b":f" in buf:
        scan.uncached.update(_uncached_exact(buf))


def _hidden_rows(buf: bytes, scan: SheetScan) -> None:
    """Rows hidden in any spelling; a row is placed where calamine puts its cells (by their r=,
    all present in a sheet read by the fast path)."""
    for m in TAG_RE.finditer(buf):
        if m.group(2) != b"row" or m.group(1) or m.group(3).endswith(b"/"):
            continue
        attrs = _attrs(m.group(3))
        if not _row_hidden(attrs):
            continue
        at = buf.find(b"<c", m.end())
        cell = CELL_REF_RE.match(buf, at) if at >= 0 else None
        if cell and buf.find(b"</row", m.end(), cell.start()) < 0:
            scan.hidden_rows.add(int(cell.group(2)) - 1)
        elif at < 0 and buf.find(b"</row", m.end()) < 0:  # its cells are in the next block
            scan.hidden_pending = True
        elif b"r" in attrs:
            row = _ref(attrs[b"r"], row_only=True)
            if row is not None:
                scan.hidden_rows.add(row[0])


def _row_hidden(attrs: dict) -> bool:
    if attrs.get(b"hidden", b"").strip().lower() in (b"1", b"true"):
        return True
    try:
        return float(attrs.get(b"ht", b"1")) < 1
    except ValueError:
        return False


def _attrs(text: bytes) -> dict[bytes, bytes]:
    """Attribute name → raw value; a repeated name keeps its last value (as calamine does)."""
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in ATTR_RE.finditer(text)}


def _ref(value: bytes, row_only: bool = False) -> tuple[int, int] | None:
    """calamine's reading of a reference ("B12", "b12"; a row's r= may be "12"): 0-based
    (row, col), or None where calamine would stop with an error."""
    m = re.fullmatch(rb"([A-Za-z]*)([0-9]+)", value.strip() if row_only else value)
    if not m or (not m.group(1) and not row_only):
        return None
    row, col = int(m.group(2)), col_number(m.group(1).upper()) if m.group(1) else 1
    if row == 0:
        return None
    if row > MAX_ROW or col > MAX_COL:
        raise UnsafeFile(_bad_ref(value))
    return row - 1, col - 1


def _text(raw: bytes) -> str:
    import html

    return html.unescape(raw.decode("utf-8", "replace"))


class _Walk:
    """The sheet read tag by tag the way calamine reads it: a row's r= sets the row, its end
    moves to the next; a cell's last r= places it, else it goes after the previous cell of the
    row; a self-closing row is skipped. Finds the extent and every detail in one pass."""

    def __init__(self, scan: SheetScan):
        self.scan, self.row, self.col, self.hidden, self.done = scan, 0, 0, False, False

    def feed(self, buf: bytes) -> None:
        pos = 0
        while not self.done:
            m = TAG_RE.search(buf, pos)
            if m is None:
                break
            if b"<" in m.group(3):
                raise UnsafeFile("工作表的 XML 格式异常（标记里有“<”），文件已损坏或被篡改，已拒绝读取")
            end, name, attrs = m.group(1), m.group(2), m.group(3)
            pos = m.end()
            empty = attrs.endswith(b"/")
            if name == b"sheetData":
                self.done = bool(end)
            elif name == b"row":
                if end:
                    self.row, self.col, self.hidden = self.row + 1, 0, False
                elif not empty:
                    a = _attrs(attrs)
                    if b"r" in a:
                        at = _ref(a[b"r"], row_only=True)
                        if at is None:
                            raise UnsafeFile(_bad_ref(a[b"r"]))
                        self.row = at[0]
                    self.hidden = _row_hidden(a)
            elif not end:
                pos = self._cell(buf, pos, _attrs(attrs), empty)

    def _cell(self, buf: bytes, pos: int, a: dict, empty: bool) -> int:
        scan = self.scan
        at = (self.row, self.col)
        if b"r" in a:
            at = _ref(a[b"r"])
            if at is None:
                raise UnsafeFile(_bad_ref(a[b"r"]))
        if empty:  # calamine skips <c/>; its r= still counts towards the extent (an upper bound)
            self._extent(at) if b"r" in a else None
            return pos
        self.col = at[1] + 1
        self._extent(at)
        close = CELL_END_RE.search(buf, pos)
        body = buf[pos:close.start() if close else len(buf)]
        f, v = F_RE.search(body), V_RE.search(body)
        value = v.group(2).strip() if v and not v.group(1) else b""
        if self.hidden:
            scan.hidden_rows.add(at[0])
        if f is not None:
            if not value:
                scan.uncached.update([at])
            if scan.links and EXTERNAL_RE.search(f.group(2)):
                scan.external[at] = _text(f.group(2))
        if a.get(b"t") == b"e" and value:
            scan.errors[at] = value[:20].decode("ascii", "replace")
        return close.end() if close else len(buf)

    def _extent(self, at: tuple[int, int]) -> None:
        self.scan.rows = max(self.scan.rows, at[0] + 1)
        self.scan.cols = max(self.scan.cols, at[1] + 1)


def _walk(zf: zipfile.ZipFile, part: str, max_cells: int, max_memory: int | None = None, links: bool = False):
    """The sheet walked chunk by chunk; stops as soon as it is known to be too large. Cells are
    counted from the tags themselves (C speed): a sheet of millions of cells is refused before
    it is walked."""
    scan = SheetScan(walked=True, links=links)
    walk = _Walk(scan)
    carry = b""
    with zf.open(part) as fh:
        while not walk.done:
            chunk = fh.read(CHUNK)
            buf = carry + chunk
            scan.xml_bytes += len(chunk)
            cut = len(buf)
            if chunk:  # up to the last row or cell tag: the elements before it are complete
                last = _last_tag_start(buf, max(0, len(buf) - CHUNK // 4)) or _last_tag_start(buf)
                cut = last.start() if last is not None and last.start() > 0 else len(buf)
            part_buf = buf[:cut]
            if part_buf:
                scan.complete = _ends_root(part_buf)
            scan.cells += part_buf.count(b"<c") + (len(CELL_TAG_RE.findall(part_buf)) if b":c" in part_buf else 0)
            if scan.area > max_cells or max_memory is not None and scan.memory > max_memory:
                break
            walk.feed(part_buf)
            carry = buf[cut:]
            if scan.area > max_cells or max_memory is not None and scan.memory > max_memory:
                break
            if not chunk:
                break
    return scan, []


_ROOT_END_RE = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:worksheet|chartsheet|dialogsheet|macrosheet)\s*>\s*$")


def _ends_root(block: bytes) -> bool:
    """Whether the block ends the part properly: calamine reads a sheet cut short before its
    <sheetData> as an empty sheet, without an error."""
    return _ROOT_END_RE.search(block[-200:]) is not None


def _last_tag_start(buf: bytes, start: int = 0):
    """The last row or cell start tag of the buffer (from `start` on), or None."""
    found = None
    for found in TAG_START_RE.finditer(buf, start):  # noqa: B007 (the loop keeps the last one)
        pass
    return found


class _SharedStrings:
    """The workbook's shared strings, as far as memory goes: calamine loads them whole in every
    workbook it opens, and every cell that refers to one gets its own copy of the text."""

    def __init__(self, zf: zipfile.ZipFile):
        info = zf.NameToInfo.get(SHARED_STRINGS)
        self.zf, self.size, self._lens, self._longest = zf, info.file_size if info else 0, None, None

    def longest(self) -> int:
        if self._longest is None:
            self._longest = max(self.lens(), default=0)
        return self._longest

    def lens(self) -> list[int]:
        """Bytes of each string with its markup (an upper bound on its text)."""
        if self._lens is None:
            data = self.zf.read(SHARED_STRINGS)
            self._lens = [len(x) for x in re.split(rb"<(?:[\w.-]+:)?si(?=[\s>/])", data)[1:]]
        return self._lens

    def bound(self, scan: SheetScan) -> int:
        """Bytes of shared text the sheet's cells can refer to: cells × the longest string."""
        if scan.cells * self.size <= SMALL_TEXT:
            return scan.cells * self.size
        return scan.cells * self.longest()

    def referred(self, scan: SheetScan, blocks, zf: zipfile.ZipFile, part: str) -> int:
        """Bytes of shared text the sheet's cells refer to, counted cell by cell (for when the
        bound is too large: a long string in a big sheet)."""
        lens, counts = self.lens(), Counter()
        chunks = (b[0] for b in blocks) if isinstance(blocks, list) and blocks else _blocks(zf, part)
        for buf in chunks:
            counts.update(SHARED_CELL_RE.findall(buf))
        return sum(n * (lens[int(i)] if int(i) < len(lens) else 0) for i, n in counts.items())


def _uncached_fast(buf: bytes, out: UncachedCells) -> None:
    n = len(NO_CACHE_FAST_RE.findall(buf))
    if not n:
        return
    cells = NO_CACHE_CELL_RE.findall(buf)  # the usual layout: r is the cell's first attribute
    if len(cells) == n:
        out.add_refs(cells)
    else:
        out.update(_uncached_exact(buf))


def _uncached_exact(buf: bytes):
    for m in NO_CACHE_RE.finditer(buf):
        pos = _pos(m.group(1))
        if pos:
            yield pos


def _pos(attrs: bytes) -> tuple[int, int] | None:
    m = REF_RE.search(b" " + attrs)
    return (int(m.group(2)) - 1, col_number(m.group(1)) - 1) if m else None

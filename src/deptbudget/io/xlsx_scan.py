"""A pass over the raw XML of an .xlsx before calamine sees it, for what calamine would choke
on or silently drop:

- a DOCTYPE/ENTITY in any XML part (entity bombs) → refused;
- a sheet whose cells span more than the cell limit (calamine allocates the whole rectangle:
  one value at XFD1048576 would ask for 17 billion cells) → refused;
- hidden rows, cached error values (#REF!, #DIV/0! — calamine returns them as empty) and
  formulas saved without a cached value, per sheet, so the reader can say so.

Parts are streamed in chunks; the workbook's own XML goes through defusedxml.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree

from .grid import UncachedCells, col_letter, col_number

CHUNK = 1 << 20
MAX_PROLOG = 1 << 20  # bytes before the root element (comments, PIs) — more is not a workbook
_P = rb"(?:[\w.-]+:)?"  # optional namespace prefix
REF_RE = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,9})"')
ROWS_RE = re.compile(rb'\sr="[A-Z]{1,3}([0-9]{1,9})"')
COLS_RE = re.compile(rb'\sr="([A-Z]{1,3})[0-9]')
ROW_RE = re.compile(rb"<" + _P + rb"row\b([^>]*)>")
ROW_NUM_RE = re.compile(rb'\sr="([0-9]{1,9})"')
HIDDEN_RE = re.compile(rb'\shidden="(?:1|true)"')
HIDES_RE = re.compile(rb'hidden="(?:1|true)"')  # HIDDEN_RE's quick test: a literal first
ERROR_TYPE_RE = re.compile(rb't="e"')  # ERROR_RE's quick test
NO_CACHE_RE = re.compile(
    rb"<" + _P + rb"c\b([^>]*)>\s*<" + _P + rb"f\b(?:[^>]*/>|[^>]*>[^<]*</" + _P + rb"f>)\s*"
    rb"(?:<" + _P + rb"v\s*/>|<" + _P + rb"v>\s*</" + _P + rb"v>)?\s*</" + _P + rb"c>")
# Fast forms for plain (unprefixed) XML: each starts with a literal, which re searches quickly.
PREFIXED_RE = re.compile(rb":(?:c|f|row)\b")  # <x:c …>; a literal first byte: memchr speed
# column AA or beyond, or row 100,000 or beyond: one search for both
FAR_REF_RE = re.compile(rb' r="[A-Z](?:[A-Z][A-Z]?[0-9]|[0-9]{6})')
NO_CACHE_FAST_RE = re.compile(rb"<f\b(?:[^>]*/>|[^>]*>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")
NO_CACHE_CELL_RE = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,9})"[^>]*>\s*<f\b(?:[^>]*/>|[^>]*>[^<]*</f>)\s*'
                              rb"(?:<v\s*/>|<v>\s*</v>)?\s*</c>")
ERROR_RE = re.compile(
    rb"<" + _P + rb'c\b([^>]*\st="e"[^>]*)>\s*(?:<' + _P + rb"f\b[^>]*/>|<" + _P + rb"f\b[^>]*>[^<]*</" + _P
    + rb"f>)?\s*<" + _P + rb"v>([^<]{1,20})</")


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
    approx: bool = False  # rows/cols are an upper bound (fast path), not the exact extent
    needs_exact: bool = False  # the fast path met a wide column or a high row

    @property
    def area(self) -> int:
        return max(self.rows * self.cols, self.cells)


def scan_package(zf: zipfile.ZipFile, max_cells: int, wanted=None) -> dict[str, SheetScan]:
    """Sheet name → SheetScan, for the sheets `wanted(name)` accepts (all when None): those are
    the ones that will be parsed. Raises UnsafeFile."""
    return {name: add_details(scan, blocks) for name, scan, blocks in check_package(zf, max_cells, wanted)}


def check_package(zf: zipfile.ZipFile, max_cells: int, wanted=None, order=None):
    """The safety half of the scan, sheet by sheet: yields (name, scan, blocks) for each wanted
    sheet once it is known to be safe to parse, so that parsing can start while the next sheet is
    checked. `order`: sort key over (name, ZipInfo), e.g. largest first. Raises UnsafeFile."""
    for info in zf.infolist():
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            _check_prolog(zf, info)
    parts = [(name, zf.NameToInfo[part]) for name, part in sheet_parts(zf).items()
             if part in zf.NameToInfo and (wanted is None or wanted(name))]
    if order is not None:
        parts.sort(key=order)
    total = 0
    for name, info in parts:
        scan, blocks = check_sheet(zf, info.filename, max_cells)
        total += scan.area
        if scan.area > max_cells or total > max_cells:
            raise UnsafeFile(f"工作表「{name}」过大（数据区域约 {scan.rows:,} 行 × {scan.cols:,} 列，"
                             f"超过 {max_cells:,} 个单元格的上限），已拒绝读取")
        yield name, scan, blocks


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → part path, from xl/workbook.xml and its relationships (parsed by defusedxml)."""
    try:
        wb = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    except Exception:  # defusedxml refusals and malformed XML alike
        raise UnsafeFile("工作簿目录（xl/workbook.xml）无法解析，文件已损坏或被篡改") from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter() if r.get("Id")}
    out = {}
    for sh in wb.iter():
        if not sh.tag.endswith("}sheet") and sh.tag != "sheet":
            continue
        rid = next((v for k, v in sh.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid, "")
        if target:
            out[sh.get("name", "")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
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


def check_sheet(zf: zipfile.ZipFile, part: str, max_cells: int, exact: bool = False):
    """(scan with the sheet's extent, the XML blocks for add_details). Only the extent decides
    whether a sheet is safe to parse; hidden rows, errors and formulas without a result can be
    found afterwards, while the sheet is parsed. Blocks: (bytes, plain, count of "<c") cut at
    element boundaries, or a (file, part) to stream again for a very large sheet."""
    scan = SheetScan()
    blocks: list | None = []
    kept = 0
    for block in _blocks(zf, part):
        plain = _plain(block)
        elements = _extent_block(block, scan, plain, exact)
        kept += len(block)
        if blocks is not None:
            blocks.append((block, plain, elements))
            if kept > KEEP_BYTES:
                blocks = None
        if scan.area > max_cells or scan.needs_exact:
            break
    if not exact and (scan.needs_exact or scan.approx and scan.area > max_cells):
        # A block with wide columns or high rows can only be bounded together with the cells
        # of the other blocks; a loose bound over the limit is measured rather than refused.
        return check_sheet(zf, part, max_cells, exact=True)
    return scan, blocks if blocks is not None else (zf.filename, part)


def add_details(scan: SheetScan, blocks) -> SheetScan:
    """Hidden rows, cached errors and formulas without a result, from check_sheet's blocks."""
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


def _extent_block(buf: bytes, scan: SheetScan, plain: bool, exact: bool = False) -> int:
    """Returns the block's count of elements starting "<c"."""
    # An upper bound on the cell elements (<col, <cfRule… counted too): one pass instead of three.
    elements = buf.count(b"<c") if plain else -1
    scan.cells += elements if plain else buf.count(b"<c ") + buf.count(b"<c>") + buf.count(b":c ")
    if plain and not exact:
        _extent_fast(buf, scan)
    else:
        _extent_exact(buf, scan)
    return elements


def _detail_block(buf: bytes, scan: SheetScan, plain: bool, formulas: list | None = None,
                  elements: int = -1) -> None:
    """Hidden rows and errors; formulas without a result found now, or (when `formulas` is a
    list) the block kept there for a search by column later."""
    # LibreOffice writes hidden="false" on every row: look for the values that hide one first.
    # (A search starting with a literal is faster than `in` for these needles.)
    if HIDES_RE.search(buf):
        for m in ROW_RE.finditer(buf):
            attrs = m.group(1)
            num = ROW_NUM_RE.search(attrs)
            if num and HIDDEN_RE.search(attrs):
                scan.hidden_rows.add(int(num.group(1)) - 1)
    if ERROR_TYPE_RE.search(buf):
        for m in ERROR_RE.finditer(buf):
            pos = _pos(m.group(1))
            if pos:
                scan.errors[pos] = m.group(2).decode("ascii", "replace").strip()
    if plain:
        if b"<f" in buf:
            if formulas is None:
                _uncached_fast(buf, scan.uncached)
            else:  # every "<c" element a cell with r= first: a search by column letters sees them all
                formulas.append((buf, elements == buf.count(b'<c r="')))
    elif b"<f" in buf or b":f" in buf:
        scan.uncached.update(_uncached_exact(buf))


def _plain(buf: bytes) -> bool:
    """No namespace prefix on cells, rows or formulas, and only a space before r=: then the
    searches starting with a literal (much faster than with \\s) see every cell. Single bytes
    are looked for first: memchr speed, and most files have no tab or line break at all."""
    if (b"\t" in buf or b"\r" in buf or b"\n" in buf) and (b'\nr="' in buf or b'\tr="' in buf or b'\rr="' in buf):
        return False
    return PREFIXED_RE.search(buf) is None


def _extent_exact(buf: bytes, scan: SheetScan) -> None:
    rows = ROWS_RE.findall(buf)  # findall + max is ~4x faster than a finditer loop
    if rows:
        scan.rows = max(scan.rows, max(map(int, rows)))
        scan.cols = max(scan.cols, max(map(col_number, set(COLS_RE.findall(buf)))))


def _extent_fast(buf: bytes, scan: SheetScan) -> None:
    """Only a reference past column Z or row 99,999 can make a sheet large, and ordinary sheets
    have none: two searches that find nothing prove it, and the extent is then at most 26 columns
    × the highest row (taken from the last row, as rows are written in order; out of order, the
    bound still holds below 100,000 rows). Either kind of reference sends the sheet to the exact
    pass."""
    if FAR_REF_RE.search(buf):
        scan.needs_exact = True
        return
    rows = max(_last_number(buf, b'<row r="'), _last_number(buf, b' r="', letters=True))
    if rows or b"<c" in buf:
        scan.rows = max(scan.rows, rows, 1)
        scan.cols = max(scan.cols, 26)  # an upper bound: columns A–Z only
        scan.approx = True


def _last_number(buf: bytes, prefix: bytes, letters: bool = False) -> int:
    """The number in the last `prefix…"` of the buffer (after a column letter if `letters`)."""
    i = buf.rfind(prefix)
    if i < 0:
        return 0
    j = buf.find(b'"', i + len(prefix))
    text = buf[i + len(prefix):j].lstrip(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ") if letters else buf[i + len(prefix):j]
    return int(text) if text.isdigit() and len(text) < 10 else 0


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

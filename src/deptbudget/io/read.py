"""File → Grid. Size limits and format checks happen before any parsing; every failure is a
ReadError with a Chinese reason (never a traceback)."""

from __future__ import annotations

import csv
import os
import zipfile
from functools import partial
from pathlib import Path

from .grid import Grid, SheetGrid

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200  # zip bomb guard: unpacked / packed
MAX_CELLS = 20_000_000
# What the parsed sheets of one file may take (xlsx_scan's estimate): with the program itself
# and the model built from them, reading one file stays under 1 GB.
MAX_MEMORY = 600 << 20


class ReadError(Exception):
    """A file we cannot read; `reason` is the Chinese explanation for the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def read_grid(path: str | os.PathLike, sheets=None, lazy: bool = False) -> Grid:
    """Read the sheets of an .xlsx/.xlsm file, or a folder of CSV files named after the sheets,
    into a Grid. `sheets`: all when None, else a set of names or a test name → bool; sheets
    left out are neither scanned nor parsed. `lazy`: big sheets may still be being parsed when
    this returns; using such a sheet waits for it and may raise ReadError then
    (grid.finish() waits for all)."""
    p = Path(path)
    wanted = _selector(sheets)
    if p.is_dir():
        return _read_csv_dir(p, wanted)
    _check_file(p)
    return _read_xlsx(p, wanted, lazy)


def _selector(sheets):
    if sheets is None:
        return lambda name: True
    if callable(sheets):
        return sheets
    return lambda name: name in sheets


def _check_file(p: Path) -> None:
    if not p.exists():
        raise ReadError("文件不存在")
    size = p.stat().st_size
    if size == 0:
        raise ReadError("文件是空的（0 字节）")
    if size > MAX_FILE_BYTES:
        raise ReadError(f"文件过大（{size // 1048576} MB，上限 {MAX_FILE_BYTES // 1048576} MB）")
    suffix = p.suffix.lower()
    if p.name.startswith("~$"):
        raise ReadError("这是 Excel/WPS 打开文件时生成的临时锁文件（~$ 开头），不是工作簿，请忽略它")
    with open(p, "rb") as fh:
        head = fh.read(8)
        ole_dir = fh.read(1 << 16) if head.startswith(b"\xd0\xcf\x11\xe0") else b""
    if "EncryptedPackage".encode("utf-16-le") in ole_dir:
        raise ReadError("文件设置了打开密码（已加密），程序无法读取；请在 Excel 中去掉打开密码"
                        "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存为 .xlsx 再试")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if suffix in (".xls", ".et"):
            raise ReadError("这是旧版 Excel 97-2003（.xls）或 WPS（.et）文件，请在 Excel/WPS 中“另存为” .xlsx 后再试")
        raise ReadError("文件已加密（设置了打开密码）或是旧版 .xls 格式，请去掉密码并另存为 .xlsx 后再试")
    if suffix == ".xlsb":
        raise ReadError("暂不支持二进制工作簿（.xlsb），请另存为 .xlsx 后再试")
    if suffix in (".ods", ".fods"):
        raise ReadError("这是 OpenDocument 表格（.ods，WPS/LibreOffice 的格式），"
                        "请“另存为” Excel 工作簿（.xlsx）后再试")
    if suffix == ".csv":
        raise ReadError("这是 CSV 文本文件，不是预算工作簿；请使用标准模板（.xlsx）")
    if not head.startswith(b"PK"):
        raise ReadError("文件不是 Excel 工作簿（.xlsx），可能是改了扩展名的其他文件")
    _check_zip(p)


def _check_zip(p: Path) -> None:
    from .xlsx_scan import UnsafeFile, check_entries

    try:
        with zipfile.ZipFile(p) as zf:
            infos = zf.infolist()
            try:
                check_entries(zf)
            except UnsafeFile as exc:
                raise ReadError(exc.reason) from None
            names = {i.filename for i in infos}
            if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
                raise ReadError("压缩包里没有 Excel 工作簿内容（缺少 xl/workbook.xml），文件不是 .xlsx 工作簿")
            if "xl/workbook.bin" in names:
                raise ReadError("暂不支持二进制工作簿（.xlsb），请另存为 .xlsx 后再试")
            total = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
            if total > MAX_UNZIPPED_BYTES or total / packed > MAX_RATIO and total > 50 * 1024 * 1024:
                raise ReadError("文件解压后异常巨大（疑似压缩炸弹），已拒绝读取")
    except zipfile.BadZipFile:
        raise ReadError("文件已损坏（不是完整的 .xlsx 压缩包），请向报送单位重新索取") from None


THREAD_BYTES = 1 << 20  # a sheet with more XML than this is parsed in a worker thread


def _read_xlsx(p: Path, wanted, lazy: bool) -> Grid:
    """Each wanted sheet is checked (xlsx_scan), smallest first, before calamine parses it. A big
    sheet is then parsed in a reader thread while the next one is checked; the rest of the scan
    (hidden rows, errors, formulas without a result) is done by the main thread when the sheet is
    first used, or while it waits for another."""
    from .pending import Later, PendingSheets, Readers

    readers = Readers()
    sheets = PendingSheets()
    try:
        with _read_errors():
            book = _Book(p)  # opened once the checks have begun: they vet every XML part first
            entries = {}
            for name, scan, blocks in _checked(p, wanted):
                if _size(scan, blocks) > THREAD_BYTES:
                    job = readers.submit(_parse_alone, str(p), name)
                else:  # parsed in this thread when first used: the big sheets' checks come first
                    job = Later(partial(_parse_in, book, name))
                entries[name] = _pending(name, job, scan, blocks, book.visible(name))
            wb = book.wb
            for name in wb.sheet_names:  # workbook order
                if name in entries:
                    sheets[name] = entries[name]
                elif wanted(name):  # never parsed unchecked: which part would calamine read?
                    raise ReadError(f"工作表「{name}」在工作簿目录里找不到对应的内容，无法核对，文件已损坏或被篡改")
    except BaseException:
        readers.close(failed=True)
        raise
    readers.close()
    grid = Grid(p.name, sheets, str(p))
    from .xlsx_formats import format_finder

    grid.hidden_by_format = format_finder(p)  # 「;;;」: a look at the styles, cheap
    if not lazy:
        grid.finish()
    return grid


def _checked(p: Path, wanted):
    """(name, scan, blocks) of each wanted sheet once it is safe to parse, smallest first: the big
    基本支出 is needed last, and its check takes longest.
    Entity bombs and oversized sheets are refused before calamine allocates anything."""
    from .pending import READ_THREADS
    from .xlsx_scan import UnsafeFile, check_package

    try:
        with zipfile.ZipFile(p) as zf:
            yield from check_package(zf, MAX_CELLS, wanted, order=lambda item: item[1].file_size,
                                     max_memory=MAX_MEMORY, readers=1 + READ_THREADS)
    except UnsafeFile as exc:
        raise ReadError(exc.reason) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise ReadError(f"文件已损坏（{type(exc).__name__}），请向报送单位重新索取") from None
    except __import__("zlib").error:
        raise ReadError("文件已损坏（压缩数据出错），请向报送单位重新索取") from None


class _read_errors:
    """calamine raises several types for broken files: each becomes a ReadError (naming the
    sheet being parsed, if any)."""

    def __init__(self, sheet: str = ""):
        self.sheet = sheet

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if kind is None or not issubclass(kind, Exception) or issubclass(kind, ReadError):
            return False
        where = f"工作表「{self.sheet}」，" if self.sheet else ""
        raise ReadError(f"无法解析工作簿内容（{where}{kind.__name__}：{str(exc)[:120]}），"
                        "文件已损坏，请向报送单位重新索取") from None


class _Book:
    """The calamine workbook of the main thread, opened on first use."""

    def __init__(self, p: Path):
        self.p, self._wb, self._meta = p, None, None

    @property
    def wb(self):
        if self._wb is None:
            self._wb = _open(self.p)
        return self._wb

    @property
    def meta(self) -> dict:
        if self._meta is None:
            self._meta = {m.name: m for m in self.wb.sheets_metadata}
        return self._meta

    def visible(self, name: str) -> bool:
        return _visible(self.meta, name)


def _open(p: Path):
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(p))


def _parse(wb, name: str) -> tuple[list, list]:
    """(rows, merged ranges) of one sheet: one block call."""
    sh = wb.get_sheet_by_name(name)
    rows = sh.to_python(skip_empty_area=False)
    return rows, [(a[0], a[1], b[0], b[1]) for a, b in (sh.merged_cell_ranges or [])]


def _parse_in(book: "_Book", name: str) -> tuple[list, list]:
    return _parse(book.wb, name)


def _parse_alone(path: str, name: str) -> tuple[list, list]:
    """In a worker thread: a calamine workbook of its own (one cannot be shared between threads)."""
    wb = _open(Path(path))
    try:
        return _parse(wb, name)
    finally:
        wb.close()


def _pending(name: str, job, scan, blocks, visible: bool):
    from .pending import Pending
    from .xlsx_scan import add_details

    def build() -> SheetGrid:
        with _read_errors(name):
            rows, merged = job.result()
        return _with_scan(SheetGrid(name, rows, visible, merged), scan)

    return Pending(job, lambda: add_details(scan, blocks), build)


def _size(scan, blocks) -> int:
    return 1 << 62 if isinstance(blocks, tuple) else scan.xml_bytes


def _visible(meta: dict, name: str) -> bool:
    return str(getattr(meta.get(name), "visible", "Visible")).endswith("Visible")


def _with_scan(sheet: SheetGrid, scan) -> SheetGrid:
    """Put back what calamine drops: error values as text ("#REF!"), hidden rows, formulas
    saved without a result."""
    if scan is None:
        return sheet
    for (r, c), value in scan.errors.items():
        if r < len(sheet.rows) and c < len(sheet.rows[r]) and sheet.rows[r][c] in ("", None):
            sheet.rows[r][c] = value
    sheet.hidden_rows = set(scan.hidden_rows)
    sheet.uncached = scan.uncached
    sheet.external = dict(scan.external)
    return sheet


def _read_csv_dir(p: Path, wanted) -> Grid:
    out: dict[str, SheetGrid] = {}
    for f in sorted(p.glob("*.csv")):
        name = f.stem
        if not wanted(name):
            continue
        with open(f, encoding="utf-8-sig", newline="") as fh:
            rows = [list(r) for r in csv.reader(fh)]
        out[name] = SheetGrid(name, rows)
    return Grid(p.name, out, str(p), typed=False)

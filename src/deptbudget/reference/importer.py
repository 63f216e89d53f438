"""Import the MOF 《政府收支分类科目》 (xlsx/xls/csv) as a complete edition of a code list.

Accepted layouts, header row anywhere in the first 20 rows of a sheet:
  - one code column (科目编码/编码/代码) + a name column (科目名称/名称);
  - 类 / 款 / 项 in three columns (款/项 as 2-digit parts, blank parts carried down) + a name column.
Codes may be numbers or text; names may be indented with (full-width) spaces. The scheme of each
row comes from its code (2xx 功能分类, 3xx 部门经济分类, 5xx 政府经济分类); other rows (收入分类 1xx …)
are skipped. Results go to <user home>/codes/<year>/<scheme>.csv with a provenance json.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import codes as C

HEADER_SCAN = 20
_CODE_HEADERS = ("科目编码", "科目代码", "科目编号", "编码", "代码", "编号")
_NAME_HEADERS = ("科目名称", "名称", "项目", "项目名称")
_COMBINED = re.compile(r"^\s*[\[【(（]?\s*([0-9０-９][0-9０-９ \u3000]*)\s*[\]】)）]?"
                       r"\s*((?![0-9A-Za-z０-９])\S.*?)\s*$")


class CodeImportError(Exception):
    """A user's file that cannot be imported; the message is Chinese and names file/sheet/row."""


@dataclass
class Row:
    code: str
    name: str
    sheet: str
    row: int  # 1-based, as Excel shows it


@dataclass
class Layout:
    header_row: int  # 0-based index of the last header row
    name_col: int
    code_col: int | None = None
    split_cols: tuple[int, int, int | None] | None = None  # 类, 款, 项


@dataclass
class SchemeResult:
    scheme: str
    year: str
    rows: int
    by_level: dict[str, int]
    orphans: list[str]
    replaced: bool
    path: Path
    sheets: list[str]


@dataclass
class ImportReport:
    file: str
    sheets: list[str]
    results: list[SchemeResult]
    skipped: list[str] = field(default_factory=list)  # Chinese notes on rows left out
    other_rows: int = 0  # rows of other schemes (收入分类 …)


# ---------------------------------------------------------------- reading files

def read_sheets(path: Path) -> list[tuple[str, list[list]]]:
    """(sheet name, rows of values) for every sheet of an xlsx/xls/xlsm/ods or a csv."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return [(path.name, _read_csv(path))]
    if suffix not in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
        raise CodeImportError(f"文件 {path.name}：不支持的文件类型“{path.suffix}”，请提供 .xlsx、.xls 或 .csv 文件")
    from python_calamine import CalamineWorkbook  # only when importing

    try:
        wb = CalamineWorkbook.from_path(str(path))
        return [(n, wb.get_sheet_by_name(n).to_python(skip_empty_area=False)) for n in wb.sheet_names]
    except Exception as exc:  # calamine raises several types for broken files
        raise CodeImportError(f"文件 {path.name}：无法作为 Excel 工作簿读取（{type(exc).__name__}），"
                              "请确认文件未损坏、未加密") from exc


def _read_csv(path: Path) -> list[list]:
    data = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CodeImportError(f"文件 {path.name}：无法识别的文字编码（请另存为 UTF-8 或 GBK 编码的 CSV）")
    return [list(r) for r in csv.reader(io.StringIO(text))]


# ---------------------------------------------------------------- finding the table

def _cell(value) -> str:
    """A header cell as plain text without any spaces."""
    if value is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))


def find_layout(rows: list[list]) -> Layout | None:
    for i in range(min(HEADER_SCAN, len(rows))):
        layout = _layout_at(rows, i)
        if layout:
            return layout
    return None


def _layout_at(rows: list[list], i: int) -> Layout | None:
    head = [_cell(v) for v in rows[i]]
    nxt = [_cell(v) for v in rows[i + 1]] if i + 1 < len(rows) else []
    name_col = _find(head, _NAME_HEADERS)
    if name_col is None:  # 科目名称 may sit in the second header row, under a merged title
        name_col = _find(nxt, _NAME_HEADERS) if _find(head, _CODE_HEADERS) is not None else None
    if name_col is None:
        return None
    for r, cells in ((i, head), (i + 1, nxt)):
        split = _split_cols(cells)
        if split:
            return Layout(header_row=r, name_col=name_col, split_cols=split)
    code_col = _find(head, _CODE_HEADERS)
    if code_col is not None and code_col != name_col:
        return Layout(header_row=i, name_col=name_col, code_col=code_col)
    return None


def _find(cells: list[str], names: tuple[str, ...]) -> int | None:
    for wanted in names:  # most specific first
        for j, c in enumerate(cells):
            if c == wanted or (c.startswith(wanted) and "单位" not in c):
                return j
    return None


def _split_cols(cells: list[str]) -> tuple[int, int, int | None] | None:
    pos = {c: j for j, c in reversed(list(enumerate(cells))) if c in ("类", "款", "项")}
    if "类" in pos and "款" in pos and pos["类"] < pos["款"]:
        return pos["类"], pos["款"], pos.get("项")
    return None


# ---------------------------------------------------------------- reading the rows

def _name(value) -> str:
    if value is None:
        return ""
    return re.sub(r"[\r\n]+", "", str(value)).strip()


def _part(value) -> str | None:
    """A 款/项 part: 1 → "01", "01" → "01", a full code stays as it is."""
    norm = C.normalize_code(value)
    if norm is None:
        return None
    return norm.zfill(2) if len(norm) <= 2 else norm


def _get(row: list, j: int | None):
    return row[j] if j is not None and j < len(row) else None


def parse_rows(sheet: str, rows: list[list], layout: Layout, skipped: list[str]) -> list[Row]:
    out: list[Row] = []
    carry = ["", ""]  # current 类, 款 (split layout)
    for i in range(layout.header_row + 1, len(rows)):
        row = rows[i]
        if layout.split_cols:
            code = _split_code(row, layout.split_cols, carry)
            name = _name(_get(row, layout.name_col))
        else:
            code, name = _single_code(row, layout)
        if code is None:
            if any(_name(v) for v in row) and _looks_coded(_get(row, layout.code_col)):
                code = _name(_get(row, layout.code_col))
                skipped.append(f"工作表「{sheet}」第 {i + 1} 行：编码“{code}”无法识别，已跳过")
            continue
        if not name:
            skipped.append(f"工作表「{sheet}」第 {i + 1} 行：科目 {code} 没有名称，已跳过")
            continue
        out.append(Row(code, name, sheet, i + 1))
    return out


def _looks_coded(value) -> bool:
    text = _cell(value)
    return bool(text) and any(ch.isdigit() for ch in text)


def _single_code(row: list, layout: Layout) -> tuple[str | None, str]:
    raw = _get(row, layout.code_col)
    name = _name(_get(row, layout.name_col))
    code = C.normalize_code(raw)
    if code is None and isinstance(raw, str):  # "2080101 行政运行" in one cell
        m = _COMBINED.match(raw)
        if m and C.normalize_code(m.group(1)):
            code, name = C.normalize_code(m.group(1)), name or _name(m.group(2))
    return code, name


def _split_code(row: list, cols: tuple[int, int, int | None], carry: list[str]) -> str | None:
    cls, kuan, xiang = (_part(_get(row, j)) for j in cols)
    if cls and len(cls) in (5, 7):  # a full code in the 类 column
        cls, kuan, xiang = cls[:3], cls[3:5], cls[5:7] or None
    elif kuan and len(kuan) in (5, 7):
        cls, kuan, xiang = kuan[:3], kuan[3:5], kuan[5:7] or xiang
    if cls:
        if len(cls) != 3:
            return None
        carry[0], carry[1] = cls, ""
        if not kuan:
            return cls
    if kuan:
        if len(kuan) != 2 or not carry[0]:
            return None
        carry[1] = kuan
        return carry[0] + kuan + (xiang if xiang and len(xiang) == 2 else "")
    if xiang and len(xiang) == 2 and carry[0] and carry[1]:
        return carry[0] + carry[1] + xiang
    return None


# ---------------------------------------------------------------- the import

def guess_year(path: Path, sheets: list[tuple[str, list[list]]]) -> str | None:
    m = re.search(r"(20\d{2})", path.stem)
    if m:
        return m.group(1)
    for _, rows in sheets[:1]:
        for row in rows[:HEADER_SCAN]:
            for v in row:
                m = re.search(r"(20\d{2})\s*年", str(v or ""))
                if m:
                    return m.group(1)
    return None


def collect(path: Path, sheets: list[tuple[str, list[list]]], scheme: str | None,
            skipped: list[str]) -> tuple[dict[str, dict[str, Row]], list[str], int]:
    """Rows per scheme (first occurrence of each code wins), sheets used, rows of other schemes."""
    found: dict[str, dict[str, Row]] = {}
    used, other, no_table = [], 0, []
    for sheet, rows in sheets:
        layout = find_layout(rows)
        if layout is None:
            no_table.append(sheet)
            continue
        parsed = parse_rows(sheet, rows, layout, skipped)
        if parsed:
            used.append(sheet)
        for r in parsed:
            s = C.scheme_of(r.code)
            if s is None or not C.is_well_formed(s, r.code):
                if _is_revenue(r.code):
                    other += 1
                else:
                    skipped.append(f"工作表「{r.sheet}」第 {r.row} 行：编码“{r.code}”"
                                   "不是 3/5/7 位的支出科目编码，已跳过")
                continue
            if scheme and s != scheme:
                other += 1
                continue
            if r.code in found.setdefault(s, {}):
                skipped.append(f"工作表「{r.sheet}」第 {r.row} 行：科目 {r.code} 重复，保留第一次出现的名称")
                continue
            found[s][r.code] = r
    if not found:
        raise CodeImportError(_nothing_found(path, sheets, no_table, scheme))
    return found, used, other


def _is_revenue(code: str) -> bool:
    """收入分类 codes (1xx, down to 目 level): present in the MOF document, not imported."""
    return code[0] in "14" and len(code) in (3, 5, 7, 9)


def _nothing_found(path: Path, sheets, no_table: list[str], scheme: str | None) -> str:
    what = C.scheme_label(scheme) if scheme else "支出功能分类或经济分类"
    if len(no_table) == len(sheets):
        names = "、".join(f"「{s}」" for s in no_table) or "（无工作表）"
        where = "前" if no_table == [path.name] else f"工作表{names}的前"
        return (f"文件 {path.name}：{where} {HEADER_SCAN} 行中都没有找到科目表表头。"
                "需要一行写有“科目编码”和“科目名称”，或“类”“款”“项”和“科目名称”")
    named = "、".join(f"「{s}」" for s, _ in sheets if s not in no_table)
    sheet_part = "" if [s for s, _ in sheets] == [path.name] else f"工作表{named}"
    return f"文件 {path.name}：{sheet_part}找到了表头，但其下没有可识别的{what}科目（编码须为 3/5/7 位数字）"


def import_file(path, year=None, scheme: str | None = None, now: datetime | None = None) -> ImportReport:
    path = Path(path)
    if not path.is_file():
        raise CodeImportError(f"找不到文件 {path}")
    sheets = read_sheets(path)
    year = str(year) if year else guess_year(path, sheets)
    if not year or not re.fullmatch(r"20\d{2}", year):
        raise CodeImportError(f"文件 {path.name}：无法从文件名或表头判断年度，请用 --year 指定（例如 --year 2024）")
    skipped: list[str] = []
    found, used, other = collect(path, sheets, scheme, skipped)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    stamp = (now or datetime.now()).isoformat(timespec="seconds")
    results = [_write_edition(path, s, year, rows, digest, stamp, list(dict.fromkeys(r.sheet for r in rows.values())))
               for s, rows in sorted(found.items())]
    C.clear_cache()
    used = [s for s in used if any(s in r.sheets for r in results)]
    return ImportReport(file=path.name, sheets=used, results=results, skipped=skipped, other_rows=other)


def _write_edition(path: Path, scheme: str, year: str, rows: dict[str, Row], digest: str,
                   stamp: str, sheets: list[str]) -> SchemeResult:
    out_dir = C.edition_dir(year)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{scheme}.csv"
    replaced = target.exists()
    by_level: dict[str, int] = {}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", "level", "parent_code"])
    for code in sorted(rows):
        level = C.LEVELS[len(code)]
        by_level[level] = by_level.get(level, 0) + 1
        w.writerow([code, rows[code].name, level, C.parent_code(code) or ""])
    orphans = [c for c in sorted(rows) if C.parent_code(c) and C.parent_code(c) not in rows]
    provenance = {
        "source_file": path.name, "sha256": digest, "imported_at": stamp, "rows": len(rows),
        "by_level": by_level, "scheme": scheme, "year": year, "sheets": sheets,
    }
    _atomic_write(target, buf.getvalue())
    _atomic_write(target.with_suffix(".provenance.json"), json.dumps(provenance, ensure_ascii=False, indent=2))
    return SchemeResult(scheme, year, len(rows), by_level, orphans, replaced, target, sheets)


def _atomic_write(target: Path, text: str) -> None:
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)

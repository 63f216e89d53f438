"""Number formats that make a value invisible: a cell formatted 「;;;」 shows nothing, yet its value
counts. calamine reads values without formats, so the styles part is looked at here: cheaply (one
small part, searched as bytes) for every workbook, and a sheet's XML only when some style hides.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from defusedxml import ElementTree

from .grid import col_number

_SECTIONED = re.compile(rb'formatCode="[^"]*;')  # the quick test: a format with sections at all
_C_TAG = re.compile(rb"<(?:[\w.-]+:)?c\b([^>]*)>")
_REF = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,9})"')
_STYLE = re.compile(rb'\ss="([0-9]+)"')


def hides(code: str, value) -> bool:
    """Whether format `code` shows `value` as nothing: ";;;" hides everything; a number is hidden
    when its sections (positive;negative;zero) are all empty, a text when a fourth one is."""
    parts = code.replace('""', "").split(";")
    if isinstance(value, str):
        return len(parts) >= 4 and not parts[3].strip()
    return len(parts) >= 3 and not any(p.strip() for p in parts[:3])


def hiding_styles(zf: zipfile.ZipFile) -> dict[int, str]:
    """Cell style index → its format code, for the styles whose format can hide a value."""
    try:
        raw = zf.read("xl/styles.xml")
    except KeyError:
        return {}
    if not _SECTIONED.search(raw):
        return {}
    try:
        root = ElementTree.fromstring(raw)
    except Exception:  # a styles part we cannot parse hides nothing we could name
        return {}
    codes = {el.get("numFmtId"): el.get("formatCode", "") for el in root.iter() if _local(el.tag) == "numFmt"}
    hiding = {fid: code for fid, code in codes.items() if hides(code, 0) or hides(code, "")}
    if not hiding:
        return {}
    xfs = next((el for el in root.iter() if _local(el.tag) == "cellXfs"), None)
    if xfs is None:
        return {}
    return {i: hiding[xf.get("numFmtId")] for i, xf in enumerate(x for x in xfs if _local(x.tag) == "xf")
            if xf.get("numFmtId") in hiding}


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def hidden_cells(body: bytes, styles: dict[int, str]) -> dict[tuple[int, int], str]:
    """0-based (row, col) → format code of each cell of a sheet's XML written with such a style."""
    wanted = [b' s="%d"' % i for i in styles]
    if not any(w in body for w in wanted):
        return {}
    out = {}
    for m in _C_TAG.finditer(body):
        attrs = m.group(1)
        s, ref = _STYLE.search(attrs), _REF.search(attrs)
        if s and ref and int(s.group(1)) in styles:
            out[(int(ref.group(2)) - 1, col_number(ref.group(1)) - 1)] = styles[int(s.group(1))]
    return out


def format_finder(path: str | Path):
    """sheet name → its cells hidden by their format (see hidden_cells); None when no style of the
    workbook hides anything (the usual case: then nothing more is read)."""
    from .xlsx_scan import sheet_parts

    try:
        with zipfile.ZipFile(path) as zf:
            styles = hiding_styles(zf)
    except (OSError, zipfile.BadZipFile):
        return None
    if not styles:
        return None

    def find(sheet: str) -> dict[tuple[int, int], str]:
        try:
            with zipfile.ZipFile(path) as zf:
                part = sheet_parts(zf).get(sheet)
                return hidden_cells(zf.read(part), styles) if part in zf.NameToInfo else {}
        except Exception:  # the file was read before; a late failure only loses this warning
            return {}

    return find

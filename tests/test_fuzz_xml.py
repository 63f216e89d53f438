"""XML-level fuzzing of the reader: the 基本支出 sheet of a valid workbook is re-spelled the ways
XML allows and writers (or attackers) use — quoting, whitespace, attribute order, namespace
prefixes, extra attributes, a lying <dimension>, a UTF-8 BOM — or broken — a far cell in any
spelling, duplicated zip entries, other encodings, truncation, an empty part.

Invariants: reading never raises and never aborts; a re-spelled sheet reads exactly as the
original (every value, hidden row, error value and formula without a result); a broken one is
refused with a Chinese reason, or — where the break changes nothing (a cut that leaves the
whole part) — reads exactly. The expected values come from the unmutated sheet read by the same
reader, and the re-spellings are checked against calamine itself in test_xlsx_scan.
"""

from __future__ import annotations

import io
import os
import random
import re
import warnings
import zipfile
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deptbudget.io.read import ReadError, read_grid

BASE = Path(__file__).parent / "corpus" / "bad" / "base.xlsx"
SHEET = "基本支出"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# 700 workbooks per test, ~2,100 in all (~30 s of CPU); FUZZ_XML=n for a longer run
FAST = settings(max_examples=int(os.environ.get("FUZZ_XML", 700)), deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

CT = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
      'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
ROOT_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
             'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
             'Target="xl/workbook.xml"/></Relationships>')
WB = (f'<workbook xmlns="{NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
      f'<sheets><sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>')
WB_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
           'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
           'Target="worksheets/sheet1.xml"/></Relationships>')
PART = "xl/worksheets/sheet1.xml"


@lru_cache(maxsize=1)
def base_sheet() -> bytes:
    """基本支出 of the corpus base workbook, with a hidden row, a cached #REF!, and a formula
    without a result added, so that every detail the scan finds is exercised."""
    with zipfile.ZipFile(BASE) as zf:
        wb = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'name="{SHEET}"[^>]*r:id="([^"]+)"', wb).group(1)
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(
            rf'Target="([^"]+)"[^>]*Id="{rid}"', rels)
        xml = zf.read("xl/" + target.group(1).lstrip("/").removeprefix("xl/"))
    xml = xml.replace(b'<row r="6">', b'<row r="6" hidden="1">', 1)
    xml = re.sub(rb'<c r="I7"[^>]*?(?:/>|>.*?</c>)', b'<c r="I7" t="e"><f>1/0</f><v>#DIV/0!</v></c>', xml, count=1,
                 flags=re.S)
    xml = re.sub(rb'<c r="I8"[^>]*?(?:/>|>.*?</c>)', b'<c r="I8"><f>H8*2</f></c>', xml, count=1, flags=re.S)
    return xml


def package(sheet: bytes, extra: list | None = None) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        warnings.simplefilter("ignore")  # duplicate names are written on purpose
        for name, body in (("[Content_Types].xml", CT), ("_rels/.rels", ROOT_RELS), ("xl/workbook.xml", WB),
                           ("xl/_rels/workbook.xml.rels", WB_RELS), (PART, sheet), *(extra or [])):
            zf.writestr(name, body)
    return buf.getvalue()


def read(tmp: Path, data: bytes):
    """(sheet as (values, hidden rows, errors shown, formulas without a result)) or the refusal."""
    p = tmp / "fuzz.xlsx"
    p.write_bytes(data)
    try:
        grid = read_grid(p)
        sheet = grid.sheets[SHEET]
    except ReadError as exc:
        return exc.reason
    rows = [[v for v in row] for row in sheet.rows]
    while rows and not any(v not in ("", None) for v in rows[-1]):
        rows.pop()
    rows = [r[:max((i + 1 for i, v in enumerate(r) if v not in ("", None)), default=0)] for r in rows]
    return rows, set(sheet.hidden_rows), set(sheet.uncached)


@lru_cache(maxsize=1)
def expected():
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        got = read(Path(d), package(base_sheet()))
    assert not isinstance(got, str), got
    rows, hidden, uncached = got
    assert hidden == {5} and (7, 8) in uncached and rows[6][8] == "#DIV/0!"  # the details are there
    return got


# -- re-spelling: the same sheet ----------------------------------------------------------------

TAG = re.compile(rb"<(?!/|\?|!)([\w:]+)((?:\s+[\w:]+=\"[^\"]*\")*)\s*(/?)>")
ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
SPACES = [b" ", b"  ", b"\t", b"\n", b"\r\n", b" \n "]


def respell(xml: bytes, rnd: random.Random, quote: float, space: float, shuffle: float, prefix: bool,
            extra_attr: float) -> bytes:
    """Each start tag rewritten: attributes in either quotes, with whitespace around "=" and
    between them, in another order, maybe an unknown attribute more (calamine ignores it);
    optionally every element of the spreadsheet namespace under a prefix."""

    def attr(name: bytes, value: bytes) -> bytes:
        q = b"'" if rnd.random() < quote and b"'" not in value else b'"'
        eq = (rnd.choice(SPACES) + b"=" + rnd.choice(SPACES)) if rnd.random() < space else b"="
        return name + eq + q + value + q

    def tag(m) -> bytes:
        name, attrs, empty = m.group(1), ATTR.findall(m.group(2)), m.group(3)
        if rnd.random() < shuffle:
            rnd.shuffle(attrs)
        if name in (b"c", b"row") and rnd.random() < extra_attr:
            attrs.insert(rnd.randrange(len(attrs) + 1), (b"fuzz", b"1"))
        if prefix and b":" not in name:
            name = b"x:" + name
        sep = lambda: rnd.choice(SPACES) if rnd.random() < space else b" "  # noqa: E731
        return b"<" + name + b"".join(sep() + attr(k, v) for k, v in attrs) + (sep() if rnd.random() < space else b"") \
            + empty + b">"

    out = TAG.sub(tag, xml)
    if prefix:
        out = re.sub(rb"</(?![\w]+:)([\w]+)>", rb"</x:\1>", out)
        out = out.replace(b"<x:worksheet", b'<x:worksheet xmlns:x="' + NS.encode() + b'"', 1)
    return out


@FAST
@given(st.integers(0, 2**32), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.booleans(), st.floats(0, 0.5),
       st.sampled_from([b"", b"\xef\xbb\xbf", b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n']),
       st.sampled_from([None, "A1", "A1:B2", "A1:XFD1048576", "B3:I55"]))
def test_respelled_sheet_reads_exactly(tmp_path_factory, seed, quote, space, shuffle, prefix, extra_attr, head, dim):
    xml = base_sheet()
    if dim is not None:
        xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="' + dim.encode() + b'"/>', xml)
    xml = head + respell(xml, random.Random(seed), quote, space, shuffle, prefix, extra_attr)
    got = read(tmp_path_factory.mktemp("x"), package(xml))
    assert got == expected(), got if isinstance(got, str) else "values differ"


# -- breaking: refused, or exact -----------------------------------------------------------------

FAR = ["XFD1048576", "xfd1048576", "AAA500000", "Z1000000", "A4294967297", "ZZ99999"]


def far_cell(ref: str, spelling: int) -> bytes:
    return [f'<c r="{ref}"><v>1</v></c>', f"<c r='{ref}'><v>1</v></c>", f'<c  r = "{ref}" ><v>1</v></c>',
            f'<c s="0" r="{ref}"><v>1</v></c>', f'<c r="A1" r="{ref}"><v>1</v></c>',
            f'<c\nr="{ref}"><v>1</v></c>'][spelling].encode()


@FAST
@given(st.sampled_from(FAR), st.integers(0, 5), st.integers(0, 2), st.booleans())
def test_a_far_cell_in_any_spelling_is_refused(tmp_path_factory, ref, spelling, where, prefix_row):
    """A cell that would make calamine allocate tens of millions of cells (or that Excel
    cannot hold) is refused, wherever it sits and however it is spelled."""
    xml = base_sheet()
    row_tag = f'<row r="{re.sub("[A-Za-z]", "", ref)}">'.encode() if prefix_row else b"<row>"
    cell = row_tag + far_cell(ref, spelling) + b"</row>"
    at = [xml.index(b"<sheetData>") + len(b"<sheetData>"), xml.index(b'<row r="20"'), xml.index(b"</sheetData>")][where]
    got = read(tmp_path_factory.mktemp("x"), package(xml[:at] + cell + xml[at:]))
    assert isinstance(got, str) and any("\u4e00" <= ch <= "\u9fff" for ch in got), "far cell read"


@FAST
@given(st.integers(0, 10**9), st.sampled_from(["truncate", "zero", "utf16", "utf32", "latin1-decl", "dup-entry",
                                              "dup-case"]))
def test_a_broken_part_is_refused_or_read_exactly(tmp_path_factory, pos, how):
    xml, extra = base_sheet(), []
    if how == "truncate":
        xml = (xml + b"\n")[:pos % (len(xml) + 2)]
    elif how == "zero":
        xml = b""
    elif how == "utf16":
        xml = xml.decode().encode("utf-16")
    elif how == "utf32":
        xml = xml.decode().encode("utf-32")
    elif how == "latin1-decl":
        xml = b'<?xml version="1.0" encoding="ISO-8859-1"?>' + xml
    elif how == "dup-entry":
        extra = [(PART, xml.replace(b"253.36", b"999"))]
    elif how == "dup-case":
        extra = [(PART.replace("sheet1", "Sheet1"), xml)]
    got = read(tmp_path_factory.mktemp("x"), package(xml, extra))
    if isinstance(got, str):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in got), got
    else:
        assert how == "truncate" and got == expected(), how  # nothing but white space cut

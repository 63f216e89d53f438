"""Code lists (功能分类, 部门经济分类, 政府经济分类): lookup, checks and small code helpers.

Pure Python (csv + importlib.resources). The built-in lists are a verified *partial* subset (see
data/SOURCES.md) merged with the codes the seed budget uses (data/seed_additions.csv). A complete
edition comes from the user importing the MOF 《政府收支分类科目》 (`deptbudget codes import`);
it lives under the user data dir: $DEPTBUDGET_HOME or ~/.deptbudget, codes/<year>/<scheme>.csv.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterator

from ..core.model import SpendKind

BUILTIN = "内置"

# scheme → (built-in csv, provenance csv, Chinese label, first digit, code lengths)
SCHEMES: dict[str, tuple[str, str, str, str, tuple[int, ...]]] = {
    "function": ("function_classification.csv", "function_classification_provenance.csv",
                 "支出功能分类", "2", (3, 5, 7)),
    "econ": ("economic_classification_dept.csv", "economic_classification_dept_provenance.csv",
             "部门预算支出经济分类", "3", (3, 5)),
    "gov_econ": ("economic_classification_gov.csv", "economic_classification_gov_provenance.csv",
                 "政府预算支出经济分类", "5", (3, 5)),
}
LEVELS = {3: "类", 5: "款", 7: "项"}


def scheme_label(scheme: str) -> str:
    return SCHEMES[_check_scheme(scheme)][2]


def _check_scheme(scheme: str) -> str:
    if scheme not in SCHEMES:
        raise ValueError(f"unknown code scheme {scheme!r}; use one of {sorted(SCHEMES)}")
    return scheme


@dataclass(frozen=True)
class CodeEntry:
    code: str
    name: str
    level: str  # 类 / 款 / 项
    parent: str | None  # structural parent code (may be missing from the book)
    scheme: str
    source: str
    edition: str  # budget year ("2024") or "内置"


class CodeStatus(str, Enum):
    OK = "ok"
    MALFORMED = "malformed"  # wrong length / non-digits / wrong level pattern
    ABSENT = "absent"  # well-formed but not in the list


class CodeBook:
    """One edition of one scheme's code list."""

    def __init__(self, scheme: str, entries: dict[str, CodeEntry], edition: str,
                 is_partial: bool, provenance: dict | None = None):
        self.scheme = scheme
        self.edition = edition
        self.is_partial = is_partial
        self.provenance = dict(provenance or {})
        self._entries = dict(sorted(entries.items()))
        self._children: dict[str, list[CodeEntry]] = {}
        for e in self._entries.values():
            if e.parent:
                self._children.setdefault(e.parent, []).append(e)

    def lookup(self, code) -> CodeEntry | None:
        norm = normalize_code(code)
        return self._entries.get(norm) if norm else None

    def name(self, code) -> str | None:
        e = self.lookup(code)
        return e.name if e else None

    def parent(self, code) -> CodeEntry | None:
        """The parent's entry (None for a 类, or when the parent is not in the book)."""
        p = parent_code(code)
        return self._entries.get(p) if p else None

    def chain(self, code) -> list[CodeEntry]:
        """Entries from the 类 down to the code itself, skipping levels the book lacks."""
        norm = normalize_code(code)
        if not norm:
            return []
        prefixes = [norm[:n] for n in (3, 5, 7) if n <= len(norm)]
        return [self._entries[p] for p in prefixes if p in self._entries]

    def children(self, code) -> list[CodeEntry]:
        norm = normalize_code(code)
        return list(self._children.get(norm, ())) if norm else []

    def __contains__(self, code) -> bool:
        return self.lookup(code) is not None

    def __iter__(self) -> Iterator[CodeEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def describe(self) -> str:
        """One Chinese line: which edition this is and whether it is complete."""
        label = scheme_label(self.scheme)
        if self.edition == BUILTIN:
            return (f"{label}：内置科目表（部分清单，{len(self)} 行；已核实的公开来源 + 示例预算补充）。"
                    "完整清单请用 deptbudget codes import 导入财政部《政府收支分类科目》")
        p = self.provenance
        return (f"{label}：{self.edition} 年版（导入，{len(self)} 行）；来源文件 {p.get('source_file', '?')}，"
                f"sha256 {str(p.get('sha256', ''))[:12]}…，导入于 {p.get('imported_at', '?')}")


# ---------------------------------------------------------------- normalising and shapes

_SEPARATORS = re.compile(r"[\s\-_/·.,，、]+")
_FLOATISH = re.compile(r"^([0-9]+)\.0*$")


def normalize_code(raw) -> str | None:
    """A code as ASCII digits, or None. Accepts ints, integral floats (2080101.0), full-width
    digits and separated forms ("208 01 01", "208-01-01"). Never raises."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return str(raw) if raw >= 0 else None
    if isinstance(raw, (float, Decimal)):
        try:
            if raw != raw or raw < 0 or raw != int(raw):
                return None
            return str(int(raw))
        except (OverflowError, ValueError, ArithmeticError):
            return None
    if not isinstance(raw, str):
        return None
    if any(ch.isnumeric() and not ("0" <= ch <= "9" or "０" <= ch <= "９") for ch in raw):
        return None  # NFKC would read superscripts (¹) and circled digits as 1 (the reader refuses them)
    text = unicodedata.normalize("NFKC", raw).strip()
    m = _FLOATISH.match(text)
    if m:
        return m.group(1)
    text = _SEPARATORS.sub("", text)
    return text if text and re.fullmatch(r"[0-9]+", text) else None


def parent_code(code) -> str | None:
    norm = normalize_code(code)
    if not norm or len(norm) <= 3:
        return None
    return norm[:3] if len(norm) <= 5 else norm[:5]


def level_of(code) -> str | None:
    norm = normalize_code(code)
    return LEVELS.get(len(norm)) if norm else None


def scheme_of(code) -> str | None:
    """Guess the scheme from the first digit: 2 功能分类, 3 部门经济分类, 5 政府经济分类."""
    norm = normalize_code(code)
    if not norm:
        return None
    for scheme, (*_, digit, lengths) in SCHEMES.items():
        if norm[0] == digit and len(norm) in lengths:
            return scheme
    return None


def is_well_formed(scheme: str, code) -> bool:
    norm = normalize_code(code)
    _, _, _, digit, lengths = SCHEMES[_check_scheme(scheme)]
    if not norm or norm[0] != digit or len(norm) not in lengths:
        return False
    # 款 / 项 parts are never "00"
    return all(norm[i:i + 2] != "00" for i in range(3, len(norm), 2))


# ---------------------------------------------------------------- loading

def user_home() -> Path:
    return Path(os.environ.get("DEPTBUDGET_HOME") or Path.home() / ".deptbudget")


def edition_dir(year) -> Path:
    return user_home() / "codes" / str(year)


def imported_years(scheme: str) -> list[str]:
    """Years for which the user imported an edition of this scheme, oldest first."""
    root = user_home() / "codes"
    if not root.is_dir():
        return []
    return sorted(d.name for d in root.iterdir() if (d / f"{scheme}.csv").is_file())


def codebook(scheme: str, year=None) -> CodeBook:
    """The imported edition for `year` if there is one, else the built-in partial list."""
    _check_scheme(scheme)
    if year is not None:
        path = edition_dir(year) / f"{scheme}.csv"
        if path.is_file():
            stat = path.stat()
            return _load_imported(str(path), scheme, str(year), stat.st_mtime_ns, stat.st_size)
    return _load_builtin(scheme)


def clear_cache() -> None:
    _load_builtin.cache_clear()
    _load_imported.cache_clear()
    _expenditure_classes.cache_clear()


def _data_text(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


def _read_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=None)
def _load_builtin(scheme: str) -> CodeBook:
    table, prov_table, *_ = SCHEMES[scheme]
    prov = {r["code"]: r["sources"] for r in _read_rows(_data_text(prov_table))}
    entries = {}
    for r in _read_rows(_data_text(table)):
        entries[r["code"]] = _entry(r, scheme, "内置：" + prov.get(r["code"], "SOURCES.md"), BUILTIN)
    for r in _read_rows(_data_text("seed_additions.csv")):
        if scheme_of(r["code"]) == scheme and r["code"] not in entries:
            entries[r["code"]] = _entry(r, scheme, r["source"], BUILTIN)
    return CodeBook(scheme, entries, BUILTIN, is_partial=True,
                    provenance={"source_file": "内置（见 reference/data/SOURCES.md）"})


@lru_cache(maxsize=32)
def _load_imported(path: str, scheme: str, year: str, _mtime: int, _size: int) -> CodeBook:
    p = Path(path)
    prov_path = p.with_suffix(".provenance.json")
    provenance = json.loads(prov_path.read_text(encoding="utf-8")) if prov_path.is_file() else {}
    source = f"导入：{provenance.get('source_file', p.name)}"
    rows = _read_rows(p.read_text(encoding="utf-8"))
    entries = {r["code"]: _entry(r, scheme, source, year) for r in rows}
    return CodeBook(scheme, entries, year, is_partial=False, provenance=provenance)


def _entry(row: dict, scheme: str, source: str, edition: str) -> CodeEntry:
    code = row["code"].strip()
    return CodeEntry(code=code, name=row["name"].strip(), level=row.get("level") or LEVELS[len(code)],
                     parent=(row.get("parent_code") or "").strip() or parent_code(code),
                     scheme=scheme, source=source, edition=edition)


# ---------------------------------------------------------------- checks

def check_code(scheme: str, code, year=None) -> CodeStatus:
    """ok / malformed / absent. Callers make `absent` a 提示 (「不在内置科目表中，请核对」) when
    the book is partial and an 错误 when it is a complete imported edition."""
    if not is_well_formed(scheme, code):
        return CodeStatus.MALFORMED
    return CodeStatus.OK if code in codebook(scheme, year) else CodeStatus.ABSENT


# ---------------------------------------------------------------- economic helpers

def spend_kind(econ_code) -> SpendKind:
    """基本支出 split: 301xx 工资福利 and 303xx 对个人和家庭的补助 are 人员经费, the rest 公用经费.
    (SpendKind is a str enum: the result equals "人员经费" / "公用经费".)"""
    norm = normalize_code(econ_code) or ""
    return SpendKind.PERSONNEL if norm[:3] in ("301", "303") else SpendKind.PUBLIC


# 三公 items → 部门经济分类 codes
SANGONG: dict[str, tuple[str, ...]] = {
    "因公出国（境）费": ("30212",),
    "公务用车购置费": ("30913", "31013"),
    "公务用车运行费": ("30231",),
    "公务接待费": ("30217",),
}
_SANGONG_BY_CODE = {c: item for item, codes in SANGONG.items() for c in codes}


def sangong_item(econ_code) -> str | None:
    return _SANGONG_BY_CODE.get(normalize_code(econ_code) or "")


# ---------------------------------------------------------------- function-code helpers

def func_class(code) -> str | None:
    """The 类 (first 3 digits) of a 功能分类 code."""
    norm = normalize_code(code)
    return norm[:3] if norm and len(norm) >= 3 and norm[0] == "2" else None


def func_kuan(code) -> str | None:
    """The 款 (first 5 digits) of a 功能分类 code of level 款 or 项."""
    norm = normalize_code(code)
    return norm[:5] if norm and len(norm) >= 5 and norm[0] == "2" else None


@dataclass(frozen=True)
class ExpenditureClass:
    seq: int
    code: str
    name: str
    source: str


def expenditure_classes() -> tuple[ExpenditureClass, ...]:
    """The 28 支出 类 of 表1 部门收支总表, in the seed's order."""
    return _expenditure_classes()


@lru_cache(maxsize=1)
def _expenditure_classes() -> tuple[ExpenditureClass, ...]:
    rows = _read_rows(_data_text("expenditure_classes.csv"))
    return tuple(ExpenditureClass(int(r["seq"]), r["code"], r["name"], r["source"]) for r in rows)


def class_seq(code) -> int | None:
    """Position (1-28) of the code's 类 among the 表1 classes, or None."""
    cls = func_class(code)
    return next((c.seq for c in _expenditure_classes() if c.code == cls), None)


# ---------------------------------------------------------------- names a workbook gives

# A code the year's list lacks may still be named in the workbook's own 科目名称 column; the reader
# keeps such names in Budget.facts under this prefix (private keys, like "_ref_"), so they travel
# through every merge with the facts and reach the tables.
NAME_FACT = "_name_"


def workbook_name(facts: dict, code: str) -> str:
    """The name the workbook itself gives a code (\"\" when it gives none)."""
    return str(facts.get(NAME_FACT + code) or "")

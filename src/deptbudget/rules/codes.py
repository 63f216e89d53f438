"""Codes: 功能分类 项 and 部门经济分类 款 exist, fit the kind of spending, and match their names."""

from __future__ import annotations

from functools import lru_cache
from operator import attrgetter

from ..core.model import CellRef
from ..io.grid import col_letter, is_blank
from ..reference.codes import expenditure_classes, workbook_name
from ..reference.codes import is_well_formed as _is_well_formed
from ..template import spec
from .context import _row_of
from .registry import E, Hit, I, W, rule

is_well_formed = lru_cache(maxsize=8192)(_is_well_formed)  # lines repeat the same few codes


def _sheet_spec(line):
    return spec.BASIC if line.kind.is_basic else spec.PROJECTS


def _cell(ctx, line, key):
    return ctx.column_cell(line.ref, _sheet_spec(line), key)


@rule("COD-01", E, "功能分类不是项级编码", "功能分类编码「{code}」{detail}；支出必须填到项级（7 位），如 2080101")
def func_level(ctx):
    """支出按功能分类**项级**科目（7 位，2 开头，款、项不为 00）填列。

    反例：基本支出写功能分类 20801（款级）或 2080001。
    正例：2080101 行政运行。
    """
    for line, detail in _lines_with(ctx, "func_code", _func_level_detail):
        yield Hit(_cell(ctx, line, "func_code"), {"code": line.func_code, "detail": detail})


def _func_level_detail(code: str) -> str | None:
    """What is wrong with a 功能分类 code's level (None: nothing, or no code)."""
    if not code:
        return None
    if len(code) != 7:
        return f"是 {len(code)} 位" + ("（款级）" if len(code) == 5 else "（类级）" if len(code) == 3 else "")
    if not is_well_formed("function", code):
        return "格式不对（应以 2 开头，款、项不能为 00）"
    return None


def _lines_with(ctx, key: str, detail, basic: bool = False):
    """(line, detail(code)) for each line (basic line) whose `key` code has a detail (None: the
    code is fine), in line order. Each distinct code is judged once: 50,000 lines use a few
    hundred codes, and when all of them are fine no line is looked at again."""
    bad = {code: d for code in ctx.codes_used(key, basic) if (d := detail(code)) is not None}
    if bad:
        code_of = attrgetter(key)
        for line in ctx.basic_lines if basic else ctx.budget.lines:
            d = bad.get(code_of(line))
            if d is not None:
                yield line, d


def _absent(ctx, scheme, code):
    book = ctx.book(scheme)
    return code not in book, book.is_partial


@rule("COD-02", E, "功能分类科目不存在", "功能分类科目 {code} 不在{book}中{hint}")
def func_absent(ctx):
    """功能分类项级科目必须是《政府收支分类科目》中存在的科目。用内置（部分）科目表时只作提示，
    导入完整科目表后为错误。

    反例：2089901（不存在的科目）。
    正例：2080101 行政运行。
    """
    yield from _absent_codes(ctx, "func_code", "function", 7, "功能分类")


def _absent_codes(ctx, key: str, scheme: str, length: int, label: str):
    """One hit per well-formed code (first line using it) missing from the code list."""
    def partial_if_absent(code):
        if len(code) != length or not is_well_formed(scheme, code):
            return None
        absent, partial = _absent(ctx, scheme, code)
        if absent and partial and not workbook_name(ctx.budget.facts, code):
            return None  # nobody names it: COD-12's 错误, not a 提示
        return partial if absent else None

    seen = set()
    for line, partial in _lines_with(ctx, key, partial_if_absent):
        code = getattr(line, key)
        if code not in seen:
            seen.add(code)
            yield _absent_hit(_cell(ctx, line, key), code, partial, label)


def _absent_hit(ref, code, partial, label):
    if partial:
        return Hit(ref, {"code": code, "book": "内置科目表（部分清单）", "hint": "，请核对；可用 deptbudget codes import 导入完整科目表"},
                   severity=I)
    return Hit(ref, {"code": code, "book": f"已导入的{label}科目表", "hint": ""})


# The 28 支出 类 表1/表2 print with their own names (reference expenditure_classes).
LISTED_CLASSES = frozenset(c.code for c in expenditure_classes())


@rule("COD-12", E, "科目没有名称", "{label}科目 {code} 在{book}中没有名称，工作簿也没有填写它的名称，公开表的科目名称将印作「（名称未知，请导入科目表）」；请用 deptbudget codes import 导入 {year} 年《政府收支分类科目》，或核对编码")
def nameless_code(ctx):
    """公开表（表1-2、表2-1、表3、表3-1、表3-2、表4、表5）的每个科目行都要印科目名称，类、款、项都是。
    名称取自预算年度的科目表（导入的完整科目表，否则内置的部分清单），其次取工作簿「科目名称」列填写的名称；
    都没有时公开表只能印「（名称未知，请导入科目表）」，不能公开。导入的完整科目表里没有的编码由 COD-02/COD-04
    报告。

    反例：用内置科目表，基本支出一行功能分类 2129901，「功能分类科目名称」列为空（或为「（未知科目）」）。
    正例：导入当年科目表，或在该行「功能分类科目名称」列写「其他城乡社区支出」。
    """
    for key, scheme, label in (("func_code", "function", "功能分类"), ("econ_code", "econ", "经济分类")):
        book = ctx.book(scheme)
        if not book.is_partial:
            continue
        wanted = 7 if scheme == "function" else 5

        def nameless(code, wanted=wanted, scheme=scheme, book=book):  # called within this iteration
            if len(code) != wanted or not is_well_formed(scheme, code):
                return None
            printed = (code[:3], code) if scheme == "econ" or code[:3] not in LISTED_CLASSES else (code,)
            return [c for c in printed if not book.name(c) and not workbook_name(ctx.budget.facts, c)] or None

        seen = set()
        for line, codes in _lines_with(ctx, key, nameless):
            for code in codes:
                if code not in seen:
                    seen.add(code)
                    yield Hit(_cell(ctx, line, key), {"label": label, "code": code, "book": "内置科目表（部分清单）",
                                                      "year": ctx.year or ""})


@rule("COD-03", E, "经济分类不是款级编码", "经济分类编码「{code}」{detail}；应填部门经济分类款级科目（5 位），如 30101")
def econ_level(ctx):
    """部门经济分类按**款级**（5 位，3 开头）填列；基本支出必填，项目支出可留空（未细化）。

    反例：基本支出经济分类写 301（类级）或 50101（政府经济分类）。
    正例：30101 基本工资。
    """
    for line, detail in _lines_with(ctx, "econ_code", _econ_level_detail):
        yield Hit(_cell(ctx, line, "econ_code"), {"code": line.econ_code, "detail": detail})


def _econ_level_detail(code: str) -> str | None:
    """What is wrong with a 经济分类 code's level (None: nothing, or no code)."""
    if not code:
        return None
    if len(code) != 5:
        return f"是 {len(code)} 位"
    if not is_well_formed("econ", code):
        return "不是部门经济分类（应以 3 开头）" if code[0] != "3" else "格式不对（款不能为 00）"
    return None


@rule("COD-04", E, "经济分类科目不存在", "经济分类科目 {code} 不在{book}中{hint}")
def econ_absent(ctx):
    """部门经济分类款级科目必须存在于科目表。内置科目表为部分清单时只作提示。

    反例：30288（不存在）。
    正例：30201 办公费。
    """
    yield from _absent_codes(ctx, "econ_code", "econ", 5, "经济分类")


BASIC_CLASSES = {"301", "302", "303", "309", "310"}


@rule("COD-05", W, "基本支出经济分类不当", "基本支出使用了经济分类 {code}（{cls} 类），基本支出只应使用 301 工资福利、302 商品和服务、303 对个人和家庭的补助及一般设备购置")
def basic_econ_class(ctx):
    """基本支出（人员经费、公用经费）只用 301、302、303 及资本性支出中的设备购置；
    307 债务利息、311/312 对企业补助、313、399 等属于项目支出。

    反例：基本支出一行经济分类 31204。
    正例：基本支出 30201 办公费。
    """
    def other_class(code):
        return code[:3] if code and code[:3] not in BASIC_CLASSES else None

    for line, cls in _lines_with(ctx, "econ_code", other_class, basic=True):
        yield Hit(_cell(ctx, line, "econ_code"), {"code": line.econ_code, "cls": cls})


@rule("COD-06", I, "基本支出用了基本建设类科目", "基本支出使用 {code}（309 资本性支出（基本建设）），一般设备购置在基本支出中通常列 310 资本性支出（如 31002 办公设备购置）")
def basic_309(ctx):
    """309「资本性支出（基本建设）」用于发展改革部门安排的基本建设投资；单位用基本支出购置办公设备
    通常列 310「资本性支出」的对应款（31002 办公设备购置）。

    反例：基本支出 30902 办公设备购置 1.5 万元。
    正例：基本支出 31002 办公设备购置 1.6 万元。
    """
    for line, _ in _lines_with(ctx, "econ_code", lambda code: code.startswith("309") or None, basic=True):
        yield Hit(_cell(ctx, line, "econ_code"), {"code": line.econ_code})


@rule("COD-07", W, "科目名称与编码不符", "{scheme}编码 {code} 的名称应为「{expected}」，表中写的是「{found}」", needs=("grid",))
def name_matches_code(ctx):
    """录入表中编码旁边的科目名称必须与科目表中该编码的名称一致（名称写错常意味着编码写错）。

    反例：功能分类 2101101 旁写「事业单位医疗」。
    正例：2101101 行政单位医疗。
    """
    seen = set()
    by_sheet: dict = {}  # lines by the sheet they were read from
    for line in ctx.budget.lines:
        if line.ref is not None:
            by_sheet.setdefault(line.ref.sheet, []).append(line)
    for sheet_name, lines in by_sheet.items():
        cols = _name_columns(ctx, sheet_name, _sheet_spec(lines[0]))
        if not cols:
            continue  # input files often leave the names blank: then no line goes further
        rows = [_row_of(line.ref.cell) for line in lines]
        for key, scheme, label, letters, found_at in cols:
            codes = list(map(attrgetter(key), lines))
            founds = list(map(found_at.get, rows))
            wrong = _wrong_pairs(ctx, scheme, zip(codes, founds, strict=False))
            for line, row, code, found in zip(lines, rows, codes, founds, strict=False):
                expected = wrong.get((code, found)) if wrong else None
                if expected is None:
                    continue
                ref = line.ref
                cell = f"{letters}{row + 1}"  # a CellRef only for the hits
                at = (ref.file, ref.sheet, cell, code)
                if cell == ref.cell or at in seen:
                    continue
                seen.add(at)
                yield Hit(CellRef(ref.file, ref.sheet, cell),
                          {"scheme": label, "code": code, "expected": expected, "found": found})


def _wrong_pairs(ctx, scheme: str, pairs) -> dict:
    """(code, name found) → the code list's name, for each distinct pair whose name is wrong:
    thousands of lines repeat a few hundred pairs."""
    out = {}
    for code, found in set(pairs):
        if code and found is not None:
            expected = _wrong_name(ctx, scheme, code, found)
            if expected is not None:
                out[(code, found)] = expected
    return out


NAME_COLUMNS = (("func_code", "func_name", "function", "功能分类"),
                ("econ_code", "econ_name", "econ", "经济分类"))


def _wrong_name(ctx, scheme: str, code: str, found: str) -> str | None:
    """The code list's name of `code` when `found` is not it; None when it is or none is listed."""
    expected = ctx.book(scheme).name(code)
    return expected if expected and _norm(found) != _norm(expected) else None


def _name_columns(ctx, sheet_name: str, sheet_spec) -> list[tuple]:
    """(code key, scheme, label, name column's letters, {0-based row: name}) for each name column
    of the sheet that holds at least one name to compare, from one pass over the column below the
    header row (where the reader reads the lines: the header's own text is no line's name)."""
    sheet = ctx.grid.sheet(sheet_name)
    header = ctx.header(sheet_name, sheet_spec)
    out = []
    for key, name_key, scheme, label in NAME_COLUMNS:
        col = ctx.column_of(sheet_name, sheet_spec, name_key)
        if col is None or sheet is None:
            continue
        start = header[0] + 1 if header else 0
        column = [row[col] if col < len(row) else None for row in sheet.rows[start:]]
        if column.count("") + column.count(None) == len(column):
            continue  # all blank (input files often are): said without a test per cell
        found_at = {}
        names: dict[str, str] = {}  # cell text → _name_in(it), worked out once: names repeat
        for r, v in enumerate(column, start):
            if v is None or v == "":
                continue  # the usual blank cell
            if type(v) is str:
                name = names.get(v)
                if name is None:
                    name = names[v] = _name_in(v)
            else:
                name = _name_in(v)
            if name:
                found_at[r] = name
        if found_at:
            out.append((key, scheme, label, col_letter(col), found_at))
    return out


def _name_in(v) -> str:
    """A name cell's text when it can be checked against the code list, else ""."""
    text = _text(v)
    return text if _comparable(text) else ""


def _comparable(found: str) -> bool:
    """A name cell's text that can be checked against the code list."""
    return bool(found) and not found.startswith("=") and found != "（未知科目）"


def _text(v) -> str:
    return "" if is_blank(v) else str(v).strip()


@lru_cache(maxsize=4096)  # the same few names on thousands of lines
def _norm(name: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", name).replace(" ", "").replace("（", "(").replace("）", ")")


@rule("COD-08", I, "项目支出列在行政运行科目", "项目「{project}」列在 {code} 行政运行科目下；行政运行反映基本支出，项目支出一般列「一般行政管理事务」或相应业务科目")
def project_on_admin_run(ctx):
    """「行政运行」（项级编码末两位 01，名称为行政运行）反映机构正常运转的基本支出；项目支出列在其下，
    情况说明中“行政运行用于本部门正常运转的基本支出”就不再成立。

    反例：项目「2024年度基金监督管理项目」功能分类 2080101 行政运行。
    正例：该项目列 2080102 一般行政管理事务。
    """
    book = ctx.book("function")
    codes = dict.fromkeys(line.func_code for p in ctx.budget.projects for line in p.lines or ())
    admin_run = {code for code in codes if book.name(code) == "行政运行"}  # each code looked up once
    for p in ctx.budget.projects:
        for line in p.lines or ():
            if line.func_code in admin_run:
                yield Hit(ctx.project_cell(p, "func_code"), {"project": p.name, "code": line.func_code})
                break


# 经济分类 → the 功能分类 prefix it belongs under (social insurance contributions by purpose).
ECON_FUNC = {
    "30108": ("2080505", "机关事业单位基本养老保险缴费支出"),
    "30109": ("2080506", "机关事业单位职业年金缴费支出"),
    "30110": ("21011", "行政事业单位医疗"),
    "30111": ("21011", "行政事业单位医疗"),
    "30113": ("22102", "住房改革支出"),
}


@rule("COD-09", W, "经济分类与功能分类不匹配", "经济分类 {econ} 应列在功能分类 {want}（{want_name}）下，本行列在 {func}")
def econ_func_pair(ctx):
    """按用途确定的缴费类支出，经济分类和功能分类要对应：30108 养老保险缴费列 2080505，30109 职业年金列
    2080506，30110/30111 医疗缴费列 21011 行政事业单位医疗，30113 住房公积金列 22102 住房改革支出。

    反例：30113 住房公积金列在 2080101 行政运行下。
    正例：30113 住房公积金列在 2210201 住房公积金下。
    """
    for line in ctx.basic_lines:
        pair = ECON_FUNC.get(line.econ_code)
        if pair and line.func_code and not line.func_code.startswith(pair[0]):
            yield Hit(_cell(ctx, line, "func_code"), {"econ": line.econ_code, "want": pair[0],
                                                      "want_name": pair[1], "func": line.func_code})


@rule("COD-10", W, "公务用车购置列入基本支出", "基本支出中有公务用车购置 {code} {amount} 万元；车辆购置应作为项目支出并列入购置计划")
def vehicle_purchase_basic(ctx):
    """公务用车购置（30913/31013）须经审批、有购置计划，按项目支出安排，不应列在基本支出。

    反例：基本支出 31013 公务用车购置 20 万元。
    正例：公务用车购置列在项目支出「公务用车更新项目」中。
    """
    from .common import show

    for line, _ in _lines_with(ctx, "econ_code", lambda code: code in ("30913", "31013") or None, basic=True):
        yield Hit(_cell(ctx, line, "econ_code"), {"code": line.econ_code, "amount": show(line.amount)})


SANGONG_WORDS = {"公务接待": "公务接待费（30217）", "公务用车": "公务用车购置/运行维护费（31013/30913/30231）",
                 "出国": "因公出国（境）费（30212）", "出境": "因公出国（境）费（30212）"}


@rule("COD-11", W, "三公支出未用三公科目", "项目「{project}」看名称是{what}，但没有使用对应的经济分类科目，“三公”经费表会漏掉这笔钱")
def sangong_hidden(ctx):
    """名称表明是“三公”经费的项目（公务接待、公务用车、因公出国（境）），要用“三公”经济分类科目编列，
    否则表3-3 “三公”经费表和情况说明都会漏报。

    反例：项目「2024年公务用车运行维护项目」经济分类 30299 其他商品和服务支出（或未细化）。
    正例：该项目经济分类 30231 公务用车运行维护费。
    """
    from ..reference.codes import sangong_item

    for p in ctx.budget.projects:
        word = next((w for w in SANGONG_WORDS if w in p.name), None)
        if word and not any(sangong_item(l.econ_code) for l in p.lines):
            yield Hit(ctx.project_cell(p, "econ_code"), {"project": p.name, "what": SANGONG_WORDS[word]})

"""The steps the ribbon handlers share: read the book into the model (stopping with a 校验结果
entry when the input cannot be used), write tables and the 情况说明, pick folders and files.

Everything here calls the same core functions as the CLI; nothing computes on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.findings import Finding, Severity
from ..core.model import CellRef
from ..template import spec
from .book_io import Skipped, find_sheet, input_grid, is_remote, write_block
from .book_io import sheet_names as book_sheet_names
from .errors import UserError
from .results import RESULTS_SHEET, clear_marks, write_results
from .ui import progress

NOT_TEMPLATE = "READ-01"


@dataclass
class Loaded:
    grid: object
    budget: object
    findings: list[Finding]  # the reader's findings (警告/提示 only, when loading succeeded)


def load(book, what: str, skipped: Skipped) -> Loaded:
    """Grid → Budget. When the reader finds 错误 (not the template, text in an amount cell …)
    the findings go to 校验结果 and a UserError stops the button; input cells are untouched."""
    from ..template.reader import read_budget

    progress(book, 1, 3, f"读取「{book.name}」")
    grid = input_grid(book)
    budget, findings = read_budget(grid)
    if budget is None and not any(f.code.startswith("STR") for f in findings):
        findings.append(not_template(book.name))
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if budget is None or errors:
        stop(book, what, findings, skipped, template=budget is None)
    return Loaded(grid, budget, findings)


def not_template(name: str) -> Finding:
    message = "没有找到任何预算单位：这可能不是部门预算标准工作簿（请用「新建部门工作簿」或 deptbudget template 生成）"
    return Finding(NOT_TEMPLATE, Severity.ERROR, CellRef(name, spec.UNITS.name, ""), message)


def stop(book, what: str, findings, skipped: Skipped, template: bool = False) -> None:
    """Write the findings to 校验结果 (after removing old marks) and stop with a Chinese alert."""
    clear_marks(book, skipped)
    write_results(book, findings, skipped, title=f"「{what}」未执行")
    errors = [f for f in findings if f.severity is Severity.ERROR]
    first = errors[0] if errors else None
    reason = ("这不是部门预算标准工作簿（缺少标准的录入表）" if template
              else f"工作簿中有 {len(errors)} 处错误")
    example = f"，如 {first.where()}：{first.message}" if first else ""
    raise UserError(f"「{what}」未执行：{reason}{example}。\n详见「{RESULTS_SHEET}」；录入数据未作任何修改。")


def tables_from(budget, keys=None, table_set=None) -> dict:
    """Tables from one roll-up tree, in `table_set` (None: the default) and — for a set of another
    layout (上海) — the 四川 tables 校验 reads, as the CLI writes them (pipeline.working_tables).
    keys None = the roll-up's (rollup.tables), else the named ones from roll-up and fill."""
    from ..pipeline import all_tables, working_tables

    if keys is None:
        from ..rollup.tables import build_tables
        from ..rollup.tree import build_tree

        return working_tables(build_tree(budget), table_set, build_tables)
    return {k: v for k, v in working_tables(budget, table_set, all_tables).items() if k in keys}


@dataclass
class Chosen:
    """The 公开表样式 a button publishes in, and the sentence that says so."""

    table_set: object  # tablesets.TableSet (the default when the workbook declares none)
    note: str

    @property
    def given(self):
        """The set as the core functions take it: None for the default."""
        from ..tablesets import DEFAULT

        return None if self.table_set is DEFAULT else self.table_set


def choose_set(book, what: str, budget, skipped: Skipped) -> Chosen:
    """The set of the workbook's 基本信息「公开表样式」, chosen by the CLI's own function
    (rollup.facts.chosen_table_set). An unknown name stops the button with STR-17 in 校验结果,
    nothing written; a 单位 set on several units without a 部门 counterpart stops it too."""
    from ..rollup.facts import chosen_table_set
    from ..tablesets import DEFAULT

    try:
        chosen, note = chosen_table_set(None, budget)
    except ValueError as exc:
        findings = _set_findings(budget)
        if not findings:
            raise UserError(f"「{what}」未执行：{exc}") from None
        stop(book, what, findings, skipped)
    chosen = chosen or DEFAULT
    try:
        chosen.owner(budget.department, budget.units)
    except ValueError as exc:
        raise UserError(f"「{what}」未执行：{exc}（基本信息「公开表样式」）。") from None
    note = note.split("；可用 --table-set")[0]  # the CLI's hint: no such option in Excel
    return Chosen(chosen, note or f"公开表样式：{chosen.name}（基本信息未填写「公开表样式」，按默认）")


def _set_findings(budget) -> list[Finding]:
    """STR-17 as 校验 reports it (the rule itself, nothing re-worded here)."""
    from ..rules import validate
    from ..rules.settings import Settings

    found = validate(budget, settings=Settings(select=frozenset({"STR-17"})))
    return [f for f in found if f.code == "STR-17"]


def set_sheets(table_set) -> list[str]:
    """The sheet names of a set's tables, as the writers name them (io.table_layout.table_sheets:
    a 四川 key keeps the department workbook's sheet, another set's table is 「表N 标题」)."""
    from ..io.table_layout import table_sheets

    return [name for name, _ in table_sheets({t.key: t for t in table_set.tables})]


def other_set_sheets(book, chosen: Chosen) -> dict[str, list[str]]:
    """Sheets of another 公开表样式 left in the book (the user switched 四川 → 上海 or back), by set
    name: not the chosen set's and not the 四川 ones written beside a 上海 set. They are kept as
    they are (never deleted) and the button says so."""
    from ..tablesets import DEFAULT, SETS

    ours = set(set_sheets(chosen.table_set))
    if chosen.table_set.layout != DEFAULT.layout:
        ours |= set(set_sheets(DEFAULT))
    present, out = book_sheet_names(book), {}
    for ts in SETS.values():
        names = [n for n in set_sheets(ts) if n in present and n not in ours]
        if names:
            out[ts.name] = names
            ours |= set(names)
    return out


def set_message(book, chosen: Chosen, written: list[str]) -> str:
    """What a button tells about the set: which one (and why), the 四川 sheets updated beside a
    上海 set for 校验, and the sheets of another set kept untouched."""
    ts, out = chosen.table_set, [chosen.note + "。"]
    mine = set(set_sheets(ts))
    extra = [n for n in written if n not in mine]
    if extra:
        out.append(f"另更新了四川表式的 {len(extra)} 张表（{_span(extra)}），供「校验」核对录入数据。")
    kept = other_set_sheets(book, chosen)
    if kept:
        sets = "、".join(f"「{name}」的 {len(names)} 张表（{_span(names)}）" for name, names in kept.items())
        out.append(f"工作簿中另有{sets}，本次未更新、未删除，也不参加校验；不再需要时可自行删除。")
    return "".join(out)


def _span(names: list[str]) -> str:
    """「表1 X」…「表5 Y」 → 「表1—表5」 (one name: itself)."""
    first, last = names[0].split()[0], names[-1].split()[0]
    return names[0] if len(names) == 1 else f"{first}—{last}"


def write_tables(book, tables: dict, skipped: Skipped) -> list[str]:
    from .book_io import write_tables as write

    return write(book, tables, skipped, lambda i, n, name: progress(book, i, n, f"写入{name}"))


def draft_narrative(budget, table_set=None):
    """The 情况说明 draft in `table_set`'s wording and unit (None: the default set's)."""
    from ..fill.narrative import draft
    from ..rollup.tree import build_tree

    return draft(build_tree(budget), table_set)


def write_narrative(book, narrative, skipped: Skipped) -> str:
    """The 情况说明 sheet, one paragraph per row (as io.narrative_sheet); a sheet the department
    wrote itself is kept and the draft goes to 「情况说明（草稿）」."""
    from ..io.narrative_sheet import DRAFT_SHEET, MARKER, WIDTH
    from .book_io import fresh_sheet, read_sheet

    name = spec.NARRATIVE_SHEET
    existing = find_sheet(book, name)
    if existing is not None:
        rows = read_sheet(existing).rows
        ours = len(rows) >= 2 and rows[1] and rows[1][0] == MARKER
        has_text = any(v not in (None, "") for row in rows for v in row)
        if has_text and not ours:
            name = DRAFT_SHEET
    paragraphs = list(narrative.paragraphs())
    paragraphs.insert(1, ("body", MARKER))
    sheet = fresh_sheet(book, name)
    write_block(sheet, [[text] for _, text in paragraphs])
    column = sheet.range((1, 1), (len(paragraphs), 1))
    skipped.attempt("列宽", lambda: setattr(sheet.range((1, 1)), "column_width", WIDTH))
    skipped.attempt("自动换行", lambda: setattr(column, "wrap_text", True))
    skipped.attempt("字体", lambda: _font(column, "仿宋", 12, False))
    skipped.attempt("字体", lambda: _font(sheet.range((1, 1)), "黑体", 16, True))
    for r, (style, _) in enumerate(paragraphs[1:], 2):
        if style != "body":  # headings: bold (one call each)
            skipped.attempt("字体", lambda r=r: setattr(sheet.range((r, 1)).font, "bold", True))
    return name


def _font(rng, name: str, size: int, bold: bool) -> None:
    rng.font.name, rng.font.size, rng.font.bold = name, size, bold


# -- desktop only ---------------------------------------------------------------------

def need_desktop(book, what: str, instead: str) -> None:
    if is_remote(book):
        raise UserError(f"「{what}」需要桌面版 Excel（Windows/macOS）：网页版和 xlwings Server 无法访问"
                        f"您电脑上的文件和文件夹。{instead}")


def output_dir(book, grid) -> Path:
    """设置「导出文件夹」, else the workbook's folder (an unsaved workbook has none)."""
    chosen = setting(grid, "导出文件夹")
    if chosen:
        return Path(chosen)
    return saved_folder(book, "导出文件放在它旁边")


def setting(grid, key: str) -> str:
    """The 值 of a 设置 row whose 项目 starts with `key` ("" when absent or empty)."""
    sheet = grid.sheet(spec.SETTINGS_SHEET) if grid else None
    for row in (sheet.rows if sheet else []):
        if row and str(row[0] or "").startswith(key) and len(row) > 1 and row[1] not in (None, ""):
            return str(row[1]).strip()
    return ""


def saved_folder(book, why: str) -> Path:
    """The local folder of the saved workbook, or a UserError saying what to do."""
    fullname = str(book.fullname)
    folder = workbook_folder(fullname)
    if folder is not None:
        return folder
    if is_url(fullname):
        raise UserError(f"工作簿保存在 OneDrive/SharePoint 上（{fullname}），本机找不到它的同步文件夹（{why}）。"
                        "请在「设置」中填写导出文件夹（本机的文件夹），或把工作簿另存到本机或同步文件夹中。")
    raise UserError(f"工作簿还没有保存：请先保存工作簿（{why}），或在「设置」中填写导出文件夹。")


def is_url(fullname: str) -> bool:
    return fullname.lower().startswith(("https://", "http://"))


def workbook_folder(fullname: str) -> Path | None:
    """The local folder of a saved workbook, None when unsaved. A workbook on OneDrive has an
    https address as its FullName; it is saved, and its local copy is in the OneDrive sync
    folder (%OneDrive% for personal, %OneDriveCommercial% for work accounts)."""
    if is_url(fullname):
        local = onedrive_local(fullname)
        return local.parent if local is not None and local.parent.is_dir() else None
    full = Path(fullname)
    return full.parent if full.is_absolute() and full.parent.is_dir() else None


def onedrive_local(url: str) -> Path | None:
    """https://d.docs.live.net/<cid>/a/b.xlsx → %OneDrive%\\a\\b.xlsx;
    https://<tenant>-my.sharepoint.com/personal/<user>/Documents/a/b.xlsx → %OneDriveCommercial%\\a\\b.xlsx."""
    import os
    from urllib.parse import unquote, urlparse

    parsed = urlparse(url)
    parts = [unquote(p) for p in parsed.path.split("/") if p]
    if parsed.netloc.lower() == "d.docs.live.net" and len(parts) > 1:
        root, rest = os.environ.get("OneDrive") or os.environ.get("OneDriveConsumer"), parts[1:]
    elif parsed.netloc.lower().endswith("-my.sharepoint.com") and len(parts) > 3 and parts[0] == "personal":
        root, rest = os.environ.get("OneDriveCommercial") or os.environ.get("OneDrive"), parts[3:]
    else:
        return None
    return Path(root, *rest) if root else None


def pick_folder(book, title: str) -> Path | None:
    """A folder chosen by the user, None when cancelled. Windows: Excel's own folder picker."""
    try:
        dialog = book.app.api.FileDialog(4)  # msoFileDialogFolderPicker
        dialog.Title = title
        if dialog.Show() != -1:
            return None
        return Path(dialog.SelectedItems(1))
    except AttributeError:
        pass
    try:
        from tkinter import Tk, filedialog

        root = Tk()
        root.withdraw()
        chosen = filedialog.askdirectory(title=title)
        root.destroy()
        return Path(chosen) if chosen else None
    except Exception:  # noqa: BLE001 — no GUI toolkit for this Python
        raise UserError("无法打开选择文件夹的对话框。请改用命令行：deptbudget rollup 文件夹 -o 汇总.xlsx") from None


def unique_path(folder: Path, name: str) -> Path:
    path = folder / name
    n = 2
    while path.exists():
        path = folder / f"{Path(name).stem}({n}){Path(name).suffix}"
        n += 1
    return path

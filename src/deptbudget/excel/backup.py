"""A copy of the open workbook before a button writes into it: Excel's undo history is lost after
any macro, so every writing button first saves a timestamped copy (Excel's own SaveCopyAs: the
workbook as it is in memory, unsaved edits included; the open workbook stays as it is).

设置: 「写入前备份」 是/否 (default 是), 「备份文件夹」 (default: beside the workbook; an unsaved
workbook or one on OneDrive without a local sync folder: the user's Documents)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..template import spec
from .book_io import is_remote, read_grid
from .errors import UserError
from .steps import setting, workbook_folder

SWITCH = "写入前备份"
FOLDER = "备份文件夹"
OFF = {"否", "不", "关", "关闭", "0", "false", "no", "off"}


def save_copy(book, now: dt.datetime | None = None) -> Path | None:
    """The path of the copy, or None when turned off in 设置 or on the remote engine (no files)."""
    if is_remote(book):
        return None
    grid = read_grid(book, names={spec.SETTINGS_SHEET})
    if setting(grid, SWITCH).lower() in OFF:
        return None
    folder = Path(setting(grid, FOLDER)) if setting(grid, FOLDER) else _default_folder(book)
    path = folder / backup_name(str(book.name), now or dt.datetime.now())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        book.api.SaveCopyAs(str(path))
    except Exception:  # noqa: BLE001 — a read-only share, a full disk, a bad folder in 设置
        raise UserError(f"写入前无法保存备份副本到：{path}\n工作簿未作任何修改。请在「设置」中把「{FOLDER}」改为"
                        f"可写入的文件夹，或把「{SWITCH}」改为“否”后再试。") from None
    return path


def backup_name(name: str, now: dt.datetime) -> str:
    """部门.xlsx → 部门-备份-20260105-143012.xlsx (an unsaved 工作簿1 → 工作簿1-备份-….xlsx)."""
    stem, suffix = (name.rsplit(".", 1)[0], "." + name.rsplit(".", 1)[1]) if "." in name else (name, ".xlsx")
    return f"{stem}-备份-{now:%Y%m%d-%H%M%S}{suffix}"


def _default_folder(book) -> Path:
    folder = workbook_folder(str(book.fullname))
    if folder is not None:
        return folder
    docs = Path.home() / "Documents"
    return docs if docs.is_dir() else Path.home()

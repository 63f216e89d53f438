"""Talking to the user from a handler, on any engine: status-bar progress and message boxes.

The remote engine (xlwings Server/Lite) has no status bar; there progress is simply skipped.
"""

from __future__ import annotations

TITLE = "部门预算"
_backup: list = [None]  # the copy saved before this button wrote (said in its closing message)


def set_backup(path) -> None:
    _backup[0] = path


def status(book, text: str | None) -> None:
    """Show `text` in Excel's status bar (None hands it back to Excel)."""
    try:
        book.app.status_bar = text if text else False
    except Exception:  # noqa: BLE001 — engines without a status bar
        pass


def progress(book, step: int, total: int, what: str) -> None:
    """"正在汇总…（3/5）" in the status bar."""
    status(book, f"正在{what}…（{step}/{total}）")


def tell(book, message: str, title: str = TITLE, critical: bool = False) -> None:
    """A message box with the outcome of a button."""
    book.app.alert(with_backup(message), title=title, mode="critical" if critical else "info")


def with_backup(message: str) -> str:
    """The message, plus where the copy saved before writing is."""
    if _backup[0] is None:
        return message
    return message + f"\n（写入前已保存备份：{_backup[0]}；可在「设置」中关闭）"

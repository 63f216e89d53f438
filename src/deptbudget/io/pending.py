"""Sheets that are still being read: a large workbook's big sheets are parsed by calamine in
worker threads (its parsing releases the GIL) while the reader already works on the sheets that
are done. A Grid built from this mapping looks like any other; a sheet is waited for when it is
first asked for."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from concurrent.futures import Future, ThreadPoolExecutor

READ_THREADS = 2  # the big sheets of a budget workbook: 基本支出 and 项目绩效目标


class PendingSheets(MutableMapping):
    """name → SheetGrid; an entry may be a function that finishes the sheet on first access."""

    def __init__(self):
        self._items: dict = {}

    def pending(self, name: str, finish: Callable) -> None:
        self._items[name] = _Pending(finish)

    def __getitem__(self, name: str):
        value = self._items[name]
        if type(value) is _Pending:
            value = self._items[name] = value.finish()
        return value

    def __setitem__(self, name: str, sheet) -> None:
        self._items[name] = sheet

    def __delitem__(self, name: str) -> None:
        del self._items[name]

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def finish_all(self) -> None:
        """Wait for every sheet; raises what the first failed one raises."""
        for name in list(self._items):
            self[name]


class _Pending:
    __slots__ = ("finish",)

    def __init__(self, finish: Callable):
        self.finish = finish


class Readers:
    """A small thread pool, made on first use; `close` lets queued reads finish in the
    background (or cancels them after a failure)."""

    def __init__(self):
        self._pool: ThreadPoolExecutor | None = None

    def submit(self, fn, *args) -> Future:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(READ_THREADS, thread_name_prefix="deptbudget-read")
        return self._pool.submit(fn, *args)

    def close(self, failed: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=failed, cancel_futures=failed)

"""Sheets that are still being read: a large workbook's big sheets are parsed by calamine in
worker threads (its parsing releases the GIL) while the reader already works on the sheets that
are done. A Grid built from this mapping looks like any other; a sheet is waited for when it is
first asked for."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from concurrent.futures import Future, ThreadPoolExecutor

READ_THREADS = 2  # the big sheets of a budget workbook are 基本支出 and 项目绩效目标


class Pending:
    """A sheet being parsed: `job` (a Future, or anything with done() and result()), the main
    thread's own share of the work for it (`prepare`, run once), and `build()` → the sheet."""

    __slots__ = ("job", "_prepare", "build", "prepared")

    def __init__(self, job, prepare: Callable[[], object], build: Callable[[], object]):
        self.job, self._prepare, self.build, self.prepared = job, prepare, build, False

    def prepare(self) -> None:
        if not self.prepared:
            self.prepared = True
            self._prepare()


class PendingSheets(MutableMapping):
    """name → SheetGrid; a Pending entry becomes its sheet on first access."""

    def __init__(self):
        self._items: dict = {}

    def __getitem__(self, name: str):
        value = self._items[name]
        if type(value) is Pending:
            value.prepare()
            self._prepare_others_while(value.job)
            value = self._items[name] = value.build()
        return value

    def _prepare_others_while(self, job) -> None:
        """Rather than wait idle for this sheet's parse, do the main thread's share of the others."""
        for other in list(self._items.values()):
            if job.done():
                return
            if type(other) is Pending:
                other.prepare()

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


class Later:
    """A job the main thread does itself when the sheet is first used (a small sheet)."""

    __slots__ = ("work",)

    def __init__(self, work: Callable[[], object]):
        self.work = work

    def done(self) -> bool:
        return True  # nothing to wait for

    def result(self):
        return self.work()


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

"""Batch input: expand paths to workbooks, read them (optionally in parallel processes), check and
merge them into one Budget. Shared by `deptbudget rollup` / `export-lines` and the add-in's
从文件夹汇总; never raises for a user's file (problems become findings and an exit code)."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# Other spreadsheet files found in a folder are listed too: each is refused by name with the
# reader's reason (.xls, .et: save as .xlsx …) rather than left out without a word.
OTHER_SPREADSHEETS = (".xls", ".xlsb", ".xlt", ".xltx", ".xltm", ".ods", ".fods", ".et", ".ett", ".numbers")


@dataclass
class Collected:
    files: list[Path] = field(default_factory=list)
    results: list = field(default_factory=list)  # ReadResult, in file order
    findings: list = field(default_factory=list)  # blocking findings (错误)
    notices: list = field(default_factory=list)  # 警告 / 提示 of the workbooks read
    skipped: list[str] = field(default_factory=list)
    not_read: list[tuple[str, str]] = field(default_factory=list)  # (file or folder, why), with --skip-bad
    budgets: list = field(default_factory=list)  # the budgets rolled up
    budget: object = None  # the merged Budget
    tree: object = None  # its rollup.tree.Tree, once the tables are built (reused for the totals)
    exit_code: int = EXIT_OK


# -- inputs -------------------------------------------------------------------------

def expand_inputs(inputs) -> tuple[list[Path], list]:
    """Files to read, in a stable order, and findings for paths that do not exist and folders
    that cannot be listed (a unit is never left out without a word)."""
    from ..io.reader import unreadable

    files, missing, seen = [], [], set()
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            found, bad_dirs = _list_folder(p)
            missing += [unreadable(d, f"文件夹无法读取（{why}），其中的工作簿未能列出") for d, why in bad_dirs]
        elif p.exists():
            found = [p]
        else:
            missing.append(unreadable(p, "文件或文件夹不存在"))
            continue
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, missing


def _list_folder(top: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Workbooks under `top` (sub-folders too, linked ones included, each once) and the folders
    that could not be listed, with why."""
    import os

    found, bad, visited = [], [], set()

    def failed(exc: OSError) -> None:
        why = "没有读取权限" if isinstance(exc, PermissionError) else (exc.strerror or type(exc).__name__)
        bad.append((Path(exc.filename or top), why))

    for folder, dirs, names in os.walk(top, onerror=failed, followlinks=True):
        real = os.path.realpath(folder)
        if real in visited:  # a link back up the tree
            dirs[:] = []
            continue
        visited.add(real)
        dirs.sort()
        found += [Path(folder, n) for n in names if _is_workbook(Path(folder, n))]
    return sorted(found), bad


def _is_workbook(f: Path) -> bool:
    name = f.name
    return (f.suffix.lower() in WORKBOOK_SUFFIXES + OTHER_SPREADSHEETS and not name.startswith(("~$", ".~"))
            and f.is_file())


# -- reading ------------------------------------------------------------------------

# Reading a workbook makes tens of thousands of short-lived lists (calamine's rows) that
# reference counting frees; with the default threshold (700) the cycle collector runs every few
# hundred rows and rescans what is held, which cost ~15% of a 1,000-file roll-up.
RELAXED_GC = (20_000, 10, 10)


@contextmanager
def relaxed_gc():
    """The cycle collector held back while a phase makes many short-lived objects (a file's
    rows; the tables' rows, layout cells and styles), what is already held frozen meanwhile.
    With the default thresholds a full collection rescans the held budget again and again: at 500
    units of one department that was a fifth of the roll-up. Nothing made here is cyclic, so
    reference counting frees it as before. (What a caller had frozen itself stays frozen.)"""
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    gc.freeze()
    gc.set_threshold(*RELAXED_GC)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if not frozen:
            gc.unfreeze()


def auto_jobs(n_files: int) -> int:
    """Processes for `--jobs 0` (automatic): one per CPU core, but a process only for every
    ~25 files, since starting one costs about as much as reading that many — where a process
    starts by importing everything again (Windows, macOS: "spawn"), for every ~100."""
    import multiprocessing
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    per = 25 if multiprocessing.get_context().get_start_method() == "fork" else 100
    return max(1, min(cores, 61, n_files // per))  # 61: the Windows limit of ProcessPoolExecutor


def read_one(path: Path, compacted: bool = False):
    """A ReadResult; `compacted`: only what the summary tables read — the budget's head and its
    Totals (see rollup.fold), which is also all a worker process needs to send back."""
    from ..io.reader import read_workbook

    result = read_workbook(path, summary_only=compacted)
    if compacted and result.budget is not None:
        from ..rollup.fold import summarize

        result.budget, result.totals = summarize(result.budget)
    return result


def read_iter(files: list[Path], jobs: int, progress: bool, compacted: bool = False):
    """ReadResults in file order, one at a time (the caller folds them as they come); `jobs` > 1
    reads in that many processes, 0 chooses by the number of files and cores."""
    from functools import partial

    jobs = auto_jobs(len(files)) if jobs == 0 else jobs
    bar = _progress(len(files)) if progress and files else None
    read = partial(read_one, compacted=compacted)
    try:
        with relaxed_gc():
            if jobs > 1 and len(files) > 1:
                for f, result in _read_in_processes(files, jobs, read):
                    _advance(bar, f)
                    yield result
            else:
                for f in files:
                    result = read(f)
                    _advance(bar, f)
                    yield result
    finally:
        if bar is not None:
            bar[0].stop()


def _read_in_processes(files: list[Path], jobs: int, read):
    """(file, ReadResult) in file order, read in `jobs` processes. A worker that dies (killed
    for memory, a crash in a library) breaks the pool: the first file not yet answered is then
    read again alone, in a process of its own — if that dies too, the file gets a finding — and
    a new pool goes on with the rest."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Imported here, before the pool forks, so the workers inherit the reader instead of each
    # importing it again (~0.06 s CPU per worker; a spawn start method imports anyway).
    from ..io.reader import read_workbook  # noqa: F401
    from ..rollup.fold import summarize  # noqa: F401

    done = 0
    while done < len(files):
        rest = files[done:]
        chunk = max(1, min(32, len(rest) // (jobs * 8)))  # fewer round trips, still balanced
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=gc.set_threshold, initargs=RELAXED_GC)
        try:
            for result in pool.map(read, rest, chunksize=chunk):
                yield files[done], result
                done += 1
        except BrokenProcessPool:
            pool.shutdown(wait=True, cancel_futures=True)
            yield files[done], _read_alone(files[done], read)
            done += 1
            continue
        except BaseException:  # Ctrl-C or a caller that stops early: drop the queued files at once
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown()


def _read_alone(path: Path, read):
    """One file in a process of its own: its ReadResult, or a finding if the process dies."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from ..io.reader import ReadResult, unreadable

    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(read, path).result()
        except BrokenProcessPool:
            reason = ("读取这个文件的进程意外终止（可能是文件被恶意构造或内存不足），已跳过；"
                      "请在 Excel 中打开核对后另存再试")
            return ReadResult(str(path), None, [unreadable(path, reason)])


def read_all(files: list[Path], jobs: int, progress: bool) -> list:
    """ReadResults in file order (all held at once: for a few files)."""
    return list(read_iter(files, jobs, progress))


def _progress(total: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    p = Progress(TextColumn("读取工作簿"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                 TextColumn("{task.description}"), console=Console(stderr=True), transient=True)
    task = p.add_task("", total=total)
    p.start()
    return p, task


def _advance(bar, f: Path) -> None:
    if bar is not None:
        bar[0].update(bar[1], advance=1, description=f.name)


# -- the pipeline shared by both commands --------------------------------------------

def collect(inputs, skip_bad: bool, jobs: int, progress: bool, district: str | None = None,
            compacted: bool = False) -> Collected:
    """Read, check and merge the inputs. Sets exit_code; never raises for a user's mistake.

    `compacted`: only the summary tables (表1–表5) will be made, so each budget is reduced as it
    is read and, for a district, summed into its department at once: memory stays bounded by the
    departments, not the files (`c.results` and `c.budgets` then keep only each file's
    department and units)."""
    from ..core.findings import Severity

    c = Collected()
    c.files, missing = expand_inputs(inputs)
    fold = _fold(district) if compacted else None
    for r in read_iter(c.files, jobs, progress, compacted):
        if r.totals is not None and r.ok and not r.errors:  # a file with 错误 is never rolled up
            if fold is not None:
                fold.add(r.budget, r.totals)
            else:
                from ..rollup.fold import expand

                r.budget = expand(r.budget, r.totals)
        r.totals = None
        c.results.append(r)
    bad_unreadable = list(missing) + [f for r in c.results if not r.ok for f in r.findings
                                      if f.severity is Severity.ERROR]
    if not c.files and not missing:
        from ..io.reader import unreadable

        bad_unreadable.append(unreadable(Path(*inputs[:1]) if inputs else Path("."),
                                         "没有找到任何 .xlsx 工作簿（已忽略 ~$ 锁定文件和非表格文件）"))
    for r in c.results:
        c.notices += [f for f in r.findings if f.severity is not Severity.ERROR]
        if r.ok and r.errors:
            c.findings += r.errors
    if skip_bad:
        c.not_read = [(f.ref.file, f.params.get("reason", f.message)) for f in missing] + [
            (Path(r.path).name, _why_not(r)) for r in c.results if not r.ok or r.errors]
        c.skipped = [name for name, _ in c.not_read]
        c.notices += bad_unreadable + c.findings
        bad_unreadable, c.findings = [], []
    if bad_unreadable:
        c.findings = bad_unreadable + c.findings
        c.exit_code = EXIT_UNREADABLE
        return c
    if c.findings:
        c.exit_code = EXIT_FINDINGS
        return c
    c.budgets = [r.budget for r in c.results if r.ok and not r.errors]
    return _merge(c, district, fold)


def _why_not(r) -> str:
    """Why a file was left out, in a few words (its first 错误)."""
    first = r.errors[0] if r.errors else None
    if first is None:
        return "无法读取"
    if not r.ok:
        return first.params.get("reason", first.message)
    return f"{len(r.errors)} 处错误，如 {first.where()}：{first.message}"


def _fold(district: str | None):
    from ..rollup.fold import DistrictFold

    return DistrictFold() if district else None


def _merge(c: Collected, district: str | None, fold=None) -> Collected:
    from ..core.model import Department
    from ..rollup.merge import MergeRefused, merge_budgets, merge_departments

    try:
        if district:
            # Unit files and department workbooks may be mixed: first each department is merged
            # from its own files, then the departments become the rows one level up.
            if fold is not None:
                departments = fold.budgets()
            else:
                by_dept: dict[str, list] = {}
                for b in c.budgets:
                    by_dept.setdefault(b.department.code, []).append(b)
                departments = [merge_budgets(group) for _, group in sorted(by_dept.items())]
            c.budget = merge_departments(departments, Department("", district, 0))
        else:
            c.budget = merge_budgets(c.budgets)
    except MergeRefused as exc:
        c.findings = list(exc.findings)
        c.exit_code = EXIT_FINDINGS if c.budgets else EXIT_UNREADABLE
    return c


def totals(budget, tree=None) -> dict:
    """The four totals the roll-up reports; `tree`: the budget's tree when already built."""
    from ..rollup.tree import build_tree

    tree = tree or build_tree(budget)
    return {"收入总计": tree.income_total(), "支出总计": tree.total(),
            "基本支出": tree.total(basic=True), "项目支出": tree.total(basic=False)}

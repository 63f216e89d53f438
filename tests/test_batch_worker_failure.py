"""A worker process that dies while reading one file (killed for memory, a crash inside a
library) becomes that file's finding under --jobs; the other files are read as usual."""

from __future__ import annotations

import faulthandler
import os
import shutil
from pathlib import Path

from deptbudget.io import batch

BASE = Path(__file__).parent / "corpus" / "bad" / "base.xlsx"
REAL_READ = batch.read_one


def dying_read(path, compacted=False):
    if "炸弹" in Path(path).name:
        faulthandler.disable()  # (pytest's dump of the dying worker is noise here)
        os.abort()  # what a native crash or the kernel's OOM killer looks like from outside
    return REAL_READ(path, compacted=compacted)


def test_a_dying_worker_is_that_files_finding(tmp_path, monkeypatch):
    names = ["甲.xlsx", "炸弹.xlsx", "乙.xlsx", "丙.xlsx", "炸弹2.xlsx", "丁.xlsx"]
    files = []
    for n in names:
        shutil.copy(BASE, tmp_path / n)
        files.append(tmp_path / n)
    monkeypatch.setattr(batch, "read_one", dying_read)
    results = list(batch.read_iter(files, jobs=2, progress=False, compacted=True))
    assert [Path(r.path).name for r in results] == names
    for name, r in zip(names, results, strict=True):
        if "炸弹" in name:
            assert not r.ok and r.findings[0].code == "READ-01" and "意外终止" in r.findings[0].message
        else:
            assert r.ok, [f.message for f in r.findings][:3]


def test_rollup_skip_bad_jobs_2_reports_the_dead_file_and_rolls_up_the_rest(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from deptbudget.cli import main

    folder = tmp_path / "单位"
    folder.mkdir()
    shutil.copy(BASE, folder / "139001.xlsx")
    shutil.copy(BASE, folder / "炸弹.xlsx")
    monkeypatch.setattr(batch, "read_one", dying_read)
    out = tmp_path / "汇总.xlsx"
    r = CliRunner().invoke(main, ["rollup", str(folder), "--skip-bad", "--jobs", "2", "-o", str(out)])
    assert "Traceback" not in r.output and "BrokenProcessPool" not in r.output, r.output
    assert r.exit_code == 0 and "炸弹.xlsx" in r.output and "意外终止" in r.output and out.exists(), r.output
    r = CliRunner().invoke(main, ["rollup", str(folder), "--jobs", "2", "-o", str(tmp_path / "汇总2.xlsx")])
    assert r.exit_code == 2 and "炸弹.xlsx" in r.output and "意外终止" in r.output, r.output
    assert not isinstance(r.exception, Exception) or isinstance(r.exception, SystemExit), r.exception


def test_rollup_skip_bad_jobs_2_over_every_hostile_case(tmp_path):
    """The hostile cases of issue 15 and one good unit file, rolled up in two processes: each bad
    file is skipped by name, the good one is rolled up, no traceback."""
    from click.testing import CliRunner

    from deptbudget.cli import main

    folder = tmp_path / "单位"
    folder.mkdir()
    hostile = ["far_cell_single_quotes", "far_cell_spaces", "far_cell_r_twice", "far_cells_without_r",
               "area_26_million", "shared_string_bomb", "duplicated_zip_entry", "duplicated_sheet_name",
               "sheet_utf16", "sheet_zero_bytes"]
    for name in hostile:
        shutil.copy(BASE.parent / f"{name}.xlsx", folder / f"{name}.xlsx")
    shutil.copy(BASE, folder / "139001.xlsx")
    out = tmp_path / "汇总.xlsx"
    r = CliRunner().invoke(main, ["rollup", str(folder), "--skip-bad", "--jobs", "2", "-o", str(out)])
    assert "Traceback" not in r.output and r.exit_code == 0, r.output
    for name in hostile:
        assert f"{name}.xlsx" in r.output, name

"""Smoke test of the benchmark data generator: a few synthetic unit workbooks read back cleanly
with the reader, balance, and read the same as the template writer's rendition of them."""

import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
synth = pytest.importorskip("synth")

from deptbudget.io.reader import read_workbook  # noqa: E402


def _strip(records):
    return [r.__class__(**{**r.__dict__, "ref": None}) for r in records]


def test_three_units_read_back_and_balance(tmp_path):
    paths = synth.make_units(3, tmp_path, seed=7, jobs=1)
    assert len(paths) == 3 and all(Path(p).parent.name == Path(p).stem[:3] for p in paths)
    for p in paths:
        res = read_workbook(p)
        assert res.ok and res.findings == []
        b = res.budget
        assert len(b.units) == 1 and b.units[0].code == Path(p).stem
        assert len(b.basic_lines) == 300
        assert 5 <= len(b.projects) <= 20
        assert sum((i.amount for i in b.incomes), Decimal(0)) == sum((l.amount for l in b.lines), Decimal(0))


def test_deterministic_for_a_seed(tmp_path):
    a = synth.unit_data("s", synth.departments(1)[0], 4)
    b = synth.unit_data("s", synth.departments(1)[0], 4)
    c = synth.unit_data("t", synth.departments(1)[0], 4)
    assert a == b and a != c


def test_reads_like_the_template_writer(tmp_path):
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook

    path = synth.make_units(1, tmp_path / "s", seed=3, jobs=1)[0]
    ours = read_workbook(path).budget
    save_workbook(build_workbook("单位", ours), tmp_path / "t.xlsx")
    theirs = read_workbook(tmp_path / "t.xlsx").budget
    for field in ("units", "incomes", "lines", "indicators", "prior"):
        assert _strip(getattr(ours, field)) == _strip(getattr(theirs, field)), field

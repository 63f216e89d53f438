"""The bounded-memory roll-up (compact + DistrictFold) gives the same tables as merging whole
budgets, in any order, and refuses what the merge refuses."""

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_rollup_district import _recode

from deptbudget.core.model import Department
from deptbudget.pipeline import unit_budgets
from deptbudget.rollup.fold import DistrictFold, compact, summarize
from deptbudget.rollup.merge import MergeRefused, merge_budgets, merge_departments
from deptbudget.rollup.tables import build_tables
from deptbudget.rollup.tree import build_tree

DISTRICT = Department("", "达川区", 0)


@pytest.fixture(scope="module")
def inputs(request):
    example = request.getfixturevalue("example")
    units = unit_budgets(example)
    return units + [_recode(ub, "140", "测试局") for ub in units[:3]]


def _by_merge(budgets):
    groups: dict = {}
    for b in budgets:
        groups.setdefault(b.department.code, []).append(b)
    return merge_departments([merge_budgets(g) for _, g in sorted(groups.items())], DISTRICT)


def _by_fold(budgets):
    fold = DistrictFold()
    for b in budgets:
        fold.add(*summarize(b))
    return merge_departments(fold.budgets(), DISTRICT)


def _cells(budget):
    return {k: [row.values for row in t.rows] for k, t in build_tables(build_tree(budget)).items()}


@settings(max_examples=15, deadline=None)
@given(st.randoms(use_true_random=False))
def test_fold_gives_the_tables_of_the_merge_in_any_order(inputs, rnd):
    shuffled = list(inputs)
    rnd.shuffle(shuffled)
    assert _cells(_by_fold(shuffled)) == _cells(_by_merge(inputs))


def test_compact_keeps_every_total(inputs):
    for b in inputs:
        small, tree, small_tree = compact(b), build_tree(b), build_tree(compact(b))
        assert len(small.lines) <= len(b.lines) and small.indicators == ()
        assert small_tree.cells == tree.cells and small_tree.project_cells == tree.project_cells
        assert small_tree.income == tree.income


def test_fold_refuses_a_unit_given_twice(inputs):
    fold = DistrictFold()
    for b in inputs + [inputs[0]]:
        fold.add(*summarize(b))
    with pytest.raises(MergeRefused) as exc:
        fold.budgets()
    assert [f.code for f in exc.value.findings] == ["MRG-05"]


def test_fold_refuses_another_year(inputs):
    fold = DistrictFold()
    odd = replace(inputs[1], department=replace(inputs[1].department, year=inputs[1].department.year + 1))
    for b in [inputs[0], odd]:
        fold.add(*summarize(b))
    with pytest.raises(MergeRefused) as exc:
        fold.budgets()
    assert "MRG-04" in [f.code for f in exc.value.findings]

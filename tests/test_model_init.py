"""ExpenseLine and Indicator write their __init__ out (speed); it must take exactly the dataclass
fields, in order, with the same defaults, and the records must stay frozen, equal and hashable."""

import dataclasses
import inspect
import pickle
from decimal import Decimal

import pytest

from deptbudget.core.model import CellRef, ExpenseLine, Indicator, Source, SpendKind


@pytest.mark.parametrize("cls", [ExpenseLine, Indicator])
def test_init_takes_the_fields_in_order_with_their_defaults(cls):
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    assert [p.default for p in params] == [inspect.Parameter.empty if f.default is dataclasses.MISSING
                                          else f.default for f in fields]


def test_records_stay_frozen_equal_and_hashable():
    ref = CellRef("a.xlsx", "基本支出", "H5")
    line = ExpenseLine("139001", "2080101", "30101", SpendKind.PERSONNEL, Source.GENERAL, Decimal("1.5"), "", ref)
    same = pickle.loads(pickle.dumps(line))
    assert same == line and hash(same) == hash(line) and same.ref == ref
    assert dataclasses.replace(line, amount=Decimal(2)).amount == Decimal(2) and line.amount == Decimal("1.5")
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.amount = Decimal(0)
    ind = Indicator("139001", "就业补助", "产出指标", "数量指标", "培训人数", "≥", "100", "人", Decimal(10))
    assert ind.direction == "" and ind.ref == CellRef("", "", "") and ind == dataclasses.replace(ind)

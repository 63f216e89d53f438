import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
# xlwings registers its remote engine only if this is set before xlwings is first imported
# (xlwings PRO code used under its noncommercial license, in tests only).
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")


@pytest.fixture(scope="session")
def example():
    from deptbudget.example import load_example

    return load_example()

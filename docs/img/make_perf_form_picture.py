"""Picture for docs/table-sets.md: the 上海 项目绩效目标申报表 of 示范区疾病预防控制中心's 慢性病防治
project (the budget of tests/test_performance_shanghai.py, whose every cell the test checks),
rendered the way `deptbudget export --table-set 上海单位预算` renders it (the disclosure workbook →
LibreOffice → PDF), then pdftoppm.

    python docs/img/make_perf_form_picture.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
STEM = "perf-form-shanghai-p1"


def main() -> None:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
    from test_performance_shanghai import B, budget

    from deptbudget.io.export import write_disclosure_xlsx
    from deptbudget.io.libreoffice import to_pdf
    from deptbudget.pipeline import all_tables, unit_budgets
    from deptbudget.tablesets import get

    unit = next(b for b in unit_budgets(budget()) if b.units[0].code == B)
    form = all_tables(unit, get("上海单位预算"))["sh10"]
    with tempfile.TemporaryDirectory() as tmp:
        pdf = to_pdf(write_disclosure_xlsx({"sh10": form}, Path(tmp) / "form.xlsx"), Path(tmp) / "form.pdf")
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", "1", "-l", "1", str(pdf),
                        str(OUT / STEM)], check=True)
    print(OUT / f"{STEM}.png")


if __name__ == "__main__":
    main()

"""Pictures for docs/table-sets.md: page 1 of each set's PDF, and page 3 of the 上海部门预算
(类/款/项 subtotal rows), rendered the way `deptbudget export` renders them (the disclosure
workbook → LibreOffice → PDF), then pdftoppm. The 上海 budget is the one of
tests/test_tableset_shanghai.py (示范区文化旅游局, two units), whose every cell the test checks;
the 四川 sets show the built-in example (达川区人社局 2024: the department, and its unit 139002).

    python docs/img/make_tableset_pictures.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
PAGES = (("上海部门预算", "dept", 1, "tableset-shanghai-dept-p1"),
         ("上海部门预算", "dept", 3, "tableset-shanghai-dept-p3"),
         ("上海单位预算", "unit", 1, "tableset-shanghai-unit-p1"),
         ("四川部门预算", "seed", 1, "tableset-sichuan-dept-p1"),
         ("四川单位预算", "seed_unit", 1, "tableset-sichuan-unit-p1"))


def main() -> None:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
    from test_tableset_shanghai import budget, unit_b

    from deptbudget.example import load_example
    from deptbudget.io.export import write_disclosure_xlsx
    from deptbudget.io.libreoffice import to_pdf
    from deptbudget.pipeline import all_tables, unit_budgets
    from deptbudget.tablesets import get

    seed = load_example()
    budgets = {"dept": budget(), "unit": unit_b(), "seed": seed,
               "seed_unit": next(u for u in unit_budgets(seed) if u.units[0].code == "139002")}
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = {}
        for name, which, page, stem in PAGES:
            if which not in pdfs:
                xlsx = write_disclosure_xlsx(all_tables(budgets[which], get(name)), Path(tmp) / f"{which}.xlsx")
                pdfs[which] = to_pdf(xlsx, Path(tmp) / f"{which}.pdf")
            subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                            str(pdfs[which]), str(OUT / stem)], check=True)
            print(OUT / f"{stem}.png")


if __name__ == "__main__":
    main()

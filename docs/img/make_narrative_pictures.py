"""Picture for docs/table-sets.md: page 2 of the 情况说明 of the example's 本级 unit in the
上海单位预算 set (amounts in 元), written as `deptbudget export` writes the docx, then LibreOffice →
PDF → pdftoppm.

    python docs/img/make_narrative_pictures.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "narrative-shanghai-unit-p2"


def main() -> None:
    sys.path[:0] = [str(ROOT / "src")]
    from deptbudget.example import load_example
    from deptbudget.fill.narrative import draft
    from deptbudget.io.docx_out import write_docx
    from deptbudget.io.libreoffice import to_pdf
    from deptbudget.pipeline import unit_budgets
    from deptbudget.rollup.tree import build_tree
    from deptbudget.tablesets import SHANGHAI_UNIT

    unit = unit_budgets(load_example())[0]
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / "情况说明.docx"
        write_docx(draft(build_tree(unit), SHANGHAI_UNIT), docx, [])
        pdf = to_pdf(docx, Path(tmp) / "情况说明.pdf")
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", "2", "-l", "2", str(pdf), str(OUT)],
                       check=True)
    print(f"{OUT}.png")


if __name__ == "__main__":
    main()

"""The pure stages must not import Excel or CLI libraries (DESIGN.md)."""

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "deptbudget"
PURE = ["core", "rollup", "fill", "rules", "template"]
FORBIDDEN = {"openpyxl", "xlwings", "click", "pandas", "docx", "python_calamine"}


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def test_pure_stages_import_no_excel_or_cli_library():
    offenders = [
        f"{path.relative_to(SRC)} imports {mod}"
        for pkg in PURE for path in (SRC / pkg).rglob("*.py")
        for mod in imported_modules(path) if mod in FORBIDDEN
    ]
    assert offenders == []


def test_help_lists_every_command_without_heavy_imports():
    code = ("import sys; from click.testing import CliRunner; from deptbudget.cli import main, COMMANDS;"
            "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0, r.output;"
            "assert all(name in r.output for name in COMMANDS), r.output;"
            "heavy = [m for m in ('pandas', 'openpyxl', 'xlwings', 'python_calamine') if m in sys.modules];"
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True)

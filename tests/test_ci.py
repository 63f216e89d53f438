"""The README's test command, as .ci/run runs it, ends with pytest's summary line; ruff is set up."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_command() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text.split("<!-- test-command -->", 1)[1]
    return next(line for line in after.splitlines() if line.startswith("python3 "))


def _split(cmd: str) -> tuple[str, str]:
    """What .ci/run does: everything before the last ' && ' sets up, the last part tests."""
    out = subprocess.run(["bash", "-c", 'c="$1"; printf "%s\\n%s" "${c% && *}" "${c##* && }"', "_", cmd],
                         capture_output=True, text=True, check=True).stdout
    setup, tests = out.split("\n")
    return setup, tests


def test_ci_splits_the_readme_command_into_setup_and_tests():
    setup, tests = _split(_readme_command())
    assert "pip install" in setup and ".[test]" in setup
    assert tests.startswith(".venv/bin/python -m pytest")
    assert "ruff check src tests" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_test_flags_print_the_summary_line(tmp_path):
    """pytest with the README's flags and the project's ini options prints "N passed in …"."""
    _, tests = _split(_readme_command())
    flags = tests.split("pytest", 1)[1].split()
    (tmp_path / "test_one.py").write_text("def test_a():\n    assert 1 + 1 == 2\n\n\ndef test_b():\n    pass\n")
    ini = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = " + ini.get("addopts", "") + "\n")
    r = subprocess.run([sys.executable, "-m", "pytest", *flags, str(tmp_path / "test_one.py")], cwd=tmp_path,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert re.fullmatch(r"2 passed in [\d.]+s", r.stdout.strip().splitlines()[-1]), r.stdout


def test_ruff_is_configured_and_installed_by_the_test_extras():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(d.startswith("ruff") for d in project["project"]["optional-dependencies"]["test"])
    lint = project["tool"]["ruff"]["lint"]
    assert {"F", "E", "B", "I"} <= set(lint["select"])
    assert project["tool"]["ruff"]["line-length"] == 120

"""The 情况说明 rules' modules are imported only for a budget with a 情况说明 (start-up of validate):
leaving them out must change no finding, so every rule they register needs the narrative text."""

from __future__ import annotations

import json
import subprocess
import sys

from deptbudget.rules.registry import MODULES, NARRATIVE_MODULES, all_rules

NARRATIVE_PREFIX = "deptbudget.rules.narrative"

SCRIPT = """
import json, sys
from dataclasses import replace
from deptbudget.example import load_example
from deptbudget.rules import validate
budget = load_example()
if sys.argv[1] == "none":
    budget = replace(budget, narrative="")
else:  # the drafted 情况说明 (with its 〔请…〕 placeholders)
    from deptbudget.fill.narrative import draft
    from deptbudget.rollup.tree import build_tree
    budget = replace(budget, narrative=draft(build_tree(budget)).text())
found = validate(budget)
print(json.dumps({"loaded": sorted(m for m in sys.modules if m.startswith("deptbudget.rules.narrative")),
                  "findings": [[f.code, f.where(), f.message] for f in found]}, ensure_ascii=False))
"""


def run(narrative: str) -> dict:
    out = subprocess.run([sys.executable, "-c", SCRIPT, narrative], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_every_rule_of_the_narrative_modules_needs_the_narrative():
    rules = all_rules()
    modules = {r.check.__module__ for r in rules if r.check is not None}
    assert modules <= {f"deptbudget.rules.{m}" for m in MODULES + NARRATIVE_MODULES}
    narrative = [r for r in rules if r.check is not None and r.check.__module__.startswith(NARRATIVE_PREFIX)]
    assert len(narrative) >= 10
    assert all("narrative" in r.needs for r in narrative), [r.code for r in narrative if "narrative" not in r.needs]


def test_no_narrative_no_narrative_modules_and_the_same_findings():
    from dataclasses import replace

    from deptbudget.example import load_example
    from deptbudget.rules import validate

    without = run("none")
    assert without["loaded"] == [] or all(m == "deptbudget.rules.narrative_parse" for m in without["loaded"])
    all_rules()  # here the whole catalog is loaded: the same findings
    budget = replace(load_example(), narrative="")
    assert without["findings"] == [[f.code, f.where(), f.message] for f in validate(budget)]
    assert not any(code.startswith("NAR-") for code, _, _ in without["findings"])


def test_a_narrative_loads_its_rules():
    with_text = run("draft")
    assert "deptbudget.rules.narrative" in with_text["loaded"]
    assert any(code.startswith("NAR-") for code, _, _ in with_text["findings"])  # the draft's placeholders

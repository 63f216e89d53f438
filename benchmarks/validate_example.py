"""Benchmark: validating the example department workbook (达川区人社局 2024: 5 units, 144 lines,
22 projects, 191 + 94 indicators, the 14 tables and the 情况说明).

    python benchmarks/validate_example.py [--runs 5]

Builds the workbook once (as `deptbudget demo` does), then times `rules.validate_file` — reading the
file and running the whole catalog — after start-up (imports and code lists loaded by a warm-up run).
Prints one JSON line; the figure to watch is "seconds_median" (target < 1 s).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path


def build_example_workbook(path: Path) -> Path:
    from deptbudget.example import load_example
    from deptbudget.fill.narrative import draft
    from deptbudget.io.narrative_sheet import write_narrative_sheet
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
    from deptbudget.pipeline import all_tables
    from deptbudget.rollup.tree import build_tree

    budget = load_example()
    wb = build_workbook("部门", budget, all_tables(budget))
    write_narrative_sheet(wb, draft(build_tree(budget)))
    save_workbook(wb, path)
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    from deptbudget.rules import validate_file

    with tempfile.TemporaryDirectory() as d:
        path = build_example_workbook(Path(d) / "示例部门工作簿.xlsx")
        t1 = time.perf_counter()
        validate_file(path)  # warm-up: imports, code lists, catalog
        startup = time.perf_counter() - t1
        times, n = [], 0
        for _ in range(args.runs):
            t = time.perf_counter()
            _, findings = validate_file(path)
            times.append(time.perf_counter() - t)
            n = len(findings)
    out = {"benchmark": "validate_example", "runs": args.runs, "findings": n,
           "seconds_median": round(statistics.median(times), 3), "seconds_max": round(max(times), 3),
           "first_run_seconds": round(startup, 3), "total_seconds": round(time.perf_counter() - t0, 3),
           "ok": statistics.median(times) < 1.0}
    print(json.dumps(out, ensure_ascii=False))
    return 0 if out["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

"""Run deptbudget commands in-process, one after another, and write one JSON line per job.

    python tests/corpus/run_jobs.py JOBS.json RESULTS.jsonl

A job is {"id", "args", "inputs", "out", "timeout"}. For each job the runner records the exit
code, the output (stdout and stderr), whether an exception other than SystemExit escaped (a
traceback), the inputs' sha256 before and after, and the files left in the job's output folder.
Address space is capped (4 GB) so a memory bomb fails here instead of taking the machine down.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import sys
import time
import traceback
from pathlib import Path

MEMORY_LIMIT = 4 << 30


def sha256(path: str) -> str:
    p = Path(path)
    if p.is_dir():
        return "dir"
    return hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else "missing"


def files_under(folder: str) -> list[str]:
    p = Path(folder)
    return sorted(str(f.relative_to(p)) for f in p.rglob("*") if f.is_file()) if p.exists() else []


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def run(job: dict) -> dict:
    from click.testing import CliRunner

    from deptbudget.cli import main

    before = {p: sha256(p) for p in job["inputs"]}
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(job.get("timeout", 120))
    t = time.perf_counter()
    try:
        result = CliRunner().invoke(main, job["args"], catch_exceptions=True)
        exc = result.exception
        crashed = exc is not None and not isinstance(exc, SystemExit)
        tb = "".join(traceback.format_exception(*result.exc_info)) if crashed else ""
        out = dict(exit=result.exit_code, output=result.output, crashed=crashed,
                   timeout=isinstance(exc, Timeout), traceback=tb)
    except Timeout:
        out = dict(exit=None, output="", crashed=True, timeout=True, traceback="timeout")
    finally:
        signal.alarm(0)
    out.update(id=job["id"], seconds=round(time.perf_counter() - t, 2),
               changed=[p for p in job["inputs"] if sha256(p) != before[p]],
               leftover=files_under(job["out"]) if job.get("out") else [])
    return out


def main(jobs_path: str, results_path: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    jobs = json.loads(Path(jobs_path).read_text(encoding="utf-8"))
    with open(results_path, "a", encoding="utf-8") as fh:
        for job in jobs:
            fh.write(json.dumps({"id": job["id"], "started": True}) + "\n")
            fh.flush()
            os.chdir(job.get("cwd", os.getcwd()))
            fh.write(json.dumps(run(job), ensure_ascii=False) + "\n")
            fh.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

"""Run one command as a child process and measure it: wall time, CPU time (user + system, all its
threads and waited-for processes), and peak memory two ways —
the largest single process (getrusage children maxrss) and the whole process tree (sum of RSS of
the command and its workers, sampled from /proc every 0.2 s; Linux only, else 0).

    python benchmarks/measure.py CMD ARGS...   → prints one JSON line on stdout
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _tree_rss(root: int) -> int:
    """Bytes of RSS of root and all its descendants (0 where /proc is missing)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(pid)  # fields[1] is ppid
        rss[pid] = int(fields[21]) * PAGE  # fields[21] is rss in pages
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def measure_in_child(cmd: list[str]) -> dict:
    """measure() from a fresh process, so maxrss covers this command only."""
    out = subprocess.run([sys.executable, __file__, *cmd], capture_output=True, text=True)
    if out.returncode != 0:
        return {"seconds": 0, "rc": out.returncode, "stderr": out.stderr, "stdout": ""}
    return json.loads(out.stdout)


def measure(cmd: list[str]) -> dict:
    peak = [0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = threading.Event()

    def poll():
        while not done.wait(0.2):
            peak[0] = max(peak[0], _tree_rss(proc.pid))

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    thread.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    maxrss_kb = after.ru_maxrss
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"seconds": wall, "cpu_seconds": cpu, "rc": proc.returncode, "max_process_mb": maxrss_kb / 1024,
            "tree_peak_mb": max(peak[0] / 1048576, maxrss_kb / 1024), "stdout": out.decode("utf-8", "replace")[-2000:],
            "stderr": err.decode("utf-8", "replace")[-2000:]}


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1:]), ensure_ascii=False))

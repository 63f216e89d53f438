"""The speed-at-scale benchmark (issue 6), in one command:

    python benchmarks/run.py              # 1,000 and 10,000 unit files (makes them first, cached)
    python benchmarks/run.py --quick      # 100 unit files, a 5,000-line department: a fast try
    python benchmarks/run.py --scales 1000 --no-write

Measures on the same files, each as a whole process: `deptbudget rollup` (as typed, and with
--jobs 1 and 2); the
floor (python-calamine reading every cell, nothing else); two baselines a user would otherwise
write (openpyxl cell by cell with Python sums; pandas.read_excel(engine="openpyxl") + groupby;
on a subset, scaled linearly); `deptbudget validate` of a department workbook vs its read floor;
`deptbudget --help` start-up and its imports. Prints a table of medians and ratios and writes
BENCHMARKS.md (machine, date, figures, targets met/missed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from measure import measure_in_child as measure  # noqa: E402


# -- data -----------------------------------------------------------------------

def unit_files(data: Path, n: int, seed: str) -> tuple[list[str], list[str]]:
    """(department folders, files) of n synthetic units, made once and cached under data/."""
    out = data / f"u{n}-s{seed}"
    marker = out / "DONE"
    if not marker.exists():
        shutil.rmtree(out, ignore_errors=True)
        t = time.perf_counter()
        synth.make_units(n, out, seed)
        marker.write_text(f"{n} units, seed {seed}, {time.perf_counter() - t:.0f} s\n")
        print(f"  生成 {n} 个单位工作簿：{time.perf_counter() - t:.0f} 秒", flush=True)
    files = sorted(str(p) for p in out.glob("*/*.xlsx"))
    folders = sorted(str(p) for p in out.iterdir() if p.is_dir())
    assert len(files) == n, f"{out}: {len(files)} files, expected {n}"
    return folders, files


def one_department(data: Path, n: int, seed: str) -> tuple[str, list[str]]:
    """(folder, files) of n unit workbooks of ONE department (an 教育局 with n schools), cached."""
    out = data / f"one{n}-s{seed}"
    marker = out / "DONE"
    if not marker.exists():
        shutil.rmtree(out, ignore_errors=True)
        t = time.perf_counter()
        synth.make_one_department(n, out, seed)
        marker.write_text(f"{n} units of one department, seed {seed}, {time.perf_counter() - t:.0f} s\n")
        print(f"  生成一个部门的 {n} 个单位工作簿：{time.perf_counter() - t:.0f} 秒", flush=True)
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    files = sorted(str(p) for p in folder.glob("*.xlsx"))
    assert len(files) == n, f"{folder}: {len(files)} files, expected {n}"
    return str(folder), files


def dept_file(data: Path, lines: int, seed: str) -> str:
    out = data / f"dept{lines}-s{seed}"
    found = sorted(out.glob("*.xlsx"))
    return str(found[0]) if found else synth.make_department(lines, out, seed)


# -- runs -----------------------------------------------------------------------

class Runs:
    """Named measurements (repeated runs; medians reported)."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.results: dict[str, dict] = {}

    def run(self, name: str, cmd: list[str], repeat: int = 1, quiet: bool = False) -> dict | None:
        if name in self.results and not self.results[name].get("failed"):  # --reuse: measured before
            print(f"  {name}: 沿用上次结果 {self.results[name]['seconds']:.2f} s", flush=True)
            return self.results[name]
        samples = []
        for i in range(repeat):
            m = measure(cmd)
            if m["rc"] != 0:
                print(f"  {name}: 失败（退出码 {m['rc']}）{m['stderr'][-400:]}", flush=True)
                self.results[name] = {"failed": True, "rc": m["rc"], "error": m["stderr"][-600:]}
                return None
            samples.append(m)
            if not quiet:
                print(f"  {name} #{i + 1}: {m['seconds']:.2f} s, 峰值 {m['tree_peak_mb']:.0f} MB", flush=True)
        res = {"seconds": statistics.median(s["seconds"] for s in samples),
               "runs": [round(s["seconds"], 3) for s in samples],
               "cpu_seconds": statistics.median(s.get("cpu_seconds", 0) for s in samples),
               "max_process_mb": max(s["max_process_mb"] for s in samples),
               "tree_peak_mb": max(s["tree_peak_mb"] for s in samples),
               "stdout": samples[-1]["stdout"].strip().splitlines()[-1:] if samples[-1]["stdout"].strip() else []}
        self.results[name] = res
        return res

    def alternate(self, commands: dict[str, list[str]], repeat: int) -> None:
        """Run the commands in turn, `repeat` rounds (a command and its floor see the same load
        on a shared machine); medians per name as run() records them."""
        todo = {n: c for n, c in commands.items() if n not in self.results or self.results[n].get("failed")}
        samples: dict[str, list[dict]] = {n: [] for n in todo}
        for i in range(repeat):
            for name, cmd in todo.items():
                m = measure(cmd)
                if m["rc"] != 0:
                    print(f"  {name}: 失败（退出码 {m['rc']}）{m['stderr'][-400:]}", flush=True)
                    self.results[name] = {"failed": True, "rc": m["rc"], "error": m["stderr"][-600:]}
                    return
                samples[name].append(m)
                print(f"  {name} #{i + 1}: {m['seconds']:.2f} s, 峰值 {m['tree_peak_mb']:.0f} MB", flush=True)
        for name, ms in samples.items():
            self.results[name] = {"seconds": statistics.median(m["seconds"] for m in ms),
                                  "runs": [round(m["seconds"], 3) for m in ms],
                                  "cpu_seconds": statistics.median(m.get("cpu_seconds", 0) for m in ms),
                                  "max_process_mb": max(m["max_process_mb"] for m in ms),
                                  "tree_peak_mb": max(m["tree_peak_mb"] for m in ms)}

    def listfile(self, files: list[str]) -> str:
        path = self.tmp / f"list{len(files)}-{len(os.listdir(self.tmp))}.txt"
        path.write_text("\n".join(files), encoding="utf-8")
        return str(path)

    def seconds(self, name: str) -> float | None:
        r = self.results.get(name)
        return None if not r or r.get("failed") else r["seconds"]


def deptbudget_cmd() -> list[str]:
    exe = shutil.which("deptbudget")
    return [exe] if exe else [PY, "-m", "deptbudget.cli"]


def bench_scale(runs: Runs, n: int, folders, files, repeat: int, jobs: list[int], subset: int) -> None:
    print(f"\n== {n} 个单位文件 ==", flush=True)
    lst = runs.listfile(files)
    runs.run(f"floor_{n}", [PY, str(HERE / "readers.py"), "calamine", lst], repeat)
    mode = rollup_mode(runs, folders)
    for j in jobs:  # 0: the command as a user types it, without --jobs (automatic)
        name = f"rollup_{n}_auto" if j == 0 else f"rollup_{n}_j{j}"
        flag = [] if j == 0 else ["--jobs", str(j)]
        if mode is not None:
            out = runs.tmp / f"summary_{n}_{j}.xlsx"
            runs.run(name, deptbudget_cmd() + ["rollup", *folders, *mode, "-o", str(out), "--overwrite", *flag],
                     repeat)
        else:
            rollup_per_department(runs, name, folders, j, repeat)
    if subset:
        sub = runs.listfile(_spread(files, min(subset, n)))
        for base in ("openpyxl", "pandas"):
            r = runs.run(f"{base}_{n}_sub", [PY, str(HERE / "readers.py"), base, sub], 1)
            if r:
                scale = n / min(subset, n)
                runs.results[f"{base}_{n}"] = {**r, "seconds": r["seconds"] * scale,
                                               "cpu_seconds": r.get("cpu_seconds", 0) * scale,
                                               "scaled_from": min(subset, n)}


def bench_one_department(runs: Runs, n: int, folder: str, files: list[str], repeat: int) -> None:
    """Issue 17: one department with n units. The roll-up as typed (whole process) against its
    floor: calamine reading the same files, then XlsxWriter (constant_memory, one format) writing
    the cells of the roll-up's own output — same sheets, same values — in one process."""
    print(f"\n== 一个部门 {n} 个单位 ==", flush=True)
    out = runs.tmp / f"dept_{n}.xlsx"
    first = subprocess.run(deptbudget_cmd() + ["rollup", folder, "-o", str(out), "--overwrite"], capture_output=True)
    if first.returncode != 0:
        runs.results[f"dept{n}_rollup"] = {"failed": True, "rc": first.returncode,
                                           "error": first.stderr.decode("utf-8", "replace")[-600:]}
        print(f"  汇总失败：{first.stderr.decode('utf-8', 'replace')[-400:]}", flush=True)
        return
    cells = runs.tmp / f"dept_{n}_cells.pickle"
    import readers

    readers.cells_of(str(out), str(cells))
    runs.alternate({f"dept{n}_floor": [PY, str(HERE / "readers.py"), "write", runs.listfile(files), str(cells)],
                    f"dept{n}_rollup": deptbudget_cmd() + ["rollup", folder, "-o", str(out), "--overwrite"]},
                   repeat)


DISTRICT = ["--district", "基准测试区"]


def rollup_mode(runs: Runs, folders: list[str]) -> list[str] | None:
    """How one `deptbudget rollup` takes unit files of several departments: as is, or with
    --district; None when it cannot (then each department is rolled up by its own process)."""
    if len(folders) < 2:
        return []
    probe = [str(p) for f in folders[:2] for p in sorted(Path(f).glob("*.xlsx"))[:2]]
    for mode in ([], DISTRICT):
        out = runs.tmp / "probe.xlsx"
        if subprocess.run(deptbudget_cmd() + ["rollup", *probe, *mode, "-o", str(out), "--overwrite"],
                          capture_output=True).returncode == 0:
            return mode
    print("  注意：rollup 命令不接受多个部门的单位文件，改为每个部门一个进程依次汇总，记录总时间", flush=True)
    return None


def rollup_per_department(runs: Runs, name: str, folders: list[str], jobs: int, repeat: int,
                          command: str = "rollup", output: str = "summary.xlsx") -> None:
    if name in runs.results and not runs.results[name].get("failed"):
        print(f"  {name}: 沿用上次结果 {runs.results[name]['seconds']:.2f} s", flush=True)
        return
    total: dict = {"seconds": 0.0, "tree_peak_mb": 0.0, "runs": [], "per_department": len(folders)}
    for k, folder in enumerate(folders):
        out = runs.tmp / f"{k}_{output}"
        r = runs.run(f"{name}_dept{k}", deptbudget_cmd() + [command, folder, "-o", str(out), "--overwrite",
                                                            "--jobs", str(jobs)], repeat, quiet=True)
        if r is None:
            runs.results[name] = runs.results.pop(f"{name}_dept{k}")
            return
        runs.results.pop(f"{name}_dept{k}")
        total["seconds"] += r["seconds"]
        total["tree_peak_mb"] = max(total["tree_peak_mb"], r["tree_peak_mb"])
    total["runs"] = [round(total["seconds"], 3)]
    print(f"  {name}: {total['seconds']:.2f} s（{len(folders)} 个部门分别汇总之和）", flush=True)
    runs.results[name] = total


def _spread(files: list[str], k: int) -> list[str]:
    """k files spread evenly over the list (all departments represented)."""
    step = len(files) / k
    return [files[int(i * step)] for i in range(k)]


def bench_validate(runs: Runs, path: str, repeat: int, suffix: str = "") -> None:
    repeat = max(repeat, 5)  # about 2 s a run: five runs give a steadier median for a ratio near its limit
    print(f"\n== 校验部门工作簿 {Path(path).name}{suffix and '（' + suffix + '）'} ==", flush=True)
    floor, name = "floor_dept" + suffix, "validate_dept" + suffix
    runs.run(floor, [PY, str(HERE / "readers.py"), "calamine", runs.listfile([path])], repeat)
    runs.run(name, deptbudget_cmd() + ["validate", path], repeat)
    if runs.results[name].get("failed") and runs.results[name]["rc"] == 1:
        # exit code 1 = findings that block: the run itself is fine, time it again without the rc check
        m = measure(deptbudget_cmd() + ["validate", path])
        runs.results[name] = {"seconds": m["seconds"], "runs": [m["seconds"]], "cpu_seconds": m.get("cpu_seconds", 0),
                              "tree_peak_mb": m["tree_peak_mb"], "rc": m["rc"]}


def office_copy(path: str) -> str | None:
    """The same workbook saved by LibreOffice (shared strings, formula results cached, as an office
    suite saves it), made once next to it; None without LibreOffice."""
    from deptbudget.io.libreoffice import LibreOfficeError, convert, find_soffice

    out = Path(path).parent.with_name(Path(path).parent.name + "-office")
    done = out / Path(path).name
    if done.is_file():
        return str(done)
    if not find_soffice():
        print("  （没有 LibreOffice：跳过办公软件另存的副本）", flush=True)
        return None
    try:
        return str(convert(path, "xlsx:Calc MS Excel 2007 XML", out, timeout=600))
    except LibreOfficeError as exc:
        print(f"  （未能另存副本：{exc.reason}）", flush=True)
        return None


def bench_startup(runs: Runs, repeat: int = 7) -> None:
    print("\n== 启动 ==", flush=True)
    runs.run("help", deptbudget_cmd() + ["--help"], repeat)
    code = "import sys; sys.argv = ['deptbudget', '--help']\nfrom deptbudget.cli import main\nmain()"
    proc = subprocess.run([PY, "-X", "importtime", "-c", code], capture_output=True, text=True)
    mods = [line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line]
    heavy = sorted({m.split(".")[0] for m in mods if m.split(".")[0] in ("pandas", "openpyxl", "numpy", "xlwings")})
    runs.results["help_imports"] = {"heavy": heavy, "modules": len(mods)}
    print(f"  启动时导入的重型库：{heavy or '无'}（共 {len(mods)} 个模块）", flush=True)


# -- report ---------------------------------------------------------------------

def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


JOBS_LABEL = {"auto": "默认命令", "j1": "--jobs 1", "j2": "--jobs 2"}


def targets(res: Runs, scales: list[int], dept_units: list[int] = ()) -> list[tuple[str, str, str, bool | None]]:
    """(target, measured, limit, met) rows."""
    s = res.seconds
    small, large = (scales[0], scales[-1]) if scales else (0, 0)
    rows = []

    def add(name, value, limit, ok, fmt="{:.2f}×"):
        rows.append((name, "—" if value is None else fmt.format(value), limit, None if value is None else ok(value)))

    for n in dept_units:
        add(f"一个部门 {n} 个单位：汇总（默认命令）÷ 读取 + 写出下限", ratio(s(f"dept{n}_rollup"), s(f"dept{n}_floor")),
            "≤ 1.5×", lambda v: v <= 1.5)
    if dept_units:
        n = max(dept_units)
        peak = (res.results.get(f"dept{n}_rollup") or {}).get("tree_peak_mb")
        add(f"参考：一个部门 {n} 个单位的汇总峰值内存（全部进程合计）", peak, "（无要求）", lambda v: None, "{:.0f} MB")
    if not scales:
        return rows

    r0, r1 = s(f"rollup_{small}_auto"), s(f"rollup_{small}_j1")
    add(f"汇总 {small} 个文件（默认命令，自动并行）÷ calamine 读取下限", ratio(r0, s(f"floor_{small}")), "≤ 1.3×",
        lambda v: v <= 1.3)
    add(f"参考：汇总 {small} 个文件（--jobs 1，单进程）÷ 读取下限", ratio(r1, s(f"floor_{small}")), "（无要求）",
        lambda v: None)
    add(f"openpyxl 逐格基线 ÷ 汇总（{small}，默认命令）", ratio(s(f"openpyxl_{small}"), r0), "≥ 5×", lambda v: v >= 5)
    add(f"pandas 基线 ÷ 汇总（{small}，默认命令）", ratio(s(f"pandas_{small}"), r0), "≥ 3×", lambda v: v >= 3)
    add(f"参考：openpyxl 基线 ÷ 汇总（{small}，--jobs 1）", ratio(s(f"openpyxl_{small}"), r1), "（≥ 5×）",
        lambda v: None)
    add(f"参考：pandas 基线 ÷ 汇总（{small}，--jobs 1）", ratio(s(f"pandas_{small}"), r1), "（≥ 3×）", lambda v: None)
    if large != small:
        for j in ("auto", "j1", "j2"):
            add(f"线性扩展：{large} ÷ {small}（{JOBS_LABEL[j]}）", ratio(s(f"rollup_{large}_{j}"), s(f"rollup_{small}_{j}")),
                f"≤ {11 * large / small / 10:g}×", lambda v: v <= 1.1 * large / small)
    peak = max((res.results.get(f"rollup_{large}_{j}", {}).get("tree_peak_mb", 0) or 0 for j in ("auto", "j1", "j2")),
               default=0)
    add(f"峰值内存（{large} 个文件，全部进程合计）", peak or None, "< 500 MB", lambda v: v < 500, "{:.0f} MB")
    add(f"--jobs 2 加速比（{large} 个文件）", ratio(s(f"rollup_{large}_j1"), s(f"rollup_{large}_j2")), "≥ 1.6×",
        lambda v: v >= 1.6)
    add("校验部门工作簿 ÷ 其读取下限", ratio(s("validate_dept"), s("floor_dept")), "≤ 2×", lambda v: v <= 2)
    add("参考：同一工作簿经 LibreOffice 另存后，校验 ÷ 其读取下限", ratio(s("validate_dept_office"), s("floor_dept_office")),
        "（≤ 2×）", lambda v: None)
    cpu = lambda name: (res.results.get(name) or {}).get("cpu_seconds")  # noqa: E731
    add("参考：校验的 CPU 时间（含读取线程）÷ 读取下限的 CPU 时间", ratio(cpu("validate_dept"), cpu("floor_dept")),
        "（无要求）", lambda v: None)
    add("deptbudget --help 启动（中位数）", s("help"), "< 0.3 s", lambda v: v < 0.3, "{:.3f} s")
    heavy = res.results.get("help_imports", {}).get("heavy")
    rows.append(("启动时不导入 pandas/openpyxl", "、".join(heavy) if heavy else "无", "无",
                 None if heavy is None else not ({"pandas", "openpyxl"} & set(heavy))))
    return rows


def figures(res: Runs) -> list[tuple[str, str, str, str]]:
    rows = []
    for name, r in res.results.items():
        if name == "help_imports" or name.endswith("_sub"):
            continue
        if r.get("failed"):
            rows.append((name, "失败", "", r.get("error", "")[-160:].replace("\n", " ")))
            continue
        note = f"按 {r['scaled_from']} 个文件的实测线性折算" if "scaled_from" in r else \
            f"{r['per_department']} 个部门各一个进程，时间相加" if "per_department" in r else \
            "、".join(f"{x:.2f}" for x in r.get("runs", []))
        cpu = f"{r['cpu_seconds']:.2f}" if r.get("cpu_seconds") else ""
        rows.append((name, f"{r['seconds']:.3f}", cpu, f"{r.get('tree_peak_mb', 0):.0f}", note))
    return rows


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((l.split(":", 1)[1].strip() for l in fh if l.startswith("model name")), cpu)
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = f"{int(fh.readline().split()[1]) / 1048576:.0f} GB"
    except OSError:
        pass
    from importlib.metadata import version

    libs = {m: version(m) for m in ("python-calamine", "openpyxl", "XlsxWriter", "pandas")}
    load = "、".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else ""
    return {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "os": platform.platform(), "cpu": cpu,
            "cores": os.cpu_count(), "memory": mem, "负载（1/5/15 分钟平均，写报告时）": load,
            "python": platform.python_version(), **libs}


def table(rows, headers) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def report(res: Runs, scales, info: dict, args, final: bool = True, dept_units=()) -> str:
    mark = {True: "达到", False: "未达到", None: "未测"}
    trows = [(n, v, lim, "—" if n.startswith("参考") and v != "—" else mark[ok])
             for n, v, lim, ok in targets(res, scales, dept_units)]
    parts = [
        "# 基准测试结果（issue 6、17：大规模汇总与校验的速度）",
        "",
        "本文件由 `python benchmarks/run.py` 生成，请勿手工编辑；重新运行即可更新。"
        + ("" if final else "\n\n**（运行尚未结束：以下为已完成部分的数据）**"),
        "",
        "## 机器",
        "",
        table([(k, v) for k, v in info.items()], ("项目", "值")),
        "",
        f"命令：`python benchmarks/run.py {' '.join(args)}`".rstrip(),
        "",
        "## 目标",
        "",
        table(trows, ("目标", "实测", "要求", "结果")),
        "",
        "## 实测数据（秒，中位数；CPU 秒为用户态 + 内核态；峰值内存为命令及其全部子进程 RSS 之和的采样峰值）",
        "",
        table(figures(res), ("测量", "秒", "CPU 秒", "峰值 MB", "各次 / 说明")),
        "",
        "## 说明",
        "",
        "- `floor_N`：python-calamine 读取同一批文件每个工作表的每个单元格，不做其他事（单进程）。",
        "- `rollup_N_auto`：`deptbudget rollup <各部门文件夹> --district 基准测试区 -o 汇总.xlsx`，即用户输入的默认命令"
        "（`--jobs 0` 自动：每个 CPU 核一个读取进程，约每 25 个文件一个，本机 2 核即 2 个），整个进程（含启动、写出汇总表）；"
        "`rollup_N_jK`：同一命令加 `--jobs K`。",
        "- 汇总表（表1–表5）只读取基本信息、单位信息、收入、基本支出、项目支出、上年数六张工作表（项目绩效目标由 "
        "`--workbook`、`fill`、`validate` 读取和检查）；读取下限读取每个文件的全部 10 张工作表。",
        "- `openpyxl_N` / `pandas_N`：用户自己会写的脚本（openpyxl 逐格读取并用 Python 求和；"
        "pandas.read_excel(engine=\"openpyxl\") 后 groupby），在均匀抽取的子集上实测后按文件数线性折算。",
        "- `validate_dept` / `floor_dept`：`deptbudget validate` 部门工作簿，与 calamine 读取该文件的下限对比。"
        "校验时较大的工作表（基本支出、项目绩效目标）由 calamine 在两个读取线程中解析（calamine 解析时释放 GIL），"
        "主线程同时检查下一张表、解析已读完的表；所以墙钟时间之外另列 CPU 时间（用户 + 系统，含全部线程）。",
        "- `CPU 秒`：命令（含其线程和子进程）的用户态 + 内核态 CPU 时间；多进程/多线程时可大于墙钟时间。",
        "- `validate_dept_office` / `floor_dept_office`：同一个部门工作簿经 LibreOffice 另存为 .xlsx（共享字符串、公式带缓存结果、"
        "名称列有值，接近办公软件保存的真实文件），同样对比；科目名称有值时 COD-07 要逐行核对名称。",
        "- 数据由 `benchmarks/synth.py` 生成（每个单位约 300 行基本支出、5–20 个项目、每个项目 6–16 个指标），"
        "文件在页缓存中。其 XML 比 Excel 保存的同样内容大 2–3 倍（内联字符串、字符引用、公式无缓存值），见 benchmarks/README.md。",
        "- 多个部门的单位文件用 `deptbudget rollup … --district` 一次汇总（一个进程，汇总表以部门为行）；"
        "若所用版本不支持，`rollup_N_jK` 为每个部门一个进程依次汇总的时间之和（表中注明），内存为其中最大的一个。",
        "- 内存：读取进程只交回每个文件的单位信息和按科目汇总的金额（普通元组），区级汇总时边读边按部门累加，"
        "主进程不保留各文件的明细。",
        "- 峰值内存：命令及其全部子进程的 RSS 之和，每 0.2 秒采样一次。",
        "- `deptN_rollup` / `deptN_floor`（issue 17）：一个部门 N 个单位（如教育局与所属学校，`synth.py --one-dept`），"
        "`deptbudget rollup <部门文件夹> -o 部门.xlsx`（默认命令，整个进程）对比其下限：同一批文件由 calamine 读取全部单元格，"
        "再由 XlsxWriter（constant_memory，一种格式）写出该次汇总输出的全部单元格（同样的工作表、同样的值），一个进程。"
        "两者轮流运行（同一轮负载相近），各取中位数。",
    ]
    if "--reuse" in args:
        parts.append("- 本次以 `--reuse` 运行：只重测了 `_data/last_results.json` 中没有的项，其余沿用同一台机器上一次运行的结果"
                     "（“机器”一节的日期是本次运行的日期）。")
    return "\n".join(parts) + "\n"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(description="部门预算工具基准测试（issue 6）")
    ap.add_argument("--quick", action="store_true", help="快速试跑：100 个单位文件、5000 行部门工作簿")
    ap.add_argument("--scales", default="1000,10000", help="单位文件数，逗号分隔（默认 1000,10000）")
    ap.add_argument("--dept-lines", type=int, default=50000)
    ap.add_argument("--dept-units", default="100,500",
                    help="一个部门的单位数，逗号分隔（issue 17：汇总 ÷ 读取 + 写出下限；0 为不测）")
    ap.add_argument("--repeat", type=int, default=3, help="较小规模的重复次数（取中位数）")
    ap.add_argument("--repeat-large", type=int, default=1, help="10000 及以上规模的重复次数")
    ap.add_argument("--jobs", default="0,1,2", help="汇总的 --jobs 取值，0 为默认命令（不加 --jobs）")
    ap.add_argument("--subset", type=int, default=100, help="基线脚本实测的文件数（再线性折算）")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--data", default=str(HERE / "_data"))
    ap.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    ap.add_argument("--no-write", action="store_true", help="只打印，不写 BENCHMARKS.md")
    ap.add_argument("--reuse", action="store_true",
                    help="沿用 _data/last_results.json 中已有的测量（删去其中某项即可只重测该项）")
    args = ap.parse_args(argv)
    if args.quick:
        args.scales, args.dept_lines, args.repeat, args.subset = "100", 5000, 1, 20
        args.dept_units = "100" if args.dept_units == "100,500" else args.dept_units
    scales = sorted(int(x) for x in args.scales.split(",") if int(x))
    dept_units = sorted(int(x) for x in args.dept_units.split(",") if int(x))
    jobs = [int(x) for x in args.jobs.split(",")]
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    info = machine()
    print("机器：" + json.dumps(info, ensure_ascii=False), flush=True)
    def save(final: bool) -> None:  # after every stage, so a long run leaves its figures so far
        text = report(runs, scales, info, argv, final, dept_units)
        (data / "last_results.json").write_text(json.dumps(runs.results, ensure_ascii=False, indent=1))
        if not args.no_write:
            Path(args.out).write_text(text, encoding="utf-8")
        if final:
            print("\n" + text + ("" if args.no_write else f"\n已写入 {args.out}"))

    with tempfile.TemporaryDirectory(prefix="deptbudget-bench-") as tmp:
        runs = Runs(Path(tmp))
        if args.reuse and (data / "last_results.json").exists():
            runs.results = json.loads((data / "last_results.json").read_text())
        bench_startup(runs)
        dept = dept_file(data, args.dept_lines, args.seed)
        bench_validate(runs, dept, args.repeat)
        office = office_copy(dept)
        if office:
            bench_validate(runs, office, args.repeat, "_office")
        save(not scales and not dept_units)
        for n in dept_units:
            folder, files = one_department(data, n, args.seed)
            bench_one_department(runs, n, folder, files, max(args.repeat, 3))
            save(not scales and n == dept_units[-1])
        for i, n in enumerate(scales):
            folders, files = unit_files(data, n, args.seed)
            repeat = args.repeat if n < 10000 else args.repeat_large
            bench_scale(runs, n, folders, files, repeat, jobs, args.subset if i == 0 else 0)
            save(i == len(scales) - 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

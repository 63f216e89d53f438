"""Every command that reads a workbook, on every broken or hostile workbook of tests/corpus/bad/
(see make_bad.py and EXPECTED.json): a clear Chinese message naming file, sheet and cell, the
expected exit code, no traceback, no hang, inputs byte-for-byte unchanged, no leftover output.

The commands run in two worker processes (tests/corpus/run_jobs.py) with a memory cap and
per-job timeouts, so a crash or a memory bomb fails a test instead of the test session.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
BAD = CORPUS / "bad"
EXPECTED = json.loads((BAD / "EXPECTED.json").read_text(encoding="utf-8"))
LARGE = "rows_200000.xlsx"  # built at test time (make_bad.build_large), not committed
ALL_CASES = [*EXPECTED["cases"]] + ([] if os.environ.get("CORPUS_SKIP_LARGE") else [dict(file=LARGE, what="20 万行录入", code="", fragment="", exit=-1, sheet="",
                                      cell="", group="攻击", with_base=False, committed=False)])
CASES = {c["file"]: c for c in ALL_CASES}
WORKERS = 2
LARGE_TIMEOUT = 90  # seconds per command on the 200,000-row input (reading alone takes ~25 s)

# command → argument list; {f} input, {o} the job's output folder. demo runs LibreOffice, so it
# runs only where it fails fast (unreadable files) and on one structural case.
COMMANDS = {
    "validate": ["validate", "{f}"],
    "validate-json": ["validate", "{f}", "--json"],
    "annotate": ["validate", "{f}", "--annotate", "{o}/标注.xlsx"],
    "rollup": ["rollup", "{f}", "-o", "{o}/汇总.xlsx"],
    "export-lines": ["export-lines", "{f}", "-o", "{o}/lines.csv"],
    "fill": ["fill", "all", "{f}", "-o", "{o}/填制.xlsx"],
    "export": ["export", "{f}", "--out", "{o}/公开材料", "--no-pdf", "--force"],  # the gate: test_publish_gate
    "demo": ["demo", "{f}", "--out", "{o}/demo"],
}
MULTI = ("rollup", "export-lines")  # commands taking several inputs


def commands_for(case: dict) -> list[str]:
    if case["file"] == LARGE:
        return ["validate-json", "rollup"]
    names = [c for c in COMMANDS if c != "demo" or case["exit"] == 2 or case["file"] == "missing_sheet.xlsx"]
    return names


def _jobs(work: Path) -> list[dict]:
    inputs = work / "in"
    jobs = []
    for case in [*ALL_CASES, {"file": "base.xlsx", "exit": 0}]:
        for cmd in commands_for(case):
            jid = f"{case['file']}|{cmd}"
            files = [str(inputs / case["file"])]
            if case.get("with_base"):
                if cmd not in MULTI:
                    continue
                files = [str(inputs / "base.xlsx"), *files]
            out = work / "out" / str(len(jobs))
            out.mkdir(parents=True)
            args = []
            for a in COMMANDS[cmd]:
                if a == "{f}":
                    args += files if cmd in MULTI else files[:1]
                else:
                    args.append(a.replace("{o}", str(out)))
            timeout = LARGE_TIMEOUT if case["file"] == LARGE else 60
            jobs.append(dict(id=jid, args=args, inputs=files, out=str(out), timeout=timeout, cwd=str(out)))
    return jobs


def _run_worker(jobs: list[dict], work: Path, n: int) -> dict:
    """Run jobs in a worker; if the worker dies, record the job it died on and go on."""
    results: dict = {}
    pending = list(jobs)
    while pending:
        jobs_file, res_file = work / f"jobs{n}.json", work / f"results{n}.jsonl"
        jobs_file.write_text(json.dumps(pending, ensure_ascii=False), encoding="utf-8")
        res_file.write_text("")
        budget = sum(j["timeout"] for j in pending) + 60
        proc = subprocess.run([sys.executable, str(CORPUS / "run_jobs.py"), str(jobs_file), str(res_file)],
                              capture_output=True, text=True, timeout=budget)
        started = None
        for line in res_file.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            if rec.get("started"):
                started = rec["id"]
            else:
                results[rec["id"]] = rec
                started = None
        if started is not None:  # the worker died inside this job
            results[started] = dict(id=started, exit=None, output=proc.stderr[-2000:], crashed=True,
                                    timeout=False, traceback=f"worker died ({proc.returncode})", changed=[],
                                    leftover=[])
        pending = [j for j in pending if j["id"] not in results]
        if proc.returncode != 0 and started is None and pending:
            raise RuntimeError(proc.stderr[-3000:])
    return results


@pytest.fixture(scope="session")
def matrix(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("corpus")
    inputs = work / "in"
    shutil.copytree(BAD, inputs)
    sys.path.insert(0, str(CORPUS))
    import make_bad

    (inputs / LARGE).write_bytes(make_bad.build_large(EXPECTED["large_rows"]))
    jobs = _jobs(work)
    # Spread heavy and light jobs evenly over the workers.
    shares = [jobs[i::WORKERS] for i in range(WORKERS)]
    with ThreadPoolExecutor(WORKERS) as pool:
        parts = list(pool.map(lambda a: _run_worker(a[1], work, a[0]), enumerate(shares)))
    results = {k: v for part in parts for k, v in part.items()}
    results["_inputs"] = inputs
    return results


def _result(matrix, case: str, cmd: str) -> dict:
    r = matrix.get(f"{case}|{cmd}")
    if r is None:
        pytest.skip(f"{cmd} 不适用于 {case}")
    if "尚未实现" in r["output"]:
        pytest.skip(f"命令 {cmd} 尚未实现")
    return r


PAIRS = [(c["file"], cmd) for c in ALL_CASES for cmd in commands_for(c)
         if not c.get("with_base") or cmd in MULTI]


def test_corpus_has_enough_cases():
    assert len(EXPECTED["cases"]) >= 40
    assert {c["group"] for c in EXPECTED["cases"]} >= {"文件", "结构", "单元格", "多文件", "名称", "攻击"}


def test_corpus_lists_every_generated_case():
    """EXPECTED.json and the committed files match make_bad.py's case list (regenerate if not)."""
    sys.path.insert(0, str(CORPUS))
    import make_bad

    names = [c.file for c in make_bad.cases()]
    assert names == [c["file"] for c in EXPECTED["cases"]], \
        "运行 python tests/corpus/make_bad.py 重新生成语料库"
    assert all((BAD / n).exists() for n in names)


@pytest.mark.parametrize("case,cmd", PAIRS)
def test_no_traceback_no_hang_input_unchanged(matrix, case, cmd):
    r = _result(matrix, case, cmd)
    assert not r["timeout"], f"{cmd} 在 {case} 上超时"
    assert not r["crashed"], r["traceback"][-3000:]
    assert "Traceback" not in r["output"], r["output"][-3000:]
    assert r["changed"] == [], f"输入被改动：{r['changed']}"


# Known gaps (reported to the lead): fill, export and demo write their outputs from a workbook whose
# reader findings include 错误 (an amount not counted, a missing sheet) and exit 0; fill/export
# messages do not always name the file or the cell's problem. Their failures here are xfail; a
# traceback, a hang or a changed input still fails hard (test_no_traceback_no_hang_input_unchanged).
KNOWN_GAP: tuple[str, ...] = ()  # was fill, export, demo: they now refuse workbooks with 错误 (exit 1)


def _problems(r: dict, c: dict, cmd: str, base: int) -> list[str]:
    out = []
    want = {2: (2,), 1: (1, 2), 0: (base,), -1: (0, 1)}[c["exit"]]
    special = c.get("commands") or {}  # a case whose commands answer differently (make_bad.Case.commands)
    want = (special[cmd],) if cmd in special else want
    if r["exit"] not in want:
        out.append(f"退出码 {r['exit']}，应为 {want}")
    if c["fragment"] and (cmd in special if special else (r["exit"] != 0 or cmd in ("validate", "validate-json"))):
        shown = r["output"]
        if cmd == "validate-json" and r["output"].lstrip().startswith("["):
            shown = json.dumps(json.loads(r["output"]), ensure_ascii=False)
        if c["fragment"] not in shown:
            out.append(f"没有说出「{c['fragment']}」")
        if Path(c["file"]).name not in shown:
            out.append(f"没有指明文件 {c['file']}")
    return out


@pytest.mark.parametrize("case,cmd", PAIRS)
def test_exit_code_and_message(matrix, case, cmd):
    r = _result(matrix, case, cmd)
    problems = _problems(r, CASES[case], cmd, _result(matrix, "base.xlsx", cmd)["exit"])
    if problems and cmd in KNOWN_GAP:
        pytest.xfail(f"{cmd}（已报告）：" + "；".join(problems))
    assert not problems, "；".join(problems) + "\n" + r["output"][-2000:]


@pytest.mark.parametrize("case", [c["file"] for c in EXPECTED["cases"] if c["code"]])
def test_finding_names_sheet_and_cell(matrix, case):
    c = CASES[case]
    r = _result(matrix, case, "validate-json")
    findings = json.loads(r["output"])
    hits = [f for f in findings if f["code"] == c["code"] and c["fragment"] in f["message"]]
    assert hits, [(f["code"], f["message"]) for f in findings][:10]
    f = hits[0]
    assert f["file"] == Path(case).name
    if c["sheet"]:
        assert f["sheet"] == c["sheet"]
    if c["cell"]:
        assert f["cell"] == c["cell"]


@pytest.mark.parametrize("case,cmd", PAIRS)
def test_no_leftover_output(matrix, case, cmd):
    r = _result(matrix, case, cmd)
    if CASES[case]["exit"] == 1 and cmd in KNOWN_GAP and r["exit"] == 0:
        pytest.xfail(f"{cmd} 对含错误的工作簿照常输出（已报告）")
    temps = [f for f in r["leftover"] if ".~deptbudget-" in f]
    assert not temps, f"临时文件残留：{temps}"
    # validate/demo exit 1 when they find 错误 — the annotated copy / the demo folder with its
    # report is then the very output asked for.
    if r["exit"] not in (0, None) and cmd not in ("validate-json", "validate") and not (
            cmd in ("annotate", "demo") and r["exit"] == 1):
        assert r["leftover"] == [], f"{cmd} 失败（退出码 {r['exit']}）却留下了输出：{r['leftover']}"


@pytest.mark.skipif(bool(os.environ.get("CORPUS_SKIP_LARGE")), reason="CORPUS_SKIP_LARGE")
def test_large_input_is_read_in_bounded_time(matrix):
    r = _result(matrix, LARGE, "validate-json")
    assert not r["timeout"] and r["seconds"] < LARGE_TIMEOUT, r["seconds"]


# -- output path equal to an input; output location not writable --------------------------

SAME = {
    "annotate": ["validate", "{f}", "--annotate", "{f}"],
    "rollup": ["rollup", "{f}", "-o", "{f}"],
    "export-lines": ["export-lines", "{f}", "-o", "{f}"],
    "fill": ["fill", "all", "{f}", "-o", "{f}"],
}


def _invoke(args, cwd=None):
    from click.testing import CliRunner

    from deptbudget.cli import main

    old = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        return CliRunner().invoke(main, args, catch_exceptions=True)
    finally:
        os.chdir(old)


def _sha(p: Path) -> str:
    import hashlib

    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.mark.parametrize("cmd", SAME)
def test_output_equal_to_input_is_refused(tmp_path, cmd):
    f = tmp_path / "单位.xlsx"
    shutil.copy(BAD / "base.xlsx", f)
    before = _sha(f)
    r = _invoke([a.replace("{f}", str(f)) for a in SAME[cmd]])
    if "尚未实现" in r.output:
        pytest.skip(f"命令 {cmd} 尚未实现")
    assert r.exit_code in (1, 2), r.output
    # export-lines refuses a non-.csv/.parquet output before it gets that far; either is a refusal
    assert "与输入文件相同" in r.output or (cmd == "export-lines" and ".csv" in r.output), r.output
    assert not isinstance(r.exception, Exception) or isinstance(r.exception, SystemExit), r.exception
    assert _sha(f) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["单位.xlsx"]


@pytest.mark.parametrize("cmd", ["rollup", "export-lines", "fill", "annotate"])
def test_output_in_a_file_not_a_folder(tmp_path, cmd):
    f = tmp_path / "单位.xlsx"
    shutil.copy(BAD / "base.xlsx", f)
    out = f"{f}/子目录"
    args = [a.replace("{f}", str(f)) for a in SAME[cmd][:-1]] + [out + "/x" + (".csv" if cmd == "export-lines" else ".xlsx")]
    r = _invoke(args)
    assert r.exit_code in (1, 2), r.output
    assert not isinstance(r.exception, Exception) or isinstance(r.exception, SystemExit), r.exception
    assert "不是文件夹" in r.output or "无法" in r.output, r.output


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root 不受文件夹只读权限限制")
def test_read_only_folder_gives_a_clear_message(tmp_path):
    ro = tmp_path / "只读"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        r = _invoke(["rollup", str(BAD / "base.xlsx"), "-o", str(ro / "汇总.xlsx")])
        assert r.exit_code == 2 and "不可写" in r.output, r.output
    finally:
        ro.chmod(0o755)


def test_read_only_folder_message_as_root_too(tmp_path, monkeypatch):
    """Where permissions cannot be tested (root), the check itself is exercised."""
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, m, **k: False if m == os.W_OK else real(p, m, **k))
    r = _invoke(["rollup", str(BAD / "base.xlsx"), "-o", str(tmp_path / "汇总.xlsx")])
    assert r.exit_code == 2 and "不可写" in r.output, r.output
    assert list(tmp_path.iterdir()) == []


# -- io.atomic: interrupted writes --------------------------------------------------------

def test_interrupted_write_leaves_no_partial_file_and_keeps_the_old_one(tmp_path):
    from deptbudget.io.atomic import atomic_path

    out = tmp_path / "汇总.xlsx"
    out.write_bytes(b"good earlier output")
    with pytest.raises(KeyboardInterrupt):
        with atomic_path(out) as tmp:
            tmp.write_bytes(b"half a fi")
            raise KeyboardInterrupt
    assert out.read_bytes() == b"good earlier output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["汇总.xlsx"]


def test_full_disk_gives_a_clear_message_and_keeps_the_old_one(tmp_path, monkeypatch):
    import errno

    from deptbudget.io import atomic

    out = tmp_path / "汇总.xlsx"
    out.write_bytes(b"good earlier output")

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(atomic.OutputError, match="磁盘空间不足"):
        with atomic.atomic_path(out) as tmp:
            tmp.write_bytes(b"new")
    assert out.read_bytes() == b"good earlier output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["汇总.xlsx"]


def test_failing_writer_leaves_nothing(tmp_path):
    from deptbudget.io.atomic import atomic_path

    out = tmp_path / "汇总.xlsx"
    with pytest.raises(ValueError):
        with atomic_path(out) as tmp:
            tmp.write_bytes(b"partial")
            raise ValueError("boom")
    assert list(tmp_path.iterdir()) == []


def test_output_equal_to_input_refused_by_atomic(tmp_path):
    from deptbudget.io.atomic import OutputError, atomic_path

    f = tmp_path / "a.xlsx"
    f.write_bytes(b"input")
    with pytest.raises(OutputError, match="与输入文件相同"):
        with atomic_path(tmp_path / "." / "a.xlsx", inputs=[f]):
            pass
    assert f.read_bytes() == b"input"


# -- nothing injected ---------------------------------------------------------------------

def _text_cells(path: Path):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value[:1] in "=+-@":
                    yield ws.title, c


INJECTED = ("=HYPERLINK", "+1+1", "-2+3", "@SUM", "=cmd|")


@pytest.mark.parametrize("cmd", ["annotate", "fill", "rollup-workbook"])
def test_text_starting_with_formula_chars_stays_text(tmp_path, cmd):
    src = tmp_path / "注入.xlsx"
    shutil.copy(BAD / "injection_text.xlsx", src)
    out = tmp_path / "out.xlsx"
    args = {"annotate": ["validate", str(src), "--annotate", str(out)],
            "fill": ["fill", "all", str(src), "-o", str(out)],
            "rollup-workbook": ["rollup", str(src), "-o", str(out), "--workbook"]}[cmd]
    r = _invoke(args)
    if "尚未实现" in r.output:
        pytest.skip(f"命令 {cmd} 尚未实现")
    assert out.exists(), r.output
    found = {}
    for sheet, c in _text_cells(out):
        for marker in INJECTED:
            if c.value.startswith(marker):
                found[marker] = (sheet, c.coordinate, c.data_type)
    assert found, "注入文本没有出现在输出中"
    formulas = {k: v for k, v in found.items() if v[2] != "s"}
    assert not formulas, f"输入文本被写成了公式：{formulas}"


def test_finding_hyperlinks_point_inside_the_workbook(tmp_path):
    from openpyxl import load_workbook

    src = tmp_path / "注入.xlsx"
    shutil.copy(BAD / "amount_yuan.xlsx", src)
    out = tmp_path / "标注.xlsx"
    r = _invoke(["validate", str(src), "--annotate", str(out)])
    assert out.exists(), r.output
    links = [c.hyperlink for ws in load_workbook(out).worksheets for row in ws.iter_rows() for c in row
             if c.hyperlink is not None]
    assert links, "校验结果没有超链接"
    for h in links:  # a jump inside the workbook: "#'基本支出'!H4" or location=
        assert (h.target or "").startswith("#") or (not h.target and h.location), (h.target, h.location)
    with zipfile.ZipFile(out) as zf:
        rels = "".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".rels"))
    import re

    for target in re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', rels):
        assert target.startswith("#"), target


# -- XML hardening --------------------------------------------------------------------------

def test_xml_we_parse_goes_through_defusedxml_or_the_doctype_guard():
    """No module of ours parses XML with the standard library's unguarded parsers."""
    src = HERE.parent / "src" / "deptbudget"
    bad = []
    for p in src.rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        for needle in ("xml.etree", "xml.dom", "minidom", "lxml", "xml.sax.make_parser", "expat"):
            if needle in text and "defusedxml" not in text:
                bad.append(f"{p.relative_to(src)}: {needle}")
    assert not bad, bad


def test_openpyxl_loads_through_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML

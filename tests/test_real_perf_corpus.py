"""Issue 14: the PRF and AMT rules measured on real published performance forms
(tests/corpus/real/perf, measure_perf.py). Fails under 95% precision or 90% recall per family, or
more than one false 错误/警告 per document on average; checks the corpus itself is what it says."""

from __future__ import annotations

import re
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "corpus" / "real"))
import measure_perf  # noqa: E402

DOCS = measure_perf.load()


@pytest.fixture(scope="module")
def results():
    return measure_perf.measure(DOCS)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_corpus_size_and_spread():
    assert len(DOCS) >= 10
    assert len({d.meta["province"] for d in DOCS}) >= 3 and len({d.meta["year"] for d in DOCS}) >= 3
    settings = Counter(d.meta["weight_setting"] for d in DOCS)
    assert settings["无"] and settings["90"]  # forms with and without weights
    assert sum(len(d.meta.get("projects", ())) for d in DOCS) + sum(d.is_dept for d in DOCS) >= 12


def test_no_putuo_2026_document():
    for d in DOCS:
        where = d.meta["city"] + d.meta["district"] + d.meta["department"] + d.text[:500]
        assert not ("普陀" in where and d.meta["year"] == 2026), d.id


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.id)
def test_document_is_consistent(doc):
    """Provenance given; every typed indicator name is in the stored text (simplified-script documents);
    every slip names a project or indicator of the document and rules of the measured families."""
    m = doc.meta
    assert m["source"]["url"].startswith("http") and m["source"]["via"]
    assert m["weight_setting"] in ("90", "100", "无") and m["money_unit"] in measure_perf.UNIT_FACTOR
    text = _flat(doc.text)
    projects = {p["name"]: p for p in m.get("projects", ())}
    rows = [r for p in projects.values() for r in p["rows"]] + list(m.get("dept", {}).get("rows", ()))
    assert rows
    for r in rows:
        if m.get("script") != "繁体":
            assert _flat(r.get("printed_l3", r["l3"])) in text, r["l3"]
        assert r["nature"] in ("≥", "≤", "=", ">", "<", "定性")
    for p in projects.values():
        assert Decimal(p["amount"]) > 0 and _flat(p["name"]) in text or m.get("script") == "繁体"
    names = {(p, r["l3"]) for p, pr in projects.items() for r in pr["rows"]} | \
        {("", r["l3"]) for r in m.get("dept", {}).get("rows", ())}
    for s in m["slips"]:
        project = "" if s.get("dept") else s["project"]
        assert project in projects or (project == "" and doc.is_dept)
        assert s.get("indicator") is None or (project, s["indicator"]) in names
        assert all(code.split("-")[0] in measure_perf.FAMILIES for code in s["rules"])
    assert m["annotation"].startswith("无") == (not m["slips"])


def test_precision_and_recall_per_family(results):
    for family, c in measure_perf.family_table(results).items():
        assert measure_perf.precision(c) >= 0.95, (family, c)
        assert measure_perf.recall(c) >= 0.90, (family, c)


def test_false_alarms_per_document(results):
    assert sum(len(r.fp) for r in results) <= len(results)


def test_the_slips_are_found_where_they_are(results):
    """A hit is on the slip's own row: the finding's cell is an indicator or project line of that project."""
    hits = [(r.doc.id, f.code, f.ref.sheet) for r in results for _, f in r.tp]
    assert hits and all(sheet in ("项目绩效目标", "整体绩效指标") for _, _, sheet in hits)


def test_report_prints_the_tables(results):
    import io

    out = io.StringIO()
    measure_perf.report(results, detail=True, out=out)
    text = out.getvalue()
    assert "规则族" in text and "PRF" in text and "AMT" in text and "按省份、年度" in text

"""The corpus of real published 情况说明 (tests/corpus/real) and the measurement of the catalog on it."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parent / "corpus" / "real"


def _measure_module():
    spec = importlib.util.spec_from_file_location("real_corpus_measure", REAL / "measure.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


measure = _measure_module()
DOCS = measure.load()
IDS = [d.id for d in DOCS]


def test_corpus_size_and_spread():
    assert len(DOCS) >= 21
    assert len({d.meta["province"] for d in DOCS}) >= 5
    assert len({d.meta["year"] for d in DOCS}) >= 3
    assert len(set(IDS)) == len(IDS)
    assert {p.stem for p in (REAL / "docs").glob("*.txt")} == set(IDS)  # every text has its metadata


@pytest.mark.parametrize("doc", DOCS, ids=IDS)
def test_document_has_provenance_and_annotation(doc):
    m = doc.meta
    assert m["id"] == doc.id
    assert re.match(r"https?://", m["source"]["url"]) or m["source"].get("repository")
    assert m["department"] and m["province"] and m["level"] in ("部门", "单位", "汇总")
    assert 2015 <= m["year"] <= 2026 and m["license"]
    assert m["figures_unit"] in ("元", "万元", "亿元")
    for key, value in [*m["figures"].items(), *m["prior"].items()]:
        assert Decimal(value) >= 0, key
    assert isinstance(m["slips"], list) and m["annotation"]
    assert (m["annotation"] == "无") == (not m["slips"])
    for slip in m["slips"]:
        assert slip["sentence"] in doc.text, slip["sentence"]
        assert slip["printed"] and slip["recomputed"] and slip["kind"] and slip["rules"]
        assert all(re.fullmatch(r"[A-Z]+-\d\d", code) for code in slip["rules"])
    # kept out for an independent measurement
    assert not ("普陀" in doc.text + json.dumps(m, ensure_ascii=False) and m["year"] == 2026)


@pytest.mark.parametrize("doc", DOCS, ids=IDS)
def test_built_budget_gives_the_published_figures(doc):
    """The budget the measurement builds holds exactly the figures the document publishes."""
    from deptbudget.core.model import SpendKind
    from deptbudget.rollup.tree import build_tree

    budget, _ = measure.build_budget(doc)
    tree = build_tree(budget)
    f = doc.figure
    econ = {"因公出国（境）费": "30212", "公务接待费": "30217", "公务用车运行费": "30231", "公务用车购置费": "31013"}
    for item, code in econ.items():
        if f(item) is not None:
            assert tree.total(econ=code) == f(item), item
    if f("三公合计") is not None:
        assert sum(tree.total(econ=c) for c in econ.values()) == f("三公合计")
    for key, filters in (("支出.基本支出", {"basic": True}), ("支出.项目支出", {"basic": False}),
                         ("一般公共预算基本支出", {"basic": True, "fund": "general", "carry": False}),
                         ("一般公共预算项目支出", {"basic": False, "fund": "general", "carry": False}),
                         ("一般公共预算人员经费", {"kind": SpendKind.PERSONNEL, "fund": "general"}),
                         ("一般公共预算公用经费", {"kind": SpendKind.PUBLIC, "fund": "general"}),
                         ("一般公共预算支出", {"fund": "general", "carry": False}), ("支出合计", {}),
                         ("财政拨款合计", {"fund": "fiscal"})):
        if f(key) is not None:
            assert tree.total(**filters) == f(key), key
    for key in doc.meta["figures"]:
        if key.startswith(("类.", "项.")):
            code = key.split(".")[1].split()[0]
            assert tree.total(func=code) == f(key), key
    if f("收入.上年结转") is not None:
        assert sum(v for (u, s), v in tree.income.items() if s.is_carryover) == f("收入.上年结转")


def test_measurement_runs():
    outcomes, s = measure.measure()
    assert s["documents"] == len(DOCS)
    assert s["tp"] + s["fn"] == sum(len(d.meta["slips"]) for d in DOCS)
    assert set(measure.FAMILIES) <= set(s["per_family"])
    text = measure.render(outcomes, s, detail=True)
    assert "按规则族" in text and "省份" in text


def test_catalog_holds_on_real_texts():
    """Precision ≥ 95% (and ≤ 1 false 错误/警告 per document on average), recall ≥ 90%, per family."""
    _, s = measure.measure()
    assert s["false_per_doc"] <= 1
    for fam, (tp, fp, fn) in s["per_family"].items():
        if tp + fp:
            assert tp / (tp + fp) >= 0.95, (fam, tp, fp)
        if tp + fn:
            assert tp / (tp + fn) >= 0.90, (fam, tp, fn)


def test_mirror_texts_are_tagged_and_measured_apart():
    """The three texts stored only as traditional-character mirrors (README.md: 湛江 2017, 市直 2019,
    开平 2022) carry "mirror"; the figures without them are those of a run that leaves them out."""
    mirrors = {d.id for d in DOCS if d.mirror}
    assert mirrors == {"gd-zhanjiang-xuanchuan-2017-sangong", "gd-shizhi-2019-sangong-agency",
                       "gd-kaiping-gongan-2022-sangong"}
    readme = (REAL / "README.md").read_text(encoding="utf-8")
    assert all(re.search(rf"\| {m} \|[^\n]*\| mirror", readme) for m in mirrors)
    outcomes, s = measure.measure()
    _, alone = measure.measure(mirrors=False)
    assert alone["documents"] == len(DOCS) - 3 and "without_mirrors" not in alone
    for key in ("documents", "tp", "fp", "fn", "per_family"):
        assert s["without_mirrors"][key] == alone[key], key
    assert (s["tp"] + s["fn"]) - (alone["tp"] + alone["fn"]) == sum(len(d.meta["slips"]) for d in DOCS if d.mirror)
    assert "不含 3 份繁体镜像" in measure.render(outcomes, s, detail=False)

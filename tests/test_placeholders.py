"""Every placeholder the tool writes into a document is caught by the placeholder rule (NAR-09).

The placeholders are enumerated from the source of the modules that write document text, so a new
one cannot slip by: each string literal there that holds a 〔…〕 marker or a 填写/补充 request, and
each placeholder(...) call, is put into a 情况说明 and must be reported.
"""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from deptbudget.core.model import Budget, Department, ExpenseLine, Source, SpendKind, Unit, UnitKind
from deptbudget.core.placeholder import placeholder
from deptbudget.fill.narrative import draft
from deptbudget.rollup.tree import build_tree
from deptbudget.rules import validate
from deptbudget.rules.settings import Settings

SRC = Path(__file__).resolve().parents[1] / "src" / "deptbudget"
WRITERS = [*sorted((SRC / "fill").glob("*.py")), *sorted((SRC / "rollup").rglob("*.py")), SRC / "pipeline.py",
           *(SRC / "io" / n for n in ("docx_out.py", "export.py", "narrative_sheet.py", "xlsx_tables.py"))]
ASKS = re.compile(r"〔[^〕]*〕|请填写|请补充|待填写|待补充")
NOT_PLACEHOLDERS = re.compile(r"〔\d{4}〕|〔〕")  # document numbers (财预〔2016〕143号); the draft note's 〔〕


def caught(text: str) -> int:
    b = Budget(Department("901", "测试局", 2025), narrative=f"测试局 2025 年部门预算情况说明\n{text}\n")
    return sum(1 for f in validate(b, settings=Settings(select=frozenset({"NAR-09"}))))


def _literal(node) -> str | None:
    """A string constant, or an f-string with each {…} replaced by 'X'."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "X" for v in node.values)
    return None


def written_placeholders() -> list[tuple[str, str]]:
    """(where, text) of each placeholder the writing modules can put in a document."""
    out = []
    for path in WRITERS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = {id(n.body[0].value) for n in ast.walk(tree)  # docstrings, and the parts of f-strings
                if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body and isinstance(n.body[0], ast.Expr)}
        skip |= {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            where = f"{path.relative_to(SRC)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "placeholder" and node.args:
                what = _literal(node.args[0])
                assert what is not None, f"{where}: placeholder() of a value the test cannot read"
                out.append((where, placeholder(what)))
            elif id(node) not in skip and (text := _literal(node)) is not None \
                    and ASKS.search(NOT_PLACEHOLDERS.sub("", text)):
                out.append((where, text))
    return out


def test_the_source_has_placeholders_to_check():
    found = written_placeholders()
    texts = {t for _, t in found}
    # those a reader of the draft meets today (a new one adds to the list, never silently)
    for known in ("〔请填写增减原因〕", "〔请填写部门主要职能（可按“三定”方案逐条列出）〕", "〔请填写本年度重点工作〕",
                  "〔请在「单位信息」中填写单位类型〕"):
        assert known in texts, known
    assert len(found) >= 6


def test_every_placeholder_the_tool_writes_is_caught():
    missed = [(where, text) for where, text in written_placeholders() if caught(text) == 0]
    assert missed == []


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(blacklist_characters="〔〕\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", blacklist_categories=("Cs",)),
               min_size=1, max_size=40))
def test_any_placeholder_is_caught(what):
    assert caught(f"主要原因是{placeholder(what)}。") == 1


def test_a_filled_in_text_is_not_caught():
    assert caught("比 2024 年增加 2.36 万元，主要原因是公务活动增加。文号为财预〔2016〕143号。") == 0


def test_a_code_without_a_name_is_a_placeholder_never_a_raw_code():
    """2010102 is not in the built-in list and the workbook gives no name: the text asks for it."""
    b = Budget(Department("901", "测试局", 2025), (Unit("901001", "测试局", UnitKind.ADMIN),),
               lines=(ExpenseLine("901001", "2010102", "30201", SpendKind.PUBLIC, Source.GENERAL, Decimal("12.5")),))
    text = draft(build_tree(b)).text()
    uses = [l for l in text.splitlines() if l.startswith("1. ")]
    assert uses and "〔请填写科目 2010102 的名称" in uses[0] and "一般公共服务支出（类）" in uses[0]
    assert "2010102" not in text.replace("〔请填写科目 2010102 的名称（或导入 2025 年科目表）〕", "")
    assert caught(text) >= 1


def test_a_code_named_by_the_workbook_takes_that_name():
    from deptbudget.reference.codes import NAME_FACT

    b = Budget(Department("901", "测试局", 2025), (Unit("901001", "测试局", UnitKind.ADMIN),),
               lines=(ExpenseLine("901001", "2010102", "30201", SpendKind.PUBLIC, Source.GENERAL, Decimal("12.5")),),
               facts={NAME_FACT + "20101": "人大事务", NAME_FACT + "2010102": "一般行政管理事务"})
    text = draft(build_tree(b)).text()
    assert "一般公共服务支出（类）人大事务（款）一般行政管理事务（项）" in text
    assert "2010102" not in text

"""The marked placeholders the tool writes where the data cannot say what to write.

Every one has the same form, 〔请…〕 (〔请填写增减原因〕, 〔请填写部门职能〕 …), so the placeholder
rule (NAR-09) catches every one of them and nothing with a placeholder is published unnoticed.
"""

from __future__ import annotations

import re

PATTERN = re.compile(r"〔请[^〔〕\n]{1,80}〕")


def placeholder(what: str) -> str:
    """〔请<what>〕: `what` says what the office has to write (填写增减原因)."""
    return f"〔请{what}〕"

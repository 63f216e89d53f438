"""Text that XML cannot hold: the C0 control characters other than tab, line feed and carriage
return (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F).

Excel keeps such a character in a cell by writing the escape `_xHHHH_` (`_x0001_` for U+0001),
and writes a literal `_xHHHH_` typed by the user as `_x005F_xHHHH_`; readers (Excel, calamine,
LibreOffice) turn both back into the original text. Our .xlsx writers do the same, so a name with
a control character is written exactly as it was read. Word has no such escape: the .docx drops
these characters (they have no visible form).
"""

from __future__ import annotations

import re

XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_LOOKS_ESCAPED = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def ooxml_text(text: str) -> str:
    """`text` as an OOXML string (ST_Xstring): control characters as _xHHHH_, and a literal
    _xHHHH_ protected as _x005F_xHHHH_, so every reader gets `text` back exactly."""
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub("_x005F_", text)
    if XML_ILLEGAL.search(text):
        text = XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text


def xml_safe(text: str) -> str:
    """`text` without the characters XML cannot hold (for .docx, which has no escape)."""
    return XML_ILLEGAL.sub("", text) if XML_ILLEGAL.search(text) else text

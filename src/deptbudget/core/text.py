"""Text as read from a cell: what XML cannot hold, what a person cannot see, how long it may be.

XML cannot hold the C0 control characters other than tab, line feed and carriage return
(U+0000–U+0008, U+000B, U+000C, U+000E–U+001F), nor U+FFFE and U+FFFF. The reader keeps a
cell's text exactly, these included (calamine decodes Excel's escapes below).

Excel keeps such a character in a cell by writing the escape `_xHHHH_` (`_x0001_` for U+0001),
and writes a literal `_xHHHH_` typed by the user as `_x005F_xHHHH_`; readers (Excel, calamine,
LibreOffice) turn both back into the original text. Our .xlsx writers do the same, so a name with
a control character is written exactly as it was read. Word has no such escape: the .docx drops
these characters (they have no visible form).
"""

from __future__ import annotations

import re
import unicodedata

MAX_CELL_TEXT = 32_767  # characters an Excel cell holds; Excel cuts longer text on opening
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
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


def is_invisible(ch: str) -> bool:
    """A character a person does not see (or sees as a plain space) in a cell: controls, format
    characters (zero-width, bidi marks), separators other than the ASCII space."""
    if ch == " ":
        return False
    return unicodedata.category(ch) in ("Cc", "Cf", "Cn", "Co", "Cs", "Zs", "Zl", "Zp")


def visible(text: str) -> str:
    """`text` for a message, each invisible character written out: 「2010101⟨U+200B⟩」."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(f"⟨U+{ord(ch):04X}⟩" if is_invisible(ch) else ch for ch in text)

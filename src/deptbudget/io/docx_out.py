"""The 情况说明 as a .docx (python-docx): 仿宋 body with first-line indent, 黑体/楷体 headings,
A4 portrait. East-Asian font names are set explicitly so Word and LibreOffice pick CJK fonts."""

from __future__ import annotations

import os

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..core.placeholder import PATTERN as PLACEHOLDER
from ..core.text import xml_safe
from .atomic import atomic_path

FONTS = {"title": ("宋体", 20, True), "part": ("黑体", 18, True), "heading1": ("黑体", 16, False),
         "heading2": ("楷体", 16, False), "body": ("仿宋", 16, False)}


def _font(run, name: str, size: int, bold: bool) -> None:
    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), name)


def build_document(narrative) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.8)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    _font_style(doc)
    for style, text in narrative.paragraphs():
        p = doc.add_paragraph()
        name, size, bold = FONTS[style]
        fmt = p.paragraph_format
        fmt.line_spacing = Pt(28)
        fmt.space_after = Pt(0)
        if style in ("title", "part"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.space_before, fmt.space_after = Pt(16 if style == "part" else 0), Pt(16)
        else:
            fmt.first_line_indent = Pt(size * 2)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for piece, asks in _pieces(xml_safe(text)):  # control characters: no form in Word
            run = p.add_run(piece)
            _font(run, name, size, bold)
            if asks:  # a 〔请…〕 left for the office stands out on the page
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return doc


def _pieces(text: str):
    """(piece, is a placeholder) in order."""
    at = 0
    for m in PLACEHOLDER.finditer(text):
        if m.start() > at:
            yield text[at:m.start()], False
        yield m.group(0), True
        at = m.end()
    if at < len(text):
        yield text[at:], False


def _font_style(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "仿宋", Pt(16)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), "仿宋")


def mark_unchecked(doc, note: str) -> None:
    """A forced export: 「未通过校验」 in the document properties and on every page (header, footer)."""
    props = doc.core_properties
    props.subject = props.keywords = note.split("：")[0]
    props.comments = note
    section = doc.sections[0]
    for part, size in ((section.header, 12), (section.footer, 10)):
        p = part.paragraphs[0] if part.paragraphs else part.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(note)
        _font(run, "黑体", size, True)
        run.font.color.rgb = RGBColor(0xFF, 0, 0)


def write_docx(narrative, path: str | os.PathLike, inputs=(), unchecked: str = "") -> None:
    doc = build_document(narrative)
    if unchecked:
        mark_unchecked(doc, unchecked)
    with atomic_path(path, inputs) as tmp:
        doc.save(tmp)

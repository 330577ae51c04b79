"""The Word memo's page and type: styles, margins, the running head and foot, and the OOXML
properties python-docx has no call for (cell margins, rows that never split, repeated header rows,
shading, paragraph borders). Sizes follow the PDF's stylesheet (templates/memo.css): 9pt serif
body, 11.5pt headings, tables in condensed sans, so page 1 carries the same bottom line and risks.
"""

from __future__ import annotations

import re

NAVY = (0x1D, 0x35, 0x57)
LEGEND_RED = (0x7A, 0x1F, 0x24)
SANS = "DejaVu Sans Condensed"
SERIF = "DejaVu Serif"
TEXT_MM = 176  # A4 less two 17 mm margins
HEADINGS = (("Title", 15), ("Heading 1", 11.5), ("Heading 2", 10), ("Heading 3", 9.4))


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def nowrap_dates(text: str) -> str:
    """ISO dates held on one line: their hyphens as non-breaking hyphens (U+2011)."""
    return _ISO_DATE.sub("\\1\u2011\\2\u2011\\3", text)


def set_styles(doc) -> None:
    """Body 9pt serif with little space after; headings in navy sans that keep with what follows."""
    from docx.shared import Pt, RGBColor

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = SERIF, Pt(9)
    normal.paragraph_format.space_after = Pt(3)  # tight, like the PDF: page 1 carries the bottom line and the risks
    normal.paragraph_format.line_spacing = 1.1
    normal.paragraph_format.widow_control = True
    for name, size in HEADINGS:
        style = styles[name]
        style.font.name, style.font.size = SANS, Pt(size)
        style.font.color.rgb = RGBColor(*NAVY)
        fmt = style.paragraph_format
        fmt.keep_with_next = True  # a heading is never the last line of a page
        fmt.keep_together = True
        fmt.line_spacing = 1.0
    styles["Title"].font.all_caps = True
    styles["Title"].font.bold = True
    styles["Title"].paragraph_format.space_before = Pt(4)
    styles["Title"].paragraph_format.space_after = Pt(2)
    styles["Heading 1"].paragraph_format.space_before = Pt(8)
    styles["Heading 1"].paragraph_format.space_after = Pt(3)
    for name in ("Heading 2", "Heading 3"):
        styles[name].paragraph_format.space_before = Pt(6)
        styles[name].paragraph_format.space_after = Pt(2)
    border(styles["Heading 1"], "bottom", "1D3557", 6, space=1)
    border(styles["Title"], "bottom", "1D3557", 10, space=2)  # the PDF's navy rule under the memo's head


def set_page(sec) -> None:
    """A4 portrait, the PDF's 17 mm side margins; the running head and foot sit close to the edge."""
    from docx.shared import Mm

    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin = sec.right_margin = Mm(17)
    sec.top_margin, sec.bottom_margin = Mm(13), Mm(14)
    sec.header_distance, sec.footer_distance = Mm(6), Mm(6)


def header_footer(sec, view) -> None:
    """Pages 2 on: the deal's title left, "Memorandum · date of issue" right (the PDF's running head).
    Page 1 opens with the memo's own heading, so its head is empty; every foot, page 1's too, carries
    the short privilege legend (counsel's memos) and "Page X of Y"."""
    from docx.shared import RGBColor

    running_head(sec, view, "Memorandum" if view["sections"] else "Appendix")
    sec.different_first_page_header_footer = True  # page 1: no running head, as the PDF
    feet = [sec.footer.paragraphs[0], sec.first_page_footer.paragraphs[0]]
    for foot in feet:
        if view["privilege_banner"]:  # every page's foot carries the short legend, page 1 too (as the PDF)
            foot.add_run(view["legend_short"] + "    ").font.color.rgb = RGBColor(*LEGEND_RED)
        for part in ("Page ", "PAGE", " of ", "NUMPAGES"):
            if part.isupper():
                field(foot, part)
            else:
                foot.add_run(part)
    _quiet([r for foot in feet for r in foot.runs])


def running_head(sec, view, part: str) -> None:
    """The deal's title left, "<part> · date of issue" right; a later section (the appendix) gets its own."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm, Twips

    sec.header.is_linked_to_previous = False
    head = sec.header.paragraphs[0]
    tabs = head.paragraph_format.tab_stops
    for pos in (4680, 9360):  # the Header style's US Letter stops, cleared: one right stop at the margin
        tabs.add_tab_stop(Twips(pos), WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(Mm(TEXT_MM), WD_TAB_ALIGNMENT.RIGHT)
    head.add_run(view["deal_title"] + "\t" + nowrap_dates(f"{part} · {view['date_shown']}"))
    _quiet(head.runs)


def _quiet(runs) -> None:
    """The running head's and foot's type: 7.5pt condensed sans, grey unless coloured (the legend)."""
    from docx.shared import Pt, RGBColor

    for run in runs:
        run.font.name = SANS
        run.font.size = Pt(7.5)
        if run.font.color.rgb is None:
            run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()  # one run a part, so each carries the foot's font (the number too)
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _on(parent, tag: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    parent.append(el)


def cant_split(row) -> None:
    """A row is never split across pages (Word: 'Allow row to break across pages' off)."""
    _on(row._tr.get_or_add_trPr(), "w:cantSplit")


def repeat_header(row) -> None:
    """The row is repeated at the top of each page the table runs onto (comes after cantSplit)."""
    _on(row._tr.get_or_add_trPr(), "w:tblHeader")


def shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def table_look(table, colour: str = "B8C2CE", size: int = 4, margins=(24, 74)) -> None:
    """Thin light rules instead of Table Grid's black ones, and the PDF's cell padding
    (margins: top/bottom and left/right, in twentieths of a point: 24 ≈ 0.4 mm, 74 ≈ 1.3 mm)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single" if size else "nil")  # size 0: no rule at all
        if size:
            el.set(qn("w:sz"), str(size))
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), colour)
        borders.append(el)
    mar = OxmlElement("w:tblCellMar")
    for side, w in (("top", margins[0]), ("left", margins[1]), ("bottom", margins[0]), ("right", margins[1])):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(w))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    # CT_TblPr's order: … tblW, jc, tblCellSpacing, tblInd, tblBorders, shd, tblLayout, tblCellMar, tblLook
    layout = tbl_pr.find(qn("w:tblLayout"))
    look = tbl_pr.find(qn("w:tblLook"))
    if layout is not None:
        layout.addprevious(borders)
    elif look is not None:
        look.addprevious(borders)
    else:
        tbl_pr.append(borders)
    if look is not None:
        look.addprevious(mar)
    else:
        tbl_pr.append(mar)


AFTER_PBDR = (
    "w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:spacing w:ind w:contextualSpacing w:jc w:outlineLvl w:rPr".split()
)


def border(target, side: str, colour: str, size: int, space: int = 1) -> None:
    """A rule on one side (or "box": all four) of a paragraph or paragraph style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = target.element.get_or_add_pPr() if hasattr(target, "element") else target._p.get_or_add_pPr()
    for old in p_pr.findall(qn("w:pBdr")):  # one set of rules (the Title style brings its own)
        p_pr.remove(old)
    bdr = OxmlElement("w:pBdr")
    for s in ("top", "left", "bottom", "right") if side == "box" else (side,):
        el = OxmlElement(f"w:{s}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), str(space))
        el.set(qn("w:color"), colour)
        bdr.append(el)
    # CT_PPr's order: pStyle, keepNext, keepLines, pageBreakBefore, framePr, widowControl, numPr,
    # suppressLineNumbers, pBdr, shd, tabs, …: insert before the first element that must follow pBdr
    for tag in AFTER_PBDR:
        el = p_pr.find(qn(tag))
        if el is not None:
            el.addprevious(bdr)
            return
    p_pr.append(bdr)

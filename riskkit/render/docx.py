"""The memo as an editable Word document (python-docx), from the same view as the PDF.

Real headings (Heading 1/2/3, so Word's navigation pane lists the sections), real tables, the
scores chart as a PNG (drawn with Pillow, no network), the deal and the date of issue in the
running head, the privilege legend and "Page X of Y" fields in every foot. Page, type and table
layout live in docx_page and docx_table. Deal text is inserted as literal run text, never parsed.
The bytes are deterministic: fixed core-properties dates and fixed zip entry timestamps, entries
in a fixed order.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile

from riskkit.render.docx_page import (
    LEGEND_RED,
    SANS,
    TEXT_MM,
    border,
    header_footer,
    nowrap_dates,
    running_head,
    set_page,
    set_styles,
    shade,
    table_look,
)
from riskkit.render.docx_table import add_runs, add_table, spacer
from riskkit.render.memo_png import chart_png, geometry_png

__all__ = ["chart_png", "docx_bytes", "nowrap_dates", "write_docx"]

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def write_docx(assessment, stream, options) -> None:
    """The registered "docx" writer."""
    from riskkit.render.memo import memo_kwargs
    from riskkit.render.memo_view import memo_view

    kwargs = memo_kwargs(options or {})
    kwargs.pop("template_dir", None)
    view = memo_view(assessment, **kwargs)
    stream.write(docx_bytes(view))


def docx_bytes(view: dict) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    doc = docx.Document()
    set_styles(doc)
    sec = doc.sections[0]
    set_page(sec)
    header_footer(sec, view)

    _core(doc, view)
    if view["privilege_banner"]:
        p = doc.add_paragraph()  # the PDF's banner: the legend in a red rule box, centred
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(4)
        border(p, "box", "7A1F24", 6, space=2)
        run = p.add_run(view["legend"])
        run.bold = True
        run.font.name, run.font.size = SANS, Pt(8)
        run.font.color.rgb = RGBColor(*LEGEND_RED)
        for note in view["legend_notes"]:
            p = doc.add_paragraph()
            p.paragraph_format.space_after = Pt(1)
            p.paragraph_format.line_spacing = 1.0
            run = p.add_run(note)
            run.font.size = Pt(7)
            run.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    if view["hypothetical"]:
        p = doc.add_paragraph()
        p.add_run(view["illustrative"] + ". ").bold = True
        p.add_run(view["illustrative_note"])
    doc.add_paragraph("Memorandum" if view["sections"] else "Appendix", style="Title")
    fields = doc.add_table(rows=3, cols=4)
    fields.autofit = False
    table_look(fields, size=0, margins=(10, 40))  # no rules: a letterhead block, not a grid
    for i, w in enumerate((18, 92, 26, 40)):  # labels narrow, values wide: no field wraps
        fields.columns[i].width = Mm(w)
    for r, (a, b, c, d) in enumerate(
        (
            ("To", view["to"], "Prepared on", view["date_shown"]),
            ("From", view["from_"], "Facts as of", view["as_of"]),
            ("Re", view["deal_title"], "Deal stage", view["stage"]),
        )
    ):
        for col, text in enumerate((a, b, c, d)):
            cell = fields.cell(r, col)
            cell.text = ""
            cell.width = Mm((18, 92, 26, 40)[col])
            run = cell.paragraphs[0].add_run(nowrap_dates(text))
            run.bold = col in (0, 2) or (r, col) == (2, 1)  # the labels, and the deal's name as the PDF
            if col in (0, 2):
                run.font.name = SANS
            run.font.size = Pt(8.5)
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    if view["sections"]:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(2)
        run = p.add_run(f"Parties: {view['parties']}.")
        run.font.size = Pt(8)
    for s in view["sections"]:
        _section(doc, s, view, level=1)
    if view["appendix"]:
        if view["sections"]:
            from docx.enum.section import WD_SECTION

            # a new section, so the appendix's running head says "Appendix" (as the PDF's)
            running_head(doc.add_section(WD_SECTION.NEW_PAGE), view, "Appendix")
            doc.add_heading("Appendix", level=1)
        for s in view["appendix"]:
            _section(doc, s, view, level=2 if view["sections"] else 1)
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue())


def _core(doc, view) -> None:
    """Core properties: the date of issue (when given) as created and modified, the author as creator.
    Without a date of issue the file claims no dates at all: the facts' date would backdate it and
    the clock would break byte-for-byte output (second partner review, item 14)."""
    from docx.oxml.ns import qn

    cp = doc.core_properties
    cp.title = view["title"]
    cp.author = view["author"]
    cp.subject = view["subject"]
    # No tool fingerprint, rubric list or print stamp in a document that is sent (partner review item 30).
    cp.keywords = ""
    cp.comments = ""
    cp.last_modified_by = view["author"]
    cp.revision = 1
    if view.get("issued"):
        date = _dt.date.fromisoformat(view["issued"])
        cp.created = cp.modified = _dt.datetime(date.year, date.month, date.day, 0, 0, 0)
        return
    for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for el in cp._element.findall(qn(tag)):
            cp._element.remove(el)


# docProps/app.xml as riskkit writes it: the template's says "Microsoft Macintosh Word", 1 page,
# 0 words — claims about an application and counts that are not this document's.
APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>riskkit</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def s_title(doc) -> str:
    """The text of the last heading written (a box named like its section repeats no title)."""
    return getattr(doc, "_riskkit_heading", "")


LINE_CHARS = 100  # about this many characters of 9pt serif fill a line of the 176 mm text width
KEEP_LINES = 12  # a paragraph or list this short is never split across pages


def _lines(runs) -> int:
    """About how many lines a paragraph's runs fill (a forced line break starts a new one)."""
    text = "".join(r[0] if isinstance(r, tuple | list) else str(r) for r in runs)
    return sum(1 + len(part) // LINE_CHARS for part in text.split("\n"))


def _section(doc, s, view, level: int) -> None:
    doc.add_heading(s["title"], level=level)
    doc._riskkit_heading = s["title"]
    blocks = s["blocks"]
    for i, b in enumerate(blocks):
        _block(doc, b, view, level)
        following = blocks[i + 1]["type"] if i + 1 < len(blocks) else ""
        if b["type"] in ("p", "h3") and following in ("table", "figure", "chart", "list") and doc.paragraphs:
            doc.paragraphs[-1].paragraph_format.keep_with_next = True  # a lead line stays with what it leads
        if b["type"] in ("table", "box") and following:
            spacer(doc)  # two tables never join, and text after a table keeps a little room (a heading has its own)


def _keep(p, runs) -> None:
    """A paragraph of up to KEEP_LINES lines is never split across pages."""
    if _lines(runs) <= KEEP_LINES:
        p.paragraph_format.keep_together = True


def _block(doc, b, view, level: int, container=None) -> None:
    from docx.shared import Mm, Pt

    target = container or doc
    kind = b["type"]
    small = b.get("class") == "small"
    if kind == "p":
        p = target.add_paragraph()
        add_runs(p, b["runs"], 7.5 if small else (8 if container is not None else None))
        _keep(p, b["runs"])
    elif kind == "h3":
        if container is None:
            doc.add_heading(b["text"], level=min(level + 1, 3))
        else:
            target.add_paragraph().add_run(b["text"]).bold = True
    elif kind == "list":
        items = []
        for item in b["entries"]:
            p = target.add_paragraph(style="List Number" if b["ordered"] else "List Bullet")
            add_runs(p, item, 7.5 if container is not None else None)
            p.paragraph_format.space_after = Pt(1.5)
            _keep(p, item)
            items.append(p)
        if sum(_lines(item) for item in b["entries"]) <= KEEP_LINES:  # a short list stays whole
            for p in items[:-1]:
                p.paragraph_format.keep_with_next = True
    elif kind == "table":
        add_table(target, b, TEXT_MM - 6 if container is not None else TEXT_MM - 2)
    elif kind == "box":
        t = target.add_table(rows=1, cols=1)
        t.style = "Table Grid"
        t.autofit = False
        table_look(t, colour="1D3557", size=8, margins=(60, 140))
        cell = t.cell(0, 0)
        cell.width = Mm(TEXT_MM)
        shade(cell, "F5F7FA")
        if b["title"] != s_title(doc):
            run = cell.paragraphs[0].add_run(b["title"].upper())
            run.bold, run.font.name, run.font.size = True, SANS, Pt(8)
        after_table = False
        for inner in b["blocks"]:
            _block(doc, inner, view, level, container=cell)
            if after_table and inner["type"] == "p":
                cell.paragraphs[-1].paragraph_format.space_before = Pt(3)
            after_table = inner["type"] == "table"
        for para in cell.paragraphs[:-1]:  # no title, no paragraph python-docx adds after a table: no blank line
            if not para.text and not para._p.xpath("./w:r"):
                cell._tc.remove(para._p)
    elif kind == "chart":
        p = target.add_paragraph()
        p.add_run().add_picture(io.BytesIO(chart_png(b["chart"])), width=Mm(170))
    elif kind == "figure":
        p = target.add_paragraph()
        p.paragraph_format.keep_with_next = True  # the chart stays with its caption
        p.add_run().add_picture(io.BytesIO(geometry_png(b["geometry"])), width=Mm(150))
    elif kind == "html":
        from riskkit.render.memo_docx_extra import extra_blocks

        extra = b["section"]
        doc.add_heading(extra["title"], level=min(level + 1, 3))
        for inner in extra_blocks(extra):
            _block(doc, inner, view, level + 1)


def _fixed_zip(data: bytes) -> bytes:
    """The same package with every entry dated 1980-01-01 (python-docx stamps the save time)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            data = APP_XML if info.filename == "docProps/app.xml" else src.read(info.filename)
            dst.writestr(fixed, data)
    return out.getvalue()

"""Tables and runs of the Word memo, and how they keep together across pages.

A table's rows never split (cantSplit) and its header row repeats on each page it runs onto
(tblHeader). A table of up to KEEP_WHOLE rows stays on one page: every paragraph in every row but
the last keeps with the next (Word and LibreOffice honour keep-with-next in table rows). A longer
table may break between rows, but never leaves its first or last row alone on a page. The top
risks may break between rows (each row stands alone), so page 1 is never left half empty.
"""

from __future__ import annotations

import re

from riskkit.render.docx_page import (
    NAVY,
    SANS,
    cant_split,
    nowrap_dates,
    repeat_header,
    shade,
    table_look,
)

KEEP_WHOLE = 12  # data rows: a table this short is never split across pages
TABLE_PT = 7.5  # the body tables' type (the PDF's grid: 7.4pt condensed sans)
HEAD_PT = 7  # header cells: small capitals in navy, as the PDF
SMALL_GREY = (0x33, 0x3D, 0x4A)  # the "small" asides: dark slate, readable on white and on the box's tint


def add_runs(paragraph, runs, size=None, font=None) -> None:
    """Literal text runs ("b" bold, "i" italic, "small" an aside in dark grey); "\\n" is a line break."""
    from docx.shared import Pt, RGBColor

    for text, style in runs:
        parts = nowrap_dates(text).split("\n")
        for i, part in enumerate(parts):
            if i:
                paragraph.add_run().add_break()
            if not part:
                continue
            run = paragraph.add_run(part)
            run.bold = "b" in style
            run.italic = "i" in style
            if font:
                run.font.name = font
            if style == "small":  # an aside, not fine print: the size of the text around it, in dark grey
                run.font.size = Pt(size or 7.5)
                run.font.color.rgb = RGBColor(*SMALL_GREY)
            elif size:
                run.font.size = Pt(size)


def add_table(target, b, total: float) -> None:
    """A grid table from a "table" block, `total` mm wide."""
    from docx.shared import Mm, Pt, RGBColor

    cols = len(b["columns"])
    t = target.add_table(rows=1 + len(b["rows"]), cols=cols)
    t.style = "Table Grid"
    t.autofit = False
    table_look(t)
    # Each row's cells read once: python-docx's t.cell(r, c) and column.cells walk the whole table per call.
    rows = list(t.rows)
    grid = [row.cells for row in rows]
    for i, w in enumerate(widths(b, total)):
        t.columns[i].width = Mm(w)
        for cells in grid:
            cells[i].width = Mm(w)
    for i, c in enumerate(b["columns"]):
        cell = grid[0][i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(c)
        run.bold = True
        run.font.all_caps = True  # formatting only: the text stays as written
        run.font.name = SANS
        run.font.size = Pt(HEAD_PT)
        run.font.color.rgb = RGBColor(*NAVY)
        shade(cell, "E8EDF3")
    for row in rows:  # cantSplit comes before tblHeader in a row's properties (OOXML order)
        cant_split(row)
    repeat_header(rows[0])
    n = len(b["rows"])
    keeps = row_keeps(n, splittable=b.get("class") == "risks")
    for r, row in enumerate(b["rows"], start=1):
        for i, runs in enumerate(row):
            add_runs(grid[r][i].paragraphs[0], runs, TABLE_PT, SANS)
    for r, keep in enumerate(keeps):
        for cell in grid[r]:
            for p in cell.paragraphs:
                p.paragraph_format.space_after = Pt(0)
                p.paragraph_format.line_spacing = 1.0
                p.paragraph_format.keep_with_next = keep


def row_keeps(n: int, splittable: bool = False) -> list:
    """keep-with-next for the header row and the n data rows: all but the last for a short table;
    for a long (or splittable) one the header and first row, and the row before the last."""
    if n <= KEEP_WHOLE and not splittable:
        return [True] * n + [False]
    return [True] + [r < n and (r == 1 or (r == n - 1 and not splittable)) for r in range(1, n + 1)]


def spacer(target) -> None:
    """A thin empty paragraph after a table, so the next one does not join it."""
    from docx.shared import Pt

    p = target.add_paragraph()
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    p.add_run().font.size = Pt(3)


def _words(cell) -> list:
    runs = [cell] if isinstance(cell, str) else [r if isinstance(r, str) else r[0] for r in cell]
    # a line may break after a hyphen, dash or slash, so those split a word too
    return re.split(r"[\s\-–—/]+", " ".join(str(r) for r in runs))


def widths(b, total: float) -> list:
    """Column widths in mm: the block's shares, but never narrower than the longest word in the
    column (7.5pt condensed sans, bold at worst, and the cell margins: about 1.6 mm a character plus 3 mm)
    so no header or cell breaks mid-word."""
    cols = len(b["columns"])
    need = []
    for i in range(cols):
        cells = [b["columns"][i]] + [row[i] for row in b["rows"] if i < len(row)]
        longest = max((len(w) for c in cells for w in _words(c)), default=1)
        need.append(min(longest * 1.6 + 3, total / 2))
    out = [max(total * w, n) for w, n in zip(b["widths"], need, strict=False)]
    spare = [i for i in range(cols) if out[i] > need[i]]
    over = sum(out) - total
    room = sum(out[i] - need[i] for i in spare)
    if over > 0 and room > 0:  # take the excess from the columns that have room, in proportion
        for i in spare:
            out[i] -= over * (out[i] - need[i]) / room
    return out

"""The review workbook's Timeline sheet: each risk rubric's score by date, most likely with a best–worst band.

One column per step (its date, its title, whether it falls after the deal's as-of date) and one block of
rows per risk rubric (most-likely score, best case, worst case, most-likely band, band range), so the
sheet stays one readable page wide however many rubrics there are. Below: what changed at each step, one
row per change. One chart per risk rubric, on a date axis (gaps between steps drawn to scale): the
best–worst range as a shaded band (a stacked area over an invisible base) and the most-likely score as
straight segments with markers. Steps after the deal's as-of date are marked in the table and left off
the charts. Filing-threshold rubrics give verdicts, not scores: one row, kept off the charts.
"""

from __future__ import annotations

from openpyxl.chart import AreaChart, LineChart, Reference
from openpyxl.chart.axis import DateAxis
from openpyxl.chart.legend import LegendEntry
from openpyxl.chart.series import SeriesLabel
from openpyxl.utils import get_column_letter

from riskkit.model.words import clean, fact_list, short_title
from riskkit.render.xlsx.cells import (
    BAND_FILLS,
    BOLD,
    CENTRE_WRAP,
    LOCKED_FILL,
    colour_rules,
    fit_rows,
    header_row,
    print_setup,
    protect,
    put,
    score_axes,
    wrapped_lines,
)

MEASURES = ("most likely", "best case", "worst case", "most-likely band", "band range")
FIRST = 3  # the first step's column
CHUNK = 8  # facts named per row of the changes table


def likely_score(r) -> tuple[float, str]:
    """(most-likely score, its label): the engine's most-likely estimate (ScoreRange.likely)."""
    return r.likely, "most likely"


def timeline_sheet(t):
    """A workbook extra-sheet builder: fn(openpyxl_workbook, as_of=None) adding a "Timeline" sheet with charts."""

    def add(wb, as_of=None) -> None:
        _write(wb.create_sheet("Timeline"), t, as_of)

    add.takes_as_of = True
    return add


def _write(ws, t, as_of) -> None:
    first = t.results[0].assessment.results if t.results else ()
    risk = [rr for rr in first if rr.rubric.kind != "notifiability"]
    filing = [rr.id for rr in first if rr.rubric.kind == "notifiability"]
    steps = list(t.results)
    last_col = FIRST + len(steps) - 1
    headers = ["Rubric", "Measure"] + [r.step.date.isoformat() for r in steps]
    widths = [24, 14] + [max(12.0, 70 / max(len(steps), 1))] * len(steps)
    header_row(ws, headers, widths)
    for j, r in enumerate(steps):  # real dates: the charts' date axis reads them
        cell = ws.cell(row=1, column=FIRST + j, value=r.step.date)
        cell.number_format = "yyyy-mm-dd"
    put(ws, 2, 2, "Step").font = BOLD
    put(ws, 3, 2, "After the as-of date?").font = BOLD
    charted = 0
    for j, r in enumerate(steps):
        col = FIRST + j
        put(ws, 2, col, clean(r.step.title), wrap=True)
        later = as_of is not None and r.step.date > as_of
        if later:
            put(ws, 3, col, f"yes: after {as_of.isoformat()}, not on the charts", wrap=True).font = BOLD
            for row in (2, 3):
                ws.cell(row=row, column=col).fill = LOCKED_FILL
        else:
            charted = j + 1
    row = 3
    blocks = {}
    for rr0 in risk:
        blocks[rr0.id] = row + 1
        for k, measure in enumerate(MEASURES):
            row += 1
            if k == 0:
                put(ws, row, 1, short_title(rr0.rubric), wrap=True).font = BOLD
            put(ws, row, 2, measure)
            for j, r in enumerate(steps):
                rr = {x.id: x for x in r.assessment.results}.get(rr0.id)
                if rr is None or rr.status == "not_applicable":
                    continue
                g = rr.range
                value = (round(likely_score(g)[0], 1), g.score, g.score_worst, g.likely_band, g.band_text())[k]
                put(ws, row, FIRST + j, value).alignment = CENTRE_WRAP
        band_row = row - 1
        colour_rules(ws, f"{get_column_letter(FIRST)}{band_row}:{get_column_letter(last_col)}{band_row}", BAND_FILLS)
    verdicts = ["; ".join(r2.verdicts() for r2 in r.assessment.results if r2.id in filing) for r in steps]
    if filing and len(set(verdicts)) > 1:  # a row that says the same at every step says nothing
        row += 1
        put(ws, row, 1, "Filing verdicts").font = BOLD
        for j, text in enumerate(verdicts):
            put(ws, row, FIRST + j, text, wrap=True)
    table_end = row
    fit_rows(ws, 1, table_end)
    row = _changes(ws, steps, row + 2, last_col)
    end = max(last_col, 7)
    helper = end + 2  # chart helper cells (best–worst spread), right of the print area
    put(ws, 2, helper, "chart helper: best–worst spread (not printed)")
    for rr0 in risk:
        b = blocks[rr0.id]
        put(ws, b, helper, f"{rr0.id} spread")
        for j in range(len(steps)):
            best, worst = ws.cell(row=b + 1, column=FIRST + j).value, ws.cell(row=b + 2, column=FIRST + j).value
            if isinstance(best, (int, float)) and isinstance(worst, (int, float)):
                put(ws, b, helper + 1 + j, round(worst - best, 1))
    anchor = row + 2
    if charted:
        for rr0 in risk:
            chart = _chart(ws, short_title(rr0.rubric), blocks[rr0.id], helper, FIRST + charted - 1)
            ws.add_chart(chart, f"A{anchor}")
            anchor += 18
    printed = anchor
    ws.freeze_panes = "C2"
    print_setup(ws, "1:1", f"A1:{get_column_letter(max(last_col, 7))}{printed}")
    ws.print_title_cols = "A:B"
    protect(ws)


def _changes(ws, steps, row: int, last_col: int) -> int:
    """What changed at each step, one row per change: date, step, the change in words."""
    end = max(last_col, 7)
    header_row(ws, ["Date", "Step", "What changed"] + [""] * (end - 3),
               [ws.column_dimensions[get_column_letter(c)].width for c in range(1, end + 1)], row=row)  # fmt: skip
    ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=end)
    for r in steps:
        cat = r.assessment.catalogue
        lines = [clean(b.explanation) for b in r.band_changes]
        changed = [c.fact for c in r.changes]
        for k in range(0, len(changed), CHUNK):  # a long list over several rows: a cell holds 409 pt
            part = f" ({k // CHUNK + 1} of {-(-len(changed) // CHUNK)})" if len(changed) > CHUNK else ""
            lines.append(f"Facts changed{part}: " + fact_list(cat, changed[k : k + CHUNK]))
        for text in lines or ["(the starting point)" if r is steps[0] else "no band moved"]:
            row += 1
            put(ws, row, 1, r.step.date.isoformat())
            put(ws, row, 2, clean(r.step.title), wrap=True)
            put(ws, row, 3, text, wrap=True)
            ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=end)
            width = sum(ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(3, end + 1))
            lines_needed = max(wrapped_lines(text, width), wrapped_lines(r.step.title, 14))
            ws.row_dimensions[row].height = min(409, round(15 * lines_needed + 3, 1))
    return row


def _chart(ws, title: str, block: int, helper: int, last_col: int):
    """Most-likely line over a shaded best–worst band, for the step columns FIRST … last_col, on a date axis."""
    dates = Reference(ws, min_col=FIRST, max_col=last_col, min_row=1, max_row=1)
    area = AreaChart()
    area.grouping = "stacked"
    area.add_data(Reference(ws, min_col=2, max_col=last_col, min_row=block + 1, max_row=block + 1),
                  from_rows=True, titles_from_data=True)  # best case: the invisible base  # fmt: skip
    area.add_data(Reference(ws, min_col=helper, max_col=helper + last_col - FIRST + 1, min_row=block,
                            max_row=block), from_rows=True, titles_from_data=True)  # fmt: skip
    base, spread = area.series
    base.graphicalProperties.noFill = True
    base.graphicalProperties.line.noFill = True
    spread.graphicalProperties.solidFill = "BDD7EE"
    spread.graphicalProperties.line.noFill = True
    spread.tx = SeriesLabel(v="best to worst case")
    line = LineChart()
    line.add_data(Reference(ws, min_col=2, max_col=last_col, min_row=block, max_row=block), from_rows=True,
                  titles_from_data=True)  # fmt: skip
    (likely,) = line.series
    likely.smooth = False
    likely.tx = SeriesLabel(v="most-likely score")
    likely.graphicalProperties.line.solidFill = "1F3864"
    likely.graphicalProperties.line.width = 28575
    likely.marker.symbol = "circle"
    for chart in (area, line):
        chart.x_axis = DateAxis(crossAx=100)
        chart.x_axis.number_format = "yyyy"
        chart.x_axis.majorUnit = 1
        chart.x_axis.majorTimeUnit = "years"
        chart.set_categories(dates)
    score_axes(area, f"{title} (line: most likely; shaded: best to worst case)", "score (0–100)", "date")
    area.legend.legendEntry = [LegendEntry(idx=0, delete=True)]  # the invisible base
    area += line
    area.height, area.width = 8.5, 22
    return area

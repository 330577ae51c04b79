"""The review workbook's Summary sheet: start here (what to do, with live counts of decisions and answers),
the deal, the scores (most-likely estimate first, best and worst case beside it), how to read them (the
presumptions, the band cut-offs, sources against references), the filing screen regime by regime, a
legend for every colour, and a bar chart."""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.axis import ChartLines
from openpyxl.chart.legend import LegendEntry
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from riskkit.model.inputs import CONCERN
from riskkit.model.words import clean, fact_list, short_title
from riskkit.render.xlsx.cells import (
    ALERT_FILL,
    BAND_FILLS,
    BOLD,
    CENTRE,
    CENTRE_WRAP,
    FONT,
    INPUT_FILL,
    LEFT_WRAP,
    LOCKED_FILL,
    PRINT_WIDTH_PT,
    STATUS_FILLS,
    colour_rules,
    fit_rows,
    header_row,
    print_setup,
    printed_width,
    protect,
    put,
    score_axes,
    wrapped_lines,
)

WIDTHS = [30, 11, 11, 11, 9, 9, 13, 9, 9, 8]
LO_SLACK = 1.33  # LibreOffice without Calibri draws columns a third wider (as on Findings)
SPAN = len(WIDTHS)  # text blocks run across A … J
BLOCK_FILL = PatternFill("solid", fgColor="E8EEF7")


def block(ws, row: int, text: str, *, first: int = 1, last: int = SPAN, bold: bool = False, fill=None) -> int:
    """A wrapped text block merged across columns first … last, its row tall enough; returns the next row."""
    cell = put(ws, row, first, text)
    cell.alignment = LEFT_WRAP
    if bold:
        cell.font = BOLD
    if fill is not None:
        cell.fill = fill
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    width = sum(ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(first, last + 1))
    lines = wrapped_lines(text, width)
    if lines > 1:
        ws.row_dimensions[row].height = min(409, round(14.5 * lines + 3, 1))
    return row + 1


def heading(ws, row: int, text: str) -> int:
    put(ws, row, 1, text).font = Font(name=FONT, bold=True, size=12, color="1F3864")
    return row + 1


def band_scale(rubric) -> str:
    """'low below 20, moderate 20 to under 40, high 40 to under 60, severe 60 and above'."""
    bands = sorted(rubric.bands, key=lambda b: b.min)
    parts = []
    for i, b in enumerate(bands):
        if i == 0:
            parts.append(f"{b.name} below {bands[1].min:g}" if len(bands) > 1 else b.name)
        elif i + 1 < len(bands):
            parts.append(f"{b.name} {b.min:g} to under {bands[i + 1].min:g}")
        else:
            parts.append(f"{b.name} {b.min:g} and above")
    return ", ".join(parts)


def summary_sheet(ws, a, review) -> None:
    from riskkit.render.xlsx.findings import finding_status, ordered
    from riskkit.render.xlsx.gaps import gap_rows

    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    d = a.deal
    put(ws, 1, 1, f"Review workbook: {d.title}").font = Font(name=FONT, bold=True, size=14)
    row = 2
    if d.hypothetical:
        row = block(ws, row, "HYPOTHETICAL: this is an invented deal, not a real transaction.", bold=True)
    statuses = [finding_status(f) for _, f in ordered(a)]
    t, u = statuses.count("triggered") + statuses.count("waived"), statuses.count("unknown")
    needed, idle = t + u, sum(1 for s in statuses if s in ("not in play", "not applicable"))
    requests = len(gap_rows(a))
    row = heading(ws, row + 1, "Start here")
    steps = [
        f"1. Findings (next sheet): give a Decision (agree, disagree, needs info or waive) on each of the {needed} "
        f"rows that need one: rows 2 to {needed + 1}, {t} triggered and {u} unknown. Clear rows need a decision "
        f"only if you disagree; the {idle} rows not in play count in no score and are greyed out and locked. "
        "Add your name and the date beside each decision.",
        "2. Decision rules: Adjusted points only with 'disagree' (0 to the criterion's Max points); 'waive' only for "
        "a triggered finding, with a Comment saying why and, on the evidence page, who approved the waiver and when it "
        "expires (the approver defaults to the Reviewer). A cell turns red when a rule is broken.",
        f"3. Gaps: answer the {requests} information requests in the Answer column, Priority 1 first, in the form "
        "shown; give the Confidence and the Source of each answer (the document or person it comes from).",
        "4. Save the file and return it to whoever sent it to you: riskkit reads the yellow cells back, adds the "
        "answers to the facts and re-scores beside this result. Only the yellow cells can be edited (the sheets are "
        "protected without a password).",
    ]
    for text in steps:
        row = block(ws, row, text, fill=BLOCK_FILL)
    progress = [
        ("Decisions made", f"=COUNTA(Findings!D2:D{max(needed + 1, 2)})", needed,
         f"Findings rows 2 to {needed + 1} (triggered and unknown)"),
        ("Requests answered", f"=COUNTA(Gaps!D2:D{max(requests + 1, 2)})", requests, "Gaps, the Answer column"),
    ]  # fmt: skip
    for label, formula, total, where in progress:
        put(ws, row, 1, label).font = BOLD
        ws.cell(row=row, column=2, value=formula).alignment = CENTRE  # our own formula, no user text in it
        put(ws, row, 3, f"of {total}")
        put(ws, row, 4, where)
        row += 1
    row = heading(ws, row + 1, "The deal")
    facts = [("Deal id", d.id), ("As of", d.as_of.isoformat()), ("Stage", d.stage),
             ("Parties", "; ".join(f"{p.name} ({p.role.replace('_', ' ')})" for p in d.parties)),
             ("Jurisdictions", ", ".join(d.jurisdictions)), ("Summary", d.summary), ("Result", a.summary_line())]  # fmt: skip
    for label, value in facts:
        put(ws, row, 1, label).font = BOLD
        row = block(ws, row, clean(value or ""), first=2)
    breaks = [row]  # the scores and their chart start a page
    row, head = _scores(ws, a, review, row + 1)
    charted = [rr for rr in a.results if rr.scored and rr.status != "not_applicable"]
    if charted:  # under the table it explains, before the notes
        row += _summary_chart(ws, head, [rr.id.replace("-", " ").capitalize() for rr in charted], row + 1) + 1
    breaks.append(row)  # how to read them, on a page of its own
    row = _how_to_read(ws, a, row + 1)
    breaks.append(row)  # so does the filing screen
    row = _filing(ws, a, row + 1)
    row = _legend(ws, row + 1)
    ws.freeze_panes = "A2"
    last_col = SPAN + (3 if review is not None else 0)
    scale = min(100, int(100 * PRINT_WIDTH_PT / (LO_SLACK * printed_width(ws, 1, last_col))))
    print_setup(ws, None, f"A1:{get_column_letter(last_col)}{row}", scale)  # a fixed scale keeps the page breaks
    for r in breaks:
        ws.row_breaks.append(Break(id=r))
    protect(ws)


def _scores(ws, a, review, row: int) -> tuple[int, int]:
    row = heading(ws, row, "Scores (0–100)")
    headers = ["Rubric", "Most-likely estimate", "Most-likely band", "Concern (band in words)", "Best case",
               "Worst case", "Band range (best–worst)", "Triggered", "Unknown", "Clear"]  # fmt: skip
    widths = list(WIDTHS)
    reviewed = {}
    if review is not None:
        headers += ["Reviewed score", "Reviewed band", "Decisions"]
        widths += [12, 14, 10]
        reviewed = {r.rubric_id: r for r in review.rubrics}
    header_row(ws, headers, widths, row=row, reviewer_from=SPAN + 1 if review is not None else None)
    head = row
    ordered = sorted(a.results, key=lambda rr: (not rr.scored, rr.status == "not_applicable"))
    merged = []
    for rr in ordered:
        row += 1
        c = rr.counts()
        g = rr.range
        if rr.status == "not_applicable":
            scores = ["not applicable", "", "", "", "", ""]
        elif not rr.scored:  # filing verdicts, not a risk score or band
            scores = [f"filing verdicts: {rr.verdicts()} (see the filing screen below)", "", "", "", "", ""]
        else:
            scores = [round(g.likely, 1), g.likely_band, CONCERN.get(g.likely_band, ""), g.score, g.score_worst,
                      g.band if g.band == g.band_worst else f"{g.band}–{g.band_worst}"]  # fmt: skip
        values = [short_title(rr.rubric), *scores, c["triggered"], c["unknown"], c["not_triggered"]]
        if review is not None:
            rv = reviewed.get(rr.id)
            if rv is not None and not rv.scored:
                values += [rv.text("reviewed"), "", rv.changes]
            else:
                values += [rv.reviewed.score_text(), rv.reviewed.band_text(), rv.changes] if rv else ["", "", 0]
        for col, value in enumerate(values, start=1):
            cell = put(ws, row, col, value, wrap=col == 1)
            if col >= 2:
                cell.alignment = CENTRE_WRAP
        if not rr.scored or rr.status == "not_applicable":
            merged.append(row)
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=7)
            ws.cell(row=row, column=2).alignment = LEFT_WRAP
    fit_rows(ws, head + 1, row)
    for r in merged:  # the text runs across B … G: one line, whatever B alone would need
        ws.row_dimensions[r].height = 18
    colour_rules(ws, f"C{head + 1}:C{row}", BAND_FILLS)
    return row + 1, head


def _how_to_read(ws, a, row: int) -> int:
    from riskkit.render.text import presumption_line

    row = heading(ws, row, "How to read the scores")
    risk = [rr for rr in a.results if rr.scored]
    scales = sorted({band_scale(rr.rubric) for rr in risk if rr.rubric.bands})
    words = ", ".join(f"{b} = {w}" for b, w in CONCERN.items())
    notes = [
        "Most-likely estimate: the score with each unknown fact at its presumed value (listed below) or, where "
        "there is no presumption, counted at mid-range. Best case counts every unknown criterion at 0 points, worst "
        "case at its maximum; the true score lies between them.",
        "Score = 100 × points ÷ the maximum points of the criteria in play. On Findings, a rubric's Most-likely "
        "points added up and divided by its Max points give its most-likely estimate (best and worst case likewise).",
        "Bands: " + ("; ".join(scales) if scales else "none") + f". In words (how likely a regulator is to take the "
        f"concern up): {words}. A criterion's floor can raise the band above what the score gives.",
        "Sources are the deal evidence (press reports, filings, statements) behind the facts; References are the "
        "law, guidance and decisions behind each criterion. Both are on Findings; the Sources sheet lists every "
        f"source and flags those dated after the deal's as-of date ({a.deal.as_of.isoformat()}).",
    ]
    for text in notes:
        row = block(ws, row, "• " + text)
    if a.presumptions:
        row = block(ws, row, f"Presumptions used for the most-likely estimate ({len(a.presumptions)}):", bold=True)
        for p in a.presumptions:
            row = block(ws, row, "• " + clean(presumption_line(p, a.catalogue)), first=1)
    bare = sorted({fid for rr in risk for f in rr.findings for fid in f.unpresumed})
    if bare:
        row = block(ws, row, f"No presumption, counted at mid-range ({len(bare)}): " + fact_list(a.catalogue, bare))
    return row


def _filing(ws, a, row: int) -> int:
    if not a.screen:
        return row
    row = heading(ws, row, "Filing screen: regime by regime")
    header_row(ws, ["Regime", "Verdict", "", "Suspensory?", "", "Review window", "", "", "", ""], WIDTHS, row=row)
    for first, last in ((2, 3), (4, 5), (6, SPAN)):
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    for s in a.screen:
        row += 1
        put(ws, row, 1, f"{s.regime.name} ({s.regime.id})", wrap=True).font = BOLD
        for (first, last), value in zip(((2, 3), (4, 5), (6, SPAN)),
                                        (s.verdict_text, s.regime.suspensory.replace("_", " "), s.window_text()),
                                        strict=True):  # fmt: skip
            put(ws, row, first, value, wrap=True)
            ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        lines = max(wrapped_lines(f"{s.regime.name} ({s.regime.id})", WIDTHS[0]), wrapped_lines(s.window_text(), 40),
                    wrapped_lines(s.verdict_text, 22))  # merged cells: the widths they span  # fmt: skip
        ws.row_dimensions[row].height = round(14.5 * lines + 3, 1)
        row = block(ws, row + 1, "Why: " + clean(s.reason), first=2) - 1
    row = block(ws, row + 1, "The questions each regime waits for are on Gaps (what it could move: 'decides the "
                             "filing question in …').")  # fmt: skip
    return row


def _legend(ws, row: int) -> int:
    row = heading(ws, row, "Colours")
    entries = [(name, colour, f"band: {name} = {CONCERN.get(name, '')}") for name, colour in BAND_FILLS.items()]
    entries += [(name, colour, "finding status (Findings)") for name, colour in STATUS_FILLS.items()
                if name != "not applicable"]  # fmt: skip
    entries += [
        ("your input", INPUT_FILL.fgColor.rgb[-6:], "a cell for you to fill in (orange header above it)"),
        ("locked", LOCKED_FILL.fgColor.rgb[-6:], "a reviewer cell on a row not in play: nothing to decide"),
        ("rule broken", ALERT_FILL, "a decision rule is broken (see Start here, step 2)"),
    ]
    for name, colour, meaning in entries:
        put(ws, row, 1, name).fill = PatternFill("solid", fgColor=colour)
        row = block(ws, row, meaning, first=2)
    return row


SPREAD_COL = 16  # chart helper: worst minus best case, right of the print area


def _summary_chart(ws, head: int, names: list, anchor: int) -> int:
    """One floating bar per rubric from best to worst case (a stacked column over an invisible base), the
    most-likely estimate as a marker on it, gridlines at the band cut-offs, in the table's order."""
    n = len(names)
    put(ws, head, SPREAD_COL, "chart helper: worst minus best case (not printed)")
    put(ws, head, SPREAD_COL + 1, "chart helper: short name")
    for r, name in zip(range(head + 1, head + n + 1), names, strict=True):
        best, worst = ws.cell(row=r, column=5).value, ws.cell(row=r, column=6).value
        put(ws, r, SPREAD_COL, round(worst - best, 1))
        put(ws, r, SPREAD_COL + 1, name)
    bars = BarChart()
    bars.type = "col"
    bars.grouping = "stacked"
    bars.overlap = 100
    bars.add_data(Reference(ws, min_col=5, min_row=head, max_row=head + n), titles_from_data=True)  # best: base
    bars.add_data(Reference(ws, min_col=SPREAD_COL, min_row=head, max_row=head + n), titles_from_data=True)
    base, spread = bars.series
    base.graphicalProperties.noFill = True
    base.graphicalProperties.line.noFill = True
    spread.graphicalProperties.solidFill = "BDD7EE"
    spread.tx = SeriesLabel(v="best to worst case")
    marks = LineChart()
    marks.add_data(Reference(ws, min_col=2, min_row=head, max_row=head + n), titles_from_data=True)
    (likely,) = marks.series
    likely.tx = SeriesLabel(v="most-likely estimate")
    likely.graphicalProperties.line.noFill = True  # markers only: rubrics are not a sequence
    likely.marker.symbol = "diamond"
    likely.marker.size = 10
    likely.marker.graphicalProperties.solidFill = "1F3864"
    categories = Reference(ws, min_col=SPREAD_COL + 1, min_row=head + 1, max_row=head + n)
    bars.set_categories(categories)
    marks.set_categories(categories)
    score_axes(bars, "Score by rubric: best to worst case, most-likely estimate marked", "score (0–100)")
    bars.y_axis.majorGridlines = ChartLines()  # at 20, 40, 60, 80: the band cut-offs
    bars.legend.legendEntry = [LegendEntry(idx=0, delete=True)]  # the invisible base
    bars += marks
    bars.height, bars.width = 8.0, 18
    ws.add_chart(bars, f"A{anchor}")
    return int(bars.height / 0.5) + 1  # rows of 15 pt the chart covers

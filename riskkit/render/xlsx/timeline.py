"""The review workbook's Timeline sheet: each risk rubric's score by date, likely with a best–worst band.

One chart per risk rubric: the best–worst range as a shaded band (a stacked area over an invisible
base) and the likely score as a line of straight segments (never smoothed past the data), with
axis titles and the step dates on the category axis. Filing-threshold rubrics give verdicts, not
scores: they are listed in a column and kept off the charts.
"""

from __future__ import annotations

from openpyxl.chart import AreaChart, LineChart, Reference
from openpyxl.chart.legend import LegendEntry
from openpyxl.chart.series import SeriesLabel
from openpyxl.utils import get_column_letter

from riskkit.render.xlsx.cells import BAND_FILLS, colour_rules, finish_table, header_row, put, score_axes

PER_RUBRIC = ("likely", "best", "worst", "band")


def likely_score(r) -> tuple[float, str]:
    """(likely score, its label): the engine's most-likely estimate (ScoreRange.likely)."""
    return r.likely, "likely"


def timeline_sheet(t):
    """A workbook extra-sheet builder: fn(openpyxl_workbook) adding a "Timeline" sheet with charts."""

    def add(wb) -> None:
        ws = wb.create_sheet("Timeline")
        first = t.results[0].assessment.results if t.results else ()
        risk = [rr.id for rr in first if rr.rubric.kind != "notifiability"]
        filing = [rr.id for rr in first if rr.rubric.kind == "notifiability"]
        label = likely_score(first[0].range)[1] if first else "likely"
        headers = ["Date", "Step"]
        for rid in risk:
            headers += [f"{rid} {label if k == 'likely' else k}" for k in PER_RUBRIC]
        headers += (["Filing verdicts"] if filing else []) + ["Changes"]
        spread_at = len(headers) + 1
        headers += [f"{rid} best–worst spread (chart)" for rid in risk]
        widths = [11, 30] + [9, 8, 8, 14] * len(risk) + ([26] if filing else []) + [60] + [10] * len(risk)
        header_row(ws, headers, widths)
        for i, r in enumerate(t.results, start=2):
            put(ws, i, 1, r.step.date.isoformat())
            put(ws, i, 2, r.step.title, wrap=True)
            by_id = {rr.id: rr for rr in r.assessment.results}
            for j, rid in enumerate(risk):
                rng = by_id[rid].range if rid in by_id else None
                col = 3 + 4 * j
                if rng is None:
                    continue
                values = (likely_score(rng)[0], rng.score, rng.score_worst, rng.band_text())
                for k, value in enumerate(values):
                    put(ws, i, col + k, value)
                put(ws, i, spread_at + j, round(rng.score_worst - rng.score, 1))
            col = 3 + 4 * len(risk)
            if filing:
                put(ws, i, col, "; ".join(f"{rid}: {by_id[rid].verdicts()}" for rid in filing if rid in by_id),
                    wrap=True)  # fmt: skip
                col += 1
            moved = [f"{c.fact}" for c in r.changes]
            text = "\n".join([b.explanation for b in r.band_changes] + (["facts changed: " + ", ".join(moved)]
                                                                          if moved else []))  # fmt: skip
            put(ws, i, col, text, wrap=True)
        last = len(t.results) + 1
        for j in range(len(risk)):
            band = get_column_letter(6 + 4 * j)
            colour_rules(ws, f"{band}2:{band}{last}", BAND_FILLS)
        finish_table(ws, len(headers), last, freeze="C2", print_cols=spread_at - 1)
        anchor = last + 3
        for j, rid in enumerate(risk):
            ws.add_chart(_chart(ws, rid, label, 3 + 4 * j, spread_at + j, last), f"B{anchor}")
            anchor += 18
        ws.print_area = f"A1:{get_column_letter(spread_at - 1)}{anchor}"

    return add


def _chart(ws, rid: str, label: str, col: int, spread_col: int, last: int):
    dates = Reference(ws, min_col=1, min_row=2, max_row=last)
    area = AreaChart()
    area.grouping = "stacked"
    area.add_data(Reference(ws, min_col=col + 1, min_row=1, max_row=last), titles_from_data=True)  # best: base
    area.add_data(Reference(ws, min_col=spread_col, min_row=1, max_row=last), titles_from_data=True)
    base, spread = area.series
    base.graphicalProperties.noFill = True
    base.graphicalProperties.line.noFill = True
    spread.graphicalProperties.solidFill = "BDD7EE"
    spread.graphicalProperties.line.noFill = True
    spread.tx = SeriesLabel(v="best to worst case")
    line = LineChart()
    line.add_data(Reference(ws, min_col=col, min_row=1, max_row=last), titles_from_data=True)
    (likely,) = line.series
    likely.smooth = False
    likely.tx = SeriesLabel(v=f"{label} score")
    likely.graphicalProperties.line.solidFill = "1F3864"
    likely.graphicalProperties.line.width = 28575
    likely.marker.symbol = "circle"
    area.set_categories(dates)
    line.set_categories(dates)
    score_axes(area, f"{rid}: {label} score, shaded from best to worst case", "score (0–100)", "date")
    area.legend.legendEntry = [LegendEntry(idx=0, delete=True)]  # the invisible base
    area += line
    area.height, area.width = 8.5, 22
    return area

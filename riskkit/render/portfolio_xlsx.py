"""The portfolio workbook: Ranking, Heat map (conditional formatting by band), Failures, and one
drill-down sheet per top-ranked deal (from the assessments Portfolio.score_drilldowns scored)."""

from __future__ import annotations

import datetime as _dt

from riskkit.analysis.portfolio import Portfolio
from riskkit.render.options import PortfolioOptions
from riskkit.render.portfolio import drill_text


def _sheet_name(i: int, deal_id: str) -> str:
    return f"{i} {deal_id}"[:31].replace(":", "-").replace("/", "-")


def write_xlsx(p: Portfolio, unknown: str = "likely", drill_limit: int = 200) -> bytes:
    """Ranking, Heat map (conditional formatting by band), Failures, and drill-down sheets."""
    from openpyxl import Workbook

    from riskkit.render.workbook import (
        BAND_FILLS,
        STATUS_FILLS,
        colour_rules,
        finish_table,
        header_row,
        put,
        save_deterministic,
    )

    ranking = p.ranking(unknown)
    wb = Workbook()
    ws = wb.active
    ws.title = "Ranking"
    rids = p.rubric_ids
    headers = ["Rank", "Deal", "Title", "As of", "Worst band", "Max score", "Triggered", "Unknown"] + [
        f"{rid} band" for rid in rids
    ]
    header_row(ws, headers, [6, 28, 40, 11, 11, 9, 9, 9] + [20] * len(rids))
    records = ranking.to_dict("records")
    drill = {}
    for n, rec in enumerate(records[:drill_limit]):
        drill[rec["row"]] = _sheet_name(n + 1, rec["deal"])
    for i, rec in enumerate(records, start=2):
        values = [rec["rank"], rec["deal"], rec["title"], rec["as_of"], rec["worst_band"], rec["max_score"],
                  rec["triggered"], rec["unknown"]] + [rec[f"{rid}:band"] for rid in rids]  # fmt: skip
        for j, v in enumerate(values, start=1):
            put(ws, i, j, v)
        if rec["row"] in drill:
            _link(ws.cell(row=i, column=2), drill[rec["row"]])
    last = max(len(records) + 1, 2)
    colour_rules(ws, f"E2:E{last}", BAND_FILLS)
    finish_table(ws, len(headers), last, freeze="C2")

    heat = wb.create_sheet("Heat map")
    header_row(heat, ["Deal"] + rids, [30] + [16] * len(rids))
    bands = p.bands(unknown)
    for i, rec in enumerate(records, start=2):
        put(heat, i, 1, rec["deal"])
        for j, rid in enumerate(rids, start=2):
            put(heat, i, j, bands.at[rec["row"], rid])
        if rec["row"] in drill:
            _link(heat.cell(row=i, column=1), drill[rec["row"]])
    if rids:
        from openpyxl.utils import get_column_letter

        colour_rules(heat, f"B2:{get_column_letter(len(rids) + 1)}{last}", BAND_FILLS)
    finish_table(heat, len(rids) + 1, last, freeze="B2")

    if p.failures or p.skipped:
        bad = wb.create_sheet("Failures")
        header_row(bad, ["File", "Problem"], [50, 100])
        for i, f in enumerate(p.failures, start=2):
            put(bad, i, 1, f.path)
            put(bad, i, 2, f.message, wrap=True)
        for i, (path, why) in enumerate(p.skipped, start=len(p.failures) + 2):
            put(bad, i, 1, path)
            put(bad, i, 2, f"skipped: {why}")

    for row, name in drill.items():
        a = p.assessment(row)
        ds = wb.create_sheet(name)
        put(ds, 1, 1, "← Ranking")
        _link(ds.cell(row=1, column=1), "Ranking")
        put(ds, 2, 1, f"{a.deal.title} ({a.deal.id}), as of {a.deal.as_of.isoformat()}")
        put(ds, 3, 1, a.deal.path)
        header_row(ds, ["Rubric", "Band", "Score", "Criterion", "Status", "Points", "Why"], [22, 16, 10, 40, 14, 9, 70],
                   row=5)  # fmt: skip
        r = 6
        for rr in a.results:
            for fnd in rr.findings:
                vals = [rr.id, *drill_text(rr), fnd.criterion.title,
                        fnd.status.replace("_", " "), fnd.points if fnd.points == fnd.points_worst
                        else f"{fnd.points:g}–{fnd.points_worst:g}", fnd.why]  # fmt: skip
                for j, v in enumerate(vals, start=1):
                    put(ds, r, j, v, wrap=j in (4, 7))
                r += 1
        colour_rules(ds, f"E6:E{max(r - 1, 6)}", STATUS_FILLS)
    when = max((d.as_of for d in p.deals), default=_dt.date(2000, 1, 1))
    return save_deterministic(wb, when)


def _link(cell, sheet: str) -> None:
    """An internal hyperlink to another sheet of the same workbook."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet}'!A1", display=str(cell.value))
    cell.style = "Hyperlink"


def write_xlsx_stream(p: Portfolio, stream, options) -> None:
    o = PortfolioOptions.of(options)
    stream.write(write_xlsx(p, o.unknown, o.drill_limit))

"""Portfolio output: a riskkit.analysis.portfolio.Portfolio as a ranking table, JSON, CSV, and a
PDF/HTML overview (ranking, SVG heat map, per-deal drill-down sections). The Excel workbook is
riskkit.render.portfolio_xlsx. Drill-downs read the assessments the analysis step scored
(Portfolio.score_drilldowns); writers never score.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import TYPE_CHECKING

from riskkit.model.inputs import BANDS
from riskkit.render.memo_view import BAND_COLOURS
from riskkit.render.options import PortfolioOptions
from riskkit.render.text import text_table
from riskkit.textsafe import visible

if TYPE_CHECKING:  # the record's module imports pandas; writers only read the record they are given
    from riskkit.analysis.portfolio import Portfolio


def render_table(p: Portfolio, unknown: str = "likely") -> str:
    ranking = p.ranking(unknown)
    lines = []
    if not ranking.empty:
        headers = ["#", "deal", f"highest ({unknown})"] + p.rubric_ids
        rows = [
            [str(r["rank"]), r["deal"], r["worst_band"]]
            + [f"{r[f'{rid}:band']} {r[f'{rid}:score']}".strip() for rid in p.rubric_ids]
            for r in ranking.to_dict("records")
        ]
        lines += text_table(headers, rows)
        lines.append("")
    lines.append(
        f"{len(p.deals)} deal(s) scored against {len(p.rubric_ids)} rubric(s)"
        + (f"; {len(p.failures)} file(s) could not be read" if p.failures else "")
        + (f"; {len(p.skipped)} skipped" if p.skipped else "")
    )
    return "\n".join(lines) + "\n"


def render_json(p: Portfolio, unknown: str = "likely") -> str:
    return json.dumps(p.to_dict(unknown), indent=2, ensure_ascii=False) + "\n"


def render_csv(p: Portfolio) -> str:
    """The long deal × rubric frame (criterion statuses included), with each deal's path."""
    f = p.frame.copy()
    f.insert(1, "path", [p.deals[int(i)].path for i in f["row"]])
    return f.to_csv(index=False, lineterminator="\n")


CELL_W, CELL_H, LABEL_W = 120, 22, 210


def heat_map_svg(p: Portfolio, unknown: str = "likely", ranking: list | None = None) -> dict:
    """Geometry for the SVG heat map (deal rows × rubric columns, coloured by band).

    `ranking` is ``p.ranking(unknown).to_dict("records")`` if the caller has it already.
    """
    if ranking is None:
        ranking = p.ranking(unknown).to_dict("records")
    bands = p.bands(unknown)
    rids = p.rubric_ids
    cells, rows = [], []
    for i, rec in enumerate(ranking):
        y = 40 + i * CELL_H
        rows.append({"y": y, "label": rec["deal"], "anchor": f"deal-{rec['rank']}"})
        for j, rid in enumerate(rids):
            text = bands.at[rec["row"], rid]
            band = text if text in BANDS else None  # "n/a", or a filing verdict: no band colour
            cells.append(
                {
                    "x": LABEL_W + j * CELL_W,
                    "y": y,
                    "text": text or "n/a",
                    "fill": BAND_COLOURS.get(band, "#cccccc") if band else "#eeeeee",
                    "ink": "#ffffff" if band else "#666666",
                }
            )
    columns = [{"x": LABEL_W + j * CELL_W + CELL_W / 2, "label": rid} for j, rid in enumerate(rids)]
    return {
        "width": LABEL_W + CELL_W * len(rids) + 10,
        "height": 50 + CELL_H * len(rows),
        "cell_w": CELL_W - 2,
        "cell_h": CELL_H - 2,
        "rows": rows,
        "cells": cells,
        "columns": columns,
    }


def render_html(p: Portfolio, unknown: str = "likely", drill_limit: int = 100, template_dir=None) -> str:
    from riskkit.render.memo import environment, render_template  # Jinja2, only when HTML is asked for

    env = environment(template_dir)
    ranking = p.ranking(unknown).to_dict("records")
    drill = []
    for rec in ranking[:drill_limit]:
        a = p.assessment(rec["row"])
        drill.append(
            {
                "anchor": f"deal-{rec['rank']}",
                "rank": rec["rank"],
                "deal": a.deal,
                "results": [
                    {
                        "id": rr.id,
                        "title": rr.rubric.title,
                        "band_text": drill_text(rr)[0],
                        "band_worst": rr.range.band_worst if rr.scored else "",
                        "score_text": drill_text(rr)[1],
                        "status": rr.status,
                        "drivers": [
                            {"title": f.criterion.title, "points": f.points, "why": f.why} for f in rr.drivers(5)
                        ],
                        "unknown": [f.criterion.title for f in rr.findings if f.status == "unknown"],
                    }
                    for rr in a.results
                ],
            }
        )
    view = {
        "title": "Portfolio risk overview",
        "date": max((d.as_of for d in p.deals), default=_dt.date(2000, 1, 1)).isoformat(),
        "rubrics": [{"id": r.id, "title": r.title, "version": r.version} for r in p.rubric_set.rubrics],
        "ranking": ranking,
        "rubric_ids": p.rubric_ids,
        "heat": heat_map_svg(p, unknown, ranking),
        "drill": drill,
        "failures": p.failures,
        "skipped": p.skipped,
        "unknown": unknown,
        "bands": list(BANDS),
    }
    return render_template(env, "portfolio.html.j2", p=view)


def write_pdf(p: Portfolio, unknown: str = "likely", drill_limit: int = 100, template_dir=None) -> bytes:
    from riskkit.render.memo import template_dirs
    from riskkit.render.pdf import html_to_pdf

    html = render_html(p, unknown, drill_limit, template_dir)
    return html_to_pdf(html, template_dirs(template_dir))


def drill_text(rr) -> tuple[str, str]:
    """(band, score) of a drill-down: most-likely first with the bounds beside; a filing rubric's verdicts."""
    if not rr.scored:
        return rr.verdicts(), ""
    return rr.range.likely_band_text(), rr.range.likely_text()


def write_table(p: Portfolio, stream, options) -> None:
    stream.write(visible(render_table(p, PortfolioOptions.of(options).unknown)).encode("utf-8"))


def write_json(p: Portfolio, stream, options) -> None:
    stream.write(render_json(p, PortfolioOptions.of(options).unknown).encode("utf-8"))


def write_csv(p: Portfolio, stream, options) -> None:
    stream.write(render_csv(p).encode("utf-8"))


def write_html(p: Portfolio, stream, options) -> None:
    o = PortfolioOptions.of(options)
    stream.write(render_html(p, o.unknown, o.drill_limit, o.template_dir).encode("utf-8"))


def write_pdf_stream(p: Portfolio, stream, options) -> None:
    o = PortfolioOptions.of(options)
    stream.write(write_pdf(p, o.unknown, o.drill_limit, o.template_dir))

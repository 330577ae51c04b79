"""`riskkit timeline` output: a riskkit.analysis.timeline.Timeline as a table, JSON, an SVG chart,
a memo section and a workbook sheet."""

from __future__ import annotations

import json
from html import escape

from riskkit.analysis.timeline import Timeline, band_with_bounds
from riskkit.model.words import fact_label
from riskkit.render.memo_view import BAND_COLOURS
from riskkit.render.text import text_table
from riskkit.textsafe import visible


def _cell(rr) -> str:
    """A rubric at one step: the most-likely band and score with the bounds beside; verdicts for filing."""
    if rr.status == "not_applicable":
        return "n/a"
    if not rr.scored:
        return rr.verdicts()
    return f"{band_with_bounds(rr.range)} {rr.range.likely_text()}"


def render_table(t: Timeline) -> str:
    rids = [rr.id for rr in t.results[0].assessment.results] if t.results else []
    headers = ["date", "step"] + rids
    rows = []
    for r in t.results:
        cells = [r.step.date.isoformat(), r.step.title[:48]]
        for rr in r.assessment.results:
            cells.append(_cell(rr))
        rows.append(cells)
    lines = [f"{t.history.title}", "", *text_table(headers, rows)]
    for r in t.results[1:]:
        lines += ["", f"{r.step.date.isoformat()} — {r.step.title}"]
        if r.step.note:
            lines.append(f"  {r.step.note}")
        catalogue = r.assessment.catalogue
        for c in r.changes:
            lines.append(f"  changed  {fact_label(catalogue, c.fact)}: {c.before} → {c.after}")
        params = {rr.id: rr.rubric.parameters for rr in r.assessment.results}
        for rid, pid, b, a in r.params:
            param = params.get(rid, {}).get(pid)
            lines.append(f"  in force {param.title if param else pid} ({rid}): {b} → {a}")
        for f in r.flips:
            via = [fact_label(catalogue, x) if not x.startswith("param:") else x for x in f.facts]
            lines.append(
                f"  {_flip_verb(f)} {f.title} ({f.criterion}): {_status_move(f)}"
                f" [{f.points_before} → {f.points_after} pts]" + (f" via {'; '.join(via)}" if via else "")
            )
        for b in r.band_changes:
            lines.append(f"  BAND     {b.explanation}")
        if not (r.changes or r.params or r.flips):
            lines.append("  no facts changed")
    return "\n".join(lines) + "\n"


def _flip_verb(f) -> str:
    """'flipped' when the status changed; 'narrowed'/'widened' when it stayed open but its range moved."""
    if f.before != f.after:
        return "flipped "
    return "narrowed" if _width(f.points_after) < _width(f.points_before) else "widened "


def _width(points: str) -> float:
    low, _, high = points.partition("–")
    try:
        return float(high or low) - float(low)
    except ValueError:
        return 0.0


def _status_move(f) -> str:
    before, after = f.before.replace("_", " "), f.after.replace("_", " ")
    return f"still {after}" if before == after else f"{before} → {after}"


def chart_svg(t: Timeline, width: int = 640, row_h: int = 110) -> str:
    """An inline SVG chart: score over time per rubric (titled), with a 0–100 y axis, dated x
    axis, band zones shaded, worst case dashed and the latest band written at the right edge."""
    import textwrap

    results = t.results
    if not results:
        return ""
    # Filing-threshold rubrics report verdicts, not a risk score: leave them off the chart.
    shown = [i for i, rr in enumerate(results[0].assessment.results) if rr.rubric.kind != "notifiability"]
    rubrics = [results[0].assessment.results[i].rubric for i in shown]
    left, right, top = 150, 90, 16
    plot_w = width - left - right
    n = len(results)
    xs = [left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2) for i in range(n)]
    height = top + row_h * len(rubrics) + 34
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'font-family="DejaVu Sans Memo, DejaVu Sans Condensed, sans-serif" font-size="9" role="img">',
        f"<title>{escape(t.history.title)}: risk score (0–100) by date</title>",
    ]
    for row, (i, rubric) in enumerate(zip(shown, rubrics, strict=True)):
        y0 = top + row * row_h
        h = row_h - 26

        def y(score, y0=y0, h=h):
            return y0 + h - h * score / 100

        edges = [b.min for b in rubric.bands] + [100]
        for b, lo, hi in zip(rubric.bands, edges, edges[1:], strict=False):
            out.append(
                f'<rect x="{left}" y="{y(hi):.1f}" width="{plot_w}" height="{y(lo) - y(hi):.1f}" '
                f'fill="{BAND_COLOURS.get(b.name, "#ccc")}" fill-opacity="0.12"/>'
            )
        # y axis: line, ticks and labels every 25 points
        out.append(
            f'<line x1="{left}" y1="{y(100):.1f}" x2="{left}" y2="{y(0):.1f}" stroke="#555" stroke-width="0.6"/>'
        )
        out.append(
            f'<line x1="{left}" y1="{y(0):.1f}" x2="{left + plot_w}" y2="{y(0):.1f}" stroke="#555" stroke-width="0.6"/>'
        )
        for tick in (0, 25, 50, 75, 100):
            out.append(
                f'<text x="{left - 4}" y="{y(tick) + 3:.1f}" text-anchor="end" fill="#666" font-size="7">{tick}</text>'
            )
        lines = textwrap.wrap(rubric.title.split(" — ")[0], 22)[:3]
        for k, line in enumerate(lines):
            out.append(
                f'<text x="{left - 24}" y="{y0 + h / 2 + (k - (len(lines) - 1) / 2) * 11:.1f}" text-anchor="end" '
                f'fill="#222">{escape(line)}</text>'
            )
        best = [r.assessment.results[i].range.score for r in results]
        worst = [r.assessment.results[i].range.score_worst for r in results]
        pts = " ".join(f"{x:.1f},{y(s):.1f}" for x, s in zip(xs, best, strict=False))
        wpts = " ".join(f"{x:.1f},{y(s):.1f}" for x, s in zip(xs, worst, strict=False))
        out.append(
            f'<polyline points="{wpts}" fill="none" stroke="#963034" stroke-width="1.2" stroke-dasharray="4 3"/>'
        )
        out.append(f'<polyline points="{pts}" fill="none" stroke="#1f3864" stroke-width="1.8"/>')
        for x, r in zip(xs, results, strict=False):
            rr = r.assessment.results[i]
            colour = BAND_COLOURS.get(rr.range.band_worst, "#555")
            out.append(f'<circle cx="{x:.1f}" cy="{y(rr.range.score):.1f}" r="3" fill="{colour}"/>')
        last = results[-1].assessment.results[i].range
        out.append(
            f'<text x="{left + plot_w + 8}" y="{y(last.score) + 3:.1f}" fill="#222" font-size="8">'
            f"{escape(last.band_text())}</text>"
        )
    for x, r in zip(xs, results, strict=False):
        out.append(
            f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle" fill="#555" font-size="8">'
            f"{r.step.date.isoformat()}</text>"
        )
    out.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 1}" text-anchor="middle" fill="#777" font-size="7">date of each step</text>'
    )
    out.append("</svg>")
    return "\n".join(out)


def timeline_section(t: Timeline) -> dict:
    """A memo extra section (render_memo(..., extra_sections=[...])) with the chart and the steps."""
    return {
        "id": "timeline",
        "title": "Risk over time",
        "template": "partials/timeline.html.j2",
        "data": {
            "title": t.history.title,
            "svg": chart_svg(t),
            "steps": [r.to_dict() for r in t.results],
            # Filing-threshold rubrics report verdicts, not risk: their band moves are noise here.
            "notifiability": sorted(
                {rr.id for r in t.results for rr in r.assessment.results if rr.rubric.kind == "notifiability"}
            ),
        },
    }


def timeline_sheet(t: Timeline):
    """A workbook extra sheet builder: fn(openpyxl_workbook) adding a "Timeline" sheet with charts."""
    from riskkit.render.xlsx.timeline import timeline_sheet as sheet

    return sheet(t)


def write_table(t: Timeline, stream, options) -> None:
    stream.write(visible(render_table(t)).encode("utf-8"))


def write_json(t: Timeline, stream, options) -> None:
    stream.write((json.dumps(t.to_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def write_svg(t: Timeline, stream, options) -> None:
    stream.write(chart_svg(t).encode("utf-8"))

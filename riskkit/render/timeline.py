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
    return "narrowed" if f.width_change < 0 else "widened "


def _status_move(f) -> str:
    before, after = f.before.replace("_", " "), f.after.replace("_", " ")
    return f"still {after}" if before == after else f"{before} → {after}"


def chart_geometry(results, width: int = 640, row_h: int = 110, plain: bool = False, as_of=None) -> dict:
    """The timeline chart as drawing primitives, shared by the SVG (PDF) and the PNG (Word): score
    over time per risk rubric, band zones shaded, worst case dashed. `plain` (the memo): no score
    figures on the axis, and the latest reading in likelihood words at the right edge."""
    import textwrap

    from riskkit.model.words import verdict_words

    if not results:
        return {"width": width, "height": 0, "items": []}
    # Filing-threshold rubrics report verdicts, not a risk score: leave them off the chart.
    shown = [i for i, rr in enumerate(results[0].assessment.results) if rr.rubric.kind != "notifiability"]
    rubrics = [results[0].assessment.results[i].rubric for i in shown]
    left, right, top = 150, (150 if plain else 90), 16
    plot_w = width - left - right
    n = len(results)
    xs = [left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2) for i in range(n)]
    height = top + row_h * len(rubrics) + 34
    items: list[list] = []
    for row, (i, rubric) in enumerate(zip(shown, rubrics, strict=True)):
        y0 = top + row * row_h
        h = row_h - 26

        def y(score, y0=y0, h=h):
            return y0 + h - h * score / 100

        edges = [b.min for b in rubric.bands] + [100]
        for b, lo, hi in zip(rubric.bands, edges, edges[1:], strict=False):
            items.append(["rect", left, y(hi), plot_w, y(lo) - y(hi), BAND_COLOURS.get(b.name, "#cccccc"), 0.12])
        items.append(["line", left, y(100), left, y(0), "#555555", 0.6, False])
        items.append(["line", left, y(0), left + plot_w, y(0), "#555555", 0.6, False])
        if not plain:
            for tick in (0, 25, 50, 75, 100):
                items.append(["text", left - 4, y(tick) + 3, str(tick), "end", 7, "#666666"])
        lines = textwrap.wrap(rubric.title.split(" — ")[0], 22)[:3]
        for k, line in enumerate(lines):
            items.append(["text", left - 12, y0 + h / 2 + (k - (len(lines) - 1) / 2) * 11, line, "end", 9, "#222222"])
        # The memo plots the headline (most likely) reading, the figure its verdict words name.
        best = [
            _likely(r.assessment.results[i].range) if plain else r.assessment.results[i].range.score for r in results
        ]
        worst = [r.assessment.results[i].range.score_worst for r in results]
        items.append(["polyline", [[x, y(v)] for x, v in zip(xs, worst, strict=False)], "#963034", 1.2, True])
        items.append(["polyline", [[x, y(v)] for x, v in zip(xs, best, strict=False)], "#1f3864", 1.8, False])
        for x, r in zip(xs, results, strict=False):
            rr = r.assessment.results[i]
            at = _likely(rr.range) if plain else rr.range.score
            band = (rr.range.likely_band or rr.range.band) if plain else rr.range.band_worst
            items.append(["circle", x, y(at), 3, BAND_COLOURS.get(band, "#555555")])
        last = results[-1].assessment.results[i].range
        label = verdict_words(last) if plain else last.band_text()
        for k, part in enumerate(textwrap.wrap(label, 24)[:2]):
            at = _likely(last) if plain else last.score
            items.append(["text", left + plot_w + 8, y(at) + 3 + 10 * k, part, "start", 8, "#222222"])
    later = [k for k, r in enumerate(results) if as_of and r.step.date > as_of]
    if later and later[0] > 0:  # steps after the facts' as-of date sit beyond a marked line
        k = later[0]
        x = (xs[k - 1] + xs[k]) / 2
        items.append(["line", x, top - 6, x, height - 24, "#963034", 0.8, True])
        items.append(["text", x + 3, top - 8, "after the facts' as-of date: not used", "start", 7, "#963034"])
    for x, r in zip(xs, results, strict=False):
        items.append(["text", x, height - 12, r.step.date.isoformat(), "middle", 8, "#555555"])
    items.append(["text", left + plot_w / 2, height - 1, "date of each step", "middle", 7, "#777777"])
    return {"width": width, "height": height, "items": items}


def _likely(rng) -> float:
    value = getattr(rng, "likely", None)
    return rng.score if value is None else value


def svg_of(g: dict, title: str) -> str:
    """chart_geometry() as an inline SVG (labels escaped)."""
    if not g["items"]:
        return ""
    w, h = g["width"], g["height"]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'font-family="DejaVu Sans Memo, DejaVu Sans Condensed, sans-serif" font-size="9" role="img">',
        f"<title>{escape(title)}</title>",
    ]
    for it in g["items"]:
        kind = it[0]
        if kind == "rect":
            _, x, y, rw, rh, fill, op = it
            out.append(f'<rect x="{x}" y="{y:.1f}" width="{rw}" height="{rh:.1f}" fill="{fill}" fill-opacity="{op}"/>')
        elif kind == "line":
            _, x1, y1, x2, y2, stroke, sw, dash = it
            extra = ' stroke-dasharray="3 2"' if dash else ""
            out.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" stroke-width="{sw}"{extra}/>'
            )
        elif kind == "polyline":
            _, pts, stroke, sw, dash = it
            text = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            extra = ' stroke-dasharray="4 3"' if dash else ""
            out.append(f'<polyline points="{text}" fill="none" stroke="{stroke}" stroke-width="{sw}"{extra}/>')
        elif kind == "circle":
            _, cx, cy, r, fill = it
            out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r}" fill="{fill}"/>')
        else:
            _, x, y, text, anchor, size, fill = it
            out.append(
                f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" font-size="{size}">'
                f"{escape(text)}</text>"
            )
    out.append("</svg>")
    return "\n".join(out)


def chart_svg(t: Timeline, width: int = 640, row_h: int = 110) -> str:
    """An inline SVG chart: score over time per rubric (titled), with a 0–100 y axis, dated x
    axis, band zones shaded, worst case dashed and the latest band written at the right edge."""
    return svg_of(chart_geometry(t.results, width, row_h), f"{t.history.title}: risk score (0–100) by date")


def timeline_section(t: Timeline, as_of=None) -> dict:
    """A memo extra section (render_memo(..., extra_sections=[...])) with the chart and the steps.

    `as_of` (the memo deal's as-of date): steps dated after it are marked `after_as_of`, and
    `data["main"]` holds the chart of the steps up to it, for the main memo's chronology."""
    from riskkit.model.words import clean, short_title, value_words

    steps = []
    for r in t.results:
        d = r.to_dict()
        d["after_as_of"] = bool(as_of and r.step.date > as_of)
        note = clean(d.get("note") or "")
        d["note"] = "" if note.startswith("Facts as in") else note  # a file reference, not a fact
        for c in d["changes"]:
            c["before"], c["after"] = value_words(c["before"]), value_words(c["after"])
        steps.append(d)
    upto = [r for r in t.results if not as_of or r.step.date <= as_of]
    main = chart_geometry(upto, row_h=80, plain=True)
    full = chart_geometry(t.results, row_h=80, plain=True, as_of=as_of)
    title = f"{t.history.title}: verdicts by date"
    return {
        "id": "timeline",
        "title": "Risk over time",
        "template": "partials/timeline.html.j2",
        "data": {
            "title": t.history.title,
            "as_of": as_of.isoformat() if as_of else None,
            "svg": svg_of(full, title),
            "geometry": full,
            "main": {"svg": svg_of(main, title), "geometry": main},
            "steps": steps,
            "names": {rr.id: short_title(rr.rubric) for r in t.results[:1] for rr in r.assessment.results},
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

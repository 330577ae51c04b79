"""The main memo's short chronology (from a deal history): one line per dated step up to the
facts' as-of date — when, what happened, which verdicts moved, in words — and the timeline chart
for those steps. A step dated after the as-of date is left out of the main memo (one line says
so); the appendix keeps the full step detail, each later step labelled.

Pure: reads riskkit.render.timeline.timeline_section()'s data and returns memo_blocks.
"""

from __future__ import annotations

import datetime as _dt

from riskkit.model.words import clean, likelihood
from riskkit.render.memo_blocks import para, section, table

_MONTHS = "January February March April May June July August September October November December".split()
NBSP = "\u00a0"
LATER_LABEL = "After the facts' as-of date — not used in this advice"


def long_date(iso: str) -> str:
    """'2025-10-28' → '28 October 2025', held together on one line (non-breaking spaces)."""
    d = _dt.date.fromisoformat(iso)
    return f"{d.day}{NBSP}{_MONTHS[d.month - 1]}{NBSP}{d.year}"


def step_title(title: str) -> str:
    text = clean(title).strip()
    return text[len("Base: ") :] if text.startswith("Base: ") else text


def verdicts(step: dict, names: dict, skip) -> dict:
    """{rubric id: most-likely band} at one step, risk rubrics in play only."""
    return {
        r["id"]: r.get("band_likely") or r.get("band")
        for r in step["rubrics"]
        if r["id"] not in skip and r.get("status") != "not_applicable" and (r.get("band_likely") or r.get("band"))
    }


def moves(before: dict, after: dict, names: dict) -> str:
    """'Competitive effects possible → likely; …' — the verdicts (most likely reading) that moved."""
    out = []
    for rid, band in after.items():
        was = before.get(rid)
        if was and was != band:
            out.append(f"{names.get(rid, rid)} {likelihood(was)} → {likelihood(band)}")
        elif not was:
            out.append(f"{names.get(rid, rid)} now in play: {likelihood(band)}")
    return "; ".join(out) or "no verdict moved"


def step_moves(data: dict) -> list:
    """Per step (in order): the verdict moves in words ('' for the first step: its starting point)."""
    names, skip = data.get("names", {}), set(data.get("notifiability", ()))
    out, prev = [], None
    for s in data["steps"]:
        now = verdicts(s, names, skip)
        if prev is None:
            out.append("Starting point: " + "; ".join(f"{names.get(r, r)} {likelihood(b)}" for r, b in now.items()))
        else:
            out.append(moves(prev, now, names))
        prev = now
    return out


def chronology_section(data: dict) -> dict:
    """The main memo's 'Chronology' section from a timeline section's data."""
    as_of = data.get("as_of")
    steps = data["steps"]
    said = step_moves(data)
    rows, later = [], []
    for s, moved in zip(steps, said, strict=True):
        if s.get("after_as_of"):
            later.append(s)
            continue
        rows.append([long_date(s["date"]), step_title(s["title"]), moved])
    blocks = [
        para(
            "The dated steps of the arrangement up to the facts' as-of date"
            + (f" ({long_date(as_of)})" if as_of else "")
            + ", and the verdicts (most likely reading) that moved at each."
        ),
        table(["Date", "What happened", "Verdicts that moved"], rows, [0.16, 0.38, 0.46], "chronology"),
    ]
    if later:
        when = ", ".join(long_date(s["date"]) for s in later)
        blocks.append(
            para(
                f"The deal history also has {len(later)} step{'s' if len(later) > 1 else ''} dated after the facts' "
                f"as-of date ({when}): left out of this memo and not used in this advice.",
                cls="small",
            )
        )
    main = data.get("main") or {}
    if main.get("svg"):
        blocks.append({"type": "figure", "svg": main["svg"], "geometry": main["geometry"]})
        blocks.append(
            para(
                "Solid line: the most likely reading at each step; dashed line: every open fact counted against the "
                "deal; shading: where each likelihood word begins. The right edge gives the verdict at the last step "
                "shown.",
                cls="small",
            )
        )
    return section("chronology", "Chronology", blocks)

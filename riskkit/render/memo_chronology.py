"""The main memo's short chronology (from a deal history): one line per dated step up to the
facts' as-of date — when, what happened, and what the authorities that reviewed it decided (the
last step: this memo's reading) — and the timeline chart for those steps. A step dated after the
as-of date is left out of the main memo; the appendix keeps the full step detail, each later
step labelled.

Pure: reads riskkit.render.timeline.timeline_section()'s data and returns memo_blocks.
"""

from __future__ import annotations

import datetime as _dt
import re

from riskkit.model.display import day_month_year
from riskkit.model.words import clean, likelihood
from riskkit.render.memo_blocks import para, section, table

NBSP = "\u00a0"


def long_date(iso: str) -> str:
    """'2025-10-28' → '28 October 2025', held together on one line (non-breaking spaces)."""
    return day_month_year(_dt.date.fromisoformat(iso), sep=NBSP)


_TRAILING_DATE = re.compile(r"\s*\((?:[A-Z][a-z]{2,8}\.? )?\d{4}\)$")


def step_title(title: str) -> str:
    """A step's title for the table: no 'Base: ' prefix, no trailing '(Jul 2019)' (the date column says it)."""
    text = clean(title).strip()
    text = text[len("Base: ") :] if text.startswith("Base: ") else text
    return _TRAILING_DATE.sub("", text)


def verdicts(step: dict, names: dict, skip) -> dict:
    """{rubric id: most-likely band} at one step, risk rubrics in play only."""
    return {
        r["id"]: r.get("band_likely") or r.get("band")
        for r in step["rubrics"]
        if r["id"] not in skip and r.get("status") != "not_applicable" and (r.get("band_likely") or r.get("band"))
    }


def _authority(name: str) -> str:
    from riskkit.render.memo_prior import _short_authority

    return _short_authority(name)


def reviewed_at(steps: list, reviews) -> dict:
    """{step index: [reviews]}: each regulator review sits at the latest step dated on or before it
    (the state it could have looked at)."""
    out: dict = {}
    for r in sorted(reviews or (), key=lambda r: r.date):
        at = [i for i, s in enumerate(steps) if _dt.date.fromisoformat(s["date"]) <= r.date]
        if at:
            out.setdefault(at[-1], []).append(r)
    return out


def outcome_text(rs) -> str:
    """'BKartA, 15 November 2023: … EC, 28 June 2024: …' — what each authority decided, in its words."""
    return " ".join(
        f"{_authority(r.authority)}, {long_date(r.date.isoformat())}: {clean(r.outcome).rstrip('.')}." for r in rs
    )


def current_reading(step: dict, names: dict, skip) -> str:
    now = verdicts(step, names, skip)
    return "This memo's reading: " + "; ".join(f"{names.get(r, r)} {likelihood(b)}" for r, b in now.items()) + "."


def chronology_section(data: dict, reviews=()) -> dict:
    """The main memo's 'Chronology' section from a timeline section's data.

    Past steps show what the authorities decided about them (`reviews`: the deal's prior-state
    reviews), never riskkit's retrospective verdicts, which could contradict a decision on the record
    (second partner review, item 4); the last step up to the as-of date carries this memo's reading.
    A step dated after the as-of date is left out without comment (the appendix labels it)."""
    as_of = data.get("as_of")
    names, skip = data.get("names", {}), set(data.get("notifiability", ()))
    steps = [s for s in data["steps"] if not s.get("after_as_of")]
    reviewed = reviewed_at(steps, reviews)
    rows = []
    for i, s in enumerate(steps):
        if i in reviewed:
            said = outcome_text(reviewed[i])
        elif i == len(steps) - 1:
            said = current_reading(s, names, skip)
        else:
            said = "No authority reviewed this step at the time."
        if i == len(steps) - 1 and i in reviewed:
            said += " " + current_reading(s, names, skip)
        rows.append([long_date(s["date"]), step_title(s["title"]), said])
    blocks = [
        para(
            "The dated steps of the arrangement up to the facts' as-of date"
            + (f" ({long_date(as_of)})" if as_of else "")
            + ", what the authorities that reviewed a step decided, and this memo's reading of the last."
        ),
        table(["Date", "What happened", "Outcome on the record"], rows, [0.16, 0.34, 0.5], "chronology"),
    ]
    main = data.get("main") or {}
    if main.get("svg"):
        blocks.append({"type": "figure", "svg": main["svg"], "geometry": main["geometry"]})
        blocks.append(
            para(
                "The chart reads every step on today's rubrics, as if each were assessed now: it is not what any "
                "authority decided (the table above says that). Solid line: the most likely reading at each step; "
                "dashed line: every open fact counted against the deal; shading: where each likelihood word begins.",
                cls="small",
            )
        )
    return section("chronology", "Chronology", blocks)

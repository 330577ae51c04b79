"""The computed extra sections (timeline, paths to lower risk, band probabilities, reviewer
adjustments) as memo_blocks for the Word file, so the .docx carries what the PDF's templates
draw instead of pointing at the PDF. Pure: section data in, blocks out.
"""

from __future__ import annotations

from riskkit.model.words import clean, likelihood
from riskkit.render.memo_blocks import bullets, h3, para, table

STATUS = {"triggered": "met", "not_triggered": "clear", "clear": "clear", "unknown": "open"}
LATER = "After the facts' as-of date — not used in this advice."


def timeline_blocks(d: dict) -> list:
    """The full step detail (appendix), each step after the as-of date labelled."""
    out = [
        para(
            f"Every dated step of {clean(d['title'])}, in full."
            + (
                f" Steps dated after the facts' as-of date ({d['as_of']}) are labelled: they are not used in the advice."
                if d.get("as_of")
                else ""
            )
            + " Bands read as the verdict words: low = remote, moderate = possible, high = likely, severe = very likely."
            + " Each step is read on today's rubrics, as if assessed now: not what any authority decided at the time"
            " (the memo's chronology gives the reviews on record)."
        )
    ]
    if d.get("geometry"):
        out.append({"type": "figure", "svg": d.get("svg", ""), "geometry": d["geometry"]})
    names, skip = d.get("names", {}), set(d.get("notifiability", ()))  # rubric titles for the starting point
    for k, s in enumerate(d["steps"]):
        out.append(h3(f"{s['date']} — {clean(s['title'])}"))
        if s.get("after_as_of"):
            out.append(para((LATER, "b"), cls="flag"))
        if s.get("note"):
            out.append(para(clean(s["note"]), cls="small"))
        if k == 0:
            start = "; ".join(
                f"{names.get(r['id'], r['id'])} {likelihood(r.get('band_likely') or r['band'])}"
                for r in s["rubrics"]
                if r["id"] not in skip and r.get("band")
            )
            out.append(para("Starting point: " + start + "."))
            continue
        moved = [clean(b["explanation"].split(" (score ")[0]) for b in s["band_changes"] if b["rubric"] not in skip]
        out.append(para(("Verdicts: ", "b"), ("; ".join(moved) or "no band changed") + "."))
        flips = [f for f in s["flips"] if f["rubric"] not in skip and f["before"] != f["after"]]
        if flips:
            text = "; ".join(f"{clean(f['title'])} (now {STATUS.get(f['after'], f['after'])})" for f in flips)
            out.append(para((f"Findings that changed ({len(flips)}): ", "b"), text + ".", cls="small"))
        if s["changes"]:
            text = "; ".join(f"{clean(c['label'])}: {clean(c['before'])} → {clean(c['after'])}" for c in s["changes"])
            out.append(para((f"Facts that changed ({len(s['changes'])}): ", "b"), text + ".", cls="small"))
    return out


def paths_blocks(d: dict) -> list:
    """As partials/paths.html.j2 draws them: changes in words ('from … to …'), side effects listed."""
    case = "worst case: unknown facts counted against the deal" if d.get("unknown") == "worst" else "best case"
    target = d.get("target", "")
    out = [
        para(
            "The smallest sets of changes a deal team could make, among the levers the facts catalogue lists, that "
            f"bring each rubric to {target} or lower ({case}). Each path is checked by re-scoring the changed facts; "
            "a change that lowers one rubric may raise another, and those side effects are listed with each path."
        )
    ]
    for r in d.get("rubrics", ()):
        out.append(h3(f"{clean(r['title'])} — now {r['band_before']}"))
        if r.get("already"):
            out.append(para(f"Already {target} or lower; no change needed."))
            continue
        rows = [
            [
                str(i),
                "; ".join(
                    f"{clean(c['fact'])}: from {clean(c['before'])} to {clean(c['after'])}" for c in p["changes"]
                ),
                str(p["band_after"]),
                "; ".join(clean(t) for t in p.get("cleared", ())),
                "; ".join(
                    [f"{clean(t['rubric'])}: newly triggers {clean(t['title'])}" for t in p.get("newly_triggered", ())]
                    + [f"{clean(o['rubric'])}: from {o['before']} to {o['after']}" for o in p.get("other_bands", ())]
                )
                or "none",
            ]
            for i, p in enumerate(r.get("paths", ()), 1)
        ]
        note = f" {clean(r['note'])}" if r.get("note") else ""
        out.append(
            table(["#", "Changes", "Result", "Criteria cleared", "Side effects"], rows, [0.05, 0.38, 0.1, 0.27, 0.2])
            if rows
            else para(f"No combination of up to {d.get('max_changes', '')} lever changes reaches {target}.{note}")
        )
    return out


def uncertainty_blocks(d: dict) -> list:
    """As partials/uncertainty.html.j2 draws them: the swept facts, the band probabilities, what moves."""
    facts = d.get("facts") or ()
    if not facts:
        return [para('No fact is given as a range or marked "estimated", so there is nothing to sweep.')]
    n, runs = len(facts), d.get("scenarios", 0)
    spread = round(d.get("spread", 0) * 100)
    gap = d.get("any_gap")
    lead = (
        f'{n} {"fact is" if n == 1 else "facts are"} given as ranges or marked "estimated" (an estimate is swept '
        f"±{spread}%). They were swept over {runs} {'scenario' if runs == 1 else 'scenarios'}: "
        f"{clean(d.get('method', ''))}. Each range is treated as uniformly likely across its width. Probabilities "
        "below are for the worst-case verdict (unknown facts counted against the deal)"
        + ("; the best-case figure is in brackets." if gap else ".")
    )
    bands = list(d.get("bands", ()))

    def pct(p) -> str:
        best = f" ({round(p['p_best'] * 100, 1)}%)" if gap and p["p_best"] != p["p"] else ""
        return f"{round(p['p'] * 100, 1)}%{best}"

    rows = [[clean(r["title"]), clean(r["band_text"])] + [pct(p) for p in r["probabilities"]] for r in d["rubrics"]]
    width = 0.5 / max(1, len(bands))
    out = [
        para(lead),
        table(
            ["Fact", "Value", "Confidence", "Swept by"],
            [[clean(f["id"]), clean(f["display"]), clean(f["confidence"]), clean(f["how"])] for f in facts],
            [0.34, 0.22, 0.14, 0.3],
        ),
        table(["Concern", "Range", *bands], rows, [0.32, 0.18] + [width] * len(bands)),
    ]
    if d.get("sensitivity"):
        out.append(
            para(
                "Facts whose uncertainty moves a verdict most (each swept alone, the others held at their central value):"
            )
        )
        out.append(
            bullets(
                [
                    f"{clean(s['fact'])} ({clean(s['display'])}): {clean(s['rubric'])} {clean(s['bands'])}"
                    for s in d["sensitivity"]
                ]
            )
        )
    elif d.get("nothing_moves"):
        out.append(
            para(
                "No uncertain fact, swept alone with the others held at their central value, moves any verdict or score."
            )
        )
    return out


def review_blocks(d: dict) -> list:
    rows = [
        [
            clean(r["title"]),
            clean(r.get("automatic", {}).get("verdict_text", "")) or r.get("automatic", {}).get("band", ""),
        ]
        + [
            clean(r.get("reviewed", {}).get("verdict_text", "")) or r.get("reviewed", {}).get("band", ""),
            str(r.get("adjustments", "")),
        ]
        for r in d.get("results", ())
    ]
    return [
        para("Decisions recorded in the review workbook; the automatic result above is unchanged."),
        table(["Rubric", "Automatic", "Reviewed", "Decisions"], rows, [0.4, 0.22, 0.22, 0.16]),
    ]


BUILDERS = {
    "timeline": timeline_blocks,
    "paths": paths_blocks,
    "uncertainty": uncertainty_blocks,
    "reviewer-adjustments": review_blocks,
}


def extra_blocks(section: dict) -> list:
    """An extra section's content as blocks; a firm's own section: its title and a pointer."""
    build = BUILDERS.get(section["id"])
    if build is not None:
        try:
            return build(section["data"])
        except (KeyError, TypeError, AttributeError):
            pass  # a section shaped otherwise (a firm's own data): fall through to the plain line
    return [para(f"{clean(section['title'])}: drawn by the memo's HTML template only.", cls="small")]

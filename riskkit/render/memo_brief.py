"""The main memo, the part counsel signs: bottom line, top risks, next steps and the ten
information requests that matter most, the filing matrix, then theories of harm, charitable
assets, regulator response, mitigations and key assumptions.

Every section is built from whatever the Assessment carries: a section whose data a rubric
set does not provide (no competitive-effects rubric, no filing-screen clocks) is one line
saying where to look, never an empty page. Pure: returns memo_blocks sections.
"""

from __future__ import annotations

import datetime as _dt

from riskkit.model.display import and_join, day_month_year, stale_facts
from riskkit.model.inputs import band_rank
from riskkit.model.words import (
    clean,
    contingency,
    first_sentences,
    likelihood,
    likelihood_span,
    not_in_play_line,
    regime_code,
    short_title,
    verdict_words,
    why_text,
)
from riskkit.render.memo_assume import key_assumptions
from riskkit.render.memo_blocks import box, para, section, table
from riskkit.render.memo_filing import (
    exposed_rows,
    filing_risk_row,
    regimes_left_out,
    settle_step,
    turns_on,
)
from riskkit.render.memo_prior import concern_change, reviewed_before, reviewed_line
from riskkit.render.memo_rank import (
    NARROWS,
    TOP_FULL,
    TOP_SHORT,
    cleared_by,
    decided_by,
    information_requests,
    is_proceeding,
    likely_band,
    live_risk,
    proceeding_row,
    regime_band,
    requests_section,
    said_once,
    severity,
    table_clause,
    top_risks,
)
from riskkit.render.memo_screen import (
    STATUS,
    filing_matrix,
    filing_rows,
    filing_summary,
    regulator_response,
    window_phrase,
)
from riskkit.render.memo_substance import charitable, mitigation_text, mitigations, theories_of_harm, waived

TIMING = {
    "closed": "Deal closed",
    "signed": "Before closing",
    "mou": "Before signing",
    "proposed": "Before signing",
}


def is_short_form(assessment) -> bool:
    """Every risk rubric in play is low even if every open fact went against the deal."""
    live = live_risk(assessment)
    return all(rr.range.band_worst == "low" for rr in live)


def timing_for(criterion, stage: str) -> str:
    return clean(getattr(criterion, "timing", "") or TIMING.get(stage, "Before signing"))


# -- sections ---------------------------------------------------------------------------


def bottom_line(assessment, requests: list, narrative: list, review: dict | None, issued=None) -> dict:
    cat = assessment.catalogue
    blocks = []
    if narrative:
        blocks.append(box("Counsel's bottom line", narrative))
    if review:
        blocks.append(reviewed_box(review))
    live = sorted(live_risk(assessment), key=severity, reverse=True)
    inner = []
    if live and is_short_form(assessment):
        inner.append(para(("Every concern reads remote", "b"), ", even with every open fact counted against the deal."))
    shown = min(TOP_SHORT if is_short_form(assessment) else TOP_FULL, len(requests))
    still = f" {len(requests)} fact{'s are' if len(requests) != 1 else ' is'} not yet known"
    opened = (
        ""
        if not requests
        else f"{still}; none could change a verdict, and the information requests after the filing matrix ask for "
        + ("it." if len(requests) == 1 else "them.")
        if all(e.get("tier") == NARROWS for e in requests) and is_short_form(assessment)
        else f"{still}; the {shown} that matter most are listed after the filing matrix."
    )
    if live:
        if not is_short_form(assessment):
            inner.append(para(READING, cls="small"))
        rows = []
        for rr in live:  # gravest first
            regimes = by_regime(rr)
            decides = said_once(decided_by(rr, cat, 2)) or cleared_by(rr, cat)
            change = concern_change(assessment, rr)
            rows.append(
                [
                    [(short_title(rr.rubric), "b")],  # short: the longest runs to three lines at most
                    [(verdict_words(rr.range), "b"), ("\n" + regimes, "small")],
                    [(decides, ""), ("\n" + change, "small") if change else ("", "")],
                ]
            )
        changes = getattr(assessment.deal, "prior", None) is not None
        head = [
            "Concern",
            "Verdict",
            "What decides it" + (", and what the deal changes" if changes else ""),
        ]
        inner.append(table(head, rows, [0.16, 0.19, 0.65], "bottom"))
    else:
        inner.append(para("No risk concern is in play for this deal on the facts given."))
    filing = filing_summary(assessment, issued)
    if filing:
        as_of = assessment.deal.as_of.isoformat()
        lead = f" (facts as of {as_of}{stale_facts(assessment.deal.as_of, issued)}; reasons in the filing matrix): "
        left_out = regimes_left_out(assessment)
        inner.append(para(("Filing", "b"), lead + " ".join(filing) + (f" {left_out}." if left_out else "")))
    idle = [rr for rr in assessment.results if rr.status == "not_applicable"]
    if idle:
        inner.append(para(("Not in play: ", "b"), "; ".join(not_in_play_line(rr, cat) for rr in idle) + "."))
    # Each concern's row already names its reviews when the deal has an earlier reviewed state: the
    # one-line list of reviews would repeat them (and Background's outcomes), so page 1 keeps the room.
    if not (live and any(concern_change(assessment, rr) for rr in live)):
        before = reviewed_line(assessment) if assessment.deal.summary else reviewed_before(assessment)
        inner += before or [para(("New or already reviewed: ", "b"), novelty_line(assessment) + opened)]
    blocks.append(box("Bottom line", [b for b in inner if b]))
    return section("bottom-line", "Bottom line", blocks)


def by_regime(rr) -> str:
    """'US, EU, UK possible; DE likely': each likelihood once, with the regimes that have it."""
    groups: dict[str, list] = {}
    for j in rr.jurisdictions:
        groups.setdefault(likelihood(likely_band(j.range)), []).append(regime_code(j))
    return "; ".join(f"{', '.join(dict.fromkeys(codes))} {word}" for word, codes in groups.items())


def reviewed_box(review: dict) -> dict:
    rows = [
        [
            r["title"],
            likelihood_span(r["automatic"]["band"], r["automatic"]["band_worst"]),
            [(likelihood_span(r["reviewed"]["band"], r["reviewed"]["band_worst"]), "b" if r["changed"] else "")],
            str(r["adjustments"]),
        ]
        for r in review["results"]
        if r.get("automatic", {}).get("band")
    ]
    blocks = [
        para(
            "The reviewer's decisions from the review workbook are applied below; the rest of the memo shows the automatic result."
        ),
        table(["Concern", "Automatic", "Reviewed", "Decisions"], rows, [0.4, 0.22, 0.22, 0.16]),
    ]
    if review.get("fingerprint", {}).get("forced"):
        blocks.append(
            para(
                "The facts or rubrics changed after the workbook was made; the decisions were applied with --force.",
                cls="flag",
            )
        )
    return box("Reviewed result", blocks)


READING = (
    "How to read the verdicts, gravest first: how likely an authority is to take the concern up (remote, possible, "
    'likely, very likely). The first word is the most likely reading, then each regime\'s; "range" runs from the '
    "facts as given to every open fact counted against the deal."
)


def novelty_line(assessment) -> str:
    """The findings new (or reduced) since the earlier reviewed state, by name; never bare counts."""
    named: dict[str, list[str]] = {}
    for rr in live_risk(assessment):
        for f in rr.findings:
            label = getattr(f, "change", None) or getattr(f, "novelty", None)
            if f.status == "triggered" and label in ("new", "reduced"):
                named.setdefault(str(label), []).append(clean(f.criterion.title))
    if named or any(getattr(f, "change", None) for rr in live_risk(assessment) for f in rr.findings):
        parts = []
        if named.get("new"):
            parts.append("not raised in the earlier reviews: " + "; ".join(dict.fromkeys(named["new"])) + ".")
        if named.get("reduced"):
            parts.append("Reduced since then: " + "; ".join(dict.fromkeys(named["reduced"])) + ".")
        parts.append("Every other finding was already present at the earlier reviewed state.")
        return " ".join(p[:1].upper() + p[1:] for p in parts)
    if getattr(assessment.deal, "prior", None) is None:
        return "no earlier review of this deal is recorded, so every finding is treated as new exposure."
    return "no finding carries a new or already-reviewed label."


def top_risks_section(assessment, requests: list = (), issued=None) -> dict:
    cat, stage = assessment.catalogue, assessment.deal.stage
    filing = filing_risk_row(assessment, requests, issued)  # a closed deal's failure to file leads
    rows = [filing] if filing else []
    picked = top_risks(assessment, limit=3)
    if (
        filing
    ):  # the live suit stays second at worst (second partner review, item 5): the filing row displaces the lowest
        picked = sorted(picked, key=lambda p: not is_proceeding(p[0]))[:2]
    for f, rr in picked:
        regimes = [regime_code(j) for j in rr.jurisdictions if j.id in f.criterion.jurisdictions]
        title, why = f.criterion.title, table_clause(first_sentences(why_text(f, cat, limit=1), 120))
        if is_proceeding(f):  # the live suit by name, its particulars asked for, never invented
            title, why = proceeding_row(assessment, f, requests)
            if any(p.court for p in getattr(assessment.deal, "proceedings", ())):
                regimes = []  # a court, named in the row, decides it: not the attorneys general's regimes
        rows.append(
            [
                [
                    (title, "b"),
                    ("\n" + likelihood(regime_band(rr, f)), "b"),
                    (" · " + short_title(rr.rubric) + (" · " + ", ".join(regimes) if regimes else ""), "small"),
                ],
                why,
                timing_for(f.criterion, stage),
                table_clause(contingency(mitigation_text(assessment, f, rr, 130))) or "—",
            ]
        )
    if not rows:
        blocks = [para("No risk criterion is triggered on the facts given."), *waived(assessment)]
        return section("top-risks", "Top risks", blocks)
    timings = {r[2] for r in rows}
    if len(timings) == 1:  # one timing for every row: said once under the table, not in a column
        rows = [r[:2] + r[3:] for r in rows]
        when = next(iter(timings))
        head, widths = (
            ["Concern, likelihood and regime", "Why", f"Mitigation ({when[:1].lower() + when[1:]})"],
            [0.33, 0.37, 0.30],
        )
        note = []
    else:
        head, widths = ["Concern, likelihood and regime", "Why", "Timing", "Mitigation"], [0.28, 0.3, 0.12, 0.3]
        note = []
    blocks = [table(head, rows, widths, "risks"), *note, *waived(assessment)]
    return section("top-risks", "Top risks", blocks)


def _window(r, issued) -> str:
    """A regime's review window as a deadline, or as closed when the memo is dated after it ends."""
    ends = _dt.date.fromisoformat(r["window_ends"])
    if issued is not None and ends < issued:
        return f"the {r['name']} {window_phrase(ends, issued)}"
    return f"before the {r['name']} review window closes {r['window_ends']}"


def _shut(r, issued) -> bool:
    """A review window that closed before the memo's date: the bottom line says so; the step has no deadline."""
    return issued is not None and _dt.date.fromisoformat(r["window_ends"]) < issued


def next_steps(assessment, requests: list, short: bool, issued=None) -> dict:
    cat, steps = assessment.catalogue, []
    rows = filing_rows(assessment, issued)
    closed = assessment.deal.stage == "closed"
    for r in rows:
        if r["verdict"] == "likely notifiable":
            what = (
                "confirm that a filing was made, or assess gun-jumping exposure"
                if closed
                else "prepare the filing and plan for the waiting period"
            )
            who = f" ({r['authority']})" if r["authority"] else ""
            steps.append(f"{r['regime']}{who}: the screen reads likely notifiable — {what}.")
    waiting = [r for r in rows if r["verdict"] == "unknown" and r["status"].startswith(STATUS[("unknown", "")])]
    screen = getattr(assessment, "screen", ()) or ()
    for r in waiting:  # a filing question that turns on facts comes before any window
        row = screen[rows.index(r)] if len(screen) == len(rows) else None
        if closed and row is not None:  # what settles it, then a corrective filing or an approach
            what = "" if row in exposed_rows(assessment) else f"whether a filing was required {turns_on(row, cat)} — "
            steps.append(f"{r['name']}: {what}{settle_step(assessment, row, requests)}.")  # else Top risks says it
            continue
        basis = r["basis"][:1].lower() + r["basis"][1:]
        basis = "turns on " + basis.removeprefix("depends on ") if basis.startswith("depends on ") else basis
        steps.append(f"{r['name']}: whether a filing was required {basis} — settle this first.")
    ours = [r for r in rows if r["verdict"] == "unknown" and r not in waiting]  # verdicts on our own estimates
    for r in rows:
        if r.get("window_ends") and r not in ours:
            steps.append(
                f"{r['name']}: settle the position on the review window ({_window(r, issued)}), and any contact "
                "with the authority."
            )
    if ours:
        windows = [_window(r, issued) for r in ours if r.get("window_ends") and not _shut(r, issued)]
        before = f" ({'; '.join(windows)})" if windows else ""
        closed = [r["name"] for r in ours if r.get("verdict_text", "").startswith("route closed")]  # a referral
        routes = f" ({and_join(closed)}: route closed)" if closed else ""
        steps.append(
            f"{', '.join(r['name'] for r in ours)}: record our view that no filing was required{routes}, with its "
            f"estimates, in a file note{before}; approach an authority only if the client decides to."
        )
    since = day_month_year(assessment.deal.as_of, short=True)  # an old record is updated before it is relied on
    update = stale_facts(assessment.deal.as_of, issued) and f"bring the facts up to date from {since} and re-run"
    if requests:
        last = f"Answer the information requests in order ({len(requests)} open; the appendix lists every one)"
        steps.append(last + (f", and {update}." if update else "."))
    elif update:
        steps.append(update[:1].upper() + update[1:] + ".")
    if not steps:
        steps.append("No action is needed on these facts; re-run the assessment if the terms change.")
    blocks = [
        table(
            ["#", "Step", "Owner", "Due"],
            [[str(i), s, "", ""] for i, s in enumerate(steps, 1)],  # owner and due date: ruled cells counsel fills in
            [0.05, 0.69, 0.15, 0.11],
            "steps",
        )
    ]
    return section("next-steps", "Next steps", blocks)


def background(assessment) -> dict | None:
    deal = assessment.deal
    if not deal.summary:
        return None
    return section("background", "Background", [para(clean(deal.summary)), *reviewed_before(assessment)])


def chart_section(chart: dict) -> dict:
    return section(
        "scores",
        "Verdicts at a glance",
        [
            {"type": "chart", "chart": chart},
            para(
                "Bar: the most likely reading (the verdict's first word) on the 0–100 scale; black line: its range, "
                "from the facts as given to every open fact counted against the deal, drawn only where the range "
                "spans more than one word. Shading marks where each likelihood word begins. Filing rubrics give "
                "verdicts by regime and are not charted.",
                cls="small",
            ),
        ],
    )


def main_sections(
    assessment, *, role: str, chart: dict, narrative: list = (), review: dict | None = None, issued=None
) -> list:
    """The main memo's sections in order (the short form when every risk concern is low)."""
    requests = information_requests(assessment, proceedings=True)
    short = is_short_form(assessment)
    out = [
        bottom_line(assessment, requests, list(narrative), review, issued),
        top_risks_section(assessment, requests, issued),
        next_steps(assessment, requests, short, issued),
        filing_matrix(assessment, issued),
        requests_section(requests, short),
    ]
    if short:
        out.append(background(assessment))
        out.append(
            section(
                "other",
                "Other matters",
                [
                    para(
                        "Every concern reads remote even with every open fact against the deal, so theories of harm, regulator response and remedies are not discussed; the appendix has the findings criterion by criterion."
                    )
                ],
            )
        )
    else:
        out += [
            background(assessment),
            chart_section(chart),
            theories_of_harm(assessment),
            charitable(assessment),
            regulator_response(assessment),
            mitigations(assessment),
        ]
    out.append(key_assumptions(assessment, role, requests, shown=TOP_SHORT if short else TOP_FULL))
    return [s for s in out if s]


__all__ = ["main_sections", "is_short_form", "band_rank"]

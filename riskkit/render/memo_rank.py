"""What the main memo ranks: the top risks, and the information requests by how far each
answer could move a verdict.

Pure arithmetic on the assessment's findings (no re-scoring): a missing fact's answer can at
most add the points of the undetermined findings waiting on it, so the rubric's score could
rise by that share of its points; the request ranks by how many bands that could cross, then
by the points at stake. Filing verdicts that wait on a fact count as one band each.
"""

from __future__ import annotations

from riskkit.model.inputs import band_rank
from riskkit.model.words import fact_label, fact_question, likelihood, short_title


def live_risk(assessment) -> list:
    """Risk rubrics in play (not 'not applicable', not verdict rubrics)."""
    return [rr for rr in assessment.results if rr.status != "not_applicable" and rr.rubric.kind != "notifiability"]


def likely_band(rng) -> str:
    """The band the memo leads with: the most-likely estimate when scoring gives one, else the facts as given."""
    return getattr(rng, "band_likely", None) or rng.band


def severity(rr) -> tuple:
    rng = rr.range
    return (band_rank(likely_band(rng)), band_rank(rng.band_worst), getattr(rng, "score_likely", None) or rng.score)


def band_at(rubric, score: float) -> str:
    name = rubric.bands[0].name if rubric.bands else "low"
    for b in rubric.bands:
        if score >= b.min:
            name = b.name
    return name


def top_risks(assessment, limit: int = 5, per_rubric: int = 2) -> list:
    """(finding, rubric result) pairs: triggered findings in the gravest rubrics, heaviest first."""
    picked = []
    live = live_risk(assessment)
    per_rubric = per_rubric if len(live) > 1 else limit
    for rr in sorted(live, key=severity, reverse=True):
        hit = [f for f in rr.findings if f.status == "triggered" and not f.waived and f.points > 0]
        hit.sort(key=lambda f: (-f.points / max(rr.range.max_points, 1), f.id))
        picked += [(severity(rr), f.points / max(rr.range.max_points, 1), f, rr) for f in hit[:per_rubric]]
    picked.sort(key=lambda t: (t[0], t[1]), reverse=True)
    out, seen = [], []
    for _, _, f, rr in picked:
        # One risk per fact: two rubrics triggered by the same fact (the API sold only through the
        # investor's cloud) are one risk to the reader, shown once under the graver rubric.
        key = frozenset(c.fact for c in f.checks if c.result is True and not c.fact.startswith("deal."))
        if key and any(key <= k or k <= key for k in seen):
            continue
        seen.append(key)
        out.append((f, rr))
    return out[:limit]


def regime_band(rr, finding) -> str:
    """The gravest band among the regimes a finding belongs to (the rubric's own if none)."""
    bands = [likely_band(j.range) for j in rr.jurisdictions if j.id in finding.criterion.jurisdictions]
    return max(bands, key=band_rank) if bands else likely_band(rr.range)


def information_requests(assessment) -> list:
    """Every missing fact once, ranked by how far its answer could move a verdict.

    Each entry: fact, label, question, moves (bands crossable), points (at stake, on the
    0–100 scale summed over rubrics), effects (plain sentences), rubrics (titles).
    """
    cat = assessment.catalogue
    by_fact: dict[str, dict] = {}
    for rr in assessment.results:
        if rr.status == "not_applicable":
            continue
        unknown = [f for f in rr.findings if f.status == "unknown"]
        for g in rr.gaps:
            entry = by_fact.setdefault(
                g.fact,
                {
                    "fact": g.fact,
                    "label": fact_label(cat, g.fact),
                    "question": g.question or fact_question(cat, g.fact),
                    "moves": 0,
                    "points": 0.0,
                    "effects": [],
                    "rubrics": [],
                },
            )
            waiting = [f for f in unknown if g.fact in f.missing]
            entry["rubrics"].append(rr.rubric.title)
            if rr.rubric.kind == "notifiability":
                ids = {j for f in waiting for j in f.criterion.jurisdictions}
                names = [j.name for j in rr.jurisdictions if j.id in ids and j.verdict in ("unknown", "")]
                if names:
                    entry["moves"] = max(entry["moves"], 1)
                    entry["regimes"] = entry.get("regimes", 0) + len(names)
                    entry["effects"].append(f"needed to settle the filing question in {', '.join(names)}")
                continue
            swing = sum(f.points_worst - f.points for f in waiting)
            if swing <= 0:
                continue
            share = 100 * swing / max(rr.range.max_points, 1)
            base = getattr(rr.range, "score_likely", None)
            base = rr.range.score if base is None else base
            start = likely_band(rr.range)
            after = band_at(rr.rubric, min(100.0, base + share))
            moves = max(0, band_rank(after) - band_rank(start))
            entry["moves"] = max(entry["moves"], moves)
            entry["points"] += share
            if moves:
                entry["effects"].append(
                    f"could move {short_title(rr.rubric)} from {likelihood(start)} to {likelihood(after)}"
                )
            else:
                entry["effects"].append(f"narrows the range for {short_title(rr.rubric)}")
    ranked = sorted(
        by_fact.values(), key=lambda e: (-e["moves"], -(e["points"] + 10 * e.get("regimes", 0)), e["label"])
    )
    for i, e in enumerate(ranked, start=1):
        e["rank"] = i
    return ranked


def cleared_by(rr, catalogue, n: int = 2) -> str:
    """Why nothing triggered: the heaviest criteria the facts clear, each with its deciding value."""
    from riskkit.model.words import key_value

    def weight(f):
        c = f.criterion
        return max([c.points, *(lv.points for lv in c.levels)])

    clear = sorted((f for f in rr.findings if f.status == "not_triggered"), key=weight, reverse=True)[:n]
    if not clear:
        return "No criterion triggered"
    named = [f.criterion.title + (f" ({v})" if (v := key_value(f, catalogue)) else "") for f in clear]
    return "No criterion triggered. Not met on the facts: " + "; ".join(f"“{x}”" for x in named)


def decided_by(rr, catalogue, n: int = 3) -> list:
    """The two or three things that decide a rubric: its heaviest triggered findings, each with
    the value that decided it ('Voting stake against the UK material-influence indicators (27%)')."""
    from riskkit.model.words import key_value

    out = []
    for f in rr.drivers(n):
        value = key_value(f, catalogue)
        out.append(f.criterion.title + (f" ({value})" if value else ""))
    return out

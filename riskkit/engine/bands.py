"""Points to scores to bands: a rubric's best, most-likely and worst score range over a set of
findings (band floors included), and the same per authority for the criteria tagged with it."""

from __future__ import annotations

from riskkit.engine.likely import outside_jurisdictions
from riskkit.model.inputs import BANDS, band_rank
from riskkit.model.results import Finding, JurisdictionResult, ScoreRange


def _counted(f: Finding) -> tuple[float, float, float]:
    if f.waived or f.status in ("not_applicable", "not_in_play"):
        return 0, 0, 0
    return f.points, f.points_worst, f.points_likely


def variant_groups(rubric) -> tuple:
    """Criteria that test one theory of harm jurisdiction by jurisdiction (the compute tie read with
    the US, the EEA and the UK cloud share): each is tagged with part of the rubric's jurisdictions
    and none shares a tag with another. Across jurisdictions such a group counts once — its highest
    points against its highest maximum — so a concern is never diluted below every one of its
    regimes by counting the same theory three times in its denominator (a regime sees one of them)."""
    whole = set(rubric.jurisdictions)
    by_theory: dict = {}
    for c in rubric.criteria:
        tags = set(c.jurisdictions)
        if c.theory and tags and tags < whole:
            by_theory.setdefault(c.theory, []).append(c)
    groups = []
    for members in by_theory.values():
        tags = [t for c in members for t in c.jurisdictions]
        if len(members) > 1 and len(tags) == len(set(tags)):
            groups.append(tuple(c.id for c in members))
    return tuple(groups)


def _totals(rubric, findings) -> tuple:
    """(max points, best, worst, most-likely points) with each variant group counted once."""
    grouped = {cid: i for i, ids in enumerate(variant_groups(rubric)) for cid in ids}
    totals = [0, 0, 0, 0]
    best_of: dict = {}
    for f in findings:
        counted = (0 if f.status in ("not_applicable", "not_in_play") else f.max_points, *_counted(f))
        if f.criterion.id in grouped:
            key = grouped[f.criterion.id]
            best_of[key] = tuple(max(a, b) for a, b in zip(best_of.get(key, (0, 0, 0, 0)), counted, strict=True))
        else:
            totals = [a + b for a, b in zip(totals, counted, strict=True)]
    for counted in best_of.values():
        totals = [a + b for a, b in zip(totals, counted, strict=True)]
    return totals[0], totals[1], totals[2], round(totals[3], 4)


def score_range(rubric, findings) -> ScoreRange:
    """Points, score and band (best, most-likely and worst) of a set of findings under a rubric's bands and floors.

    Criteria not applicable or not in play leave the denominator; a variant group counts once.
    """
    max_points, points, worst, likely = _totals(rubric, findings)
    score = round(100 * points / max_points, 1) if max_points else 0.0
    score_worst = round(100 * worst / max_points, 1) if max_points else 0.0
    score_likely = round(100 * likely / max_points, 1) if max_points else 0.0
    band = rubric.band_for(score)
    band_worst = rubric.band_for(score_worst)
    band_likely = rubric.band_for(score_likely)
    for f in findings:
        floor = f.criterion.floor
        if not floor or f.waived or f.status in ("not_applicable", "not_in_play"):
            continue
        if f.status == "triggered" and band_rank(floor) > band_rank(band):
            band = floor
        if f.status in ("triggered", "unknown") and band_rank(floor) > band_rank(band_worst):
            band_worst = floor
        more_likely_than_not = f.status == "triggered" or 2 * f.points_likely > f.max_points
        if more_likely_than_not and band_rank(floor) > band_rank(band_likely):
            band_likely = floor
    if band_rank(band_worst) < band_rank(band):
        band_worst = band
    band_likely = BANDS[min(max(band_rank(band_likely), band_rank(band)), band_rank(band_worst))]
    # A floor lifts the score to its band's lower bound, so ordering by score agrees with the band.
    lifted = max(score, _band_min(rubric, band))
    lifted_worst = max(score_worst, _band_min(rubric, band_worst), lifted)
    lifted_likely = min(max(score_likely, _band_min(rubric, band_likely), lifted), lifted_worst)
    floored = lifted != score or lifted_worst != score_worst
    return ScoreRange(
        points,
        worst,
        max_points,
        lifted,
        lifted_worst,
        band,
        band_worst,
        floored,
        points_likely=likely,
        score_likely=lifted_likely,
        band_likely=band_likely,
    )


def _band_min(rubric, name: str) -> float:
    return next(b.min for b in rubric.bands if b.name == name)


def jurisdiction_breakdown(rubric, findings, catalogue, deal_jurisdictions=()) -> tuple:
    """Per-authority results, using only the criteria tagged with each authority.

    No authority outside the deal's jurisdictions is shown (e.g. France or Italy for a
    US/EU/UK/DE deal): with no procedural hook its views are advocacy, not a risk here, and its
    own criteria are not in play. A deal that names no jurisdictions shows every authority.
    """
    tags = list(rubric.jurisdictions)
    for f in findings:
        tags.extend(t for t in f.criterion.jurisdictions if t not in tags)
    tags = [t for t in tags if not outside_jurisdictions((t,), deal_jurisdictions)]
    out = []
    for tag in tags:
        subset = [f for f in findings if tag in f.criterion.jurisdictions]
        if not subset:
            continue
        j = catalogue.jurisdictions[tag]
        verdict = ""
        if rubric.kind == "notifiability":
            live = [f for f in subset if f.status not in ("not_applicable", "not_in_play")]
            if any(f.status == "triggered" for f in live):
                verdict = "likely notifiable"
            elif all(f.status == "not_triggered" for f in live):
                verdict = "not notifiable"
            else:
                verdict = "unknown"
        out.append(
            JurisdictionResult(
                tag, j.name, j.authority, score_range(rubric, subset), tuple(f.id for f in subset), verdict
            )
        )
    return tuple(out)

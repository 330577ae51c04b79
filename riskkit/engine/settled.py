"""Which findings an earlier review settles: for a concern that is an acquisition event
(`settled_by_review`), a finding unchanged since a prior state that every one of its authorities
reviewed has been passed on, and only a change is in play."""

from __future__ import annotations

from riskkit.engine.likely import outside_jurisdictions
from riskkit.model.display import day_month_year
from riskkit.model.results import Finding


def covering_reviews(criterion, deal, catalogue) -> list:
    """The prior state's reviews that cover every authority `criterion` is tagged with among the
    deal's jurisdictions ([] if any of them never reviewed it)."""
    reviews = deal.prior.reviews if deal.prior is not None else ()
    tags = [t for t in criterion.jurisdictions if not outside_jurisdictions((t,), deal.jurisdictions)]
    covering = []
    for tag in tags:
        by = [r for r in reviews if r.covers(catalogue.jurisdictions[tag])]
        if not by:
            return []
        covering.extend(r for r in by if r not in covering)
    return covering


def settled(f: Finding, deal, catalogue) -> Finding:
    """An acquisition concern's finding unchanged since a prior state that each of its authorities
    (those of the deal's jurisdictions) reviewed: that authority has passed on it, so for this deal
    only a change is in play (the CMA, having found material influence, asks about a step-up to
    de facto control, not about the influence again). Reviews by other authorities settle nothing.
    riskkit.engine.vector.settled applies the same rule column-wise."""
    if f.change != "unchanged" or f.status in ("not_applicable", "not_in_play"):
        return f
    covering = covering_reviews(f.criterion, deal, catalogue)
    if not covering:
        return f
    who = "; ".join(f"{r.authority}, {day_month_year(r.date, short=True)}" for r in covering)
    reason = f"unchanged since a state already reviewed ({who}): passed on then; only a change is in play now"
    return Finding(
        f.rubric_id,
        f.criterion,
        "not_in_play",
        0,
        0,
        reason=reason,
        points_likely=0,
        stage=f.stage,
        change="unchanged",
        points_prior=f.points_prior,
    )

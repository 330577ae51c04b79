"""Prior reviews, column-wise: which criteria a review of a deal's prior state settles, row by row.

The rule is riskkit.engine.settled's (`settled_by_review`): a finding whose most-likely points
are unchanged since a prior state that every one of its authorities reviewed is not in play. The
prior state itself is scored once per distinct prior by the per-deal scorer; only the comparison
with each row's points is column-wise, so varied rows (what-if, uncertainty) are labelled by the
same test as `score`.
"""

from __future__ import annotations

import numpy as np
from msgspec.structs import replace

EPS = 1e-9


def prior_columns(row_deals, rubric_set) -> dict:
    """{rubric id: {criterion id: (prior points, prior open, prior best, prior worst, covered)}},
    arrays over rows, for the rubrics that set `settled_by_review`. `row_deals` gives each row's
    deal (its prior state and reviews); {} when no row has a reviewed prior state."""
    from riskkit.engine.scoring import score
    from riskkit.engine.settled import covering_reviews

    rubrics = [r for r in rubric_set.rubrics if r.settled_by_review]
    reviewed = [d is not None and d.prior is not None and bool(d.prior.reviews) for d in row_deals]
    if not rubrics or not any(reviewed):
        return {}
    n = len(row_deals)
    out = {
        r.id: {c.id: (np.zeros(n), np.zeros(n, bool), np.zeros(n), np.zeros(n), np.zeros(n, bool)) for c in r.criteria}
        for r in rubrics
    }
    groups: dict = {}  # rows sharing one Deal object (vary()'s copies) are worked out once
    for i, deal in enumerate(row_deals):
        if reviewed[i]:
            groups.setdefault(id(deal), (deal, []))[1].append(i)
    for deal, rows in groups.values():
        assessed = score(replace(deal.prior.deal, prior=None), rubric_set)
        before = {(rr.id, f.criterion.id): f for rr in assessed.results for f in rr.findings}
        idx = np.asarray(rows)
        for r in rubrics:
            for c in r.criteria:
                pts, open_, best, worst, covered = out[r.id][c.id]
                f = before.get((r.id, c.id))
                if f is not None and f.status not in ("not_applicable", "not_in_play") and not f.waived:
                    pts[idx], open_[idx], best[idx], worst[idx] = (
                        f.points_likely,
                        f.status == "unknown",
                        f.points,
                        f.points_worst,
                    )
                covered[idx] = bool(covering_reviews(c, deal, rubric_set.catalogue))
    return out


def settled_mask(prior: tuple, now: np.ndarray) -> np.ndarray:
    """Rows where a criterion's most-likely points `now` read 'unchanged' against the prior state
    (riskkit.engine.scoring._label_change) and every authority of it reviewed that state."""
    pts, open_, best, worst, covered = prior
    inside = (pts > 0) & open_ & (best - EPS <= now) & (now <= worst + EPS)
    same = (now > 0) & (np.abs(now - pts) <= EPS)
    return covered & np.where(inside, now > 0, same)

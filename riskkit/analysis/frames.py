"""Per-finding results as a pandas DataFrame: one row per deal × rubric × criterion.

    frame = riskkit.findings_frame([deal_a, deal_b], rubrics)     # Deals are scored here
    frame = riskkit.findings_frame(assessment)                    # or Assessments already scored
    frame[frame.status == "triggered"].groupby("rubric").points.sum()

Columns: deal, rubric, criterion, title, status (ordered categorical: triggered, unknown, clear,
not in play, waived), level (the level label that matched), points (best case),
points_likely, points_worst, max_points, waived, facts (the deciding facts, "id = value"), missing
(facts whose absence leaves it unknown), jurisdictions. points_likely is the engine's most-likely
points (presumptions for unknown facts). pandas is imported only here.
"""

from __future__ import annotations

import pandas as pd

from riskkit.model.display import status_word

STATUSES = ("triggered", "unknown", "clear", "not in play", "waived")
COLUMNS = ("deal", "rubric", "criterion", "title", "status", "level", "points", "points_likely", "points_worst",
           "max_points", "waived", "facts", "missing", "jurisdictions")  # fmt: skip


def _assessments(items, rubric_set):
    from riskkit.model.results import Assessment

    if isinstance(items, Assessment):
        return [items]
    out = []
    for item in items:
        if isinstance(item, Assessment):
            out.append(item)
            continue
        if rubric_set is None:
            raise TypeError("findings_frame needs a rubric set to score Deal objects: findings_frame(deals, rubrics)")
        from riskkit.engine.scoring import score

        out.append(score(item, rubric_set))
    return out


def findings_frame(items, rubric_set=None) -> pd.DataFrame:
    """One row per deal × rubric × criterion (deal order, then rubric and criterion order as scored)."""
    rows = []
    for a in _assessments(items, rubric_set):
        for rr in a.results:
            for f in rr.findings:
                rows.append({
                    "deal": a.deal.id, "rubric": rr.id, "criterion": f.id, "title": f.criterion.title,
                    "status": status_word(f.status, f.waived), "level": f.level, "points": float(f.points),
                    "points_likely": float(f.points_likely), "points_worst": float(f.points_worst),
                    "max_points": float(f.criterion.max_points), "waived": bool(f.waived),
                    "facts": "; ".join(f"{u.id} = {u.display}" for u in f.facts), "missing": ", ".join(f.missing),
                    "jurisdictions": ", ".join(f.criterion.jurisdictions),
                })  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["status"] = pd.Categorical(frame["status"], categories=list(STATUSES), ordered=True)
    return frame


__all__ = ["findings_frame", "STATUSES", "COLUMNS"]

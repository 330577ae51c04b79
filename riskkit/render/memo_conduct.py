"""Conduct-law routes beside merger control, for the memo's regulator outlook: what an authority
may ask about an arrangement's terms (exclusivity, cloud position) even where no merger review is
expected — EU antitrust (Art. 101/102 TFEU) and the UK markets regime (market investigation,
strategic market status). The routes are rubric data (each regime's `conduct:` in
rubrics/filing-thresholds.yaml, loaded and checked by riskkit.load.regimes). Each applies only where
the deal has the feature it is about, and is dated: one dated after the deal's as-of date is left
out (no hindsight) unless later sources were asked for, and then it says so. Pure: returns bullet items.
"""

from __future__ import annotations


def _has(deal, route) -> bool:
    """Whether the deal has a conduct route's feature: a bool fact that is true, or a number at least the minimum."""
    fact = deal.facts.get(route.fact)
    value = getattr(fact, "value", None)
    if route.op == "is_true" or value is None:
        return value is True
    return getattr(value, "low", value) >= route.value


def applicable(assessment) -> list:
    """(screen row, route, later) for each conduct route open on the deal's features as of its date:
    a route dated after the as-of date only when later sources were asked for (`later` then True)."""
    deal = assessment.deal
    later_ok = getattr(deal, "include_later_sources", False)
    out = []
    for row in getattr(assessment, "screen", ()) or ():
        for route in getattr(row.regime, "conduct", ()):
            later = route.date > deal.as_of
            if _has(deal, route) and (later_ok or not later):
                out.append((row, route, later))
    return out


def conduct_items(assessment) -> list:
    """The conduct-law lines for the regimes in play, as of the deal's date (no hindsight)."""
    out = []
    for _row, route, later in applicable(assessment):
        flag = " [Later than the facts' as-of date: included on request.]" if later else ""
        out.append(((route.head + ". ", "b"), route.text + f" ({route.cite})." + flag))
    return out

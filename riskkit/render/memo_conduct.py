"""Conduct-law routes beside merger control, for the memo's regulator outlook: what an authority
may ask about an arrangement's terms (exclusivity, cloud position) even where no merger review is
expected — EU antitrust (Art. 101/102 TFEU) and the UK markets regime (market investigation,
strategic market status). Each route applies only where the deal has the feature it is about,
and is dated: one dated after the deal's as-of date is left out (no hindsight) unless later
sources were asked for, and then it says so. Pure: returns bullet items.
"""

from __future__ import annotations

import datetime as _dt

# Conduct-law routes that sit beside merger control, by regime: what an authority may ask about
# the arrangement's terms even where no merger review is expected. Each applies only where the deal
# has the feature it is about (`when`: fact, minimum), and is dated: one dated after the deal's
# as-of date is left out unless later sources were asked for, and then says so.
CONDUCT = {
    "EU-EC": (
        {
            "when": ("api_distribution_exclusive", True),
            "date": _dt.date(2024, 6, 28),
            "head": "EU antitrust (Art. 101/102 TFEU) — possible questions on exclusivity",
            "text": "After its June 2024 conclusion that Microsoft had not acquired control of OpenAI, the "
            'Commission sent antitrust requests for information on whether "certain exclusivity clauses" could '
            "harm competitors; an exclusivity that offers the target's API products only through the investor's "
            "cloud, as here, is the kind of clause they reach.",
            "cite": "European Commission (EVP Vestager), 28 June 2024, via PYMNTS and Politico Europe",
        },
    ),
    "UK-CMA": (
        {
            "when": ("investor_cloud_share_uk_pct", 25),
            "date": _dt.date(2025, 8, 4),  # final report published July 2025 (statutory deadline 4 Aug 2025)
            "head": "UK markets — cloud market investigation and strategic market status",
            "text": "The CMA provisionally found (28 January 2025) that AWS and Microsoft each supply 30–40% of UK "
            "public cloud infrastructure, that egress fees and discounts hinder switching and that Microsoft's "
            "licensing makes it harder for rivals to compete; its final report (July 2025) recommended strategic "
            "market status investigations of both under the DMCC Act 2024, a decision expected in early 2026. "
            "For an investor with that cloud position, that, not merger control, is where an exclusivity tied to "
            "its cloud could be examined.",
            "cite": "CMA, cloud services market investigation, provisional and final decision reports, via "
            "webpronews, IBC and DCD",
        },
    ),
}


def _has(deal, when) -> bool:
    """Whether the deal has a conduct route's feature: a bool fact that is true, or a number at least the minimum."""
    fid, want = when
    fact = deal.facts.get(fid)
    value = getattr(fact, "value", None)
    if isinstance(want, bool) or value is None:
        return value is want
    return getattr(value, "low", value) >= want


def conduct_items(assessment) -> list:
    """The conduct-law lines for the regimes in play, as of the deal's date (no hindsight)."""
    deal = assessment.deal
    later_ok = getattr(deal, "include_later_sources", False)
    out = []
    for row in getattr(assessment, "screen", ()) or ():
        for item in CONDUCT.get(row.regime.id, ()):
            if not _has(deal, item["when"]):
                continue
            later = item["date"] > deal.as_of
            if later and not later_ok:
                continue
            flag = " [Later than the facts' as-of date: included on request.]" if later else ""
            out.append(((item["head"] + ". ", "b"), item["text"] + f" ({item['cite']})." + flag))
    return out

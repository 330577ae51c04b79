"""Two things the memo says about each risk concern beside its verdict (issue 12):

- before the deal vs what the deal changes: which earlier regulator reviews covered the concern
  (who, when, what they concluded) and which findings are new, strengthened, unchanged or reduced
  since that reviewed state (by name; no score figures);
- which missing facts keep its best–worst range wide, as plain questions.

Pure: reads an Assessment and returns memo_blocks blocks.
"""

from __future__ import annotations

import re

from riskkit.model.words import clean, fact_question, likelihood_span, short_title, verdict_words
from riskkit.render.memo_blocks import bullets, h3, para

_PAREN = re.compile(r"\s*\([^()]*\)")
_MONTHS = "January February March April May June July August September October November December".split()
NAMED = (("new", "new"), ("strengthened", "strengthened"), ("reduced", "reduced"))


def _when(d) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _norm(name: str) -> str:
    """An authority's name without parentheses or a country prefix, lower case."""
    text = _PAREN.sub("", clean(name)).strip().lower()
    return re.sub(r"^(uk|us|eu|german|the)\s+", "", text)


def _covers(review, jurisdictions) -> bool:
    """Whether a review was by the authority of one of a concern's regimes."""
    mine = _norm(review.authority)
    return any(mine and (mine in _norm(j.authority) or _norm(j.authority) in mine) for j in jurisdictions)


def _short_authority(name: str) -> str:
    known = {
        "competition and markets authority": "CMA",
        "european commission": "EC",
        "federal trade commission": "FTC",
        "bundeskartellamt": "BKartA",
    }
    return known.get(_norm(name), _PAREN.sub("", clean(name)).strip())


def _plain(title: str) -> str:
    """A finding's title without its parenthetical asides, for a running sentence."""
    return _PAREN.sub("", clean(title)).strip()


def _live(assessment) -> list:
    return [rr for rr in assessment.results if rr.scored and rr.status == "applicable"]


def reviewed_before(assessment) -> list:
    """The bottom line's 'before the deal' paragraph: who reviewed the earlier state, when, with
    what outcome ([] without a prior state). Each concern's change is in its table row (concern_change)."""
    prior = getattr(assessment.deal, "prior", None)
    if prior is None:
        return []
    reviews = sorted(prior.reviews, key=lambda r: r.date, reverse=True)
    since = prior.deal.as_of
    when = _when(since)

    def said(rs) -> str:
        return "; ".join(f"{clean(r.authority)}, {_when(r.date)}: {clean(r.outcome).rstrip('.')}" for r in rs)

    # A review can only have looked at the state as it stood on or before the review's own date:
    # those dated before the prior state's date reviewed earlier versions of the arrangement.
    current = [r for r in reviews if r.date >= since]
    earlier = [r for r in reviews if r.date < since]
    parts = []
    if current:
        parts.append(f"the position as it stood on {when} was reviewed by {said(current)}.")
    else:
        parts.append(f"the deal file names the position as it stood on {when}; no regulator reviewed it as such.")
    if earlier:
        parts.append(f"Earlier reviews looked at earlier versions of the arrangement: {said(earlier)}.")
    text = " ".join(parts)
    return [
        para(
            ("Before the deal: ", "b"),
            text + " Each row above says what changed since.",
            cls="small",
        )
    ]


def concern_change(assessment, rr) -> str:
    """One concern against the earlier reviewed state: who reviewed it, what is new, strengthened or
    reduced (by name) and unchanged (by count), and the score of the new or strengthened exposure.
    '' when the deal names no prior state."""
    prior = getattr(assessment.deal, "prior", None)
    if prior is None:
        return ""
    reviews = sorted(prior.reviews, key=lambda r: r.date, reverse=True)
    covering = [r for r in reviews if _covers(r, rr.jurisdictions)]
    if covering:
        lead = "Reviewed: " + ", ".join(f"{_short_authority(r.authority)} {r.date.year}" for r in covering) + "."
    else:
        lead = "No earlier review covered it."
    groups: dict[str, list] = {}
    for f in rr.findings:
        label = getattr(f, "change", None)
        if f.status == "triggered" and not f.waived and label:
            groups.setdefault(str(label), []).append(_plain(f.criterion.title))
    parts = [f"{word.capitalize()}: {'; '.join(dict.fromkeys(groups[key]))}." for key, word in NAMED if groups.get(key)]
    if groups.get("unchanged"):
        parts.append("Other findings unchanged." if parts else "Findings unchanged.")
    elif not parts and rr.score_new is not None:
        parts.append("Nothing new or strengthened.")
    return " ".join([lead, *parts])


def range_drivers(assessment, n: int = 3) -> list:
    """Key assumptions: for each concern whose range is wide, the open facts that keep it so."""
    items = []
    for rr in sorted(_live(assessment), key=lambda r: -(r.range.score_worst - r.range.score)):
        drivers = rr.range_drivers(n)
        if not rr.range.is_range or not drivers:
            continue
        asks = " ".join(fact_question(assessment.catalogue, fid) for fid, _ in drivers)
        span = likelihood_span(rr.range.band, rr.range.band_worst)
        lead = (  # a range only where the reading can move; otherwise the reading and what is still open
            f"reads {verdict_words(rr.range)}; would firm up if we knew: "
            if rr.range.band != rr.range.band_worst
            else f"reads {span} even with every open fact counted against the deal; still open: "
        )
        items.append(((f"{short_title(rr.rubric)} — {lead}", "b"), asks))
    if not items:
        return []
    return [h3("What keeps each range wide"), bullets(items)]

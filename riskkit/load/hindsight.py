"""No hindsight: a deal is read as of its own date.

A source dated after the deal's `as_of` date could not have been known then. By default such
sources are dropped from the facts that cite them (a "confirmed" fact left with no primary
source is only "reported" on the deal's date), and a fact left with nothing but later
material (or whose own `as_of` is later) is excluded, so it becomes unknown and an information
request; a post-closing condition, or a proceeding's particulars, known only from later
material is left out the same way. With `include_later_sources` all of them are kept. Either
way every use of later material in a fact is flagged (Deal.later_sources; `later_sources` on each fact in the JSON).
"""

from __future__ import annotations

from msgspec.structs import replace

from riskkit.model.hindsight import later_source_ids
from riskkit.model.inputs import LaterSource


def screen(deal, include_later_sources: bool = False):
    """The deal as of its own date, with every use of later material flagged (see module doc)."""
    facts = {}
    flags = []
    for fid, fact in deal.facts.items():
        later = later_source_ids(fact.sources, deal)
        late_as_of = fact.as_of is not None and fact.as_of > deal.as_of
        if not later and not late_as_of:
            facts[fid] = fact
            continue
        dates = tuple(deal.sources[s].date.isoformat() for s in later)
        if late_as_of:
            dates += (fact.as_of.isoformat(),)
        if include_later_sources:
            facts[fid] = replace(fact, later_sources=later)
            flags.append(LaterSource(fid, later, dates, "included"))
            continue
        kept = tuple(s for s in fact.sources if s not in later)
        if late_as_of or (fact.sources and not kept):
            flags.append(LaterSource(fid, later, dates, "excluded"))
            continue
        confidence = fact.confidence
        if confidence == "confirmed" and not any(deal.sources[k].primary for k in kept if k in deal.sources):
            confidence = "reported"  # what confirmed it came later: on the deal's date it was only reported
        facts[fid] = replace(fact, sources=kept, confidence=confidence)
        flags.append(LaterSource(fid, later, dates, "sources_dropped"))
    conditions = tuple(
        c for c in getattr(deal, "conditions", ()) if include_later_sources or not _only_later(c.sources, deal)
    )
    proceedings = tuple(
        p for p in getattr(deal, "proceedings", ()) if include_later_sources or not _only_later(p.sources, deal)
    )
    return replace(
        deal,
        facts=facts,
        conditions=conditions,
        proceedings=proceedings,
        later_sources=tuple(flags),
        include_later_sources=include_later_sources,
    )


def _only_later(sources, deal) -> bool:
    """A condition known only from material dated after the deal's as-of date (press on a later
    day, a later advocacy statement): left out of the register unless later sources are asked for,
    exactly as a fact resting only on later material is."""
    return bool(sources) and len(later_source_ids(sources, deal)) == len(sources)

"""The most-likely estimate and the structures in play: presumptions for unknown facts, pure.

A fact nobody has given takes the presumption declared for it (the deal's own first, then the
catalogue's): a value, or for a yes/no fact a probability. A fact given as a range takes its
midpoint. A criterion still unknown after that (no presumption reaches it) counts at the middle
of its best and worst points, and the facts that left it so are listed as unpresumed.
"""

from __future__ import annotations

import itertools

from msgspec import Struct
from msgspec.structs import replace

from riskkit.engine.conditions import evaluate
from riskkit.engine.derive import resolve_facts
from riskkit.model.inputs import Fact, Interval, Presumption

MAX_PROBABILITY_FACTS = 6  # 2**6 combinations per criterion at most
RANGE_REASON = "given as a range; the most-likely estimate takes its midpoint"


class LikelyFacts(Struct, frozen=True):
    """The facts the most-likely estimate reads, and what it presumed to get them."""

    facts: dict  # id -> Fact: the deal's facts, ranges at their midpoint, value presumptions, derived
    presumed: dict  # id -> Presumption (values and range midpoints)
    probable: dict  # id -> Presumption with a probability (bool facts)


def likely_facts(deal, catalogue) -> LikelyFacts:
    given = dict(deal.facts)
    presumed: dict = {}
    probable: dict = {}
    for fid, fact in deal.facts.items():
        v = fact.value
        if isinstance(v, Interval) and not v.is_point:
            mid = (v.low + v.high) / 2
            given[fid] = replace(fact, value=Interval(mid, mid))
            presumed[fid] = Presumption(fid, RANGE_REASON, value=Interval(mid, mid), origin="range")
    for fid, p in {**catalogue.presumptions, **deal.presumptions}.items():
        if fid in deal.facts:
            continue
        if p.probability is not None:
            probable[fid] = p
        else:
            given[fid] = Fact(fid, p.value, confidence="estimated", note="presumed: " + p.reason)
            presumed[fid] = p
    facts = resolve_facts(replace(deal, facts=given), catalogue)
    return LikelyFacts(facts, presumed, probable)


def structures_in_play(deal, catalogue, facts: dict, params: dict) -> dict:
    """{structure id: (in play?, why)} — declared by the deal, else shown by its facts (unknown = not shown)."""
    from riskkit.engine.conditions import EvalContext

    out = {}
    for sid, st in catalogue.structures.items():
        if deal.structures is not None:
            on = sid in deal.structures
            out[sid] = (on, "declared in the deal file" if on else "the deal file does not declare it")
            continue
        if st.when is None:
            out[sid] = (False, "the deal file does not declare it")
            continue
        result, checks = evaluate(st.when, EvalContext(deal, catalogue, facts, params))
        if result is None:
            out[sid] = (False, "no fact shows it")
            continue
        shown = "; ".join(dict.fromkeys(c.text for c in checks if c.result is result))
        out[sid] = (bool(result), f"from the deal's facts: {shown}")
    return out


def outside_jurisdictions(tags, deal_jurisdictions) -> bool:
    """True when the deal names its jurisdictions and none of these regime tags is one of them.

    A regime tag (US-FTC/DOJ, EU-Art22, DE-BKartA) belongs to the country or region before its
    first '-', which is what a deal names (US, EU, DE). No jurisdictions in the deal: all in play.
    """
    return bool(deal_jurisdictions) and bool(tags) and all(t.split("-")[0] not in deal_jurisdictions for t in tags)


def jurisdictions_reason(criterion, deal_jurisdictions) -> str:
    """'' unless every regime the criterion is tagged with lies outside the deal's jurisdictions."""
    if not outside_jurisdictions(criterion.jurisdictions, deal_jurisdictions):
        return ""
    return f"outside the deal's jurisdictions ({', '.join(criterion.jurisdictions)})"


def not_in_play_reason(criterion, in_play: dict, catalogue, context: bool = False, deal_jurisdictions=()) -> str:
    """'' when the criterion is in play, else why not (context only, a regime the deal does not
    touch, or the structures it needs, absent here)."""
    if criterion.context and not context:
        return f"context, not deal risk: {criterion.context}"
    outside = jurisdictions_reason(criterion, deal_jurisdictions)
    if outside:
        return outside
    if not criterion.applies_to or any(in_play.get(s, (True, ""))[0] for s in criterion.applies_to):
        return ""
    titles = " or ".join(catalogue.structures[s].title for s in criterion.applies_to)
    return f"applies only to {titles}, not in this deal"


def likely_points(criterion, ctx_likely, likely: LikelyFacts, evaluate_criterion) -> tuple[float, tuple, tuple]:
    """(points, presumed fact ids read, unpresumed fact ids) of one criterion on its most-likely facts.

    `evaluate_criterion(criterion, ctx)` gives (status, best, worst, label, checks) as the scorer does.
    """
    status, best, worst, _label, checks = evaluate_criterion(criterion, ctx_likely)
    read = {ch.fact for ch in checks} | {m for ch in checks for m in ch.missing}
    presumed = tuple(sorted(f for f in likely.presumed if f in read or _derived_reads(f, read, ctx_likely)))
    if status != "unknown":
        return best, presumed, ()
    missing = sorted({m for ch in checks if ch.result is None for m in ch.missing})
    chance = [f for f in missing if f in likely.probable][:MAX_PROBABILITY_FACTS]
    if not chance:
        return (best + worst) / 2, presumed, tuple(missing)
    total, unpresumed = 0.0, set()
    for combo in itertools.product((True, False), repeat=len(chance)):
        weight = 1.0
        facts = dict(ctx_likely.facts)
        for fid, value in zip(chance, combo, strict=True):
            p = likely.probable[fid].probability
            weight *= p if value else 1 - p
            facts[fid] = Fact(fid, value, confidence="estimated")
        if weight == 0:
            continue
        ctx = ctx_likely.with_facts(facts)
        s, b, w, _l, cks = evaluate_criterion(criterion, ctx)
        if s == "unknown":
            unpresumed |= {m for ch in cks if ch.result is None for m in ch.missing}
            total += weight * (b + w) / 2
        else:
            total += weight * b
    return round(total, 4), tuple(sorted(set(presumed) | set(chance))), tuple(sorted(unpresumed))


def _derived_reads(fid: str, read: set, ctx) -> bool:
    """True when a presumed fact feeds a derived fact the criterion read."""
    from riskkit.model.inputs import derived_inputs

    return any(fid in derived_inputs(r, ctx.catalogue) for r in read)

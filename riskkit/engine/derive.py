"""Compute derived facts (ratios, sums, HHI) from the facts a deal gives, with provenance."""

from __future__ import annotations

import itertools
import math

from riskkit.model.inputs import Fact, Interval

CONFIDENCE_ORDER = ("confirmed", "reported", "estimated", "unsourced")


class Resolved(dict):
    """Facts by id, plus why each derived fact that could not be computed is unknown.

    `blocked` maps a derived fact id to what it waits for: an fx pair ("fx:JPY→USD") the deal's
    fx table lacks. `warnings` says, in one line each, which derived facts are unknown and why.
    """

    blocked: dict
    warnings: list


def resolve_facts(deal, catalogue) -> Resolved:
    """The deal's facts plus every derived fact whose inputs are known (pure).

    A derived fact that needs a currency conversion the deal's fx table lacks, or whose value
    would not be a finite number, stays unknown with a warning (never silently).
    """
    facts = Resolved(deal.facts)
    facts.blocked, facts.warnings = {}, []
    pending = [s for s in catalogue.facts.values() if s.derived_op]
    progress = True
    while pending and progress:
        progress = False
        for spec in list(pending):
            if any(d in pending_ids(pending) for d in spec.derived_of):
                continue
            pending.remove(spec)
            progress = True
            inputs = [facts.get(d) for d in spec.derived_of]
            if any(f is None for f in inputs):
                continue
            derived = _derive(spec, inputs, deal)
            if isinstance(derived, Blocked):
                facts.blocked[spec.id] = derived.needs
                facts.warnings.append(f"{spec.id} is unknown: {derived.why}")
            elif derived is not None:
                facts[spec.id] = derived
    return facts


class Blocked:
    """Why a derived fact could not be computed although all its inputs are known."""

    __slots__ = ("needs", "why")

    def __init__(self, needs: str | None, why: str):
        self.needs = needs
        self.why = why


def pending_ids(pending) -> set:
    return {s.id for s in pending}


def _derive(spec, inputs: list, deal) -> Fact | Blocked | None:
    currency = None
    values = []
    for f in inputs:
        v = f.value
        if spec.derived_op == "hhi":
            if not isinstance(v, tuple):
                return None
            values.append(v)
            continue
        if not isinstance(v, Interval):
            return None
        if f.currency and spec.derived_op in ("sum", "difference", "ratio", "min", "max"):
            if currency is None:
                currency = f.currency
            elif f.currency != currency:
                rate = _rate(deal, f.currency, currency)
                if rate is None:  # never convert silently: unknown without an fx rate, and ask for it
                    return Blocked(
                        f"fx:{f.currency}→{currency}",
                        f"{f.id} is in {f.currency} and the deal's fx table has no {f.currency}→{currency} rate; "
                        f"add one (fx: [{{from: {f.currency}, to: {currency}, rate: …}}])",
                    )
                v = Interval(v.low * rate, v.high * rate)
        values.append(v)
    try:
        value = _compute(spec.derived_op, values)
    except (OverflowError, ZeroDivisionError):
        value = Interval(math.inf, math.inf)
    if value is None:
        return None
    if not (math.isfinite(value.low) and math.isfinite(value.high)):
        return Blocked(None, f"{spec.derived_op} of {', '.join(spec.derived_of)} is not a finite number")
    sources = tuple(dict.fromkeys(s for f in inputs for s in f.sources))
    confidence = max((f.confidence for f in inputs), key=CONFIDENCE_ORDER.index)
    return Fact(
        id=spec.id,
        value=value,
        currency=currency if spec.type == "money" else None,
        sources=sources,
        confidence=confidence,
        note=f"derived: {spec.derived_op} of {', '.join(spec.derived_of)}",
        derived_from=spec.derived_of,
    )


def _rate(deal, base, quote):
    for r in deal.fx:
        if r.base == base and r.quote == quote:
            return r.rate
        if r.base == quote and r.quote == base:
            return 1 / r.rate
    return None


def _corners(fn, intervals):
    results = [fn(*combo) for combo in itertools.product(*[(i.low, i.high) for i in intervals])]
    return Interval(min(results), max(results))


def _compute(op: str, values: list):
    if op == "hhi":
        shares = values[0]
        return Interval(sum(s * s for s in shares), sum(s * s for s in shares))
    if op == "sum":
        return Interval(sum(v.low for v in values), sum(v.high for v in values))
    if op == "difference":
        a, b = values
        return Interval(a.low - b.high, a.high - b.low)
    if op == "product":
        return _corners(lambda *xs: _prod(xs), values)
    if op == "ratio":
        a, b = values
        if b.low <= 0 <= b.high:
            return None
        return _corners(lambda x, y: x / y, values)
    if op == "delta_hhi":
        return _corners(lambda x, y: 2 * x * y, values)
    if op == "partial_delta_hhi":  # O'Brien–Salop: a silent stake of b% (0–100) in a rival adds a·s·b/100
        return _corners(lambda a, s, b: a * s * b / 100, values)
    if op == "min":
        return Interval(min(v.low for v in values), min(v.high for v in values))
    if op == "max":
        return Interval(max(v.low for v in values), max(v.high for v in values))
    raise ValueError(op)


def _prod(xs):
    out = 1.0
    for x in xs:
        out *= x
    return out

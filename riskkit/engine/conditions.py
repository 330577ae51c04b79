"""Three-valued evaluation of rubric conditions, with the evidence for every comparison.

True / False / None (unknown). `any` is true as soon as one branch is true even if others
are unknown; `all` is false as soon as one branch is false. Numbers are intervals, so a
fact known only as a range gives a definite answer when the whole range falls on one side
of the threshold and unknown otherwise. Money is converted only through the deal's fx table.
"""

from __future__ import annotations

import datetime as _dt

from msgspec import Struct

from riskkit.model.display import show
from riskkit.model.inputs import DEAL_ATTRIBUTES, All, Any_, Compare, Interval, Not

OP_WORDS = {
    "eq": "=",
    "ne": "≠",
    "lt": "<",
    "lte": "≤",
    "gt": ">",
    "gte": "≥",
    "in": "in",
    "not_in": "not in",
    "between": "between",
    "contains": "includes",
    "contains_any": "includes any of",
    "contains_all": "includes all of",
    "exists": "is known",
    "is_true": "is yes",
    "is_false": "is no",
}


class Check(Struct, frozen=True):
    """One comparison's evidence: what was compared, with what, and the outcome."""

    fact: str
    op: str
    result: bool | None
    actual: str
    expected: str
    missing: tuple = ()  # fact ids, or "fx:USD→EUR"
    uncertain: tuple = ()  # range facts that straddle the threshold
    note: str = ""  # e.g. parameter not in force, fx conversion used
    # What the fact was compared with, structured (so no reader parses `expected`):
    literal: str = ""  # a literal in the rubric, as shown ("" when a parameter or another fact)
    other: str = ""  # another fact's id
    param: str = ""  # a dated parameter's id
    param_value: str = ""  # the parameter's value in force on the deal's date, as shown
    param_effective: _dt.date | None = None  # the date that value took effect
    param_in_force: bool | None = None  # False: no value yet on the deal's date; None: not looked up
    reference: object = None  # the Reference (authority) of the parameter value in force

    @property
    def text(self) -> str:
        """The comparison as a reader checks it: 'stake = 27% ≥ 25%', 'exclusivity = rofr, not exclusive'."""
        if self.op in ("exists", "is_true", "is_false"):
            return f"{self.fact} = {self.actual}"
        word = OP_WORDS[self.op]
        if self.result is None and self.actual == "unknown":
            base = f"{self.fact} unknown (test: {word} {self.expected})"
        elif self.result is None:
            base = f"{self.fact} = {self.actual}, which straddles {word} {self.expected}"
        elif self.op == "eq":
            base = (
                f"{self.fact} = {self.actual}" if self.result else f"{self.fact} = {self.actual}, not {self.expected}"
            )
        elif self.result:
            base = f"{self.fact} = {self.actual} {word} {self.expected}"
        else:
            base = f"{self.fact} = {self.actual}, not {word} {self.expected}"
        return f"{base} ({self.note})" if self.note else base

    def to_dict(self) -> dict:
        return {
            "fact": self.fact,
            "op": self.op,
            "actual": self.actual,
            "expected": self.expected,
            "result": self.result,
            "missing": list(self.missing),
            "uncertain": list(self.uncertain),
            "note": self.note,
            "text": self.text,
            "literal": self.literal,
            "other": self.other,
            "param": self.param,
            "param_value": self.param_value,
            "param_effective": self.param_effective.isoformat() if self.param_effective else None,
            "param_in_force": self.param_in_force,
            "reference": self.reference.to_dict() if self.reference is not None else None,
        }


class EvalContext:
    """Everything a condition may read: resolved facts, parameters in force, fx, deal metadata."""

    def __init__(self, deal, catalogue, facts: dict, params: dict):
        self.deal = deal
        self.catalogue = catalogue
        self.facts = facts
        self.params = params

    def with_facts(self, facts: dict) -> EvalContext:
        """The same context reading other facts (the most-likely estimate's)."""
        return EvalContext(self.deal, self.catalogue, facts, self.params)

    def fact_value(self, fid: str):
        """(value, type, currency) or None when unknown."""
        if fid in DEAL_ATTRIBUTES:
            value = {
                "deal.as_of": self.deal.as_of,
                "deal.stage": self.deal.stage,
                "deal.jurisdictions": tuple(self.deal.jurisdictions),
                "deal.hypothetical": self.deal.hypothetical,
            }[fid]
            return value, DEAL_ATTRIBUTES[fid][0], None
        fact = self.facts.get(fid)
        if fact is None:
            return None
        return fact.value, self.catalogue.facts[fid].type, fact.currency

    def fx_rate(self, base: str, quote: str):
        """(rate, description) converting base into quote, or None."""
        for r in self.deal.fx:
            if r.base == base and r.quote == quote:
                return r.rate, f"fx {base}→{quote} {r.rate:g}"
        for r in self.deal.fx:
            if r.base == quote and r.quote == base:
                return 1 / r.rate, f"fx {base}→{quote} 1/{r.rate:g}"
        return None


def evaluate(cond, ctx: EvalContext) -> tuple[bool | None, list[Check]]:
    if isinstance(cond, Compare):
        check = compare(cond, ctx)
        return check.result, [check]
    if isinstance(cond, Not):
        result, checks = evaluate(cond.item, ctx)
        return (None if result is None else not result), checks
    results, checks = [], []
    for item in cond.items:
        r, c = evaluate(item, ctx)
        results.append(r)
        checks.extend(c)
    if isinstance(cond, All):
        if any(r is False for r in results):
            return False, checks
        return (None if any(r is None for r in results) else True), checks
    if isinstance(cond, Any_):
        if any(r is True for r in results):
            return True, checks
        return (None if any(r is None for r in results) else False), checks
    raise TypeError(f"not a condition: {cond!r}")


def compare(c: Compare, ctx: EvalContext) -> Check:
    spec = ctx.catalogue.facts.get(c.fact)
    unit = spec.unit if spec else ""
    lhs = ctx.fact_value(c.fact)
    if lhs is None:
        if c.op == "exists":
            return Check(c.fact, c.op, False, "unknown", "")
        return Check(c.fact, c.op, None, "unknown", _expected_text(c, ctx), missing=(c.fact,), **_rhs_fields(c, ctx))
    value, ftype, currency = lhs
    actual = show(value, ftype, currency, unit)
    if c.op == "exists":
        return Check(c.fact, c.op, True, actual, "")
    if c.op in ("is_true", "is_false"):
        return Check(c.fact, c.op, value is (c.op == "is_true"), actual, "")

    note = ""
    # Right-hand side.
    if c.param is not None:
        param = ctx.params[c.param]
        pv = param.in_force(ctx.deal.as_of)
        if pv is None and param.before_first == "unknown":
            return Check(
                c.fact,
                c.op,
                None,
                actual,
                f"{c.param}",
                missing=(f"param:{c.param}",),
                note=f"{c.param}: no value recorded before {param.values[0].effective.isoformat()}",
                param=c.param,
            )
        if pv is None:
            return Check(
                c.fact,
                c.op,
                False,
                actual,
                f"{c.param}",
                note=f"{c.param} not in force on {ctx.deal.as_of.isoformat()}",
                param=c.param,
                param_in_force=False,
            )
        rhs, rcur = pv.value, param.currency
        shown = show(rhs, param.type, rcur)
        expected = f"{shown} ({c.param}, from {pv.effective.isoformat()})"
        rhs_fields = {"param": c.param, "param_value": shown, "param_effective": pv.effective,
                      "param_in_force": True, "reference": pv.reference}  # fmt: skip
    elif c.other is not None:
        other = ctx.fact_value(c.other)
        if other is None:
            return Check(c.fact, c.op, None, actual, f"{c.other} (unknown)", missing=(c.other,), other=c.other)
        rhs, otype, rcur = other
        expected = f"{c.other} = {show(rhs, otype, rcur)}"
        rhs_fields = {"other": c.other}
    else:
        rhs, rcur = c.value, currency
        expected = _literal_text(c.value, ftype)
        rhs_fields = {"literal": expected}

    if ftype == "money" and rcur and currency and rcur != currency:
        fx = ctx.fx_rate(currency, rcur)
        if fx is None:
            return Check(
                c.fact,
                c.op,
                None,
                actual,
                expected,
                missing=(f"fx:{currency}→{rcur}",),
                note=f"no {currency}→{rcur} rate in the deal's fx table",
                **rhs_fields,
            )
        rate, how = fx
        value = Interval(value.low * rate, value.high * rate)
        note = f"{how} = {show(value, 'money', rcur)}"

    result = _apply(c.op, value, rhs)
    uncertain = (c.fact,) if result is None and isinstance(value, Interval) and not value.is_point else ()
    if result is None and not uncertain and isinstance(rhs, Interval) and not rhs.is_point:
        uncertain = (c.other,)
    return Check(c.fact, c.op, result, actual, expected, uncertain=uncertain, note=note, **rhs_fields)


def _apply(op: str, value, rhs) -> bool | None:
    if isinstance(value, Interval):
        return _interval_op(op, value, rhs)
    if op == "eq":
        return value == rhs
    if op == "ne":
        return value != rhs
    if op in ("lt", "lte", "gt", "gte"):
        return {"lt": value < rhs, "lte": value <= rhs, "gt": value > rhs, "gte": value >= rhs}[op]
    if op == "between":
        return rhs[0] <= value <= rhs[1]
    if op == "in":
        return value in rhs
    if op == "not_in":
        return value not in rhs
    if op == "contains":
        if isinstance(value, str):
            return str(rhs).casefold() in value.casefold()
        return rhs in value
    if op == "contains_any":
        return any(v in value for v in rhs)
    if op == "contains_all":
        return all(v in value for v in rhs)
    raise ValueError(f"unsupported operator {op}")


def _interval_op(op: str, x: Interval, rhs) -> bool | None:
    if op == "between":
        lo, hi = (r.low if isinstance(r, Interval) else r for r in rhs)
        if x.low >= lo and x.high <= hi:
            return True
        if x.high < lo or x.low > hi:
            return False
        return None
    if op in ("in", "not_in"):
        points = [r.low if isinstance(r, Interval) else r for r in rhs]
        if x.is_point:
            inside = x.low in points
        elif not any(x.low <= p <= x.high for p in points):
            inside = False
        else:
            return None
        return inside if op == "in" else not inside
    r = rhs if isinstance(rhs, Interval) else Interval(rhs, rhs)
    if op == "gt":
        return True if x.low > r.high else False if x.high <= r.low else None
    if op == "gte":
        return True if x.low >= r.high else False if x.high < r.low else None
    if op == "lt":
        return True if x.high < r.low else False if x.low >= r.high else None
    if op == "lte":
        return True if x.high <= r.low else False if x.low > r.high else None
    if op in ("eq", "ne"):
        if x.is_point and r.is_point:
            same = x.low == r.low
        elif x.high < r.low or x.low > r.high:
            same = False
        else:
            return None
        return same if op == "eq" else not same
    raise ValueError(f"unsupported operator {op} for numbers")


def _literal_text(value, ftype: str) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(show(v, ftype) for v in value) + "]"
    if isinstance(value, (_dt.date,)):
        return value.isoformat()
    return show(value, ftype)


def _rhs_fields(c: Compare, ctx: EvalContext) -> dict:
    """What a comparison whose fact is unknown would have compared with (not looked up)."""
    if c.param is not None:
        return {"param": c.param}
    if c.other is not None:
        return {"other": c.other}
    return {"literal": _expected_text(c, ctx)}


def _expected_text(c: Compare, ctx: EvalContext) -> str:
    if c.param is not None:
        return c.param
    if c.other is not None:
        return c.other
    spec = ctx.catalogue.facts.get(c.fact)
    return _literal_text(c.value, spec.type if spec else "")


def threshold_value(c, ctx) -> float:
    """The number a 'gt'/'gte' comparison must exceed (0 otherwise), read from the parameter in
    force or the literal: lower thresholds a value fails read first in a reason ('below USD
    126.4m' says more than 'below 505.8m')."""
    if c.op not in ("gt", "gte"):
        return 0.0
    value = c.value
    if c.param:
        param = ctx.params.get(c.param)
        pv = param.in_force(ctx.deal.as_of) if param is not None else None
        value = pv.value if pv is not None else None
    value = getattr(value, "low", value)  # an Interval compares from its low end
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0

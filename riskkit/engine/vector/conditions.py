"""Conditions over columns: riskkit.engine.conditions' three-valued logic as (t, f) boolean masks.

Comparisons with no column-wise form fall back to riskkit.engine.conditions.compare row by row, so
the two evaluators cannot drift apart.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from riskkit.engine.conditions import compare
from riskkit.engine.vector.columns import Columns, _pairs
from riskkit.engine.vector.encode import _ordinal
from riskkit.model.inputs import DEAL_ATTRIBUTES, NUMERIC_TYPES, All, Any_, Compare, Interval, Not


class _Evaluator:
    """Evaluates a rubric's conditions over a frame; results are (t, f) boolean masks."""

    def __init__(self, cols: Columns, rubric):
        self.cols = cols
        self.rubric = rubric
        self.n = cols.n
        self.cache: dict = {}
        self._param_cache: dict = {}

    def evaluate(self, cond):
        if isinstance(cond, Compare):
            key = cond
            if key not in self.cache:
                self.cache[key] = self.compare(cond)
            return self.cache[key]
        if isinstance(cond, Not):
            t, f = self.evaluate(cond.item)
            return f, t
        parts = [self.evaluate(item) for item in cond.items]
        if isinstance(cond, All):
            f = np.logical_or.reduce([p[1] for p in parts])
            t = np.logical_and.reduce([p[0] for p in parts]) & ~f
            return t, f
        if isinstance(cond, Any_):
            t = np.logical_or.reduce([p[0] for p in parts])
            f = np.logical_and.reduce([p[1] for p in parts]) & ~t
            return t, f
        raise TypeError(f"not a condition: {cond!r}")

    # comparisons ---------------------------------------------------------------------------
    def compare(self, c: Compare):
        cols = self.cols
        ftype = cols.types[c.fact]
        known = cols.known(c.fact)
        if c.op == "exists":
            return known.copy(), ~known
        if c.op in ("is_true", "is_false"):
            _, val = cols.scalar(c.fact)
            want = c.op == "is_true"
            hit = val if want else ~val
            return known & hit, known & ~hit
        if ftype in NUMERIC_TYPES:
            out = self._numeric(c, known)
        elif ftype in ("date", "bool", "enum") and c.fact not in ("deal.hypothetical",):
            out = self._scalar(c, ftype, known)
        elif ftype == "enum_list" and c.fact != "deal.jurisdictions" and c.other is None:
            out = self._enum_list(c, known)
        else:
            out = None
        return out if out is not None else self._rowwise(c)

    def _param(self, name):
        """(in-force mask, lo, hi) per deal for a numeric/date parameter."""
        if name not in self._param_cache:
            param = self.rubric.parameters[name]
            as_of = self.cols.numeric("deal.as_of")[0]
            eff = np.array([pv.effective.toordinal() for pv in param.values], dtype=float)
            idx = np.searchsorted(eff, as_of, side="right") - 1
            lows = np.array([_low(pv.value) for pv in param.values] + [math.nan], dtype=float)
            highs = np.array([_high(pv.value) for pv in param.values] + [math.nan], dtype=float)
            self._param_cache[name] = (idx >= 0, lows[idx], highs[idx])
        return self._param_cache[name]

    def _rhs_numeric(self, c: Compare, known):
        """(lo, hi, false_mask, unknown_mask, rcur) of the right-hand side."""
        n = self.n
        false = np.zeros(n, bool)
        unknown = np.zeros(n, bool)
        if c.param is not None:
            in_force, lo, hi = self._param(c.param)
            param = self.rubric.parameters[c.param]
            if getattr(param, "before_first", "not_in_force") == "unknown":
                unknown = known & ~in_force
            else:
                false = known & ~in_force
            return lo, hi, false, unknown, self.cols.code(param.currency)
        if c.other is not None:
            lo, hi = self.cols.numeric(c.other)
            unknown = known & np.isnan(lo)
            return lo, hi, false, unknown, self.cols.currency(c.other)
        return None, None, false, unknown, None

    def _numeric(self, c: Compare, known):
        lo, hi = self.cols.numeric(c.fact)
        rlo, rhi, false, unknown, rcur = self._rhs_numeric(c, known)
        cur = self.cols.currency(c.fact)
        if cur is not None and rcur is not None and not (np.isscalar(rcur) and rcur < 0):
            rc = rcur if isinstance(rcur, np.ndarray) else np.full(self.n, rcur, dtype=np.int16)
            active = known & ~false & ~unknown & (cur >= 0) & (rc >= 0) & (cur != rc)
            if active.any():
                lo, hi = lo.copy(), hi.copy()
                names = self.cols.currencies
                for a, b in _pairs(cur[active], rc[active]):
                    rows = active & (cur == a) & (rc == b)
                    rate = self.cols.rate(names[a], names[b])
                    unknown = unknown | (rows & np.isnan(rate))
                    lo[rows] = lo[rows] * rate[rows]
                    hi[rows] = hi[rows] * rate[rows]
        with np.errstate(invalid="ignore"):
            t, f = _interval_op(c.op, lo, hi, c.value, rlo, rhi)
        live = known & ~false & ~unknown
        return t & live, (f & live) | false

    def _scalar(self, c: Compare, ftype, known):
        _, val = self.cols.scalar(c.fact)
        if c.fact == "deal.as_of":
            val = self.cols.numeric("deal.as_of")[0]
        if ftype == "date":
            if c.param is not None:
                in_force, rlo, _ = self._param(c.param)
                param = self.rubric.parameters[c.param]
                false = known & ~in_force
                if getattr(param, "before_first", "not_in_force") == "unknown":
                    false = np.zeros(self.n, bool)
                t, f = _ordered(c.op, val, rlo)
                live = known & in_force
                return t & live, (f & live) | false
            if c.other is not None:
                if self.cols.types.get(c.other) != "date":
                    return None
                okn, oval = self.cols.scalar(c.other)
                if c.other == "deal.as_of":
                    okn, oval = np.ones(self.n, bool), self.cols.numeric("deal.as_of")[0]
                t, f = _ordered(c.op, val, oval)
                live = known & okn
                return t & live, f & live
            if c.op == "between":
                lo, hi = (_ordinal(d) for d in c.value)
                hit = (val >= lo) & (val <= hi)
            else:
                t, _ = _ordered(c.op, val, _ordinal(c.value))
                hit = t
            return known & hit, known & ~hit
        if c.param is not None or c.other is not None:
            return None
        if ftype == "bool" and c.op in ("eq", "ne"):
            hit = (val == bool(c.value)) if c.op == "eq" else (val != bool(c.value))
            return known & hit, known & ~hit
        if ftype == "enum":
            if c.op in ("eq", "ne"):
                hit = val == c.value
                hit = hit if c.op == "eq" else ~hit
            elif c.op in ("in", "not_in"):
                hit = pd.Series(val, dtype=object).isin(list(c.value)).to_numpy()
                hit = hit if c.op == "in" else ~hit
            else:
                return None
            hit = np.asarray(hit, dtype=bool)
            return known & hit, known & ~hit
        return None

    def _enum_list(self, c: Compare, known):
        if c.op == "contains":
            hit = self.cols.member(c.fact, c.value)
        elif c.op in ("contains_any", "contains_all"):
            members = [self.cols.member(c.fact, v) for v in c.value]
            hit = np.logical_or.reduce(members) if c.op == "contains_any" else np.logical_and.reduce(members)
        else:
            return None
        return known & hit, known & ~hit

    def _rowwise(self, c: Compare):
        """Fallback: riskkit.engine.conditions.compare on each row (text, number lists, odd operands)."""
        t = np.zeros(self.n, bool)
        f = np.zeros(self.n, bool)
        ctx = _RowContext(self.cols, self.rubric)
        for i in range(self.n):
            ctx.row = i
            result = compare(c, ctx).result
            t[i] = result is True
            f[i] = result is False
        return t, f


def _low(v):
    return v.low if isinstance(v, Interval) else _ordinal(v)


def _high(v):
    return v.high if isinstance(v, Interval) else _ordinal(v)


def _ordered(op, x, r):
    """(true, false) of a point comparison, for dates (NaN rows are masked by the caller)."""
    with np.errstate(invalid="ignore"):
        hit = {
            "eq": lambda: x == r,
            "ne": lambda: x != r,
            "lt": lambda: x < r,
            "lte": lambda: x <= r,
            "gt": lambda: x > r,
            "gte": lambda: x >= r,
        }[op]()
    return hit, ~hit


def _interval_op(op, xlo, xhi, literal, rlo, rhi):
    """riskkit.engine.conditions._interval_op over columns: (certainly true, certainly false)."""
    if op == "between":
        lo, hi = (r.low if isinstance(r, Interval) else r for r in literal)
        return (xlo >= lo) & (xhi <= hi), (xhi < lo) | (xlo > hi)
    if op in ("in", "not_in"):
        points = [r.low if isinstance(r, Interval) else r for r in literal]
        point = xlo == xhi
        inside_point = np.isin(xlo, points) & point
        any_inside = np.logical_or.reduce([(xlo <= p) & (p <= xhi) for p in points])
        inside = inside_point
        outside = (point & ~inside_point) | (~point & ~any_inside)
        return (inside, outside) if op == "in" else (outside, inside)
    if rlo is None:
        r = literal if isinstance(literal, Interval) else Interval(literal, literal)
        rlo, rhi = r.low, r.high
    if op == "gt":
        return xlo > rhi, xhi <= rlo
    if op == "gte":
        return xlo >= rhi, xhi < rlo
    if op == "lt":
        return xhi < rlo, xlo >= rhi
    if op == "lte":
        return xhi <= rlo, xlo > rhi
    if op in ("eq", "ne"):
        both = (xlo == xhi) & (rlo == rhi)
        disjoint = (xhi < rlo) | (xlo > rhi)
        same = both & (xlo == rlo)
        differ = (both & (xlo != rlo)) | (~both & disjoint)
        return (same, differ) if op == "eq" else (differ, same)
    raise ValueError(f"unsupported operator {op} for numbers")


class _RowContext:
    """An EvalContext over one row of a frame, so the fallback runs the real compare()."""

    def __init__(self, cols: Columns, rubric):
        self.cols = cols
        self.catalogue = cols.catalogue
        self.params = rubric.parameters
        self.row = 0

    @property
    def deal(self):
        return _RowDeal(self.cols.raw("deal.as_of")[self.row])

    def fact_value(self, fid):
        value = self.cols.raw(fid)[self.row]
        if fid in DEAL_ATTRIBUTES:
            return value, DEAL_ATTRIBUTES[fid][0], None
        if value is None:
            return None
        cur = self.cols.currency(fid)
        code = cur[self.row] if cur is not None else -1
        return value, self.cols.types[fid], (self.cols.currencies[code] if code >= 0 else None)

    def fx_rate(self, base, quote):
        rate = self.cols.rate(base, quote)[self.row]
        if math.isnan(rate):
            return None
        return float(rate), f"fx {base}→{quote} {rate:g}"


class _RowDeal:
    def __init__(self, as_of):
        self.as_of = as_of

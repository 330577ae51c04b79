"""Vectorised scoring: every deal of a portfolio against every rubric, one pass per criterion.

The per-deal scorer (riskkit.scoring) walks one deal at a time; this module encodes many
deals as pandas columns and evaluates each condition over whole columns at once. The
results are the same, comparison for comparison:

- three-valued logic is two boolean masks per condition, ``t`` (certainly true) and ``f``
  (certainly false); unknown is neither;
- numeric facts are two float columns ``fact:lo`` / ``fact:hi`` (NaN when unknown), so a
  range fact is compared with the same interval rules as riskkit.conditions;
- parameters are taken per deal, the value in force on that deal's ``as_of``;
- money is converted only through the deal's own fx table (``fx:USD>EUR`` columns);
- derived facts are computed column-wise with the rules of riskkit.derive.

Comparisons with no column-wise form (text, number lists, deal.jurisdictions) fall back to
riskkit.conditions.compare row by row, so they cannot drift from the per-deal scorer.

pandas and numpy are imported here and in the portfolio/what-if/uncertainty modules only,
never on the `riskkit score` path.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import math
import random

import numpy as np
import pandas as pd

from .conditions import compare
from .model import (
    BANDS,
    NUMERIC_TYPES,
    STAGES,
    All,
    Any_,
    Compare,
    Deal,
    Fact,
    FxRate,
    Interval,
    Not,
    Party,
    band_rank,
    rubric_compares,
)
from .rubric import DEAL_FIELDS

STATUS_NAMES = ("not_triggered", "triggered", "unknown", "not_applicable")
NT, TR, UN, NA = 0, 1, 2, 3
APPLICABILITY = ("applicable", "not_applicable", "applicability_unknown")
BAND_DTYPE = pd.CategoricalDtype(list(BANDS), ordered=True)
META_COLUMNS = ("deal", "title", "path", "deal.as_of", "deal.stage", "deal.hypothetical", "deal.jurisdictions")


# -- encoding deals as columns --------------------------------------------------------------


def _ordinal(d) -> float:
    return float(d.toordinal()) if d is not None else math.nan


def _fact_types(catalogue) -> dict:
    types = {fid: spec.type for fid, spec in catalogue.facts.items()}
    types.update({fid: t for fid, (t, _) in DEAL_FIELDS.items()})
    return types


def encode_deals(deals, catalogue, derived: bool = True) -> pd.DataFrame:
    """One row per deal, facts as typed columns (see the module docstring for the layout)."""
    deals = list(deals)
    n = len(deals)
    cols: dict[str, object] = {
        "deal": [d.id for d in deals],
        "title": [d.title for d in deals],
        "path": [d.path for d in deals],
        "deal.as_of": np.array([_ordinal(d.as_of) for d in deals], dtype=float),
        "deal.stage": pd.Categorical([d.stage for d in deals], categories=list(STAGES)),
        "deal.hypothetical": np.array([bool(d.hypothetical) for d in deals], dtype=bool),
        "deal.jurisdictions": _object([tuple(d.jurisdictions) for d in deals]),
    }
    for fid, spec in catalogue.facts.items():
        if spec.derived_op:
            continue
        values = [d.facts.get(fid) for d in deals]
        cols.update(
            encode_values(
                spec,
                [f.value if f is not None else None for f in values],
                [f.currency if f is not None else None for f in values],
            )
        )
    cols.update(_fx_columns([d.fx for d in deals], n))
    frame = pd.DataFrame(cols)
    return add_derived(frame, catalogue) if derived else frame


def vary(deal, catalogue, values: dict, m: int) -> pd.DataFrame:
    """m copies of one deal as a frame, with some facts set per row: values = {fact: [m values]}.

    Used by what-if and uncertainty sweeps to score many variants in one column-wise pass.
    """
    frame = encode_deals([deal], catalogue, derived=False)
    frame = frame.iloc[np.zeros(m, dtype=int)].reset_index(drop=True)
    for fid, vals in values.items():
        spec = catalogue.facts[fid]
        current = deal.facts.get(fid)
        cur = current.currency if current is not None else None
        for name, col in encode_values(spec, list(vals), [cur] * m).items():
            frame[name] = col
    return add_derived(frame, catalogue)


def _object(values) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def encode_values(spec, values: list, currencies: list | None = None) -> dict:
    """Columns for one fact from a list of decoded values (None = unknown)."""
    fid, ftype = spec.id, spec.type
    n = len(values)
    if ftype in NUMERIC_TYPES:
        lo = np.array([v.low if v is not None else math.nan for v in values], dtype=float)
        hi = np.array([v.high if v is not None else math.nan for v in values], dtype=float)
        out = {f"{fid}:lo": lo, f"{fid}:hi": hi}
        if ftype == "money":
            out[f"{fid}:cur"] = _object(list(currencies) if currencies is not None else [None] * n)
        return out
    if ftype == "bool":
        return {fid: pd.array(values, dtype="boolean")}
    if ftype == "date":
        return {fid: np.array([_ordinal(v) for v in values], dtype=float)}
    if ftype == "enum":
        return {fid: pd.Categorical(values, categories=list(spec.values))}
    if ftype == "enum_list":
        out = {f"{fid}:known": np.array([v is not None for v in values], dtype=bool)}
        for option in spec.values:
            out[f"{fid}={option}"] = np.array([v is not None and option in v for v in values], dtype=bool)
        return out
    return {fid: _object(values)}  # text, number_list


def _fx_columns(tables: list, n: int) -> dict:
    """fx:A>B (rate as riskkit.conditions finds it) and fxd:A>B (as riskkit.derive does)."""
    currencies = sorted({c for table in tables for r in table for c in (r.base, r.quote)})
    out = {}
    for a, b in itertools.permutations(currencies, 2):
        out[f"fx:{a}>{b}"] = np.array([_cond_rate(t, a, b) for t in tables], dtype=float)
        out[f"fxd:{a}>{b}"] = np.array([_derive_rate(t, a, b) for t in tables], dtype=float)
    return out


def _cond_rate(table, base, quote) -> float:
    for r in table:
        if r.base == base and r.quote == quote:
            return r.rate
    for r in table:
        if r.base == quote and r.quote == base:
            return 1 / r.rate
    return math.nan


def _derive_rate(table, base, quote) -> float:
    for r in table:
        if r.base == base and r.quote == quote:
            return r.rate
        if r.base == quote and r.quote == base:
            return 1 / r.rate
    return math.nan


def add_derived(frame: pd.DataFrame, catalogue) -> pd.DataFrame:
    """Add (or recompute) the derived-fact columns with the rules of riskkit.derive."""
    new = {}
    view = _Columns(frame, catalogue, extra=new)
    pending = [s for s in catalogue.facts.values() if s.derived_op]
    while pending:
        ready = [s for s in pending if not any(d in {p.id for p in pending} for d in s.derived_of)]
        if not ready:
            break
        for spec in ready:
            pending.remove(spec)
            new.update(_derive_columns(spec, view, len(frame)))
    frame = frame.drop(columns=[c for c in new if c in frame.columns])
    return pd.concat([frame, pd.DataFrame(new, index=frame.index)], axis=1)


def _derive_columns(spec, view, n: int) -> dict:
    op = spec.derived_op
    if op == "hhi":
        shares = view.raw(spec.derived_of[0])
        total = [sum(s * s for s in v) if isinstance(v, tuple) else None for v in shares]
        lo = np.array([t if t is not None else math.nan for t in total], dtype=float)
        return {f"{spec.id}:lo": lo, f"{spec.id}:hi": lo.copy()}
    known = np.ones(n, dtype=bool)
    ref = np.full(n, -1, dtype=np.int16)  # currency code of the first input with a currency
    lows, highs = [], []
    converting = op in ("sum", "difference", "ratio", "min", "max")
    for dep in spec.derived_of:
        if view.types.get(dep) not in NUMERIC_TYPES:
            return _unknown_numeric(spec, n)
        lo, hi = view.numeric(dep)
        lo, hi = lo.copy(), hi.copy()
        known &= ~np.isnan(lo)
        cur = view.currency(dep)
        if converting and cur is not None:
            has = cur >= 0
            take = has & (ref < 0)
            ref[take] = cur[take]
            differ = has & ~take & (cur != ref)
            for a, b in _pairs(cur[differ], ref[differ]):
                rows = differ & (cur == a) & (ref == b)
                rate = view.rate(view.currencies[a], view.currencies[b], derive=True)
                lo[rows] = lo[rows] * rate[rows]
                hi[rows] = hi[rows] * rate[rows]
                known &= ~(rows & np.isnan(rate))
        lows.append(lo)
        highs.append(hi)
    with np.errstate(all="ignore"):
        if op == "sum":
            lo, hi = _seqsum(lows), _seqsum(highs)
        elif op == "difference":
            lo, hi = lows[0] - highs[1], highs[0] - lows[1]
        elif op == "min":
            lo, hi = np.minimum.reduce(lows), np.minimum.reduce(highs)
        elif op == "max":
            lo, hi = np.maximum.reduce(lows), np.maximum.reduce(highs)
        else:
            if op == "ratio":
                known &= ~((lows[1] <= 0) & (highs[1] >= 0))

                def fn(x, y):
                    return x / y
            elif op == "delta_hhi":

                def fn(x, y):
                    return 2 * x * y
            else:  # product

                def fn(*xs):
                    out = 1.0
                    for x in xs:
                        out = out * x
                    return out

            corners = [fn(*combo) for combo in itertools.product(*zip(lows, highs, strict=False))]
            lo, hi = np.minimum.reduce(corners), np.maximum.reduce(corners)
    lo = np.where(known, lo, math.nan)
    hi = np.where(known, hi, math.nan)
    out = {f"{spec.id}:lo": lo, f"{spec.id}:hi": hi}
    if spec.type == "money":
        names = np.array(list(view.currencies) + [None], dtype=object)
        out[f"{spec.id}:cur"] = names[np.where(known, ref, -1)] if converting else np.full(n, None, dtype=object)
    return out


def _unknown_numeric(spec, n):
    out = {f"{spec.id}:lo": np.full(n, math.nan), f"{spec.id}:hi": np.full(n, math.nan)}
    if spec.type == "money":
        out[f"{spec.id}:cur"] = np.full(n, None, dtype=object)
    return out


def _seqsum(arrays):
    out = arrays[0]
    for a in arrays[1:]:
        out = out + a
    return out


def _objects(column) -> np.ndarray:
    """An object array with None for missing values (pandas may have stored NaN or pd.NA)."""
    arr = np.asarray(column, dtype=object).copy()
    arr[pd.isna(arr)] = None
    return arr


def _notnone(arr) -> np.ndarray:
    return ~np.asarray(pd.isna(arr), dtype=bool)


def _pairs(a, b) -> list:
    return sorted(set(zip(a.tolist(), b.tolist(), strict=False)))


class _Columns:
    """Typed numpy views of a fact frame, converted once and cached."""

    def __init__(self, frame: pd.DataFrame, catalogue, extra: dict | None = None):
        self.frame = frame
        self.catalogue = catalogue
        self.extra = extra if extra is not None else {}
        self.types = _fact_types(catalogue)
        self.cache: dict = {}
        self.currencies: list[str] = []
        self.n = len(frame)

    def col(self, name):
        if name in self.extra:
            return self.extra[name]
        if name in self.frame.columns:
            return self.frame[name]
        return None

    def numeric(self, fid):
        key = ("num", fid)
        if key not in self.cache:
            if fid == "deal.as_of":
                v = np.asarray(self.col(fid), dtype=float)
                self.cache[key] = (v, v)
            else:
                lo, hi = self.col(f"{fid}:lo"), self.col(f"{fid}:hi")
                if lo is None:
                    lo = hi = np.full(self.n, math.nan)
                self.cache[key] = (np.asarray(lo, dtype=float), np.asarray(hi, dtype=float))
        return self.cache[key]

    def currency(self, fid):
        """Currency codes per row (-1 = none; names in self.currencies), or None if not money."""
        key = ("cur", fid)
        if key not in self.cache:
            c = self.col(f"{fid}:cur")
            if c is None:
                self.cache[key] = None
            else:
                names = _objects(c)
                known = _notnone(names)
                codes = np.full(self.n, -1, dtype=np.int16)
                for name in sorted(set(names[known].tolist())):
                    codes[names == name] = self.code(name)
                self.cache[key] = codes
        return self.cache[key]

    def code(self, name) -> int:
        if name is None:
            return -1
        if name not in self.currencies:
            self.currencies.append(name)
        return self.currencies.index(name)

    def scalar(self, fid):
        """(known mask, values) for bool/date/enum columns: bool values, float ordinals, str objects."""
        key = ("sc", fid)
        if key not in self.cache:
            ftype = self.types[fid]
            c = self.col(fid)
            if c is None:
                self.cache[key] = (np.zeros(self.n, bool), np.full(self.n, math.nan))
            elif ftype == "bool":
                s = pd.array(c, dtype="boolean")
                known = ~np.asarray(s.isna(), dtype=bool)
                self.cache[key] = (known, np.asarray(s.to_numpy(dtype=bool, na_value=False), dtype=bool))
            elif ftype == "date":
                v = np.asarray(c, dtype=float)
                self.cache[key] = (~np.isnan(v), v)
            else:  # enum, text, number_list, deal.jurisdictions
                v = _objects(c)
                self.cache[key] = (_notnone(v), v)
        return self.cache[key]

    def known(self, fid):
        key = ("known", fid)
        if key not in self.cache:
            self.cache[key] = self._known(fid)
        return self.cache[key]

    def _known(self, fid):
        ftype = self.types[fid]
        if fid in DEAL_FIELDS:
            return np.ones(self.n, bool)
        if ftype in NUMERIC_TYPES:
            return ~np.isnan(self.numeric(fid)[0])
        if ftype == "enum_list":
            c = self.col(f"{fid}:known")
            return np.zeros(self.n, bool) if c is None else np.asarray(c, dtype=bool)
        return self.scalar(fid)[0]

    def member(self, fid, option):
        c = self.col(f"{fid}={option}")
        return np.zeros(self.n, bool) if c is None else np.asarray(c, dtype=bool)

    def raw(self, fid):
        """Decoded Python values (None = unknown), for hhi and the row-wise fallback."""
        key = ("raw", fid)
        if key in self.cache:
            return self.cache[key]
        ftype = self.types[fid]
        if fid == "deal.as_of":
            out = [_dt.date.fromordinal(int(v)) for v in self.col(fid)]
        elif fid == "deal.stage":
            out = list(np.asarray(self.col(fid), dtype=object))
        elif fid in ("deal.hypothetical", "deal.jurisdictions"):
            out = [v if not isinstance(v, np.bool_) else bool(v) for v in self.col(fid)]
        elif ftype in NUMERIC_TYPES:
            lo, hi = self.numeric(fid)
            cast = int if ftype == "integer" else float
            out = [None if math.isnan(a) else Interval(cast(a), cast(b)) for a, b in zip(lo, hi, strict=False)]
        elif ftype == "enum_list":
            known = self.known(fid)
            spec = self.catalogue.facts[fid]
            members = [self.member(fid, o) for o in spec.values]
            out = [
                tuple(o for o, m in zip(spec.values, members, strict=False) if m[i]) if known[i] else None
                for i in range(self.n)
            ]
        else:
            known, vals = self.scalar(fid)
            if ftype == "date":
                out = [_dt.date.fromordinal(int(v)) if k else None for k, v in zip(known, vals, strict=False)]
            elif ftype == "bool":
                out = [bool(v) if k else None for k, v in zip(known, vals, strict=False)]
            else:
                out = [v if k else None for k, v in zip(known, vals, strict=False)]
        self.cache[key] = out
        return out

    def rate(self, base, quote, derive: bool = False):
        c = self.col(f"{'fxd' if derive else 'fx'}:{base}>{quote}")
        return np.full(self.n, math.nan) if c is None else np.asarray(c, dtype=float)


# -- evaluating conditions over columns -----------------------------------------------------


class _Evaluator:
    """Evaluates a rubric's conditions over a frame; results are (t, f) boolean masks."""

    def __init__(self, cols: _Columns, rubric):
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
        """Fallback: riskkit.conditions.compare on each row (text, number lists, odd operands)."""
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
    """riskkit.conditions._interval_op over columns: (certainly true, certainly false)."""
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

    def __init__(self, cols: _Columns, rubric):
        self.cols = cols
        self.catalogue = cols.catalogue
        self.params = rubric.parameters
        self.row = 0

    @property
    def deal(self):
        return _RowDeal(self.cols.raw("deal.as_of")[self.row])

    def fact_value(self, fid):
        value = self.cols.raw(fid)[self.row]
        if fid in DEAL_FIELDS:
            return value, DEAL_FIELDS[fid][0], None
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


# -- scoring ------------------------------------------------------------------------------


def _band_index(rubric, score):
    """Index into BANDS of rubric.band_for(score), per row."""
    out = np.full(len(score), band_rank(rubric.bands[0].name), dtype=np.int8)
    for band in rubric.bands:
        out[score >= band.min] = band_rank(band.name)
    return out


def _rounded_score(points, max_points):
    """round(100 * points / max_points, 1) exactly as Python does it (via the distinct values)."""
    if not max_points:
        return np.zeros(len(points))
    uniq, inverse = np.unique(points, return_inverse=True)
    table = np.array([round(100 * float(p) / max_points, 1) for p in uniq], dtype=float)
    return table[inverse]


def _points(x):
    """Criterion points as float (ints stay exact)."""
    return float(x)


def score_rubric_columns(cols: _Columns, rubric) -> dict:
    """Per-row results for one rubric: statuses, points and bands as numpy arrays."""
    n = cols.n
    ev = _Evaluator(cols, rubric)
    if rubric.applies_when is not None:
        t, f = ev.evaluate(rubric.applies_when)
        app = np.where(t, 0, np.where(f, 1, 2)).astype(np.int8)
    else:
        app = np.zeros(n, np.int8)
    not_app = app == 1
    statuses, bests, worsts = [], [], []
    for crit in rubric.criteria:
        status, best, worst = _criterion(ev, crit, n)
        status[not_app] = NA
        best[not_app] = 0
        worst[not_app] = 0
        statuses.append(status)
        bests.append(best)
        worsts.append(worst)
    max_points = sum(c.max_points for c in rubric.criteria)
    points = np.zeros(n)
    worst = np.zeros(n)
    for b, w in zip(bests, worsts, strict=False):
        points = points + b
        worst = worst + w
    score = _rounded_score(points, max_points)
    score_worst = _rounded_score(worst, max_points)
    band = _band_index(rubric, score)
    band_worst = _band_index(rubric, score_worst)
    for crit, status in zip(rubric.criteria, statuses, strict=False):
        if not crit.floor:
            continue
        rank = band_rank(crit.floor)
        band = np.where((status == TR) & (band < rank), rank, band).astype(np.int8)
        band_worst = np.where(((status == TR) | (status == UN)) & (band_worst < rank), rank, band_worst).astype(np.int8)
    band_worst = np.maximum(band_worst, band)
    # A floor lifts the score to its band's lower bound (riskkit.scoring.score_range).
    band_min = np.zeros(len(BANDS))
    for b in rubric.bands:
        band_min[band_rank(b.name)] = b.min
    lifted = np.maximum(score, band_min[band])
    lifted_worst = np.maximum(np.maximum(score_worst, band_min[band_worst]), lifted)
    floored = (lifted != score) | (lifted_worst != score_worst)
    score, score_worst = lifted, lifted_worst
    low = band_rank(rubric.bands[0].name)
    band[not_app] = low
    band_worst[not_app] = low
    for arr in (points, worst, score, score_worst):
        arr[not_app] = 0
    floored[not_app] = False
    return {
        "applicability": app,
        "statuses": statuses,
        "best": bests,
        "worst": worsts,
        "points": points,
        "points_worst": worst,
        "max_points": np.where(not_app, 0.0, float(max_points)),
        "score": score,
        "score_worst": score_worst,
        "band": band,
        "band_worst": band_worst,
        "floored": floored,
    }


def _criterion(ev: _Evaluator, crit, n):
    if not crit.levels:
        t, f = ev.evaluate(crit.when)
        pts = _points(crit.points)
        status = np.where(t, TR, np.where(f, NT, UN)).astype(np.int8)
        best = np.where(t, pts, 0.0)
        worst = np.where(f, 0.0, pts)
    else:
        status = np.full(n, NT, np.int8)
        best = np.full(n, np.inf)
        worst = np.full(n, -np.inf)
        active = np.ones(n, bool)
        for level in crit.levels:
            t, f = ev.evaluate(level.when)
            pts = _points(level.points)
            hit = t & active
            maybe = ~t & ~f & active
            touched = hit | maybe
            best = np.where(touched, np.minimum(best, pts), best)
            worst = np.where(touched, np.maximum(worst, pts), worst)
            status = np.where(hit & (status == NT), TR, status).astype(np.int8)
            status = np.where(maybe, UN, status).astype(np.int8)
            active &= ~hit
        best = np.where(active, np.minimum(best, 0.0), best)
        worst = np.where(active, np.maximum(worst, 0.0), worst)
    if crit.max_points > 0:
        status = np.where((status == TR) & (best == 0) & (worst == 0), NT, status).astype(np.int8)
    return status, best, worst


def _as_frame(deals, rubric_set) -> pd.DataFrame:
    if isinstance(deals, pd.DataFrame):
        return deals
    if isinstance(deals, Deal):
        deals = [deals]
    return encode_deals(deals, rubric_set.catalogue)


def score_frame(deals, rubric_set, criteria: bool = False) -> pd.DataFrame:
    """Score every deal against every rubric, column-wise.

    `deals` is a list of Deal objects or a frame from `encode_deals`. Returns a long frame,
    one row per deal × rubric, in deal order then rubric order, with columns: ``deal``
    (id), ``row`` (position in the input), ``rubric``, ``status`` (applicability), ``points``,
    ``points_worst``, ``max_points``, ``score``, ``score_worst`` (lifted to a floor's band, as the per-deal scorer does),
    ``band``, ``band_worst`` (ordered categoricals low < moderate < high < severe),
    ``floored``, and the counts ``triggered``,
    ``unknown``, ``not_triggered``, ``not_applicable``. With ``criteria=True`` it also has
    one column per criterion id holding that criterion's status (absent for other rubrics).
    The results equal riskkit.scoring.score deal by deal (without waivers).
    """
    frame = _as_frame(deals, rubric_set)
    cols = _Columns(frame, rubric_set.catalogue)
    n = len(frame)
    parts = []
    ids = np.asarray(frame["deal"], dtype=object)
    for rubric in rubric_set.rubrics:
        r = score_rubric_columns(cols, rubric)
        st = np.vstack(r["statuses"]) if r["statuses"] else np.zeros((0, n), np.int8)
        part = {
            "deal": ids,
            "row": np.arange(n),
            "rubric": np.full(n, rubric.id, dtype=object),
            "status": pd.Categorical.from_codes(r["applicability"], categories=list(APPLICABILITY)),
            "points": r["points"],
            "points_worst": r["points_worst"],
            "max_points": r["max_points"],
            "score": r["score"],
            "score_worst": r["score_worst"],
            "band": pd.Categorical.from_codes(r["band"], dtype=BAND_DTYPE),
            "band_worst": pd.Categorical.from_codes(r["band_worst"], dtype=BAND_DTYPE),
            "floored": r["floored"],
            "triggered": (st == TR).sum(axis=0),
            "unknown": (st == UN).sum(axis=0),
            "not_triggered": (st == NT).sum(axis=0),
            "not_applicable": (st == NA).sum(axis=0),
        }
        if criteria:
            for crit, status in zip(rubric.criteria, r["statuses"], strict=False):
                part[crit.id] = pd.Categorical.from_codes(status, categories=list(STATUS_NAMES))
        parts.append(pd.DataFrame(part))
    if not parts:
        return pd.DataFrame()
    out = pd.concat(parts, ignore_index=True)
    order = np.lexsort((np.repeat(np.arange(len(parts)), n), out["row"].to_numpy()))
    return out.iloc[order].reset_index(drop=True)


def heat_map(frame: pd.DataFrame, which: str = "band_worst") -> pd.DataFrame:
    """deal × rubric table of bands (worst case by default) from a score_frame result."""
    return frame.pivot(index="row", columns="rubric", values=which)


# -- synthetic deals (tests and the benchmark) ------------------------------------------------


def rubric_facts(rubric_set) -> dict:
    """fact id -> set of threshold values (numbers/dates/options) the rubrics compare it with."""
    out: dict[str, set] = {}

    for rubric in rubric_set.rubrics:
        for cond in rubric_compares(rubric):
            vals = out.setdefault(cond.fact, set())
            if cond.other:
                out.setdefault(cond.other, set())
            if cond.param:
                for pv in rubric.parameters[cond.param].values:
                    vals.add(pv.value.low if isinstance(pv.value, Interval) else pv.value)
            elif isinstance(cond.value, tuple):
                vals.update(v.low if isinstance(v, Interval) else v for v in cond.value)
            elif cond.value is not None:
                vals.add(cond.value.low if isinstance(cond.value, Interval) else cond.value)
    cat = rubric_set.catalogue.facts
    stack = [f for f in out if f in cat]
    while stack:
        spec = cat[stack.pop()]
        for dep in spec.derived_of:
            if dep not in out:
                out[dep] = set()
                stack.append(dep)
    return out


def _pick_number(rng: random.Random, spec, thresholds: set):
    nums = sorted(t for t in thresholds if isinstance(t, (int, float)) and not isinstance(t, bool))
    if nums and rng.random() < 0.7:
        t = rng.choice(nums)
        x = t + rng.choice((-1, 0, 0, 1)) * (abs(t) * 0.05 + 0.5)
    else:
        x = rng.uniform(0, 100 if spec.type == "percent" else 20000)
    if spec.type == "integer":
        x = round(x)
    if spec.type in ("percent", "money"):
        x = max(0.0, x)
    if spec.type == "percent":
        x = min(100.0, x)
    return x


def synthetic_deals(rubric_set, n: int, seed: int = 7, start: int = 0) -> list:
    """n reproducible random deals exercising every fact the rubrics read (some unknown,
    some ranges, several currencies, dates either side of parameter changes)."""
    rng = random.Random(f"{seed}:{start}")  # noqa: S311 - reproducible test data, not secrets
    cat = rubric_set.catalogue.facts
    used = rubric_facts(rubric_set)
    fids = [f for f in used if f in cat and not cat[f].derived_op]
    dates = sorted(
        {pv.effective for r in rubric_set.rubrics for p in r.parameters.values() for pv in p.values}
        | {_dt.date(2019, 7, 22), _dt.date(2025, 10, 28)}
    )
    currencies = ("USD", "USD", "USD", "EUR", "GBP")
    deals = []
    for i in range(start, start + n):
        base = rng.choice(dates)
        as_of = base + _dt.timedelta(days=rng.choice((-1, 0, 0, 30, 400)))
        facts = {}
        for fid in fids:
            if rng.random() < 0.2:
                continue
            spec = cat[fid]
            value, currency = _random_value(rng, spec, used.get(fid, set()))
            if spec.type == "money":
                currency = rng.choice(currencies)
            if value is None:
                continue
            facts[fid] = Fact(fid, value, currency=currency, sources=("s",), confidence="reported")
        fx = []
        for pair in (("EUR", "USD"), ("USD", "GBP"), ("GBP", "EUR")):
            if rng.random() < 0.6:
                fx.append(FxRate(pair[0], pair[1], round(rng.uniform(0.7, 1.4), 4)))
        deals.append(
            Deal(
                id=f"synthetic-{i:06d}",
                title=f"Synthetic deal {i}",
                as_of=as_of,
                stage=rng.choice(STAGES),
                parties=(Party("Investor", "investor"), Party("Target", "target")),
                jurisdictions=tuple(rng.sample(("US", "EU", "UK", "DE"), rng.randint(0, 3))),
                facts=facts,
                sources={},
                fx=tuple(fx),
                hypothetical=True,
            )
        )
    return deals


def _random_value(rng: random.Random, spec, thresholds: set):
    t = spec.type
    if t in NUMERIC_TYPES:
        a = _pick_number(rng, spec, thresholds)
        if rng.random() < 0.2:
            b = _pick_number(rng, spec, thresholds)
            return Interval(min(a, b), max(a, b)), None
        return Interval(a, a), None
    if t == "bool":
        return rng.random() < 0.5, None
    if t == "enum":
        return rng.choice(spec.values), None
    if t == "enum_list":
        return tuple(v for v in spec.values if rng.random() < 0.3), None
    if t == "date":
        dates = [d for d in thresholds if isinstance(d, _dt.date)] or [_dt.date(2025, 1, 1)]
        return rng.choice(dates) + _dt.timedelta(days=rng.choice((-1, 0, 1, 365))), None
    if t == "number_list":
        return tuple(round(rng.uniform(0, 40), 1) for _ in range(rng.randint(1, 5))), None
    words = [w for w in thresholds if isinstance(w, str)] or ["cloud"]
    return rng.choice(["", "x "]) + rng.choice(words) + rng.choice(["", " y"]), None


def synthetic_frame(rubric_set, n: int, seed: int = 7, distinct: int = 10000, chunk: int = 5000) -> pd.DataFrame:
    """A fact frame of n synthetic deals for benchmarks.

    Making Deal objects is the slow part, so at most `distinct` deals are generated (in
    chunks, so they never pile up) and the n rows are drawn from them with a fixed seed;
    each row gets its own deal id.
    """
    distinct = min(n, distinct)
    parts = []
    for start in range(0, distinct, chunk):
        deals = synthetic_deals(rubric_set, min(chunk, distinct - start), seed, start)
        parts.append(encode_deals(deals, rubric_set.catalogue))
        del deals
    pool = pd.concat(parts, ignore_index=True)
    for name in [c for c in pool.columns if c.startswith("fx")]:
        pool[name] = pool[name].astype(float)  # pairs absent from a chunk came back as NaN
    if n == distinct:
        return pool
    rows = np.random.default_rng(seed).integers(0, distinct, size=n)
    frame = pool.iloc[rows].reset_index(drop=True)
    frame["deal"] = [f"synthetic-{i:06d}" for i in range(n)]
    return frame

"""Derived-fact columns, computed column-wise with the rules of riskkit.engine.derive.

Run after encoding, and again by vary() once the facts they derive from have changed. Money
converts through the ``fxd:`` columns, which look rates up the way riskkit.engine.derive does.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from riskkit.engine.vector.columns import Columns, _pairs
from riskkit.model.inputs import NUMERIC_TYPES


def add_derived(frame: pd.DataFrame, catalogue) -> pd.DataFrame:
    """Add (or recompute) the derived-fact columns with the rules of riskkit.engine.derive."""
    new = {}
    view = Columns(frame, catalogue, extra=new)
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
            elif op == "partial_delta_hhi":

                def fn(a, s, b):
                    return a * s * b / 100
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

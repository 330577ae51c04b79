"""Typed numpy views of a fact frame, shared by the derived-fact rules and the condition evaluator.

pandas stores unknowns as NaN, pd.NA or None depending on the column; the view converts each
column once into the form the comparisons need and caches it.
"""

from __future__ import annotations

import datetime as _dt
import math

import numpy as np
import pandas as pd

from riskkit.model.inputs import DEAL_ATTRIBUTES, NUMERIC_TYPES, Interval


def _fact_types(catalogue) -> dict:
    types = {fid: spec.type for fid, spec in catalogue.facts.items()}
    types.update({fid: t for fid, (t, _) in DEAL_ATTRIBUTES.items()})
    return types


def _objects(column) -> np.ndarray:
    """An object array with None for missing values (pandas may have stored NaN or pd.NA)."""
    arr = np.asarray(column, dtype=object).copy()
    arr[pd.isna(arr)] = None
    return arr


def _notnone(arr) -> np.ndarray:
    return ~np.asarray(pd.isna(arr), dtype=bool)


def _pairs(a, b) -> list:
    return sorted(set(zip(a.tolist(), b.tolist(), strict=False)))


class Columns:
    """Typed numpy views of a fact frame, converted once and cached."""

    def __init__(self, frame: pd.DataFrame, catalogue, extra: dict | None = None, priors: dict | None = None):
        self.frame = frame
        self.catalogue = catalogue
        self.extra = extra if extra is not None else {}
        self.priors = priors or {}  # riskkit.engine.vector.settled.prior_columns
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
        if fid in DEAL_ATTRIBUTES:
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

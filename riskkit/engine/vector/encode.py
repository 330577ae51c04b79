"""Deals as columns: one row per deal, each fact as typed columns (layout in riskkit.engine.vector).

Separate from scoring because what-if and uncertainty build frames of variants of one deal
(`vary`) and score those without making Deal objects.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from riskkit.engine.vector.derive import add_derived
from riskkit.model.inputs import NUMERIC_TYPES, STAGES


def _ordinal(d) -> float:
    return float(d.toordinal()) if d is not None else math.nan


def encode_deals(deals, catalogue, derived: bool = True) -> pd.DataFrame:
    """One row per deal, facts as typed columns (layout: see riskkit.engine.vector's docstring)."""
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
        "deal.structures": _object([d.structures for d in deals]),  # declared structures, or None
        "deal.presumptions": _object([d.presumptions or None for d in deals]),  # the deal's own, or None
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


def vary(deal, catalogue, values: dict, m: int, base: pd.DataFrame | None = None) -> pd.DataFrame:
    """m copies of one deal as a frame, with some facts set per row: values = {fact: [m values]}.

    Used by what-if and uncertainty sweeps to score many variants in one column-wise pass.
    `base` is the deal already encoded (``encode_deals([deal], catalogue, derived=False)``,
    left unchanged), so a caller that varies the same deal many times encodes it once.
    """
    if base is None:
        base = encode_deals([deal], catalogue, derived=False)
    frame = base.iloc[np.zeros(m, dtype=int)].reset_index(drop=True)
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
    """fx:A>B (rate as riskkit.engine.conditions finds it) and fxd:A>B (as riskkit.engine.derive does)."""
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

"""The most-likely estimate over columns, with the rules of riskkit.engine.likely.

A fact nobody has given takes its presumption (the deal's own, from the ``deal.presumptions``
column, before the catalogue's); a fact given as a range takes its midpoint. A criterion the
per-deal scorer finds unknown counts its points on those facts; still unknown, it counts the
middle of its best and worst points, weighted over the yes/no facts presumed with a probability
(every combination, as likely_points does, then rounded to 4 places).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from riskkit.engine.vector.columns import Columns
from riskkit.engine.vector.derive import add_derived
from riskkit.engine.vector.encode import encode_values
from riskkit.model.inputs import NUMERIC_TYPES, criterion_reads


class LikelyColumns:
    """The likely facts of a frame (as Columns) and, per yes/no fact, its presumed probability per row."""

    def __init__(self, cols: Columns):
        catalogue = cols.catalogue
        frame = cols.frame.copy()
        declared = cols.frame["deal.presumptions"] if "deal.presumptions" in cols.frame else None
        n = cols.n
        ids = set(catalogue.presumptions)
        if declared is not None:
            ids |= {fid for d in declared if d for fid in d}
        given = {fid: cols.known(fid).copy() for fid in ids if fid in catalogue.facts}
        self.probable: dict = {}  # fact id -> float array (NaN where no probability applies)
        for fid in sorted(given):
            spec = catalogue.facts[fid]
            per_row = [
                ((declared.iloc[i] or {}).get(fid) if declared is not None else None) or catalogue.presumptions.get(fid)
                for i in range(n)
            ]
            unknown = ~given[fid]
            prob = np.array(
                [
                    p.probability if u and p is not None and p.probability is not None else math.nan
                    for p, u in zip(per_row, unknown, strict=True)
                ],
                dtype=float,
            )
            if not np.isnan(prob).all():
                self.probable[fid] = prob
            fill = [u and p is not None and p.probability is None for p, u in zip(per_row, unknown, strict=True)]
            if any(fill):
                raw = cols.raw(fid)
                values = [p.value if f else v for v, p, f in zip(raw, per_row, fill, strict=True)]
                cur = cols.col(f"{fid}:cur")
                currencies = [None if f else c for c, f in zip(cur, fill, strict=True)] if cur is not None else None
                for name, col in encode_values(spec, values, currencies).items():
                    frame[name] = col
        for fid, spec in catalogue.facts.items():
            if spec.derived_op or spec.type not in NUMERIC_TYPES or f"{fid}:lo" not in frame:
                continue
            lo, hi = cols.numeric(fid)  # the deal's own values: a presumption is never a range midpoint
            ranged = ~np.isnan(lo) & (lo != hi)
            if ranged.any():
                mid = (lo + hi) / 2
                frame[f"{fid}:lo"] = np.where(ranged, mid, frame[f"{fid}:lo"].to_numpy(dtype=float))
                frame[f"{fid}:hi"] = np.where(ranged, mid, frame[f"{fid}:hi"].to_numpy(dtype=float))
        self.frame = add_derived(frame, catalogue)
        self.cols = Columns(self.frame, catalogue)
        self.catalogue = catalogue


def likely_criterion_points(likely: LikelyColumns, rubric, crit, status, best, worst, criterion_fn, evaluator_cls):
    """Most-likely points of one criterion per row, as riskkit.engine.scoring gives Finding.points_likely.

    `status`/`best`/`worst` are the criterion's results on the deal's own facts; a row not unknown
    there keeps `best`. `criterion_fn(evaluator, crit, n)` evaluates the criterion column-wise.
    """
    from riskkit.engine.vector.scoring import UN

    unknown = status == UN
    out = np.asarray(best, dtype=float).copy()
    if not unknown.any():
        return out
    n = likely.cols.n
    ev = evaluator_cls(likely.cols, rubric)
    s_l, b_l, w_l = criterion_fn(ev, crit, n)
    open_ = s_l == UN
    out = np.where(unknown & ~open_, b_l, out)
    out = np.where(unknown & open_, (b_l + w_l) / 2, out)
    reads = criterion_reads(crit, likely.catalogue)
    chance_ids = [f for f in sorted(likely.probable) if f in reads]
    rows = unknown & open_
    chance = {f: rows & ~np.isnan(likely.probable[f]) for f in chance_ids}
    chance = {f: m for f, m in chance.items() if m.any()}
    if not chance:
        return out
    ids = sorted(chance)
    any_chance = np.logical_or.reduce(list(chance.values()))
    total = np.zeros(n)
    base_known, base_vals = {}, {}
    for fid in ids:
        base_known[fid], base_vals[fid] = likely.cols.scalar(fid)
    for combo in itertools.product((True, False), repeat=len(ids)):
        weight = np.ones(n)
        extra = {}
        for fid, value in zip(ids, combo, strict=True):
            m = chance[fid]
            p = likely.probable[fid]
            weight = weight * np.where(m, p if value else 1 - p, 1.0 if value else 0.0)
            vals = np.where(m, value, base_vals[fid])
            known = base_known[fid] | m
            extra[fid] = pd.array(np.where(known, vals, None), dtype="boolean")
        cols = Columns(likely.frame, likely.catalogue, extra=extra)
        s, b, w = criterion_fn(evaluator_cls(cols, rubric), crit, n)
        total = total + np.where(s == UN, weight * (b + w) / 2, weight * b)
    picked = np.flatnonzero(rows & any_chance)
    out[picked] = [round(float(t), 4) for t in total[picked]]
    return out

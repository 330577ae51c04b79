"""Reproducible random deals for the tests and the benchmark, aimed at the rubrics' thresholds.

Not used by any command; kept out of the scoring modules so they hold only what scoring needs.
"""

from __future__ import annotations

import datetime as _dt
import random

import numpy as np
import pandas as pd

from riskkit.engine.vector.encode import encode_deals
from riskkit.model.inputs import NUMERIC_TYPES, STAGES, Deal, Fact, FxRate, Interval, Party, rubric_compares


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

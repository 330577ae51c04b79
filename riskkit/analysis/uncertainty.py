"""Uncertain facts: sweep ranges and estimates, give the probability of each band and a sensitivity ranking.

A numeric fact is *uncertain* when it is given as a range ``{low, high}`` or marked
``confidence: estimated`` (an estimate is swept ±`spread`, 20% by default, clipped to the
type's limits). Each uncertain fact is taken as uniformly likely across its range and the
facts as independent.

- **Enumerated** facts: every rubric compares the fact directly with fixed thresholds
  (literals or parameters in force on the deal's date). The score is then piecewise
  constant in the fact, changing only at those thresholds, so one value per segment
  between thresholds (weighted by the segment's width) gives exact probabilities. For a
  monotone fact with no threshold inside its range this is just the range ends.
- **Sampled** facts: read through a derived fact (a ratio, a sum…), or compared with
  another fact. These are drawn uniformly, `samples` times, with a fixed seed.

Range ends are always scored too (with zero weight), so the best/worst range is exact.
All scenarios are scored in one column-wise pass (riskkit.engine.vector). Sensitivity sweeps each
uncertain fact alone, the others held at their central values, and ranks facts by how far
the band moves (then by the score swing).
"""

from __future__ import annotations

import itertools
import math
import random

from msgspec import Struct, field

from riskkit.model.display import show, span
from riskkit.model.inputs import BANDS, NUMERIC_TYPES, Interval, band_rank, derived_inputs, rubric_compares

DEFAULT_SPREAD = 0.2
DEFAULT_SAMPLES = 400
MAX_SCENARIOS = 20000


class UncertainFact(Struct, frozen=True):
    id: str
    low: float
    high: float
    central: float
    how: str  # "enumerated" | "sampled"
    display: str
    confidence: str
    points: tuple = ()  # enumerated: ((value, weight), ...)

    def to_dict(self) -> dict:
        how = "range ends and threshold crossings (exact)" if self.how == "enumerated" else "random sampling"
        return {"id": self.id, "low": self.low, "high": self.high, "display": self.display,
                "confidence": self.confidence, "how": how}  # fmt: skip


class Sweep(Struct):
    deal: object
    facts: list  # UncertainFact
    scenarios: int
    method: str
    seed: int
    spread: float
    rubrics: list = field(default_factory=list)  # dicts: id, title, band_text, probabilities
    sensitivity: list = field(default_factory=list)

    def probability(self, rubric_id: str, band: str, worst: bool = True) -> float:
        for r in self.rubrics:
            if r["id"] == rubric_id:
                for p in r["probabilities"]:
                    if p["band"] == band:
                        return p["p"] if worst else p["p_best"]
        raise KeyError(rubric_id)

    def to_dict(self) -> dict:
        return {
            "deal": self.deal.id,
            "facts": [f.to_dict() for f in self.facts],
            "scenarios": self.scenarios,
            "method": self.method,
            "seed": self.seed,
            "spread": self.spread,
            "bands": list(BANDS),
            "any_gap": any(p["p"] != p["p_best"] for r in self.rubrics for p in r["probabilities"]),
            "rubrics": self.rubrics,
            "sensitivity": self.sensitivity,
        }


# -- which facts, and how ------------------------------------------------------------------


def _thresholds(deal, rubric_set, fid: str):
    """Fixed thresholds the rubrics compare `fid` with directly, or None if it must be sampled."""
    catalogue = rubric_set.catalogue
    cur = deal.facts[fid].currency if fid in deal.facts else None
    out: set = set()
    direct_only = True

    for rubric in rubric_set.rubrics:
        for cond in rubric_compares(rubric):
            if cond.other == fid or (cond.fact == fid and cond.other):
                direct_only = False
            if cond.fact != fid:
                inputs = derived_inputs(cond.fact, catalogue)
                if fid in inputs:
                    leaves = {d for d in inputs if not catalogue.facts[d].derived_op}
                    if all(d in deal.facts for d in leaves):  # else the derived fact stays unknown anyway
                        direct_only = False
                continue
            if cond.param:
                param = rubric.parameters[cond.param]
                pv = param.in_force(deal.as_of)
                if pv is None:
                    continue
                v = pv.value.low
                if param.currency and cur and param.currency != cur:
                    rate = _rate(deal, cur, param.currency)
                    if rate is None:
                        continue
                    v = v / rate
                out.add(v)
            elif isinstance(cond.value, tuple):
                out.update(x.low if isinstance(x, Interval) else x for x in cond.value)
            elif isinstance(cond.value, Interval):
                out.add(cond.value.low)
    return sorted(out) if direct_only else None


def _rate(deal, base, quote):
    for r in deal.fx:
        if r.base == base and r.quote == quote:
            return r.rate
    for r in deal.fx:
        if r.base == quote and r.quote == base:
            return 1 / r.rate
    return None


def _segments(low, high, thresholds, integer: bool):
    """((value, weight), ...): range ends (weight 0) and one value per segment between thresholds."""
    if integer and high - low <= 200:
        values = list(range(math.ceil(low), math.floor(high) + 1))
        return tuple((v, 1 / len(values)) for v in values)
    cuts = sorted({low, high} | {t for t in thresholds if low < t < high})
    out = [(low, 0.0), (high, 0.0)]
    width = high - low
    for a, b in zip(cuts, cuts[1:], strict=False):
        mid = (a + b) / 2
        out.append((round(mid) if integer else mid, (b - a) / width))
    out.extend((t, 0.0) for t in cuts[1:-1])  # the thresholds themselves (ties) are reachable too
    return tuple(out)


def uncertain_facts(deal, rubric_set, spread: float = DEFAULT_SPREAD) -> list:
    catalogue = rubric_set.catalogue
    out = []
    for fid, fact in sorted(deal.facts.items()):
        spec = catalogue.facts.get(fid)
        if spec is None or spec.type not in NUMERIC_TYPES or not isinstance(fact.value, Interval):
            continue
        low, high = fact.value.low, fact.value.high
        if low == high:
            if fact.confidence != "estimated":
                continue
            low, high = low * (1 - spread), high * (1 + spread)
            if low > high:
                low, high = high, low
            if spec.type in ("percent", "money"):
                low = max(low, 0.0)
            if spec.type == "percent":
                high = min(high, 100.0)
            if spec.type == "integer":
                low, high = math.floor(low), math.ceil(high)
        if low == high:
            continue
        thresholds = _thresholds(deal, rubric_set, fid)
        integer = spec.type == "integer"
        central = fact.value.low if fact.value.is_point else (low + high) / 2
        if integer:
            central = round(central)
        display = show(fact.value, spec.type, fact.currency, spec.unit)
        if fact.value.is_point:
            display += f" (estimated; swept {show(Interval(low, high), spec.type, fact.currency, spec.unit)})"
        if thresholds is None:
            out.append(UncertainFact(fid, low, high, central, "sampled", display, fact.confidence))
        else:
            points = _segments(low, high, thresholds, integer)
            out.append(UncertainFact(fid, low, high, central, "enumerated", display, fact.confidence, points))
    return out


# -- the sweep -----------------------------------------------------------------------------


def _scenarios(facts, samples: int, seed: int):
    """(columns {fact: [values]}, weights, method text)."""
    rng = random.Random(seed)  # noqa: S311 - a seeded sweep, not secrets
    enum = [f for f in facts if f.how == "enumerated"]
    sampled = [f for f in facts if f.how == "sampled"]
    size = math.prod(len(f.points) for f in enum) * (samples if sampled else 1)
    if size <= MAX_SCENARIOS:
        grids = list(itertools.product(*[f.points for f in enum])) or [()]
        draws = [[(rng.uniform(f.low, f.high)) for f in sampled] for _ in range(samples)] if sampled else [[]]
        draws += [[f.low for f in sampled], [f.high for f in sampled]] if sampled else []
        cols = {f.id: [] for f in facts}
        weights = []
        for grid in grids:
            gw = math.prod(w for _, w in grid) if grid else 1.0
            for j, draw in enumerate(draws):
                for f, (v, _) in zip(enum, grid, strict=False):
                    cols[f.id].append(v)
                for f, v in zip(sampled, draw, strict=False):
                    cols[f.id].append(v)
                weights.append(gw / samples if (sampled and j < samples) else (0.0 if sampled else gw))
        parts = []
        if enum:
            parts.append(f"{len(enum)} fact(s) enumerated at range ends and threshold crossings")
        if sampled:
            parts.append(f"{len(sampled)} fact(s) sampled {samples} times (seed {seed})")
        return cols, weights, "; ".join(parts)
    n = max(samples, 4000)
    cols = {f.id: [rng.uniform(f.low, f.high) for _ in range(n)] + [f.low, f.high] for f in facts}
    weights = [1 / n] * n + [0.0, 0.0]
    return (
        cols,
        weights,
        f"all {len(facts)} fact(s) sampled {n} times (seed {seed}; too many combinations to enumerate)",
    )


def sweep(deal, rubric_set, *, spread: float = DEFAULT_SPREAD, samples: int = DEFAULT_SAMPLES, seed: int = 0,
          top: int = 5, base=None) -> Sweep:  # fmt: skip
    """Probability of each band per rubric over the uncertain facts, and the sensitivity ranking.

    `base` is ``score(deal, rubric_set)`` if the caller already has it (scored without
    waivers, like the scenarios it is set beside).
    """
    facts = uncertain_facts(deal, rubric_set, spread)
    result = Sweep(deal, facts, 0, "nothing to sweep", seed, spread)
    from riskkit.engine.scoring import score

    base = base or score(deal, rubric_set)
    if not facts:
        for rr in base.results:
            if not rr.scored:
                continue  # filing verdicts, never bands or scores
            probs = [
                {"band": b, "p": float(b == rr.range.band_worst), "p_best": float(b == rr.range.band)} for b in BANDS
            ]
            result.rubrics.append({"id": rr.id, "title": rr.rubric.title, "band_text": rr.range.band_text(),
                                   "probabilities": probs})  # fmt: skip
        return result
    from riskkit.engine.vector import encode_deals

    encoded = encode_deals([deal], rubric_set.catalogue, derived=False)  # once, for every vary() below
    cols, weights, method = _scenarios(facts, samples, seed)
    frame = _score(deal, rubric_set, facts, cols, encoded)
    m = len(weights)
    result.scenarios = sum(1 for w in weights if w > 0)
    result.method = method
    total = sum(weights)
    for k, rr in enumerate(base.results):
        if not rr.scored:
            continue  # filing verdicts, never bands or scores
        rows = frame.iloc[k :: len(base.results)]
        worst = list(rows["band_worst"].astype(str))
        best = list(rows["band"].astype(str))
        probs = []
        for b in BANDS:
            p = sum(w for w, x in zip(weights, worst, strict=False) if x == b) / total
            pb = sum(w for w, x in zip(weights, best, strict=False) if x == b) / total
            probs.append({"band": b, "p": round(p, 4), "p_best": round(pb, 4)})
        lo = min(best + [rr.range.band], key=band_rank)
        hi = max(worst + [rr.range.band_worst], key=band_rank)
        result.rubrics.append(
            {
                "id": rr.id,
                "title": rr.rubric.title,
                "band_text": span(lo, hi),
                "probabilities": probs,
            }
        )
    assert len(frame) == m * len(base.results)
    result.sensitivity = _sensitivity(deal, rubric_set, facts, samples, seed, encoded)[:top]
    return result


def _score(deal, rubric_set, facts, cols, encoded):
    from riskkit.engine.vector import score_frame, vary

    m = len(next(iter(cols.values())))
    values = {f.id: [Interval(v, v) for v in cols[f.id]] for f in facts}
    return score_frame(vary(deal, rubric_set.catalogue, values, m, base=encoded), rubric_set, row_deals=[deal] * m)


def _sensitivity(deal, rubric_set, facts, samples: int, seed: int, encoded) -> list:
    """Sweep each fact alone (others at their central value); rank by band swing, then score swing."""
    rng = random.Random(seed + 1)  # noqa: S311 - a seeded sweep, not secrets
    cols = {f.id: [] for f in facts}
    owner = []
    for f in facts:
        if f.how == "enumerated":
            values = [v for v, _ in f.points]
        else:
            values = [f.low, f.high] + [rng.uniform(f.low, f.high) for _ in range(min(samples, 100))]
        for v in values:
            for g in facts:
                cols[g.id].append(v if g is f else g.central)
            owner.append(f.id)
    frame = _score(deal, rubric_set, facts, cols, encoded)
    nr = len(rubric_set.rubrics)
    out = []
    for f in facts:
        idx = [i for i, o in enumerate(owner) if o == f.id]
        best = None
        for k, rubric in enumerate(rubric_set.rubrics):
            if rubric.kind == "notifiability":
                continue  # filing verdicts do not "move a band"
            rows = frame.iloc[[i * nr + k for i in idx]]
            bands = [band_rank(b) for b in rows["band_worst"].astype(str)]
            scores = rows["score_worst"].astype(float)
            swing = (max(bands) - min(bands), float(scores.max() - scores.min()))
            if best is None or swing > best[0]:
                lo, hi = BANDS[min(bands)], BANDS[max(bands)]
                s_lo, s_hi = float(scores.min()), float(scores.max())
                best = (swing, {
                    "fact": f.id, "display": f.display, "rubric": rubric.id,
                    "bands": span(lo, hi),
                    "scores": span(s_lo, s_hi),
                    "band_swing": swing[0], "score_swing": round(swing[1], 1),
                })  # fmt: skip
        out.append(best)
    out.sort(key=lambda x: (-x[0][0], -x[0][1], x[1]["fact"]))
    return [entry for _, entry in out]

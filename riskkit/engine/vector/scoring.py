"""Column-wise scoring: criterion statuses, points, scores and bands per row, as riskkit.engine.scoring.

score_rubric_columns is the per-rubric core (what-if calls it directly); score_frame assembles
the long deal × rubric frame that portfolio and uncertainty read.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from riskkit.engine.bands import variant_groups
from riskkit.engine.likely import outside_jurisdictions
from riskkit.engine.vector.columns import Columns
from riskkit.engine.vector.conditions import _Evaluator
from riskkit.engine.vector.encode import encode_deals
from riskkit.engine.vector.likely import LikelyColumns, likely_criterion_points
from riskkit.engine.vector.settled import prior_columns, settled_mask
from riskkit.model.inputs import BANDS, Deal, band_rank

STATUS_NAMES = ("not_triggered", "triggered", "unknown", "not_applicable", "not_in_play")
NT, TR, UN, NA, NP = 0, 1, 2, 3, 4
APPLICABILITY = ("applicable", "not_applicable", "applicability_unknown")
BAND_DTYPE = pd.CategoricalDtype(list(BANDS), ordered=True)


def _band_index(rubric, score):
    """Index into BANDS of rubric.band_for(score), per row."""
    out = np.full(len(score), band_rank(rubric.bands[0].name), dtype=np.int8)
    for band in rubric.bands:
        out[score >= band.min] = band_rank(band.name)
    return out


def _rounded_score(points, max_points):
    """round(100 * points / max_points, 1) exactly as Python does it (via the distinct pairs), per row."""
    pairs = np.column_stack([points, np.broadcast_to(np.asarray(max_points, dtype=float), points.shape)])
    if not len(pairs):
        return np.zeros(0)
    uniq, inverse = np.unique(pairs, axis=0, return_inverse=True)
    table = np.array([round(100 * float(p) / m, 1) if m else 0.0 for p, m in uniq], dtype=float)
    return table[inverse.reshape(-1)]


def _in_play(cols: Columns, ev: _Evaluator) -> dict:
    """{structure id: mask} as riskkit.engine.likely.structures_in_play: declared, else shown by the facts."""
    declared = cols.frame["deal.structures"].to_numpy() if "deal.structures" in cols.frame else None
    out = {}
    for sid, st in cols.catalogue.structures.items():
        mask = ev.evaluate(st.when)[0].copy() if st.when is not None else np.zeros(cols.n, bool)
        if declared is not None:
            for i, d in enumerate(declared):
                if d is not None:
                    mask[i] = sid in d
        out[sid] = mask
    return out


def _outside_jurisdictions(cols: Columns, tags: tuple):
    """Mask of the deals none of whose jurisdictions these regime tags belong to (riskkit.engine.likely)."""
    juris = cols.frame["deal.jurisdictions"].to_numpy() if "deal.jurisdictions" in cols.frame else [()] * cols.n
    return np.fromiter((outside_jurisdictions(tags, j or ()) for j in juris), bool, cols.n)


def _points(x):
    """Criterion points as float (ints stay exact)."""
    return float(x)


def likely_columns(cols: Columns) -> LikelyColumns:
    """The frame's most-likely facts (presumptions, range midpoints), built once per Columns."""
    if "likely" not in cols.cache:
        cols.cache["likely"] = LikelyColumns(cols)
    return cols.cache["likely"]


def score_rubric_columns(cols: Columns, rubric) -> dict:
    """Per-row results for one rubric: statuses, points, scores and bands (best, most-likely, worst)."""
    n = cols.n
    ev = _Evaluator(cols, rubric)
    if rubric.applies_when is not None:
        t, f = ev.evaluate(rubric.applies_when)
        app = np.where(t, 0, np.where(f, 1, 2)).astype(np.int8)
    else:
        app = np.zeros(n, np.int8)
    not_app = app == 1
    structures = _in_play(cols, ev) if any(c.applies_to for c in rubric.criteria) else {}
    statuses, bests, worsts, likelies, maxes = [], [], [], [], []
    for crit in rubric.criteria:
        status, best, worst = _criterion(ev, crit, n)
        likely = likely_criterion_points(
            likely_columns(cols), rubric, crit, status, best, worst, _criterion, _Evaluator
        )
        out = _outside_jurisdictions(cols, crit.jurisdictions)
        if crit.applies_to or crit.context:
            out |= np.ones(n, bool) if crit.context else ~np.logical_or.reduce([structures[s] for s in crit.applies_to])
        prior = cols.priors.get(rubric.id, {}).get(crit.id)
        if prior is not None:
            out |= settled_mask(prior, np.where(out, 0.0, likely))  # already reviewed and unchanged
        status[out], best[out], worst[out], likely[out] = NP, 0, 0, 0
        maxes.append(np.where(out, 0.0, float(crit.max_points)))
        status[not_app] = NA
        best[not_app] = 0
        worst[not_app] = 0
        likely[not_app] = 0
        statuses.append(status)
        bests.append(best)
        worsts.append(worst)
        likelies.append(likely)
    grouped = {cid: i for i, ids in enumerate(variant_groups(rubric)) for cid in ids}
    top: dict = {}  # a variant group counts once: its highest points against its highest maximum
    points, worst, likely, max_points = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    for crit, b, w, m, x in zip(rubric.criteria, bests, worsts, likelies, maxes, strict=True):
        if crit.id in grouped:
            prev = top.get(grouped[crit.id])
            top[grouped[crit.id]] = (b, w, m, x) if prev is None else tuple(map(np.maximum, prev, (b, w, m, x)))
            continue
        points, worst, likely, max_points = points + b, worst + w, likely + m, max_points + x
    for b, w, m, x in top.values():
        points, worst, likely, max_points = points + b, worst + w, likely + m, max_points + x
    likely = np.array([round(float(x), 4) for x in likely]) if n else likely
    score = _rounded_score(points, max_points)
    score_worst = _rounded_score(worst, max_points)
    score_likely = _rounded_score(likely, max_points)
    band = _band_index(rubric, score)
    band_worst = _band_index(rubric, score_worst)
    band_likely = _band_index(rubric, score_likely)
    for crit, status, pts in zip(rubric.criteria, statuses, likelies, strict=False):
        if not crit.floor:
            continue
        rank = band_rank(crit.floor)  # a criterion not in play has status NP: no floor
        band = np.where((status == TR) & (band < rank), rank, band).astype(np.int8)
        band_worst = np.where(((status == TR) | (status == UN)) & (band_worst < rank), rank, band_worst).astype(np.int8)
        probable = ((status == TR) | ((status == UN) & (2 * pts > crit.max_points))) & (band_likely < rank)
        band_likely = np.where(probable, rank, band_likely).astype(np.int8)
    band_worst = np.maximum(band_worst, band)
    band_likely = np.minimum(np.maximum(band_likely, band), band_worst).astype(np.int8)
    # A floor lifts the score to its band's lower bound (riskkit.engine.bands.score_range).
    band_min = np.zeros(len(BANDS))
    for b in rubric.bands:
        band_min[band_rank(b.name)] = b.min
    lifted = np.maximum(score, band_min[band])
    lifted_worst = np.maximum(np.maximum(score_worst, band_min[band_worst]), lifted)
    lifted_likely = np.minimum(np.maximum(np.maximum(score_likely, band_min[band_likely]), lifted), lifted_worst)
    floored = (lifted != score) | (lifted_worst != score_worst)
    score, score_worst, score_likely = lifted, lifted_worst, lifted_likely
    low = band_rank(rubric.bands[0].name)
    band[not_app] = low
    band_worst[not_app] = low
    band_likely[not_app] = low
    for arr in (points, worst, likely, score, score_worst, score_likely):
        arr[not_app] = 0
    floored[not_app] = False
    return {
        "applicability": app,
        "statuses": statuses,
        "best": bests,
        "worst": worsts,
        "points": points,
        "points_worst": worst,
        "points_likely": likely,
        "likely": likelies,
        "max_points": np.where(not_app, 0.0, max_points),
        "score": score,
        "score_worst": score_worst,
        "score_likely": score_likely,
        "band": band,
        "band_worst": band_worst,
        "band_likely": band_likely,
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


def score_frame(deals, rubric_set, criteria: bool = False, row_deals=None) -> pd.DataFrame:
    """Score every deal against every rubric, column-wise.

    `deals` is a list of Deal objects or a frame from `encode_deals`. Returns a long frame,
    one row per deal × rubric, in deal order then rubric order, with columns: ``deal``
    (id), ``row`` (position in the input), ``rubric``, ``status`` (applicability), ``points``,
    ``points_worst``, ``max_points``, ``score``, ``score_worst`` (lifted to a floor's band, as the per-deal scorer does),
    ``band``, ``band_worst`` (ordered categoricals low < moderate < high < severe),
    ``points_likely``, ``score_likely``, ``band_likely`` (the most-likely estimate of
    riskkit.engine.likely: presumptions, range midpoints; NaN score and no band for a
    notifiability rubric, which gives verdicts, never scores),
    ``floored``, and the counts ``triggered``,
    ``unknown``, ``not_triggered``, ``not_applicable``. With ``criteria=True`` it also has
    one column per criterion id holding that criterion's status (absent for other rubrics).
    The results equal riskkit.engine.scoring.score deal by deal (without waivers). A deal's prior
    state and its reviews come from the Deal objects: `deals` itself, or `row_deals` (one per
    row) for a frame such as vary()'s; a frame without them is scored with no prior state.
    """
    frame = _as_frame(deals, rubric_set)
    if row_deals is None and not isinstance(deals, pd.DataFrame):
        row_deals = [deals] if isinstance(deals, Deal) else list(deals)
    cols = Columns(frame, rubric_set.catalogue, priors=prior_columns(row_deals or (), rubric_set))
    n = len(frame)
    parts = []
    ids = np.asarray(frame["deal"], dtype=object)
    for rubric in rubric_set.rubrics:
        r = score_rubric_columns(cols, rubric)
        st = np.vstack(r["statuses"]) if r["statuses"] else np.zeros((0, n), np.int8)
        scored = rubric.kind != "notifiability"
        part = {
            "deal": ids,
            "row": np.arange(n),
            "rubric": np.full(n, rubric.id, dtype=object),
            "status": pd.Categorical.from_codes(r["applicability"], categories=list(APPLICABILITY)),
            "points": r["points"],
            "points_worst": r["points_worst"],
            "points_likely": r["points_likely"],
            "max_points": r["max_points"],
            "score": r["score"],
            "score_worst": r["score_worst"],
            "band": pd.Categorical.from_codes(r["band"], dtype=BAND_DTYPE),
            "band_worst": pd.Categorical.from_codes(r["band_worst"], dtype=BAND_DTYPE),
            # notifiability rubrics give verdicts, never scores: no most-likely estimate for them
            "score_likely": r["score_likely"] if scored else np.full(n, np.nan),
            "band_likely": pd.Categorical.from_codes(r["band_likely"] if scored else np.full(n, -1), dtype=BAND_DTYPE),
            "floored": r["floored"],
            "triggered": (st == TR).sum(axis=0),
            "unknown": (st == UN).sum(axis=0),
            "not_triggered": (st == NT).sum(axis=0),
            "not_applicable": (st == NA).sum(axis=0),
            "not_in_play": (st == NP).sum(axis=0),
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

"""Vectorised scoring equals the per-deal scorer, result for result."""

import subprocess
import sys
from pathlib import Path

from riskkit.engine.scoring import score
from riskkit.engine.vector import encode_deals, heat_map, score_frame, synthetic_deals, synthetic_frame, vary
from riskkit.load.deal import load_deal
from riskkit.load.rubric import load_rubrics
from riskkit.model.inputs import Interval

from .conftest import EXAMPLES, MINI, ROOT

PORTFOLIO = ROOT / "tests" / "fixtures" / "portfolio"
RUBRICS = ROOT / "rubrics"


def expected_rows(assessment):
    for rr in assessment.results:
        counts = rr.counts()
        row = {
            "deal": assessment.deal.id,
            "rubric": rr.id,
            "status": rr.status,
            "points": rr.range.points,
            "points_worst": rr.range.points_worst,
            "max_points": rr.range.max_points,
            "score": rr.range.score,
            "score_worst": rr.range.score_worst,
            "band": rr.range.band,
            "band_worst": rr.range.band_worst,
            "points_likely": rr.range.points_likely,
            "score_likely": rr.range.score_likely if rr.scored else None,
            "band_likely": rr.range.band_likely if rr.scored else None,
            "triggered": counts["triggered"],
            "unknown": counts["unknown"],
            "not_triggered": counts["not_triggered"],
            "not_applicable": counts["not_applicable"],
        }
        if hasattr(rr.range, "floored"):
            row["floored"] = rr.range.floored
        for f in rr.findings:
            row[f.id] = f.status
        yield row


def assert_same(deals, rubric_set):
    frame = score_frame(deals, rubric_set, criteria=True)
    frame["score_likely"] = frame["score_likely"].astype(object).where(frame["score_likely"].notna(), None)
    frame["band_likely"] = frame["band_likely"].astype(object).where(frame["band_likely"].notna(), None)
    records = frame.to_dict("records")
    expected = [row for d in deals for row in expected_rows(score(d, rubric_set))]
    assert len(records) == len(expected)
    mismatches = []
    for got, want in zip(records, expected):
        diff = {k: (want[k], got[k]) for k in want if got[k] != want[k]}
        if diff:
            mismatches.append((want["deal"], want["rubric"], diff))
    assert not mismatches, mismatches[:5]
    return frame


def test_mini_ten_thousand_generated_deals_match_per_deal():
    rs = load_rubrics(MINI)
    assert_same(synthetic_deals(rs, 10_000, seed=11), rs)


def test_fixture_rubrics_with_applicability_and_floors_match():
    rs = load_rubrics(PORTFOLIO / "rubrics")
    deals = synthetic_deals(rs, 5_000, seed=5)
    deals += [load_deal(PORTFOLIO / "deals" / f"{n}.yaml", rs.catalogue) for n in ("alpha", "beta", "gamma")]
    assert_same(deals, rs)


def bundled_examples(rs):
    out = []
    for p in sorted(Path(EXAMPLES).glob("*.yaml")):
        if "history" in p.name:
            continue
        out.append(load_deal(p, rs.catalogue))
    return out


def test_real_rubrics_bundled_examples_and_generated_deals_match():
    rs = load_rubrics(RUBRICS)
    deals = bundled_examples(rs) + synthetic_deals(rs, 400, seed=2)
    frame = assert_same(deals, rs)
    assert set(frame["rubric"]) == {r.id for r in rs.rubrics}


def test_encoded_frame_scores_like_deals_and_long_layout(mini_set):
    deals = synthetic_deals(mini_set, 50, seed=1)
    a = score_frame(deals, mini_set)
    b = score_frame(encode_deals(deals, mini_set.catalogue), mini_set)
    assert a.equals(b)
    assert list(a.columns[:3]) == ["deal", "row", "rubric"]
    assert str(a["band"].dtype) == "category" and a["band"].cat.ordered
    hm = heat_map(a)
    assert hm.shape == (50, 1)


def test_vary_from_an_already_encoded_deal_is_the_same_frame(mini_set):
    deal = synthetic_deals(mini_set, 1, seed=2)[0]
    fid = next(f for f, spec in mini_set.catalogue.facts.items() if spec.type == "percent" and not spec.derived_op)
    values = {fid: [Interval(v, v) for v in (0.0, 25.0, 60.0)]}
    base = encode_deals([deal], mini_set.catalogue, derived=False)
    kept = base.copy()
    assert vary(deal, mini_set.catalogue, values, 3, base=base).equals(vary(deal, mini_set.catalogue, values, 3))
    assert base.equals(kept)  # the caller's frame is reused, not changed


def test_synthetic_frame_is_reproducible_and_sized(mini_set):
    f1 = synthetic_frame(mini_set, 300, seed=3, distinct=100)
    f2 = synthetic_frame(mini_set, 300, seed=3, distinct=100)
    assert len(f1) == 300 and f1["deal"].is_unique
    assert score_frame(f1, mini_set).equals(score_frame(f2, mini_set))


def test_library_exposes_score_frame_lazily():
    code = (
        "import sys, riskkit; import riskkit.engine.scoring, riskkit.cli; assert 'pandas' not in sys.modules;"
        "f = riskkit.score_frame; assert 'pandas' in sys.modules; print(f.__module__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "riskkit.engine.vector.scoring"


def _with_own_presumptions(deals, catalogue):
    """Every other deal overrides the catalogue's presumptions: probabilities become values and back."""
    from msgspec.structs import replace

    from riskkit.model.inputs import Presumption

    out = []
    for i, d in enumerate(deals):
        own = {}
        for fid, p in sorted(catalogue.presumptions.items())[i % 3 :: 3]:
            spec = catalogue.facts[fid]
            if p.probability is not None:
                own[fid] = Presumption(fid, "deal's own", value=i % 2 == 0, origin="deal")
            elif spec.type == "bool":
                own[fid] = Presumption(fid, "deal's own", probability=0.3, origin="deal")
            elif spec.type == "enum" and spec.values:
                own[fid] = Presumption(fid, "deal's own", value=spec.values[i % len(spec.values)], origin="deal")
        out.append(replace(d, presumptions=own) if i % 2 else d)
    return out


def test_likely_estimate_with_deal_presumptions_matches_and_is_not_the_bounds():
    rs = load_rubrics(RUBRICS)
    deals = _with_own_presumptions(synthetic_deals(rs, 300, seed=9), rs.catalogue)
    assert sum(1 for d in deals if d.presumptions) == 150
    frame = assert_same(deals, rs)
    scored = frame[frame["score_likely"].notna()]
    # the estimate is its own column: strictly inside the bounds for many rows, probability-weighted for some
    inside = (scored["score_likely"] > scored["score"]) & (scored["score_likely"] < scored["score_worst"])
    assert inside.sum() > 50
    assert (scored["points_likely"] % 0.5 != 0).any()
    filing = frame[frame["rubric"] == "filing-thresholds"]
    assert len(filing) and filing["score_likely"].isna().all() and filing["band_likely"].isna().all()

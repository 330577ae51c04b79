"""Review item 5: a concern is never diluted below every one of its regimes. Competitive effects
tests the compute tie once per jurisdiction (US, EEA, UK cloud share); the three criteria count
once in the concern's own score, as each authority sees only one of them — so the concern and
its four regimes agree on the October 2025 example."""

from __future__ import annotations

from riskkit.engine.bands import variant_groups


def test_compute_tie_is_one_variant_group(rubric_set):
    ce = next(r for r in rubric_set.rubrics if r.id == "competitive-effects")
    assert variant_groups(ce) == (
        ("ce-input-foreclosure-compute-us", "ce-input-foreclosure-compute-eu", "ce-input-foreclosure-compute-uk"),
    )
    for other in rubric_set.rubrics:  # no other bundled rubric has jurisdiction variants of one theory
        if other.id != "competitive-effects":
            assert variant_groups(other) == ()


def test_concern_agrees_with_its_regimes(oct_2025):
    ce = next(rr for rr in oct_2025.results if rr.rubric.id == "competitive-effects")
    assert ce.range.max_points == 68  # 88 before: the compute tie counted three times
    # information flows unknown (a8): 8 of 68 points open = 11.8 on the worst case, half of it (5.9) on the
    # likely estimate (no presumption: mid-range) — 42.6 + 5.9 = 48.5, 52.9 + 11.8 = 64.7
    assert (ce.range.score, ce.range.score_likely, ce.range.score_worst) == (32.4, 48.5, 64.7)
    for j in ce.jurisdictions:
        assert (j.range.score_likely, j.range.band_likely) == (ce.range.score_likely, ce.range.band_likely)

"""riskkit.findings_frame: one row per deal × rubric × criterion, equal to the Assessment's findings."""

from __future__ import annotations

import pytest

pd = pytest.importorskip("pandas")


def test_findings_frame_rows_match_the_assessment(mini_set, mini_deal):
    import riskkit
    from riskkit.engine.scoring import score

    frame = riskkit.findings_frame([mini_deal, mini_deal], mini_set)
    a = score(mini_deal, mini_set)
    findings = [f for rr in a.results for f in rr.findings]
    assert len(frame) == 2 * len(findings)
    assert list(frame.columns[:5]) == ["deal", "rubric", "criterion", "title", "status"]
    rows = frame.iloc[: len(findings)].set_index("criterion")
    # hand-checked against tests/fixtures/mini: observer = yes triggers 20 points; stake 10–30% straddles
    # the 15% UK threshold (0..20); spend and vetoes are unknown (0..10)
    assert rows.loc["mini-observer-or-cloud", ["status", "points", "points_worst"]].tolist() == ["triggered", 20, 20]
    assert "observer = yes" in rows.loc["mini-observer-or-cloud", "facts"]
    stake = rows.loc["mini-stake"]
    assert (stake.status, stake.points, stake.points_worst) == ("unknown", 0, 20)
    by_id = {f.id: f for f in findings}
    assert stake.points_likely == by_id["mini-stake"].points_likely  # the engine's most-likely points
    assert rows.loc["mini-vetoes", "missing"] == "rights"
    assert rows.loc["mini-size", "level"] == "" and rows.loc["mini-size", "max_points"] == 20
    assert frame.status.cat.ordered and list(frame.status.cat.categories)[:3] == ["triggered", "unknown", "clear"]
    assert set(frame.deal) == {"mini-deal"}
    assert frame[frame.status == "triggered"].groupby("rubric").points.sum().loc["mini"] == 2 * 40


def test_findings_frame_takes_assessments_and_needs_rubrics_for_deals(mini_set, mini_deal):
    import riskkit
    from riskkit.engine.scoring import score

    a = score(mini_deal, mini_set)
    one = riskkit.findings_frame(a)
    assert len(one) == sum(len(rr.findings) for rr in a.results)
    assert one.points.sum() == sum(f.points for rr in a.results for f in rr.findings)
    with pytest.raises(TypeError, match="rubric set"):
        riskkit.findings_frame([mini_deal])
    empty = riskkit.findings_frame([])
    assert list(empty.columns) == list(one.columns) and empty.empty

"""An acquisition concern counts only what changed since a state its authorities reviewed
(partner review item 11): the CMA found material influence in March 2025 and passed on it, so for
the October 2025 deal only a step-up is in play in the UK, and likewise for the Commission and
the Bundeskartellamt. Scores below are worked out by hand from the rubric's points."""

from __future__ import annotations

import datetime as dt

from msgspec.structs import replace

from riskkit.engine.scoring import score
from riskkit.load.deal import load_deal
from riskkit.load.rubric import load_rubrics
from riskkit.model.inputs import Jurisdiction, Review

from .conftest import EXAMPLES, ROOT

OCT = EXAMPLES / "microsoft-openai-2025.yaml"


def _dfa(deal):
    rubrics = load_rubrics(ROOT / "rubrics")
    return next(r for r in score(deal, rubrics).results if r.id == "de-facto-acquisition")


def _by_id(rr):
    return {f.criterion.id: f for f in rr.findings}


def test_findings_already_reviewed_and_unchanged_leave_play_with_the_review_named():
    rr = _dfa(load_deal(OCT))
    found = _by_id(rr)
    uk = found["dfa-uk-material-influence-stake"]
    assert uk.status == "not_in_play" and uk.change == "unchanged" and uk.points_prior == 12
    assert "UK Competition and Markets Authority, 5 Mar 2025" in uk.reason
    de = found["dfa-de-concentration-element"]
    assert de.status == "not_in_play" and "Bundeskartellamt, 15 Nov 2023" in de.reason
    # tagged with all three reviewing authorities: settled
    assert found["dfa-economic-dependence"].status == "not_in_play"
    assert found["dfa-consultation-rights"].status == "not_in_play"
    # also tagged US: the FTC never reviewed the state, so it stays in play
    assert found["dfa-profit-revenue-entitlement"].status == "triggered"
    assert found["dfa-information-rights"].status == "unknown"
    # a 'reduced' finding is not 'unchanged': it stays
    assert found["dfa-change-of-control-rights"].status == "unknown"


def test_the_score_counts_only_what_is_still_in_play():
    rr = _dfa(load_deal(OCT))
    # in play: HSR control 20, decisive influence 20, de facto majority 12, passive exemption 4,
    # board seat 8, observer 5, information rights 4, change-of-control rights 6, cloud
    # exclusivity 10, profit entitlement 6, convertible 3, step-up 10, Clayton §8 10 = 118
    assert rr.range.max_points == 118
    assert rr.range.points == 6  # the profit entitlement, triggered
    assert rr.range.points_worst == 6 + 4 + 6 + 3
    assert rr.range.points_likely == 6 + 2.8 + 3  # presumptions: information rights, first notification
    assert rr.range.score_likely == 10.0 and rr.range.band_likely == "low"
    assert {j.id: j.range.band_likely for j in rr.jurisdictions} == dict.fromkeys(
        ("US-FTC/DOJ", "EU-EC", "UK-CMA", "DE-BKartA"), "low"
    )


def test_a_review_by_one_authority_settles_only_that_authoritys_criteria():
    deal = load_deal(OCT)
    cma_only = tuple(r for r in deal.prior.reviews if "Competition and Markets" in r.authority)
    deal = replace(deal, prior=replace(deal.prior, reviews=cma_only))
    found = _by_id(_dfa(deal))
    assert found["dfa-uk-material-influence-stake"].status == "not_in_play"
    assert found["dfa-de-concentration-element"].status == "triggered"  # the Bundeskartellamt's review is gone
    assert found["dfa-economic-dependence"].status == "triggered"  # EU and DE never reviewed it here


def test_without_reviews_or_prior_state_nothing_is_settled():
    deal = load_deal(OCT)
    none = replace(deal, prior=replace(deal.prior, reviews=()))
    assert _by_id(_dfa(none))["dfa-uk-material-influence-stake"].status == "triggered"
    assert _by_id(_dfa(replace(deal, prior=None)))["dfa-uk-material-influence-stake"].status == "triggered"


def test_review_names_match_the_authority_not_a_word_in_it():
    cma = Jurisdiction("UK-CMA", "United Kingdom", "Competition and Markets Authority")
    ec = Jurisdiction("EU-EC", "European Union", "European Commission (DG COMP)")
    review = Review("UK Competition and Markets Authority", dt.date(2025, 3, 5), "no RMS")
    assert review.covers(cma) and not review.covers(ec)
    assert Review("European Commission", dt.date(2024, 6, 28), "").covers(ec)
    assert not Review("", dt.date(2024, 6, 28), "").covers(ec)


def test_varied_rows_are_settled_by_the_same_rule_as_score():
    """What-if and uncertainty sweeps score variants column-wise: a variant that strengthens a
    reviewed finding brings it back into play, exactly as `score` labels that variant."""
    from riskkit.analysis.whatif import Change, apply_changes
    from riskkit.engine.vector import score_frame, vary

    deal = load_deal(OCT)
    rubrics = load_rubrics(ROOT / "rubrics")
    values = ["critical", "substantial", "limited", "none"]
    frame = score_frame(
        vary(deal, rubrics.catalogue, {"target_dependence_on_investor": values}, len(values)),
        rubrics,
        criteria=True,
        row_deals=[deal] * len(values),
    )
    rows = frame[frame["rubric"] == "de-facto-acquisition"].reset_index(drop=True)
    seen = set()
    for i, value in enumerate(values):
        changed = apply_changes(deal, [Change("target_dependence_on_investor", value, "substantial", value)])
        want = _by_id(_dfa(changed))["dfa-economic-dependence"].status
        assert str(rows.loc[i, "dfa-economic-dependence"]) == want, value
        assert rows.loc[i, "score_likely"] == _dfa(changed).range.score_likely, value
        seen.add(want)
    assert "not_in_play" in seen and len(seen) > 1  # both settled and back in play occur

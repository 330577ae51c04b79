"""Review items 6 and 10: against the reviewed state (Jan 2025), what the October 2025 deal did not
create is never labelled 'new' or 'strengthened' — Microsoft's exclusive IP rights predate it, the
opposition and the Musk suit were simply not on the earlier record, and the German 25% element is
met both before and after."""

from __future__ import annotations


def _findings(oct_2025):
    return {f.criterion.id: f for rr in oct_2025.results for f in rr.findings}


def test_ip_exclusivity_is_unchanged_not_new(oct_2025):
    f = _findings(oct_2025)["ce-customer-foreclosure-ip"]
    assert f.status == "triggered" and (f.change, f.points_prior) == ("unchanged", 6)


def test_facts_missing_from_the_reviewed_state_do_not_make_exposure_new(oct_2025):
    found = _findings(oct_2025)
    for cid in ("ca-opposition-litigation", "ca-litigation-pending", "ca-foundation-not-independent"):
        f = found[cid]
        assert f.status == "triggered" and f.change == "unchanged", (cid, f.change)
    charity = {rr.rubric.id: rr for rr in oct_2025.results}["charitable-assets"]
    assert charity.score_new == 0


def test_german_concentration_element_is_not_reduced(oct_2025):
    f = _findings(oct_2025)["dfa-de-concentration-element"]
    # 25% limb met now (10 points); the Jan 2025 state left 10–12 open (most likely 11): not reduced
    assert f.change == "unchanged" and f.points_prior == 11
    assert f.status == "not_in_play"  # the Bundeskartellamt passed on it (settled_by_review)

"""What a review decided, and reviews of the transaction itself (third partner review (a)1, (a)3).

The CMA (2025), the Commission (2024) and the Bundeskartellamt (2023) decided jurisdiction only —
whether a merger arose — so the bottom line says so; the Delaware and California attorneys general
reviewed the October 2025 recapitalisation itself before closing, so the charitable-assets row no
longer says no review covered it. Where the deal cuts some terms and renews others behind live
findings the net effect reads 'mixed', not 'lower'.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from riskkit.engine.scoring import score
from riskkit.errors import RiskkitError
from riskkit.load import yamlio
from riskkit.load.deal import deal_from_data, deal_to_data, load_deal
from riskkit.load.rubric import load_rubrics
from riskkit.render.memo_prior import concern_change, net_effect, reviewed_before

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "microsoft-openai-2025.yaml"


@pytest.fixture(scope="module")
def rubric_set():
    return load_rubrics()


@pytest.fixture(scope="module")
def demo(rubric_set):
    deal = load_deal(EXAMPLE, rubric_set.catalogue)
    return score(deal, rubric_set)


def _row(assessment, rubric_id):
    rr = next(r for r in assessment.results if r.rubric.id == rubric_id)
    return concern_change(assessment, rr)


def test_the_example_records_what_each_review_decided(demo):
    deal = demo.deal
    assert {r.scope for r in deal.prior.reviews} == {"jurisdiction"}
    by = {r.authority: r for r in deal.reviews}
    assert by["Delaware Attorney General"].decision == "Statement of No Objection (SONO)"
    assert by["Delaware Attorney General"].date is None  # its date is not in the research
    assert by["California Attorney General"].date == dt.date(2025, 10, 27)
    assert all(r.scope == "merits" for r in deal.reviews)


def test_bottom_line_rows_say_jurisdiction_only_and_name_the_attorneys_general(demo):
    row = _row(demo, "competitive-effects")
    assert row.startswith("Jurisdictional reviews only: CMA, EC, BKartA.")
    charity = _row(demo, "charitable-assets")
    assert charity.startswith("AGs before closing: Delaware (SONO), California (MOU).")
    assert "No earlier review covered it" not in charity


def test_competitive_effects_net_is_mixed_compute_and_control_lower(demo):
    # competitive effects: the UK compute-foreclosure finding fell (ROFR removed, 10 → 0 points) while
    # the API exclusivity and the exclusive IP licence (now to 2032) were restated by the deal
    assert _row(demo, "competitive-effects").endswith("Net: mixed.")
    assert _row(demo, "compute-concentration").endswith("Net: lower.")
    assert _row(demo, "de-facto-acquisition").endswith("Net: lower.")
    assert _row(demo, "charitable-assets").endswith("Net: unchanged.")


def test_background_says_what_the_reviews_decided_and_lists_the_transaction_reviews(demo):
    text = " ".join(str(x) for block in reviewed_before(demo) for x in _strings(block))
    assert "Each decided jurisdiction only (whether a merger arose), not the arrangement's effects." in text
    assert (
        "The transaction itself was reviewed before closing: Delaware Attorney General (Statement of No Objection (SONO))"
        in text
    )
    assert "California Attorney General (MOU, 27 October 2025): The Attorney General said" in text


def _strings(block):
    if isinstance(block, str):
        yield block
    elif isinstance(block, dict):
        for v in block.values():
            yield from _strings(v)
    elif isinstance(block, list | tuple):
        for v in block:
            yield from _strings(v)


class _F:
    def __init__(self, change, status, prior, likely):
        self.change, self.status, self.points_prior, self.points_likely, self.waived = (
            change,
            status,
            prior,
            likely,
            False,
        )


class _RR:
    def __init__(self, *findings):
        self.findings = findings


def test_net_effect_rules():
    down = _F("reduced", "not_triggered", 10, 0)
    up = _F("new", "triggered", 0, 4)
    assert net_effect(_RR(down)) == "Net: lower."
    assert net_effect(_RR(up)) == "Net: higher."
    assert net_effect(_RR(down, up)).startswith("Net: mixed")
    assert net_effect(_RR(down), renewed=["investor_ip_licence"]).startswith("Net: mixed")
    assert net_effect(_RR(), renewed=["investor_ip_licence"]) == "Net: unchanged."


def _data():
    return copy.deepcopy(yamlio.load(EXAMPLE))


def test_a_review_scope_outside_the_list_is_an_error(rubric_set):
    data = _data()
    data["prior"]["reviews"][0]["scope"] = "substance"
    with pytest.raises(RiskkitError, match="a review scope, one of"):
        deal_from_data(data, rubric_set.catalogue, str(EXAMPLE))


def test_a_transaction_review_after_the_as_of_date_is_hindsight(rubric_set):
    data = _data()
    data["reviews"][1]["date"] = dt.date(2025, 11, 3)
    with pytest.raises(RiskkitError, match="hindsight"):
        deal_from_data(data, rubric_set.catalogue, str(EXAMPLE))


def test_prior_reviews_still_need_a_date(rubric_set):
    data = _data()
    del data["prior"]["reviews"][0]["date"]
    with pytest.raises(RiskkitError, match="date"):
        deal_from_data(data, rubric_set.catalogue, str(EXAMPLE))


def test_transaction_reviews_survive_deal_to_data(rubric_set, demo):
    data = deal_to_data(demo.deal)
    data.pop("prior")
    again = deal_from_data(data, rubric_set.catalogue, str(EXAMPLE))
    assert again.reviews == demo.deal.reviews

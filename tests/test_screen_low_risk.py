"""Item 31: a stake worth far less than the HSR size-of-transaction threshold is not notifiable
whatever the open vote-for-directors question, and a passive 4% stake with no rights is no relevant
merger situation in the UK — on the low-risk example (a hypothetical: its facts are the scenario's
givens, not our estimates) and on a real deal whose value is confirmed."""

from __future__ import annotations

import json
from pathlib import Path

from msgspec.structs import replace

from riskkit.engine.scoring import score
from riskkit.load.deal import load_deal
from riskkit.model.inputs import Fact

ROOT = Path(__file__).resolve().parent.parent
LOW = ROOT / "examples" / "hypothetical-low-risk.yaml"


def _rows(cli, path):
    r = cli("score", path, "--format", "json")
    assert r.code == 0, r.err
    return {row["regime"]: row for row in json.loads(r.out)["filing_screen"]}


def test_low_risk_short_form_has_no_filing(cli):
    rows = _rows(cli, LOW)
    us, uk = rows["US-FTC/DOJ"], rows["UK-CMA"]
    assert (us["verdict"], us["basis"], us["estimated_facts"]) == ("not notifiable", "facts", [])
    # the lowest threshold the value fails reads first: below the $126.4m size-of-transaction test
    assert us["reason"].startswith(
        "no test met: HSR value of the interest held: USD 20m, at or below the USD 126.4m threshold — HSR size-of-transaction"
    )
    assert not any("801.1(f)" in q for q in us["questions"])  # the vote question cannot move a $20m stake
    assert uk["verdict"] == "not notifiable" and uk["verdict_text"] == "no relevant merger situation"
    assert "material influence" in uk["reason"] and uk["basis"] == "facts"
    # and the likely response says nothing happens, not "questions" from the agencies
    assert us["likely_response"]["response"] == "nothing" and "size-of-transaction" in us["likely_response"]["text"]
    assert uk["likely_response"]["response"] == "nothing" and "no material influence" in uk["likely_response"]["text"]


def _real_low_risk(rubric_set, **confidence):
    deal = load_deal(LOW, rubric_set.catalogue)
    facts = dict(deal.facts)
    for fid, conf in confidence.items():
        facts[fid] = replace(facts[fid], confidence=conf)
    facts.pop("hsr_shares_vote_for_directors", None)
    assert "hsr_shares_vote_for_directors" not in facts
    return replace(deal, hypothetical=False, facts=facts)


def test_confirmed_value_below_threshold_is_not_notifiable_whatever_the_vote(rubric_set):
    deal = _real_low_risk(rubric_set, hsr_acquisition_value="confirmed")
    us = {r.regime.id: r for r in score(deal, rubric_set).screen}["US-FTC/DOJ"]
    assert (us.verdict, us.basis) == ("not notifiable", "facts")
    for votes in (True, False):
        facts = dict(deal.facts)
        facts["hsr_shares_vote_for_directors"] = Fact(
            id="hsr_shares_vote_for_directors", value=votes, sources=("invented",), confidence="confirmed"
        )
        row = {r.regime.id: r for r in score(replace(deal, facts=facts), rubric_set).screen}["US-FTC/DOJ"]
        assert row.verdict == "not notifiable", votes


def test_estimated_value_is_the_only_estimate_asked_about(rubric_set):
    """A real deal on estimates: the value alone carries 'not notifiable', so it is the one fact to confirm."""
    us = {r.regime.id: r for r in score(_real_low_risk(rubric_set), rubric_set).screen}["US-FTC/DOJ"]
    assert (us.verdict, us.estimated) == ("unknown", ("hsr_acquisition_value",))
    assert sum(q.startswith("Confirm our estimate") for q in us.questions) == 1

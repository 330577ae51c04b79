"""No hindsight: a deal is scored only from material dated on or before its as-of date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from riskkit.engine.scoring import score
from riskkit.load.deal import deal_from_data, load_deal
from riskkit.load.hindsight import screen
from riskkit.load.rubric import load_rubrics

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(
    p
    for p in [*(ROOT / "examples").glob("*.yaml"), *(ROOT / "examples" / "comparators").glob("*.yaml")]
    if "history" not in p.name
)


@pytest.fixture(scope="module")
def rubric_set():
    return load_rubrics()


def _later(deal, fact) -> list:
    out = [s for s in fact.sources if deal.sources[s].date and deal.sources[s].date > deal.as_of]
    if fact.as_of and fact.as_of > deal.as_of:
        out.append(f"as_of {fact.as_of}")
    return out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_no_bundled_fact_is_scored_from_a_later_source(rubric_set, path):
    """Every fact a finding reads cites nothing dated after the deal's as-of date (default run)."""
    deal = load_deal(path, rubric_set.catalogue)
    assessment = score(deal, rubric_set)
    for rr in assessment.results:
        for finding in rr.findings:
            for use in finding.facts:
                if use.id in deal.facts:
                    fact = deal.facts[use.id]
                    assert not _later(deal, fact), f"{path.name}: {use.id} scored from {_later(deal, fact)}"
                    assert not fact.later_sources
    for fact in deal.facts.values():
        assert not _later(deal, fact), (path.name, fact.id)


def test_the_2025_example_flags_what_it_leaves_out(rubric_set):
    deal = load_deal(ROOT / "examples" / "microsoft-openai-2025.yaml", rubric_set.catalogue)
    flags = {f.fact: f for f in deal.later_sources}
    # The AWS contract of 3 Nov 2025 postdates the 28 Oct 2025 deal: the compute share resting on it is out.
    assert flags["investor_compute_share_pct"].action == "excluded"
    assert "investor_compute_share_pct" not in deal.facts
    # Delaware Public Media (3 Nov 2025) is dropped, OpenAI's own statement (28 Oct 2025) keeps the fact.
    assert flags["foundation_board_independent"].action == "sources_dropped"
    assert deal.facts["foundation_board_independent"].sources == ("openai-structure-2025",)
    data = json.loads(json.dumps(score(deal, rubric_set).to_dict()))
    assert data["hindsight"]["include_later_sources"] is False
    assert {f["fact"] for f in data["hindsight"]["later_sources"]} == set(flags)


def test_include_later_sources_keeps_and_flags(rubric_set):
    deal = load_deal(ROOT / "examples" / "microsoft-openai-2025.yaml", rubric_set.catalogue, include_later_sources=True)
    fact = deal.facts["investor_compute_share_pct"]
    assert fact.later_sources == ("aws-openai-2025-11-03",)
    data = score(deal, rubric_set).to_dict()
    row = next(f for f in data["facts"] if f["id"] == "investor_compute_share_pct")
    assert row["later_sources"] == ["aws-openai-2025-11-03"]
    assert all(f["action"] == "included" for f in data["hindsight"]["later_sources"])


def _deal(rubric_set, facts, sources):
    data = {
        "deal": {
            "id": "d",
            "title": "t",
            "as_of": dt.date(2025, 1, 1),
            "stage": "signed",
            "parties": [{"name": "A", "role": "investor"}],
            "jurisdictions": [],
        },
        "sources": sources,
        "facts": facts,
    }
    return deal_from_data(data, rubric_set.catalogue)


def test_screen_rules(rubric_set):
    sources = {
        "old": {"title": "before", "date": dt.date(2024, 12, 1), "kind": "official_statement"},
        "new": {"title": "after", "date": dt.date(2025, 2, 1), "kind": "established_press"},
        "undated": {"title": "no date", "kind": "established_press"},
    }
    facts = {
        "investor_voting_stake_pct": {"value": 20, "sources": ["old", "new"]},
        "investor_economic_stake_pct": {"value": 20, "sources": ["new"]},
        "investor_board_seats": {"value": 1, "sources": ["undated"], "as_of": dt.date(2025, 3, 1)},
        "investor_is_competitor": {"value": True, "sources": ["undated"]},
    }
    deal = screen(_deal(rubric_set, facts, sources))
    assert deal.facts["investor_voting_stake_pct"].sources == ("old",)
    assert "investor_economic_stake_pct" not in deal.facts
    assert "investor_board_seats" not in deal.facts  # its own as_of is later
    assert "investor_is_competitor" in deal.facts
    actions = {f.fact: f.action for f in deal.later_sources}
    assert actions == {
        "investor_voting_stake_pct": "sources_dropped",
        "investor_economic_stake_pct": "excluded",
        "investor_board_seats": "excluded",
    }

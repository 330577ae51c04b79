"""Uncertain facts: exact enumeration at threshold crossings, seeded sampling, band probabilities, sensitivity."""

import msgspec
import pytest

from riskkit.analysis.uncertainty import sweep, uncertain_facts
from riskkit.load.deal import load_deal
from riskkit.model.inputs import Fact, Interval
from riskkit.render.uncertainty import render_table, uncertainty_section

from .conftest import PORTFOLIO_FIXTURES

FIX = PORTFOLIO_FIXTURES


@pytest.fixture
def gamma(portfolio_set):
    return load_deal(FIX / "deals" / "gamma.yaml", portfolio_set.catalogue)


def test_which_facts_and_how(gamma, portfolio_set):
    facts = {f.id: f for f in uncertain_facts(gamma, portfolio_set)}
    assert set(facts) == {"stake_pct", "investment"}
    stake = facts["stake_pct"]
    assert (stake.low, stake.high, stake.how) == (20, 40, "enumerated")
    # thresholds 25 and 30 inside 20–40: segments 20–25, 25–30, 30–40 weighted by width
    weights = sorted(w for _, w in stake.points if w > 0)
    assert weights == pytest.approx([0.25, 0.25, 0.5])
    inv = facts["investment"]  # EUR 120 estimated → ±20%; HSR threshold USD 126.4 → EUR 114.9
    assert (inv.low, inv.high) == pytest.approx((96, 144)) and inv.how == "enumerated"
    assert any(abs(v - 126.4 / 1.1) < 1e-9 for v, _ in inv.points)


def test_band_probabilities_are_exact_where_enumerated(gamma, portfolio_set):
    s = sweep(gamma, portfolio_set, seed=1)
    # charity: observer/exclusivity facts unknown → worst case; stake ≥ 30 adds 20 points
    total = {r["id"]: sum(p["p"] for p in r["probabilities"]) for r in s.rubrics}
    assert total == pytest.approx({"antitrust": 1.0, "charity": 1.0})
    # antitrust best case (unknown facts at 0): observer 15; stake > 25 (P 0.75) adds 20 and floors
    # the band at high; investment above the HSR threshold (EUR 114.9 of EUR 96–144) adds 15.
    p_size = (144 - 126.4 / 1.1) / 48
    assert s.probability("antitrust", "high", worst=False) == pytest.approx(0.75, abs=1e-4)
    assert s.probability("antitrust", "moderate", worst=False) == pytest.approx(0.25 * p_size, abs=1e-4)
    assert s.probability("antitrust", "low", worst=False) == pytest.approx(0.25 * (1 - p_size), abs=1e-4)
    assert "enumerated" in s.method and s.scenarios > 0
    assert s.sensitivity[0]["fact"] == "stake_pct"


def test_sampling_is_seeded(portfolio_set):
    deal = load_deal(FIX / "deals" / "alpha.yaml", portfolio_set.catalogue)
    facts = dict(deal.facts)
    # spend feeds a derived ratio → sampled, not enumerated
    facts["spend"] = Fact("spend", Interval(10000, 16000), currency="USD", sources=("press",), confidence="reported")
    deal = msgspec.structs.replace(deal, facts=facts)
    a, b = sweep(deal, portfolio_set, seed=3), sweep(deal, portfolio_set, seed=3)
    assert {f.id: f.how for f in a.facts} == {"spend": "sampled"}
    assert a.rubrics == b.rubrics and "seed 3" in a.method
    # spend_ratio ≥ 1 when spend ≥ 13000: half the range → about half the scenarios add 10 points
    assert 0.4 < a.probability("antitrust", "severe") < 0.6 or a.probability("antitrust", "severe") == 1.0


def test_no_uncertain_facts_and_section(portfolio_set):
    beta = load_deal(FIX / "deals" / "beta.yaml", portfolio_set.catalogue)
    s = sweep(beta, portfolio_set)
    assert s.facts == [] and s.probability("antitrust", "low") == 1.0
    assert "nothing to sweep" in render_table(s)


def test_memo_partial_renders(gamma, portfolio_set):
    from riskkit.render.memo import environment

    section = uncertainty_section(sweep(gamma, portfolio_set))
    html = environment().get_template(section["template"]).render(section=section)
    assert "stake_pct" in html and "%" in html and "sensitivity" in html.lower()

"""Most-likely estimate, presumptions, criteria in play and the common scale (issue 12 items 1–3, 5)."""

from __future__ import annotations

import copy
import json

import pytest
from msgspec.structs import replace

from riskkit.engine.scoring import score
from riskkit.errors import InputError
from riskkit.load.deal import deal_from_data, load_deal
from riskkit.load.rubric import load_rubrics
from riskkit.load.yamlio import load as load_yaml
from riskkit.model.inputs import Presumption

from .conftest import EXAMPLES, MINI_DEAL, ROOT


def _mini_data():
    return copy.deepcopy(load_yaml(MINI_DEAL))


def test_likely_takes_range_midpoints_and_counts_unpresumed_criteria_at_mid_range(mini_set, mini_deal):
    rr = score(mini_deal, mini_set).results[0]
    # best 40 (observer 20 + size 20); worst 80 (+ stake 20, spend 10, vetoes 10).
    # likely: stake 10–30 → 20 > 15 (CMA2 2025) → 20; spend and vetoes unpresumed → 5 + 5.
    assert (rr.range.score, rr.range.score_likely, rr.range.score_worst) == (40, 70, 80)
    assert rr.range.band_likely == "high"
    f = {f.id: f for f in rr.findings}
    assert f["mini-stake"].points_likely == 20 and f["mini-stake"].presumed == ("stake_pct",)
    assert f["mini-vetoes"].points_likely == 5 and f["mini-vetoes"].unpresumed == ("rights",)


def test_deal_presumption_overrides_with_its_reason(mini_set):
    data = _mini_data()
    data["presumptions"] = {"rights": {"value": ["budget"], "reason": "term sheet draft shows a budget veto"}}
    deal = deal_from_data(data, mini_set.catalogue, "deal.yaml")
    a = score(deal, mini_set)
    assert a.results[0].range.score_likely == 75  # vetoes now 10, not 5
    used = {p.fact: p for p in a.presumptions}
    assert used["rights"].presumption.origin == "deal"
    assert used["rights"].to_dict()["reason"] == "term sheet draft shows a budget veto"
    assert used["rights"].criteria == ("mini-vetoes",)


def test_probability_presumption_weights_the_outcomes(mini_set):
    data = _mini_data()
    del data["facts"]["observer"]
    cat = replace(
        mini_set.catalogue,
        presumptions={"observer": Presumption("observer", "even-ish", probability=0.3)},
    )
    rs = replace(mini_set, catalogue=cat)
    deal = deal_from_data(data, cat, "deal.yaml")
    f = {f.id: f for f in score(deal, rs).results[0].findings}["mini-observer-or-cloud"]
    # observer yes (0.3) → 20 points; no (0.7) → exclusivity unknown, unpresumed → mid-range 10.
    assert f.status == "unknown" and f.points_likely == pytest.approx(0.3 * 20 + 0.7 * 10)
    assert f.unpresumed == ("exclusivity",)


def test_presumption_for_unknown_fact_is_refused(mini_set):
    data = _mini_data()
    data["presumptions"] = {"obsever": {"probability": 0.5, "reason": "x"}}
    with pytest.raises(InputError, match="presumption for unknown fact 'obsever'"):
        deal_from_data(data, mini_set.catalogue, "deal.yaml")
    data["presumptions"] = {"stake_pct": {"probability": 0.5, "reason": "x"}}
    with pytest.raises(InputError, match="'probability' applies to yes/no facts"):
        deal_from_data(data, mini_set.catalogue, "deal.yaml")


@pytest.fixture(scope="module")
def bundled():
    return load_rubrics(ROOT / "rubrics")


@pytest.fixture(scope="module")
def example_json(bundled):
    deal = load_deal(EXAMPLES / "microsoft-openai-2025.yaml", bundled.catalogue)
    return json.loads(json.dumps(score(deal, bundled).to_dict()))


def test_example_json_carries_likely_presumptions_and_not_in_play(example_json):
    results = {r["id"]: r for r in example_json["results"]}
    for rid in ("charitable-assets", "compute-concentration", "de-facto-acquisition"):
        r = results[rid]
        assert r["score"] <= r["score_likely"] <= r["score_worst"], rid
        assert r["band_likely"] in ("low", "moderate", "high", "severe")
    dfa = results["de-facto-acquisition"]
    out = {n["id"] for n in dfa["not_in_play"]}
    assert {"dfa-acquihire-business-transfer", "dfa-acquihire-staff"} <= out
    # the acqui-hire criteria leave the denominator
    in_play = [f for f in dfa["findings"] if f["status"] != "not_in_play"]
    assert dfa["max_points"] == sum(f["max_points"] for f in in_play)
    assert all(f["status"] == "not_in_play" and f["reason"] for f in dfa["findings"] if f["id"] in out)
    assert {p["fact"] for p in example_json["presumptions"]} >= {"investor_information_rights"}
    # no invented "even odds": a fact nothing points either way on is asked for, not presumed at 50%
    assert not {p["fact"] for p in example_json["presumptions"]} & {
        "conversion_bonuses",
        "investor_consultation_rights",
    }
    assert all(p["reason"] for p in example_json["presumptions"])


def test_filing_thresholds_json_has_verdicts_and_no_score(example_json):
    fil = next(r for r in example_json["results"] if r["id"] == "filing-thresholds")
    for key in ("score", "score_likely", "score_worst", "band", "band_likely", "band_worst", "bands", "points"):
        assert key not in fil
    assert all("score" not in j and "band" not in j for j in fil["jurisdictions"])
    assert all("points" not in f for f in fil["findings"])
    us = next(v for v in fil["verdicts"] if v["jurisdiction"].startswith("United States"))
    # open until we know whether the PBC shares presently vote for directors (16 CFR 801.1(f))
    assert us["verdict"] == "unknown" and "vote for the election of the target's directors" in us["reason"]


def test_markdown_shows_verdicts_not_scores_for_filing(cli):
    r = cli("score", EXAMPLES / "microsoft-openai-2025.yaml", "--format", "markdown")
    assert r.code == 0
    row = next(line for line in r.out.splitlines() if line.startswith("| filing-thresholds"))
    assert "| — |" in row and "unknown" in row
    assert "verdicts, not scores" in r.out


def test_gate_defaults_to_the_likely_band(cli, mini_set, mini_deal):
    a = score(mini_deal, mini_set)
    assert a.exit_code("high") == 1 and a.exit_code("severe") == 0
    assert a.exit_code("severe", "worst") == 1 and a.exit_code("high", "best") == 0


def test_risk_rubrics_share_one_scale(tmp_path):
    import shutil

    folder = tmp_path / "r"
    shutil.copytree(ROOT / "tests" / "fixtures" / "portfolio" / "rubrics", folder)
    text = (folder / "charity.yaml").read_text().replace("{band: moderate, min: 20}", "{band: moderate, min: 25}")
    (folder / "charity.yaml").write_text(text)
    with pytest.raises(InputError, match="risk rubrics share one scale"):
        load_rubrics(folder)


def test_declared_structures_put_criteria_in_play(bundled):
    data = load_yaml(EXAMPLES / "microsoft-openai-2025.yaml")
    data = copy.deepcopy(data)
    data["deal"]["structures"] = ["minority_equity", "distribution_or_licence"]
    data.pop("prior", None)  # the level, not the change since the reviewed state
    deal = deal_from_data(data, bundled.catalogue, str(EXAMPLES / "x.yaml"))
    rr = score(deal, bundled).result("compute-concentration")
    f = {f.id: f for f in rr.findings}
    assert f["cc-cloud-exclusivity"].status == "not_in_play"
    assert "compute (cloud) supply agreement" in f["cc-cloud-exclusivity"].reason
    dfa = {f.id: f for f in score(deal, bundled).result("de-facto-acquisition").findings}
    assert dfa["dfa-uk-material-influence-stake"].status != "not_in_play"  # in play through distribution_or_licence


def test_table_lists_every_unknown_without_a_presumption(bundled):
    """Review item 7: the likely estimate hides no default — unknowns no presumption covers are named."""
    from riskkit.load.deal import load_deal
    from riskkit.render.text import footnote_lines

    a = score(load_deal(EXAMPLES / "microsoft-openai-2025.yaml", bundled.catalogue), bundled)
    # scored rubrics only: a filing verdict has no 'likely' score to count a fact in
    bare = sorted({fid for rr in a.results if rr.scored for f in rr.findings for fid in f.unpresumed})
    assert bare
    line = next(x for x in footnote_lines(a) if x.startswith("no presumption"))
    from riskkit.model.words import fact_label

    assert all(fact_label(a.catalogue, fid) in line for fid in bare)  # named by title, not id

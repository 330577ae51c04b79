"""The bundled example deals: they validate, score, cite their sources, and order the way the
regulators' own conclusions say they should.

Orderings compare the best-case score (unknown facts at their minimum, which is what
`score` reports first) unless a test says otherwise; "worst" is the other end of the range.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from msgspec.structs import replace

from riskkit.model.inputs import PRIMARY_KINDS
from tests.conftest import EXAMPLES, ROOT

RUBRICS = ROOT / "rubrics"
# Deal files only: a `*-history.yaml` is a dated history (a different format, read by `timeline`).
ALL_EXAMPLES = sorted(p for p in EXAMPLES.glob("*.yaml") if not p.name.endswith("-history.yaml")) + sorted(
    (EXAMPLES / "comparators").glob("*.yaml")
)
BAND_ORDER = ["low", "moderate", "high", "severe"]

TIMELINE = [
    "microsoft-openai-2019.yaml",
    "microsoft-openai-2023.yaml",
    "microsoft-openai-2025-01.yaml",
    "microsoft-openai-2025.yaml",
    "microsoft-openai-2026-04.yaml",
]


@pytest.fixture(scope="module")
def rubric_set():
    from riskkit.load.rubric import load_rubrics

    return load_rubrics(RUBRICS)


@pytest.fixture(scope="module")
def assess(rubric_set):
    from riskkit.engine.scoring import score
    from riskkit.load.deal import load_deal

    cache: dict[str, object] = {}

    def run(name: str, level: bool = False):
        # These tests check that the rubrics reproduce what regulators later found — an outcome
        # replay, which needs those later findings (--include-later-sources). The default,
        # no-hindsight reading of each example is tested in test_hindsight.py. `level=True`
        # scores the deal's own state, without its prior state and reviews: the level of
        # control or influence, which is what the regulators' findings order.
        if (name, level) not in cache:
            deal = load_deal(EXAMPLES / name, rubric_set.catalogue, include_later_sources=True)
            cache[name, level] = score(replace(deal, prior=None) if level else deal, rubric_set)
        return cache[name, level]

    return run


def result(assessment, rubric_id):
    for r in assessment.results:
        if r.rubric.id == rubric_id:
            return r
    raise AssertionError(f"rubric {rubric_id} not in assessment")


def best(assessment, rubric_id) -> float:
    return result(assessment, rubric_id).range.score


def worst(assessment, rubric_id) -> float:
    return result(assessment, rubric_id).range.score_worst


def likely(assessment, rubric_id) -> float:
    return result(assessment, rubric_id).range.score_likely


def band(assessment, rubric_id, end="best") -> str:
    rng = result(assessment, rubric_id).range
    return {"best": rng.band, "likely": rng.band_likely}.get(end, rng.band_worst)


def test_examples_exist():
    names = {p.relative_to(EXAMPLES).as_posix() for p in ALL_EXAMPLES}
    for expected in TIMELINE + [
        "openai-restructuring-2024-12.yaml",
        "hypothetical-low-risk.yaml",
        "hypothetical-severe-control.yaml",
        "comparators/microsoft-inflection-2024.yaml",
        "comparators/microsoft-mistral-2024.yaml",
        "comparators/amazon-anthropic-2024.yaml",
        "comparators/google-anthropic-2024.yaml",
    ]:
        assert expected in names


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_example_validates(cli, path: Path):
    res = cli("validate", "--rubrics", RUBRICS, path)
    assert res.code == 0, res


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_example_scores(assess, path: Path):
    a = assess(path.relative_to(EXAMPLES).as_posix())
    ids = {r.rubric.id for r in a.results}
    assert {"de-facto-acquisition", "compute-concentration", "charitable-assets", "filing-thresholds"} <= ids
    for r in a.results:
        if r.status == "applicable":
            assert 0 <= r.range.score <= r.range.score_worst <= 100
            assert r.range.band in BAND_ORDER


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_every_fact_is_sourced(rubric_set, path: Path):
    """Real deals: every fact cites a defined source, never only the weakest kind. Hypotheticals:
    every fact cites a secondary-summary source that says the facts are invented."""
    from riskkit.load.deal import load_deal

    deal = load_deal(path, rubric_set.catalogue)
    assert deal.facts, "no facts"
    for fid, fact in deal.facts.items():
        assert fact.sources, f"{path.name}: fact {fid} cites no source"
        for sid in fact.sources:
            assert sid in deal.sources, f"{path.name}: fact {fid} cites undefined source {sid}"
        assert fact.confidence in {"confirmed", "reported", "estimated"}, (fid, fact.confidence)
        if deal.hypothetical:
            kinds = {deal.sources[s].kind for s in fact.sources}
            assert kinds == {"secondary_summary"}, (fid, kinds)
            assert any("invented" in deal.sources[s].title.lower() for s in fact.sources)
        else:
            # press-only facts cannot be "confirmed"
            kinds = {deal.sources[s].kind for s in fact.sources}
            if path.parent == EXAMPLES and path.name.startswith("microsoft-openai-2025."):
                assert kinds != {"secondary_summary"}, f"{path.name}: {fid} rests only on secondary summaries"
            if fact.confidence == "confirmed":
                assert kinds & set(PRIMARY_KINDS), f"{path.name}: {fid} is confirmed but cites only {kinds}"


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_hypothetical_labelling(rubric_set, path: Path):
    from riskkit.load.deal import load_deal

    deal = load_deal(path, rubric_set.catalogue)
    is_hypo = path.name.startswith("hypothetical-")
    assert bool(deal.hypothetical) == is_hypo
    assert deal.title.startswith("Hypothetical:") == is_hypo


def test_disputed_investment_total_is_a_range(rubric_set):
    """Seed 000 says > $10bn, seeds 001/004 say > $13bn: both sources, one range."""
    from riskkit.load.deal import load_deal

    deal = load_deal(EXAMPLES / "microsoft-openai-2025.yaml", rubric_set.catalogue)
    fact = deal.facts["investment_total"]
    assert {"seed-000", "seed-001"} <= set(fact.sources)
    assert fact.confidence == "reported"


# ---------------------------------------------------------------- Microsoft–OpenAI timeline


def test_compute_rofr_scores_below_exclusive_worst_case(assess):
    """CMA (5 Mar 2025): the Jan 2025 move from exclusivity to a ROFR reduced OpenAI's reliance on
    Microsoft for compute. On the worst-case end (all unknowns adverse) Jan 2025 is below 2019
    and 2023."""
    jan25 = assess("microsoft-openai-2025-01.yaml")
    for name in ("microsoft-openai-2019.yaml", "microsoft-openai-2023.yaml"):
        assert worst(jan25, "compute-concentration") < worst(assess(name), "compute-concentration"), name


def test_compute_rofr_scores_below_exclusive_like_for_like(assess, rubric_set):
    """Same facts, only the cloud term changed: a ROFR scores below exclusivity on both ends."""
    from msgspec.structs import replace

    from riskkit.engine.scoring import score

    a = assess("microsoft-openai-2025-01.yaml")
    deal = a.deal
    facts = dict(deal.facts)
    facts["cloud_exclusivity"] = replace(facts["cloud_exclusivity"], value="exclusive")
    exclusive = score(replace(deal, facts=facts), rubric_set)
    assert best(a, "compute-concentration") < best(exclusive, "compute-concentration")
    assert worst(a, "compute-concentration") < worst(exclusive, "compute-concentration")


def test_compute_rofr_scores_below_exclusive_best_case(assess):
    """Best case too: the investor's market context (cloud share, whole-chain presence, competitor
    status), documented only from 2024-25, may not outweigh the exclusivity -> ROFR change."""
    jan25 = assess("microsoft-openai-2025-01.yaml")
    for name in ("microsoft-openai-2019.yaml", "microsoft-openai-2023.yaml"):
        assert best(jan25, "compute-concentration") < best(assess(name), "compute-concentration"), name


@pytest.mark.parametrize("end", ["best", "worst"])
def test_compute_timeline_falls_2023_jan25_oct25(assess, end):
    """2023 (exclusive) > Jan 2025 (ROFR) > Oct 2025 (ROFR removed), on both ends of the range."""
    pick = best if end == "best" else worst
    s23, s25, s25b = (
        pick(assess(n), "compute-concentration")
        for n in ("microsoft-openai-2023.yaml", "microsoft-openai-2025-01.yaml", "microsoft-openai-2025.yaml")
    )
    assert s23 > s25 > s25b


def test_compute_market_context_cannot_outweigh_the_tie(assess, rubric_set):
    """Jan 2025 facts with the tie loosened to 'none': the investor's market share scores nothing
    on its own (it is scored only through the tie it amplifies)."""
    from msgspec.structs import replace

    from riskkit.engine.scoring import score

    a = assess("microsoft-openai-2025-01.yaml")
    facts = dict(a.deal.facts)
    facts["cloud_exclusivity"] = replace(facts["cloud_exclusivity"], value="none")
    loose = score(replace(a.deal, facts=facts), rubric_set)
    f = {x.criterion.id: x for x in result(loose, "compute-concentration").findings}
    assert f["cc-investor-cloud-share"].status == "not_triggered"


def test_compute_falls_after_rofr_removed_and_api_opened(assess):
    """Oct 2025 (ROFR removed) and Apr 2026 (any cloud, API no longer Azure-only) continue the
    loosening on both ends of the range."""
    jan25 = assess("microsoft-openai-2025-01.yaml")
    oct25 = assess("microsoft-openai-2025.yaml")
    apr26 = assess("microsoft-openai-2026-04.yaml")
    assert best(oct25, "compute-concentration") < best(jan25, "compute-concentration")
    assert worst(oct25, "compute-concentration") < worst(jan25, "compute-concentration")
    # The Azure-only API is scored once, as customer foreclosure in competitive-effects (review item 13):
    # its end in April 2026 shows there, not in compute-concentration.
    assert best(apr26, "competitive-effects") < best(oct25, "competitive-effects")
    assert likely(apr26, "competitive-effects") < likely(oct25, "competitive-effects")


def test_exclusive_cloud_and_api_floor_in_2023(assess):
    assert band(assess("microsoft-openai-2023.yaml"), "compute-concentration") in ("high", "severe")


def test_charitable_oct_2025_clearly_better_than_dec_2024(assess):
    """The Dec 2024 plan to end nonprofit control was abandoned; Oct 2025 kept control, a mission
    lock, a safety committee and ~26% plus a warrant, and got the AGs' no-objection/MOU."""
    dec24 = assess("openai-restructuring-2024-12.yaml")
    oct25 = assess("microsoft-openai-2025.yaml")
    assert best(oct25, "charitable-assets") < best(dec24, "charitable-assets")
    assert worst(oct25, "charitable-assets") < worst(dec24, "charitable-assets")
    assert BAND_ORDER.index(band(dec24, "charitable-assets")) >= BAND_ORDER.index("moderate")
    assert band(oct25, "charitable-assets") == "low"
    assert BAND_ORDER.index(band(oct25, "charitable-assets")) < BAND_ORDER.index(band(dec24, "charitable-assets"))


def test_oct_2025_uk_stake_above_25(assess):
    """27% is above the UK 25% material-influence indicator (CMA2 as revised 28 Oct 2025)."""
    a = assess("microsoft-openai-2025.yaml")
    f = {
        x.criterion.id: x
        for x in result(assess("microsoft-openai-2025.yaml", level=True), "de-facto-acquisition").findings
    }
    assert f["dfa-uk-material-influence-stake"].status == "triggered"
    # against the state the CMA reviewed in March 2025 the level is unchanged: passed on, not in play
    f = {x.criterion.id: x for x in result(a, "de-facto-acquisition").findings}
    assert f["dfa-uk-material-influence-stake"].status == "not_in_play"
    assert f["dfa-uk-material-influence-stake"].change == "unchanged"


# ---------------------------------------------------------------- hypotheticals


def test_low_hypothetical_low_everywhere(assess):
    a = assess("hypothetical-low-risk.yaml")
    for r in a.results:
        if r.status == "applicable":
            assert r.range.band == "low" and r.range.band_worst == "low", r.rubric.id


def test_severe_hypothetical_severe_on_control(assess):
    a = assess("hypothetical-severe-control.yaml")
    assert band(a, "de-facto-acquisition") == "severe"
    assert band(a, "de-facto-acquisition", "worst") == "severe"


# ---------------------------------------------------------------- comparators


def test_inflection_above_mistral(assess):
    """CMA: Microsoft/Inflection was a relevant merger situation (and a concentration for the
    Commission and the Bundeskartellamt); Microsoft/Mistral conferred no material influence."""
    infl = assess("comparators/microsoft-inflection-2024.yaml")
    mist = assess("comparators/microsoft-mistral-2024.yaml")
    assert best(infl, "de-facto-acquisition") > best(mist, "de-facto-acquisition")
    assert BAND_ORDER.index(band(infl, "de-facto-acquisition")) > BAND_ORDER.index(band(mist, "de-facto-acquisition"))
    assert band(infl, "de-facto-acquisition") in ("high", "severe")


@pytest.mark.parametrize("snapshot", TIMELINE)
def test_google_anthropic_below_microsoft_openai(assess, snapshot):
    """CMA: no material influence for Google/Anthropic; for Microsoft/OpenAI material influence
    acknowledged since 2019 and "a high level of material influence" (Mar 2025)."""
    goog = assess("comparators/google-anthropic-2024.yaml")
    msoa = assess(snapshot)
    assert best(goog, "de-facto-acquisition") < best(msoa, "de-facto-acquisition")


def test_no_material_influence_comparators_low(assess):
    for name in ("comparators/google-anthropic-2024.yaml", "comparators/microsoft-mistral-2024.yaml"):
        assert band(assess(name), "de-facto-acquisition") == "low", name


def test_amazon_anthropic_below_inflection(assess):
    """CMA did not reach material influence for Amazon/Anthropic; Inflection was a merger."""
    amzn = assess("comparators/amazon-anthropic-2024.yaml")
    infl = assess("comparators/microsoft-inflection-2024.yaml")
    assert best(amzn, "de-facto-acquisition") < best(infl, "de-facto-acquisition")


# ---------------------------------------------------------------- de facto acquisition: regulators' order
# Microsoft/Inflection (CMA: relevant merger situation; Commission and Bundeskartellamt: a
# concentration) > Microsoft-OpenAI Oct 2025 (27%; "a high level of material influence", no
# control, in Mar 2025) >= Amazon/Anthropic (consultation and first-notification rights,
# "capable of contributing", no finding) > Google/Anthropic (no material influence) >=
# Microsoft/Mistral (no material influence). These are levels of influence, so each deal is
# scored on its own state (level=True); against the state the authorities reviewed, the Oct 2025
# deal counts only what changed since (settled_by_review: tests/test_settled_by_review.py).

DFA = "de-facto-acquisition"
DFA_ORDER = [
    ("comparators/microsoft-inflection-2024.yaml", ">"),
    ("microsoft-openai-2025.yaml", ">="),
    ("comparators/amazon-anthropic-2024.yaml", ">"),
    ("comparators/google-anthropic-2024.yaml", ">="),
    ("comparators/microsoft-mistral-2024.yaml", None),
]
PAIRS = [(DFA_ORDER[i][0], DFA_ORDER[i + 1][0], DFA_ORDER[i][1]) for i in range(len(DFA_ORDER) - 1)]


def _cmp(a, b, op):
    return a > b if op == ">" else a >= b


@pytest.mark.parametrize("hi,lo,op", PAIRS, ids=[f"{h.split('/')[-1]}{o}{lw.split('/')[-1]}" for h, lw, o in PAIRS])
def test_dfa_regulators_order_best(assess, hi, lo, op):
    assert _cmp(best(assess(hi, level=True), DFA), best(assess(lo, level=True), DFA), op)


# The regulators' order holds on the most-likely estimate (issue 12). The worst case is not
# calibrated: it counts every unknown at its maximum, and the outcome-blind comparators leave
# Google's and Mistral's unpublished terms unknown (see tests/test_calibration.py for tau-b).
@pytest.mark.parametrize("hi,lo,op", PAIRS, ids=[f"{h.split('/')[-1]}{o}{lw.split('/')[-1]}" for h, lw, o in PAIRS])
def test_dfa_regulators_order_likely(assess, hi, lo, op):
    assert _cmp(likely(assess(hi, level=True), DFA), likely(assess(lo, level=True), DFA), op)


@pytest.mark.parametrize("end", ["best", "likely"])
@pytest.mark.parametrize("hi,lo,op", PAIRS, ids=[f"{h.split('/')[-1]}{o}{lw.split('/')[-1]}" for h, lw, o in PAIRS])
def test_dfa_regulators_order_band(assess, hi, lo, op, end):
    rh = BAND_ORDER.index(band(assess(hi, level=True), DFA, end))
    rl = BAND_ORDER.index(band(assess(lo, level=True), DFA, end))
    # an acquisition finding outranks material influence by band; below that, bands may tie
    if hi.endswith("microsoft-inflection-2024.yaml"):
        assert rh > rl
    else:
        assert rh >= rl


def test_dfa_inflection_above_the_microsoft_openai_snapshots_the_cma_reviewed(assess):
    """The CMA found Inflection a merger and no change of control at OpenAI in 2025 — on the best
    and most-likely estimates (issue 12). 2019 and 2023 (exclusive cloud, an LLC profit share)
    were never found to fall short of control, so they are not compared."""
    infl = assess("comparators/microsoft-inflection-2024.yaml")
    for name in ("microsoft-openai-2025-01.yaml", "microsoft-openai-2025.yaml"):
        a = assess(name)
        assert best(infl, DFA) > best(a, DFA), name
        assert likely(infl, DFA) > likely(a, DFA), name


def test_dfa_regulator_findings_read_into_2019(assess):
    """Microsoft acknowledged material influence since 2019 (CMA) and the Bundeskartellamt found
    material competitive influence from 2019: both count although the LLC stake is unpublished."""
    r = result(assess("microsoft-openai-2019.yaml"), DFA)
    f = {x.criterion.id: x for x in r.findings}
    assert f["dfa-uk-material-influence-stake"].status == "triggered"
    assert f["dfa-de-concentration-element"].points >= 10
    assert band(assess("microsoft-openai-2019.yaml"), DFA) == "moderate"


def test_dfa_german_plus_factors_count_for_unpublished_non_voting_stake(assess, rubric_set):
    """Google's Anthropic stake is non-voting and unpublished; its consultation rights still count."""
    from msgspec.structs import replace

    from riskkit.engine.scoring import score

    a = assess("comparators/google-anthropic-2024.yaml")
    # the comparator names US and UK only (its sources are the CMA's): Germany's criteria are not in play
    f = {x.criterion.id: x for x in result(a, DFA).findings}
    assert f["dfa-de-concentration-element"].status == "not_in_play"
    assert f["dfa-de-concentration-element"].reason == "outside the deal's jurisdictions (DE-BKartA)"
    # had it touched Germany, the consultation rights would count as a plus factor
    with_de = score(replace(a.deal, jurisdictions=(*a.deal.jurisdictions, "DE")), rubric_set)
    f = {x.criterion.id: x for x in result(with_de, DFA).findings}
    assert f["dfa-de-concentration-element"].points == 8


def test_charitable_dec_2024_above_oct_2025_band(assess):
    dec24 = assess("openai-restructuring-2024-12.yaml")
    oct25 = assess("microsoft-openai-2025.yaml")
    for end in ("best", "worst"):
        assert BAND_ORDER.index(band(dec24, "charitable-assets", end)) >= BAND_ORDER.index(
            band(oct25, "charitable-assets", end)
        )

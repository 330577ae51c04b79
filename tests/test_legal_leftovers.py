"""The legal-substance leftovers of issue 13 after the counsel review (docs/reviews/
2026-12-counsel-review-of-score-output.md items 12, 15, 17, 19 and the HSR and call-in gaps):
per-jurisdiction horizontal screens, a like-for-like spend ratio, requests that cannot change
a result dropped everywhere, plain words in every human-facing text, the HSR present-vote
question, and the Danish and Irish call-in regimes."""

from __future__ import annotations

import json
import re

from msgspec.structs import replace

from riskkit.engine.scoring import score
from riskkit.load.deal import load_deal
from riskkit.model.inputs import Fact, Interval

from .conftest import EXAMPLES

OCT_2025 = EXAMPLES / "microsoft-openai-2025.yaml"
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
OPERATORS = re.compile(r"≥|≤|!=|==| in \[| [<>] ?\d")
NOISE = {"acquiring_person_size", "acquired_person_size", "licence_plus_hiring"}


def _with(deal, **values):
    """The deal with some facts set (confirmed, cited to the deal's first source) or removed (None)."""
    facts = dict(deal.facts)
    src = (next(iter(deal.sources)),)
    for fid, value in values.items():
        if value is None:
            facts.pop(fid, None)
            continue
        currency = None
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], str):
            value, currency = value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = Interval(float(value), float(value))
        facts[fid] = Fact(id=fid, value=value, currency=currency, sources=src, confidence="confirmed")
    return replace(deal, facts=facts, canonical={**deal.canonical, "facts": sorted(facts)})


def _finding(assessment, cid):
    return next(f for rr in assessment.results for f in rr.findings if f.id == cid)


def _gap_facts(assessment) -> set:
    return {g.fact for rr in assessment.results for g in rr.gaps}


# ------------------------------------------------------------------ 1. shares by jurisdiction
def test_horizontal_screens_read_their_own_markets_shares(rubric_set, oct_2025):
    for cid, tag in (("cc-us-structural-presumption", "us"), ("cc-eu-hmg-screen", "eu")):
        read = {c.fact for c in _finding(oct_2025, cid).checks}
        assert read and all("_uk" not in fid for fid in read), (cid, read)
        assert f"target_cloud_share_{tag}_pct" in read
    # A target that sells cloud, with only the UK share known: the screens stay unknown and ask
    # for the US and EEA figures (never the UK list in their place).
    base = load_deal(OCT_2025, rubric_set.catalogue)
    deal = _with(base, target_cloud_share_us_pct=5, target_cloud_share_eu_pct=5)
    a = score(deal, rubric_set)
    us, eu = _finding(a, "cc-us-structural-presumption"), _finding(a, "cc-eu-hmg-screen")
    assert us.status == eu.status == "unknown"
    assert {"investor_cloud_share_us_pct", "cloud_market_shares_us_pct"} <= set(us.missing)
    assert {"investor_cloud_share_eu_pct", "cloud_market_shares_eu_pct"} <= set(eu.missing)
    gaps = {g.fact: g.question for rr in a.results for g in rr.gaps}
    assert "United States" in gaps["cloud_market_shares_us_pct"] and "EEA" in gaps["cloud_market_shares_eu_pct"]
    # With the US market given, the US screen decides on US figures: 35 + 5 in [35, 5, 30, 10, 20].
    deal = _with(deal, investor_cloud_share_us_pct=35, cloud_market_shares_us_pct=(35.0, 5.0, 30.0, 10.0, 20.0))
    us = _finding(score(deal, rubric_set), "cc-us-structural-presumption")
    assert (us.status, us.points) == ("triggered", 10)  # HHI 2,650 + ΔHHI 350, combined 40%


# ------------------------------------------------------------------ 2. like-for-like spend ratio
def test_spend_ratio_compares_like_with_like(rubric_set, oct_2025):
    f = _finding(oct_2025, "cc-spend-vs-investment")
    # Oct 2025: no new Microsoft money, so the $250bn is not set against 2019–23's $10–13.8bn.
    assert f.status == "not_triggered"
    assert "compute_spend_to_investment_ratio" not in {u.id for u in f.facts}
    doc = json.loads(json.dumps(oct_2025.to_dict()))
    why = next(x for r in doc["results"] for x in r["findings"] if x["id"] == "cc-spend-vs-investment")["why"]
    assert "new money" in why and "this transaction" in why
    # With new money in the same transaction the ratio is that transaction's: 250,000 / 10,000 = 25.
    base = load_deal(OCT_2025, rubric_set.catalogue)
    deal = _with(base, transaction_brings_new_investment=True, investment_in_transaction=(10000, "USD"))
    f = _finding(score(deal, rubric_set), "cc-spend-vs-investment")
    assert (f.status, f.points) == ("triggered", 8)
    ratio = next(u for u in f.facts if u.id == "compute_spend_to_investment_ratio")
    assert ratio.value == 25.0 and ratio.derived_from == ("cloud_spend_commitment", "investment_in_transaction")
    assert "this transaction" in f.level.lower()
    from riskkit.model.words import key_value

    assert key_value(f, rubric_set.catalogue).endswith(": 25×")  # a ratio with its scale, no decimals


# ------------------------------------------------------------------ 3. requests that cannot change a result
def test_requests_that_cannot_change_a_result_are_dropped_everywhere(oct_2025, tmp_path):
    from openpyxl import load_workbook

    from riskkit.render import render
    from riskkit.render.memo_rank import information_requests

    json_gaps = {g["fact"] for r in json.loads(json.dumps(oct_2025.to_dict()))["results"] for g in r["gaps"]}
    memo = [r["fact"] for r in information_requests(oct_2025)]
    out = tmp_path / "review.xlsx"
    out.write_bytes(render(oct_2025, "xlsx"))
    ws = load_workbook(out)["Gaps"]
    header = [c.value for c in ws[1]]
    book = {row[header.index("Fact")] for row in ws.iter_rows(min_row=2, values_only=True) if row[0]}
    for listed in (json_gaps, set(memo[:10]), set(memo), book):
        assert not NOISE & listed
    # one list, the same everywhere; the workbook adds the filing screen's own questions (was it filed, …)
    screen = {q.rsplit("(", 1)[-1].rstrip(")") for s in oct_2025.screen for q in s.questions}
    assert json_gaps == set(memo) == book - (screen - json_gaps)
    # The requests that can move a result stay.
    assert {"hsr_shares_vote_for_directors", "charitable_interest_fair_value"} <= json_gaps


def test_size_of_person_matters_only_below_the_cap(rubric_set):
    base = load_deal(OCT_2025, rubric_set.catalogue)
    below = _with(base, hsr_acquisition_value=(300, "USD"), hsr_shares_vote_for_directors=True)
    assert {"acquiring_person_size", "acquired_person_size"} <= _gap_facts(score(below, rubric_set))
    above = _with(base, hsr_shares_vote_for_directors=True)
    assert not {"acquiring_person_size", "acquired_person_size"} & _gap_facts(score(above, rubric_set))


def test_relevance_keeps_a_fact_that_decides_only_with_another(rubric_set, oct_2025):
    # The Data Act notice period decides 0 or 3 points only once the EU nexus is known: kept.
    assert "cloud_switching_notice_months" in _gap_facts(oct_2025)


# ------------------------------------------------------------------ 4. plain words everywhere
def _texts(doc):
    if isinstance(doc, dict):
        for key, value in doc.items():
            if key == "checks":
                continue  # the exact notation kept for tools
            if isinstance(value, str) and key in ("why", "reason"):
                yield value
            else:
                yield from _texts(value)
    elif isinstance(doc, list):
        for item in doc:
            yield from _texts(item)


def test_why_and_reason_texts_table_and_markdown_have_no_ids_or_operators(oct_2025):
    from riskkit.render.markdown import markdown_lines
    from riskkit.render.text import table_lines

    doc = json.loads(json.dumps(oct_2025.to_dict()))
    texts = list(_texts(doc))
    assert len(texts) > 50
    table = "\n".join(table_lines(oct_2025, verbose=True))
    markdown = "\n".join(markdown_lines(oct_2025)).replace("\\_", "_").replace("\\[", "[").replace("\\>", ">")
    for name, text in [*(("json", t) for t in texts), ("table", table), ("markdown", markdown)]:
        ids = [m for m in SNAKE.findall(text) if m in oct_2025.catalogue.facts or "_" in m]
        assert not ids, (name, ids[:5], text[:200])
        assert not OPERATORS.search(text), (name, OPERATORS.search(text).group(0), text[:200])
    assert "voting securities" in json.dumps(doc) and "The facts show that" in table


# ------------------------------------------------------------------ 5. HSR present vote for directors
def test_hsr_turns_on_a_present_vote_for_directors(rubric_set, oct_2025):
    us = next(r for r in oct_2025.screen if r.regime.id == "US-FTC/DOJ")
    assert us.verdict == "unknown"
    assert any("hsr_shares_vote_for_directors" in q and "801.1(f)" in q for q in us.questions)
    assert "presently entitle" in us.reason
    spec = rubric_set.catalogue.facts["hsr_shares_vote_for_directors"]
    assert "801.1(f)" in spec.question
    crit = next(c for r in rubric_set.rubrics for c in r.criteria if c.id == "fil-us-hsr-above-cap")
    assert any("801.1(f)" in ref.title and ref.url for ref in crit.references)
    base = load_deal(OCT_2025, rubric_set.catalogue)
    rows = {}
    for votes in (True, False):
        a = score(_with(base, hsr_shares_vote_for_directors=votes), rubric_set)
        rows[votes] = next(r for r in a.screen if r.regime.id == "US-FTC/DOJ")
    assert rows[True].verdict == "likely notifiable"
    # Shares without a present vote are no voting securities: not notifiable — but on our own
    # estimates (what is acquired, passivity), so the screen says it turns on them.
    assert rows[False].verdict == "unknown" and rows[False].reason.startswith("turns on our own estimate")
    assert "(on it: not notifiable)" in rows[False].reason and "voting securities" in rows[False].reason
    assert "voting_securities" not in rows[False].reason


# ------------------------------------------------------------------ 6. Denmark and Ireland
def test_danish_and_irish_call_in_regimes_are_cited_and_ask(rubric_set):
    rubric = next(r for r in rubric_set.rubrics if r.id == "filing-thresholds")
    dk, ie = rubric.regimes["DK-KFST"], rubric.regimes["IE-CCPC"]
    assert any("§ 12 b, stk. 1" in ref.pinpoint and "§ 12, stk. 6" in ref.pinpoint for ref in dk.references)
    assert dk.unverified and "DKK 50 million" in dk.unverified
    ie_ref = next(ref for ref in ie.references if ref.kind == "statute_or_regulation")
    assert "18A" in ie_ref.title and "60 working days" in ie_ref.pinpoint and "irishstatutebook.ie" in ie_ref.url
    assert "60 working days" in ie.window
    for fid, word in (("dk_call_in_conditions_met", "Denmark"), ("ie_call_in_conditions_met", "Ireland")):
        q = rubric_set.catalogue.facts[fid].question
        assert word in q and "counsel to confirm" not in q.lower()  # an open question, not a deferral
    # A deal in Denmark and Ireland with a change of control: the screen asks, it does not decide.
    base = load_deal(OCT_2025, rubric_set.catalogue)
    deal = replace(_with(base, eu_lasting_change_of_control=True), jurisdictions=("EU", "DK", "IE"))
    rows = {r.regime.id: r for r in score(deal, rubric_set).screen}
    for tag, fid in (("DK-KFST", "dk_call_in_conditions_met"), ("IE-CCPC", "ie_call_in_conditions_met")):
        assert rows[tag].verdict == "unknown"
        assert any(fid in q for q in rows[tag].questions)

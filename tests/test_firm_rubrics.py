"""A firm's own rubric folder: no facts.yaml of its own, our catalogue plus its facts.d/."""

import json

import pytest

FACT = """catalogue: 1
facts:
  - id: firm_board_approval
    type: bool
    group: firm
    description: Whether our investment committee approved the deal.
    question: Did the firm's investment committee approve the deal?
"""

RUBRIC = """rubric: 1
id: firm-policy
title: Firm policy on AI minority stakes
version: 0.1.0
effective: 2026-01-01
jurisdictions: [US-FTC/DOJ]
summary: Our own policy.
bands: [{band: low, min: 0}, {band: high, min: 50}]
criteria:
  - id: firm-stake-over-20
    title: Stake above 20% without committee approval
    jurisdictions: [US-FTC/DOJ]
    when:
      all:
        - {fact: investor_voting_stake_pct, op: gt, value: 20}
        - {fact: firm_board_approval, op: is_false}
    points: 10
    rationale: Policy.
    mitigation: Get approval.
    references: [{title: Firm policy manual, issuer: Legal}]
"""

CASES = """rubric: firm-policy
cases:
  - name: big stake unapproved
    as_of: 2026-02-01
    facts: {investor_voting_stake_pct: 27, firm_board_approval: false}
    expect: {firm-stake-over-20: triggered}
  - name: approved
    as_of: 2026-02-01
    facts: {investor_voting_stake_pct: 27, firm_board_approval: true}
    expect: {firm-stake-over-20: not_triggered}
"""


@pytest.fixture
def firm(tmp_path):
    folder = tmp_path / "firm"
    (folder / "facts.d").mkdir(parents=True)
    (folder / "cases").mkdir()
    (folder / "facts.d" / "50-firm.yaml").write_text(FACT)
    (folder / "firm-policy.yaml").write_text(RUBRIC)
    (folder / "cases" / "firm-policy.yaml").write_text(CASES)
    return folder


def test_firm_folder_validates_and_reads_both_catalogues(cli, firm):
    r = cli("validate", firm)
    assert r.code == 0, r
    r = cli("facts", "--rubrics", firm, "--format", "json")
    ids = {f["id"] for f in json.loads(r.out)}
    assert {"firm_board_approval", "investor_voting_stake_pct", "cloud_exclusivity"} <= ids


def test_firm_deal_scores_with_firm_rubrics(cli, firm, tmp_path):
    deal = tmp_path / "deal.yaml"
    deal.write_text(
        "deal: {id: d, title: D, as_of: 2026-03-01, stage: signed, parties: [{name: A, role: investor}],"
        " jurisdictions: [US]}\nfacts: {investor_voting_stake_pct: 27, firm_board_approval: false}\n"
    )
    r = cli("score", deal, "--rubrics", firm, "--format", "json", "--fail-on", "high")
    assert r.code == 1
    data = json.loads(r.out)
    assert [x["id"] for x in data["results"]] == ["firm-policy"]
    assert data["results"][0]["score"] == 100.0
    # The bundled rubrics know nothing of the firm's fact.
    r = cli("score", deal)
    assert r.code == 2 and "unknown fact 'firm_board_approval'" in r.err


def test_firm_intake_offers_the_firm_facts(cli, firm, tmp_path):
    import openpyxl

    out = tmp_path / "facts.xlsx"
    r = cli("intake", "--rubrics", firm, "-o", out)
    assert r.code == 0, r
    ws = openpyxl.load_workbook(out)["Facts"]
    fact_ids = {row[1] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert {"firm_board_approval", "investor_voting_stake_pct"} <= fact_ids


def test_firm_workbook_reviews_twice_with_the_firm_rubrics(cli, firm, tmp_path):
    deal = tmp_path / "deal.yaml"
    deal.write_text(
        "deal: {id: d, title: D, as_of: 2026-03-01, stage: signed, parties: [{name: A, role: investor}],"
        " jurisdictions: [US]}\nfacts: {investor_voting_stake_pct: 27, firm_board_approval: false}\n"
    )
    first, second = tmp_path / "w.xlsx", tmp_path / "reviewed.xlsx"
    assert cli("workbook", deal, "--rubrics", firm, "-o", first).code == 0
    r = cli("review", first, "-o", second)
    assert r.code == 0, r
    # The reviewed workbook still names the firm folder, so it can be reviewed again.
    r = cli("review", second, "-o", tmp_path / "again.json")
    assert r.code == 0, r
    assert "firm-policy" in (tmp_path / "again.json").read_text()

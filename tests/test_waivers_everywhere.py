"""--waivers on memo, workbook, review and portfolio: the same waivers as `score --waivers`, shown."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl

from riskkit.engine.run import run
from riskkit.load.deal import load_deal
from riskkit.load.rubric import load_rubrics
from riskkit.load.waivers import load_waivers

from .conftest import FIXTURES, MINI, MINI_DEAL

WAIVERS = FIXTURES / "ci" / "waivers.yaml"  # mini-observer-or-cloud until 2026-06-30, mini-size until 2025-12-31
TODAY = "2025-11-15"  # both apply


def waived_run():
    rs = load_rubrics(MINI)
    deal = load_deal(MINI_DEAL, rs.catalogue)
    return run(deal, rs, load_waivers(WAIVERS, rs.catalogue), today=dt.date(2025, 11, 15))


def test_memo_lists_waived_findings_with_justification_approver_and_expiry(cli, tmp_path):
    out = tmp_path / "memo.html"
    r = cli("memo", MINI_DEAL, "--rubrics", MINI, "--no-paths", "--no-uncertainty", "-o", out,
            "--waivers", WAIVERS, "--today", TODAY)  # fmt: skip
    assert r.code == 0, r
    html = out.read_text(encoding="utf-8")
    table = html[html.index("<h3>Waived findings</h3>") : html.index("</table>", html.index("Waived findings"))]
    assert table.count("<tr>") == 3  # header + the two waivers
    for text in ("Jane Doe (General Counsel)", "2026-06-30", "competitively sensitive information",
                 "John Roe (Antitrust counsel)", "2025-12-31", "early-termination notice"):  # fmt: skip
        assert text in table, text
    assert "waived mini-size until 2025-12-31" in r.err
    plain = tmp_path / "plain.html"
    assert cli("memo", MINI_DEAL, "--rubrics", MINI, "--no-paths", "--no-uncertainty", "-o", plain).code == 0
    assert "<h3>Waived findings</h3>" not in plain.read_text(encoding="utf-8")


def test_memo_after_expiry_has_only_the_live_waiver(cli, tmp_path):
    out = tmp_path / "memo.html"
    r = cli("memo", MINI_DEAL, "--rubrics", MINI, "--no-paths", "--no-uncertainty", "-o", out,
            "--waivers", WAIVERS, "--today", "2026-01-02")  # fmt: skip
    assert r.code == 0, r
    html = out.read_text(encoding="utf-8")
    table = html[html.index("<h3>Waived findings</h3>") : html.index("</table>", html.index("Waived findings"))]
    assert "Jane Doe" in table and "John Roe" not in table
    assert "expired on 2025-12-31" in r.err


def test_workbook_marks_waived_findings_and_says_why(cli, tmp_path):
    out = tmp_path / "r.xlsx"
    r = cli("workbook", MINI_DEAL, "--rubrics", MINI, "-o", out, "--waivers", WAIVERS, "--today", TODAY)
    assert r.code == 0, r
    ws = openpyxl.load_workbook(out)["Findings"]
    col = {c.value: c.column - 1 for c in ws[1]}
    rows = {row[col["Criterion id"]]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    status, why = col["Status"], col["Why (in plain words)"]
    assert rows["mini-size"][status] == "waived" and rows["mini-observer-or-cloud"][status] == "waived"
    assert "Waived by John Roe (Antitrust counsel) until 2025-12-31: HSR filing made" in rows["mini-size"][why]
    assert rows["mini-stake"][status] != "waived"


def test_review_rescores_with_the_waivers(cli, tmp_path):
    book = tmp_path / "r.xlsx"
    assert cli("workbook", MINI_DEAL, "--rubrics", MINI, "-o", book).code == 0
    out = tmp_path / "reviewed.json"
    r = cli("review", book, "--rubrics", MINI, "-o", out, "--waivers", WAIVERS, "--today", TODAY, "--facts", MINI_DEAL)
    assert r.code == 0, r
    data = json.loads(out.read_text(encoding="utf-8"))
    waived = {f["id"]: f["waiver"]["approved_by"] for rr in data["results"] for f in rr["findings"] if f["waived"]}
    assert waived == {
        "mini-size": "John Roe (Antitrust counsel)",
        "mini-observer-or-cloud": "Jane Doe (General Counsel)",
    }
    assert data["summary"] == waived_run().assessment.to_dict()["summary"]


def test_portfolio_scores_waived_deals_as_score_does(cli):
    plain = json.loads(cli("portfolio", MINI_DEAL, "--rubrics", MINI, "--format", "json").out)
    r = cli("portfolio", MINI_DEAL, "--rubrics", MINI, "--format", "json", "--waivers", WAIVERS, "--today", TODAY)
    assert r.code == 0, r
    waived = json.loads(r.out)
    expected = {rr.id: rr for rr in waived_run().assessment.results}
    assert waived != plain
    for got in waived["deals"][0]["rubrics"]:
        rr = expected[got["id"]]
        assert (got["score"], got["score_worst"], got["band"], got["band_worst"]) == (
            rr.range.score, rr.range.score_worst, rr.range.band, rr.range.band_worst)  # fmt: skip
        assert got["triggered"] == rr.counts()["triggered"]

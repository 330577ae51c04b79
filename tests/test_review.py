"""`riskkit review`: reviewer cells edited programmatically, read back, validated and shown beside the result."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import zipfile

import openpyxl
import pytest
from openpyxl.utils import get_column_letter  # noqa: E402

from riskkit.errors import InputError
from riskkit.load.review_layout import FINDINGS_COL, GAPS_COL  # noqa: E402

from .conftest import EXAMPLES, MINI, MINI_DEAL

COLS = {h: get_column_letter(FINDINGS_COL[h]) for h in ("Decision", "Adjusted points", "Comment", "Reviewer", "Date")}
CID = FINDINGS_COL["Criterion id"]  # the ids the read-back needs sit at the end


@pytest.fixture(scope="session")
def _made_once(tmp_path_factory):
    """The review workbook for a copy of the mini deal, made once from inside its folder (relative facts path)."""
    from riskkit.cli import main

    folder = tmp_path_factory.mktemp("review-made")
    shutil.copy(MINI_DEAL, folder / "deal.yaml")
    shutil.copytree(MINI, folder / "rubrics")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        try:
            main(["workbook", "deal.yaml", "--rubrics", "rubrics", "-o", "review.xlsx"])
            code = 0
        except SystemExit as exc:
            code = exc.code
    assert code in (0, None), code
    return folder


@pytest.fixture
def made(_made_once, tmp_path, monkeypatch):
    """A fresh review workbook for a copy of the mini deal (a byte copy of the one made once), the test
    running from inside tmp_path as the workbook was made."""
    shutil.copytree(_made_once, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "review.xlsx"


def fill(path, edits: dict, sheet: str = "Findings") -> None:
    """edits: {criterion id: {column header: value}}; saved like a reviewer saving in Excel."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    rows = {ws.cell(r, CID).value: r for r in range(2, ws.max_row + 1)}
    for cid, cells in edits.items():
        for header, value in cells.items():
            ws[f"{COLS[header]}{rows[cid]}"] = value
    wb.save(path)


def row_of(path, cid: str) -> int:
    ws = openpyxl.load_workbook(path)["Findings"]
    return {ws.cell(r, CID).value: r for r in range(2, ws.max_row + 1)}[cid]


DECISIONS = {
    "mini-observer-or-cloud": {"Decision": "agree", "Reviewer": "A. Counsel", "Date": dt.date(2025, 11, 3)},
    "mini-size": {
        "Decision": "waive",
        "Comment": "Below the threshold once the fx rate is corrected.",
        "Reviewer": "A. Counsel",
    },  # fmt: skip
    "mini-stake": {
        "Decision": "disagree",
        "Adjusted points": 20,
        "Comment": "Stake is 27% per the SPA.",
        "Date": "2025-11-04",
    },  # fmt: skip
    "mini-spend": {"Decision": "needs info", "Comment": "Ask for the cloud agreement."},
}


def test_review_json_records_adjustments_beside_the_automatic_result(cli, made, tmp_path):
    fill(made, DECISIONS)
    out = tmp_path / "reviewed.json"
    r = cli("review", made, "-o", out)
    assert r.code == 0, r
    data = json.loads(out.read_text())
    plain = json.loads(cli("score", "deal.yaml", "--rubrics", "rubrics", "--format", "json", cwd=tmp_path).out)
    assert data["results"] == plain["results"]  # the automatic result is untouched
    review = data["review"]
    assert review["fingerprint"]["matches"] and not review["fingerprint"]["forced"]
    assert review["counts"] == {"agree": 1, "disagree": 1, "needs info": 1, "waive": 1, "comment": 0}
    by_id = {a["criterion"]: a for a in review["adjustments"]}
    assert by_id["mini-size"]["reviewed"] == {"points": 0, "points_worst": 0}
    assert by_id["mini-size"]["automatic"]["points"] == 20
    assert by_id["mini-stake"]["reviewed"] == {"points": 20, "points_worst": 20}
    assert by_id["mini-stake"]["automatic"] == {"status": "unknown", "points": 0, "points_worst": 20}
    assert by_id["mini-stake"]["cell"] == f"Findings!D{row_of(made, 'mini-stake')}"
    assert by_id["mini-observer-or-cloud"]["date"] == "2025-11-03"
    assert by_id["mini-observer-or-cloud"]["reviewer"] == "A. Counsel"
    (result,) = review["results"]
    assert result["automatic"]["score"] == 40 and result["automatic"]["score_worst"] == 80
    # observer 20 + stake 20 + size waived 0 + spend unknown 0..10 + vetoes unknown 0..10 = 40..60 points of 100;
    # the stake criterion is now triggered, so its floor (high, from 50) lifts the best case to 50
    assert (result["reviewed"]["points"], result["reviewed"]["points_worst"]) == (40, 60)
    assert (result["reviewed"]["score"], result["reviewed"]["score_worst"]) == (50, 60)
    assert result["reviewed"]["band"] == "high"
    assert result["changed"]


def test_review_memo_html_has_a_reviewer_adjustments_section(cli, made, tmp_path):
    fill(made, DECISIONS)
    out = tmp_path / "reviewed.html"
    r = cli("review", made, "-o", out)
    assert r.code == 0, r
    html = out.read_text()
    assert "Reviewer adjustments" in html
    assert "Below the threshold once the fx rate is corrected." in html
    assert "Stake is 27% per the SPA." in html and "needs info" in html
    section = html[html.index("Reviewer adjustments") :]
    assert re.search(r"40–80", html) and "50–60" in section


def test_review_xlsx_output_keeps_decisions_and_adds_reviewed_scores(cli, made, tmp_path):
    fill(made, DECISIONS)
    out = tmp_path / "refreshed.xlsx"
    r = cli("review", made, "-o", out)
    assert r.code == 0, r
    wb = openpyxl.load_workbook(out)
    ws = wb["Findings"]
    row = {ws.cell(r, CID).value: r for r in range(2, ws.max_row + 1)}["mini-size"]
    assert ws[f"{COLS['Decision']}{row}"].value == "waive"
    assert ws[f"{COLS['Comment']}{row}"].value.startswith("Below the threshold")
    summary = [c.value for r in wb["Summary"].iter_rows() for c in r]
    assert "Reviewed score" in summary and "50–60" in summary
    again = tmp_path / "again.json"
    assert cli("review", out, "-o", again).code == 0  # the refreshed workbook reviews the same way
    assert json.loads(again.read_text())["review"]["counts"]["waive"] == 1


def test_review_without_output_prints_a_summary(cli, made):
    fill(made, {"mini-size": {"Decision": "waive", "Comment": "ok"}})
    r = cli("review", made)
    assert r.code == 0, r
    assert (
        "mini: automatic 70 (40–80) high — likely (moderate–severe) → reviewed 50 (20–60) high — likely (moderate–high) (band moved; 1 decision(s))"
        in r.out
    )


@pytest.mark.parametrize(
    "edits, cell, words",
    [
        ({"mini-size": {"Decision": "agre"}}, ("mini-size", COLS["Decision"]), "unknown decision 'agre'"),
        (
            {"mini-size": {"Decision": "disagree", "Adjusted points": 25}},
            ("mini-size", COLS["Adjusted points"]),
            "out of range",
        ),
        (
            {"mini-size": {"Decision": "disagree", "Adjusted points": -1}},
            ("mini-size", COLS["Adjusted points"]),
            "out of range",
        ),
        (
            {"mini-size": {"Decision": "disagree", "Adjusted points": "lots"}},
            ("mini-size", COLS["Adjusted points"]),
            "must be a number",
        ),
        ({"mini-size": {"Decision": "waive"}}, ("mini-size", COLS["Comment"]), "waive needs a Comment"),
        (
            {"mini-size": {"Decision": "waive", "Comment": "   "}},
            ("mini-size", COLS["Comment"]),
            "waive needs a Comment",
        ),
        (
            {"mini-size": {"Decision": "disagree", "Adjusted points": "=5*5"}},
            ("mini-size", COLS["Adjusted points"]),
            "formula",
        ),
        ({"mini-size": {"Decision": '="agree"'}}, ("mini-size", COLS["Decision"]), "no calculated value"),
        ({"mini-size": {"Adjusted points": 5}}, ("mini-size", COLS["Decision"]), "need a Decision"),
        (
            {"mini-size": {"Decision": "agree", "Adjusted points": 5}},
            ("mini-size", COLS["Adjusted points"]),
            "choose 'disagree'",
        ),
        ({"mini-size": {"Decision": "disagree"}}, ("mini-size", COLS["Adjusted points"]), "needs Adjusted points"),
        ({"mini-size": {"Decision": "agree", "Date": "yesterday"}}, ("mini-size", COLS["Date"]), "expected a date"),
    ],
)
def test_bad_reviewer_cells_name_the_cell_and_exit_2(cli, made, edits, cell, words):
    fill(made, edits)
    r = cli("review", made)
    assert r.code == 2, r
    ref = f"Findings!{cell[1]}{row_of(made, cell[0])}"
    assert ref in r.err and words in r.err, r.err
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1


def test_formula_with_a_cached_value_is_accepted(cli, made):
    fill(made, {"mini-size": {"Decision": "disagree", "Adjusted points": "=5*2"}})
    row = row_of(made, "mini-size")
    # Excel stores the last calculated value beside the formula; openpyxl never does, so add it.
    with zipfile.ZipFile(made) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = next(n for n in parts if n.startswith("xl/worksheets/") and b"<f>5*2</f>" in parts[n])
    parts[name] = re.sub(rb"<f>5\*2</f><v\s*/?>(</v>)?", b"<f>5*2</f><v>10</v>", parts[name])
    assert b"<v>10</v>" in parts[name], row
    with zipfile.ZipFile(made, "w") as z:
        for n, body in parts.items():
            z.writestr(n, body)
    r = cli("review", made)
    assert r.code == 0, r
    assert "reviewed 60 (30–70)" in r.out  # observer 20 + size 10 (the formula's value) + 0..40 still unknown


def test_fingerprint_mismatch_refuses_unless_forced(cli, made, tmp_path):
    fill(made, {"mini-size": {"Decision": "waive", "Comment": "fine"}})
    deal = tmp_path / "deal.yaml"
    deal.write_text(deal.read_text().replace("value: true", "value: false"))
    r = cli("review", made)
    assert r.code == 2 and "changed since this workbook was made" in r.err and "--force" in r.err, r
    out = tmp_path / "forced.json"
    r = cli("review", made, "--force", "-o", out)
    assert r.code == 0, r
    assert "warning" in r.err
    fp = json.loads(out.read_text())["review"]["fingerprint"]
    assert fp["forced"] and not fp["matches"] and fp["workbook"] != fp["current"]


def test_review_finds_the_facts_beside_the_workbook_or_with_facts(cli, made, tmp_path):
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    r = cli("review", made, cwd=elsewhere)  # relative paths resolve against the workbook's folder too
    assert r.code == 0, r
    (tmp_path / "deal.yaml").rename(tmp_path / "moved.yaml")
    r = cli("review", made, cwd=elsewhere)
    assert r.code == 2 and "About!B" in r.err and "--facts" in r.err, r
    r = cli("review", made, "--facts", tmp_path / "moved.yaml", cwd=elsewhere)
    assert r.code == 0, r


def test_unknown_output_suffix(cli, made):
    r = cli("review", made, "-o", "out.docx")
    assert r.code == 2 and "cannot tell the output format" in r.err and ".xlsx" in r.err


# -- malformed and hostile workbooks ---------------------------------------------------------


def edit_sheet(path, fn, sheet="Findings"):
    wb = openpyxl.load_workbook(path)
    fn(wb[sheet] if sheet else wb)
    wb.save(path)


@pytest.mark.parametrize(
    "mutate, words",
    [
        (lambda p: p.write_bytes(b"just text, not a workbook"), "not a zip archive"),
        (lambda p: _zip(p, {"hello.txt": b"hi"}), "not an Excel workbook"),
        (lambda p: _zip(p, {"xl/workbook.xml": b"<broken", "[Content_Types].xml": b"<nope"}), "cannot read"),
        (lambda p: edit_sheet(p, lambda wb: wb.remove(wb["Findings"]), sheet=None), "missing sheet 'Findings'"),
        (
            lambda p: edit_sheet(p, lambda wb: setattr(wb["Findings"], "title", "Finding"), sheet=None),
            "'Finding' renamed?",
        ),  # fmt: skip
        (
            lambda p: edit_sheet(p, lambda ws: ws.__setitem__("D1", "Verdict")),
            "Findings!D1: expected header 'Decision'",
        ),
        (lambda p: edit_sheet(p, lambda ws: ws.merge_cells("O2:P2")), "Findings!O2:P2: merged cells"),
        (lambda p: edit_sheet(p, lambda ws: ws.__setitem__("V3", "stray")), "Findings!V3: unexpected content"),
        (lambda p: edit_sheet(p, lambda ws: ws.__setitem__("D40", "agree")), "Findings!T40: a row with no rubric"),
        (lambda p: edit_sheet(p, lambda ws: ws.__setitem__("U3", ws["U2"].value)), "appears twice"),
        (
            lambda p: edit_sheet(p, lambda ws: ws.__setitem__("U3", "mini-nope")),
            "Findings!U3: no criterion 'mini-nope'",
        ),
        (lambda p: edit_sheet(p, lambda ws: ws.delete_rows(2), sheet="About"), "About sheet has no"),
    ],
)
def test_malformed_workbooks_exit_2_with_one_line(cli, made, mutate, words):
    mutate(made)
    r = cli("review", made)
    assert r.code == 2, r
    assert words in r.err, r.err
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1


def _zip(path, members: dict) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, body in members.items():
            z.writestr(name, body)
    path.write_bytes(buf.getvalue())


def test_forced_review_skips_rows_for_criteria_that_no_longer_exist(cli, made, tmp_path):
    fill(made, {"mini-vetoes": {"Decision": "agree"}})
    rubric = tmp_path / "rubrics" / "mini.yaml"
    text = rubric.read_text()
    rubric.write_text(text[: text.index("  - id: mini-vetoes")])
    assert cli("review", made).code == 2
    out = tmp_path / "f.json"
    r = cli("review", made, "--force", "-o", out)
    assert r.code == 0, r
    assert json.loads(out.read_text())["review"]["skipped_rows"] == [f"Findings!T{row_of(made, 'mini-vetoes')}"]


def test_library_api(mini_set, mini_deal, tmp_path, monkeypatch):
    from riskkit.analysis.review import load_review
    from riskkit.engine.scoring import score
    from riskkit.render import render

    path = tmp_path / "r.xlsx"
    path.write_bytes(
        render(score(mini_deal, mini_set), "xlsx", {"facts_path": str(MINI_DEAL), "rubrics_dir": str(MINI)})
    )
    fill(path, {"mini-observer-or-cloud": {"Decision": "disagree", "Adjusted points": 0, "Comment": "no seat"}})
    monkeypatch.chdir(tmp_path)  # working here: the repository's files are outside this tree
    with pytest.raises(InputError, match="leads outside this file's folder"):
        load_review(str(path))  # the recorded paths lead out of tmp_path: only with the user's leave
    assessment, review = load_review(str(path), allow=[str(MINI_DEAL.parent)])
    assert assessment.results[0].range.score == 40  # automatic: unchanged
    assert review.reviewed.results[0].range.score == 20
    (adj,) = review.adjustments
    assert adj.changes_points and adj.reviewed_points == 0
    reviewed = {f.id: f for f in review.reviewed.results[0].findings}
    assert reviewed["mini-observer-or-cloud"].status == "not_triggered"
    section = review.memo_section()
    assert section["title"] == "Reviewer adjustments" and section["template"] == "partials/review.html.j2"


EXAMPLE = EXAMPLES / "microsoft-openai-2025.yaml"


def test_real_example_review(cli, tmp_path):
    made = tmp_path / "msft.xlsx"
    assert cli("workbook", EXAMPLE, "-o", made).code == 0
    ws = openpyxl.load_workbook(made)["Findings"]
    status = {ws.cell(r, CID).value: ws.cell(r, 3).value for r in range(2, ws.max_row + 1)}
    hit = next(cid for cid, s in status.items() if s == "triggered")
    fill(made, {hit: {"Decision": "waive", "Comment": "Accepted by the deal committee.", "Reviewer": "Counsel"}})
    out = tmp_path / "msft.json"
    r = cli("review", made, "-o", out, cwd=tmp_path)  # the facts file is outside the workbook's folder and
    # outside the tree riskkit runs in: refused, naming the folder to allow …
    assert r.code == 2 and f"--allow-path {EXAMPLES}" in r.err and not out.exists(), r
    r = cli("review", made, "-o", out, "--allow-path", EXAMPLES)  # … unless the user allows that folder
    assert r.code == 0, r
    review = json.loads(out.read_text())["review"]
    (adj,) = review["adjustments"]
    assert adj["criterion"] == hit and adj["reviewed"]["points"] == 0 and adj["automatic"]["points"] > 0
    fill(made, {"ca-ag-notice-short": {"Decision": "waive", "Comment": "try"}})
    r = cli("review", made, "--allow-path", EXAMPLES)
    assert r.code == 2 and "cannot be waived" in r.err, r


def test_a_far_away_cell_is_refused_quickly(cli, made):
    import time

    edit_sheet(made, lambda ws: ws.__setitem__("E900000", "agree"))
    start = time.perf_counter()
    r = cli("review", made)
    assert r.code == 2 and "Findings!E900000" in r.err and "too long" in r.err, r
    assert time.perf_counter() - start < 10


# -- answers on the Gaps sheet (information requests answered in the workbook) ------------------


def answer(path, fact: str, **cells) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Gaps"]
    row = {ws.cell(r, GAPS_COL["Fact"]).value: r for r in range(2, ws.max_row + 1)}[fact]
    for header, value in cells.items():
        ws.cell(row, GAPS_COL[header]).value = value
    wb.save(path)


def test_gaps_answers_become_facts_rescore_and_round_trip_through_facts_out(cli, made, tmp_path):
    ws = openpyxl.load_workbook(made)["Gaps"]
    headers = [c.value for c in ws[1]]
    assert {"Answer", "Source", "Owner", "Due", "Status", "Confidence"} <= set(headers)
    answer(made, "spend", Answer="EUR 2,000", Confidence="confirmed", Source="Cloud agreement §3",
           Owner="Deal team", Due=dt.date(2025, 11, 10), Status="answered")  # fmt: skip
    answer(made, "rights", Answer="budget; business_plan")
    r = cli("review", made)
    assert r.code == 0, r
    assert "2 answer(s) from Gaps added to the facts: spend (Gaps!D" in r.out, r.out
    assert "band moved" in r.out
    out = tmp_path / "answered.yaml"
    js = tmp_path / "reviewed.json"
    r = cli("review", made, "--facts-out", out, "-o", js)
    assert r.code == 0, r
    review = json.loads(js.read_text())["review"]
    spend = next(a for a in review["answers"] if a["fact"] == "spend")
    assert spend["value"] == 2000 and spend["confidence"] == "confirmed"
    (result,) = review["results"]
    # automatic 40..80: spend and vetoes unknown (0..10 each), stake 10–30% straddles (0..20);
    # answered: spend 2000 ≥ investment 150 and vetoes named, so both count 10 → 60..80
    assert result["automatic"]["points"] == 40 and result["automatic"]["band_text"] == "moderate–severe"
    assert (result["answered"]["points"], result["answered"]["points_worst"]) == (60, 80)
    assert result["answered"]["band_text"] == "high–severe"
    assert result["reviewed"] == result["answered"] and result["band_moved"]
    # the written deal file loads like any other facts file and scores as the review did
    r = cli("score", out, "--rubrics", tmp_path / "rubrics", "--format", "json")
    assert r.code == 0, r
    scored = json.loads(r.out)
    from riskkit.load.deal import load_deal
    from riskkit.load.rubric import load_rubrics

    deal = load_deal(out, load_rubrics(tmp_path / "rubrics").catalogue)
    spend_fact = deal.facts["spend"]
    assert (spend_fact.currency, spend_fact.confidence, spend_fact.sources) == (
        "EUR",
        "confirmed",
        ("reviewer-answer-1",),
    )
    assert deal.facts["rights"].value == ("budget", "business_plan")
    assert scored["results"][0]["score"] == result["reviewed"]["score"]
    text = out.read_text()
    assert "reviewer-answer-1" in text and "Deal team" in text and "Cloud agreement §3" in text
    refreshed = tmp_path / "refreshed.xlsx"
    assert cli("review", made, "-o", refreshed).code == 0
    gaps = openpyxl.load_workbook(refreshed)["Gaps"]
    assert "EUR 2,000" in [c.value for row in gaps.iter_rows() for c in row]  # answers are kept


@pytest.mark.parametrize(
    "fact, value, words",
    [
        ("spend", "lots", "expected an amount in millions"),
        ("rights", "budget; nope", "answer for 'rights'"),
        ("spend", "2000", None),  # no currency: the deal's currency (EUR) is used
    ],
)
def test_bad_answers_name_the_gaps_cell(cli, made, fact, value, words):
    answer(made, fact, Answer=value)
    r = cli("review", made)
    if words is None:
        assert r.code == 0, r
        return
    assert r.code == 2, r
    assert "Gaps!D" in r.err and words in r.err, r.err
    assert len(r.err.strip().splitlines()) == 1


def test_waive_on_a_clear_or_unknown_finding_is_refused(cli, made):
    fill(made, {"mini-stake": {"Decision": "waive", "Comment": "why not"}})
    r = cli("review", made)
    assert r.code == 2 and "nothing to waive" in r.err and f"Findings!D{row_of(made, 'mini-stake')}" in r.err, r

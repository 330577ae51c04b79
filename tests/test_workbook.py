"""The review workbook, read back with openpyxl: sheets, validation, chart, formatting, safe text, same bytes."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from riskkit.engine.scoring import score
from riskkit.load.deal import load_deal
from riskkit.load.rubric import load_rubrics
from riskkit.model.inputs import CONCERN

from .conftest import EXAMPLES, MINI, MINI_DEAL, ROOT, formula_free_texts

SHEETS = ["Summary", "Findings", "Facts", "Gaps", "Sources", "References", "About"]
HOSTILE = ['=HYPERLINK("http://evil","x")', "+1+2", "-3*4", "@SUM(A1:A2)", "\tTabbed", "\rCarriage"]


@pytest.fixture
def assessment(mini_set, mini_deal):
    from riskkit.engine.scoring import score

    return score(mini_deal, mini_set)


def xlsx_bytes(assessment, **options) -> bytes:
    from riskkit.render import render

    return render(assessment, "xlsx", options)


def load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_sheets_headers_and_one_row_per_finding(assessment):
    wb = load(xlsx_bytes(assessment))
    assert wb.sheetnames == SHEETS
    ws = wb["Findings"]
    from riskkit.render.workbook import FINDINGS_HEADERS

    assert tuple(c.value for c in ws[1]) == FINDINGS_HEADERS
    col = {h: i for i, h in enumerate(FINDINGS_HEADERS, start=1)}
    rows = {
        (ws.cell(r, col["Rubric id"]).value, ws.cell(r, col["Criterion id"]).value) for r in range(2, ws.max_row + 1)
    }
    assert rows == {("mini", f.id) for f in assessment.results[0].findings}
    stake = {ws.cell(r, col["Criterion id"]).value: r for r in range(2, ws.max_row + 1)}["mini-observer-or-cloud"]
    assert ws.cell(stake, col["Status"]).value == "triggered" and ws.cell(stake, col["Best-case points"]).value == 20
    why = ws.cell(stake, col["Why (in plain words)"]).value
    assert "observer" in why.lower() and "=" not in why  # plain words, no operators
    assert "news" in ws.cell(stake, col["Sources (deal evidence)"]).value
    ref = ws.cell(stake, col["References (law and guidance)"]).value
    assert ref.startswith("• R") and "FTC 6(b) report" in " ".join(
        str(c.value) for row in wb["References"].iter_rows() for c in row
    )
    summary = wb["Summary"]
    texts = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Mini deal" in texts[0] and "moderate" in texts and "severe" in texts and "Colours" in texts
    gaps = wb["Gaps"]
    from riskkit.load.review_layout import GAPS_COL

    assert {gaps.cell(r, GAPS_COL["Fact"]).value for r in range(2, gaps.max_row + 1)} == {"spend", "rights"}
    assert wb["Sources"].cell(2, 1).value == "fx"
    facts = wb["Facts"]
    assert {facts.cell(r, 9).value: facts.cell(r, 2).value for r in range(3, facts.max_row + 1)}[
        "stake_pct"
    ] == "10–30%"


def test_reviewer_columns_have_data_validation(assessment):
    ws = load(xlsx_bytes(assessment))["Findings"]
    last = ws.max_row
    by_type = {}
    for dv in ws.data_validations.dataValidation:
        by_type.setdefault(dv.type, []).append(dv)
    (decision,) = by_type["list"]
    assert decision.formula1 == '"agree,disagree,needs info,waive"'
    assert str(decision.sqref) == f"D2:D{last}"
    assert decision.showErrorMessage and decision.showInputMessage and decision.errorStyle == "stop"
    maxima = {str(dv.sqref): dv.formula2 for dv in by_type["decimal"]}
    covered = " ".join(maxima)
    rows = {ws.cell(r, 21).value: r for r in range(2, last + 1)}
    assert f"E{rows['mini-stake']}" in covered and maxima  # every adjusted-points cell is limited
    for ref, top in maxima.items():
        for cell in ref.split():
            assert float(top) == ws.cell(int(cell[1:]), 12).value  # the criterion's own maximum
    dates = {str(dv.sqref) for dv in by_type["date"]}
    assert dates == {f"H2:H{last}", f"O2:O{last}"}  # the decision's date and the waiver's expiry
    for dv in ws.data_validations.dataValidation:
        assert dv.showErrorMessage and dv.showInputMessage and dv.prompt and dv.error, dv.sqref


def test_formatting_frozen_filter_print_and_band_colours(assessment):
    wb = load(xlsx_bytes(assessment))
    for name in ("Findings", "Facts", "Gaps", "Sources"):
        ws = wb[name]
        header = 2 if name == "Facts" else 1
        assert ws.freeze_panes in (f"A{header + 1}", "C2", "D2"), name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{header}:"), name
        assert ws.page_setup.orientation == "landscape", name
        if name == "Findings":  # two pages across at a fixed, readable scale (a row's evidence page follows it)
            assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale >= 70, name
        else:
            assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert ws.print_title_rows == f"${header}:${header}", name
        assert ws.column_dimensions["B"].width > 10
    findings = wb["Findings"]
    assert findings.cell(2, 13).alignment.wrap_text
    rules = {str(rng.sqref): [r.formula[0] for r in rng.rules] for rng in findings.conditional_formatting}
    assert any('"triggered"' in f for f in rules.values())
    summary_rules = [r.formula[0] for rng in wb["Summary"].conditional_formatting for r in rng.rules]
    assert {'"low"', '"moderate"', '"high"', '"severe"'} <= set(summary_rules)


def test_summary_has_a_native_bar_chart_with_best_and_worst_series(assessment):
    data = xlsx_bytes(assessment)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode()
    assert re.search(r"<(c:)?barChart>", xml) and re.search(r"<(c:)?lineChart>", xml)
    assert re.search(r'grouping val="stacked"', xml)  # a floating bar from best to worst case
    assert len(re.findall(r"<(?:c:)?ser>", xml)) == 3  # invisible base, best–worst spread, most-likely marker
    # the most-likely estimate and the best case read from the table; the spread from a helper column
    assert all(f"'Summary'!${c}$" in xml for c in "BEP")
    ws = load(data)["Summary"]
    assert len(ws._charts) == 1


def test_about_records_versions_fingerprint_and_facts_path(assessment):
    ws = load(xlsx_bytes(assessment, facts_path="deal.yaml"))["About"]
    about = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, ws.max_row + 1)}
    assert about["Input fingerprint"] == assessment.fingerprint
    assert about["Facts file"] == "deal.yaml"
    assert about["riskkit version"] == assessment.riskkit_version
    assert about["Rubrics"] == "mini 1.2.0"
    assert about["Workbook format"] == "riskkit review workbook 3"
    text = " ".join(str(ws.cell(r, c).value) for r in range(1, ws.max_row + 1) for c in (1, 2))
    assert "How to use" in text and "riskkit review" in text


def test_two_writes_are_byte_identical_with_fixed_timestamps(assessment):
    first, second = xlsx_bytes(assessment), xlsx_bytes(assessment)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2025, 11, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2025-11-01T00:00:00Z" in core and core.count("2025-11-01T00:00:00Z") == 2


def test_hostile_text_is_written_as_text_never_a_formula(tmp_path, mini_set):
    from riskkit.engine.scoring import score
    from riskkit.load.deal import load_deal

    text = MINI_DEAL.read_text()
    text = text.replace("title: Mini deal", f"title: {HOSTILE[0]!r}".replace("'", "'"))
    text = text.replace("jurisdictions: [US, UK]", 'jurisdictions: [US, UK]\n  summary: "+1+2"')
    text = text.replace("title: ECB reference rate", 'title: "@SUM(A1:A2)", publisher: "\\tTabbed"')
    text = text.replace("confidence: reported", 'confidence: reported\n    note: "-3*4 \\rCarriage"')
    path = tmp_path / "hostile.yaml"
    path.write_text(text)
    deal = load_deal(path, mini_set.catalogue)
    assert deal.title == HOSTILE[0] and deal.summary == "+1+2"
    wb = load(xlsx_bytes(score(deal, mini_set)))
    seen = formula_free_texts(wb, own=re.compile(r"=COUNTA\((Findings|Gaps)!D2:D\d+\)"))  # the live counters only
    assert "Review workbook: " + HOSTILE[0] in {c.value for c in wb["Summary"][1]}
    assert {"+1+2", "@SUM(A1:A2)", "\tTabbed", "-3*4 \rCarriage"} <= seen


def test_extra_sheets_hook(assessment):
    def timeline(wb):
        ws = wb.create_sheet("Timeline")
        ws["A1"] = "added by a colleague"

    wb = load(xlsx_bytes(assessment, extra_sheets=[timeline]))
    assert wb.sheetnames == [*SHEETS, "Timeline"] and wb["Timeline"]["A1"].value == "added by a colleague"


def test_cli_workbook_and_score_format_xlsx(cli, tmp_path):
    out = tmp_path / "review.xlsx"
    r = cli("workbook", MINI_DEAL, "--rubrics", MINI, "-o", out)
    assert r.code == 0, r
    assert "wrote" in r.err and load(out.read_bytes()).sheetnames == SHEETS
    r = cli("score", MINI_DEAL, "--rubrics", MINI, "-o", f"xlsx:{tmp_path / 'b.xlsx'}")
    assert r.code == 0, r
    assert load((tmp_path / "b.xlsx").read_bytes()).sheetnames == SHEETS
    assert "Example" in cli("workbook", "--help").out
    bad = cli("workbook", tmp_path / "missing.yaml", "--rubrics", MINI, "-o", out)
    assert bad.code == 2 and "no such file" in bad.err and "Traceback" not in bad.err


def test_openpyxl_is_not_imported_when_the_cli_starts():
    code = "import sys, riskkit.cli; sys.exit(1 if 'openpyxl' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_row_heights_leave_room_for_wrapped_text(assessment):
    ws = load(xlsx_bytes(assessment))["Findings"]
    tall = [r for r in range(2, ws.max_row + 1) if "\n" in (ws.cell(r, 17).value or "")]
    assert tall and all((ws.row_dimensions[r].height or 0) >= 30 for r in tall)


EXAMPLE = EXAMPLES / "microsoft-openai-2025.yaml"


def run_score(path):
    rubrics = load_rubrics()
    return score(load_deal(path, rubrics.catalogue), rubrics)


def test_real_example_workbook(cli, tmp_path):
    out = tmp_path / "msft.xlsx"
    r = cli("workbook", EXAMPLE, "-o", out)
    assert r.code == 0, r
    wb = load(out.read_bytes())
    assert wb.sheetnames == SHEETS
    ws = wb["Findings"]
    rubrics = {ws.cell(r, 20).value for r in range(2, ws.max_row + 1)}
    assert len(rubrics) >= 2
    assert len(wb["Summary"]._charts) == 1
    assert re.match(r"sha256:[0-9a-f]{64}$", {c.value: d.value for c, d in wb["About"].iter_rows(max_col=2)}[
        "Input fingerprint"])  # fmt: skip


def test_filing_thresholds_row_shows_verdicts_not_a_risk_score(cli, tmp_path):
    out = tmp_path / "msft.xlsx"
    assert cli("workbook", EXAMPLE, "-o", out).code == 0
    ws = load(out.read_bytes())["Summary"]
    rows = {row[0]: row for row in ws.iter_rows(values_only=True) if row and row[0]}
    # columns: rubric (title), most-likely score, most-likely band, concern, best case, worst case, band range, …
    filing = rows["Merger-filing thresholds"]
    assert filing[2:7] == (None, None, None, None, None)  # no score, no band
    assert "6 unknown" in filing[1]  # US open until the 16 CFR 801.1(f) present-vote question is answered
    # the most-likely estimate leads, with its concern word; bounds beside it
    a = run_score(EXAMPLE)
    dfa = next(r for r in a.results if r.id == "de-facto-acquisition").range
    assert rows["De facto acquisition of control or material influence"][1:7] == (
        round(dfa.score_likely, 1), dfa.band_likely, CONCERN[dfa.band_likely],
        dfa.score, dfa.score_worst, dfa.band if dfa.band == dfa.band_worst else f"{dfa.band}–{dfa.band_worst}",
    )  # fmt: skip
    # acqui-hire criteria are not in play (out of the denominator); worst case lifted to the high floor
    # and findings unchanged since the CMA, EC and BKartA reviews are settled: 6 and 19 of 118 points
    assert (dfa.score, dfa.score_worst, dfa.band_worst) == (5.1, 16.1, "low")
    assert dfa.score <= dfa.score_likely <= dfa.score_worst


# -- a workbook a reviewer can work in (issue 16, items 11–15) ----------------------------------


def test_findings_reviewer_columns_follow_the_criterion_rows_sorted_and_machine_cells_protected(cli, tmp_path):
    from riskkit.load.review_layout import FINDINGS_HEADERS

    assert FINDINGS_HEADERS[1:8] == (
        "Criterion",
        "Status",
        "Decision",
        "Adjusted points",
        "Comment",
        "Reviewer",
        "Date",
    )
    out = tmp_path / "msft.xlsx"
    assert cli("workbook", EXAMPLE, "-o", out).code == 0
    ws = load(out.read_bytes())["Findings"]
    col = {h: i for i, h in enumerate(FINDINGS_HEADERS, start=1)}
    rows = [
        (
            ws.cell(r, col["Status"]).value,
            ws.cell(r, col["Best-case points"]).value,
            ws.cell(r, col["Max points"]).value,
        )
        for r in range(2, ws.max_row + 1)
    ]
    order = {"triggered": 0, "waived": 0, "unknown": 1, "clear": 2}
    groups = [order.get(s, 3) for s, _, _ in rows]
    assert groups == sorted(groups) and groups[0] == 0  # triggered, then unknown, then clear, then the rest
    unknown = [m for s, _, m in rows if s == "unknown"]
    assert unknown == sorted(unknown, reverse=True)  # unknown by weight
    triggered = [p for s, p, _ in rows if s == "triggered"]
    assert triggered == sorted(triggered, reverse=True)
    assert {s for s, _, _ in rows} <= {"triggered", "unknown", "clear", "waived", "not in play", "not applicable"}
    assert ws.protection.sheet and not ws.protection.password  # protected, no password
    assert not ws.protection.autoFilter  # filtering still allowed
    for r in range(2, ws.max_row + 1):
        playing = ws.cell(r, col["Status"]).value not in ("not in play", "not applicable")
        for h in ("Decision", "Adjusted points", "Comment", "Reviewer", "Date"):
            # reviewer cells open on rows in play, locked on rows out of every score
            assert (ws.cell(r, col[h]).protection.locked is False) == playing, (r, h)
        for h in ("Rubric", "Status", "Best-case points", "Why (in plain words)", "Rubric id", "Criterion id"):
            assert ws.cell(r, col[h]).protection.locked is not False, (r, h)
    assert ws.freeze_panes == "C2"  # rubric and criterion stay in view


def test_every_sheet_prints_landscape_fit_to_width_with_titles_area_and_privilege_footer(cli, tmp_path):
    out = tmp_path / "msft.xlsx"
    r = cli("workbook", EXAMPLE, "--history", EXAMPLES / "microsoft-openai-history.yaml", "-o", out)
    assert r.code == 0, r
    wb = load(out.read_bytes())
    assert wb.sheetnames == [*SHEETS, "Timeline"]
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        if ws.title not in ("Findings", "Summary"):  # those two: a fixed scale, so page breaks hold
            assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
            assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        else:
            assert ws.page_setup.scale >= 70 and not ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_area, ws.title
        assert "Privileged && Confidential" in ws.oddFooter.left.text, ws.title  # "&&" is Excel's literal "&"
        assert "attorney–client communication" in ws.oddHeader.center.text, ws.title
        assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text, ws.title
        if ws.title not in ("Summary",):
            assert ws.print_title_rows, ws.title
    findings = wb["Findings"]
    assert findings.print_title_cols == "$B:$B"  # the criterion repeated on the evidence page
    assert "$S$" in str(findings.print_area)  # Rubric … Jurisdictions: the evidence is printed
    assert [b.id for b in findings.col_breaks.brk] == [13]  # after Why: decision page, then evidence page
    assert findings.cell(2, 2).alignment.wrap_text and findings.column_dimensions["M"].width >= 25


def test_facts_sheet_is_protected_and_says_where_to_answer(assessment):
    ws = load(xlsx_bytes(assessment))["Facts"]
    assert ws.protection.sheet and "Gaps" in ws["A1"].value and "not read back" in ws["A1"].value
    assert ws.cell(2, 1).value == "Fact" and ws.cell(2, 3).value == "Number"


def test_gaps_sheet_has_answer_columns_unlocked_with_validation(assessment):
    from riskkit.load.review_layout import GAPS_HEADERS

    ws = load(xlsx_bytes(assessment))["Gaps"]
    assert tuple(c.value for c in ws[1]) == GAPS_HEADERS
    col = {h: i for i, h in enumerate(GAPS_HEADERS, start=1)}
    rows = {ws.cell(r, col["Fact"]).value: r for r in range(2, ws.max_row + 1)}
    assert ws.cell(rows["spend"], col["Form of answer"]).value == "a number: EUR millions (2000 = EUR 2bn)"
    assert ws.cell(rows["spend"], col["Status"]).value == "open"
    for h in ("Answer", "Confidence", "Source", "Owner", "Due", "Status"):
        assert ws.cell(rows["spend"], col[h]).protection.locked is False
    assert ws.protection.sheet
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert '"confirmed,reported,estimated"' in lists and '"open,asked,answered,cannot answer"' in lists
    assert all(dv.showErrorMessage and dv.showInputMessage for dv in ws.data_validations.dataValidation)


def test_sources_show_outlet_title_date_and_link_never_a_local_path(cli, tmp_path):
    out = tmp_path / "msft.xlsx"
    assert cli("workbook", EXAMPLES / "microsoft-openai-2019.yaml", "-o", out).code == 0
    ws = load(out.read_bytes())["Sources"]
    assert [c.value for c in ws[1]] == ["Id", "Outlet", "Title", "Date", "Kind", "After as-of?", "Link",
                                        "Used by facts"]  # fmt: skip
    links = [ws.cell(r, 7) for r in range(2, ws.max_row + 1)]
    texts = [str(c.value or "") for c in links]
    assert not any("shared/" in t or t.endswith((".txt", ".md")) or "§" in t for t in texts), texts
    for c in links:
        if c.value:
            assert c.value.startswith("http") and c.hyperlink.target == c.value
    assert any(ws.cell(r, 2).value for r in range(2, ws.max_row + 1))  # outlets shown


def test_timeline_chart_likely_with_a_best_worst_band_straight_lines_no_filing_thresholds(cli, tmp_path):
    out = tmp_path / "msft.xlsx"
    r = cli("workbook", EXAMPLE, "--history", EXAMPLES / "microsoft-openai-history.yaml", "-o", out)
    assert r.code == 0, r
    with zipfile.ZipFile(out) as z:
        names = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        xml = {n: z.read(n).decode() for n in names}
    timeline = [x for x in xml.values() if "Timeline" in x]
    from riskkit.load.rubric import load_rubrics

    risk = [r for r in load_rubrics().rubrics if r.kind != "notifiability"]
    assert len(timeline) == len(risk) >= 3  # one per risk rubric; none for filing thresholds
    for x in timeline:
        assert "filing-thresholds" not in x
        assert re.search(r"<(c:)?areaChart>", x) and re.search(r"<(c:)?lineChart>", x)
        assert '<c:grouping val="stacked"' in x or 'grouping val="stacked"' in x
        assert not re.search(r'smooth val="(1|true)"', x)  # straight segments
        assert "score (0–100)" in x and ">date<" in x  # axis titles
        assert "best to worst case" in x
    ws = load(out.read_bytes())["Timeline"]
    measures = [ws.cell(r, 1).value for r in range(4, 40) if ws.cell(r, 1).value]
    assert "Merger-filing thresholds" not in measures and len(measures) >= 3
    assert str(ws["C1"].value)[:10] == "2019-07-22" and ws["B2"].value == "Step"

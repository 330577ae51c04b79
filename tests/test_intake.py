"""The intake workbook: generated from the catalogue, filled in, read back exactly like a YAML facts file."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import openpyxl
import pytest

from .conftest import EXAMPLES, MINI, MINI_DEAL, formula_free_texts

EXTRA_FACTS = """
  - {id: closing_date, type: date, group: deal, description: Closing., question: "When does it close?"}
  - {id: deal_note, type: text, group: deal, description: Free text., question: "Anything else?"}
  - {id: seats, type: integer, group: board, description: Seats., question: "How many seats?"}
"""

HOSTILE_DEAL = """\
deal:
  id: hostile-deal
  title: '=HYPERLINK("http://evil.example","click")'
  as_of: 2025-11-01
  stage: proposed
  hypothetical: true
  parties:
    - {name: "+Investor", role: investor}
    - {name: "@Target", role: target}
  jurisdictions: []
  summary: "-1 line one\\r\\nline two\\ttabbed"
sources:
  s1: {title: "=1+1", publisher: "\\tTab", date: 2025-10-01, kind: company, url: "https://example.com/?a=1&b=<2>"}
  s2: {title: Plain, locator: "shared/seeds/001.txt"}
facts:
  stake_pct: {value: 9.9, sources: [s1, s2], confidence: confirmed, as_of: 2025-10-30, note: "=cmd|' /C calc'!A0"}
  observer: false
  exclusivity: rofr
  rights: []
  shares: [30, 25.5, 12]
  investment: {value: {low: 100, high: 1000.5}, currency: USD}
  closing_date: 2026-01-15
  deal_note: "\\rstarts with CR, has ; semicolons, and a trailing space "
  seats: {value: null, note: asked, sources: [s2]}
"""


@pytest.fixture
def rich(tmp_path):
    """The mini rubric set with date, text and integer facts added to its catalogue."""
    folder = tmp_path / "rubrics"
    shutil.copytree(MINI, folder)
    with (folder / "facts.yaml").open("a") as fh:
        fh.write(EXTRA_FACTS)
    from riskkit.load.rubric import load_rubrics

    return load_rubrics(folder)


def load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def roundtrip(deal, catalogue, tmp_path, name="intake.xlsx"):
    from riskkit.load.deal import load_deal
    from riskkit.render.intake import write_intake

    path = tmp_path / name
    path.write_bytes(write_intake(catalogue, deal))
    return path, load_deal(path, catalogue)


def same_deal(a, b) -> None:
    """Deals equal apart from where they were read from (file path, YAML line numbers)."""
    from msgspec.structs import replace

    def norm(d):
        return replace(d, path="", facts={k: replace(f, line=None) for k, f in d.facts.items()})

    assert norm(a) == norm(b)
    assert a.canonical == b.canonical


def test_blank_intake_lists_every_catalogue_fact_with_dropdowns(mini_set):
    from riskkit.load.intake_layout import FACT_HEADERS
    from riskkit.render.intake import write_intake

    wb = load(write_intake(mini_set.catalogue))
    assert wb.sheetnames[:6] == ["Deal", "Parties", "Facts", "Sources", "FX", "About"]
    ws = wb["Facts"]
    assert tuple(c.value for c in ws[1]) == FACT_HEADERS
    rows = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
    givable = [s.id for s in mini_set.catalogue.facts.values() if not s.derived_op]
    assert sorted(rows) == sorted(givable)  # derived facts are computed, not asked for
    assert ws.cell(rows["exclusivity"], 3).value == "What cloud terms?"
    assert ws.cell(rows["investment"], 4).value == "money (millions)"
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert lists[f"G{rows['exclusivity']}"] == '"exclusive,rofr,preferred,none"'
    assert lists[f"G{rows['observer']}"] == '"yes,no"'
    assert any(f == '"confirmed,reported,estimated"' for f in lists.values())
    ranges = [str(dv.sqref) for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
    assert f"G{rows['stake_pct']}:I{rows['stake_pct']}" in ranges  # percent: 0..100, value and low/high
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref.startswith("A1:")
    assert ws.page_setup.orientation == "landscape"
    deal = wb["Deal"]
    assert [deal.cell(r, 1).value for r in range(2, 10)] == [
        "id", "title", "as_of", "stage", "hypothetical", "jurisdictions", "summary", "closed_on"]  # fmt: skip
    kinds = [dv.formula1 for dv in wb["Sources"].data_validations.dataValidation]
    assert (
        '"statute_or_regulation,agency_guidance,decision,official_statement,established_press,secondary_summary"'
        in kinds
    )
    assert [dv.formula1 for dv in wb["Parties"].data_validations.dataValidation] == [
        '"investor,target,acquirer,seller,nonprofit_parent,other"']  # fmt: skip


def test_yaml_to_intake_to_yaml_is_lossless(mini_set, mini_deal, tmp_path):
    path, back = roundtrip(mini_deal, mini_set.catalogue, tmp_path)
    same_deal(mini_deal, back)
    from riskkit.engine.scoring import score

    assert score(back, mini_set).fingerprint == score(mini_deal, mini_set).fingerprint


def test_hostile_and_every_type_round_trip_and_no_formulas(rich, tmp_path):
    from riskkit.load.deal import load_deal

    src = tmp_path / "hostile.yaml"
    src.write_text(HOSTILE_DEAL)
    deal = load_deal(src, rich.catalogue)
    assert deal.facts["deal_note"].value.startswith("\r") and deal.facts["rights"].value == ()
    path, back = roundtrip(deal, rich.catalogue, tmp_path)
    same_deal(deal, back)
    wb = openpyxl.load_workbook(path)
    formula_free_texts(wb)
    facts = wb["Facts"]
    rows = {facts.cell(r, 2).value: r for r in range(2, facts.max_row + 1)}
    assert facts[f"G{rows['rights']}"].value == "(none)"
    assert facts[f"G{rows['shares']}"].value == "30; 25.5; 12"
    assert (facts[f"H{rows['investment']}"].value, facts[f"I{rows['investment']}"].value) == (100, 1000.5)
    assert facts[f"N{rows['stake_pct']}"].value == "=cmd|' /C calc'!A0"


def test_cli_intake_from_yaml_and_back_and_score_reads_the_workbook(cli, rich, tmp_path):
    src = tmp_path / "hostile.yaml"
    src.write_text(HOSTILE_DEAL)
    folder = tmp_path / "rubrics"
    r = cli("intake", "--rubrics", folder, "--from", src, "-o", tmp_path / "facts.xlsx")
    assert r.code == 0, r
    r = cli("intake", "--rubrics", folder, "--from", tmp_path / "facts.xlsx", "-o", tmp_path / "back.yaml")
    assert r.code == 0, r
    from riskkit.load.deal import load_deal

    same_deal(load_deal(src, rich.catalogue), load_deal(tmp_path / "back.yaml", rich.catalogue))
    a = cli("score", src, "--rubrics", folder, "--format", "json")
    b = cli("score", tmp_path / "facts.xlsx", "--rubrics", folder, "--format", "json")
    assert a.code == b.code == 0
    import json

    ja, jb = json.loads(a.out), json.loads(b.out)
    drop_lines = re.compile(r'"line": \d+')  # YAML line numbers; a workbook has none
    assert ja["fingerprint"] == jb["fingerprint"]
    assert drop_lines.sub('"line": null', json.dumps(ja["results"])) == json.dumps(jb["results"])
    r = cli("workbook", tmp_path / "facts.xlsx", "--rubrics", folder, "-o", tmp_path / "review.xlsx")
    assert r.code == 0, r
    assert "Example" in cli("intake", "--help").out


def test_two_writes_are_byte_identical(mini_set, mini_deal):
    from riskkit.render.intake import write_intake

    assert write_intake(mini_set.catalogue, mini_deal) == write_intake(mini_set.catalogue, mini_deal)
    with zipfile.ZipFile(io.BytesIO(write_intake(mini_set.catalogue, mini_deal))) as z:
        assert {i.date_time for i in z.infolist()} == {(2025, 11, 1, 0, 0, 0)}


def test_default_output_is_never_overwritten(cli, tmp_path):
    r = cli("intake", "--rubrics", MINI, cwd=tmp_path)
    assert r.code == 0 and (tmp_path / "facts.xlsx").exists(), r
    r = cli("intake", "--rubrics", MINI, cwd=tmp_path)
    assert r.code == 2 and "already exists" in r.err


# -- filled in by hand: values typed in Excel ------------------------------------------------


@pytest.fixture
def filled(mini_set, mini_deal, tmp_path):
    from riskkit.render.intake import write_intake

    path = tmp_path / "facts.xlsx"
    path.write_bytes(write_intake(mini_set.catalogue, mini_deal))
    return path


def edit(path, sheet, fn):
    wb = openpyxl.load_workbook(path)
    fn(wb[sheet] if sheet else wb)
    wb.save(path)


def fact_row(path, fid):
    ws = openpyxl.load_workbook(path)["Facts"]
    return {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}[fid]


def test_values_typed_in_excel(mini_set, filled):
    from riskkit.load.deal import load_deal

    def typed(ws):
        rows = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
        ws[f"H{rows['stake_pct']}"] = None
        ws[f"I{rows['stake_pct']}"] = None
        ws[f"G{rows['stake_pct']}"] = 0.27
        ws[f"G{rows['stake_pct']}"].number_format = "0%"  # typed as 27% in Excel
        ws[f"G{rows['observer']}"] = True  # Excel's TRUE rather than the dropdown's "yes"
        ws[f"G{rows['exclusivity']}"] = " exclusive "
        ws[f"G{rows['rights']}"] = "budget, business_plan"
        ws[f"G{rows['shares']}"] = 40
        ws[f"G{rows['spend']}"] = "200"
        ws[f"J{rows['spend']}"] = "USD"

    edit(filled, "Facts", typed)
    deal = load_deal(filled, mini_set.catalogue)
    f = deal.facts
    assert (f["stake_pct"].value.low, f["observer"].value, f["exclusivity"].value) == (27, True, "exclusive")
    assert f["rights"].value == ("budget", "business_plan") and f["shares"].value == (40,)
    assert f["spend"].value.low == 200 and f["spend"].currency == "USD"


@pytest.mark.parametrize(
    "sheet, change, where, words",
    [
        (
            "Facts",
            {("stake_pct", "H"): None, ("stake_pct", "I"): None, ("stake_pct", "G"): 150},
            ("stake_pct", "G"),
            "percentage ≤ 100",
        ),  # fmt: skip
        ("Facts", {("exclusivity", "G"): "exclusiv"}, ("exclusivity", "G"), "did you mean 'exclusive'"),
        ("Facts", {("stake_pct", "G"): 20}, ("stake_pct", "H"), "either Value or Low and High"),
        ("Facts", {("stake_pct", "I"): None}, ("stake_pct", "H"), "needs both Low and High"),
        ("Facts", {("observer", "K"): "nosuch"}, ("observer", "K"), "unknown source id 'nosuch'"),
        ("Facts", {("observer", "L"): "sure"}, ("observer", "L"), "confidence"),
        ("Facts", {("investment", "J"): None}, ("investment", "G"), "needs 'currency'"),
        ("Facts", {("observer", "B"): "observr"}, ("observr", "B"), "did you mean 'observer'"),
        ("Facts", {("observer", "M"): "last week"}, ("observer", "M"), "expected a date"),
    ],
)
def test_bad_values_name_the_cell(cli, filled, sheet, change, where, words):
    rows = {}

    def apply(ws):
        nonlocal rows
        rows = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
        for (fid, col), value in change.items():
            ws[f"{col}{rows[fid]}"] = value

    edit(filled, sheet, apply)
    r = cli("score", filled, "--rubrics", MINI)
    assert r.code == 2, r
    fid, col = where
    row = rows.get(fid) or rows.get("observer")
    assert f"Facts!{col}{row}" in r.err and words in r.err, r.err
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1


def test_a_derived_fact_cannot_be_given(cli, filled):
    def add(ws):
        ws[f"B{ws.max_row + 1}"] = "spend_ratio"
        ws[f"G{ws.max_row}"] = 2

    edit(filled, "Facts", add)
    r = cli("score", filled, "--rubrics", MINI)
    assert r.code == 2 and "is derived" in r.err and "Facts!B" in r.err, r


@pytest.mark.parametrize(
    "mutate, words",
    [
        (lambda p: p.write_bytes(b"\x00\x01 not a zip"), "not a zip archive"),
        (lambda p: _zip(p, {"word/document.xml": b"<w/>", "[Content_Types].xml": b"<x/>"}), "not an Excel workbook"),
        (lambda p: edit(p, None, lambda wb: wb.remove(wb["Facts"])), "missing sheet 'Facts'"),
        (lambda p: edit(p, "Facts", lambda ws: ws.__setitem__("G1", "Val")), "Facts!G1: expected header 'Value'"),
        (lambda p: edit(p, "Deal", lambda ws: ws.merge_cells("B2:C2")), "Deal!B2:C2: merged cells"),
        (lambda p: edit(p, "Facts", lambda ws: ws.__setitem__("P5", "x")), "Facts!P5: unexpected content"),
        (lambda p: edit(p, "Facts", lambda ws: ws.__setitem__("G200", 5)), "Facts!B200: a fact row with no fact id"),
        (lambda p: edit(p, "Deal", lambda ws: ws.__setitem__("A12", "titel")), "Deal!A12: unknown field 'titel'"),
        (lambda p: edit(p, "Deal", lambda ws: ws.__setitem__("B2", None)), "Deal!B2: deal: missing required key 'id'"),
        (lambda p: edit(p, "Deal", lambda ws: ws.__setitem__("B5", "done")), "Deal!B5: deal.stage: expected a stage"),
        (lambda p: edit(p, "Sources", lambda ws: ws.__setitem__("E2", "blog")), "Sources!E2"),
        (lambda p: edit(p, "Parties", lambda ws: ws.__setitem__("B3", "friend")), "Parties!B3"),
        (lambda p: edit(p, "FX", lambda ws: ws.__setitem__("C2", "=1/0")), "FX!C2: a formula"),
        (lambda p: edit(p, "Facts", lambda ws: ws.__setitem__("B3", ws["B2"].value)), "is listed twice"),
    ],
)
def test_malformed_intake_workbooks_exit_2(cli, filled, mutate, words):
    mutate(filled)
    r = cli("score", filled, "--rubrics", MINI)
    assert r.code == 2, r
    assert words in r.err, r.err
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1


def _zip(path, members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, body in members.items():
            z.writestr(name, body)
    path.write_bytes(buf.getvalue())


def test_real_catalogue_blank_intake(cli, tmp_path):
    r = cli("intake", "-o", tmp_path / "facts.xlsx")
    assert r.code == 0, r
    from riskkit.load.catalogue import load_catalogue
    from riskkit.resources import bundled_rubrics_dir

    catalogue = load_catalogue(bundled_rubrics_dir())
    ws = openpyxl.load_workbook(tmp_path / "facts.xlsx")["Facts"]
    ids = {ws.cell(r, 2).value for r in range(2, ws.max_row + 1)}
    assert ids == {s.id for s in catalogue.facts.values() if not s.derived_op}


EXAMPLE = EXAMPLES / "microsoft-openai-2025.yaml"


def test_real_example_round_trip(tmp_path):
    from riskkit.load.deal import load_deal
    from riskkit.load.rubric import load_rubrics

    rubric_set = load_rubrics()
    deal = load_deal(EXAMPLE, rubric_set.catalogue)
    _, back = roundtrip(deal, rubric_set.catalogue, tmp_path)
    same_deal(deal, back)


def test_mini_deal_file_is_unchanged_by_a_round_trip(cli, tmp_path):
    r = cli("intake", "--rubrics", MINI, "--from", MINI_DEAL, "-o", tmp_path / "a.xlsx")
    assert r.code == 0
    r = cli("intake", "--rubrics", MINI, "--from", tmp_path / "a.xlsx", "-o", tmp_path / "a.json")
    assert r.code == 0
    import json

    from riskkit.load import yamlio
    from riskkit.model.inputs import to_plain

    assert json.loads((tmp_path / "a.json").read_text()) == to_plain(yamlio.load(MINI_DEAL))


def test_a_review_workbook_given_as_facts_says_what_to_do(cli, tmp_path):
    out = tmp_path / "review.xlsx"
    assert cli("workbook", MINI_DEAL, "--rubrics", MINI, "-o", out).code == 0
    r = cli("score", out, "--rubrics", MINI)
    assert r.code == 2 and "is a review workbook" in r.err and "riskkit review" in r.err, r


def test_intake_covers_every_key_a_deal_file_may_hold():
    """If the deal format grows a key, the intake workbook must grow with it (or the round trip loses it)."""
    from riskkit.load import deal, factvalue
    from riskkit.load.intake_layout import DEAL_ROWS, FACT_HEADERS, FX_HEADERS, SOURCE_HEADERS

    assert {name for name, _ in DEAL_ROWS} | {"parties"} == set(deal.DEAL_KEYS) | set(deal.DEAL_OPTIONAL)
    columns = {h.lower().replace(" ", "_") for h in FACT_HEADERS}
    assert set(factvalue.FACT_FORM_KEYS) <= columns
    assert {h.lower() for h in SOURCE_HEADERS} == {"id", "title", "publisher", "date", "kind", "url", "locator"}
    from riskkit.load.intake_layout import CONDITION_KEYS

    assert set(CONDITION_KEYS) == {"id", "text", "imposed_by", "kind", "due", "status", "sources", "unverified"}
    assert [h.lower().replace(" ", "_") for h in FX_HEADERS] == ["from", "to", "rate", "as_of", "source"]

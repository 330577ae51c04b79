"""The command line without surprises: -o picks the format from the suffix everywhere, binary output
never reaches a terminal, missing output folders are created, criterion ids are listed."""

from __future__ import annotations

import json
import sys

import openpyxl
import pytest

from .conftest import MINI, MINI_DEAL

SUFFIXES = {
    "a.json": lambda b: json.loads(b)["deal"]["id"] == "mini-deal",
    "a.md": lambda b: b.startswith(b"## riskkit"),
    "a.xml": lambda b: b.startswith(b"<?xml") and b"<testsuite" in b,
    "a.sarif": lambda b: json.loads(b)["version"] == "2.1.0",
    "a.txt": lambda b: b.startswith(b"Mini deal"),
    "a.html": lambda b: b.lstrip().lower().startswith(b"<!doctype html"),
    "a.xlsx": lambda b: b.startswith(b"PK"),
}


@pytest.mark.parametrize("name", sorted(SUFFIXES))
def test_score_o_picks_the_format_from_the_suffix(cli, tmp_path, name):
    out = tmp_path / "sub" / name  # the missing folder is created
    r = cli("score", MINI_DEAL, "--rubrics", MINI, "-o", out)
    assert r.code == 0, r
    assert SUFFIXES[name](out.read_bytes()), out.read_bytes()[:80]


def test_unknown_suffix_without_format_is_an_error_and_writes_nothing(cli, tmp_path):
    out = tmp_path / "a.yaml"
    r = cli("score", MINI_DEAL, "--rubrics", MINI, "-o", out)
    assert r.code == 2 and "cannot tell the output format from" in r.err and ".json" in r.err, r
    assert not out.exists()
    r = cli("score", MINI_DEAL, "--rubrics", MINI, "-o", out, "--format", "json")  # --format decides
    assert r.code == 0 and json.loads(out.read_text())["deal"]["id"] == "mini-deal"


@pytest.mark.parametrize(
    "args",
    [
        ("workbook", MINI_DEAL, "--rubrics", MINI, "-o", "{tmp}/w.json"),
        ("portfolio", MINI_DEAL, "--rubrics", MINI, "-o", "{tmp}/p.md"),
        ("portfolio", MINI_DEAL, "--rubrics", MINI, "--pdf", "{tmp}/p.html"),
        ("diff", MINI_DEAL, MINI_DEAL, "--rubrics", MINI, "-o", "{tmp}/d.xlsx"),
        ("intake", "-o", "{tmp}/i.txt"),
    ],
)
def test_every_command_refuses_a_suffix_it_cannot_write(cli, tmp_path, args):
    r = cli(*[str(a).replace("{tmp}", str(tmp_path)) for a in args])
    assert r.code == 2 and "cannot tell the output format" in r.err, r
    assert list(tmp_path.iterdir()) == []


def test_diff_takes_its_format_from_the_suffix(cli, tmp_path):
    out = tmp_path / "d.md"
    assert cli("diff", MINI_DEAL, MINI_DEAL, "--rubrics", MINI, "-o", out).code == 0
    assert out.read_text().lstrip().startswith(("#", "**", "|", "No"))  # markdown, not the table
    out = tmp_path / "d.json"
    assert cli("diff", MINI_DEAL, MINI_DEAL, "--rubrics", MINI, "-o", out).code == 0
    json.loads(out.read_text())


@pytest.mark.parametrize(
    "args",
    [
        ("score", MINI_DEAL, "--rubrics", MINI, "--format", "xlsx"),
        ("score", MINI_DEAL, "--rubrics", MINI, "-o", "xlsx:-"),
        ("workbook", MINI_DEAL, "--rubrics", MINI),
    ],
)
def test_binary_output_is_never_written_to_a_terminal(cli, monkeypatch, args):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    r = cli(*args)
    assert r.code == 2 and "binary" in r.err and "terminal" in r.err, r
    assert r.out_bytes == b""


def test_workbook_and_review_create_missing_folders(cli, tmp_path):
    book = tmp_path / "a" / "b" / "review.xlsx"
    assert cli("workbook", MINI_DEAL, "--rubrics", MINI, "-o", book).code == 0
    out = tmp_path / "c" / "reviewed.json"
    r = cli("review", book, "-o", out, "--facts", MINI_DEAL, "--rubrics", MINI)
    assert r.code == 0, r
    assert json.loads(out.read_text())["review"]["counts"]["agree"] == 0
    assert openpyxl.load_workbook(book).sheetnames[0] == "Summary"


def test_rubrics_criteria_lists_ids_points_and_waivable(cli):
    r = cli("rubrics", "--rubrics", MINI, "--criteria")
    assert r.code == 0, r
    lines = r.out.splitlines()
    assert lines[0].startswith("mini ")
    row = next(x for x in lines if x.strip().startswith("mini-stake"))
    assert "40 pts" in row and "waivable" in row and "Stake level" in row
    assert cli("rubrics", "mini", "--rubrics", MINI).out == r.out  # an id lists that rubric's criteria
    data = json.loads(cli("rubrics", "--rubrics", MINI, "--criteria", "--format", "json").out)
    crit = {c["id"]: c for c in data[0]["criteria_list"]}
    assert crit["mini-stake"]["max_points"] == 40 and crit["mini-size"]["waivable"] is True


def test_waiver_errors_point_at_rubrics_criteria(cli, tmp_path):
    waivers = tmp_path / "w.yaml"
    waivers.write_text(
        "waivers:\n  - criterion: mini-stak\n    deal: mini-deal\n    justification: x\n"
        "    approved_by: A\n    expires: 2099-01-01\n"
    )
    r = cli("score", MINI_DEAL, "--rubrics", MINI, "--waivers", waivers)
    assert r.code == 2 and "riskkit rubrics --criteria" in r.err and "did you mean 'mini-stake'" in r.err, r


def test_dash_reads_the_facts_from_stdin(cli, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(MINI_DEAL.read_bytes())))
    r = cli("score", "-", "--rubrics", MINI, "--format", "json")
    assert r.code == 0, r
    assert json.loads(r.out)["deal"]["id"] == "mini-deal"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"deal: [\n")))
    r = cli("score", "-", "--rubrics", MINI)
    assert r.code == 2 and r.err.startswith("riskkit: error: <stdin>:") and "-: no such file" not in r.err, r


def test_option_names_do_not_collide(cli, tmp_path):
    r = cli("score", MINI_DEAL, "--rubrics", "mini")  # a rubric id given to the folder option
    assert r.code == 2 and "use --rubric mini" not in r.err  # 'mini' is no bundled rubric: no false hint
    r = cli("score", MINI_DEAL, "--rubrics", "de-facto-acquisition")
    assert r.code == 2 and "to score one rubric use --rubric de-facto-acquisition" in r.err, r
    help_text = cli("memo", "--help").out
    assert "--author TEXT" in help_text and "--from" not in help_text  # intake --from is a file
    out = tmp_path / "m.html"
    r = cli(
        "memo", MINI_DEAL, "--rubrics", MINI, "--no-paths", "--no-uncertainty", "-o", out, "--author", "Deal Team X"
    )
    assert r.code == 0, r
    assert "Deal Team X" in out.read_text()
    r = cli("memo", MINI_DEAL, "--rubrics", MINI, "--no-paths", "--no-uncertainty", "-o", out, "--from", "Old Name Y")
    assert r.code == 0 and "Old Name Y" in out.read_text()  # the old name still works, hidden


def test_table_shows_the_level_that_matched_and_verbose_lists_every_finding(cli):
    r = cli("score", MINI_DEAL, "--rubrics", MINI, "-v")
    assert r.code == 0, r
    lines = r.out.splitlines()
    stake = [x for x in lines if "Stake level" in x]
    assert stake and all("unknown" in x for x in stake)
    assert any(x.strip().startswith("+ Observer or exclusive cloud [20 pts]") for x in lines)
    statuses = {x.strip()[0] for x in lines if x.startswith("  ") and x.strip()[:1] in "+?·"}
    assert statuses <= {"+", "?", "·"}
    r = cli("score", EXAMPLE.with_name("microsoft-openai-2025-01.yaml"), "--rubric", "de-facto-acquisition")
    assert "level “" in r.out  # a multi-level criterion says which level matched


EXAMPLE = MINI_DEAL.parent.parent.parent / "examples" / "microsoft-openai-2025.yaml"


def test_a_saved_assessment_given_as_facts_says_what_it_is(cli, tmp_path):
    saved = tmp_path / "saved.json"
    assert cli("score", MINI_DEAL, "--rubrics", MINI, "-o", saved).code == 0
    r = cli("score", saved, "--rubrics", MINI)
    assert r.code == 2 and "saved assessment" in r.err and "--baseline" in r.err, r


def test_intake_workbook_validation_alerts_are_on(cli, tmp_path):
    out = tmp_path / "facts.xlsx"
    assert cli("intake", "-o", out).code == 0
    wb = openpyxl.load_workbook(out)
    dvs = [dv for ws in wb.worksheets for dv in ws.data_validations.dataValidation]
    assert len(dvs) > 10
    assert all(dv.showErrorMessage and dv.showInputMessage and dv.error for dv in dvs)

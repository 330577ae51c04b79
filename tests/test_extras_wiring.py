"""The memo and workbook commands wire in paths to lower risk, band probabilities and timelines."""

import openpyxl
import pytest

from .conftest import EXAMPLES

DEAL = EXAMPLES / "microsoft-openai-2025.yaml"
HISTORY = EXAMPLES / "microsoft-openai-history.yaml"


def test_memo_html_has_paths_uncertainty_and_timeline(cli, tmp_path):
    out = tmp_path / "m.html"
    r = cli("memo", DEAL, "-o", out, "--history", HISTORY, "--appendix")
    assert r.code == 0, r
    html = out.read_text()
    for heading in ("Paths to lower risk", "Uncertain facts", "Risk over time"):
        assert heading in html
    assert "<svg" in html and "2019-07-22" in html and "2026-04-27" in html


def test_memo_sections_can_be_left_out(cli, tmp_path):
    out = tmp_path / "m.html"
    r = cli("memo", DEAL, "-o", out, "--appendix", "--no-paths", "--no-uncertainty")
    assert r.code == 0, r
    html = out.read_text()
    assert "Paths to lower risk" not in html and "Uncertain facts" not in html


def test_paths_and_uncertainty_belong_to_the_appendix_not_the_main_memo(cli, tmp_path):
    out = tmp_path / "m.html"
    r = cli("memo", DEAL, "-o", out)
    assert r.code == 0, r
    html = out.read_text()
    assert "Paths to lower risk" not in html and "Uncertain facts" not in html
    r = cli("memo", DEAL, "-o", tmp_path / "a.html", "--appendix-only")
    assert r.code == 0, r
    assert "Paths to lower risk" in (tmp_path / "a.html").read_text()


def test_workbook_history_adds_a_timeline_sheet_that_review_accepts(cli, tmp_path):
    out = tmp_path / "w.xlsx"
    r = cli("workbook", DEAL, "--history", HISTORY, "-o", out)
    assert r.code == 0, r
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-1] == "Timeline"
    from riskkit.load.rubric import load_rubrics

    risk = [r for r in load_rubrics().rubrics if r.kind != "notifiability"]
    assert len(wb["Timeline"]._charts) == len(risk)  # one per risk rubric (filing thresholds give verdicts)
    r = cli("review", out, "-o", tmp_path / "r.json", "--allow-path", DEAL.parent, cwd=tmp_path.parent)
    assert r.code == 0, r


def test_bad_history_is_one_line_exit_2(cli, tmp_path):
    bad = tmp_path / "h.yaml"
    bad.write_text("history: [\n")
    r = cli("memo", DEAL, "-o", tmp_path / "m.html", "--history", bad)
    assert r.code == 2 and r.err.count("\n") == 1
    assert not (tmp_path / "m.html").exists()


@pytest.mark.parametrize(
    "example, history",
    [
        ("microsoft-openai-2025.yaml", "microsoft-openai-history.yaml"),
        ("openai-restructuring-2024-12.yaml", None),
        ("hypothetical-severe-control.yaml", None),
    ],
)
def test_extra_sections_survive_the_trip_from_a_forked_child(example, history):
    """The PDF path computes them in a child and sends JSON back: the memo must not change."""
    import json

    from riskkit.cli.options import load_inputs
    from riskkit.engine.scoring import score
    from riskkit.render.memo_build import extra_sections

    deal, rubric_set = load_inputs(str(EXAMPLES / example), None, ())
    history = str(EXAMPLES / history) if history else None
    settings = {
        "history": history,
        "paths_target": "moderate",
        "no_paths": False,
        "no_uncertainty": False,
        "part": "both",
    }
    sections = extra_sections(deal, rubric_set, score(deal, rubric_set), settings)
    assert len(sections) == (3 if history else 2)
    assert json.loads(json.dumps(sections)) == sections

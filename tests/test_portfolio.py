"""riskkit portfolio: ranking, heat map (xlsx conditional formatting, PDF SVG), drill-downs, failures, exit codes."""

import io
import json

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from riskkit.analysis.portfolio import collect_paths, load_portfolio
from riskkit.load.rubric import load_rubrics

from .conftest import ROOT

FIX = ROOT / "tests" / "fixtures" / "portfolio"
RUBRICS = FIX / "rubrics"
DEALS = FIX / "deals"


def test_bad_file_is_named_and_others_still_score(cli):
    r = cli("portfolio", DEALS, "--rubrics", RUBRICS)
    assert r.code == 2, r
    assert "broken.yaml" in r.err and "stake_pc" in r.err and "did you mean 'stake_pct'" in r.err
    lines = r.out.splitlines()
    # ranked on the most-likely estimate by default (gamma's unknowns presumed), bounds beside it
    assert [line.split()[1] for line in lines[2:5]] == ["alpha", "gamma", "beta"]
    assert "high (moderate–severe) 65 (30–80)" in lines[3]
    assert "3 deal(s) scored against 2 rubric(s); 1 file(s) could not be read" in r.out
    assert "reading deals" not in r.err  # no progress bar when stderr is not a terminal


def test_unknown_chooses_the_estimate_that_ranks_shows_and_gates(cli):
    worst = cli("portfolio", DEALS, "--rubrics", RUBRICS, "--unknown", "worst")
    assert [line.split()[1] for line in worst.out.splitlines()[2:5]] == ["gamma", "alpha", "beta"]
    assert "severe (moderate–severe) 80 (30–80)" in worst.out
    best = cli("portfolio", DEALS, "--rubrics", RUBRICS, "--unknown", "best")
    assert [line.split()[1] for line in best.out.splitlines()[2:5]] == ["alpha", "gamma", "beta"]
    assert "moderate (moderate–severe) 30 (30–80)" in best.out
    gamma = DEALS / "gamma.yaml"
    # gamma: severe only in the worst case; high on the most-likely estimate, moderate at best
    assert cli("portfolio", gamma, "--rubrics", RUBRICS, "--fail-on", "severe").code == 0
    assert cli("portfolio", gamma, "--rubrics", RUBRICS, "--fail-on", "severe", "--unknown", "worst").code == 1
    assert cli("portfolio", gamma, "--rubrics", RUBRICS, "--fail-on", "high").code == 1
    assert cli("portfolio", gamma, "--rubrics", RUBRICS, "--fail-on", "high", "--unknown", "best").code == 0
    data = json.loads(cli("portfolio", gamma, "--rubrics", RUBRICS, "--format", "json").out)
    anti = {x["id"]: x for x in data["deals"][0]["rubrics"]}["antitrust"]
    assert data["unknown"] == "likely"
    assert (anti["score_likely"], anti["band_likely"], anti["score"], anti["score_worst"]) == (65.0, "high", 30.0, 80.0)


def test_fail_on_takes_precedence_and_fail_fast_stops(cli):
    assert cli("portfolio", DEALS, "--rubrics", RUBRICS, "--fail-on", "high").code == 1
    ok = cli("portfolio", DEALS / "beta.yaml", "--rubrics", RUBRICS, "--fail-on", "high")
    assert ok.code == 0, ok
    ff = cli("portfolio", DEALS / "broken.yaml", DEALS / "alpha.yaml", "--rubrics", RUBRICS, "--fail-fast")
    assert ff.code == 2 and "broken.yaml" in ff.err and ff.out == ""


def test_exit_code_rule():
    rs = load_rubrics(RUBRICS)
    p = load_portfolio([str(DEALS)], rs)
    assert [f.path.endswith("broken.yaml") for f in p.failures] == [True]
    assert p.exit_code(None) == 2
    assert p.exit_code("severe") == 1  # a deal at the gate outranks the bad file
    clean = load_portfolio([str(DEALS / "beta.yaml")], rs)
    assert clean.exit_code("moderate") == 0 and clean.exit_code("low") == 1


def test_globs_folders_and_missing_patterns():
    paths, failures = collect_paths([str(DEALS / "a*.yaml"), str(FIX / "history"), "nope/*.yaml"])
    names = [p.split("/")[-1] for p in paths]
    assert names == ["alpha.yaml", "alpha-base.yaml", "alpha-history.yaml"]
    assert failures and failures[0].path == "nope/*.yaml"
    p = load_portfolio([str(FIX / "history")], load_rubrics(RUBRICS))
    assert [d.id for d in p.deals] == ["alpha"] and p.skipped and "history" in p.skipped[0][0]


def test_json_and_csv(cli):
    r = cli("portfolio", DEALS / "alpha.yaml", DEALS / "beta.yaml", "--rubrics", RUBRICS, "--format", "json")
    data = json.loads(r.out)
    assert [d["deal"] for d in data["deals"]] == ["alpha", "beta"]
    alpha = data["deals"][0]["rubrics"]
    assert {x["id"]: x["band_worst"] for x in alpha} == {"antitrust": "severe", "charity": "moderate"}
    c = cli("portfolio", DEALS / "alpha.yaml", DEALS / "beta.yaml", "--rubrics", RUBRICS, "--format", "csv")
    frame = pd.read_csv(io.StringIO(c.out))
    assert len(frame) == 4 and {"at-stake", "ch-control", "path"} <= set(frame.columns)
    beta_charity = frame[(frame["deal"] == "beta") & (frame["rubric"] == "charity")].iloc[0]
    assert beta_charity["status"] == "not_applicable" and beta_charity["ch-control"] == "not_applicable"


def test_workbook_heat_map_and_drill_down(cli, tmp_path):
    out = tmp_path / "p.xlsx"
    r = cli("portfolio", DEALS, "--rubrics", RUBRICS, "-o", out)
    assert r.code == 2 and out.is_file()
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:3] == ["Ranking", "Heat map", "Failures"]
    heat = wb["Heat map"]
    rows = [[c.value for c in row] for row in heat.iter_rows(values_only=False)]
    assert rows[0] == ["Deal", "antitrust", "charity"]
    # coloured by the most-likely band by default
    assert rows[1:] == [["alpha", "severe", "moderate"], ["gamma", "high", "high"], ["beta", "low", "n/a"]]
    rules = [(str(cf.sqref), rule.formula[0]) for cf in heat.conditional_formatting for rule in cf.rules]
    assert ("B2:C4", '"severe"') in rules and ("B2:C4", '"low"') in rules
    link = wb["Ranking"]["B3"].hyperlink
    assert link.location == "'2 gamma'!A1" and "2 gamma" in wb.sheetnames
    drill = wb["2 gamma"]
    texts = [c.value for row in drill.iter_rows() for c in row if c.value]
    assert "Stake confers influence" in texts
    assert "high — likely (moderate–severe)" in texts and "65 (30–80)" in texts  # likely first, bounds beside
    assert "broken.yaml" in wb["Failures"]["A2"].value


@pytest.mark.pdf
def test_pdf_has_ranking_heat_map_and_drill_down(cli, tmp_path):
    pdf = tmp_path / "p.pdf"
    r = cli("portfolio", DEALS, "--rubrics", RUBRICS, "--pdf", pdf)
    assert r.code == 2 and pdf.is_file()
    reader = PdfReader(str(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Heat map" in text and "Ranking" in text and "broken.yaml" in text
    assert "Gamma — uncertain stake, euro investment" in text  # drill-down section
    links = [a.get_object().get("/A", {}) for page in reader.pages for a in page.get("/Annots", []) or []]
    assert links, "ranking rows link to their drill-down sections"


@pytest.mark.parametrize(
    "body, message",
    [
        ("{% for %}", "portfolio.html.j2:1: template syntax error"),
        ("{{ p.no_such_key }}", "template refers to something undefined"),
    ],
)
def test_pdf_broken_template_is_one_line_error_and_writes_nothing(cli, tmp_path, body, message):
    templates = tmp_path / "broken"
    templates.mkdir()
    (templates / "portfolio.html.j2").write_text(body)
    pdf = tmp_path / "p.pdf"
    r = cli("portfolio", DEALS / "alpha.yaml", DEALS / "beta.yaml", "--rubrics", RUBRICS, "--pdf", pdf,
            "--template-dir", templates)  # fmt: skip
    assert r.code == 2, r
    assert message in r.err and len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    assert not pdf.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken"]  # no temp file left behind


def test_drill_downs_are_scored_by_the_analysis_step_never_by_the_writers(monkeypatch):
    import pytest

    import riskkit.engine.scoring
    from riskkit.render import render
    from riskkit.render.options import PortfolioOptions

    p = load_portfolio([str(DEALS / "alpha.yaml"), str(DEALS / "beta.yaml")], load_rubrics(RUBRICS))
    with pytest.raises(LookupError, match="score_drilldowns"):
        render(p, "html")  # nothing scored yet: a writer refuses rather than score
    scored = []
    real = riskkit.engine.scoring.score
    monkeypatch.setattr(
        riskkit.engine.scoring, "score", lambda deal, *a, **k: scored.append(deal.id) or real(deal, *a, **k)
    )
    assert len(p.score_drilldowns(10)) == 2
    assert sorted(scored) == ["alpha", "beta"]
    xlsx = render(p, "xlsx", PortfolioOptions(drill_limit=10))
    html = render(p, "html", PortfolioOptions(drill_limit=10))
    assert sorted(scored) == ["alpha", "beta"]  # the writers read the drill-down assessments, scoring nothing
    assert xlsx.startswith(b"PK") and "alpha" in html.decode("utf-8")


def test_bundled_rubrics_with_a_verdict_only_rubric_rank_the_real_examples(cli):
    """The bundled set has filing-thresholds, whose likely band is missing (verdicts only): the
    ranking must show its verdict, not crash on the missing value (pandas 3 keeps NaN in astype(str))."""
    example = ROOT / "examples" / "microsoft-openai-2025.yaml"
    r = cli("portfolio", example, ROOT / "examples" / "hypothetical-low-risk.yaml")
    assert r.code == 0, r
    rows = {line.split()[1]: line for line in r.out.splitlines() if line[:1].isdigit() and "deal(s)" not in line}
    assert set(rows) == {"microsoft-openai-2025-10", "hypothetical-low-risk"}
    assert rows["microsoft-openai-2025-10"].rstrip().endswith("unknown")  # US turns on the present-vote question
    assert rows["hypothetical-low-risk"].rstrip().endswith("not notifiable")


def test_portfolio_reads_each_deal_as_score_does_later_sources_left_out(rubric_set):
    """A deal ranks on the figures `riskkit score` gives it: facts resting on sources dated after
    the deal's as-of date are left out in both (the Oct 2025 example cites a 3 Nov 2025 contract)."""
    from riskkit.engine.scoring import score
    from riskkit.load.deal import load_deal

    paths = sorted(
        str(p)
        for p in (ROOT / "examples").rglob("*.yaml")
        if "history" not in p.name and "ci" not in p.relative_to(ROOT).parts
    )
    p = load_portfolio(paths, rubric_set)
    assert not p.failures and len(p.deals) == len(paths) >= 13
    frame = p.frame
    for row, path in enumerate(paths):
        for rr in score(load_deal(path, rubric_set.catalogue), rubric_set).results:
            if not rr.scored:
                continue
            got = frame[(frame["row"] == row) & (frame["rubric"] == rr.id)].iloc[0]
            want = rr.range
            assert (got["score"], got["score_likely"], got["score_worst"]) == (
                want.score,
                want.likely,
                want.score_worst,
            ), (path, rr.id)
    oct_2025 = paths.index(str(ROOT / "examples" / "microsoft-openai-2025.yaml"))
    later = load_portfolio([paths[oct_2025]], rubric_set, include_later_sources=True).frame
    kept = later[later["rubric"] == "compute-concentration"].iloc[0]
    dropped = frame[(frame["row"] == oct_2025) & (frame["rubric"] == "compute-concentration")].iloc[0]
    assert (dropped["score_likely"], dropped["score_worst"]) == (17.7, 35.4)
    assert (kept["score_likely"], kept["score_worst"]) == (11.6, 23.2)


def test_a_shared_deal_id_is_warned_about_and_facts_without_a_deal_are_an_error(cli, tmp_path):
    deal = (ROOT / "examples" / "hypothetical-low-risk.yaml").read_text()
    (tmp_path / "a.yaml").write_text(deal)
    (tmp_path / "b.yaml").write_text(deal)
    (tmp_path / "c.yaml").write_text("facts:\n  investor_voting_stake_pct: {value: 4}\n")
    r = cli("portfolio", tmp_path)
    assert r.code == 2, r  # one file could not be read
    assert f"{tmp_path / 'c.yaml'}: has facts: but no deal: mapping" in r.err
    assert "is used by 2 files" in r.err and str(tmp_path / "a.yaml") in r.err
    assert r.out.splitlines()[0].split()[:3] == ["#", "deal", "highest"] and "highest (likely)" in r.out

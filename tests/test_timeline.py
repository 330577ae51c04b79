"""Deal timelines: amendments applied in order, each band change explained by the facts that moved."""

import json
import re

import openpyxl
import pytest
from msgspec.structs import replace

from riskkit.analysis.timeline import load_history, run_timeline
from riskkit.engine.scoring import score
from riskkit.errors import InputError
from riskkit.load.deal import load_deal
from riskkit.load.rubric import load_rubrics
from riskkit.render.timeline import chart_svg, timeline_section, timeline_sheet

from .conftest import EXAMPLES, ROOT

FIX = ROOT / "tests" / "fixtures" / "portfolio"
HISTORY = FIX / "history" / "alpha-history.yaml"


@pytest.fixture
def fixture_set():
    return load_rubrics(FIX / "rubrics")


def test_steps_apply_amendments_cumulatively(fixture_set):
    h = load_history(HISTORY, fixture_set.catalogue)
    assert [s.date.isoformat() for s in h.steps] == ["2024-06-01", "2025-03-01", "2025-11-01", "2026-01-15"]
    last = h.steps[-1].deal
    assert last.stage == "signed" and last.as_of.isoformat() == "2026-01-15"
    assert "spend" not in last.facts  # null removes a fact: unknown from that date
    assert last.facts["observer"].sources == ("board-minutes",) and "board-minutes" in last.sources
    assert h.steps[-1].changed == ("exclusivity", "spend")


def test_every_band_change_is_explained_by_the_facts_that_moved(fixture_set):
    t = run_timeline(load_history(HISTORY, fixture_set.catalogue), fixture_set)
    changes = [(r.step.date.isoformat(), b) for r in t.results for b in r.band_changes]
    assert [(d, b.rubric, b.before, b.after) for d, b in changes] == [
        ("2025-11-01", "antitrust", "high", "severe"),
        ("2025-11-01", "charity", "low", "moderate"),
        ("2026-01-15", "antitrust", "severe", "high"),
        ("2026-01-15", "charity", "moderate", "high"),
    ]
    for date, b in changes:
        step = next(r for r in t.results if r.step.date.isoformat() == date)
        moved = {c.fact for c in step.changes}
        assert b.because and set(b.because) <= moved | {f"param:{p}" for _, p, _, _ in step.params}
        # the sentence names the findings whose status changed, never a fact id or a non-change
        assert all(t in b.explanation and x != y for t, x, y in b.moved)
        assert " via " not in b.explanation and "unknown → unknown" not in b.explanation
    stake = changes[0][1]
    assert stake.because == ("stake_pct",) and "Stake confers influence" in stake.explanation
    # the step that changed no band still lists what changed and the parameter now in force
    observer = t.results[1]
    assert [c.fact for c in observer.changes] == ["observer"] and observer.band_changes == []
    assert observer.params == [("antitrust", "hsr", "USD 90m", "USD 126.4m")]
    assert [f.criterion for f in observer.flips] == ["at-observer"]


def test_cli_table_json_and_svg(cli, tmp_path):
    svg = tmp_path / "t.svg"
    r = cli("timeline", HISTORY, "--rubrics", FIX / "rubrics", "--svg", svg)
    assert r.code == 0, r
    assert "BAND     antitrust rose from high to severe" in r.out
    # the text names facts and criteria in words, with the criterion id beside the title
    assert (
        "flipped  Stake confers influence (at-stake): not triggered → triggered [0 → 20 pts] via Voting stake" in r.out
    )
    assert "changed  Voting stake: 10% → 49%" in r.out and "stake_pct" not in r.out
    assert svg.read_text().startswith("<svg") and "2026-01-15" in svg.read_text()
    j = json.loads(cli("timeline", HISTORY, "--rubrics", FIX / "rubrics", "--format", "json").out)
    assert j["steps"][3]["band_changes"][0]["because"] == ["exclusivity", "spend", "spend_ratio"]
    assert cli("timeline", HISTORY, "--rubrics", FIX / "rubrics", "--fail-on", "high").code == 1


def test_bad_history_names_file_and_line(tmp_path, fixture_set):
    bad = tmp_path / "h.yaml"
    (tmp_path / "alpha-base.yaml").write_text((FIX / "history" / "alpha-base.yaml").read_text())
    bad.write_text(
        "history: 1\nbase: alpha-base.yaml\namendments:\n"
        "  - {date: 2025-01-01, title: a}\n  - {date: 2024-12-01, title: b}\n"
    )
    with pytest.raises(InputError, match=r"h.yaml:5: .*date order"):
        load_history(bad, fixture_set.catalogue)
    bad.write_text(
        "history: 1\nbase: alpha-base.yaml\namendments:\n  - date: 2025-01-01\n    title: a\n    facts: {stake: 3}\n"
    )
    with pytest.raises(InputError, match=r"h.yaml:6: .*unknown fact 'stake'"):
        load_history(bad, fixture_set.catalogue)


def test_memo_section_and_workbook_sheet(fixture_set):
    from riskkit.render.memo import environment

    t = run_timeline(load_history(HISTORY, fixture_set.catalogue), fixture_set)
    section = timeline_section(t)
    assert set(section) == {"id", "title", "template", "data"}
    html = environment().get_template(section["template"]).render(section=section)
    assert "<svg" in html and "Stake raised to 49%" in html and "antitrust rose from high to severe" in html
    assert "<polyline" in chart_svg(t)
    wb = openpyxl.Workbook()
    timeline_sheet(t)(wb)
    ws = wb["Timeline"]
    assert str(ws["C1"].value)[:10] == "2024-06-01" and len(ws._charts) == 2  # one per risk rubric
    # one column per step; per risk rubric a block of rows: most likely, best, worst, band, band range
    assert [ws.cell(r, 2).value for r in range(4, 9)] == ["most likely", "best case", "worst case",
                                                          "most-likely band", "band range"]  # fmt: skip
    assert ws["E6"].value == 80  # worst case at the third step


EXAMPLE_HISTORY = EXAMPLES / "microsoft-openai-history.yaml"


def test_microsoft_openai_history_reproduces_each_snapshot():
    rs = load_rubrics(ROOT / "rubrics")
    h = load_history(EXAMPLE_HISTORY, rs.catalogue)
    names = ["2019", "2023", "2025-01", "2025", "2026-04"]
    assert len(h.steps) == len(names)
    for step, name in zip(h.steps, names):
        snap = load_deal(EXAMPLES / f"microsoft-openai-{name}.yaml", rs.catalogue)
        assert step.deal.as_of == snap.as_of and step.deal.id == snap.id
        key = lambda f: (f.value, f.currency, f.sources, f.confidence)  # noqa: E731
        assert {k: key(v) for k, v in step.deal.facts.items()} == {k: key(v) for k, v in snap.facts.items()}
        assert all(step.deal.sources[s] == snap.sources[s] for s in snap.sources)
        for fact in step.deal.facts.values():
            assert fact.sources, f"{name}: {fact.id} has no source"
        # a history step is the state on its own (its verdicts move step to step); the snapshot
        # file also names its prior state and reviews, which settle reviewed findings
        a, b = score(step.deal, rs), score(replace(snap, prior=None), rs)
        assert [r.range for r in a.results] == [r.range for r in b.results]
    t = run_timeline(h, rs)
    for r in t.results[1:]:
        for b in r.band_changes:
            assert b.because, b.explanation


def test_likely_estimate_leads_and_unknown_chooses_what_gates(cli, tmp_path):
    (tmp_path / "gamma.yaml").write_text(
        (ROOT / "tests" / "fixtures" / "portfolio" / "deals" / "gamma.yaml").read_text()
    )
    h = tmp_path / "h.yaml"
    h.write_text("history: 1\nbase: gamma.yaml\namendments:\n  - {date: 2030-01-01, title: Nothing new}\n")
    r = cli("timeline", h, "--rubrics", FIX / "rubrics")
    assert r.code == 0 and "high (moderate–severe) 65 (30–80)" in r.out, r
    step = json.loads(cli("timeline", h, "--rubrics", FIX / "rubrics", "--format", "json").out)["steps"][-1]
    anti = {x["id"]: x for x in step["rubrics"]}["antitrust"]
    assert (anti["score_likely"], anti["band_likely"], anti["score"], anti["score_worst"]) == (65.0, "high", 30.0, 80.0)
    # severe only in the worst case: the most-likely band gates unless --unknown says otherwise
    assert cli("timeline", h, "--rubrics", FIX / "rubrics", "--fail-on", "severe").code == 0
    assert cli("timeline", h, "--rubrics", FIX / "rubrics", "--fail-on", "severe", "--unknown", "worst").code == 1
    assert cli("timeline", h, "--rubrics", FIX / "rubrics", "--fail-on", "high", "--unknown", "best").code == 0


def test_an_open_criterion_whose_range_shrinks_is_narrowed_not_flipped(cli):
    r = cli("timeline", ROOT / "examples" / "microsoft-openai-history.yaml")
    assert r.code == 0, r
    assert "unknown → unknown" not in r.out
    line = next(x for x in r.out.splitlines() if "(dfa-de-concentration-element)" in x)
    assert line.startswith("  narrowed German concentration element") and "still unknown [0–12 → 10–12 pts]" in line


def test_timeline_reads_each_step_as_of_its_date_unless_later_sources_are_asked_for(cli):
    def compute(*extra):
        r = cli("timeline", ROOT / "examples" / "microsoft-openai-history.yaml", "--format", "json", *extra)
        assert r.code == 0, r
        step = next(s for s in json.loads(r.out)["steps"] if s["date"] == "2025-10-28")
        cc = next(x for x in step["rubrics"] if x["id"] == "compute-concentration")
        return cc["score_likely"], cc["score_worst"]

    assert compute() == (17.7, 35.4)  # as `riskkit score` reads the Oct 2025 snapshot
    assert compute("--include-later-sources") == (11.6, 23.2)  # the 3 Nov 2025 contract counted


def test_a_band_that_held_while_its_range_moved_says_so():
    rs = load_rubrics(ROOT / "rubrics")
    t = run_timeline(load_history(EXAMPLE_HISTORY, rs.catalogue), rs)
    texts = [b.explanation for r in t.results[1:] for b in r.band_changes]
    assert not [x for x in texts if re.search(r"(rose|fell) from (\w+) \(.*?\) to \2\b", x)]  # no "high to high"
    assert any(
        x.startswith("compute-concentration stayed high; its range narrowed from moderate–severe to high–severe")
        for x in texts
    )

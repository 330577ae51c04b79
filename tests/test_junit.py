"""JUnit output: parsed back and its counts compared with the assessment."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from riskkit.engine.run import Run, score_with_waivers
from riskkit.load.baseline import load_baseline
from riskkit.load.deal import load_deal
from riskkit.load.rubric import load_rubrics
from riskkit.load.waivers import load_waivers
from riskkit.render import render

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"
DEAL = HERE / "fixtures" / "mini-deal.yaml"
CI = HERE / "fixtures" / "ci"


def scored(deal=DEAL, waivers=None, today=dt.date(2025, 11, 15)):
    rs = load_rubrics(MINI)
    d = load_deal(deal, rs.catalogue)
    wfile = load_waivers(waivers, rs.catalogue, {c.id for r in rs.rubrics for c in r.criteria}) if waivers else None
    return score_with_waivers(d, rs, wfile, today)


def junit(assessment, **gate):
    root = ET.fromstring(render(Run(assessment, **gate), "junit"))
    assert root.tag == "testsuites"
    return root


def case_outcome(case) -> str:
    for tag in ("failure", "error", "skipped"):
        if case.find(tag) is not None:
            return tag
    return "passed"


@pytest.mark.parametrize("fail_on", [None, "moderate", "high", "severe"])
def test_counts_match_the_assessment(fail_on):
    a, _ = scored()
    root = junit(a, fail_on=fail_on)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [rr.id for rr in a.results]
    for suite, rr in zip(suites, a.results):
        cases = suite.findall("testcase")
        assert len(cases) == len(rr.findings) == int(suite.get("tests"))
        assert [c.get("name").split(":")[0] for c in cases] == [f.id for f in rr.findings]
        c = rr.counts()
        gates = fail_on is None or a.exit_code(fail_on) == 1
        expected_failures = c["triggered"] if gates else 0
        outcomes = [case_outcome(x) for x in cases]
        assert outcomes.count("failure") == expected_failures == int(suite.get("failures"))
        assert (
            outcomes.count("skipped") == c["unknown"] + c["waived"] + c["not_applicable"] == int(suite.get("skipped"))
        )
        assert int(suite.get("errors")) == 0
    assert int(root.get("tests")) == a.counts()["criteria"]


def test_failure_carries_the_why_and_unknown_names_missing_facts():
    a, _ = scored()
    root = junit(a, fail_on="moderate")
    cases = {c.get("name").split(":")[0]: c for c in root.iter("testcase")}
    failure = cases["mini-size"].find("failure")
    assert "investment = EUR 150m > USD 126.4m" in failure.get("message")
    assert "Mitigation: None." in failure.text and "Reference: HSR Act" in failure.text
    assert cases["mini-size"].get("line") == "21"  # the investment fact in mini-deal.yaml
    assert cases["mini-spend"].find("skipped").get("message") == "unknown: missing facts: spend"
    assert "stake_pct is a range (10–30%)" in cases["mini-stake"].find("skipped").get("message")


def test_below_fail_on_passes_with_a_note():
    rs = load_rubrics(MINI)
    d = load_deal(CI / "mini-deal-v2.yaml", rs.catalogue)
    a, _ = score_with_waivers(d, rs, None, dt.date(2026, 3, 1))
    assert a.exit_code("severe") == 0
    root = junit(a, fail_on="severe")
    assert root.get("failures") == "0"
    case = next(c for c in root.iter("testcase") if c.get("name").startswith("mini-stake"))
    assert case_outcome(case) == "passed"
    assert "below --fail-on severe" in case.find("system-out").text


def test_waived_is_skipped_with_the_justification():
    a, report = scored(waivers=CI / "waivers.yaml")
    assert [e.criterion for e in report.applied] == ["mini-observer-or-cloud", "mini-size"]
    root = junit(a, fail_on="moderate")
    cases = {c.get("name").split(":")[0]: c for c in root.iter("testcase")}
    skipped = cases["mini-observer-or-cloud"].find("skipped")
    assert skipped.get("message").startswith("waived: The observer seat carries no access")
    assert "approved by Jane Doe (General Counsel), expires 2026-06-30" in skipped.get("message")
    assert root.get("failures") == "0"
    assert int(root.get("skipped")) == a.counts()["unknown"] + a.counts()["waived"] == 5


def test_baseline_findings_are_skipped_not_failed(tmp_path):
    a, _ = scored()
    saved = tmp_path / "previous.json"
    saved.write_bytes(render(a, "json"))
    baseline = load_baseline(str(saved), a.deal)
    root = junit(a, fail_on="moderate", baseline=baseline)
    assert root.get("failures") == "0"
    msgs = [c.find("skipped").get("message") for c in root.iter("testcase") if c.find("skipped") is not None]
    assert sum("already in baseline" in m for m in msgs) == 2


def test_hostile_text_stays_well_formed(tmp_path):
    # (control characters never get this far: the loader refuses them, see test_hostile)
    text = DEAL.read_text().replace("title: Mini deal", 'title: "Mini <deal> & \\"co\\" ]]>"')
    deal = tmp_path / "deal.yaml"
    deal.write_text(text)
    a, _ = scored(deal=deal)
    root = junit(a)
    assert root.get("name") == 'riskkit: Mini <deal> & "co" ]]>'


def test_same_inputs_same_bytes():
    a, _ = scored()
    assert render(Run(a, fail_on="high"), "junit") == render(Run(scored()[0], fail_on="high"), "junit")


def test_cli_writes_several_outputs_in_one_run(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "riskkit.cli",
            "score",
            str(DEAL),
            "--rubrics",
            str(MINI),
            "--fail-on",
            "severe",
            "--unknown",
            "worst",
            "-o",
            f"junit:{tmp_path / 'report.xml'}",
            "-o",
            f"sarif:{tmp_path / 'riskkit.sarif'}",
            "-o",
            "table:-",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1, out.stderr  # worst case reaches severe
    assert "5 criteria: 2 triggered, 0 waived, 3 unknown, 0 clear" in out.stdout
    root = ET.parse(tmp_path / "report.xml").getroot()
    assert root.get("tests") == "5" and root.get("failures") == "2"
    assert (tmp_path / "riskkit.sarif").read_text().startswith("{")

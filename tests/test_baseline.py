"""--baseline: fail only on findings new since a saved JSON assessment."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from riskkit.engine.run import Run, score_with_waivers
from riskkit.errors import InputError
from riskkit.load.baseline import load_baseline
from riskkit.load.deal import load_deal
from riskkit.load.rubric import load_rubrics
from riskkit.load.waivers import load_waivers
from riskkit.render import render

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"
DEAL = HERE / "fixtures" / "mini-deal.yaml"
V2 = HERE / "fixtures" / "ci" / "mini-deal-v2.yaml"
WAIVERS = HERE / "fixtures" / "ci" / "waivers.yaml"


def scored(deal, waivers=None, today=dt.date(2025, 11, 15)):
    rs = load_rubrics(MINI)
    wfile = load_waivers(waivers, rs.catalogue) if waivers else None
    return score_with_waivers(load_deal(deal, rs.catalogue), rs, wfile, today)[0]


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "previous.json"
    path.write_bytes(render(scored(DEAL), "json"))
    return path


def test_same_findings_do_not_fail(saved):
    a = scored(DEAL)
    b = load_baseline(str(saved), a.deal)
    assert a.exit_code("moderate") == 1
    gated = Run(a, fail_on="moderate", baseline=b)
    assert b.new_findings(a) == [] and gated.exit_code() == 0
    assert {gated.verdict(a.results[0], f) for f in a.results[0].findings} == {
        "baseline",
        "unknown",
    }


def test_new_findings_fail(saved):
    a = scored(V2, today=dt.date(2026, 3, 1))
    b = load_baseline(str(saved), a.deal)
    assert [f.id for _, f in b.new_findings(a)] == ["mini-stake", "mini-vetoes"]  # unknown → triggered
    assert Run(a, fail_on="high", baseline=b).exit_code() == 1
    assert Run(a, fail_on="severe", baseline=b).exit_code() == 0  # new, but the rubric stays below severe
    assert Run(a, fail_on=None, baseline=b).exit_code() == 0


def test_an_expired_waiver_makes_its_finding_new(tmp_path):
    path = tmp_path / "previous.json"
    path.write_bytes(render(scored(DEAL, WAIVERS, dt.date(2025, 11, 15)), "json"))
    a = scored(DEAL, WAIVERS, dt.date(2026, 1, 2))  # mini-size's waiver ended 2025-12-31
    b = load_baseline(str(path), a.deal)
    assert [f.id for _, f in b.new_findings(a)] == ["mini-size"]


def test_new_unknowns_count_only_on_the_worst_case(tmp_path):
    path = tmp_path / "previous.json"
    path.write_bytes(render(scored(V2, today=dt.date(2026, 3, 1)), "json"))  # mini-size clear there
    deal = tmp_path / "deal.yaml"
    deal.write_text("\n".join(x for x in V2.read_text().splitlines() if not x.strip().startswith("investment:")))
    a = scored(deal, today=dt.date(2026, 3, 1))  # investment deleted: mini-size becomes unknown
    b = load_baseline(str(path), a.deal)
    assert [(f.id, f.status) for _, f in b.new_findings(a, "worst")] == [("mini-size", "unknown")]
    assert b.new_findings(a, "best") == []
    assert Run(a, "high", "worst", baseline=b).exit_code() == 1
    assert Run(a, "high", "best", baseline=b).exit_code() == 0


def test_bad_baselines_are_input_errors(tmp_path):
    other = tmp_path / "other.json"
    data = json.loads(render(scored(DEAL), "json"))
    data["deal"]["id"] = "another-deal"
    other.write_text(json.dumps(data))
    with pytest.raises(InputError, match="baseline is for deal 'another-deal'"):
        load_baseline(str(other), scored(DEAL).deal)
    notjson = tmp_path / "x.json"
    notjson.write_text('{"a": 1,\n "b": }')
    with pytest.raises(InputError) as exc:
        load_baseline(str(notjson))
    assert exc.value.line == 2
    facts = tmp_path / "facts.json"
    facts.write_text('{"deal": {}, "facts": {}}')
    with pytest.raises(InputError, match="not a riskkit JSON assessment"):
        load_baseline(str(facts))


def test_cli_baseline_gate(saved):
    def run(deal):
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "riskkit.cli",
                "score",
                str(deal),
                "--rubrics",
                str(MINI),
                "--fail-on",
                "high",
                "--baseline",
                str(saved),
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
        )

    same = run(DEAL)
    assert same.returncode == 0, same.stderr  # without the baseline this deal fails --fail-on high
    assert "0 finding(s) new since it" in same.stderr
    changed = run(V2)
    assert changed.returncode == 1
    assert "2 finding(s) new since it: mini-stake, mini-vetoes" in changed.stderr
    assert json.loads(changed.stdout)["baseline"]["new"] == [
        {"rubric": "mini", "criterion": "mini-stake", "status": "triggered"},
        {"rubric": "mini", "criterion": "mini-vetoes", "status": "triggered"},
    ]

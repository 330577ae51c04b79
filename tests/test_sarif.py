"""SARIF 2.1.0: validated against the official JSON schema; results sit on the facts' lines."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
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
SCHEMA = json.loads((HERE / "schemas" / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def scored(deal=DEAL, waivers=None, today=dt.date(2025, 11, 15), rubrics=MINI):
    rs = load_rubrics(rubrics)
    d = load_deal(deal, rs.catalogue)
    wfile = load_waivers(waivers, rs.catalogue, {c.id for r in rs.rubrics for c in r.criteria}) if waivers else None
    return score_with_waivers(d, rs, wfile, today)


def sarif(assessment, **gate) -> dict:
    log = json.loads(render(Run(assessment, **gate), "sarif"))
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return log


def line_of(path: Path, key: str) -> int:
    for i, text in enumerate(path.read_text().splitlines(), start=1):
        if text.strip().startswith(f"{key}:"):
            return i
    raise AssertionError(key)


def test_the_schema_rejects_a_broken_log():
    bad = {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {}}, "results": [{"message": {"text": "x"}, "level": "bad"}]}],
    }
    assert list(jsonschema.Draft4Validator(SCHEMA).iter_errors(bad))


@pytest.mark.parametrize("fail_on", [None, "high", "severe"])
def test_valid_sarif_rules_are_the_criteria(fail_on):
    a, _ = scored()
    log = sarif(a, fail_on=fail_on)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [f.id for rr in a.results for f in rr.findings]
    size = next(r for r in rules if r["id"] == "mini-size")
    assert size["shortDescription"]["text"] == "Investment above HSR size of transaction"
    assert "Reportable size." in size["help"]["text"] and "HSR Act, FTC" in size["help"]["text"]
    assert "**Mitigation:** None." in size["help"]["markdown"]
    assert size["properties"]["references"][0]["title"] == "HSR Act"
    observer = next(r for r in rules if r["id"] == "mini-observer-or-cloud")
    assert observer["properties"]["references"][0]["date"] == "2025-01-17"
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]


def test_results_point_at_the_fact_lines():
    a, _ = scored()
    run = sarif(a, fail_on="high")["runs"][0]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert set(by_rule) == {"mini-stake", "mini-observer-or-cloud", "mini-size", "mini-spend", "mini-vetoes"}
    loc = by_rule["mini-size"]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith("tests/fixtures/mini-deal.yaml")
    assert loc["region"]["startLine"] == line_of(DEAL, "investment") == 21
    assert by_rule["mini-observer-or-cloud"]["locations"][0]["physicalLocation"]["region"]["startLine"] == line_of(
        DEAL, "observer"
    )
    assert by_rule["mini-stake"]["locations"][0]["physicalLocation"]["region"]["startLine"] == line_of(
        DEAL, "stake_pct"
    )
    assert by_rule["mini-size"]["level"] == "error"
    assert by_rule["mini-spend"]["level"] == "note"
    assert "missing facts: spend" in by_rule["mini-spend"]["message"]["text"]


def test_derived_fact_points_at_its_inputs(tmp_path):
    deal = tmp_path / "deal.yaml"
    deal.write_text(DEAL.read_text() + "  spend: {value: 200, currency: EUR, sources: [news]}\n")
    a, _ = scored(deal=deal)
    run = sarif(a)["runs"][0]
    res = next(r for r in run["results"] if r["ruleId"] == "mini-spend")
    lines = [res["locations"][0]["physicalLocation"]["region"]["startLine"]]
    lines += [r["physicalLocation"]["region"]["startLine"] for r in res.get("relatedLocations", [])]
    assert sorted(lines) == [line_of(deal, "investment"), line_of(deal, "spend")]


def test_waived_results_are_kept_as_suppressed():
    a, _ = scored(waivers=CI / "waivers.yaml")
    run = sarif(a, fail_on="moderate")["runs"][0]
    res = next(r for r in run["results"] if r["ruleId"] == "mini-observer-or-cloud")
    (sup,) = res["suppressions"]
    assert sup["kind"] == "external" and sup["status"] == "accepted"
    assert sup["justification"].startswith("The observer seat")
    assert sup["properties"]["approvedBy"] == "Jane Doe (General Counsel)"
    assert sup["properties"]["expires"] == "2026-06-30"
    assert run["properties"]["counts"]["waived"] == 2


def test_expired_waivers_become_notifications():
    a, report = scored(waivers=CI / "waivers.yaml", today=dt.date(2026, 2, 1))
    run = sarif(a, waivers=report)["runs"][0]
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert "expired on 2025-12-31" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["region"]["startLine"] == 9


def test_baseline_state(tmp_path):
    old, _ = scored()
    saved = tmp_path / "previous.json"
    saved.write_bytes(render(old, "json"))
    new, _ = scored(deal=CI / "mini-deal-v2.yaml", today=dt.date(2026, 3, 1))
    run = sarif(new, fail_on="high", baseline=load_baseline(str(saved), new.deal))["runs"][0]
    states = {r["ruleId"]: r["baselineState"] for r in run["results"]}
    assert states == {
        "mini-stake": "new",
        "mini-vetoes": "new",
        "mini-observer-or-cloud": "unchanged",
        "mini-spend": "unchanged",
    }

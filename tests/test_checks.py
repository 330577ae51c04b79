"""Checks carry what was compared, structured: fact, operator, literal / other fact / parameter
(its value in force, effective date and authority), actual — so no reader parses display text."""

from __future__ import annotations

import datetime as dt
import json

from riskkit.engine.scoring import score
from riskkit.load.deal import load_deal
from riskkit.load.rubric import load_rubrics
from riskkit.render import render

from .conftest import MINI, MINI_DEAL


def checks_by_fact(assessment):
    data = json.loads(render(assessment, "json"))
    return {ch["fact"]: ch for rr in data["results"] for f in rr["findings"] for ch in f["checks"]}, data


def test_a_parameter_comparison_names_the_parameter_its_value_and_date():
    rs = load_rubrics(MINI)
    a = score(load_deal(MINI_DEAL, rs.catalogue), rs)
    (check,) = [c for rr in a.results for f in rr.findings for c in f.checks if c.param == "hsr_size"]
    assert check.param_in_force is True
    assert check.param_effective == dt.date(2025, 2, 21)
    assert check.param_value == "USD 126.4m"
    assert check.expected.startswith(check.param_value)  # the display text is built from the fields
    by_fact, _ = checks_by_fact(a)
    d = by_fact[check.fact]
    assert (d["param"], d["param_value"], d["param_effective"], d["param_in_force"]) == (
        "hsr_size", "USD 126.4m", "2025-02-21", True)  # fmt: skip
    assert d["literal"] == "" and d["other"] == ""


def test_literal_and_unknown_comparisons(tmp_path):
    rs = load_rubrics(MINI)
    a = score(load_deal(MINI_DEAL, rs.catalogue), rs)
    by_fact, data = checks_by_fact(a)
    literal = [c for c in by_fact.values() if c["literal"]]
    assert literal and all(c["param"] == "" and c["param_in_force"] is None for c in literal)
    for rr in data["results"]:
        for f in rr["findings"]:
            assert "parameter_references" in f


def test_a_parameter_not_yet_in_force(tmp_path):
    rs = load_rubrics(MINI)
    early = tmp_path / "early.yaml"
    text = MINI_DEAL.read_text().replace("as_of: 2025-11-01", "as_of: 2025-01-01")
    early.write_text(text.replace("date: 2025-10-01", "date: 2024-10-01"))  # before the first HSR value
    a = score(load_deal(early, rs.catalogue), rs)
    (check,) = [c for rr in a.results for f in rr.findings for c in f.checks if c.param == "hsr_size"]
    assert check.param_in_force is False and check.param_value == "" and check.param_effective is None

"""`riskkit schema facts|rubric|catalogue|assessment` describe every real file and output (jsonschema)."""

from __future__ import annotations

import functools
import json

import jsonschema
import pytest

from riskkit.load import yamlio
from riskkit.schema import schema_for

from .conftest import EXAMPLES, MINI_DEAL, ROOT

RUBRICS = ROOT / "rubrics"
DEALS = sorted(p for p in [*EXAMPLES.glob("*.yaml"), *EXAMPLES.glob("comparators/*.yaml")] if "history" not in p.name)
SCORED = [EXAMPLES / n for n in ("microsoft-openai-2025.yaml", "microsoft-openai-2019.yaml", "hypothetical-low-risk.yaml",
                                 "hypothetical-severe-control.yaml", "openai-restructuring-2024-12.yaml")]  # fmt: skip


@functools.cache  # checking the facts schema against the metaschema takes 0.6 s: once per kind per run
def validator(kind: str):
    schema = schema_for(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def problems(kind: str, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator(kind).iter_errors(data)]


def plain(path):
    return json.loads(json.dumps(yamlio.load(path)))


@pytest.mark.parametrize("path", DEALS, ids=lambda p: p.name)
def test_every_example_deal_is_valid(path):
    assert problems("facts", plain(path)) == []


@pytest.mark.parametrize("path", sorted(RUBRICS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_rubric_or_catalogue_file_is_valid(path):
    data = plain(path)
    kind = "catalogue" if "catalogue" in data else "parameters" if "shared" in data else "rubric"
    assert problems(kind, data) == []


def test_every_catalogue_fragment_is_valid():
    fragments = sorted((RUBRICS / "facts.d").glob("*.yaml"))
    for path in fragments:
        assert problems("catalogue", plain(path)) == [], path


@pytest.mark.parametrize("path", SCORED, ids=lambda p: p.name)
def test_real_score_outputs_are_valid(cli, path):
    r = cli("score", path, "--format", "json")
    assert r.code in (0, 1), r
    assert problems("assessment", json.loads(r.out)) == []


def test_a_score_output_with_waivers_and_baseline_is_valid(cli, tmp_path):
    deal = EXAMPLES / "microsoft-openai-2025.yaml"
    base = tmp_path / "base.json"
    assert cli("score", deal, "--format", "json", "-o", base).code in (0, 1)
    r = cli("score", deal, "--waivers", EXAMPLES / "ci" / "waivers.yaml", "--baseline", base, "--format", "json")
    assert r.code in (0, 1), r
    out = json.loads(r.out)
    assert "waivers" in out and "baseline" in out
    assert problems("assessment", out) == []


def test_the_assessment_schema_covers_every_key():
    """No object in the output schema takes keys it does not name."""

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, where
            for k, v in node.items():
                walk(v, f"{where}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}/{i}")

    schema = schema_for("assessment")
    walk(schema, "")
    finding = schema["properties"]["results"]["items"]["properties"]["findings"]["items"]
    assert {"checks", "facts", "references", "waiver"} <= set(finding["required"])
    check = finding["properties"]["checks"]["items"]
    assert {"fact", "op", "result", "actual", "expected", "text"} <= set(check["properties"])
    gap = schema["properties"]["results"]["items"]["properties"]["gaps"]["items"]
    assert gap["required"] == ["fact", "question", "criteria"]


def test_the_facts_schema_lists_the_catalogue_and_flags_wrong_facts():
    from riskkit.load.catalogue import catalogue_for

    catalogue = catalogue_for(None)
    facts = schema_for("facts")["properties"]["facts"]
    given = {fid for fid, spec in catalogue.facts.items() if not spec.derived_op}
    assert set(facts["properties"]) == given and facts["additionalProperties"] is False
    pct = next(s.id for s in catalogue.facts.values() if s.type == "percent" and not s.derived_op)
    deal = plain(MINI_DEAL)
    deal["facts"] = {pct: {"value": 20, "sources": ["news"]}}
    assert problems("facts", deal) == []
    deal["facts"] = {pct + "x": 20}  # misspelt
    assert any(pct + "x" in p for p in problems("facts", deal))
    deal["facts"] = {pct: "abc"}  # not a percentage
    assert problems("facts", deal)
    deal["facts"] = {pct: {"low": 10, "high": 120}}  # above 100 %
    assert problems("facts", deal)
    enum_fact = next(s for s in catalogue.facts.values() if s.type == "enum" and not s.derived_op)
    deal["facts"] = {enum_fact.id: enum_fact.values[0]}
    assert problems("facts", deal) == []
    deal["facts"] = {enum_fact.id: "not-a-listed-value"}
    assert problems("facts", deal)
    assert facts["properties"][enum_fact.id]["anyOf"][1] == {"enum": list(enum_fact.values)}


def test_cli_schema_facts_takes_a_rubric_folder(cli):
    from .conftest import MINI

    r = cli("schema", "facts", "--rubrics", MINI)
    assert r.code == 0, r
    facts = json.loads(r.out)["properties"]["facts"]["properties"]
    assert "stake_pct" in facts

"""`riskkit rubrics` and `riskkit facts`: the library builds the listing, the registry's writers
write it, and the CLI only parses options. The expected outputs in tests/fixtures/listing/ were
captured from the CLI before the row-building moved out of it (byte for byte, fixture folder
written as <FIXTURES>)."""

import json

import pytest

from riskkit.analysis.listing import FactListing, RubricListing, fact_listing, rubric_listing
from riskkit.errors import UsageError
from riskkit.render import formats, render

from .conftest import FIXTURES, MINI

PORTFOLIO_RUBRICS = FIXTURES / "portfolio" / "rubrics"
EXPECTED = FIXTURES / "listing"

CASES = [
    ("rubrics-mini.txt", ["rubrics", "--rubrics", MINI]),
    ("rubrics-portfolio-criteria.txt", ["rubrics", "--rubrics", PORTFOLIO_RUBRICS, "--criteria"]),
    ("rubrics-portfolio-criteria.json", ["rubrics", "--rubrics", PORTFOLIO_RUBRICS, "--criteria", "--format", "json"]),
    ("rubrics-portfolio-charity.txt", ["rubrics", "charity", "--rubrics", PORTFOLIO_RUBRICS]),
    ("facts-mini.txt", ["facts", "--rubrics", MINI]),
    ("facts-mini.json", ["facts", "--rubrics", MINI, "--format", "json"]),
    ("facts-portfolio-levers.txt", ["facts", "--rubrics", PORTFOLIO_RUBRICS, "--levers"]),
    ("facts-portfolio-levers.json", ["facts", "--rubrics", PORTFOLIO_RUBRICS, "--levers", "--format", "json"]),
]


def expected(name: str) -> str:
    return (EXPECTED / name).read_text(encoding="utf-8").replace("<FIXTURES>", str(FIXTURES))


@pytest.mark.parametrize(("name", "args"), CASES, ids=[c[0] for c in CASES])
def test_listing_output_is_byte_identical_to_the_output_before_the_move(cli, name, args):
    r = cli(*args)
    assert r.code == 0, r
    assert r.out == expected(name)


def test_the_library_call_and_the_registry_give_the_same_bytes_as_the_command():
    listing = rubric_listing(PORTFOLIO_RUBRICS, (), criteria=True)
    assert isinstance(listing, RubricListing) and [r.id for r in listing.rubrics] == ["antitrust", "charity"]
    assert render(listing, "table").decode("utf-8") == expected("rubrics-portfolio-criteria.txt")
    rows = json.loads(render(listing, "json"))
    assert [c["id"] for c in rows[1]["criteria_list"]] == ["ch-control", "ch-compute", "ch-stake"]
    assert rows[0]["criteria"] == 5 and rows[0]["criteria_list"][0] == {
        "id": "at-stake", "title": "Stake confers influence", "max_points": 40, "waivable": True,
        "jurisdictions": rows[0]["criteria_list"][0]["jurisdictions"],
    }  # fmt: skip
    facts = fact_listing(PORTFOLIO_RUBRICS, levers=True)
    assert isinstance(facts, FactListing) and facts.facts and all(s.lever for s in facts.facts)
    assert render(facts, "json").decode("utf-8") == expected("facts-portfolio-levers.json")
    assert formats("rubrics") == formats("facts") == ("table", "json")


def test_naming_a_rubric_lists_its_criteria():
    assert rubric_listing(PORTFOLIO_RUBRICS, ("charity",)).criteria
    assert not rubric_listing(PORTFOLIO_RUBRICS).criteria


def test_an_empty_group_is_a_usage_error_naming_the_groups():
    with pytest.raises(UsageError, match="no facts in group 'nosuch'; groups: "):
        fact_listing(MINI, group="nosuch")


def test_the_cli_builds_no_rows():
    """The commands parse options, make one library call and hand the record to a writer."""
    from .conftest import ROOT

    text = (ROOT / "riskkit" / "cli" / "catalog.py").read_text(encoding="utf-8")
    for built in ("criteria_list", '"question"', "catalogue_for", "load_rubrics"):
        assert built not in text, built

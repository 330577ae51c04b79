"""Numbers as people type them ("19%", "3,000", "$2bn"), every problem of a deal file, money in full units."""

from __future__ import annotations

import pytest

from .conftest import deal_data


def load(facts: dict, catalogue, **extra):
    from riskkit.load.deal import deal_from_data

    return deal_from_data(deal_data(facts, **extra), catalogue, "d.yaml")


@pytest.fixture
def catalogue():
    from riskkit.load.rubric import load_rubrics

    return load_rubrics().catalogue


@pytest.mark.parametrize(
    "fact, given, expected",
    [
        ("investor_voting_stake_pct", "19%", 19),
        ("investor_voting_stake_pct", "19 %", 19),
        ("investor_voting_stake_pct", "12.5%", 12.5),
        ("investor_board_seats", "3", 3),
        ("investor_voting_stake_pct", {"low": "10%", "high": "30%"}, (10, 30)),
    ],
)
def test_documented_text_forms_parse(catalogue, fact, given, expected):
    deal = load({fact: given}, catalogue)
    value = deal.facts[fact].value
    assert (value.low, value.high) == (expected if isinstance(expected, tuple) else (expected, expected))


def test_thousands_separators_in_money(catalogue):
    deal = load({"investment_total": {"value": "3,000", "currency": "USD"}}, catalogue)
    assert deal.facts["investment_total"].value.low == 3000 and not deal.warnings


@pytest.mark.parametrize(
    "fact, given, words, hint",
    [
        ("investment_total", {"value": "$2bn", "currency": "USD"}, "expected an amount, got '$2bn'",
         "value: 2000, currency: USD"),
        ("investment_total", {"value": "€1.5 billion", "currency": "EUR"}, "expected an amount",
         "value: 1500, currency: EUR"),
        ("investor_voting_stake_pct", "19 percent", "expected a percentage, got '19 percent'", '"19%"'),
        ("investor_voting_stake_pct", "12,34", "expected a percentage", "e.g. 19"),
        ("investor_board_seats", "three", "expected a whole number", '"3,000"'),
    ],
)  # fmt: skip
def test_other_text_fails_with_a_hint_showing_the_accepted_form(catalogue, fact, given, words, hint):
    from riskkit.errors import InputError

    with pytest.raises(InputError) as info:
        load({fact: given}, catalogue)
    text = info.value.render()
    assert words in text and hint in text, text


def test_money_in_full_units_gets_a_warning_on_the_cli(cli, tmp_path):
    import yaml

    data = deal_data({"investment_total": {"value": 3_000_000, "currency": "USD"}})
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(data))
    r = cli("score", path, "--format", "json")
    assert r.code == 0, r
    assert "facts.investment_total" in r.err and "entered in millions" in r.err and "write 3" in r.err
    r = cli("validate", path)
    assert "entered in millions" in r.err
    ok = tmp_path / "ok.yaml"
    ok.write_text(yaml.safe_dump(deal_data({"investment_total": {"value": 3000, "currency": "USD"}})))
    assert "entered in millions" not in cli("score", ok, "--format", "json").err


def test_enum_values_match_without_regard_to_case(catalogue):
    deal = load({"cloud_exclusivity": "Preferred"}, catalogue)
    assert deal.facts["cloud_exclusivity"].value == "preferred"


MULTI = """\
deal:
  id: multi
  title: Multi
  as_of: 2025-13-45
  stage: signed
  parties:
    - {name: A, role: investor}
  jurisdictions: [US]
facts:
  investor_economic_stake_percent: 20
  cloud_exclusivity: prefered
  investment_total: {value: "$2bn", currency: USD}
"""


def test_validate_reports_every_problem_in_line_order(cli, tmp_path):
    path = tmp_path / "multi.yaml"
    path.write_text(MULTI)
    r = cli("validate", path)
    assert r.code == 2, r
    lines = [x for x in r.err.splitlines() if x.startswith(str(path))]
    assert [int(x.split(":")[1]) for x in lines] == [4, 10, 11, 12], r.err
    assert "deal.as_of" in lines[0] and "did you mean 'investor_economic_stake_pct'" in lines[1]
    assert "did you mean 'preferred'" in lines[2] and "value: 2000, currency: USD" in lines[3]
    assert "4 problem(s) in 1 file(s)" in r.err
    r = cli("score", path)  # the other commands: one line, the earliest problem
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1 and ":4: deal.as_of" in r.err, r


@pytest.mark.parametrize(
    "tag, hint",
    [("Germany", "did you mean 'DE'?"), ("GB", "did you mean 'UK'?"), ("Uk", "did you mean 'UK'?"),
     ("UK-CMA", "did you mean 'UK'?"), ("JP", None)],
)  # fmt: skip
def test_deal_jurisdictions_are_checked_against_the_known_tags(catalogue, tag, hint):
    from riskkit.errors import InputError

    data = deal_data({})
    data["deal"]["jurisdictions"] = ["US", tag]
    from riskkit.load.deal import deal_from_data

    with pytest.raises(InputError) as info:
        deal_from_data(data, catalogue, "d.yaml")
    text = info.value.render()
    assert f"unknown jurisdiction '{tag}'; known: DE, DK, EU, FR, IE, IT, UK, US" in text
    assert hint is None or hint in text, text
    data["deal"]["jurisdictions"] = ["US", "EU", "UK", "DE"]
    assert deal_from_data(data, catalogue, "d.yaml").jurisdictions == ("US", "EU", "UK", "DE")

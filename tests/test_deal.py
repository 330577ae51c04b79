"""Deal facts files: provenance, ranges, money and every kind of bad input."""

import datetime as dt

import pytest

from riskkit.errors import InputError
from riskkit.load.deal import load_deal
from riskkit.model.inputs import Interval

from .conftest import write

HEAD = """deal:
  id: d1
  title: T
  as_of: 2025-11-01
  stage: signed
  parties: [{name: A, role: investor}, {name: B, role: target}]
  jurisdictions: [US]
sources:
  s1: {title: Source one, kind: primary}
facts:
"""


def load(tmp_path, facts_text, catalogue, head=HEAD):
    return load_deal(write(tmp_path, "deal.yaml", head + facts_text), catalogue)


def error(tmp_path, facts_text, catalogue, head=HEAD):
    with pytest.raises(InputError) as info:
        load(tmp_path, facts_text, catalogue, head)
    text = info.value.render()
    assert "\n" not in text
    return text


def test_full_and_bare_forms(tmp_path, mini_set):
    deal = load(
        tmp_path,
        "  stake_pct: {value: {low: 10, high: 30}, sources: [s1], confidence: estimated, as_of: 2025-10-01, note: n}\n"
        "  observer: true\n"
        "  investment: {value: 150, currency: EUR, sources: s1}\n"
        "  rights: [budget]\n"
        "  shares: [30, 30, 40]\n",
        mini_set.catalogue,
    )
    stake = deal.facts["stake_pct"]
    assert stake.value == Interval(10, 30)
    assert stake.confidence == "estimated" and stake.sources == ("s1",) and stake.as_of == dt.date(2025, 10, 1)
    assert deal.facts["observer"].value is True and deal.facts["observer"].confidence == "unsourced"
    assert deal.facts["investment"].currency == "EUR" and deal.facts["investment"].confidence == "reported"
    assert deal.facts["rights"].value == ("budget",)
    assert deal.facts["stake_pct"].line == 11


def test_null_value_means_unknown(tmp_path, mini_set):
    deal = load(tmp_path, "  stake_pct: null\n  observer: {value: null}\n", mini_set.catalogue)
    assert deal.facts == {}


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (
            "  stake_pc: 10\n",
            "deal.yaml:11: facts.stake_pc: unknown fact 'stake_pc'; see `riskkit facts` for the catalogue (did you mean 'stake_pct'?)",
        ),
        ("  stake_pct: 120\n", "facts.stake_pct: expected a percentage ≤ 100, got 120"),
        ("  stake_pct: -1\n", "expected a percentage ≥ 0"),
        ("  stake_pct: high\n", "facts.stake_pct: expected a percentage, got 'high'"),
        ("  stake_pct: {low: 30, high: 10}\n", "range low 30 is above high 10"),
        ("  observer: 'yes'\n", "expected true or false, got 'yes'"),
        ("  exclusivity: exclusve\n", "did you mean 'exclusive'?"),
        ("  investment: 100\n", "a money fact needs a currency"),
        ("  investment: {value: -5, currency: USD}\n", "expected an amount ≥ 0, got -5"),
        ("  investment: {value: 5, currency: dollars}\n", "expected an ISO currency code"),
        ("  observer: {value: true, currency: USD}\n", "'currency' only applies to money facts"),
        ("  observer: {value: true, sources: [s1x]}\n", "unknown source id 's1x' (did you mean 's1'?)"),
        (
            "  observer: {value: true, confidence: sure}\n",
            "expected a confidence, one of confirmed, reported, estimated",
        ),
        ("  observer: {value: true, sauce: [s1]}\n", "unknown key 'sauce'"),
        ("  spend_ratio: 2\n", "is derived (ratio of spend, investment)"),
        ("  rights: [budget, budget]\n", "a value is listed twice"),
        ("  stake_pct: .nan\n", "finite"),
    ],
)
def test_bad_facts(tmp_path, mini_set, facts, expected):
    assert expected in error(tmp_path, facts, mini_set.catalogue)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", "not a deal facts mapping (the file holds a list)"),
        ("just text\n", "not a deal facts mapping (the file holds text)"),
        ("SECRET_TOKEN: hunter2\n", "not a deal facts mapping (the file holds a mapping without 'deal' or 'facts')"),
        (
            "deal: {id: x}\nfacts: {}\n",
            "deal: missing required keys 'title', 'as_of', 'stage', 'parties' and 'jurisdictions'",
        ),
        ("facts: {}\n", "missing required key 'deal'"),
    ],
)
def test_bad_top_level(tmp_path, mini_set, text, expected):
    p = write(tmp_path, "d.yaml", text)
    with pytest.raises(InputError) as info:
        load_deal(p, mini_set.catalogue)
    assert expected in info.value.render()
    assert "'just text'" not in info.value.render() and "hunter2" not in info.value.render()  # content never quoted


def test_bad_deal_fields(tmp_path, mini_set):
    head = HEAD.replace("stage: signed", "stage: singed")
    assert "did you mean 'signed'?" in error(tmp_path, "  observer: true\n", mini_set.catalogue, head)
    head = HEAD.replace("as_of: 2025-11-01", "as_of: 2025-13-01")
    assert "deal.as_of: expected a date YYYY-MM-DD" in error(tmp_path, "  observer: true\n", mini_set.catalogue, head)
    head = HEAD.replace("id: d1", "id: 'Bad Id!'")
    assert "deal.id: expected a deal id" in error(tmp_path, "  observer: true\n", mini_set.catalogue, head)


@pytest.mark.parametrize(
    "example", ["microsoft-openai-2025.yaml", "hypothetical-severe-control.yaml", "openai-restructuring-2024-12.yaml"]
)
def test_a_deal_built_in_code_round_trips_through_its_plain_data(example):
    """deal_to_data (riskkit.load.deal) is the inverse of deal_from_data for a Deal with no file behind it."""
    from msgspec.structs import replace

    from riskkit.load.deal import deal_from_data, deal_to_data
    from riskkit.load.rubric import load_rubrics

    from .conftest import ROOT

    catalogue = load_rubrics().catalogue
    loaded = load_deal(ROOT / "examples" / example, catalogue)
    built = replace(loaded, canonical={}, prior=None, presumptions={})
    back = deal_from_data(deal_to_data(built), catalogue, "<code>")
    assert {k: replace(f, line=None) for k, f in back.facts.items()} == {
        k: replace(f, line=None) for k, f in loaded.facts.items()
    }
    assert (back.sources, back.fx, back.conditions, back.parties) == (
        loaded.sources, loaded.fx, loaded.conditions, loaded.parties
    )  # fmt: skip
    assert (back.id, back.as_of, back.stage, back.jurisdictions) == (
        loaded.id, loaded.as_of, loaded.stage, loaded.jurisdictions
    )  # fmt: skip

"""A live suit's particulars (the deal file's `proceedings`): loaded with their sources, checked,
kept through the intake workbook, screened for hindsight and written to the JSON."""

from __future__ import annotations

import json

import pytest
import yaml

from .conftest import EXAMPLES

EXAMPLE = EXAMPLES / "microsoft-openai-2025.yaml"


@pytest.fixture(scope="module")
def catalogue():
    from riskkit.load.rubric import load_rubrics

    return load_rubrics().catalogue


def _data():
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def _load(data, catalogue, **kw):
    from riskkit.load.deal import deal_from_data

    return deal_from_data(data, catalogue, str(EXAMPLE), **kw)


def test_the_example_suit_carries_the_courts_particulars(catalogue):
    (proc,) = _load(_data(), catalogue).proceedings
    assert (proc.fact, proc.name, proc.court, proc.docket) == (
        "litigation_challenging_transaction",
        "Musk v. Altman",
        "N.D. Cal.",
        "No. 4:24-cv-04722-YGR",
    )
    assert proc.investor_defendant is True and str(proc.next_date) == "2026-03-30"
    deal = _load(_data(), catalogue)
    assert all(deal.sources[s].kind == "decision" and deal.sources[s].date <= deal.as_of for s in proc.sources)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.update(fact="litigation_pending"), "unknown fact id 'litigation_pending'"),
        (lambda p: p.update(fact="investor_ip_licence"), "'investor_ip_licence' is not a yes/no fact"),
        (lambda p: p.update(sources=["dkt-999"]), "unknown source id 'dkt-999'"),
        (lambda p: p.update(next_date="spring 2026"), "date"),
        (lambda p: p.update(investor_defendant="maybe"), "investor_defendant: expected true or false"),
        (lambda p: p.pop("name"), "name"),
    ],
)
def test_a_bad_proceeding_is_one_clear_error(catalogue, change, message):
    from riskkit.errors import InputError

    data = _data()
    change(data["proceedings"][0])
    with pytest.raises(InputError) as err:
        _load(data, catalogue)
    assert message in str(err.value)
    assert "Traceback" not in str(err.value)


def test_two_proceedings_for_one_fact_are_refused(catalogue):
    from riskkit.errors import InputError

    data = _data()
    data["proceedings"].append(dict(data["proceedings"][0]))
    with pytest.raises(InputError, match="has two proceedings"):
        _load(data, catalogue)


def test_particulars_known_only_from_later_material_are_left_out_unless_asked_for(catalogue):
    from riskkit.load.hindsight import screen

    data = _data()
    data["sources"]["verdict-2026"] = {"title": "Jury verdict report", "publisher": "NPR", "date": "2026-05-18",
                                       "kind": "established_press"}  # fmt: skip
    data["proceedings"][0]["sources"] = ["verdict-2026"]
    deal = _load(data, catalogue)
    assert screen(deal).proceedings == ()
    assert screen(deal, include_later_sources=True).proceedings == deal.proceedings
    assert screen(_load(_data(), catalogue)).proceedings  # the example's orders predate its facts


def test_json_output_lists_the_particulars(cli, tmp_path):
    out = tmp_path / "a.json"
    assert cli("score", EXAMPLE, "--format", "json", "-o", out).code == 0
    (proc,) = json.loads(out.read_text(encoding="utf-8"))["proceedings"]
    assert proc["docket"] == "No. 4:24-cv-04722-YGR" and proc["investor_defendant"] is True
    assert proc["next_date"] == "2026-03-30" and proc["sources"][0] == "musk-v-altman-dkt-121"

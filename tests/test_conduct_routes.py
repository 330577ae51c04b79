"""Conduct-law routes are rubric data (third partner review follow-up, item 7): each regime's
`conduct:` in rubrics/filing-thresholds.yaml, loaded and checked like the rest, and rendered in the
memo's regulator outlook exactly as the lines once written in riskkit/render/memo_conduct.py."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from riskkit.engine.scoring import score
from riskkit.errors import RiskkitError
from riskkit.load.deal import load_deal
from riskkit.load.rubric import load_rubrics
from riskkit.render.memo_conduct import conduct_items
from riskkit.resources import bundled_rubrics_dir

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "microsoft-openai-2025.yaml"


@pytest.fixture(scope="module")
def rubric_set():
    return load_rubrics()


def _regimes(rubric_set):
    rubric = next(r for r in rubric_set.rubrics if r.id == "filing-thresholds")
    return rubric.regimes


def test_routes_are_loaded_from_the_rubric(rubric_set):
    regimes = _regimes(rubric_set)
    (eu,) = regimes["EU-EC"].conduct
    assert (eu.fact, eu.op, eu.value, eu.date) == ("api_distribution_exclusive", "is_true", None, dt.date(2024, 6, 28))
    assert eu.head == "EU antitrust (Art. 101/102 TFEU) — possible questions on exclusivity"
    (uk,) = regimes["UK-CMA"].conduct
    assert (uk.fact, uk.op, uk.value, uk.date) == ("investor_cloud_share_uk_pct", "gte", 25, dt.date(2025, 8, 4))
    assert uk.head == "UK markets — cloud market investigation and strategic market status"
    (us,) = regimes["US-FTC/DOJ"].conduct
    assert (us.fact, us.date) == ("api_distribution_exclusive", dt.date(2024, 11, 27))
    assert "reported" in us.cite  # a press report of a non-public investigation, said to be one
    (de,) = regimes["DE-BKartA"].conduct
    assert (de.fact, de.date) == ("api_distribution_exclusive", dt.date(2024, 9, 30))
    assert de.head == "German abuse control (GWB §19a) — Microsoft is designated"
    assert all(not r.conduct for tag, r in regimes.items() if tag not in ("EU-EC", "UK-CMA", "US-FTC/DOJ", "DE-BKartA"))


def test_the_example_gets_every_route_as_of_its_date(rubric_set):
    deal = load_deal(EXAMPLE, rubric_set.catalogue)
    items = conduct_items(score(deal, rubric_set))
    heads = [head for (head, _), _ in items]
    # the UK final report (July 2025, dated 4 Aug 2025), the §19a designation (30 Sept 2024) and the
    # reported FTC investigation (27 Nov 2024) are all before 28 Oct 2025: every route applies
    assert heads == [
        "US antitrust (Sherman Act §§1–2) — a reported FTC investigation of Microsoft. ",
        "EU antitrust (Art. 101/102 TFEU) — possible questions on exclusivity. ",
        "UK markets — cloud market investigation and strategic market status. ",
        "German abuse control (GWB §19a) — Microsoft is designated. ",
    ]
    text = items[1][1]
    assert text.startswith("After its June 2024 conclusion that Microsoft had not acquired control of OpenAI")
    assert text.endswith("(European Commission (EVP Vestager), 28 June 2024, via PYMNTS and Politico Europe).")
    assert "Later than the facts' as-of date" not in " ".join(t for _, t in items)


def _broken(tmp_path, old: str, new: str) -> Path:
    folder = tmp_path / "rubrics"
    shutil.copytree(bundled_rubrics_dir(), folder)
    path = folder / "filing-thresholds.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{fact: api_distribution_exclusive, op: is_true}", "{fact: no_such_fact, op: is_true}", "no_such_fact"),
        ("{fact: api_distribution_exclusive, op: is_true}", "{fact: api_distribution_exclusive, op: lt}", "an op"),
        (
            "{fact: investor_cloud_share_uk_pct, op: gte, value: 25}",
            "{fact: investor_cloud_share_uk_pct, op: gte}",
            "needs a value",
        ),
        (
            "{fact: investor_cloud_share_uk_pct, op: gte, value: 25}",
            "{fact: api_distribution_exclusive, op: gte, value: 25}",
            "must be a",
        ),
    ],
)
def test_a_bad_route_is_a_one_line_error(tmp_path, old, new, message):
    with pytest.raises(RiskkitError, match=message):
        load_rubrics(_broken(tmp_path, old, new))


def test_the_daily_penalty_is_rubric_data_not_read_from_prose(rubric_set, tmp_path):
    """The memo's penalty arithmetic reads the regime's `daily_penalty`, not a figure parsed out of its text."""
    us = _regimes(rubric_set)["US-FTC/DOJ"]
    assert (us.daily_penalty_usd, us.daily_penalty_verified) == (53088, False)
    assert all(r.daily_penalty_usd is None for tag, r in _regimes(rubric_set).items() if tag != "US-FTC/DOJ")
    old = "daily_penalty: {usd: 53088, verified: false}"
    with pytest.raises(RiskkitError, match="verified"):
        load_rubrics(_broken(tmp_path, old, "daily_penalty: {usd: 53088}"))

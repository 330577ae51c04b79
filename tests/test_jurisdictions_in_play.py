"""A deal's jurisdictions decide which regimes' criteria are in play (issue 16 item 5)."""

from __future__ import annotations

import copy

import pytest
from msgspec.structs import replace

from riskkit.engine.scoring import score
from riskkit.load.deal import deal_from_data
from riskkit.load.rubric import load_rubrics
from riskkit.load.yamlio import load as load_yaml

from .conftest import EXAMPLES, ROOT

ALL = ["US", "EU", "UK", "DE", "FR", "IT", "DK", "IE"]


@pytest.fixture(scope="module")
def bundled():
    return load_rubrics(ROOT / "rubrics")


def _deal(bundled, jurisdictions):
    data = copy.deepcopy(load_yaml(EXAMPLES / "microsoft-openai-2025.yaml"))
    data["deal"]["jurisdictions"] = jurisdictions or ["US"]
    deal = deal_from_data(data, bundled.catalogue, str(EXAMPLES / "x.yaml"))
    # `jurisdictions` is a required key; a Deal built in code may still carry none
    return deal if jurisdictions is not None else replace(deal, jurisdictions=())


def _regions(criterion):
    return {t.split("-")[0] for t in criterion.jurisdictions}


def test_us_only_deal_scores_no_eu_uk_de_only_criterion(bundled):
    a = score(_deal(bundled, ["US"]), bundled)
    outside = [f for rr in a.results for f in rr.findings if "US" not in _regions(f.criterion)]
    assert outside, "the bundled rubrics have criteria of non-US regimes only"
    for f in outside:
        assert f.status == "not_in_play", f.id
        if not f.criterion.context:
            assert f.reason == f"outside the deal's jurisdictions ({', '.join(f.criterion.jurisdictions)})"
        assert (f.points, f.points_worst, f.points_likely) == (0, 0, 0)
    # a criterion tagged with the US among others stays in play
    us = [f for rr in a.results for f in rr.findings if "US" in _regions(f.criterion) and f.status != "not_in_play"]
    assert us
    for rr in a.results:
        live = [f for f in rr.findings if f.status not in ("not_in_play", "not_applicable")]
        if rr.status != "not_applicable":
            assert rr.range.max_points == sum(f.max_points for f in live), rr.id
        # the per-jurisdiction breakdown shows US regimes only
        assert all(j.id.startswith("US-") for j in rr.jurisdictions), (rr.id, [j.id for j in rr.jurisdictions])
    # listed once with the other criteria not in play
    listed = [cid for cid, _why in a.structures]
    assert len(listed) == len(set(listed))
    assert {f.id for f in outside} <= set(listed)
    # the filing screen shows the US regime only
    assert a.screen and {row.regime.id for row in a.screen} == {"US-FTC/DOJ"}


def test_same_deal_with_every_jurisdiction_scores_them(bundled):
    us = score(_deal(bundled, ["US"]), bundled)
    full = score(_deal(bundled, ALL), bundled)
    none = score(_deal(bundled, None), bundled)
    reasons = [f.reason for rr in full.results for f in rr.findings if f.status == "not_in_play"]
    assert not any(r.startswith("outside the deal's jurisdictions") for r in reasons)
    dfa_us, dfa_all = us.result("de-facto-acquisition"), full.result("de-facto-acquisition")
    assert dfa_all.range.max_points > dfa_us.range.max_points
    f_all = {f.id: f for f in dfa_all.findings}
    f_us = {f.id: f for f in dfa_us.findings}
    eu_only = [cid for cid, f in f_all.items() if "US" not in _regions(f.criterion)]
    scored = [c for c in eu_only if f_all[c].status != "not_in_play"]  # the acqui-hire ones lack a structure
    assert len(scored) >= 5
    assert all(f_us[c].status == "not_in_play" and f_us[c].reason.startswith("outside") for c in scored)
    assert {row.regime.id for row in full.screen} == set(full.result("filing-thresholds").rubric.regimes)
    # no jurisdictions: today's behaviour, everything in play — same as naming them all
    assert none.deal.jurisdictions == ()
    assert [rr.range for rr in none.results] == [rr.range for rr in full.results]
    assert {row.regime.id for row in none.screen} == {row.regime.id for row in full.screen}


def test_json_lists_jurisdiction_reason_once(bundled):
    d = score(_deal(bundled, ["US", "UK"]), bundled).to_dict()
    ids = [n["criterion"] for n in d["not_in_play"]] if "not_in_play" in d else None
    cc = next(r for r in d["results"] if r["id"] == "competitive-effects")
    out = {n["id"]: n["reason"] for n in cc["not_in_play"]}
    assert out and all(r == "outside the deal's jurisdictions (EU-EC, DE-BKartA)" for r in out.values())
    if ids is not None:
        assert len(ids) == len(set(ids))

"""Review items 4, 10, 19 and 20 on the October 2025 example (a closed deal): the clock speaks of
exposure, not of a waiting period before closing; the HSR stake is our reading, not confirmed;
statutory periods and penalties are stated with their pinpoint (never handed to other counsel,
never an information request);
the German row turns on §37(2) with the §41 standstill as the exposure; the UK row is about a
step-up from material influence to de facto control."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OCT = ROOT / "examples" / "microsoft-openai-2025.yaml"


def _rows(cli):
    r = cli("score", OCT, "--format", "json")
    assert r.code == 0, r.err
    d = json.loads(r.out)
    return d, {row["regime"]: row for row in d["filing_screen"]}


def test_closed_deal_clock_speaks_of_exposure(cli):
    _, rows = _rows(cli)
    us = rows["US-FTC/DOJ"]
    assert us["clock"].startswith("Deal closed on 2025-10-28: if a filing was required, a civil penalty for each day")
    assert "before closing" not in us["clock"]
    de = rows["DE-BKartA"]
    assert de["clock"].startswith("Deal closed on 2025-10-28: if a filing was required,")
    assert "GWB §41(1)" in de["clock"] and "§81c(2)" in de["exposure"] and "10%" in de["exposure"]
    assert "GWB §37(2)" in de["reason"]
    uk = rows["UK-CMA"]  # voluntary regime: no standstill, its window is the point
    assert uk["clock"].startswith("Phase 1") and uk["window_ends"] == "2026-02-28"


def test_statutory_periods_are_stated_not_deferred(cli):
    _, rows = _rows(cli)
    for row in rows.values():
        for text in (row["clock"], row["window"], row["exposure"]):
            assert "information request" not in text, (row["regime"], text)
            assert "counsel to confirm" not in text.lower(), (row["regime"], text)
    assert "15 working days" in rows["EU-Art22"]["clock"] and "Art. 22(1)" in rows["EU-Art22"]["clock"]


def test_uk_row_is_about_a_step_up(cli):
    _, rows = _rows(cli)
    uk = rows["UK-CMA"]
    assert "step-up from material influence to de facto control" in uk["reason"]
    text = uk["likely_response"]["text"]
    assert "Material influence was already found" in text and "£100m" in text and "£350m" in text
    assert "30–40% UK cloud share" in text


def test_hsr_stake_is_our_reading(cli):
    d, _ = _rows(cli)
    facts = {f["id"]: f for f in d["facts"]} if isinstance(d.get("facts"), list) else d.get("facts", {})
    stake = facts["investor_voting_stake_pct"]
    assert stake["confidence"] == "estimated"
    assert "voting rights are unconfirmed" in stake["note"].lower()

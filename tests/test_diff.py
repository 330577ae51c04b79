"""riskkit diff: per-rubric score/band change and, per changed criterion, why."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from riskkit.analysis.diff import diff_paths
from riskkit.render.diff import markdown_lines, table_lines

HERE = Path(__file__).parent
ROOT = HERE.parent
MINI = HERE / "fixtures" / "mini"
DEAL = HERE / "fixtures" / "mini-deal.yaml"
CI = HERE / "fixtures" / "ci"
V2 = CI / "mini-deal-v2.yaml"
WAIVERS = CI / "waivers.yaml"
MS_JAN = ROOT / "examples" / "microsoft-openai-2025-01.yaml"
MS_OCT = ROOT / "examples" / "microsoft-openai-2025.yaml"


def reasons(diff, cid):
    for r in diff.rubrics:
        for c in r.criteria:
            if c.id == cid:
                return c, [(x.kind, x.text) for x in c.reasons]
    raise KeyError(cid)


def engine_range(deal):
    import datetime as dt

    from riskkit.engine.run import score_with_waivers
    from riskkit.load.deal import load_deal
    from riskkit.load.rubric import load_rubrics

    rs = load_rubrics(MINI)
    a, _ = score_with_waivers(load_deal(deal, rs.catalogue), rs, None, dt.date(2026, 3, 1))
    return a.results[0].range


def test_fact_changes_and_parameter_rollover():
    d = diff_paths(str(DEAL), str(V2), MINI)
    (r,) = d.rubrics
    old, new = engine_range(DEAL), engine_range(V2)
    # the most-likely score and band lead, the best–worst bounds beside them
    assert (r.old_score, r.new_score) == (old.likely_text(), new.likely_text()) == ("70 (40–80)", "50 (50–60)")
    assert (old.band_text(), new.band_text()) == ("moderate–severe", "high")
    assert (
        (r.old_band, r.new_band)
        == (f"{old.likely_band} (moderate–severe)", "high")
        == ("high (moderate–severe)", "high")
    )
    assert {c.id for c in r.criteria} == {"mini-stake", "mini-observer-or-cloud", "mini-size", "mini-vetoes"}
    c, why = reasons(d, "mini-stake")
    assert (c.old_state, c.new_state) == ("unknown", "triggered")
    assert why == [("fact", "fact stake_pct: 10–30% → 27%")]
    c, why = reasons(d, "mini-size")
    assert (c.old_state, c.new_state) == ("triggered", "not_triggered")
    assert ("fact", "fact investment: EUR 150m → EUR 120m") in why
    assert (
        "parameter",
        "parameter hsr_size rolled over: USD 126.4m (in force from 2025-02-21) → USD 133.9m "
        "(in force from 2026-02-17); deal as of 2025-11-01 → 2026-03-01",
    ) in why
    assert reasons(d, "mini-vetoes")[1] == [("fact", "fact rights: unknown → budget")]
    assert [x.subject for x in d.facts] == ["investment", "observer", "rights", "stake_pct"]


def test_parameter_rollover_alone(tmp_path):
    # Same facts, only the date moves past the 2026 HSR threshold: USD 132m is above 126.4 but not 133.9.
    deal = tmp_path / "deal.yaml"
    text = DEAL.read_text().replace("value: 150, currency: EUR", "value: 120, currency: EUR")
    deal.write_text(text)
    later = tmp_path / "later.yaml"
    later.write_text(text.replace("as_of: 2025-11-01", "as_of: 2026-03-01"))
    d = diff_paths(str(deal), str(later), MINI)
    c, why = reasons(d, "mini-size")
    assert (c.old_state, c.new_state) == ("triggered", "not_triggered")
    assert [k for k, _ in why] == ["parameter"]
    assert "hsr_size rolled over" in why[0][1]


def test_rubric_version_change(tmp_path):
    saved = tmp_path / "v12.json"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "riskkit.cli",
            "score",
            str(V2),
            "--rubrics",
            str(MINI),
            "--format",
            "json",
            "-o",
            str(saved),
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    d = diff_paths(str(saved), str(V2), CI / "mini-v13")
    assert (d.rubrics[0].old_version, d.rubrics[0].new_version) == ("1.2.0", "1.3.0")
    c, why = reasons(d, "mini-vetoes")
    assert (c.old_state, c.new_state) == ("triggered", "not_triggered")
    assert why == [
        (
            "rubric",
            "rubric mini version 1.2.0 → 1.3.0: rights contains_any [budget, business_plan] → "
            "[business_plan, major_investments]",
        )
    ]


def test_waiver_expiry():
    d = diff_paths(
        str(DEAL), str(DEAL), MINI, waivers_path=str(WAIVERS), today=_date("2026-02-01"), old_today=_date("2025-11-15")
    )
    (r,) = d.rubrics
    assert [c.id for c in r.criteria] == ["mini-size"]
    c, why = reasons(d, "mini-size")
    assert (c.old_state, c.new_state) == ("waived", "triggered")
    assert why == [
        (
            "waiver",
            f"waiver expired on 2025-12-31 (approved by John Roe (Antitrust counsel); "
            f"{WAIVERS}:9; checked on 2026-02-01)",
        )
    ]


def _date(text):
    import datetime as dt

    return dt.date.fromisoformat(text)


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_cli_formats(fmt, tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "riskkit.cli", "diff", str(DEAL), str(V2), "--rubrics", str(MINI), "--format", fmt],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    if fmt == "json":
        data = json.loads(out.stdout)
        assert data["rubrics"][0]["band"] == {"old": "high (moderate–severe)", "new": "high"}
        assert data["different_deals"] == ""
        assert data["rubrics"][0]["criteria"][0]["reasons"][0]["kind"] == "fact"
    elif fmt == "markdown":
        old, new = engine_range(DEAL).likely_text(), engine_range(V2).likely_text()
        assert f"| mini | 1.2.0 | {old} → {new} | **high (moderate–severe) → high** |" in out.stdout
        assert "- **Stake level** (`mini-stake`): unknown (0–20 pts) → triggered (20 pts)" in out.stdout
    else:
        assert "  mini-size: triggered (20 pts) → clear" in out.stdout
        assert "      because parameter hsr_size rolled over" in out.stdout


def test_cli_bad_input_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("deal: [\n")
    out = subprocess.run(
        [sys.executable, "-m", "riskkit.cli", "diff", str(DEAL), str(bad), "--rubrics", str(MINI)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2 and out.stderr.startswith(f"riskkit: error: {bad}:")


def test_microsoft_openai_jan_to_oct_2025_explains_every_change():
    d = diff_paths(str(MS_JAN), str(MS_OCT))
    assert (d.old["as_of"], d.new["as_of"]) == ("2025-01-21", "2025-10-28")
    changed = [c for r in d.rubrics for c in r.criteria]
    assert changed, "the Jan and Oct 2025 files should score differently"
    for c in changed:
        assert c.reasons, c.id
        assert "other" not in {x.kind for x in c.reasons}, (c.id, [x.text for x in c.reasons])
        for x in c.reasons:
            if x.kind == "fact":
                assert x.old != x.new, x.text
    # the recapitalisation's headline changes are attributed to the facts that carry them
    texts = "\n".join(x.text for c in changed for x in c.reasons)
    assert "investor_voting_stake_pct" in texts and "cloud_exclusivity" in texts
    md = "\n".join(markdown_lines(d))
    assert all(f"| {r.id} |" in md for r in d.rubrics)


def test_filing_thresholds_show_verdicts_not_a_risk_score():
    """Notifiability rubrics never gate and have no risk band: the diff shows their verdicts."""
    d = diff_paths(str(MS_JAN), str(MS_OCT))
    [filing] = [r for r in d.rubrics if r.id == "filing-thresholds"]
    assert (filing.old_score, filing.new_score) == ("—", "—")
    # Jan 2025: every "not notifiable" rested on our own estimate of the control / material-influence
    # gate, so all six in scope are unknown (Italy is outside the deal's US/EU/UK/DE: not screened).
    # Oct 2025: US open until we know whether the PBC shares presently vote for directors (16 CFR
    # 801.1(f)); EU, Art. 22, DMA, UK and DE (§37(2)) turn on estimated gate facts, so unknown —
    # never cleared.
    assert filing.old_band == "6 unknown"
    assert filing.new_band == "6 unknown"
    md = "\n".join(markdown_lines(d))
    assert "| filing-thresholds | 1.0.0 | — | 6 unknown |" in md  # unchanged verdicts are not bolded as a change


def test_verdict_summary_counts_every_verdict_in_a_fixed_order():
    from riskkit.model.results import verdict_summary

    assert verdict_summary(["unknown", "likely notifiable", "not notifiable", "unknown"]) == (
        "1 likely notifiable, 1 not notifiable, 2 unknown"
    )
    assert verdict_summary([]) == "no jurisdictions"


def test_parameters_are_read_from_structured_check_fields_not_display_text(tmp_path):
    """Rewording every check's display text must not change what diff attributes."""
    from riskkit.analysis.diff import diff_assessments
    from riskkit.engine.run import run
    from riskkit.load.deal import load_deal
    from riskkit.load.rubric import load_rubrics

    rs = load_rubrics(MINI)
    sides = [run(load_deal(p, rs.catalogue), rs).to_dict() for p in (DEAL, V2)]
    expected = diff_assessments(*sides).to_dict()
    for side in sides:
        for rr in side["results"]:
            for f in rr["findings"]:
                for ch in f["checks"]:
                    ch["expected"] = "reworded"
                    ch["note"] = "reworded"
                    ch["text"] = "reworded"
    assert diff_assessments(*sides).to_dict() == expected
    why = [
        x["text"] for r in expected["rubrics"] for c in r["criteria"] if c["id"] == "mini-size" for x in c["reasons"]
    ]
    assert any("parameter hsr_size rolled over: USD 126.4m (in force from 2025-02-21)" in w for w in why)


def test_two_different_deals_are_called_out_one_deal_renamed_is_not():
    from riskkit.analysis.diff import different_deals

    ex = ROOT / "examples"
    other = diff_paths(str(ex / "microsoft-openai-2025.yaml"), str(ex / "comparators" / "microsoft-mistral-2024.yaml"))
    why = different_deals(other.old, other.new)
    assert why == "the target is OpenAI Group PBC in one and Mistral AI in the other"
    assert f"note: {why} — these look like two different deals" in "\n".join(table_lines(other))
    # the same deal across its recapitalisation (OpenAI Global, LLC → OpenAI Group PBC): no note
    same = diff_paths(str(ex / "microsoft-openai-2025-01.yaml"), str(ex / "microsoft-openai-2025.yaml"))
    assert different_deals(same.old, same.new) == "" and "note:" not in "\n".join(table_lines(same))

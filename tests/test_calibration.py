"""Calibration you can check (issue 12 item 8): on their most-likely estimates the comparators
order as the regulators concluded, measured by Kendall's tau-b, and no case's regulator outcome
is among its inputs.

Run with -s to see the tau-b figures:  .venv/bin/python -m pytest tests/test_calibration.py -s -q
"""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from riskkit.engine.scoring import score
from riskkit.load.deal import load_deal
from riskkit.load.rubric import load_rubrics

from .conftest import EXAMPLES, ROOT

# Facts that record what a regulator concluded about a case: outcomes, never inputs.
OUTCOME_FACTS = (
    "influence_found_uk",
    "influence_found_eu",
    "influence_found_de",
    "de_control_or_material_competitive_influence",
    "eu_lasting_change_of_control",
    "uk_enterprises_cease_to_be_distinct",
)

# Regulators' conclusions, most serious first (ties share a rank).
ORDERINGS = {
    "de-facto-acquisition": [
        ("comparators/microsoft-inflection-2024.yaml", 1),  # CMA: a relevant merger situation
        ("microsoft-openai-2025-01.yaml", 2),  # CMA, Mar 2025: high material influence, no control
        ("comparators/amazon-anthropic-2024.yaml", 3),  # CMA: did not decide material influence
        ("comparators/google-anthropic-2024.yaml", 4),  # CMA: no material influence
        ("comparators/microsoft-mistral-2024.yaml", 4),  # CMA: no material influence (≥)
    ],
    "compute-concentration": [
        ("microsoft-openai-2025-01.yaml", 1),
        ("comparators/amazon-anthropic-2024.yaml", 2),
        ("comparators/google-anthropic-2024.yaml", 3),
        ("comparators/microsoft-mistral-2024.yaml", 4),
    ],
    "charitable-assets": [
        ("comparators/carefirst-2003.yaml", 1),  # refused by the Maryland Insurance Commissioner
        ("openai-restructuring-2024-12.yaml", 2),  # the Dec 2024 plan, abandoned in May 2025
        ("microsoft-openai-2025.yaml", 3),  # the Oct 2025 outcome, cleared with conditions
    ],
}


def tau_b(xs, ys) -> float:
    """Kendall's tau-b of two rankings (ties in either count as neither concordant nor discordant)."""
    conc = disc = tx = ty = 0
    n = len(xs)
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = xs[i] - xs[j], ys[i] - ys[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                tx += 1
            elif dy == 0:
                ty += 1
            elif (dx > 0) == (dy > 0):
                conc += 1
            else:
                disc += 1
    denom = ((conc + disc + tx) * (conc + disc + ty)) ** 0.5
    return (conc - disc) / denom if denom else 0.0


@pytest.fixture(scope="module")
def rubric_set():
    return load_rubrics(ROOT / "rubrics")


def outcome_blind(path: str, rubric_set):
    """The case's deal with every regulator outcome removed from its facts.

    Comparators (examples/comparators/) are written without them; the Microsoft–OpenAI timeline
    files record earlier findings for the de-facto rubric, which calibration must not read.
    """
    deal = load_deal(EXAMPLES / path, rubric_set.catalogue)
    kept = {fid: f for fid, f in deal.facts.items() if fid not in OUTCOME_FACTS}
    return replace(deal, facts=kept, canonical={**deal.canonical, "facts": sorted(kept)})


@pytest.mark.parametrize("rubric_id", list(ORDERINGS))
def test_central_estimates_order_as_regulators_concluded(rubric_set, rubric_id):
    cases = ORDERINGS[rubric_id]
    likely = []
    for path, _ in cases:
        a = score(outcome_blind(path, rubric_set), rubric_set)
        assert not set(a.deal.facts) & set(OUTCOME_FACTS)
        likely.append(a.result(rubric_id).range.score_likely)
    # regulator rank 1 is the most serious: negate so both lists grow with seriousness
    tau = tau_b([-rank for _, rank in cases], likely)
    shown = ", ".join(
        f"{p.split('/')[-1].removesuffix('.yaml')} {s:g}" for (p, _), s in zip(cases, likely, strict=True)
    )
    print(f"\n{rubric_id}: Kendall tau-b = {tau:.3f} on most-likely scores ({shown})")
    assert tau >= 0.9, (rubric_id, tau, shown)


def test_comparators_carry_no_regulator_outcome(rubric_set):
    for path in sorted({p for cases in ORDERINGS.values() for p, _ in cases if p.startswith("comparators/")}):
        deal = load_deal(EXAMPLES / path, rubric_set.catalogue)
        used = sorted(set(deal.facts) & set(OUTCOME_FACTS))
        assert not used, f"{path} gives regulator outcomes as facts: {used}"


def test_tau_b_by_hand():
    assert tau_b([3, 2, 1], [30, 20, 10]) == 1.0
    assert tau_b([3, 2, 1], [10, 20, 30]) == -1.0
    # one tie in x among four: 5 of 6 pairs ranked, all concordant → 5 / sqrt(5 * 6)
    assert tau_b([4, 3, 2, 2], [9, 8, 7, 6]) == pytest.approx(5 / 30**0.5)

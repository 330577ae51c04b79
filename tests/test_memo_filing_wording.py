"""Filing matrix and bottom-line wording that is law, not layout (third partner review (a)7, (a)9,
(a)10): Art. 22 is a referral route, closed here for want of a concentration and, after
Illumina/Grail, of a Member State with jurisdiction of its own; the UK risk is an own-initiative
merger inquiry (not NSIA 'call-in'); the DMA fine for an Art. 14 failure is point (c); Germany's
25% limb is met but was met before the deal, so §37(2) is the one point to confirm; and the de facto
acquisition row says material influence was already found."""

from __future__ import annotations

from riskkit.render.memo_prior import concern_change
from riskkit.render.memo_screen import filing_rows, filing_summary

from .conftest import EXAMPLES
from .test_memo import assess

MAIN = EXAMPLES / "microsoft-openai-2025.yaml"


def _rows():
    return {r["short"]: r for r in filing_rows(assess(MAIN, None))}


def test_art_22_is_a_closed_referral_route_not_a_notification():
    art22 = _rows()["EU Art. 22"]
    assert art22["verdict_text"] == "route closed (our view)"
    assert art22["basis"].startswith("A referral route, not a notification.")
    assert "on that view there is nothing to refer" in art22["basis"]
    assert "Illumina/Grail, Joined Cases C-611/22 P and C-625/22 P, 3 September 2024" in art22["basis"]
    assert "not notifiable" not in art22["basis"]
    summary = " ".join(filing_summary(assess(MAIN, None)))
    assert "EU Art. 22: route closed (our view)." in summary


def test_uk_exposure_is_an_own_initiative_inquiry_and_dma_is_point_c():
    rows = _rows()
    assert "CMA opens its own merger inquiry within the four-month window" in rows["UK"]["if_notifiable"]
    assert "call-in" not in rows["UK"]["if_notifiable"]
    assert "DMA Art. 30(3)(c), unverified" in rows["EU DMA"]["if_notifiable"]


def test_german_limb_is_met_before_the_deal_and_37_2_is_the_point_to_confirm():
    basis = _rows()["DE"]["basis"]
    assert "meets GWB §37(1) no. 3 (the 25% limb)" in basis
    assert "The element was met before this deal" in basis
    assert "the one German point to confirm with counsel" in basis


def test_de_facto_row_says_material_influence_was_already_found():
    a = assess(MAIN, None)
    rr = next(r for r in a.results if r.rubric.id == "de-facto-acquisition")
    row = concern_change(a, rr)
    assert "Influence found (CMA, BKartA); open question: step-up to control." in row
    # the EC found no control at all: it is not named as having found influence
    assert "found (CMA, EC" not in row and "BKartA, EC)" not in row
    other = next(r for r in a.results if r.rubric.id == "competitive-effects")
    assert "already found" not in concern_change(a, other)  # only the acquisition concern says so

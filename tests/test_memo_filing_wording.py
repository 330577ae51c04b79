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


def test_uk_exposure_is_an_own_initiative_inquiry_and_the_dma_point_is_not_named():
    rows = _rows()
    assert "CMA opens its own merger inquiry within the four-month window" in rows["UK"]["if_notifiable"]
    assert "call-in" not in rows["UK"]["if_notifiable"]
    assert "DMA Art. 30(3); which of its points covers Art. 14 is unverified" in rows["EU DMA"]["if_notifiable"]


def test_german_limb_is_met_and_37_2_is_open_with_the_reasons_for_and_against():
    """Fourth partner review (a)4: §37(1) no. 3 is met, so Germany turns on §37(2), a judgment the
    memo cannot make: the verdict is open (not 'not notifiable (our view)') and the basis gives the
    reasons both ways, from the rubric's German outlook."""
    de = _rows()["DE"]
    basis = de["basis"]
    assert de["verdict_text"] == "open" and "(our view)" not in de["verdict_text"]
    assert "meets GWB §37(1) no. 3 (the 25% limb)" in basis
    assert "Whether the deal substantially strengthens the existing concentration (GWB §37(2)) is open" in basis
    assert "For: IP rights to 2032, including post-AGI models; OpenAI's incremental $250bn Azure commitment" in basis
    assert "the office said on 15 November 2023 it would re-examine" in basis
    assert "Against: the stake fell from about 32.5% to 27%" in basis
    assert "the one German point to confirm with counsel" not in basis  # a judgment for counsel, not ours
    assert "GWB §41(1)" in de["if_notifiable"]  # the failure-to-file exposure stays the rubric's


def test_de_facto_row_says_material_influence_was_already_found():
    a = assess(MAIN, None)
    rr = next(r for r in a.results if r.rubric.id == "de-facto-acquisition")
    row = concern_change(a, rr)
    assert "Influence found (CMA, BKartA); open question: step-up to control." in row
    # the EC found no control at all: it is not named as having found influence
    assert "found (CMA, EC" not in row and "BKartA, EC)" not in row
    other = next(r for r in a.results if r.rubric.id == "competitive-effects")
    assert "already found" not in concern_change(a, other)  # only the acquisition concern says so

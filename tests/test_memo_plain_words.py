"""The third partner review's wording items on the main memo ((b), (a)11, (d)2–3): money from 1,000m on in
billions and only in the memo (JSON and the workbook keep millions); a fact named by its short label,
never its help text; a deal's changes in words, never an arrow; no tool phrasing ('No criterion
triggered', '(request 2)'); a theory's name said once per cell; the information requests printed
once and referred to by number; no bracketed placeholders (To, From, owner, due); the short form
says what its open facts confirm and why regimes are left out. Read back from the PDF (pypdf)."""

from __future__ import annotations

import io
import json

import pytest

from riskkit.model.display import billions, money
from riskkit.model.words import change_words, fact_label, money_words

from .conftest import EXAMPLES
from .test_memo import assess

MAIN = EXAMPLES / "microsoft-openai-2025.yaml"
LOW = EXAMPLES / "hypothetical-low-risk.yaml"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("USD 130,000m", "USD 130bn"),
        ("USD 1,250m", "USD 1.25bn"),
        ("USD 13,800.5m", "USD 13.8005bn"),
        ("USD 1,000,000m", "USD 1,000bn"),
        ("USD 10,000–13,800m", "USD 10–13.8bn"),
        ("USD 500–2,000m", "USD 0.5–2bn"),
        ("$250,000m and $20m", "$250bn and $20m"),
        ("11,900m", "11.9bn"),
        ("USD 126.4m, €17.5m, USD 0m", "USD 126.4m, €17.5m, USD 0m"),
        ("a 4m-year horizon; 2,000 miles", "a 4m-year horizon; 2,000 miles"),
    ],
)
def test_money_reads_in_billions_from_1000m_with_every_digit_kept(text, said):
    assert money_words(text) == said


def test_the_money_formatter_never_rounds():
    assert money(130_000, "USD") == "USD 130bn"
    assert money(126.4, "USD") == "USD 126.4m"
    assert money(1_250) == "1.25bn"
    assert billions(999.9999) == "0.9999999"


def test_a_fact_is_named_by_its_first_sentence_not_its_help_text(rubric_set):
    label = fact_label(rubric_set.catalogue, "target_legal_form")
    assert label == "Legal form of the entity the investor invests in"


def test_a_change_reads_in_words():
    assert change_words("Share of profits", "49–75%", "27%") == "Share of profits: from 49–75% to 27%"
    assert change_words("Cloud terms", "rofr", "none") == "Cloud terms: right of first refusal, now none"
    assert change_words("Board seats", "none", "2") == "Board seats: none before, now 2"
    assert change_words("Commitment", "USD 13,000m", "USD 250,000m") == "Commitment: from USD 13bn to USD 250bn"


def test_a_theory_shared_by_two_findings_is_named_once():
    from riskkit.render.memo_rank import said_once

    items = ["Input foreclosure / exclusive dealing: A (x: y)", "Input foreclosure / exclusive dealing: B", "C"]
    assert said_once(items) == "Input foreclosure / exclusive dealing: A (x: y); B; C"
    assert said_once(["X: a", "Y: b"]) == "X: a; Y: b"


def test_requests_are_referred_to_by_number():
    from riskkit.render.memo_assume import request_numbers

    assert request_numbers([5]) == "information request 5"
    assert request_numbers([2, 1]) == "information requests 1 and 2"
    assert request_numbers([5, 6, 7]) == "information requests 5–7"
    assert request_numbers([3, 10, 11, 1, 2, 4]) == "information requests 1–4, 10 and 11"


def _text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def main_text():
    from riskkit.render import render

    return _text(render(assess(MAIN, None), "pdf", {"date": "2026-12-03"}))


@pytest.mark.pdf
def test_main_memo_speaks_plainly(main_text):
    first, whole = main_text[0], " ".join(main_text)
    assert len(main_text) <= 10
    # money as a reader writes it; the label without its help text
    # (not the last change named since the board overlap, unchanged since the reviewed state, is no longer one)
    assert "Value of everything OpenAI Foundation receives or keeps in the transaction: USD 130bn" in first
    assert "Total amount OpenAI commits: USD 250bn." in first
    assert "000m" not in whole
    # the de facto row names one change beside the influence already found (page 1 keeps its room)
    assert "Largest share of OpenAI's profits Microsoft is presently entitled to: from 49–75% to 27%" in first
    assert "HSR control tests" not in whole
    # a US state's regime by its name: "DE" is Germany only (fourth partner review (b))
    assert "California, Delaware possible" in first and "US-DE" not in whole and "US-CA" not in whole
    # one theory name per cell, no tool phrasing
    row = first.split("Competitive effects", 1)[1].split("Charitable assets", 1)[0]
    assert row.count("Input foreclosure / exclusive dealing:") == 1
    assert "no cloud but Microsoft's; Microsoft holds exclusive rights to OpenAI's IP" in row
    assert "No criterion triggered" not in whole and "criterion triggered" not in whole
    assert (
        "No test of this concern is met on the facts given (5 turn on facts not yet known), including the two that "
        "weigh most: “OpenAI must" in first
    )
    assert "weightiest" not in whole and "— clear." not in whole and "Needs:" not in whole
    assert "(outcome: information request 4)." in first and "(request 4)" not in whole
    # no bracketed placeholders: the header lines and each step's owner and due date are left to fill
    for placeholder in ("[Client]", "Deal counsel", "[to assign]", "[date]"):
        assert placeholder not in whole
    # the ten questions are printed once; elsewhere they are referred to by number
    assert whole.count("What share of OpenAI's compute") == 1
    assert "What keeps each range wide" not in whole and "What could still move a verdict" in whole


@pytest.mark.pdf
def test_the_header_names_who_the_memo_is_for_and_from_when_told():
    from riskkit.render import render

    text = _text(
        render(
            assess(MAIN, None),
            "pdf",
            {"to": "General Counsel, Microsoft Corporation", "from_": "Jane Partner", "date": "2026-12-03"},
        )
    )[0]
    assert "To General Counsel, Microsoft Corporation" in text and "From Jane Partner" in text


@pytest.mark.pdf
def test_short_form_says_what_its_open_facts_confirm_and_why_regimes_are_left_out():
    from riskkit.render import render

    whole = " ".join(_text(render(assess(LOW, None), "pdf", {"date": "2026-12-03"})))
    assert "What keeps each range wide" not in whole and "narrows the range" not in whole
    assert "What the open facts would confirm" in whole
    assert "would confirm Competitive effects (remote either way)" in whole
    assert "Not assessed: EU, DE, IT, DK and IE (outside the deal's jurisdictions, US and UK)." in whole
    assert "2 facts are not yet known; none could change a verdict" in whole
    assert "[to assign]" not in whole and "No criterion triggered" not in whole


def test_json_and_workbook_keep_millions(tmp_path, cli):
    """The memo's money words are the memo's: the JSON and the workbook keep show()'s millions."""
    import openpyxl

    r = cli("score", str(MAIN), "-o", str(tmp_path / "a.json"))
    assert r.code == 0, r
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False)
    assert '"USD 250,000m"' in text and "USD 250bn" not in text and "USD 135bn" not in text
    r = cli("workbook", str(MAIN), "-o", str(tmp_path / "a.xlsx"))
    assert r.code == 0, r
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["Facts"]
    values = {str(c.value) for row in ws.iter_rows() for c in row}
    assert "USD 135,000m" in values and "USD 135bn" not in values


@pytest.mark.pdf
def test_mitigations_are_steps_the_client_can_take(main_text):
    """Third partner review (a)11, (d)2: no watching ('Monitor compliance …', 'Track the docket'); the live
    suit gets a litigation hold, a privilege protocol and a review of indemnities and joint defence; the
    offers held in reserve are prepared in draft for a conduct-law approach; whose steps they are is said."""
    first, whole = main_text[0], " ".join(main_text)
    # Microsoft is a defendant (the court's orders): its hold exists, so the step is to confirm its reach
    assert (
        "Confirm the litigation hold covers this transaction's documents, agree a privilege protocol, and review "
        "the indemnities and any joint-defence arrangement." in first
    )
    steps = whole.split("Mitigations and remedies", 1)[1].split("Key assumptions", 1)[0]
    assert steps.startswith(" The steps are Microsoft's. The deal has closed")
    assert (
        "A lawsuit challenging the transaction is pending. Confirm that the litigation hold kept for the suit "
        "covers the documents about this transaction; agree a privilege protocol, with common-interest terms, "
        "before privileged material is shared with co-defendants; review the indemnities in the transaction "
        "agreements and any joint-defence arrangement." in steps
    )
    # commitments are worked out under privilege, never circulated in draft (fifth partner review (a)10)
    assert (
        "An approach under conduct law. Have counsel work out, orally or in privileged notes counsel keeps, the "
        "commitments an authority would look for in an Art. 102 TFEU case by the Commission or a strategic market "
        "status investigation by the CMA, so that they are ready if one begins; circulate no draft" in steps
    )
    assert "in draft now" not in whole
    for watching in ("Track the docket", "Monitor compliance", "Monitor agency follow-up", "they bind them"):
        assert watching not in whole, watching


def test_litigation_steps_follow_the_deal_stage(oct_2025, rubric_set):
    """Before closing the suit's risk is still allocated in the agreements; after it, indemnities are reviewed."""
    from msgspec.structs import replace

    import riskkit
    from riskkit.render.memo_substance import mitigation_text

    def suit(a, limit=260):
        rr = next(r for r in a.results if r.rubric.id == "charitable-assets")
        return mitigation_text(a, next(f for f in rr.findings if f.id == "ca-litigation-pending"), rr, limit)

    assert "review the indemnities in the transaction agreements" in suit(oct_2025)
    proposed = riskkit.score(replace(oct_2025.deal, stage="proposed"), rubric_set)
    assert "allocate the suit's risk in the agreements (indemnities" in suit(proposed)
    assert suit(proposed, 130) == (
        "Put a litigation hold in place, agree a privilege protocol, and allocate the suit's risk in the agreements."
    )
    rr = next(r for r in oct_2025.results if r.rubric.id == "competitive-effects")
    api = next(f for f in rr.findings if f.id == "ce-customer-foreclosure-distribution")
    assert mitigation_text(oct_2025, api, rr, 260) == (
        "Offer to waive or time-limit the investor's API exclusivity, leaving the developer free to offer its API "
        "products on rival clouds."
    )


def test_a_fact_taken_as_given_keeps_the_limits_its_note_records(oct_2025):
    """Third partner review (b): 'OpenAI's API products reach cloud customers only through Microsoft's cloud
    (confirmed)' left out the carve-outs the deal file records (open-weight models, US national security)."""
    from riskkit.render.memo_view import memo_view

    view = memo_view(oct_2025)
    given = next(s for s in view["sections"] if s["id"] == "assumptions")
    text = " ".join(t for b in given["blocks"] if b.get("type") == "list" for e in b["entries"] for t, _ in e)
    assert (
        "Input foreclosure / exclusive dealing: OpenAI's API products are offered on no cloud but "
        "Microsoft's (confirmed; the exclusivity is for API products only: OpenAI may release certain "
        "open-weight models, serve US national-security customers on any cloud, and offer non-API products on "
        "any cloud)" in text
    )
    assert "A lawsuit challenging the transaction is pending (confirmed)" in text  # no limits, none added

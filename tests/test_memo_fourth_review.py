"""The fourth partner review of the memo (docs/reviews/2026-12-03-partner-fourth-review-of-memo.md),
its filing points: Germany open on GWB §37(2) (a)4, the failure-to-file exposure as a top risk with
the penalty as arithmetic (a)2, "our view" said once (b), Microsoft's rights over a sale or strategic
decisions as a filing question (a)8, and why IT, DK and IE are not assessed (a)10. Each test reads
the memo's own text (the view the PDF and Word are rendered from, or the PDF itself) and fails on the
memo as it was reviewed."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from riskkit.render.memo_blocks import text_of

from .test_memo import EXAMPLE, assess

ISSUED = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def sections():
    from riskkit.render.memo_view import memo_view

    view = memo_view(assess(EXAMPLE, None), date=ISSUED)
    return {s["id"]: s for s in view["sections"]}


def _cell(cell) -> str:
    return "".join(t for t, _ in cell) if isinstance(cell, list) else str(cell)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_germany_is_open_on_37_2_with_the_reasons_both_ways_and_a_step_for_german_counsel(sections):
    bottom = _flat(text_of(sections["bottom-line"]["blocks"]))
    assert "DE: not notifiable (our view)" not in bottom and "DE: open" in bottom
    matrix = _flat(text_of(sections["filing"]["blocks"]))
    de = matrix[matrix.index("German merger control") :]
    assert de.startswith("German merger control (GWB §§35–41) open A 27% share"), de[:80]
    for needle in (
        "meets GWB §37(1) no. 3 (the 25% limb)",
        "Whether the deal substantially strengthens the existing concentration (GWB §37(2)) is open, a "
        "judgment for German counsel",
        "For: IP rights to 2032, including post-AGI models; OpenAI's incremental $250bn Azure commitment; the "
        "office said on 15 November 2023 it would re-examine if Microsoft's influence increases",
        "Against: the stake fell from about 32.5% to 27%",
        "GWB §41(1)",  # the failure-to-file exposure stays the rubric's
    ):
        assert needle in de, needle
    steps = _flat(text_of(sections["next-steps"]["blocks"]))
    assert (
        "DE: get German counsel's view on GWB §37(2) (information request 2); consider a precautionary "
        "notification or an informal approach to the Bundeskartellamt." in steps
    )
    requests = _flat(text_of(sections["requests"]["blocks"]))
    assert "2 If Microsoft already held a concentration-level position in OpenAI, does this transaction" in requests


def test_the_screen_keeps_37_2_open_in_the_data_not_in_code():
    """The example leaves de_substantial_strengthening open and the rubric reads §37(2) as open where the
    office found an existing concentration: the verdict turns on that one question first."""
    a = assess(EXAMPLE, None)
    assert "de_substantial_strengthening" not in a.deal.facts
    de = next(r for r in a.screen if r.regime.id == "DE-BKartA")
    assert (de.verdict, de.basis, de.gate) == ("unknown", "facts", "de_substantial_strengthening")
    assert de.reason.startswith(
        "turns on substantial strengthening of an existing concentration under GWB §37(2); if yes"
    )


def test_the_appendix_no_longer_says_the_german_element_is_bare_not_in_play():
    from riskkit.render.memo_view import memo_view

    view = memo_view(assess(EXAMPLE, None), date=ISSUED, part="appendix")
    findings = next(s for s in view["appendix"] if s["id"] == "appendix-findings")
    table = next(b for b in findings["blocks"] if b.get("type") == "table" and "German concentration" in text_of([b]))
    rows = [[_cell(c) for c in r] for r in table["rows"]]
    row = next(r for r in rows if r[0].startswith("German concentration element (GWB §37(1))"))
    assert row[1] == "not in play"  # met before this deal and passed on then, not absent (fourth review (a)4)
    assert row[3].startswith("Unchanged since a state already reviewed (Bundeskartellamt, 15 Nov 2023)")


def test_a_closed_deals_open_hsr_filing_is_the_first_top_risk_with_the_penalty_as_arithmetic(sections):
    rows = sections["top-risks"]["blocks"][0]["rows"]
    assert len(rows) == 3  # Top risks stays at three rows: the filing row displaced the lowest
    first = [_flat(_cell(cell)) for cell in rows[0]]
    assert first[0].startswith("Failure to file: US (HSR) and DE open — turns on US (HSR): whether the shares")
    assert "DE: GWB §37(2) (information request 2)" in first[0]
    per_day, days = 53088, (ISSUED - dt.date(2025, 10, 28)).days
    assert days == 401
    assert (
        f"US (HSR): up to ${per_day:,} a day (figure unverified) × {days} days from closing (2025-10-28) to this "
        f"memo's date = up to ${per_day * days:,} (a statutory maximum, not a prediction)" in first[1]
    )
    assert (
        "DE: a fine of up to 10% of the undertaking's total turnover in the preceding business year (§81c(2))"
        in (first[1])
    )
    assert "if one was, make a corrective filing and approach the agencies" in first[-1]
    titles = [_cell(row[0]) for row in rows]
    assert titles[1].startswith("Pending litigation: Musk v. Altman")  # the live suit never below second


def test_without_a_memo_date_the_penalty_is_a_rate_from_closing():
    from riskkit.render.memo_filing import filing_risk_row

    row = filing_risk_row(assess(EXAMPLE, None), (), None)
    assert "up to $53,088 a day (figure unverified) from closing (2025-10-28)" in row[1]
    assert "×" not in row[1]


def test_our_view_is_explained_once_under_the_matrix_not_in_every_row(sections):
    matrix = _flat(text_of(sections["filing"]["blocks"]))
    assert "Our view, on our own estimate" not in matrix
    assert matrix.count("Verdicts marked (our view) rest on our own estimate of the facts named in the basis.") == 1


def test_microsofts_rights_over_a_sale_or_strategic_decisions_is_a_filing_question(sections):
    from riskkit.render.memo_rank import FILING, information_requests

    reqs = information_requests(assess(EXAMPLE, None), proceedings=True)
    e = next(x for x in reqs if x["fact"] == "investor_change_of_control_rights")
    assert (e["rank"], e["tier"]) == (3, FILING)
    assert "budget, business plan, major investments, appointment of senior management" in e["question"]
    assert "(strategic vetoes, which can give joint control)" in e["question"]  # fifth review (a)9: not all alike
    text = _flat(text_of(sections["requests"]["blocks"]))
    assert (
        "decides whether our view holds for EU, EU Art. 22, EU DMA and UK (no lasting change of control): a veto "
        "over strategic decisions gives joint control under EUMR Art. 3" in text
    )
    assert "would confirm De facto acquisition" not in text.split("3 If OpenAI or its controller")[1].split(" 4 ")[0]


def test_it_dk_and_ie_are_not_assessed_for_both_reasons(sections):
    bottom = _flat(text_of(sections["bottom-line"]["blocks"]))
    # fifth review (a)3: each state's own concept of a concentration decides, and it was not checked
    assert (
        "Not assessed: IT, DK and IE (outside the deal's jurisdictions; their call-in powers also need a "
        "concentration, none on our view (their own law's concept not checked))." in bottom
    )
    assert "review window closed on 2026-02-28 if counted from completion" in bottom  # s.24: or from publicity


@pytest.mark.pdf
def test_page_one_of_the_pdf_carries_the_filing_row_and_every_next_step():
    from pypdf import PdfReader

    from riskkit.render import render

    data = render(assess(EXAMPLE, None), "pdf", {"date": ISSUED})
    first = _flat(PdfReader(io.BytesIO(data)).pages[0].extract_text())
    top = first[first.index("Top risks") : first.index("Next steps")]
    assert "Failure to file: US (HSR) and DE" in top and "= up to $21,288,288" in top
    steps = first[first.index("Next steps") :]
    for n, head in enumerate(("US (HSR): settle", "DE: get German counsel's view", "EU, EU Art. 22", "Answer"), 1):
        assert f"{n} {head}" in steps, head


def test_fine_ceilings_name_only_what_was_read(sections):
    """Review (a)10: the DMA point and the EUMR 10% were tagged unverified. The 10% was since read in
    Art. 14(2)'s own words (a reproduction of the OJ text); the DMA point, read two ways, is not named."""
    matrix = text_of(sections["filing"]["blocks"])
    assert "EUMR Art. 14(2))" in matrix and "the 10% unverified" not in matrix
    assert "DMA Art. 30(3); which of its points covers Art. 14 is unverified" in matrix
    assert "30(3)(c)" not in matrix and "30(3)(b)" not in matrix


def test_json_names_the_question_an_open_filing_verdict_turns_on():
    rows = {r.regime.id: r.to_dict() for r in assess(EXAMPLE, None).screen}
    assert rows["US-FTC/DOJ"]["first_question"] == "hsr_shares_vote_for_directors"
    assert rows["DE-BKartA"]["first_question"] == "de_substantial_strengthening"
    assert all(rows[k]["first_question"] is None for k in ("EU-EC", "EU-Art22", "EU-DMA", "UK-CMA"))


def test_an_old_record_is_brought_up_to_date_before_the_memo_is_relied_on(sections):
    """Fifth partner review (d)1: a memo issued 13 months after its facts says, as a next step, to update them."""
    from riskkit.render.memo_view import memo_view

    steps = text_of(sections["next-steps"]["blocks"])
    assert "and bring the facts up to date from 28 Oct 2025 and re-run." in steps
    fresh = memo_view(assess(EXAMPLE, None), date=dt.date(2025, 11, 15))
    fresh_steps = text_of(next(s for s in fresh["sections"] if s["id"] == "next-steps")["blocks"])
    assert "bring the facts up to date" not in fresh_steps


def test_the_hsr_note_does_not_rely_on_narrow_circulation():
    """Fifth review (a)4: addressed to the General Counsel (an officer) the memo may be a transaction-related
    document however narrowly it is circulated; privilege, claimed on the log, is what protects it."""
    from riskkit.render.legend import HSR_NOTE

    assert "Addressed to an officer, it may be one however narrowly it is circulated" in HSR_NOTE
    assert "privilege, claimed on the log" in HSR_NOTE and "Keep its distribution to counsel" not in HSR_NOTE


def test_tax_flags_say_why_they_matter_to_the_investor(sections):
    """Fourth review (a)10 and fifth review (a)8: the tax points are the nonprofit's; the memo says how they reach Microsoft."""
    text = _flat(text_of(sections["charitable"]["blocks"]))
    assert "Why they matter to Microsoft: a tax problem at OpenAI Foundation can lead the attorneys general" in text
    assert "which the facts do not show Microsoft to be." in text

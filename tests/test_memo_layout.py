"""The memo's page layout (partner review item 19) and the issue-12 leftovers it now carries:
page 1 holds the bottom line, the top risks and the start of next steps; the filing matrix sits on
page 2; no page but the last is more than half empty; small tables never split; each concern says
what the deal changes since the reviewed prior state and which open facts keep its range wide;
the Akzo caveat is cited. Read back from the PDF (pypdf) and the Word file (python-docx)."""

from __future__ import annotations

import io
import re

import pytest

from .conftest import EXAMPLES, docx_text
from .test_memo import assess

MAIN = EXAMPLES / "microsoft-openai-2025.yaml"
LOW = EXAMPLES / "hypothetical-low-risk.yaml"
MM = 72 / 25.4


def _pages(data: bytes) -> list[dict]:
    """Per page: its text (whitespace collapsed) and the lowest body-text baseline, in points from the top."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        height = float(page.mediabox.height)
        ys: list[float] = []

        def visit(text, cm, tm, font, size, ys=ys, height=height):
            y = tm[5] * cm[3] + cm[5] if cm else tm[5]
            if text.strip() and 20 * MM < y < height - 17 * MM:  # body only: not the running head or footer
                ys.append(height - y)

        text = page.extract_text(visitor_text=visit)
        out.append({"text": " ".join(text.split()), "lowest": max(ys or [0.0]), "height": height})
    return out


@pytest.fixture(scope="module")
def main_pdf(rendered):
    return rendered("pdf", MAIN)


@pytest.fixture(scope="module")
def main_pages(main_pdf):
    return _pages(main_pdf)


@pytest.fixture(scope="module")
def main_docx_text(rendered):
    return docx_text(rendered("docx", MAIN))


@pytest.mark.pdf
def test_main_memo_fits_ten_pages_and_no_page_but_the_last_is_half_empty(main_pages):
    assert len(main_pages) <= 10
    for n, p in enumerate(main_pages[:-1], 1):
        assert p["lowest"] > p["height"] / 2, f"page {n} is more than half empty"


@pytest.mark.pdf
def test_page_one_shows_bottom_line_and_the_whole_top_risks_table_litigation_included(main_pages):
    first = main_pages[0]["text"]
    for heading in ("Bottom line", "Top risks"):
        assert heading in first, heading
    assert first.index("Bottom line") < first.index("Top risks")
    risks = first.split("Top risks", 1)[1]
    # every Top risks row on page 1: the table never splits across pages 1–2 (second review, item 15)
    # a closed deal's failure to file leads (fourth partner review (a)2) and displaces the lowest row
    rows = (
        "Failure to file: US (HSR) and DE",
        "Pending litigation: Musk v. Altman",
        "Input foreclosure / exclusive dealing: OpenAI's API products are offered",
    )
    for row in rows:
        assert row in risks, row
    assert "Input foreclosure / exclusive dealing: Microsoft holds exclusive rights" not in risks
    assert "CONCERN, LIKELIHOOD AND REGIME" not in main_pages[1]["text"].upper().split("NEXT STEPS")[0]
    # the live suit is a top risk, never below second (item 5), its particulars the court's orders'
    # and what happened after the facts' date asked for, not invented
    assert risks.index(rows[0]) < risks.index(rows[1]) < risks.index(rows[2])
    assert "N.D. Cal., No. 4:24-cv-04722-YGR. Microsoft is a defendant" in risks
    assert "Jury trial set for 30 Mar 2026 (outcome: information request 4)" in risks
    # the small next-steps table travels whole with its heading (partner review item 29)
    holder = [p["text"] for p in main_pages if "Next steps" in p["text"]]
    assert len(holder) == 1
    steps = holder[0].split("Next steps", 1)[1]
    assert "Answer the information requests" in steps
    # verdicts on our own estimates: a file note before the UK window closes, not an invitation to the CMA
    flat = " ".join(steps.split())
    assert "EU, EU Art. 22, EU DMA, UK: record our view that no filing was required" in flat  # DE is open
    assert "in a file note (before the UK review window closes 2026-02-28)" in flat
    assert "approach an authority only if the client decides to" in flat
    assert "Confirm our reading" not in flat and "settle the position on it" not in flat


@pytest.mark.pdf
def test_filing_matrix_is_whole_on_page_two_and_small_tables_never_split(main_pages):
    second = main_pages[1]["text"]
    assert "Filing matrix" in second
    matrix = second.split("Filing matrix", 1)[1]
    for regime in ("HSR premerger notification", "EUMR Art. 22", "Digital Markets Act", "German merger control"):
        assert regime in matrix, regime
    # the ten information requests: heading and every row on one page, by legal consequence
    holder = [p["text"] for p in main_pages if "Top 10 information requests" in p["text"]]
    assert len(holder) == 1
    body = holder[0].split("Top 10 information requests", 1)[1]
    assert re.search(r"\b1 Do the shares Microsoft acquired presently entitle it to vote", body)
    assert re.search(r"\b2 If Microsoft already held a concentration-level position in OpenAI", body)  # DE: §37(2)
    assert re.search(r"\b3 If OpenAI or its controller wanted to sell or change control", body)  # EUMR Art. 3
    assert re.search(r"\b4 Musk v. Altman: what has happened since 28 October 2025", body)
    rows = [
        int(n)
        for n in re.findall(
            r"(?:^|\s)(\d{1,2}) (?:Elon|Musk|What|Do|Does|Is|Are|How|In|Has|Have|Did|Which|Were|Was|Who|Must|Can|If)\b",
            body,
        )
    ]
    assert rows[:10] == list(range(1, 11)), rows
    # the conditions register never splits either
    reg = [p["text"] for p in main_pages if "Conditions register" in p["text"]]
    assert len(reg) == 1 and "The OpenAI Foundation keeps sole authority to appoint" in reg[0]
    assert "About 20 concessions" not in reg[0] and "two independent members" not in reg[0]  # later-only (item 2)


@pytest.mark.pdf
def test_short_form_fits_three_pages(rendered):
    pages = _pages(rendered("pdf", LOW))
    assert len(pages) <= 3
    assert "Before the deal" not in " ".join(p["text"] for p in pages)  # no prior state named: no such line


@pytest.mark.pdf
def test_bottom_line_says_what_was_reviewed_and_what_the_deal_changes(main_pages, main_docx_text):
    first = main_pages[0]["text"]
    whole = " ".join(p["text"] for p in main_pages)
    for text, body in ((first, whole), (main_docx_text, main_docx_text)):
        # each concern's row names who reviewed it, so page 1 does not list the reviews again; their
        # outcomes are under Background (room for the next steps on page 1: third partner review)
        assert "Before the deal: reviewed by" not in text
        background = body
        # only a review dated on or after the prior state's date reviewed that state (partner review item 9)
        assert (
            "Before the deal: the position as it stood on 21 January 2025 was reviewed by UK Competition and "
            "Markets Authority, 5 March 2025" in background
        )
        assert (
            "Earlier reviews looked at earlier versions of the arrangement: European Commission, 28 June 2024"
            in background
        )
        assert "Bundeskartellamt, 15 November 2023: Material competitive influence since 2019" in background
        # per concern: who reviewed it, what the deal changed (from the facts files) and the net effect
        # (second partner review, item 3) — never a bare 'Findings unchanged'
        # the earlier reviews decided jurisdiction only (third partner review (a)1); the attorneys
        # general reviewed the transaction itself before closing (a)3
        assert "Jurisdictional reviews only: CMA, EC, BKartA." in text
        assert "AGs before closing: Delaware (SONO), California (MOU)" in text
        assert "No earlier review covered it" not in text
        assert "Findings unchanged" not in text
        assert "right of first refusal, now none" in text and "→" not in text  # ROFR over compute removed
        assert "USD 250bn" in text and "250,000m" not in text  # the Azure commitment, as a reader writes it
        assert "remain exclusive to Azure until an independent expert panel verifies AGI" in text
        assert "through 2032 (including post-AGI models" in text
        assert "from 49–75% to 27%" in text  # the 27% stake replaces the profit interests
        # competitive effects: the deal cut the compute terms but renewed the exclusive IP to 2032 (a)1
        assert text.count("Net: lower.") >= 2 and "Net: unchanged." in text
        assert "Net: mixed." in text
        assert "New: Input foreclosure" not in text and "New: Customer foreclosure" not in text
        assert "New exposure" not in text and "of the likely" not in text
        # the filing line: a conclusion per regime, never 'need data' (item 3)
        assert "need data" not in text
        # each regime (or group of regimes that read alike) gets a conclusion in words
        for regime in ("US (HSR)", "EU", "UK", "DE"):
            assert re.search(
                rf"(^|[.:•,] ){re.escape(regime)}(, [A-Z][^:]*)?: (turns on|not notifiable|no relevant|likely|open)",
                text,
            ), regime
        assert "on it:" not in text


@pytest.mark.pdf
def test_key_assumptions_name_the_open_facts_that_keep_each_range_wide(main_pages, main_docx_text):
    text = " ".join(p["text"] for p in main_pages)
    tail = text.split("What could still move a verdict", 1)[1]
    for body in (tail, main_docx_text.split("What could still move a verdict", 1)[1]):
        # the range in verdict words; the open facts by their number in the ranked list, never the
        # questions a third time (third partner review (b)); no points figures (items 23–25)
        assert (
            "Compute concentration and cloud lock-in — reads remote (range remote – possible); the answers to "
            "information requests 7, 9 and 10 could move it." in body  # 8 is the clean-team question (a8)
        )
        assert "What share of OpenAI's compute" not in body.split("Verdicts are read")[0]
        assert (
            "Charitable assets in a nonprofit conversion or recapitalisation — reads possible (range remote – likely)"
            in body
        )
        assert "What is the fair market value" not in body.split("Verdicts are read")[0]
        # a concern whose verdict cannot move is not called wide: its requests confirm it
        assert (
            "De facto acquisition of control or material influence — reads remote even with every open fact "
            "counted against the deal; the answers to information requests 3, 18 and 20 would confirm it, not "
            "change it." in body
        )
        # where the list reaches past the first 10 requests, that is said once under it, not in each line
        assert body.count("Requests after the first 10 are listed in the appendix.") == 1
        assert "(the appendix lists those after the first" not in body
        assert not re.search(r"\bup to \d+ (points|of 100)", body)
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", body.split("Verdicts are read")[0])  # human labels, no ids
    assert "What keeps each range wide" not in text and "What keeps each range wide" not in main_docx_text
    # the questions themselves are printed once, in the ranked list
    assert text.count("What share of OpenAI's compute") == 1
    for body in (text, main_docx_text):
        # presumptions in words, never percentages (item 23); one key to the verdicts (item 25)
        assert "% likely yes" not in body and "assumed, not verified" in body
        assert "where two are given" not in body
        assert not re.search(r"\(up to \d+ (points|of 100)\)", body)


@pytest.mark.pdf
def test_akzo_caveat_is_named_on_page_one_cited_at_the_end_and_in_the_table_of_authorities(main_pages, rendered):
    cite = "Case C-550/07 P Akzo Nobel Chemicals and Akcros Chemicals v Commission, judgment of 14 September 2010"
    assert "(AM & S; Akzo)" in main_pages[0]["text"]  # page 1 names the limit in one line
    assert cite in " ".join(p["text"] for p in main_pages[-2:])  # the full caveat closes the memo
    appendix = " ".join(p["text"] for p in _pages(rendered("pdf", MAIN, part="appendix")))
    toa = appendix.split("Table of authorities", 1)[1]
    assert "Court of Justice of the European Union (Grand Chamber), Case C-550/07 P Akzo Nobel Chemicals" in toa
    assert "ECLI:EU:C:2010:512, 2010-09-14" in toa and "(paragraph numbers unverified)" in toa
    assert "Case 155/79 AM & S Europe Limited v Commission" in toa  # the caveat's other judgment
    # the filing matrix's periods and penalties cite their provisions: listed too
    for law in ("16 CFR 1.98", "Enterprise Act 2002", "Council Regulation (EC) No 139/2004"):
        assert law in toa, law
    # no hindsight: an authority dated after the facts' as-of date says so where it is listed
    flat = " ".join(toa.split())
    flag = "dated after the facts' as-of date (2025-10-28): later material, for reference only"
    assert f"Coverage of the Delaware Attorney General's conditions on OpenAI, 2025-11-03 — {flag}" in flat
    assert "2024-06-28 — dated after" not in flat
    assert "(effective 2026-02-17; its values in force on 2025-10-28 were used)" in " ".join(appendix.split())
    business = " ".join(p["text"] for p in _pages(rendered("pdf", MAIN, part="appendix", role="business")))
    assert "Akzo" not in business  # the caveat and its authority follow the counsel legend only


@pytest.mark.pdf
def test_memo_pdf_is_byte_deterministic(main_pdf):
    from riskkit.render import render

    assert render(assess(MAIN, None), "pdf") == main_pdf


def test_word_tables_never_strand_a_first_or_last_row(rendered):
    from docx import Document

    from riskkit.render.docx_table import KEEP_WHOLE

    doc = Document(io.BytesIO(rendered("docx", MAIN)))
    tables = [t for t in doc.tables if len(t.rows) > 2 and t.rows[0].cells[0].text in ("Regime", "#", "Condition")]
    assert len(tables) >= 3  # next steps, filing matrix, information requests, conditions register
    for t in tables:
        keeps = [all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs) for row in t.rows]
        n = len(t.rows) - 1  # data rows
        assert keeps[0] and keeps[1], "the header and first row travel with the next row"
        assert keeps[n - 1] and not keeps[n], "the last row is never alone on a page"
        if n > KEEP_WHOLE:
            assert not all(keeps[2 : n - 1]), "a long table may break between its middle rows"
        else:
            assert all(keeps[:n]), "a short table stays on one page (third partner review (c))"


@pytest.mark.pdf
def test_appendix_alone_has_one_title_and_keeps_its_outline(rendered):
    from pypdf import PdfReader

    data = rendered("pdf", MAIN, part="appendix")
    reader = PdfReader(io.BytesIO(data))
    assert reader.pages[0].extract_text().count("APPENDIX") == 1  # was printed twice, header and section title
    top = [d.title for d in reader.outline if not isinstance(d, list)]
    assert top == ["Appendix"] and "A. Findings by criterion" in [
        d.title for d in reader.outline[1] if not isinstance(d, list)
    ]


def test_filing_matrix_reads_as_the_bottom_line_does():
    """A regime the bottom line calls 'not notifiable (our view)' is not 'unknown / Data needed' on page 2."""
    from riskkit.render.memo_screen import filing_rows

    rows = {r["short"]: r for r in filing_rows(assess(MAIN, None))}
    eu = rows["EU"]
    assert eu["verdict_text"] == "not notifiable (our view)" and eu["status"] == "No filing (our view); file note"
    assert rows["UK"]["verdict_text"] == "no relevant merger situation (our view)"
    assert rows["US"]["status"] == "To settle first (next steps)"  # HSR waits for one fact: whether the shares vote


def test_the_filing_question_that_could_mean_a_missed_filing_is_next_step_one(main_pages):
    text = " ".join(p["text"] for p in main_pages[:2])
    steps = text[text.index("Next steps") :]
    first = " ".join(steps[steps.index("1 ") : steps.index("2 ", steps.index("1 ") + 2)].split())
    # what it turns on and the exposure are the first top risk; the step is what to do (fourth review (a)2)
    assert "US (HSR): settle whether a filing was required (information request 1)" in first
    assert "if one was, make a corrective filing and approach the agencies" in first


def test_a_concern_with_nothing_triggered_says_which_tests_the_facts_do_not_meet():
    from riskkit.render.memo_rank import cleared_by

    a = assess(MAIN, None)
    cc = next(rr for rr in a.results if rr.id == "compute-concentration")
    assert not [f for f in cc.findings if f.status == "triggered"]
    text = cleared_by(cc, a.catalogue)
    assert text.startswith(
        "No test of this concern is met on the facts given (5 turn on facts not yet known), including the two that "
        "weigh most: “Target must buy its "
        "compute from the investor"
    )
    assert "criterion" not in text


@pytest.mark.pdf
def test_a_review_window_that_ended_before_the_memo_date_reads_closed(cli, tmp_path):
    """Third partner review (a)5: a memo issued after the UK window ended must not set it as a deadline."""
    import pypdf

    def steps(date):
        out = tmp_path / f"m-{date}.pdf"
        r = cli("memo", str(MAIN), "-o", str(out), "--date", date)
        assert r.code == 0, r
        text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(out).pages[:2]).split())
        return text[text.index("Next steps") : text.index("Filing matrix")]

    assert "(before the UK review window closes 2026-02-28)" in steps("2025-11-01")
    late = steps("2026-12-03")
    # the bottom line says the window closed; the file-note step sets no deadline that has passed
    assert "closes 2026-02-28" not in late and "in a file note; approach an authority only if" in late

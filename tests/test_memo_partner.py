"""The partner review of the memo (review 2): what counsel reads must be whole sentences in plain
words, dated honestly and under the right legend. Each test fails on the memo as it was reviewed."""

from __future__ import annotations

import io
import re

import pytest

from .conftest import EXAMPLES
from .test_memo import EXAMPLE, assess, pdf_text, squash


@pytest.fixture(scope="module")
def main_text(rendered):
    pages, text = pdf_text(rendered("pdf", EXAMPLE))
    return pages, text


@pytest.mark.pdf
def test_no_sentence_is_cut_and_no_rubric_notation_leaks(main_text):
    pages, text = main_text
    assert "…" not in text  # review item 14: 'rival…', 'remain (the Art.' — sentences are never cut
    flat = squash(text)
    for leak in ("≤", "≥", "(one of ", "No test met (", "incorporated: delaware", ": no (on it"):
        assert squash(leak) not in flat, leak  # item 13: rubric text and operator notation
    assert "Whether the transaction brings about" not in text  # a yes/no fact reads as a sentence
    # item 12: no spurious decimals; the Oct 2025 commitment is no longer set against 2019–23
    # investment (no new money in the deal), so no spend ratio is shown (its scale: test_legal_leftovers)
    assert "18.12" not in text and "18–25" not in text


@pytest.mark.pdf
def test_page_one_carries_the_legend_caveats_and_an_honest_date(main_text):
    pages, _ = main_text
    first = " ".join(pages[0].split())
    assert "attorney–client communication: legal advice from counsel" in first  # item 17
    assert "work product" not in first and "Akzo" in first and "AM & S" in first
    assert "transaction-related document" in first  # named in one line; the full notes close the memo
    last = " ".join(pages[-1].split())
    assert "Supervisory Deal Team Lead" in last and "Case C-550/07 P Akzo Nobel" in last
    assert "Prepared on (date of issue)" in first  # item 16: no --date, no invented preparation date
    assert "How to read the verdicts" in first  # item 10
    assert "in the appendix)" not in " ".join(pages[1].split()) + first  # item 4: no absent appendix
    assert "8 findings strengthened" not in first and "findings strengthened" not in first  # item 9


@pytest.mark.pdf
def test_the_date_given_is_the_date_printed():
    import io

    from pypdf import PdfReader

    from riskkit.render import render

    data = render(assess(EXAMPLES / "hypothetical-low-risk.yaml", None), "pdf", {"date": "2026-03-04"})
    first = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert "Prepared on 2026-03-04" in first


def test_checks_read_as_plain_sentences():
    from types import SimpleNamespace as NS

    from riskkit.model.words import check_sentence, fact_statement

    check = NS(
        fact="x_pct", op="gte", actual="4%", expected="25%", result=False, param_value=None, param_in_force=False
    )
    assert check_sentence(check, None) == "x pct: 4%, below the 25% threshold"
    listed = NS(
        fact="ip",
        op="in",
        actual="exclusive",
        expected="[exclusive, assignment]",
        result=True,
        param_value=None,
        param_in_force=False,
    )
    assert check_sentence(listed, None) == "ip: exclusive"
    place = NS(
        fact="nonprofit_state_of_incorporation",
        op="eq",
        actual="delaware",
        expected="delaware",
        result=True,
        param_value=None,
        param_in_force=False,
    )
    assert check_sentence(place, None).endswith(": Delaware")
    assert fact_statement("Whether the investor acquires control", "no") == (
        "The facts do not show that the investor acquires control"
    )


@pytest.mark.pdf
def test_an_open_review_window_is_in_the_bottom_line_and_next_steps(main_text):
    from riskkit.render.memo_screen import filing_rows

    pages, _ = main_text
    windows = [r for r in filing_rows(assess(EXAMPLE, None)) if r.get("window_ends")]
    assert windows  # the example's UK call-in window is open at its as-of date
    first_two = squash(pages[0] + pages[1])
    for r in windows:
        # the bottom line's filing conclusion for the regime carries its window
        assert re.search(rf"{r['short']}: [^•]*review window open until {r['window_ends']}", " ".join(pages[0].split()))
        assert squash(f"review window closes {r['window_ends']}") in first_two  # the file-note step's deadline


def test_docx_prints_the_legend_once_rows_never_split_and_claims_no_author(rendered):
    import io
    import zipfile

    data = rendered("docx", EXAMPLE)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode()
        heads = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
        core = z.read("docProps/core.xml").decode()
    assert body.count("attorney–client communication") == 1 and "attorney–client" not in heads
    assert body.count("<w:cantSplit") >= body.count("<w:tblHeader")
    assert "riskkit</dc:creator>" not in core and "riskkit</cp:lastModifiedBy>" not in core


def test_docx_footers_carry_the_short_legend_on_every_page_page_one_included(rendered):
    """Third partner review (c): Word page 1 had no privilege mark in its foot; the PDF has one on every page."""
    from docx import Document

    doc = Document(io.BytesIO(rendered("docx", EXAMPLE)))
    sec = doc.sections[0]
    assert sec.different_first_page_header_footer
    for foot in (sec.first_page_footer, sec.footer):
        assert foot.paragraphs[0].text.startswith("Privileged & Confidential    Page "), foot.paragraphs[0].text
    business = Document(io.BytesIO(rendered("docx", EXAMPLE, role="business")))
    assert "Privileged" not in business.sections[0].footer.paragraphs[0].text


@pytest.mark.pdf
def test_page_one_shows_the_bottom_line_top_risks_and_the_start_of_next_steps(main_text):
    """Issue 14's page 1: the privilege caveats take one line there, not six, and the reviews each
    concern's row names are not listed again, so the first step fits (third partner review)."""
    pages, _ = main_text
    first = " ".join(pages[0].split())
    assert first.index("Bottom line") < first.index("Top risks") < first.index("Next steps")
    steps = first[first.index("Next steps") :]
    assert re.search(r"\b1 US \(HSR\): settle whether a filing was required", steps), steps[:200]
    assert "Before the deal: reviewed by" not in first  # each concern's row already names its reviews

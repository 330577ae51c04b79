"""The main memo's chronology and the rendering fixes of the partner review (items 1, 3, 12–13,
18, 23–25, 27–31): read back from the PDF (pypdf) and the Word file (python-docx)."""

from __future__ import annotations

import io
import re

import pytest

from .conftest import EXAMPLES, docx_text

MAIN = EXAMPLES / "microsoft-openai-2025.yaml"
HISTORY = EXAMPLES / "microsoft-openai-history.yaml"
LOW = EXAMPLES / "hypothetical-low-risk.yaml"


def _memo(fmt: str, facts=MAIN, history=HISTORY, part: str = "main") -> bytes:
    from riskkit.cli.options import load_inputs
    from riskkit.render.memo_build import memo_bytes

    deal, rubric_set = load_inputs(str(facts), None, ())
    return memo_bytes(deal, rubric_set, fmt, {"history": str(history) if history else None, "part": part})


def _pdf_text(data: bytes) -> tuple[list[str], str]:
    from pypdf import PdfReader

    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages]
    return pages, " ".join(pages)


def _docx_text(data: bytes) -> str:
    return docx_text(data, headers=True)


@pytest.fixture(scope="module")
def main_pdf():
    return _memo("pdf")


@pytest.fixture(scope="module")
def main_docx():
    return _memo("docx")


TOOL_SYNTAX = (
    "examples/",
    ".yaml",
    "see riskkit timeline",
    "riskkit memo",
    "--appendix",
    "--to",
    "shown in the PDF memo",
    "unknown → triggered",
    "NOW (CLOSED DEAL)",
    "Now (closed deal)",
    "need data",
    "needs whether",
    "on it:",
    "closed deal:",
    "Delaware (Delaware Attorney General)",
    "Open: ",
    "New exposure",
    "% likely yes",
)


def _no_tool_syntax(text: str) -> None:
    for leak in TOOL_SYNTAX:
        assert leak not in text, leak
    for enum in ("rofr", "material_competitive_influence", "voting_securities"):
        assert enum not in text, enum
    assert not re.search(r"\(up to \d+ (points|of 100)\)", text)
    assert not re.search(r"\)\.\)|\.\)\.", text)  # no stray ').' after a bracketed sentence


@pytest.mark.pdf
def test_main_memo_has_a_short_chronology_up_to_the_as_of_date_and_no_later_step(main_pdf):
    pages, text = _pdf_text(main_pdf)
    assert len(pages) <= 10
    assert "Chronology" in text and "Risk over time and computed detail" not in text
    chrono = text.split("Chronology", 1)[1]
    for when, what in (
        ("22 July 2019", "first investment and exclusive cloud partnership"),
        ("23 January 2023", "follow-on investment"),
        ("21 January 2025", "Azure exclusivity replaced by a right of first refusal"),
        ("28 October 2025", "Recapitalisation"),
    ):
        assert when in chrono and what in chrono, when
    # past steps carry what the authorities decided, never a retrospective verdict that contradicts
    # it (second partner review, item 4); the last step carries this memo's reading
    assert "BKartA, 15 November 2023: Material competitive influence since 2019" in chrono
    assert "EC, 28 June 2024: Microsoft had not acquired control of OpenAI on a lasting basis" in chrono
    assert "CMA, 5 March 2025: Microsoft has held material influence" in chrono
    assert "No authority reviewed this step at the time" in chrono
    assert "This memo's reading: " in chrono
    assert "→ likely" not in chrono and "possible → " not in chrono
    assert "partnership (Jul 2019)" not in chrono  # the date column says it
    # the step after the as-of date is left out of the main memo without a word about it ((a) item 1)
    assert "Amended partnership terms" not in text
    assert "27 April 2026" not in text and "2026-04-27" not in text
    assert "step dated after" not in text and "left out of this memo" not in text
    _no_tool_syntax(text)


@pytest.mark.pdf
def test_main_memo_without_history_has_no_chronology_and_speaks_plainly():
    pages, text = _pdf_text(_memo("pdf", history=None))
    assert len(pages) <= 10 and "Chronology" not in text
    _no_tool_syntax(text)
    assert "Mitigation (deal closed)".upper() in text.upper()
    # no client named (--to) and no author (--author): the lines are left for counsel, never a bracket
    assert "[Client]" not in text and "Deal counsel" not in text and "[to assign]" not in text
    assert "keep it within the legal team" not in text and "privilege log" in text  # items 12–13
    # item 18: open questions, not findings
    assert "Not yet verified: " in text and "; whether executives or directors receive bonuses" in text


@pytest.mark.pdf
def test_appendix_keeps_the_full_steps_and_labels_the_later_one():
    _, text = _pdf_text(_memo("pdf", part="both"))
    assert "Chronology" in text  # the main memo's short form
    detail = text.split("Every dated step of", 1)[1]
    assert "2026-04-27 — Amended partnership terms After the facts' as-of date — not used in this advice" in detail
    assert detail.count("not used in this advice") >= 1
    assert "see riskkit timeline" not in detail and "examples/" not in detail and "rofr" not in detail
    assert "right of first refusal" in detail
    assert "after the facts' as-of date: not used" in detail  # the chart marks where later steps begin


def test_word_memo_carries_the_chronology_and_chart_no_cli_text_and_whole_dates(main_docx):
    from docx import Document

    text = _docx_text(main_docx)
    assert "Chronology" in text and "Verdicts at a glance" in text
    assert "23 January 2023" in text and "Amended partnership terms" not in text
    _no_tool_syntax(text)
    doc = Document(io.BytesIO(main_docx))
    assert len(doc.inline_shapes) >= 2  # the verdicts chart and the timeline chart
    # ISO dates never break across lines: non-breaking hyphens
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
    assert "2026\u201102\u201128" in text
    cp = doc.core_properties
    assert cp.comments == "" and cp.keywords == "" and "fingerprint" not in (cp.comments or "")
    assert main_docx == _memo("docx")  # deterministic


def test_word_appendix_draws_the_computed_detail_not_a_pointer_to_the_pdf():
    text = _docx_text(_memo("docx", part="both"))
    assert "shown in the PDF memo" not in text and "riskkit memo" not in text
    assert "Amended partnership terms" in text and "After the facts' as-of date — not used in this advice" in text


@pytest.mark.pdf
def test_illustrative_example_carries_no_privilege_legend():
    pages, text = _pdf_text(_memo("pdf", facts=LOW, history=None))
    assert len(pages) <= 3
    assert "Illustrative example — not legal advice" in text
    assert "Privileged" not in text and "attorney–client" not in text and "Item 4(c)" not in text
    assert "(hypothetical)" not in text
    word = _docx_text(_memo("docx", facts=LOW, history=None))
    assert "Illustrative example — not legal advice" in word and "Privileged" not in word


def test_short_forms_filing_line_counts_many_estimates_instead_of_listing_them():
    from riskkit.cli.options import load_inputs
    from riskkit.engine.run import run
    from riskkit.render.memo_screen import filing_summary

    deal, rubric_set = load_inputs(str(LOW), None, ())
    lines = filing_summary(run(deal, rubric_set).assessment)
    assert lines and all(len(line) < 260 for line in lines)
    assert not any("need data" in line for line in lines)

"""The memo as issued (second partner review, items (a)28, (b)5, (b)7, (b)14): the file's dates and
author are the date of issue and the From line, never the facts' date or a word processor's stamp;
the live suit is a top risk and its particulars an information request; no mitigation that is only
a statement of the stage; estimates are not facts taken as given. Read back from the PDF (pypdf)
and the Word file (python-docx and its XML parts)."""

from __future__ import annotations

import io
import zipfile

import pytest

from .conftest import EXAMPLES, docx_text
from .test_memo import assess

EXAMPLE = EXAMPLES / "microsoft-openai-2025.yaml"
ISSUED = {"date": "2026-12-03", "from_": "Jane Partner, Deal counsel"}


def _options(**kw):
    import datetime as dt

    out = dict(kw)
    if "date" in out:
        out["date"] = dt.date.fromisoformat(out["date"])
    return out


@pytest.fixture(scope="module")
def assessment():
    return assess(EXAMPLE, None)


def _parts(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode() for n in ("docProps/core.xml", "docProps/app.xml", "word/document.xml")}


def test_word_file_dates_and_author_are_the_issue_dates_and_the_from_line(assessment):
    from docx import Document

    from riskkit.render import render

    data = render(assessment, "docx", _options(**ISSUED))
    cp = Document(io.BytesIO(data)).core_properties
    assert cp.created.date().isoformat() == cp.modified.date().isoformat() == "2026-12-03"
    assert cp.author == cp.last_modified_by == "Jane Partner, Deal counsel"
    assert data == render(assessment, "docx", _options(**ISSUED))  # deterministic
    app = _parts(data)["docProps/app.xml"]
    assert "Microsoft" not in app and "<Pages>" not in app and "<Words>" not in app
    assert "<Application>riskkit</Application>" in app


def test_word_file_without_a_date_of_issue_claims_no_date_and_is_never_backdated(assessment, rendered):
    from docx import Document

    from riskkit.render import render

    data = rendered("docx", EXAMPLE)
    core = _parts(data)["docProps/core.xml"]
    assert "dcterms:created" not in core and "dcterms:modified" not in core
    assert "2025-10-28" not in core.split("<dc:subject>")[0]  # the facts' date only in the subject line
    cp = Document(io.BytesIO(data)).core_properties
    assert cp.created is None and cp.author == ""
    assert "(date of issue)" in docx_text(data)
    assert data == render(assessment, "docx")


def test_word_page_one_prints_the_privilege_legend_once(rendered):
    body = _parts(rendered("docx", EXAMPLE))["word/document.xml"]
    assert "<w:titlePg" in body  # page 1 has its own (empty) running head: the banner says it there


@pytest.mark.pdf
def test_pdf_dates_are_the_issue_date_or_none(assessment, rendered):
    from pypdf import PdfReader

    from riskkit.render import render

    meta = PdfReader(io.BytesIO(render(assessment, "pdf", _options(**ISSUED)))).metadata
    assert meta["/CreationDate"].startswith("D:20261203") and meta["/Author"] == "Jane Partner, Deal counsel"
    plain = PdfReader(io.BytesIO(rendered("pdf", EXAMPLE))).metadata
    assert "/CreationDate" not in plain and "/ModDate" not in plain


def test_live_suit_is_a_top_risk_and_its_particulars_an_information_request(assessment):
    from riskkit.render.memo_blocks import text_of
    from riskkit.render.memo_view import memo_view

    sections = {s["id"]: s for s in memo_view(assessment)["sections"]}
    risks = sections["top-risks"]["blocks"][0]["rows"]
    titles = ["".join(t for t, _ in row[0]) for row in risks]
    assert len(risks) == 3
    assert any(t.startswith("Pending litigation: Musk v. Altman\n") for t in titles[:2])
    row = next(r for r in risks if "".join(t for t, _ in r[0]).startswith("Pending litigation"))
    why = row[1] if isinstance(row[1], str) else "".join(t for t, _ in row[1])
    # the particulars are the court's own (the deal file's `proceedings`, citing its orders) ...
    assert why.startswith("N.D. Cal., No. 4:24-cv-04722-YGR. Microsoft is a defendant: aiding and abetting breach")
    # ... and the trial, set for after the facts' date, is not reported as if its outcome were known
    assert why.endswith("Jury trial set for 30 Mar 2026 (outcome: information request 4).")
    # the body states the rest, the §8 claim's dismissal among it, with no outcome after the facts' date
    body = text_of(sections["charitable"]["blocks"])
    assert "the Clayton Act §8 interlock claim was dismissed for want of standing (4 Mar 2025)" in body
    assert "Jury trial set for 30 Mar 2026, after the facts' date: its outcome is not reflected." in body
    requests = text_of(sections["requests"]["blocks"])
    assert requests.index("1 Do the shares Microsoft acquired presently entitle it to vote") < requests.index(
        "4 Musk v. Altman: what has happened since 28 October 2025"  # after the three filing questions
    )


def test_a_suit_without_particulars_is_asked_about_never_filled_in(assessment):
    """Without `proceedings` the memo names the suit as the fact's note does and asks for every
    particular: nothing about a suit is invented (second partner review, item 5)."""
    from msgspec.structs import replace

    from riskkit.render.memo_blocks import text_of
    from riskkit.render.memo_view import memo_view

    bare = replace(assessment, deal=replace(assessment.deal, proceedings=()))
    sections = {s["id"]: s for s in memo_view(bare)["sections"]}
    titles = ["".join(t for t, _ in row[0]) for row in sections["top-risks"]["blocks"][0]["rows"]]
    assert any(t.startswith("Pending litigation: Elon Musk's suit to stop the restructuring") for t in titles[:2])
    requests = text_of(sections["requests"]["blocks"])
    assert "4 Elon Musk's suit to stop the restructuring: which court and docket number" in requests
    assert "is Microsoft a defendant" in requests
    whole = " ".join(text_of(s["blocks"]) for s in sections.values())
    assert "N.D. Cal." not in whole and "4:24-cv-04722" not in whole and "Gonzalez Rogers" not in whole


def test_mitigations_and_assumptions_read_as_advice(assessment):
    from riskkit.render.memo_blocks import text_of
    from riskkit.render.memo_view import memo_view

    sections = {s["id"]: s for s in memo_view(assessment)["sections"]}
    mitigations = text_of(sections["mitigations"]["blocks"])
    assert "already in place" not in mitigations and "Voting stake against the UK" not in mitigations
    assumptions = text_of(sections["assumptions"]["blocks"])
    assumed, given = assumptions.split("Facts taken as given", 1)
    given = given.split("What keeps each range wide", 1)[0]
    assert "(estimated)" not in given and "The facts do not show that" not in given
    # every estimated fact a triggered finding read sits under 'assumed, not verified', by its label
    from riskkit.model.words import fact_label
    from riskkit.render.memo_rank import live_risk

    estimated = {
        u.id
        for rr in live_risk(assessment)
        for f in rr.findings
        if f.status == "triggered" and not f.waived
        for u in f.facts
        if u.confidence == "estimated"
    }
    assert estimated and "our estimate, not verified: " in assumed
    for fid in estimated:
        assert fact_label(assessment.catalogue, fid).split(" ")[-1] in assumed, fid
    assert (
        "Foundation and for-profit boards overlap" in given
        and "A lawsuit challenging the transaction is pending" in given
    )


def test_a_remedy_for_unreviewed_positions_is_dropped_only_where_a_review_covered_the_concern(assessment):
    """The drop is tied to the record: without the earlier reviews the same finding keeps its remedy,
    and the stage-only sentence ('The rights are already in place.') never survives either way."""
    from msgspec.structs import replace

    import riskkit
    from riskkit.render.memo_substance import mitigation_text

    def uk_stake(a):
        rr = next(r for r in a.results if r.rubric.id == "de-facto-acquisition")
        return mitigation_text(a, next(f for f in rr.findings if f.id == "dfa-uk-material-influence-stake"), rr, 260)

    assert uk_stake(assessment) == ""  # the CMA reviewed the material influence in March 2025
    unreviewed = riskkit.score(replace(assessment.deal, prior=None), riskkit.load_rubrics())
    text = uk_stake(unreviewed)
    assert "material influence that no regulator has reviewed" in text
    assert "already in place" not in text

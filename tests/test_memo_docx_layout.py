"""The Word memo's layout (third partner review (c), "Word vs PDF"): page 1 carries the bottom line
and the top risks; rows never split and short tables stay on one page; headings keep with what
follows; the running head names the deal and the date of issue; every foot carries the privilege
legend and "Page X of Y". Read back with python-docx, and, where LibreOffice is installed, from the
PDF it makes of the file (pypdf)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest

from .conftest import EXAMPLES
from .test_memo import assess, pdf_text

EXAMPLE = EXAMPLES / "microsoft-openai-2025.yaml"


@pytest.fixture(scope="module")
def word():
    from riskkit.render import render

    return render(assess(EXAMPLE, None), "docx", {"date": dt.date(2026, 12, 3)})


@pytest.fixture(scope="module")
def doc(word):
    from docx import Document

    return Document(io.BytesIO(word))


def _grid_tables(doc):
    """The memo's grid tables (a shaded header row), nested ones included: not the To/From block."""
    out = []
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                out += cell.tables
        out.append(t)
    return [t for t in out if len(t.rows) > 1 and "E8EDF3" in t.rows[0].cells[0]._tc.xml]


def _row_flags(row) -> tuple[bool, bool]:
    from docx.oxml.ns import qn

    tr_pr = row._tr.trPr
    flag = lambda tag: tr_pr is not None and tr_pr.find(qn(tag)) is not None  # noqa: E731
    return flag("w:cantSplit"), flag("w:tblHeader")


def _keeps(row) -> bool:
    return all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)


def test_rows_never_split_and_header_rows_repeat(doc):
    tables = _grid_tables(doc)
    assert len(tables) >= 6  # bottom line, top risks, next steps, filing matrix, requests, conditions
    for t in tables:
        flags = [_row_flags(r) for r in t.rows]
        assert all(cant for cant, _ in flags), "a row is never split across pages"
        assert flags[0][1] and not any(head for _, head in flags[1:]), "the header row, and only it, repeats"


def test_a_short_table_stays_whole_and_the_top_risks_may_break_between_rows(doc):
    from riskkit.render.docx_table import KEEP_WHOLE

    by_head = {t.rows[0].cells[0].text: t for t in _grid_tables(doc)}
    filing = by_head["Regime"]
    assert len(filing.rows) - 1 == 6  # US, EU, Art. 22, DMA, UK, DE: one page, UK and DE never alone
    for t in by_head.values():
        n = len(t.rows) - 1
        keeps = [_keeps(r) for r in t.rows]
        assert keeps[0] and not keeps[-1]
        if t.rows[0].cells[0].text.startswith("Concern, likelihood"):
            assert not all(keeps[1:n]), "the top risks may break between rows rather than leave page 1"
        elif n <= KEEP_WHOLE:
            assert all(keeps[:n]), t.rows[0].cells[0].text


def test_headings_keep_with_next_and_a_lead_line_keeps_with_its_table(doc):
    heads = [p for p in doc.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]
    assert len(heads) >= 12
    for p in heads:
        assert p.paragraph_format.keep_with_next or p.style.paragraph_format.keep_with_next, p.text
    body = doc.element.body
    for p in doc.paragraphs:  # a paragraph right before a table keeps with it
        nxt = p._p.getnext()
        if p.text and nxt is not None and nxt.tag.endswith("}tbl"):
            assert p.paragraph_format.keep_with_next or p.style.paragraph_format.keep_with_next, p.text
    assert body is not None
    background = next(p for p in doc.paragraphs if p.text.startswith("On 28 October 2025"))
    assert background.paragraph_format.keep_together  # a short paragraph is never split across pages


def test_running_head_names_the_deal_and_date_and_every_foot_the_legend(doc):
    sec = doc.sections[0]
    head = sec.header.paragraphs[0].text
    assert head.startswith("Microsoft–OpenAI recapitalisation (Oct 2025)\t")
    assert head.endswith("Memorandum · 2026\u201112\u201103")  # non-breaking hyphens: the date never wraps
    assert sec.different_first_page_header_footer and not sec.first_page_header.paragraphs[0].text
    for foot in (sec.first_page_footer, sec.footer):
        assert foot.paragraphs[0].text.startswith("Privileged & Confidential    Page ")
        assert " NUMPAGES " in foot._element.xml


def test_bottom_line_type_is_readable(doc):
    """The bottom line's asides were 7pt light grey ("tiny grey type"): now the table's own size, in dark slate."""
    from docx.shared import Pt

    bottom = next(t for t in _grid_tables(doc) if t.rows[0].cells[1].text.startswith("Verdict"))
    runs = [r for row in bottom.rows[1:] for c in row.cells for p in c.paragraphs for r in p.runs if r.text.strip()]
    assert runs and all(r.font.size >= Pt(7.5) for r in runs)
    for r in runs:
        rgb = r.font.color.rgb
        assert rgb is None or sum(rgb) < 3 * 0x60, (r.text, rgb)  # black or dark grey


def test_same_input_same_bytes(word):
    from riskkit.render import render

    assert render(assess(EXAMPLE, None), "docx", {"date": dt.date(2026, 12, 3)}) == word


@pytest.mark.pdf
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_libreoffice_page_one_carries_the_bottom_line_all_top_risks_and_next_steps(word, tmp_path):
    (tmp_path / "m.docx").write_bytes(word)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(tmp_path), str(tmp_path / "m.docx")],
        capture_output=True,
        timeout=180,
        check=True,
    )
    pages, _ = pdf_text((tmp_path / "m.pdf").read_bytes())
    first = " ".join(pages[0].split())
    assert "Bottom line" in first and "Top risks" in first
    for risk in (
        "OpenAI's API products are offered on no cloud",
        "Pending litigation: Musk v. Altman",
        "exclusive rights to OpenAI's IP",
    ):
        assert risk in first, risk  # every top risk on page 1
    assert "Next steps" in first  # and at least the start of next steps
    assert first.startswith("Privileged & Confidential") and "Privileged & Confidential Page 1 of" in first
    assert "Memorandum · 2026" in " ".join(pages[1].split())  # the running head from page 2
    filing = [i for i, p in enumerate(pages) if "Filing matrix" in p]
    assert filing and "German merger" in pages[filing[0]]  # the matrix on one page, DE included


def test_the_appendix_runs_under_its_own_head(rendered):
    from docx import Document

    doc = Document(io.BytesIO(rendered("docx", EXAMPLE, part="both")))
    memo, appendix = doc.sections
    assert memo.header.paragraphs[0].text.endswith("\tMemorandum · (date of issue)")
    assert appendix.header.paragraphs[0].text.endswith("\tAppendix · (date of issue)")
    assert appendix.footer.is_linked_to_previous  # the same foot: legend and page numbers run on

"""The Word memo, counsel's narrative and the memo's new options, read back."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest

from riskkit.errors import UsageError

from .conftest import EXAMPLES, MINI, MINI_DEAL
from .test_memo import HOSTILE, assess, hostile_deal, pdf_text

EXAMPLE = EXAMPLES / "microsoft-openai-2025.yaml"


def headings(data: bytes) -> list[tuple[str, str]]:
    import docx

    doc = docx.Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]


@pytest.fixture(scope="session")
def example_docx(rendered):
    return assess(EXAMPLE, None), rendered("docx", EXAMPLE, part="both")


def test_docx_has_the_pdf_sections_as_headings_tables_legend_and_page_fields(example_docx):
    import docx

    from riskkit.render.memo_view import memo_view

    a, data = example_docx
    view = memo_view(a, part="both")
    h = headings(data)
    assert [t for s, t in h if s == "Heading 1"] == [s["title"] for s in view["sections"]] + ["Appendix"]
    after = h[h.index(("Heading 1", "Appendix")) + 1 :]
    assert [t for s, t in after if s == "Heading 2"] == [s["title"] for s in view["appendix"]]
    doc = docx.Document(io.BytesIO(data))
    assert len(doc.tables) >= 6
    header = " ".join(p.text for p in doc.sections[0].header.paragraphs)
    assert header == f"{view['deal_title']}\tMemorandum · (date of issue)"  # the PDF's running head
    assert "Privileged & Confidential" in doc.sections[0].footer.paragraphs[0].text  # the legend is in the foot
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/footer1.xml").decode()
    assert " PAGE " in xml and " NUMPAGES " in xml
    assert any(n.startswith("word/media/") and n.endswith(".png") for n in zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert doc.core_properties.created is None  # no date of issue given: no date claimed (never the facts' date)


def test_docx_bytes_are_deterministic(example_docx):
    from riskkit.render import render

    a, data = example_docx
    assert render(a, "docx", {"part": "both"}) == data
    for info in zipfile.ZipFile(io.BytesIO(data)).infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)


def test_docx_inserts_hostile_text_literally(tmp_path):
    import docx

    from riskkit.render import render

    data = render(assess(hostile_deal(tmp_path)), "docx", {"part": "both"})
    doc = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells
    )
    assert HOSTILE["img"] in text and HOSTILE["jinja"] in text
    assert "<img" not in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()


def test_chart_png_is_a_real_image():
    from PIL import Image

    from riskkit.render.docx import chart_png
    from riskkit.render.memo_view import chart

    png = chart_png(chart(assess(EXAMPLE, None)))
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.width > 1000
    assert png == chart_png(chart(assess(EXAMPLE, None)))


@pytest.mark.pdf
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_libreoffice_opens_the_docx_with_page_numbers(example_docx, tmp_path):
    _, data = example_docx
    (tmp_path / "m.docx").write_bytes(data)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "m.docx")],
        capture_output=True,
        timeout=180,
        check=True,
    )
    pages, text = pdf_text((tmp_path / "m.pdf").read_bytes())
    assert f"Page 1 of {len(pages)}" in " ".join(pages[0].split())
    assert "Bottom line" in pages[0] and "Filing matrix" in text


# -- narrative -------------------------------------------------------------------------------


def test_narrative_subset_becomes_blocks():
    from riskkit.render.memo_narrative import parse_narrative

    blocks = parse_narrative("No **control** anywhere.\n\n- confirm *HSR* treatment\n- German analysis at 27%\n")
    assert blocks[0]["type"] == "p" and ("control", "b") in blocks[0]["runs"]
    assert blocks[1]["type"] == "list" and [("HSR", "i")] == [r for r in blocks[1]["entries"][0] if r[1]]


@pytest.mark.parametrize(
    "text, what",
    [
        ("<b>bold</b>", "HTML"),
        ("see [the CMA](https://gov.uk)", "a link"),
        ("![x](file:///etc/passwd)", "a link or image"),
        ("# Heading", "a heading"),
        ("visit http://example.com", "a URL"),
        ("```\ncode\n```", "a code block"),
    ],
)
def test_narrative_refuses_anything_else(text, what):
    from riskkit.render.memo_narrative import parse_narrative

    with pytest.raises(UsageError, match=what):
        parse_narrative(text, "bl.md")


def test_cli_narrative_leads_and_roles_and_appendix_options(cli, tmp_path):
    md = tmp_path / "bl.md"
    md.write_text("Counsel's view: **no acquisition of control**.\n", encoding="utf-8")
    out = tmp_path / "m.html"
    r = cli("memo", MINI_DEAL, "--rubrics", MINI, "-o", out, "--narrative", md, "--author-role", "business")
    assert r.code == 0, r
    html = out.read_text()
    assert html.index("Counsel&#39;s bottom line") < html.index("box box-bottom-line")
    assert "<strong>no acquisition of control</strong>" in html
    assert "not legal advice" in html and "direction of counsel" not in html
    r = cli("memo", MINI_DEAL, "--rubrics", MINI, "-o", tmp_path / "a.html", "--appendix-only")
    assert r.code == 0 and 'id="bottom-line"' not in (tmp_path / "a.html").read_text()
    r = cli("memo", MINI_DEAL, "--rubrics", MINI, "-o", tmp_path / "x.html", "--appendix", "--appendix-only")
    assert r.code == 2 and "exclude each other" in r.err
    bad = tmp_path / "bad.md"
    bad.write_text("<script>x</script>", encoding="utf-8")
    r = cli("memo", MINI_DEAL, "--rubrics", MINI, "-o", tmp_path / "y.html", "--narrative", bad)
    assert r.code == 2 and "bad.md:1: HTML is not allowed" in r.err and not (tmp_path / "y.html").exists()
    r = cli("memo", MINI_DEAL, "--rubrics", MINI, "-o", tmp_path / "m.docx")
    assert r.code == 0 and (tmp_path / "m.docx").read_bytes()[:2] == b"PK"


def test_the_same_legend_is_on_the_json_and_the_workbook_and_no_local_path(tmp_path):
    import json

    import openpyxl

    from riskkit.render import render
    from riskkit.render.legend import legend

    a = assess(EXAMPLE, None)
    data = json.loads(render(a, "json"))
    assert data["legend"]["text"] == legend() and "/" not in data["deal"]["path"]
    (tmp_path / "w.xlsx").write_bytes(render(a, "xlsx"))
    wb = openpyxl.load_workbook(tmp_path / "w.xlsx")
    assert all(ws.oddHeader.center.text.replace("&&", "&") == legend() for ws in wb.worksheets)


def test_no_local_paths_reach_the_appendix():
    from riskkit.render.memo import render_memo

    html = render_memo(assess(EXAMPLE, None), part="appendix")
    assert "shared/seeds" not in html and "regulatory-sources.md" not in html and "/work/" not in html


def test_a_reviewed_memo_leads_with_the_reviewed_result(cli, tmp_path):
    from .test_review import DECISIONS, fill

    shutil.copy(MINI_DEAL, tmp_path / "deal.yaml")
    shutil.copytree(MINI, tmp_path / "rubrics")
    assert cli("workbook", "deal.yaml", "--rubrics", "rubrics", "-o", "review.xlsx", cwd=tmp_path).code == 0
    book = tmp_path / "review.xlsx"
    fill(book, DECISIONS)
    out = tmp_path / "reviewed.html"
    r = cli("review", book, "-o", out)
    assert r.code == 0, r
    html = out.read_text()
    assert html.index("Reviewed result") < html.index('id="top-risks"')
    assert str(tmp_path) not in html  # the workbook is named, its local path is not

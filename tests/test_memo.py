"""The memo: HTML from templates, PDF from WeasyPrint, read back and checked."""

from __future__ import annotations

import io
import logging
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from riskkit.errors import RiskkitError, UsageError

from .conftest import EXAMPLES, FIXTURES, MINI, MINI_DEAL, ROOT

EXAMPLE = EXAMPLES / "microsoft-openai-2025.yaml"
EXTRA = FIXTURES / "memo-extra"
HOSTILE = {
    "img": '<img src="http://127.0.0.1:9/pwn.png">',
    "style": "</style><style>body{display:none}</style>",
    "css": '<span style="background:url(http://127.0.0.1:9/bg.png)">css</span>',
    "jinja": "{{ 7*7 }}{% if true %}x{% endif %}",
}


# -- helpers ------------------------------------------------------------------------------


def assess(deal_path=MINI_DEAL, rubrics=MINI):
    from riskkit.engine.scoring import score
    from riskkit.load.deal import load_deal
    from riskkit.load.rubric import load_rubrics

    rs = load_rubrics(rubrics)
    return score(load_deal(deal_path, rs.catalogue), rs)


def pdf_text(data: bytes) -> tuple[list[str], str]:
    """(text of each page, all text with whitespace collapsed)."""
    from pypdf import PdfReader

    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]
    return pages, " ".join(" ".join(pages).split())


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def weasy_errors(caplog):
    """Fail the test on anything WeasyPrint logs as an error."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield caplog
    errors = [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= logging.ERROR]
    assert not errors, errors


@pytest.fixture(scope="module")
def mini_assessment():
    return assess()


@pytest.fixture(scope="module")
def mini_pdf(mini_assessment):
    from riskkit.render import render

    return render(mini_assessment, "pdf")


def hostile_deal(tmp_path: Path, hypothetical: bool = False) -> Path:
    data = yaml.safe_load(MINI_DEAL.read_text())
    data["deal"]["title"] = f"Deal {HOSTILE['img']} {HOSTILE['style']}"
    data["deal"]["summary"] = f"Summary {HOSTILE['css']} {HOSTILE['jinja']}"
    data["deal"]["parties"][0]["name"] = HOSTILE["img"]
    data["deal"]["hypothetical"] = hypothetical
    data["sources"]["news"]["title"] = f"News {HOSTILE['img']}"
    data["sources"]["news"]["url"] = "http://127.0.0.1:9/source"
    data["facts"]["observer"]["note"] = HOSTILE["css"]
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# -- HTML ----------------------------------------------------------------------------------


def test_html_has_header_banner_and_every_section(mini_assessment):
    from riskkit.render.memo import render_memo
    from riskkit.render.memo_view import PRIVILEGE_TEXT

    html = render_memo(mini_assessment, to="General Counsel", from_="Deal team")
    for text in ("General Counsel", "Deal team", "2025-11-01", "Mini deal", str(escape(PRIVILEGE_TEXT))):
        assert text in html
    for anchor in ('id="summary"', 'id="rubric-mini"', 'id="jurisdictions"', 'id="notes"', 'id="appendix"'):
        assert anchor in html
    assert "<svg" in html  # the chart is inline SVG
    assert html.index('id="summary"') < html.index('id="rubric-mini"') < html.index('id="appendix"')
    # information gaps come with their questions; references are numbered notes
    assert "How much cloud spend is committed?" in html
    assert 'id="note-1"' in html and 'href="#note-1"' in html


def test_privilege_banner_can_be_turned_off(mini_assessment):
    from riskkit.render.memo import render_memo
    from riskkit.render.memo_view import PRIVILEGE_TEXT

    assert str(escape(PRIVILEGE_TEXT)) in render_memo(mini_assessment)
    assert str(escape(PRIVILEGE_TEXT)) not in render_memo(mini_assessment, privilege_banner=False)


def test_findings_ordered_by_weight_with_values_against_thresholds(mini_assessment):
    from riskkit.render.memo_view import memo_view

    view = memo_view(mini_assessment)
    rv = view["rubrics"][0]
    weights = [v["points"] for v in rv["triggered"]]
    assert weights == sorted(weights, reverse=True)
    size = next(v for v in rv["triggered"] if v["id"] == "mini-size")
    check = size["checks"][0]
    assert (check["actual"], check["op"]) == ("EUR 150m", ">")
    assert check["expected"].startswith("USD 126.4m")
    assert size["sources"] and size["evidence"] == "press reports only"
    assert [g["fact"] for g in rv["gaps"]] == ["spend", "rights"]


def test_hostile_strings_are_escaped_in_html(tmp_path):
    from riskkit.render.memo import render_memo

    html = render_memo(assess(hostile_deal(tmp_path)))
    assert '<img src="http' not in html
    assert "&lt;img src=&#34;http://127.0.0.1:9/pwn.png&#34;&gt;" in html
    assert "</style><style>body" not in html
    assert "<span style=" not in html
    assert "{{ 7*7 }}" in html and "49" not in html.split("Summary", 1)[1][:200]


def test_template_override_user_folder_first(tmp_path, mini_assessment):
    from riskkit.render.memo import render_memo

    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "methodology.html.j2").write_text("<p>FIRM METHOD for {{ memo.deal.id }}</p>")
    (tmp_path / "memo.css").write_text("/* firm stylesheet */ body { color: #000; }")
    html = render_memo(mini_assessment, template_dir=tmp_path)
    assert "FIRM METHOD for mini-deal" in html
    assert "/* firm stylesheet */" in html
    assert "Each rubric is a set of criteria" not in html  # the packaged partial was replaced
    assert 'id="rubric-mini"' in html  # everything not overridden still comes from the package


def test_missing_template_dir_is_a_usage_error(mini_assessment, tmp_path):
    from riskkit.render.memo import render_memo

    with pytest.raises(UsageError, match="template folder does not exist"):
        render_memo(mini_assessment, template_dir=tmp_path / "nope")


def test_template_errors_are_one_line_riskkit_errors(tmp_path, mini_assessment):
    from riskkit.render.memo import TemplateError, render_memo

    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "notes.html.j2").write_text("{% if %}")
    with pytest.raises(TemplateError, match=r"notes\.html\.j2:1: template syntax error"):
        render_memo(mini_assessment, template_dir=tmp_path)
    (tmp_path / "partials" / "notes.html.j2").write_text("{{ memo.no_such_thing }}")
    with pytest.raises(TemplateError, match="undefined") as info:  # StrictUndefined
        render_memo(mini_assessment, template_dir=tmp_path)
    assert "\n" not in info.value.render()


def test_extra_sections_render_after_rubrics_before_appendix(mini_assessment):
    from riskkit.render.memo import render_memo

    section = {
        "id": "demo",
        "title": "Paths to lower risk",
        "template": "partials/extra-demo.html.j2",
        "data": {"message": "drop the <observer> seat", "items": ["one", "two"]},
    }
    html = render_memo(mini_assessment, template_dir=EXTRA, extra_sections=[section])
    assert "Extra section demo says: drop the &lt;observer&gt; seat" in html
    assert "<li>two</li>" in html
    body = html.split("<body>", 1)[1]
    assert body.index('id="rubric-mini"') < body.index('id="extra-demo"') < body.index('id="appendix"')
    assert '<a href="#extra-demo">4. Paths to lower risk</a>' in html  # in the contents / outline
    assert "<h2>4. Paths to lower risk</h2>" in html
    with pytest.raises(UsageError, match="keys id, title, template, data"):
        render_memo(mini_assessment, extra_sections=[{"id": "x"}])


def test_not_applicable_and_notifiability_rubrics():
    pytest.importorskip("riskkit.load.rubric")
    low = EXAMPLES / "hypothetical-low-risk.yaml"
    if not low.exists():
        pytest.skip("example not written yet")
    from riskkit.render.memo import render_memo

    a = assess(low, None)
    html = render_memo(a)
    assert "Hypothetical deal." in html and "HYPOTHETICAL DEAL" in html
    na = [r for r in a.results if r.status == "not_applicable"]
    for rr in na:
        section = html.split(f'id="rubric-{rr.id}"', 1)[1].split("</section>", 1)[0]
        assert "does not apply to the deal" in section
    notif = [r for r in a.results if r.rubric.kind == "notifiability"]
    for rr in notif:
        section = html.split(f'id="rubric-{rr.id}"', 1)[1].split("</section>", 1)[0]
        assert "Filing verdicts by jurisdiction" in section
        for j in rr.jurisdictions:
            assert j.verdict in section


def test_html_writer_is_registered_and_needs_no_weasyprint():
    code = (
        "import sys, riskkit.cli, riskkit.cli.memo\n"
        "from riskkit.render import render\n"
        "from tests.test_memo import assess\n"
        "html = render(assess(), 'html')\n"
        "assert html.startswith(b'<!DOCTYPE html>'), html[:40]\n"
        "print('weasyprint' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


# -- PDF -----------------------------------------------------------------------------------


def test_pdf_reads_back_with_findings_values_and_page_numbers(mini_assessment, mini_pdf):
    pages, text = pdf_text(mini_pdf)
    rr = mini_assessment.results[0]
    for f in rr.findings:
        if f.status == "triggered":
            assert f.criterion.title in text
            for use in f.facts:
                assert use.display in text  # the fact values that drove the finding
            for check in f.checks:
                if check.result is True:
                    assert squash(check.expected) in squash(text)
    assert rr.range.band in text and rr.range.band_worst in text
    n = len(pages)
    assert f"Page 1 of {n}" in pages[0]
    assert f"Page {n} of {n}" in pages[-1]
    assert "Privileged & Confidential" in pages[0]
    assert "Press reports only" in text
    assert all("Privileged & Confidential" in p for p in pages)  # footer on every page
    assert "Mini deal" in pages[1]  # running header


def test_pdf_metadata_outline_and_determinism(mini_assessment, mini_pdf):
    from pypdf import PdfReader

    from riskkit.render import render

    reader = PdfReader(io.BytesIO(mini_pdf))
    meta = reader.metadata
    assert meta.title == "Risk memo: Mini deal"
    assert meta.author == "Compliance (generated by riskkit)"
    assert "Mini deal" in meta.subject
    assert meta["/CreationDate"].startswith("D:20251101")
    titles = [d.title for d in reader.outline if not isinstance(d, list)]
    assert titles[0] == "1. Executive summary"
    assert "2. Mini rubric for engine tests" in titles
    assert "Appendix" in titles
    assert render(mini_assessment, "pdf") == mini_pdf  # byte-identical


def test_pdf_date_option_fixes_metadata(mini_assessment):
    from pypdf import PdfReader

    from riskkit.render import render

    data = render(mini_assessment, "pdf", {"date": "2026-01-02", "from_": "A. Associate"})
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta["/CreationDate"].startswith("D:20260102")
    assert meta.author == "A. Associate"
    assert render(mini_assessment, "pdf", {"date": "2026-01-02", "from_": "A. Associate"}) == data


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_pdf_fonts_are_embedded(mini_pdf, tmp_path):
    path = tmp_path / "m.pdf"
    path.write_bytes(mini_pdf)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    fonts = lines[2:]
    assert fonts
    for line in fonts:
        assert "DejaVu" in line
        assert line.split()[-5] == "yes", line  # the "emb" column


def test_hostile_deal_prints_literally_and_fetches_nothing(tmp_path, monkeypatch, weasy_errors):
    from riskkit.render.memo import render_memo, template_dirs
    from riskkit.render.pdf import fenced_fetcher, html_to_pdf

    attempts = []

    def no_network(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    html = render_memo(assess(hostile_deal(tmp_path, hypothetical=True)))
    dirs = template_dirs()
    fetcher = fenced_fetcher(dirs)
    pages, text = pdf_text(html_to_pdf(html, dirs, fetcher=fetcher))
    assert attempts == []
    assert fetcher.refused == []
    assert all(url.startswith((dirs[0].resolve().as_uri(), "data:")) for url in fetcher.served)
    for value in HOSTILE.values():
        assert squash(value) in squash(text), value
    assert all("HYPOTHETICAL DEAL" in " ".join(p.split()) for p in pages)


def test_fetcher_refuses_network_and_files_outside_the_templates(tmp_path):
    from riskkit.render.memo import template_dirs
    from riskkit.render.pdf import PdfError, fenced_fetcher, html_to_pdf

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the memo")
    dirs = template_dirs()
    for src in ("http://127.0.0.1:9/x.png", secret.as_uri(), "../../../etc/passwd", "ftp://example.invalid/x"):
        fetcher = fenced_fetcher(dirs)
        with pytest.raises(PdfError, match="PDF rendering failed"):
            html_to_pdf(f'<html><body><img src="{src}"></body></html>', dirs, fetcher=fetcher)
        assert len(fetcher.refused) == 1, (src, fetcher.refused)
    fetcher = fenced_fetcher(dirs)
    data_uri = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4="
    assert html_to_pdf(f'<html><body><img src="{data_uri}"></body></html>', dirs, fetcher=fetcher)
    assert fetcher.refused == []


def test_user_template_folder_can_reach_packaged_fonts(tmp_path, mini_assessment, weasy_errors):
    from riskkit.render.memo import render_memo, template_dirs
    from riskkit.render.pdf import fenced_fetcher, html_to_pdf

    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "methodology.html.j2").write_text("<p>FIRM METHOD</p>")
    dirs = template_dirs(tmp_path)
    fetcher = fenced_fetcher(dirs)
    _, text = pdf_text(html_to_pdf(render_memo(mini_assessment, template_dir=tmp_path), dirs, fetcher=fetcher))
    assert "FIRM METHOD" in text
    assert fetcher.refused == [] and any(url.endswith(".ttf") for url in fetcher.served)


# -- CLI -----------------------------------------------------------------------------------


def test_cli_memo_writes_pdf_and_html(cli, tmp_path):
    out = tmp_path / "memo.pdf"
    r = cli("memo", MINI_DEAL, "--rubrics", MINI, "-o", out, "--to", "GC", "--no-privilege-banner")
    assert r.code == 0, r
    assert out.read_bytes().startswith(b"%PDF-")
    _, text = pdf_text(out.read_bytes())
    assert "GC" in text and "Privileged & Confidential" not in text
    html = tmp_path / "memo.html"
    r = cli("memo", MINI_DEAL, "--rubrics", MINI, "-o", html, "--date", "2026-03-04")
    assert r.code == 0, r
    assert html.read_text().startswith("<!DOCTYPE html>") and "2026-03-04" in html.read_text()
    r = cli("memo", MINI_DEAL, "--rubrics", MINI, "-o", tmp_path / "m.out", "--format", "html")
    assert r.code == 0 and (tmp_path / "m.out").read_text().startswith("<!DOCTYPE html>")


def test_cli_memo_help_has_example(cli):
    r = cli("memo", "--help")
    assert r.code == 0 and "Example:" in r.out and "--template-dir" in r.out and "--no-privilege-banner" in r.out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--template-dir", "no-such-folder"], "--template-dir: not a folder"),
        (["-o", "memo.txt"], "cannot tell the memo format"),
        (["--date", "2025-13-01"], "--date"),
    ],
)
def test_cli_memo_usage_errors_are_one_line(cli, tmp_path, args, message):
    r = cli(
        "memo",
        MINI_DEAL,
        "--rubrics",
        MINI,
        *(["-o", tmp_path / "m.pdf"] if "-o" not in args else []),
        *args,
        cwd=tmp_path,
    )
    assert r.code == 2, r
    assert message in r.err and len(r.err.strip().splitlines()) == 1
    assert "Traceback" not in r.err
    assert not (tmp_path / "m.pdf").exists()


@pytest.mark.parametrize(
    "partial, body",
    [
        ("notes.html.j2", "{% for %}"),  # template syntax error: fails in the HTML step
        ("methodology.html.j2", '<img src="http://127.0.0.1:9/logo.png">'),  # refused fetch: fails in the PDF step
    ],
)
def test_cli_memo_failure_leaves_no_partial_file(cli, tmp_path, partial, body):
    templates = tmp_path / "firm"
    (templates / "partials").mkdir(parents=True)
    (templates / "partials" / partial).write_text(body)
    out = tmp_path / "memo.pdf"
    out.write_bytes(b"previous memo")
    r = cli("memo", MINI_DEAL, "--rubrics", MINI, "-o", out, "--template-dir", templates)
    assert r.code == 2, r
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    assert out.read_bytes() == b"previous memo"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["firm", "memo.pdf"]  # no temp file left behind


def test_library_errors_are_riskkit_errors():
    from riskkit.render.memo import TemplateError
    from riskkit.render.pdf import PdfError

    assert issubclass(TemplateError, RiskkitError) and issubclass(PdfError, RiskkitError)


# -- the real example ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_pdf():
    if not EXAMPLE.exists():
        pytest.skip("examples/microsoft-openai-2025.yaml not written yet")
    from riskkit.render import render

    a = assess(EXAMPLE, None)
    return a, render(a, "pdf")


def test_example_memo_reads_back(example_pdf):
    a, data = example_pdf
    pages, text = pdf_text(data)
    flat = squash(text)
    assert f"Page 1 of {len(pages)}" in pages[0]
    for rr in a.results:
        assert squash(rr.rubric.title) in flat
        if rr.status == "not_applicable":
            continue
        if rr.rubric.kind == "notifiability":  # verdicts per jurisdiction, not a band
            for j in rr.jurisdictions:
                assert f"{j.name}: {j.verdict}" in text
        else:
            assert rr.range.band in text and rr.range.band_worst in text
        for f in rr.findings:
            if f.status == "triggered":
                assert squash(f.criterion.title) in flat, f.criterion.title
                for use in f.facts:
                    assert squash(use.display) in flat, (f.id, use.id, use.display)
    assert a.fingerprint in flat


def test_example_memo_is_deterministic(example_pdf):
    from riskkit.render import render

    a, data = example_pdf
    assert render(a, "pdf") == data


def test_templates_compile_once_per_folder_and_warming_never_raises(tmp_path, mini_assessment):
    from riskkit.render.memo import TemplateError, environment, render_memo, warm_templates

    assert environment() is environment()  # one environment (and compiled templates) per folder
    warm_templates()
    assert any(name.startswith("partials/") for _, name in environment().cache.keys())
    firm = tmp_path / "firm"
    (firm / "partials").mkdir(parents=True)
    (firm / "partials" / "notes.html.j2").write_text("{% for %}")
    warm_templates(firm)  # a broken template is reported where it always is: by render_memo
    with pytest.raises(TemplateError, match="template syntax error"):
        render_memo(mini_assessment, template_dir=firm)

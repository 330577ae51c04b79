"""The memo: HTML from templates, PDF from WeasyPrint, read back and checked."""

from __future__ import annotations

import io
import logging
import re
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


MAIN_IDS = ('id="bottom-line"', 'id="top-risks"', 'id="next-steps"', 'id="filing"', 'id="assumptions"')


def test_html_has_header_banner_and_the_main_memo_sections_in_order(mini_assessment):
    from riskkit.render.memo import render_memo
    from riskkit.render.memo_view import PRIVILEGE_TEXT

    html = render_memo(mini_assessment, to="General Counsel", from_="Deal team")
    for text in ("General Counsel", "Deal team", "2025-11-01", "Mini deal", str(escape(PRIVILEGE_TEXT))):
        assert text in html
    assert "Prepared on" in html and "Facts as of" in html and "Deal stage" in html
    positions = [html.index(anchor) for anchor in MAIN_IDS]
    assert positions == sorted(positions)
    assert 'id="appendix-findings"' not in html  # the appendix is apart
    both = render_memo(mini_assessment, part="both")
    assert both.index('id="assumptions"') < both.index('id="appendix-findings"') < both.index('id="appendix-method"')
    alone = render_memo(mini_assessment, part="appendix")
    assert 'id="bottom-line"' not in alone and 'id="appendix-authorities"' in alone
    # the questions to ask, and the authorities gathered once each
    assert "How much cloud spend is committed?" in html
    assert "How much cloud spend is committed?" in alone


def test_privilege_banner_can_be_turned_off(mini_assessment):
    from riskkit.render.memo import render_memo
    from riskkit.render.memo_view import PRIVILEGE_TEXT

    assert str(escape(PRIVILEGE_TEXT)) in render_memo(mini_assessment)
    assert str(escape(PRIVILEGE_TEXT)) not in render_memo(mini_assessment, privilege_banner=False)


def test_legend_follows_the_author_and_never_mixes(mini_assessment):
    from riskkit.render.legend import LEGENDS
    from riskkit.render.memo import render_memo

    counsel = render_memo(mini_assessment, role="counsel")
    business = render_memo(mini_assessment, role="business")
    # counsel to client: attorney–client privileged legal advice (not work product), the EU in-house caveat
    assert "attorney–client communication: legal advice from counsel" in counsel and "work product" not in counsel
    assert "not legal advice" not in counsel and "Case C-550/07 P Akzo Nobel" in counsel
    assert "not legal advice" in business and "attorney–client" not in business and "Akzo" not in business
    assert str(escape(LEGENDS["business"])) in business


def test_information_requests_rank_by_legal_consequence_then_by_how_far_an_answer_moves_a_verdict():
    from riskkit.render.memo_rank import FILING, MOVES, NARROWS, PROCEEDING, information_requests

    a = assess(EXAMPLE, None)
    reqs = information_requests(a)
    gaps = {g.fact for rr in a.results if rr.status != "not_applicable" for g in rr.gaps}
    assert {e["fact"] for e in reqs} == gaps  # every missing fact once
    keys = [(e["tier"], -e["moves"], -(e["points"] + 10 * e.get("regimes", 0))) for e in reqs]
    assert keys == sorted(keys)
    # second partner review item 7: the question that decides whether a filing was required (the
    # HSR voting question; the deal closed, so a possible failure to file) comes first, before any
    # request that only moves a verdict
    assert reqs[0]["fact"] == "hsr_shares_vote_for_directors" and reqs[0]["tier"] == FILING
    assert "decides whether a filing was required in United States" in reqs[0]["effects"][0]
    # fourth partner review: Germany turns on GWB §37(2) (a)4, and Microsoft's rights over a sale or
    # strategic decisions decide the EUMR Art. 3 view the EU, DMA and UK conclusions rest on (a)8
    assert [e["fact"] for e in reqs[1:3]] == ["de_substantial_strengthening", "investor_change_of_control_rights"]
    assert {e["tier"] for e in reqs[1:3]} == {FILING}
    assert {e["tier"] for e in reqs[3:]} <= {MOVES, NARROWS}
    assert all(e["question"] and e["question"] != e["fact"] for e in reqs)
    # the memo's list adds the live suit after the filing questions: the particulars the court's orders
    # give are stated (memo_proceedings), so what is asked is only what happened after the facts' date
    memo = information_requests(a, proceedings=True)
    assert [e["tier"] for e in memo[:4]] == [FILING, FILING, FILING, PROCEEDING]
    suit = memo[3]["question"]
    assert suit == (
        "Musk v. Altman: what has happened since 28 October 2025, including the outcome of the jury trial set "
        "for 30 March 2026 and whether any appeal is pending?"
    )


def test_checks_read_in_words_not_operators():
    from riskkit.engine.conditions import Check
    from riskkit.model.words import check_sentence, humanise

    cat = assess(EXAMPLE, None).catalogue
    c = Check(
        fact="investor_voting_stake_pct",
        op="gte",
        result=True,
        actual="27%",
        expected="25% (de_minority_stake_pct, from 2000-01-01)",
    )
    text = check_sentence(c, cat)
    assert (
        text.endswith("27%, at or above the 25% threshold")
        and "investor_voting_stake_pct" not in text
        and "≥" not in text
    )
    assert humanise("hsr_interest_type = voting_securities", cat).endswith("= voting securities")


def test_hostile_strings_are_escaped_in_html(tmp_path):
    from riskkit.render.memo import render_memo

    html = render_memo(assess(hostile_deal(tmp_path)), part="both")
    assert '<img src="http' not in html
    assert "&lt;img src=&#34;http://127.0.0.1:9/pwn.png&#34;&gt;" in html
    assert "</style><style>body" not in html
    assert "<span style=" not in html
    assert "{{ 7*7 }}" in html and "49" not in html.split("Summary", 1)[1][:200]
    assert "127.0.0.1:9/source" in html  # a URL source is cited as text, never fetched


def test_template_override_user_folder_first(tmp_path, mini_assessment):
    from riskkit.render.memo import render_memo

    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "header.html.j2").write_text("<p>FIRM HEADER for {{ memo.deal.id }}</p>")
    (tmp_path / "memo.css").write_text("/* firm stylesheet */ body { color: #000; }")
    html = render_memo(mini_assessment, template_dir=tmp_path)
    assert "FIRM HEADER for mini-deal" in html
    assert "/* firm stylesheet */" in html
    assert "Prepared on" not in html  # the packaged partial was replaced
    assert 'id="bottom-line"' in html  # everything not overridden still comes from the package


def test_missing_template_dir_is_a_usage_error(mini_assessment, tmp_path):
    from riskkit.render.memo import render_memo

    with pytest.raises(UsageError, match="template folder does not exist"):
        render_memo(mini_assessment, template_dir=tmp_path / "nope")


def test_template_errors_are_one_line_riskkit_errors(tmp_path, mini_assessment):
    from riskkit.render.memo import TemplateError, render_memo

    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "header.html.j2").write_text("{% if %}")
    with pytest.raises(TemplateError, match=r"header\.html\.j2:1: template syntax error"):
        render_memo(mini_assessment, template_dir=tmp_path)
    (tmp_path / "partials" / "header.html.j2").write_text("{{ memo.no_such_thing }}")
    with pytest.raises(TemplateError, match="undefined") as info:  # StrictUndefined
        render_memo(mini_assessment, template_dir=tmp_path)
    assert "\n" not in info.value.render()


def test_extra_sections_render_in_the_appendix_detail(mini_assessment):
    from riskkit.render.memo import render_memo

    section = {
        "id": "demo",
        "title": "Paths to lower risk",
        "template": "partials/extra-demo.html.j2",
        "data": {"message": "drop the <observer> seat", "items": ["one", "two"]},
    }
    html = render_memo(mini_assessment, template_dir=EXTRA, extra_sections=[section], part="both")
    assert "Extra section demo says: drop the &lt;observer&gt; seat" in html
    assert "<li>two</li>" in html
    body = html.split("<body", 1)[1]
    assert body.index('id="appendix-facts"') < body.index('id="extra-demo"') < body.index('id="appendix-method"')
    main = render_memo(mini_assessment, template_dir=EXTRA, extra_sections=[section])
    assert main.index('id="assumptions"') < main.index('id="extra-demo"')  # no appendix: at the end
    with pytest.raises(UsageError, match="keys id, title, template, data"):
        render_memo(mini_assessment, extra_sections=[{"id": "x"}])


def test_not_in_play_rubric_is_one_line_and_filing_verdicts_are_in_the_matrix():
    low = EXAMPLES / "hypothetical-low-risk.yaml"
    from riskkit.render.memo import render_memo
    from riskkit.render.memo_brief import is_short_form

    a = assess(low, None)
    assert is_short_form(a)
    html = render_memo(a)
    # an invented deal is labelled an illustration, with no privilege legend (partner review item 31)
    assert "Illustrative example — not legal advice." in html and "ILLUSTRATIVE EXAMPLE — NOT LEGAL ADVICE" in html
    assert "attorney–client" not in html and "Privileged" not in html and "Item 4(c)" not in html
    for rr in a.results:
        if rr.status == "not_applicable":
            assert html.count(escape(rr.rubric.title)) >= 1
            assert "Not in play" in html
    filing = html.split('id="filing"', 1)[1].split("</section>", 1)[0]
    for row in a.screen:  # the filing screen: one row per regime, with its verdict
        assert escape(row.regime.name) in filing and row.verdict in filing
    # a hypothetical's facts are the scenario's givens (review item 31): a $20m passive 4% stake is
    # not notifiable under HSR and no relevant merger situation in the UK, with nothing to "confirm"
    assert all(row.basis == "facts" and row.verdict == "not notifiable" for row in a.screen)
    assert "our own estimate" not in filing


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


@pytest.mark.pdf
def test_pdf_reads_back_with_findings_values_and_page_numbers(mini_assessment, mini_pdf):
    from riskkit.render import render

    pages, text = pdf_text(mini_pdf)
    n = len(pages)
    assert f"Page 1 of {n}" in pages[0] and f"Page {n} of {n}" in pages[-1]
    assert "Bottom line" in pages[0]
    assert all("Privileged & Confidential" in p for p in pages)  # footer on every page
    if n > 1:
        assert "Mini deal" in pages[1]  # running header
    full = render(mini_assessment, "pdf", {"part": "both"})
    fpages, ftext = pdf_text(full)
    rr = mini_assessment.results[0]
    for f in rr.findings:
        if f.status == "triggered":
            assert squash(f.criterion.title) in squash(ftext)
            for use in f.facts:
                assert squash(use.display) in squash(ftext)  # the fact values that drove the finding
    assert f"Page {len(fpages)} of {len(fpages)}" in fpages[-1]
    # the fingerprint's hex digits, under 'SHA-256 fingerprint of the inputs' (no 'sha256:' tool prefix)
    assert "Appendix" in ftext and mini_assessment.fingerprint.removeprefix("sha256:") in squash(ftext)
    assert "sha256" not in ftext and "SHA-256 fingerprint of the inputs" in ftext


@pytest.mark.pdf
def test_pdf_metadata_outline_and_determinism(mini_assessment, mini_pdf):
    from pypdf import PdfReader

    from riskkit.render import render

    reader = PdfReader(io.BytesIO(mini_pdf))
    meta = reader.metadata
    assert meta.title == "Risk memo: Mini deal"
    assert meta.author == ""  # no --author: the file claims no author (neither riskkit nor a default)
    assert "Mini deal" in meta.subject
    # no date of issue given: the file claims no date, never the facts' date (2025-11-01)
    assert "/CreationDate" not in meta and "/ModDate" not in meta
    titles = [d.title for d in reader.outline if not isinstance(d, list)]
    assert titles[:3] == ["Bottom line", "Top risks", "Next steps"]
    assert "Key assumptions and limits" in titles and "Appendix" not in titles
    assert render(mini_assessment, "pdf") == mini_pdf  # byte-identical
    both = PdfReader(io.BytesIO(render(mini_assessment, "pdf", {"part": "both"})))
    top = [d.title for d in both.outline if not isinstance(d, list)]
    assert top[-1] == "Appendix" and isinstance(both.outline[-1], list)
    assert "A. Findings by criterion" in [d.title for d in both.outline[-1] if not isinstance(d, list)]


@pytest.mark.pdf
def test_pdf_date_option_fixes_metadata(mini_assessment):
    from pypdf import PdfReader

    from riskkit.render import render

    data = render(mini_assessment, "pdf", {"date": "2026-01-02", "from_": "A. Associate"})
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta["/CreationDate"].startswith("D:20260102")
    assert meta.author == "A. Associate"
    assert render(mini_assessment, "pdf", {"date": "2026-01-02", "from_": "A. Associate"}) == data


@pytest.mark.pdf
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


@pytest.mark.pdf
def test_hostile_deal_prints_literally_and_fetches_nothing(tmp_path, monkeypatch, weasy_errors):
    from riskkit.render.memo import render_memo, template_dirs
    from riskkit.render.pdf import fenced_fetcher, html_to_pdf

    attempts = []

    def no_network(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    html = render_memo(assess(hostile_deal(tmp_path, hypothetical=True)), part="both")
    dirs = template_dirs()
    fetcher = fenced_fetcher(dirs)
    pages, text = pdf_text(html_to_pdf(html, dirs, fetcher=fetcher))
    assert attempts == []
    assert fetcher.refused == []
    assert all(url.startswith((dirs[0].resolve().as_uri(), "data:")) for url in fetcher.served)
    for value in HOSTILE.values():
        assert squash(value) in squash(text), value
    assert all("ILLUSTRATIVE EXAMPLE — NOT LEGAL ADVICE" in " ".join(p.split()) for p in pages)


@pytest.mark.pdf
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
    assert html_to_pdf(
        f'<html lang="en"><head><title>t</title></head><body><img src="{data_uri}" alt="logo"></body></html>',
        dirs,
        fetcher=fetcher,
    )
    assert fetcher.refused == []


@pytest.mark.pdf
def test_user_template_folder_can_reach_packaged_fonts(tmp_path, mini_assessment, weasy_errors):
    from riskkit.render.memo import render_memo, template_dirs
    from riskkit.render.pdf import fenced_fetcher, html_to_pdf

    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "header.html.j2").write_text("<p>FIRM METHOD</p>")
    dirs = template_dirs(tmp_path)
    fetcher = fenced_fetcher(dirs)
    _, text = pdf_text(html_to_pdf(render_memo(mini_assessment, template_dir=tmp_path), dirs, fetcher=fetcher))
    assert "FIRM METHOD" in text
    assert fetcher.refused == [] and any(url.endswith(".ttf") for url in fetcher.served)


# -- CLI -----------------------------------------------------------------------------------


@pytest.mark.pdf
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


@pytest.mark.pdf
@pytest.mark.parametrize(
    "partial, body",
    [
        ("header.html.j2", "{% for %}"),  # template syntax error: fails in the HTML step
        ("header.html.j2", '<img src="http://127.0.0.1:9/logo.png">'),  # refused fetch: fails in the PDF step
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


# -- the real example (rendered once per session) -------------------------------------------

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


@pytest.fixture(scope="session")
def example_memo(rendered):
    return assess(EXAMPLE, None), rendered("pdf", EXAMPLE)


@pytest.mark.pdf
def test_example_main_memo_is_short_leads_with_the_bottom_line_and_speaks_plainly(example_memo):
    a, data = example_memo
    pages, text = pdf_text(data)
    assert len(pages) <= 10
    first = " ".join(pages[0].split())
    for heading in ("Bottom line", "Top risks"):
        assert heading in first, heading
    assert "Next steps" in " ".join(pages[1].split()) + first
    ids = set(a.catalogue.facts) | {f.id for rr in a.results for f in rr.findings}
    leaked = {w for w in SNAKE.findall(text) if w in ids}
    assert not leaked, leaked
    assert "unknown → unknown" not in text and "≥" not in text
    assert "Filing matrix" in text and "Key assumptions and limits" in text
    flat = squash(text)
    matrix = flat.split("Filingmatrix", 1)[1]
    for row in a.screen:  # each regime in the matrix, and its verdict as the memo words it ("unknown" is "open")
        assert squash(row.regime.name) in matrix
        assert squash({"unknown": "open"}.get(row.verdict, row.verdict)) in matrix
    assert "/work/" not in text and "shared/seeds" not in text  # no local paths


@pytest.mark.pdf
def test_example_memo_is_deterministic(tmp_path):
    """Two separate processes with different hash seeds write the very same PDF bytes."""
    import os

    made = []
    for seed in ("1", "2"):
        out = tmp_path / f"memo-{seed}.pdf"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run(
            [sys.executable, "-m", "riskkit.cli", "memo", str(EXAMPLE), "-o", str(out)],
            env=env, capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        made.append(out.read_bytes())
    assert made[0][:5] == b"%PDF-" and made[0] == made[1]


@pytest.mark.pdf
def test_low_risk_deal_gets_the_short_form(rendered):
    pages, text = pdf_text(rendered("pdf", EXAMPLES / "hypothetical-low-risk.yaml"))
    assert len(pages) <= 3
    assert "Theories of harm" not in text and "Other matters" in text


def test_templates_compile_once_per_folder_and_warming_never_raises(tmp_path, mini_assessment):
    from riskkit.render.memo import TemplateError, environment, render_memo, warm_templates

    assert environment() is environment()  # one environment (and compiled templates) per folder
    warm_templates()
    assert any(name.startswith("partials/") for _, name in environment().cache.keys())
    firm = tmp_path / "firm"
    (firm / "partials").mkdir(parents=True)
    (firm / "partials" / "header.html.j2").write_text("{% for %}")
    warm_templates(firm)  # a broken template is reported where it always is: by render_memo
    with pytest.raises(TemplateError, match="template syntax error"):
        render_memo(mini_assessment, template_dir=firm)


@pytest.mark.pdf
@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils not installed")
def test_pdf_is_tagged(mini_pdf, tmp_path):
    path = tmp_path / "m.pdf"
    path.write_bytes(mini_pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info

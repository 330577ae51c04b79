"""Shared fixtures: paths, the mini rubric set, and an in-process CLI runner."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "mini"
MINI_DEAL = FIXTURES / "mini-deal.yaml"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session", autouse=True)
def _own_parse_cache(tmp_path_factory):
    """Tests never touch the user's parse cache: theirs is a pytest temporary folder (pruned by pytest)."""
    if "RISKKIT_CACHE_DIR" in os.environ:
        yield
        return
    os.environ["RISKKIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("riskkit-cache"))
    yield
    del os.environ["RISKKIT_CACHE_DIR"]


@pytest.fixture(autouse=True)
def _pdf_tests_are_marked(request, monkeypatch):
    """A test that loads WeasyPrint in this process must carry @pytest.mark.pdf (so -m "not pdf" is fast)."""
    if request.node.get_closest_marker("pdf") is None:
        from riskkit.render import pdf

        def refuse():
            raise AssertionError(f"{request.node.nodeid} makes a PDF: mark it @pytest.mark.pdf")

        monkeypatch.setattr(pdf, "import_weasyprint", refuse)


@pytest.fixture
def mini_set():
    from riskkit.load.rubric import load_rubrics

    return load_rubrics(MINI)


@pytest.fixture
def mini_deal(mini_set):
    from riskkit.load.deal import load_deal

    return load_deal(MINI_DEAL, mini_set.catalogue)


class CliResult:
    def __init__(self, code, out: bytes, err: bytes):
        self.code = code
        self.out_bytes = out
        self.out = out.decode("utf-8", "replace")
        self.err = err.decode("utf-8", "replace")

    def __repr__(self):
        return f"<exit {self.code}\nstdout: {self.out[:2000]}\nstderr: {self.err[:2000]}>"


@pytest.fixture
def cli(capsysbinary, monkeypatch):
    """Run `riskkit ARGS` in-process through the real entry point (error handling included)."""
    from riskkit.cli import main

    def run(*args, cwd=None):
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsysbinary.readouterr()
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        sys.stdout.flush()
        captured = capsysbinary.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


PORTFOLIO_FIXTURES = FIXTURES / "portfolio"


@pytest.fixture
def portfolio_set():
    """The rubric set under tests/fixtures/portfolio/ (levers, applies_when, floors)."""
    from riskkit.load.rubric import load_rubrics

    return load_rubrics(PORTFOLIO_FIXTURES / "rubrics")


def deal_data(facts: dict, as_of: str = "2025-11-01", **extra) -> dict:
    """A minimal deal facts mapping around `facts` (extra: fx, sources, …)."""
    return {
        "deal": {
            "id": "x",
            "title": "x",
            "as_of": as_of,
            "stage": "signed",
            "parties": [{"name": "a", "role": "investor"}],
            "jurisdictions": ["US", "EU", "UK", "DE"],
        },
        "facts": facts,
        **extra,
    }


def formula_free_texts(wb, own=None) -> set:
    """Assert no cell of an openpyxl workbook is a formula and formula-like text is quote-prefixed; return those texts.

    own: a compiled pattern the writer's own formulas match in full (the review workbook's live counters);
    any other formula fails."""
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and own is not None and own.fullmatch(str(cell.value)):
                    continue
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@\t\r":
                    assert cell.quotePrefix, f"{ws.title}!{cell.coordinate}"
                    seen.add(cell.value)
    return seen


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# `make test` leaves nothing behind in the checkout (out/ included): the files the suite added are an error.
LEFTOVER_IGNORE = ("__pycache__", ".pytest_cache", ".venv", ".hypothesis", ".ruff_cache", ".egg-info", ".pyc")


def _untracked() -> set:
    import subprocess

    if not (ROOT / ".git").exists():
        return set()
    try:
        proc = subprocess.run(
            ["git", "status", "--porcelain", "--ignored", "--untracked-files=all"],
            cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return set()
    paths = {line[3:] for line in proc.stdout.splitlines() if line[:2] in ("??", "!!")}
    return {p for p in paths if not any(part in p for part in LEFTOVER_IGNORE)}


@pytest.fixture(scope="session", autouse=True)
def leaves_the_checkout_clean():
    before = _untracked()
    yield
    added = sorted(_untracked() - before)
    assert not added, f"the test suite left files in the checkout: {', '.join(added[:10])}"


@pytest.fixture(scope="session")
def rubric_set():
    """The bundled rubric set, loaded once for the session (records are frozen, so sharing is safe)."""
    from riskkit.load.rubric import load_rubrics

    return load_rubrics(ROOT / "rubrics")


@pytest.fixture(scope="session")
def oct_2025(rubric_set):
    """The October 2025 example, scored once for the session."""
    from riskkit.engine.scoring import score
    from riskkit.load.deal import load_deal

    return score(load_deal(EXAMPLES / "microsoft-openai-2025.yaml", rubric_set.catalogue), rubric_set)


@pytest.fixture(scope="session")
def rendered():
    """`rendered(fmt, deal=<the October 2025 example>, **options)`: the bytes of
    render(<deal scored with the bundled rubrics>, fmt, options), made once per session for each
    (deal, format, options) and shared by the tests that only read them (a WeasyPrint layout takes
    seconds). A test of determinism or of the rendering itself still renders its own copy. The
    bytes live in memory for the run only."""
    made: dict = {}

    def get(fmt: str, deal: Path = EXAMPLES / "microsoft-openai-2025.yaml", **options) -> bytes:
        key = (str(deal), fmt, repr(sorted(options.items())))
        if fmt == "pdf":  # a PDF from the store still needs @pytest.mark.pdf (_pdf_tests_are_marked)
            from riskkit.render import pdf

            pdf.import_weasyprint()
        if key not in made:
            from riskkit.engine.scoring import score
            from riskkit.load.deal import load_deal
            from riskkit.load.rubric import load_rubrics
            from riskkit.render import render

            rs = load_rubrics(None)
            made[key] = render(score(load_deal(deal, rs.catalogue), rs), fmt, options)
        return made[key]

    return get


@pytest.fixture(scope="session")
def memo_file(tmp_path_factory):
    """`memo_file(name, *args)`: the bytes that `riskkit memo ARGS -o NAME` writes (exit 0 asserted),
    run in-process once per session for each (name, args) into a pytest temporary folder and shared by
    the tests that only read the file."""
    made: dict = {}

    def get(name: str, *args) -> bytes:
        from riskkit.cli import main

        key = (name, tuple(map(str, args)))
        if name.endswith(".pdf"):  # as rendered(): a PDF from the store still needs @pytest.mark.pdf
            from riskkit.render import pdf

            pdf.import_weasyprint()
        if key not in made:
            out = tmp_path_factory.mktemp("memo") / name
            try:
                main(["memo", *key[1], "-o", str(out)])
                code = 0
            except SystemExit as exc:
                code = exc.code
            assert code in (0, None), f"riskkit memo {' '.join(key[1])} -o {name}: exit {code}"
            made[key] = out.read_bytes()
        return made[key]

    return get


def confidential_copy(tmp_path: Path, title: str):
    """The October 2025 example retitled `title` (with the prior file it names beside it), and an
    environment whose HOME and XDG cache live under tmp_path — for checking no deal fact is cached."""
    import re

    deal = tmp_path / "deal.yaml"
    example = (EXAMPLES / "microsoft-openai-2025.yaml").read_text()
    deal.write_text(re.sub(r"(?m)^  title: .*$", f"  title: {title}", example, count=1))
    prior = "microsoft-openai-2025-01.yaml"  # the prior state the example names, read beside it
    (tmp_path / prior).write_text((EXAMPLES / prior).read_text())
    env = {k: v for k, v in os.environ.items() if k != "RISKKIT_CACHE_DIR"}
    env.update(HOME=str(tmp_path / "home"), XDG_CACHE_HOME=str(tmp_path / "xdg"))
    return deal, env


def docx_text(data: bytes, headers: bool = False) -> str:
    """All the text of a .docx: paragraphs, table cells (nested tables too) and, if asked, the page
    headers, whitespace collapsed: what a reader of the Word memo sees."""
    import io

    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]

    def cells(tables):  # the bottom line's table sits inside the box's table
        for t in tables:
            for row in t.rows:
                for c in row.cells:
                    parts.extend(p.text for p in c.paragraphs)
                    cells(c.tables)

    cells(doc.tables)
    if headers:
        for sec in doc.sections:
            parts += [p.text for p in sec.header.paragraphs]
    return " ".join(" ".join(parts).split())

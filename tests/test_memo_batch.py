"""`riskkit memo A B … -o DIR/`: one memo per deal, inputs checked first, atomic writes."""

from __future__ import annotations

import io

import pytest

from riskkit.errors import UsageError
from riskkit.render.memo_batch import memo_outputs

from .conftest import MINI, MINI_DEAL


@pytest.fixture
def deals(tmp_path):
    """The mini deal and a second deal with another title and stake."""
    other = tmp_path / "in" / "other-deal.yaml"
    other.parent.mkdir()
    text = MINI_DEAL.read_text().replace("id: mini-deal", "id: other-deal").replace("Mini deal", "Other deal")
    other.write_text(text.replace("value: {low: 10, high: 30}", "value: 45"))
    return [MINI_DEAL, other]


def pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_html_batch_gives_the_same_bytes_as_one_memo_at_a_time(cli, tmp_path, deals):
    out = tmp_path / "memos"
    r = cli("memo", *deals, "--rubrics", MINI, "-o", f"{out}/", "--format", "html")
    assert r.code == 0, r
    assert sorted(p.name for p in out.iterdir()) == ["mini-deal.html", "other-deal.html"]
    for deal in deals:
        single = tmp_path / f"single-{deal.stem}.html"
        assert cli("memo", deal, "--rubrics", MINI, "-o", single).code == 0
        assert (out / f"{deal.stem}.html").read_bytes() == single.read_bytes()
    assert "wrote 2 memo(s)" in r.err


@pytest.mark.pdf
def test_pdf_batch_each_memo_is_its_own_deal(cli, tmp_path, deals):
    out = tmp_path / "memos"
    r = cli("memo", *deals, "--rubrics", MINI, "-o", out, "--no-paths", "--no-uncertainty")
    assert r.code == 0, r
    mini, other = pdf_text(out / "mini-deal.pdf"), pdf_text(out / "other-deal.pdf")
    assert "Mini deal" in mini and "Other deal" not in mini
    assert "Other deal" in other and "Mini deal" not in other
    # each memo shows its own deal's fact values: 45% here, the 10–30% range in the mini deal
    assert "45%,abovethe15%threshold" in "".join(other.split()) and "45%" not in mini
    assert "Page 1 of" in mini and "Page 1 of" in other


def test_one_bad_deal_file_means_no_memo_at_all(cli, tmp_path, deals):
    bad = tmp_path / "in" / "bad.yaml"
    bad.write_text(MINI_DEAL.read_text().replace("stage: signed", "stage: signd"))
    out = tmp_path / "memos"
    r = cli("memo", deals[0], bad, deals[1], "--rubrics", MINI, "-o", out, "--format", "html")
    assert r.code == 2, r
    [line] = r.err.strip().splitlines()
    assert f"{bad}:" in line and "stage" in line and "1 of 3 deal files have errors; no memo written" in line
    assert not out.exists()


def test_a_render_error_is_reported_and_nothing_partial_is_left(cli, tmp_path, deals):
    templates = tmp_path / "firm" / "partials"
    templates.mkdir(parents=True)
    (templates / "header.html.j2").write_text("{% for %}")
    out = tmp_path / "memos"
    r = cli("memo", *deals, "--rubrics", MINI, "-o", out, "--template-dir", templates.parent)
    assert r.code == 2, r
    lines = r.err.strip().splitlines()
    assert lines[0].startswith("riskkit memo: 2 memo(s)")
    errors = [x for x in lines if x.startswith("riskkit: error:")]
    assert len(errors) == 2 and all("template syntax error" in x for x in errors)
    assert "2 of 2 memos not written" in errors[-1]
    assert list(out.iterdir()) == []  # atomic writes: no memo, no temp file


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--history", "examples/microsoft-openai-history.yaml", "-o", "out/"], "--history belongs to one deal"),
        ([], "several FACTS files need -o DIR/"),
        (["-o", "taken"], "exists and is not a folder"),
    ],
)
def test_batch_usage_errors(cli, tmp_path, deals, extra, message):
    (tmp_path / "taken").write_text("a file")
    r = cli("memo", *deals, "--rubrics", MINI, *extra, cwd=tmp_path)
    assert r.code == 2, r
    assert message in r.err and len(r.err.strip().splitlines()) == 1


def test_two_deals_with_one_file_name_are_refused(tmp_path):
    with pytest.raises(UsageError, match="would both be written to"):
        memo_outputs(["a/deal.yaml", "b/deal.yaml"], tmp_path, "pdf")
    assert memo_outputs(["a/x.yaml", "b/y.json"], tmp_path, "html") == [
        ("a/x.yaml", tmp_path / "x.html"),
        ("b/y.json", tmp_path / "y.html"),
    ]

"""The third partner review of the memo (docs/reviews/2026-12-03-partner-third-review-of-memo.md):
the chart agrees with page 1. Each test fails on the memo as it was reviewed."""

from __future__ import annotations

from riskkit.model.words import short_title
from riskkit.render.memo_rank import live_risk, severity
from riskkit.render.memo_view import chart

from .test_memo import EXAMPLE, assess


def test_the_chart_orders_concerns_as_page_one_does_and_draws_a_range_only_where_the_words_give_one():
    a = assess(EXAMPLE, None)
    rows = chart(a)["rows"]
    gravest = [short_title(rr.rubric) for rr in sorted(live_risk(a), key=severity, reverse=True)]
    labels = [" ".join(line["text"] for line in r["lines"]) for r in rows if r["applicable"]]
    assert labels == gravest  # review (c): the chart ran in rubric order, page 1 gravest first
    assert labels[0] == "Competitive effects"  # the title up to its dash, as page 1 names it
    for r in rows:
        assert r["is_range"] == ("range" in r["label"]), r["label"]  # no whisker on a bare "remote"
    assert any(not r["is_range"] and r["label"] == "remote" for r in rows)


def test_the_chart_has_a_scale_a_colour_key_and_one_ink_for_ranges():
    """Fourth partner review (c): no axis, no shading key, whisker colours that did not match the bars."""
    import re

    from riskkit.render.memo import environment
    from riskkit.render.memo_view import BAND_COLOURS, memo_view

    a = assess(EXAMPLE, None)
    c = chart(a)
    assert [(k["word"], k["colour"]) for k in c["key"]] == [
        ("remote", BAND_COLOURS["low"]),
        ("possible", BAND_COLOURS["moderate"]),
        ("likely", BAND_COLOURS["high"]),
        ("very likely", BAND_COLOURS["severe"]),
    ]
    assert c["range_colour"] not in BAND_COLOURS.values()
    svg = environment().get_template("partials/chart.html.j2").render(c=c)
    assert [int(t) for t in re.findall(r'text-anchor="middle">(\d+)</text>', svg)] == [0, 20, 40, 60, 80, 100]
    assert "very likely</text>" in svg and "shading:" not in svg
    ranges = re.findall(
        r'<line x1="[\d.]+" y1="[\d.]+" x2="[\d.]+" y2="[\d.]+" stroke="([^"]+)" stroke-width="1.4"', svg
    )
    assert ranges and set(ranges) == {c["range_colour"]}
    # the competitive-effects line starts at the facts as given (32.4), inside the bar, not at its end
    top = c["rows"][0]
    assert top["whisker_x1"] < c["left"] + top["bar_w"] < top["whisker_x2"]
    assert memo_view(a)  # the view builds with the new geometry


def test_the_word_appendix_draws_uncertainty_and_paths_as_the_pdf_does(memo_file):
    """memo_docx_extra mirrors partials/uncertainty and partials/paths: the swept facts' table, sentences
    instead of 'fact(s)', changes in words, side effects (appendix helper's report)."""
    import io

    import docx

    d = docx.Document(io.BytesIO(memo_file("a.docx", EXAMPLE, "--date", "2026-12-03", "--appendix-only")))
    text = "\n".join(p.text for p in d.paragraphs)
    heads = [[c.text for c in t.rows[0].cells] for t in d.tables]
    assert ["Fact", "Value", "Confidence", "Swept by"] in heads
    assert "fact(s)" not in text and "at or below" not in text and "→" not in text
    assert "facts are given as ranges or marked" in text and "random seed 0, fixed" in text
    paths = [t for t in d.tables if [c.text for c in t.rows[0].cells][:2] == ["#", "Changes"]]
    assert all(t.rows[0].cells[-1].text == "Side effects" for t in paths)
    assert all(": from " in r.cells[1].text for t in paths for r in t.rows[1:])


def test_memo_help_says_what_a_blank_to_and_from_become(cli):
    r = cli("memo", "--help")
    assert r.code == 0
    flat = " ".join(r.out.split())
    assert "placeholder" not in flat  # the memo no longer prints '[Client]' (third partner review (b))
    assert "Default: a blank line to fill in." in flat and "a blank line for counsel to sign" in flat


def test_a_memo_issued_long_after_its_facts_says_so_and_art22_is_a_closed_route():
    """Fourth partner review: a memo dated 13 months after its facts must say later events are not
    reflected (no hindsight by design); Art. 22 is a referral route, not a filing 'not required'."""
    import datetime as dt

    from riskkit.model.display import stale_facts
    from riskkit.render.memo_blocks import text_of

    as_of = dt.date(2025, 10, 28)
    assert (
        stale_facts(as_of, dt.date(2026, 12, 3))
        == ", 13 months before this memo's date: later events are not reflected"
    )
    assert stale_facts(as_of, dt.date(2026, 1, 20)) == ""  # within 90 days: nothing to say
    assert stale_facts(as_of, None) == ""  # no date of issue, no claim
    assert (
        stale_facts(as_of, dt.date(2026, 2, 10)) == ", 3 months before this memo's date: later events are not reflected"
    )
    from riskkit.render.memo_view import memo_view

    view = memo_view(assess(EXAMPLE, None), date=dt.date(2026, 12, 3))
    bottom = text_of(next(s for s in view["sections"] if s["id"] == "bottom-line")["blocks"])
    assert "facts as of 2025-10-28, 13 months before this memo's date: later events are not reflected" in bottom
    steps = text_of(next(s for s in view["sections"] if s["id"] == "next-steps")["blocks"])
    assert "(EU Art. 22: route closed)" in steps

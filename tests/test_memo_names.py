"""The memo body names the parties (second partner review (b)11): role words from the rubrics
('the investor's cloud', 'the target's directors') become the names the deal file declares, with
the possessive and sentence-initial forms right and the transaction's own acts in the past tense
for a closed deal; the deal's own prose, the appendix and the chart labels are left alone; a
hostile party name is inserted literally (escaped in HTML/PDF, literal in Word) and never read
again as a role word. Read back from the PDF (pypdf) and the Word file (python-docx)."""

from __future__ import annotations

import re
from types import SimpleNamespace as NS

import pytest

from riskkit.render.memo_names import Namer, name_sections, party_names, short_name

from .conftest import EXAMPLES, docx_text
from .test_memo import assess, pdf_text

MAIN = EXAMPLES / "microsoft-openai-2025.yaml"
LOW = EXAMPLES / "hypothetical-low-risk.yaml"


def deal(stage="closed", *parties):
    parties = parties or (
        ("Microsoft Corporation", "investor"),
        ("OpenAI Group PBC", "target"),
        ("OpenAI Foundation", "nonprofit_parent"),
    )
    return NS(stage=stage, parties=[NS(name=n, role=r) for n, r in parties])


@pytest.mark.parametrize(
    "name, short",
    [
        ("Microsoft Corporation", "Microsoft"),
        ("OpenAI Group PBC", "OpenAI"),
        ("OpenAI Foundation", "OpenAI Foundation"),
        ("Example AI Start-up Ltd (invented)", "Example AI Start-up"),
        ("Example Hyperscaler Inc. (invented)", "Example Hyperscaler"),
        ("Acme Widgets, Inc.", "Acme Widgets"),
        ("Group", "Group"),  # never empty
        ("(invented)", "(invented)"),
    ],
)
def test_short_name_drops_asides_and_company_forms(name, short):
    assert short_name(name) == short


@pytest.mark.parametrize(
    "text, named",
    [
        (
            "Input foreclosure / exclusive dealing: the developer's API products reach cloud customers only "
            "through the investor's cloud",
            "Input foreclosure / exclusive dealing: OpenAI's API products reach cloud customers only "
            "through Microsoft's cloud",
        ),
        ("The investor's rights to the target's models", "Microsoft's rights to OpenAI's models"),
        ("The investor acquires 27%", "Microsoft acquired 27%"),
        (
            "whether the shares the investor acquires presently entitle it to vote for the election of the target's directors",
            "whether the shares Microsoft acquired presently entitle it to vote for the election of OpenAI's directors",
        ),
        ("the interest the nonprofit gives up or converts", "the interest OpenAI Foundation gave up or converted"),
        ("that the transaction brings about a lasting change", "that the transaction brought about a lasting change"),
        ("that this transaction makes the enterprises cease", "that this transaction made the enterprises cease"),
        ("hold (or receive in the transaction) equity", "hold (or received in the transaction) equity"),
        ("all the nonprofit's assets", "all of OpenAI Foundation's assets"),
        ("Target must buy its compute from the investor's cloud", "OpenAI must buy its compute from Microsoft's cloud"),
        ("Target's UK turnover", "OpenAI's UK turnover"),
        ("where the investor and the target compete", "where Microsoft and OpenAI compete"),
        ("The investor holds exclusive rights", "Microsoft holds exclusive rights"),  # a state, not an act
        # left alone: plurals, other articles, compounds, names already given, capitalised proper names
        ("the for-profit or the investors", "the for-profit or the investors"),
        ("a leading developer's API products", "a leading developer's API products"),
        ("an investor-level test", "an investor-level test"),
        (
            "controlled by the nonprofit OpenAI Foundation, which",
            "controlled by the nonprofit OpenAI Foundation, which",
        ),
        ("Target Corp holds", "Target Corp holds"),
    ],
)
def test_role_words_become_names_with_grammar_and_tense(text, named):
    assert Namer(deal()).text(text) == named


def test_open_deal_keeps_the_present_tense_and_an_unnamed_role_keeps_its_words():
    signed = Namer(deal("signed", ("Acme Corp", "investor")))
    assert signed.text("The investor acquires the target's shares") == "Acme acquires the target's shares"
    # two investors: no single name; one short name for two roles: the later role keeps its words
    two = deal(
        "closed", ("A Corp", "investor"), ("B Corp", "investor"), ("OpenAI Inc. (nonprofit)", "nonprofit_parent")
    )
    assert party_names(two) == {"nonprofit_parent": "OpenAI"}
    same = deal("closed", ("OpenAI (capped-profit arm)", "target"), ("OpenAI Inc. (nonprofit)", "nonprofit_parent"))
    assert party_names(same) == {"target": "OpenAI"}
    assert Namer(same).text("the nonprofit's directors and the target's") == "the nonprofit's directors and OpenAI's"


def test_a_hostile_name_is_inserted_literally_and_never_read_again():
    evil = r'Evil <b>"the target"</b> & \1 $0 {x}'
    namer = Namer(deal("closed", (evil, "investor"), ("OpenAI Group PBC", "target")))
    assert namer.text("the investor's cloud; the target acquires") == evil + "'s cloud; OpenAI acquired"
    # a name ending in s takes the apostrophe alone
    assert Namer(deal("closed", ("Acme Systems", "investor"))).text("the investor's cloud") == "Acme Systems' cloud"


def test_name_sections_skips_the_deals_own_prose_and_charts():
    sections = [
        {"id": "background", "title": "Background", "blocks": [{"type": "p", "runs": [("the investor", "")]}]},
        {
            "id": "risks",
            "title": "Top risks",
            "blocks": [
                {"type": "table", "columns": ["the investor"], "rows": [[[("the investor's cloud", "b")]]]},
                {"type": "chart", "chart": {"label": "the investor"}},
                {"type": "box", "title": "x", "blocks": [{"type": "h3", "text": "The target"}]},
            ],
        },
    ]
    out = name_sections(sections, deal())
    assert out[0] == sections[0]
    table, chart, box = out[1]["blocks"]
    assert table["rows"] == [[[("Microsoft's cloud", "b")]]] and table["columns"] == ["the investor"]
    assert chart == sections[1]["blocks"][1] and box["blocks"][0]["text"] == "OpenAI"


@pytest.fixture(scope="module")
def main_texts(rendered):
    from riskkit.render.memo_blocks import text_of
    from riskkit.render.memo_view import memo_view

    a = assess(MAIN, None)
    view = memo_view(a, part="both")
    return {
        "pdf": pdf_text(rendered("pdf", MAIN))[1],
        "docx": docx_text(rendered("docx", MAIN)),
        "appendix": "\n".join(text_of(s["blocks"]) for s in view["appendix"]),
    }


@pytest.mark.pdf
def test_the_example_memo_names_microsoft_openai_and_the_foundation(main_texts):
    for kind in ("pdf", "docx"):
        text = main_texts[kind]
        # (a presumption's general reason, in brackets under 'Assumed, not verified', stays general)
        body = text.split("Parties:", 1)[1].replace("notice of a sale of the target;", "")
        for role in (
            "the investor's",
            "the investor ",
            "The investor",
            "the developer's",
            "the target's",
            "the target ",
        ):
            assert role not in body, (kind, role)
        assert "the nonprofit gives up" not in body and "the investor acquires" not in body
        assert "OpenAI's API products are offered on no cloud but Microsoft's" in body
        assert "offer to waive or time-limit Microsoft's API exclusivity" in body
        assert "the shares Microsoft acquired presently entitle it to vote" in body
        assert "OpenAI Foundation gave up or converted" in body
        # the deal's own prose is as written
        assert "controlled by the nonprofit OpenAI Foundation" in text
    # the appendix keeps the catalogue's role labels (a reference, not advice)
    assert "the investor" in main_texts["appendix"] or "the target" in main_texts["appendix"]


@pytest.mark.pdf
def test_the_short_form_names_its_invented_parties_without_the_past_tense(rendered):
    text = pdf_text(rendered("pdf", LOW))[1]
    body = text.split("Parties:", 1)[1]
    assert "the investor's" not in body and "the target's" not in body
    assert "Example Pension Fund" in body and "Example AI Start-up" in body
    assert "acquired" not in body.replace("acquired control", "")  # a signed deal: nothing closed yet


@pytest.mark.pdf
def test_a_hostile_party_name_is_escaped_in_html_and_literal_in_pdf_and_word(tmp_path):
    from riskkit.render import render

    evil = 'Evil <b>"the target"</b> & Sons'
    src = MAIN.read_text(encoding="utf-8")
    assert "- {name: Microsoft Corporation, role: investor}" in src
    path = tmp_path / "evil.yaml"
    path.write_text(
        src.replace(
            "- {name: Microsoft Corporation, role: investor}",
            "- {name: 'Evil <b>\"the target\"</b> & Sons', role: investor}",
        ),
        encoding="utf-8",
    )
    for name in ("microsoft-openai-2025-01.yaml",):  # the prior-state file the example names, beside it
        (tmp_path / name).write_text((EXAMPLES / name).read_text(encoding="utf-8"), encoding="utf-8")
    a = assess(path, None)
    html = render(a, "html").decode("utf-8")
    assert "Evil &lt;b&gt;" in html and '<b>"the target"</b>' not in html
    assert re.search(
        r"Evil &lt;b&gt;(&#34;|&quot;|\")the target(&#34;|&quot;|\")&lt;/b&gt; &amp; Sons(&#39;|') cloud", html
    )
    for text in (pdf_text(render(a, "pdf"))[1], docx_text(render(a, "docx"))):
        assert evil + "' cloud" in text
        assert 'Evil <b>"OpenAI"</b>' not in text


def test_a_presumptions_general_reason_in_brackets_keeps_its_role_words():
    section = {
        "id": "assumptions",
        "title": "Key assumptions and limits",
        "blocks": [
            {"type": "h3", "text": "Assumed, not verified"},
            {
                "type": "list",
                "ordered": False,
                "entries": [
                    [
                        ("The investor's strongest right over a sale of the target — ", "b"),
                        (
                            "first notification (investors commonly receive notice of a sale of the target (usually)).",
                            "",
                        ),
                    ]
                ],
            },
        ],
    }
    (entry,) = name_sections([section], deal())[0]["blocks"][1]["entries"]
    assert entry[0][0] == "Microsoft's strongest right over a sale of OpenAI — "
    assert entry[1][0] == "first notification (investors commonly receive notice of a sale of the target (usually))."
    # elsewhere a bracket is about this deal and is named
    assert Namer(deal()).text("(the investor's cloud)") == "(Microsoft's cloud)"

"""The second partner review's wording items on the substance sections: every bracket the memo
opens is closed (b12: the joiner cut clauses inside brackets); mitigations are steps the client,
the investor, can take (b8, a14); the charitable-assets section of a closed deal reads as
post-closing compliance and litigation risk, with flags for tax counsel, and the conditions register
names its source column and dates the adviser's pre-closing work (a16, a2); no 'range … stays wide'
where there is no range (b10). Read back from the PDF (pypdf) and the Word file (python-docx)."""

from __future__ import annotations

import re

import pytest

from riskkit.model.words import first_sentences

from .conftest import EXAMPLES, ROOT, docx_text
from .test_memo import assess, pdf_text

MAIN = EXAMPLES / "microsoft-openai-2025.yaml"
LOW = EXAMPLES / "hypothetical-low-risk.yaml"


def balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def test_first_sentences_closes_a_bracket_it_cuts_inside():
    text = (
        "Deal closed on 2025-10-28: if a filing was required, a breach of the prohibition on completing a "
        "notifiable concentration before clearance (the GWB §41 standstill; its consequences, including the "
        "validity of the transaction and fines: counsel to confirm)."
    )
    assert first_sentences(text, 110).endswith("before clearance (the GWB §41 standstill).")
    # never a clause turned into a sentence with a lower-case start ('patents. terms to be specified)')
    out = first_sentences("Offer terms (by analogy with FRAND; terms to be specified). Monitor the follow-up.", 70)
    assert out == "Offer terms (by analogy with FRAND; terms to be specified)."
    assert first_sentences("Short enough (kept; whole).", 100) == "Short enough (kept; whole)."
    assert first_sentences("One two three; four five six; seven. Eight.", 20) == "One two three."


def test_every_rubric_text_cut_at_any_length_keeps_its_brackets_balanced():
    import yaml

    texts = []
    for path in sorted((ROOT / "rubrics").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for c in data.get("criteria", []) or []:
            texts.append(c.get("rationale", ""))
            m = c.get("mitigation")
            texts += [s["text"] for s in m] if isinstance(m, list) else [m or ""]
    texts = [t for t in texts if isinstance(t, str) and balanced(t)]
    assert len(texts) > 100
    for t in texts:
        for limit in (60, 110, 130, 200, 260, 320):
            out = first_sentences(t, limit)
            assert balanced(out), (limit, out)
            assert not re.search(r"\. [a-z]", out.replace("e.g. ", "").replace("i.e. ", "")), out


@pytest.fixture(scope="module")
def main_assessment():
    return assess(MAIN, None)


@pytest.fixture(scope="module")
def main_pdf_text(rendered):
    return pdf_text(rendered("pdf", MAIN))[1]


@pytest.fixture(scope="module")
def main_docx(rendered):
    return docx_text(rendered("docx", MAIN))


def test_every_block_of_the_main_memo_closes_its_brackets(main_assessment):
    from riskkit.render.memo_blocks import text_of
    from riskkit.render.memo_view import memo_view

    for s in memo_view(main_assessment)["sections"]:
        for line in text_of(s["blocks"]).splitlines():
            assert balanced(line), (s["id"], line)


@pytest.mark.pdf
def test_main_memo_reads_back_with_balanced_brackets_and_client_side_mitigations(main_pdf_text, main_docx):
    for text in (main_pdf_text, main_docx):
        assert balanced(text)
        assert "patents. terms" not in text and "standstill. " not in text
        # Microsoft can waive its own exclusivity; it cannot license OpenAI's models to rival clouds (b8)
        assert "license the models to rival clouds" not in text
        assert "commit to license to rivals" not in text
        assert re.search(r"offer to waive or time-limit (the investor's|Microsoft's) API exclusivity", text)
        assert re.search(r"offer to narrow (the investor's|Microsoft's) licence to non-exclusive", text)
        # OpenAI's compliance reporting is not advice to Microsoft (a14)
        assert "report on compliance, give the advance notices" not in text
        assert "The rights are already in place." not in text


@pytest.mark.pdf
def test_charitable_assets_of_a_closed_deal_is_post_closing_risk_with_tax_flags(main_pdf_text, main_docx):
    for text in (main_pdf_text, main_docx):
        body = text.rsplit("Charitable assets and the attorneys general", 1)[-1].split("Likely regulator response")[0]
        assert "Post-closing compliance and litigation risk:" in body
        assert "Reviewing authorities" not in body
        assert "ended before closing" in body
        assert "founder, donor or member" not in text
        # flags, not conclusions; the provisions are not in the research, so marked unverified
        flags = text.split("Flags for tax counsel (flags, not conclusions", 1)[1][:400]
        assert "§4958" in flags and "§4943" in flags and "private benefit" in flags
        assert "not verified in our research" in flags
        # the register names the source of OpenAI's commitments, not who 'imposed' them (a2)
        assert "IMPOSED BY" not in text.upper()
        assert "GIVEN TO, AND SOURCE" in text.upper()
        # the adviser's row, last in the register (a PDF table reads back row line by row)
        adviser = text.split("the attorneys general retained an", 1)[1][:160]  # (Word: tables after the text)
        assert "before closing" in adviser and "done" in adviser and "in force" not in adviser


@pytest.mark.pdf
def test_no_range_stays_wide_where_there_is_none(main_pdf_text, main_docx, rendered):
    short = pdf_text(rendered("pdf", LOW))[1]
    for text in (main_pdf_text, main_docx, short):
        assert "stays wide" not in text and "footing is open" not in text
    assert "could move it." in main_pdf_text and "could move it." in main_docx
    # the short form: nothing is wide, so nothing is headed or worded as wide (third partner review (b))
    assert "What keeps each range wide" not in short and "narrows the range" not in short
    assert "What the open facts would confirm" in short
    assert (
        "Competitive effects — reads remote even with every open fact counted against the deal; the answers to "
        "information requests 1 and 2 would confirm it, not change it." in short
    )
    assert "would confirm Competitive effects (remote either way)" in short

"""The appendix (third partner review (b) "Appendix" and "Table of authorities", (c) headings):
one table-of-authorities entry per source with each pinpoint once, entries grouped by kind of
source, and no tool artefacts for the reader. Read back from the appendix's blocks, the PDF
(pypdf) and the Word file (python-docx)."""

from __future__ import annotations

import re

import pytest

from riskkit.render.memo_authorities import Authorities, merge_points, split_title

from .conftest import EXAMPLES, docx_text
from .test_memo import assess, pdf_text

MAIN = EXAMPLES / "microsoft-openai-2025.yaml"


@pytest.fixture(scope="module")
def main():
    return assess(MAIN, None)


@pytest.fixture(scope="module")
def appendix(main):
    from riskkit.render.memo_annex import appendix_sections

    return appendix_sections(main, date="2026-12-03")


def _authorities(appendix) -> list[tuple[str, list[list[str]]]]:
    """[(group heading, [[number, authority, pinpoints], …])] as the table of authorities shows them."""
    toa = next(s for s in appendix if s["id"] == "appendix-authorities")
    out, heading = [], None
    for b in toa["blocks"]:
        if b["type"] == "h3":
            heading = b["text"]
        elif b["type"] == "table" and heading != "Deal sources":
            rows = [["".join(t for t, _ in cell) for cell in row] for row in b["rows"]]
            out.append((heading, rows))
    return out


def _identity(authority: str) -> str:
    """An entry's normalised identity: its address if it has one, else its name in lower-case words."""
    name, _, url = authority.partition("\n")
    return url.strip().lower().rstrip("/") or " ".join(re.findall(r"\w+", name.lower()))


def test_each_source_is_listed_once_however_the_rubrics_name_it(appendix):
    rows = [r for _, group in _authorities(appendix) for r in group]
    ids = [_identity(r[1]) for r in rows]
    assert len(ids) == len(set(ids))
    text = "\n".join(r[1] for r in rows)
    # the review's duplicates (A31/A48/A83, A33/A54, A43/A63, A53/A56, A46/A115, A69/A118): one entry each
    for one in (
        "Microsoft/OpenAI, 2024-06-28",  # the Commission's statement of 28 June 2024
        "6(b) Study",
        "Microsoft / OpenAI partnership merger inquiry",
        "Amazon / Anthropic partnership merger inquiry",
        "Cloud services market investigation: provisional",
        "not subject to merger control",
        "statement on Microsoft/Inflection",
        "Council Regulation (EC) No 139/2004 (EUMR)",
    ):
        assert text.count(one) == 1, one
    assert "Statement closing the merger-control look" not in text
    assert len(rows) < 80  # 121 entries before


def test_an_instrument_cited_by_article_is_one_entry_with_a_line_per_article(appendix):
    rows = {r[1].split("\n")[0]: r for _, group in _authorities(appendix) for r in group}
    eumr = rows["Council of the European Union, Council Regulation (EC) No 139/2004 (EUMR)"]
    lines = eumr[2].split("\n")
    assert any(line.startswith("Art. 22(1)") for line in lines) and any(line.startswith("Art. 3(2)") for line in lines)
    assert split_title("Act against Restraints of Competition (GWB) §37(2) — existing concentrations") == (
        "Act against Restraints of Competition (GWB)",
        "§37(2) — existing concentrations",
    )


def test_pinpoints_are_said_once_within_an_entry(appendix):
    for _, group in _authorities(appendix):
        for number, _, pins in group:
            clauses = [" ".join(re.findall(r"\w+", c.lower())) for line in pins.split("\n") for c in line.split("; ")]
            assert len(clauses) == len(set(clauses)), number
    # a point another point already says is dropped; a negation is never lost
    assert merge_points(["fair market value; factors include fair market value", "fair market value"]) == [
        "factors include fair market value"
    ]
    assert merge_points(["not fair value", "fair value"]) == ["not fair value", "fair value"]
    assert merge_points(["share > 30%", "share ≤ 30%"]) == ["share > 30%", "share ≤ 30%"]


def test_authorities_are_grouped_legal_first_then_statements_then_press(appendix):
    groups = _authorities(appendix)
    assert [g for g, _ in groups] == ["Legal authorities", "Official statements", "Press and secondary sources"]
    numbers = [int(r[0][1:]) for _, group in groups for r in group]
    assert numbers == list(range(1, len(numbers) + 1))  # numbered in the order they are listed
    press = "\n".join(r[1] for r in groups[2][1])
    assert "Delaware Public Media" in press
    legal = "\n".join(r[1] for r in groups[0][1])
    assert "Delaware Public Media" not in legal and "Community Catalyst" not in legal


def test_citations_in_the_findings_point_at_the_listed_entries(appendix):
    listed = {r[0] for _, group in _authorities(appendix) for r in group}
    findings = next(s for s in appendix if s["id"] == "appendix-findings")
    cited = set()
    for b in findings["blocks"]:
        if b["type"] == "table":
            for row in b["rows"]:
                cited |= set(re.findall(r"A\d+", "".join(t for t, _ in row[-1])))
    assert cited and cited <= listed


def test_same_source_needs_a_compatible_issuer_and_address():
    import datetime as dt

    from riskkit.model.rubric import Reference

    class Deal:
        as_of = dt.date(2025, 10, 28)
        sources = {}

    auth = Authorities(Deal(), lambda u: u)
    day = dt.date(2024, 6, 28)
    a = auth.law(Reference("EVP Vestager statement on Microsoft/OpenAI", "European Commission", day))
    auth.law(Reference("Statement closing the look at Microsoft/OpenAI", "European Commission (EVP Vestager)", day))
    auth.law(Reference("Opinion 24-A-05 on generative AI", "Autorité de la concurrence", day))
    auth.law(Reference("Internal Revenue Code §4943", "US Congress", None, "", "https://x/4943"))
    auth.law(Reference("Internal Revenue Code §4958", "US Congress", None, "", "https://x/4958"))
    auth.freeze()
    assert a == "" and len(auth.entries) == 4  # same issuer and day merge; two addresses never do


@pytest.mark.pdf
def test_the_pdf_and_word_appendix_list_each_authority_once(rendered):
    _, pdf = pdf_text(rendered("pdf", MAIN, part="appendix"))
    word = docx_text(rendered("docx", MAIN, part="appendix")).replace("\u2011", "-")  # Word: no-break hyphens
    for text in (pdf, word):  # the Word text lists paragraphs first, then the tables' cells
        assert text.count("Amazon / Anthropic partnership merger inquiry") == 1
        assert text.count("merger control (press release), 2023-11-15") == 1
        assert text.index("Legal authorities") < text.index("Official statements") < text.index("Press and secondary")


def _reference_ids(assessment) -> set[str]:
    """The tool's own names for things: criterion, rubric and fact ids."""
    ids = {rr.rubric.id for rr in assessment.results}
    ids |= {f.id for rr in assessment.results for f in rr.findings}
    ids |= set(assessment.deal.facts) | set(assessment.derived_facts_used())
    return ids


def _leaked(text: str, ids) -> list[str]:
    return sorted(i for i in ids if re.search(rf"(?<![\w/.-]){re.escape(i)}(?![\w/-])", text))


ARTEFACTS = ("(seed ", "sha256", "secondary_summary", " of 100", "the 0 threshold", "the 0% threshold", "_")


def test_no_reference_id_or_tool_notation_outside_the_method_section(main, appendix):
    from riskkit.render.memo_blocks import text_of

    ids = _reference_ids(main)
    for s in appendix:
        text = s["title"] + " " + text_of(s["blocks"])
        if s["id"] == "appendix-method":
            assert "charitable-assets" in text and "reference id" in text  # kept, and labelled, here only
            continue
        assert not _leaked(text, ids), s["id"]
        words = re.sub(r"https?://\S+", "", text)
        for bad in ARTEFACTS:
            assert bad not in words, (s["id"], bad)
        assert not re.search(r"\d+ criteria:", words)
    findings = text_of(next(s for s in appendix if s["id"] == "appendix-findings")["blocks"])
    assert "Of its 24 criteria, 3 are triggered, 8 unknown, 10 clear and 3 not in play." in findings
    assert "Of its 14 criteria, none is triggered" in findings and "Filing verdicts: " in findings
    assert "on a 100-point scale" in findings
    assert "Number of voting directors on the target's board that the investor appoints or designates: none" in findings


def test_paths_and_uncertainty_speak_in_labels_and_verdict_words(main):
    from riskkit.analysis.uncertainty import sweep
    from riskkit.analysis.whatif import what_if
    from riskkit.load.rubric import load_rubrics
    from riskkit.render.uncertainty import uncertainty_section
    from riskkit.render.whatif import paths_section

    rs = load_rubrics(None)
    paths = paths_section(what_if(main.deal, rs, base=main))["data"]
    unc = uncertainty_section(sweep(main.deal, rs, base=main), rs.catalogue)["data"]
    text = repr(paths) + repr(unc)
    facts = {f for f in main.deal.facts if "_" in f}
    assert not [f for f in facts if f"'{f}'" in text]
    assert paths["target"] == "possible" and unc["bands"] == ["remote", "possible", "likely", "very likely"]
    assert "random seed 0, fixed so that the sweep can be repeated" in unc["method"] and "(seed" not in unc["method"]
    changes = [c for r in paths["rubrics"] for p in r["paths"] for c in p["changes"]]
    assert changes and all(" " in c["fact"] for c in changes)


@pytest.mark.pdf
def test_the_appendix_alone_in_pdf_and_word_has_no_tool_artefacts(memo_file, main):
    ids = _reference_ids(main)
    for name in ("a.pdf", "a.docx"):
        data = memo_file(name, MAIN, "--date", "2026-12-03", "--appendix-only")
        text = pdf_text(data)[1] if name.endswith(".pdf") else docx_text(data)
        body = text.split("F. Method and fingerprint")[0] if name.endswith(".pdf") else text
        if name.endswith(".docx"):  # Word text: paragraphs first, then the tables; the method's table is last
            body = body.split("Facts as of")[0]
            body = re.sub(r"Rubrics \(reference id, version\).*?(?=Prepared on)", "", body)
        assert not _leaked(body, ids), name
        words = re.sub(r"https?://\S+", "", body)
        for bad in ARTEFACTS[:-1]:
            assert bad not in words, (name, bad)


@pytest.mark.pdf
def test_no_appendix_heading_is_stranded_at_the_foot_of_a_page(main, rendered):
    """Each heading that introduces a table shares its page with the table's first rows
    (third partner review (c): headings stranded at the foot of appendix pages)."""
    pages, _ = pdf_text(rendered("pdf", MAIN, part="appendix"))
    pages = [" ".join(p.split()) for p in pages]
    headings = [(rr.rubric.title, "CRITERION") for rr in main.results if rr.status != "not_applicable"]
    headings += [(g, "AUTHORITY") for g in ("Legal authorities", "Official statements", "Press and secondary sources")]
    headings += [
        ("Deal sources", "SOURCE"),
        ("B. Information requests", "QUESTION"),
        ("C. Facts with provenance", "FACT"),
    ]
    for heading, header in headings:
        at = next(i for i, p in enumerate(pages) if heading in p)
        assert header in pages[at].split(heading, 1)[1], heading

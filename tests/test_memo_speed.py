"""The memo path's speed-ups keep their outputs: no heavy library on the way to a PDF memo, a prior
state scored only as far as its labels read, requests pruned once per rubric, and the path filter's
cheap pre-test. (Figures live in bench/run.py; nothing here is timed.)"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from riskkit.engine import relevance, scoring
from riskkit.engine.conditions import EvalContext
from riskkit.load.deal import load_deal
from riskkit.load.rubric import load_rubrics
from riskkit.model import words

from .conftest import EXAMPLES, ROOT

EXAMPLE = EXAMPLES / "microsoft-openai-2025.yaml"
NOT_ON_THE_MEMO_PATH = ["pandas", "numpy", "openpyxl", "docx"]


def _modules_after_memo(out) -> list[str]:
    code = (
        "import json, sys\nfrom riskkit.cli import main\n"
        "try:\n"
        f"    main(['memo', {str(EXAMPLE)!r}, '-o', {str(out)!r}])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        f"print(json.dumps([m for m in {NOT_ON_THE_MEMO_PATH!r} if m in sys.modules]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.pdf
def test_a_pdf_memo_imports_no_pandas_numpy_openpyxl_or_docx(tmp_path):
    out = tmp_path / "m.pdf"
    assert _modules_after_memo(out) == []
    assert out.read_bytes().startswith(b"%PDF-")


def test_an_html_memo_imports_no_pandas_numpy_openpyxl_or_docx(tmp_path):
    out = tmp_path / "m.html"
    assert _modules_after_memo(out) == []
    assert "<html" in out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bundled():
    return load_rubrics()


def test_a_prior_state_scored_for_its_labels_has_the_findings_a_full_score_has(bundled):
    deal = load_deal(EXAMPLE, bundled.catalogue)
    assert deal.prior is not None
    before = deal.prior.deal
    light = scoring._rubric_results(
        before,
        bundled,
        scoring.resolve_facts(before, bundled.catalogue),
        scoring.likely_facts(before, bundled.catalogue),
    )
    full = scoring.score(before, bundled).results
    assert [r.findings for r in light] == [r.findings for r in full]
    assert any(f.change for r in scoring.score(deal, bundled).results for f in r.findings)


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml") if "history" not in p.name))
def test_requests_pruned_once_per_rubric_match_asking_each_request(bundled, name):
    """drop_idle_gaps keeps exactly the requests the per-request test (can_change) keeps."""
    deal = load_deal(EXAMPLES / name, bundled.catalogue)
    facts = scoring.resolve_facts(deal, bundled.catalogue)
    likely = scoring.likely_facts(deal, bundled.catalogue)
    results = scoring._rubric_results(deal, bundled, facts, likely)
    cat = bundled.catalogue
    for rr, pruned in zip(results, relevance.drop_idle_gaps(results, deal, cat, facts), strict=True):
        if not rr.gaps or rr.status == "not_applicable":
            assert pruned.gaps == rr.gaps
            continue
        live = [f for f in rr.findings if f.status in relevance._LIVE]
        ctxs = [EvalContext(deal, cat, facts, rr.rubric.parameters)]
        if rr.rubric.kind == "notifiability":
            ctxs.append(relevance.strict_context(ctxs[0]))
        gate = list(relevance.iter_compares(rr.rubric.applies_when)) if rr.status == "applicability_unknown" else []
        expected = tuple(
            g
            for g in rr.gaps
            if g.fact.startswith(("fx:", "param:"))
            or g.fact not in cat.facts
            or any(relevance._fed_by(g.fact, c, cat) for c in gate)
            or any(relevance.can_change(g.fact, live, ctx, rr.rubric.kind) for ctx in ctxs)
        )
        assert pruned.gaps == expected, rr.id


@pytest.mark.parametrize(
    "text",
    [
        "See notes/research/openai.md for the detail.",
        "../seeds/deal.yaml and ~/x/y.json",
        "https://www.ftc.gov/reports/ai-partnerships.html (6(b) report)",
        "a/b.txt",
        "No path here: Art. 22 EUMR, s. 7 Clayton Act.",
        "ratio 3/4 of the board; file.md alone",
        "dir/sub.d/file.yml,",
        "bell\x07 and /tmp/a.csv",
        "",
    ],
)
def test_clean_with_the_tail_pre_test_equals_the_path_pattern_alone(text):
    plain = words._PATH.sub("internal research file", words._CONTROL.sub("", text))
    assert words.clean(text) == plain

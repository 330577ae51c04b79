"""One source of truth for a legal test (issue 12 item 6): shared thresholds and named tests in
rubrics/parameters.yaml, read by every rubric; two rubrics may not decide the same test differently."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from riskkit.engine.conditions import EvalContext, evaluate
from riskkit.engine.derive import resolve_facts
from riskkit.errors import InputError
from riskkit.load.deal import load_deal
from riskkit.load.rubric import load_rubrics, shared_for
from riskkit.load.yamlio import load as load_yaml
from riskkit.model.inputs import iter_compares

from .conftest import EXAMPLES, ROOT

RUBRICS = ROOT / "rubrics"


def reencoded(rubric_set, shared) -> list[str]:
    """Criteria that compare a shared test's facts with its thresholds without naming the test."""
    out = []
    for tid, (_title, juris, cond) in shared.tests.items():
        parts = {(c.fact, c.op, c.param) for c in iter_compares(cond)}
        for r in rubric_set.rubrics:
            for c in r.criteria:
                if tid in c.tests or (juris and juris not in c.jurisdictions):
                    continue
                conds = [c.when, *(lv.when for lv in c.levels)]
                mine = {(x.fact, x.op, x.param) for cd in conds for x in iter_compares(cd)}
                if mine & parts:
                    out.append(f"{r.id}/{c.id} re-encodes {tid}")
    return out


def test_shared_parameters_are_defined_once():
    shared = load_yaml(RUBRICS / "parameters.yaml")["parameters"]
    assert {"de_minority_stake_pct", "hsr_passive_exemption_pct", "hsr_control_unincorporated_pct"} <= set(shared)
    for path in sorted(RUBRICS.glob("*.yaml")):
        if path.name in ("facts.yaml", "parameters.yaml"):
            continue
        local = load_yaml(path).get("parameters") or {}
        assert not set(local) & set(shared), path.name


def filing_copy_with(tmp_path, old: str, new: str) -> Path:
    """A copy of the bundled rubrics whose filing rubric has `old` replaced by `new` (once)."""
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, folder)
    path = folder / "filing-thresholds.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return folder


def test_redefining_a_shared_parameter_is_refused(tmp_path):
    folder = filing_copy_with(
        tmp_path,
        "\nparameters:\n",
        "\nparameters:\n  hsr_passive_exemption_pct:\n    type: percent\n    title: a second copy\n    values:\n"
        "      - {value: 10, effective: 2000-01-01, reference: {title: copy}}\n",
    )
    with pytest.raises(InputError, match="one source of truth"):
        load_rubrics(folder)


def test_no_rubric_reencodes_a_shared_test():
    rs = load_rubrics(RUBRICS)
    assert reencoded(rs, shared_for(RUBRICS, rs.catalogue)) == []
    users = {r.id for r in rs.rubrics for c in r.criteria if "de_share_acquisition" in c.tests}
    assert users == {"de-facto-acquisition", "filing-thresholds"}


def test_a_rubric_deciding_the_german_limb_inline_is_caught(tmp_path):
    inline = "- {fact: investor_voting_stake_pct, op: gte, param: de_minority_stake_pct}"
    folder = filing_copy_with(tmp_path, "- {test: de_share_acquisition}", inline)
    rs = load_rubrics(folder)
    assert any(v.startswith("filing-thresholds/fil-de-") for v in reencoded(rs, shared_for(folder, rs.catalogue)))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("**/*.yaml")), ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_the_same_test_decides_the_same_way_in_every_rubric(path: Path):
    if path.parent.name == "ci" or path.name.endswith("history.yaml"):
        pytest.skip("not a deal file")
    rs = load_rubrics(RUBRICS)
    shared = shared_for(RUBRICS, rs.catalogue)
    deal = load_deal(path, rs.catalogue)
    facts = resolve_facts(deal, rs.catalogue)
    for tid, (_t, _j, cond) in shared.tests.items():
        results = {
            r.id: evaluate(cond, EvalContext(deal, rs.catalogue, facts, r.parameters))[0]
            for r in rs.rubrics
            if any(tid in c.tests for c in r.criteria)
        }
        assert len(set(results.values())) <= 1, (tid, results)


def test_germany_25_percent_limb_agrees_on_the_oct_2025_example():
    from riskkit.engine.scoring import score

    rs = load_rubrics(RUBRICS)
    from msgspec.structs import replace

    # the deal's own state: against the reviewed prior state the de facto element is settled
    deal = load_deal(EXAMPLES / "microsoft-openai-2025.yaml", rs.catalogue)
    a = score(replace(deal, prior=None), rs)

    def limb(rubric_id):
        checks = [
            ch
            for f in a.result(rubric_id).findings
            if "de_share_acquisition" in f.criterion.tests
            for ch in f.checks
            if ch.fact == "investor_voting_stake_pct" and ch.op == "gte" and "de_minority_stake_pct" in ch.expected
        ]
        return {ch.result for ch in checks}

    assert limb("de-facto-acquisition") == limb("filing-thresholds") == {True}  # 27% ≥ 25%

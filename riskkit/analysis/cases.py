"""Rubric test cases written as data (rubrics/cases/<rubric-id>.yaml), run by validate and pytest."""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct

from riskkit.errors import InputError, RiskkitError, did_you_mean
from riskkit.load import yamlio
from riskkit.load.deal import deal_from_data
from riskkit.load.fields import Node
from riskkit.load.yamlio import LineDict
from riskkit.model.results import STATUSES

CASE_KEYS = ("name", "as_of", "facts", "expect")
# A case tests criteria's conditions: every region's criteria are in play unless the case says otherwise.
CASE_JURISDICTIONS = ("US", "EU", "UK", "DE", "FR", "IT")
CASE_OPTIONAL = ("stage", "jurisdictions", "fx", "sources", "hypothetical", "structures")
EXPECT_KEYS = ("status", "points", "level")
RUBRIC_EXPECT = ("score", "score_worst", "band", "band_worst", "status")


class Case(Struct, frozen=True):
    rubric_id: str
    name: str
    deal: object
    expect: dict  # criterion id -> {status, points, level} ; "_rubric" -> {...}; "_verdicts" -> {...}
    path: str
    line: int | None


def cases_dir(rubrics_folder: str | Path) -> Path:
    return Path(rubrics_folder) / "cases"


def load_cases(path: str | Path, rubric_set) -> list[Case]:
    data = yamlio.load(path)
    root = Node(data, str(path))
    top = root.mapping(required=("rubric", "cases"), what="a case file mapping")
    rubric = rubric_set.get(top["rubric"].str())
    criteria = {c.id for c in rubric.criteria}
    out = []
    for item in top["cases"].items(allow_empty=False):
        m = item.mapping(required=CASE_KEYS, optional=CASE_OPTIONAL, what="a test case")
        name = m["name"].str()
        item.keypath = f"cases[{name}]"
        deal_data = LineDict(
            deal={
                "id": "test-case",
                "title": name,
                "as_of": m["as_of"].date(),
                "stage": m["stage"].value if "stage" in m else "signed",
                "parties": [{"name": "Investor", "role": "investor"}, {"name": "Target", "role": "target"}],
                "jurisdictions": m["jurisdictions"].value if "jurisdictions" in m else list(CASE_JURISDICTIONS),
                "hypothetical": m["hypothetical"].value if "hypothetical" in m else True,
                # A case tests criteria's conditions: every structure is in play unless the case says otherwise.
                "structures": m["structures"].value if "structures" in m else list(rubric_set.catalogue.structures),
            },
            facts=m["facts"].value if m["facts"].value is not None else {},
        )
        deal_data.lines = {"deal": item.line, "facts": m["facts"].line}
        if "fx" in m:
            deal_data["fx"] = m["fx"].value
            deal_data.lines["fx"] = m["fx"].line
        if "sources" in m:
            deal_data["sources"] = m["sources"].value
            deal_data.lines["sources"] = m["sources"].line
        deal = deal_from_data(deal_data, rubric_set.catalogue, str(path))
        expect = {}
        for key, enode in m["expect"].entries():
            if key == "rubric":
                em = enode.mapping(optional=RUBRIC_EXPECT)
                expect["_rubric"] = {k: v.value for k, v in em.items()}
            elif key == "verdicts":
                expect["_verdicts"] = {k: v.str() for k, v in enode.entries()}
            elif key in criteria:
                if isinstance(enode.value, str):
                    expect[key] = {"status": enode.choice(STATUSES, "a status, one of")}
                else:
                    em = enode.mapping(required=("status",), optional=EXPECT_KEYS[1:])
                    em["status"].choice(STATUSES, "a status, one of")
                    expect[key] = {k: v.value for k, v in em.items()}
            else:
                raise enode.error(
                    f"'{key}' is not a criterion of rubric '{rubric.id}'",
                    did_you_mean(key, list(criteria) + ["rubric", "verdicts"]),
                )
        out.append(Case(rubric.id, name, deal, expect, str(path), item.line))
    return out


def run_case(case: Case, rubric_set) -> list[str]:
    """Mismatches between a case's expectations and what the scorer says (empty = pass)."""
    from riskkit.engine.scoring import score
    from riskkit.load.rubric import RubricSet

    rubric = rubric_set.get(case.rubric_id)
    # a case tests every criterion's condition, context-only criteria too
    assessment = score(case.deal, RubricSet(rubric_set.catalogue, (rubric,)), context=True)
    rr = assessment.results[0]
    found = {f.id: f for f in rr.findings}
    problems = []
    where = f"{case.path}:{case.line}: case '{case.name}'"
    for cid, exp in case.expect.items():
        if cid == "_rubric":
            actual = {**rr.range.to_dict(), "status": rr.status}
            for k, v in exp.items():
                if actual.get(k) != v:
                    problems.append(f"{where}: rubric {k} expected {v}, got {actual.get(k)}")
            continue
        if cid == "_verdicts":
            verdicts = {j.id: j.verdict for j in rr.jurisdictions}
            for j, v in exp.items():
                if verdicts.get(j) != v:
                    problems.append(f"{where}: verdict for {j} expected '{v}', got '{verdicts.get(j)}'")
            continue
        f = found[cid]
        if f.status != exp["status"]:
            detail = f.why or ", ".join(f.missing)
            problems.append(f"{where}: {cid} expected {exp['status']}, got {f.status} ({detail})")
        if "points" in exp and f.points != exp["points"]:
            problems.append(f"{where}: {cid} expected {exp['points']} points, got {f.points:g}")
        if "level" in exp and f.level != exp["level"]:
            problems.append(f"{where}: {cid} expected level '{exp['level']}', got '{f.level}'")
    return problems


def coverage(cases: list[Case]) -> dict:
    """criterion id -> set of expected statuses across the cases."""
    cov: dict[str, set] = {}
    for case in cases:
        for cid, exp in case.expect.items():
            if not cid.startswith("_"):
                cov.setdefault(cid, set()).add(exp["status"])
    return cov


def check_rubric_cases(rubric, rubric_set, folder, require_cases: bool = True) -> list[str]:
    """Run a rubric's case file and check every criterion has a triggering and a clear case."""
    path = cases_dir(folder) / f"{rubric.id}.yaml"
    if not path.is_file():
        if require_cases:
            return [f"{rubric.path}: rubric '{rubric.id}' has no test cases (expected {path})"]
        return []
    try:
        cases = load_cases(path, rubric_set)
    except RiskkitError as exc:
        return [exc.render()]
    problems = []
    for case in cases:
        try:
            problems.extend(run_case(case, rubric_set))
        except InputError as exc:  # pragma: no cover - defensive
            problems.append(exc.render())
    if require_cases:
        cov = coverage(cases)
        for c in rubric.criteria:
            seen = cov.get(c.id, set())
            lacking = [s for s in ("triggered", "not_triggered") if s not in seen]
            if lacking:
                problems.append(
                    f"{rubric.path}:{c.line}: criteria.{c.id}: no test case expecting {' or '.join(lacking)} in {path}"
                )
    return problems

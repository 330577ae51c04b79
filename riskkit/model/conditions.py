"""The condition language of rubrics, as data: comparisons combined with all / any / not, and
what a condition reads. Parsed by riskkit.load.conditions, evaluated by riskkit.engine.conditions."""

from __future__ import annotations

from msgspec import Struct


class Compare(Struct, frozen=True):
    fact: str
    op: str
    value: object = None  # literal (already typed)
    param: str | None = None
    other: str | None = None
    line: int | None = None


class All(Struct, frozen=True):
    items: tuple


class Any_(Struct, frozen=True):
    items: tuple


class Not(Struct, frozen=True):
    item: object


def iter_compares(cond):
    """Every comparison inside a condition (None yields nothing)."""
    if isinstance(cond, Compare):
        yield cond
    elif isinstance(cond, Not):
        yield from iter_compares(cond.item)
    elif isinstance(cond, (All, Any_)):
        for item in cond.items:
            yield from iter_compares(item)


def rubric_compares(rubric):
    """Every comparison a rubric makes: applicability, criteria and their levels."""
    yield from iter_compares(rubric.applies_when)
    for regime in rubric.regimes.values():
        for outlook in regime.outlook:
            yield from iter_compares(outlook.when)
    for criterion in rubric.criteria:
        yield from iter_compares(criterion.when)
        for level in criterion.levels:
            yield from iter_compares(level.when)


def derived_inputs(fid: str, catalogue) -> set:
    """The facts a derived fact is computed from, through other derived facts too (empty for a given fact)."""
    spec = catalogue.facts.get(fid)
    if spec is None or not spec.derived_op:
        return set()
    out = set(spec.derived_of)
    for dep in spec.derived_of:
        out |= derived_inputs(dep, catalogue)
    return out


def condition_reads(cond, catalogue) -> set:
    """Fact ids a condition reads (derived facts with their inputs) and "param:x" for each parameter."""
    out: set = set()
    for c in iter_compares(cond):
        for fid in (c.fact, c.other):
            if fid:
                out.add(fid)
                out |= derived_inputs(fid, catalogue)
        if c.param:
            out.add(f"param:{c.param}")
    return out


def criterion_reads(criterion, catalogue) -> set:
    """What a criterion's condition and its levels' conditions read (see condition_reads)."""
    out = condition_reads(criterion.when, catalogue)
    for level in criterion.levels:
        out |= condition_reads(level.when, catalogue)
    return out

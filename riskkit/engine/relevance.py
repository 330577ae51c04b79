"""Which information requests can change a result (counsel review item 15).

A request is worth asking only if some answer to it can move a result: a scored criterion's
points (so a rubric's range or band) or a regime's filing verdict — read on the facts as given
and, for the filing screen, also with our own estimates set aside (the screen's "if it does
not hold" re-read). A fact no answer to which can move any of those — the HSR size-of-person
figures when the value is above the cap, a licence-plus-hiring question when no one is hired —
is dropped from every ranked list of requests (JSON gaps, the table, the memo's top ten and the
workbook's Gaps sheet, which all read `RubricResult.gaps`).

The test is exact over the comparisons the facts leave open. Each comparison still unknown is
a yes/no variable (the same comparison in two criteria is one variable); a fact can change a
result when, for some answers to the other open comparisons, answering its own comparisons
differently changes the outcome. Comparisons on one fact are treated as independent, which can
only keep a request, never drop a needed one. Past MAX_OPEN open comparisons in one outcome the
request is kept.
"""

from __future__ import annotations

import itertools

from msgspec.structs import replace

from riskkit.engine.conditions import EvalContext, compare, evaluate
from riskkit.engine.derive import resolve_facts
from riskkit.model.inputs import All, Compare, Not

SOFT = ("estimated",)
MAX_OPEN = 14
_LIVE = ("triggered", "not_triggered", "unknown")


def drop_idle_gaps(results: tuple, deal, catalogue, facts: dict) -> tuple:
    """Each RubricResult with the requests that cannot change any result removed."""
    out = []
    for rr in results:
        if not rr.gaps or rr.status == "not_applicable":
            out.append(rr)
            continue
        live = [f for f in rr.findings if f.status in _LIVE]
        ctxs = [EvalContext(deal, catalogue, facts, rr.rubric.parameters)]
        if rr.rubric.kind == "notifiability":
            ctxs.append(strict_context(ctxs[0]))
        kept = tuple(
            g
            for g in rr.gaps
            if g.fact.startswith(("fx:", "param:"))
            or g.fact not in catalogue.facts
            or any(can_change(g.fact, live, ctx, rr.rubric.kind) for ctx in ctxs)
        )
        out.append(replace(rr, gaps=kept) if len(kept) != len(rr.gaps) else rr)
    return tuple(out)


def strict_context(ctx):
    """The same context with our own estimates treated as unknown (derived facts recomputed)."""
    deal = ctx.deal
    kept = {k: v for k, v in deal.facts.items() if getattr(v, "confidence", "") not in SOFT}
    if len(kept) == len(deal.facts):
        return ctx
    return ctx.with_facts(resolve_facts(replace(deal, facts=kept), ctx.catalogue))


def can_change(fid: str, findings, ctx, kind: str = "risk") -> bool:
    """Can some answer to `fid` change the findings' points (risk) or a regime's verdict?"""
    if kind == "notifiability":
        regimes: dict = {}
        for f in findings:
            for tag in f.criterion.jurisdictions:
                regimes.setdefault(tag, []).append(f.criterion)
        return any(_sensitive(fid, crits, ctx, _verdict) for crits in regimes.values())
    return any(_sensitive(fid, [f.criterion], ctx, _points) for f in findings)


def _conds(criterion) -> list:
    return [criterion.when] if criterion.when is not None else [lv.when for lv in criterion.levels]


def _key(c: Compare):
    return (c.fact, c.op, repr(c.value), c.param, c.other)


def _open_atoms(cond, ctx, out: dict) -> None:
    if isinstance(cond, Compare):
        if _known(cond, ctx) is None:
            out.setdefault(_key(cond), cond)
    elif isinstance(cond, Not):
        _open_atoms(cond.item, ctx, out)
    elif cond is not None:
        for item in cond.items:
            _open_atoms(item, ctx, out)


_CACHE_ATTR = "_relevance_known"


def _known(cond: Compare, ctx):
    cache = ctx.__dict__.setdefault(_CACHE_ATTR, {})
    key = _key(cond)
    if key not in cache:
        cache[key] = compare(cond, ctx).result
    return cache[key]


def _value(cond, ctx, assign: dict) -> bool:
    if isinstance(cond, Compare):
        known = _known(cond, ctx)
        return known if known is not None else assign[_key(cond)]
    if isinstance(cond, Not):
        return not _value(cond.item, ctx, assign)
    if isinstance(cond, All):
        return all(_value(i, ctx, assign) for i in cond.items)
    return any(_value(i, ctx, assign) for i in cond.items)


def _points(criteria, ctx, assign):
    out = []
    for c in criteria:
        if c.when is not None:
            out.append(c.points if _value(c.when, ctx, assign) else 0)
        else:
            out.append(next((lv.points for lv in c.levels if _value(lv.when, ctx, assign)), 0))
    return tuple(out)


def _verdict(criteria, ctx, assign):
    return any(_value(cond, ctx, assign) for c in criteria for cond in _conds(c))


def _feeds(fid: str, target: str, catalogue) -> bool:
    """True when `target` is `fid` or is derived (at any depth) from it."""
    if target == fid:
        return True
    spec = catalogue.facts.get(target)
    return bool(spec is not None and spec.derived_op and any(_feeds(fid, d, catalogue) for d in spec.derived_of))


def _sensitive(fid: str, criteria, ctx, outcome) -> bool:
    atoms: dict = {}
    for c in criteria:
        for cond in _conds(c):
            _open_atoms(cond, ctx, atoms)
    mine = [
        k
        for k, a in atoms.items()
        if _feeds(fid, a.fact, ctx.catalogue) or (a.other and _feeds(fid, a.other, ctx.catalogue))
    ]
    if not mine:
        return False
    rest = [k for k in atoms if k not in mine]
    if len(atoms) > MAX_OPEN:
        return True
    for others in itertools.product((False, True), repeat=len(rest)):
        base = dict(zip(rest, others, strict=True))
        seen = set()
        for own in itertools.product((False, True), repeat=len(mine)):
            seen.add(outcome(criteria, ctx, {**base, **dict(zip(mine, own, strict=True))}))
            if len(seen) > 1:
                return True
    return False


# ------------------------------------------------------------------ what an open verdict waits for
def open_needs(findings, ctx) -> list:
    """The facts an open verdict waits for, each one whose answer can change the verdict."""
    open_ = [f for f in findings if f.status == "unknown"]
    missing = []
    for f in open_:
        conds = [f.criterion.when] if f.criterion.when is not None else [lv.when for lv in f.criterion.levels]
        for cond in conds:
            missing.extend(undecided(cond, ctx))
    live = [f for f in findings if f.status in ("triggered", "not_triggered", "unknown")]
    return [m for m in fact_inputs(dict.fromkeys(missing), ctx.catalogue) if can_move(m, live, ctx)]


def can_move(fid: str, findings, ctx) -> bool:
    """Can some answer to `fid` change this regime's verdict? (A request that cannot is not asked.)"""
    if fid.startswith(("fx:", "param:")) or fid not in ctx.catalogue.facts:
        return True
    return can_change(fid, findings, ctx, "notifiability")


def fact_inputs(fids, catalogue) -> list:
    """Derived facts replaced by the facts they are computed from (a request asks for an input)."""
    out = []
    for fid in fids:
        spec = catalogue.facts.get(fid)
        if spec is not None and spec.derived_op:
            out.extend(fact_inputs(spec.derived_of, catalogue))
        else:
            out.append(fid)
    return list(dict.fromkeys(out))


def undecided(cond, ctx) -> list:
    """What leaves `cond` unknown, on the branches that still matter (not every branch's gaps)."""
    if isinstance(cond, Compare):
        check = compare(cond, ctx)
        if check.result is not None:
            return []
        return list(check.missing) or list(check.uncertain) or [cond.fact]
    if isinstance(cond, Not):
        return undecided(cond.item, ctx)
    results = [(evaluate(item, ctx)[0], item) for item in cond.items]
    if any(r is (not isinstance(cond, All)) for r, _ in results):
        return []  # decided: an All with a false item, an Any with a true one
    return [m for r, item in results if r is None for m in undecided(item, ctx)]

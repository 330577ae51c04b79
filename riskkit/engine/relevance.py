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
only keep a request, never drop a needed one. The comparisons the facts already decide are folded
in first, so only those still able to matter are enumerated, once per criterion (or regime) and
context, not once per request; past MAX_OPEN of them every request feeding one is kept.
"""

from __future__ import annotations

import functools
import operator

from msgspec.structs import replace

from riskkit.engine.conditions import EvalContext, compare, evaluate
from riskkit.engine.derive import resolve_facts
from riskkit.model.conditions import iter_compares
from riskkit.model.inputs import All, Any_, Compare, Not

SOFT = ("estimated",)
MAX_OPEN = 20
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
        gate = [c for c in iter_compares(rr.rubric.applies_when)] if rr.status == "applicability_unknown" else []
        # The facts some answer to which decides whether the rubric applies (gate) or moves a result
        # (the essential comparisons in each context), each found once per rubric, not once per request.
        always = {g.fact for g in rr.gaps if g.fact.startswith(("fx:", "param:")) or g.fact not in catalogue.facts}
        feeders = _inputs_of(gate, catalogue) | always
        for ctx in ctxs:
            if all(g.fact in feeders for g in rr.gaps):
                break  # every request already kept: the next context cannot drop one
            feeders |= _inputs_of(essential_compares(live, ctx, rr.rubric.kind), catalogue)
        kept = tuple(g for g in rr.gaps if g.fact in feeders)
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
    return any(_fed_by(fid, a, ctx.catalogue) for a in essential_compares(findings, ctx, kind))


def essential_compares(findings, ctx, kind: str = "risk") -> list:
    """The open comparisons some answer to which changes the findings' points (risk) or a regime's verdict."""
    if kind == "notifiability":
        regimes: dict = {}
        for f in findings:
            for tag in f.criterion.jurisdictions:
                regimes.setdefault(tag, []).append(f.criterion)
        groups = [(tuple(crits), _verdict) for crits in regimes.values()]
    else:
        groups = [((f.criterion,), _points) for f in findings]
    return [a for crits, outcome in groups for a in _essential(crits, ctx, outcome)]


def _inputs_of(compares, catalogue) -> set:
    """Every fact id some comparison in `compares` reads, directly or through derived facts (at any depth):
    `fid in _inputs_of(cs)` exactly when `any(_fed_by(fid, c) for c in cs)`."""
    out: set = set()
    for c in compares:
        for target in (c.fact, c.other) if c.other else (c.fact,):
            _add_inputs(target, catalogue, out)
    return out


def _add_inputs(target: str, catalogue, out: set) -> None:
    if target in out:
        return
    out.add(target)
    spec = catalogue.facts.get(target)
    if spec is not None and spec.derived_op:
        for d in spec.derived_of:
            _add_inputs(d, catalogue, out)


def _conds(criterion) -> list:
    return [criterion.when] if criterion.when is not None else [lv.when for lv in criterion.levels]


def _key(c: Compare):
    return (c.fact, c.op, repr(c.value), c.param, c.other)


_CACHE_ATTR = "_relevance_cache"


def _cache(ctx, name: str) -> dict:
    return ctx.__dict__.setdefault(_CACHE_ATTR, {}).setdefault(name, {})


def _known(cond: Compare, ctx):
    cache = _cache(ctx, "known")
    key = _key(cond)
    if key not in cache:
        cache[key] = compare(cond, ctx).result
    return cache[key]


def _reduce(cond, ctx):
    """`cond` with the comparisons the facts decide folded in: True, False or what is still open."""
    if isinstance(cond, Compare):
        known = _known(cond, ctx)
        return cond if known is None else known
    if isinstance(cond, Not):
        item = _reduce(cond.item, ctx)
        return (not item) if isinstance(item, bool) else Not(item)
    decisive = not isinstance(cond, All)  # an Any is decided by a true item, an All by a false one
    items = []
    for item in cond.items:
        item = _reduce(item, ctx)
        if item is decisive:
            return decisive
        if not isinstance(item, bool):
            items.append(item)
    if not items:
        return not decisive
    return items[0] if len(items) == 1 else type(cond)(tuple(items))


def _atoms(cond, out: dict) -> dict:
    if isinstance(cond, Compare):
        out.setdefault(_key(cond), cond)
    elif isinstance(cond, Not):
        _atoms(cond.item, out)
    elif not isinstance(cond, bool):
        for item in cond.items:
            _atoms(item, out)
    return out


def _table(cond, var: dict, full: int) -> int:
    """`cond`'s truth table over every answer to the open comparisons, as the bits of one int."""
    if isinstance(cond, bool):
        return full if cond else 0
    if isinstance(cond, Compare):
        return var[_key(cond)]
    if isinstance(cond, Not):
        return full & ~_table(cond.item, var, full)
    tables = [_table(i, var, full) for i in cond.items]
    return functools.reduce(operator.and_ if isinstance(cond, All) else operator.or_, tables)


def _points(criteria, ctx) -> tuple:
    """Per criterion, (points, reduced condition) for each level that can still match, in order."""
    out = []
    for c in criteria:
        levels = [(c.points, c.when)] if c.when is not None else [(lv.points, lv.when) for lv in c.levels]
        live = []
        for points, cond in levels:
            cond = _reduce(cond, ctx)
            if cond is not False:
                live.append((points, cond))
            if cond is True:
                break
        live.append((0, True))
        out.append(tuple(live))
    return tuple(out)


def _verdict(criteria, ctx) -> tuple:
    """One 'level' per regime: any of its conditions holds."""
    conds = [_reduce(cond, ctx) for c in criteria for cond in _conds(c)]
    if True in conds:
        return (((True, True),),)
    conds = [c for c in conds if c is not False]
    return (((True, Any_(tuple(conds)) if conds else False), (False, True)),)


def _essential(criteria, ctx, outcome) -> tuple:
    """The open comparisons some answer to which changes the outcome (cached per context).

    Bit a of a truth table is the value under answer a (bit j of a answers comparison j), so
    comparison j matters when some outcome's table differs between a and a + 2**j.
    """
    cache = _cache(ctx, "essential")
    key = (outcome.__name__, tuple(id(c) for c in criteria))
    if key in cache:
        return cache[key][1]
    table = outcome(criteria, ctx)
    atoms: dict = {}
    for levels in table:
        for _, cond in levels:
            _atoms(cond, atoms)
    if len(atoms) > MAX_OPEN:
        found = tuple(atoms.values())  # too many to enumerate: keep every request that feeds one
    else:
        size = 1 << len(atoms)
        full = (1 << size) - 1
        var = {k: _variable(j, size) for j, k in enumerate(atoms)}
        results = []  # per outcome value, the answers that give it
        for levels in table:
            left, by_points = full, {}
            for points, cond in levels:
                chosen = left & _table(cond, var, full)
                by_points[points] = by_points.get(points, 0) | chosen
                left &= ~chosen
            results.extend(by_points.values())
        found = tuple(
            atoms[k] for j, k in enumerate(atoms) if any((t ^ (t >> (1 << j))) & ~var[k] & full for t in results)
        )
    cache[key] = (criteria, found)  # criteria kept alive so their ids stay unique
    return found


def _variable(j: int, size: int) -> int:
    """Truth table of comparison j: blocks of 2**j answers false then 2**j true, repeated."""
    width = 1 << j
    block = ((1 << width) - 1) << width
    return block * (((1 << size) - 1) // ((1 << (2 * width)) - 1))


def _fed_by(fid: str, atom: Compare, catalogue) -> bool:
    return _feeds(fid, atom.fact, catalogue) or bool(atom.other and _feeds(fid, atom.other, catalogue))


def _feeds(fid: str, target: str, catalogue) -> bool:
    """True when `target` is `fid` or is derived (at any depth) from it."""
    if target == fid:
        return True
    spec = catalogue.facts.get(target)
    return bool(spec is not None and spec.derived_op and any(_feeds(fid, d, catalogue) for d in spec.derived_of))


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

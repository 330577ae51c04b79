"""What an open filing verdict turns on: a regime's verdict re-read as if one open fact were
answered. Where one yes/no fact settles the verdict on one answer (an existing German
concentration not substantially strengthened under GWB §37(2) is no new concentration), the
verdict turns on that question first, and the other open facts matter only on the other answer.
Pure: reads findings and an EvalContext.
"""

from __future__ import annotations

from riskkit.engine.conditions import evaluate
from riskkit.model.inputs import Fact


def status_in(finding, ctx) -> str:
    """A finding's status re-read in `ctx` (the same rule as scoring: a level or `when` true → triggered)."""
    c = finding.criterion
    conds = [c.when] if c.when is not None else [lv.when for lv in c.levels]
    results = [evaluate(cond, ctx)[0] for cond in conds]
    if any(r is True for r in results):
        return "triggered"
    return "not_triggered" if all(r is False for r in results) else "unknown"


def verdict_of(statuses) -> str:
    if "triggered" in statuses:
        return "likely notifiable"
    return "not notifiable" if all(s == "not_triggered" for s in statuses) else "unknown"


def gate(findings, needs, ctx) -> tuple[str, bool] | None:
    """(fact id, the answer that leaves the verdict open) for the one open yes/no fact among `needs`
    that settles the regime's verdict on its other answer; None when no single fact does, or when
    the verdict waits for that fact alone (then it simply 'needs' it)."""
    if len(needs) < 2:
        return None
    found = []
    for fid in needs:
        spec = ctx.catalogue.facts.get(fid)
        if spec is None or spec.type != "bool" or fid in ctx.facts:
            continue
        settles = [
            value
            for value in (False, True)
            if verdict_of([status_in(f, ctx.with_facts({**ctx.facts, fid: Fact(fid, value)})) for f in findings])
            != "unknown"
        ]
        if len(settles) == 1:
            found.append((fid, not settles[0]))
    return found[0] if len(found) == 1 else None

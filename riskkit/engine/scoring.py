"""score(deal, rubrics) → Assessment. Pure: no files, clock or network in here."""

from __future__ import annotations

from msgspec.structs import replace

from riskkit import __version__
from riskkit.engine.bands import jurisdiction_breakdown, score_range
from riskkit.engine.conditions import EvalContext, evaluate
from riskkit.engine.derive import resolve_facts
from riskkit.engine.likely import (
    likely_facts,
    likely_points,
    not_in_play_reason,
    structures_in_play,
)
from riskkit.engine.settled import settled
from riskkit.model.display import plain, show
from riskkit.model.inputs import BANDS, PRESS_KINDS, WEAKEST_KIND, digest, iter_compares
from riskkit.model.results import (
    Assessment,
    FactUse,
    Finding,
    Gap,
    PresumptionUse,
    RubricResult,
    ScoreRange,
)


def score(deal, rubric_set, waivers=None, context: bool = False) -> Assessment:
    """Apply every rubric in `rubric_set` to `deal`.

    `waivers` maps a criterion id to a Waiver already matched and checked for expiry by
    riskkit.load.waivers (the caller supplies "today"; this function never reads the clock).
    A deal that names its prior state is scored twice: the prior state labels each finding
    new, strengthened or unchanged. `context=True` scores context-only criteria as risk (the
    rubric test cases check their conditions); normally they are not in play.
    """
    catalogue = rubric_set.catalogue
    facts = resolve_facts(deal, catalogue)
    likely = likely_facts(deal, catalogue)
    results = _rubric_results(deal, rubric_set, facts, likely, waivers, context)

    from riskkit.engine.relevance import drop_idle_gaps
    from riskkit.engine.screen import agree_with_screen, screen_rows

    results = drop_idle_gaps(results, deal, catalogue, facts)  # requests no answer can change a result with
    screen = tuple(row for r in results for row in screen_rows(r, deal, catalogue, facts))
    return Assessment(
        deal=deal,
        catalogue=catalogue,
        results=agree_with_screen(results, screen),
        fingerprint=fingerprint(deal, rubric_set),
        riskkit_version=__version__,
        screen=screen,
        presumptions=_presumptions_used(results, likely, catalogue),
        structures=_structures_shown(results),
        reviews=deal.prior.reviews if deal.prior is not None else (),
        prior_id=deal.prior.deal.id if deal.prior is not None else "",
        warnings=tuple(getattr(facts, "warnings", ())),
    )


def _rubric_results(deal, rubric_set, facts, likely, waivers=None, context: bool = False) -> tuple:
    """Each rubric's RubricResult with its findings labelled against the prior state, if any.

    The prior state is scored only this far: the labels read its findings' statuses and points,
    which neither the request pruning nor the filing screen's verdicts change (score() does both
    for the deal itself), so a deal with a prior state no longer pays for them twice.
    """
    prior = None
    if deal.prior is not None:
        before = replace(deal.prior.deal, prior=None)  # its own levels, not its labels against an earlier state
        catalogue = rubric_set.catalogue
        prior = _rubric_results(before, rubric_set, resolve_facts(before, catalogue), likely_facts(before, catalogue))
    return tuple(
        score_rubric(deal, rubric_set.catalogue, facts, rubric, waivers or {}, likely, prior, context)
        for rubric in rubric_set.rubrics
    )


def fingerprint(deal, rubric_set) -> str:
    """SHA-256 of the canonical inputs: deal (and its prior state), catalogue and the rubrics used."""
    payload = {
        "deal": deal.canonical,
        "catalogue": rubric_set.catalogue.digest or digest(rubric_set.catalogue.canonical),
        "rubrics": {r.id: r.digest or digest(r.canonical) for r in rubric_set.rubrics},
    }
    if deal.prior is not None:
        payload["prior"] = deal.prior.deal.canonical
    return "sha256:" + digest(payload)


def score_rubric(
    deal, catalogue, facts: dict, rubric, waivers: dict, likely=None, prior=None, context: bool = False
) -> RubricResult:
    params = rubric.parameters
    ctx = EvalContext(deal, catalogue, facts, params)
    likely = likely or likely_facts(deal, catalogue)
    ctx_likely = ctx.with_facts(likely.facts)
    in_play = structures_in_play(deal, catalogue, facts, params)
    status, app_checks = "applicable", ()
    if rubric.applies_when is not None:
        result, checks = evaluate(rubric.applies_when, ctx)
        app_checks = tuple(checks)
        status = {True: "applicable", False: "not_applicable", None: "applicability_unknown"}[result]
    prior_findings = {}
    if prior is not None:
        prior_findings = {f.id: f for rr in prior if rr.id == rubric.id for f in rr.findings}
    findings = []
    for c in rubric.criteria:
        f = _finding(rubric, c, ctx, facts, catalogue, status == "not_applicable", waivers.get(c.id))
        reason = (
            not_in_play_reason(c, in_play, catalogue, context, deal.jurisdictions)
            if f.status != "not_applicable"
            else ""
        )
        if reason:
            f = Finding(rubric.id, c, "not_in_play", 0, 0, reason=reason, points_likely=0, stage=deal.stage)
        elif f.status == "unknown":
            pts, presumed, unpresumed = likely_points(c, ctx_likely, likely, evaluate_criterion)
            f = replace(f, points_likely=pts, presumed=presumed, unpresumed=unpresumed)
        else:
            f = replace(f, points_likely=f.points)
        if prior is not None:
            f = _label_change(f, prior_findings.get(c.id))
            if rubric.settled_by_review:
                f = settled(f, deal, catalogue)
        findings.append(f)
    findings = tuple(findings)
    range_ = score_range(rubric, findings)
    if status == "not_applicable":
        low = rubric.bands[0].name
        range_ = ScoreRange(0, 0, range_.max_points, 0, 0, low, low, points_likely=0, score_likely=0, band_likely=low)
    jurisdictions = jurisdiction_breakdown(rubric, findings, catalogue, deal.jurisdictions)

    gaps = _gaps(findings, catalogue, facts, app_checks if status == "applicability_unknown" else (), rubric, deal)
    score_new = None
    if prior is not None and status != "not_applicable" and rubric.kind == "risk":
        new = sum(max(0.0, f.points_likely - (f.points_prior or 0)) for f in findings if f.change in CHANGED)
        score_new = round(100 * new / range_.max_points, 1) if range_.max_points else 0.0
    return RubricResult(rubric, status, range_, findings, jurisdictions, gaps, app_checks, score_new=score_new)


CHANGED = ("new", "strengthened")


def _label_change(f: Finding, before: Finding | None) -> Finding:
    """new / strengthened / unchanged / reduced against the prior state, on most-likely points."""
    prior_pts = 0.0
    if before is not None and before.status not in ("not_applicable", "not_in_play") and not before.waived:
        prior_pts = before.points_likely
    now = 0.0 if f.waived or f.status in ("not_applicable", "not_in_play") else f.points_likely
    if prior_pts and before.status == "unknown" and before.points - 1e-9 <= now <= before.points_worst + 1e-9:
        # The reviewed state left the criterion open (its facts were not on the record then): a value
        # inside what that state allowed is not shown to have changed — never 'new' or 'strengthened'
        # because a fact was missing from the earlier file (a lawsuit or opposition that predates it).
        return replace(f, change="unchanged" if now > 0 else "", points_prior=prior_pts)
    if now <= 0:
        change = "reduced" if prior_pts > 0 else ""
    elif now > prior_pts + 1e-9:
        change = "new" if prior_pts <= 0 else "strengthened"
    elif now < prior_pts - 1e-9:
        change = "reduced"
    else:
        change = "unchanged"
    return replace(f, change=change, points_prior=prior_pts)


def evaluate_criterion(criterion, ctx) -> tuple:
    """(status, best points, worst points, level label, checks) of one criterion in one context."""
    checks = []
    level_label = ""
    if criterion.levels:
        possible = []
        status = "not_triggered"
        for level in criterion.levels:
            result, level_checks = evaluate(level.when, ctx)
            checks.extend(level_checks)
            if result is True:
                possible.append(level.points)
                if status == "not_triggered":
                    status, level_label = "triggered", level.label
                break
            if result is None:
                possible.append(level.points)
                status = "unknown"
        else:
            possible.append(0)
        if status == "unknown":
            level_label = ""
        best, worst = min(possible), max(possible)
    else:
        result, checks = evaluate(criterion.when, ctx)
        status = {True: "triggered", False: "not_triggered", None: "unknown"}[result]
        best = criterion.points if result is True else 0
        worst = 0 if result is False else criterion.points
    if status == "triggered" and best == 0 and worst == 0 and criterion.max_points > 0:
        status = "not_triggered"  # matched a zero-point level: nothing of concern
    return status, best, worst, level_label, checks


def _finding(rubric, criterion, ctx, facts, catalogue, not_applicable: bool, waiver) -> Finding:
    if not_applicable:
        return Finding(rubric.id, criterion, "not_applicable", 0, 0, stage=ctx.deal.stage)
    status, best, worst, level_label, checks = evaluate_criterion(criterion, ctx)
    missing, uncertain = [], []
    if status == "unknown":
        for ch in checks:
            if ch.result is None:
                missing.extend(_inputs_missing(fid, catalogue, facts) for fid in ch.missing)
                uncertain.extend(u for u in ch.uncertain if u)
        missing = [fid for group in missing for fid in group]
    used = _fact_uses(checks, facts, catalogue)
    if waiver is not None and (status != "triggered" or not criterion.waivable):
        waiver = None
    return Finding(
        rubric_id=rubric.id,
        criterion=criterion,
        status=status,
        points=best,
        points_worst=worst,
        level=level_label,
        checks=tuple(checks),
        facts=used,
        missing=tuple(dict.fromkeys(missing)),
        uncertain=tuple(dict.fromkeys(uncertain)),
        evidence=_evidence(used, ctx.deal) if status in ("triggered", "unknown") else "",
        waiver=waiver,
        stage=ctx.deal.stage,
        param_refs=_param_references(criterion, ctx),
    )


def _presumptions_used(results, likely, catalogue) -> tuple:
    """Each presumption the most-likely estimates relied on, with the criteria that read it."""
    by_fact: dict = {}
    for rr in results:
        for f in rr.findings:
            for fid in f.presumed:
                by_fact.setdefault(fid, []).append(f.id)
    out = []
    for fid, cids in sorted(by_fact.items()):
        p = likely.presumed.get(fid) or likely.probable.get(fid)
        if p is None:
            continue
        spec = catalogue.facts[fid]
        shown = (
            f"{p.probability:.0%} likely yes"
            if p.probability is not None
            else show(p.value, spec.type, None, spec.unit)
        )
        out.append(PresumptionUse(p, shown, tuple(dict.fromkeys(cids))))
    return tuple(out)


def _structures_shown(results) -> tuple:
    """(criterion id, reason) once for every criterion not in play."""
    return tuple((f.id, f.reason) for rr in results for f in rr.findings if f.status == "not_in_play")


def _param_references(criterion, ctx) -> tuple:
    """The authorities of the dated thresholds a criterion names, as in force on the deal's date."""
    found: dict = {}
    for cond in (criterion.when, *(level.when for level in criterion.levels)):
        for cmp in iter_compares(cond):
            if cmp.param and cmp.param not in found:
                param = ctx.params.get(cmp.param)
                pv = param.in_force(ctx.deal.as_of) if param is not None else None
                found[cmp.param] = pv.reference if pv is not None else None
    return tuple(ref for ref in found.values() if ref is not None)


def _inputs_missing(fid: str, catalogue, facts) -> list:
    """The facts to ask for: a missing derived fact stands for its own missing inputs."""
    if fid.startswith(("param:", "fx:")):
        return [fid]
    blocked = getattr(facts, "blocked", {}).get(fid)
    if blocked:  # all its inputs are given; what it lacks is a conversion rate
        return [blocked]
    spec = catalogue.facts.get(fid)
    if spec is None or not spec.derived_op:
        return [fid]
    out = []
    for dep in spec.derived_of:
        if dep not in facts:
            out.extend(_inputs_missing(dep, catalogue, facts))
    return out or [fid]


def _fact_uses(checks, facts, catalogue) -> tuple:
    ids = []
    for ch in checks:
        ids.append(ch.fact)
    out = []
    for fid in dict.fromkeys(ids):
        fact = facts.get(fid)
        if fact is None or fid not in catalogue.facts:
            continue
        spec = catalogue.facts[fid]
        out.append(
            FactUse(
                id=fid,
                display=show(fact.value, spec.type, fact.currency, spec.unit),
                value=plain(fact.value),
                confidence=fact.confidence,
                sources=fact.sources,
                line=fact.line,
                derived_from=fact.derived_from,
            )
        )
    return tuple(out)


def _evidence(used, deal) -> str:
    if not used:
        return ""
    if any(not u.sources for u in used):
        return "includes unsourced facts"
    kinds = {deal.sources[s].kind for u in used for s in u.sources if s in deal.sources}
    if kinds and kinds <= {WEAKEST_KIND}:
        return "secondary summaries only"
    if kinds and kinds <= set(PRESS_KINDS):
        return "press reports only"
    return ""


def _gaps(findings, catalogue, facts, app_checks, rubric, deal) -> tuple:
    waiting: dict[str, list[str]] = {}

    def add(fid: str, cid: str) -> None:
        for needed in _inputs_missing(fid, catalogue, facts):
            add_one(needed, cid)

    def add_one(fid: str, cid: str) -> None:
        waiting.setdefault(fid, [])
        if cid not in waiting[fid]:
            waiting[fid].append(cid)

    for ch in app_checks:
        for fid in ch.missing:
            add(fid, "(applicability)")
    for f in findings:
        for fid in f.missing:
            add(fid, f.id)
    out = []
    for fid, cids in waiting.items():
        if fid.startswith("fx:"):
            pair = fid[3:]
            question = f"What exchange rate ({pair}) should convert this deal's amounts? Add it to the fx table."
        elif fid.startswith("param:"):
            param = rubric.parameters[fid[6:]]
            question = (
                f"What was the {param.title} in force on {deal.as_of.isoformat()}? This rubric records values "
                f"only from {param.values[0].effective.isoformat()}; add the earlier value to the rubric."
            )
        elif fid in catalogue.facts:
            question = catalogue.facts[fid].question
        else:
            question = f"What is {fid}?"
        out.append(Gap(fid, question, tuple(cids)))
    return tuple(out)


__all__ = ["score", "fingerprint", "BANDS"]

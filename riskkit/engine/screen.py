"""The filing screen: for each regime of a notifiability rubric, a verdict with a one-line reason,
whether it is suspensory, its clock, the window in which an authority can still act, and — by the
deal's stage — the closed-deal questions (was it filed, is the window open, what exposure) and the
likely regulator response. Pure: reads a scored RubricResult and the deal, never the clock.
"""

from __future__ import annotations

import calendar
import datetime as _dt

from msgspec import Struct

from riskkit.engine.conditions import EvalContext, compare, evaluate, threshold_value
from riskkit.engine.likely import outside_jurisdictions
from riskkit.engine.relevance import can_move, fact_inputs, open_needs, undecided
from riskkit.engine.screen_open import gate, status_in, verdict_of
from riskkit.model.display import more_facts, show
from riskkit.model.inputs import All, Compare, Not
from riskkit.model.words import check_sentence, fact_label, fact_question, fact_statement, words

# A filing verdict may not rest on our own estimate without saying so.
SOFT = ("estimated",)


class ScreenRow(Struct, frozen=True):
    regime: object  # riskkit.model.inputs.Regime
    verdict: str  # likely notifiable | not notifiable | unknown
    reason: str
    stage: str
    basis: str = "facts"  # facts | estimate: the verdict holds only on our own estimate of a gate fact
    estimated: tuple = ()  # the estimated (or unsourced) facts the verdict turns on
    as_at: _dt.date | None = None  # the date window_open is stated as at
    filed: bool | None = None  # None: not known (an information request)
    window_ends: _dt.date | None = None
    window_open: bool | None = None
    exposure: str = ""
    questions: tuple = ()  # closed-deal questions still open
    response: object = None  # riskkit.model.inputs.Outlook
    response_checks: tuple = ()
    response_why: str = ""  # the checks that chose the likely response, in plain words
    gate: str = ""  # an open verdict's first question: the one open fact that settles it on one answer

    @property
    def verdict_text(self) -> str:
        """The verdict as counsel reads it: a voluntary regime (the UK) has no 'notifiable', only
        whether there is a relevant merger situation; a verdict on our own estimate says so."""
        text = _verdict_words(self.regime, self.verdict)
        return f"{text} — on our estimate" if self.basis == "estimate" and self.verdict != "unknown" else text

    def window_text(self) -> str:
        """'open on 2025-10-28, closes 2026-02-28' — the status is stated as at a date, never bare."""
        if self.window_ends is None:
            return "—"
        state = "open" if self.window_open else "closed"
        on = f" on {self.as_at.isoformat()}" if self.as_at else ""
        return (
            f"{state}{on}, closes {self.window_ends.isoformat()}"
            if self.window_open
            else f"{state}{on} (closed {self.window_ends.isoformat()})"
        )

    def to_dict(self) -> dict:
        r = self.regime
        out = {
            "regime": r.id,
            "name": r.name,
            "verdict": self.verdict,
            "verdict_text": self.verdict_text,
            "basis": self.basis,
            "estimated_facts": list(self.estimated),
            "first_question": self.gate or None,  # the fact that settles an open verdict on one answer
            "reason": self.reason,
            "suspensory": r.suspensory,
            "clock": r.clock,
            "window": r.window,
            "stage": self.stage,
            "filed": self.filed,
            "window_ends": self.window_ends.isoformat() if self.window_ends else None,
            "window_open": self.window_open,
            "window_status_as_at": self.as_at.isoformat() if self.as_at else None,
            "exposure": self.exposure,
            "questions": list(self.questions),
            "likely_response": None,
            "references": [ref.to_dict() for ref in r.references],
            "unverified": r.unverified,
        }
        if self.response is not None:
            out["likely_response"] = {
                "response": self.response.response,
                "text": self.response.text,
                "precedents": [ref.to_dict() for ref in self.response.references],
                "why": self.response_why,
            }
        return out


def add_months(day: _dt.date, months: int) -> _dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _deciding(cond, ctx, want: bool) -> list:
    """The comparisons (Compare nodes) that make `cond` come out `want`: for an exemption that
    fails, every condition of it that fails — not the ones that favour it."""
    if isinstance(cond, Compare):
        return [cond] if compare(cond, ctx).result is want else []
    if isinstance(cond, Not):
        return _deciding(cond.item, ctx, not want)
    parts = [(evaluate(item, ctx)[0], item) for item in cond.items]
    decisive_one = isinstance(cond, All) != want  # All→False or Any→True: any one such item decides
    if decisive_one:
        return [c for result, item in parts if result is want for c in _deciding(item, ctx, want)]
    return [c for _, item in parts for c in _deciding(item, ctx, want)]


def _sentence(cond, ctx) -> str:
    """One deciding comparison in plain words, a threshold with the law it comes from."""
    text = check_sentence(compare(cond, ctx), ctx.catalogue)
    if cond.param is not None and cond.param in ctx.params:
        text += f" — {ctx.params[cond.param].title}"
    return text


def _when(finding):
    """The condition that decided a finding (a levelled criterion: its triggered level, or all levels)."""
    c = finding.criterion
    if c.when is not None:
        return c.when
    hit = [lv.when for lv in c.levels if lv.label == finding.level] if finding.level else []
    return hit[0] if hit else All(items=tuple(lv.when for lv in c.levels))


def _deciders(findings, verdict: str, ctx) -> list:
    """The Compare nodes that decided the regime's verdict (deduplicated, in rubric order)."""
    out: dict = {}
    if verdict == "likely notifiable":
        hit = [f for f in findings if f.status == "triggered"]
        for f in hit[:1]:
            out.update((id(c), c) for c in _deciding(_when(f), ctx, True))
    elif verdict == "not notifiable":
        front: dict = {}  # a threshold that fails on its own (a value below the size-of-transaction test) reads first
        for f in findings:
            cond = f.criterion.when
            if f.status == "not_triggered" and cond is not None:
                if isinstance(cond, All):
                    front.update(
                        (id(c), c) for c in cond.items if isinstance(c, Compare) and compare(c, ctx).result is False
                    )
                out.update((id(c), c) for c in _deciding(cond, ctx, False))
        order = {c.fact: i for i, c in reversed(list(enumerate(front.values())))}  # facts in rubric order
        out = {**dict(sorted(front.items(), key=lambda kv: (order[kv[1].fact], threshold_value(kv[1], ctx)))), **out}
    return list(out.values())


def _reason(findings, verdict: str, ctx, first=None) -> str:
    if verdict == "likely notifiable":
        hit = [f for f in findings if f.status == "triggered"]
        if not hit:
            return ""
        why = list(dict.fromkeys(_sentence(c, ctx) for c in _deciders(findings, verdict, ctx)))
        return f"{hit[0].criterion.title}: " + "; ".join(why)
    if verdict == "not notifiable":
        whys = list(dict.fromkeys(_sentence(c, ctx) for c in _deciders(findings, verdict, ctx)))
        whys = whys or ["every test reads as not met"]
        more = len(whys) - 3
        return "no test met: " + "; ".join(whys[:3]) + (f"; and {more} more" if more > 0 else "")
    open_ = [f for f in findings if f.status == "unknown"]
    missing = open_needs(findings, ctx)
    if first is not None:  # one question first; the rest only on the answer that leaves it open
        rest = [_label(m, ctx) for m in missing if m != first[0]]
        more = more_facts(len(rest))
        return f"turns on {_label(first[0], ctx)}; if {'yes' if first[1] else 'no'}, {more}: " + ", ".join(rest)
    if missing:
        return "needs " + ", ".join(_label(m, ctx) for m in missing)
    return "; ".join(f"{f.criterion.title}: {f.unknown_reason}" for f in open_)


def _plain_check(check, ctx) -> str:
    return check_sentence(check, ctx.catalogue)


def _label(fid: str, ctx) -> str:
    """A fact's label for running text ('the target's UK turnover …'), never its id."""
    text = fact_label(ctx.catalogue, fid) if fid in ctx.catalogue.facts else fid
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _verdict_words(regime, verdict: str) -> str:
    if regime.suspensory == "non_suspensory":
        return {
            "likely notifiable": "likely a relevant merger situation (filing voluntary)",
            "not notifiable": "no relevant merger situation",
        }.get(verdict, verdict)
    return verdict


def _on_confirmed_facts(findings, verdict: str, ctx, facts: dict, hypothetical: bool = False):
    """Re-read the regime with our own estimates (and unsourced facts) treated as unknown.

    Returns (verdict, estimated fact ids, facts the re-read still needs). A 'not notifiable' that
    does not survive becomes 'unknown' (a filing is never cleared on our own estimate); a 'likely
    notifiable' that does not survive keeps its direction but is marked as resting on an estimate.
    The estimates named are the fewest that carry the verdict: where one estimate alone does (a
    transaction value far below the size-of-transaction threshold), only that one is asked about,
    not every fact a test happens to read. A hypothetical deal's facts are the scenario's givens,
    not our estimates: there is nothing to confirm, so its verdicts stand on them.
    """
    if hypothetical:
        return verdict, (), ()
    soft = {fid for fid, fact in facts.items() if getattr(fact, "confidence", "") in SOFT}
    gate = {c.fact for c in _deciders(findings, verdict, ctx)} & soft
    if not gate or verdict == "unknown":
        return verdict, (), ()
    strict = ctx.with_facts({fid: fact for fid, fact in facts.items() if fid not in soft})
    statuses = [status_in(f, strict) for f in findings]
    if verdict_of(statuses) == verdict:
        return verdict, (), ()
    for one in sorted(gate):  # one estimate that carries the verdict on its own
        alone = ctx.with_facts({fid: fact for fid, fact in facts.items() if fid not in soft or fid == one})
        if verdict_of([status_in(f, alone) for f in findings]) == verdict:
            gate = {one}
            break
    needs = []
    for f, status in zip(findings, statuses, strict=True):
        if status == "unknown":
            c = f.criterion
            for cond in [c.when] if c.when is not None else [lv.when for lv in c.levels]:
                needs.extend(m for m in undecided(cond, strict) if not m.startswith(("param:", "fx:")))
    if verdict != "not notifiable":
        return verdict, tuple(sorted(gate)), ()  # still likely notifiable on the estimate: nothing else to ask
    needs = [m for m in fact_inputs(needs, ctx.catalogue) if m not in gate and m not in facts]
    live = [f for f in findings if f.status in ("triggered", "not_triggered", "unknown")]
    needs = [m for m in needs if can_move(m, live, strict)]
    return "unknown", tuple(sorted(gate)), tuple(needs)


def _question(fid: str, ctx) -> str:
    return fact_question(ctx.catalogue, fid)


def _sentence_fact(fid: str, ctx) -> str:
    """'Enterprises cease to be distinct: no' — an estimated gate fact as the reader checks it."""
    fact = ctx.facts.get(fid)
    spec = ctx.catalogue.facts.get(fid)
    value = fact.value if fact is not None else None
    shown = {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value
    if spec is not None and fact is not None and not isinstance(value, (bool, str)):  # '$20m', not Interval(…)
        shown = show(value, spec.type, fact.currency, spec.unit)
    elif isinstance(value, str):  # an enum value as words ('voting securities'), never the raw token
        shown = words(value)
    return fact_statement(fact_label(ctx.catalogue, fid), shown) if spec is not None else fid


def screen_rows(result, deal, catalogue, facts, as_at: _dt.date | None = None) -> tuple:
    """One ScreenRow per regime of a notifiability RubricResult (empty for other rubrics).

    `as_at` is the date a review window's status is stated at (the memo's or run's date);
    default the deal's as-of date, so the same inputs give the same bytes.
    """
    as_at = as_at or deal.as_of
    rubric = result.rubric
    if rubric.kind != "notifiability" or not rubric.regimes:
        return ()
    ctx = EvalContext(deal, catalogue, facts, rubric.parameters)
    by_tag = {j.id: j for j in result.jurisdictions}
    rows = []
    for tag, regime in rubric.regimes.items():
        if outside_jurisdictions((tag,), deal.jurisdictions):
            continue  # a regime the deal does not touch: its criteria are not in play
        findings = [
            f
            for f in result.findings
            if tag in f.criterion.jurisdictions and f.status not in ("not_applicable", "not_in_play")
        ]
        verdict = by_tag[tag].verdict if tag in by_tag else "unknown"
        scored_verdict = verdict
        verdict, estimated, needs = _on_confirmed_facts(findings, verdict, ctx, facts, deal.hypothetical)
        first = None
        if estimated and verdict == "unknown":
            reason = (
                "turns on our own estimate — "
                + "; ".join(_sentence_fact(fid, ctx) for fid in estimated)
                + f" (on it: {_verdict_words(regime, scored_verdict)}); confirm it"
                + (f"; if it does not hold, {more_facts(len(needs))} (see the requests)" if needs else "")
            )
        else:
            first = gate(findings, open_needs(findings, ctx), ctx) if verdict == "unknown" else None
            reason = _reason(findings, verdict, ctx, first) or "no criterion for this regime applied"
            if estimated:
                reason = "on our estimate of " + " and ".join(_label(f, ctx) for f in estimated) + " — " + reason
        filed = None
        if regime.filed_fact and regime.filed_fact in facts:
            filed = bool(facts[regime.filed_fact].value)
        window_ends = window_open = None
        questions, exposure = [], ""
        if regime.filed_fact and filed is None and verdict != "not notifiable":
            questions.append(f"Was a filing or notification made under {regime.name}? ({regime.filed_fact})")
        questions += [f"Confirm our estimate: {_question(fid, ctx)} ({fid})" for fid in estimated]
        questions += [f"{_question(fid, ctx)} ({fid})" for fid in needs]
        if verdict == "unknown" and not estimated:  # an open verdict: ask what it waits for
            questions += [f"{_question(fid, ctx)} ({fid})" for fid in _open_facts(findings, ctx, facts)]
        if deal.stage == "closed":
            closed_on = deal.closed_on
            if regime.window_months and closed_on:
                window_ends = add_months(closed_on, regime.window_months)
                window_open = as_at <= window_ends
            if regime.window_months and not closed_on:
                questions.append(
                    "On what date did the deal complete? The review window runs from it (closed_on in the deal file)."
                )
            if verdict != "not notifiable" and filed is not True:
                exposure = regime.exposure
            regime = closed_clock(regime, closed_on, verdict, filed)
        response, checks = None, ()
        for outlook in regime.outlook:
            if outlook.when is None:
                response = outlook
                break
            ok, cks = evaluate(outlook.when, ctx)
            if ok:
                response, checks = outlook, tuple(cks)
                break
        # an open verdict's first question: the gate the screen found, else the one fact it waits for
        first_question = first[0] if first else ""
        if not first_question and verdict == "unknown" and not estimated:
            first_question = _only_open(findings, ctx, facts)
        rows.append(
            ScreenRow(
                regime=regime,
                verdict=verdict,
                reason=reason,
                stage=deal.stage,
                basis="estimate" if estimated else "facts",
                estimated=estimated,
                as_at=as_at if window_ends is not None else None,
                filed=filed,
                window_ends=window_ends,
                window_open=window_open,
                exposure=exposure,
                questions=tuple(questions),
                response=response,
                response_checks=checks,
                response_why="; ".join(dict.fromkeys(_plain_check(c, ctx) for c in checks if c.result)),
                gate=first_question,
            )
        )
    return tuple(rows)


def closed_clock(regime, closed_on, verdict: str, filed):
    """A closed deal's clock speaks of exposure, not of a waiting period 'before closing' that can
    no longer be observed: where a filing may have been required and none is known to have been
    made, the clock reads 'Deal closed on …: if a filing was required, <exposure>'."""
    from msgspec.structs import replace

    if regime.suspensory not in ("suspensory", "duty_to_inform") or not regime.exposure:
        return regime
    if verdict == "not notifiable" or filed is True:
        return regime
    on = f" on {closed_on.isoformat()}" if closed_on else ""
    text = regime.exposure[:1].lower() + regime.exposure[1:]
    return replace(regime, clock=f"Deal closed{on}: if a filing was required, {text}")


def agree_with_screen(results: tuple, screen: tuple) -> tuple:
    """The notifiability rubrics' per-jurisdiction verdicts made to say what the screen says (one
    conclusion per regime: a 'not notifiable' that rests on our own estimate is 'unknown' everywhere)."""
    from msgspec.structs import replace

    rows = {row.regime.id: row for row in screen}
    out = []
    for rr in results:
        if rr.rubric.kind == "notifiability" and rows:
            juris = tuple(
                replace(j, verdict=rows[j.id].verdict, reason=f"{rows[j.id].verdict_text}: {rows[j.id].reason}")
                if j.id in rows
                else j
                for j in rr.jurisdictions
            )
            rr = replace(rr, jurisdictions=juris)
        out.append(rr)
    return tuple(out)


def _open_facts(findings, ctx, facts) -> list:
    """The deal facts an open verdict waits for (parameters and exchange rates are not asked)."""
    return [f for f in open_needs(findings, ctx) if not f.startswith(("param:", "fx:")) and f not in facts]


def _only_open(findings, ctx, facts) -> str:
    """An open verdict's first question when it waits for one fact alone."""
    found = _open_facts(findings, ctx, facts)
    return found[0] if len(found) == 1 else ""

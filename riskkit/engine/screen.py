"""The filing screen: for each regime of a notifiability rubric, a verdict with a one-line reason,
whether it is suspensory, its clock, the window in which an authority can still act, and — by the
deal's stage — the closed-deal questions (was it filed, is the window open, what exposure) and the
likely regulator response. Pure: reads a scored RubricResult and the deal, never the clock.
"""

from __future__ import annotations

import calendar
import datetime as _dt

from msgspec import Struct

from riskkit.engine.conditions import EvalContext, compare, evaluate
from riskkit.model.inputs import All, Compare, Not


class ScreenRow(Struct, frozen=True):
    regime: object  # riskkit.model.inputs.Regime
    verdict: str  # likely notifiable | not notifiable | unknown
    reason: str
    stage: str
    filed: bool | None = None  # None: not known (an information request)
    window_ends: _dt.date | None = None
    window_open: bool | None = None
    exposure: str = ""
    questions: tuple = ()  # closed-deal questions still open
    response: object = None  # riskkit.model.inputs.Outlook
    response_checks: tuple = ()

    def to_dict(self) -> dict:
        r = self.regime
        out = {
            "regime": r.id,
            "name": r.name,
            "verdict": self.verdict,
            "reason": self.reason,
            "suspensory": r.suspensory,
            "clock": r.clock,
            "window": r.window,
            "stage": self.stage,
            "filed": self.filed,
            "window_ends": self.window_ends.isoformat() if self.window_ends else None,
            "window_open": self.window_open,
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
                "why": "; ".join(c.text for c in self.response_checks),
            }
        return out


def add_months(day: _dt.date, months: int) -> _dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _deciding(cond, ctx, want: bool) -> list:
    """The comparisons that make `cond` come out `want` (for a short reason, not the whole check list)."""
    if isinstance(cond, Compare):
        check = compare(cond, ctx)
        return [check.text] if check.result is want else []
    if isinstance(cond, Not):
        return _deciding(cond.item, ctx, not want)
    parts = [(evaluate(item, ctx)[0], item) for item in cond.items]
    decisive_all = isinstance(cond, All) != want  # All→False or Any→True: one item decides
    if decisive_all:
        for result, item in parts:
            if result is want:
                return _deciding(item, ctx, want)
        return []
    return [text for _, item in parts for text in _deciding(item, ctx, want)]


def _reason(findings, verdict: str, ctx) -> str:
    if verdict == "likely notifiable":
        hit = [f for f in findings if f.status == "triggered"]
        return f"{hit[0].criterion.title} — {hit[0].why}" if hit else ""
    if verdict == "not notifiable":
        whys = []
        for f in findings:
            if f.status == "not_triggered" and f.criterion.when is not None:
                whys.extend(_deciding(f.criterion.when, ctx, False))
        whys = list(dict.fromkeys(whys)) or ["every test reads as not met"]
        return "no test met: " + "; ".join(whys[:3]) + ("; …" if len(whys) > 3 else "")
    open_ = [f for f in findings if f.status == "unknown"]
    missing = []
    for f in open_:
        conds = [f.criterion.when] if f.criterion.when is not None else [lv.when for lv in f.criterion.levels]
        for cond in conds:
            missing.extend(_undecided(cond, ctx))
    missing = list(dict.fromkeys(missing))
    if missing:
        return "needs " + ", ".join(missing)
    return "; ".join(f"{f.criterion.title}: {f.unknown_reason}" for f in open_)


def _undecided(cond, ctx) -> list:
    """What leaves `cond` unknown, on the branches that still matter (not every branch's gaps)."""
    if isinstance(cond, Compare):
        check = compare(cond, ctx)
        if check.result is not None:
            return []
        return list(check.missing) or [check.text]
    if isinstance(cond, Not):
        return _undecided(cond.item, ctx)
    results = [(evaluate(item, ctx)[0], item) for item in cond.items]
    if any(r is (not isinstance(cond, All)) for r, _ in results):
        return []  # decided: an All with a false item, an Any with a true one
    return [m for r, item in results if r is None for m in _undecided(item, ctx)]


def screen_rows(result, deal, catalogue, facts) -> tuple:
    """One ScreenRow per regime of a notifiability RubricResult (empty for other rubrics)."""
    rubric = result.rubric
    if rubric.kind != "notifiability" or not rubric.regimes:
        return ()
    ctx = EvalContext(deal, catalogue, facts, rubric.parameters)
    by_tag = {j.id: j for j in result.jurisdictions}
    rows = []
    for tag, regime in rubric.regimes.items():
        findings = [f for f in result.findings if tag in f.criterion.jurisdictions and f.status != "not_applicable"]
        verdict = by_tag[tag].verdict if tag in by_tag else "unknown"
        filed = None
        if regime.filed_fact and regime.filed_fact in facts:
            filed = bool(facts[regime.filed_fact].value)
        window_ends = window_open = None
        questions, exposure = [], ""
        if deal.stage == "closed":
            closed_on = deal.closed_on
            if regime.window_months and closed_on:
                window_ends = add_months(closed_on, regime.window_months)
                window_open = deal.as_of <= window_ends
            if regime.filed_fact and filed is None and verdict != "not notifiable":
                questions.append(f"Was a filing or notification made under {regime.name}? ({regime.filed_fact})")
            if regime.window_months and not closed_on:
                questions.append("On what date did the deal complete (deal.closed_on)? The review window runs from it.")
            if verdict != "not notifiable" and filed is not True:
                exposure = regime.exposure
        response, checks = None, ()
        for outlook in regime.outlook:
            if outlook.when is None:
                response = outlook
                break
            ok, cks = evaluate(outlook.when, ctx)
            if ok:
                response, checks = outlook, tuple(cks)
                break
        rows.append(
            ScreenRow(
                regime=regime,
                verdict=verdict,
                reason=_reason(findings, verdict, ctx) or "no criterion for this regime applied",
                stage=deal.stage,
                filed=filed,
                window_ends=window_ends,
                window_open=window_open,
                exposure=exposure,
                questions=tuple(questions),
                response=response,
                response_checks=checks,
            )
        )
    return tuple(rows)

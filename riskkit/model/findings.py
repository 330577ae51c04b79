"""Findings: what one criterion concluded about a deal, and the records a finding carries
(facts used, presumptions, waivers, gaps). Part of the result model (riskkit.model.results
re-exports every name here).
"""

from __future__ import annotations

from msgspec import Struct

from riskkit.model.inputs import Criterion

STATUSES = ("triggered", "not_triggered", "unknown", "not_applicable", "not_in_play")
# How each status reads to a person (JSON keeps the ids above).
STATUS_WORDS = {
    "triggered": "triggered",
    "not_triggered": "clear",
    "unknown": "unknown",
    "not_applicable": "not applicable",
    "not_in_play": "not in play",
}
CHANGE_WORDS = {
    "new": "new",
    "strengthened": "strengthened",
    "unchanged": "unchanged since reviewed",
    "reduced": "reduced since reviewed",
}


class PresumptionUse(Struct, frozen=True):
    """A presumption the most-likely estimate relied on, and the criteria that read it."""

    presumption: object  # riskkit.model.inputs.Presumption
    display: str
    criteria: tuple

    @property
    def fact(self) -> str:
        return self.presumption.fact

    def text(self) -> str:
        """'api_distribution_exclusive presumed no — reason (source)' for footnotes and memos."""
        p = self.presumption
        src = f" ({p.source})" if p.source else ""
        return f"{p.fact} presumed {self.display} — {p.reason}{src}"

    def to_dict(self) -> dict:
        return {**self.presumption.to_dict(self.display), "criteria": list(self.criteria)}


class FactUse(Struct, frozen=True):
    """A fact a criterion read, as the memo shows it."""

    id: str
    display: str
    value: object
    confidence: str
    sources: tuple
    line: int | None = None
    derived_from: tuple = ()

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "value": self.value,
            "display": self.display,
            "confidence": self.confidence,
            "sources": list(self.sources),
            "line": self.line,
            "derived_from": list(self.derived_from),
        }


class Waiver(Struct, frozen=True):
    """A reviewed decision to accept a finding, with who approved it and until when."""

    criterion: str
    justification: str
    approved_by: str
    expires: object
    evidence: str = ""
    source: str = ""

    def to_dict(self) -> dict:
        return {
            "criterion": self.criterion,
            "justification": self.justification,
            "approved_by": self.approved_by,
            "expires": self.expires.isoformat() if hasattr(self.expires, "isoformat") else self.expires,
            "evidence": self.evidence,
            "source": self.source,
        }


class Finding(Struct, frozen=True):
    """One criterion's outcome for one deal, with its evidence."""

    rubric_id: str
    criterion: Criterion
    status: str
    points: float  # known points (best case)
    points_worst: float
    level: str = ""
    checks: tuple = ()
    facts: tuple = ()  # FactUse
    missing: tuple = ()  # fact ids (and fx:... pairs) whose absence leaves this unknown
    uncertain: tuple = ()  # range facts that straddle a threshold
    evidence: str = ""  # "press reports only" | "secondary summaries only" | "includes unsourced facts" | ""
    waiver: Waiver | None = None
    points_likely: float = 0  # most-likely points: presumptions for unknown facts
    presumed: tuple = ()  # fact ids whose presumption the most-likely points read
    unpresumed: tuple = ()  # missing facts no presumption covers (counted at mid-range)
    reason: str = ""  # why it is not in play (or, from other layers, why a status was set)
    change: str = ""  # new | strengthened | unchanged | reduced, against the deal's prior state
    points_prior: float | None = None  # most-likely points in the prior state

    stage: str = ""  # the deal's stage: picks the mitigation that suits it
    param_refs: tuple = ()  # References of the dated thresholds the criterion names, in force on the deal's date

    @property
    def mitigation(self) -> str:
        """The criterion's mitigation for this deal's stage (post-closing remedies for a closed deal)."""
        return self.criterion.mitigation_for(self.stage)

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def max_points(self) -> float:
        return self.criterion.max_points

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    @property
    def why(self) -> str:
        """The comparisons that decided the outcome, as a sentence fragment."""
        wanted = {"triggered": True, "not_triggered": False}.get(self.status)
        picked = (
            [c for c in self.checks if c.result is wanted]
            if wanted is not None
            else [c for c in self.checks if c.result is None]
        )
        texts = list(dict.fromkeys(c.text for c in (picked or self.checks)))
        return "; ".join(texts)

    @property
    def unknown_reason(self) -> str:
        """Why an unknown finding is unknown: the facts to ask for, or ranges that straddle a threshold."""
        parts = []
        if self.missing:
            parts.append("missing facts: " + ", ".join(self.missing))
        if self.uncertain:
            shown = {u.id: u.display for u in self.facts}
            parts.append(
                "; ".join(f"{u} is a range ({shown.get(u, '?')}) straddling the threshold" for u in self.uncertain)
            )
        return "; ".join(parts) or "undetermined"

    def to_dict(self) -> dict:
        c = self.criterion
        return {
            "id": c.id,
            "title": c.title,
            "status": self.status,
            "waived": self.waived,
            "waiver": self.waiver.to_dict() if self.waiver else None,
            "points": self.points,
            "points_likely": self.points_likely,
            "points_worst": self.points_worst,
            "max_points": c.max_points,
            "reason": self.reason,
            "change": self.change,
            "points_prior": self.points_prior,
            "presumed": list(self.presumed),
            "unpresumed": list(self.unpresumed),
            "level": self.level,
            "floor": c.floor,
            "jurisdictions": list(c.jurisdictions),
            "why": self.why,
            "checks": [ch.to_dict() for ch in self.checks],
            "facts": [f.to_dict() for f in self.facts],
            "missing_facts": list(self.missing),
            "uncertain_facts": list(self.uncertain),
            "evidence": self.evidence,
            "rationale": c.rationale,
            "mitigation": self.mitigation,
            "mitigation_stage": self.stage,
            "theory": c.theory,
            "unverified": c.unverified,
            "waivable": c.waivable,
            "references": [r.to_dict() for r in c.references],
            "parameter_references": [r.to_dict() for r in self.param_refs],
        }


class Gap(Struct, frozen=True):
    """A missing fact, the question to ask for it, and the criteria waiting on it."""

    fact: str
    question: str
    criteria: tuple

    def to_dict(self) -> dict:
        return {"fact": self.fact, "question": self.question, "criteria": list(self.criteria)}

"""The result model: the only contract between scoring and every renderer.

Frozen `msgspec.Struct` records with `to_dict()`; renderers read these and never re-score.
"""

from __future__ import annotations

from msgspec import Struct

from riskkit.model.display import plain, show, span
from riskkit.model.inputs import Criterion, Rubric, band_rank

SCHEMA_VERSION = "1.0"
STATUSES = ("triggered", "not_triggered", "unknown", "not_applicable")


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
    stage: str = ""  # the deal's stage: picks the mitigation that suits it

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
            "points_worst": self.points_worst,
            "max_points": c.max_points,
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
        }


class Gap(Struct, frozen=True):
    """A missing fact, the question to ask for it, and the criteria waiting on it."""

    fact: str
    question: str
    criteria: tuple

    def to_dict(self) -> dict:
        return {"fact": self.fact, "question": self.question, "criteria": list(self.criteria)}


class ScoreRange(Struct, frozen=True):
    points: float
    points_worst: float
    max_points: float
    score: float
    score_worst: float
    band: str
    band_worst: str
    floored: bool = False  # a triggered (or, worst case, possible) floor lifted the score to its band

    @property
    def is_range(self) -> bool:
        return self.score != self.score_worst or self.band != self.band_worst

    def band_text(self) -> str:
        return span(self.band, self.band_worst)

    def score_text(self) -> str:
        return span(self.score, self.score_worst)

    def to_dict(self) -> dict:
        return {
            "points": self.points,
            "points_worst": self.points_worst,
            "max_points": self.max_points,
            "score": self.score,
            "score_worst": self.score_worst,
            "band": self.band,
            "band_worst": self.band_worst,
            "floored": self.floored,
        }


class JurisdictionResult(Struct, frozen=True):
    id: str
    name: str
    authority: str
    range: ScoreRange
    criteria: tuple  # criterion ids
    verdict: str = ""  # notifiability rubrics: likely notifiable | not notifiable | unknown

    def to_dict(self) -> dict:
        out = {"id": self.id, "name": self.name, "authority": self.authority, **self.range.to_dict()}
        out["criteria"] = list(self.criteria)
        if self.verdict:
            out["verdict"] = self.verdict
        return out


class RubricResult(Struct, frozen=True):
    rubric: Rubric
    status: str  # applicable | not_applicable | applicability_unknown
    range: ScoreRange
    findings: tuple
    jurisdictions: tuple
    gaps: tuple
    applicability_checks: tuple = ()

    @property
    def id(self) -> str:
        return self.rubric.id

    def counts(self) -> dict:
        out = {s: 0 for s in STATUSES}
        out["waived"] = 0
        for f in self.findings:
            if f.waived:
                out["waived"] += 1
            else:
                out[f.status] += 1
        return out

    def summary_line(self) -> str:
        """'23 criteria: 5 triggered, 0 waived, 5 unknown, 13 clear' for this rubric."""
        return counts_line(self.counts(), len(self.findings))

    def verdicts(self) -> str:
        """'1 likely notifiable, 3 unknown' for a notifiability rubric, else ''."""
        if self.rubric.kind != "notifiability":
            return ""
        return verdict_summary(j.verdict for j in self.jurisdictions)

    def drivers(self, n: int = 3) -> list:
        """The triggered findings carrying most weight (for summaries)."""
        hit = [f for f in self.findings if f.status == "triggered" and not f.waived]
        return sorted(hit, key=lambda f: (-f.points, f.id))[:n]

    def to_dict(self) -> dict:
        r = self.rubric
        return {
            "id": r.id,
            "title": r.title,
            "version": r.version,
            "effective": r.effective.isoformat(),
            "kind": r.kind,
            "summary": r.summary,
            "status": self.status,
            **self.range.to_dict(),
            "bands": [{"band": b.name, "min": b.min} for b in r.bands],
            "counts": self.counts(),
            "jurisdictions": [j.to_dict() for j in self.jurisdictions],
            "findings": [f.to_dict() for f in self.findings],
            "gaps": [g.to_dict() for g in self.gaps],
        }


class Assessment(Struct, frozen=True):
    deal: object
    catalogue: object
    results: tuple
    fingerprint: str
    riskkit_version: str
    warnings: tuple = ()
    screen: tuple = ()  # riskkit.engine.screen.ScreenRow: the filing screen, one per regime

    def theories_of_harm(self) -> list:
        """Findings of criteria that test a theory of harm, grouped by theory (in rubric order)."""
        groups: dict = {}
        for rr in self.results:
            for f in rr.findings:
                if f.criterion.theory:
                    groups.setdefault(f.criterion.theory, []).append(f)
        order = ("triggered", "unknown", "not_triggered", "not_applicable")
        out = []
        for theory, fs in groups.items():
            status = next((s for s in order if any(f.status == s and not f.waived for f in fs)), "not_applicable")
            out.append(
                {
                    "theory": theory,
                    "status": status,
                    "rubric": fs[0].rubric_id,
                    "criteria": [f.id for f in fs],
                    "triggered": [f.id for f in fs if f.status == "triggered" and not f.waived],
                    "unknown": [f.id for f in fs if f.status == "unknown"],
                    "missing_facts": list(dict.fromkeys(m for f in fs for m in f.missing)),
                }
            )
        return out

    def result(self, rubric_id: str) -> RubricResult:
        for r in self.results:
            if r.id == rubric_id:
                return r
        raise KeyError(rubric_id)

    def derived_facts_used(self) -> dict:
        """Derived facts the findings relied on that the deal did not give: {id: FactUse}."""
        used: dict = {}
        for rr in self.results:
            for f in rr.findings:
                for u in f.facts:
                    if u.derived_from and u.id not in self.deal.facts:
                        used.setdefault(u.id, u)
        return used

    def counts(self) -> dict:
        total = {s: 0 for s in STATUSES}
        total["waived"] = 0
        for r in self.results:
            for k, v in r.counts().items():
                total[k] += v
        total["criteria"] = sum(len(r.findings) for r in self.results)
        return total

    def summary_line(self) -> str:
        c = self.counts()
        return counts_line(c, c["criteria"])

    def gating_band(self, rr: RubricResult, unknown: str = "worst") -> str:
        return rr.range.band_worst if unknown == "worst" else rr.range.band

    def gates(self, rr: RubricResult, fail_on: str | None, unknown: str = "worst") -> bool:
        """True when this rubric's band reaches `fail_on` (worst case by default).

        Notifiability rubrics report filing verdicts, not risk, so they never gate.
        """
        if not fail_on or rr.status == "not_applicable" or rr.rubric.kind == "notifiability":
            return False
        return band_rank(self.gating_band(rr, unknown)) >= band_rank(fail_on)

    def exit_code(self, fail_on: str | None, unknown: str = "worst") -> int:
        """1 when any rubric gates at `fail_on`, else 0."""
        return 1 if any(self.gates(rr, fail_on, unknown) for rr in self.results) else 0

    def to_dict(self) -> dict:
        d = self.deal
        return {
            "schema_version": SCHEMA_VERSION,
            "riskkit_version": self.riskkit_version,
            "fingerprint": self.fingerprint,
            "deal": {
                "id": d.id,
                "title": d.title,
                "as_of": d.as_of.isoformat(),
                "stage": d.stage,
                "hypothetical": d.hypothetical,
                "parties": [{"name": p.name, "role": p.role} for p in d.parties],
                "jurisdictions": list(d.jurisdictions),
                "summary": d.summary,
                "path": d.path,
                "closed_on": d.closed_on.isoformat() if getattr(d, "closed_on", None) else None,
            },
            "hindsight": {
                "as_of": d.as_of.isoformat(),
                "include_later_sources": getattr(d, "include_later_sources", False),
                "later_sources": [flag.to_dict() for flag in getattr(d, "later_sources", ())],
            },
            "filing_screen": [row.to_dict() for row in self.screen],
            "theories_of_harm": self.theories_of_harm(),
            "conditions": [
                {
                    **c.to_dict(),
                    "later_sources": [
                        sid
                        for sid in c.sources
                        if sid in d.sources and d.sources[sid].date and d.sources[sid].date > d.as_of
                    ],
                }
                for c in getattr(d, "conditions", ())
            ],
            "rubrics": [
                {"id": r.rubric.id, "version": r.rubric.version, "effective": r.rubric.effective.isoformat()}
                for r in self.results
            ],
            "summary": {**self.counts(), "line": self.summary_line()},
            "results": [r.to_dict() for r in self.results],
            "facts": [
                {
                    "id": f.id,
                    "value": plain(f.value),
                    "display": show(
                        f.value, self.catalogue.facts[f.id].type, f.currency, self.catalogue.facts[f.id].unit
                    ),
                    "currency": f.currency,
                    "confidence": f.confidence,
                    "sources": list(f.sources),
                    "as_of": f.as_of.isoformat() if f.as_of else None,
                    "note": f.note,
                    "line": f.line,
                    "later_sources": list(f.later_sources),
                }
                for f in sorted(d.facts.values(), key=lambda f: f.id)
            ],
            "sources": [s.to_dict() for s in sorted(d.sources.values(), key=lambda s: s.id)],
            "fx": [
                {
                    "from": r.base,
                    "to": r.quote,
                    "rate": r.rate,
                    "as_of": r.as_of.isoformat() if r.as_of else None,
                    "source": r.source,
                }
                for r in d.fx
            ],
            "warnings": list(self.warnings),
        }


def counts_line(c: dict, criteria: int) -> str:
    """The one wording of finding counts, for a rubric or a whole assessment."""
    return (
        f"{criteria} criteria: {c['triggered']} triggered, {c['waived']} waived, "
        f"{c['unknown']} unknown, {c['not_triggered']} clear"
        + (f", {c['not_applicable']} not applicable" if c["not_applicable"] else "")
    )


VERDICTS = ("likely notifiable", "not notifiable", "unknown")


def verdict_summary(verdicts) -> str:
    """Filing verdicts counted in a fixed order: '1 likely notifiable, 3 unknown'."""
    verdicts = list(verdicts)
    counts = [(v, verdicts.count(v)) for v in VERDICTS]
    return ", ".join(f"{n} {v}" for v, n in counts if n) or "no jurisdictions"

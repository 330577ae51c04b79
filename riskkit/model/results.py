"""The result model: the only contract between scoring and every renderer.

Frozen `msgspec.Struct` records with `to_dict()`; renderers read these and never re-score.
Scores, rubric and jurisdiction results and the assessment are here; findings and what they
carry are in riskkit.model.findings, re-exported from here.
"""

from __future__ import annotations

from msgspec import Struct

from riskkit.model.display import plain, show, span
from riskkit.model.findings import CHANGE_WORDS, STATUS_WORDS, STATUSES, FactUse, Finding, Gap, PresumptionUse, Waiver
from riskkit.model.hindsight import flag_later_references, later_source_ids
from riskkit.model.inputs import CONCERN, Rubric, band_rank
from riskkit.model.words import fact_list, plain_why, plain_whys

SCHEMA_VERSION = "1.0"


class ScoreRange(Struct, frozen=True):
    points: float
    points_worst: float
    max_points: float
    score: float
    score_worst: float
    band: str
    band_worst: str
    floored: bool = False  # a triggered (or, worst case, possible) floor lifted the score to its band
    points_likely: float | None = None
    score_likely: float | None = None  # the most-likely estimate (presumptions for unknown facts)
    band_likely: str | None = None

    @property
    def is_range(self) -> bool:
        return self.score != self.score_worst or self.band != self.band_worst

    @property
    def likely(self) -> float:
        return self.score if self.score_likely is None else self.score_likely

    @property
    def likely_band(self) -> str:
        return self.band if self.band_likely is None else self.band_likely

    def band_text(self) -> str:
        return span(self.band, self.band_worst)

    def score_text(self) -> str:
        return span(self.score, self.score_worst)

    def likely_text(self) -> str:
        """'27.5 (21.1–37.1)': the most-likely score first, the best–worst bounds beside it."""
        if not self.is_range:
            return f"{self.likely:g}"
        return f"{self.likely:g} ({self.score_text()})"

    def likely_band_text(self) -> str:
        """'moderate — possible (moderate–high)': the most-likely band and its concern word, bounds beside."""
        word = f"{self.likely_band} — {CONCERN.get(self.likely_band, self.likely_band)}"
        return word if self.band == self.band_worst else f"{word} ({self.band_text()})"

    def to_dict(self) -> dict:
        return {
            "points": self.points,
            "points_likely": self.points_likely,
            "points_worst": self.points_worst,
            "max_points": self.max_points,
            "score": self.score,
            "score_likely": self.likely,
            "score_worst": self.score_worst,
            "band": self.band,
            "band_likely": self.likely_band,
            "concern_likely": CONCERN.get(self.likely_band, ""),
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
    reason: str = ""  # set from the filing screen (a verdict on our own estimate says so)

    def to_dict(self) -> dict:
        out = {"id": self.id, "name": self.name, "authority": self.authority}
        if self.verdict:
            out["verdict"] = self.verdict  # notifiability: a verdict, never a score
        else:
            out.update(self.range.to_dict())
        out["criteria"] = list(self.criteria)
        return out


class RubricResult(Struct, frozen=True):
    rubric: Rubric
    status: str  # applicable | not_applicable | applicability_unknown
    range: ScoreRange
    findings: tuple
    jurisdictions: tuple
    gaps: tuple
    applicability_checks: tuple = ()
    score_new: float | None = None  # most-likely score of exposure new or strengthened since the prior state

    @property
    def id(self) -> str:
        return self.rubric.id

    @property
    def scored(self) -> bool:
        """False for notifiability rubrics: they give verdicts, never scores or bands."""
        return self.rubric.kind != "notifiability"

    def not_in_play(self) -> list:
        return [f for f in self.findings if f.status == "not_in_play"]

    def range_drivers(self, n: int = 5) -> list:
        """[(fact, points of width)]: the missing facts that keep the best–worst range wide, widest first.

        An unknown criterion's width (worst minus best points) is shared equally among the facts
        that leave it unknown; a range fact straddling a threshold counts as one of them.
        """
        width: dict = {}
        for f in self.findings:
            if f.status != "unknown" or f.waived:
                continue
            span_pts = f.points_worst - f.points
            keys = list(dict.fromkeys([*f.missing, *f.uncertain])) or [f.id]
            for k in keys:
                width[k] = width.get(k, 0.0) + span_pts / len(keys)
        ranked = sorted(width.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(k, round(v, 2)) for k, v in ranked[:n] if v > 0]

    def verdict_reasons(self) -> list:
        """[(jurisdiction name, verdict, reason)] for a notifiability rubric."""
        out = []
        for j in self.jurisdictions:
            fs = [f for f in self.findings if f.id in j.criteria]
            if j.reason:
                reason = j.reason
            elif j.verdict == "likely notifiable":
                hit = next(f for f in fs if f.status == "triggered")
                reason = f"{hit.criterion.title}: {plain_why(hit, None)}"
            elif j.verdict == "not notifiable":
                reason = "no filing test met"
            else:
                missing = [m for f in fs if f.status == "unknown" for m in f.missing]
                reason = "needs " + fact_list(None, dict.fromkeys(missing)) if missing else "facts straddle a threshold"
            out.append((j.name, j.verdict, reason))
        return out

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
        out = {
            "id": r.id,
            "title": r.title,
            "version": r.version,
            "effective": r.effective.isoformat(),
            "kind": r.kind,
            "summary": r.summary,
            "status": self.status,
        }
        if self.scored:
            out.update(self.range.to_dict())
            out["score_new"] = self.score_new
            mp = self.range.max_points
            out["range_drivers"] = [
                {"fact": k, "points": v, "score": round(100 * v / mp, 1) if mp else 0.0}
                for k, v in self.range_drivers(10)
            ]
            out["bands"] = [{"band": b.name, "min": b.min, "concern": CONCERN.get(b.name, "")} for b in r.bands]
        else:
            out["verdicts"] = [{"jurisdiction": n, "verdict": v, "reason": why} for n, v, why in self.verdict_reasons()]
        out["not_in_play"] = [{"id": f.id, "title": f.criterion.title, "reason": f.reason} for f in self.not_in_play()]
        out["counts"] = self.counts()
        out["jurisdictions"] = [j.to_dict() for j in self.jurisdictions]
        findings = [f.to_dict() for f in self.findings]
        if not self.scored:
            for fd in findings:
                for key in ("points", "points_likely", "points_worst", "max_points", "points_prior", "floor"):
                    fd.pop(key, None)
        out["findings"] = findings
        out["gaps"] = [g.to_dict() for g in self.gaps]
        return out


class Assessment(Struct, frozen=True):
    deal: object
    catalogue: object
    results: tuple
    fingerprint: str
    riskkit_version: str
    warnings: tuple = ()
    presumptions: tuple = ()  # PresumptionUse: what the most-likely estimates assumed
    structures: tuple = ()  # (criterion id, reason) for every criterion not in play
    reviews: tuple = ()  # Review: regulator reviews of the deal's prior state
    prior_id: str = ""  # the prior state's deal id, when one is named
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

    def gating_band(self, rr: RubricResult, unknown: str = "likely") -> str:
        return {"worst": rr.range.band_worst, "best": rr.range.band}.get(unknown, rr.range.likely_band)

    def gates(self, rr: RubricResult, fail_on: str | None, unknown: str = "likely") -> bool:
        """True when this rubric's band reaches `fail_on` (most-likely band by default).

        Notifiability rubrics report filing verdicts, not risk, so they never gate.
        """
        if not fail_on or rr.status == "not_applicable" or rr.rubric.kind == "notifiability":
            return False
        return band_rank(self.gating_band(rr, unknown)) >= band_rank(fail_on)

    def exit_code(self, fail_on: str | None, unknown: str = "likely") -> int:
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
                {**c.to_dict(), "later_sources": list(later_source_ids(c.sources, d))}
                for c in getattr(d, "conditions", ())
            ],
            "proceedings": [p.to_dict() for p in getattr(d, "proceedings", ())],
            "rubrics": [
                {"id": r.rubric.id, "version": r.rubric.version, "effective": r.rubric.effective.isoformat()}
                for r in self.results
            ],
            "summary": {**self.counts(), "line": self.summary_line()},
            "results": [flag_later_references(plain_whys(r, self.catalogue), str(d.as_of)) for r in self.results],
            "presumptions": [p.to_dict() for p in self.presumptions],
            "not_in_play": [{"criterion": cid, "reason": why} for cid, why in self.structures],
            "prior": {"deal": self.prior_id, "reviews": [r.to_dict() for r in self.reviews]} if self.prior_id else None,
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
        + (f", {c['not_in_play']} not in play" if c.get("not_in_play") else "")
    )


VERDICTS = ("likely notifiable", "not notifiable", "unknown")


def verdict_summary(verdicts) -> str:
    """Filing verdicts counted in a fixed order: '1 likely notifiable, 3 unknown'."""
    verdicts = list(verdicts)
    counts = [(v, verdicts.count(v)) for v in VERDICTS]
    return ", ".join(f"{n} {v}" for v, n in counts if n) or "no jurisdictions"


__all__ = [
    "CHANGE_WORDS", "STATUSES", "STATUS_WORDS", "SCHEMA_VERSION", "Assessment", "FactUse", "Finding", "Gap",
    "JurisdictionResult", "PresumptionUse", "RubricResult", "ScoreRange", "VERDICTS", "Waiver", "counts_line",
    "verdict_summary",
]  # fmt: skip

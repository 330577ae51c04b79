"""One scoring run as CI sees it: score, apply waivers, compare with a baseline, decide the gate.

    result = run(deal, rubric_set, waivers=wfile, baseline=base, today=day, fail_on="high")
    result.assessment        # the scored Assessment (waived findings keep their Waiver)
    result.waivers           # WaiverReport: applied, problems (expired, matching nothing), notes
    result.verdict(rr, f)    # failure | warning | baseline | waived | unknown | clear | not_applicable
    result.exit_code()       # 1 when a (new) finding's rubric is at or above fail_on

The gate is decided here, once; writers (JSON, SARIF, JUnit, GitHub) read it from the `Run`.
Pure: no files, no clock (`today` is passed in), no printing.

A finding *fails* when it is triggered, not waived, not already in the baseline, and its
rubric's gating band (the most-likely band by default) is at or above `fail_on`. Without `fail_on`
every triggered, unwaived finding is reported as a failure but the exit code stays 0 (the
conftest/Checkov "soft fail" reading).
"""

from __future__ import annotations

import datetime as _dt

from msgspec import Struct

from riskkit.errors import did_you_mean

# What a writer shows for each finding; see Run.verdict().
VERDICTS = ("failure", "warning", "baseline", "waived", "unknown", "clear", "not_applicable")
EXPIRING_SOON_DAYS = 30


class Run(Struct, frozen=True):
    """An assessment with its waiver and baseline outcomes and the gate that applies to it."""

    assessment: object  # riskkit.model.results.Assessment
    fail_on: str | None = None
    unknown: str = "likely"  # which estimate gates: likely (presumptions) | worst | best
    waivers: object = None  # riskkit.load.waivers.WaiverReport, when a waiver file was given
    baseline: object = None  # riskkit.load.baseline.Baseline, when one was given

    @property
    def waiver_problems(self) -> tuple:
        return tuple(self.waivers.problems) if self.waivers is not None else ()

    def gates(self, rr) -> bool:
        """True when this rubric's band reaches fail_on (notifiability rubrics never gate)."""
        return self.assessment.gates(rr, self.fail_on, self.unknown)

    def verdict(self, rr, finding) -> str:
        """How CI outputs classify one finding: one of VERDICTS.

        failure   triggered, unwaived, new (or no baseline), rubric at/above fail_on (or no fail_on)
        warning   triggered, unwaived, but its rubric's band is below fail_on
        baseline  triggered, unwaived, already in the baseline assessment
        waived    triggered and waived (the waiver is in finding.waiver)
        unknown   facts missing or a range straddles the threshold
        clear / not_applicable
        """
        if finding.status == "not_applicable":
            return "not_applicable"
        if finding.waived:
            return "waived"
        if finding.status == "unknown":
            return "unknown"
        if finding.status != "triggered":
            return "clear"
        if self.baseline is not None and self.baseline.knows(rr.id, finding):
            return "baseline"
        if not self.fail_on or self.gates(rr):
            return "failure"
        return "warning"

    def gate_text(self, rr) -> str:
        """'rubric x band moderate — possible (moderate–high) (score 31.5 (26.6–46.7)), below --fail-on high (…)'.

        Notifiability rubrics give their verdicts, never a score or band, and never gate.
        """
        if rr.status == "not_applicable":
            return f"rubric {rr.id} does not apply"
        if not rr.scored:
            return f"rubric {rr.id}: {rr.verdicts()} (filing verdicts, not scored; never gates)"
        text = f"rubric {rr.id} band {rr.range.likely_band_text()} (score {rr.range.likely_text()})"
        if self.fail_on:
            side = {"worst": "worst case", "best": "best case"}.get(self.unknown, "most-likely estimate")
            rel = "at or above" if self.gates(rr) else "below"
            text += f", {rel} --fail-on {self.fail_on} ({side})"
        return text

    def new_findings(self) -> list:
        """(rubric result, finding) pairs not in the baseline ([] without one)."""
        if self.baseline is None:
            return []
        return self.baseline.new_findings(self.assessment, self.unknown)

    def exit_code(self) -> int:
        """1 when a rubric gates at fail_on (with a baseline: only through a new finding), else 0."""
        if self.baseline is None:
            return self.assessment.exit_code(self.fail_on, self.unknown)
        if not self.fail_on:
            return 0
        return 1 if any(self.gates(rr) for rr, _ in self.new_findings()) else 0

    def to_dict(self) -> dict:
        """The assessment's JSON, plus the waiver report and the baseline comparison when given."""
        data = self.assessment.to_dict()
        if self.waivers is not None:
            data["waivers"] = self.waivers.to_dict()
        if self.baseline is not None:
            data["baseline"] = self.baseline.to_dict(self.assessment, self.unknown)
        return data


ESTIMATES = {
    "likely": ("band_likely", "score_likely"),
    "worst": ("band_worst", "score_worst"),
    "best": ("band", "score"),
}


def estimate_fields(unknown: str = "likely") -> tuple[str, str]:
    """(band, score) field names of the estimate `--unknown` ranks and gates on: ScoreRange
    attributes and riskkit.engine.vector.score_frame columns alike (most-likely by default)."""
    return ESTIMATES.get(unknown, ESTIMATES["likely"])


def as_run(result) -> Run:
    """A Run for a Run or a bare Assessment (no gate, no waivers, no baseline)."""
    return result if isinstance(result, Run) else Run(result)


def run(
    deal,
    rubrics,
    waivers=None,
    baseline=None,
    today: _dt.date | None = None,
    fail_on: str | None = None,
    unknown: str = "likely",
) -> Run:
    """Score `deal` against `rubrics` with an optional WaiverFile and Baseline, gated at fail_on.

    `today` is the date waiver expiry is checked against (default: the system date). A band or
    policy riskkit does not know is a UsageError (a RiskkitError), not a failure later on.
    """
    _check_gate(rubrics, fail_on, unknown)
    if waivers is None:
        from riskkit.engine.scoring import score

        return Run(score(deal, rubrics), fail_on, unknown, None, baseline)
    assessment, report = score_with_waivers(deal, rubrics, waivers, today or _dt.date.today())
    return Run(assessment, fail_on, unknown, report, baseline)


def _check_gate(rubrics, fail_on, unknown) -> None:
    from riskkit.errors import UsageError, did_you_mean

    bands = list(dict.fromkeys(b.name for r in rubrics.rubrics for b in r.bands)) or [
        "low",
        "moderate",
        "high",
        "severe",
    ]
    if fail_on is not None and fail_on not in bands:
        raise UsageError(
            f"fail_on={fail_on!r} is not a band; bands: {', '.join(bands)}", hint=did_you_mean(fail_on, bands)
        )
    if unknown not in UNKNOWN_POLICIES:
        raise UsageError(f"unknown={unknown!r}: expected one of {', '.join(UNKNOWN_POLICIES)}")


UNKNOWN_POLICIES = ("likely", "worst", "best")


# -- waivers ---------------------------------------------------------------------------------


def select_waivers(wfile, deal, rubric_set, today: _dt.date):
    """Pick the waivers that may apply to this deal before scoring.

    Returns ({criterion id: WaiverEntry}, [WaiverProblem]) — expired ones and ones that
    are for another deal or whose condition is not true are problems, not candidates.
    """
    from riskkit.engine.conditions import EvalContext, evaluate
    from riskkit.engine.derive import resolve_facts
    from riskkit.load.waivers import WaiverProblem

    scored = {c.id: r for r in rubric_set.rubrics for c in r.criteria}
    ctx = EvalContext(deal, rubric_set.catalogue, resolve_facts(deal, rubric_set.catalogue), {})
    chosen: dict = {}
    problems: list = []
    position = {id(e): i for i, e in enumerate(wfile.entries)}

    def problem(e, kind: str, message: str) -> None:
        problems.append(WaiverProblem(kind, e.criterion, message, e.path, e.line, position[id(e)]))

    for e in wfile.entries:
        if today > e.waiver.expires:
            problem(
                e, "expired", f"expired on {e.waiver.expires.isoformat()} (today is {today.isoformat()}); not applied"
            )
            continue
        if e.deal is not None and e.deal != deal.id:
            hint = did_you_mean(e.deal, [deal.id])
            problem(
                e,
                "unmatched",
                f"matches nothing: it names deal '{e.deal}' but this run scores '{deal.id}'"
                + (f" ({hint})" if hint else ""),
            )
            continue
        if e.when is not None:
            result, checks = evaluate(e.when, ctx)
            if result is not True:
                texts = "; ".join(dict.fromkeys(c.text for c in checks))
                state = "is false" if result is False else "cannot be decided (facts missing)"
                problem(e, "unmatched", f"matches nothing: its condition {state} for deal '{deal.id}': {texts}")
                continue
        if e.criterion not in scored:
            problem(e, "unmatched", "matches nothing: that criterion is not in the rubrics scored in this run")
            continue
        if e.criterion in chosen:
            problem(e, "unmatched", f"matches nothing: {chosen[e.criterion].where} already waives it for this deal")
            continue
        chosen[e.criterion] = e
    return chosen, problems


def score_with_waivers(deal, rubric_set, wfile, today: _dt.date):
    """Score with the waivers that apply today. Returns (assessment, WaiverReport or None).

    The assessment's `warnings` gain one line per waiver problem.
    """
    from msgspec.structs import replace

    from riskkit.engine.scoring import score
    from riskkit.load.waivers import WaiverProblem, WaiverReport

    if wfile is None:
        return score(deal, rubric_set), None
    chosen, problems = select_waivers(wfile, deal, rubric_set, today)
    position = {id(e): i for i, e in enumerate(wfile.entries)}
    assessment = score(deal, rubric_set, waivers={cid: e.waiver for cid, e in chosen.items()})
    findings = {f.id: (rr, f) for rr in assessment.results for f in rr.findings}
    applied, notes = [], []
    for cid, e in chosen.items():
        rr, f = findings[cid]
        if f.waived:
            applied.append(e)
            days = (e.waiver.expires - today).days
            if days <= EXPIRING_SOON_DAYS:
                notes.append(f"{e.where}: waiver for {cid} expires in {days} day(s), on {e.waiver.expires.isoformat()}")
            continue
        if not f.criterion.waivable:
            kind, message = "not_waivable", f"is refused: rubric {rr.id} marks the criterion non-waivable; not applied"
        else:
            status = {"not_triggered": "clear", "not_applicable": "not applicable"}.get(f.status, f.status)
            kind = "unmatched"
            message = f"matches nothing: the criterion is {status} for deal '{deal.id}', so there is nothing to waive"
        problems.append(WaiverProblem(kind, cid, message, e.path, e.line, position[id(e)]))
    problems.sort(key=lambda p: p.index)
    report = WaiverReport(wfile.path, today, wfile.fingerprint, tuple(applied), tuple(problems), tuple(notes))
    assessment = replace(assessment, warnings=tuple(assessment.warnings) + tuple(p.text() for p in problems))
    return assessment, report

"""Waiver files: reviewed, dated decisions to accept a finding (InSpec shape + approver/evidence).

```yaml
waivers:
  - criterion: mini-observer-or-cloud      # a criterion id from the rubrics
    deal: mini-deal                        # the deal it is for, and/or
    when: {fact: observer, op: is_true}    # a fact condition (same language as rubrics)
    justification: Observer seat has no access to competitively sensitive information.
    approved_by: Jane Doe (General Counsel)
    expires: 2026-06-30                    # the last day the waiver applies
    evidence: https://example.com/board-minutes-2025-10   # optional
```

Loading is strict (unknown keys, wrong types, missing fields, unknown criterion ids are
errors that name file:line). Matching is pure: `today` is always passed in. A waiver that
has expired, or that waives nothing in this run (another deal, a false condition, a
criterion that is not triggered), is reported and not applied; `strict_problems` turns
those reports into an error. A criterion marked `waivable: false` ignores waivers.
"""

from __future__ import annotations

import datetime as _dt
import re

from riskkit.errors import InputError, did_you_mean
from riskkit.load import yamlio
from riskkit.load.fields import Node
from riskkit.model.inputs import digest, to_plain
from riskkit.model.records import field, record, replace
from riskkit.model.results import Waiver

ENTRY_REQUIRED = ("criterion", "justification", "approved_by", "expires")
ENTRY_OPTIONAL = ("deal", "when", "evidence")
SAFE_LINK = re.compile(r"^(https?://\S+|(?![A-Za-z][A-Za-z0-9+.\-]*:)\S+)$")  # a web link or a path, no other schemes
EXPIRING_SOON_DAYS = 30


@record
class WaiverEntry:
    """One waiver as written in the file, with where it was written."""

    waiver: Waiver
    deal: str | None
    when: object  # a parsed condition or None
    path: str
    line: int | None

    @property
    def criterion(self) -> str:
        return self.waiver.criterion

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@record
class WaiverFile:
    path: str
    entries: tuple
    fingerprint: str = ""  # sha256 of the file's canonical data, recorded in every output


@record
class WaiverProblem:
    """A waiver that was not applied, and why. kind: expired | unmatched | not_waivable."""

    kind: str
    criterion: str
    message: str
    path: str
    line: int | None = None
    index: int = 0  # position of the waiver in its file

    def text(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: waiver for {self.criterion} {self.message}"

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "criterion": self.criterion,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "text": self.text(),
        }


@record
class WaiverReport:
    """What the waiver file did in one run."""

    path: str
    today: _dt.date
    fingerprint: str = ""
    applied: tuple = ()  # WaiverEntry, applied to a finding
    problems: tuple = ()  # WaiverProblem
    notes: tuple = field(default=())  # e.g. "expires in 12 days"

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "today": self.today.isoformat(),
            "fingerprint": self.fingerprint,
            "applied": [{**e.waiver.to_dict(), "deal": e.deal, "line": e.line} for e in self.applied],
            "problems": [p.to_dict() for p in self.problems],
            "notes": list(self.notes),
        }


# -- loading -------------------------------------------------------------------------------


def load_waivers(path, catalogue, known_criteria=None) -> WaiverFile:
    """Read and validate a waiver file. `known_criteria` (ids) catches typos in criterion ids."""
    data = yamlio.load(path)
    return waivers_from_data(data, catalogue, str(path), known_criteria)


def waivers_from_data(data, catalogue, path: str, known_criteria=None) -> WaiverFile:
    from riskkit.load.rubric import _ConditionContext, parse_condition

    root = Node(data, path)
    top = root.mapping(required=("waivers",), what="a waiver file: a mapping with a 'waivers' list")
    ctx = _ConditionContext(catalogue, {})
    known = set(known_criteria) if known_criteria is not None else None
    entries = []
    for item in top["waivers"].items("a list of waivers"):
        m = item.mapping(required=ENTRY_REQUIRED, optional=ENTRY_OPTIONAL, what="a waiver")
        cid = m["criterion"].id("a criterion id")
        if known is not None and cid not in known:
            raise m["criterion"].error(
                f"unknown criterion '{cid}'; see `riskkit rubrics` and the rubric files", did_you_mean(cid, known)
            )
        if "deal" not in m and "when" not in m:
            raise item.error("a waiver needs 'deal' (a deal id) or 'when' (a fact condition), or both")
        evidence = ""
        if "evidence" in m:
            evidence = m["evidence"].str(max_len=2000)
            if not SAFE_LINK.match(evidence):
                raise m["evidence"].expected("an https:// link or a relative path to the evidence")
        waiver = Waiver(
            criterion=cid,
            justification=" ".join(m["justification"].str(max_len=4000).split()),
            approved_by=" ".join(m["approved_by"].str(max_len=300).split()),
            expires=m["expires"].date(),
            evidence=evidence,
            source=f"{path}:{item.line}" if item.line else path,
        )
        entries.append(
            WaiverEntry(
                waiver=waiver,
                deal=m["deal"].id("a deal id") if "deal" in m else None,
                when=parse_condition(m["when"], ctx) if "when" in m else None,
                path=path,
                line=item.line,
            )
        )
    return WaiverFile(path, tuple(entries), "sha256:" + digest(to_plain(data)))


# -- matching ------------------------------------------------------------------------------


def select_waivers(wfile: WaiverFile, deal, rubric_set, today: _dt.date):
    """Pick the waivers that may apply to this deal before scoring.

    Returns ({criterion id: WaiverEntry}, [WaiverProblem]) — expired ones and ones that
    are for another deal or whose condition is not true are problems, not candidates.
    """
    from riskkit.engine.conditions import EvalContext, evaluate
    from riskkit.engine.derive import resolve_facts

    scored = {c.id: r for r in rubric_set.rubrics for c in r.criteria}
    ctx = EvalContext(deal, rubric_set.catalogue, resolve_facts(deal, rubric_set.catalogue), {})
    chosen: dict[str, WaiverEntry] = {}
    problems: list[WaiverProblem] = []

    def problem(e: WaiverEntry, kind: str, message: str) -> None:
        problems.append(WaiverProblem(kind, e.criterion, message, e.path, e.line, position[id(e)]))

    position = {id(e): i for i, e in enumerate(wfile.entries)}
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


def score_with_waivers(deal, rubric_set, wfile: WaiverFile | None, today: _dt.date):
    """Score with the waivers that apply today. Returns (assessment, WaiverReport or None).

    The assessment's `warnings` gain one line per waiver problem.
    """
    from riskkit.engine.scoring import score

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
        elif not f.criterion.waivable:
            problems.append(
                WaiverProblem(
                    "not_waivable",
                    cid,
                    f"is refused: rubric {rr.id} marks the criterion non-waivable; not applied",
                    e.path,
                    e.line,
                    position[id(e)],
                )
            )
        else:
            status = {"not_triggered": "clear", "not_applicable": "not applicable"}.get(f.status, f.status)
            problems.append(
                WaiverProblem(
                    "unmatched",
                    cid,
                    f"matches nothing: the criterion is {status} for deal '{deal.id}', so there is nothing to waive",
                    e.path,
                    e.line,
                    position[id(e)],
                )
            )
    problems.sort(key=lambda p: p.index)
    report = WaiverReport(wfile.path, today, wfile.fingerprint, tuple(applied), tuple(problems), tuple(notes))
    assessment = replace(assessment, warnings=tuple(assessment.warnings) + tuple(p.text() for p in problems))
    return assessment, report


def strict_error(report: WaiverReport) -> InputError | None:
    """The error --strict-waivers raises: the first problem, with a count of the others."""
    if report is None or not report.problems:
        return None
    first = report.problems[0]
    more = len(report.problems) - 1
    tail = f" (and {more} more waiver problem{'s' if more != 1 else ''})" if more else ""
    return InputError(f"waiver for {first.criterion} {first.message}{tail}", path=first.path, line=first.line)

"""Apply a review workbook: answers from Gaps become facts, decisions on Findings adjust points, beside the result.

    assessment, review = load_review("review.xlsx")          # refuses on fingerprint mismatch
    review.to_dict()          # the JSON "review" block
    review.memo_section()     # an extra_sections entry for riskkit.render.memo ("Reviewer adjustments")
    review.answered_deal      # the deal with the answers in it (its .canonical is the deal file's data)

The automatic Assessment is never changed: answers re-score a copy of the deal, the reviewer's
decisions apply to copies of its findings, and the automatic and reviewed results are reported
side by side. The workbook itself is read by riskkit.load.reviewbook.
"""

from __future__ import annotations

import datetime as _dt

from msgspec import Struct
from msgspec.structs import replace

from riskkit.errors import InputError, UsageError
from riskkit.load.review_layout import BUNDLED, DECISIONS
from riskkit.load.reviewbook import Entry, read_review_workbook
from riskkit.model.results import Waiver, verdict_summary

TEMPLATE = "partials/review.html.j2"


class Adjustment(Struct, frozen=True):
    """A reviewer's decision on one finding, beside what riskkit found automatically."""

    rubric_id: str
    criterion_id: str
    title: str
    cell: str
    decision: str
    status: str
    points: float
    points_worst: float
    reviewed_points: float
    reviewed_points_worst: float
    comment: str
    reviewer: str
    date: _dt.date | None
    scored: bool = True  # False in a notifiability rubric: statuses decide verdicts, points mean nothing
    reviewed_status: str = ""
    waiver: object = None  # the Waiver a 'waive' decision made (approver, expiry), else None

    @property
    def changes_points(self) -> bool:
        return (self.points, self.points_worst) != (self.reviewed_points, self.reviewed_points_worst)

    def to_dict(self) -> dict:
        if self.scored:
            automatic = {"status": self.status, "points": self.points, "points_worst": self.points_worst}
            reviewed = {"points": self.reviewed_points, "points_worst": self.reviewed_points_worst}
        else:  # a filing test: met, not met or unknown, never points
            automatic, reviewed = {"status": self.status}, {"status": self.reviewed_status or self.status}
        return {
            "rubric": self.rubric_id,
            "criterion": self.criterion_id,
            "title": self.title,
            "cell": self.cell,
            "decision": self.decision or "comment",
            "scored": self.scored,
            "automatic": automatic,
            "reviewed": reviewed,
            "changes_points": self.changes_points,
            "comment": self.comment,
            "reviewer": self.reviewer,
            "date": self.date.isoformat() if self.date else None,
            **({"waiver": {"approved_by": self.waiver.approved_by,
                           "expires": self.waiver.expires.isoformat() if self.waiver.expires else None}}
               if self.waiver is not None else {}),
        }  # fmt: skip


class ReviewedRubric(Struct, frozen=True):
    """One rubric before and after review. A risk rubric compares score ranges; a notifiability
    rubric compares its filing verdicts (never a score or band); a rubric not in play says so."""

    rubric_id: str
    title: str
    automatic: object  # ScoreRange
    reviewed: object  # ScoreRange: with the answers and the decisions
    changes: int  # reviewer decisions on this rubric's findings
    answered: object = None  # ScoreRange with the answers only (None: no answers given)
    scored: bool = True  # False for notifiability rubrics: verdicts below, no score or band
    verdicts: tuple = ()  # ((jurisdiction, verdict, reason), ...) automatic, for a notifiability rubric
    reviewed_verdicts: tuple = ()  # the same after the answers and decisions
    answered_verdicts: tuple = ()
    applicable: bool = True  # False: the rubric is not in play for this deal (no score, no band)

    @property
    def band_moved(self) -> bool:
        if not self.scored:
            return self.verdicts != self.reviewed_verdicts
        return self.automatic.likely_band_text() != self.reviewed.likely_band_text()

    def text(self, which: str) -> str:
        """'automatic' or 'reviewed' as one phrase: '28 (10–45.3) moderate (low–high)' (most likely, then the
        bounds), the filing verdicts, or 'not applicable'."""
        if not self.applicable:
            return "not applicable"
        if not self.scored:
            return verdict_summary(v for _, v, _ in (self.verdicts if which == "automatic" else self.reviewed_verdicts))
        r = self.automatic if which == "automatic" else self.reviewed
        return f"{r.likely_text()} {r.likely_band_text()}"

    def to_dict(self) -> dict:
        out = {"rubric": self.rubric_id, "title": self.title, "scored": self.scored, "applicable": self.applicable}
        if not self.scored:  # filing verdicts: no score or band field anywhere
            out["automatic"] = _verdict_dict(self.verdicts)
            if self.answered is not None:
                out["answered"] = _verdict_dict(self.answered_verdicts)
            out.update({"reviewed": _verdict_dict(self.reviewed_verdicts), "changed": self.band_moved,
                        "verdicts_moved": self.band_moved, "adjustments": self.changes})  # fmt: skip
            return out
        out["automatic"] = _range_dict(self.automatic, self.applicable)
        if self.answered is not None:
            out["answered"] = _range_dict(self.answered, self.applicable)
        out.update({"reviewed": _range_dict(self.reviewed, self.applicable), "changed": self.automatic != self.reviewed,
                    "band_moved": self.band_moved, "adjustments": self.changes})  # fmt: skip
        return out


def _range_dict(r, applicable: bool = True) -> dict:
    if not applicable:
        return {"score_text": "not applicable", "band_text": "not applicable"}
    return {**r.to_dict(), "score_text": r.score_text(), "band_text": r.band_text()}


def _verdict_dict(verdicts) -> dict:
    return {
        "verdict_text": verdict_summary(v for _, v, _ in verdicts),
        "verdicts": [{"jurisdiction": n, "verdict": v, "reason": why} for n, v, why in verdicts],
    }


class Review(Struct, frozen=True):
    workbook: str
    fingerprint_recorded: str
    fingerprint_current: str
    forced: bool
    entries: tuple  # Entry (as typed; the xlsx output writes them back)
    adjustments: tuple  # Adjustment
    rubrics: tuple  # ReviewedRubric
    reviewed: object = None  # the reviewed Assessment (answers in, copies of findings with reviewer points)
    skipped: tuple = ()  # rows whose criterion no longer exists (only with --force)
    answers: tuple = ()  # riskkit.load.reviewbook.Answer, as typed on Gaps (the xlsx output writes them back)
    answered: tuple = ()  # riskkit.analysis.answers.AnsweredFact: the answers that became facts
    answered_deal: object = None  # the Deal with those facts (None when nothing was answered)

    @property
    def fingerprint_matches(self) -> bool:
        return self.fingerprint_recorded == self.fingerprint_current

    def counts(self) -> dict:
        out = {d: 0 for d in DECISIONS}
        out["comment"] = 0
        for a in self.adjustments:
            out[a.decision or "comment"] += 1
        return out

    def to_dict(self) -> dict:
        return {
            "workbook": self.workbook,
            "fingerprint": {
                "workbook": self.fingerprint_recorded,
                "current": self.fingerprint_current,
                "matches": self.fingerprint_matches,
                "forced": self.forced,
            },  # fmt: skip
            "counts": self.counts(),
            "results": [r.to_dict() for r in self.rubrics],
            "adjustments": [a.to_dict() for a in self.adjustments],
            "answers": [a.to_dict() for a in self.answered],
            "skipped_rows": list(self.skipped),
        }

    def memo_section(self) -> dict:
        return {"id": "reviewer-adjustments", "title": "Reviewer adjustments", "template": TEMPLATE,
                "data": self.to_dict()}  # fmt: skip

    def summary_lines(self) -> list[str]:
        lines = []
        if self.answered:
            lines.append(f"{len(self.answered)} answer(s) from Gaps added to the facts: "
                         + ", ".join(f"{a.fact} ({a.cell})" for a in self.answered))  # fmt: skip
        for r in self.rubrics:
            word = "verdicts" if not r.scored else "band"
            moved = f"{word} moved" if r.band_moved else f"{word} unchanged"
            moved = moved if r.applicable else "not in play"
            kind = "filing verdicts, not scored: " if not r.scored else ""
            lines.append(f"{r.rubric_id}: {kind}automatic {r.text('automatic')} → reviewed {r.text('reviewed')}"
                         f" ({moved}; {r.changes} decision(s))")  # fmt: skip
            for name, verdict, reason in r.reviewed_verdicts:  # the screen's reasons open with their verdict
                lines.append(f"  {name}: " + (reason if reason.startswith(verdict) else f"{verdict} — {reason}"))
        c = self.counts()
        lines.append(", ".join(f"{v} {k}" for k, v in c.items() if v) or "no reviewer decisions yet")
        return lines


# -- applying --------------------------------------------------------------------------------


def apply_review(assessment, entries, workbook: str = "", recorded: str = "", force: bool = False,
                 answered=None, answers: tuple = ()) -> Review:  # fmt: skip
    """Check each entry against its finding and compute the reviewed score beside the automatic one.

    answered: (Assessment re-scored with the Gaps answers, [AnsweredFact], answered Deal), when any were
    given; the decisions then apply to its findings, and the comparison stays with `assessment`.
    """
    from riskkit.engine.bands import jurisdiction_breakdown, score_range

    base, used, new_deal = answered if answered is not None else (assessment, (), None)
    findings = {(rr.id, f.id): (rr, f) for rr in base.results for f in rr.findings}
    adjusted: dict = {}
    adjustments, skipped = [], []
    for e in entries:
        if (e.rubric_id, e.criterion_id) not in findings:
            if force:
                if not e.empty:
                    skipped.append(e.ref("Rubric id"))
                continue
            raise InputError(f"no criterion '{e.criterion_id}' in rubric '{e.rubric_id}'", path=workbook,
                             key=e.ref("Criterion id"))  # fmt: skip
        if e.empty:
            continue
        rr, f = findings[(e.rubric_id, e.criterion_id)]
        new = _adjusted_finding(e, f, workbook)
        adjusted[(rr.id, f.id)] = new
        adjustments.append(Adjustment(rr.id, f.id, f.criterion.title, e.ref("Decision"), e.decision, f.status,
                                      f.points, f.points_worst, *_counted(new), e.comment, e.reviewer, e.date,
                                      rr.scored, "waived" if new.waived else new.status,
                                      new.waiver if e.decision == "waive" else None))  # fmt: skip
    results, rubrics = [], []
    automatic = {rr.id: rr for rr in assessment.results}
    for rr in base.results:
        new_findings = tuple(adjusted.get((rr.id, f.id), f) for f in rr.findings)
        reviewed = rr
        if any(k[0] == rr.id for k in adjusted) and rr.status != "not_applicable":
            reviewed = replace(
                rr, findings=new_findings, range=score_range(rr.rubric, new_findings),
                jurisdictions=jurisdiction_breakdown(rr.rubric, new_findings, assessment.catalogue,
                                                     base.deal.jurisdictions),
            )  # fmt: skip
        results.append(reviewed)
        changes = sum(1 for a in adjustments if a.rubric_id == rr.id)
        auto = automatic.get(rr.id, rr)
        verdicts = {} if rr.scored else {"verdicts": tuple(auto.verdict_reasons()),
                                         "reviewed_verdicts": tuple(reviewed.verdict_reasons()),
                                         "answered_verdicts": tuple(rr.verdict_reasons())}  # fmt: skip
        rubrics.append(ReviewedRubric(rr.id, rr.rubric.title, auto.range, reviewed.range, changes,
                                      rr.range if answered is not None else None, rr.scored,
                                      applicable=auto.status != "not_applicable" or reviewed.status != "not_applicable",
                                      **verdicts))  # fmt: skip
    return Review(
        workbook=workbook,
        fingerprint_recorded=recorded or assessment.fingerprint,
        fingerprint_current=assessment.fingerprint,
        forced=force and bool(recorded) and recorded != assessment.fingerprint,
        entries=tuple(entries),
        adjustments=tuple(adjustments),
        rubrics=tuple(rubrics),
        reviewed=replace(base, results=tuple(results)),
        skipped=tuple(skipped),
        answers=tuple(answers),
        answered=tuple(used),
        answered_deal=new_deal,
    )


def _counted(f) -> tuple:
    return (0, 0) if f.waived else (f.points, f.points_worst)


def _adjusted_finding(e: Entry, f, workbook: str):
    def fail(header: str, message: str):
        return InputError(message, path=workbook, key=e.ref(header))

    top = f.criterion.max_points
    if e.adjusted is not None:
        if not e.decision:
            raise fail("Decision", "adjusted points need a Decision (disagree)")
        if not 0 <= e.adjusted <= top:
            raise fail("Adjusted points", f"adjusted points {e.adjusted:g} out of range: '{f.id}' scores 0 to {top:g}")
    if (e.approver or e.expires) and e.decision != "waive":
        header = "Waiver approved by" if e.approver else "Waiver expires"
        raise fail(header, "a waiver's approver and expiry go only with 'waive'")
    if e.decision == "waive":
        if not e.comment:
            raise fail("Comment", "a waive needs a Comment saying why")
        if not f.criterion.waivable:
            raise fail("Decision", f"'{f.id}' cannot be waived (the rubric marks it waivable: false)")
        if f.status != "triggered":
            word = "clear" if f.status == "not_triggered" else f.status.replace("_", " ")
            raise fail("Decision", f"'{f.id}' is {word}, not triggered: there is nothing to waive (use agree, "
                                   "or needs info for an unknown)")  # fmt: skip
        if e.adjusted not in (None, 0):
            raise fail("Adjusted points", "a waive counts 0 points; leave Adjusted points empty")
        if e.expires is not None and e.date is not None and e.expires < e.date:
            raise fail("Waiver expires", f"the waiver expires ({e.expires.isoformat()}) before the decision's date")
        approver = e.approver or e.reviewer or "reviewer"
        waiver = Waiver(f.id, e.comment, approver, e.expires, source=f"{workbook}!{e.ref('Decision')}")
        return replace(f, waiver=waiver)
    if e.decision == "disagree":
        if e.adjusted is None:
            raise fail("Adjusted points", "'disagree' needs Adjusted points (the points you think apply)")
        status = "triggered" if e.adjusted > 0 else "not_triggered"
        return replace(
            f, points=e.adjusted, points_likely=e.adjusted, points_worst=e.adjusted, status=status, waiver=None
        )
    if e.adjusted is not None and (e.adjusted, e.adjusted) != (f.points, f.points_worst):
        raise fail("Adjusted points", f"adjusted points with '{e.decision}'; choose 'disagree' to change the points")
    return f


# -- the whole round trip ------------------------------------------------------------------------


def load_review(
    workbook: str,
    facts: str | None = None,
    rubrics_dir: str | None = None,
    force: bool = False,
    waivers: str | None = None,
    today=None,
    allow=(),
):
    """(automatic Assessment, Review) for a filled-in review workbook. Re-scores the facts it names
    (with the waiver file `waivers`, checked for expiry against `today`, when given).

    The facts file and rubric folder the workbook records are read relative to the workbook's
    folder and may not leave it unless they lead into a folder in `allow` (--allow-path) or, without
    `force` (the fingerprint then guards the facts), stay inside the current folder's tree through no
    hidden name (riskkit.load.confine)."""
    from riskkit.engine.run import run
    from riskkit.load.deal import load_deal
    from riskkit.load.rubric import load_rubrics
    from riskkit.load.waivers import load_waivers

    book = read_review_workbook(workbook)
    about = book.about
    # Without --force the deal's fingerprint must match the workbook's, so a recorded path may also lead
    # anywhere in the current folder's tree (the demo's out/x.xlsx names ../examples/x.yaml).
    tree = not force
    facts_path = facts or _locate(about["facts"], workbook, about["facts_cell"], allow=allow, tree=tree)
    folder = rubrics_dir
    if folder is None and about["rubrics_dir"] and about["rubrics_dir"] != BUNDLED:
        folder = _locate(about["rubrics_dir"], workbook, about["rubrics_dir_cell"], folder=True, allow=allow,
                         tree=tree)  # fmt: skip
    ids = [part.split()[0] for part in about["rubrics"].split(",") if part.strip()]
    rubric_set = load_rubrics(folder, ids or None)
    deal = load_deal(facts_path, rubric_set.catalogue)
    wfile = load_waivers(waivers, rubric_set.catalogue, rubric_set.criterion_ids()) if waivers else None
    assessment = run(deal, rubric_set, wfile, today=today).assessment
    recorded = about["fingerprint"]
    if recorded != assessment.fingerprint and not force:
        raise UsageError(
            f"{workbook}: the facts or rubrics changed since this workbook was made (fingerprint "
            f"{recorded[:19]}… in {about['fingerprint_cell']}, now {assessment.fingerprint[:19]}…); make a fresh "
            "workbook with `riskkit workbook`, or pass --force to apply these decisions to the new result"
        )
    answered = None
    if any(a.answer not in (None, "") for a in book.answers):
        from riskkit.analysis.answers import answered_deal

        new_deal, used = answered_deal(deal, rubric_set.catalogue, book.answers, workbook)
        answered = (run(new_deal, rubric_set, wfile, today=today).assessment, used, new_deal)
    return assessment, apply_review(assessment, book.entries, workbook, recorded, force, answered, book.answers)


FACTS_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx", ".xlsm")


def _locate(recorded: str, workbook: str, cell: str, folder: bool = False, allow=(), tree: bool = False) -> str:
    from riskkit.load.confine import confined

    if not recorded:
        raise InputError("the workbook does not record where its facts came from; pass --facts", path=workbook,
                         key=cell)  # fmt: skip
    what = "rubric folder" if folder else "facts file"
    flag = "--rubrics" if folder else "--facts"
    return str(
        confined(
            recorded,
            workbook,
            allow=allow,
            what=what,
            key=cell,
            folder=folder,
            hint=f"or pass {flag} PATH",
            cwd_suffixes=(("/",) if folder else FACTS_SUFFIXES) if tree else (),
        )  # fmt: skip
    )


__all__ = ["load_review", "read_review_workbook", "apply_review", "Review", "Adjustment", "Entry", "ReviewedRubric"]

"""Read a review workbook back: validate the reviewer columns, re-score, record adjustments beside the result.

    assessment, review = load_review("review.xlsx")          # refuses on fingerprint mismatch
    review.to_dict()          # the JSON "review" block
    review.memo_section()     # an extra_sections entry for riskkit.render.memo ("Reviewer adjustments")

The automatic Assessment is never changed: the reviewed score of each rubric is computed from
copies of its findings with the reviewer's points, and both are reported side by side.
"""

from __future__ import annotations

import datetime as _dt
import math

from msgspec import Struct
from msgspec.structs import replace

from riskkit.errors import InputError, UsageError, did_you_mean
from riskkit.model.results import Waiver
from riskkit.render.workbook import (
    ABOUT_LABELS,
    BUNDLED,
    DECISIONS,
    FINDINGS_HEADERS,
    REVIEWER_HEADERS,
    WORKBOOK_FORMAT,
)

COL = {h: i for i, h in enumerate(FINDINGS_HEADERS, start=1)}
TEMPLATE = "partials/review.html.j2"


class Entry(Struct, frozen=True):
    """One Findings row's reviewer cells, as typed, with the row they came from."""

    rubric_id: str
    criterion_id: str
    row: int
    decision: str
    adjusted: float | None
    comment: str
    reviewer: str
    date: _dt.date | None

    def cells(self) -> tuple:
        return (self.decision, self.adjusted, self.comment, self.reviewer, self.date)

    @property
    def empty(self) -> bool:
        return not (self.decision or self.adjusted is not None or self.comment or self.reviewer or self.date)


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

    @property
    def changes_points(self) -> bool:
        return (self.points, self.points_worst) != (self.reviewed_points, self.reviewed_points_worst)

    def to_dict(self) -> dict:
        return {
            "rubric": self.rubric_id,
            "criterion": self.criterion_id,
            "title": self.title,
            "cell": self.cell,
            "decision": self.decision or "comment",
            "automatic": {"status": self.status, "points": self.points, "points_worst": self.points_worst},
            "reviewed": {"points": self.reviewed_points, "points_worst": self.reviewed_points_worst},
            "changes_points": self.changes_points,
            "comment": self.comment,
            "reviewer": self.reviewer,
            "date": self.date.isoformat() if self.date else None,
        }


class ReviewedRubric(Struct, frozen=True):
    rubric_id: str
    title: str
    automatic: object  # ScoreRange
    reviewed: object  # ScoreRange
    changes: int

    def to_dict(self) -> dict:
        return {
            "rubric": self.rubric_id,
            "title": self.title,
            "automatic": {
                **self.automatic.to_dict(),
                "score_text": self.automatic.score_text(),
                "band_text": self.automatic.band_text(),
            },  # fmt: skip
            "reviewed": {
                **self.reviewed.to_dict(),
                "score_text": self.reviewed.score_text(),
                "band_text": self.reviewed.band_text(),
            },  # fmt: skip
            "changed": self.automatic != self.reviewed,
            "adjustments": self.changes,
        }


class Review(Struct, frozen=True):
    workbook: str
    fingerprint_recorded: str
    fingerprint_current: str
    forced: bool
    entries: tuple  # Entry (as typed; the xlsx output writes them back)
    adjustments: tuple  # Adjustment
    rubrics: tuple  # ReviewedRubric
    reviewed: object = None  # the reviewed Assessment (copies of findings with reviewer points)
    skipped: tuple = ()  # rows whose criterion no longer exists (only with --force)

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
            "skipped_rows": list(self.skipped),
        }

    def memo_section(self) -> dict:
        return {"id": "reviewer-adjustments", "title": "Reviewer adjustments", "template": TEMPLATE,
                "data": self.to_dict()}  # fmt: skip

    def summary_lines(self) -> list[str]:
        lines = []
        for r in self.rubrics:
            lines.append(f"{r.rubric_id}: automatic {r.automatic.score_text()} {r.automatic.band_text()}"
                         f" → reviewed {r.reviewed.score_text()} {r.reviewed.band_text()}"
                         f" ({r.changes} adjustment(s))")  # fmt: skip
        c = self.counts()
        lines.append(", ".join(f"{v} {k}" for k, v in c.items() if v) or "no reviewer decisions yet")
        return lines


# -- reading ---------------------------------------------------------------------------------


def read_review_workbook(path: str) -> tuple[dict, list]:
    """(About values by key, [Entry]) from a review workbook, checking its structure and cell types."""
    from openpyxl.utils import get_column_letter

    from riskkit.load.xlsxread import Cells, check_table, open_workbook, sheet

    wb = open_workbook(path)
    cells = Cells(wb, path)
    about = _about(wb, cells, path)
    ws = sheet(wb, "Findings", path)
    last = check_table(ws, FINDINGS_HEADERS, path)
    entries, seen = [], {}
    for row in range(2, last + 1):
        rid = cells.value(ws, row, COL["Rubric"])
        cid = cells.value(ws, row, COL["Criterion id"])
        raw = {h: cells.value(ws, row, COL[h]) for h in REVIEWER_HEADERS}
        if rid is None or cid is None:
            filled = [h for h in FINDINGS_HEADERS if cells.value(ws, row, COL[h]) is not None]
            if filled:
                col = COL["Rubric"] if rid is None else COL["Criterion id"]
                raise InputError("a row with no rubric or criterion id; Findings rows must not be added or cleared",
                                 path=path, key=f"Findings!{get_column_letter(col)}{row}")  # fmt: skip
            continue
        key = (str(rid), str(cid))
        if key in seen:
            raise InputError(f"criterion '{cid}' of rubric '{rid}' appears twice (first in row {seen[key]})",
                             path=path, key=f"Findings!B{row}")  # fmt: skip
        seen[key] = row
        entries.append(_entry(key, row, raw, path))
    return about, entries


def _about(wb, cells, path: str) -> dict:
    from riskkit.load.xlsxread import refuse_merged_cells, sheet

    ws = sheet(wb, "About", path)
    refuse_merged_cells(ws, path)
    by_label = {}
    for row in sorted(r for (r, c) in ws._cells if c == 1 and 2 <= r <= 1000):  # stored cells only
        label = cells.value(ws, row, 1)
        if isinstance(label, str):
            by_label.setdefault(label.strip(), (row, cells.value(ws, row, 2)))
    out = {}
    for key, label in ABOUT_LABELS.items():
        if label not in by_label:
            raise InputError(f"About sheet has no '{label}' row; is this a riskkit review workbook?", path=path,
                             key="About!A1", hint=did_you_mean(label, by_label))  # fmt: skip
        row, value = by_label[label]
        out[key] = "" if value is None else str(value)
        out[key + "_cell"] = f"About!B{row}"
    if out["format"] != WORKBOOK_FORMAT:
        raise InputError(f"not a riskkit review workbook (format {out['format']!r}, expected {WORKBOOK_FORMAT!r})",
                         path=path, key=out["format_cell"])  # fmt: skip
    return out


def _entry(key, row: int, raw: dict, path: str) -> Entry:
    def where(header):
        from openpyxl.utils import get_column_letter

        return f"Findings!{get_column_letter(COL[header])}{row}"

    decision = raw["Decision"]
    if decision is not None:
        text = str(decision).strip().lower()
        if text not in DECISIONS:
            raise InputError(f"unknown decision {str(decision)!r}; expected one of {', '.join(DECISIONS)}", path=path,
                             key=where("Decision"), hint=did_you_mean(text, DECISIONS))  # fmt: skip
        decision = text
    adjusted = raw["Adjusted points"]
    if adjusted is not None:
        if isinstance(adjusted, str):
            try:
                adjusted = float(adjusted.strip())
            except ValueError:
                pass
        if isinstance(adjusted, bool) or not isinstance(adjusted, (int, float)) or not math.isfinite(adjusted):
            raise InputError(f"adjusted points must be a number, got {str(adjusted)!r}", path=path,
                             key=where("Adjusted points"))  # fmt: skip
        if float(adjusted).is_integer():
            adjusted = int(adjusted)
    date = raw["Date"]
    if date is not None:
        if isinstance(date, _dt.datetime):
            date = date.date()
        elif isinstance(date, str):
            try:
                date = _dt.date.fromisoformat(date.strip())
            except ValueError:
                raise InputError(f"expected a date YYYY-MM-DD, got {date!r}", path=path, key=where("Date")) from None
        elif not isinstance(date, _dt.date):
            raise InputError(f"expected a date YYYY-MM-DD, got {date!r}", path=path, key=where("Date"))
    text = {h: ("" if raw[h] is None else str(raw[h]).strip()) for h in ("Comment", "Reviewer")}
    return Entry(key[0], key[1], row, decision or "", adjusted, text["Comment"], text["Reviewer"], date)


# -- applying --------------------------------------------------------------------------------


def apply_review(assessment, entries, workbook: str = "", recorded: str = "", force: bool = False) -> Review:
    """Check each entry against its finding and compute the reviewed score beside the automatic one."""
    from riskkit.engine.scoring import jurisdiction_breakdown, score_range

    findings = {(rr.id, f.id): (rr, f) for rr in assessment.results for f in rr.findings}
    adjusted: dict = {}
    adjustments, skipped = [], []
    for e in entries:
        if (e.rubric_id, e.criterion_id) not in findings:
            if force:
                if not e.empty:
                    skipped.append(f"Findings!A{e.row}")
                continue
            raise InputError(f"no criterion '{e.criterion_id}' in rubric '{e.rubric_id}'", path=workbook,
                             key=f"Findings!B{e.row}")  # fmt: skip
        if e.empty:
            continue
        rr, f = findings[(e.rubric_id, e.criterion_id)]
        new = _adjusted_finding(e, f, workbook)
        adjusted[(rr.id, f.id)] = new
        adjustments.append(Adjustment(rr.id, f.id, f.criterion.title, f"Findings!M{e.row}", e.decision, f.status,
                                      f.points, f.points_worst, *_counted(new), e.comment, e.reviewer, e.date))  # fmt: skip
    results, rubrics = [], []
    for rr in assessment.results:
        new_findings = tuple(adjusted.get((rr.id, f.id), f) for f in rr.findings)
        reviewed = rr
        if any(k[0] == rr.id for k in adjusted) and rr.status != "not_applicable":
            reviewed = replace(
                rr, findings=new_findings, range=score_range(rr.rubric, new_findings),
                jurisdictions=jurisdiction_breakdown(rr.rubric, new_findings, assessment.catalogue),
            )  # fmt: skip
        results.append(reviewed)
        changes = sum(1 for a in adjustments if a.rubric_id == rr.id)
        rubrics.append(ReviewedRubric(rr.id, rr.rubric.title, rr.range, reviewed.range, changes))
    return Review(
        workbook=workbook,
        fingerprint_recorded=recorded or assessment.fingerprint,
        fingerprint_current=assessment.fingerprint,
        forced=force and bool(recorded) and recorded != assessment.fingerprint,
        entries=tuple(entries),
        adjustments=tuple(adjustments),
        rubrics=tuple(rubrics),
        reviewed=replace(assessment, results=tuple(results)),
        skipped=tuple(skipped),
    )


def _counted(f) -> tuple:
    return (0, 0) if f.waived else (f.points, f.points_worst)


def _adjusted_finding(e: Entry, f, workbook: str):
    def fail(col: str, message: str):
        return InputError(message, path=workbook, key=f"Findings!{col}{e.row}")

    top = f.criterion.max_points
    if e.adjusted is not None:
        if not e.decision:
            raise fail("M", "adjusted points need a Decision (disagree)")
        if not 0 <= e.adjusted <= top:
            raise fail("N", f"adjusted points {e.adjusted:g} out of range: '{f.id}' scores 0 to {top:g}")
    if e.decision == "waive":
        if not e.comment:
            raise fail("O", "a waive needs a Comment saying why")
        if not f.criterion.waivable:
            raise fail("M", f"'{f.id}' cannot be waived (the rubric marks it waivable: false)")
        if e.adjusted not in (None, 0):
            raise fail("N", "a waive counts 0 points; leave Adjusted points empty")
        waiver = Waiver(f.id, e.comment, e.reviewer or "reviewer", None, source=f"{workbook}!M{e.row}")
        return replace(f, waiver=waiver)
    if e.decision == "disagree":
        if e.adjusted is None:
            raise fail("N", "'disagree' needs Adjusted points (the points you think apply)")
        status = "triggered" if e.adjusted > 0 else "not_triggered"
        return replace(f, points=e.adjusted, points_worst=e.adjusted, status=status, waiver=None)
    if e.adjusted is not None and (e.adjusted, e.adjusted) != (f.points, f.points_worst):
        raise fail("N", f"adjusted points with '{e.decision}'; choose 'disagree' to change the points")
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
    folder and may not leave it unless they lead into a folder in `allow` (--allow-path)."""
    from riskkit.engine.run import run
    from riskkit.load.deal import load_deal
    from riskkit.load.rubric import load_rubrics
    from riskkit.load.waivers import load_waivers

    about, entries = read_review_workbook(workbook)
    facts_path = facts or _locate(about["facts"], workbook, about["facts_cell"], allow=allow)
    folder = rubrics_dir
    if folder is None and about["rubrics_dir"] and about["rubrics_dir"] != BUNDLED:
        folder = _locate(about["rubrics_dir"], workbook, about["rubrics_dir_cell"], folder=True, allow=allow)
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
    return assessment, apply_review(assessment, entries, workbook, recorded, force)


def _locate(recorded: str, workbook: str, cell: str, folder: bool = False, allow=()) -> str:
    from riskkit.load.confine import confined

    if not recorded:
        raise InputError("the workbook does not record where its facts came from; pass --facts", path=workbook,
                         key=cell)  # fmt: skip
    what = "rubric folder" if folder else "facts file"
    flag = "--rubrics" if folder else "--facts"
    return str(
        confined(recorded, workbook, allow=allow, what=what, key=cell, folder=folder, hint=f"or pass {flag} PATH")
    )


__all__ = ["load_review", "read_review_workbook", "apply_review", "Review", "Adjustment", "Entry"]

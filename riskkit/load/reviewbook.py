"""Read a filled-in review workbook: the About values, the reviewer's Findings cells and the Gaps answers.

Columns are found by their header names (riskkit.load.review_layout), every problem names its
Sheet!Cell, and nothing is interpreted beyond types here: riskkit.analysis.review applies decisions
to findings and riskkit.analysis.answers turns answers into facts.
"""

from __future__ import annotations

import datetime as _dt
import math

from msgspec import Struct
from openpyxl.utils import get_column_letter

from riskkit.errors import InputError, did_you_mean
from riskkit.load.review_layout import (
    ABOUT_LABELS,
    ANSWER_HEADERS,
    DECISIONS,
    FINDINGS_COL,
    FINDINGS_HEADERS,
    GAP_STATUSES,
    GAPS_COL,
    GAPS_HEADERS,
    REVIEWER_HEADERS,
    WORKBOOK_FORMAT,
)
from riskkit.load.xlsxread import Cells, check_table, open_workbook, refuse_merged_cells, sheet

COL = FINDINGS_COL


def cell_ref(sheet_name: str, header: str, row: int) -> str:
    cols = COL if sheet_name == "Findings" else GAPS_COL
    return f"{sheet_name}!{get_column_letter(cols[header])}{row}"


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
    approver: str = ""  # Waiver approved by (only with 'waive')
    expires: _dt.date | None = None  # Waiver expires

    def cells(self) -> tuple:
        """The reviewer cells in REVIEWER_HEADERS order."""
        return (self.decision, self.adjusted, self.comment, self.reviewer, self.date, self.approver, self.expires)

    def ref(self, header: str) -> str:
        return cell_ref("Findings", header, self.row)

    @property
    def empty(self) -> bool:
        return not (self.decision or self.adjusted is not None or self.comment or self.reviewer or self.date
                    or self.approver or self.expires)  # fmt: skip


class Answer(Struct, frozen=True):
    """One Gaps row's answer cells: the reviewer's answer to an information request."""

    fact: str
    row: int
    answer: object  # as typed: text, number, bool or date
    confidence: str
    source: str
    owner: str
    due: _dt.date | None
    status: str

    def cells(self) -> tuple:
        return (self.answer, self.confidence, self.source, self.owner, self.due, self.status)

    def ref(self, header: str = "Answer") -> str:
        return cell_ref("Gaps", header, self.row)


class ReviewBook(Struct, frozen=True):
    about: dict  # About values by key, plus key_cell → "About!B3"
    entries: tuple  # Entry
    answers: tuple  # Answer (rows with anything in the answer columns)


def read_review_workbook(path: str) -> ReviewBook:
    """The About values, Findings entries and Gaps answers of a review workbook, checked cell by cell."""
    wb = open_workbook(path)
    cells = Cells(wb, path)
    about = _about(wb, cells, path)
    ws = sheet(wb, "Findings", path)
    last = check_table(ws, FINDINGS_HEADERS, path)
    entries, seen = [], {}
    for row in range(2, last + 1):
        rid = cells.value(ws, row, COL["Rubric id"])
        cid = cells.value(ws, row, COL["Criterion id"])
        raw = {h: cells.value(ws, row, COL[h]) for h in REVIEWER_HEADERS}
        if rid is None or cid is None:
            filled = [h for h in FINDINGS_HEADERS if cells.value(ws, row, COL[h]) is not None]
            if filled:
                header = "Rubric id" if rid is None else "Criterion id"
                raise InputError("a row with no rubric or criterion id; Findings rows must not be added or cleared",
                                 path=path, key=cell_ref("Findings", header, row))  # fmt: skip
            continue
        key = (str(rid), str(cid))
        if key in seen:
            raise InputError(f"criterion '{cid}' of rubric '{rid}' appears twice (first in row {seen[key]})",
                             path=path, key=cell_ref("Findings", "Criterion id", row))  # fmt: skip
        seen[key] = row
        entries.append(_entry(key, row, raw, path))
    return ReviewBook(about, tuple(entries), tuple(_answers(wb, cells, path)))


def _about(wb, cells, path: str) -> dict:
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
        raise InputError(f"not a riskkit review workbook of this version (format {out['format']!r}, expected "
                         f"{WORKBOOK_FORMAT!r}); make a fresh one with `riskkit workbook`", path=path,
                         key=out["format_cell"])  # fmt: skip
    return out


def _date(value, path: str, where: str):
    if value is None or isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InputError(f"expected a date YYYY-MM-DD, got {value!r}", path=path, key=where)


def _entry(key, row: int, raw: dict, path: str) -> Entry:
    def where(header):
        return cell_ref("Findings", header, row)

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
    date = _date(raw["Date"], path, where("Date"))
    expires = _date(raw["Waiver expires"], path, where("Waiver expires"))
    text = {h: ("" if raw[h] is None else str(raw[h]).strip()) for h in ("Comment", "Reviewer", "Waiver approved by")}
    return Entry(key[0], key[1], row, decision or "", adjusted, text["Comment"], text["Reviewer"], date,
                 text["Waiver approved by"], expires)  # fmt: skip


def _answers(wb, cells, path: str) -> list:
    from riskkit.model.inputs import CONFIDENCES

    ws = sheet(wb, "Gaps", path)
    last = check_table(ws, GAPS_HEADERS, path)
    out, seen = [], {}
    for row in range(2, last + 1):
        raw = {h: cells.value(ws, row, GAPS_COL[h]) for h in ANSWER_HEADERS}
        fid = cells.value(ws, row, GAPS_COL["Fact"])
        if fid is None or str(fid).startswith("("):
            if any(raw[h] is not None for h in ANSWER_HEADERS if h != "Status"):
                raise InputError("an answer on a row with no fact; Gaps rows must not be added",
                                 path=path, key=cell_ref("Gaps", "Fact", row))  # fmt: skip
            continue
        fid = str(fid).strip()
        if fid in seen:
            raise InputError(f"fact '{fid}' appears twice (first in row {seen[fid]})", path=path,
                             key=cell_ref("Gaps", "Fact", row))  # fmt: skip
        seen[fid] = row
        text = {h: ("" if raw[h] is None else str(raw[h]).strip()) for h in ("Confidence", "Source", "Owner")}
        confidence = text["Confidence"].lower()
        if confidence and confidence not in CONFIDENCES:
            raise InputError(f"unknown confidence {text['Confidence']!r}; expected one of {', '.join(CONFIDENCES)}",
                             path=path, key=cell_ref("Gaps", "Confidence", row),
                             hint=did_you_mean(confidence, CONFIDENCES))  # fmt: skip
        status = "" if raw["Status"] is None else str(raw["Status"]).strip().lower()
        if status and status not in GAP_STATUSES:
            raise InputError(f"unknown status {raw['Status']!r}; expected one of {', '.join(GAP_STATUSES)}",
                             path=path, key=cell_ref("Gaps", "Status", row),
                             hint=did_you_mean(status, GAP_STATUSES))  # fmt: skip
        due = _date(raw["Due"], path, cell_ref("Gaps", "Due", row))
        answer = raw["Answer"]
        if isinstance(answer, str):
            answer = answer.strip()
        out.append(Answer(fid, row, answer, confidence, text["Source"], text["Owner"], due, status or "open"))
    return out


__all__ = ["read_review_workbook", "ReviewBook", "Entry", "Answer", "cell_ref"]

"""The review workbook's Gaps sheet: the information requests, ranked, with answer columns for the reviewer.

One row per missing fact, Priority 1 first (riskkit.render.memo_rank: how far an answer could move a band
or a filing verdict, then the points at stake), then the filing screen's own questions (was a filing made,
confirm our estimate). Answers are validated by the fact's type: numbers as numbers (money in millions of
the deal's currency), yes/no and choices from a list in words (riskkit.analysis.answers maps them back).
"""

from __future__ import annotations

import re

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from riskkit.load.review_layout import ANSWER_HEADERS, GAP_STATUSES, GAPS_COL, GAPS_HEADERS, GAPS_PRINTED, GAPS_WIDTHS
from riskkit.model.inputs import CONFIDENCES
from riskkit.model.words import clean, fact_question
from riskkit.render.xlsx.cells import (
    CENTRE,
    INPUT_FILL,
    add_validation,
    finish_table,
    header_row,
    list_validation,
    protect,
    put,
    unlock,
)

_SCREEN_FACT = re.compile(r"\s*\(([a-z][a-z0-9_]*)\)\s*$")
NUMERIC = {"percent": "decimal", "money": "decimal", "number": "decimal", "integer": "whole"}


def deal_currency(a) -> str:
    return next((f.currency for f in a.deal.facts.values() if f.currency), "") or "USD"


def answer_form(spec, currency: str = "") -> str:
    """How to write an answer for a fact of this type (shown on Gaps, and in review's errors)."""
    currency = currency or "USD"
    if spec.type == "percent":
        return "a number from 0 to 100 (19 for 19%)"
    if spec.type == "money":
        return f"a number: {currency} millions (2000 = {currency} 2bn)"
    if spec.type == "bool":
        return "yes or no (choose from the list)"
    if spec.type == "enum":
        return "choose from the list: " + "; ".join(v.replace("_", " ") for v in spec.values)
    if spec.type == "enum_list":
        return "any of, separated with ; : " + "; ".join(v.replace("_", " ") for v in spec.values)
    if spec.type == "date":
        return "a date YYYY-MM-DD"
    if spec.type == "number_list":
        return "numbers separated with ;"
    if spec.type in ("number", "integer"):
        return f"a {'whole ' if spec.type == 'integer' else ''}number{' in ' + spec.unit if spec.unit else ''}"
    return "text"


def gap_rows(a) -> list[dict]:
    """The requests in priority order: fact, question, effects, criteria (titles), priority."""
    from riskkit.render.memo_rank import information_requests

    titles = {(rr.id, c.id): c.title for rr in a.results for c in rr.rubric.criteria}
    waiting: dict = {}
    for rr in a.results:
        for g in rr.gaps:
            names = waiting.setdefault(g.fact, [])
            names += [titles.get((rr.id, c), c) for c in g.criteria if titles.get((rr.id, c), c) not in names]
    rows = []
    for e in information_requests(a):
        rows.append({"fact": e["fact"], "question": e["question"], "moves": "; ".join(e["effects"]),
                     "criteria": waiting.get(e["fact"], [])})  # fmt: skip
    by_fact = {r["fact"]: r for r in rows}
    for s in a.screen:  # the filing screen's questions: was a filing made, confirm our estimate
        for q in s.questions:
            m = _SCREEN_FACT.search(q)
            if not m or m.group(1) not in a.catalogue.facts:
                continue
            fid, where = m.group(1), f"the filing question in {s.regime.name.split(' (')[0]}"
            if fid not in by_fact:
                by_fact[fid] = {"fact": fid, "question": q[: m.start()], "moves": "decides " + where, "criteria": []}
                rows.append(by_fact[fid])
            elif s.regime.id not in by_fact[fid]["moves"]:
                row = by_fact[fid]
                row["moves"] += ("; " if row["moves"] else "") + "decides " + where
    for i, row in enumerate(rows, start=1):
        row["priority"] = i
    return rows


def gaps_sheet(ws, a, review=None) -> int:
    """Write the sheet; returns the last row of the table."""
    header_row(ws, GAPS_HEADERS, GAPS_WIDTHS, reviewer_from=GAPS_COL[ANSWER_HEADERS[0]],
               reviewer_to=GAPS_COL[ANSWER_HEADERS[-1]])  # fmt: skip
    answers = {e.fact: e for e in review.answers} if review is not None else {}
    specs, currency = a.catalogue.facts, deal_currency(a)
    row = 1
    lists: dict = {}
    numeric: dict = {}
    for item in gap_rows(a):
        row += 1
        fid = item["fact"]
        spec = specs.get(fid)
        form = answer_form(spec, currency) if spec is not None else "answer the facts it is derived from"
        values = {"Priority": item["priority"], "Question to ask": clean(item["question"] or fact_question(a.catalogue, fid)),
                  "Form of answer": form, "What it could move": item["moves"],
                  "Criteria waiting on it": "\n".join(f"• {t}" for t in item["criteria"]), "Fact": fid}  # fmt: skip
        for header, value in values.items():
            cell = put(ws, row, GAPS_COL[header], value, wrap=header not in ("Priority",))
            if header == "Priority":
                cell.alignment = CENTRE
        given = answers[fid].cells() if fid in answers else ("", "", "", "", None, "open")
        for header, value in zip(ANSWER_HEADERS, given, strict=True):
            cell = put(ws, row, GAPS_COL[header], value, wrap=header in ("Answer", "Source"))
            cell.fill = INPUT_FILL
            unlock(cell)
        ref = f"{_col('Answer')}{row}"
        if spec is None or spec.derived_op:
            continue
        if spec.type in ("bool", "enum"):
            choices = ("yes", "no") if spec.type == "bool" else tuple(v.replace("_", " ") for v in spec.values)
            if len(",".join(choices)) < 250 and not any("," in c for c in choices):
                lists.setdefault(choices, []).append(ref)
        elif spec.type in NUMERIC:
            top = "100" if spec.type == "percent" else None
            numeric.setdefault((NUMERIC[spec.type], top, spec.type), []).append(ref)
        elif spec.type == "date":
            numeric.setdefault(("date", None, "date"), []).append(ref)
    if row == 1:
        put(ws, 2, GAPS_COL["Question to ask"], "(no missing facts)")
    last = max(row, 2)
    for choices, refs in lists.items():
        list_validation(ws, " ".join(refs), choices, "Answer")
    for (kind, top, ftype), refs in numeric.items():
        _number_validation(ws, kind, top, ftype, currency, " ".join(refs))
    list_validation(ws, f"{_col('Confidence')}2:{_col('Confidence')}{last}", CONFIDENCES, "Confidence")
    list_validation(ws, f"{_col('Status')}2:{_col('Status')}{last}", GAP_STATUSES, "Status")
    dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
    dv.error, dv.errorTitle = "Enter a date (YYYY-MM-DD).", "Due"
    add_validation(ws, dv, f"{_col('Due')}2:{_col('Due')}{last}")
    dv = DataValidation(allow_blank=True)
    dv.prompt = ("The document or person the answer comes from: a source id from the Sources sheet, or a name. "
                 "riskkit records the answer as the reviewer's, citing what you write here.")  # fmt: skip
    dv.promptTitle = "Source of the answer"
    add_validation(ws, dv, f"{_col('Source')}2:{_col('Source')}{last}")
    for r in range(2, last + 1):
        ws.cell(row=r, column=GAPS_COL["Due"]).number_format = "yyyy-mm-dd"
    finish_table(ws, len(GAPS_HEADERS), last, freeze="C2", print_cols=GAPS_PRINTED)
    protect(ws)
    return last


def _number_validation(ws, kind: str, top, ftype: str, currency: str, refs: str) -> None:
    if kind == "date":
        dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
        dv.error = "Enter a date (YYYY-MM-DD)."
    elif top is not None:
        dv = DataValidation(type=kind, operator="between", formula1="0", formula2=top, allow_blank=True)
        dv.error = "Enter a number from 0 to 100 (19 for 19%)."
    else:
        dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = (f"Enter a number: {currency} millions (2000 = {currency} 2bn)." if ftype == "money"
                    else f"Enter a {'whole ' if kind == 'whole' else ''}number, 0 or more.")  # fmt: skip
    dv.errorTitle = "Answer"
    add_validation(ws, dv, refs)


def _col(header: str) -> str:
    return get_column_letter(GAPS_COL[header])

"""The review workbook's Findings sheet: one row per criterion per rubric, the reviewer's columns first.

Rows run triggered (and waived) first, then unknown by weight, then clear, then criteria not in play;
the automatic columns are protected (no password) and only the yellow reviewer cells are unlocked;
every reviewer cell has Excel validation with its stop alert and input message switched on.
"""

from __future__ import annotations

from openpyxl.worksheet.datavalidation import DataValidation

from riskkit.load.review_layout import (
    DECISIONS,
    FINDINGS_COL,
    FINDINGS_HEADERS,
    FINDINGS_PRINTED,
    FINDINGS_WIDTHS,
    REVIEWER_HEADERS,
)
from riskkit.model.display import status_word
from riskkit.render.xlsx.cells import (
    CENTRE,
    INPUT_FILL,
    STATUS_FILLS,
    add_validation,
    colour_rules,
    finish_table,
    header_row,
    list_validation,
    protect,
    put,
    unlock,
)

COL = FINDINGS_COL
FIRST_REVIEWER = COL[REVIEWER_HEADERS[0]]
WRAPPED = {COL[h] for h in ("Rubric", "Criterion id", "Criterion", "Comment", "Level matched and why", "Facts used",
                            "Sources", "References", "Jurisdictions")}  # fmt: skip
CENTRED = {COL[h] for h in ("Points", "Worst-case points", "Max points")}
ORDER = {"triggered": 0, "waived": 0, "unknown": 1, "clear": 2}


def ordered(a) -> list:
    """(RubricResult, Finding) pairs: triggered first (most points first), unknown by weight, clear, the rest."""
    pairs = [(rr, f) for rr in a.results for f in rr.findings]

    def key(pair):
        f = pair[1]
        word = finding_status(f)
        return (ORDER.get(word, 3), -(f.points if word != "unknown" else f.criterion.max_points))

    return sorted(pairs, key=key)  # stable: rubric file order within a group


def finding_status(f) -> str:
    return "waived" if f.waived else status_word(f.status)


def findings_sheet(ws, a, review, source_line) -> None:
    header_row(ws, FINDINGS_HEADERS, FINDINGS_WIDTHS, reviewer_from=FIRST_REVIEWER)
    sources = a.deal.sources
    entries = {(e.rubric_id, e.criterion_id): e for e in review.entries} if review is not None else {}
    row = 1
    by_max: dict = {}
    for rr, f in ordered(a):
        row += 1
        c = f.criterion
        why = (f"[{f.level}] " if f.level else "") + f.why
        if f.missing:
            why += ("; " if why else "") + "needs " + ", ".join(f.missing)
        if f.waiver is not None:
            until = f" until {f.waiver.expires.isoformat()}" if f.waiver.expires else ""
            why += ("; " if why else "") + f"waived by {f.waiver.approved_by}{until}: {f.waiver.justification}"
        facts = "\n".join(f"{u.id} = {u.display} ({u.confidence})" for u in f.facts)
        used_sources = list(dict.fromkeys(s for u in f.facts for s in u.sources))
        src = "\n".join(source_line(sources[s]) if s in sources else s for s in used_sources)
        if f.evidence:
            src += ("\n" if src else "") + f"[{f.evidence}]"
        refs = "\n".join(_reference_line(ref) for ref in c.references)
        values = {
            "Rubric": rr.id, "Criterion id": c.id, "Status": finding_status(f), "Criterion": c.title,
            "Points": f.points, "Worst-case points": f.points_worst, "Max points": c.max_points,
            "Level matched and why": why, "Facts used": facts, "Sources": src, "References": refs,
            "Jurisdictions": ", ".join(c.jurisdictions),
        }  # fmt: skip
        for header, value in values.items():
            cell = put(ws, row, COL[header], value, wrap=COL[header] in WRAPPED)
            if COL[header] in CENTRED:
                cell.alignment = CENTRE
        entry = entries.get((rr.id, c.id))
        given = entry.cells() if entry is not None else ("", None, "", "", None)
        for header, value in zip(REVIEWER_HEADERS, given, strict=True):
            cell = put(ws, row, COL[header], value, wrap=COL[header] in WRAPPED)
            cell.fill = INPUT_FILL
            unlock(cell)
        by_max.setdefault(c.max_points, []).append(f"{_letter('Adjusted points')}{row}")
    last = max(row, 2)
    _validations(ws, last, by_max)
    colour_rules(ws, f"{_letter('Status')}2:{_letter('Status')}{last}", STATUS_FILLS)
    finish_table(ws, len(FINDINGS_HEADERS), last, freeze=f"{_letter('Decision')}2", print_cols=FINDINGS_PRINTED)
    ws.print_title_cols = "A:D"
    protect(ws)


def _validations(ws, last: int, by_max: dict) -> None:
    d = _letter("Decision")
    list_validation(ws, f"{d}2:{d}{last}", DECISIONS, "Decision")
    for max_points, cells in sorted(by_max.items()):
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=f"{max_points:g}",
                            allow_blank=True)  # fmt: skip
        dv.error = f"Adjusted points must be a number from 0 to {max_points:g} (this criterion's maximum)."
        dv.errorTitle = "Adjusted points"
        dv.prompt = f"With 'disagree': the points you think apply, 0 to {max_points:g}."
        dv.promptTitle = "Adjusted points"
        add_validation(ws, dv, " ".join(cells))
    dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
    dv.error = "Enter a date (YYYY-MM-DD)."
    dv.errorTitle = "Date"
    q = _letter("Date")
    add_validation(ws, dv, f"{q}2:{q}{last}")
    for r in range(2, last + 1):
        ws.cell(row=r, column=COL["Date"]).number_format = "yyyy-mm-dd"


def _letter(header: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(COL[header])


def _reference_line(ref) -> str:
    bits = ["• " + ref.title]
    if ref.issuer:
        bits.append(f"— {ref.issuer}")
    if ref.date:
        bits.append(f"({ref.date.isoformat()})")
    if ref.pinpoint:
        bits.append(ref.pinpoint)
    return " ".join(bits)

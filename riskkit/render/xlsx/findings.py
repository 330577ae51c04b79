"""The review workbook's Findings sheet: one row per criterion per rubric, the reviewer's columns first.

Rows run triggered (and waived) first, then unknown by weight, then clear, then criteria not in play;
the automatic columns are protected (no password) and only the yellow reviewer cells are unlocked
(not-in-play rows stay locked: they count in no score). Every reviewer cell has Excel validation with
its stop alert and input message switched on, and conditional formatting turns a cell red when a
decision rule `riskkit review` enforces is broken. The why, the facts and the sources are in plain
words; the ids the read-back needs sit in the last two columns. Printed over two pages across: the
decision page, then (rubric and criterion repeated) the evidence.
"""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break

from riskkit.load.review_layout import (
    DECISIONS,
    FINDINGS_COL,
    FINDINGS_HEADERS,
    FINDINGS_PAGE_BREAK,
    FINDINGS_PRINTED,
    FINDINGS_WIDTHS,
    REVIEWER_HEADERS,
)
from riskkit.model.display import status_word
from riskkit.model.words import clean, fact_label, fact_list, humanise, plain_why
from riskkit.render.xlsx.cells import (
    ALERT_FILL,
    CENTRE,
    INPUT_FILL,
    LOCKED_FILL,
    PRINT_WIDTH_PT,
    STATUS_FILLS,
    add_validation,
    colour_rules,
    finish_table,
    header_row,
    list_validation,
    printed_width,
    protect,
    put,
    unlock,
)

COL = FINDINGS_COL
POINTS = ("Best-case points", "Most-likely points", "Worst-case points", "Max points")
WRAPPED = {COL[h] for h in ("Rubric", "Criterion", "Comment", "Why (in plain words)", "Waiver approved by", "Facts used",
                            "Sources (deal evidence)", "References (law and guidance)", "Jurisdictions",
                            "Rubric id", "Criterion id")}  # fmt: skip
CENTRED = {COL[h] for h in POINTS}
MAX_REASONS = 4  # comparisons shown in a Why cell
MAX_FACTS = 6  # facts listed in a Facts used cell
ORDER = {"triggered": 0, "waived": 0, "unknown": 1, "clear": 2}


def ordered(a) -> list:
    """(RubricResult, Finding) pairs: triggered first (most points first), unknown by weight, clear, the rest."""
    pairs = [(rr, f) for rr in a.results for f in rr.findings]

    def key(pair):
        f = pair[1]
        word = finding_status(f)
        return (ORDER.get(word, 3), -(f.points if word != "unknown" else f.criterion.max_points))

    return sorted(pairs, key=key)  # stable: rubric file order within a group


def rubric_name(rr) -> str:
    """A short name for the Rubric column ('Charitable assets', 'De facto acquisition'): the rubric's id in
    words; its full title is on Summary."""
    return rr.id.replace("-", " ").replace("_", " ").capitalize()


def finding_status(f) -> str:
    return "waived" if f.waived else status_word(f.status)


def in_play(f) -> bool:
    return f.status not in ("not_in_play", "not_applicable")


def why_words(f, rr, catalogue, asked=None) -> str:
    """Why a finding came out as it did, as sentences: no ids, no operators."""
    if not in_play(f):
        return "Not in play: " + clean(f.reason or "the rubric does not apply to this deal") + "."
    parts = []
    if f.level:
        parts.append(f"Level matched: {clean(f.level).rstrip('.')}.")
    needs = [fid for fid in dict.fromkeys([*f.missing, *f.uncertain]) if asked is None or fid in asked]
    if f.status != "unknown" or not needs:
        because = plain_why(f, catalogue).split("; ")
        if len(because) > MAX_REASONS:  # a test of many conditions: the first few, and how many more
            because = [*because[:MAX_REASONS], f"and {len(because) - MAX_REASONS} more conditions (see the rubric)"]
        if because[0]:
            parts.append("; ".join(because).rstrip(".") + ".")
    if needs:  # only facts whose answer could change a result (the requests on Gaps)
        parts.append("Not known yet (see Gaps): " + fact_list(catalogue, needs) + ".")
    if f.status == "unknown" and rr.scored:
        if f.presumed:
            parts.append("Most-likely points use the presumption listed on Summary.")
        elif f.unpresumed:
            parts.append("Most-likely points: mid-range (no presumption).")
    if f.waiver is not None:
        until = f" until {f.waiver.expires.isoformat()}" if f.waiver.expires else ""
        parts.append(f"Waived by {f.waiver.approved_by}{until}: {clean(f.waiver.justification)}")
    return " ".join(parts)


def source_cite(s, as_of=None) -> str:
    """A source in a Findings cell: its id (listed in full on the Sources sheet), date, and a flag when it is
    dated after the deal's as-of date."""
    date = s.date.isoformat() if s.date else "undated"
    later = " — AFTER the as-of date" if as_of is not None and s.date is not None and s.date > as_of else ""
    from riskkit.render.xlsx.sheets import unattributed

    weak = " — UNATTRIBUTED (no outlet or date)" if unattributed(s) else ""
    return f"• {s.id} ({date}){later}{weak}"


def reference_key(ref) -> tuple:
    return (ref.title, ref.issuer, ref.date)


def reference_ids(a) -> dict:
    """{(title, issuer, date): 'R1'} in the order the Findings rows cite them (the References sheet's ids)."""
    ids: dict = {}
    for _, f in ordered(a):
        for ref in f.criterion.references:
            ids.setdefault(reference_key(ref), f"R{len(ids) + 1}")
    return ids


def reference_cite(ref, rid: str) -> str:
    """'• R4 (European Commission, 2008-04-16)': the id on the References sheet (with the title and the
    pinpoints cited), and enough to know it."""
    where = ", ".join(b for b in (ref.issuer, ref.date.isoformat() if ref.date else "") if b)
    return f"• {rid} ({clean(where)})" if where else f"• {rid}"


def group_rows(a) -> dict:
    """{(rubric id, criterion id): (best, most-likely, worst, max) or the lead's title} for criteria that
    test one theory jurisdiction by jurisdiction (engine.bands.variant_groups): the score counts such a
    group once, so its first row in play carries the group's highest points and maximum and the others
    point to it — the Findings columns still add up to the Summary estimate."""
    from riskkit.engine.bands import variant_groups

    out: dict = {}
    for rr in a.results:
        found = {f.criterion.id: f for f in rr.findings}
        for ids in variant_groups(rr.rubric):
            members = [found[i] for i in ids if i in found and in_play(found[i])]
            if not members:
                continue
            counted = [(0, 0, 0) if f.waived else (f.points, f.points_likely, f.points_worst) for f in members]
            lead = members[0]
            best, likely, worst = (max(c[k] for c in counted) for k in range(3))
            out[rr.id, lead.criterion.id] = (
                best,
                round(likely, 2),
                worst,
                max(f.criterion.max_points for f in members),
            )
            for f in members[1:]:
                out[rr.id, f.criterion.id] = lead.criterion.title
    return out


def findings_sheet(ws, a, review) -> None:
    header_row(ws, FINDINGS_HEADERS, FINDINGS_WIDTHS, reviewer_cols={COL[h] for h in REVIEWER_HEADERS})
    from riskkit.render.xlsx.gaps import gap_rows

    sources, cat, as_of, refs = a.deal.sources, a.catalogue, a.deal.as_of, reference_ids(a)
    asked = {row["fact"] for row in gap_rows(a)}
    entries = {(e.rubric_id, e.criterion_id): e for e in review.entries} if review is not None else {}
    row = 1
    by_max: dict = {}
    grouped = group_rows(a)
    for rr, f in ordered(a):
        row += 1
        c = f.criterion
        facts = [f"• {fact_label(cat, u.id)}: {humanise(u.display, cat)} ({u.confidence})" for u in f.facts]
        if len(facts) > MAX_FACTS:  # a cell holds 409 pt; the Facts sheet lists every fact
            facts = [*facts[:MAX_FACTS], f"• and {len(facts) - MAX_FACTS} more (on the Facts sheet)"]
        facts = "\n".join(facts)
        used_sources = list(dict.fromkeys(s for u in f.facts for s in u.sources))
        src = "\n".join(source_cite(sources[s], as_of) if s in sources else f"• {s}" for s in used_sources)
        if f.evidence:
            src += ("\n" if src else "") + f"({f.evidence})"
        playing = in_play(f)
        counted = (0, 0, 0) if f.waived else (f.points, round(f.points_likely, 2), f.points_worst)
        points = (*counted, c.max_points) if playing else (None, None, None, None)
        why = why_words(f, rr, cat, asked)
        group = grouped.get((rr.id, c.id))
        if isinstance(group, tuple):
            points = group
            why += " One theory tested jurisdiction by jurisdiction: the score counts it once, on this row (the highest points of the group)."
        elif group is not None:
            points = (0, 0, 0, 0)
            why += f" Counted once with the same theory's other jurisdictions, on the row '{clean(group)}'."
        values = {
            "Rubric": rubric_name(rr), "Criterion": c.title, "Status": finding_status(f),
            **dict(zip(POINTS, points, strict=True)),
            "Why (in plain words)": why.strip(), "Facts used": facts, "Sources (deal evidence)": src,
            "References (law and guidance)": "\n".join(reference_cite(r, refs[reference_key(r)]) for r in c.references),
            "Jurisdictions": ", ".join(c.jurisdictions), "Rubric id": rr.id, "Criterion id": c.id,
        }  # fmt: skip
        for header, value in values.items():
            cell = put(ws, row, COL[header], value, wrap=COL[header] in WRAPPED)
            if COL[header] in CENTRED:
                cell.alignment = CENTRE
        entry = entries.get((rr.id, c.id))
        given = entry.cells() if entry is not None else ("", None, "", "", None, "", None)
        for header, value in zip(REVIEWER_HEADERS, given, strict=True):
            cell = put(ws, row, COL[header], value, wrap=COL[header] in WRAPPED)
            if playing or (entry is not None and not entry.empty):
                cell.fill = INPUT_FILL
                unlock(cell)
            else:  # out of every score: nothing to decide
                cell.fill = LOCKED_FILL
        if playing:
            by_max.setdefault(c.max_points, []).append(f"{_letter('Adjusted points')}{row}")
    last = max(row, 2)
    _validations(ws, last, by_max)
    _rule_alerts(ws, last)
    colour_rules(ws, f"{_letter('Status')}2:{_letter('Status')}{last}", STATUS_FILLS)
    finish_table(ws, len(FINDINGS_HEADERS), last, freeze=f"{_letter('Status')}2", print_cols=FINDINGS_PRINTED,
                 scale=print_scale(ws))  # fmt: skip
    ws.col_breaks.append(Break(id=FINDINGS_PAGE_BREAK))
    ws.print_title_cols = "B:B"  # the criterion, on the evidence page too
    protect(ws)


LO_SLACK = 1.33  # LibreOffice without Calibri (DejaVu Sans in its place) draws columns a third wider


def print_scale(ws) -> int:
    """The scale at which the decision page (Rubric … Why) and the evidence page (Criterion, then the
    waiver columns and the evidence) each fit one landscape A4 page across, with a little slack for LibreOffice's widths."""
    first = printed_width(ws, 1, FINDINGS_PAGE_BREAK)
    second = printed_width(ws, 2, 2) + printed_width(ws, FINDINGS_PAGE_BREAK + 1, FINDINGS_PRINTED)
    return min(100, int(100 * PRINT_WIDTH_PT / (LO_SLACK * max(first, second))))


def _validations(ws, last: int, by_max: dict) -> None:
    d = _letter("Decision")
    list_validation(ws, f"{d}2:{d}{last}", DECISIONS, "Decision")
    for max_points, cells in sorted(by_max.items()):
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=f"{max_points:g}",
                            allow_blank=True)  # fmt: skip
        dv.error = f"Adjusted points must be a number from 0 to {max_points:g} (this criterion's maximum)."
        dv.errorTitle = "Adjusted points"
        dv.prompt = f"Only with 'disagree': the points you think apply, 0 to {max_points:g}."
        dv.promptTitle = "Adjusted points"
        add_validation(ws, dv, " ".join(cells))
    dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
    dv.error = "Enter a date (YYYY-MM-DD)."
    dv.errorTitle = "Date"
    q = _letter("Date")
    add_validation(ws, dv, f"{q}2:{q}{last}")
    dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
    dv.error = "Enter the date the waiver expires (YYYY-MM-DD), only with 'waive'."
    dv.errorTitle = "Waiver expires"
    e = _letter("Waiver expires")
    add_validation(ws, dv, f"{e}2:{e}{last}")
    for r in range(2, last + 1):
        for h in ("Date", "Waiver expires"):
            ws.cell(row=r, column=COL[h]).number_format = "yyyy-mm-dd"


# The rules `riskkit review` enforces, shown as they are broken: (column, formula on row 2, what it means).
RULES = (
    ("Adjusted points", 'AND({adj}2<>"",{dec}2<>"disagree")', "Adjusted points go only with 'disagree'"),
    ("Adjusted points", 'AND({dec}2="disagree",{adj}2="")', "'disagree' needs Adjusted points"),
    ("Comment", 'AND({dec}2="waive",{com}2="")', "a waive needs a Comment saying why"),
    ("Decision", 'AND({dec}2="waive",{st}2<>"triggered")', "only a triggered finding can be waived"),
    ("Waiver approved by", 'AND({apr}2<>"",{dec}2<>"waive")', "a waiver's approver goes only with 'waive'"),
    ("Waiver expires", 'AND({exp}2<>"",{dec}2<>"waive")', "a waiver's expiry goes only with 'waive'"),
)


def _rule_alerts(ws, last: int) -> None:
    names = {"adj": "$" + _letter("Adjusted points"), "dec": "$" + _letter("Decision"),
             "com": "$" + _letter("Comment"), "st": "$" + _letter("Status"),
             "apr": "$" + _letter("Waiver approved by"), "exp": "$" + _letter("Waiver expires")}  # fmt: skip
    fill = PatternFill("solid", bgColor=ALERT_FILL)
    for header, formula, _ in RULES:
        col = _letter(header)
        ws.conditional_formatting.add(f"{col}2:{col}{last}", FormulaRule(formula=[formula.format(**names)], fill=fill))


def _letter(header: str) -> str:
    return get_column_letter(COL[header])

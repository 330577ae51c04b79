"""The review workbook's other sheets: Summary (with a bar chart and a legend), Facts (protected: answers
go on Gaps), Gaps (information requests with Answer/Confidence/Source/Owner/Due/Status for the reviewer),
Sources (outlet, title, date, link) and About (what `riskkit review` reads back)."""

from __future__ import annotations

from pathlib import Path

from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from riskkit.load.review_layout import (
    ABOUT_LABELS,
    ANSWER_HEADERS,
    BUNDLED,
    GAP_STATUSES,
    GAPS_COL,
    GAPS_HEADERS,
    GAPS_WIDTHS,
    WORKBOOK_FORMAT,
)
from riskkit.model.display import show
from riskkit.model.inputs import CONCERN, CONFIDENCES
from riskkit.render.xlsx.cells import (
    BAND_FILLS,
    BOLD,
    CENTRE,
    CENTRE_WRAP,
    FONT,
    INPUT_FILL,
    LEFT_WRAP,
    STATUS_FILLS,
    add_validation,
    colour_rules,
    finish_table,
    fit_rows,
    header_row,
    list_validation,
    print_setup,
    protect,
    put,
    score_axes,
    unlock,
)


def summary_sheet(ws, a, review) -> None:
    d = a.deal
    title = put(ws, 1, 1, f"Review workbook: {d.title}")
    title.font = Font(name=FONT, bold=True, size=14)
    rows = [
        ("Deal id", d.id),
        ("As of", d.as_of),
        ("Stage", d.stage),
        ("Parties", "; ".join(f"{p.name} ({p.role.replace('_', ' ')})" for p in d.parties)),
        ("Jurisdictions", ", ".join(d.jurisdictions)),
        ("Summary", d.summary),
        ("Result", a.summary_line()),
    ]
    if d.hypothetical:
        rows.insert(0, ("HYPOTHETICAL", "This is an invented deal, not a real transaction."))
    row = 3
    for label, value in rows:
        put(ws, row, 1, label).font = BOLD
        put(ws, row, 2, value).alignment = LEFT_WRAP
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=8)
        if label == "Summary" and value:
            ws.row_dimensions[row].height = min(15 * (1 + len(value) // 110), 150)
        row += 1
    head = row + 1
    # The most-likely estimate leads; best and worst case sit beside it as bounds.
    headers = ["Rubric", "Title", "Version", "Status", "Likely score", "Likely band", "Concern / filing verdict",
               "Score (best)", "Score (worst)", "Band (best)", "Band (worst)", "Triggered", "Unknown", "Clear"]  # fmt: skip
    widths = [24, 40, 9, 12, 10, 11, 22, 10, 10, 11, 11, 10, 10, 9]
    reviewed = {}
    if review is not None:
        headers += ["Reviewed score", "Reviewed band", "Decisions"]
        widths += [12, 14, 11]
        reviewed = {r.rubric_id: r for r in review.rubrics}
    header_row(ws, headers, widths, row=head, reviewer_from=15 if review is not None else None)
    r = head
    # Risk rubrics first; filing-threshold rubrics (verdicts, not risk) last and off the chart.
    ordered = sorted(a.results, key=lambda rr: rr.rubric.kind == "notifiability")
    charted = head + sum(1 for rr in ordered if rr.rubric.kind != "notifiability")
    for rr in ordered:
        r += 1
        c = rr.counts()
        if rr.rubric.kind == "notifiability":  # filing verdicts, not a risk score or band
            scores = ["", "", rr.verdicts(), "", "", "", ""]
        else:
            g = rr.range
            likely_band = g.likely_band
            scores = [round(g.likely, 1), likely_band, CONCERN.get(likely_band, ""),
                      g.score, g.score_worst, g.band, g.band_worst]  # fmt: skip
        values = [rr.id, rr.rubric.title, rr.rubric.version, rr.status.replace("_", " "), *scores,
                  c["triggered"], c["unknown"], c["not_triggered"]]  # fmt: skip
        if review is not None:
            rv = reviewed.get(rr.id)
            if rv is not None and not rv.scored:  # filing verdicts: never a score or band
                values += [rv.text("reviewed"), "", rv.changes]
            else:
                values += [rv.reviewed.score_text(), rv.reviewed.band_text(), rv.changes] if rv else ["", "", 0]
        for col, value in enumerate(values, start=1):
            cell = put(ws, r, col, value, wrap=col == 2)
            if col >= 5:
                cell.alignment = CENTRE_WRAP if isinstance(value, str) and len(value) > 12 else CENTRE
    fit_rows(ws, head + 1, r)
    colour_rules(ws, f"F{head + 1}:F{max(r, head + 1)}", BAND_FILLS)
    colour_rules(ws, f"J{head + 1}:K{max(r, head + 1)}", BAND_FILLS)
    ws.freeze_panes = "A2"
    chart_rows = 0
    if charted > head:
        chart_rows = _summary_chart(ws, head, charted, r)
    end = _legend(ws, r + 2)
    print_setup(ws, None, f"A1:{get_column_letter(len(headers))}{max(end, r + 2 + chart_rows)}")


def _summary_chart(ws, head: int, charted: int, last: int) -> int:
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    score_axes(chart, "Score by rubric (0–100): most likely, best and worst case", "score")
    chart.add_data(Reference(ws, min_col=5, max_col=5, min_row=head, max_row=charted), titles_from_data=True)
    chart.add_data(Reference(ws, min_col=8, max_col=9, min_row=head, max_row=charted), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=head + 1, max_row=charted))
    for series, colour in zip(chart.series, ("404040", "5B9BD5", "C0504D"), strict=True):
        series.graphicalProperties.solidFill = colour
    chart.height = max(6.0, 1.2 * (charted - head) + 3)
    chart.width = 16
    ws.add_chart(chart, f"E{last + 2}")
    return int(chart.height / 0.5) + 1  # rows of 15 pt the chart covers


def _legend(ws, row: int) -> int:
    put(ws, row, 1, "Legend").font = BOLD
    row += 1
    for band, colour in BAND_FILLS.items():
        put(ws, row, 1, band).fill = PatternFill("solid", fgColor=colour)
        put(ws, row, 2, "band")
        row += 1
    for status, colour in STATUS_FILLS.items():
        put(ws, row, 1, status).fill = PatternFill("solid", fgColor=colour)
        put(ws, row, 2, "finding status")
        row += 1
    notes = [
        "Score = 100 × points / maximum points of the criteria in play (0–100).",
        "Likely = the most-likely estimate: unknown facts take the catalogue's presumptions (see riskkit score).",
        "Best case counts unknown criteria at 0 points; worst case at their maximum.",
        "Bands on one scale: low = remote, moderate = possible, high = likely, severe = very likely.",
        "A criterion's floor can raise the band above what the score gives.",
        "Yellow cells are for the reviewer: decisions on Findings, answers on Gaps; run `riskkit review` on this "
        "file. Other cells are protected (Review → Unprotect Sheet; there is no password).",
    ]
    row += 1
    for text in notes:
        put(ws, row, 1, text)
        row += 1
    return row


def facts_sheet(ws, a) -> None:
    """The facts scored, protected: review re-reads the facts file, so edits here would be lost."""
    note = ("These are the facts riskkit scored. Edits here are not read back: answer open questions in the "
            "Answer column on the Gaps sheet (riskkit review adds them to the facts), or change the facts file.")  # fmt: skip
    headers = ("Fact", "Question", "Value", "Unit", "Confidence", "Sources", "As of", "Note")
    put(ws, 1, 1, note, wrap=True).font = Font(name=FONT, italic=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.row_dimensions[1].height = 30
    header_row(ws, headers, (38, 50, 24, 12, 12, 24, 11, 40), row=2)
    catalogue = a.catalogue.facts
    given = a.deal.facts
    derived = a.derived_facts_used()
    row = 2
    for fid, spec in catalogue.items():
        fact = given.get(fid)
        use = derived.get(fid)
        if fact is None and use is None:
            continue
        row += 1
        unit = spec.unit if spec.type != "money" else f"{fact.currency if fact else ''} million".strip()
        if fact is not None:
            values = (fid, spec.question, show(fact.value, spec.type, fact.currency, spec.unit), unit,
                      fact.confidence, ", ".join(fact.sources), fact.as_of, fact.note)  # fmt: skip
        else:
            values = (fid, spec.question, use.display, unit, "derived", ", ".join(use.sources), None,
                      f"computed ({spec.derived_op}) from {', '.join(use.derived_from)}")  # fmt: skip
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value, wrap=col in (2, 3, 6, 8))
    finish_table(ws, len(headers), row, header=2)
    protect(ws)


def answer_form(spec, currency: str = "") -> str:
    """How to write an answer for a fact of this type (shown on Gaps, and in review's errors)."""
    if spec.type == "percent":
        return "a percentage 0–100, e.g. 19 or 19%"
    if spec.type == "money":
        return f"{currency or 'USD'} millions, e.g. {currency or 'USD'} 2000"
    if spec.type == "bool":
        return "yes or no"
    if spec.type == "enum":
        return "one of: " + ", ".join(spec.values)
    if spec.type == "enum_list":
        return "any of (separate with ;): " + ", ".join(spec.values)
    if spec.type == "date":
        return "a date YYYY-MM-DD"
    if spec.type == "number_list":
        return "numbers separated with ;"
    if spec.type in ("number", "integer"):
        return f"a number{' in ' + spec.unit if spec.unit else ''}"
    return "text"


def _deal_currency(a) -> str:
    return next((f.currency for f in a.deal.facts.values() if f.currency), "")


def gaps_sheet(ws, a, review=None) -> None:
    header_row(ws, GAPS_HEADERS, GAPS_WIDTHS, reviewer_from=GAPS_COL[ANSWER_HEADERS[0]])
    merged: dict = {}
    for rr in a.results:
        for g in rr.gaps:
            item = merged.setdefault(g.fact, [g.question, [], []])
            item[1].append(rr.id)
            item[2].extend(c for c in g.criteria if c not in item[2])
    answers = {e.fact: e for e in review.answers} if review is not None else {}
    specs, currency = a.catalogue.facts, _deal_currency(a)
    row = 1
    for fid, (question, rubrics, criteria) in merged.items():
        row += 1
        spec = specs.get(fid)
        form = answer_form(spec, currency) if spec is not None else "answer the facts it is derived from"
        values = {"Fact": fid, "Question to ask": question, "Form of answer": form, "Rubrics": ", ".join(rubrics),
                  "Criteria waiting on it": ", ".join(criteria)}  # fmt: skip
        for header, value in values.items():
            put(ws, row, GAPS_COL[header], value, wrap=header != "Fact")
        given = answers[fid].cells() if fid in answers else ("", "", "", "", None, "open")
        for header, value in zip(ANSWER_HEADERS, given, strict=True):
            cell = put(ws, row, GAPS_COL[header], value, wrap=header in ("Answer", "Source"))
            cell.fill = INPUT_FILL
            unlock(cell)
        if spec is not None and spec.type in ("bool", "enum") and not spec.derived_op:
            choices = ("yes", "no") if spec.type == "bool" else spec.values
            if len(",".join(choices)) < 250:
                list_validation(ws, f"{_col('Answer')}{row}", choices, "Answer")
    if row == 1:
        put(ws, 2, 1, "(no missing facts)")
    last = max(row, 2)
    list_validation(ws, f"{_col('Confidence')}2:{_col('Confidence')}{last}", CONFIDENCES, "Confidence")
    list_validation(ws, f"{_col('Status')}2:{_col('Status')}{last}", GAP_STATUSES, "Status")
    dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
    dv.error, dv.errorTitle = "Enter a date (YYYY-MM-DD).", "Due"
    add_validation(ws, dv, f"{_col('Due')}2:{_col('Due')}{last}")
    for r in range(2, last + 1):
        ws.cell(row=r, column=GAPS_COL["Due"]).number_format = "yyyy-mm-dd"
    finish_table(ws, len(GAPS_HEADERS), row, freeze="C2")
    protect(ws)


def _col(header: str) -> str:
    return get_column_letter(GAPS_COL[header])


def source_line(s) -> str:
    title = s.title if len(s.title) <= 70 else s.title[:68].rstrip() + "…"
    outlet = f"{s.publisher}: " if s.publisher else ""
    return f"• {s.id}: {outlet}{title}" + (f" ({s.date.isoformat()})" if s.date else "") + f" [{s.kind}]"


def looks_local(locator: str) -> bool:
    """A locator that names a file on someone's disk (never shown: it means nothing to a reader)."""
    text = locator.strip()
    return "/" in text or "\\" in text or bool(Path(text.split()[0]).suffix) if text else True


def sources_sheet(ws, a) -> None:
    headers = ("Id", "Outlet", "Title", "Date", "Kind", "Link", "Used by facts")
    header_row(ws, headers, (16, 24, 50, 11, 10, 44, 34))
    users: dict = {}
    for fact in a.deal.facts.values():
        for sid in fact.sources:
            users.setdefault(sid, []).append(fact.id)
    row = 1
    for sid in sorted(a.deal.sources):
        s = a.deal.sources[sid]
        row += 1
        link = s.url or ("" if looks_local(s.locator) else s.locator)
        values = (s.id, s.publisher, s.title, s.date, s.kind, link, ", ".join(users.get(sid, [])))
        for col, value in enumerate(values, start=1):
            cell = put(ws, row, col, value, wrap=col in (2, 3, 6, 7))
            if col == 6 and s.url.startswith(("https://", "http://")):
                cell.hyperlink = s.url
                cell.font = Font(name=FONT, color="0563C1", underline="single")
    finish_table(ws, len(headers), row)


def about_values(a, options) -> dict:
    """What About records: review reads these back to re-score and compare fingerprints."""
    from riskkit.resources import bundled_rubrics_dir

    folder = options.rubrics_dir  # riskkit.render.options.WorkbookOptions
    if not folder:
        # The folder the rubric files came from (a firm folder may borrow our facts catalogue,
        # so the catalogue's path would name the wrong folder).
        paths = [rr.rubric.path for rr in a.results if rr.rubric.path]
        folder = str(Path(paths[0]).parent) if paths else ""
        try:
            if folder and Path(folder).resolve() == Path(bundled_rubrics_dir()).resolve():
                folder = BUNDLED
        except OSError:
            pass
    return {
        "format": WORKBOOK_FORMAT,
        "version": a.riskkit_version,
        "deal": a.deal.id,
        "as_of": a.deal.as_of.isoformat(),
        "facts": str(options.facts_path or a.deal.path),
        "rubrics_dir": str(folder),
        "rubrics": ", ".join(f"{rr.id} {rr.rubric.version}" for rr in a.results),
        "fingerprint": a.fingerprint,
    }


HOW_TO = (
    "How to use this workbook",
    "1. Findings has one row per criterion per rubric, triggered first, then unknown (heaviest first), then "
    "clear. The yellow reviewer columns sit right after the criterion; what the rubric found (status, points, "
    "the level matched), the facts and sources it rests on and the references follow.",
    "2. Decision: agree, disagree, needs info or waive. Adjusted points (0 to the criterion's maximum) go with "
    "'disagree'. A waive needs a Comment. Add your name under Reviewer and the Date.",
    "3. Gaps lists the information requests. Write an answer in the Answer column (in the form shown), with its "
    "Confidence and Source; riskkit review adds it to the facts (you are its source) and re-scores.",
    "4. Save, then run:  riskkit review THIS.xlsx -o reviewed.pdf   (or .json / .html / .xlsx); "
    "add --facts-out deal-answered.yaml to write the deal file with the answers in it.",
    "   riskkit re-scores the facts file named above and refuses if the facts or rubrics changed since this "
    "workbook was made (the input fingerprint no longer matches); --force carries your decisions over.",
    "5. Reviewer adjustments are shown beside the automatic result; they never replace it.",
    "Do not rename sheets or header cells, merge cells, or add rows to the tables; riskkit checks. Sheets are "
    "protected without a password so automatic cells are not overwritten by accident.",
)


def about_sheet(ws, a, options) -> None:
    header_row(ws, ("Item", "Value"), (34, 110))
    values = about_values(a, options)
    row = 1
    for key, label in ABOUT_LABELS.items():
        row += 1
        put(ws, row, 1, label).font = BOLD
        put(ws, row, 2, values[key], wrap=True)
    for rr in a.results:
        row += 1
        put(ws, row, 1, f"Rubric {rr.id}")
        put(ws, row, 2, f"{rr.rubric.title} — version {rr.rubric.version}, effective {rr.rubric.effective}")
    row += 1
    for i, text in enumerate(HOW_TO):
        row += 1
        put(ws, row, 1 if i == 0 else 2, text, wrap=True).font = Font(name=FONT, bold=i == 0)
    fit_rows(ws, 1, row)
    ws.freeze_panes = "A2"
    print_setup(ws, "1:1", f"A1:B{row}")

"""The review workbook: an Excel working surface for counsel, with a round trip through `riskkit review`.

Sheets: Summary (deal, per-rubric score/band/range, a native bar chart, a legend), Findings
(one row per criterion per rubric, with reviewer columns under data validation), Facts, Gaps,
Sources and About (versions, the input fingerprint, the facts path review re-scores, how to use).

Also the shared write helpers (formula-safe text, header styling, print set-up, deterministic
bytes) that riskkit.render.intake uses. openpyxl is imported only here, in riskkit.render.intake,
riskkit.load.intake, riskkit.load.xlsxread and riskkit.analysis.review — never when the CLI starts.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from riskkit.model.display import show

WORKBOOK_FORMAT = "riskkit review workbook 1"
DECISIONS = ("agree", "disagree", "needs info", "waive")
FINDINGS_HEADERS = (
    "Rubric", "Criterion id", "Criterion", "Jurisdictions", "Status", "Points", "Worst-case points",
    "Max points", "Why", "Facts used", "Sources", "References",
    "Decision", "Adjusted points", "Comment", "Reviewer", "Date",
)  # fmt: skip
REVIEWER_HEADERS = FINDINGS_HEADERS[12:]
FINDINGS_WIDTHS = (15, 20, 28, 13, 11, 7, 8, 7, 38, 28, 36, 40, 11, 9, 28, 11, 11)
ABOUT_LABELS = {
    "format": "Workbook format",
    "version": "riskkit version",
    "deal": "Deal",
    "as_of": "Deal as of",
    "facts": "Facts file",
    "rubrics_dir": "Rubrics folder",
    "rubrics": "Rubrics",
    "fingerprint": "Input fingerprint",
}
BUNDLED = "(bundled)"

BAND_FILLS = {"low": "C6EFCE", "moderate": "FFEB9C", "high": "F8CBAD", "severe": "E06666"}
STATUS_FILLS = {
    "triggered": "F8CBAD", "unknown": "FFEB9C", "not triggered": "C6EFCE",
    "not applicable": "E7E6E6", "waived": "D9E1F2",
}  # fmt: skip
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
REVIEW_HEADER_FILL = PatternFill("solid", fgColor="7F6000")
INPUT_FILL = PatternFill("solid", fgColor="FFF9DB")
FONT = "Calibri"
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
BOLD = Font(name=FONT, bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top")
CENTRE_WRAP = Alignment(horizontal="center", vertical="top", wrap_text=True)
LEFT_WRAP = Alignment(horizontal="left", vertical="top", wrap_text=True)
MAX_CELL = 32000
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
RISKY_START = ("=", "+", "-", "@", "\t", "\r")


# -- shared write helpers -------------------------------------------------------------------


def put(ws, row: int, col: int, value, *, wrap: bool = False, strict: bool = False):
    """Write one cell. Text is always stored as text (never a formula), whatever it starts with.

    strict=True raises ValueError on characters Excel cannot store (the intake round trip
    must be lossless); otherwise they become U+FFFD.
    """
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        if _ILLEGAL.search(value):
            if strict:
                raise ValueError("contains a control character Excel cannot store")
            value = _ILLEGAL.sub("\ufffd", value)
        if len(value) > MAX_CELL:
            if strict:
                raise ValueError(f"is longer than {MAX_CELL} characters")
            value = value[: MAX_CELL - 1] + "…"
        cell.value = value
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        if value.startswith(RISKY_START):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    elif isinstance(value, _dt.datetime):
        cell.value = value
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, _dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    else:
        cell.value = value
    cell.alignment = WRAP if wrap else TOP
    return cell


def header_row(ws, headers, widths, row: int = 1, reviewer_from: int | None = None) -> None:
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = put(ws, row, col, text, wrap=True)
        reviewer = reviewer_from is not None and col >= reviewer_from
        cell.fill = REVIEW_HEADER_FILL if reviewer else HEADER_FILL
        cell.font = HEADER_FONT
        ws.column_dimensions[get_column_letter(col)].width = width
    fit_rows(ws, row, row)


def fit_rows(ws, first: int, last: int) -> None:
    """Row heights that show wrapped text whole (neither Excel nor LibreOffice sizes them on open)."""
    widths = {}
    for row in ws.iter_rows(min_row=first, max_row=last):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or not (cell.alignment and cell.alignment.wrap_text):
                continue
            letter = cell.column_letter
            if letter not in widths:
                widths[letter] = max((ws.column_dimensions[letter].width or 10) - 1, 4) * 1.15
            n = sum(max(1, -(-len(part) // int(widths[letter]))) for part in cell.value.split("\n"))
            lines = max(lines, n)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = min(409, 13.5 * lines + 3)


def finish_table(ws, ncols: int, last_row: int, header: int = 1, freeze: str | None = None) -> None:
    """Frozen header, autofilter, and print set-up: landscape, fit to width, header repeated."""
    fit_rows(ws, header, last_row)
    ws.freeze_panes = freeze or f"A{header + 1}"
    ws.auto_filter.ref = f"A{header}:{get_column_letter(ncols)}{max(last_row, header + 1)}"
    print_setup(ws, f"{header}:{header}")


def print_setup(ws, title_rows: str | None) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "&A — page &P of &N"


def colour_rules(ws, ref: str, fills: dict) -> None:
    """Conditional formatting: colour a cell by its exact text (band or status)."""
    for text, colour in fills.items():
        ws.conditional_formatting.add(
            ref, CellIsRule(operator="equal", formula=[f'"{text}"'], fill=PatternFill("solid", bgColor=colour))
        )


def list_validation(ws, ref: str, choices, title: str, allow_blank: bool = True) -> DataValidation:
    dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=allow_blank)
    dv.error = f"Choose one of: {', '.join(choices)}"
    dv.errorTitle = title
    dv.prompt = f"One of: {', '.join(choices)}"
    dv.promptTitle = title
    ws.add_data_validation(dv)
    dv.add(ref)
    return dv


def save_deterministic(wb, when: _dt.date) -> bytes:
    """The workbook's bytes with fixed created/modified times and zip entry times (same input → same bytes)."""
    stamp = _dt.datetime(when.year, when.month, when.day)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "riskkit"
    wb.properties.lastModifiedBy = "riskkit"
    wb.calculation = CalcProperties(fullCalcOnLoad=False)
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # save_workbook() would stamp "modified" with the clock
    out = io.BytesIO()
    date_time = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            body = src.read(info.filename)
            if info.filename.endswith(".xml"):
                body = body.replace(b"\r", b"&#13;")  # a raw CR would be read back as LF (XML line-end rule)
            dst.writestr(entry, body, compresslevel=6)
    return out.getvalue()


# -- the review workbook ---------------------------------------------------------------------


def write_xlsx(assessment, stream, options) -> None:
    """Registered writer "xlsx". Options: facts_path, rubrics_dir, rubric_ids, review, extra_sheets."""
    stream.write(build_bytes(assessment, options or {}))


def build_bytes(assessment, options: dict) -> bytes:
    wb = build_workbook(assessment, options)
    return save_deterministic(wb, assessment.deal.as_of)


def build_workbook(assessment, options: dict):
    review = options.get("review")
    wb = Workbook()
    summary = wb.active
    summary.title = "Summary"
    _summary(summary, assessment, review)
    _findings(wb.create_sheet("Findings"), assessment, review)
    _facts(wb.create_sheet("Facts"), assessment)
    _gaps(wb.create_sheet("Gaps"), assessment)
    _sources(wb.create_sheet("Sources"), assessment)
    _about(wb.create_sheet("About"), assessment, options)
    for add_sheet in options.get("extra_sheets") or ():
        add_sheet(wb)
    _legend_headers(wb, options.get("role"))
    return wb


def _legend_headers(wb, role=None) -> None:
    """The memo's confidentiality legend (riskkit.render.legend) in every sheet's printed header."""
    from riskkit.render.legend import legend

    for ws in wb.worksheets:
        ws.oddHeader.center.text = legend(role).replace("&", "&&")  # "&" starts an Excel header code
        ws.oddHeader.center.size = 8


def _summary(ws, a, review) -> None:
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
    headers = ["Rubric", "Title", "Version", "Status", "Score (best)", "Score (worst)", "Band (best)",
               "Band (worst)", "Triggered", "Unknown", "Clear"]  # fmt: skip
    widths = [24, 44, 9, 13, 11, 11, 12, 12, 10, 10, 9]
    reviewed = {}
    if review is not None:
        headers += ["Reviewed score", "Reviewed band", "Adjustments"]
        widths += [12, 14, 12]
        reviewed = {r.rubric_id: r for r in review.rubrics}
    header_row(ws, headers, widths, row=head, reviewer_from=12 if review is not None else None)
    r = head
    # Risk rubrics first; filing-threshold rubrics (verdicts, not risk) last and off the chart.
    ordered = sorted(a.results, key=lambda rr: rr.rubric.kind == "notifiability")
    charted = head + sum(1 for rr in ordered if rr.rubric.kind != "notifiability")
    for rr in ordered:
        r += 1
        c = rr.counts()
        if rr.rubric.kind == "notifiability":  # filing verdicts, not a risk score or band
            scores = ["", "", rr.verdicts(), ""]
        else:
            scores = [rr.range.score, rr.range.score_worst, rr.range.band, rr.range.band_worst]
        values = [rr.id, rr.rubric.title, rr.rubric.version, rr.status.replace("_", " "), *scores,
                  c["triggered"], c["unknown"], c["not_triggered"]]  # fmt: skip
        if review is not None:
            rv = reviewed.get(rr.id)
            values += [rv.reviewed.score_text(), rv.reviewed.band_text(), rv.changes] if rv else ["", "", 0]
        for col, value in enumerate(values, start=1):
            cell = put(ws, r, col, value, wrap=col == 2)
            if col >= 5:
                cell.alignment = CENTRE_WRAP if isinstance(value, str) and len(value) > 12 else CENTRE
    fit_rows(ws, head + 1, r)
    colour_rules(ws, f"G{head + 1}:H{max(r, head + 1)}", BAND_FILLS)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A{head}:{get_column_letter(len(headers))}{max(r, head + 1)}"
    print_setup(ws, "1:1")
    if charted > head:
        chart = BarChart()
        chart.type = "bar"
        chart.style = 10
        chart.title = "Score by rubric (0–100): best and worst case"
        chart.y_axis.title = "score"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 100
        chart.y_axis.majorUnit = 20
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.legend.position = "b"
        chart.add_data(Reference(ws, min_col=5, max_col=6, min_row=head, max_row=charted), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=head + 1, max_row=charted))
        chart.series[0].graphicalProperties.solidFill = "5B9BD5"
        chart.series[1].graphicalProperties.solidFill = "C0504D"
        chart.height = max(6.0, 1.2 * (charted - head) + 3)
        chart.width = 16
        ws.add_chart(chart, f"E{r + 2}")
    _legend(ws, r + 2)


def _legend(ws, row: int) -> None:
    col = 1
    put(ws, row, col, "Legend").font = BOLD
    row += 1
    for band, colour in BAND_FILLS.items():
        cell = put(ws, row, col, band)
        cell.fill = PatternFill("solid", fgColor=colour)
        put(ws, row, col + 1, "band")
        row += 1
    for status, colour in STATUS_FILLS.items():
        cell = put(ws, row, col, status)
        cell.fill = PatternFill("solid", fgColor=colour)
        put(ws, row, col + 1, "finding status")
        row += 1
    notes = [
        "Score = 100 × points / maximum points of the applicable criteria.",
        "Best case counts unknown criteria at 0 points; worst case at their maximum.",
        "A criterion's floor can raise the band above what the score gives.",
        "Yellow cells on Findings are for the reviewer; run `riskkit review` on this file.",
    ]
    row += 1
    for text in notes:
        put(ws, row, col, text)
        row += 1


def _findings(ws, a, review) -> None:
    header_row(ws, FINDINGS_HEADERS, FINDINGS_WIDTHS, reviewer_from=13)
    sources = a.deal.sources
    entries = {(e.rubric_id, e.criterion_id): e for e in review.entries} if review is not None else {}
    row = 1
    by_max: dict = {}
    for rr in a.results:
        for f in rr.findings:
            row += 1
            c = f.criterion
            status = "waived" if f.waived else f.status.replace("_", " ")
            why = (f"[{f.level}] " if f.level else "") + f.why
            if f.missing:
                why += ("; " if why else "") + "needs " + ", ".join(f.missing)
            if f.waiver is not None:
                until = f" until {f.waiver.expires.isoformat()}" if f.waiver.expires else ""
                why += ("; " if why else "") + f"waived by {f.waiver.approved_by}{until}: {f.waiver.justification}"
            facts = "\n".join(f"{u.id} = {u.display} ({u.confidence})" for u in f.facts)
            used_sources = list(dict.fromkeys(s for u in f.facts for s in u.sources))
            src = "\n".join(_source_line(sources[s]) if s in sources else s for s in used_sources)
            if f.evidence:
                src += ("\n" if src else "") + f"[{f.evidence}]"
            refs = "\n".join(_reference_line(ref) for ref in c.references)
            values = (rr.id, c.id, c.title, ", ".join(c.jurisdictions), status, f.points, f.points_worst,
                      c.max_points, why, facts, src, refs)  # fmt: skip
            for col, value in enumerate(values, start=1):
                cell = put(ws, row, col, value, wrap=col in (2, 3, 4, 9, 10, 11, 12))
                if col in (6, 7, 8):
                    cell.alignment = CENTRE
            entry = entries.get((rr.id, c.id))
            given = entry.cells() if entry is not None else ("", None, "", "", None)
            for col, value in enumerate(given, start=13):
                cell = put(ws, row, col, value, wrap=col == 15)
                cell.fill = INPUT_FILL
            by_max.setdefault(c.max_points, []).append(f"N{row}")
    last = max(row, 2)
    list_validation(ws, f"M2:M{last}", DECISIONS, "Decision")
    for max_points, cells in sorted(by_max.items()):
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=f"{max_points:g}",
                            allow_blank=True)  # fmt: skip
        dv.error = f"Adjusted points must be a number from 0 to {max_points:g} (this criterion's maximum)."
        dv.errorTitle = "Adjusted points"
        ws.add_data_validation(dv)
        for ref in cells:
            dv.add(ref)
    dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
    dv.error = "Enter a date (YYYY-MM-DD)."
    dv.errorTitle = "Date"
    ws.add_data_validation(dv)
    dv.add(f"Q2:Q{last}")
    for r in range(2, last + 1):
        ws.cell(row=r, column=17).number_format = "yyyy-mm-dd"
    colour_rules(ws, f"E2:E{last}", STATUS_FILLS)
    finish_table(ws, len(FINDINGS_HEADERS), last, freeze="D2")


def _source_line(s) -> str:
    title = s.title if len(s.title) <= 70 else s.title[:68].rstrip() + "…"
    return f"• {s.id}: {title}" + (f" ({s.date.isoformat()})" if s.date else "") + f" [{s.kind}]"


def _reference_line(ref) -> str:
    bits = ["• " + ref.title]
    if ref.issuer:
        bits.append(f"— {ref.issuer}")
    if ref.date:
        bits.append(f"({ref.date.isoformat()})")
    if ref.pinpoint:
        bits.append(ref.pinpoint)
    return " ".join(bits)


def _facts(ws, a) -> None:
    headers = ("Fact", "Question", "Value", "Unit", "Confidence", "Sources", "As of", "Note")
    header_row(ws, headers, (38, 50, 24, 12, 12, 24, 11, 40))
    catalogue = a.catalogue.facts
    given = a.deal.facts
    derived = a.derived_facts_used()
    row = 1
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
    finish_table(ws, len(headers), row)


def _gaps(ws, a) -> None:
    headers = ("Fact", "Question to ask", "Rubrics", "Criteria waiting on it")
    header_row(ws, headers, (38, 70, 26, 50))
    merged: dict = {}
    for rr in a.results:
        for g in rr.gaps:
            item = merged.setdefault(g.fact, [g.question, [], []])
            item[1].append(rr.id)
            item[2].extend(c for c in g.criteria if c not in item[2])
    row = 1
    for fid, (question, rubrics, criteria) in merged.items():
        row += 1
        for col, value in enumerate((fid, question, ", ".join(rubrics), ", ".join(criteria)), start=1):
            put(ws, row, col, value, wrap=col > 1)
    if row == 1:
        put(ws, 2, 1, "(no missing facts)")
    finish_table(ws, len(headers), row)


def _sources(ws, a) -> None:
    headers = ("Id", "Title", "Publisher", "Date", "Kind", "URL or locator", "Used by facts")
    header_row(ws, headers, (18, 50, 26, 11, 10, 44, 34))
    users: dict = {}
    for fact in a.deal.facts.values():
        for sid in fact.sources:
            users.setdefault(sid, []).append(fact.id)
    row = 1
    for sid in sorted(a.deal.sources):
        s = a.deal.sources[sid]
        row += 1
        values = (s.id, s.title, s.publisher, s.date, s.kind, s.url or s.locator, ", ".join(users.get(sid, [])))
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value, wrap=col in (2, 3, 6, 7))
    finish_table(ws, len(headers), row)


def about_values(a, options: dict) -> dict:
    """What About records: review reads these back to re-score and compare fingerprints."""
    from riskkit.resources import bundled_rubrics_dir

    folder = options.get("rubrics_dir")
    if not folder:
        # The folder the rubric files came from (a firm folder may borrow our facts catalogue,
        # so the catalogue's path would name the wrong folder).
        paths = [rr.rubric.path for rr in a.results if rr.rubric.path]
        folder = str(Path(paths[0]).parent) if paths else ""
        try:
            if folder and _same(folder, bundled_rubrics_dir()):
                folder = BUNDLED
        except OSError:
            pass
    return {
        "format": WORKBOOK_FORMAT,
        "version": a.riskkit_version,
        "deal": a.deal.id,
        "as_of": a.deal.as_of.isoformat(),
        "facts": str(options.get("facts_path") or a.deal.path),
        "rubrics_dir": str(folder),
        "rubrics": ", ".join(f"{rr.id} {rr.rubric.version}" for rr in a.results),
        "fingerprint": a.fingerprint,
    }


def _same(a, b) -> bool:
    return Path(a).resolve() == Path(b).resolve()


HOW_TO = (
    "How to use this workbook",
    "1. Findings has one row per criterion per rubric: what the rubric found (status, points, why), the facts "
    "and sources it rests on, and the references behind the criterion.",
    "2. Fill in the yellow reviewer columns. Decision: agree, disagree, needs info or waive. "
    "Adjusted points (0 to the criterion's maximum) go with 'disagree'. A waive needs a Comment. "
    "Add your name under Reviewer and the Date.",
    "3. Save, then run:  riskkit review THIS.xlsx -o reviewed.pdf   (or .json / .html / .xlsx).",
    "   riskkit re-scores the facts file named above and refuses if the facts or rubrics changed since this "
    "workbook was made (the input fingerprint no longer matches); --force carries your decisions over.",
    "4. Reviewer adjustments are shown beside the automatic result; they never replace it.",
    "Do not rename sheets or header cells, merge cells, or add rows to the tables; riskkit checks.",
)


def _about(ws, a, options: dict) -> None:
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
    print_setup(ws, "1:1")


__all__ = ["write_xlsx", "build_workbook", "build_bytes", "put", "save_deterministic", "DECISIONS"]

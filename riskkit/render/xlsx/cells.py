"""Shared write helpers for riskkit's workbooks: formula-safe text, header styling, print set-up,
sheet protection with reviewer cells unlocked, deterministic bytes.

Used by the review workbook (riskkit.render.workbook), the intake workbook and the portfolio workbook.
openpyxl is imported only in these writers and readers — never when the CLI starts.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile

from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

PRIVILEGE_LEGEND = "Privileged && Confidential"  # "&" starts an Excel header code; the review workbook
# replaces it with riskkit.render.legend for the author role

# One palette per vocabulary: bands (green → red) on Summary and Timeline; finding statuses (rose, lavender,
# pale blue, greys) on Findings; the reviewer's input cells light yellow under orange headers.
BAND_FILLS = {"low": "C6EFCE", "moderate": "FFEB9C", "high": "F8CBAD", "severe": "E06666"}
STATUS_FILLS = {
    "triggered": "F4CCCC", "unknown": "D9D2E9", "clear": "DDEBF7",
    "not in play": "EDEDED", "not applicable": "EDEDED", "waived": "C9C9C9",
}  # fmt: skip
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
REVIEW_HEADER_FILL = PatternFill("solid", fgColor="C55A11")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
ALERT_FILL = "FF7C80"  # a broken decision rule (conditional formatting)
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


def header_row(ws, headers, widths, row: int = 1, reviewer_from: int | None = None, reviewer_to: int | None = None,
               reviewer_cols=None) -> None:  # fmt: skip
    """Header cells in navy; the reviewer's columns (reviewer_from … reviewer_to, 1-based, or the set
    reviewer_cols) in orange."""
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = put(ws, row, col, text, wrap=True)
        if reviewer_cols is not None:
            reviewer = col in reviewer_cols
        else:
            reviewer = reviewer_from is not None and reviewer_from <= col <= (reviewer_to or len(headers))
        cell.fill = REVIEW_HEADER_FILL if reviewer else HEADER_FILL
        cell.font = HEADER_FONT
        ws.column_dimensions[get_column_letter(col)].width = width
    fit_rows(ws, row, row)


def wrapped_lines(text: str, width: float, size: float = 11) -> int:
    """Lines a wrapped cell of this column width needs, words kept whole (a little pessimistic: a row
    too tall wastes paper, one too short hides text)."""
    per_line = max(int(max(width - 1, 4) * 1.1 * 11 / size), 4)
    lines = 0
    for part in text.split("\n"):
        n, used = 1, 0
        for word in part.split(" "):
            size_w = len(word)
            if used and used + 1 + size_w > per_line:
                n, used = n + 1, 0
            used += (1 if used else 0) + size_w
            while used > per_line:  # a word longer than the line breaks anyway
                n, used = n + 1, used - per_line
        lines += n
    return lines


def fit_rows(ws, first: int, last: int, upto: int | None = None, max_lines: int = 27) -> None:
    """Row heights that show wrapped text whole in every column up to `upto` (neither Excel nor LibreOffice
    sizes them on open). Excel's limit is 409 pt: longer text should go into shorter cells, not be cut."""
    widths = {}
    for row in ws.iter_rows(min_row=first, max_row=last):
        lines, size = 1, 11
        for cell in row:
            if upto is not None and cell.column > upto:
                break
            if not isinstance(cell.value, str) or not (cell.alignment and cell.alignment.wrap_text):
                continue
            letter = cell.column_letter
            if letter not in widths:
                widths[letter] = ws.column_dimensions[letter].width or 10
            font = (cell.font.sz if cell.font is not None else None) or 11
            n = wrapped_lines(cell.value, widths[letter], font)
            if n * font > lines * size:
                lines, size = n, font
        if lines > 1:
            ws.row_dimensions[row[0].row].height = min(409, round(size * 1.4 * min(lines, max_lines) + 4, 1))


def finish_table(ws, ncols: int, last_row: int, header: int = 1, freeze: str | None = None,
                 print_cols: int | None = None, scale: int | None = None) -> None:  # fmt: skip
    """Frozen header, autofilter, and print set-up: landscape, fit to width (or `scale`), header repeated.

    print_cols: print only the first so many columns (row heights then fit those columns' text)."""
    fit_rows(ws, header, last_row, upto=print_cols)
    ws.freeze_panes = freeze or f"A{header + 1}"
    ws.auto_filter.ref = f"A{header}:{get_column_letter(ncols)}{max(last_row, header + 1)}"
    area = f"A1:{get_column_letter(print_cols or ncols)}{max(last_row, header + 1)}"
    print_setup(ws, f"{header}:{header}", area, scale)


PRINT_WIDTH_PT = 842 - 2 * 0.4 * 72  # landscape A4 inside the side margins


def printed_width(ws, first: int, last: int) -> float:
    """The width in points columns first … last print at 100% (Excel: 7 px a character plus 5 px padding)."""
    total = 0.0
    for col in range(first, last + 1):
        letter = get_column_letter(col)
        dim = ws.column_dimensions[letter] if letter in ws.column_dimensions else None
        if dim is not None and dim.hidden:
            continue
        width = (dim.width if dim is not None else None) or 8.43
        total += (int(width * 7) + 5) * 0.75
    return total


def print_setup(ws, title_rows: str | None, area: str | None = None, scale: int | None = None) -> None:
    """Landscape A4, repeated title rows, a print area, and a footer with the privilege legend, the sheet
    name and page numbers. Fit to one page wide, unless `scale` (percent) is given: a sheet too wide for
    one page prints at that scale over several pages, its text still readable."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if scale is None:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        ws.page_setup.scale = scale
        ws.page_setup.pageOrder = "overThenDown"  # a row's second page follows its first
        ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.bottom = 0.6
    if title_rows:
        ws.print_title_rows = title_rows
    if area:
        ws.print_area = area
    ws.oddFooter.left.text = PRIVILEGE_LEGEND
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = "&A — page &P of &N"
    ws.oddFooter.right.size = 8


def protect(ws) -> None:
    """Sheet protection without a password: locked cells (all, unless unlock()ed) cannot be typed over,
    while filtering and resizing stay allowed (sorting is not: Excel refuses it over locked cells, and
    the row order is part of the read-back)."""
    p = ws.protection
    p.sheet = True
    p.autoFilter = p.formatColumns = p.formatRows = False  # False = allowed while protected
    p.sort = True
    p.selectLockedCells = p.selectUnlockedCells = False


def unlock(cell) -> None:
    cell.protection = Protection(locked=False)


def score_axes(chart, title: str, y_title: str, x_title: str | None = None) -> None:
    """A 0–100 score axis in steps of 20, both axes shown, titles, legend at the bottom."""
    chart.title = title
    chart.y_axis.title = y_title
    if x_title:
        chart.x_axis.title = x_title
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.y_axis.majorUnit = 20
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"


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
    return add_validation(ws, dv, ref)


def add_validation(ws, dv: DataValidation, ref: str | None = None) -> DataValidation:
    """Register a validation with Excel's stop alert and input message switched on (openpyxl leaves both off)."""
    dv.showErrorMessage = True
    dv.showInputMessage = True
    dv.errorStyle = "stop"
    if dv.prompt is None and dv.error:
        dv.prompt, dv.promptTitle = dv.error, dv.errorTitle
    ws.add_data_validation(dv)
    for part in (ref or "").split():
        dv.add(part)
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

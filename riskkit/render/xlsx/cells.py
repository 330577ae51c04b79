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

BAND_FILLS = {"low": "C6EFCE", "moderate": "FFEB9C", "high": "F8CBAD", "severe": "E06666"}
STATUS_FILLS = {
    "triggered": "F8CBAD", "unknown": "FFEB9C", "clear": "C6EFCE",
    "not in play": "E7E6E6", "not applicable": "E7E6E6", "waived": "D9E1F2",
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


def fit_rows(ws, first: int, last: int, upto: int | None = None, max_lines: int = 30) -> None:
    """Row heights that show wrapped text whole (neither Excel nor LibreOffice sizes them on open)."""
    widths = {}
    for row in ws.iter_rows(min_row=first, max_row=last):
        lines = 1
        for cell in row:
            if upto is not None and cell.column > upto:
                break
            if not isinstance(cell.value, str) or not (cell.alignment and cell.alignment.wrap_text):
                continue
            letter = cell.column_letter
            if letter not in widths:
                widths[letter] = max((ws.column_dimensions[letter].width or 10) - 1, 4) * 1.15
            n = sum(max(1, -(-len(part) // int(widths[letter]))) for part in cell.value.split("\n"))
            lines = max(lines, n)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = min(409, 14.5 * min(lines, max_lines) + 4)


def finish_table(ws, ncols: int, last_row: int, header: int = 1, freeze: str | None = None,
                 print_cols: int | None = None) -> None:  # fmt: skip
    """Frozen header, autofilter, and print set-up: landscape, fit to width, header repeated.

    print_cols: print only the first so many columns (row heights then fit those columns' text)."""
    fit_rows(ws, header, last_row, upto=print_cols)
    ws.freeze_panes = freeze or f"A{header + 1}"
    ws.auto_filter.ref = f"A{header}:{get_column_letter(ncols)}{max(last_row, header + 1)}"
    area = f"A1:{get_column_letter(print_cols or ncols)}{max(last_row, header + 1)}"
    print_setup(ws, f"{header}:{header}", area)


def print_setup(ws, title_rows: str | None, area: str | None = None) -> None:
    """Landscape A4 fit to one page wide, repeated title rows, a print area, and a footer with the
    privilege legend, the sheet name and page numbers."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
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
    while filtering, sorting and resizing stay allowed."""
    p = ws.protection
    p.sheet = True
    p.autoFilter = p.sort = p.formatColumns = p.formatRows = False  # False = allowed while protected
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

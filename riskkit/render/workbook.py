"""The review workbook: an Excel working surface for counsel, with a round trip through `riskkit review`.

Sheets: Summary (start here with live counts, the deal, scores with how to read them, the filing
screen, a legend, a native bar chart), Findings (one row per criterion per rubric, reviewer columns
first, under validation, rule alerts and sheet protection), Facts, Gaps (ranked information requests
the reviewer can answer), Sources and About (versions, the input fingerprint, the facts path review
re-scores). Every sheet is protected without a password and so is the workbook's structure. The sheets are built in
riskkit.render.xlsx; the write helpers other workbooks use are re-exported here.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.workbook.protection import WorkbookProtection

from riskkit.load.review_layout import DECISIONS, FINDINGS_HEADERS
from riskkit.render.options import WorkbookOptions
from riskkit.render.xlsx.cells import (
    BAND_FILLS,
    BOLD,
    INPUT_FILL,
    LEFT_WRAP,
    STATUS_FILLS,
    colour_rules,
    finish_table,
    header_row,
    list_validation,
    print_setup,
    put,
    save_deterministic,
)
from riskkit.render.xlsx.findings import findings_sheet
from riskkit.render.xlsx.gaps import gaps_sheet
from riskkit.render.xlsx.sheets import about_sheet, about_values, facts_sheet, references_sheet, sources_sheet
from riskkit.render.xlsx.summary import summary_sheet


def write_xlsx(assessment, stream, options) -> None:
    """Registered writer "xlsx": riskkit.render.options.WorkbookOptions (facts_path, rubrics_dir, review,
    extra_sheets, role)."""
    stream.write(build_bytes(assessment, options))


def build_bytes(assessment, options=None) -> bytes:
    wb = build_workbook(assessment, options)
    return save_deterministic(wb, assessment.deal.as_of)


def build_workbook(assessment, options=None):
    """The workbook for a WorkbookOptions record (or a dict of its keys)."""
    options = WorkbookOptions.of(options)
    review = options.review
    wb = Workbook()
    summary = wb.active
    summary.title = "Summary"
    summary_sheet(summary, assessment, review)
    findings_sheet(wb.create_sheet("Findings"), assessment, review)
    facts_sheet(wb.create_sheet("Facts"), assessment)
    gaps_sheet(wb.create_sheet("Gaps"), assessment, review)
    sources_sheet(wb.create_sheet("Sources"), assessment)
    references_sheet(wb.create_sheet("References"), assessment)
    about_sheet(wb.create_sheet("About"), assessment, options)
    for add_sheet in options.extra_sheets or ():
        if getattr(add_sheet, "takes_as_of", False):  # the Timeline marks steps after the deal's as-of date
            add_sheet(wb, as_of=assessment.deal.as_of)
        else:
            add_sheet(wb)
    _legend_headers(wb, options.role)
    wb.security = WorkbookProtection(lockStructure=True)  # no password: sheets are not renamed or moved by accident
    return wb


def _legend_headers(wb, role=None) -> None:
    """The memo's confidentiality legend (riskkit.render.legend) in every sheet's printed header, and its
    short form in the footer beside the page numbers."""
    from riskkit.render.legend import legend, short_legend

    for ws in wb.worksheets:
        ws.oddHeader.center.text = legend(role).replace("&", "&&")  # "&" starts an Excel header code
        ws.oddHeader.center.size = 8
        ws.oddFooter.left.text = short_legend(role).replace("&", "&&")


__all__ = [
    "write_xlsx", "build_workbook", "build_bytes", "about_values", "DECISIONS", "FINDINGS_HEADERS",
    # write helpers shared with the intake and portfolio workbooks
    "BAND_FILLS", "BOLD", "INPUT_FILL", "LEFT_WRAP", "STATUS_FILLS", "colour_rules", "finish_table", "header_row",
    "list_validation", "print_setup", "put", "save_deterministic",
]  # fmt: skip

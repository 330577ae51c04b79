"""The review workbook's layout: sheet and column names shared by the writer and `riskkit review`'s reader.

No openpyxl here: the reader checks headers by name, so a column moved in one place moves in both.
"""

from __future__ import annotations

WORKBOOK_FORMAT = "riskkit review workbook 2"
DECISIONS = ("agree", "disagree", "needs info", "waive")
REVIEWER_HEADERS = ("Decision", "Adjusted points", "Comment", "Reviewer", "Date")
# The reviewer columns sit right after the criterion, before the long text columns.
FINDINGS_HEADERS = (
    "Rubric", "Criterion id", "Status", "Criterion", *REVIEWER_HEADERS,
    "Points", "Worst-case points", "Max points", "Level matched and why", "Facts used", "Sources",
    "References", "Jurisdictions",
)  # fmt: skip
FINDINGS_WIDTHS = (14, 16, 9, 28, 10, 9, 22, 10, 10, 6, 7, 6, 38, 30, 34, 36, 12)
# Printed: Rubric … Facts used (sources and references are on screen, on Sources and in the memo).
FINDINGS_PRINTED = 14
FINDINGS_COL = {h: i for i, h in enumerate(FINDINGS_HEADERS, start=1)}

GAP_STATUSES = ("open", "asked", "answered", "cannot answer")
ANSWER_HEADERS = ("Answer", "Confidence", "Source", "Owner", "Due", "Status")
GAPS_HEADERS = ("Fact", "Question to ask", "Form of answer", *ANSWER_HEADERS, "Rubrics", "Criteria waiting on it")
GAPS_WIDTHS = (30, 50, 22, 18, 12, 24, 14, 11, 12, 20, 40)
GAPS_COL = {h: i for i, h in enumerate(GAPS_HEADERS, start=1)}

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

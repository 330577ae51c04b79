"""The review workbook's layout: sheet and column names shared by the writer and `riskkit review`'s reader.

No openpyxl here: the reader checks headers by name, so a column moved in one place moves in both.
"""

from __future__ import annotations

WORKBOOK_FORMAT = "riskkit review workbook 3"
DECISIONS = ("agree", "disagree", "needs info", "waive")
REVIEWER_HEADERS = (
    "Decision",
    "Adjusted points",
    "Comment",
    "Reviewer",
    "Date",
    "Waiver approved by",
    "Waiver expires",
)
WAIVER_HEADERS = REVIEWER_HEADERS[5:]  # only with 'waive'; printed on the evidence page
# What a reader needs first: the rubric and criterion by name, the status, the reviewer's columns, the points
# (best case, most likely, worst case, maximum) and why in plain words; then the evidence; the ids that
# `riskkit review` reads back sit at the end (not printed).
FINDINGS_HEADERS = (
    "Rubric", "Criterion", "Status", *REVIEWER_HEADERS[:5],
    "Best-case points", "Most-likely points", "Worst-case points", "Max points", "Why (in plain words)",
    *WAIVER_HEADERS, "Facts used", "Sources (deal evidence)", "References (law and guidance)", "Jurisdictions",
    "Rubric id", "Criterion id",
)  # fmt: skip
FINDINGS_WIDTHS = (12.5, 18.5, 8.5, 9, 9, 13, 9.5, 10.5, 6.5, 6.5, 6.5, 6.5, 28, 11, 10.5, 41, 23, 28, 13, 14, 16)
# Printed over two pages across: Rubric … Why, then (the Criterion repeated) the waiver columns and the evidence
# through Jurisdictions. The id columns are for the read-back only.
FINDINGS_PAGE_BREAK = 13  # the last column of the first printed page
FINDINGS_PRINTED = 19
FINDINGS_COL = {h: i for i, h in enumerate(FINDINGS_HEADERS, start=1)}

GAP_STATUSES = ("open", "asked", "answered", "cannot answer")
ANSWER_HEADERS = ("Answer", "Confidence", "Source", "Owner", "Due", "Status")
# Ranked by what an answer could move (Priority 1 first); the fact id `riskkit review` reads sits at the end.
GAPS_HEADERS = ("Priority", "Question to ask", "Form of answer", *ANSWER_HEADERS, "What it could move",
                "Criteria waiting on it", "Fact")  # fmt: skip
GAPS_WIDTHS = (9, 31, 17, 14, 11, 12, 10, 10.5, 10, 22, 34, 22)
GAPS_PRINTED = 10
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

"""The intake workbook's sheet layout, shared by the writer and the reader so the two cannot drift apart."""

from __future__ import annotations

from riskkit.model.inputs import STAGES

NONE_MARK = "(none)"
DEAL_ROWS = (
    ("id", "Deal id: lowercase letters, digits and '-'"),
    ("title", "Title"),
    ("as_of", "Date the facts describe (YYYY-MM-DD); parameters in force on it are used"),
    ("stage", "One of: " + ", ".join(STAGES)),
    ("hypothetical", "yes for an invented deal (the memo says so on every page)"),
    ("jurisdictions", "Jurisdiction codes separated by ';', e.g. US; EU; UK"),
    ("summary", "One paragraph in plain English"),
    ("closed_on", "Completion date of a closed deal (YYYY-MM-DD); review windows run from it"),
    ("structures", "Deal structures separated by ';' (see `riskkit facts`); leave empty to read them from the facts"),
)
DEAL_HEADERS = ("Field", "Value", "Help")
PARTY_HEADERS = ("Name", "Role")
FACT_HEADERS = ("Group", "Fact id", "Question", "Type", "Unit", "Allowed values", "Value", "Low", "High",
                "Currency", "Sources", "Confidence", "As of", "Note")  # fmt: skip
FACT_COL = {h: i for i, h in enumerate(FACT_HEADERS, start=1)}
SOURCE_HEADERS = ("Id", "Title", "Publisher", "Date", "Kind", "URL", "Locator")
SOURCE_KEYS = ("id", "title", "publisher", "date", "kind", "url", "locator")  # deal-file keys, column by column
CONDITION_HEADERS = ("Id", "Text", "Imposed by", "Kind", "Due", "Status", "Sources", "Unverified")
CONDITION_KEYS = ("id", "text", "imposed_by", "kind", "due", "status", "sources", "unverified")
PROCEEDING_HEADERS = ("Fact id", "Name", "Court", "Docket", "Investor a defendant", "Claims against the investor",
                      "Status", "Next event", "Next date", "Sources")  # fmt: skip
PROCEEDING_KEYS = ("fact", "name", "court", "docket", "investor_defendant", "claims", "status", "next_event",
                   "next_date", "sources")  # fmt: skip
PRIOR_HEADERS = ("Prior facts file", "Relative to", "Authority", "Date", "Outcome", "Sources", "Scope", "Decision")
PRIOR_KEYS = ("facts", "base", "authority", "date", "outcome", "sources", "scope", "decision")
PRIOR_OLD = 6  # Prior sheets written before Scope and Decision were added have only the first six columns
REVIEW_HEADERS = ("Authority", "Date", "Decision", "Scope", "Outcome", "Sources")  # reviews of the deal itself
REVIEW_KEYS = ("authority", "date", "decision", "scope", "outcome", "sources")
PRESUMPTION_HEADERS = ("Fact id", "Value", "Probability", "Reason", "Source")
PRESUMPTION_KEYS = ("fact", "value", "probability", "reason", "source")
FX_HEADERS = ("From", "To", "Rate", "As of", "Source")
FX_KEYS = ("from", "to", "rate", "as_of", "source")


def deal_row(key: str) -> int:
    """The Deal sheet row holding a deal field (row 1 is the header)."""
    return 2 + [k for k, _ in DEAL_ROWS].index(key)

"""The confidentiality legend every output carries (memo, workbook, JSON), in one place.

The legend follows the author: a memo written by or for counsel claims privilege and never
calls itself "not legal advice" (that sentence works against the claim); a business-side
analysis says it is confidential and not legal advice, and claims no privilege.
"""

from __future__ import annotations

ROLES = ("counsel", "business")
DEFAULT_ROLE = "counsel"

LEGENDS = {
    "counsel": "Privileged & Confidential — attorney–client communication: legal advice from counsel",
    "business": "Confidential — business analysis for internal use; not legal advice",
}
# The short form for page margins and running heads.
SHORT = {"counsel": "Privileged & Confidential", "business": "Confidential"}

# Where privilege may not reach: one caveat line under the counsel legend.
EU_CAVEAT = (
    "In EU Commission investigations, communications with in-house lawyers are not privileged (Case C-550/07 P "
    "Akzo Nobel Chemicals and Akcros Chemicals v Commission, judgment of 14 September 2010): keep outside counsel "
    "on EU questions."
)
# The judgment behind EU_CAVEAT, for the table of authorities. Case number, parties, date and ECLI
# checked against the Court's published judgment; the paragraph pinpoint was not.
AKZO = {
    "issuer": "Court of Justice of the European Union (Grand Chamber)",
    "title": "Case C-550/07 P Akzo Nobel Chemicals and Akcros Chemicals v Commission, ECLI:EU:C:2010:512",
    "date": "2010-09-14",
    "pinpoint": "in-house lawyers' communications are not covered by legal professional privilege in Commission "
    "competition investigations (paragraph numbers unverified)",
    "kind": "decision",
}
# The HSR warning in one line for page 1 (the full note sits with the assumptions).
HSR_SHORT = "HSR: this memo may be an Item 4(c)/4(d) document if a filing is made — keep it within the legal team."

HSR_NOTE = (
    "HSR note: a document that analyses the transaction's competitive effects and is prepared by or for an "
    "officer or director may be an Item 4(c) or 4(d) document that has to be submitted with an HSR filing. "
    "Keep this memo within the deal's legal team and ask HSR counsel before circulating it."
)

CLOSING = {
    "counsel": "Legal advice from counsel on the transaction, confidential between counsel and client. The scores and "
    "likelihood words are structured support for counsel's judgement, not predictions of any authority's decision.",
    "business": "A business analysis of public and supplied facts against published enforcement positions. It is "
    "not legal advice and does not predict what any authority will do.",
}


def legend(role: str | None = None) -> str:
    """The full legend for an author role ('counsel' unless told otherwise)."""
    return LEGENDS[role or DEFAULT_ROLE]


def short_legend(role: str | None = None) -> str:
    return SHORT[role or DEFAULT_ROLE]


def closing(role: str | None = None) -> str:
    return CLOSING[role or DEFAULT_ROLE]


def legend_dict(role: str | None = None) -> dict:
    """The legend as JSON carries it."""
    role = role or DEFAULT_ROLE
    return {"role": role, "text": LEGENDS[role]}

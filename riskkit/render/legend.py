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
    "Akzo Nobel Chemicals and Akcros Chemicals v Commission, judgment of 14 September 2010), and EU privilege is "
    "understood to cover only independent lawyers qualified in the EU/EEA (unverified; counsel to confirm): route "
    "EU advice through EEA-qualified outside counsel."
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
# The HSR warning in one line for page 1 (the full note sits with the assumptions). Wording only: whether a
# document is an Item 4(c)/4(d) document turns on who it is prepared by or for, not on who keeps it.
HSR_SHORT = (
    "HSR: if a filing is made (including a corrective one), whether this memo is an Item 4(c)/4(d) document depends "
    "on who it is prepared by or for (officers, directors); a privileged document withheld must be logged. Counsel "
    "to confirm."
)

HSR_NOTE = (
    "HSR note: if a filing is made (including a corrective filing), a document that analyses the transaction's "
    "competitive effects may be an Item 4(c) or 4(d) document. Whether this memo is one depends on who it is "
    "prepared by or for (officers, directors), not on who holds it; a privileged document may be withheld only if it "
    "is listed on a privilege log. Ask HSR counsel to confirm before circulating it."
)

CLOSING = {
    "counsel": "Legal advice from counsel on the transaction, confidential between counsel and client. The likelihood "
    "words are counsel's reading, not predictions of any authority's decision.",
    "business": "A business analysis of public and supplied facts against published enforcement positions. It is "
    "not legal advice and does not predict what any authority will do.",
}


# An invented deal carries no privilege legend (a legend on an example undermines real ones).
ILLUSTRATIVE = "Illustrative example — not legal advice"
ILLUSTRATIVE_NOTE = (
    "The parties and facts are invented for illustration and describe no real transaction; nothing here is legal "
    "advice or privileged."
)


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

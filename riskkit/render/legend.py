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
    "In EU Commission investigations, privilege covers only communications with independent lawyers entitled to "
    "practise in a Member State (Case 155/79 AM & S Europe v Commission, judgment of 18 May 1982), not with "
    "in-house lawyers (Case C-550/07 P Akzo Nobel Chemicals and Akcros Chemicals v Commission, judgment of 14 "
    "September 2010): route EU advice through EEA-qualified outside counsel."
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
# The 1982 judgment that limits EU privilege to independent lawyers entitled to practise in a Member State.
# Case number, parties, date and ECLI read on EUR-Lex (document 61979CJ0155); the holding read in case
# summaries (Concurrences, May 1982; a law-school case brief), so its paragraph pinpoint is not given.
AMS = {
    "issuer": "Court of Justice of the European Communities",
    "title": "Case 155/79 AM & S Europe Limited v Commission, ECLI:EU:C:1982:157, [1982] ECR 1575",
    "date": "1982-05-18",
    "pinpoint": "confidentiality of written communications between lawyer and client is protected where they are "
    "made for the client's rights of defence and come from independent lawyers entitled to practise in a Member "
    "State (paragraph numbers unverified)",
    "kind": "decision",
}
# The HSR note (page 1 names it in a line; the full note sits with the assumptions). Since the new HSR form
# (effective 10 February 2025; final rule 89 FR 89216, 12 November 2024) the old Item 4(c)/4(d) documents are
# "transaction-related documents", and they include documents prepared by or for the Supervisory Deal Team Lead.
# The form's effective date is in the research brief (Whiteford; WilmerHale); the new label and the Supervisory
# Deal Team Lead were read in practitioner summaries of the final rule (Foley; ABA Antitrust Law Section;
# DealLawyers), not in the rule's text.

# Page 1 names the two limits in one line and points to the full notes at the end of the memo (Key
# assumptions and limits): the full texts on page 1 pushed Next steps off it and repeated the end notes
# (third partner review, (b) "Repetition").
PAGE_ONE_EU = "EU: in-house advice is not privileged before the Commission (AM & S; Akzo)"
PAGE_ONE_HSR = "HSR: may be a transaction-related document in a filing"


def page_one_note(role: str | None, us_in_play: bool) -> str:
    """The one line of privilege limits under the legend on page 1 ('' when none applies)."""
    parts = ([PAGE_ONE_EU] if (role or DEFAULT_ROLE) == "counsel" else []) + ([PAGE_ONE_HSR] if us_in_play else [])
    return ". ".join(parts) + "." if parts else ""


HSR_NOTE = (
    "HSR note: if a filing is made (including a corrective filing), a document that evaluates or analyses the "
    "transaction with respect to competition is a transaction-related document under the HSR form in force since 10 "
    "February 2025 (formerly Items 4(c) and 4(d)). Whether this memo is one depends on who it is prepared by or for "
    "(an officer, a director or the Supervisory Deal Team Lead, the person with primary responsibility for "
    "supervising the strategic assessment of the deal), not on who holds it; a privileged document may be withheld "
    "only if it is listed on a privilege log. Addressed to an officer, it may be one however narrowly it is "
    "circulated: what protects it is privilege, claimed on the log, so route it through counsel and keep it out of "
    "deal-team and board papers without counsel's privilege review."
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

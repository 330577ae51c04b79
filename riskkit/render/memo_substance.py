"""The substance sections of the main memo: theories of harm, charitable assets and the
attorneys general (with the conditions register), mitigations and remedies suited to the deal's
stage, and waived findings. Pure: returns memo_blocks sections.
"""

from __future__ import annotations

import re

from riskkit.model.words import (
    clean,
    contingency,
    fact_label,
    first_sentences,
    mitigation_for,
    not_in_play_line,
    verdict_words,
    why_text,
    words,
)
from riskkit.render.memo_blocks import bullets, h3, para, section, table
from riskkit.render.memo_proceedings import particulars, particulars_text
from riskkit.render.memo_rank import is_proceeding, live_risk, severity

# The one status vocabulary every output uses (triggered / clear / unknown / not in play / waived).
THEORY_STATUS = {  # in counsel's words, not the scorer's (fourth partner review (b): "— clear.")
    "triggered": "raised by the facts",
    "unknown": "open",
    "not_triggered": "not raised by the facts",
    "not_applicable": "not in play",
}


def theories_of_harm(assessment) -> dict:
    """Each theory of harm the rubrics test, with its status and what decides it."""
    cat = assessment.catalogue
    groups = assessment.theories_of_harm() if hasattr(assessment, "theories_of_harm") else []
    if not groups:
        return section(
            "theories",
            "Theories of harm",
            [
                para(
                    "No theory-of-harm rubric is in this rubric set; Top risks carries the findings this memo can support."
                )
            ],
        )
    by_id = {f.id: f for rr in assessment.results for f in rr.findings}
    items = []
    for g in groups:
        status = THEORY_STATUS.get(g["status"], words(g["status"]))
        hit = [by_id[c] for c in g["triggered"]]
        detail = "; ".join(_hit_text(g["theory"], f, cat) for f in hit[:2])
        if not hit and g["missing_facts"]:
            labels = [fact_label(cat, m) for m in g["missing_facts"][:3]]
            detail = "It turns on " + "; ".join(x[:1].lower() + x[1:] if x.startswith("Whether") else x for x in labels)
        items.append(((f"{clean(g['theory'])}: {status}. ", "b"), first_sentences(detail, 320)))
    live = [rr for rr in live_risk(assessment) if rr.id == groups[0]["rubric"]]
    lead = [para(f"Competitive effects overall: {verdict_words(live[0].range)}.")] if live else []
    return section("theories", "Theories of harm", [*lead, bullets(items)])


def _hit_text(theory: str, f, cat) -> str:
    """A triggered finding under its theory: the title without the theory's own name repeated
    ('Customer foreclosure: the developer's …' under 'Customer foreclosure — …'), its why in brackets."""
    title = clean(f.criterion.title)
    name = clean(theory).split(" — ", 1)[0].strip()
    if name and title.lower().startswith(name.lower() + ":"):
        title = title[len(name) + 1 :].strip()
        title = title[:1].upper() + title[1:]
    why = why_text(f, cat).strip().rstrip(".")
    return title + (f" ({why})" if why else "")


def open_questions(rr, cat, limit: int = 6, skip=None) -> list:
    """What an open criterion waits for, as neutral questions ('whether …', 'the value of …'), never
    its title, which reads like a finding against the client."""
    out: dict[str, None] = {}
    for f in rr.findings:
        if f.status != "unknown" or f.waived or (skip is not None and skip(f)):
            continue
        for fid in f.missing:
            if fid.startswith(("param:", "fx:")):
                continue
            label = fact_label(cat, fid)
            text = (
                label[:1].lower() + label[1:]
                if label.startswith("Whether ")
                else "the " + label[:1].lower() + label[1:]
            )
            out.setdefault(text, None)
    return list(out)[:limit]


def _authorities(rr) -> str:
    """'California Attorney General, Delaware Attorney General': the authority alone where it already names its state."""
    names = []
    for j in rr.jurisdictions:
        a, n = clean(j.authority), clean(j.name)
        names.append(a if (not n or n.lower() in a.lower()) else f"{a} ({n})" if a else n)
    return ", ".join(dict.fromkeys(names))


# Columns of the conditions register: the items are commitments the nonprofit and the target gave
# the attorneys general (or the attorneys general's own steps), so the column names their source,
# not who "imposed" them.
REGISTER_COLUMNS = ["Condition", "Given to, and source", "When", "Status"]
CONDITION_STATUS = {"in_force": "in force", "satisfied": "done", "disputed": "disputed", "unknown": "unknown"}
TAX_LEAD = "Flag for tax counsel: "


def _is_tax_flag(f) -> bool:
    return "-tax-" in f.criterion.id or clean(f.criterion.title).startswith(TAX_LEAD)


def _closed_frame(assessment, rr) -> list:
    """For a closed deal the attorneys general's reviews are over: the concern is post-closing
    compliance with the commitments given to them, and litigation, not a pending review."""
    verdict = verdict_words(rr.range)
    if assessment.deal.stage != "closed":
        return [para(f"Verdict: {verdict}. Reviewing authorities: {_authorities(rr)}.")]
    register = tuple(getattr(assessment.deal, "conditions", ()) or ())
    who = " and ".join(_authorities(rr).rsplit(", ", 1))
    done = (
        f"The reviews by the {who} ended before closing; the commitments the nonprofit "
        "and the target gave them are in the register below."
        if register
        else f"The deal has closed; no commitments to the {who} are recorded."
    )
    return [
        para(("Post-closing compliance and litigation risk: ", "b"), f"{verdict}."),
        para(
            done + " What remains is whether those commitments are kept (the attorneys general monitor them "
            "and can enforce them), and private litigation against the transaction."
            + (" " + suits if (suits := particulars_text(assessment)) else "")
        ),
    ]


def _tax_flags(rr) -> list:
    """Points for tax counsel, as flags, not conclusions: the provisions the rubric cites (their
    titles up to the bracket), marked unverified where the research does not hold them."""
    items, unverified = [], False
    for f in rr.findings:
        if not _is_tax_flag(f) or f.status == "not_applicable" or f.waived:
            continue
        title = clean(f.criterion.title)
        title = title[len(TAX_LEAD) :] if title.startswith(TAX_LEAD) else title
        state = {"triggered": "raised on the facts", "not_triggered": "not raised on the facts"}.get(f.status, "open")
        cites = "; ".join(dict.fromkeys(clean(r.title).split(" (", 1)[0] for r in f.criterion.references))
        items.append(f"{title[:1].lower() + title[1:]}{f' ({cites})' if cites else ''} — {state}")
        unverified = unverified or bool(f.criterion.unverified)
    if not items:
        return []
    note = "; the provisions are cited from general knowledge, not verified in our research" if unverified else ""
    why = (  # whose problem it is (fifth partner review (a)8): the nonprofit's, reaching the investor two ways
        " Why they matter to the investor: a tax problem at the nonprofit can lead the attorneys general or the "
        "IRS to revisit the transaction's terms; and an excess-benefit tax falls on the person who receives the "
        "benefit only if it is a disqualified person (one with substantial influence over the organisation), "
        "which the facts do not show the investor to be."
    )
    return [para(("Flags for tax counsel", "b"), f" (flags, not conclusions{note}): " + "; ".join(items) + "." + why)]


def charitable(assessment) -> dict:
    cat = assessment.catalogue
    rubrics = [rr for rr in assessment.results if "charit" in rr.rubric.id]
    if not rubrics:
        return section(
            "charitable", "Charitable assets and the attorneys general", [para("No charitable-assets rubric was run.")]
        )
    blocks = []
    for rr in rubrics:
        if rr.status == "not_applicable":
            blocks.append(para(f"Not in play: {not_in_play_line(rr, cat)}."))
            continue
        blocks += _closed_frame(assessment, rr)
        hit = [f for f in rr.findings if f.status == "triggered" and not f.waived and not _is_tax_flag(f)]
        if hit:
            blocks.append(bullets([((f.criterion.title + ". ", "b"), why_text(f, cat)) for f in hit]))
        register = tuple(getattr(assessment.deal, "conditions", ()) or ())
        open_ = open_questions(rr, cat, skip=_is_tax_flag)
        if open_:
            blocks.append(para(("Not yet verified: ", "b"), "; ".join(open_) + "."))
        if register and len(register) > 8:
            register = register[:8]
            blocks.append(
                para(
                    f"The eight conditions most relevant are listed; all {len(assessment.deal.conditions)} are in the JSON output.",
                    cls="small",
                )
            )
        if register:
            blocks.append(h3("Conditions register"))
            blocks.append(
                table(
                    REGISTER_COLUMNS,
                    [
                        [
                            clean(getattr(c, "text", str(c))),
                            clean(getattr(c, "imposed_by", "")),
                            clean(getattr(c, "due", "")),
                            CONDITION_STATUS.get(getattr(c, "status", ""), words(getattr(c, "status", ""))),
                        ]
                        for c in register
                    ],
                    [0.52, 0.26, 0.11, 0.11],
                    "conditions",
                )
            )
        blocks += _tax_flags(rr)
    return section("charitable", "Charitable assets and the attorneys general", blocks)


# A sentence that only states where the deal stands ('The rights are already in place.') is no mitigation.
_STAGE_ONLY = re.compile(
    r"^(?:closed deal[:—–-]\s*)?[^.;]*\balready (?:in place|closed|signed|completed)\b[^.;]*[.;]\s*", re.I
)
# A remedy that applies only to a position no authority has reviewed ('control … that no regulator has reviewed').
_UNREVIEWED_ONLY = re.compile(r"\bno (?:regulator|authority) has reviewed\b", re.I)
# Watching is not a step (third partner review (a)11): 'Monitor agency follow-up …', 'monitor compliance with
# the commitments … (they bind them, not the investor)' are dropped, sentence by sentence.
_PASSIVE = re.compile(r"^(?:(?:closed deal|deal closed)\s*[:—–-]\s*)?(?:monitor|track|watch|follow)\b", re.I)
_SENTENCES = re.compile(r"(?<=\.)\s+(?=[A-Z])")

# A live suit against the transaction: steps the client takes now, whoever it is, by stage (the rubric's
# 'track the docket' is not one). Short: for the Top risks cell.
PROCEEDING_STEPS = {
    "done": "Put a litigation hold on the documents about the transaction; agree a privilege protocol, with "
    "common-interest terms, before privileged material is shared with co-defendants; review the indemnities in "
    "the transaction agreements and any joint-defence arrangement; assess the investor's exposure if it is a defendant.",
    "open": "Put a litigation hold on the documents about the transaction; allocate the suit's risk in the "
    "agreements (indemnities, and a condition or termination right if an injunction issues); agree a privilege "
    "protocol, with common-interest terms, before privileged material is shared with the other parties.",
}
# The investor already a defendant: its hold exists for the suit; what matters is that it reaches the deal.
PROCEEDING_DEFENDANT = (
    "Confirm that the litigation hold kept for the suit covers the documents about this transaction; agree a "
    "privilege protocol, with common-interest terms, before privileged material is shared with co-defendants; "
    "review the indemnities in the transaction agreements and any joint-defence arrangement.",
    "Confirm the litigation hold covers this transaction's documents, agree a privilege protocol, and review "
    "the indemnities and any joint-defence arrangement.",
)
PROCEEDING_SHORT = {
    "done": "Put a litigation hold in place, agree a privilege protocol, and review the indemnities and any "
    "joint-defence arrangement.",
    "open": "Put a litigation hold in place, agree a privilege protocol, and allocate the suit's risk in the "
    "agreements.",
}


def mitigation_text(assessment, finding, rr, limit: int) -> str:
    """A finding's mitigation for the deal's stage, or '' when it has none: a statement of the stage
    alone is dropped, and so is a remedy for unreviewed positions when an earlier review covered
    the concern's regimes (second partner review, (a) item 28), and so is a sentence that only
    watches (monitor, track). A live suit gets the litigation steps (PROCEEDING_STEPS)."""
    stage = assessment.deal.stage
    if is_proceeding(finding):
        key = "done" if stage in ("signed", "closed") else "open"
        facts = [c.fact for c in finding.checks if c.result is True]
        if key == "done" and any(getattr(particulars(assessment, f), "investor_defendant", None) for f in facts):
            return PROCEEDING_DEFENDANT[0 if limit >= 200 else 1]
        return (PROCEEDING_STEPS if limit >= 200 else PROCEEDING_SHORT)[key]
    text = _STAGE_ONLY.sub("", mitigation_for(finding.criterion, stage).strip()).strip()
    text = " ".join(s for s in _SENTENCES.split(text) if not _PASSIVE.match(s.strip()))
    if not text:
        return ""
    if _UNREVIEWED_ONLY.search(text) and reviewed_concern(assessment, rr):
        return ""
    return first_sentences(text, limit)


def reviewed_concern(assessment, rr) -> bool:
    """Whether an earlier regulator review (the deal's prior state) covered one of the concern's regimes."""
    from riskkit.render.memo_prior import _covers

    prior = getattr(assessment.deal, "prior", None)
    return prior is not None and any(_covers(r, rr.jurisdictions) for r in prior.reviews)


# Conduct-law routes (riskkit.render.memo_conduct) by regime, as the draft commitments are meant for them.
CONDUCT_ROUTES = {
    "EU-EC": "an Art. 102 TFEU case by the Commission",
    "UK-CMA": "a strategic market status investigation by the CMA",
}


def conduct_routes(assessment) -> list:
    """The conduct-law routes open on the deal's features and date (as the regulator outlook shows them)."""
    from riskkit.render.memo_conduct import applicable

    out = [
        CONDUCT_ROUTES[row.regime.id]
        for row, _route, _later in applicable(assessment)
        if row.regime.id in CONDUCT_ROUTES
    ]
    return list(dict.fromkeys(out))


def draft_commitments(assessment, offers: bool) -> list:
    """Once the terms are agreed, the offers held in reserve are prepared in draft for a conduct-law approach."""
    routes = conduct_routes(assessment)
    if not offers or not routes or assessment.deal.stage not in ("signed", "closed"):
        return []
    return [
        (
            ("An approach under conduct law. ", "b"),
            "Have counsel work out, orally or in privileged notes counsel keeps, the commitments an authority "
            "would look for in "
            + " or ".join(routes)
            + ", so that they are ready if one begins; circulate no draft, which could read as a concession, and "
            "whether to offer them stays the client's decision.",
        )
    ]


def mitigations(assessment) -> dict:
    stage = assessment.deal.stage
    seen, items = set(), []
    for rr in sorted(live_risk(assessment), key=severity, reverse=True):
        for f in sorted(rr.findings, key=lambda f: -f.points):
            if f.status != "triggered" or f.waived:
                continue
            text = mitigation_text(assessment, f, rr, 260)  # '' when the finding has none
            if text and text not in seen:
                seen.add(text)
                items.append(((f.criterion.title + ". ", "b"), contingency(text)))
    offers = any(t.startswith("If an authority opens a case") for (_, t) in items)
    items = items[:7] + draft_commitments(assessment, offers)
    stage_line = {
        "closed": "The deal has closed and the record up to the facts' date shows no case opened about it, so an "
        "offer below is a position to hold in reserve if one is, not one to make now; the other steps can be taken "
        "now.",
        "signed": "The deal is signed: these can be offered as commitments or built into closing conditions.",
    }.get(stage, "The deal is not yet signed: these can still shape the terms.")
    if any(p.role == "investor" for p in getattr(assessment.deal, "parties", ())):
        stage_line = "The steps are the investor's. " + stage_line  # whose they are, said once (partner review (a)11)
    if not items:
        return section(
            "mitigations", "Mitigations and remedies", [para("No triggered finding calls for a mitigation.")]
        )
    return section("mitigations", "Mitigations and remedies", [para(stage_line), bullets(items)])


def waived(assessment) -> list:
    """The waived findings table (approver, expiry, justification), or nothing."""
    rows = [
        [f.criterion.title, clean(f.waiver.approved_by), str(f.waiver.expires or ""), clean(f.waiver.justification)]
        for rr in assessment.results
        for f in rr.findings
        if f.waived
    ]
    if not rows:
        return []
    return [
        h3("Waived findings"),
        table(["Finding", "Approved by", "Expires", "Justification"], rows, [0.3, 0.18, 0.12, 0.4], "waived"),
    ]

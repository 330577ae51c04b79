"""The appendix: findings criterion by criterion (including checked and not met), every
information request, facts with provenance, a table of authorities (one entry per source,
pinpoints gathered under it), the computed detail (timeline, uncertainty, paths) and the
method with the audit fingerprint. Pure: returns memo_blocks sections.
"""

from __future__ import annotations

import re

from riskkit.model.display import and_join, show
from riskkit.model.results import VERDICTS
from riskkit.model.words import (
    check_sentence,
    clean,
    deciding_checks,
    fact_label,
    humanise,
    verdict_words,
    whole_span,
)
from riskkit.render.memo_authorities import Authorities
from riskkit.render.memo_blocks import h3, para, section, table
from riskkit.render.memo_rank import information_requests

STATUS_WORDS = {
    "triggered": "triggered",
    "unknown": "unknown",
    "not_triggered": "clear",
    "not_applicable": "not in play",
    "not_in_play": "not in play",
}
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_ZERO = re.compile(r"0(\.0+)?\s*%?")


def public_locator(text: str) -> str:
    """A source's address if it is a URL or a citation; a local file path never leaves the machine."""
    text = clean(text or "").strip()
    if not text or _URL.match(text):
        return text
    if "/" in text or "\\" in text or re.search(r"\.(txt|md|pdf|docx?|ya?ml|json)\b", text, re.I):
        return "internal research file"
    return text


def findings_section(assessment, auth: Authorities) -> dict:
    cat = assessment.catalogue
    blocks = [
        para(
            "Every criterion of every rubric run, with the facts that decided it. Status words: triggered; clear (checked, not met); unknown (a fact it needs is missing or straddles the threshold); not in play; waived.",
            cls="small",
        )
    ]
    for rr in assessment.results:
        r = rr.rubric
        rng = rr.range
        head = r.title  # its reference id and version: in the method section
        if rr.status == "not_applicable":
            blocks += [
                h3(head),
                para(
                    f"Not in play for this deal ({'; '.join(humanise(c.text, cat) for c in rr.applicability_checks) or 'applicability condition not met'}); {len(rr.findings)} criteria not assessed."
                ),
            ]
            continue
        summary = _verdicts_sentence(rr) if r.kind == "notifiability" else _score_sentence(rng)
        blocks += [h3(head), para(summary + " " + counts_sentence(rr), cls="small")]
        order = {"triggered": 0, "unknown": 1, "not_triggered": 2, "not_applicable": 3, "not_in_play": 4}
        rows = []
        for f in sorted(rr.findings, key=lambda f: (order[f.status], -f.points_worst, f.id)):
            refs = [auth.law(ref) for ref in f.criterion.references]
            srcs = [auth.source(s) for u in f.facts for s in u.sources]
            if f.status == "unknown":
                why = (
                    "Needs: " + "; ".join(fact_label(cat, m) for m in f.missing)
                    if f.missing
                    else humanise(f.unknown_reason, cat)
                )
            else:
                why = "; ".join(check_words(c, cat) for c in deciding_checks(f)[:3])
            if f.status == "not_in_play" and not why and f.reason:  # why it is out: a row never reads bare
                reason = humanise(f.reason, cat)
                if f.reason.startswith(("context", "outside")):  # a context note names other rubrics, tags
                    reason = reason.split(": ")[0].split(" (")[0]
                why = reason[:1].upper() + reason[1:]
            if f.level:
                why = clean(f.level) + ". " + why
            status = STATUS_WORDS[f.status] + (" (waived)" if f.waived else "")
            pts = f"{f.points:g}" if f.points == f.points_worst else f"{f.points:g}–{f.points_worst:g}"
            rows.append(
                [
                    f.criterion.title,
                    status,
                    f"{pts} / {f.max_points:g}",
                    why,
                    ", ".join(sorted(set(refs), key=_number) + sorted(set(srcs), key=_number)),
                ]
            )
        blocks.append(
            table(
                ["Criterion", "Status", "Points", "Why", "Authority"], rows, [0.25, 0.11, 0.09, 0.43, 0.12], "findings"
            )
        )
    return section("appendix-findings", "A. Findings by criterion", blocks, part="appendix")


def _score_sentence(rng) -> str:
    """'Verdict: possible (range remote – likely); scored 10–45 on a 100-point scale …' for a scored rubric."""
    score = whole_span(rng.score, rng.score_worst)
    out = f"Verdict: {verdict_words(rng)}. It scores {score} on a 100-point scale: the share of its points carried by the criteria that are met"
    return out + (", counting the unknown ones first as not met, then as met." if rng.score != rng.score_worst else ".")


def _verdicts_sentence(rr) -> str:
    """'Filing verdicts: 6 regimes undecided on the facts given.' for a filing rubric."""
    words = {
        "likely notifiable": "likely notifiable",
        "not notifiable": "not notifiable",
        "unknown": "undecided on the facts given",
    }
    got = [j.verdict for j in rr.jurisdictions]
    parts = [f"{n} regime{'s' if n != 1 else ''} {words.get(v, v)}" for v in VERDICTS if (n := got.count(v))]
    return "Filing verdicts: " + (and_join(parts) if parts else "no regime screened") + "."


def counts_sentence(rr) -> str:
    """'Of its 24 criteria, 3 are triggered, 8 unknown, 10 clear and 3 not in play.' (no zero counts)."""
    c = rr.counts()
    shown = [
        (c["triggered"], "triggered"),
        (c["waived"], "waived"),
        (c["unknown"], "unknown"),
        (c["not_triggered"], "clear"),
        (c["not_applicable"] + c.get("not_in_play", 0), "not in play"),
    ]
    parts = [f"{n} {word}" for n, word in shown if n]
    if not c["triggered"]:
        parts.insert(0, "none triggered")
    num, rest = parts[0].split(" ", 1)
    head = f"{num} {'is' if num in ('1', 'none') else 'are'} {rest}"
    return f"Of its {len(rr.findings)} criteria, " + and_join([head, *parts[1:]]) + "."


def _number(ref: str) -> int:
    """'A12' → 12, so that a row's citations read in the table's order ('' before freezing → 0)."""
    return int(ref[1:] or 0)


def check_words(check, cat) -> str:
    """A deciding comparison as a sentence; against a zero threshold it says only the value
    ('Number of voting directors …: none', never '0, at or below the 0 threshold')."""
    expected = humanise(check.param_value if check.param_in_force else check.expected, cat).strip("[] ")
    actual = humanise(check.actual, cat)
    zero = check.op in ("gt", "gte") and _ZERO.fullmatch(actual)  # 'is there any?': there is none
    if check.op in ("gt", "gte", "lt", "lte") and check.result is not None and (zero or _ZERO.fullmatch(expected)):
        return f"{fact_label(cat, check.fact)}: " + ("none" if _ZERO.fullmatch(actual) else actual)
    return check_sentence(check, cat)


def requests_section(assessment) -> dict:
    reqs = information_requests(assessment, proceedings=True)
    if not reqs:
        return section("appendix-requests", "B. Information requests", [para("No fact is missing.")], part="appendix")
    rows = [
        [
            str(e["rank"]),
            e["question"],
            "; ".join(e["effects"]) or "completes the record",
        ]
        for e in reqs
    ]
    return section(
        "appendix-requests",
        "B. Information requests",
        [table(["#", "Question", "What the answer could change"], rows, [0.05, 0.6, 0.35], "requests")],
        part="appendix",
    )


def facts_section(assessment, auth: Authorities) -> dict:
    cat, deal = assessment.catalogue, assessment.deal
    rows = []
    for fact in sorted(deal.facts.values(), key=lambda f: (cat.facts[f.id].group, f.id)):
        spec = cat.facts[fact.id]
        value = show(fact.value, spec.type, fact.currency, spec.unit)
        src = ", ".join(auth.source(s) for s in fact.sources) or "none"
        note = clean(fact.note) + (f" As of {fact.as_of.isoformat()}." if fact.as_of else "")
        rows.append(
            [
                fact_label(cat, fact.id),
                humanise(value),
                fact.confidence,
                src,
                note.strip(),
            ]
        )
    for u in sorted(assessment.derived_facts_used().values(), key=lambda u: u.id):
        src = ", ".join(auth.source(s) for s in u.sources) or "none"
        rows.append(
            [
                fact_label(cat, u.id),
                humanise(u.display),
                u.confidence,
                src,
                "Derived from " + ", ".join(fact_label(cat, d) for d in u.derived_from) + ".",
            ]
        )
    return section(
        "appendix-facts",
        "C. Facts with provenance",
        [
            para(
                "Every fact in the deal file and every derived fact the rubrics used. A fact not listed is unknown, never zero.",
                cls="small",
            ),
            table(["Fact", "Value", "Confidence", "Sources", "Note"], rows, [0.3, 0.14, 0.11, 0.09, 0.36], "facts"),
        ],
        part="appendix",
    )


def _later(entry: dict, auth: Authorities) -> str:
    """The no-hindsight flag on an authority dated after the facts' as-of date (issue 13, item 8)."""
    if not entry.get("later"):
        return ""
    return f" — dated after the facts' as-of date ({auth.deal.as_of.isoformat()}): later material, for reference only"


def authorities_section(auth: Authorities) -> dict:
    blocks = []
    for title, entries in auth.table():
        rows = [
            [
                e["number"],
                [
                    (", ".join(p for p in (e["issuer"], e["title"], e["date"]) if p) + _later(e, auth), ""),
                    ("\n" + e["url"], "small") if e["url"] else ("", ""),
                ],
                "\n".join(e["pinpoints"]) or "—",
            ]
            for e in entries
        ]
        blocks += [h3(title), table(["#", "Authority", "Pinpoints cited"], rows, [0.06, 0.6, 0.34], "authorities")]
    srcs = sorted(auth.sources.values(), key=lambda e: int(e["number"][1:]))
    if srcs:
        rows = [
            [
                e["number"],
                [(e["title"], ""), ("\n" + ", ".join(p for p in (e["publisher"], e["date"], e["url"]) if p), "small")],
                e["kind"],
            ]
            for e in srcs
        ]
        blocks += [h3("Deal sources"), table(["#", "Source", "Kind"], rows, [0.06, 0.78, 0.16], "sources")]
    return section(
        "appendix-authorities",
        "D. Table of authorities",
        blocks or [para("No authority or source was cited.")],
        part="appendix",
    )


def extras_section(extras: list) -> dict | None:
    if not extras:
        return None
    blocks = [{"type": "html", "section": e} for e in extras]
    return section("appendix-detail", "E. Timeline, uncertainty and what-if detail", blocks, part="appendix")


def method_section(assessment, date: str) -> dict:
    as_of = assessment.deal.as_of

    def effective(r) -> str:
        if as_of and r.effective > as_of:  # the law it encodes is later: the values in force on as_of were used
            return f"effective {r.effective.isoformat()}; its values in force on {as_of.isoformat()} were used"
        return f"effective {r.effective.isoformat()}"

    rubrics = "\n".join(
        f"{clean(rr.rubric.title)}: {rr.rubric.id}, version {rr.rubric.version} ({effective(rr.rubric)})"
        for rr in assessment.results
    )
    fingerprint = assessment.fingerprint.removeprefix("sha256:")
    return section(
        "appendix-method",
        "F. Method and fingerprint",
        [
            para(
                "Each rubric is a set of criteria written as conditions over the deal's facts, each citing the authority behind it. "
                "A criterion is triggered when its condition holds, checked and not met when it fails, and open when a fact it needs "
                "is missing or is a range that straddles the threshold. A rubric's score is the points of its triggered criteria as a "
                "share of the points it could award (0–100); open criteria are counted both ways, so scores and bands may be ranges. "
                "Thresholds that change over time are dated and the value in force on the facts' as-of date is used. Filing rubrics give "
                "verdicts, not scores. Bands read on one scale as remote, possible, likely and very likely."
            ),
            table(
                ["Item", "Value"],
                [
                    ["SHA-256 fingerprint of the inputs", fingerprint],
                    ["riskkit version", assessment.riskkit_version],
                    ["Deal file (reference id)", assessment.deal.id],
                    ["Rubrics (reference id, version)", rubrics],
                    ["Prepared on", date],
                    ["Facts as of", assessment.deal.as_of.isoformat()],
                ],
                [0.22, 0.78],
                "audit",
            ),
            para(
                "The fingerprint is the SHA-256 of the canonical deal file, facts catalogue and rubrics: the same inputs give the same fingerprint and the same memo, byte for byte.",
                cls="small",
            ),
        ],
        part="appendix",
    )


def appendix_sections(assessment, *, date: str, extras: list = (), role: str = "counsel") -> list:
    auth = Authorities(assessment.deal, public_locator)
    # Two passes: the first files every citation, so that the entries can be grouped and numbered
    # (legal authorities first) before the second writes the numbers into the findings.
    for _ in range(2):
        findings = findings_section(assessment, auth)
        facts = facts_section(assessment, auth)
        for (
            row
        ) in assessment.screen:  # the filing matrix and regulator outlook cite these: periods, penalties, precedents
            for ref in (*row.regime.references, *(row.response.references if row.response is not None else ())):
                auth.law(ref)
        if role == "counsel":  # page 1's privilege caveat cites the judgments: listed like every other authority
            auth.law(_akzo())
            auth.law(_akzo("AMS"))
        auth.freeze()
    out = [
        findings,
        requests_section(assessment),
        facts,
        authorities_section(auth),
        extras_section(list(extras)),
        method_section(assessment, date),
    ]
    return [s for s in out if s]


def _akzo(name: str = "AKZO"):
    """A judgment the privilege caveat cites (riskkit.render.legend.AKZO or .AMS) as a Reference."""
    import datetime as _dt

    from riskkit.model.inputs import Reference
    from riskkit.render import legend

    data = getattr(legend, name)
    return Reference(**{**data, "date": _dt.date.fromisoformat(data["date"])})

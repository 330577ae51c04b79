"""The main memo, the part counsel signs: bottom line, top risks, next steps and the ten
information requests that matter most, the filing matrix, then theories of harm, charitable
assets, regulator response, mitigations and key assumptions.

Every section is built from whatever the Assessment carries: a section whose data a rubric
set does not provide (no competitive-effects rubric, no filing-screen clocks) is one line
saying where to look, never an empty page. Pure: returns memo_blocks sections.
"""

from __future__ import annotations

from riskkit.model.inputs import band_rank
from riskkit.render.legend import HSR_NOTE, closing
from riskkit.render.memo_blocks import box, bullets, h3, para, section, table
from riskkit.render.memo_rank import (
    decided_by,
    information_requests,
    likely_band,
    live_risk,
    regime_band,
    severity,
    top_risks,
)
from riskkit.render.memo_words import clean, fact_label, humanise, likelihood, likelihood_span, mitigation_for, why_text

TIMING = {
    "closed": "Now (closed: ex post review)",
    "signed": "Before closing",
    "mou": "Before signing",
    "proposed": "Before signing",
}
STATUS = {
    ("likely notifiable", "closed"): "Closed: confirm a filing was made",
    ("likely notifiable", ""): "Prepare the filing",
    ("not notifiable", ""): "No filing on these facts",
    ("unknown", ""): "Data needed",
}


def first_sentences(text: str, limit: int = 230) -> str:
    """Whole sentences up to about `limit` characters (never cut mid-sentence unless one is longer)."""
    text = " ".join(clean(text).split())
    if len(text) <= limit:
        return text
    out = ""
    for sentence in text.replace("; ", ". ").split(". "):
        candidate = (out + " " + sentence.rstrip(".") + ".").strip()
        if len(candidate) > limit and out:
            break
        out = candidate
    return out if len(out) <= limit + 80 else out[: limit - 1].rsplit(" ", 1)[0] + "…"


def verdict_words(rng) -> str:
    """A concern's verdict in words on the common scale, with its range when it has one."""
    likely = getattr(rng, "band_likely", None)
    span = likelihood_span(rng.band, rng.band_worst)
    if likely:
        return likelihood(likely) + (f" (range {span})" if rng.band != rng.band_worst else "")
    return span


def is_short_form(assessment) -> bool:
    """Every risk rubric in play is low even if every open fact went against the deal."""
    live = live_risk(assessment)
    return all(rr.range.band_worst == "low" for rr in live)


def timing_for(criterion, stage: str) -> str:
    return clean(getattr(criterion, "timing", "") or TIMING.get(stage, "Before signing"))


# -- sections ---------------------------------------------------------------------------


def bottom_line(assessment, requests: list, narrative: list, review: dict | None) -> dict:
    cat = assessment.catalogue
    blocks = []
    if narrative:
        blocks.append(box("Counsel's bottom line", narrative))
    if review:
        blocks.append(reviewed_box(review))
    live = sorted(live_risk(assessment), key=severity, reverse=True)
    inner = []
    if live and is_short_form(assessment):
        inner.append(para(("Every concern reads remote", "b"), ", even with every open fact counted against the deal."))
    if live:
        worst = live[0]
        inner.append(
            None
            if is_short_form(assessment)
            else para(
                "Gravest concern: ",
                (worst.rubric.title, "b"),
                f" — {verdict_words(worst.range)}.",
            )
        )
        rows = []
        for rr in live:
            regimes = ", ".join(f"{regime_code(j)} {likelihood(likely_band(j.range))}" for j in rr.jurisdictions)
            decides = "; ".join(decided_by(rr, cat, 2)) or "No criterion triggered"
            rows.append([[(rr.rubric.title, "b")], verdict_words(rr.range), regimes, decides])
        inner.append(
            table(["Concern", "Verdict", "By regime", "What decides it"], rows, [0.2, 0.14, 0.27, 0.39], "bottom")
        )
    else:
        inner.append(para("No risk concern is in play for this deal on the facts given."))
    filing = filing_summary(assessment)
    if filing:
        inner.append(para(("Filing: ", "b"), filing))
    idle = [rr for rr in assessment.results if rr.status == "not_applicable"]
    if idle:
        inner.append(para(("Not in play: ", "b"), "; ".join(not_in_play_line(rr, cat) for rr in idle) + "."))
    opened = (
        f" {len(requests)} fact{'s are' if len(requests) != 1 else ' is'} still open; the {min(10, len(requests))} "
        "whose answers could move a verdict most are listed under Next steps."
        if requests
        else ""
    )
    inner.append(para(("New or already reviewed: ", "b"), novelty_line(assessment) + opened))
    inner.append(
        para(
            "Likelihood words are one scale for every concern (remote, possible, likely, very likely); where two are "
            "given, the first reads the facts as given and the second counts every open fact against the deal.",
            cls="small",
        )
    )
    blocks.append(box("Bottom line", [b for b in inner if b]))
    return section("bottom-line", "Bottom line", blocks)


def regime_code(j) -> str:
    """'US', 'EU', 'UK', 'DE', 'US-CA' from a jurisdiction id like 'US-FTC/DOJ' or 'US-CA-AG'."""
    parts = j.id.split("-")
    if len(parts) >= 3 and len(parts[1]) == 2:
        return f"{parts[0]}-{parts[1]}"
    return parts[0]


def reviewed_box(review: dict) -> dict:
    rows = [
        [
            r["title"],
            likelihood_span(r["automatic"]["band"], r["automatic"]["band_worst"]),
            [(likelihood_span(r["reviewed"]["band"], r["reviewed"]["band_worst"]), "b" if r["changed"] else "")],
            str(r["adjustments"]),
        ]
        for r in review["results"]
        if r.get("automatic", {}).get("band")
    ]
    blocks = [
        para(
            "The reviewer's decisions from the review workbook are applied below; the rest of the memo shows the automatic result."
        ),
        table(["Concern", "Automatic", "Reviewed", "Decisions"], rows, [0.4, 0.22, 0.22, 0.16]),
    ]
    if review.get("fingerprint", {}).get("forced"):
        blocks.append(
            para(
                "The facts or rubrics changed after the workbook was made; the decisions were applied with --force.",
                cls="flag",
            )
        )
    return box("Reviewed result", blocks)


def not_in_play_line(rr, catalogue=None) -> str:
    from riskkit.render.memo_words import check_sentence

    why = "; ".join(check_sentence(c, catalogue) for c in rr.applicability_checks[:1])
    return f"{rr.rubric.title} ({why})" if why else rr.rubric.title


def novelty_line(assessment) -> str:
    labels: dict[str, int] = {}
    for rr in live_risk(assessment):
        for f in rr.findings:
            label = getattr(f, "novelty", None) or getattr(f, "exposure", None)
            if f.status == "triggered" and label:
                labels[str(label)] = labels.get(str(label), 0) + 1
    if labels:
        return (
            ", ".join(f"{n} finding{'s' if n != 1 else ''} {k.replace('_', ' ')}" for k, n in sorted(labels.items()))
            + "."
        )
    if getattr(assessment.deal, "prior", None) is None:
        return "the deal file names no earlier reviewed state, so every finding is read as new exposure."
    return "no finding carries a new or already-reviewed label."


def filing_rows(assessment) -> list:
    """One dict per regime of every verdict rubric."""
    cat, stage = assessment.catalogue, assessment.deal.stage
    rows = []
    for rr in assessment.results:
        if rr.rubric.kind != "notifiability" or rr.status == "not_applicable":
            continue
        for j in rr.jurisdictions:
            mine = [f for f in rr.findings if j.id in f.criterion.jurisdictions]
            hit = [f.criterion.title for f in mine if f.status == "triggered"]
            missing = list(dict.fromkeys(m for f in mine if f.status == "unknown" for m in f.missing))
            if j.verdict == "likely notifiable" and hit:
                basis = hit[0]
            elif j.verdict == "unknown" and missing:
                basis = (
                    "Needs: " + "; ".join(fact_label(cat, m) for m in missing[:3]) + ("…" if len(missing) > 3 else "")
                )
            else:
                basis = "No threshold met on the facts given"
            juris = cat.jurisdictions.get(j.id)
            info = {k: getattr(j, k, "") or getattr(juris, k, "") for k in ("suspensory", "clock", "window", "status")}
            status = info["status"] or STATUS.get((j.verdict, stage)) or STATUS.get((j.verdict, ""), "")
            rows.append(
                {
                    "regime": j.name,
                    "authority": j.authority,
                    "verdict": j.verdict or "unknown",
                    "basis": clean(basis),
                    **info,
                    "status": status,
                }
            )
    return rows


def filing_summary(assessment) -> str:
    rows = filing_rows(assessment)
    if not rows:
        return ""
    groups: dict[str, list] = {}
    for r in rows:
        groups.setdefault(r["verdict"], []).append(r["regime"])
    words = {"unknown": "need data", "likely notifiable": "likely notifiable", "not notifiable": "not notifiable"}
    return "; ".join(f"{', '.join(v)} {words.get(k, k)}" for k, v in groups.items()) + "."


def filing_matrix(assessment) -> dict:
    rows = filing_rows(assessment)
    if not rows:
        return section("filing", "Filing matrix", [para("No filing-threshold rubric was run for this deal.")])
    clocks = any(r["suspensory"] or r["clock"] or r["window"] for r in rows)
    if clocks:
        head = ["Regime", "Verdict", "Basis", "Suspensory", "Clock or window", "Status"]
        body = [
            [
                [(r["regime"], "b")],
                r["verdict"],
                r["basis"],
                _yes(r["suspensory"]),
                r["clock"] or r["window"],
                r["status"],
            ]
            for r in rows
        ]
        widths = [0.14, 0.14, 0.3, 0.1, 0.17, 0.15]
    else:
        head = ["Regime", "Verdict", "Basis", "Status"]
        body = [
            [[(r["regime"], "b"), ("\n" + r["authority"], "small")], r["verdict"], r["basis"], r["status"]]
            for r in rows
        ]
        widths = [0.24, 0.15, 0.41, 0.2]
    blocks = [table(head, body, widths, "filing")]
    if not clocks:
        blocks.append(
            para(
                "Suspensory effect and review clocks by regime: not in this rubric set; see the appendix.", cls="small"
            )
        )
    return section("filing", "Filing matrix", blocks)


def _yes(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return clean(value or "—")


def top_risks_section(assessment) -> dict:
    cat, stage = assessment.catalogue, assessment.deal.stage
    rows = []
    for f, rr in top_risks(assessment, limit=3):
        regimes = [regime_code(j) for j in rr.jurisdictions if j.id in f.criterion.jurisdictions]
        rows.append(
            [
                [
                    (f.criterion.title, "b"),
                    ("\n" + rr.rubric.title + (" · " + ", ".join(regimes) if regimes else ""), "small"),
                ],
                likelihood(regime_band(rr, f)),
                why_text(f, cat),
                timing_for(f.criterion, stage),
                first_sentences(mitigation_for(f.criterion, stage), 150) or "—",
            ]
        )
    if not rows:
        blocks = [para("No risk criterion is triggered on the facts given."), *waived(assessment)]
        return section("top-risks", "Top risks", blocks)
    head = ["Concern and regime", "Likelihood", "Why", "Timing", "Mitigation"]
    blocks = [table(head, rows, [0.22, 0.1, 0.3, 0.11, 0.27], "risks"), *waived(assessment)]
    return section("top-risks", "Top risks", blocks)


def next_steps(assessment, requests: list, short: bool) -> dict:
    steps = []
    rows = filing_rows(assessment)
    closed = assessment.deal.stage == "closed"
    for r in rows:
        if r["verdict"] == "likely notifiable":
            what = (
                "confirm that a filing was made, or assess gun-jumping exposure"
                if closed
                else "prepare the filing and plan for the waiting period"
            )
            steps.append(f"{r['regime']} ({r['authority']}): the screen reads likely notifiable — {what}.")
    open_ = [r["regime"] for r in rows if r["verdict"] == "unknown"]
    if open_:
        steps.append(
            f"Settle the filing questions in {', '.join(open_)}: collect the turnover and control facts listed below."
        )
    for f, _ in top_risks(assessment, limit=2):
        m = first_sentences(mitigation_for(f.criterion, assessment.deal.stage), 160)
        if m:
            steps.append(f"{f.criterion.title}: {m}")
    if requests:
        steps.append(
            f"Answer the information requests below, in order ({len(requests)} open in all; the full list is in the appendix)."
        )
    if not steps:
        steps.append("No action is needed on these facts; re-run the assessment if the terms change.")
    blocks = [
        table(
            ["#", "Step", "Owner", "Due"],
            [[str(i), s, "", ""] for i, s in enumerate(steps, 1)],
            [0.05, 0.69, 0.15, 0.11],
            "steps",
        )
    ]
    top = requests[: 5 if short else 10]
    if top:
        blocks.append(h3(f"Top {len(top)} information requests, ranked by how far the answer could move a verdict"))
        blocks.append(
            table(
                ["#", "Question", "Why it matters"],
                [[str(e["rank"]), e["question"], "; ".join(e["effects"][:2]) or "completes the record"] for e in top],
                [0.05, 0.6, 0.35],
                "requests",
            )
        )
    return section("next-steps", "Next steps", blocks)


def background(assessment) -> dict | None:
    deal = assessment.deal
    if not deal.summary:
        return None
    return section("background", "Background", [para(clean(deal.summary))])


def chart_section(chart: dict) -> dict:
    return section(
        "scores",
        "Scores at a glance",
        [
            {"type": "chart", "chart": chart},
            para(
                "Bars: the score on the facts as given; whisker: how far it could rise if every open fact went against the "
                "deal. Shading marks each concern's bands. Filing rubrics give verdicts, not scores, and are not charted.",
                cls="small",
            ),
        ],
    )


def theories_of_harm(assessment) -> dict:
    cat = assessment.catalogue
    rubrics = [rr for rr in live_risk(assessment) if "competitive" in rr.rubric.id or "harm" in rr.rubric.id]
    if not rubrics:
        return section(
            "theories",
            "Theories of harm",
            [
                para(
                    "No competitive-effects rubric is in this rubric set; the compute and influence findings under Top risks carry the theories this memo can support."
                )
            ],
        )
    blocks = []
    for rr in rubrics:
        hit = [f for f in rr.findings if f.status == "triggered" and not f.waived]
        hit.sort(key=lambda f: -f.points)
        blocks.append(para((rr.rubric.title, "b"), f": {verdict_words(rr.range)}. ", clean(rr.rubric.summary)))
        if hit:
            blocks.append(bullets([((f.criterion.title + ". ", "b"), why_text(f, cat)) for f in hit[:6]]))
    return section("theories", "Theories of harm", blocks)


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
        regimes = ", ".join(f"{j.name} ({j.authority})" for j in rr.jurisdictions)
        blocks.append(para(f"Verdict: {verdict_words(rr.range)}. Reviewing authorities: {regimes}."))
        hit = [f for f in rr.findings if f.status == "triggered" and not f.waived]
        if hit:
            blocks.append(bullets([((f.criterion.title + ". ", "b"), why_text(f, cat)) for f in hit]))
        open_ = [f.criterion.title for f in rr.findings if f.status == "unknown"]
        if open_:
            blocks.append(para(("Open: ", "b"), "; ".join(open_) + "."))
        register = getattr(assessment.deal, "conditions", None) or getattr(rr, "conditions", None)
        if register:
            blocks.append(h3("Conditions register"))
            blocks.append(
                table(
                    ["Condition", "Imposed by", "Status"],
                    [
                        [getattr(c, "text", str(c)), getattr(c, "authority", ""), getattr(c, "status", "")]
                        for c in register
                    ],
                    [0.6, 0.2, 0.2],
                )
            )
    return section("charitable", "Charitable assets and the attorneys general", blocks)


def regulator_response(assessment) -> dict:
    items = []
    for rr in live_risk(assessment):
        response = getattr(rr, "response", None) or getattr(rr.rubric, "response", None)
        if response:
            items.append(((rr.rubric.title + ": ", "b"), clean(response)))
    if not items:
        return section(
            "response",
            "Likely regulator response and timeline",
            [
                para(
                    "Regulator response scenarios are not in this rubric set; the filing matrix gives the verdicts and the appendix the timeline."
                )
            ],
        )
    return section("response", "Likely regulator response and timeline", [bullets(items)])


def mitigations(assessment) -> dict:
    stage = assessment.deal.stage
    seen, items = set(), []
    for rr in sorted(live_risk(assessment), key=severity, reverse=True):
        for f in sorted(rr.findings, key=lambda f: -f.points):
            if f.status != "triggered" or f.waived:
                continue
            text = first_sentences(mitigation_for(f.criterion, stage), 260)
            if text and text not in seen:
                seen.add(text)
                items.append(((f.criterion.title + ". ", "b"), text))
    stage_line = {
        "closed": "The deal has closed: these are remediation steps and commitments, not structuring choices.",
        "signed": "The deal is signed: these can be offered as commitments or built into closing conditions.",
    }.get(stage, "The deal is not yet signed: these can still shape the terms.")
    if not items:
        return section(
            "mitigations", "Mitigations and remedies", [para("No triggered finding calls for a mitigation.")]
        )
    return section("mitigations", "Mitigations and remedies", [para(stage_line), bullets(items[:8])])


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


def key_assumptions(assessment, role: str) -> dict:
    cat, deal = assessment.catalogue, assessment.deal
    blocks = []
    presumptions = getattr(assessment, "presumptions", None) or ()
    if presumptions:
        items = []
        for p in presumptions:
            fid = p.get("fact") if isinstance(p, dict) else getattr(p, "fact", "")
            reason = p.get("reason") if isinstance(p, dict) else getattr(p, "reason", "")
            shown = p.get("display") if isinstance(p, dict) else ""
            items.append(
                (
                    (fact_label(cat, fid) + ": ", "b"),
                    clean(shown or "") + (" — " if shown else "") + humanise(reason, cat),
                )
            )
        blocks += [h3("Presumptions the likely estimate used"), bullets(items)]
    else:
        blocks.append(
            para(
                "Open facts are scored both ways (facts as given, and every open fact against the deal); no presumption fills them."
            )
        )
    used = {}
    for rr in live_risk(assessment):
        for f in rr.findings:
            if f.status == "triggered" and not f.waived:
                for u in f.facts:
                    used.setdefault(u.id, u)
    if used:
        items = [
            (
                (fact_label(cat, u.id) + ": ", "b"),
                humanise(u.display, cat) + (f" ({u.confidence})" if u.confidence else ""),
            )
            for u in list(used.values())[:10]
        ]
        blocks += [h3("Facts taken as given"), bullets(items)]
    if _us_in_play(assessment):
        blocks.append(para(HSR_NOTE, cls="small"))
    blocks.append(para(f"Facts as of {deal.as_of.isoformat()}. " + closing(role), cls="small"))
    return section("assumptions", "Key assumptions and limits", blocks)


def _us_in_play(assessment) -> bool:
    return any(
        j.id.startswith("US-FTC")
        for rr in assessment.results
        if rr.status != "not_applicable"
        for j in rr.jurisdictions
    )


def main_sections(assessment, *, role: str, chart: dict, narrative: list = (), review: dict | None = None) -> list:
    """The main memo's sections in order (the short form when every risk concern is low)."""
    requests = information_requests(assessment)
    short = is_short_form(assessment)
    out = [
        bottom_line(assessment, requests, list(narrative), review),
        top_risks_section(assessment),
        next_steps(assessment, requests, short),
        filing_matrix(assessment),
    ]
    if short:
        out.append(background(assessment))
        out.append(
            section(
                "other",
                "Other matters",
                [
                    para(
                        "Every concern reads remote even with every open fact against the deal, so theories of harm, regulator response and remedies are not discussed; the appendix has the findings criterion by criterion."
                    )
                ],
            )
        )
    else:
        out += [
            background(assessment),
            chart_section(chart),
            theories_of_harm(assessment),
            charitable(assessment),
            regulator_response(assessment),
            mitigations(assessment),
        ]
    out.append(key_assumptions(assessment, role))
    return [s for s in out if s]


__all__ = ["main_sections", "is_short_form", "band_rank"]

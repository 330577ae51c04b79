"""The filing matrix and the likely regulator response: from the filing screen when the
assessment carries one (regime, verdict, reason, suspensory effect, clock, window, filed?,
likely response), else from the verdict rubrics' jurisdictions. Pure: returns memo_blocks.
"""

from __future__ import annotations

import re

from riskkit.model.words import clean, fact_label, first_sentences, humanise, words
from riskkit.render.memo_blocks import bullets, para, section, table

STATUS = {
    ("likely notifiable", "closed"): "Closed: confirm a filing was made",
    ("likely notifiable", ""): "Prepare the filing",
    ("not notifiable", ""): "No filing on these facts",
    ("unknown", ""): "Data needed",
}
SUSPENSORY = {
    "suspensory": "yes",
    "non_suspensory": "no",
    "duty_to_inform": "no (duty to inform)",
    "referral": "on referral",
    "call_in": "on call-in",
}
RESPONSE = {
    "nothing": "no action expected",
    "questions": "questions or monitoring",
    "call_in_or_referral": "call-in or referral possible",
    "phase_2": "in-depth review possible",
    "market_study": "market study",
}


def short_regime(regime_id: str) -> str:
    """'US', 'EU', 'EU Art. 22', 'EU DMA', 'UK', 'DE', 'IT' from a regime id like 'EU-Art22'."""
    head, _, rest = regime_id.partition("-")
    extra = {"Art22": "Art. 22", "DMA": "DMA"}.get(rest, "")
    return f"{head} {extra}".strip()


def _status(row) -> str:
    """What counsel must do about a regime now: filed?, window, or the verdict's plain status."""
    stage = row.stage
    if row.verdict == "likely notifiable" and stage == "closed":
        text = {True: "Filed", False: "Not filed: exposure"}.get(row.filed, "Closed: confirm a filing was made")
    elif row.verdict == "unknown" and row.basis == "estimate":  # the bottom line's "on our reading"
        text = "Confirm our reading"
    else:
        text = STATUS.get((row.verdict, stage)) or STATUS.get((row.verdict, ""), "")
    if row.window_ends and row.window_open:
        text += f"; review window open until {row.window_ends.isoformat()}"
    elif row.window_ends and row.window_open is False:
        text += f"; review window closed {row.window_ends.isoformat()}"
    return text


def _matrix_verdict(row) -> str:
    """The matrix reads as the bottom line does: a verdict resting on our own estimate is that
    reading ('not notifiable on our reading'), not a bare 'unknown'."""
    if row.verdict == "unknown" and row.basis == "estimate":
        m = _ON_IT.search(row.reason)
        return f"{m.group(1) if m else 'not notifiable'} on our reading"
    return getattr(row, "verdict_text", row.verdict)


def _basis(reason: str, catalogue) -> str:
    """The deciding part of a screen reason, in words; a verdict resting on our own estimate says so."""
    parts = reason.split(" — ", 1)
    estimate = len(parts) > 1 and parts[0].startswith(("on our", "turns on"))
    head = (parts[1] if estimate else parts[0]).split("; confirm it", 1)[0]
    text = humanise(head, catalogue).replace(" = ", ": ")
    text = _ON_IT.sub(lambda m: f"; on that view, {m.group(1)}", text)
    if text.startswith("no test met: "):
        text = "None of the tests is met. " + text[len("no test met: ") :]
    if text.startswith("needs "):
        text = "Depends on " + text[len("needs ") :]
    if estimate and parts[0].startswith("turns on"):
        text = "Turns on our own estimate, to be confirmed: " + text[:1].lower() + text[1:]
    return first_sentences(text, 260)


_ON_IT = re.compile(r" \(on it: ([^()]*)\)")
_THE_FACTS_DO_NOT_SHOW = "The facts do not show that "


def _conclusion(row, catalogue) -> str:
    """One regime's bottom line in a clause: what the screen concludes, on what, and what it waits for."""
    reason = row.reason
    if row.verdict == "unknown" and row.basis == "estimate":
        head = reason.split(" — ", 1)[-1].split("; confirm it", 1)[0]
        m = _ON_IT.search(head)
        view = m.group(1) if m else "not notifiable"
        why = humanise(_ON_IT.sub("", head), catalogue)
        if why.startswith(_THE_FACTS_DO_NOT_SHOW):
            why = "no sign that " + why[len(_THE_FACTS_DO_NOT_SHOW) :]
        if len(why) > 150 and len(row.estimated) > 1:  # many estimates: counted here, listed in the matrix
            why = f"it rests on {len(row.estimated)} of our own estimates, listed in the filing matrix"
        return f"{view} on our reading ({why[:1].lower() + why[1:]}) — to confirm"
    if row.verdict == "unknown":
        waits = [q for q in row.questions if not q.startswith(("Was a filing", "Confirm our estimate", "On what date"))]
        what = humanise(reason[len("needs ") :] if reason.startswith("needs ") else reason, catalogue)
        count = "one fact" if len(waits) <= 1 else f"{len(waits)} facts"
        return f"turns on {count} — {what}"
    text = row.verdict_text
    if row.verdict == "likely notifiable" and row.stage == "closed":
        filed = {True: "a filing was made", False: "no filing was made: exposure"}.get(row.filed)
        return f"{text}; " + (filed or "confirm whether a filing was made")
    return text


def filing_summary(assessment) -> list:
    """The bottom line's filing conclusions: one clause per regime (regimes that read alike share
    one), each with its reason and the fact it waits for. [] without a filing screen or rubric."""
    cat = assessment.catalogue
    screen = getattr(assessment, "screen", ()) or ()
    if not screen:
        rows = filing_rows(assessment)
        groups: dict[str, list] = {}
        for r in rows:
            groups.setdefault(r["verdict"], []).append(r["short"])
        named = {"unknown": "open on the facts given"}
        return [f"{', '.join(v)}: {named.get(k, k)}." for k, v in groups.items()]
    groups = {}
    for row in screen:
        name = short_regime(row.regime.id)
        name = {"US": "US (HSR)"}.get(name, name)
        text = _conclusion(row, cat)
        if row.window_ends and row.window_open:
            text += f"; review window open until {row.window_ends.isoformat()}"
        groups.setdefault(text, []).append(name)
    return [f"{', '.join(names)}: {text[:1].upper() + text[1:]}." for text, names in groups.items()]


def filing_rows(assessment) -> list:
    """One dict per regime: regime, authority, verdict, basis, suspensory, clock, status, response."""
    cat = assessment.catalogue
    screen = getattr(assessment, "screen", ()) or ()
    if screen:
        return [
            {
                "regime": clean(r.regime.name),
                "short": short_regime(r.regime.id),
                "authority": "",
                "verdict": r.verdict,
                "verdict_text": _matrix_verdict(r),
                "basis": _basis(r.reason, cat),
                "suspensory": SUSPENSORY.get(r.regime.suspensory, words(r.regime.suspensory)),
                "clock": first_sentences(r.regime.clock, 110),
                "status": _status(r),
                "window_ends": r.window_ends.isoformat() if r.window_ends and r.window_open else "",
                "response": r.response,
            }
            for r in screen
        ]
    stage = assessment.deal.stage
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
                    "Needs: "
                    + "; ".join(fact_label(cat, m) for m in missing[:3])
                    + (f"; and {len(missing) - 3} more" if len(missing) > 3 else "")
                )
            else:
                basis = "No threshold met on the facts given"
            status = STATUS.get((j.verdict, stage)) or STATUS.get((j.verdict, ""), "")
            rows.append(
                {
                    "regime": j.name,
                    "short": j.name,
                    "authority": j.authority,
                    "verdict": j.verdict or "unknown",
                    "basis": clean(basis),
                    "suspensory": "",
                    "clock": "",
                    "status": status,
                    "response": None,
                }
            )
    return rows


def filing_matrix(assessment) -> dict:
    rows = filing_rows(assessment)
    if not rows:
        return section("filing", "Filing matrix", [para("No filing-threshold rubric was run for this deal.")])
    if any(r["suspensory"] or r["clock"] for r in rows):
        head = ["Regime", "Verdict", "Basis", "Suspends", "Clock or window", "Status"]
        body = [
            [
                [(r["regime"], "b")],
                r.get("verdict_text", r["verdict"]),
                r["basis"],
                r["suspensory"] or "—",
                r["clock"] or "—",
                r["status"],
            ]
            for r in rows
        ]
        return section("filing", "Filing matrix", [table(head, body, [0.17, 0.11, 0.24, 0.09, 0.22, 0.17], "filing")])
    head = ["Regime", "Verdict", "Basis", "Status"]
    body = [
        [[(r["regime"], "b"), ("\n" + r["authority"], "small")], r["verdict"], r["basis"], r["status"]] for r in rows
    ]
    return section(
        "filing",
        "Filing matrix",
        [
            table(head, body, [0.24, 0.15, 0.41, 0.2], "filing"),
            para("Suspensory effect and review clocks by regime: not in this rubric set.", cls="small"),
        ],
    )


def regulator_response(assessment) -> dict:
    """Each regime's likely response (from the filing screen), with the precedent it rests on."""
    items = []
    for r in filing_rows(assessment):
        outlook = r["response"]
        if outlook is None:
            continue
        refs = [ref for ref in getattr(outlook, "references", ())][:1]
        cite = f" ({clean(refs[0].issuer)}, {refs[0].date.isoformat()})" if refs and refs[0].date else ""
        label = RESPONSE.get(outlook.response, words(outlook.response))
        items.append(((f"{r['regime']} — {label}. ", "b"), first_sentences(outlook.text, 300) + cite))
    if not items:
        return section(
            "response",
            "Likely regulator response and timeline",
            [para("Regulator response scenarios are not in this rubric set; the filing matrix gives the verdicts.")],
        )
    return section("response", "Likely regulator response and timeline", [bullets(items)])

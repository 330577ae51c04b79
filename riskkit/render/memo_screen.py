"""The filing matrix and the likely regulator response: from the filing screen when the
assessment carries one (regime, verdict, reason, suspensory effect, clock, window, filed?,
likely response), else from the verdict rubrics' jurisdictions. Pure: returns memo_blocks.

A verdict resting on our own estimate is counsel's view ("not notifiable (our view)"), never a
deferral to someone else. For a closed deal the matrix shows what a standstill breach would
cost, not whether the regime suspends closing (a question a closed deal can no longer ask).
"""

from __future__ import annotations

import re

from riskkit.model.words import clean, fact_label, first_sentences, humanise, words
from riskkit.render.memo_blocks import bullets, para, section, table
from riskkit.render.memo_conduct import conduct_items
from riskkit.render.memo_filing import (
    exposed_rows,
    german_limb,
    open_basis,
    open_conclusion,
    regime_name,
    short_regime,
)

STATUS = {
    ("likely notifiable", "closed"): "Closed: confirm a filing was made",
    ("likely notifiable", ""): "Prepare the filing",
    ("not notifiable", ""): "No filing on these facts",
    ("unknown", ""): "To settle first (next steps)",  # a fact or a judgment for counsel, never a bare "data"
}
OUR_VIEW = "No filing (our view); file note"
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


def window_phrase(ends, issued=None, basis: str = "") -> str:
    """A review window in a sentence: open until its end, or closed when the memo is issued after it ends
    (the screen reads the window on the facts' date; the memo may be dated later)."""
    if issued is not None and ends < issued:  # counted from completion: material facts made public later move it
        return f"review window closed on {ends.isoformat()} if counted from completion"
    return f"review window open until {ends.isoformat()}{basis}"


def _status(row, issued=None) -> str:
    """What counsel must do about a regime now: filed?, window, or the verdict's plain status."""
    stage = row.stage
    if row.verdict == "likely notifiable" and stage == "closed":
        text = {True: "Filed", False: "Not filed: exposure"}.get(row.filed, "Closed: confirm a filing was made")
    elif row.verdict == "unknown" and row.basis == "estimate":  # the bottom line's "(our view)"
        text = OUR_VIEW
    else:
        text = STATUS.get((row.verdict, stage)) or STATUS.get((row.verdict, ""), "")
    if row.window_ends and row.window_open:
        text += "; " + window_phrase(row.window_ends, issued, _window_basis(row.regime))
    elif row.window_ends and row.window_open is False:
        text += f"; review window closed {row.window_ends.isoformat()}"
    return text


def _window_basis(regime) -> str:
    """' (Enterprise Act 2002 s.24)': the provision a computed window rests on, from the regime's window text."""
    m = re.search(r"(\([^()]*\))\.?\s*$", regime.window or "")
    return " " + m.group(1) if m else ""


def _matrix_verdict(row) -> str:
    """The matrix reads as the bottom line does: a verdict resting on our own estimate is that
    reading ('not notifiable (our view)'), and one that waits for facts is 'open' (the basis says on
    what), not a bare 'unknown'."""
    if row.regime.suspensory == "referral" and row.verdict in ("not notifiable", "unknown") and _closed(row):
        return "route closed (our view)" if row.basis == "estimate" else "route closed"
    if row.verdict == "unknown" and row.basis == "estimate":
        m = _ON_IT.search(row.reason)
        return f"{m.group(1) if m else 'not notifiable'} (our view)"
    if row.verdict == "unknown":
        return "open"
    return getattr(row, "verdict_text", row.verdict)


def _closed(row) -> bool:
    """Whether a referral route (EUMR Art. 22) reads closed: no concentration on the facts or our view."""
    return row.verdict == "not notifiable" or bool(_ON_IT.search(row.reason or ""))


def _referral_basis(row, basis: str) -> str:
    """A referral route is not a notification (third partner review (a)9): on our view there is no
    concentration to refer, and the route is open only while a Member State with jurisdiction of its
    own can act (the regime's window text, with its authority)."""
    if row.regime.suspensory != "referral" or not _closed(row):
        return basis
    basis = basis.replace("; on that view, not notifiable", "; on that view there is nothing to refer")
    return f"A referral route, not a notification. {basis.rstrip('.')}. {clean(row.regime.window)}"


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
    return first_sentences(text, 260)  # "(our view)" is explained once, under the matrix (OUR_VIEW_NOTE)


_ON_IT = re.compile(r" \(on it: ([^()]*)\)")
# Said once under the matrix, not in every row's basis (fourth partner review (b): four times on p.2).
OUR_VIEW_NOTE = "Verdicts marked (our view) rest on our own estimate of the facts named in the basis."

_THE_FACTS_DO_NOT_SHOW = "The facts do not show that "
_NOT_SHOWN = ": not shown on the facts"


def _conclusion(row, catalogue) -> str:
    """One regime's bottom line in a clause: the verdict, and the fact it waits for when it is open.
    A verdict on our own estimate is the headline only; its reasons are the filing matrix's basis,
    a page on (page 1 keeps its room for the first steps: issue 14)."""
    reason = row.reason
    if row.verdict == "unknown" and row.basis == "estimate":
        return _matrix_verdict(row)
    if row.verdict == "unknown" and row.gate:
        return open_conclusion(row, catalogue)
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


def filing_summary(assessment, issued=None) -> list:
    """The bottom line's filing conclusions: one clause per regime (regimes that read alike share
    one), with the fact an open one waits for. [] without a filing screen or rubric."""
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
    exposed = [r for r in exposed_rows(assessment) if r.verdict == "unknown"]
    for row in screen:
        name = short_regime(row.regime.id)
        name = regime_name(name)
        text = _conclusion(row, cat)
        if row in exposed:  # said once, in the Top risks row just below (page 1 has no room to say it twice)
            text = "open (the first of the top risks)"
        if row.window_ends and row.window_open:
            text += "; " + window_phrase(row.window_ends, issued, _window_basis(row.regime))
        groups.setdefault(text, []).append(name)
    return [f"{', '.join(names)}: {text}." for text, names in groups.items()]


def filing_rows(assessment, issued=None) -> list:
    """One dict per regime: regime, authority, verdict, basis, suspensory, clock, status, response."""
    cat = assessment.catalogue
    screen = getattr(assessment, "screen", ()) or ()
    if screen:
        return [
            {
                "regime": clean(r.regime.name),
                "short": short_regime(r.regime.id),
                "name": regime_name(short_regime(r.regime.id)),  # as the prose names it: 'US (HSR)'
                "authority": "",
                "verdict": r.verdict,
                "verdict_text": _matrix_verdict(r),
                "basis": _referral_basis(r, german_limb(r) + (open_basis(r, cat) if r.gate else _basis(r.reason, cat))),
                "suspensory": SUSPENSORY.get(r.regime.suspensory, words(r.regime.suspensory)),
                "clock": first_sentences(r.regime.clock, 110),
                "if_notifiable": _if_notifiable(r),
                "status": _status(r, issued),
                "window_ends": r.window_ends.isoformat() if r.window_ends and r.window_open else "",
                "response": r.response,
                "gate": r.gate,
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
                    "name": j.name,
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


def _if_notifiable(row) -> str:
    """A closed deal's exposure, in words: what a standstill breach would cost if the regime caught
    the deal (suspensory regimes), or why there is none (voluntary regimes, referral routes)."""
    regime = row.regime
    if row.filed is True:
        return "None: a filing was made"
    if row.verdict == "not notifiable" and row.basis != "estimate":
        return "None: not notifiable on the facts"
    exposure = first_sentences(row.exposure or regime.exposure, 330)
    if regime.suspensory in ("suspensory", "duty_to_inform"):
        breach = "Standstill breached" if regime.suspensory == "suspensory" else "Duty to inform breached"
        return f"{breach}: {exposure[:1].lower() + exposure[1:]}" if exposure else "—"
    if regime.suspensory == "non_suspensory":
        return exposure or "None: no standstill"
    return first_sentences(regime.clock, 160)  # referral and call-in routes: the time limit is the exposure


def _money(pv, currency: str) -> str:
    sign = {"GBP": "£", "EUR": "€", "USD": "$"}.get(currency, currency + " ")
    value = getattr(pv.value, "low", pv.value)
    return f"{sign}{value:g}m"


def thresholds_note(assessment) -> str:
    """The UK tests in force on the deal's date, each with its source, and the s.24 window: the
    matrix's UK row states a view, and this says what the view is measured against."""
    rr = next((r for r in assessment.results if r.rubric.kind == "notifiability"), None)
    screen = getattr(assessment, "screen", ()) or ()
    uk = next((row for row in screen if row.regime.id.startswith("UK")), None)
    if rr is None or uk is None:
        return ""
    on = assessment.deal.as_of
    params = rr.rubric.parameters

    def val(pid):
        p = params.get(pid)
        return (p.in_force(on), p) if p is not None else (None, None)

    turnover, tp = val("uk_target_turnover")
    share, _ = val("uk_share_of_supply_pct")
    hybrid_share, _ = val("uk_hybrid_share_pct")
    hybrid_turnover, hp = val("uk_hybrid_turnover")
    harbour, sp = val("uk_small_merger_safe_harbour")
    if turnover is None or share is None:
        return ""
    tests = [f"target UK turnover above {_money(turnover, tp.currency)}"]
    tests.append(f"a combined share of supply of at least {share.value.low:g}% (with an increment)")
    if hybrid_share is not None and hybrid_turnover is not None:
        tests.append(
            f"the hybrid test (one party with at least {hybrid_share.value.low:g}% share of supply and UK turnover "
            f"above {_money(hybrid_turnover, hp.currency)}, the other with a UK nexus)"
        )
    text = f"UK thresholds on {on.isoformat()}: " + "; or ".join(tests)
    if harbour is not None:
        text += f"; none where each party's UK turnover is {_money(harbour, sp.currency)} or less (safe harbour)"
    ref = turnover.reference
    if ref is not None:
        text += f" ({clean(ref.title).split(' (')[0]}, in force {turnover.effective.isoformat()})"
    window = first_sentences(uk.regime.window, 220)
    return text + ". Review window: " + window[:1].lower() + window[1:] if window else text + "."


def filing_matrix(assessment, issued=None) -> dict:
    rows = filing_rows(assessment, issued)
    if not rows:
        return section("filing", "Filing matrix", [para("No filing-threshold rubric was run for this deal.")])
    closed = assessment.deal.stage == "closed" and any(r.get("if_notifiable") for r in rows)
    if closed or any(r["suspensory"] or r["clock"] for r in rows):
        # A closed deal can no longer ask whether a regime suspends closing: show what a breach would cost.
        cols = [("Exposure if it was notifiable", "if_notifiable", 0.31)] if closed else []
        cols = cols or [("Suspends", "suspensory", 0.09), ("Clock or window", "clock", 0.22)]
        head = ["Regime", "Verdict", "Basis", *(c[0] for c in cols), "Status"]
        body = [
            [[(r["regime"], "b")], r.get("verdict_text", r["verdict"]), r["basis"]]
            + [r[key] or "—" for _, key, _ in cols]
            + [r["status"]]
            for r in rows
        ]
        widths = [0.16, 0.11, 0.25, 0.31, 0.17] if closed else [0.17, 0.11, 0.24, 0.09, 0.22, 0.17]
        notes = [OUR_VIEW_NOTE] if any("(our view)" in r.get("verdict_text", "") for r in rows) else []
        notes += [n for n in [thresholds_note(assessment)] if n]
        blocks = [table(head, body, widths, "filing")] + [para(n, cls="small") for n in notes]
        return section("filing", "Filing matrix", blocks)
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


def _cite(ref) -> str:
    """A precedent in brackets: issuer and date; a report or study is cited by its title too."""
    if ref.date is None:
        return ""
    if ref.kind == "agency_guidance":
        return f" ({clean(ref.issuer)}, {clean(ref.title)}, {ref.date.isoformat()})"
    return f" ({clean(ref.issuer)}, {ref.date.isoformat()})"


def regulator_response(assessment) -> dict:
    """Each regime's likely response (from the filing screen), with the precedent it rests on,
    then the conduct-law routes beside merger control."""
    items = []
    for r in filing_rows(assessment):
        outlook = r["response"]
        if outlook is None:
            continue
        refs = [ref for ref in getattr(outlook, "references", ())][:1]
        cite = _cite(refs[0]) if refs else ""
        label = RESPONSE.get(outlook.response, words(outlook.response))
        text = first_sentences(outlook.text, 300)
        if r.get("gate") and clean(outlook.text) in r["basis"]:
            # the reasons for and against are the matrix's basis: not cut here to one side of them
            text = first_sentences(outlook.text, 120) + " The filing matrix gives the reasons for and against."
        items.append(((f"{r['regime']} — {label}. ", "b"), text + cite))
    if items:
        items += conduct_items(assessment)
    if not items:
        return section(
            "response",
            "Likely regulator response and timeline",
            [para("Regulator response scenarios are not in this rubric set; the filing matrix gives the verdicts.")],
        )
    return section("response", "Likely regulator response and timeline", [bullets(items)])

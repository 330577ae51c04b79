"""The filing questions a closed deal leaves open, for page 1 and the requests (fourth partner review
(a)2, (a)4, (a)8, (b)10): a failure-to-file row in Top risks with the penalty as arithmetic, the step
that settles each open regime, why regimes outside the deal's jurisdictions are not assessed, the
basis of an open verdict that turns on one question first, and which request tests the estimate the
'(our view)' verdicts rest on. Pure: reads the assessment's filing screen; returns text and cells.
"""

from __future__ import annotations

from riskkit.model.display import and_join, more_facts
from riskkit.model.words import clean, fact_label, fact_question, humanise

# Missing facts that test a filing view resting on our own estimate of control (fact → the estimates
# it tests, and a fact asked with it): a veto over a sale of the target or over its strategic decisions
# is what joint control under EUMR Art. 3, and so the EU, DMA and UK views, turn on (fourth partner
# review (a)8). Asked among the filing questions, not as a range-narrower.
TESTS_ESTIMATE = {
    "investor_change_of_control_rights": (
        ("eu_lasting_change_of_control", "uk_enterprises_cease_to_be_distinct"),
        "investor_strategic_vetoes",
    ),
}


def short_regime(regime_id: str) -> str:
    """'US', 'EU', 'EU Art. 22', 'EU DMA', 'UK', 'DE', 'IT' from a regime id like 'EU-Art22'."""
    head, _, rest = regime_id.partition("-")
    extra = {"Art22": "Art. 22", "DMA": "DMA"}.get(rest, "")
    return f"{head} {extra}".strip()


def regime_name(short: str) -> str:
    """How the memo's prose names a regime: 'US (HSR)' for the US filing, else its short form."""
    return {"US": "US (HSR)"}.get(short, short)


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _later(row) -> int:
    """How many more facts decide an open verdict after its first question."""
    return max(0, len([q for q in row.questions if not q.startswith("Was a filing")]) - 1)


def open_conclusion(row, catalogue) -> str:
    """The bottom line's clause for an open verdict that turns on one question first."""
    rest = _later(row)
    more = f"; if yes, {more_facts(rest)}" if rest else ""
    return f"open — turns on one question, {_lower(fact_label(catalogue, row.gate))}{more}"


def open_basis(row, catalogue) -> str:
    """The matrix basis of such a verdict: the likely response's reasons for and against where the
    rubric gives them for this situation, then what else decides."""
    label = fact_label(catalogue, row.gate)
    why = clean(row.response.text) if row.response is not None and row.response_checks else ""
    head = why or f"Turns on one question: {_lower(label)}."
    rest = _later(row)
    return head + (f" If the answer is yes, {more_facts(rest)} (see the requests)." if rest else "")


def german_limb(row) -> str:
    """For Germany, where the likely response found the 25% limb met: say so, and that §37(2) is then
    the only way out (partner review (a)10) — the holding is a concentration, not a 'reduced' one."""
    if not row.regime.id.startswith("DE"):
        return ""
    hits = {c.fact: c for c in row.response_checks if c.result and c.param == "de_minority_stake_pct"}
    hit = hits.get("investor_economic_stake_pct") or hits.get("investor_voting_stake_pct")  # capital first
    if hit is None:
        return ""
    held = "of the capital" if hit.fact == "investor_economic_stake_pct" else "of the votes"
    found = any(c.result and c.fact == "influence_found_de" for c in row.response_checks)
    also = " and material competitive influence was found" if found else ""
    before = (  # the element was met and reviewed before this deal: not in play again (appendix)
        " The element was met before this deal, so whether the deal substantially strengthens the existing "
        "concentration is the one German point to confirm with counsel."
        if found and not row.gate
        else ""
    )
    return (
        f"A {hit.actual} share {held} meets GWB §37(1) no. 3 (the 25% limb){also}, so the only route out of the "
        f"concentration test is §37(2).{before} "
    )


def tests_estimate(entry: dict, screen, catalogue) -> None:
    """A request that tests the estimate filing views rest on (TESTS_ESTIMATE) becomes a filing
    question: it says which regimes' views it decides, and asks the fact that goes with it."""
    tests = TESTS_ESTIMATE.get(entry["fact"])
    if tests is None or entry.get("filing"):
        return
    estimates, also = tests
    names = [short_regime(r.regime.id) for r in screen if set(getattr(r, "estimated", ())) & set(estimates)]
    if not names:
        return
    entry.update(filing=True, moves=max(entry["moves"], 1), order=len(screen))
    if also in catalogue.facts:
        entry["question"] += " " + fact_question(catalogue, also)
    entry["effects"] = [  # it no longer merely 'confirms' a risk verdict
        f"decides whether our view holds for {and_join(names)} (no lasting change of control): a veto over strategic "
        "decisions gives joint control under EUMR Art. 3"
    ] + [e for e in entry["effects"] if not e.startswith("would confirm")]


def regimes_left_out(assessment) -> str:
    """'Not assessed: IT, DK and IE (outside the deal's jurisdictions, US, EU, UK and DE; their call-in
    powers also need <the fact the file answers no>)': the filing regimes the rubrics know but the
    deal's jurisdictions leave out, with the reasons; '' if none are."""
    named = tuple(getattr(assessment.deal, "jurisdictions", ()) or ())
    if not named:
        return ""
    codes: dict[str, list] = {}
    for rr in assessment.results:
        if rr.rubric.kind == "notifiability":
            for tag in getattr(rr.rubric, "regimes", None) or {}:
                codes.setdefault(tag.split("-")[0], []).append((rr, tag))
    left = {c: tags for c, tags in codes.items() if c not in named}
    if not left:
        return ""
    need = _shared_gate(assessment, [t for tags in left.values() for t in tags])
    if need:  # both reasons, briefly (fourth partner review (b)10: the concentration is the better one)
        return f"Not assessed: {and_join(left)} (outside the deal's jurisdictions; {need})"
    return f"Not assessed: {and_join(left)} (outside the deal's jurisdictions, {and_join(named)})"


def _shared_gate(assessment, tagged) -> str:
    """What every left-out regime's criteria need that the deal file answers no (its own estimate
    marked '(our view)'): 'their call-in powers also need a lasting change of control …'."""
    from riskkit.model.inputs import iter_compares

    facts = assessment.deal.facts
    shared = None
    for rr, tag in tagged:
        for c in rr.rubric.criteria:
            if tag not in c.jurisdictions or c.when is None:
                continue
            nos = {
                cmp.fact
                for cmp in iter_compares(c.when)
                if cmp.op == "is_true" and cmp.fact in facts and facts[cmp.fact].value is False
            }
            shared = nos if shared is None else shared & nos
    if not shared:
        return ""
    fid = sorted(shared)[0]
    regimes = {rr.rubric.regimes[tag].suspensory for rr, tag in tagged}
    what = "their call-in powers" if regimes == {"call_in"} else "those regimes"
    none = "none on our view" if facts[fid].confidence == "estimated" else "none on the facts"
    # each state's law has its own concept of a concentration: the rubric reads EUMR Art. 3 as the yardstick
    return f"{what} also need a concentration, {none} (their own law's concept not checked)"


# -- closed deal: failure to file --------------------------------------------------------------


def exposed_rows(assessment) -> list:
    """Screen rows of suspensory regimes a closed deal may have breached: open on the facts (not on
    our own estimate) or likely notifiable, with no filing known to have been made."""
    if assessment.deal.stage != "closed":
        return []
    return [
        r
        for r in getattr(assessment, "screen", ()) or ()
        if r.regime.suspensory == "suspensory"
        and r.filed is not True
        and (r.verdict == "likely notifiable" or (r.verdict == "unknown" and r.basis != "estimate"))
    ]


def _turns_on(row, catalogue) -> str:
    if row.gate:
        return _lower(fact_label(catalogue, row.gate))
    reason = row.reason[len("needs ") :] if row.reason.startswith("needs ") else row.reason
    return humanise(reason, catalogue)


def _short_question(row, catalogue) -> str:
    """A judgment by the provision it turns on ('GWB §37(2)'); a fact in full."""
    label = fact_label(catalogue, row.gate) if row.gate else ""
    return label.split(" under ")[-1] if " under " in label else _turns_on(row, catalogue)


def turns_on(row, catalogue) -> str:
    """'turns on whether the shares Microsoft acquired …': what an open regime waits for first."""
    return "turns on " + _turns_on(row, catalogue)


def first_fact(row) -> str:
    """The fact an open regime asks first: its first question, else the first fact it needs."""
    if row.gate:
        return row.gate
    asks = [q for q in row.questions if not q.startswith(("Was a filing", "On what date"))]
    return asks[0].rsplit("(", 1)[-1].rstrip(")") if asks else ""


def _request(requests, fid: str) -> str:
    rank = next((e["rank"] for e in requests if e["fact"] == fid), None)
    return f" (information request {rank})" if rank else ""


def penalty_sum(row, closed_on, issued) -> str:
    """'up to $53,088 a day (figure unverified) × 401 days from closing on 2025-10-28 to this memo's
    date = up to $21,288,288 accrued': the rubric's per-day maximum times the days since closing, a
    statutory maximum, not a prediction; '' when the regime has no `daily_penalty`."""
    per_day = row.regime.daily_penalty_usd
    if per_day is None or closed_on is None:
        return ""
    flag = "" if row.regime.daily_penalty_verified else " (figure unverified)"
    if issued is None or issued <= closed_on:  # no memo date to count to: the rate and where it runs from
        return f"up to ${per_day:,} a day{flag} from closing ({closed_on.isoformat()}) (a statutory maximum, not a prediction)"
    days = (issued - closed_on).days
    return (
        f"up to ${per_day:,} a day{flag} × {days} days from closing ({closed_on.isoformat()}) to this memo's date "
        f"= up to ${per_day * days:,} (a statutory maximum, not a prediction)"
    )


def _reviewed(assessment, row) -> bool:
    """Whether the regime's authority reviewed an earlier state of the deal (it can be approached on it)."""
    prior = getattr(assessment.deal, "prior", None)
    juris = assessment.catalogue.jurisdictions.get(row.regime.id)
    return bool(prior is not None and juris is not None and any(r.covers(juris) for r in prior.reviews))


def _counsel(assessment, row) -> str:
    """'German counsel' from 'German merger control …'; else 'counsel in <jurisdiction>'."""
    first = row.regime.name.split(" ")[0]
    if first[:1].isupper() and first[1:].islower() and first.endswith(("an", "sh")):
        return f"{first} counsel"
    juris = assessment.catalogue.jurisdictions.get(row.regime.id)
    return f"counsel in {juris.name}" if juris is not None else "local counsel"


def _authority(assessment, row) -> str:
    juris = assessment.catalogue.jurisdictions.get(row.regime.id)
    if juris is None or "/" in juris.authority:
        return "the agencies"
    return "the " + juris.authority if not juris.authority.startswith("the ") else juris.authority


def settle_step(assessment, row, requests=(), settle: str = "settle whether a filing was required") -> str:
    """What settles one open regime of a closed deal, and what to do if a filing was required: a
    regime whose authority reviewed an earlier state (the Bundeskartellamt, 2023) is a judgment to
    take to local counsel, with a precautionary notification or an informal approach; otherwise the
    fact is settled first, then a corrective filing and an approach to the authority."""
    authority = _authority(assessment, row)
    if row.gate and _reviewed(assessment, row):
        label = fact_label(assessment.catalogue, row.gate)
        on = label.split(" under ")[-1] if " under " in label else "it"
        return (
            f"get {_counsel(assessment, row)}'s view on {on}{_request(requests, row.gate)}; consider a precautionary "
            f"notification or an informal approach to {authority}"
        )
    fid = first_fact(row)
    return f"{settle}{_request(requests, fid)}; if one was, make a corrective filing and approach {authority}"


def filing_risk_row(assessment, requests=(), issued=None) -> list | None:
    """One Top risks row for the regimes a closed deal may have breached (one regime or several
    together, page 1 being short): whether a filing was required is open and what it turns on, the
    exposure (as arithmetic where the rubric gives a per-day penalty) and what settles it."""
    rows = exposed_rows(assessment)
    if not rows:
        return None
    cat = assessment.catalogue
    closed_on = getattr(assessment.deal, "closed_on", None) or assessment.deal.as_of
    names = [regime_name(short_regime(r.regime.id)) for r in rows]
    ons, whys, steps = [], [], []
    for name, r in zip(names, rows, strict=True):
        head = f"{name}: " if len(rows) > 1 else ""
        if r.verdict == "unknown":  # what it turns on: a judgment by its provision, a fact in full
            ons.append(f"{head}{_short_question(r, cat)}{_request(requests, first_fact(r))}")
        cost = penalty_sum(r, closed_on, issued) or clean(r.exposure or r.regime.exposure).split(";")[0]
        cost = cost if cost.split(" ")[0].isupper() and len(cost.split(" ")[0]) > 1 else cost[:1].lower() + cost[1:]
        whys.append(f"{head}{cost.rstrip('.')}")
        steps.append(f"{head}{settle_step(assessment, r)}.")
    title = "Failure to file: " + and_join(names)
    if len(ons) == len(rows):  # the title says what is at stake; this, what it turns on
        status = "open — turns on " + "; ".join(ons)
    else:
        status = "likely notifiable, no filing known" + (" — open: " + "; ".join(ons) if ons else "")
    return [
        [(title, "b"), ("\n" + status, "small")],
        "If a filing was required — " + "; ".join(whys) + ".",
        "Deal closed",
        " ".join(s[:1].upper() + s[1:] for s in steps),
    ]

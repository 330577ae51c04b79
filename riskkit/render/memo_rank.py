"""What the main memo ranks: the top risks, and the information requests by legal consequence.

Top risks: triggered findings in the gravest rubrics, heaviest first; a live proceeding (a
pending lawsuit against the transaction) is a present exposure, not a theory an authority might
take up, so it always makes the table, first or second (second partner review, item 5).

Information requests rank by what the answer decides (second partner review, item 7): first a
question that decides whether a filing was required (for a closed deal, whether one was missed),
then the live proceedings' particulars, then the answers that could move a verdict, then the
rest. Within a tier it is arithmetic on the findings (no re-scoring): a missing fact's answer
can at most add the points of the undetermined findings waiting on it, so the rubric's score
could rise by that share of its points; the request ranks by how many bands that could cross,
then by the points at stake.
"""

from __future__ import annotations

import re

from riskkit.model.inputs import band_rank
from riskkit.model.words import clean, fact_label, fact_question, likelihood, short_title
from riskkit.render import memo_proceedings
from riskkit.render.memo_filing import tests_estimate

# Facts whose being true means a proceeding against the transaction is on foot (catalogue ids).
PROCEEDING_FACTS = frozenset({"litigation_challenging_transaction"})
# Request tiers, most consequential first.
FILING, PROCEEDING, MOVES, NARROWS = range(4)
# How many information requests the main memo lists (the appendix lists every one).
TOP_FULL, TOP_SHORT = 10, 5


def live_risk(assessment) -> list:
    """Risk rubrics in play (not 'not applicable', not verdict rubrics)."""
    return [rr for rr in assessment.results if rr.status != "not_applicable" and rr.rubric.kind != "notifiability"]


def likely_band(rng) -> str:
    """The band the memo leads with: the most-likely estimate when scoring gives one, else the facts as given."""
    return getattr(rng, "band_likely", None) or rng.band


def severity(rr) -> tuple:
    rng = rr.range
    return (band_rank(likely_band(rng)), band_rank(rng.band_worst), getattr(rng, "score_likely", None) or rng.score)


def band_at(rubric, score: float) -> str:
    name = rubric.bands[0].name if rubric.bands else "low"
    for b in rubric.bands:
        if score >= b.min:
            name = b.name
    return name


def top_risks(assessment, limit: int = 5, per_rubric: int = 2) -> list:
    """(finding, rubric result) pairs: triggered findings in the gravest rubrics, heaviest first."""
    picked = []
    live = live_risk(assessment)
    per_rubric = per_rubric if len(live) > 1 else limit
    for rr in sorted(live, key=severity, reverse=True):
        hit = [f for f in rr.findings if f.status == "triggered" and not f.waived and f.points > 0]
        hit.sort(key=lambda f: (-f.points / max(rr.range.max_points, 1), f.id))
        picked += [(severity(rr), f.points / max(rr.range.max_points, 1), f, rr) for f in hit[:per_rubric]]
    picked.sort(key=lambda t: (t[0], t[1]), reverse=True)
    out, seen = [], []
    for _, _, f, rr in picked:
        # One risk per fact: two rubrics triggered by the same fact (the API sold only through the
        # investor's cloud) are one risk to the reader, shown once under the graver rubric.
        key = frozenset(c.fact for c in f.checks if c.result is True and not c.fact.startswith("deal."))
        if key and any(key <= k or k <= key for k in seen):
            continue
        seen.append(key)
        out.append((f, rr))
    live = next(((f, rr) for f, rr in out if is_proceeding(f)), None) or next(
        ((f, rr) for rr in live_risk(assessment) for f in rr.findings if is_proceeding(f)), None
    )
    if live is not None:  # first, unless a graver verdict leads; never below second
        out = [p for p in out if p[0] is not live[0]]
        ahead = (
            out[:1]
            if out and band_rank(regime_band(out[0][1], out[0][0])) > band_rank(regime_band(live[1], live[0]))
            else []
        )
        out = ahead + [live] + out[len(ahead) :]
    return out[:limit]


def is_proceeding(finding) -> bool:
    """A triggered finding that says a lawsuit (or other proceeding) against the transaction is on foot."""
    return (
        finding.status == "triggered"
        and not finding.waived
        and any(c.result is True and c.fact in PROCEEDING_FACTS for c in finding.checks)
    )


def proceedings(assessment) -> list:
    """[(fact, finding, rubric result)] for each live proceeding, once per fact."""
    out, seen = [], set()
    for rr in live_risk(assessment):
        for f in rr.findings:
            if not is_proceeding(f):
                continue
            for c in f.checks:
                if c.result is True and c.fact in PROCEEDING_FACTS and c.fact not in seen:
                    fact = assessment.deal.facts.get(c.fact)
                    if fact is not None:
                        seen.add(c.fact)
                        out.append((fact, f, rr))
    return out


def proceeding_name(assessment, fact) -> str:
    """What the deal file calls the proceeding: its name under `proceedings` ('Musk v. Altman'), else
    the first sentence of the fact's note ('Elon Musk's suit to stop the restructuring'), else the
    catalogue's label."""
    proc = memo_proceedings.particulars(assessment, fact.id)
    if proc is not None:
        return proc.name
    note = re.sub(r"\s*\([^()]*\)", "", clean(fact.note or "")).strip()  # asides may hold "v." or "Cal."
    head = note.split(". ")[0].split("; ")[0].rstrip(".").strip()
    return head or fact_label(assessment.catalogue, fact.id)


def cited(assessment, fact) -> str:
    """'(reported: unattributed web article; Not For Private Gain coalition)' — who reports it, as the facts cite."""
    names = []
    for sid in fact.sources:
        src = assessment.deal.sources.get(sid)
        if src is None:
            continue
        who = clean(src.publisher or src.title).split(" (")[0].strip()
        names.append(who + (f", {src.date.isoformat()}" if src.date else ""))
    return f"({fact.confidence}: {'; '.join(dict.fromkeys(names))})" if names else f"({fact.confidence})"


def proceeding_requests(assessment) -> list:
    """One request per live proceeding: its particulars are not facts the file gives."""
    out = []
    for fact, _f, rr in proceedings(assessment):
        name = proceeding_name(assessment, fact)
        out.append(
            {
                "fact": fact.id,
                "label": name,
                "question": memo_proceedings.question(
                    assessment, name, memo_proceedings.particulars(assessment, fact.id)
                ),
                "moves": 0,
                "points": 0.0,
                "tier": PROCEEDING,
                "effects": [
                    "litigation exposure: whether an order to unwind, an injunction or damages could reach the deal"
                ],
                "rubrics": [rr.rubric.title],
            }
        )
    return out


def regime_band(rr, finding) -> str:
    """The gravest band among the regimes a finding belongs to (the rubric's own if none)."""
    bands = [likely_band(j.range) for j in rr.jurisdictions if j.id in finding.criterion.jurisdictions]
    return max(bands, key=band_rank) if bands else likely_band(rr.range)


def information_requests(assessment, *, proceedings: bool = False) -> list:
    """Every missing fact once, ranked by legal consequence (see the module note).

    Each entry: fact, label, question, tier, moves (bands crossable), points (at stake, on the
    0–100 scale summed over rubrics), effects (plain sentences), rubrics (titles). With
    `proceedings`, the memo's extra requests for each live proceeding's particulars (court,
    docket, status, trial date, whether the investor is a defendant) are ranked in too.
    """
    cat = assessment.catalogue
    screen = getattr(assessment, "screen", ()) or ()
    gates = {row.regime.id: row.gate for row in screen if getattr(row, "gate", "")}
    order = {row.regime.id: i for i, row in enumerate(screen)}
    by_fact: dict[str, dict] = {}
    for rr in assessment.results:
        if rr.status == "not_applicable":
            continue
        unknown = [f for f in rr.findings if f.status == "unknown"]
        for g in rr.gaps:
            entry = by_fact.setdefault(
                g.fact,
                {
                    "fact": g.fact,
                    "label": fact_label(cat, g.fact),
                    "question": g.question or fact_question(cat, g.fact),
                    "moves": 0,
                    "points": 0.0,
                    "effects": [],
                    "rubrics": [],
                },
            )
            waiting = [f for f in unknown if g.fact in f.missing]
            entry["rubrics"].append(rr.rubric.title)
            if rr.rubric.kind == "notifiability":
                every = {j for f in waiting for j in f.criterion.jurisdictions}
                ids = {j for j in every if gates.get(j, g.fact) == g.fact}  # after a regime's first question: not yet
                later = [j.name for j in rr.jurisdictions if j.id in every - ids]
                if later:
                    entry["effects"].append(
                        f"decides whether a filing was required in {', '.join(later)} only once the first question "
                        "there is answered"
                    )
                names = [j.name for j in rr.jurisdictions if j.id in ids and j.verdict in ("unknown", "")]
                entry["order"] = min([order.get(j, 99) for j in ids] + [entry.get("order", 99)])
                if names:
                    entry["moves"] = max(entry["moves"], 1)
                    entry["regimes"] = entry.get("regimes", 0) + len(names)
                    entry["filing"] = True
                    closed = assessment.deal.stage == "closed"
                    entry["effects"].append(
                        f"decides whether a filing was required in {', '.join(names)}"
                        + (
                            "; the deal has closed, so if one was and none was made, a failure to file"
                            if closed
                            else ""
                        )
                    )
                continue
            swing = sum(f.points_worst - f.points for f in waiting)
            if swing <= 0:
                continue
            share = 100 * swing / max(rr.range.max_points, 1)
            base = getattr(rr.range, "score_likely", None)
            base = rr.range.score if base is None else base
            start = likely_band(rr.range)
            after = band_at(rr.rubric, min(100.0, base + share))
            moves = max(0, band_rank(after) - band_rank(start))
            entry["moves"] = max(entry["moves"], moves)
            entry["points"] += share
            if moves:
                entry["effects"].append(
                    f"could move {short_title(rr.rubric)} from {likelihood(start)} to {likelihood(after)}"
                )
            elif rr.range.band == rr.range.band_worst:  # no range on the likelihood scale to narrow
                entry["effects"].append(
                    f"would confirm {short_title(rr.rubric)} ({likelihood(rr.range.band)} either way)"
                )
            else:
                entry["effects"].append(f"narrows the range for {short_title(rr.rubric)}")
    for e in by_fact.values():
        tests_estimate(e, screen, cat)
        e["tier"] = FILING if e.get("filing") else MOVES if e["moves"] else NARROWS
    entries = list(by_fact.values()) + (proceeding_requests(assessment) if proceedings else [])
    ranked = sorted(
        entries,
        key=lambda e: (
            e["tier"],
            -e["moves"],
            -(e["points"] + 10 * e.get("regimes", 0)),
            e.get("order", 99),
            e["label"],
        ),
    )
    for i, e in enumerate(ranked, start=1):
        e["rank"] = i
    return ranked


def cleared_by(rr, catalogue, n: int = 2) -> str:
    """Why nothing triggered: the heaviest criteria the facts clear, each with its deciding value."""
    from riskkit.model.words import key_value

    def weight(f):
        c = f.criterion
        return max([c.points, *(lv.points for lv in c.levels)])

    clear = sorted((f for f in rr.findings if f.status == "not_triggered"), key=weight, reverse=True)[:n]
    waiting = sum(f.status == "unknown" for f in rr.findings)
    lead = "No test of this concern is met on the facts" + (
        f" given ({waiting} turn{'s' if waiting == 1 else ''} on facts not yet known)" if waiting else ""
    )
    if not clear:
        return lead
    named = [f"“{f.criterion.title}”" + (f" ({v})" if (v := key_value(f, catalogue)) else "") for f in clear]
    weigh = (
        "the one that weighs most"
        if len(named) == 1
        else f"the {('two', 'three')[min(len(named), 3) - 2]} that weigh most"
    )
    return f"{lead}, including {weigh}: " + " and ".join(
        [", ".join(named[:-1]), named[-1]] if len(named) > 1 else named
    )


def decided_by(rr, catalogue, n: int = 3) -> list:
    """The two or three things that decide a rubric: its heaviest triggered findings, each with
    the value that decided it ('Voting stake against the UK material-influence indicators (27%)')."""
    from riskkit.model.words import key_value

    out = []
    for f in rr.drivers(n):
        value = key_value(f, catalogue)
        out.append(f.criterion.title + (f" ({value})" if value else ""))
    return out


def said_once(items) -> str:
    """Items joined with '; ', a theory's name said once when the next item shares it
    ('Input foreclosure / exclusive dealing: A; Input foreclosure / exclusive dealing: B' →
    'Input foreclosure / exclusive dealing: A; B')."""
    out, last = [], None
    for item in items:
        head, sep, rest = item.partition(": ")
        if sep and head == last:
            out.append(rest)
            continue
        out.append(item)
        last = head if sep else None
    return "; ".join(out)


_ASIDE = re.compile(r"\s*\([^()]*\)")


def table_clause(text: str) -> str:
    """A table cell's text without asides: bracketed remarks (closed or left open at the end: '… terms
    (by analogy with FRAND …' → '… terms.') and a long gloss after a colon that names the theory
    ('X when Y: input foreclosure, or …' keeps X when Y; a value after a colon stays). The full text is
    in the sections below."""
    out = []
    for sentence in _ASIDE.sub("", text).split(". "):
        sentence = sentence.split(" (")[0]
        gloss = sentence[40:].split(": ", 1)[1] if ": " in sentence[40:] else ""
        if len(gloss) > 30 and not any(ch.isdigit() for ch in gloss):
            sentence = sentence[: 40 + sentence[40:].index(": ")]
        if sentence.strip(" .;,"):
            out.append(sentence.rstrip(".;, "))
    return ". ".join(out) + "." if out else text


def proceeding_row(assessment, finding, requests) -> tuple:
    """(concern, why) for a live proceeding: the suit as the facts name it, with who reports it, and
    its particulars as the information request they are."""
    fid = next(c.fact for c in finding.checks if c.result is True and c.fact in assessment.deal.facts)
    fact = assessment.deal.facts[fid]
    name = proceeding_name(assessment, fact)
    title = f"Pending litigation: {name}"
    rank = next(
        (e["rank"] for e in requests if e["fact"] == fid and e.get("tier") is not None and e["label"] == name), None
    )
    proc = memo_proceedings.particulars(assessment, fid)
    if proc is not None:  # the particulars the deal file gives, with its sources: stated, not asked
        return f"Pending litigation: {name}", memo_proceedings.why(assessment, proc, rank)
    why = (
        f"Reported {cited(assessment, fact)[1:-1].split(': ', 1)[-1].join('()')}. It can seek to stop or unwind the "
        "deal, or damages. Court, docket, status, trial date, defendants: not on the record"
        + (f" (information request {rank})." if rank else ".")
    )
    return title, why


def requests_section(requests: list, short: bool) -> dict | None:
    from riskkit.render.memo_blocks import para, section, table

    """The information requests that could move a verdict most, after the filing matrix."""
    top = requests[: TOP_SHORT if short else TOP_FULL]
    if not top:
        return None
    tiers = {e.get("tier") for e in top}
    said = (
        (FILING, "what decides a filing obligation"),
        (PROCEEDING, "the pending litigation"),
        (MOVES, "what could move a verdict"),
        (NARROWS, "what narrows a range or confirms a verdict"),
    )
    order = [what for tier, what in said if tier in tiers]
    return section(
        "requests",
        f"Top {len(top)} information requests, by legal consequence",
        [
            para("Ranked by what the answer decides: " + ", then ".join(order) + ".", cls="small")
            if len(order) > 1
            else None,
            table(
                ["#", "Question", "Why it matters"],
                [[str(e["rank"]), e["question"], "; ".join(e["effects"][:2]) or "completes the record"] for e in top],
                [0.05, 0.6, 0.35],
                "requests",
            ),
        ],
    )

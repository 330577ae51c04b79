"""The main memo's last section, key assumptions and limits: the presumptions the most-likely
reading used (in words: assumed, not verified), the facts taken as given, the open facts that
keep each range wide, the one key to the verdicts, and the legend's closing notes.

Pure: reads an Assessment and returns memo_blocks sections.
"""

from __future__ import annotations

import re

from riskkit.model.display import and_join
from riskkit.model.words import (
    clean,
    fact_label,
    first_sentences,
    given_fact,
    humanise,
    likelihood_span,
    short_title,
    verdict_words,
)
from riskkit.render.legend import EU_CAVEAT, HSR_NOTE, ILLUSTRATIVE, ILLUSTRATIVE_NOTE, closing
from riskkit.render.memo_blocks import bullets, h3, para, section
from riskkit.render.memo_rank import live_risk

_ODDS = re.compile(r"^(\d+(?:\.\d+)?)% likely (yes|no)$")
# One key, said once for the body (page 1 says it in full): never a second reading of the words.
KEY = (
    'Verdicts are read as on page 1: the first word is the most likely reading; "range" runs from the facts as '
    "given to every open fact counted against the deal."
)


def presumed(display: str) -> str:
    """A presumption's value in words, never a percentage: '50% likely yes' → 'even odds, yes or no'."""
    text = " ".join(clean(display).split())
    m = _ODDS.match(text)
    if not m:
        return text
    pct, answer = float(m.group(1)), m.group(2)
    if pct == 50:
        return "as likely as not"
    if pct > 50:
        return f"{answer}, more likely than not"
    return f"{'no' if answer == 'yes' else 'yes'}, more likely than not"


def presumption_items(assessment) -> list:
    cat = assessment.catalogue
    items = []
    for p in getattr(assessment, "presumptions", None) or ():
        if isinstance(p, dict):
            fid, reason, shown = p.get("fact", ""), p.get("reason", ""), p.get("display", "")
        else:
            inner = getattr(p, "presumption", p)
            fid, reason, shown = p.fact, getattr(inner, "reason", ""), getattr(p, "display", "")
        value = presumed(humanise(shown, cat)) if shown else ""
        text = "assumed, not verified" + (f": {value}" if value else "")
        why = first_sentences(humanise(reason, cat), 200)
        items.append(((fact_label(cat, fid) + " — ", "b"), text + (f" ({why.rstrip('.')})." if why else ".")))
    return items


# Where a yes/no clause takes its 'not': the first auxiliary verb ('directors are independent').
_AUX = re.compile(r"\b(is|are|was|were|has|have|had|can|may|must|will|does|do)\b")
# A clause led by a quantifier cannot take 'not' at its verb without changing its meaning
# ('a majority are not independent' is not 'not a majority are independent').
_QUANTIFIED = re.compile(r"^(a majority|most|all|any|every|each|at least|more than|fewer than)\b", re.I)


_NEGATED_QUANTIFIER = {
    "a majority": "Fewer than a majority",
    "all": "Not all",
    "every": "Not every",
    "each": "Not each",
}


def plain_statement(label: str, value: bool) -> str:
    """A yes/no fact as a plain statement, never 'the facts do not show that …' for a given answer:
    'Whether a lawsuit … is pending' + yes → 'A lawsuit … is pending'."""
    clause = label[len("Whether ") :] if label.startswith("Whether ") else ""
    if not clause:
        return f"{label}: {'yes' if value else 'no'}"
    if value:
        return clause[:1].upper() + clause[1:]
    m = _AUX.search(clause)
    if m and not _QUANTIFIED.match(clause):
        return (clause[: m.end()] + " not" + clause[m.end() :])[:1].upper() + (
            clause[: m.end()] + " not" + clause[m.end() :]
        )[1:]
    q = _QUANTIFIED.match(clause)
    if q and q.group(1).lower() in _NEGATED_QUANTIFIER:
        return _NEGATED_QUANTIFIER[q.group(1).lower()] + clause[q.end() :]
    return f"Not so: {clause}"


# A sentence of a fact's note that limits it ('The exclusivity is for API products only: …'): a fact taken
# as given is stated with its limits, never wider than the record (third partner review (b), overstated).
_LIMIT = re.compile(r"\b(?:only:|except\b|exception\b|carve-outs?\b|other than\b)", re.I)


def limits(note) -> str:
    """The note's sentences that limit the fact, joined ('' if none)."""
    sentences = re.split(r"(?<=\.)\s+(?=[A-Z])", " ".join(clean(note or "").split()))
    said = [s.rstrip(".") for s in sentences if _LIMIT.search(s)]
    return "; ".join(s[:1].lower() + s[1:] for s in said)


def given_item(catalogue, use, finding, note: str = "") -> str:
    """A fact taken as given, as a plain statement with its confidence and the limits its note records.
    A yes/no fact that alone decided a finding reads as that finding's title ('Foundation and for-profit
    boards overlap')."""
    conf = "; ".join(x for x in (use.confidence, limits(note)) if x)
    conf = f" ({conf})" if conf else ""
    if isinstance(use.value, bool):
        alone = {c.fact for c in finding.checks if not c.fact.startswith("deal.")} == {use.id}
        if alone:
            return clean(finding.criterion.title) + conf
        return plain_statement(fact_label(catalogue, use.id), use.value) + conf
    return given_fact(catalogue, use.id, use.display) + conf


def estimate_item(assessment, use) -> tuple:
    """An estimated fact under 'assumed, not verified': our estimate is not a fact taken as given."""
    cat = assessment.catalogue
    fact = assessment.deal.facts.get(use.id)
    note = first_sentences(clean(fact.note), 160).rstrip(".") if fact is not None and fact.note else ""
    shown = given_fact(cat, use.id, use.display)
    shown = shown.split(": ", 1)[1] if ": " in shown and not isinstance(use.value, bool) else shown
    return (
        (fact_label(cat, use.id) + " — ", "b"),
        f"our estimate, not verified: {shown}" + (f" ({note})." if note else "."),
    )


def us_in_play(assessment) -> bool:
    return any(
        j.id.startswith("US-FTC")
        for rr in assessment.results
        if rr.status != "not_applicable"
        for j in rr.jurisdictions
    )


def request_numbers(ranks) -> str:
    """'information request 5', 'information requests 5 and 9', 'information requests 5–7 and 9'."""
    ranks = sorted(set(ranks))
    runs: list[list[int]] = []
    for r in ranks:
        if runs and r == runs[-1][-1] + 1:
            runs[-1].append(r)
        else:
            runs.append([r])
    said = [t for x in runs for t in ([f"{x[0]}–{x[-1]}"] if len(x) > 2 else [str(r) for r in x])]
    text = and_join(said)
    return f"information request{'s' if len(ranks) > 1 else ''} {text}"


def open_facts(assessment, requests=(), shown: int = 10, n: int = 3) -> list:
    """For each concern an open fact could still affect: the information requests (by their number in
    the ranked list, never the questions again) whose answers could move its verdict, or, where the
    verdict reads the same even with every open fact against the deal, would confirm it. Headed by
    what the list holds: nothing is called wide that is not."""
    cat = assessment.catalogue
    rank = {e["fact"]: e["rank"] for e in requests if e.get("tier") is not None}
    items, wide, beyond = [], False, False
    concerns = sorted(
        live_risk(assessment),
        key=lambda r: (r.range.band == r.range.band_worst, -(r.range.score_worst - r.range.score)),
    )
    for rr in concerns:
        drivers = rr.range_drivers(n)
        if not rr.range.is_range or not drivers:
            continue
        ranks = [rank[fid] for fid, _ in drivers if fid in rank]
        firmer = [fact_label(cat, fid) for fid, _ in drivers if fid not in rank and fid in cat.facts]
        refs = [f"the answers to {request_numbers(ranks)}"] if ranks else []
        refs += [f"a firmer figure for {x[:1].lower() + x[1:]}" for x in firmer]
        if not refs:
            continue
        what = " and ".join(refs)
        beyond = beyond or any(r > shown for r in ranks)
        if rr.range.band != rr.range.band_worst:
            wide = True
            text = f"reads {verdict_words(rr.range)}; {what} could move it."
        else:
            span = likelihood_span(rr.range.band, rr.range.band_worst)
            text = f"reads {span} even with every open fact counted against the deal; {what} would confirm it, not change it."
        items.append(((f"{short_title(rr.rubric)} — ", "b"), text))
    if not items:
        return []
    # Said once under the list, not in every line (fourth partner review: three times on one page).
    note = [para(f"Requests after the first {shown} are listed in the appendix.", cls="small")] if beyond else []
    return [
        h3("What could still move a verdict" if wide else "What the open facts would confirm"),
        bullets(items),
        *note,
    ]


def key_assumptions(assessment, role: str, requests=(), shown: int = 10) -> dict:
    cat, deal = assessment.catalogue, assessment.deal
    blocks = []
    items = presumption_items(assessment)
    if not items:
        blocks.append(
            para(
                "Open facts are read both ways (facts as given, and every open fact against the deal); no presumption fills them."
            )
        )
    used = {}
    for rr in live_risk(assessment):
        for f in rr.findings:
            if f.status == "triggered" and not f.waived:
                for u in f.facts:
                    used.setdefault(u.id, (u, f))
    given = [(u, f) for u, f in used.values() if u.confidence != "estimated"][:10]
    estimated = [estimate_item(assessment, u) for u, _ in used.values() if u.confidence == "estimated"]
    if items or estimated:
        blocks = [h3("Assumed, not verified"), bullets(items + estimated)]
    if given:
        blocks += [
            h3("Facts taken as given"),
            bullets([given_item(cat, u, f, getattr(deal.facts.get(u.id), "note", "")) for u, f in given]),
        ]
    blocks += open_facts(assessment, requests, shown)
    blocks.append(para(KEY, cls="small"))
    if deal.hypothetical:
        blocks.append(para(f"Facts as of {deal.as_of.isoformat()}. {ILLUSTRATIVE}: {ILLUSTRATIVE_NOTE}", cls="small"))
        return section("assumptions", "Key assumptions and limits", blocks)
    if role in (None, "counsel"):
        blocks.append(para("EU privilege note: " + EU_CAVEAT, cls="small"))
    if us_in_play(assessment):
        blocks.append(para(HSR_NOTE, cls="small"))
    blocks.append(para(f"Facts as of {deal.as_of.isoformat()}. " + closing(role), cls="small"))
    return section("assumptions", "Key assumptions and limits", blocks)

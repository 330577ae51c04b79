"""Two things the memo says about each risk concern beside its verdict (issue 12):

- before the deal vs what the deal changes: which earlier regulator reviews covered the concern
  (who, when, what they concluded) and which findings are new, strengthened, unchanged or reduced
  since that reviewed state (by name; no score figures);
- which missing facts keep its best–worst range wide, as plain questions.

Pure: reads an Assessment and returns memo_blocks blocks.
"""

from __future__ import annotations

import re

from riskkit.model.display import day_month_year
from riskkit.model.inputs import authority_key
from riskkit.model.words import clean, fact_question, likelihood_span, short_title, verdict_words
from riskkit.render.memo_blocks import bullets, h3, para

_PAREN = re.compile(r"\s*\([^()]*\)")


def _when(d) -> str:
    return day_month_year(d)


def _covers(review, jurisdictions) -> bool:
    """Whether a review was by the authority of one of a concern's regimes (model.inputs.Review.covers)."""
    return any(review.covers(j) for j in jurisdictions)


def _short_authority(name: str) -> str:
    known = {
        "competition and markets authority": "CMA",
        "european commission": "EC",
        "federal trade commission": "FTC",
        "bundeskartellamt": "BKartA",
    }
    plain = _PAREN.sub("", clean(name)).strip()
    return known.get(authority_key(clean(name)), re.sub(r"\bAttorney General$", "AG", plain))


def _plain(title: str) -> str:
    """A finding's title without its parenthetical asides, for a running sentence."""
    return _PAREN.sub("", clean(title)).strip()


def _live(assessment) -> list:
    return [rr for rr in assessment.results if rr.scored and rr.status == "applicable"]


def _on_jurisdiction(reviews) -> bool:
    """Whether every one of `reviews` decided jurisdiction only (whether a merger arose), not effects."""
    return bool(reviews) and all(r.scope == "jurisdiction" for r in reviews)


def _decided(r, short: bool = False, dated: bool = True) -> str:
    """'Delaware Attorney General (Statement of No Objection)': a review of the transaction itself,
    with its instrument and, where recorded, its date ('Delaware AG (…)' when `short`)."""
    said = [clean(r.decision)] if r.decision else []
    abbr = re.search(r"\(([^()]+)\)$", said[0]) if said else None
    if said:  # 'Statement of No Objection (SONO)': the short form gives the abbreviation
        said = [abbr.group(1) if short and abbr else _PAREN.sub("", said[0]).strip() if short else said[0]]
    if dated and r.date:
        said.append(_when(r.date))
    return (_short_authority(r.authority) if short else clean(r.authority)) + (f" ({', '.join(said)})" if said else "")


def _this_transaction(assessment, jurisdictions=None) -> list:
    """The reviews of this transaction itself that ended by the as-of date (the deal's `reviews`),
    those by an authority of `jurisdictions` when given."""
    reviews = tuple(getattr(assessment.deal, "reviews", ()) or ())
    return [r for r in reviews if jurisdictions is None or _covers(r, jurisdictions)]


def transaction_reviewed(assessment, jurisdictions=None) -> str:
    """'Reviewed before closing: Delaware AG (Statement of No Objection), …' ('' without such reviews)."""
    done = _this_transaction(assessment, jurisdictions)
    if not done:
        return ""
    when = "before closing" if assessment.deal.stage == "closed" else "by the facts' date"
    names = [_decided(r, short=True, dated=False) for r in done]
    if all(n.split(" (")[0].endswith(" AG") for n in names):  # 'AG reviews …: Delaware (…), California (…)'
        return f"AGs {when}: " + ", ".join(n.replace(" AG", "", 1) for n in names) + "."
    return f"Reviewed {when}: " + ", ".join(names) + "."


def reviewed_line(assessment) -> list:
    """The bottom line's one line on the earlier reviews (who, when); what they decided is in each
    concern's row (concern_change) and their outcomes under Background (reviewed_before), so page 1
    keeps room for the whole Top risks table."""
    prior = getattr(assessment.deal, "prior", None)
    if prior is None:
        return reviewed_before(assessment)
    reviews = sorted(prior.reviews, key=lambda r: r.date, reverse=True)
    if not reviews:
        return reviewed_before(assessment)
    who = ", ".join(f"{_short_authority(r.authority)} ({_when(r.date)})" for r in reviews)
    return [
        para(
            ("Before the deal: ", "b"),
            f"reviewed by {who}; outcomes under Background.",
            cls="small",
        )
    ]


def reviewed_before(assessment) -> list:
    """The 'before the deal' paragraph: who reviewed the earlier state, when, with what outcome
    ([] without a prior state). Each concern's change is in its bottom-line row (concern_change)."""
    prior = getattr(assessment.deal, "prior", None)
    done = _this_transaction(assessment)
    if prior is None and not done:
        return []

    def said(rs) -> str:
        return "; ".join(f"{clean(r.authority)}, {_when(r.date)}: {clean(r.outcome).rstrip('.')}" for r in rs)

    parts = []
    if prior is not None:
        reviews = sorted(prior.reviews, key=lambda r: r.date, reverse=True)
        since = prior.deal.as_of
        when = _when(since)
        # A review can only have looked at the state as it stood on or before the review's own date:
        # those dated before the prior state's date reviewed earlier versions of the arrangement.
        current = [r for r in reviews if r.date >= since]
        earlier = [r for r in reviews if r.date < since]
        if current:
            parts.append(f"the position as it stood on {when} was reviewed by {said(current)}.")
        else:
            parts.append(f"the deal file names the position as it stood on {when}; no regulator reviewed it as such.")
        if earlier:
            parts.append(f"Earlier reviews looked at earlier versions of the arrangement: {said(earlier)}.")
        if _on_jurisdiction(reviews):
            each = "Each" if len(reviews) > 1 else "It"
            parts.append(f"{each} decided jurisdiction only (whether a merger arose), not the arrangement's effects.")
    if done:
        closing = "before closing" if assessment.deal.stage == "closed" else "by the facts' date"
        outcomes = "; ".join(f"{_decided(r)}: {clean(r.outcome).rstrip('.')}" for r in done)
        parts.append(f"The transaction itself was reviewed {closing}: {outcomes}.")
    text = " ".join(parts)
    if prior is None:
        text = text[0].lower() + text[1:]
    return [
        para(
            ("Before the deal: ", "b"),
            text,
            cls="small",
        )
    ]


def concern_change(assessment, rr) -> str:
    """One concern against the earlier reviewed state: who reviewed it, what the deal changed in the
    facts the concern reads (from the facts files, not hard-coded), and the net effect in a few words
    (second partner review, item 3). '' when the deal names no prior state."""
    prior = getattr(assessment.deal, "prior", None)
    done = _this_transaction(assessment, rr.jurisdictions)
    if prior is None and not done:
        return ""
    reviews = sorted(prior.reviews, key=lambda r: r.date, reverse=True) if prior is not None else []
    covering = [r for r in reviews if _covers(r, rr.jurisdictions)]
    parts = []
    if covering and _on_jurisdiction(covering):
        names = ", ".join(_short_authority(r.authority) for r in covering)  # dates: Background
        parts.append(f"Jurisdictional reviews only: {names}.")
    elif covering:
        parts.append(
            "Reviewed: "
            + ", ".join(
                f"{_short_authority(r.authority)} {r.date.year}"
                + (" (jurisdiction only)" if r.scope == "jurisdiction" else "")
                for r in covering
            )
            + "."
        )
    if done:
        parts.append(transaction_reviewed(assessment, rr.jurisdictions))
    if not parts:
        parts.append("No earlier review covered it.")
    already = influence_already_found(assessment, rr, covering)
    if already:
        parts.append(already)
    if prior is None:
        return " ".join(parts)
    changed = deal_changes(assessment, rr, n=1 if already else 2)  # page 1 keeps its room
    if changed:
        parts.append("The deal: " + "; ".join(changed) + ".")
    parts.append(net_effect(rr, renewed_terms(assessment, rr)))
    return " ".join(parts)


def influence_already_found(assessment, rr, covering) -> str:
    """For an acquisition concern whose earlier reviews already found influence short of control
    (influence_found_<region> facts: the CMA's material influence, the Bundeskartellamt's material
    competitive influence): 'Influence found (CMA, BKartA); open question: step-up to
    control.' — so a 'remote' verdict never reads as 'no influence'
    (third partner review (a)7). '' otherwise."""
    if not getattr(rr.rubric, "settled_by_review", False):
        return ""
    facts = assessment.deal.facts
    found = []
    for r in covering:
        for j in rr.jurisdictions:
            fact = facts.get("influence_found_" + j.id.split("-")[0].lower())
            if r.covers(j) and fact is not None and fact.value not in ("none", "control", "de_facto_control"):
                found.append(_short_authority(r.authority))
                break
    if not found:
        return ""
    return f"Influence found ({', '.join(found)}); open question: step-up to control."


def net_effect(rr, renewed=()) -> str:
    """'Net: lower.' / 'Net: higher.' / 'Net: unchanged.' — the sum of the findings' moves against the
    prior state, on most-likely points (the deal's changes that drive it are named just before).
    'Net: mixed' where the deal moves findings both ways: it reduces one while it adds or strengthens
    another, or renews a term behind a triggered finding (`renewed`: restated with a new source —
    an exclusive licence extended to 2032 keeps its finding alive however the points add up)."""
    moved = [
        f
        for f in rr.findings
        if not f.waived
        and (
            getattr(f, "change", None) == "reduced"
            or (getattr(f, "change", None) in ("new", "strengthened") and f.status == "triggered")
        )
    ]
    delta = sum((f.points_likely or 0) - (f.points_prior or 0) for f in moved)
    down = any(getattr(f, "change", None) == "reduced" for f in moved)
    up = bool(renewed) or any(getattr(f, "change", None) in ("new", "strengthened") for f in moved)
    if down and up:
        return "Net: mixed."
    return "Net: lower." if delta < 0 else "Net: higher." if delta > 0 else "Net: unchanged."


def _dated_since(deal, fact, since) -> bool:
    """Whether a fact rests on a source dated after the prior state (so the deal, not a fuller file, set it)."""
    dates = [deal.sources[s].date for s in fact.sources if s in deal.sources and deal.sources[s].date]
    return any(d > since for d in dates) or bool(fact.as_of and fact.as_of > since)


def deal_changes(assessment, rr, n: int = 2) -> list:
    """The deal's changes to the facts a concern reads, from the facts files: first those behind its
    triggered findings, then changed values, then values the deal newly set; each as
    'label: from before to after' (model.words.change_words), 'label: value', or (a term the deal restated: same value, new
    source) the first clause of the fact's note ('… remain exclusive to Azure until … AGI')."""
    return [text for *_, text, _restated in sorted(_changes(assessment, rr))[:n]]


def renewed_terms(assessment, rr) -> list:
    """The facts behind a concern's triggered findings that the deal restated (same value, a new
    source since the prior state): terms it renewed, such as an exclusive licence now running to 2032."""
    return [fid for order, _, fid, _, restated in _changes(assessment, rr) if restated and order == 0]


def _changes(assessment, rr) -> list:
    """(order, -weight, fact id, text, restated) for each fact of `rr` the deal changed (deal_changes)."""
    from riskkit.model.conditions import criterion_reads
    from riskkit.model.display import show
    from riskkit.model.words import change_words, fact_label, value_words
    from riskkit.render.memo_assume import plain_statement

    deal, cat = assessment.deal, assessment.catalogue
    before, since = deal.prior.deal.facts, deal.prior.deal.as_of
    weight: dict = {}
    for c in rr.rubric.criteria:
        pts = max([c.points, *(lv.points for lv in c.levels)])
        for fid in criterion_reads(c, cat):
            weight[fid] = max(weight.get(fid, 0), pts)
    behind = {u.id for f in rr.findings if f.status == "triggered" and not f.waived for u in f.facts}
    # facts behind triggered findings labelled unchanged only because the earlier file lacked them
    # (the board overlap, the suit): not the deal's doing, so not listed as what it changed
    moved = {
        u.id
        for f in rr.findings
        if f.status == "triggered" and not f.waived and getattr(f, "change", None) != "unchanged"
        for u in f.facts
    }
    found = []
    for fid, w in weight.items():
        now, was = deal.facts.get(fid), before.get(fid)
        if now is None or fid not in cat.facts or not _dated_since(deal, now, since):
            continue
        spec = cat.facts[fid]
        label = _plain(fact_label(cat, fid)).split(", ")[0].split(". ")[0]  # the label, not the field's gloss
        shown = value_words(show(now.value, spec.type, now.currency, spec.unit))
        if isinstance(now.value, bool) and label.startswith("Whether "):
            shown, label = "", plain_statement(label, now.value)
        restated = False
        if was is not None and (was.value, was.currency) != (now.value, now.currency):
            old = value_words(show(was.value, spec.type, was.currency, spec.unit))
            text, kind = (change_words(label, old, shown) if shown else label), 1
        elif was is not None and now.note and tuple(now.sources) != tuple(was.sources) and fid in behind:
            text, kind, restated = clean(now.note).split("; ")[0].split(". ")[0].rstrip("."), 1, True
        elif was is None and not (fid in behind and fid not in moved):
            text, kind = (f"{label}: {shown}" if shown else label), 2
        else:
            continue
        found.append((0 if fid in behind else kind, -w, fid, text, restated))
    return found


def range_drivers(assessment, n: int = 3) -> list:
    """Key assumptions: for each concern whose range is wide, the open facts that keep it so."""
    items = []
    for rr in sorted(_live(assessment), key=lambda r: -(r.range.score_worst - r.range.score)):
        drivers = rr.range_drivers(n)
        if not rr.range.is_range or not drivers:
            continue
        asks = " ".join(fact_question(assessment.catalogue, fid) for fid, _ in drivers)
        span = likelihood_span(rr.range.band, rr.range.band_worst)
        lead = (  # a range only where the reading can move; otherwise the reading and what is still open
            f"reads {verdict_words(rr.range)}; would firm up if we knew: "
            if rr.range.band != rr.range.band_worst
            else f"reads {span} even with every open fact counted against the deal; still open: "
        )
        items.append(((f"{short_title(rr.rubric)} — {lead}", "b"), asks))
    if not items:
        return []
    return [h3("What keeps each range wide"), bullets(items)]

"""The main memo's last section, key assumptions and limits: the presumptions the most-likely
reading used (in words: assumed, not verified), the facts taken as given, the open facts that
keep each range wide, the one key to the verdicts, and the legend's closing notes.

Pure: reads an Assessment and returns memo_blocks sections.
"""

from __future__ import annotations

import re

from riskkit.model.words import clean, fact_label, first_sentences, given_fact, humanise
from riskkit.render.legend import HSR_NOTE, ILLUSTRATIVE, ILLUSTRATIVE_NOTE, closing
from riskkit.render.memo_blocks import bullets, h3, para, section
from riskkit.render.memo_prior import range_drivers
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


def us_in_play(assessment) -> bool:
    return any(
        j.id.startswith("US-FTC")
        for rr in assessment.results
        if rr.status != "not_applicable"
        for j in rr.jurisdictions
    )


def key_assumptions(assessment, role: str) -> dict:
    cat, deal = assessment.catalogue, assessment.deal
    blocks = []
    items = presumption_items(assessment)
    if items:
        blocks += [h3("Assumed, not verified"), bullets(items)]
    else:
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
                    used.setdefault(u.id, u)
    if used:
        items = [
            given_fact(cat, u.id, u.display) + (f" ({u.confidence})" if u.confidence else "")
            for u in list(used.values())[:10]
        ]
        blocks += [h3("Facts taken as given"), bullets(items)]
    blocks += range_drivers(assessment)
    blocks.append(para(KEY, cls="small"))
    if deal.hypothetical:
        blocks.append(para(f"Facts as of {deal.as_of.isoformat()}. {ILLUSTRATIVE}: {ILLUSTRATIVE_NOTE}", cls="small"))
        return section("assumptions", "Key assumptions and limits", blocks)
    if us_in_play(assessment):
        blocks.append(para(HSR_NOTE, cls="small"))
    blocks.append(para(f"Facts as of {deal.as_of.isoformat()}. " + closing(role), cls="small"))
    return section("assumptions", "Key assumptions and limits", blocks)

"""No hindsight in what a memo cites: dates found in free text (a reference's `via`, a criterion's
rationale) compared with the deal's as-of date. Pure; no I/O.

A date is read only where the text states one ('4 Nov 2025', 'November 2025', '2026-04-27',
'April 2026'); a month without a day counts from its first day, so only material that was
certainly later is flagged.
"""

from __future__ import annotations

import datetime as _dt
import re

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        )
    )
    for m in names
}
_DMY = re.compile(r"\b(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?\s+((?:19|20)\d\d)\b")
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")


def dates_in(text: str) -> list:
    """Every date stated in `text`, as (date, the words that state it)."""
    out = []
    for m in _ISO.finditer(text or ""):
        try:
            out.append((_dt.date(int(m[1]), int(m[2]), int(m[3])), m[0]))
        except ValueError:
            continue
    for m in _DMY.finditer(text or ""):
        month = _MONTHS.get(m[2].lower())
        if month is None:
            continue
        try:
            out.append((_dt.date(int(m[3]), month, int(m[1]) if m[1] else 1), m[0]))
        except ValueError:
            continue
    return out


def later_in(text: str, as_of: _dt.date) -> list:
    """The dates stated in `text` that fall after `as_of` (the words, in order, once each)."""
    return list(dict.fromkeys(words for day, words in dates_in(text) if day > as_of))


def flag_later_references(result: dict, as_of: str) -> dict:
    """Mark each cited reference that could not have been known on the deal's as-of date
    (`after_as_of`): dated later, or read through a summary ('via') dated later; `undated` when it
    carries no date to check. A rationale that states a later date lists it (`rationale_after_as_of`).
    The memo shows such material as later, never as the basis."""
    day = _dt.date.fromisoformat(as_of)
    for finding in result["findings"]:
        for ref in finding["references"]:
            via_later = later_in(ref.get("via") or "", day)
            ref["after_as_of"] = bool((ref["date"] and ref["date"] > as_of) or via_later)
            ref["undated"] = not ref["date"]
        finding["rationale_after_as_of"] = later_in(finding.get("rationale") or "", day)
    return result


def later_material(result: dict) -> list:
    """'criterion: what' for every flagged reference and rationale date of a flagged result dict."""
    out = []
    for finding in result["findings"]:
        if finding.get("status") in ("not_in_play", "not_applicable"):
            continue
        for ref in finding["references"]:
            if ref.get("after_as_of"):
                when = "; ".join(x for x in (ref["date"], f"via {ref['via']}" if ref.get("via") else "") if x)
                out.append(f"{finding['id']}: {ref['title']} ({when})")
        out += [
            f"{finding['id']}: rationale states a later date, {words} (a later event, or one already fixed then?)"
            for words in finding.get("rationale_after_as_of", ())
        ]
    return out


def later_source_ids(source_ids, deal) -> tuple:
    """The ids among these sources that the deal dates after its as-of date (a fact's, a condition's)."""
    return tuple(
        s for s in source_ids if s in deal.sources and deal.sources[s].date and deal.sources[s].date > deal.as_of
    )

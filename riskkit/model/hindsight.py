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

"""How values look to a person: '27%', 'USD 13,000m', '2025-10-28', 'exclusive'."""

from __future__ import annotations

import datetime as _dt

from riskkit.model.inputs import Interval


def _num(x) -> str:
    if isinstance(x, float) and not x.is_integer():
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{int(x):,}"


def money(amount_m: float, currency: str | None = None) -> str:
    """An amount given in millions as a reader writes it: 'USD 126.4m', and from 1,000m on in
    billions with every digit kept ('USD 130bn', 'USD 1.25bn', 'USD 13.8005bn'), never rounded."""
    return f"{currency or ''} {money_amount(amount_m)}".strip()


def money_amount(amount_m: float) -> str:
    """'126.4m' or '130bn': the number part of money()."""
    return billions(amount_m) + "bn" if abs(amount_m) >= 1000 else _num(amount_m) + "m"


def billions(amount_m: float) -> str:
    """An amount in millions as a number of billions, exact ('130', '1.25', '0.5')."""
    from decimal import Decimal

    whole, _, frac = f"{(Decimal(str(amount_m)) / 1000).normalize():f}".partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def span(low, high) -> str:
    """'27' or '21.1–37.1' (numbers) / 'moderate' or 'moderate–high' (bands): best … worst case."""
    if isinstance(low, (int, float)) and isinstance(high, (int, float)):
        return f"{low:g}" if low == high else f"{low:g}–{high:g}"
    return str(low) if low == high else f"{low}–{high}"


# One status vocabulary for every output: triggered / clear / unknown / not in play / waived.
STATUS_WORDS = {"not_triggered": "clear", "not_applicable": "not in play", "not_in_play": "not in play"}


def status_word(status: str, waived: bool = False) -> str:
    """A finding status as people read it ('not_triggered' → 'clear')."""
    return "waived" if waived else STATUS_WORDS.get(status, status.replace("_", " "))


def show(value, ftype: str = "", currency: str | None = None, unit: str = "") -> str:
    if value is None:
        return "unknown"
    if isinstance(value, Interval):
        if ftype == "percent":
            body = f"{_num(value.low)}%" if value.is_point else f"{_num(value.low)}–{_num(value.high)}%"
            return body
        if ftype == "money":
            amount = _num(value.low) if value.is_point else f"{_num(value.low)}–{_num(value.high)}"
            return f"{currency or ''} {amount}m".strip()
        body = _num(value.low) if value.is_point else f"{_num(value.low)}–{_num(value.high)}"
        return f"{body} {unit}".strip() if unit and unit not in ("%",) else body
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        if value and isinstance(value[0], (int, float)) and not isinstance(value[0], bool):
            return ", ".join(_num(v) for v in value)
        return ", ".join(show(v) for v in value) if value else "none"
    return str(value)


def plain(value):
    """JSON-able form of a fact value: numbers, {low, high}, ISO dates, lists."""
    if isinstance(value, Interval):
        return value.low if value.is_point else {"low": value.low, "high": value.high}
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    return value


MONTHS = "January February March April May June July August September October November December".split()


def day_month_year(d, sep: str = " ", short: bool = False) -> str:
    """'28 October 2025' ('28 Oct 2025' when short): the one way outputs write a date in words."""
    month = MONTHS[d.month - 1]
    return f"{d.day}{sep}{month[:3] if short else month}{sep}{d.year}"


STALE_AFTER_DAYS = 90


def stale_facts(as_of, issued) -> str:
    """', 13 months before this memo's date: later events are not reflected' when the memo is issued
    long after its facts (no hindsight by design, so the reader must be told; fourth partner review)."""
    if issued is None or (issued - as_of).days <= STALE_AFTER_DAYS:
        return ""
    months = (issued.year - as_of.year) * 12 + issued.month - as_of.month - (issued.day < as_of.day)
    age = f"{months} months" if months > 1 else f"{(issued - as_of).days} days"
    return f", {age} before this memo's date: later events are not reflected"


def and_join(items) -> str:
    """'a', 'a and b', 'a, b and c': a list in a sentence."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def more_facts(n: int) -> str:
    """'1 more fact decides', '6 more facts decide': what is left after an open verdict's first question."""
    return f"{n} more fact{'s decide' if n != 1 else ' decides'}"

"""Numbers as people type them, read by one documented rule (docs/formats.md, "Numbers written as text").

- Thousands separators: "3,000" and "1,250.5" are 3000 and 1250.5 (commas only between groups of three).
- Percentages may carry their sign: "19%" and "19 %" are 19 (a percentage fact, 0–100).
- Anything else written as text ("$2bn", "19 percent", "3.000", "about 20") is refused, with a hint
  showing the accepted form; for money the hint converts the amount to millions ("$2bn" → 2000).

Money is entered in millions. An amount of a million million or more (a trillion) is almost
certainly written in full units, so the deal loader warns about it (`full_units_warning`).
"""

from __future__ import annotations

import re

NUMBER_RE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
MONEY_RE = re.compile(
    r"^(?P<cur>[$€£¥]|[A-Za-z]{3}(?=[\s\d]))?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*"
    r"(?P<mult>bn|billion|b|mn|million|m|k|thousand|tn|trillion)?\.?\s*(?P<cur2>[A-Za-z]{3})?$",
    re.IGNORECASE,
)
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
TO_MILLIONS = {"": 1e-6, "k": 1e-3, "thousand": 1e-3, "m": 1, "mn": 1, "million": 1, "b": 1e3, "bn": 1e3,
               "billion": 1e3, "tn": 1e6, "trillion": 1e6}  # fmt: skip
FULL_UNITS = 1_000_000  # millions: a trillion or more is almost surely entered in full units


def friendly_number(text: str, percent: bool = False):
    """The number in `text` by the rule above, or None when the text is not written that way."""
    t = text.strip()
    if percent and t.endswith("%"):
        t = t[:-1].rstrip()
    if not NUMBER_RE.match(t):
        return None
    value = float(t.replace(",", ""))
    return int(value) if value.is_integer() and "." not in t else value


def number_hint(text: str, what: str) -> str:
    """How to write what was meant, shown after 'expected …, got …'."""
    if what == "a percentage":
        return 'write a number from 0 to 100, e.g. 19 or "19%"'
    if what == "an amount":
        m = MONEY_RE.match(text.strip())
        if m:
            code = SYMBOLS.get(m["cur"] or "", (m["cur"] or m["cur2"] or "").upper()) or "USD"
            amount = float(m["num"].replace(",", ""))
            mult = (m["mult"] or "").lower()
            if mult:
                amount *= TO_MILLIONS[mult]
            elif amount >= FULL_UNITS:  # "$2,000,000,000": full units
                amount *= TO_MILLIONS[""]
            return f"money is a plain number in millions with the currency apart: value: {amount:g}, currency: {code}"
        return "money is a plain number in millions with the currency apart, e.g. value: 2000, currency: USD"
    return 'write a plain number, e.g. 3000 or "3,000"'


def fraction_warning(low: float, high: float) -> str | None:
    """A warning when a percentage looks written as a fraction: 0.19 is read as 0.19%, not 19%."""
    if not (0 < high < 1 and low >= 0):
        return None
    if low == high:
        return (
            f"{low:g} is read as {low:g}%; percentages are written in percent: for {100 * low:g}% write {100 * low:g}"
        )
    return (f"{low:g}–{high:g} is read as {low:g}–{high:g}%; percentages are written in percent: for "
            f"{100 * low:g}–{100 * high:g}% write {{low: {100 * low:g}, high: {100 * high:g}}}")  # fmt: skip


def full_units_warning(amount: float, currency: str | None) -> str | None:
    """A warning when a money amount (in millions) looks entered in full units."""
    if amount < FULL_UNITS:
        return None
    return (f"{currency or ''} {amount:,.0f} million is {amount / 1e6:,.1f} trillion; money is entered in millions, so "
            f"if you meant {currency or ''} {amount:,.0f} write {amount / 1e6:g}").replace("  ", " ")  # fmt: skip

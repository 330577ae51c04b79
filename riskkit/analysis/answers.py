"""Answers to information requests, typed on a review workbook's Gaps sheet, turned into deal facts.

    deal2, used = answered_deal(deal, catalogue, answers, "review.xlsx")

Each answer becomes a fact whose source is the reviewer (a new source entry naming the workbook
cell, the Source and the Owner given) and whose confidence is the one chosen (default reported).
The deal data is re-validated by riskkit.load.deal, so an answer is held to the same rules as a
facts file; an error names the Gaps cell. deal2.canonical is the updated deal file's data.
"""

from __future__ import annotations

import re

from msgspec import Struct

from riskkit.errors import InputError
from riskkit.load.deal import deal_from_data, deal_to_data
from riskkit.load.hindsight import screen

MONEY_RE = re.compile(r"^(?:([A-Za-z]{3})\s*)?([0-9][0-9,]*(?:\.[0-9]+)?)\s*(?:([A-Za-z]{3}))?$")
SOURCE_PREFIX = "reviewer-answer"


class AnsweredFact(Struct, frozen=True):
    fact: str
    cell: str
    value: object  # as written into the deal data
    confidence: str
    source: str  # the source id added (or named on the sheet)

    def to_dict(self) -> dict:
        return {"fact": self.fact, "cell": self.cell, "value": self.value, "confidence": self.confidence,
                "source": self.source}  # fmt: skip


def plain_data(value):
    """Plain dicts and lists (the loader's line-remembering containers dropped), for YAML and copying."""
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_data(v) for v in value]
    return value


def answered_deal(deal, catalogue, answers, workbook: str):
    """(Deal with the answers as facts, [AnsweredFact]); the deal itself when nothing is answered."""
    given = [a for a in answers if a.answer is not None and a.answer != ""]
    if not given:
        return deal, []
    data = plain_data(deal.canonical or deal_to_data(deal))
    facts = data.setdefault("facts", {})
    sources = data.setdefault("sources", {}) or {}
    data["sources"] = sources
    used, where = [], {}
    for a in given:
        spec = catalogue.facts.get(a.fact)
        if spec is None:
            raise InputError(f"unknown fact '{a.fact}'; Gaps rows must not be edited", path=workbook, key=a.ref("Fact"))
        if spec.derived_op:
            raise InputError(f"'{a.fact}' is derived ({spec.derived_op} of {', '.join(spec.derived_of)}); answer "
                             "those facts instead", path=workbook, key=a.ref())  # fmt: skip
        value, currency = _value(spec, a, deal, workbook)
        sid = _source(a, sources, deal, workbook)
        confidence = a.confidence or "reported"
        entry = {"value": value, "sources": [sid], "confidence": confidence,
                 "note": f"Answered in the review workbook ({a.ref()})" + (f" by {a.owner}" if a.owner else "")}  # fmt: skip
        if currency:
            entry["currency"] = currency
        facts[a.fact] = entry
        where[a.fact] = a
        used.append(AnsweredFact(a.fact, a.ref(), value, confidence, sid))
    try:
        new = screen(deal_from_data(data, catalogue, deal.path), deal.include_later_sources)
    except InputError as exc:
        parts = (exc.key or "").split(".")
        if len(parts) >= 2 and parts[0] == "facts" and parts[1] in where:
            a = where[parts[1]]
            raise InputError(f"answer for '{a.fact}': {exc.message}", path=workbook, key=a.ref(),
                             hint=exc.hint) from None  # fmt: skip
        raise
    return new, used


def _value(spec, a, deal, workbook: str):
    """(value for the deal data, currency or None) from an answer cell, in the fact's type."""
    from riskkit.load.cellvalues import typed_cell

    raw = a.answer
    if spec.type == "enum" and isinstance(raw, str):
        return _choice(spec, raw), None
    if spec.type == "enum_list" and isinstance(raw, str):
        return [_choice(spec, part) for part in typed_cell("enum_list", raw)], None
    if spec.type != "money":
        return typed_cell(spec.type, raw), None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        amount, code = raw, ""
    else:
        m = MONEY_RE.match(str(raw).strip())
        if not m or (m.group(1) and m.group(3)):
            raise InputError(f"expected an amount in millions with its currency, e.g. USD 2000, got {str(raw)!r}",
                             path=workbook, key=a.ref())  # fmt: skip
        text = m.group(2)
        if "," in text and not re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
            raise InputError(f"commas only as thousands separators (2,000), got {text!r}", path=workbook, key=a.ref())
        amount = float(text.replace(",", ""))
        amount = int(amount) if amount.is_integer() else amount
        code = (m.group(1) or m.group(3) or "").upper()
    if not code:
        code = next((f.currency for f in deal.facts.values() if f.currency), "")
    if not code:
        raise InputError("give the currency with the amount, e.g. USD 2000 (millions)", path=workbook, key=a.ref())
    return amount, code


def _choice(spec, text: str) -> str:
    """A choice as the Gaps list shows it ('first notification') back to its id ('first_notification');
    anything else is left as typed, for the deal loader to refuse with its did-you-mean."""
    text = text.strip()
    if text in spec.values:
        return text
    by_words = {v.replace("_", " ").lower(): v for v in spec.values}
    return by_words.get(" ".join(text.replace("_", " ").split()).lower(), text)


def _source(a, sources: dict, deal, workbook: str) -> str:
    """The source of an answer: a source id already in the deal, or a new entry naming the reviewer."""
    if a.source and a.source in sources:
        return a.source
    n = 1
    while f"{SOURCE_PREFIX}-{n}" in sources:
        n += 1
    sid = f"{SOURCE_PREFIX}-{n}"
    title = f"Reviewer answer to the information request on {a.fact}"
    if a.source:
        title += f" (source given: {a.source})"
    entry = {"title": title, "kind": "company", "locator": f"{_name(workbook)} {a.ref()}"}
    if a.owner:
        entry["publisher"] = a.owner
    sources[sid] = entry
    return sid


def _name(path: str) -> str:
    from pathlib import Path

    return Path(path).name


__all__ = ["answered_deal", "AnsweredFact", "plain_data"]

"""One fact of a deal file, read and checked: its id against the catalogue, its typed value
(numbers and ranges, money in millions with an ISO 4217 currency, market shares, enums, dates),
its sources and confidence.

`parse_value` reads a literal of a fact's type; the catalogue, rubric and condition loaders
share it, so a value means the same wherever it is written.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from riskkit.errors import did_you_mean
from riskkit.load.fields import Node
from riskkit.model.inputs import CONFIDENCES, NUMERIC_TYPES, Catalogue, Fact, Interval

CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
FACT_FORM_KEYS = ("value", "currency", "sources", "confidence", "as_of", "note")
MAX_MONEY = 1e9  # millions: 10^15 of a currency unit
SHARE_SLACK = 0.5  # market shares that add up to 100.4% are rounding, 150% is a mistake


def checked_fact(fid: str, node: Node, catalogue: Catalogue, sources: dict):
    if fid not in catalogue.facts:
        raise node.error(
            f"unknown fact '{fid}'; see `riskkit facts` for the catalogue", did_you_mean(fid, catalogue.facts)
        )
    spec = catalogue.facts[fid]
    if spec.derived_op:
        raise node.error(
            f"'{fid}' is derived ({spec.derived_op} of {', '.join(spec.derived_of)}); give those facts instead"
        )
    return _fact(fid, spec, node, sources, "%" if fid in _share_lists(catalogue) else spec.unit)


def fact_warnings(fact: Fact, node: Node, kind: str = "") -> list[str]:
    """Money that looks entered in full units where millions are expected; a percentage that looks
    written as a fraction (0.19 for 19%)."""
    from riskkit.load.friendly import fraction_warning, full_units_warning

    if not isinstance(fact.value, Interval):
        return []
    if kind == "percent":
        text = fraction_warning(fact.value.low, fact.value.high)
    elif fact.currency is not None:
        text = full_units_warning(fact.value.high, fact.currency)
    else:
        text = None
    if text is None:
        return []
    where = f"{node.file}:{node.line}: " if node.line else f"{node.file}: "
    return [f"{where}{node.keypath}: {text}"]


def currency_code(node: Node) -> str:
    if not isinstance(node.value, str) or not CURRENCY_RE.match(node.value):
        raise node.expected("an ISO currency code such as USD, EUR, GBP")
    codes = iso_currencies()
    if node.value not in codes:
        raise node.error(f"'{node.value}' is not an ISO 4217 currency code", did_you_mean(node.value, codes))
    return node.value


@functools.cache
def iso_currencies() -> frozenset:
    """The ISO 4217 codes shipped in riskkit/data/iso4217.txt."""
    text = (Path(__file__).parent.parent / "data" / "iso4217.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _share_lists(catalogue) -> set:
    """Facts read as market shares in % (the input of an hhi), whatever their declared unit."""
    return {d for s in catalogue.facts.values() if s.derived_op == "hhi" for d in s.derived_of}


def _fact(fid: str, spec, node: Node, sources: dict, unit: str) -> Fact | None:
    full = isinstance(node.value, dict) and "value" in node.value
    if not full:
        if node.value is None:
            return None
        if spec.type == "money":
            raise node.error("a money fact needs a currency: write {value: 13000, currency: USD} (millions)")
        return Fact(fid, parse_value(spec.type, spec.values, node, unit=unit), line=node.line)
    m = node.mapping(required=(), optional=FACT_FORM_KEYS, what="a fact")
    if m["value"].value is None:
        return None
    value = parse_value(spec.type, spec.values, m["value"], unit=unit)
    currency = None
    if spec.type == "money":
        if "currency" not in m:
            raise node.error("a money fact needs 'currency' (an ISO code such as USD)")
        currency = currency_code(m["currency"])
    elif "currency" in m:
        raise m["currency"].error(f"'currency' only applies to money facts; '{fid}' is {spec.type}")
    source_ids = ()
    if "sources" in m:
        items = m["sources"].items() if m["sources"].is_list() else [m["sources"]]
        source_ids = tuple(i.str() for i in items)
        for sid, item in zip(source_ids, items, strict=False):
            if sid not in sources:
                raise item.error(f"unknown source id '{sid}'", did_you_mean(sid, sources))
    confidence = m["confidence"].choice(CONFIDENCES, "a confidence, one of") if "confidence" in m else None
    if confidence is None:
        confidence = "reported" if source_ids else "unsourced"
    return Fact(
        id=fid,
        value=value,
        currency=currency,
        sources=source_ids,
        confidence=confidence,
        as_of=m["as_of"].date() if "as_of" in m else None,
        note=m["note"].str(allow_empty=True) if "note" in m else "",
        line=node.line,
    )


def parse_value(ftype: str, values: tuple, node: Node, allow_range: bool = True, unit: str = ""):
    """The typed value of a fact (or a literal of the fact's type) from a node."""
    if ftype in NUMERIC_TYPES:
        if isinstance(node.value, dict):
            if not allow_range:
                raise node.expected("a single number")
            m = node.mapping(required=("low", "high"), what="a number or a range {low, high}")
            low, high = _number(ftype, m["low"]), _number(ftype, m["high"])
            if low > high:
                raise node.error(f"range low {low:g} is above high {high:g}")
            return Interval(low, high)
        n = _number(ftype, node)
        return Interval(n, n)
    if ftype == "bool":
        return node.bool()
    if ftype == "date":
        return node.date()
    if ftype == "enum":
        return _case_blind(node, values).choice(values, "one of")
    if ftype == "enum_list":
        items = node.items("a list of values") if node.is_list() else [node]
        out = tuple(_case_blind(i, values).choice(values, "one of") for i in items)
        if len(set(out)) != len(out):
            raise node.error("a value is listed twice")
        return out
    if ftype == "number_list":
        items = node.items("a list of numbers", allow_empty=False)
        if unit != "%":
            return tuple(i.number() for i in items)
        shares = tuple(i.number(minimum=0, maximum=100, what="a percentage") for i in items)
        if sum(shares) > 100 + SHARE_SLACK:
            raise node.error(f"the shares add up to {sum(shares):g}%, more than 100%")
        return shares
    return node.str(max_len=5000)


def _case_blind(node: Node, values: tuple) -> Node:
    """'Preferred' read as 'preferred' (as 'Yes' is read as yes), when only one value matches that way."""
    if isinstance(node.value, str) and node.value not in values:
        same = [v for v in values if v.lower() == node.value.strip().lower()]
        if len(same) == 1:
            return Node(same[0], node.file, node.keypath, node.line)
    return node


def _number(ftype: str, node: Node):
    if ftype == "integer":
        return node.int()
    if ftype == "percent":
        return node.number(minimum=0, maximum=100, what="a percentage")
    if ftype == "money":
        amount = node.number(minimum=0, what="an amount")
        if amount > MAX_MONEY:
            raise node.error(
                f"expected an amount in millions of at most {MAX_MONEY:,.0f} (10^15 units), got {amount:.3g}",
                f"money is entered in millions: for {amount:,.0f} in full units write {amount / 1e6:g}",
            )
        return amount
    return node.number()

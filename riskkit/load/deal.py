"""Load a deal facts file (YAML or JSON) and check every fact against the catalogue."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from riskkit.errors import InputError, did_you_mean
from riskkit.load import yamlio
from riskkit.load.fields import Node
from riskkit.model.inputs import (
    CONFIDENCES,
    LEGACY_SOURCE_KINDS,
    NUMERIC_TYPES,
    PARTY_ROLES,
    SOURCE_KINDS,
    STAGES,
    Catalogue,
    Condition,
    Deal,
    Fact,
    FxRate,
    Interval,
    Party,
    PriorState,
    Review,
    Source,
)

CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
DEAL_KEYS = ("id", "title", "as_of", "stage", "parties", "jurisdictions")
DEAL_OPTIONAL = ("summary", "hypothetical", "closed_on", "structures")
CONDITION_KINDS = ("undertaking", "monitoring", "notice", "governance", "other")
CONDITION_STATUSES = ("in_force", "satisfied", "disputed", "unknown")
FACT_FORM_KEYS = ("value", "currency", "sources", "confidence", "as_of", "note")
MAX_MONEY = 1e9  # millions: 10^15 of a currency unit
SHARE_SLACK = 0.5  # market shares that add up to 100.4% are rounding, 150% is a mistake


def load_deal(path: str | Path, catalogue: Catalogue, include_later_sources: bool = False) -> Deal:
    """Read and validate a deal facts file, as of its own date (riskkit.load.hindsight).

    Workbooks (.xlsx) go through riskkit.load.intake.
    """
    from riskkit.load.hindsight import screen

    path = str(path)
    if path.lower().endswith((".xlsx", ".xlsm")):
        from riskkit.load.intake import read_intake  # heavy (openpyxl): only for workbooks

        return screen(read_intake(path, catalogue), include_later_sources)
    if path == "-":  # the facts (YAML or JSON) on stdin
        import sys

        data = yamlio.loads(yamlio.decode(sys.stdin.buffer.read(), "<stdin>"), "<stdin>")
        return screen(deal_from_data(data, catalogue, "<stdin>"), include_later_sources)
    return screen(deal_from_data(yamlio.load(path), catalogue, path), include_later_sources)


class _Problems:
    """Every independent problem in a deal file, so `validate` can list them all in line order."""

    def __init__(self):
        self.errors: list[InputError] = []

    def get(self, fn, default=None):
        try:
            return fn()
        except InputError as exc:
            self.errors.append(exc)
            return default

    def ordered(self) -> list[InputError]:
        return sorted(self.errors, key=lambda e: (e.line is None, e.line or 0))


def deal_from_data(
    data, catalogue: Catalogue, path: str = "<data>", nested: bool = False, search=(), problems: list | None = None
) -> Deal | None:
    """The Deal in loaded deal data. Raises the problem on the earliest line; with `problems` (a list)
    appends every problem found, in line order, and returns None when there were any. `search` adds
    folders a prior facts file may be relative to (intake workbooks)."""
    found = _Problems()
    root = Node(data, path)
    if isinstance(data, dict) and "schema_version" in data and "results" in data:
        raise root.error("this is a saved assessment (riskkit score --format json), not a deal facts file",
                         "give it to `riskkit diff` or `--baseline`; score the facts file it came from")  # fmt: skip
    top = root.mapping(
        required=("deal", "facts"),
        optional=("sources", "fx", "conditions", "presumptions", "prior"),
        what="a deal facts mapping",
    )
    meta = found.get(lambda: top["deal"].mapping(required=DEAL_KEYS, optional=DEAL_OPTIONAL))
    sources = found.get(lambda: _sources(top["sources"]), {}) if "sources" in top else {}
    fx = found.get(lambda: _fx(top["fx"], sources), ()) if "fx" in top else ()
    facts, warnings = {}, []
    for fid, node in found.get(lambda: top["facts"].entries(), []):
        fact = found.get(lambda fid=fid, node=node: _checked_fact(fid, node, catalogue, sources))
        if fact is not None:
            facts[fid] = fact
            warnings += _fact_warnings(fact, node)
    conditions = found.get(lambda: _conditions(top["conditions"], sources), ()) if "conditions" in top else ()
    fields = {}
    if meta is not None:
        parsers = {
            "id": lambda: meta["id"].id("a deal id"),
            "title": lambda: meta["title"].str(max_len=300),
            "as_of": lambda: meta["as_of"].date(),
            "stage": lambda: meta["stage"].choice(STAGES, "a stage, one of"),
            "parties": lambda: tuple(
                Party(m["name"].str(), m["role"].choice(PARTY_ROLES, "a party role, one of"))
                for m in (p.mapping(required=("name", "role")) for p in meta["parties"].items(allow_empty=False))
            ),
            "jurisdictions": lambda: tuple(_jurisdiction(j, catalogue) for j in meta["jurisdictions"].items()),
            "summary": lambda: meta["summary"].str(allow_empty=True) if "summary" in meta else "",
            "hypothetical": lambda: meta["hypothetical"].bool() if "hypothetical" in meta else False,
            "closed_on": lambda: meta["closed_on"].date() if "closed_on" in meta else None,
        }
        fields = {k: found.get(fn, _FAILED) for k, fn in parsers.items()}
    extra = {
        "structures": found.get(lambda: _declared_structures(meta["structures"], catalogue))
        if meta is not None and "structures" in meta else None,
        "presumptions": found.get(lambda: _presumptions(top["presumptions"], catalogue), {})
        if "presumptions" in top else {},
        "prior": found.get(lambda: _prior(top["prior"], catalogue, path, sources, nested, fields["as_of"], search))
        if "prior" in top and fields.get("as_of", _FAILED) is not _FAILED else None,
    }  # fmt: skip
    if found.errors:
        if problems is None:
            raise found.ordered()[0]
        problems.extend(found.ordered())
        return None
    return Deal(
        **fields,
        facts=facts,
        sources=sources,
        fx=fx,
        path=path,
        canonical=data,
        conditions=conditions,
        warnings=tuple(warnings),
        **extra,
    )


_FAILED = object()


def deal_problems(path: str, catalogue: Catalogue) -> list[InputError]:
    """Every problem in a deal facts file (YAML/JSON), in line order; [] when it loads."""
    problems: list[InputError] = []
    try:
        deal_from_data(yamlio.load(path), catalogue, path, problems=problems)
    except InputError as exc:  # the file cannot be read, or its top level is not a deal
        return [exc]
    return problems


def _jurisdiction(node: Node, catalogue: Catalogue) -> str:
    """A deal jurisdiction tag: the country/region part of a catalogue jurisdiction (US, EU, UK, DE, …)."""
    tag = node.str(max_len=40)
    known = {j.split("-")[0]: c.name for j, c in catalogue.jurisdictions.items()}
    if not known or tag in known:
        return tag
    from riskkit.load.catalogue import catalogue_for

    bundled = {j.split("-")[0]: c.name for j, c in catalogue_for(None).jurisdictions.items()}
    if tag in bundled:  # a region riskkit knows, which this (firm's) catalogue does not tag criteria with
        return tag
    known = {**bundled, **known}
    by_name = {name.split(" (")[0].lower(): t for t, name in known.items()}
    by_name.update({t.lower(): t for t in known} | {"gb": "UK", "usa": "US", "great britain": "UK"})
    guess = by_name.get(tag.lower())
    hint = f"did you mean '{guess}'?" if guess in known else did_you_mean(tag, known)
    if tag.split("-")[0] in known and tag in catalogue.jurisdictions:
        hint = f"did you mean '{tag.split('-')[0]}'? (deals name the country or region)"
    raise node.error(f"unknown jurisdiction '{tag}'; known: {', '.join(sorted(known))}", hint)


def _checked_fact(fid: str, node: Node, catalogue: Catalogue, sources: dict):
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


def _fact_warnings(fact: Fact, node: Node) -> list[str]:
    """Money that looks entered in full units where millions are expected."""
    from riskkit.load.friendly import full_units_warning

    if fact.currency is None or not isinstance(fact.value, Interval):
        return []
    text = full_units_warning(fact.value.high, fact.currency)
    if text is None:
        return []
    where = f"{node.file}:{node.line}: " if node.line else f"{node.file}: "
    return [f"{where}{node.keypath}: {text}"]


def _conditions(node: Node, sources: dict) -> tuple:
    """The post-closing conditions register: each condition with who imposed it and its sources."""
    out = []
    seen = set()
    for item in node.items():
        m = item.mapping(
            required=("id", "text", "imposed_by", "sources"), optional=("kind", "due", "status", "unverified")
        )
        cid = m["id"].id("a condition id")
        if cid in seen:
            raise m["id"].error(f"condition '{cid}' is listed twice")
        seen.add(cid)
        refs = tuple(i.str() for i in m["sources"].items(allow_empty=False))
        for sid, inode in zip(refs, m["sources"].items(), strict=False):
            if sid not in sources:
                raise inode.error(f"unknown source id '{sid}'", did_you_mean(sid, sources))
        out.append(
            Condition(
                id=cid,
                text=m["text"].str(max_len=2000),
                imposed_by=m["imposed_by"].str(max_len=300),
                sources=refs,
                kind=m["kind"].choice(CONDITION_KINDS, "a condition kind, one of") if "kind" in m else "undertaking",
                due=m["due"].str(max_len=200) if "due" in m else "",
                status=m["status"].choice(CONDITION_STATUSES, "a status, one of") if "status" in m else "in_force",
                unverified=m["unverified"].str(max_len=2000) if "unverified" in m else "",
            )
        )
    return tuple(out)


def source_kind(node: Node) -> str:
    """A source's kind; the kinds of older deal files (press, primary, regulator…) are read as what they meant."""
    if node.value in LEGACY_SOURCE_KINDS:
        return LEGACY_SOURCE_KINDS[node.value]
    return node.choice(SOURCE_KINDS, "a source kind, one of")


def _declared_structures(node: Node, catalogue: Catalogue) -> tuple:
    out = []
    for item in node.items("a list of structure ids"):
        sid = item.str(max_len=80)
        if sid not in catalogue.structures:
            raise item.error(f"unknown structure '{sid}'", did_you_mean(sid, catalogue.structures))
        out.append(sid)
    return tuple(dict.fromkeys(out))


def _presumptions(node: Node, catalogue: Catalogue) -> dict:
    """The deal's own presumptions: each overrides the catalogue's for one fact, with its reason."""
    from riskkit.load.catalogue import presumption

    return {
        fid: presumption(fid, pnode, catalogue.facts, "deal")
        for fid, pnode in node.entries("a mapping of fact id → presumption")
    }


def _prior(node: Node, catalogue: Catalogue, path: str, sources: dict, nested: bool, as_of, search=()) -> PriorState:
    """The deal's prior state (a previous facts file) and the regulator reviews that state went through."""
    if nested:
        raise node.error("a prior state cannot itself name a prior state")
    m = node.mapping(required=("facts",), optional=("reviews",), what="a prior state {facts, reviews}")
    rel = m["facts"].str(max_len=1000)
    prior_path = Path(path).parent / rel
    for base in search:
        if not prior_path.is_file():
            prior_path = Path(base) / rel
    if not prior_path.is_file():
        raise m["facts"].error(f"prior facts file not found: {rel}")
    prior_deal = deal_from_data(yamlio.load(prior_path), catalogue, str(prior_path), nested=True)
    reviews = []
    for item in m["reviews"].items() if "reviews" in m else ():
        rm = item.mapping(required=("authority", "date", "outcome"), optional=("sources",), what="a review")
        ids = tuple(i.str() for i in rm["sources"].items()) if "sources" in rm else ()
        for sid, snode in zip(ids, rm["sources"].items() if "sources" in rm else (), strict=False):
            if sid not in sources:
                raise snode.error(f"unknown source id '{sid}'", did_you_mean(sid, sources))
        when = rm["date"].date()
        if when > as_of:
            raise rm["date"].error(
                "a review dated after the deal's as_of is hindsight, not a review of its prior state"
            )
        reviews.append(Review(rm["authority"].str(max_len=200), when, rm["outcome"].str(max_len=2000), ids))
    return PriorState(prior_deal, tuple(reviews), str(prior_path))


def _sources(node: Node) -> dict:
    out = {}
    for sid, s in node.entries("a mapping of source id → source"):
        Node(sid, node.file, s.keypath, s.line).id("a source id")
        m = s.mapping(required=("title",), optional=("publisher", "date", "kind", "url", "locator"))
        out[sid] = Source(
            id=sid,
            title=m["title"].str(max_len=500),
            publisher=m["publisher"].str(max_len=300) if "publisher" in m else "",
            date=m["date"].date() if "date" in m else None,
            kind=source_kind(m["kind"]) if "kind" in m else "established_press",
            url=m["url"].str(max_len=2000) if "url" in m else "",
            locator=m["locator"].str(max_len=500) if "locator" in m else "",
        )
    return out


def _fx(node: Node, sources: dict) -> tuple:
    rates = []
    for item in node.items():
        m = item.mapping(required=("from", "to", "rate"), optional=("as_of", "source"))
        base, quote = _currency(m["from"]), _currency(m["to"])
        src = ""
        if "source" in m:
            src = m["source"].str()
            if src not in sources:
                raise m["source"].error(f"unknown source id '{src}'", did_you_mean(src, sources))
        rates.append(
            FxRate(
                base,
                quote,
                m["rate"].number(minimum=1e-12, what="a positive rate"),
                m["as_of"].date() if "as_of" in m else None,
                src,
            )
        )
    return tuple(rates)


def _currency(node: Node) -> str:
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
        currency = _currency(m["currency"])
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

"""Load a deal facts file (YAML or JSON) and check every fact against the catalogue."""

from __future__ import annotations

from pathlib import Path

from riskkit.errors import InputError, did_you_mean
from riskkit.load import yamlio
from riskkit.load.factvalue import checked_fact, currency_code, fact_warnings
from riskkit.load.fields import Node, source_refs
from riskkit.load.proceedings import parse_proceedings
from riskkit.model.inputs import (
    LEGACY_SOURCE_KINDS,
    PARTY_ROLES,
    REVIEW_SCOPES,
    SOURCE_KINDS,
    STAGES,
    Catalogue,
    Condition,
    Deal,
    FxRate,
    Party,
    PriorState,
    Review,
    Source,
)

DEAL_KEYS = ("id", "title", "as_of", "stage", "parties", "jurisdictions")
DEAL_OPTIONAL = ("summary", "hypothetical", "closed_on", "structures")
CONDITION_KINDS = ("undertaking", "monitoring", "notice", "governance", "other")
CONDITION_STATUSES = ("in_force", "satisfied", "disputed", "unknown")


def load_deal(path: str | Path, catalogue: Catalogue | None = None, include_later_sources: bool = False) -> Deal:
    """Read and validate a deal facts file, as of its own date (riskkit.load.hindsight).

    Workbooks (.xlsx) go through riskkit.load.intake. Without a catalogue, the bundled rubrics' one.
    """
    from riskkit.load.hindsight import screen

    if catalogue is None:
        from riskkit.load.rubric import load_rubrics

        catalogue = load_rubrics().catalogue

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
        optional=("sources", "fx", "conditions", "proceedings", "presumptions", "prior", "reviews"),
        what="a deal facts mapping",
    )
    meta = found.get(lambda: top["deal"].mapping(required=DEAL_KEYS, optional=DEAL_OPTIONAL))
    sources = found.get(lambda: _sources(top["sources"]), {}) if "sources" in top else {}
    fx = found.get(lambda: _fx(top["fx"], sources), ()) if "fx" in top else ()
    facts, warnings = {}, []
    for fid, node in found.get(lambda: top["facts"].entries(), []):
        fact = found.get(lambda fid=fid, node=node: checked_fact(fid, node, catalogue, sources))
        if fact is not None:
            facts[fid] = fact
            warnings += fact_warnings(fact, node, catalogue.facts[fid].type)
    conditions = found.get(lambda: _conditions(top["conditions"], sources), ()) if "conditions" in top else ()
    proceedings = (
        found.get(lambda: parse_proceedings(top["proceedings"], sources, catalogue), ()) if "proceedings" in top else ()
    )
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
        "reviews": found.get(lambda: _reviews(top["reviews"], sources, fields["as_of"], dated=False), ())
        if "reviews" in top and fields.get("as_of", _FAILED) is not _FAILED else (),
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
        proceedings=proceedings,
        warnings=tuple(warnings),
        **extra,
    )


_FAILED = object()


def deal_to_data(deal) -> dict:
    """Plain deal data from a Deal, in the form of a deal facts file: the inverse of deal_from_data
    (for deals built in code rather than loaded from a file)."""
    from riskkit.model.display import plain

    facts = {}
    for f in deal.facts.values():
        entry = {"value": plain(f.value)}
        if f.currency:
            entry["currency"] = f.currency
        if f.sources:
            entry["sources"] = list(f.sources)
        if f.confidence != "unsourced":
            entry["confidence"] = f.confidence
        if f.as_of:
            entry["as_of"] = f.as_of.isoformat()
        if f.note:
            entry["note"] = f.note
        facts[f.id] = entry
    return {
        "deal": {
            "id": deal.id,
            "title": deal.title,
            "as_of": deal.as_of.isoformat(),
            "stage": deal.stage,
            "hypothetical": deal.hypothetical,
            "parties": [{"name": p.name, "role": p.role} for p in deal.parties],
            "jurisdictions": list(deal.jurisdictions),
            "summary": deal.summary,
            **({"closed_on": deal.closed_on.isoformat()} if deal.closed_on else {}),
            **({"structures": list(deal.structures)} if deal.structures is not None else {}),
        },  # fmt: skip
        **({"prior": deal.canonical.get("prior")} if deal.prior is not None else {}),
        **({"presumptions": deal.canonical.get("presumptions")} if deal.presumptions else {}),
        **({"reviews": [{k: v for k, v in r.to_dict().items() if v} for r in deal.reviews]} if deal.reviews else {}),
        "conditions": [
            {k: (list(v) if isinstance(v, tuple) else v) for k, v in c.to_dict().items() if v} for c in deal.conditions
        ],
        **(
            {
                "proceedings": [
                    {k: v for k, v in p.to_dict().items() if v not in (None, "", [])} for p in deal.proceedings
                ]
            }
            if deal.proceedings
            else {}
        ),
        "fx": [
            {
                "from": r.base,
                "to": r.quote,
                "rate": r.rate,
                **({"as_of": r.as_of.isoformat()} if r.as_of else {}),
                **({"source": r.source} if r.source else {}),
            }
            for r in deal.fx
        ],  # fmt: skip
        "sources": {
            s.id: {k: v for k, v in s.to_dict().items() if v and k not in ("id", "primary")}
            for s in deal.sources.values()
        },
        "facts": facts,
    }


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
        refs = source_refs(m["sources"], sources)
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
    reviews = _reviews(m["reviews"], sources, as_of) if "reviews" in m else ()
    return PriorState(prior_deal, reviews, str(prior_path))


def _reviews(node: Node, sources: dict, as_of, dated: bool = True) -> tuple:
    """Regulator reviews: of the prior state (`prior.reviews`, each dated), or of this transaction
    itself before the as-of date (top-level `reviews`, date optional). None may postdate the as_of."""
    out = []
    for item in node.items():
        required = ("authority", "date", "outcome") if dated else ("authority", "outcome")
        rm = item.mapping(required=required, optional=("sources", "scope", "decision", "date"), what="a review")
        ids = tuple(i.str() for i in rm["sources"].items()) if "sources" in rm else ()
        for sid, snode in zip(ids, rm["sources"].items() if "sources" in rm else (), strict=False):
            if sid not in sources:
                raise snode.error(f"unknown source id '{sid}'", did_you_mean(sid, sources))
        when = rm["date"].date() if "date" in rm else None
        if when is not None and when > as_of:
            raise rm["date"].error("a review dated after the deal's as_of is hindsight, not a review before it")
        scope = rm["scope"].choice(REVIEW_SCOPES, "a review scope, one of") if "scope" in rm else ""
        decision = rm["decision"].str(max_len=120) if "decision" in rm else ""
        authority, outcome = rm["authority"].str(max_len=200), rm["outcome"].str(max_len=2000)
        out.append(Review(authority, when, outcome, ids, scope, decision))
    return tuple(out)


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
        base, quote = currency_code(m["from"]), currency_code(m["to"])
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

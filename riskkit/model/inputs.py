"""The input model: a deal's facts with their provenance, and the facts catalogue.

Frozen `msgspec.Struct` records, built only by the loaders in riskkit.load (deal.py and
catalogue.py here; the rubric records, in riskkit.model.rubric, by rubric.py). This module is
the input model's one import: it re-exports the rubric records, the condition language and
the vocabulary.
"""

from __future__ import annotations

import datetime as _dt
import re

from msgspec import Struct, field

from riskkit.model.conditions import (  # noqa: F401 - re-exported: the condition language is part of the input model
    All,
    Any_,
    Compare,
    Not,
    condition_reads,
    criterion_reads,
    derived_inputs,
    iter_compares,
    rubric_compares,
)
from riskkit.model.rubric import (  # noqa: F401 - re-exported: the rubric records are part of the input model
    COMMON_SCALE,
    RESPONSES,
    Band,
    Criterion,
    Level,
    Outlook,
    Parameter,
    ParamValue,
    Reference,
    Regime,
    Rubric,
    StagedText,
    band_rank,
)
from riskkit.model.vocab import (  # noqa: F401 - re-exported: the input model's vocabulary
    BANDS,
    CONCERN,
    CONFIDENCES,
    DEAL_ATTRIBUTES,
    DERIVED_OPS,
    FACT_TYPES,
    LEGACY_SOURCE_KINDS,
    NUMERIC_TYPES,
    PARTY_ROLES,
    PRESS_KINDS,
    PRIMARY_KINDS,
    SOURCE_KINDS,
    STAGES,
    WEAKEST_KIND,
)


class Interval(Struct, frozen=True):
    """A number known exactly (low == high) or only within a range."""

    low: float
    high: float

    @property
    def is_point(self) -> bool:
        return self.low == self.high


class Source(Struct, frozen=True):
    id: str
    title: str
    publisher: str = ""
    date: _dt.date | None = None
    kind: str = "established_press"
    url: str = ""
    locator: str = ""

    @property
    def primary(self) -> bool:
        return self.kind in PRIMARY_KINDS

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "date": self.date.isoformat() if self.date else None,
            "kind": self.kind,
            "primary": self.primary,
            "url": self.url,
            "locator": self.locator,
        }


class Fact(Struct, frozen=True):
    """One fact of a deal: a value plus where it came from and how sure we are."""

    id: str
    value: object  # Interval | bool | date | str | tuple
    currency: str | None = None
    sources: tuple[str, ...] = ()
    confidence: str = "unsourced"
    as_of: _dt.date | None = None
    note: str = ""
    line: int | None = None
    derived_from: tuple[str, ...] = ()
    later_sources: tuple[str, ...] = ()  # cited sources dated after the deal's as-of date (kept only on request)


class LaterSource(Struct, frozen=True):
    """A fact that leans on something dated after the deal's as-of date (no-hindsight screen)."""

    fact: str
    sources: tuple[str, ...]  # the later source ids ("" when only the fact's own as_of is later)
    dates: tuple[str, ...]  # ISO dates of those sources, or the fact's as_of
    action: str  # excluded | sources_dropped | included

    def to_dict(self) -> dict:
        return {"fact": self.fact, "sources": list(self.sources), "dates": list(self.dates), "action": self.action}


class Condition(Struct, frozen=True):
    """A post-closing condition or undertaking the deal is subject to (e.g. an AG's MOU), with its source."""

    id: str
    text: str
    imposed_by: str
    sources: tuple[str, ...]
    kind: str = "undertaking"  # undertaking | monitoring | notice | governance | other
    due: str = ""  # when it bites: "ongoing", "quarterly", a date, "21 days before a change"
    status: str = "in_force"  # in_force | satisfied | disputed | unknown
    unverified: str = ""

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "imposed_by": self.imposed_by,
            "kind": self.kind,
            "due": self.due,
            "status": self.status,
            "sources": list(self.sources),
            "unverified": self.unverified,
        }


class Proceeding(Struct, frozen=True):
    """The particulars of a lawsuit or other proceeding a deal fact says is on foot (`fact`, e.g.
    litigation_challenging_transaction), with sources: what the memo states instead of asking.
    A field left empty is asked for as an information request; `investor_defendant` None = unknown."""

    fact: str
    name: str
    sources: tuple[str, ...]
    court: str = ""
    docket: str = ""
    investor_defendant: bool | None = None
    claims: str = ""  # the claims against the investor and how each stood on the deal's date
    status: str = ""
    next_event: str = ""  # "jury trial"
    next_date: _dt.date | None = None

    def to_dict(self) -> dict:
        return {
            "fact": self.fact,
            "name": self.name,
            "court": self.court,
            "docket": self.docket,
            "investor_defendant": self.investor_defendant,
            "claims": self.claims,
            "status": self.status,
            "next_event": self.next_event,
            "next_date": self.next_date.isoformat() if self.next_date else None,
            "sources": list(self.sources),
        }


class FxRate(Struct, frozen=True):
    base: str
    quote: str
    rate: float
    as_of: _dt.date | None = None
    source: str = ""


class Party(Struct, frozen=True):
    name: str
    role: str


def authority_key(name: str) -> str:
    """An authority's name without parentheses or a country prefix, lower case, for matching."""
    text = re.sub(r"\s*\([^()]*\)", "", " ".join(name.split())).strip().lower()
    return re.sub(r"^(uk|us|eu|german|the)\s+", "", text)


REVIEW_SCOPES = ("jurisdiction", "merits")


class Review(Struct, frozen=True):
    """A regulator's review of a prior state of the deal (or, in Deal.reviews, of the transaction
    itself before the as-of date): who, when, what it concluded, with sources. `scope` says what it
    decided — 'jurisdiction' (only whether the deal qualified or was notifiable: no assessment of its
    effects) or 'merits' — and `decision` names the instrument in a few words ('Statement of No
    Objection'); both '' when not recorded. A review of the transaction may carry no date."""

    authority: str
    date: _dt.date | None
    outcome: str
    sources: tuple[str, ...] = ()
    scope: str = ""
    decision: str = ""

    def covers(self, jurisdiction) -> bool:
        """Whether this review was by `jurisdiction`'s authority (names compared without a country
        prefix or parenthesised aside: "UK Competition and Markets Authority" is the CMA's)."""
        mine, theirs = authority_key(self.authority), authority_key(jurisdiction.authority)
        return bool(mine and theirs) and (mine in theirs or theirs in mine)

    def to_dict(self) -> dict:
        return {
            "authority": self.authority,
            "date": self.date.isoformat() if self.date else None,
            "outcome": self.outcome,
            "sources": list(self.sources),
            "scope": self.scope,
            "decision": self.decision,
        }


class PriorState(Struct, frozen=True):
    """The deal as it stood before (a previous facts file) and the reviews that state went through."""

    deal: object  # Deal
    reviews: tuple = ()
    path: str = ""


class Presumption(Struct, frozen=True):
    """What the most-likely estimate assumes for a fact nobody has given.

    Either a `value` of the fact's type, or (bool facts) a `probability` that it is true.
    """

    fact: str
    reason: str
    value: object = None
    probability: float | None = None
    source: str = ""
    origin: str = "catalogue"  # catalogue | deal

    def to_dict(self, display: str = "") -> dict:
        from riskkit.model.display import plain

        out = {"fact": self.fact, "origin": self.origin, "reason": self.reason, "source": self.source}
        if self.probability is not None:
            out["probability"] = self.probability
        else:
            out["value"] = plain(self.value)
        if display:
            out["display"] = display
        return out


class Structure(Struct, frozen=True):
    """A kind of deal structure (minority equity, compute agreement, acqui-hire...) that puts criteria in play."""

    id: str
    title: str
    when: object = None  # condition over facts; None = only when the deal declares it
    line: int | None = None


class Deal(Struct, frozen=True):
    id: str
    title: str
    as_of: _dt.date
    stage: str
    parties: tuple[Party, ...]
    jurisdictions: tuple[str, ...]
    facts: dict  # id -> Fact
    sources: dict  # id -> Source
    fx: tuple[FxRate, ...] = ()
    summary: str = ""
    hypothetical: bool = False
    path: str = ""
    canonical: dict = field(default_factory=dict)
    conditions: tuple = ()  # Condition: post-closing conditions register
    proceedings: tuple = ()  # Proceeding: particulars of live proceedings, with sources
    closed_on: _dt.date | None = None  # completion date of a closed deal (windows run from it)
    later_sources: tuple = ()  # LaterSource flags from the no-hindsight screen
    include_later_sources: bool = False
    structures: tuple | None = None  # declared structure ids; None = derive from the facts
    presumptions: dict = field(default_factory=dict)  # fact id -> Presumption (deal overrides)
    prior: PriorState | None = None
    reviews: tuple = ()  # Review: reviews of this transaction itself, ended by the as-of date
    warnings: tuple = ()  # load-time warnings (e.g. money that looks entered in full units)


class FactSpec(Struct, frozen=True):
    id: str
    type: str
    description: str
    question: str
    unit: str = ""
    values: tuple[str, ...] = ()
    group: str = "other"
    lever: tuple = ()  # allowed alternative values a deal team could choose
    derived_op: str | None = None
    derived_of: tuple[str, ...] = ()
    path: str = ""
    line: int | None = None


class Jurisdiction(Struct, frozen=True):
    id: str
    name: str
    authority: str


class Catalogue(Struct, frozen=True):
    facts: dict  # id -> FactSpec
    jurisdictions: dict  # id -> Jurisdiction
    paths: tuple[str, ...] = ()
    canonical: dict = field(default_factory=dict)
    digest: str = ""
    structures: dict = field(default_factory=dict)  # id -> Structure
    presumptions: dict = field(default_factory=dict)  # fact id -> Presumption


def digest(data) -> str:
    """SHA-256 of loaded data in canonical JSON form (sorted keys, no whitespace)."""
    import hashlib
    import json

    blob = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def to_plain(value):
    """Plain JSON-able data from loaded YAML (dates to ISO strings), for fingerprints."""
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value

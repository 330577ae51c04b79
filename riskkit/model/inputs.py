"""The input model: facts with provenance, the facts catalogue, rubrics and their conditions.

Frozen `msgspec.Struct` records, built only by the loaders in deal.py, catalogue.py and rubric.py.
"""

from __future__ import annotations

import datetime as _dt

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


class FxRate(Struct, frozen=True):
    base: str
    quote: str
    rate: float
    as_of: _dt.date | None = None
    source: str = ""


class Party(Struct, frozen=True):
    name: str
    role: str


class Review(Struct, frozen=True):
    """A regulator's review of a prior state of the deal: who, when, what it concluded, with sources."""

    authority: str
    date: _dt.date
    outcome: str
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "authority": self.authority,
            "date": self.date.isoformat(),
            "outcome": self.outcome,
            "sources": list(self.sources),
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
    closed_on: _dt.date | None = None  # completion date of a closed deal (windows run from it)
    later_sources: tuple = ()  # LaterSource flags from the no-hindsight screen
    include_later_sources: bool = False
    structures: tuple | None = None  # declared structure ids; None = derive from the facts
    presumptions: dict = field(default_factory=dict)  # fact id -> Presumption (deal overrides)
    prior: PriorState | None = None
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


class Reference(Struct, frozen=True):
    title: str
    issuer: str = ""
    date: _dt.date | None = None
    pinpoint: str = ""
    url: str = ""
    kind: str = ""  # one of SOURCE_KINDS ("" = not stated: treated as not primary)
    via: str = ""  # the secondary summaries the point was checked through (primary text not read)

    @property
    def primary(self) -> bool:
        return self.kind in PRIMARY_KINDS

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "issuer": self.issuer,
            "date": self.date.isoformat() if self.date else None,
            "pinpoint": self.pinpoint,
            "url": self.url,
            "kind": self.kind,
            "primary": self.primary,
            "via": self.via,
        }


class ParamValue(Struct, frozen=True):
    effective: _dt.date
    value: object  # Interval for numbers/money, date, str, bool
    reference: Reference | None = None


class Parameter(Struct, frozen=True):
    id: str
    type: str
    title: str
    values: tuple[ParamValue, ...]  # ascending by effective date
    currency: str | None = None
    checked: _dt.date | None = None
    unverified: str = ""
    before_first: str = "not_in_force"  # or "unknown": earlier values exist but are not recorded

    def in_force(self, on: _dt.date) -> ParamValue | None:
        current = None
        for pv in self.values:
            if pv.effective <= on:
                current = pv
        return current


class StagedText(Struct, frozen=True):
    stages: tuple[str, ...]
    text: str


class Level(Struct, frozen=True):
    when: object
    points: float
    label: str = ""


class Criterion(Struct, frozen=True):
    id: str
    title: str
    jurisdictions: tuple[str, ...]
    rationale: str
    mitigation: str
    references: tuple[Reference, ...]
    when: object = None
    points: float = 0
    levels: tuple[Level, ...] = ()
    floor: str | None = None
    waivable: bool = True
    unverified: str = ""
    line: int | None = None
    applies_to: tuple[str, ...] = ()  # structure ids; empty = in play for every deal
    context: str = ""  # non-empty: describes a party alone (context, not deal risk) — why
    tests: tuple[str, ...] = ()  # shared legal tests ({test: name}) the criterion's conditions use
    mitigations: tuple = ()  # StagedText: mitigation by deal stage (overrides `mitigation` for those stages)
    theory: str = ""  # theory of harm the criterion tests (competitive-effects rubric)

    def mitigation_for(self, stage: str) -> str:
        """The mitigation that suits a deal at `stage` (post-closing remedies for a closed deal)."""
        for staged in self.mitigations:
            if stage in staged.stages:
                return staged.text
        return self.mitigation

    @property
    def max_points(self) -> float:
        if self.levels:
            return max(level.points for level in self.levels)
        return self.points


RESPONSES = ("nothing", "questions", "call_in_or_referral", "phase_2", "market_study")


class Outlook(Struct, frozen=True):
    """A likely regulator response for a regime, when its condition holds ("likely", never a promise)."""

    response: str  # one of RESPONSES
    text: str
    when: object = None  # None = the default for the regime
    references: tuple = ()  # Reference: precedents behind the view


class Regime(Struct, frozen=True):
    """Filing-screen metadata for one jurisdiction tag of a notifiability rubric."""

    id: str  # jurisdiction tag
    name: str
    suspensory: str  # suspensory | non_suspensory | duty_to_inform | referral
    clock: str
    window: str
    references: tuple = ()
    window_months: int | None = None  # a completed deal can be reviewed for this long after closing
    filed_fact: str = ""  # bool fact: was a filing / notification made
    exposure: str = ""  # what failing to file or closing early exposes the parties to
    outlook: tuple = ()  # Outlook, first matching wins
    unverified: str = ""
    line: int | None = None


class Band(Struct, frozen=True):
    name: str
    min: float


COMMON_SCALE = (Band("low", 0), Band("moderate", 20), Band("high", 40), Band("severe", 60))


class Rubric(Struct, frozen=True):
    id: str
    title: str
    version: str
    effective: _dt.date
    jurisdictions: tuple[str, ...]
    summary: str
    bands: tuple[Band, ...]
    parameters: dict  # id -> Parameter
    criteria: tuple[Criterion, ...]
    kind: str = "risk"
    applies_when: object = None
    regimes: dict = field(default_factory=dict)  # jurisdiction tag -> Regime (notifiability rubrics)
    path: str = ""
    canonical: dict = field(default_factory=dict)
    digest: str = ""
    shared_parameters: tuple = ()  # ids of parameters read from the folder's parameters.yaml  # SHA-256 of the canonical rubric data, computed once at load

    def band_for(self, score: float) -> str:
        name = self.bands[0].name
        for band in self.bands:
            if score >= band.min:
                name = band.name
        return name


def band_rank(name: str) -> int:
    return BANDS.index(name)


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

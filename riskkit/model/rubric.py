"""The rubric model: criteria with their levels, references and staged mitigations, dated
parameters, filing-screen regimes with their likely outlooks, and score bands.

Frozen `msgspec.Struct` records, built only by riskkit.load.rubric; riskkit.model.inputs
re-exports them with the rest of the input model.
"""

from __future__ import annotations

import datetime as _dt

from msgspec import Struct, field

from riskkit.model.vocab import BANDS, PRIMARY_KINDS


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


class ConductRoute(Struct, frozen=True):
    """A conduct-law route beside merger control (EU Art. 101/102, a UK market investigation): what an
    authority may ask about the deal's terms even where no merger review is expected. It applies where
    the deal has its feature — `fact` true (op is_true) or at least `value` (op gte) — and is dated."""

    fact: str
    op: str  # is_true | gte
    date: _dt.date
    head: str
    text: str
    cite: str
    value: float | None = None


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
    conduct: tuple = ()  # ConductRoute: conduct-law routes beside merger control, for the memo's outlook
    daily_penalty_usd: int | None = (
        None  # maximum civil penalty a day for not filing (the HSR's), if the regime has one
    )
    daily_penalty_verified: bool = False  # False: the figure was not read in the primary text


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
    # The concern is an acquisition event: a finding unchanged since a prior state that every one of
    # its authorities reviewed has been passed on, and only a change is in play (engine/scoring.py).
    settled_by_review: bool = False
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

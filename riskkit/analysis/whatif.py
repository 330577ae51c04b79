"""What would lower the risk: the smallest sets of lever changes that bring a rubric to a target band.

Levers are the catalogue facts with ``lever: {alternatives: [...]}``. For each rubric above
the target the search:

1. keeps only levers read (directly, through a derived fact, or by ``applies_when``) by the
   criteria that currently contribute points — changing anything else cannot lower the score;
2. tries every set of 1, then 2, … up to `max_changes` of those lever changes, one value per
   fact, never expanding a superset of a set already found to work (so every answer is
   minimal);
3. scores each size's candidates together with riskkit.engine.vector (one column-wise pass), and
4. re-scores every reported path with the per-deal scorer over all rubrics, to list the
   criteria it clears and any criteria it newly triggers in other rubrics.

Gating uses the most-likely estimate, as `riskkit score --fail-on` does by default, unless
``unknown="worst"`` (unknown facts counted against the deal) or ``"best"``.
"""

from __future__ import annotations

import functools
import itertools

from msgspec import Struct, field
from msgspec.structs import replace

from riskkit.load.rubric import RubricSet
from riskkit.model.display import show
from riskkit.model.inputs import Fact, band_rank, condition_reads, criterion_reads

MAX_CANDIDATES = 250_000  # stop widening the search past this many candidate sets per rubric


class Change(Struct, frozen=True):
    fact: str
    value: object
    before: str
    after: str

    def to_dict(self) -> dict:
        return {"fact": self.fact, "before": self.before, "after": self.after}


class Path(Struct):
    changes: tuple
    band_after: str
    score_after: str
    cleared: list = field(default_factory=list)  # criterion titles in this rubric no longer counting
    newly_triggered: list = field(default_factory=list)  # (rubric id, criterion title) elsewhere
    other_bands: list = field(default_factory=list)  # (rubric id, before, after) where a band moved
    verified: bool = False  # the per-deal scorer confirms the target is reached
    score_worst: float = 0.0  # the worst end of score_after, for ordering paths (not in to_dict)

    def to_dict(self) -> dict:
        return {
            "changes": [c.to_dict() for c in self.changes],
            "band_after": self.band_after,
            "score_after": self.score_after,
            "cleared": list(self.cleared),
            "newly_triggered": [{"rubric": r, "title": t} for r, t in self.newly_triggered],
            "other_bands": [{"rubric": r, "before": b, "after": a} for r, b, a in self.other_bands],
            "verified": self.verified,
        }


class RubricPaths(Struct):
    id: str
    title: str
    band_before: str
    already: bool = False
    paths: list = field(default_factory=list)
    levers: list = field(default_factory=list)  # the lever facts the search considered
    evaluated: int = 0
    note: str = ""

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "band_before": self.band_before,
            "already": self.already,
            "reached": bool(self.paths) or self.already,
            "levers": list(self.levers),
            "evaluated": self.evaluated,
            "note": self.note,
            "paths": [p.to_dict() for p in self.paths],
        }


class WhatIf(Struct):
    deal: object
    target: str
    unknown: str
    max_changes: int
    rubrics: list
    catalogue: object = None  # names the levers in words when rendered

    def to_dict(self) -> dict:
        return {
            "deal": self.deal.id,
            "target": self.target,
            "unknown": self.unknown,
            "max_changes": self.max_changes,
            "rubrics": [r.to_dict() for r in self.rubrics],
        }


def apply_changes(deal, changes) -> object:
    """The deal with lever changes applied (each changed fact marked as a what-if)."""
    facts = dict(deal.facts)
    for c in changes:
        old = facts.get(c.fact)
        facts[c.fact] = Fact(
            c.fact, c.value, currency=old.currency if old else None, confidence="estimated",
            note=f"what-if: changed from {c.before}",
        )  # fmt: skip
    return replace(deal, facts=facts)


def _points(f, unknown: str) -> float:
    if unknown == "likely":
        return f.points_likely or 0
    return f.points_worst if unknown == "worst" else f.points


def _counted(f, unknown: str) -> bool:
    return _points(f, unknown) > 0


def what_if(deal, rubric_set, target: str = "moderate", rubric_ids=None, unknown: str = "likely",
            max_changes: int = 3, max_paths: int = 5, base=None) -> WhatIf:  # fmt: skip
    """Search lever changes per rubric (all rubrics, or `rubric_ids`) down to `target`.

    `base` is ``score(deal, rubric_set)`` if the caller already has it (scored without
    waivers: paths are found and described by comparing it with unwaived re-scores).
    """
    from riskkit.engine.scoring import score

    base = base or score(deal, rubric_set)

    @functools.cache
    def encoded():
        """The deal as a one-row frame for vector.vary: encoded once, and only if a search needs it."""
        from riskkit.engine.vector import encode_deals

        return encode_deals([deal], rubric_set.catalogue, derived=False)

    out = []
    for rr in base.results:
        if (rubric_ids and rr.id not in rubric_ids) or not rr.scored:
            continue  # filing verdicts are not bands to lower (issue 12: verdicts are never scores)
        out.append(_search(deal, rubric_set, base, rr, target, unknown, max_changes, max_paths, encoded))
    return WhatIf(deal, target, unknown, max_changes, out, rubric_set.catalogue)


def _options(deal, catalogue, rubric, rr, unknown):
    """(fact, alternative) pairs worth trying: levers read by criteria that count points now."""
    wanted: set = set()
    for f in rr.findings:
        if _counted(f, unknown) or (f.criterion.floor and f.status in ("triggered", "unknown")):
            wanted |= criterion_reads(f.criterion, catalogue)
    if rubric.applies_when is not None:
        wanted |= condition_reads(rubric.applies_when, catalogue)
    options = []
    for fid in sorted(wanted):
        spec = catalogue.facts.get(fid)
        if spec is None or not spec.lever:
            continue
        current = deal.facts.get(fid)
        if spec.type == "money" and current is None:
            continue  # no currency to give the alternative
        for alt in spec.lever:
            if current is not None and current.value == alt:
                continue
            before = show(current.value, spec.type, current.currency, spec.unit) if current else "unknown"
            after = show(alt, spec.type, current.currency if current else None, spec.unit)
            options.append(Change(fid, alt, before, after))
    return options


def _search(deal, rubric_set, base, rr, target, unknown, max_changes, max_paths, encoded) -> RubricPaths:
    catalogue = rubric_set.catalogue
    rubric = rr.rubric
    now = rr.range.band_text()
    result = RubricPaths(
        rr.id,
        rubric.title,
        f"{rr.range.likely_band} ({now})" if unknown == "likely" and rr.range.band != rr.range.band_worst else now,
    )
    if band_rank(base.gating_band(rr, unknown)) <= band_rank(target) or rr.status == "not_applicable":
        result.already = True
        return result
    options = _options(deal, catalogue, rubric, rr, unknown)
    result.levers = list(dict.fromkeys(o.fact for o in options))
    if not options:
        result.note = "No lever in the facts catalogue is read by the criteria that score points."
        return result
    single = RubricSet(catalogue, (rubric,), rubric_set.folder)
    found: list[tuple] = []
    for k in range(1, max_changes + 1):
        combos = [
            combo
            for combo in itertools.combinations(range(len(options)), k)
            if len({options[i].fact for i in combo}) == k and not any(set(s) <= set(combo) for s in found)
        ]
        if not combos:
            break
        if result.evaluated + len(combos) > MAX_CANDIDATES:
            result.note = f"Search stopped at {k - 1} change(s): {len(combos):,} candidate sets of {k} is too many."
            break
        result.evaluated += len(combos)
        reached = _reaches(deal, single, options, combos, target, unknown, encoded())
        for combo, ok in zip(combos, reached, strict=False):
            if ok:
                found.append(combo)
        if len(found) >= max_paths:
            break
    if not found and not result.note:
        result.note = _residual_note(rr, catalogue, set(result.levers), target, unknown)
    paths = [_describe(deal, rubric_set, base, rr, [options[i] for i in combo], target, unknown) for combo in found]
    paths.sort(key=lambda p: (len(p.changes), p.score_worst, len(p.newly_triggered)))
    result.paths = paths[:max_paths]
    return result


def _residual_note(rr, catalogue, levers: set, target, unknown) -> str:
    """Why nothing works: the points (and floors) from criteria no lever reads."""
    stuck = [f for f in rr.findings if _counted(f, unknown) and not (criterion_reads(f.criterion, catalogue) & levers)]
    if not stuck:
        return ""
    pts = sum(_points(f, unknown) for f in stuck)
    max_points = rr.range.max_points or 1
    band = rr.rubric.band_for(round(100 * pts / max_points, 1))
    for f in stuck:
        if f.criterion.floor and band_rank(f.criterion.floor) > band_rank(band):
            band = f.criterion.floor
    if band_rank(band) <= band_rank(target):
        return ""
    unknowns = sum(1 for f in stuck if f.status == "unknown")
    return (
        f"Criteria no lever reads keep it at {band} or above"
        + (
            f" ({unknowns} of them unknown: answering the information requests may lower the worst case)"
            if unknowns
            else ""
        )
        + "."
    )


def _reaches(deal, single, options, combos, target, unknown, encoded) -> list:
    """For each candidate set, whether the rubric reaches the target (one vectorised pass).

    `encoded` is the deal already encoded as one row (vary's `base`).
    """
    from riskkit.engine.vector import Columns, score_rubric_columns, vary
    from riskkit.engine.vector.settled import prior_columns

    catalogue = single.catalogue
    m = len(combos)
    values: dict = {}
    for row, combo in enumerate(combos):
        for i in combo:
            fid = options[i].fact
            if fid not in values:
                current = deal.facts.get(fid)
                values[fid] = [current.value if current else None] * m
            values[fid][row] = options[i].value
    frame = vary(deal, catalogue, values, m, base=encoded)
    priors = prior_columns([deal] * m, single)
    r = score_rubric_columns(Columns(frame, catalogue, priors=priors), single.rubrics[0])
    bands = {"worst": r["band_worst"], "best": r["band"]}.get(unknown, r["band_likely"])
    return list((bands <= band_rank(target)) | (r["applicability"] == 1))


def _describe(deal, rubric_set, base, rr, changes, target, unknown) -> Path:
    from riskkit.engine.scoring import score

    after = score(apply_changes(deal, changes), rubric_set)
    now = after.result(rr.id)
    path = Path(
        tuple(changes), after.gating_band(now, unknown), now.range.score_text(), score_worst=now.range.score_worst
    )
    path.verified = band_rank(path.band_after) <= band_rank(target) or now.status == "not_applicable"
    for f0, f1 in zip(rr.findings, now.findings, strict=False):
        if _counted(f0, unknown) and not _counted(f1, unknown):
            path.cleared.append(f0.criterion.title)
    for r0, r1 in zip(base.results, after.results, strict=False):
        if r0.id == rr.id:
            continue
        for f0, f1 in zip(r0.findings, r1.findings, strict=False):
            if f1.status == "triggered" and f0.status != "triggered":
                path.newly_triggered.append((r1.id, f1.criterion.title))
        if not r1.scored:  # a filing rubric: its verdicts, never a band
            if r0.verdicts() != r1.verdicts():
                path.other_bands.append((r1.id, r0.verdicts(), r1.verdicts()))
        elif r0.range.band_text() != r1.range.band_text():
            path.other_bands.append((r1.id, r0.range.band_text(), r1.range.band_text()))
    return path


__all__ = ["what_if", "apply_changes"]

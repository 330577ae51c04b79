"""What a rubric set and its facts catalogue hold, as records for `riskkit rubrics` and `riskkit facts`.

The listings select (which rubrics, whether with their criteria; which facts) and never render:
riskkit.render.listing writes them as a table or JSON (result kinds "rubrics" and "facts").
"""

from __future__ import annotations

from msgspec import Struct


class RubricListing(Struct, frozen=True):
    """The rubrics of a set, each with its criteria when `criteria` is set."""

    rubrics: tuple  # riskkit.model.rubric.Rubric, in the set's order
    folder: str
    criteria: bool = False


class FactListing(Struct, frozen=True):
    """The facts of a catalogue a listing selected, in catalogue order."""

    facts: tuple  # riskkit.model.inputs.FactSpec


def rubric_listing(rubrics_dir=None, rubric_ids=(), criteria: bool = False) -> RubricListing:
    """The rubrics in a folder (default: the bundled set), or only those named; naming rubrics lists
    their criteria."""
    from riskkit.load.rubric import load_rubrics

    rs = load_rubrics(rubrics_dir, list(rubric_ids) or None)
    return RubricListing(tuple(rs.rubrics), rs.folder, criteria or bool(rubric_ids))


def fact_listing(rubrics_dir=None, group: str | None = None, levers: bool = False) -> FactListing:
    """The catalogue's facts, or those in one group, or only the levers (facts a deal team can change).

    A group with no facts is a UsageError naming the groups there are."""
    from riskkit.load.catalogue import catalogue_for

    catalogue = catalogue_for(rubrics_dir)
    specs = [s for s in catalogue.facts.values() if (group is None or s.group == group) and (not levers or s.lever)]
    if group is not None and not specs:
        from riskkit.errors import UsageError, did_you_mean

        groups = sorted({s.group for s in catalogue.facts.values()})
        raise UsageError(f"no facts in group '{group}'; groups: {', '.join(groups)}", hint=did_you_mean(group, groups))
    return FactListing(tuple(specs))


__all__ = ["RubricListing", "FactListing", "rubric_listing", "fact_listing"]

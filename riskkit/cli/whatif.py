"""`riskkit what-if`: the smallest sets of lever changes that bring each rubric to a target band."""

from __future__ import annotations

import click

from riskkit.cli.options import BAND_CHOICES, emit, load_inputs, rubric_options, unknown_option
from riskkit.render import formats


@click.command("what-if")
@click.argument("facts", type=click.Path(dir_okay=False))
@rubric_options
@click.option(
    "--target",
    type=click.Choice(BAND_CHOICES),
    default="moderate",
    show_default=True,
    help="Band each rubric should reach (or go below).",
)
@click.option(
    "--max-changes",
    type=click.IntRange(1, 5),
    default=3,
    show_default=True,
    help="Largest number of lever changes in one path.",
)
@click.option(
    "--paths",
    "max_paths",
    type=click.IntRange(1, 50),
    default=5,
    show_default=True,
    help="Paths to show per rubric (fewest changes first).",
)
@unknown_option(
    "Which estimate must reach --target: the most-likely one (as `score` gates by default), or the worst "
    "case (unknown facts against the deal) or the best case.",
    likely=True,
)
@click.option("--format", "fmt", type=click.Choice(formats("whatif")), default="table", show_default=True)
def what_if(facts, rubrics_dir, rubric_ids, target, max_changes, max_paths, unknown_policy, fmt):
    """Find the smallest sets of lever changes that bring each rubric to --target or below.

    Levers are the catalogue facts a deal team can change, with their allowed alternatives
    (`riskkit facts --levers`). Only levers read by criteria that currently score points are
    tried. Each path lists the criteria it clears and any it newly triggers in another rubric
    (a change that helps antitrust risk can hurt charitable-asset risk). --rubric limits the
    search to those rubrics; side effects are still checked across all of them.

    \b
    Examples:
      riskkit what-if examples/microsoft-openai-2025.yaml --target moderate
      riskkit what-if deal.yaml --target low --rubric de-facto-acquisition --format json
    """
    from riskkit.analysis.whatif import what_if as search
    from riskkit.render import render

    deal, rubric_set = load_inputs(facts, rubrics_dir, None)
    if rubric_ids:
        for rid in rubric_ids:
            rubric_set.get(rid)  # unknown id → one-line error with a hint
    result = search(deal, rubric_set, target=target, rubric_ids=rubric_ids or None, unknown=unknown_policy,
                    max_changes=max_changes, max_paths=max_paths)  # fmt: skip
    emit(render(result, fmt), None)

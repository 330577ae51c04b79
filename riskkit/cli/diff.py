"""`riskkit diff OLD NEW`: what moved between two assessments, and why."""

from __future__ import annotations

import click

from riskkit.cli.options import check_outputs, emit, note, rubric_options, today_option, waivers_option
from riskkit.render import formats

FORMATS = formats("diff")


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@rubric_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table for the terminal, json for programs, markdown for a pull-request comment.",
)
@click.option("-o", "--output", default=None, metavar="FILE", help="Write to FILE (atomically) instead of stdout.")
@waivers_option("Waiver file applied when a side is a facts file (saved JSON keeps its own waivers).")
@today_option("Date for waiver expiry on the NEW side (default: today).")
@today_option("Date for waiver expiry on the OLD side (default: --today).", name="--old-today", envvar=None)
def diff(old, new, rubrics_dir, rubric_ids, fmt, output, waivers_path, today, old_today):
    """Compare two assessments: per rubric the score and band change, and for each
    criterion whose outcome changed, why (a fact, the rubric version, a parameter's
    effective date rolling over, a waiver expiring).

    OLD and NEW are deal facts files (scored now) or saved JSON assessments
    (`riskkit score --format json -o previous.json`). Exit code 0 unless the input is bad.

    \b
    Examples:
      riskkit diff examples/microsoft-openai-2025-01.yaml examples/microsoft-openai-2025.yaml
      riskkit diff previous.json deals/acme.yaml --format markdown -o comment.md
      riskkit diff main.json deals/acme.yaml --format json
    """
    from riskkit.analysis.diff import diff_paths
    from riskkit.cli.options import format_for
    from riskkit.render import render

    if output and output != "-":  # the format from the suffix unless --format says otherwise
        explicit = click.get_current_context().get_parameter_source("fmt") != click.core.ParameterSource.DEFAULT
        fmt = format_for(output, FORMATS, fmt if explicit else None)

    check_outputs(output)
    result = diff_paths(
        old,
        new,
        rubrics_dir,
        rubric_ids,
        waivers_path,
        today.date() if today else None,
        old_today.date() if old_today else None,
    )
    emit(render(result, fmt), output)
    if output and output != "-":
        note(f"wrote {output}")
    return 0

"""`riskkit rubrics`, `facts`, `validate` and `schema`: what the rubric set and its catalogue hold."""

from __future__ import annotations

import click

from riskkit.cli.options import emit, note
from riskkit.render import formats


@click.command("rubrics")
@click.argument("rubric_ids", nargs=-1, metavar="[ID]...")
@click.option(
    "--rubrics",
    "rubrics_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder of rubric files (default: the bundled set).",
)
@click.option("--criteria", is_flag=True, help="List each rubric's criteria: id, points, waivable, title.")
@click.option("--format", "fmt", type=click.Choice(formats("rubrics")), default="table", show_default=True)
def list_rubrics(rubric_ids, rubrics_dir, criteria, fmt):
    """List the rubrics: id, version, effective date, criteria, title.

    With --criteria, or with rubric IDs, list each rubric's criteria: the criterion id (what a
    waiver file and `review` name), its maximum points, whether it may be waived, and its title.

    \b
    Examples:
      riskkit rubrics
      riskkit rubrics --criteria
      riskkit rubrics de-facto-acquisition
    """
    from riskkit.analysis.listing import rubric_listing
    from riskkit.render import render

    emit(render(rubric_listing(rubrics_dir, rubric_ids, criteria), fmt), None)
    return 0


@click.command("facts")
@click.option(
    "--rubrics",
    "rubrics_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder whose catalogue to list (default: the bundled set).",
)
@click.option("--group", default=None, help="Only facts in this group.")
@click.option("--levers", is_flag=True, help="Only facts a deal team can change (what-if levers).")
@click.option("--format", "fmt", type=click.Choice(formats("facts")), default="table", show_default=True)
def list_facts(rubrics_dir, group, levers, fmt):
    """List the facts catalogue: every fact a rubric may read, with its question.

    \b
    Examples:
      riskkit facts
      riskkit facts --group board
      riskkit facts --format json > catalogue.json
    """
    from riskkit.analysis.listing import fact_listing
    from riskkit.render import render

    emit(render(fact_listing(rubrics_dir, group, levers), fmt), None)
    return 0


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--rubrics",
    "rubrics_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Rubric folder whose catalogue facts files are checked against (default: bundled).",
)
@click.option("--allow-untested", is_flag=True, help="Do not require a triggering and a clear test case per criterion.")
def validate(paths, rubrics_dir, allow_untested):
    """Check rubric folders and any riskkit file, each as the kind of file it is.

    With no PATHS, checks the bundled rubric set. A folder is checked as a rubric set
    (catalogue, rubrics, and rubric test cases in cases/). A file is checked as what its
    top-level key says it is (deal:, rubric:, cases:, catalogue:, waivers:, history:) or, for
    a workbook, as a review workbook (About and Findings sheets) or an intake workbook.
    `score --rubrics DIR` refuses a folder this rejects (missing test cases aside).

    \b
    Examples:
      riskkit validate
      riskkit validate rubrics/ examples/*.yaml
      riskkit validate --rubrics my-firm-rubrics/ deals/acme.yaml
    """
    from riskkit.analysis.lint import lint_paths

    warnings: list[str] = []
    problems, checked = lint_paths(paths, rubrics_dir, require_cases=not allow_untested, warnings=warnings)
    for w in warnings:
        click.echo(f"warning: {w}", err=True)
    from riskkit.textsafe import visible

    for p in problems:
        click.echo(visible(p), err=True)
    if problems:
        note(f"{len(problems)} problem(s) in {checked} file(s)")
        return 2
    note(f"ok: {checked} file(s) checked, no problems")
    return 0


@click.command("schema")
@click.argument("kind", type=click.Choice(["facts", "rubric", "catalogue", "parameters", "assessment"]))
@click.option(
    "--rubrics",
    "rubrics_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Rubric folder whose facts catalogue the facts schema lists (default: the bundled set).",
)
def schema(kind, rubrics_dir):
    """Print a JSON Schema so editors can complete and check deal and rubric files.

    \b
    Examples:
      riskkit schema facts > deal.schema.json
      riskkit schema rubric > rubric.schema.json
    """
    import json

    from riskkit.schema import schema_for

    click.echo(json.dumps(schema_for(kind, rubrics_dir), indent=2, ensure_ascii=False))
    return 0

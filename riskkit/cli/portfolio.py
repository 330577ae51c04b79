"""`riskkit portfolio` (many deals, ranked, heat map) and `riskkit timeline` (one deal over time)."""

from __future__ import annotations

import sys

import click

from riskkit.cli.options import (
    allow_path_option,
    check_outputs,
    emit,
    fail_on_option,
    interactive,
    load_rubric_set,
    load_waiver_file,
    note,
    rubric_options,
    unknown_option,
    waiver_options,
)
from riskkit.render import text_formats


@click.command("portfolio")
@click.argument("deals", nargs=-1, required=True, metavar="DEALS...")
@rubric_options
@click.option(
    "-o",
    "--output",
    metavar="FILE.xlsx",
    default=None,
    help="Write the portfolio workbook: ranking, heat map coloured by band, a drill-down sheet per deal.",
)
@click.option(
    "--pdf",
    "pdf_path",
    metavar="FILE.pdf",
    default=None,
    help="Write the portfolio PDF: ranking, SVG heat map, per-deal drill-down sections.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(text_formats("portfolio")),
    default="table",
    show_default=True,
    help="What to print on stdout: the ranking (table), ranking + per-rubric results (json), or "
    "the long deal × rubric frame with criterion statuses (csv).",
)
@fail_on_option("Exit 1 when any deal's band reaches this level (takes precedence over exit 2).")
@unknown_option(
    "Which estimate ranks, colours and gates: the most-likely one (presumptions), or the worst or best case.",
    likely=True,
)
@click.option("--fail-fast", is_flag=True, help="Stop at the first file that cannot be read (exit 2).")
@click.option(
    "--drill-limit",
    type=click.IntRange(0),
    default=200,
    show_default=True,
    help="Drill-down sheets/sections for at most this many top-ranked deals.",
)
@click.option(
    "--template-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder overriding templates (portfolio.html.j2) for the PDF.",
)
@waiver_options
def portfolio(deals, rubrics_dir, rubric_ids, output, pdf_path, fmt, fail_on, unknown_policy, fail_fast, drill_limit,
              template_dir, waivers_path, today):  # fmt: skip
    """Score many deals against every rubric and rank them.

    DEALS are deal files, folders (searched recursively for *.yaml, *.yml, *.json, *.xlsx)
    or glob patterns. A file that cannot be read is reported by name on stderr and the
    others are still scored (--fail-fast stops instead). History files are skipped.

    Exit codes: 1 when a deal reaches --fail-on; otherwise 2 when any file could not be
    read; otherwise 0.

    \b
    Examples:
      riskkit portfolio examples/ -o portfolio.xlsx --pdf portfolio.pdf
      riskkit portfolio 'deals/**/*.yaml' --format csv > scores.csv
      riskkit portfolio deals/ --fail-on high
      riskkit portfolio deals/ --fail-on high --waivers waivers.yaml
    """
    check_outputs(output, pdf_path)
    from riskkit.analysis.portfolio import load_portfolio
    from riskkit.render import render
    from riskkit.render.options import PortfolioOptions

    rubric_set = load_rubric_set(rubrics_dir, rubric_ids)
    bar = None
    progress = None
    if interactive():
        bar = click.progressbar(length=1, label="reading deals", file=sys.stderr)

        def progress(done, total, path):
            bar.length = total
            bar.update(1)

    from riskkit.cli.options import format_for

    if output:
        format_for(output, ("xlsx",))  # before any work: an .xlsx name, never a workbook in x.json
    if pdf_path:
        format_for(pdf_path, ("pdf",))
    try:
        p = load_portfolio(
            deals,
            rubric_set,
            fail_fast=fail_fast,
            progress=progress,
            waivers=load_waiver_file(waivers_path, rubric_set),
            today=today.date() if today else None,
        )
    finally:
        if bar is not None:
            bar.render_finish()
    for f in p.failures:
        click.echo(f"riskkit: error: {f.message if f.message.startswith(f.path) else f'{f.path}: {f.message}'}",
                   err=True)  # fmt: skip
    for path, why in p.skipped:
        note(f"skipped {path}: {why}")
    if not p.deals:
        from riskkit.errors import UsageError

        raise UsageError("no deal could be read, so there is nothing to rank; fix the files named above")
    emit(render(p, fmt, PortfolioOptions(unknown_policy)), None)
    pdf_limit = min(drill_limit, 100)
    p.score_drilldowns(max(drill_limit if output else 0, pdf_limit if pdf_path else 0), unknown_policy)
    if output:
        emit(render(p, "xlsx", PortfolioOptions(unknown_policy, drill_limit)), output)
        note(f"wrote {output}")
    if pdf_path:
        emit(render(p, "pdf", PortfolioOptions(unknown_policy, pdf_limit, template_dir)), pdf_path)
        note(f"wrote {pdf_path}")
    return p.exit_code(fail_on, unknown_policy)


@click.command("timeline")
@click.argument("history", type=click.Path(dir_okay=False))
@rubric_options
@click.option("--format", "fmt", type=click.Choice(text_formats("timeline")), default="table", show_default=True)
@click.option("--svg", "svg_path", metavar="FILE.svg", default=None, help="Also write the risk-over-time chart as SVG.")
@fail_on_option("Exit 1 when the latest step's band reaches this level.")
@unknown_option(
    "Which estimate --fail-on gates on: the most-likely one (presumptions), or the worst or best case.", likely=True
)
@allow_path_option
def timeline(history, rubrics_dir, rubric_ids, fmt, svg_path, fail_on, unknown_policy, allow_paths):
    """Score a deal history at every date and explain each change of band.

    HISTORY is a deal history file: a base facts file plus dated amendments (see
    docs/history-format.md). For each step it shows the facts that changed, parameters
    whose value in force changed, the findings that flipped, and why each band moved.

    \b
    Examples:
      riskkit timeline examples/microsoft-openai-history.yaml
      riskkit timeline history.yaml --format json --svg risk-over-time.svg
    """
    from riskkit.analysis.timeline import load_history, run_timeline
    from riskkit.render import render

    check_outputs(svg_path)
    rubric_set = load_rubric_set(rubrics_dir, rubric_ids)
    t = run_timeline(load_history(history, rubric_set.catalogue, allow_paths), rubric_set)
    emit(render(t, fmt), None)
    if svg_path:
        emit(render(t, "svg"), svg_path)
        note(f"wrote {svg_path}")
    from riskkit.engine.run import Run

    return Run(t.results[-1].assessment, fail_on, unknown_policy).exit_code() if t.results else 0

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
    later_sources_requested,
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
    "outputs",
    multiple=True,
    metavar="[FORMAT:]FILE",
    help="Write to FILE (repeatable, atomically; missing folders are created). The format comes from a FORMAT: "
    "prefix, else --format, else the suffix (.json .csv .html .txt); .xlsx is always the workbook (ranking, heat "
    "map, a drill-down sheet per deal) and .pdf the PDF. An unknown suffix without --format is an error. A text "
    "file takes the place of the ranking on stdout; a workbook or PDF does not.",
)
@click.option(
    "--pdf",
    "pdf_path",
    metavar="FILE.pdf",
    default=None,
    help="Write the portfolio PDF: ranking, SVG heat map, per-deal drill-down sections (same as -o FILE.pdf).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(text_formats("portfolio")),
    default="table",
    show_default=True,
    help="What to print on stdout (or write to an -o FILE whose suffix names no format): the ranking "
    "(table), ranking + per-rubric results (json), the long deal × rubric frame with criterion statuses "
    "(csv), or the overview as HTML.",
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
def portfolio(deals, rubrics_dir, rubric_ids, outputs, pdf_path, fmt, fail_on, unknown_policy, fail_fast, drill_limit,
              template_dir, waivers_path, today):  # fmt: skip
    """Score many deals against every rubric and rank them.

    DEALS are deal files, folders (searched recursively for *.yaml, *.yml, *.json, *.xlsx)
    or glob patterns. A file that cannot be read is reported by name on stderr and the
    others are still scored (--fail-fast stops instead). History files are skipped.

    Exit codes: 1 when a deal reaches --fail-on; otherwise 2 when any file could not be
    read; otherwise 0.

    \b
    Examples:
      riskkit portfolio examples/ -o portfolio.xlsx -o portfolio.pdf
      riskkit portfolio examples/ --format json -o portfolio.json
      riskkit portfolio 'deals/**/*.yaml' -o scores.csv
      riskkit portfolio deals/ --fail-on high
      riskkit portfolio deals/ --fail-on high --waivers waivers.yaml
    """
    explicit = click.get_current_context().get_parameter_source("fmt") != click.core.ParameterSource.DEFAULT
    targets = portfolio_targets(outputs, pdf_path, fmt, explicit)
    check_outputs(*(path for _, path in targets))
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

    try:
        p = load_portfolio(
            deals,
            rubric_set,
            fail_fast=fail_fast,
            progress=progress,
            waivers=load_waiver_file(waivers_path, rubric_set),
            today=today.date() if today else None,
            include_later_sources=later_sources_requested(),
        )
    finally:
        if bar is not None:
            bar.render_finish()
    for f in p.failures:
        click.echo(f"riskkit: error: {f.message if f.message.startswith(f.path) else f'{f.path}: {f.message}'}",
                   err=True)  # fmt: skip
    for path, why in p.skipped:
        note(f"skipped {path}: {why}")
    for did, paths in p.duplicate_ids().items():
        click.echo(f"riskkit: warning: deal id '{did}' is used by {len(paths)} files ({', '.join(paths)}): "
                   "their rows show the same id; give each deal its own id", err=True)  # fmt: skip
    if not p.deals:
        from riskkit.errors import UsageError

        raise UsageError("no deal could be read, so there is nothing to rank; fix the files named above")
    pdf_limit = min(drill_limit, 100)
    limits = {"xlsx": drill_limit, "pdf": pdf_limit, "html": pdf_limit}
    drill = max((limits.get(f, 0) for f, _ in targets), default=0)
    for target_fmt, path in targets:
        if target_fmt in limits and drill:
            p.score_drilldowns(drill, unknown_policy)
            drill = 0
        options = PortfolioOptions(unknown_policy, limits.get(target_fmt, drill_limit),
                                   template_dir if target_fmt == "pdf" else None)  # fmt: skip
        emit(render(p, target_fmt, options), path)
        if path is not None:
            note(f"wrote {path}")
    return p.exit_code(fail_on, unknown_policy)


def portfolio_targets(outputs, pdf_path, fmt: str, explicit: bool) -> list[tuple[str, str | None]]:
    """[(format, path or None for stdout)] for portfolio's -o values, the same rule as score's: a
    FORMAT: prefix, else --format when given, else the suffix (.html .json .csv .txt); an unknown
    suffix without --format is an error. A workbook or PDF is always what its .xlsx/.pdf
    name says (`-o p.xlsx --format csv` keeps its old meaning: the workbook, and CSV on stdout);
    stdout gets the --format output unless a text -o took its place. Binary never goes to a terminal."""
    from pathlib import Path

    from riskkit.cli.options import SUFFIX_FORMATS, format_for, refuse_binary_tty
    from riskkit.render import entry, formats

    accepted = formats("portfolio")
    targets: list[tuple[str, str | None]] = []
    for value in (*outputs, *([pdf_path] if pdf_path else [])):
        prefix, _, rest = value.partition(":")
        if rest and prefix in accepted:
            target = (prefix, rest)
        elif rest and prefix.isidentifier() and len(prefix) > 1:
            entry(prefix, "portfolio")  # raises "unknown output format" with a hint
            continue
        elif value == "-":
            target = (fmt, "-")
        else:
            by_suffix = SUFFIX_FORMATS.get(Path(value).suffix.lower())
            binary = by_suffix in ("xlsx", "pdf")
            target = (format_for(value, accepted, fmt if explicit and not binary else None), value)
        if value == pdf_path and target[0] != "pdf":
            format_for(value, ("pdf",))  # --pdf takes a .pdf name
        targets.append(target)
    if not any(f not in ("xlsx", "pdf") for f, _ in targets):
        targets.insert(0, (fmt, None))  # the ranking on stdout, as before
    for target_fmt, path in targets:
        refuse_binary_tty(target_fmt, path)
    return [(f, None if path == "-" else path) for f, path in targets]


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
    t = run_timeline(load_history(history, rubric_set.catalogue, allow_paths, later_sources_requested()), rubric_set)
    emit(render(t, fmt), None)
    if svg_path:
        emit(render(t, "svg"), svg_path)
        note(f"wrote {svg_path}")
    from riskkit.engine.run import Run

    return Run(t.results[-1].assessment, fail_on, unknown_policy).exit_code() if t.results else 0

"""`riskkit score`: options → riskkit.engine.run.run() → writers → the run's exit code."""

from __future__ import annotations

import os

import click

from riskkit.cli.options import (
    baseline_option,
    check_outputs,
    emit,
    fail_on_option,
    load_inputs,
    load_waiver_file,
    note,
    report_waivers,
    report_warnings,
    rubric_options,
    today_option,
    unknown_option,
    waivers_option,
)


@click.command("score")
@click.argument("facts", type=click.Path(dir_okay=False))
@rubric_options
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    metavar="FORMAT",
    help="Output format: table, json, markdown, junit, sarif, github (and any registered writer).",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    metavar="[FORMAT:]FILE",
    help="Write to FILE instead of stdout (atomically; missing folders are created). The format comes from "
    "--format, else from the suffix (.json .md .xml .sarif .txt .html .pdf .xlsx). Repeat with FORMAT: "
    "prefixes for several outputs in one run, e.g. -o junit:report.xml -o sarif:riskkit.sarif -o table:-.",
)
@fail_on_option("Exit 1 when any rubric's band reaches this level.")
@unknown_option(
    "Which estimate --fail-on gates on when facts are missing: the most-likely one (presumptions), "
    "or the worst or best end of the range.",
    likely=True,
)
@waivers_option(
    "Waiver file (YAML): accepted findings with justification, approver and expiry. Waived "
    "findings stay visible but do not count towards --fail-on."
)
@click.option(
    "--strict-waivers",
    is_flag=True,
    help="Make an expired waiver, or one that waives nothing in this run, an error (exit 2).",
)
@baseline_option
@today_option("The date waiver expiry is checked against (default: today; env RISKKIT_TODAY).")
@click.option("-v", "--verbose", is_flag=True, help="Table: list every finding and every information request.")
def score(
    facts,
    rubrics_dir,
    rubric_ids,
    fmt,
    outputs,
    fail_on,
    unknown_policy,
    waivers_path,
    strict_waivers,
    baseline_path,
    today,
    verbose,
) -> int:
    """Score a deal facts file against the rubrics.

    FACTS is a deal facts file (YAML or JSON; see docs/formats.md) or an intake workbook;
    `-` reads the facts (YAML or JSON) from stdin.

    \b
    Examples:
      riskkit score examples/microsoft-openai-2025.yaml
      riskkit score deal.yaml --rubric de-facto-acquisition --format markdown
      riskkit score deal.yaml --format json -o out/deal.json --fail-on high
      riskkit score deal.yaml -o out.json -o out.md        # the format from each suffix
      cat deal.yaml | riskkit score - --format json
      riskkit score deal.yaml --fail-on high --waivers waivers.yaml -o sarif:riskkit.sarif -o table:-
      riskkit score deal.yaml --fail-on high --baseline previous.json --format github
    """
    from riskkit.engine.run import run
    from riskkit.render import entry, render
    from riskkit.render.options import TableOptions

    entry(fmt)  # fail fast on an unknown format, before any work
    explicit = click.get_current_context().get_parameter_source("fmt") != click.core.ParameterSource.DEFAULT
    targets = parse_outputs(outputs, fmt, explicit)
    check_outputs(*(path for _, path in targets))
    deal, rubric_set = load_inputs(facts, rubrics_dir, rubric_ids)
    wfile = load_waiver_file(waivers_path, rubric_set)
    baseline = None
    if baseline_path:
        from riskkit.load.baseline import load_baseline

        baseline = load_baseline(baseline_path, deal)
    result = run(deal, rubric_set, wfile, baseline, today.date() if today else None, fail_on, unknown_policy)
    if strict_waivers and result.waiver_problems:
        for p in result.waiver_problems:  # each as a one-line error, then exit 2 like any bad input
            click.echo(f"riskkit: error: {p.text()}", err=True)
        return 2
    report_waivers(result.waivers)
    report_warnings(result)
    rendered = {}
    for target_fmt, _ in targets:
        if target_fmt not in rendered:
            rendered[target_fmt] = render(result, target_fmt, TableOptions(verbose) if target_fmt == "table" else None)
    for target_fmt, path in targets:
        emit(rendered[target_fmt], path)
        if path and path != "-":
            note(f"wrote {path}")
    if baseline is not None:
        new = result.new_findings()
        note(
            f"baseline {baseline_path}: {len(new)} finding(s) new since it"
            + (": " + ", ".join(f.id for _, f in new) if new else "")
        )
    return result.exit_code()


FORMAT_ALIASES = {"md": "markdown", "txt": "table"}  # the suffix names, accepted as FORMAT: prefixes too


def parse_outputs(outputs, default_fmt: str, explicit: bool = False) -> list[tuple[str, str | None]]:
    """[(format, path or None for stdout)] from -o values like 'out.json' or 'junit:out.xml'.

    A bare FILE takes its format from --format when given, else from its suffix (.json, .md, .xml,
    .sarif, .txt, .html, .pdf, .xlsx, …); an unknown suffix is an error. Binary formats never go
    to a terminal."""
    from riskkit.cli.options import format_for, refuse_binary_tty
    from riskkit.render import WRITERS, entry

    targets = []
    for value in outputs or ("-",):
        fmt, _, path = value.partition(":")
        fmt = FORMAT_ALIASES.get(fmt, fmt) if path else fmt
        if path and fmt in WRITERS:
            targets.append((fmt, path))
        elif path and fmt.isidentifier() and len(fmt) > 1:
            entry(fmt)  # raises "unknown output format" with a hint
        elif value == "-":
            targets.append((default_fmt, None if not outputs else value))
        else:
            targets.append((format_for(value, WRITERS, default_fmt if explicit else None), value))
    _one_target_each(targets)
    for fmt, path in targets:
        refuse_binary_tty(fmt, path)
    return targets


def _one_target_each(targets) -> None:
    """Two outputs on stdout would interleave into something no program can parse; the same file
    twice would keep only the last."""
    from riskkit.errors import UsageError

    to_stdout = [fmt for fmt, path in targets if path in (None, "-")]
    if len(to_stdout) > 1:
        raise UsageError(
            f"{' and '.join(to_stdout)} would both go to stdout",
            hint="send at most one output to stdout (-o FORMAT:-); write the others to files",
        )
    seen: set = set()
    for _, path in targets:
        if path not in (None, "-"):
            key = os.path.normpath(path)
            if key in seen:
                raise UsageError(f"-o {path} is given twice", hint="name each output file once")
            seen.add(key)

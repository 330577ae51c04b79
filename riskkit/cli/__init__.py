"""The riskkit command line: thin wrappers over the library. Errors become one line and exit 2."""

from __future__ import annotations

import importlib
import sys

import click

from riskkit import __version__
from riskkit.cli.options import (
    emit,
    fail_on_option,
    load_inputs,
    note,
    rubric_options,
    today_option,
    unknown_option,
    waivers_option,
)

# Commands that live in their own modules are imported only when run (keeps start-up fast).
LAZY_COMMANDS = {
    "memo": "riskkit.cli.memo:memo",
    "workbook": "riskkit.cli.workbook:workbook",
    "review": "riskkit.cli.workbook:review",
    "intake": "riskkit.cli.workbook:intake",
    "diff": "riskkit.cli.diff:diff",
    "portfolio": "riskkit.cli.portfolio:portfolio",
    "timeline": "riskkit.cli.portfolio:timeline",
    "what-if": "riskkit.cli.whatif:what_if",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        names = set(super().list_commands(ctx))
        names.update(n for n in LAZY_COMMANDS if self._lazy(n) is not None)
        return sorted(names)

    def get_command(self, ctx, name):
        cmd = super().get_command(ctx, name)
        return cmd if cmd is not None else self._lazy(name)

    def _lazy(self, name):
        target = LAZY_COMMANDS.get(name)
        if not target:
            return None
        module, attr = target.split(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("riskkit.cli"):
                return None  # not built yet
            raise

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            from riskkit.errors import did_you_mean

            hint = did_you_mean(args[0], self.list_commands(ctx)) if args else None
            if hint and "No such command" in str(exc):
                raise click.UsageError(f"{exc.message.rstrip('.')} ({hint})", ctx) from None
            raise


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="riskkit")
def cli():
    """Score AI partnerships and minority investments for antitrust and charitable-asset risk.

    riskkit applies rubric files (what regulators are reported to look at) to a deal's
    facts file and tells you the band, the findings with their evidence and sources, and
    what is still unknown.

    \b
    Quick start:
      riskkit rubrics                                   # what will be checked
      riskkit score examples/microsoft-openai-2025.yaml # score a deal
      riskkit score deal.yaml --format json -o out.json --fail-on high

    Exit codes: 0 scored, below --fail-on; 1 at or above --fail-on; 2 bad input or usage.
    """


@cli.command()
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
    help="Write to FILE instead of stdout (atomically). Repeat with FORMAT: prefixes for several "
    "outputs in one run, e.g. -o junit:report.xml -o sarif:riskkit.sarif -o table:-.",
)
@fail_on_option("Exit 1 when any rubric's band reaches this level.")
@unknown_option("Which end of a score range --fail-on gates on when facts are missing.")
@waivers_option(
    "Waiver file (YAML): accepted findings with justification, approver and expiry. Waived "
    "findings stay visible but do not count towards --fail-on."
)
@click.option(
    "--strict-waivers",
    is_flag=True,
    help="Make an expired waiver, or one that waives nothing in this run, an error (exit 2).",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE",
    help="A saved JSON assessment of this deal: --fail-on then fails only on findings new since it.",
)
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
):
    """Score a deal facts file against the rubrics.

    FACTS is a deal facts file (YAML or JSON; see docs/formats.md) or an intake workbook.

    \b
    Examples:
      riskkit score examples/microsoft-openai-2025.yaml
      riskkit score deal.yaml --rubric de-facto-acquisition --format markdown
      riskkit score deal.yaml --format json -o out/deal.json --fail-on high
      riskkit score deal.yaml -o json:out.json -o markdown:out.md
      riskkit score deal.yaml --fail-on high --waivers waivers.yaml -o sarif:riskkit.sarif -o table:-
      riskkit score deal.yaml --fail-on high --baseline previous.json --format github
    """
    import datetime as _dt

    from riskkit.render import render, writer

    writer(fmt)  # fail fast on an unknown format, before any work
    targets = parse_outputs(outputs, fmt)
    deal, rubric_set = load_inputs(facts, rubrics_dir, rubric_ids)
    wfile = None
    if waivers_path:
        from riskkit.load.waivers import load_waivers

        wfile = load_waivers(waivers_path, rubric_set.catalogue, rubric_set.criterion_ids())
    baseline = None
    if baseline_path:
        from riskkit.load.baseline import load_baseline

        baseline = load_baseline(baseline_path, deal)
    if wfile is not None:
        from riskkit.load.waivers import score_with_waivers

        day = today.date() if today else _dt.date.today()
        assessment, report = score_with_waivers(deal, rubric_set, wfile, day)
    else:
        from riskkit.engine.scoring import score as run_score

        assessment, report = run_score(deal, rubric_set), None
    if report is not None:
        from riskkit.load.waivers import strict_error

        if strict_waivers and strict_error(report) is not None:
            for p in report.problems:  # each as a one-line error, then exit 2 like any bad input
                click.echo(f"riskkit: error: {p.text()}", err=True)
            sys.exit(2)
        for p in report.problems:
            click.echo(f"riskkit: warning: {p.text()}", err=True)
        for line in report.notes:
            note(f"riskkit: note: {line}")
        for e in report.applied:
            note(
                f"riskkit: waived {e.criterion} until {e.waiver.expires.isoformat()} "
                f"(approved by {e.waiver.approved_by}; {e.where})"
            )
    extra = {}
    if report is not None:
        extra["waivers"] = report.to_dict()
    if baseline is not None:
        extra["baseline"] = baseline.to_dict(assessment, unknown_policy)
    options = {
        "verbose": verbose,
        "unknown": unknown_policy,
        "fail_on": fail_on,
        "baseline": baseline,
        "waiver_problems": report.problems if report else (),
        "extra": extra,
    }
    rendered = {}
    for target_fmt, _ in targets:
        if target_fmt not in rendered:
            rendered[target_fmt] = render(assessment, target_fmt, options)
    for target_fmt, path in targets:
        emit(rendered[target_fmt], path)
        if path and path != "-":
            note(f"wrote {path}")
    if baseline is not None:
        new = baseline.new_findings(assessment, unknown_policy)
        note(
            f"baseline {baseline_path}: {len(new)} finding(s) new since it"
            + (": " + ", ".join(f.id for _, f in new) if new else "")
        )
        sys.exit(baseline.exit_code(assessment, fail_on, unknown_policy))
    sys.exit(assessment.exit_code(fail_on, unknown_policy))


def parse_outputs(outputs, default_fmt: str) -> list[tuple[str, str | None]]:
    """[(format, path or None for stdout)] from -o values like 'out.json' or 'junit:out.xml'."""
    from riskkit.render import WRITERS, writer

    if not outputs:
        return [(default_fmt, None)]
    targets = []
    for value in outputs:
        fmt, _, path = value.partition(":")
        if path and fmt in WRITERS:
            targets.append((fmt, path))
        elif path and fmt.isidentifier() and len(fmt) > 1:
            writer(fmt)  # raises "unknown output format" with a hint
        else:
            targets.append((default_fmt, value))
    return targets


@cli.command("rubrics")
@click.option(
    "--rubrics",
    "rubrics_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder of rubric files (default: the bundled set).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_rubrics(rubrics_dir, fmt):
    """List the rubrics: id, version, effective date, criteria, title.

    \b
    Example:
      riskkit rubrics
    """
    import json

    from riskkit.load.rubric import load_rubrics

    rs = load_rubrics(rubrics_dir)
    rows = [
        {
            "id": r.id,
            "version": r.version,
            "effective": r.effective.isoformat(),
            "kind": r.kind,
            "criteria": len(r.criteria),
            "jurisdictions": list(r.jurisdictions),
            "title": r.title,
            "path": r.path,
        }
        for r in rs.rubrics
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        click.echo(
            f"{r['id']:<{width}}  v{r['version']:<7} {r['effective']}  {r['criteria']:>3} criteria  {r['title']}"
        )
    click.echo(f"rubric folder: {rs.folder}")


@cli.command("facts")
@click.option(
    "--rubrics",
    "rubrics_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder whose catalogue to list (default: the bundled set).",
)
@click.option("--group", default=None, help="Only facts in this group.")
@click.option("--levers", is_flag=True, help="Only facts a deal team can change (what-if levers).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_facts(rubrics_dir, group, levers, fmt):
    """List the facts catalogue: every fact a rubric may read, with its question.

    \b
    Examples:
      riskkit facts
      riskkit facts --group board
      riskkit facts --format json > catalogue.json
    """
    import json

    from riskkit.load.catalogue import catalogue_for

    catalogue = catalogue_for(rubrics_dir)
    specs = [s for s in catalogue.facts.values() if (group is None or s.group == group) and (not levers or s.lever)]
    if group is not None and not specs:
        from riskkit.errors import UsageError, did_you_mean

        groups = sorted({s.group for s in catalogue.facts.values()})
        raise UsageError(f"no facts in group '{group}'; groups: {', '.join(groups)}", hint=did_you_mean(group, groups))
    if fmt == "json":
        rows = [
            {
                "id": s.id,
                "type": s.type,
                "unit": s.unit,
                "values": list(s.values),
                "group": s.group,
                "description": s.description,
                "question": s.question,
                "derived": {"op": s.derived_op, "of": list(s.derived_of)} if s.derived_op else None,
                "lever": [str(v) for v in s.lever] or None,
            }
            for s in specs
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    current = None
    for s in sorted(specs, key=lambda s: (s.group, s.id)):
        if s.group != current:
            current = s.group
            click.echo(f"[{current}]")
        kind = s.type + (f" ({', '.join(s.values)})" if s.values else "") + (" derived" if s.derived_op else "")
        click.echo(f"  {s.id}  {kind}")
        click.echo(f"      {s.question}")
    click.echo(f"{len(specs)} facts")


@cli.command("validate")
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
    """Lint rubric folders, rubric files and deal facts files.

    With no PATHS, checks the bundled rubric set. A folder is checked as a rubric set
    (catalogue, rubrics, and rubric test cases in cases/); a file is checked as a rubric if
    it has a top-level `rubric:` key, otherwise as a deal facts file.

    \b
    Examples:
      riskkit validate
      riskkit validate rubrics/ examples/*.yaml
      riskkit validate --rubrics my-firm-rubrics/ deals/acme.yaml
    """
    from riskkit.analysis.lint import lint_paths

    problems, checked = lint_paths(paths, rubrics_dir, require_cases=not allow_untested)
    for p in problems:
        click.echo(p, err=True)
    if problems:
        note(f"{len(problems)} problem(s) in {checked} file(s)")
        sys.exit(2)
    note(f"ok: {checked} file(s) checked, no problems")


@cli.command("schema")
@click.argument("kind", type=click.Choice(["facts", "rubric", "catalogue", "assessment"]))
def schema(kind):
    """Print a JSON Schema so editors can complete and check deal and rubric files.

    \b
    Examples:
      riskkit schema facts > deal.schema.json
      riskkit schema rubric > rubric.schema.json
    """
    import json

    from riskkit.schema import schema_for

    click.echo(json.dumps(schema_for(kind), indent=2, ensure_ascii=False))


def main(argv=None) -> None:
    """Entry point: run the CLI, turning every user error into one line on stderr and exit 2."""
    import gc

    from riskkit.errors import RiskkitError

    # Loading builds many small objects and few cycles: collect far less often (start-up time).
    gc.set_threshold(50_000, 20, 20)

    try:
        rv = cli.main(args=argv, prog_name="riskkit", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:  # pragma: no cover - click >= 8.2
        click.echo(exc.ctx.get_help())
        sys.exit(0)
    except click.UsageError as exc:
        cmd = exc.ctx.command_path if exc.ctx else "riskkit"
        click.echo(f"riskkit: error: {' '.join(exc.format_message().split())} (see '{cmd} --help')", err=True)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("riskkit: aborted", err=True)
        sys.exit(130)
    except RiskkitError as exc:
        click.echo(f"riskkit: error: {exc.render()}", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"riskkit: error: {' '.join(exc.format_message().split())}", err=True)
        sys.exit(exc.exit_code if exc.exit_code else 2)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(rv if isinstance(rv, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()

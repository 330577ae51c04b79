"""Options and plumbing shared by CLI commands, so each command stays a short wrapper."""

from __future__ import annotations

import sys

import click

BAND_CHOICES = ("low", "moderate", "high", "severe")


def _remember_later_sources(ctx, _param, value):
    ctx.meta["riskkit.include_later_sources"] = bool(value)
    return value


def rubric_options(fn):
    """--rubrics DIR, --rubric ID (repeatable) and --include-later-sources (read by load_inputs)."""
    fn = click.option(
        "--include-later-sources",
        is_flag=True,
        expose_value=False,
        callback=_remember_later_sources,
        help="Also score facts that rest on sources dated after the deal's as-of date (flagged in every "
        "output). Default: such sources are left out, so the deal is read as of its own date.",
    )(fn)
    fn = click.option(
        "--rubric",
        "rubric_ids",
        multiple=True,
        metavar="ID",
        help="Score only this rubric (repeatable). Default: all. See `riskkit rubrics`.",
    )(fn)
    return click.option(
        "--rubrics",
        "rubrics_dir",
        type=click.Path(file_okay=False),
        default=None,
        help="Folder of rubric files to use instead of the bundled set (a firm's own rubrics).",
    )(fn)


def later_sources_requested() -> bool:
    """Whether this command was given --include-later-sources (see rubric_options)."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().meta.get("riskkit.include_later_sources"))


def load_inputs(facts_path: str, rubrics_dir, rubric_ids):
    """(deal, rubric_set) from CLI options. A problem in the facts file stops the run with a pointer to
    `riskkit validate FILE`, which lists every problem."""
    from riskkit.errors import RiskkitError
    from riskkit.load.deal import load_deal

    if str(facts_path).lower().endswith((".xlsx", ".xlsm")):
        from riskkit.load.xlsxread import preflight

        preflight(facts_path)  # a hostile workbook is refused before any other work
    rubric_set = load_rubric_set(rubrics_dir, rubric_ids)
    try:
        deal = load_deal(facts_path, rubric_set.catalogue, include_later_sources=later_sources_requested())
    except RiskkitError as exc:
        raise _pointed(exc, facts_path, rubrics_dir) from None
    for w in deal.warnings:
        click.echo(f"riskkit: warning: {w}", err=True)
    return deal, rubric_set


def _pointed(exc, facts_path: str, rubrics_dir=None):
    """A problem inside the facts file, with where to see the rest: loading stops at the first problem,
    `riskkit validate` lists every one (in line order). A stdin deal's relative prior: path says how
    it was looked for."""
    import os
    import shlex

    stdin = facts_path == "-"
    here = str(exc.path or "")
    inside = here == "<stdin>" if stdin else here.split("!")[0] == str(facts_path)
    if not inside or not exc.key:  # the file as a whole (unreadable, not YAML, not a deal): nothing more to list
        return exc
    hints = [exc.hint] if exc.hint else []
    if stdin and exc.key == "prior.facts" and "not found" in exc.message:
        hints.append(f"a deal read from stdin finds a relative prior: path from the current folder, {os.getcwd()}; "
                     "run riskkit from the deal's folder, or give the deal's file name instead of -")  # fmt: skip
    else:
        folder = f" --rubrics {shlex.quote(str(rubrics_dir))}" if rubrics_dir else ""
        target = "-` on the same input" if stdin else f"{shlex.quote(str(facts_path))}`"
        hints.append(f"run `riskkit validate{folder} {target} to list every problem")
    exc.hint = ") (".join(hints)  # each in its own brackets: "(did you mean 'x'?) (run `riskkit validate …`)"
    return exc


def load_rubric_set(rubrics_dir, rubric_ids=None):
    """The rubric set --rubrics/--rubric name. A folder of the user's own must pass
    `riskkit validate --allow-untested` (same checks, same first message), or the run stops."""
    from riskkit.load.rubric import load_rubrics

    rubric_set = load_rubrics(rubrics_dir, rubric_ids or None)
    if rubrics_dir:
        from riskkit.analysis.judge import judge_rubric_folder

        judge_rubric_folder(rubrics_dir)
    return rubric_set


# -o FILE picks the format from its suffix, the same way for every command.
SUFFIX_FORMATS = {
    ".json": "json", ".md": "markdown", ".markdown": "markdown", ".xml": "junit", ".sarif": "sarif",
    ".pdf": "pdf", ".html": "html", ".htm": "html", ".xlsx": "xlsx", ".docx": "docx", ".txt": "table",
    ".csv": "csv", ".yaml": "yaml", ".yml": "yaml",
}  # fmt: skip
BINARY_FORMATS = ("pdf", "xlsx", "docx")


def format_for(path: str, accepted, fmt: str | None = None, format_option: bool = True) -> str:
    """The format to write `path` in: `fmt` (an explicit --format) when given, else from the file's
    suffix; a suffix that names none of the `accepted` formats is an error, never a silent default."""
    from pathlib import Path

    from riskkit.errors import UsageError

    found = SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if fmt:
        if found in accepted and found != fmt and found != "table":  # a .txt holds any text format
            raise UsageError(
                f"-o {path} names a {found} file but --format {fmt} was given",
                hint=f"drop --format to write {found}, or name the file for {fmt}",
            )
        return fmt
    if found in accepted:
        return found
    suffixes = sorted({s for s, f in SUFFIX_FORMATS.items() if f in accepted and s not in (".htm", ".markdown")})
    raise UsageError(
        f"cannot tell the output format from '{path}'",
        hint=f"name it {', '.join(suffixes)}" + (" or give --format" if len(accepted) > 1 and format_option else ""),
    )


def refuse_binary_tty(fmt: str, output: str | None) -> None:
    """Binary formats (PDF, Excel, Word) are never written to an interactive terminal."""
    from riskkit.errors import UsageError

    if fmt in BINARY_FORMATS and output in (None, "-") and sys.stdout.isatty():
        raise UsageError(f"refusing to write {fmt} (binary) to the terminal; give -o FILE or redirect stdout")


def emit(data: bytes, output: str | None) -> None:
    """Write to a file atomically, or to stdout."""
    from riskkit.fileio import atomic_write

    if output and output != "-":
        atomic_write(output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def note(message: str) -> None:
    """Progress/status lines go to stderr so stdout stays machine-readable."""
    click.echo(message, err=True)


def interactive(stream=None) -> bool:
    """Progress output only on an interactive terminal, never in CI or a pipe."""
    import os

    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")


class Status:
    """One self-overwriting status line on an interactive stderr (silent otherwise), so a
    command that takes seconds says what it is doing without leaving clutter behind."""

    def __init__(self, command: str, stream=None):
        self.command = command
        self.stream = stream or sys.stderr
        self.on = interactive(self.stream)

    def __call__(self, doing: str) -> None:
        if self.on:
            self.stream.write(f"\r\033[K{self.command}: {doing}…")
            self.stream.flush()

    def clear(self) -> None:
        if self.on:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.clear()  # before any error message, so it starts on a clean line


# Options several commands share; each command supplies the help text that fits it.
class _Date(click.DateTime):
    """YYYY-MM-DD; a date that does not exist (2026-02-30) is named as such, not as a format mismatch."""

    def convert(self, value, param, ctx):
        import datetime as _dt

        if isinstance(value, str):
            try:
                return _dt.datetime.strptime(value, "%Y-%m-%d")
            except ValueError:
                parts = value.split("-")
                if len(parts) == 3 and all(p.isdigit() for p in parts):
                    self.fail(f"{value} is not a date in the calendar", param, ctx)
                self.fail(f"{value!r} is not a date written YYYY-MM-DD", param, ctx)
        return super().convert(value, param, ctx)


DATE_TYPE = _Date(formats=["%Y-%m-%d"])


def fail_on_option(help: str):
    return click.option("--fail-on", type=click.Choice(BAND_CHOICES), default=None, help=help)


def unknown_option(help: str, likely: bool = False):
    """--unknown: which estimate gates. Commands scoring one deal offer (and default to) the most-likely one."""
    choices = ["likely", "worst", "best"] if likely else ["worst", "best"]
    return click.option(
        "--unknown", "unknown_policy", type=click.Choice(choices), default=choices[0], show_default=True,
        help=help,
    )  # fmt: skip


def today_option(help: str, name: str = "--today", envvar: str | None = "RISKKIT_TODAY"):
    return click.option(name, type=DATE_TYPE, default=None, envvar=envvar, metavar="YYYY-MM-DD", help=help)


def waivers_option(help: str = "Waiver file (YAML): accepted findings with justification, approver and expiry."):
    return click.option(
        "--waivers", "waivers_path", type=click.Path(dir_okay=False), default=None, metavar="FILE", help=help
    )


def waiver_options(fn):
    """--waivers FILE and --today, for commands that score a deal (memo, workbook, review, portfolio)."""
    fn = today_option("The date waiver expiry is checked against (default: today; env RISKKIT_TODAY).")(fn)
    return waivers_option(
        "Waiver file (YAML): accepted findings with justification, approver and expiry. Waived findings "
        "stay visible, marked waived, with their justification."
    )(fn)


baseline_option = click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE",
    help="A saved JSON assessment of this deal: --fail-on then fails only on findings new since it.",
)


def load_waiver_file(waivers_path, rubric_set):
    """The WaiverFile named by --waivers (criterion ids checked against the rubric set), or None."""
    if not waivers_path:
        return None
    from riskkit.load.waivers import load_waivers

    return load_waivers(waivers_path, rubric_set.catalogue, rubric_set.criterion_ids())


def run_inputs(facts_path: str, rubrics_dir, rubric_ids, waivers_path=None, today=None, **gate):
    """(deal, rubric_set, Run) from CLI options: the deal scored with its waivers, notes on stderr."""
    from riskkit.engine.run import run

    deal, rubric_set = load_inputs(facts_path, rubrics_dir, rubric_ids)
    wfile = load_waiver_file(waivers_path, rubric_set)
    result = run(deal, rubric_set, wfile, today=today.date() if today else None, **gate)
    report_waivers(result.waivers)
    report_warnings(result)
    return deal, rubric_set, result


def report_warnings(result) -> None:
    """The assessment's own warnings (a derived fact left unknown, and why) on stderr; waiver
    problems are reported by report_waivers."""
    from riskkit.textsafe import visible

    waiver_texts = {p.text() for p in result.waivers.problems} if result.waivers is not None else set()
    for w in result.assessment.warnings:
        if w not in waiver_texts:
            click.echo(visible(f"riskkit: warning: {w}"), err=True)


def report_waivers(report) -> None:
    """What a waiver file did, on stderr: problems as warnings, expiring-soon notes, applied waivers."""
    if report is None:
        return
    for p in report.problems:
        click.echo(f"riskkit: warning: {p.text()}", err=True)
    for line in report.notes:
        note(f"riskkit: note: {line}")
    for e in report.applied:
        note(
            f"riskkit: waived {e.criterion} until {e.waiver.expires.isoformat()} "
            f"(approved by {e.waiver.approved_by}; {e.where})"
        )


def allow_path_option(fn):
    """--allow-path DIR (repeatable): folders a path written inside an input file may lead into."""
    return click.option(
        "--allow-path", "allow_paths", multiple=True, type=click.Path(file_okay=False), metavar="DIR",
        help="Let paths written inside input files (a history's base:, a review workbook's facts file) lead into "
             "DIR too; by default they must stay in that file's own folder. Repeatable.",
    )(fn)  # fmt: skip


def recorded_path(path, output) -> str:
    """`path` as a file written to `output` should record it: relative to the output's folder."""
    import os

    if not path or not output or output == "-":
        return path
    return os.path.relpath(os.path.abspath(path), os.path.dirname(os.path.abspath(output)))


def check_outputs(*paths) -> None:
    """Refuse the run before any work if any output could not be written (all or nothing)."""
    from riskkit.fileio import Outputs

    Outputs.check(paths)

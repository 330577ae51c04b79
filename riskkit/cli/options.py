"""Options and plumbing shared by CLI commands, so each command stays a short wrapper."""

from __future__ import annotations

import sys

import click

BAND_CHOICES = ("low", "moderate", "high", "severe")


def rubric_options(fn):
    """--rubrics DIR and --rubric ID (repeatable)."""
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


def load_inputs(facts_path: str, rubrics_dir, rubric_ids):
    """(deal, rubric_set) from CLI options."""
    from riskkit.load.deal import load_deal
    from riskkit.load.rubric import load_rubrics

    rubric_set = load_rubrics(rubrics_dir, rubric_ids or None)
    deal = load_deal(facts_path, rubric_set.catalogue)
    return deal, rubric_set


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
DATE_TYPE = click.DateTime(formats=["%Y-%m-%d"])


def fail_on_option(help: str):
    return click.option("--fail-on", type=click.Choice(BAND_CHOICES), default=None, help=help)


def unknown_option(help: str):
    return click.option(
        "--unknown", "unknown_policy", type=click.Choice(["worst", "best"]), default="worst", show_default=True,
        help=help,
    )  # fmt: skip


def waivers_option(help: str):
    return click.option(
        "--waivers", "waivers_path", type=click.Path(dir_okay=False), default=None, metavar="FILE", help=help
    )


def today_option(help: str, name: str = "--today", envvar: str | None = "RISKKIT_TODAY"):
    return click.option(name, type=DATE_TYPE, default=None, envvar=envvar, metavar="YYYY-MM-DD", help=help)

"""The riskkit command line: the group, its lazily imported commands, and main().

Each command turns options into arguments, calls the library, hands the result to a
writer and returns an exit code. main() is the one place errors become one line on
stderr and exit 2.
"""

from __future__ import annotations

import importlib
import sys

import click

from riskkit import __version__

# Every command lives in its own module, imported only when run (keeps start-up fast).
LAZY_COMMANDS = {
    "score": "riskkit.cli.score:score",
    "rubrics": "riskkit.cli.catalog:list_rubrics",
    "facts": "riskkit.cli.catalog:list_facts",
    "validate": "riskkit.cli.catalog:validate",
    "schema": "riskkit.cli.catalog:schema",
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
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx, name):
        cmd = super().get_command(ctx, name)
        return cmd if cmd is not None else self._lazy(name)

    def _lazy(self, name):
        target = LAZY_COMMANDS.get(name)
        if not target:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

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

    Exit codes: 0 scored, below --fail-on; 1 at or above --fail-on; 2 bad input or usage (nothing
    written); 3 a bug (please report).
    """


def main(argv=None) -> None:
    """Entry point: the one error boundary.

    Exit 0 ok, 1 only for "a band reached --fail-on", 2 for every expected failure (bad input
    or usage, a file that cannot be read or written, a value riskkit cannot represent) with one
    line on stderr, 3 for a bug (one line and "please report"). When the exit is 2 or 3, the
    files this run already wrote are removed again (or put back as they were): all or nothing.
    """
    import gc

    from riskkit import fileio

    # Loading builds many small objects and few cycles: collect far less often (start-up time).
    gc.set_threshold(50_000, 20, 20)

    outputs = fileio.begin_run()
    try:
        code, message = _run(argv)
    finally:
        fileio.end_run()
    if code >= 2 and message:  # failed (not a command's own verdict, like portfolio's "some files unreadable")
        outputs.rollback()
    if message:
        from riskkit.textsafe import visible

        click.echo(visible(" ".join(message.split())), err=True)
    sys.exit(code)


def _run(argv) -> tuple[int, str | None]:
    """(exit code, the one error line or None) for one command line."""
    import struct

    from riskkit.errors import RiskkitError

    try:
        rv = cli.main(args=argv, prog_name="riskkit", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:  # pragma: no cover - click >= 8.2
        click.echo(exc.ctx.get_help())
        return 0, None
    except click.UsageError as exc:
        cmd = exc.ctx.command_path if exc.ctx else "riskkit"
        return 2, f"riskkit: error: {exc.format_message()} (see '{cmd} --help')"
    except click.exceptions.Exit as exc:
        return exc.exit_code, None
    except (click.Abort, KeyboardInterrupt):
        return 130, "riskkit: aborted"
    except RiskkitError as exc:
        return 2, f"riskkit: error: {exc.render()}"
    except click.ClickException as exc:  # never exit 1: that means "band reached --fail-on"
        return 2, f"riskkit: error: {exc.format_message()}"
    except BrokenPipeError:
        return 0, None
    except SystemExit as exc:  # a command's own sys.exit(n)
        return (exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)), None
    except OSError as exc:  # reading or writing a file the user named
        where = f"{exc.filename}: " if exc.filename else ""
        return 2, f"riskkit: error: {where}{exc.strerror or type(exc).__name__} (check the path and its permissions)"
    except (UnicodeError, OverflowError, struct.error, RecursionError, MemoryError) as exc:
        what = {UnicodeDecodeError: "text that is not valid UTF-8"}.get(type(exc), "a value out of range")
        return 2, (
            f"riskkit: error: the input holds {what} ({type(exc).__name__}); check the dates and numbers in "
            "the files given (dates 1900–2100, numbers at most 10^15)"
        )
    except Exception as exc:  # noqa: BLE001 - the boundary: a bug is one line and exit 3, never a traceback
        if _debug():
            raise
        detail = " ".join(str(exc).split())[:200]
        return 3, (
            f"riskkit: internal error: {type(exc).__name__}: {detail} — please report this, with the command "
            "you ran, to the riskkit maintainers (RISKKIT_DEBUG=1 shows the traceback)"
        )
    return (rv if isinstance(rv, int) else 0), None


def _debug() -> bool:
    import os

    return bool(os.environ.get("RISKKIT_DEBUG"))


if __name__ == "__main__":  # pragma: no cover
    main()

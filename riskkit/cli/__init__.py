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

    Exit codes: 0 scored, below --fail-on; 1 at or above --fail-on; 2 bad input or usage.
    """


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

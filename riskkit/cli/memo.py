"""`riskkit memo`: the counsel-ready memo as PDF, Word or HTML."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from riskkit.cli.options import (
    Status,
    allow_path_option,
    check_outputs,
    emit,
    note,
    rubric_options,
    run_inputs,
    waiver_options,
)
from riskkit.render.memo_build import memo_bytes

FORMATS = ("pdf", "docx", "html")
SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}


def memo_format(fmt: str | None, output: str | None) -> str:
    """--format if given, else the -o suffix, else pdf."""
    from riskkit.errors import UsageError

    if fmt:
        return fmt
    if not output or output == "-":
        return "pdf"
    suffix = Path(output).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    raise UsageError(f"cannot tell the memo format from '{output}'", hint="use --format pdf, docx or html")


@click.command("memo")
@click.argument("facts", nargs=-1, required=True, type=click.Path(dir_okay=False))
@rubric_options
@click.option(
    "-o",
    "--output",
    default=None,
    metavar="FILE|DIR/",
    help="Write the memo to FILE (atomically). With several FACTS files (or a DIR/ ending in a slash), "
    "write DIR/<facts file name>.pdf for each. Default: stdout (a PDF is never written to a terminal).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="pdf, docx or html. Default: from the -o suffix (.pdf, .docx, .html), else pdf.",
)
@click.option(
    "--appendix",
    is_flag=True,
    help="Add the appendix after the main memo (findings by criterion, all information requests, facts with "
    "provenance, table of authorities, computed detail, method).",
)
@click.option("--appendix-only", is_flag=True, help="Write the appendix alone, as its own document.")
@click.option(
    "--author-role",
    type=click.Choice(("counsel", "business")),
    default="counsel",
    show_default=True,
    help="Who the memo is from: chooses the privilege legend (counsel: privileged work product; "
    "business: confidential, not legal advice).",
)
@click.option(
    "--narrative",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE.md",
    help="Counsel's own bottom line (Markdown: paragraphs, - bullets, **bold**, *italic*), put above the generated one.",
)
@click.option(
    "--template-dir",
    type=click.Path(),
    default=None,
    metavar="DIR",
    help="Folder of templates that override the packaged ones file by file (memo.html.j2, memo.css, partials/*.j2).",
)
@click.option(
    "--to",
    "to",
    default=None,
    metavar="TEXT",
    help='The memo\'s To: line; name the client ("General Counsel, Microsoft Corporation"). Default: a '
    "placeholder that asks for it.",
)
@click.option(
    "--author",
    "from_",
    default=None,
    metavar="TEXT",
    help="The memo's From: line (also the PDF author). Default: by --author-role.",
)
@click.option("--from", "from_old", default=None, hidden=True)  # the old name of --author (intake --from is a file)
@click.option("--no-privilege-banner", is_flag=True, help="Leave out the privilege legend (on by default).")
@click.option(
    "--date",
    "date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="Date of issue, printed as 'Prepared on' (also the PDF's and Word file's creation date). Default: "
    "the line reads '(date of issue)' and the file's metadata claims no date (never the facts' date), so the "
    "same inputs always give the same bytes.",
)
@click.option(
    "--paths-target",
    type=click.Choice(("low", "moderate", "high")),
    default="moderate",
    show_default=True,
    help="Band the 'Paths to lower risk' section aims for (the smallest sets of lever changes that reach it).",
)
@click.option("--no-paths", is_flag=True, help="Leave the 'Paths to lower risk' detail out of the appendix.")
@click.option(
    "--no-uncertainty", is_flag=True, help="Leave band probabilities and the sensitivity ranking out of the appendix."
)
@click.option(
    "--history",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="HISTORY",
    help="A deal history file (docs/history-format.md): adds the risk timeline chart and what changed at each step.",
)
@waiver_options
@allow_path_option
def memo(
    facts,
    rubrics_dir,
    rubric_ids,
    output,
    fmt,
    appendix,
    appendix_only,
    author_role,
    narrative,
    template_dir,
    to,
    from_,
    from_old,
    no_privilege_banner,
    date,
    paths_target,
    no_paths,
    no_uncertainty,
    history,
    waivers_path,
    today,
    allow_paths,
):
    """Write the memo for a deal: bottom line, top risks, next steps, filing matrix (and the appendix).

    FACTS is a deal facts file (YAML or JSON; see docs/formats.md). Give several to write one
    memo per deal into the -o folder: every file is checked before anything is written, and
    WeasyPrint is loaded once for the batch rather than once per deal.

    \b
    Example:
      riskkit memo examples/microsoft-openai-2025.yaml -o out/memo.pdf
      riskkit memo deal.yaml -o memo.docx --appendix
      riskkit memo deal.yaml -o memo.pdf --narrative bottom-line.md --to "General Counsel"
      riskkit memo deal.yaml -o appendix.pdf --appendix-only
      riskkit memo deal.yaml -o memo.pdf --rubric de-facto-acquisition --template-dir firm-templates/
      riskkit memo examples/microsoft-openai-2025.yaml -o memo.pdf --history examples/microsoft-openai-history.yaml
      riskkit memo examples/microsoft-openai-20*.yaml -o memos/
      riskkit memo examples/microsoft-openai-2025.yaml -o memo.pdf --waivers examples/ci/waivers.yaml
    """
    from riskkit.errors import UsageError
    from riskkit.render.memo_build import MemoSettings

    if template_dir is not None and not Path(template_dir).is_dir():
        raise UsageError(f"--template-dir: not a folder: {template_dir}")
    if appendix and appendix_only:
        raise UsageError("--appendix and --appendix-only exclude each other")
    blocks = ()
    if narrative:
        from riskkit.render.memo_narrative import read_narrative

        blocks = tuple(read_narrative(narrative))
    settings = MemoSettings(
        part="appendix" if appendix_only else "both" if appendix else "main",
        role=author_role,
        narrative=blocks,
        to=to,
        from_=from_ or from_old,
        date=date.date() if date else None,
        privilege_banner=not no_privilege_banner,
        template_dir=template_dir,
        paths_target=paths_target,
        no_paths=no_paths,
        no_uncertainty=no_uncertainty,
        history=history,
        allow_paths=tuple(allow_paths),
    )
    if len(facts) > 1 or (output and (output.endswith(("/", "\\")) or Path(output).is_dir())):
        if history:
            raise UsageError("--history belongs to one deal: give a single FACTS file with it")
        if not output or output == "-":
            raise UsageError("several FACTS files need -o DIR/ for their memos")
        if not (output.endswith(("/", "\\")) or Path(output).is_dir()) and Path(output).suffix:
            raise UsageError(
                f"several FACTS files write one memo each, not one file '{output}'",
                hint=f"give a folder ending in a slash, e.g. -o {Path(output).with_suffix('')}/",
            )
        write_batch(facts, output, fmt or "pdf", rubrics_dir, rubric_ids, settings, waivers_path, today)
        return 0
    [facts] = facts
    fmt = memo_format(fmt, output)
    check_outputs(output)
    if fmt in ("pdf", "docx") and (not output or output == "-") and sys.stdout.isatty():
        raise UsageError(f"refusing to write a {fmt.upper()} file to the terminal", hint=f"use -o FILE.{fmt}")
    with Status("riskkit memo") as status:
        status("scoring")
        deal, rubric_set, result = run_inputs(facts, rubrics_dir, rubric_ids, waivers_path, today)
        data = memo_bytes(deal, rubric_set, fmt, settings, run=result, status=status)
    emit(data, output)
    if output and output != "-":
        note(f"wrote {output}")
    return 0


def write_batch(facts_paths, out_dir, fmt, rubrics_dir, rubric_ids, settings, waivers_path=None, today=None):
    """Several deals → OUT/<name>.<fmt>: all inputs checked first (riskkit.render.memo_batch)."""
    import time

    from riskkit.cli.options import load_waiver_file
    from riskkit.engine.run import run
    from riskkit.load.rubric import load_rubrics
    from riskkit.render.memo_batch import BatchError, plan_batch
    from riskkit.render.memo_batch import write_batch as write_memos

    started = time.perf_counter()
    rubric_set = load_rubrics(rubrics_dir, rubric_ids or None)
    wfile = load_waiver_file(waivers_path, rubric_set)
    day = today.date() if today else None
    try:
        plan = plan_batch(facts_paths, out_dir, fmt, rubric_set)
        note(f"riskkit memo: {len(plan)} memo(s) → {out_dir}")
        write_memos(
            plan,
            lambda deal: memo_bytes(deal, rubric_set, fmt, settings, run=run(deal, rubric_set, wfile, today=day)),
            written=lambda output: note(f"wrote {output}"),
        )
    except BatchError as exc:
        for message in exc.problems[:-1]:
            click.echo(f"riskkit: error: {message}", err=True)
        raise
    note(f"wrote {len(plan)} memo(s) to {out_dir} in {time.perf_counter() - started:.1f} s")

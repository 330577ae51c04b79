"""`riskkit memo`: the counsel-ready memo as PDF or HTML."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli_common import Status, emit, load_inputs, note, rubric_options

FORMATS = ("pdf", "html")
SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html"}


def memo_format(fmt: str | None, output: str | None) -> str:
    """--format if given, else the -o suffix, else pdf."""
    from ..errors import UsageError

    if fmt:
        return fmt
    if not output or output == "-":
        return "pdf"
    suffix = Path(output).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    raise UsageError(f"cannot tell the memo format from '{output}'", hint="use --format pdf or --format html")


@click.command("memo")
@click.argument("facts", type=click.Path(dir_okay=False))
@rubric_options
@click.option(
    "-o",
    "--output",
    default=None,
    metavar="FILE",
    help="Write the memo to FILE (atomically). Default: stdout (a PDF is never written to a terminal).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="pdf or html. Default: from the -o suffix (.pdf, .html), else pdf.",
)
@click.option(
    "--template-dir",
    type=click.Path(),
    default=None,
    metavar="DIR",
    help="Folder of templates that override the packaged ones file by file (memo.html.j2, memo.css, partials/*.j2).",
)
@click.option("--to", "to", default=None, metavar="TEXT", help="The memo's To: line. Default: Deal counsel.")
@click.option("--from", "from_", default=None, metavar="TEXT", help="The memo's From: line (also the PDF author).")
@click.option(
    "--no-privilege-banner", is_flag=True, help="Leave out the 'Privileged & Confidential' banner (on by default)."
)
@click.option(
    "--date",
    "date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="Memo date (also the PDF's creation date). Default: the deal's as-of date, so the same "
    "inputs always give the same bytes.",
)
@click.option(
    "--paths-target",
    type=click.Choice(("low", "moderate", "high")),
    default="moderate",
    show_default=True,
    help="Band the 'Paths to lower risk' section aims for (the smallest sets of lever changes that reach it).",
)
@click.option("--no-paths", is_flag=True, help="Leave out the 'Paths to lower risk' section.")
@click.option("--no-uncertainty", is_flag=True, help="Leave out band probabilities and the sensitivity ranking.")
@click.option(
    "--history",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="HISTORY",
    help="A deal history file (docs/history-format.md): adds the risk timeline chart and what changed at each step.",
)
def memo(
    facts,
    rubrics_dir,
    rubric_ids,
    output,
    fmt,
    template_dir,
    to,
    from_,
    no_privilege_banner,
    date,
    paths_target,
    no_paths,
    no_uncertainty,
    history,
):
    """Write the memo for a deal: executive summary, findings with sources, gaps, appendix.

    FACTS is a deal facts file (YAML or JSON; see docs/formats.md).

    \b
    Example:
      riskkit memo examples/microsoft-openai-2025.yaml -o out/memo.pdf
      riskkit memo deal.yaml -o memo.html --to "General Counsel" --from "Deal team"
      riskkit memo deal.yaml -o memo.pdf --rubric de-facto-acquisition --template-dir firm-templates/
      riskkit memo examples/microsoft-openai-2025.yaml -o memo.pdf --history examples/microsoft-openai-history.yaml
    """
    from ..errors import UsageError
    from ..render import render
    from ..scoring import score

    fmt = memo_format(fmt, output)
    if fmt == "pdf" and (not output or output == "-") and sys.stdout.isatty():
        raise UsageError("refusing to write a PDF to the terminal", hint="use -o FILE.pdf")
    if template_dir is not None and not Path(template_dir).is_dir():
        raise UsageError(f"--template-dir: not a folder: {template_dir}")
    with Status("riskkit memo") as status:
        status("scoring")
        deal, rubric_set = load_inputs(facts, rubrics_dir, rubric_ids)
        assessment = score(deal, rubric_set)
        extras = (deal, rubric_set, assessment, paths_target, no_paths, no_uncertainty, history)
        computed = [
            ("the timeline", history),
            ("paths to lower risk", not no_paths),
            ("band probabilities", not no_uncertainty),
        ]
        if any(on for _, on in computed):
            status("working out " + ", ".join(what for what, on in computed if on))
        if fmt == "pdf" and "weasyprint" not in sys.modules:
            # Two cores: the extra sections are computed in a child while this process loads WeasyPrint.
            from ..beside import Beside
            from ..weasyffi import import_weasyprint

            job = Beside(extra_sections, *extras)
            import_weasyprint()
            sections = job.result()
        else:
            sections = extra_sections(*extras)
        options = {
            "to": to,
            "from_": from_,
            "date": date.date() if date else None,
            "privilege_banner": not no_privilege_banner,
            "template_dir": template_dir,
            "extra_sections": sections,
        }
        status("laying out the PDF (a few seconds)" if fmt == "pdf" else "writing the HTML")
        data = render(assessment, fmt, options)
    emit(data, output)
    if output and output != "-":
        note(f"wrote {output}")


def extra_sections(deal, rubric_set, assessment, target, no_paths, no_uncertainty, history) -> list:
    """Paths to lower risk, band probabilities and the timeline, as the memo's extra sections."""
    sections = []
    if history:
        from ..timeline import load_history, run_timeline, timeline_section

        sections.append(timeline_section(run_timeline(load_history(history, rubric_set.catalogue), rubric_set)))
    if not (no_paths and no_uncertainty):
        from ..whatif import memo_extra_sections, paths_section, what_if

        if no_paths:
            from ..uncertainty import sweep, uncertainty_section

            sections.append(uncertainty_section(sweep(deal, rubric_set)))
        elif no_uncertainty:
            sections.append(paths_section(what_if(deal, rubric_set, target=target)))
        else:
            sections.extend(memo_extra_sections(assessment, deal, rubric_set, target=target))
    return sections

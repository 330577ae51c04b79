"""`riskkit workbook`, `riskkit review` and `riskkit intake`: Excel out, reviewer decisions and facts back in."""

from __future__ import annotations

from pathlib import Path

import click

from riskkit.cli.options import (
    allow_path_option,
    check_outputs,
    emit,
    format_for,
    later_sources_requested,
    note,
    recorded_path,
    refuse_binary_tty,
    rubric_options,
    run_inputs,
    waiver_options,
)

REVIEW_FORMATS = ("json", "html", "pdf", "xlsx")


@click.command("workbook")
@click.argument("facts", type=click.Path(dir_okay=False))
@rubric_options
@click.option("-o", "--output", metavar="FILE.xlsx", default=None,
              help="Write the workbook here (atomically). Default: stdout when it is not a terminal.")  # fmt: skip
@click.option("--history", type=click.Path(dir_okay=False), default=None, metavar="HISTORY",
              help="A deal history file (docs/history-format.md): adds a Timeline sheet with a line chart.")  # fmt: skip
@waiver_options
@allow_path_option
def workbook(facts, rubrics_dir, rubric_ids, output, history, waivers_path, today, allow_paths):
    """Write the review workbook (Excel) for a deal: summary, findings with reviewer columns, facts, gaps.

    FACTS is a deal facts file (YAML/JSON) or an intake workbook. Reviewers fill in the
    yellow Decision / Adjusted points / Comment / Reviewer / Date columns on the Findings
    sheet, then run `riskkit review` on the saved file.

    \b
    Example:
      riskkit workbook examples/microsoft-openai-2025.yaml -o review.xlsx
      riskkit workbook deal.yaml --rubric de-facto-acquisition -o dfa-review.xlsx
      riskkit workbook examples/microsoft-openai-2025.yaml --history examples/microsoft-openai-history.yaml -o r.xlsx
      riskkit workbook examples/microsoft-openai-2025.yaml --waivers examples/ci/waivers.yaml -o r.xlsx
    """
    from riskkit.render import render

    if output not in (None, "-"):
        format_for(output, ("xlsx",))  # an .xlsx name, never a workbook in x.json
    refuse_binary_tty("xlsx", output)
    check_outputs(output)
    deal, rubric_set, result = run_inputs(facts, rubrics_dir, rubric_ids, waivers_path, today)
    assessment = result.assessment
    # recorded relative to the workbook, where `riskkit review` looks for them
    from riskkit.render.options import WorkbookOptions

    sheets = []
    if history:
        from riskkit.analysis.timeline import load_history, run_timeline
        from riskkit.render.timeline import timeline_sheet

        sheets.append(
            timeline_sheet(
                run_timeline(
                    load_history(history, rubric_set.catalogue, allow_paths, later_sources_requested()), rubric_set
                )
            )
        )
    options = WorkbookOptions(recorded_path(facts, output), recorded_path(rubrics_dir, output), sheets)
    data = render(assessment, "xlsx", options)
    emit(data, output)
    if output and output != "-":
        note(f"wrote {output} ({len(assessment.results)} rubric(s), {assessment.counts()['criteria']} findings)")
    return 0


@click.command("review")
@click.argument("workbook_path", metavar="REVIEW.xlsx", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "outputs", multiple=True, metavar="FILE",
              help="Write the reviewed result: .pdf or .html (memo with a Reviewer adjustments section), .json "
                   "(assessment plus a \"review\" block) or .xlsx (the workbook refreshed, decisions kept). "
                   "Repeatable. Without -o, a summary is printed.")  # fmt: skip
@click.option(
    "--force",
    is_flag=True,
    help="Apply the decisions even though the facts or rubrics changed since the workbook was made.",
)
@click.option(
    "--facts",
    "facts_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Facts file to re-score (default: the one recorded on the workbook's About sheet).",
)
@click.option(
    "--rubrics",
    "rubrics_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Rubric folder (default: the one recorded on the About sheet).",
)
@click.option("--facts-out", "facts_out", metavar="FILE.yaml", default=None,
              help="Write the deal file with the answers from the Gaps sheet added (.yaml or .json); it loads like "
                   "any facts file.")  # fmt: skip
@waiver_options
@allow_path_option
def review(workbook_path, outputs, force, facts_path, rubrics_dir, facts_out, waivers_path, today, allow_paths):
    """Read reviewer decisions back from a review workbook and report them beside the automatic result.

    Checks every reviewer cell (decision, adjusted points within the criterion's range, a
    comment for each waive, no formulas without a calculated value) and names the Sheet!Cell
    of any problem. Answers typed on the Gaps sheet become facts (the reviewer as their
    source, with the confidence given), the deal is re-scored and the bands that moved are
    shown. Re-scores the facts file recorded in the workbook and refuses if the facts or
    rubrics changed since the workbook was made, unless --force.

    \b
    Example:
      riskkit workbook deal.yaml -o review.xlsx     # then fill in Findings and Gaps
      riskkit review review.xlsx -o reviewed.pdf -o reviewed.json
      riskkit review review.xlsx --facts-out deal-answered.yaml
      riskkit review review.xlsx --force -o refreshed.xlsx
      riskkit review review.xlsx --waivers waivers.yaml -o reviewed.pdf
    """
    from riskkit.analysis.review import load_review
    from riskkit.render import render

    targets = []
    if facts_out is not None:
        format_for(facts_out, ("yaml", "json"), format_option=False)
    for out in outputs:
        targets.append((format_for(out, REVIEW_FORMATS), out))
    check_outputs(*(out for _, out in targets), *([facts_out] if facts_out else []))
    assessment, result = load_review(
        workbook_path, facts_path, rubrics_dir, force, waivers_path, today.date() if today else None, allow_paths
    )
    if result.forced:
        note("warning: the facts or rubrics changed since the workbook was made; decisions applied with --force")

    from riskkit.render.options import JsonOptions, MemoOptions, WorkbookOptions

    def options(fmt: str, out: str):
        if fmt == "json":
            return JsonOptions({"review": result.to_dict()})
        if fmt == "xlsx":
            facts_recorded = recorded_path(facts_path or assessment.deal.path, out)
            return WorkbookOptions(facts_recorded, recorded_path(rubrics_dir, out), review=result)
        return MemoOptions(extra_sections=[result.memo_section()])  # html, pdf

    for fmt, out in targets:
        emit(render(assessment, fmt, options(fmt, out)), out)
        note(f"wrote {out}")
    if facts_out is not None:
        deal = result.answered_deal or assessment.deal
        emit(_deal_text(deal, Path(facts_out).suffix.lower(), "riskkit review (with the Gaps answers)"), facts_out)
        note(f"wrote {facts_out} ({len(result.answered)} answer(s) added)")
    if not targets:
        from riskkit.textsafe import visible

        click.echo(visible("\n".join(result.summary_lines())))
    return 0


@click.command("intake")
@click.option("-o", "--output", metavar="FILE", default=None,
              help="Where to write: FILE.xlsx (the intake workbook; default facts.xlsx, never overwritten "
                   "unless named) or FILE.yaml / FILE.json (the deal data, e.g. from a filled-in workbook).")  # fmt: skip
@click.option(
    "--from",
    "from_facts",
    metavar="FACTS",
    type=click.Path(dir_okay=False),
    default=None,
    help="Fill the workbook from this deal facts file (YAML, JSON or an intake workbook).",
)
@click.option(
    "--rubrics",
    "rubrics_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Rubric folder whose facts catalogue to use (default: the bundled set).",
)
def intake(output, from_facts, rubrics_dir):
    """Write an intake workbook: one row per catalogue fact, with its question, for the deal team to fill in.

    The filled-in workbook works wherever riskkit takes FACTS (score, memo, workbook, ...).
    With --from and a .yaml/.json output it converts a workbook back to a deal file;
    YAML → workbook → YAML is lossless.

    \b
    Example:
      riskkit intake -o facts.xlsx
      riskkit intake --from examples/microsoft-openai-2025.yaml -o msft-openai-facts.xlsx
      riskkit score msft-openai-facts.xlsx
      riskkit intake --from msft-openai-facts.xlsx -o deal.yaml
    """
    from riskkit.errors import UsageError
    from riskkit.load.catalogue import catalogue_for
    from riskkit.load.deal import load_deal

    check_outputs(output)
    catalogue = catalogue_for(rubrics_dir)
    deal = load_deal(from_facts, catalogue) if from_facts else None
    if output is None:
        output = "facts.xlsx"
        if Path(output).exists():
            raise UsageError("facts.xlsx already exists here; name the output with -o (an existing file named "
                             "with -o is replaced)")  # fmt: skip
    fmt = "xlsx" if output == "-" else format_for(output, ("xlsx", "yaml", "json"), format_option=False)
    if fmt in ("yaml", "json"):
        if deal is None:
            raise UsageError("a .yaml/.json output needs --from FACTS (the workbook or file to convert)")
        data = _deal_text(deal, "." + fmt)
    else:
        from riskkit.render.intake import write_intake

        refuse_binary_tty("xlsx", output)
        data = write_intake(catalogue, deal)
    emit(data, output)
    if output != "-":
        note(f"wrote {output}")
    return 0


def _deal_text(deal, suffix: str, by: str = "riskkit intake") -> bytes:
    import json

    from riskkit.analysis.answers import plain_data
    from riskkit.load.deal import deal_to_data

    data = plain_data(deal.canonical or deal_to_data(deal))
    if suffix == ".json":
        return (json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    import yaml

    header = f"# Deal facts for {deal.id}, written by {by} from {Path(deal.path).name or 'data'}.\n"
    return (header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)).encode("utf-8")

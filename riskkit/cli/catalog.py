"""`riskkit rubrics`, `facts`, `validate` and `schema`: what the rubric set and its catalogue hold."""

from __future__ import annotations

import click

from riskkit.cli.options import note


@click.command("rubrics")
@click.argument("rubric_ids", nargs=-1, metavar="[ID]...")
@click.option(
    "--rubrics",
    "rubrics_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder of rubric files (default: the bundled set).",
)
@click.option("--criteria", is_flag=True, help="List each rubric's criteria: id, points, waivable, title.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_rubrics(rubric_ids, rubrics_dir, criteria, fmt):
    """List the rubrics: id, version, effective date, criteria, title.

    With --criteria, or with rubric IDs, list each rubric's criteria: the criterion id (what a
    waiver file and `review` name), its maximum points, whether it may be waived, and its title.

    \b
    Examples:
      riskkit rubrics
      riskkit rubrics --criteria
      riskkit rubrics de-facto-acquisition
    """
    import json

    from riskkit.load.rubric import load_rubrics

    rs = load_rubrics(rubrics_dir, list(rubric_ids) or None)
    criteria = criteria or bool(rubric_ids)
    rows = []
    for r in rs.rubrics:
        row = {
            "id": r.id,
            "version": r.version,
            "effective": r.effective.isoformat(),
            "kind": r.kind,
            "criteria": len(r.criteria),
            "jurisdictions": list(r.jurisdictions),
            "title": r.title,
            "path": r.path,
        }
        if criteria:
            row["criteria_list"] = [
                {"id": c.id, "title": c.title, "max_points": c.max_points, "waivable": c.waivable,
                 "jurisdictions": list(c.jurisdictions)}
                for c in r.criteria
            ]  # fmt: skip
        rows.append(row)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        click.echo(
            f"{r['id']:<{width}}  v{r['version']:<7} {r['effective']}  {r['criteria']:>3} criteria  {r['title']}"
        )
        if criteria:
            cw = max((len(c["id"]) for c in r["criteria_list"]), default=0)
            for c in r["criteria_list"]:
                waive = "waivable" if c["waivable"] else "not waivable"
                click.echo(f"  {c['id']:<{cw}}  {c['max_points']:>3g} pts  {waive:<12}  {c['title']}")
    click.echo(f"rubric folder: {rs.folder}")
    return 0


@click.command("facts")
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
        return 0
    current = None
    for s in sorted(specs, key=lambda s: (s.group, s.id)):
        if s.group != current:
            current = s.group
            click.echo(f"[{current}]")
        kind = s.type + (f" ({', '.join(s.values)})" if s.values else "") + (" derived" if s.derived_op else "")
        click.echo(f"  {s.id}  {kind}")
        click.echo(f"      {s.question}")
    click.echo(f"{len(specs)} facts")
    return 0


@click.command("validate")
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
    """Check rubric folders and any riskkit file, each as the kind of file it is.

    With no PATHS, checks the bundled rubric set. A folder is checked as a rubric set
    (catalogue, rubrics, and rubric test cases in cases/). A file is checked as what its
    top-level key says it is (deal:, rubric:, cases:, catalogue:, waivers:, history:) or, for
    a workbook, as a review workbook (About and Findings sheets) or an intake workbook.
    `score --rubrics DIR` refuses a folder this rejects (missing test cases aside).

    \b
    Examples:
      riskkit validate
      riskkit validate rubrics/ examples/*.yaml
      riskkit validate --rubrics my-firm-rubrics/ deals/acme.yaml
    """
    from riskkit.analysis.lint import lint_paths

    warnings: list[str] = []
    problems, checked = lint_paths(paths, rubrics_dir, require_cases=not allow_untested, warnings=warnings)
    for w in warnings:
        click.echo(f"warning: {w}", err=True)
    from riskkit.textsafe import visible

    for p in problems:
        click.echo(visible(p), err=True)
    if problems:
        note(f"{len(problems)} problem(s) in {checked} file(s)")
        return 2
    note(f"ok: {checked} file(s) checked, no problems")
    return 0


@click.command("schema")
@click.argument("kind", type=click.Choice(["facts", "rubric", "catalogue", "parameters", "assessment"]))
@click.option(
    "--rubrics",
    "rubrics_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Rubric folder whose facts catalogue the facts schema lists (default: the bundled set).",
)
def schema(kind, rubrics_dir):
    """Print a JSON Schema so editors can complete and check deal and rubric files.

    \b
    Examples:
      riskkit schema facts > deal.schema.json
      riskkit schema rubric > rubric.schema.json
    """
    import json

    from riskkit.schema import schema_for

    click.echo(json.dumps(schema_for(kind, rubrics_dir), indent=2, ensure_ascii=False))
    return 0

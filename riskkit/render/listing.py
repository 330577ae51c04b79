"""`riskkit rubrics` and `riskkit facts` output: a riskkit.analysis.listing record as a terminal
table or as JSON rows (one object per rubric or fact)."""

from __future__ import annotations

import json


def rubric_rows(listing) -> list[dict]:
    """One row per rubric (id, version, effective date, kind, criteria count, jurisdictions, title,
    path), with its criteria (id, title, maximum points, waivable, jurisdictions) when the listing asks."""
    rows = []
    for r in listing.rubrics:
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
        if listing.criteria:
            row["criteria_list"] = [
                {"id": c.id, "title": c.title, "max_points": c.max_points, "waivable": c.waivable,
                 "jurisdictions": list(c.jurisdictions)}
                for c in r.criteria
            ]  # fmt: skip
        rows.append(row)
    return rows


def rubric_table(listing) -> str:
    rows = rubric_rows(listing)
    lines = []
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        lines.append(
            f"{r['id']:<{width}}  v{r['version']:<7} {r['effective']}  {r['criteria']:>3} criteria  {r['title']}"
        )
        if listing.criteria:
            cw = max((len(c["id"]) for c in r["criteria_list"]), default=0)
            for c in r["criteria_list"]:
                waive = "waivable" if c["waivable"] else "not waivable"
                lines.append(f"  {c['id']:<{cw}}  {c['max_points']:>3g} pts  {waive:<12}  {c['title']}")
    lines.append(f"rubric folder: {listing.folder}")
    return "\n".join(lines) + "\n"


def fact_rows(listing) -> list[dict]:
    """One row per fact: id, type, unit, allowed values, group, description, question, how it is
    derived (or null) and its lever alternatives (or null)."""
    return [
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
        for s in listing.facts
    ]


def fact_table(listing) -> str:
    """The facts by group (groups and facts in id order), each with its type and question."""
    lines = []
    current = None
    for s in sorted(listing.facts, key=lambda s: (s.group, s.id)):
        if s.group != current:
            current = s.group
            lines.append(f"[{current}]")
        kind = s.type + (f" ({', '.join(s.values)})" if s.values else "") + (" derived" if s.derived_op else "")
        lines.append(f"  {s.id}  {kind}")
        lines.append(f"      {s.question}")
    lines.append(f"{len(listing.facts)} facts")
    return "\n".join(lines) + "\n"


def _json(rows: list) -> bytes:
    return (json.dumps(rows, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_rubrics_table(listing, stream, options) -> None:
    stream.write(rubric_table(listing).encode("utf-8"))


def write_rubrics_json(listing, stream, options) -> None:
    stream.write(_json(rubric_rows(listing)))


def write_facts_table(listing, stream, options) -> None:
    stream.write(fact_table(listing).encode("utf-8"))


def write_facts_json(listing, stream, options) -> None:
    stream.write(_json(fact_rows(listing)))

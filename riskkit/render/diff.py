"""`riskkit diff` output: a riskkit.analysis.diff.Diff as a terminal table, Markdown or JSON."""

from __future__ import annotations

import json

from riskkit.analysis.diff import Diff, different_deals
from riskkit.render.markdown import md_escape
from riskkit.render.text import text_table
from riskkit.textsafe import visible

DIFFERENT_DEALS = (
    "these look like two different deals: diff explains how one deal moved between two states; "
    "to rank different deals side by side use `riskkit portfolio`"
)
STATE_WORDS = {"not_triggered": "clear", "not_applicable": "n/a"}


def _st(state: str, points: str) -> str:
    word = STATE_WORDS.get(state, state)
    return f"{word} ({points} pts)" if state in ("triggered", "unknown") and points else word


def _arrow(a, b) -> str:
    return str(a) if a == b else f"{a} → {b}"


def table_lines(diff: Diff) -> list[str]:
    o, n = diff.old, diff.new
    lines = [
        f"riskkit diff: {o['label']} ({o['deal']}, as of {o['as_of']}) → {n['label']} ({n['deal']}, as of {n['as_of']})"
    ]
    for r in diff.deal:
        lines.append(f"  {r.text}")
    if why := different_deals(o, n):
        lines.append(f"  note: {why} — {DIFFERENT_DEALS}")
    lines.append("")
    rows = [("rubric", "version", "likely score (best–worst)", "likely band (bounds)")]
    for r in diff.rubrics:
        rows.append(
            (
                r.id,
                _arrow(r.old_version or "—", r.new_version or "—"),
                _arrow(r.old_score, r.new_score),
                _arrow(r.old_band, r.new_band),
            )
        )
    lines += text_table(rows[0], rows[1:])
    for r in diff.rubrics:
        if not r.criteria:
            continue
        lines += ["", f"{r.id}: {len(r.criteria)} criteria changed"]
        for c in r.criteria:
            lines.append(f"  {c.id}: {_st(c.old_state, c.old_points)} → {_st(c.new_state, c.new_points)}")
            for reason in c.reasons:
                lines.append(f"      because {reason.text}")
    if diff.facts:
        lines += ["", f"facts changed ({len(diff.facts)}):"]
        lines += [f"  {r.text}" for r in diff.facts]
    lines += ["", diff.summary()]
    return lines


def _md(text) -> str:
    return md_escape(text)


def markdown_lines(diff: Diff) -> list[str]:
    o, n = diff.old, diff.new
    lines = [
        f"## riskkit diff: {_md(n['title'] or n['deal'])}",
        "",
        f"`{_md(o['label'])}` (as of {o['as_of']}) → `{_md(n['label'])}` (as of {n['as_of']}) · {diff.summary()}",
        "",
        *([f"> **Note:** {_md(different_deals(o, n))} — {DIFFERENT_DEALS}", ""] if different_deals(o, n) else []),
        "| Rubric | Version | Likely score (best–worst) | Likely band (bounds) |",
        "|---|---|---|---|",
    ]
    for r in diff.rubrics:
        band = _arrow(r.old_band, r.new_band)
        lines.append(
            f"| {r.id} | {_arrow(r.old_version or '—', r.new_version or '—')} | "
            f"{_arrow(r.old_score, r.new_score)} | {'**' + band + '**' if r.old_band != r.new_band else band} |"
        )
    for r in diff.rubrics:
        if not r.criteria:
            continue
        lines += ["", f"### {_md(r.title)}", ""]
        for c in r.criteria:
            lines.append(
                f"- **{_md(c.title)}** (`{c.id}`): {_st(c.old_state, c.old_points)} → {_st(c.new_state, c.new_points)}"
            )
            lines += [f"  - {_md(reason.text)}" for reason in c.reasons]
    if diff.facts:
        lines += ["", "<details><summary>Facts changed</summary>", ""]
        lines += [f"- `{r.subject}`: {_md(r.old)} → {_md(r.new)}" for r in diff.facts]
        lines += ["", "</details>"]
    lines += ["", f"<sub>{_md(o['fingerprint'] or '')} → {_md(n['fingerprint'] or '')}</sub>", ""]
    return lines


def write_table(diff, stream, options) -> None:
    stream.write(visible("\n".join(table_lines(diff)) + "\n").encode("utf-8"))


def write_markdown(diff, stream, options) -> None:
    stream.write("\n".join(markdown_lines(diff)).encode("utf-8"))


def write_json(diff, stream, options) -> None:
    stream.write((json.dumps(diff.to_dict(), indent=2, ensure_ascii=False, default=str) + "\n").encode("utf-8"))

"""Markdown: a summary table and findings, for pull-request comments and wikis."""

from __future__ import annotations

from riskkit.model.results import CHANGE_WORDS
from riskkit.model.words import plain_why
from riskkit.render.text import footnote_lines, hindsight_lines, plain_question


def md_escape(text: str) -> str:
    """Escape characters that would change Markdown/HTML structure in a table cell."""
    out = str(text)
    for ch in ("\\", "|", "<", ">", "*", "_", "`", "[", "]"):
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def _md_line(line: str) -> str:
    body = line.strip()
    if body[:2] in ("* ", "- "):
        return "- " + md_escape(body[2:])
    return md_escape(body) if body else ""


def markdown_lines(assessment, role: str | None = None) -> list[str]:
    from riskkit.render.legend import legend

    d = assessment.deal
    lines = [f"## riskkit: {md_escape(d.title)}", "", f"> {md_escape(legend(role))}", ""]
    if d.hypothetical:
        lines += ["> **Hypothetical deal** — invented for illustration.", ""]
    lines += [
        f"As of {d.as_of.isoformat()} · stage {d.stage} · {assessment.summary_line()}",
        "",
        "| Rubric | Version | Likely (best–worst) | Band likely — concern (bounds) | New | Triggered | Unknown |",
        "|---|---|---|---|---|---|---|",
    ]
    for rr in assessment.results:
        c = rr.counts()
        if rr.status == "not_applicable":
            lines.append(f"| {rr.id} | {rr.rubric.version} | — | not applicable | | | |")
        elif not rr.scored:
            lines.append(
                f"| {rr.id} | {rr.rubric.version} | — | {rr.verdicts()} | | {c['triggered']} | {c['unknown']} |"
            )
        else:
            new = "" if rr.score_new is None else f"{rr.score_new:g}"
            lines.append(
                f"| {rr.id} | {rr.rubric.version} | {rr.range.likely_text()} | "
                f"{'if it applies: ' if rr.status == 'applicability_unknown' else ''}**{rr.range.likely_band_text()}** "
                f"| {new} | {c['triggered']} | {c['unknown']} |"
            )
    lines += [_md_line(x) for x in footnote_lines(assessment)]
    for rr in assessment.results:
        if not rr.scored and rr.status != "not_applicable" and not assessment.screen:
            lines += ["", f"### {md_escape(rr.rubric.title)} — verdicts, not scores", ""]
            lines += [f"- **{md_escape(n)}**: {v} — {md_escape(why)}" for n, v, why in rr.verdict_reasons()]
    for rr in assessment.results:
        hit = [f for f in rr.findings if f.status == "triggered"]
        if not hit:
            continue
        lines += ["", f"### {md_escape(rr.rubric.title)}", ""]
        for f in sorted(hit, key=lambda f: -f.points):
            waived = " *(waived)*" if f.waived else ""
            pts = f" ({f.points:g} pts)" if rr.scored else ""
            change = f" *{CHANGE_WORDS[f.change]}*" if f.change else ""
            lines.append(
                f"- **{md_escape(f.criterion.title)}**{pts}{change}{waived}: {md_escape(plain_why(f, assessment.catalogue))}"
            )
    if assessment.screen:
        from riskkit.render.text import screen_cells

        lines += [
            "",
            "### Filing screen — verdicts, not scores",
            "",
            "| Regime | Verdict | Reason | Suspensory | Window | Likely response |",
        ]
        lines.append("|---|---|---|---|---|---|")
        for s in assessment.screen:
            regime, verdict, suspensory, window, likely = screen_cells(s)
            lines.append(
                f"| {md_escape(regime)} | **{verdict}** | {md_escape(s.reason)} | {suspensory} | {window} | {likely} |"
            )
        asked = [(s.regime.id, q) for s in assessment.screen for q in s.questions]
        if asked:
            lines += ["", "Questions the filing screen still needs answered:", ""]
            lines += [f"- {md_escape(regime)}: {md_escape(plain_question(q))}" for regime, q in asked]
    conditions = list(getattr(d, "conditions", ()))
    if conditions:
        lines += [
            "",
            "### Conditions register (attorneys general)",
            "",
            "| Condition | Given to, and source | Due | Status | Sources |",
        ]
        lines.append("|---|---|---|---|---|")
        for c in conditions:
            later = [
                sid for sid in c.sources if sid in d.sources and d.sources[sid].date and d.sources[sid].date > d.as_of
            ]
            flag = f" (dated after {d.as_of.isoformat()}: {', '.join(later)})" if later else ""
            unverified = f" *Unverified:* {md_escape(c.unverified)}" if c.unverified else ""
            lines.append(
                f"| {md_escape(c.text)}{unverified} | {md_escape(c.imposed_by)} | {md_escape(c.due or '')} "
                f"| {md_escape((c.status or '').replace('_', ' '))} | {md_escape(', '.join(c.sources))}{md_escape(flag)} |"
            )
    later = hindsight_lines(assessment)
    if later:
        lines += ["", "### Material dated after the as-of date", ""]
        lines += [_md_line(x) for x in later if x.strip()]
    gaps = {g.fact: g for rr in assessment.results for g in rr.gaps}
    if gaps:
        lines += ["", "### Information requests", ""]
        lines += [f"- {md_escape(g.question)}" for g in gaps.values()]
    lines += ["", f"<sub>riskkit {assessment.riskkit_version} · {assessment.fingerprint}</sub>", ""]
    return lines


def write_markdown(assessment, stream, options) -> None:
    from riskkit.render.options import MarkdownOptions

    stream.write("\n".join(markdown_lines(assessment, MarkdownOptions.of(options).role)).encode("utf-8"))

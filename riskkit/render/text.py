"""The terminal table: one line per rubric, then the drivers and the gaps."""

from __future__ import annotations

import re

from riskkit.model.conditions import iter_compares
from riskkit.model.display import status_word
from riskkit.model.inputs import CONCERN
from riskkit.model.results import CHANGE_WORDS
from riskkit.model.words import fact_label, fact_list, fact_question, plain_why, words
from riskkit.textsafe import visible

_ID_SUFFIX = re.compile(r" \((?:deal\.)?[a-z][a-z0-9]*(?:_[a-z0-9]+)*\)(?=$|\?)")


def plain_question(question: str) -> str:
    """A screen question without the fact id it carries for tools ('… made? (hsr_filed)' → '… made?')."""
    return _ID_SUFFIX.sub("", question)


def presumption_line(p, catalogue) -> str:
    """'Conversion bonuses presumed 50% likely yes — reason (source)': the fact by its title."""
    pr = p.presumption
    src = f" ({pr.source})" if pr.source else ""
    return f"{fact_label(catalogue, p.fact)} presumed {words(p.display)} — {pr.reason}{src}"


def _row(cells, widths):
    return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip()


def text_table(header, rows) -> list[str]:
    """Columns padded to their widest cell, a dashed rule under the header: the CLI's tables."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    return [_row(header, widths), _row(["-" * w for w in widths], widths), *(_row(r, widths) for r in rows)]


def table_lines(assessment, verbose: bool = False) -> list[str]:
    d = assessment.deal
    lines = []
    tag = " [HYPOTHETICAL]" if d.hypothetical else ""
    lines.append(f"{d.title}{tag}")
    lines.append(f"as of {d.as_of.isoformat()} · stage {d.stage} · {len(d.facts)} facts · {len(d.sources)} sources")
    lines.append("")
    header = (
        "rubric",
        "version",
        "likely (best–worst)",
        "band likely — concern (bounds)",
        "new",
        "triggered",
        "unknown",
    )
    rows = []
    for rr in assessment.results:
        c = rr.counts()
        if rr.status == "not_applicable":
            rows.append((rr.id, rr.rubric.version, "—", "not applicable", "", "", ""))
            continue
        if not rr.scored:
            rows.append((rr.id, rr.rubric.version, "—", rr.verdicts(), "", c["triggered"], c["unknown"]))
            continue
        band = rr.range.likely_band_text() + (" (floor)" if rr.range.floored else "")
        if rr.status == "applicability_unknown":
            band = f"if it applies: {band}"
        new = "" if rr.score_new is None else f"{rr.score_new:g}"
        rows.append((rr.id, rr.rubric.version, rr.range.likely_text(), band, new, c["triggered"], c["unknown"]))
    lines += text_table(header, rows)
    lines += wrapped(footnote_lines(assessment))
    lines.append("")
    if assessment.screen:
        lines.append("filing screen")
        rows = [screen_cells(s) for s in assessment.screen]
        lines += ["  " + line for line in text_table(("regime", "verdict", "suspensory", "window", "likely"), rows)]
        for s in assessment.screen:
            lines += wrapped([f"  {s.regime.id}: {s.reason}"])
            lines += wrapped([f"    ? {plain_question(q)}" for q in s.questions])
        lines.append("")
    else:
        for rr in assessment.results:
            if rr.rubric.kind == "notifiability" and rr.status != "not_applicable":
                lines.append(f"{rr.id}: " + "; ".join(f"{j.id} {j.verdict}" for j in rr.jurisdictions))
                lines.append("")
    lines += wrapped(hindsight_lines(assessment))
    for rr in assessment.results:
        if rr.status == "not_applicable":
            continue
        drivers = rr.drivers(3 if not verbose else 99)
        if drivers:
            lines.append(f"{rr.id}: top findings")
            for f in drivers:
                pts = f" [{f.points:g} pts]" if rr.scored else ""
                change = f" ({CHANGE_WORDS[f.change]})" if f.change else ""
                level = f"level “{f.level}”: " if f.level else ""  # the level that matched, not only the title
                lines += wrapped(
                    [f"  + {f.criterion.title}{pts}{change} — {level}{plain_why(f, assessment.catalogue)}"]
                )
        if verbose:  # every other finding, in the one status vocabulary
            for f in rr.findings:
                if f.status == "unknown":
                    needs = fact_list(assessment.catalogue, dict.fromkeys([*f.missing, *f.uncertain]))
                    lines.append(f"  ? {f.criterion.title} — unknown: needs {needs or 'a closer reading'}")
                elif f in drivers:
                    continue
                else:
                    lines.append(f"  · {f.criterion.title} — {status_word(f.status, f.waived)}")
    gaps = {g.fact: g for rr in assessment.results for g in rr.gaps}
    if gaps:
        lines.append("")
        lines.append(f"information requests ({len(gaps)}): missing facts that would narrow the ranges")
        for g in list(gaps.values())[: None if verbose else 8]:
            tag = (
                f"{g.fact}: " if g.fact.startswith(("fx:", "param:")) else ""
            )  # a rate or threshold to add, by its key
            lines += wrapped([f"  - {tag}{g.question}"])
        if not verbose and len(gaps) > 8:
            lines.append(f"  … and {len(gaps) - 8} more (--format json or the memo lists them all)")
    lines.append("")
    lines.append(assessment.summary_line())
    lines.append(f"fingerprint {assessment.fingerprint[:19]}… · riskkit {assessment.riskkit_version}")
    return lines


WIDTH = 110  # the table itself is about this wide; prose under it wraps to match


def wrapped(lines: list[str]) -> list[str]:
    """Long prose lines folded to WIDTH, continuation lines indented under their text."""
    import textwrap

    out = []
    for line in lines:
        if len(line) <= WIDTH:
            out.append(line)
            continue
        lead = len(line) - len(line.lstrip(" "))
        bullet = line[lead : lead + 2] if line[lead : lead + 2] in ("- ", "+ ", "* ", "? ") else ""
        out += textwrap.wrap(line, WIDTH, subsequent_indent=" " * (lead + len(bullet) + (0 if bullet else 4)),
                             break_long_words=False, break_on_hyphens=False)  # fmt: skip
    return out


def hindsight_lines(assessment) -> list[str]:
    """Every use of material dated after the deal's as-of date: facts (left out or scored on
    request) and the references and rationales the findings cite (flagged, never the basis)."""
    from riskkit.model.hindsight import flag_later_references, later_material

    d = assessment.deal
    out = []
    later = [f for f in getattr(d, "later_sources", ()) if f.action != "sources_dropped"]
    if later:
        verb = "scored, flagged" if d.include_later_sources else "left out"
        out.append(
            f"facts dated after {d.as_of.isoformat()} ({verb}): "
            + fact_list(assessment.catalogue, [f.fact for f in later])
        )
    cited = [
        hit
        for rr in assessment.results
        for hit in later_material(flag_later_references(rr.to_dict(), d.as_of.isoformat()))
    ]
    if cited:
        out.append(f"cited material dated after {d.as_of.isoformat()} (flagged, not the basis): {len(cited)}")
        out += [f"  - {hit}" for hit in cited]
    return out + [""] if out else []


def footnote_lines(assessment) -> list[str]:
    """Under the table: the scale, what 'new' means, the presumptions used, the criteria not in play."""
    out = ["", "likely = most-likely estimate (presumptions below); bounds = best–worst case on unknown facts."]
    out.append("bands on one scale for every risk rubric: " + ", ".join(f"{b} = {w}" for b, w in CONCERN.items()))
    for rr in assessment.results:
        if rr.status == "applicability_unknown":
            facts = dict.fromkeys(c.fact for c in iter_compares(rr.rubric.applies_when))
            asks = " ".join(fact_question(assessment.catalogue, fid) for fid in facts)
            out.append(f"if it applies: whether {rr.id} applies at all is open — {asks}")
    if assessment.prior_id:
        seen = "; ".join(f"{r.authority} {r.date.isoformat()}" for r in assessment.reviews)
        out.append(
            f"new = score of exposure new or strengthened since {assessment.prior_id}"
            + (f" (reviewed: {seen})" if seen else "")
        )
    if assessment.presumptions:
        out.append(f"presumptions used ({len(assessment.presumptions)}):")
        out += [f"  * {presumption_line(p, assessment.catalogue)}" for p in assessment.presumptions]
    bare = sorted({fid for rr in assessment.results if rr.scored for f in rr.findings for fid in f.unpresumed})
    if bare:
        out.append(
            f"no presumption, counted at mid-range in 'likely' ({len(bare)}): " + fact_list(assessment.catalogue, bare)
        )
    wide = [rr for rr in assessment.results if rr.scored and rr.status != "not_applicable" and rr.range.is_range]
    if wide:
        out.append("what keeps each range wide (missing facts, by points of width):")
        for rr in wide:
            mp = rr.range.max_points or 1
            drivers = ", ".join(
                f"{fact_list(assessment.catalogue, [k])} ({100 * v / mp:.1f})" for k, v in rr.range_drivers(3)
            )
            out.append(f"  - {rr.id} {rr.range.score_text()}: {drivers}")
    if assessment.structures:
        out.append(f"not in play ({len(assessment.structures)} criteria, out of every score):")
        reasons: dict = {}
        for cid, why in assessment.structures:
            reasons.setdefault(why, []).append(cid)
        out += [f"  - {why}: {', '.join(cids)}" for why, cids in reasons.items()]
    return out


def write_table(assessment, stream, options) -> None:
    from riskkit.render.options import TableOptions

    text = "\n".join(table_lines(assessment, verbose=TableOptions.of(options).verbose)) + "\n"
    stream.write(visible(text).encode("utf-8"))


def screen_cells(row) -> tuple:
    """One filing-screen row as short cells: regime, verdict, suspensory, window, likely response."""
    likely = row.response.response.replace("_", " ") if row.response is not None else ""
    return (row.regime.id, row.verdict_text, row.regime.suspensory.replace("_", " "), row.window_text(), likely)

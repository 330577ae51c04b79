"""`riskkit what-if` output, and the memo's computed sections (paths to lower risk, band probabilities)."""

from __future__ import annotations

import json
import re

from riskkit.analysis.whatif import WhatIf, what_if
from riskkit.model.inputs import BANDS
from riskkit.model.words import fact_label, likelihood, words
from riskkit.textsafe import visible


def render_table(w: WhatIf) -> str:
    lines = [f"{w.deal.title}: paths to {w.target} or below ({w.unknown} case), up to {w.max_changes} change(s)", ""]
    for r in w.rubrics:
        lines.append(f"{r.id} — now {r.band_before}")
        if r.already:
            lines.append(f"  already at or below {w.target}")
        elif not r.paths:
            lines.append(f"  no set of up to {w.max_changes} lever changes reaches {w.target}. {r.note}".rstrip())
        for i, p in enumerate(r.paths, start=1):
            lines.append(f"  {i}. [{len(p.changes)} change(s)]")
            lines += [
                f"     - {fact_label(w.catalogue, c.fact)}: {words(c.before)} → {words(c.after)}" for c in p.changes
            ]
            lines.append(f"     → {p.band_after} ({p.score_after})" + ("" if p.verified else " (NOT verified)"))
            if p.cleared:
                lines.append(f"     clears: {'; '.join(p.cleared)}")
            for rid, title in p.newly_triggered:
                lines.append(f"     newly triggers in {rid}: {title}")
            for rid, b, a in p.other_bands:
                lines.append(f"     {rid}: {b} → {a}")
        if r.levers:
            levers = "; ".join(fact_label(w.catalogue, f) for f in r.levers)
            lines.append(f"  levers considered: {levers} ({r.evaluated:,} sets scored)")
        lines.append("")
    return "\n".join(lines)


def paths_section(w: WhatIf) -> dict:
    """A memo extra section: "Paths to lower risk", in the reader's words: levers by their labels,
    values in words, rubrics by their titles, bands as verdict words."""
    data = w.to_dict()
    titles = {r.id: r.title for r in w.rubrics}
    data["target"] = likelihood(w.target)
    for r in data["rubrics"]:
        r["band_before"] = _band_words(r["band_before"])
        r["levers"] = [fact_label(w.catalogue, f) for f in r["levers"]]
        r["note"] = re.sub(r"\b(" + "|".join(BANDS) + r")\b", lambda m: likelihood(m[1]), r["note"])
        for p in r["paths"]:
            p["changes"] = [
                {"fact": fact_label(w.catalogue, c["fact"]), "before": words(c["before"]), "after": words(c["after"])}
                for c in p["changes"]
            ]
            p["band_after"] = _band_words(p["band_after"])
            for t in p["newly_triggered"]:
                t["rubric"] = titles.get(t["rubric"], t["rubric"])
            for o in p["other_bands"]:
                o.update(rubric=titles.get(o["rubric"], o["rubric"]), before=_band_words(o["before"]),
                         after=_band_words(o["after"]))  # fmt: skip
    return {"id": "paths", "title": "Paths to lower risk", "template": "partials/paths.html.j2", "data": data}


def _band_words(text: str) -> str:
    """'low–high' as 'remote – likely'."""
    return " – ".join(likelihood(b.strip()) for b in str(text).split("–"))


def memo_extra_sections(assessment, deal, rubric_set, target: str = "moderate", unknown: str = "worst",
                        uncertainty: bool = True, seed: int = 0, paths: bool = True) -> list:  # fmt: skip
    """The memo's computed sections for a deal: paths to `target` and the uncertainty sweep,
    each unless turned off.

    `assessment` must be ``score(deal, rubric_set)`` with no waivers, as the memo's is: both
    searches start from it instead of scoring the deal again, and compare it with re-scores
    that carry no waivers (a waived assessment would make them report the wrong changes).

    Wiring is one line: ``render_memo(assessment, extra_sections=memo_extra_sections(assessment, deal, rs))``.
    """
    sections = (
        [paths_section(what_if(deal, rubric_set, target=target, unknown=unknown, base=assessment))] if paths else []
    )
    if uncertainty:
        from riskkit.analysis.uncertainty import sweep
        from riskkit.render.uncertainty import uncertainty_section

        sweep_ = sweep(deal, rubric_set, seed=seed, base=assessment)
        sections.append(uncertainty_section(sweep_, rubric_set.catalogue))
    return sections


def write_table(w: WhatIf, stream, options) -> None:
    stream.write(visible(render_table(w)).encode("utf-8"))


def write_json(w: WhatIf, stream, options) -> None:
    stream.write((json.dumps(w.to_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))

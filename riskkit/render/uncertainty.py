"""Band probabilities and sensitivity (riskkit.analysis.uncertainty.Sweep) as a table and a memo section."""

from __future__ import annotations

from riskkit.analysis.uncertainty import Sweep
from riskkit.model.inputs import BANDS


def render_table(s: Sweep) -> str:
    lines = [f"{s.deal.title}: uncertain facts", ""]
    if not s.facts:
        return "\n".join(lines + ["no fact is a range or marked estimated; nothing to sweep", ""])
    for f in s.facts:
        lines.append(f"  {f.id}: {f.display} [{f.to_dict()['how']}]")
    lines += ["", f"{s.scenarios} weighted scenario(s): {s.method}", ""]
    lines.append("rubric".ljust(28) + "range".ljust(18) + "".join(b.ljust(10) for b in BANDS))
    for r in s.rubrics:
        lines.append(r["id"].ljust(28) + r["band_text"].ljust(18)
                     + "".join(f"{p['p'] * 100:5.1f}%".ljust(10) for p in r["probabilities"]))  # fmt: skip
    if s.sensitivity:
        lines += ["", "sensitivity (fact swept alone):"]
        for i, e in enumerate(s.sensitivity, start=1):
            lines.append(f"  {i}. {e['fact']}: {e['rubric']} {e['bands']} (score {e['scores']})")
    return "\n".join(lines) + "\n"


def uncertainty_section(s: Sweep) -> dict:
    """A memo extra section: band probabilities and the sensitivity ranking."""
    return {"id": "uncertainty", "title": "Uncertain facts", "template": "partials/uncertainty.html.j2",
            "data": s.to_dict()}  # fmt: skip

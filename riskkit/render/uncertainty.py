"""Band probabilities and sensitivity (riskkit.analysis.uncertainty.Sweep) as a table and a memo section."""

from __future__ import annotations

import re

from riskkit.analysis.uncertainty import Sweep
from riskkit.model.inputs import BANDS
from riskkit.model.words import fact_label, likelihood


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


def uncertainty_section(s: Sweep, catalogue=None) -> dict:
    """A memo extra section: band probabilities and the sensitivity ranking, in the reader's words
    (facts by their labels, rubrics by their titles, bands as verdict words, the seed explained)."""
    return {"id": "uncertainty", "title": "Uncertain facts", "template": "partials/uncertainty.html.j2",
            "data": memo_data(s, catalogue)}  # fmt: skip


def memo_data(s: Sweep, catalogue=None) -> dict:
    """Sweep.to_dict() with words a reader of the memo needs instead of ids and band codes."""
    data = s.to_dict()
    titles = {r["id"]: r["title"] for r in s.rubrics}

    def label(fid: str) -> str:  # without a catalogue the id is all there is
        return fact_label(catalogue, fid) if catalogue is not None else fid

    data["bands"] = [likelihood(b) for b in data["bands"]]
    method = re.sub(r"\b1 fact\(s\)", "1 fact", s.method).replace("fact(s)", "facts")
    data["method"] = re.sub(r"\(seed (\d+)", r"(random seed \1, fixed so that the sweep can be repeated", method)
    data["facts"] = [{**f, "id": label(f["id"])} for f in data["facts"]]
    data["rubrics"] = [{**r, "band_text": _band_words(r["band_text"])} for r in data["rubrics"]]
    moving = [e for e in data["sensitivity"] if e.get("band_swing") or e.get("score_swing")]
    data["sensitivity"] = [
        {**e, "fact": label(e["fact"]), "rubric": titles.get(e["rubric"], e["rubric"]),
         "bands": _band_words(e["bands"])}
        for e in moving
    ]  # fmt: skip
    data["nothing_moves"] = bool(s.sensitivity) and not moving
    return data


def _band_words(text: str) -> str:
    """'low–high' as 'remote – likely'."""
    return " – ".join(likelihood(b.strip()) for b in str(text).split("–"))

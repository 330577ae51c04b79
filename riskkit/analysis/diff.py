"""Compare two assessments and say why each criterion's outcome changed.

Both sides are assessment dicts (`Assessment.to_dict()` or a saved JSON assessment), so a
facts file scored now and a JSON file saved last quarter compare the same way. For every
criterion whose state (status, waived) or points changed, the reasons are attributed to:

- fact       a fact the criterion reads changed value (old → new), appeared or went missing;
- parameter  a dated parameter's effective date rolled over (the deal's as_of moved past it);
- rubric     the rubric version changed (new/removed criterion, points, comparison);
- waiver     a waiver expired, was added, or stopped matching.
"""

from __future__ import annotations

from msgspec import Struct

from riskkit.analysis.diff_reasons import (
    Reason,
    fact_reasons,
    facts_index,
    param_reasons,
    rubric_reasons,
    shown,
    waiver_reasons,
)
from riskkit.model.display import span
from riskkit.model.results import verdict_summary


class CriterionChange(Struct, frozen=True):
    id: str
    title: str
    old_state: str  # triggered | not_triggered | unknown | not_applicable | waived | absent
    new_state: str
    old_points: str
    new_points: str
    reasons: tuple

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "old": self.old_state,
            "new": self.new_state,
            "old_points": self.old_points,
            "new_points": self.new_points,
            "reasons": [r.to_dict() for r in self.reasons],
        }


class RubricChange(Struct, frozen=True):
    id: str
    title: str
    old_version: str | None
    new_version: str | None
    old_score: str
    new_score: str
    old_band: str
    new_band: str
    criteria: tuple

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "version": {"old": self.old_version, "new": self.new_version},
            "score": {"old": self.old_score, "new": self.new_score},
            "band": {"old": self.old_band, "new": self.new_band},
            "criteria": [c.to_dict() for c in self.criteria],
        }


class Diff(Struct, frozen=True):
    old: dict  # label, deal, as_of, fingerprint
    new: dict
    rubrics: tuple
    facts: tuple  # Reason(kind="fact") for every fact that changed
    deal: tuple = ()  # Reason(kind="deal")

    @property
    def changed_criteria(self) -> int:
        return sum(len(r.criteria) for r in self.rubrics)

    def summary(self) -> str:
        moved = [r for r in self.rubrics if (r.old_band, r.old_score) != (r.new_band, r.new_score)]
        return (
            f"{len(moved)} of {len(self.rubrics)} rubric(s) moved, {self.changed_criteria} criteria changed, "
            f"{len(self.facts)} fact(s) changed"
        )

    def to_dict(self) -> dict:
        return {
            "old": self.old,
            "new": self.new,
            "summary": self.summary(),
            "different_deals": different_deals(self.old, self.new),
            "deal": [r.to_dict() for r in self.deal],
            "facts": [r.to_dict() for r in self.facts],
            "rubrics": [r.to_dict() for r in self.rubrics],
        }


# -- comparing -----------------------------------------------------------------------------


def _side(a: dict, label: str) -> dict:
    d = a.get("deal", {})
    return {
        "label": label,
        "deal": d.get("id"),
        "title": d.get("title"),
        "as_of": d.get("as_of"),
        "stage": d.get("stage"),
        "fingerprint": a.get("fingerprint"),
        "riskkit_version": a.get("riskkit_version"),
        "rubrics": {r["id"]: r.get("version") for r in a.get("results", [])},
        "parties": {p.get("role"): p.get("name") for p in d.get("parties") or [] if isinstance(p, dict)},
    }


def different_deals(old: dict, new: dict) -> str:
    """Why two sides look like different deals (a party of the same role changed its first name), or ''.

    One deal keeps its parties across states even when an entity is renamed (OpenAI Global, LLC
    became OpenAI Group PBC); a different investor or target is a different deal.
    """
    out = []
    for role in ("investor", "target"):
        a, b = (side.get("parties", {}).get(role) or "" for side in (old, new))
        if a and b and a.split()[0].strip(",").lower() != b.split()[0].strip(",").lower():
            out.append(f"the {role} is {a} in one and {b} in the other")
    return "; ".join(out)


def _state(f: dict | None) -> str:
    if f is None:
        return "absent"
    return "waived" if f.get("waived") else f["status"]


def _points(f: dict | None) -> str:
    if f is None or f["status"] in ("not_applicable", "not_triggered"):
        return "0" if f is not None else ""
    return span(f.get("points", 0), f.get("points_worst", 0))


def _score(r: dict | None) -> str:
    if r is None or r.get("kind") == "notifiability":  # filing verdicts, not a risk score
        return "—"
    if r.get("status") == "not_applicable":
        return "n/a"
    bounds = span(r.get("score", 0), r.get("score_worst", 0))
    likely = r.get("score_likely")
    if likely is None:  # a JSON saved before the most-likely estimate
        return bounds
    return f"{likely:g}" if bounds == f"{likely:g}" else f"{likely:g} ({bounds})"


def _band(r: dict | None) -> str:
    """The band, or for a notifiability rubric its filing verdicts (it has no risk band)."""
    if r is None:
        return "—"
    if r.get("status") == "not_applicable":
        return "not applicable"
    if r.get("kind") == "notifiability":
        return verdict_summary(j.get("verdict", "unknown") for j in r.get("jurisdictions", []))
    bounds = span(r.get("band"), r.get("band_worst"))
    likely = r.get("band_likely")
    if likely is None:
        return bounds
    return likely if bounds == likely else f"{likely} ({bounds})"


def diff_assessments(old: dict, new: dict, old_label: str = "old", new_label: str = "new") -> Diff:
    old_facts, new_facts = facts_index(old), facts_index(new)
    od, nd = old.get("deal", {}), new.get("deal", {})
    deal_reasons = []
    for key in ("id", "as_of", "stage"):
        if od.get(key) != nd.get(key):
            deal_reasons.append(
                Reason("deal", f"deal {key}: {od.get(key)} → {nd.get(key)}", key, od.get(key), nd.get(key))
            )
    fact_changes = []
    for fid in sorted(set(old_facts) | set(new_facts)):
        b, a = shown(old_facts.get(fid)), shown(new_facts.get(fid))
        if b != a:
            fact_changes.append(Reason("fact", f"{fid}: {b} → {a}", fid, b, a))
    old_results = {r["id"]: r for r in old.get("results", [])}
    new_results = {r["id"]: r for r in new.get("results", [])}
    rubrics = []
    for rid in dict.fromkeys([*old_results, *new_results]):
        orr, nrr = old_results.get(rid), new_results.get(rid)
        ofs = {f["id"]: f for f in (orr or {}).get("findings", [])}
        nfs = {f["id"]: f for f in (nrr or {}).get("findings", [])}
        changes = []
        for cid in dict.fromkeys([*ofs, *nfs]):
            of, nf = ofs.get(cid), nfs.get(cid)
            if (_state(of), _points(of)) == (_state(nf), _points(nf)):
                continue
            reasons = rubric_reasons(rid, of, nf, orr, nrr)
            if of is not None and nf is not None:
                reasons = (
                    fact_reasons(of, nf, old_facts, new_facts)
                    + param_reasons(of, nf, od, nd)
                    + reasons
                    + waiver_reasons(cid, of, nf, new)
                )
                if "not_in_play" in (of["status"], nf["status"]):
                    before, after = of.get("reason") or "in play", nf.get("reason") or "in play"
                    reasons.append(Reason("structure", f"criterion in play: {before} → {after}", cid, before, after))
                if (orr or {}).get("status") != (nrr or {}).get("status"):
                    reasons.append(
                        Reason("rubric", f"rubric {rid} applicability: {orr.get('status')} → {nrr.get('status')}", rid)
                    )
            if not reasons:
                reasons.append(
                    Reason(
                        "other",
                        "no recorded input changed (riskkit "
                        f"{old.get('riskkit_version')} → {new.get('riskkit_version')})",
                    )
                )
            changes.append(
                CriterionChange(
                    cid, (nf or of).get("title", cid), _state(of), _state(nf), _points(of), _points(nf), tuple(reasons)
                )
            )
        rubrics.append(
            RubricChange(
                rid,
                (nrr or orr).get("title", rid),
                (orr or {}).get("version"),
                (nrr or {}).get("version"),
                _score(orr),
                _score(nrr),
                _band(orr),
                _band(nrr),
                tuple(changes),
            )
        )
    return Diff(_side(old, old_label), _side(new, new_label), tuple(rubrics), tuple(fact_changes), tuple(deal_reasons))


# -- inputs --------------------------------------------------------------------------------


def load_side(path: str, scoring_inputs, today=None) -> dict:
    """An assessment dict from a saved JSON assessment, or by scoring a facts file.

    `scoring_inputs()` gives (rubric_set, waiver_file); it is called only for a facts file,
    so comparing two saved assessments reads no rubrics at all.
    """
    import datetime as _dt
    import json

    from riskkit.load.baseline import check_assessment_shape, looks_like_assessment

    if str(path).lower().endswith(".json"):
        from riskkit.load.yamlio import read_text

        try:
            data = json.loads(read_text(path))
        except json.JSONDecodeError:
            data = None  # let the deal loader report it with file:line
        if looks_like_assessment(data):
            check_assessment_shape(data, str(path))
            return data
    from riskkit.engine.run import score_with_waivers
    from riskkit.load.deal import load_deal

    rubric_set, wfile = scoring_inputs()
    deal = load_deal(path, rubric_set.catalogue)
    assessment, report = score_with_waivers(deal, rubric_set, wfile, today or _dt.date.today())
    data = assessment.to_dict()
    if report is not None:
        data["waivers"] = report.to_dict()
    return data


def diff_paths(
    old_path: str, new_path: str, rubrics_dir=None, rubric_ids=None, waivers_path=None, today=None, old_today=None
) -> Diff:
    loaded: list = []

    def scoring_inputs():
        """The rubric set and waiver file, loaded once for both sides."""
        if not loaded:
            from riskkit.load.rubric import load_rubrics
            from riskkit.load.waivers import load_waivers

            rubric_set = load_rubrics(rubrics_dir, rubric_ids or None)
            wfile = None
            if waivers_path:
                wfile = load_waivers(waivers_path, rubric_set.catalogue, rubric_set.criterion_ids())
            loaded.append((rubric_set, wfile))
        return loaded[0]

    old = load_side(old_path, scoring_inputs, old_today or today)
    new = load_side(new_path, scoring_inputs, today)
    return diff_assessments(old, new, str(old_path), str(new_path))

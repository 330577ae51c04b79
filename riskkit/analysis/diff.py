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

import re

from msgspec import Struct

from riskkit.model.display import span
from riskkit.model.results import verdict_summary

PARAM_RE = re.compile(r"^(?P<value>.*) \((?P<param>[A-Za-z0-9_.\-]+), from (?P<date>\d{4}-\d{2}-\d{2})\)$")
NOT_IN_FORCE_RE = re.compile(r"^(?P<param>[A-Za-z0-9_.\-]+) not in force on (?P<date>\d{4}-\d{2}-\d{2})$")


class Reason(Struct, frozen=True):
    kind: str  # fact | parameter | rubric | structure | waiver | deal | other
    text: str
    subject: str = ""  # fact id, parameter id, rubric id ...
    old: object = None
    new: object = None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "subject": self.subject, "old": self.old, "new": self.new, "text": self.text}


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
    }


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
    return span(r.get("score", 0), r.get("score_worst", 0))


def _band(r: dict | None) -> str:
    """The band, or for a notifiability rubric its filing verdicts (it has no risk band)."""
    if r is None:
        return "—"
    if r.get("status") == "not_applicable":
        return "not applicable"
    if r.get("kind") == "notifiability":
        return verdict_summary(j.get("verdict", "unknown") for j in r.get("jurisdictions", []))
    return span(r.get("band"), r.get("band_worst"))


def _facts_index(a: dict) -> dict:
    return {f["id"]: f for f in a.get("facts", [])}


def _check_actuals(f: dict | None) -> dict:
    out = {}
    for ch in (f or {}).get("checks", []):
        out.setdefault(ch["fact"], ch.get("actual", "unknown"))
        if ch.get("op") in ("exists",) and ch.get("result") is False:
            out[ch["fact"]] = "unknown"
    return out


def _params(f: dict | None) -> dict:
    """{param id: (value text, effective date or None)} from the comparisons' expected texts."""
    out = {}
    for ch in (f or {}).get("checks", []):
        m = PARAM_RE.match(ch.get("expected", ""))
        if m:
            out[m["param"]] = (m["value"], m["date"])
            continue
        m = NOT_IN_FORCE_RE.match(ch.get("note", ""))
        if m:
            out[m["param"]] = ("not in force", None)
    return out


def _shown(fact: dict | None) -> str:
    if fact is None:
        return "unknown"
    return str(fact.get("display", fact.get("value")))


def _fact_reasons(of: dict | None, nf: dict | None, old_facts: dict, new_facts: dict) -> list[Reason]:
    reasons = []
    old_actual, new_actual = _check_actuals(of), _check_actuals(nf)
    uses = {u["id"]: u for side in (of, nf) for u in (side or {}).get("facts", [])}
    ids = list(
        dict.fromkeys(
            [*old_actual, *new_actual, *(of or {}).get("missing_facts", []), *(nf or {}).get("missing_facts", [])]
        )
    )
    for fid in ids:
        if fid.startswith("fx:"):
            continue
        before = old_actual.get(fid, _shown(old_facts.get(fid)))
        after = new_actual.get(fid, _shown(new_facts.get(fid)))
        if before != after:
            reasons.append(Reason("fact", f"fact {fid}: {before} → {after}", fid, before, after))
    for fid in ids:
        for dep in uses.get(fid, {}).get("derived_from", []):
            if dep in ids or any(r.subject == dep for r in reasons):
                continue
            b, a = _shown(old_facts.get(dep)), _shown(new_facts.get(dep))
            if b != a:
                reasons.append(Reason("fact", f"fact {dep} (feeds {fid}): {b} → {a}", dep, b, a))
    return reasons


def _param_reasons(of, nf, old_deal: dict, new_deal: dict) -> list[Reason]:
    reasons = []
    op, np_ = _params(of), _params(nf)
    for pid in dict.fromkeys([*op, *np_]):
        if pid not in op or pid not in np_:
            continue
        (ov, od), (nv, nd) = op[pid], np_[pid]
        if (ov, od) == (nv, nd):
            continue
        when = f"; deal as of {old_deal.get('as_of')} → {new_deal.get('as_of')}"
        if od != nd:
            text = (
                f"parameter {pid} rolled over: {ov} (in force from {od or '—'}) → {nv} "
                f"(in force from {nd or '—'}){when if old_deal.get('as_of') != new_deal.get('as_of') else ''}"
            )
        else:
            text = f"parameter {pid}: {ov} → {nv} (same effective date {nd}; the rubric changed the value)"
        reasons.append(Reason("parameter", text, pid, {"value": ov, "effective": od}, {"value": nv, "effective": nd}))
    return reasons


def _comparisons(f: dict | None) -> dict:
    """{(fact, op): what the fact was compared with}, for comparisons where the fact was known
    (a missing fact's check shows a placeholder, not the threshold)."""
    out = {}
    for ch in (f or {}).get("checks", []):
        if ch.get("op") in ("exists", "is_true", "is_false") or ch.get("missing") or ch.get("actual") == "unknown":
            continue
        expected = ch.get("expected", "")
        m = PARAM_RE.match(expected)
        out.setdefault((ch["fact"], ch.get("op")), m["param"] if m else expected)
    return out


def _rubric_reasons(rid, of, nf, old_r, new_r) -> list[Reason]:
    ov, nv = (old_r or {}).get("version"), (new_r or {}).get("version")
    if of is None or nf is None:
        what = "added in" if of is None else "removed in"
        version = nv if of is None else ov
        return [Reason("rubric", f"criterion {what} rubric {rid} version {version}", rid, ov, nv)]
    details = []
    if of.get("max_points") != nf.get("max_points"):
        details.append(f"points {of.get('max_points'):g} → {nf.get('max_points'):g}")
    if of.get("floor") != nf.get("floor"):
        details.append(f"floor {of.get('floor') or 'none'} → {nf.get('floor') or 'none'}")
    if of.get("waivable") != nf.get("waivable"):
        details.append("now non-waivable" if not nf.get("waivable") else "now waivable")
    oc, nc = _comparisons(of), _comparisons(nf)
    changed = [k for k in oc if k in nc and oc[k] != nc[k]]
    details += [f"{fact} {op} {oc[(fact, op)]} → {nc[(fact, op)]}" for fact, op in changed]
    added = [k for k in nc if k not in oc]
    if added and ov != nv:
        details.append("now also reads " + ", ".join(dict.fromkeys(fact for fact, _ in added)))
    if ov != nv:
        text = f"rubric {rid} version {ov} → {nv}" + (f": {'; '.join(details)}" if details else "")
        return [Reason("rubric", text, rid, ov, nv)]
    if details:
        return [Reason("rubric", f"criterion definition changed: {'; '.join(details)}", rid)]
    return []


def _waiver_reasons(cid, of, nf, new: dict) -> list[Reason]:
    ow, nw = (of or {}).get("waiver"), (nf or {}).get("waiver")
    if ow and not nw:
        problems = [p for p in (new.get("waivers") or {}).get("problems", []) if p.get("criterion") == cid]
        expired = [p for p in problems if p.get("kind") == "expired"]
        if expired:
            p = expired[0]
            where = f"{p.get('path')}:{p.get('line')}" if p.get("line") else p.get("path")
            today = (new.get("waivers") or {}).get("today")
            return [
                Reason(
                    "waiver",
                    f"waiver expired on {ow.get('expires')} (approved by {ow.get('approved_by')}; "
                    f"{where}; checked on {today})",
                    cid,
                    ow,
                    None,
                )
            ]
        today = (new.get("waivers") or {}).get("today")
        if today and ow.get("expires") and str(today) > str(ow["expires"]):
            return [
                Reason(
                    "waiver", f"waiver expired on {ow['expires']} (approved by {ow.get('approved_by')})", cid, ow, None
                )
            ]
        why = (
            f": {problems[0]['text']}"
            if problems
            else (" (no waiver file given for the new side)" if not new.get("waivers") else "")
        )
        return [Reason("waiver", f"waiver by {ow.get('approved_by')} no longer applied{why}", cid, ow, None)]
    if nw and not ow:
        return [
            Reason(
                "waiver",
                f"waived: {nw.get('justification')} (approved by {nw.get('approved_by')}, expires {nw.get('expires')})",
                cid,
                None,
                nw,
            )
        ]
    return []


def diff_assessments(old: dict, new: dict, old_label: str = "old", new_label: str = "new") -> Diff:
    old_facts, new_facts = _facts_index(old), _facts_index(new)
    od, nd = old.get("deal", {}), new.get("deal", {})
    deal_reasons = []
    for key in ("id", "as_of", "stage"):
        if od.get(key) != nd.get(key):
            deal_reasons.append(
                Reason("deal", f"deal {key}: {od.get(key)} → {nd.get(key)}", key, od.get(key), nd.get(key))
            )
    fact_changes = []
    for fid in sorted(set(old_facts) | set(new_facts)):
        b, a = _shown(old_facts.get(fid)), _shown(new_facts.get(fid))
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
            reasons = _rubric_reasons(rid, of, nf, orr, nrr)
            if of is not None and nf is not None:
                reasons = (
                    _fact_reasons(of, nf, old_facts, new_facts)
                    + _param_reasons(of, nf, od, nd)
                    + reasons
                    + _waiver_reasons(cid, of, nf, new)
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


# -- rendering -----------------------------------------------------------------------------

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
    lines.append("")
    rows = [("rubric", "version", "score", "band")]
    for r in diff.rubrics:
        rows.append(
            (
                r.id,
                _arrow(r.old_version or "—", r.new_version or "—"),
                _arrow(r.old_score, r.new_score),
                _arrow(r.old_band, r.new_band),
            )
        )
    from riskkit.render.text import text_table

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
    from riskkit.render.markdown import md_escape

    return md_escape(text)


def markdown_lines(diff: Diff) -> list[str]:
    o, n = diff.old, diff.new
    lines = [
        f"## riskkit diff: {_md(n['title'] or n['deal'])}",
        "",
        f"`{_md(o['label'])}` (as of {o['as_of']}) → `{_md(n['label'])}` (as of {n['as_of']}) · {diff.summary()}",
        "",
        "| Rubric | Version | Score | Band |",
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

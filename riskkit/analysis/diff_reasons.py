"""Why a criterion's outcome changed between two assessment dicts: the fact, parameter, rubric
and waiver reasons riskkit.analysis.diff attaches to each change. Reads the checks' structured
fields (fact, actual, param, param_value, param_effective), never their display text."""

from __future__ import annotations

from msgspec import Struct


class Reason(Struct, frozen=True):
    kind: str  # fact | parameter | rubric | structure | waiver | deal | other
    text: str
    subject: str = ""  # fact id, parameter id, rubric id ...
    old: object = None
    new: object = None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "subject": self.subject, "old": self.old, "new": self.new, "text": self.text}


def facts_index(a: dict) -> dict:
    return {f["id"]: f for f in a.get("facts", [])}


def _check_actuals(f: dict | None) -> dict:
    out = {}
    for ch in (f or {}).get("checks", []):
        out.setdefault(ch["fact"], ch.get("actual", "unknown"))
        if ch.get("op") in ("exists",) and ch.get("result") is False:
            out[ch["fact"]] = "unknown"
    return out


def _params(f: dict | None) -> dict:
    """{param id: (value text, effective date or None)} from the comparisons' parameter fields."""
    out = {}
    for ch in (f or {}).get("checks", []):
        if not ch.get("param"):
            continue
        if ch.get("param_in_force") is True:
            out[ch["param"]] = (ch["param_value"], ch["param_effective"])
        elif ch.get("param_in_force") is False:
            out[ch["param"]] = ("not in force", None)
    return out


def shown(fact: dict | None) -> str:
    if fact is None:
        return "unknown"
    return str(fact.get("display", fact.get("value")))


def fact_reasons(of: dict | None, nf: dict | None, old_facts: dict, new_facts: dict) -> list[Reason]:
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
        before = old_actual.get(fid, shown(old_facts.get(fid)))
        after = new_actual.get(fid, shown(new_facts.get(fid)))
        if before != after:
            reasons.append(Reason("fact", f"fact {fid}: {before} → {after}", fid, before, after))
    for fid in ids:
        for dep in uses.get(fid, {}).get("derived_from", []):
            if dep in ids or any(r.subject == dep for r in reasons):
                continue
            b, a = shown(old_facts.get(dep)), shown(new_facts.get(dep))
            if b != a:
                reasons.append(Reason("fact", f"fact {dep} (feeds {fid}): {b} → {a}", dep, b, a))
    return reasons


def param_reasons(of, nf, old_deal: dict, new_deal: dict) -> list[Reason]:
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


def _comparisons(f: dict | None) -> dict | None:
    """{(fact, op): what the fact was compared with (parameter id, other fact, or literal)}, for
    comparisons where the fact was known (a missing fact's check shows a placeholder, not the
    threshold). None for JSON saved before checks carried these fields: nothing to compare."""
    out = {}
    for ch in (f or {}).get("checks", []):
        if "param" not in ch:
            return None
        if ch.get("op") in ("exists", "is_true", "is_false") or ch.get("missing") or ch.get("actual") == "unknown":
            continue
        out.setdefault((ch["fact"], ch.get("op")), ch["param"] or ch["other"] or ch["literal"])
    return out


def rubric_reasons(rid, of, nf, old_r, new_r) -> list[Reason]:
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
    if oc is None or nc is None:
        oc = nc = {}
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


def waiver_reasons(cid, of, nf, new: dict) -> list[Reason]:
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

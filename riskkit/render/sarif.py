"""SARIF 2.1.0: rules are the criteria; each result sits on the line of the fact that decided it.

GitHub code scanning (and other SARIF viewers) then annotate the deal's YAML itself. Waived
findings are kept, with a `suppressions` entry carrying the justification; with
`--baseline`, each result carries `baselineState` (new / unchanged).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import quote

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/riskkit/riskkit"
LEVELS = {"failure": "error", "warning": "warning", "waived": "warning", "unknown": "note"}


# -- locations shared with the github writer -----------------------------------------------


def deciding_fact_ids(finding) -> list[str]:
    """The facts whose comparisons decided the outcome (as in Finding.why), then the rest."""
    wanted = {"triggered": True, "not_triggered": False}.get(finding.status)
    picked = [c.fact for c in finding.checks if c.result is wanted]
    rest = [c.fact for c in finding.checks]
    return list(dict.fromkeys(picked + rest))


def finding_locations(assessment, finding) -> list[tuple[str, int, str]]:
    """[(fact id, line in the deal file, 'fact = value')] for the facts that decided a finding,
    best first. Derived facts point at the facts they were computed from."""
    facts = assessment.deal.facts
    uses = {u.id: u for u in finding.facts}
    out: list[tuple[str, int, str]] = []
    seen: set[int] = set()

    def add(fid: str, line, display: str) -> None:
        if line and line not in seen:
            seen.add(line)
            out.append((fid, line, display))

    for fid in deciding_fact_ids(finding):
        use = uses.get(fid)
        if use is None:
            continue
        if use.line:
            add(fid, use.line, f"{fid} = {use.display}")
        for dep in use.derived_from:
            if dep in facts:
                add(dep, facts[dep].line, f"{dep} (feeds {fid} = {use.display})")
    return out


def primary_line(assessment, finding) -> int:
    """Line of the deciding fact; line 1 (the top of the file) when every input is missing."""
    locs = finding_locations(assessment, finding)
    return locs[0][1] if locs else 1


def deal_uri(path: str) -> tuple[str, bool]:
    """(uri, is_relative): repository-relative when the file is under the working folder."""
    p = Path(path or "deal.yaml")
    if p.is_absolute():
        try:
            p = p.relative_to(Path(os.getcwd()))
        except ValueError:
            return p.as_uri(), False
    return quote(p.as_posix(), safe="/"), True


# -- text --------------------------------------------------------------------------------


def reference_text(ref) -> str:
    bits = [ref.title]
    if ref.issuer:
        bits.append(ref.issuer)
    if ref.date:
        bits.append(ref.date.isoformat())
    if ref.pinpoint:
        bits.append(ref.pinpoint)
    text = ", ".join(bits)
    return f"{text} <{ref.url}>" if ref.url else text


def waiver_text(w) -> str:
    text = f"{w.justification} (approved by {w.approved_by}, expires {_iso(w.expires)}"
    if w.evidence:
        text += f", evidence {w.evidence}"
    return text + ")"


def triggered_text(f, v: str, scored: bool = True) -> str:
    """'triggered (12 pts, level 'x'): why. Evidence: … Waived: …' — shared by SARIF and GitHub.

    A filing (notifiability) test has no points: it reads 'met' (verdicts are never scores).
    """
    level = f", level '{f.level}'" if f.level else ""
    weight = f"{f.points:g} pts{level}" if scored else "filing test met"
    text = f"triggered ({weight}): {f.why}."
    if f.evidence:
        text += f" Evidence: {f.evidence}."
    if v == "waived":
        text += f" Waived: {waiver_text(f.waiver)}."
    elif v == "baseline":
        text += " Already reported in the baseline."
    return text


def finding_message(run, rr, f, v: str) -> str:
    c = f.criterion
    head = f"{c.title} [{c.id}]"
    if v == "unknown":
        return f"{head} is unknown: {f.unknown_reason}."
    text = f"{head} {triggered_text(f, v, rr.scored)}"
    gate = run.gate_text(rr)
    return f"{text} {gate[0].upper()}{gate[1:]}."


def _iso(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


# -- the log -----------------------------------------------------------------------------


def _rule(rr, c) -> dict:
    refs = [reference_text(r) for r in c.references]
    text = [c.rationale, f"Mitigation: {c.mitigation}"]
    md = [c.rationale, "", f"**Mitigation:** {c.mitigation}", ""]
    if c.unverified:
        text.append(f"Unverified: {c.unverified}")
        md += [f"**Unverified:** {c.unverified}", ""]
    text.append("References: " + "; ".join(refs))
    md.append("**References:**")
    for r in c.references:
        label = ", ".join(b for b in (r.title, r.issuer, r.date.isoformat() if r.date else "", r.pinpoint) if b)
        md.append(f"- [{label}]({r.url})" if r.url else f"- {label}")
    weight = f"{c.max_points:g} points" + (f", floor {c.floor}" if c.floor else "")
    md += [
        "",
        f"Rubric `{rr.rubric.id}` v{rr.rubric.version} · {weight} · "
        + ("waivable" if c.waivable else "**not waivable**"),
    ]
    rule = {
        "id": c.id,
        "name": c.id,
        "shortDescription": {"text": c.title},
        "fullDescription": {"text": c.rationale},
        "help": {"text": "\n".join(text), "markdown": "\n".join(md)},
        "defaultConfiguration": {"level": "warning"},
        "properties": {
            "tags": ["riskkit", rr.rubric.id, *c.jurisdictions],
            "rubric": rr.rubric.id,
            "rubricVersion": rr.rubric.version,
            "jurisdictions": list(c.jurisdictions),
            "maxPoints": c.max_points,
            "floor": c.floor,
            "waivable": c.waivable,
            "references": [r.to_dict() for r in c.references],
        },
    }
    url = next((r.url for r in c.references if r.url), "")
    if url:
        rule["helpUri"] = url
    return rule


def _physical(uri: str, relative: bool, line: int) -> dict:
    loc = {"uri": uri}
    if relative:
        loc["uriBaseId"] = "%SRCROOT%"
    return {"artifactLocation": loc, "region": {"startLine": int(line)}}


def _result(run, rr, f, v: str, rule_index: int, uri: str, relative: bool) -> dict:
    assessment = run.assessment
    locs = finding_locations(assessment, f)
    line = locs[0][1] if locs else 1
    first = {"physicalLocation": _physical(uri, relative, line)}
    if locs:
        first["message"] = {"text": locs[0][2]}
    result = {
        "ruleId": f.id,
        "ruleIndex": rule_index,
        "level": LEVELS.get(v, "warning"),
        "message": {"text": finding_message(run, rr, f, v)},
        "locations": [first],
        "partialFingerprints": {
            "riskkitFinding/v1": hashlib.sha256(f"{assessment.deal.id}/{rr.id}/{f.id}".encode()).hexdigest()[:32]
        },
        "properties": {
            "rubric": rr.id,
            "status": f.status,
            "verdict": v,
            "points": f.points,
            "pointsWorst": f.points_worst,
            "level": f.level,
            "evidence": f.evidence,
            "missingFacts": list(f.missing),
            "facts": [u.to_dict() for u in f.facts],
        },
    }
    if len(locs) > 1:
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical(uri, relative, ln), "message": {"text": text}}
            for i, (_, ln, text) in enumerate(locs[1:], start=1)
        ]
    if f.waiver is not None:
        w = f.waiver
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": w.justification,
                "properties": {
                    "approvedBy": w.approved_by,
                    "expires": _iso(w.expires),
                    "evidence": w.evidence,
                    "source": w.source,
                },
            }
        ]
    if run.baseline is not None and f.status in ("triggered", "unknown") and not f.waived:
        result["baselineState"] = "unchanged" if run.baseline.knows(rr.id, f) else "new"
    return result


def sarif_log(run) -> dict:
    """The SARIF log of a riskkit.engine.run.Run (verdicts and gate come from the run)."""
    assessment = run.assessment
    uri, relative = deal_uri(assessment.deal.path)
    rules, index, results = [], {}, []
    for rr in assessment.results:
        for f in rr.findings:
            index[f.id] = len(rules)
            rules.append(_rule(rr, f.criterion))
    for rr in assessment.results:
        for f in rr.findings:
            v = run.verdict(rr, f)
            if v in ("clear", "not_applicable"):
                continue
            results.append(_result(run, rr, f, v, index[f.id], uri, relative))
    notifications = [
        {
            "level": "warning",
            "message": {"text": p.text()},
            "locations": [{"physicalLocation": _physical(*deal_uri(p.path), p.line or 1)}],
            "descriptor": {"id": f"waiver-{p.kind}"},
        }
        for p in run.waiver_problems
    ]
    invocation = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    log_run = {
        # One category per deal, so code scanning keeps each deal's alerts apart when a
        # workflow uploads several SARIF files at once.
        "automationDetails": {"id": f"riskkit/{assessment.deal.id}/"},
        "tool": {
            "driver": {
                "name": "riskkit",
                "version": assessment.riskkit_version,
                "semanticVersion": assessment.riskkit_version,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "invocations": [invocation],
        "artifacts": [
            {
                "location": {"uri": uri, **({"uriBaseId": "%SRCROOT%"} if relative else {})},
                "roles": ["analysisTarget"],
                "mimeType": "application/json" if uri.endswith(".json") else "application/yaml",
            }
        ],
        "results": results,
        "properties": {
            "deal": assessment.deal.id,
            "fingerprint": assessment.fingerprint,
            "summary": assessment.summary_line(),
            "counts": assessment.counts(),
            "rubrics": [
                {"id": rr.id, "version": rr.rubric.version}
                | (
                    {"band": rr.range.likely_band_text(), "score": rr.range.likely_text()}
                    if rr.scored
                    else {"verdicts": rr.verdicts()}
                )
                for rr in assessment.results
            ],
            "failOn": run.fail_on,
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [log_run]}


def write_sarif(run, stream, options) -> None:
    text = json.dumps(sarif_log(run), indent=2, ensure_ascii=False, allow_nan=False)
    stream.write((text + "\n").encode("utf-8"))

"""JUnit XML: one <testsuite> per rubric, one <testcase> per criterion.

failure   a triggered, unwaived criterion whose rubric is at or above --fail-on (with no
          --fail-on, every triggered, unwaived criterion); the body says why
skipped   unknown (names the missing facts), waived (gives the justification), already in
          the --baseline, or the rubric does not apply
passed    clear, or triggered while the rubric stays below --fail-on (<system-out> says so)

JUnit has no "unknown" state, so unknown is skipped, as Checkov does. No timestamps or
host names: the same inputs give the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from riskkit.render.sarif import finding_locations, reference_text, waiver_text

# Characters XML 1.0 cannot carry, even escaped.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text) -> str:
    return _INVALID_XML.sub("\ufffd", str(text))


def _sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: clean(v) for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = clean(text)
    return el


def _details(assessment, f) -> str:
    c = f.criterion
    lines = [f"{c.title} [{c.id}]"]
    if f.why:
        lines.append(f"Why: {f.why}")
    if f.level and assessment.result(f.rubric_id).scored:
        lines.append(f"Level: {f.level} ({f.points:g} of {c.max_points:g} points)")
    elif f.level:
        lines.append(f"Level: {f.level}")
    for _fid, line, text in finding_locations(assessment, f):
        lines.append(f"Fact: {text} ({assessment.deal.path}:{line})")
    for u in f.facts:
        if u.sources:
            lines.append(f"Sources for {u.id} ({u.confidence}): {', '.join(u.sources)}")
    if f.evidence:
        lines.append(f"Evidence: {f.evidence}")
    lines.append(f"Rationale: {c.rationale}")
    lines.append(f"Mitigation: {c.mitigation}")
    for r in c.references:
        lines.append(f"Reference: {reference_text(r)}")
    return "\n".join(lines)


def _case(suite, run, rr, f) -> str:
    assessment = run.assessment
    c = f.criterion
    locs = finding_locations(assessment, f)
    case = _sub(
        suite,
        "testcase",
        name=f"{c.id}: {c.title}",
        classname=rr.id,
        time="0",
        file=assessment.deal.path or None,
        line=str(locs[0][1]) if locs else None,
    )
    v = run.verdict(rr, f)
    gate = run.gate_text(rr)
    if v == "failure":
        weight = f"{f.points:g} pts" if rr.scored else "filing test met"
        msg = f"triggered ({weight}): {f.why}; {gate}"
        _sub(case, "failure", _details(assessment, f), message=msg, type="triggered")
    elif v == "unknown":
        _sub(case, "skipped", message=f"unknown: {f.unknown_reason}")
    elif v == "waived":
        _sub(case, "skipped", message=f"waived: {waiver_text(f.waiver)}")
        _sub(case, "system-out", _details(assessment, f))
    elif v == "baseline":
        _sub(case, "skipped", message=f"triggered but already in baseline {run.baseline.path}: {f.why}")
    elif v == "not_applicable":
        _sub(case, "skipped", message=f"not applicable: rubric {rr.id} does not apply to this deal")
    elif v == "warning":
        weight = f"{f.points:g} pts" if rr.scored else "filing test met"
        _sub(case, "system-out", f"triggered ({weight}) but {gate}.\n" + _details(assessment, f))
    return v


def junit_tree(run) -> ET.Element:
    assessment = run.assessment
    d = assessment.deal
    root = ET.Element("testsuites", {"name": clean(f"riskkit: {d.title}")})
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for rr in assessment.results:
        suite = _sub(root, "testsuite", name=rr.id)
        props = _sub(suite, "properties")
        for name, value in (
            ("deal", d.id),
            ("deal.path", d.path),
            ("rubric.title", rr.rubric.title),
            ("rubric.version", rr.rubric.version),
            ("status", rr.status),
            *(
                (("score", rr.range.likely_text()), ("band", rr.range.likely_band_text()))
                if rr.scored
                else (("verdicts", rr.verdicts()),)
            ),
            ("fail_on", run.fail_on or ""),
            ("gate", "fail" if run.gates(rr) else "pass"),
            ("fingerprint", assessment.fingerprint),
            ("riskkit.version", assessment.riskkit_version),
        ):
            _sub(props, "property", name=name, value=value)
        verdicts = [_case(suite, run, rr, f) for f in rr.findings]
        n = {
            "tests": len(verdicts),
            "failures": sum(v == "failure" for v in verdicts),
            "skipped": sum(v in ("unknown", "waived", "baseline", "not_applicable") for v in verdicts),
        }
        for key, value in n.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("errors", "0")
        suite.set("time", "0")
        _sub(suite, "system-out", run.gate_text(rr) + f"; {rr.summary_line()}")
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    root.set("time", "0")
    return root


def write_junit(run, stream, options) -> None:
    root = junit_tree(run)
    ET.indent(root)
    stream.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="utf-8", xml_declaration=False))
    stream.write(b"\n")

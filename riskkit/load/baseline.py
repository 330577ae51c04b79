"""`--baseline`: a previous run's findings, so CI fails only on what is new (the gate itself
is decided by riskkit.engine.run.Run).

A baseline is a saved JSON assessment (`riskkit score --format json -o previous.json`).
A finding is *known* when the baseline had the same criterion triggered and unwaived (or,
for an unknown finding, triggered or unknown). A finding that was waived in the baseline
is not known: when its waiver expires it counts as new.
"""

from __future__ import annotations

import json

from msgspec import Struct

from riskkit.errors import InputError
from riskkit.load.yamlio import read_text


class Baseline(Struct, frozen=True):
    """The findings a previous run already reported."""

    path: str
    deal_id: str
    fingerprint: str
    known: frozenset  # {(rubric_id, criterion_id, "triggered" | "unknown")}

    def knows(self, rubric_id: str, finding) -> bool:
        if finding.status == "triggered":
            return (rubric_id, finding.id, "triggered") in self.known
        if finding.status == "unknown":
            return bool({(rubric_id, finding.id, "triggered"), (rubric_id, finding.id, "unknown")} & self.known)
        return True

    def new_findings(self, assessment, unknown: str = "likely") -> list:
        """(rubric result, finding) pairs not in the baseline: triggered ones, and unknown ones
        unless gating on the best case (a new unknown can raise the likely and worst-case bands)."""
        out = []
        for rr in assessment.results:
            if rr.status == "not_applicable":
                continue
            for f in rr.findings:
                if f.waived:
                    continue
                if f.status == "triggered" or (f.status == "unknown" and unknown != "best" and f.points_worst):
                    if not self.knows(rr.id, f):
                        out.append((rr, f))
        return out

    def to_dict(self, assessment=None, unknown: str = "likely") -> dict:
        out = {"path": self.path, "deal": self.deal_id, "fingerprint": self.fingerprint, "known": len(self.known)}
        if assessment is not None:
            out["new"] = [
                {"rubric": rr.id, "criterion": f.id, "status": f.status}
                for rr, f in self.new_findings(assessment, unknown)
            ]
        return out


def read_assessment_json(path: str) -> dict:
    """A saved JSON assessment (`riskkit score --format json`), shape-checked."""
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if str(path).lower().endswith((".yaml", ".yml", ".xlsx")) or text.lstrip().startswith(("deal:", "#", "---")):
            raise InputError(
                "this looks like a deal facts file; a saved JSON assessment is needed here",
                path=str(path),
                hint="save one with `riskkit score DEAL --format json -o previous.json` and pass that",
            ) from None
        raise InputError(f"malformed JSON: {exc.msg}", path=str(path), line=exc.lineno) from None
    check_assessment_shape(data, str(path))
    return data


def looks_like_assessment(data) -> bool:
    return isinstance(data, dict) and "schema_version" in data and "results" in data and "deal" in data


def check_assessment_shape(data, path: str) -> None:
    expected = "a riskkit JSON assessment (the output of `riskkit score --format json`)"
    if not looks_like_assessment(data):
        raise InputError(f"not {expected}", path=path)
    if not isinstance(data["deal"], dict) or not isinstance(data["deal"].get("id"), str):
        raise InputError(f"deal.id: expected text in {expected}", path=path)
    if not isinstance(data["results"], list):
        raise InputError(f"results: expected a list in {expected}", path=path)
    for i, rr in enumerate(data["results"]):
        if not isinstance(rr, dict) or not isinstance(rr.get("id"), str) or not isinstance(rr.get("findings"), list):
            raise InputError(f"results.{i}: expected a rubric result with id and findings", path=path)
        for j, f in enumerate(rr["findings"]):
            if not isinstance(f, dict) or not isinstance(f.get("id"), str) or not isinstance(f.get("status"), str):
                raise InputError(f"results.{i}.findings.{j}: expected a finding with id and status", path=path)


def load_baseline(path: str, deal=None) -> Baseline:
    """Read a saved JSON assessment as a baseline; it must be for the same deal."""
    data = read_assessment_json(path)
    deal_id = data["deal"]["id"]
    if deal is not None and deal_id != deal.id:
        raise InputError(f"baseline is for deal '{deal_id}', but this run scores '{deal.id}'", path=str(path))
    known = set()
    for rr in data["results"]:
        if rr.get("status") == "not_applicable":
            continue
        for f in rr["findings"]:
            if f.get("waived"):
                continue
            if f["status"] in ("triggered", "unknown"):
                known.add((rr["id"], f["id"], f["status"]))
    return Baseline(str(path), deal_id, str(data.get("fingerprint", "")), frozenset(known))

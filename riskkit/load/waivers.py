"""Waiver files: reviewed, dated decisions to accept a finding (InSpec shape + approver/evidence).

```yaml
waivers:
  - criterion: mini-observer-or-cloud      # a criterion id from the rubrics
    deal: mini-deal                        # the deal it is for, and/or
    when: {fact: observer, op: is_true}    # a fact condition (same language as rubrics)
    justification: Observer seat has no access to competitively sensitive information.
    approved_by: Jane Doe (General Counsel)
    expires: 2026-06-30                    # the last day the waiver applies
    evidence: https://example.com/board-minutes-2025-10   # optional
```

Loading is strict (unknown keys, wrong types, missing fields, unknown criterion ids are
errors that name file:line). Matching and applying them is the engine's job
(riskkit.engine.run): a waiver that has expired, or that waives nothing in this run
(another deal, a false condition, a criterion that is not triggered), is reported there
and not applied; `strict_error` turns those reports into an error. A criterion marked
`waivable: false` ignores waivers.
"""

from __future__ import annotations

import datetime as _dt
import re

from msgspec import Struct

from riskkit.errors import InputError, did_you_mean
from riskkit.load import yamlio
from riskkit.load.fields import Node
from riskkit.model.inputs import digest, to_plain
from riskkit.model.results import Waiver

ENTRY_REQUIRED = ("criterion", "justification", "approved_by", "expires")
ENTRY_OPTIONAL = ("deal", "when", "evidence")
SAFE_LINK = re.compile(r"^(https?://\S+|(?![A-Za-z][A-Za-z0-9+.\-]*:)\S+)$")  # a web link or a path, no other schemes


class WaiverEntry(Struct, frozen=True):
    """One waiver as written in the file, with where it was written."""

    waiver: Waiver
    deal: str | None
    when: object  # a parsed condition or None
    path: str
    line: int | None

    @property
    def criterion(self) -> str:
        return self.waiver.criterion

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class WaiverFile(Struct, frozen=True):
    path: str
    entries: tuple
    fingerprint: str = ""  # sha256 of the file's canonical data, recorded in every output


class WaiverProblem(Struct, frozen=True):
    """A waiver that was not applied, and why. kind: expired | unmatched | not_waivable."""

    kind: str
    criterion: str
    message: str
    path: str
    line: int | None = None
    index: int = 0  # position of the waiver in its file

    def text(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: waiver for {self.criterion} {self.message}"

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "criterion": self.criterion,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "text": self.text(),
        }


class WaiverReport(Struct, frozen=True):
    """What the waiver file did in one run."""

    path: str
    today: _dt.date
    fingerprint: str = ""
    applied: tuple = ()  # WaiverEntry, applied to a finding
    problems: tuple = ()  # WaiverProblem
    notes: tuple = ()  # e.g. "expires in 12 days"

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "today": self.today.isoformat(),
            "fingerprint": self.fingerprint,
            "applied": [{**e.waiver.to_dict(), "deal": e.deal, "line": e.line} for e in self.applied],
            "problems": [p.to_dict() for p in self.problems],
            "notes": list(self.notes),
        }


# -- loading -------------------------------------------------------------------------------


def load_waivers(path, catalogue, known_criteria=None) -> WaiverFile:
    """Read and validate a waiver file. `known_criteria` (ids) catches typos in criterion ids."""
    data = yamlio.load(path)
    return waivers_from_data(data, catalogue, str(path), known_criteria)


def waivers_from_data(data, catalogue, path: str, known_criteria=None) -> WaiverFile:
    from riskkit.load.conditions import ConditionContext, parse_condition

    root = Node(data, path)
    top = root.mapping(required=("waivers",), what="a waiver file: a mapping with a 'waivers' list")
    ctx = ConditionContext(catalogue, {})
    known = set(known_criteria) if known_criteria is not None else None
    entries = []
    for item in top["waivers"].items("a list of waivers"):
        m = item.mapping(required=ENTRY_REQUIRED, optional=ENTRY_OPTIONAL, what="a waiver")
        cid = m["criterion"].id("a criterion id")
        if known is not None and cid not in known:
            raise m["criterion"].error(
                f"unknown criterion '{cid}'; list them with `riskkit rubrics --criteria`", did_you_mean(cid, known)
            )
        if "deal" not in m and "when" not in m:
            raise item.error("a waiver needs 'deal' (a deal id) or 'when' (a fact condition), or both")
        evidence = ""
        if "evidence" in m:
            evidence = m["evidence"].str(max_len=2000)
            if not SAFE_LINK.match(evidence):
                raise m["evidence"].expected("an https:// link or a relative path to the evidence")
        waiver = Waiver(
            criterion=cid,
            justification=" ".join(m["justification"].str(max_len=4000).split()),
            approved_by=" ".join(m["approved_by"].str(max_len=300).split()),
            expires=m["expires"].date(),
            evidence=evidence,
            source=f"{path}:{item.line}" if item.line else path,
        )
        entries.append(
            WaiverEntry(
                waiver=waiver,
                deal=m["deal"].id("a deal id") if "deal" in m else None,
                when=parse_condition(m["when"], ctx) if "when" in m else None,
                path=path,
                line=item.line,
            )
        )
    return WaiverFile(path, tuple(entries), "sha256:" + digest(to_plain(data)))


def strict_error(report: WaiverReport) -> InputError | None:
    """The error --strict-waivers raises: the first problem, with a count of the others."""
    if report is None or not report.problems:
        return None
    first = report.problems[0]
    more = len(report.problems) - 1
    tail = f" (and {more} more waiver problem{'s' if more != 1 else ''})" if more else ""
    return InputError(f"waiver for {first.criterion} {first.message}{tail}", path=first.path, line=first.line)

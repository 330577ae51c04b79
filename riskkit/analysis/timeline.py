"""Deal timelines: a base facts file plus dated amendments, scored at every date.

The history file format is in docs/history-format.md. `load_history(path, catalogue)`
gives a `History` (one Deal per step, each validated as a deal file would be);
`run_timeline(history, rubric_set)` scores each step and explains every step: which facts
changed, which parameters in force changed with the date, which findings flipped, and for
each rubric whose band moved, the facts (or parameters) behind the flipped findings.
"""

from __future__ import annotations

import copy
import datetime as _dt

from msgspec import Struct, field
from msgspec.structs import asdict

from riskkit.load.fields import Node
from riskkit.model.display import show, span
from riskkit.model.inputs import band_rank, criterion_reads

HISTORY_KEYS = ("history", "base", "amendments")
HISTORY_OPTIONAL = ("title",)
AMENDMENT_KEYS = ("date", "title")
AMENDMENT_OPTIONAL = ("summary", "stage", "deal", "sources", "fx", "facts", "note")
DEAL_OVERRIDES = ("id", "title", "stage", "summary", "jurisdictions", "parties", "hypothetical", "closed_on")


class Step(Struct, frozen=True):
    date: _dt.date
    title: str
    deal: object  # model.Deal as of this step
    note: str = ""
    changed: tuple = ()  # fact ids set, changed or removed by this step's amendment


class History(Struct, frozen=True):
    path: str
    title: str
    steps: tuple  # Step, in date order; steps[0] is the base


class FactChange(Struct):
    fact: str
    before: str
    after: str
    sources: tuple = ()
    label: str = ""  # the fact's label for a reader (the id stays in `fact`)

    def to_dict(self) -> dict:
        return {
            "fact": self.fact,
            "label": self.label or self.fact,
            "before": self.before,
            "after": self.after,
            "sources": list(self.sources),
        }


class Flip(Struct):
    rubric: str
    criterion: str
    title: str
    before: str
    after: str
    points_before: str
    points_after: str
    facts: tuple  # changed facts (or "param:x") this criterion reads
    width_change: float = 0.0  # (worst − best points) after minus before: < 0 when an open range narrowed

    def to_dict(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items() if k != "width_change"}


class BandChange(Struct):
    rubric: str
    before: str
    after: str
    score_before: str
    score_after: str
    because: tuple  # fact ids / "param:x" that moved, behind the flipped findings
    explanation: str
    direction: str = ""  # rose | fell
    moved: tuple = ()  # (title, before, after) of each finding whose status changed, in plain words

    def to_dict(self) -> dict:
        out = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items()}
        out["moved"] = [list(m) for m in self.moved]
        return out


class StepResult(Struct):
    step: Step
    assessment: object
    changes: list = field(default_factory=list)  # FactChange
    params: list = field(default_factory=list)  # (rubric, param, before, after)
    flips: list = field(default_factory=list)  # Flip
    band_changes: list = field(default_factory=list)  # BandChange

    def to_dict(self) -> dict:
        return {
            "date": self.step.date.isoformat(),
            "title": self.step.title,
            "note": self.step.note,
            "rubrics": [_rubric_dict(rr) for rr in self.assessment.results],
            "changes": [c.to_dict() for c in self.changes],
            "parameters": [{"rubric": r, "parameter": p, "before": b, "after": a} for r, p, b, a in self.params],
            "flips": [f.to_dict() for f in self.flips],
            "band_changes": [b.to_dict() for b in self.band_changes],
        }


def _rubric_dict(rr) -> dict:
    """A rubric at one step: most-likely score and band with the bounds; a filing rubric's verdicts only."""
    out = {"id": rr.id, "status": rr.status}
    if not rr.scored:
        return {**out, "verdicts": rr.verdicts()}
    g = rr.range
    return {**out, "score_likely": g.likely, "band_likely": g.likely_band, "score": g.score,
            "score_worst": g.score_worst, "band": g.band, "band_worst": g.band_worst}  # fmt: skip


class Timeline(Struct):
    history: History
    results: list  # StepResult

    def to_dict(self) -> dict:
        return {"title": self.history.title, "path": self.history.path, "steps": [r.to_dict() for r in self.results]}


# -- loading --------------------------------------------------------------------------------


def load_history(path, catalogue, allow=(), include_later_sources: bool = False) -> History:
    """Read a history file and build the deal at every step (each validated like a deal file).

    `base:` is read relative to the history file's folder and may not leave it, unless it
    leads into one of the folders in `allow` (the CLI's --allow-path).
    """
    from riskkit.load import yamlio
    from riskkit.load.confine import confined
    from riskkit.load.deal import deal_from_data
    from riskkit.load.hindsight import screen  # each step is read as of its own date

    path = str(path)
    root = Node(yamlio.load(path), path)
    top = root.mapping(required=HISTORY_KEYS, optional=HISTORY_OPTIONAL, what="a deal history mapping")
    if top["history"].value != 1:
        raise top["history"].expected("history format version 1")
    base_node = top["base"]
    base_path = confined(base_node.str(), path, allow=allow, what="base facts file", key="base", line=base_node.line)
    base_data = yamlio.load(str(base_path))
    base = screen(deal_from_data(base_data, catalogue, str(base_path)), include_later_sources)
    steps = [Step(base.as_of, f"Base: {base.title}", base)]
    data = copy.deepcopy(base_data)
    last = base.as_of
    for item in top["amendments"].items(allow_empty=False):
        m = item.mapping(required=AMENDMENT_KEYS, optional=AMENDMENT_OPTIONAL, what="an amendment")
        date = m["date"].date()
        if date <= last:
            raise m["date"].error(f"amendments must be in date order after {last.isoformat()}")
        last = date
        data, changed = _apply(data, m, date)
        deal = screen(deal_from_data(data, catalogue, path), include_later_sources)
        steps.append(
            Step(date, m["title"].str(), deal, m["note"].str(allow_empty=True) if "note" in m else "", changed)
        )
    title = top["title"].str() if "title" in top else base.title
    return History(path, title, tuple(steps))


def _apply(data: dict, m: dict, date: _dt.date):
    """The deal data after one amendment (a new dict; the previous one is left alone)."""
    out = copy.deepcopy(data)
    deal = dict(out["deal"])
    deal["as_of"] = date
    if "stage" in m:
        deal["stage"] = m["stage"].value
    if "summary" in m:
        deal["summary"] = m["summary"].value
    if "deal" in m:
        for key, node in m["deal"].mapping(optional=DEAL_OVERRIDES, what="deal metadata to change").items():
            deal[key] = node.value
    out["deal"] = deal
    if "sources" in m:
        sources = dict(out.get("sources") or {})
        for sid, node in m["sources"].entries("a mapping of source id → source"):
            sources[sid] = node.value  # a source given again replaces the earlier entry
        out["sources"] = sources
    if "fx" in m:
        out["fx"] = m["fx"].value
    changed = []
    if "facts" in m:
        from riskkit.load.yamlio import LineDict

        old = out.get("facts") or {}
        facts = LineDict(old)
        facts.lines = dict(getattr(old, "lines", {}))  # so errors name the amendment's line
        facts.line = m["facts"].line
        for fid, node in m["facts"].entries("a mapping of fact id → value"):
            if node.value is None:
                facts.pop(fid, None)
            else:
                facts[fid] = node.value
                facts.lines[fid] = node.line
            changed.append(fid)
        out["facts"] = facts
    return out, tuple(changed)


# -- scoring and explaining ----------------------------------------------------------------


def run_timeline(history: History, rubric_set) -> Timeline:
    from riskkit.engine.scoring import score

    results = []
    prev = None
    for step in history.steps:
        a = score(step.deal, rubric_set)
        r = StepResult(step, a)
        if prev is not None:
            r.changes = _fact_changes(prev.assessment, a, rubric_set.catalogue)
            r.params = _param_changes(prev.step.deal, step.deal, rubric_set)
            moved = {c.fact for c in r.changes} | {f"param:{p}" for _, p, _, _ in r.params}
            r.flips = _flips(prev.assessment, a, moved, rubric_set.catalogue)
            r.band_changes = _band_changes(prev.assessment, a, r.flips)
        results.append(r)
        prev = r
    return Timeline(history, results)


def _fact_value(catalogue, facts, fid):
    f = facts.get(fid)
    if f is None:
        return "unknown"
    spec = catalogue.facts[fid]
    return show(f.value, spec.type, f.currency, spec.unit)


def _fact_changes(before, after, catalogue) -> list:
    from riskkit.engine.derive import resolve_facts
    from riskkit.model.words import fact_label

    fb = resolve_facts(before.deal, catalogue)
    fa = resolve_facts(after.deal, catalogue)
    out = []
    for fid in sorted(set(fb) | set(fa)):
        a, b = fb.get(fid), fa.get(fid)
        va, vb = (a.value, a.currency) if a else None, (b.value, b.currency) if b else None
        if va != vb:
            out.append(
                FactChange(
                    fid,
                    _fact_value(catalogue, fb, fid),
                    _fact_value(catalogue, fa, fid),
                    tuple(b.sources) if b else (),
                    fact_label(catalogue, fid),
                )  # fmt: skip
            )
    return out


def _param_changes(d0, d1, rubric_set) -> list:
    out = []
    for rubric in rubric_set.rubrics:
        for pid, param in rubric.parameters.items():
            p0, p1 = param.in_force(d0.as_of), param.in_force(d1.as_of)
            if p0 != p1:
                out.append((rubric.id, pid, _param_text(param, p0), _param_text(param, p1)))
    return out


def _param_text(param, pv) -> str:
    return show(pv.value, param.type, param.currency) if pv else "not in force"


def _points(f) -> str:
    return span(f.points, f.points_worst)


def _flips(before, after, moved: set, catalogue) -> list:
    out = []
    for r0, r1 in zip(before.results, after.results, strict=False):
        for f0, f1 in zip(r0.findings, r1.findings, strict=False):
            if (f0.status, f0.points, f0.points_worst, f0.level) == (f1.status, f1.points, f1.points_worst, f1.level):
                continue
            read = criterion_reads(f1.criterion, catalogue)
            facts = tuple(sorted(read & moved))
            if "deal.as_of" in read and before.deal.as_of != after.deal.as_of:
                facts += ("deal.as_of",)
            width = (f1.points_worst - f1.points) - (f0.points_worst - f0.points)
            out.append(
                Flip(r1.id, f1.id, f1.criterion.title, f0.status, f1.status, _points(f0), _points(f1), facts, width)
            )
    return out


def band_with_bounds(g) -> str:
    """'high (moderate–severe)': the most-likely band, the best–worst bounds beside it when they differ."""
    return g.likely_band if g.band == g.band_worst else f"{g.likely_band} ({g.band_text()})"


def _status_words(status: str) -> str:
    """A finding status in the one vocabulary every output uses."""
    return {"triggered": "triggered", "not_triggered": "clear", "not_applicable": "not in play"}.get(
        status, status.replace("_", " ")
    )


def _width(r) -> int:
    return band_rank(r.band_worst) - band_rank(r.band)


def _band_changes(before, after, flips) -> list:
    out = []
    for r0, r1 in zip(before.results, after.results, strict=False):
        a, b = r0.range, r1.range
        if not r1.scored:  # a filing rubric gives verdicts, never a band that moves
            continue
        if (a.band, a.likely_band, a.band_worst) == (b.band, b.likely_band, b.band_worst):
            continue
        mine = [f for f in flips if f.rubric == r1.id]
        because = tuple(dict.fromkeys(x for f in mine for x in f.facts))
        direction = "rose" if (band_rank(b.likely_band), band_rank(b.band_worst) + band_rank(b.band)) > (
            band_rank(a.likely_band), band_rank(a.band_worst) + band_rank(a.band)) else "fell"  # fmt: skip
        # Only findings whose status changed are named ('unknown → unknown' says nothing: such a finding
        # moved points, which the score change already shows).
        moved = tuple((f.title, _status_words(f.before), _status_words(f.after)) for f in mine if f.before != f.after)
        parts = [f"{t} ({x} → {y})" for t, x, y in moved]
        if not mine and r0.status != r1.status:
            parts.append(f"applicability changed ({r0.status} → {r1.status})")
        was, now = band_with_bounds(a), band_with_bounds(b)
        if a.likely_band == b.likely_band:  # the likely band held; only the bounds moved
            moved_bounds = "narrowed" if _width(b) < _width(a) else "widened" if _width(b) > _width(a) else "shifted"
            head = f"{r1.id} stayed {b.likely_band}; its range {moved_bounds} from {a.band_text()} to {b.band_text()}"
        else:
            head = f"{r1.id} {direction} from {was} to {now}"
        explanation = (
            f"{head} (score {a.likely_text()} → {b.likely_text()})" + (": " + "; ".join(parts) if parts else "") + "."
        )
        out.append(
            BandChange(r1.id, was, now, a.likely_text(), b.likely_text(), because, explanation, direction, moved)
        )
    return out

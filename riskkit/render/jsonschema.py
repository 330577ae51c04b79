"""The JSON Schema of `riskkit score --format json` (`riskkit schema assessment`).

Built from the result records where their to_dict() writes their fields as they are (msgspec
reads the field types), and spelled out where to_dict() reshapes them. Every object names all
its keys (additionalProperties: false); tests/test_schemas.py validates real outputs against it.
"""

from __future__ import annotations

from riskkit.load.rubric import KINDS
from riskkit.model.inputs import BANDS, CONFIDENCES, PARTY_ROLES, STAGES
from riskkit.schema import DATE, DRAFT, ID


def _record(cls, *, drop=(), add=None, optional=()) -> dict:
    """The JSON object a record's to_dict() writes, from the record's own field types (msgspec):
    every field a required key unless listed in `optional`, no other keys; `add` for the keys
    to_dict() writes beside the fields, `drop` for fields it leaves out."""
    import msgspec

    (ref,), defs = msgspec.json.schema_components(
        [cls], schema_hook=lambda t: {"title": "any value"}, ref_template="#/$defs/{name}"
    )
    props = {k: _inline(v, defs) for k, v in defs[cls.__name__]["properties"].items() if k not in drop}
    props.update(add or {})
    return _object(props, optional=optional)


def _inline(schema, defs):
    """A msgspec field schema with its $refs to other records replaced by their plain definitions."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _inline(defs[schema["$ref"].rsplit("/", 1)[1]], defs)
        return {k: _inline(v, defs) for k, v in schema.items() if k != "title"}
    if isinstance(schema, list):
        return [_inline(v, defs) for v in schema]
    return schema


def _object(props: dict, optional=()) -> dict:
    return {
        "type": "object",
        "required": [k for k in props if k not in optional],
        "additionalProperties": False,
        "properties": props,
    }


def _list(items: dict | None = None) -> dict:
    return {"type": "array", "items": items if items is not None else STR}


STR = {"type": "string"}
STR_OR_NULL = {"type": ["string", "null"]}
DATE_OR_NULL = {"anyOf": [DATE, {"type": "null"}]}
NUMBER = {"type": "number"}
COUNT = {"type": "integer", "minimum": 0}
FACT_VALUE = {
    "anyOf": [
        {"type": ["number", "boolean", "string"]},
        {
            "type": "object",
            "required": ["low", "high"],
            "additionalProperties": False,
            "properties": {"low": NUMBER, "high": NUMBER},
        },
        {"type": "array", "items": {"type": ["string", "number"]}},
    ]
}
STATUS = {"enum": ["triggered", "not_triggered", "unknown", "not_applicable", "not_in_play"]}
BAND_OR_NULL = {"anyOf": [{"enum": list(BANDS)}, {"type": "null"}]}
STR_LIST = {"type": "array", "items": {"type": "string"}}


def assessment_schema() -> dict:
    """`riskkit score --format json`: every key of Assessment.to_dict() and what the JSON writer adds."""
    from riskkit.engine.conditions import Check
    from riskkit.load.waivers import WaiverProblem
    from riskkit.model.inputs import Condition, LaterSource, Proceeding, Reference, Review, Source
    from riskkit.model.results import STATUSES, FactUse, Gap, ScoreRange, Waiver

    reference = _record(
        Reference,
        add={"primary": {"type": "boolean"}, "after_as_of": {"type": "boolean"}, "undated": {"type": "boolean"}},
        optional=("after_as_of", "undated"),
    )
    score_range = _record(ScoreRange)
    score_range["properties"].update(
        band={"enum": list(BANDS)},
        band_worst={"enum": list(BANDS)},
        band_likely={"enum": list(BANDS)},
        concern_likely=STR,
        points_likely=NUMBER,
        score_likely=NUMBER,
    )
    scored = tuple(score_range["properties"])  # a notifiability rubric has verdicts instead of scores
    counts = _object({s: COUNT for s in (*STATUSES, "waived")})
    check = _record(Check, add={"text": STR})
    fact_use = _record(FactUse, add={"value": FACT_VALUE})
    waiver = _record(Waiver, add={"expires": DATE})
    finding = _object(
        {
            "id": ID,
            "title": STR,
            "status": STATUS,
            "waived": {"type": "boolean"},
            "waiver": {"anyOf": [waiver, {"type": "null"}]},
            "points": NUMBER,
            "points_worst": NUMBER,
            "max_points": NUMBER,
            "level": STR,
            "floor": {"anyOf": [{"enum": list(BANDS)}, {"type": "null"}]},
            "jurisdictions": _list(),
            "why": STR,
            "checks": _list(check),
            "facts": _list(fact_use),
            "missing_facts": _list(),
            "uncertain_facts": _list(),
            "evidence": STR,
            "rationale": STR,
            "change": STR,
            "points_likely": NUMBER,
            "points_prior": {"type": ["number", "null"]},
            "presumed": _list({}),
            "reason": STR,
            "unpresumed": _list(),
            "mitigation": STR,
            "mitigation_stage": STR,
            "theory": STR,
            "unverified": STR,
            "waivable": {"type": "boolean"},
            "references": _list(reference),
            "rationale_after_as_of": _list(),
            "parameter_references": _list(reference),
        },
        optional=(
            "rationale_after_as_of",
            "mitigation_stage",
            "theory",
            "points",
            "points_worst",
            "points_likely",
            "points_prior",
            "max_points",
            "floor",
        ),
    )
    jurisdiction = _object(
        {"id": STR, "name": STR, "authority": STR, **score_range["properties"], "criteria": _list(), "verdict": STR},
        optional=("verdict", *scored),
    )
    result = _object(
        {
            "id": ID,
            "title": STR,
            "version": STR,
            "effective": DATE,
            "kind": {"enum": list(KINDS)},
            "summary": STR,
            "status": {"enum": ["applicable", "not_applicable", "applicability_unknown"]},
            **score_range["properties"],
            "score_new": {"type": ["number", "null"]},
            "range_drivers": _list(_object({"fact": ID, "points": NUMBER, "score": NUMBER})),
            "bands": _list(_object({"band": {"enum": list(BANDS)}, "min": NUMBER, "concern": STR})),
            "counts": counts,
            "jurisdictions": _list(jurisdiction),
            "verdicts": _list(_object({"jurisdiction": STR, "verdict": STR, "reason": STR})),
            "findings": _list(finding),
            "not_in_play": _list(_object({"id": ID, "title": STR, "reason": STR})),
            "gaps": _list(_record(Gap)),
        },
        optional=(*scored, "score_new", "range_drivers", "bands", "verdicts"),
    )
    deal = _object(
        {
            "id": ID,
            "title": STR,
            "as_of": DATE,
            "closed_on": DATE_OR_NULL,
            "stage": {"enum": list(STAGES)},
            "hypothetical": {"type": "boolean"},
            "parties": _list(_object({"name": STR, "role": {"enum": list(PARTY_ROLES)}})),
            "jurisdictions": _list(),
            "summary": STR,
            "path": STR,
        },
        optional=("closed_on",),
    )
    fact = _object(
        {
            "id": ID,
            "value": FACT_VALUE,
            "display": STR,
            "currency": STR_OR_NULL,
            "confidence": {"enum": list(CONFIDENCES) + ["unsourced"]},
            "sources": _list(),
            "later_sources": _list(),
            "as_of": DATE_OR_NULL,
            "note": STR,
            "line": {"type": ["integer", "null"]},
        },
        optional=("later_sources",),
    )
    screen_row = _object(
        {
            "regime": STR,
            "name": STR,
            "verdict": {"enum": ["likely notifiable", "not notifiable", "unknown"]},
            "verdict_text": STR,
            "basis": {"enum": ["facts", "estimate"]},
            "estimated_facts": _list(),
            "first_question": {"type": ["string", "null"]},
            "reason": STR,
            "suspensory": STR,
            "clock": STR,
            "window": STR,
            "stage": STR,
            "filed": {"type": ["boolean", "null"]},
            "window_ends": DATE_OR_NULL,
            "window_open": {"type": ["boolean", "null"]},
            "window_status_as_at": DATE_OR_NULL,
            "exposure": STR,
            "questions": _list(),
            "likely_response": {
                "anyOf": [
                    {"type": "null"},
                    _object({"response": STR, "text": STR, "precedents": _list(reference), "why": STR}),
                ]
            },
            "references": _list(reference),
            "unverified": STR,
        }
    )
    fx = _object({"from": STR, "to": STR, "rate": NUMBER, "as_of": DATE_OR_NULL, "source": STR})
    waivers = _object(
        {
            "path": STR,
            "today": DATE,
            "fingerprint": STR,
            "applied": _list({"type": "object"}),
            "problems": _list(_record(WaiverProblem, drop=("index",), add={"text": STR})),
            "notes": _list(),
        }
    )
    baseline = _object({"path": STR, "deal": STR, "fingerprint": STR, "known": COUNT, "new": _list({})})
    props = {
        "schema_version": {"const": "1.0"},
        "riskkit_version": STR,
        "fingerprint": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
        "deal": deal,
        "rubrics": _list(_object({"id": ID, "version": STR, "effective": DATE})),
        "summary": _object({**counts["properties"], "criteria": COUNT, "line": STR}),
        "results": _list(result),
        "facts": _list(fact),
        "sources": _list(_record(Source, add={"primary": {"type": "boolean"}, "kind": STR})),
        "fx": _list(fx),
        "warnings": _list(),
        # added by the JSON writer when --waivers / --baseline are given
        "waivers": waivers,
        "baseline": baseline,
        "hindsight": _object(
            {"as_of": DATE, "include_later_sources": {"type": "boolean"}, "later_sources": _list(_record(LaterSource))}
        ),
        "filing_screen": _list(screen_row),
        "theories_of_harm": _list(
            _object(
                {
                    "theory": STR,
                    "status": STATUS,
                    "rubric": ID,
                    "criteria": _list(),
                    "triggered": _list(),
                    "unknown": _list(),
                    "missing_facts": _list(),
                }
            )
        ),
        "conditions": _list(_record(Condition, add={"later_sources": _list()})),
        "proceedings": _list(_record(Proceeding)),
        "legend": _object({"role": STR, "text": STR}),
        "presumptions": _list(
            _object(
                {
                    "fact": ID,
                    "origin": STR,
                    "reason": STR,
                    "source": STR,
                    "probability": NUMBER,
                    "value": {},
                    "display": STR,
                    "criteria": _list(),
                },
                optional=("probability", "value", "display", "criteria"),
            )
        ),
        "not_in_play": _list(_object({"criterion": ID, "reason": STR})),
        "prior": {
            "anyOf": [
                {"type": "null"},
                _object({"deal": STR, "reviews": _list(_record(Review))}),
            ]
        },
    }
    optional = ("waivers", "baseline")
    return {"$schema": DRAFT, "title": "riskkit assessment (riskkit score --format json)", **_object(props, optional)}

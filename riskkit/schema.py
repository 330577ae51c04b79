"""JSON Schemas for editors (`riskkit schema facts|rubric|catalogue|assessment`).

The loaders are the authority (they also check facts against the catalogue); these schemas
give editors completion and early red squiggles for the same shapes.
"""

from __future__ import annotations

from riskkit.load.conditions import ALL_OPS
from riskkit.load.proceedings import proceeding_schema
from riskkit.model.inputs import (
    CONFIDENCES,
    DERIVED_OPS,
    FACT_TYPES,
    LEGACY_SOURCE_KINDS,
    NUMERIC_TYPES,
    PARTY_ROLES,
    SOURCE_KINDS,
    STAGES,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_.\-]*$"}
RANGE = {
    "type": "object",
    "required": ["low", "high"],
    "additionalProperties": False,
    "properties": {"low": {"type": "number"}, "high": {"type": "number"}},
}
SCALAR = {
    "anyOf": [
        {"type": ["number", "boolean", "string"]},
        RANGE,
        {"type": "array", "items": {"type": ["string", "number"]}},
    ]
}


def _review(required: list) -> dict:
    """A regulator review: of the prior state (dated) or of the transaction itself (date optional)."""
    return {
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": {
            "authority": {"type": "string"},
            "date": DATE,
            "outcome": {"type": "string"},
            "sources": {"type": "array", "items": ID},
            "scope": {"enum": ["jurisdiction", "merits"]},
            "decision": {"type": "string"},
        },
    }


def fact_value_schema(spec) -> dict:
    """What a deal may write as the value of one catalogue fact (deal.parse_value's rules)."""
    t = spec.type
    if t in NUMERIC_TYPES:
        number = {"type": "integer" if t == "integer" else "number"}
        if t == "percent":
            number.update(minimum=0, maximum=100)
        elif t == "money":
            number.update(minimum=0)
        span = {
            "type": "object",
            "required": ["low", "high"],
            "additionalProperties": False,
            "properties": {"low": number, "high": number},
        }
        return {"anyOf": [number, span]}
    if t == "bool":
        return {"type": "boolean"}
    if t == "date":
        return DATE
    if t == "enum":
        return {"enum": list(spec.values)}
    if t == "enum_list":
        one = {"enum": list(spec.values)}
        return {"anyOf": [one, {"type": "array", "items": one, "uniqueItems": True}]}
    if t == "number_list":
        return {"type": "array", "minItems": 1, "items": {"type": "number"}}
    return {"type": ["string", "number"]}  # text


def _fact_entry(spec, full: dict) -> dict:
    """A fact as a deal writes it: {value: …, sources: …} or the bare value (not money), or null."""
    value = fact_value_schema(spec)
    entry = {
        **full,
        "properties": {**full["properties"], "value": value},
        "required": ["value", "currency"] if spec.type == "money" else ["value"],
    }
    if spec.type != "money":
        entry["properties"] = {k: v for k, v in entry["properties"].items() if k != "currency"}
    forms = [entry, {"type": "null"}] if spec.type == "money" else [entry, value, {"type": "null"}]
    text = f"{spec.description} ({spec.type}{', ' + spec.unit if spec.unit else ''})"
    return {"description": text, "anyOf": forms}


PRESUMPTIONS = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "required": ["reason"],
        "additionalProperties": False,
        "properties": {
            "reason": {"type": "string"},
            "value": {
                "anyOf": [{"type": ["number", "boolean", "string"]}, {"type": "array", "items": {"type": "string"}}]
            },
            "probability": {"type": "number", "minimum": 0, "maximum": 1},
            "source": {"type": "string"},
        },
    },
}


def _facts_schema(catalogue=None) -> dict:
    """The deal facts file, with one property per fact of the catalogue (bundled by default):
    an editor flags a misspelt fact id or a value of the wrong type."""
    if catalogue is None:
        from riskkit.load.catalogue import catalogue_for

        catalogue = catalogue_for(None)
    full = {
        "type": "object",
        "required": ["value"],
        "additionalProperties": False,
        "properties": {
            "value": SCALAR,
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "sources": {"anyOf": [ID, {"type": "array", "items": ID}]},
            "confidence": {"enum": list(CONFIDENCES)},
            "as_of": DATE,
            "note": {"type": "string"},
        },
    }
    return {
        "$schema": DRAFT,
        "title": "riskkit deal facts file",
        "type": "object",
        "required": ["deal", "facts"],
        "additionalProperties": False,
        "properties": {
            "deal": {
                "type": "object",
                "required": ["id", "title", "as_of", "stage", "parties", "jurisdictions"],
                "additionalProperties": False,
                "properties": {
                    "id": ID,
                    "title": {"type": "string"},
                    "as_of": DATE,
                    "stage": {"enum": list(STAGES)},
                    "hypothetical": {"type": "boolean"},
                    "summary": {"type": "string"},
                    "closed_on": DATE,
                    "structures": {"type": "array", "items": {"enum": sorted(catalogue.structures)}},
                    "jurisdictions": {"type": "array", "items": {"type": "string"}},
                    "parties": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["name", "role"],
                            "additionalProperties": False,
                            "properties": {"name": {"type": "string"}, "role": {"enum": list(PARTY_ROLES)}},
                        },
                    },
                },
            },
            "fx": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["from", "to", "rate"],
                    "additionalProperties": False,
                    "properties": {
                        "from": {"type": "string"},
                        "to": {"type": "string"},
                        "rate": {"type": "number", "exclusiveMinimum": 0},
                        "as_of": DATE,
                        "source": ID,
                    },
                },
            },
            "sources": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "required": ["title"],
                    "additionalProperties": False,
                    "properties": {
                        "title": {"type": "string"},
                        "publisher": {"type": "string"},
                        "date": DATE,
                        "kind": {"enum": list(SOURCE_KINDS) + list(LEGACY_SOURCE_KINDS)},
                        "url": {"type": "string"},
                        "locator": {"type": "string"},
                    },
                },
            },
            "facts": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    fid: _fact_entry(spec, full)
                    for fid, spec in sorted(catalogue.facts.items())
                    if not spec.derived_op  # derived facts are computed, never given
                },
            },
            "presumptions": PRESUMPTIONS,
            "prior": {
                "type": "object",
                "required": ["facts"],
                "additionalProperties": False,
                "properties": {
                    "facts": {"type": "string"},
                    "reviews": {"type": "array", "items": _review(["authority", "date", "outcome"])},
                },
            },
            "reviews": {"type": "array", "items": _review(["authority", "outcome"])},
            "proceedings": {"type": "array", "items": proceeding_schema(DATE, ID)},
            "conditions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "text", "imposed_by", "sources"],
                    "additionalProperties": False,
                    "properties": {
                        "id": ID,
                        "text": {"type": "string"},
                        "imposed_by": {"type": "string"},
                        "kind": {"enum": ["undertaking", "monitoring", "notice", "governance", "other"]},
                        "due": {"type": "string"},
                        "status": {"enum": ["in_force", "satisfied", "disputed", "unknown"]},
                        "sources": {"type": "array", "items": ID},
                        "unverified": {"type": "string"},
                    },
                },
            },
        },
    }


def condition_schema() -> dict:
    return {
        "anyOf": [
            {
                "type": "object",
                "required": ["all"],
                "additionalProperties": False,
                "properties": {"all": {"type": "array", "items": {"$ref": "#/$defs/condition"}, "minItems": 1}},
            },
            {
                "type": "object",
                "required": ["any"],
                "additionalProperties": False,
                "properties": {"any": {"type": "array", "items": {"$ref": "#/$defs/condition"}, "minItems": 1}},
            },
            {
                "type": "object",
                "required": ["not"],
                "additionalProperties": False,
                "properties": {"not": {"$ref": "#/$defs/condition"}},
            },
            {
                "type": "object",
                "required": ["test"],
                "additionalProperties": False,
                "properties": {"test": {"type": "string"}},
            },
            {
                "type": "object",
                "required": ["fact", "op"],
                "additionalProperties": False,
                "properties": {
                    "fact": {"type": "string"},
                    "op": {"enum": list(ALL_OPS)},
                    "value": {},
                    "param": {"type": "string"},
                    "other": {"type": "string"},
                },
            },
        ]
    }


REFERENCE = {
    "type": "object",
    "required": ["title"],
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string"},
        "issuer": {"type": "string"},
        "date": DATE,
        "pinpoint": {"type": "string"},
        "url": {"type": "string"},
        "kind": {"enum": list(SOURCE_KINDS)},
        "via": {"type": "string"},
    },
}


def _catalogue_schema() -> dict:
    return {
        "$schema": DRAFT,
        "title": "riskkit facts catalogue",
        "$defs": {"condition": condition_schema()},
        "type": "object",
        "required": ["catalogue", "facts"],
        "additionalProperties": False,
        "properties": {
            "catalogue": {"const": 1},
            "presumptions": PRESUMPTIONS,
            "structures": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "title"],
                    "additionalProperties": False,
                    "properties": {"id": ID, "title": {"type": "string"}, "when": {"$ref": "#/$defs/condition"}},
                },
            },
            "jurisdictions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "name", "authority"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"type": "string"},
                        "name": {"type": "string"},
                        "authority": {"type": "string"},
                    },
                },
            },
            "facts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "type", "description", "question"],
                    "additionalProperties": False,
                    "properties": {
                        "id": ID,
                        "type": {"enum": list(FACT_TYPES)},
                        "unit": {"type": "string"},
                        "values": {"type": "array", "items": {"type": "string"}},
                        "group": ID,
                        "description": {"type": "string"},
                        "question": {"type": "string"},
                        "lever": {
                            "type": "object",
                            "required": ["alternatives"],
                            "additionalProperties": False,
                            "properties": {"alternatives": {"type": "array", "minItems": 1}},
                        },
                        "derived": {
                            "type": "object",
                            "required": ["op", "of"],
                            "additionalProperties": False,
                            "properties": {
                                "op": {"enum": list(DERIVED_OPS)},
                                "of": {"type": "array", "items": ID, "minItems": 1},
                            },
                        },
                    },
                },
            },
        },
    }


def schema_for(kind: str, rubrics_dir=None) -> dict:
    """The JSON Schema of one kind of file; the facts schema lists the catalogue of `rubrics_dir`
    (the bundled rubrics by default)."""
    if kind == "facts":
        from riskkit.load.catalogue import catalogue_for

        return _facts_schema(catalogue_for(rubrics_dir))
    if kind == "assessment":
        from riskkit.render.jsonschema import assessment_schema

        return assessment_schema()
    if kind in ("rubric", "parameters"):
        from riskkit.render.rubric_schema import parameters_schema, rubric_schema

        return {"rubric": rubric_schema, "parameters": parameters_schema}[kind]()
    return {"catalogue": _catalogue_schema}[kind]()

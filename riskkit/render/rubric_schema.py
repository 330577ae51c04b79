"""The JSON Schema of rubric files (`riskkit schema rubric`), beside riskkit.schema's facts and
catalogue schemas and riskkit.render.jsonschema's assessment schema."""

from __future__ import annotations

from riskkit.load.rubric import KINDS
from riskkit.model.inputs import (
    BANDS,
    STAGES,
)
from riskkit.schema import DATE, DRAFT, ID, REFERENCE, condition_schema


def rubric_schema() -> dict:
    """`riskkit schema rubric`: every key a rubric file may hold."""
    cond = {"$ref": "#/$defs/condition"}
    return {
        "$schema": DRAFT,
        "title": "riskkit rubric file",
        "type": "object",
        "required": ["rubric", "id", "title", "version", "effective", "jurisdictions", "summary", "criteria"],
        "additionalProperties": False,
        "$defs": {"condition": condition_schema(), "reference": REFERENCE},
        "properties": {
            "rubric": {"const": 1},
            "id": ID,
            "title": {"type": "string"},
            "version": {"type": "string"},
            "effective": DATE,
            "kind": {"enum": list(KINDS)},
            "jurisdictions": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "summary": {"type": "string"},
            "applies_when": cond,
            "settled_by_review": {"type": "boolean"},
            "regimes": {"type": "object", "additionalProperties": {"type": "object"}},
            "bands": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["band", "min"],
                    "additionalProperties": False,
                    "properties": {
                        "band": {"enum": list(BANDS)},
                        "min": {"type": "number", "minimum": 0, "maximum": 100},
                    },
                },
            },
            "parameters": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "required": ["type", "title", "values"],
                    "additionalProperties": False,
                    "properties": {
                        "type": {"enum": ["integer", "number", "percent", "money", "date"]},
                        "title": {"type": "string"},
                        "currency": {"type": "string"},
                        "checked": DATE,
                        "unverified": {"type": "string"},
                        "before_first": {"enum": ["not_in_force", "unknown"]},
                        "values": {
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "object",
                                "required": ["value", "effective", "reference"],
                                "additionalProperties": False,
                                "properties": {
                                    "value": {},
                                    "effective": DATE,
                                    "reference": {"$ref": "#/$defs/reference"},
                                },
                            },
                        },
                    },
                },
            },
            "criteria": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["id", "title", "jurisdictions", "rationale", "mitigation", "references"],
                    "additionalProperties": False,
                    "properties": {
                        "id": ID,
                        "title": {"type": "string"},
                        "jurisdictions": {"type": "array", "items": {"type": "string"}},
                        "when": cond,
                        "points": {"type": "number", "minimum": 0},
                        "levels": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["when", "points"],
                                "additionalProperties": False,
                                "properties": {
                                    "when": cond,
                                    "points": {"type": "number", "minimum": 0},
                                    "label": {"type": "string"},
                                },
                            },
                        },
                        "floor": {"enum": list(BANDS)},
                        "waivable": {"type": "boolean"},
                        "unverified": {"type": "string"},
                        "rationale": {"type": "string"},
                        "theory": {"type": "string"},
                        "applies_to": {"type": "array", "minItems": 1, "items": ID},
                        "context": {"type": "string", "maxLength": 500},
                        "mitigation": {
                            "anyOf": [
                                {"type": "string"},
                                {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["stages", "text"],
                                        "additionalProperties": False,
                                        "properties": {
                                            "stages": {"type": "array", "items": {"enum": list(STAGES)}},
                                            "text": {"type": "string"},
                                        },
                                    },
                                },
                            ]
                        },
                        "references": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/reference"}},
                    },
                },
            },
        },
    }


def parameters_schema() -> dict:
    """rubrics/parameters.yaml: thresholds and named legal tests shared by every rubric in the folder."""
    rubric = rubric_schema()
    return {
        "$schema": DRAFT,
        "title": "riskkit shared parameters file",
        "type": "object",
        "required": ["shared"],
        "additionalProperties": False,
        "$defs": rubric["$defs"],
        "properties": {
            "shared": {"const": 1},
            "parameters": rubric["properties"]["parameters"],
            "tests": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "required": ["title", "when"],
                    "additionalProperties": False,
                    "properties": {
                        "title": {"type": "string"},
                        "jurisdiction": {"type": "string"},
                        "when": {"$ref": "#/$defs/condition"},
                    },
                },
            },
        },
    }

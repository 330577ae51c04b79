"""The deal file's `proceedings`: the particulars of a live lawsuit, each with its sources.

A fact such as litigation_challenging_transaction says a suit is on foot; its court, docket,
parties and claims are not values a rubric scores, so they live here, cited, and the memo states
them instead of asking for them.
"""

from __future__ import annotations

from riskkit.errors import did_you_mean
from riskkit.load.fields import Node, source_refs
from riskkit.model.inputs import Proceeding

OPTIONAL = ("court", "docket", "investor_defendant", "claims", "status", "next_event", "next_date")


def parse_proceedings(node: Node, sources: dict, catalogue) -> tuple:
    out, seen = [], set()
    for item in node.items():
        m = item.mapping(required=("fact", "name", "sources"), optional=OPTIONAL)
        fid = m["fact"].str(max_len=100)
        if fid not in catalogue.facts:
            raise m["fact"].error(f"unknown fact id '{fid}'", did_you_mean(fid, catalogue.facts))
        if catalogue.facts[fid].type != "bool":
            raise m["fact"].error(f"'{fid}' is not a yes/no fact; a proceeding particularises a yes/no fact")
        if fid in seen:
            raise m["fact"].error(f"fact '{fid}' has two proceedings; give one")
        seen.add(fid)
        refs = source_refs(m["sources"], sources)
        text = {
            k: m[k].str(max_len=2000) if k in m else "" for k in ("court", "docket", "claims", "status", "next_event")
        }
        out.append(
            Proceeding(
                fact=fid,
                name=m["name"].str(max_len=300),
                sources=refs,
                investor_defendant=m["investor_defendant"].bool() if "investor_defendant" in m else None,
                next_date=m["next_date"].date() if "next_date" in m else None,
                **text,
            )
        )
    return tuple(out)


def proceeding_schema(date: dict, ident: dict) -> dict:
    """The JSON Schema of one `proceedings` entry (riskkit.schema), beside the parser it describes."""
    text = {k: {"type": "string"} for k in ("fact", "name", "court", "docket", "claims", "status", "next_event")}
    return {
        "type": "object",
        "required": ["fact", "name", "sources"],
        "additionalProperties": False,
        "properties": {
            **text,
            "investor_defendant": {"type": "boolean"},
            "next_date": date,
            "sources": {"type": "array", "items": ident, "minItems": 1},
        },
    }

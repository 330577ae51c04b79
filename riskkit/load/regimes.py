"""Load a notifiability rubric's `regimes:` section: filing-screen metadata per jurisdiction tag.

Each regime says whether it is suspensory, its review clock, the window in which an authority can
still act, which fact records whether a filing was made, the exposure for not filing, and the
likely regulator response (first matching `outlook` entry) with the precedents behind it.
"""

from __future__ import annotations

from riskkit.load.fields import Node
from riskkit.model.inputs import RESPONSES, Outlook, Regime
from riskkit.model.rubric import ConductRoute

SUSPENSORY = ("suspensory", "non_suspensory", "duty_to_inform", "referral", "call_in")
REGIME_KEYS = ("name", "suspensory", "clock", "window", "references")
REGIME_OPTIONAL = ("window_months", "filed_fact", "exposure", "outlook", "unverified", "conduct", "daily_penalty")
CONDUCT_KEYS = ("when", "date", "head", "text", "cite")
CONDUCT_OPS = {"is_true": ("bool",), "gte": ("percent", "number", "integer", "money")}


def parse_regimes(node: Node, ctx, jurisdictions: tuple) -> dict:
    from riskkit.load.rubric import _reference, parse_condition

    out = {}
    for tag, rnode in node.entries("a mapping of jurisdiction tag → regime"):
        if tag not in jurisdictions:
            raise rnode.error(f"regime '{tag}' is not one of this rubric's jurisdictions: {', '.join(jurisdictions)}")
        m = rnode.mapping(required=REGIME_KEYS, optional=REGIME_OPTIONAL, what="a regime")
        filed = ""
        if "filed_fact" in m:
            filed = m["filed_fact"].str()
            spec = ctx.catalogue.facts.get(filed)
            if spec is None or spec.type != "bool":
                raise m["filed_fact"].error(f"filed_fact '{filed}' must be a bool fact declared in the catalogue")
        outlook = []
        if "outlook" in m:
            for onode in m["outlook"].items(allow_empty=False):
                om = onode.mapping(required=("response", "text"), optional=("when", "references"))
                outlook.append(
                    Outlook(
                        response=om["response"].choice(RESPONSES, "a response, one of"),
                        text=om["text"].str(),
                        when=parse_condition(om["when"], ctx) if "when" in om else None,
                        references=tuple(_reference(r) for r in om["references"].items()) if "references" in om else (),
                    )
                )
            if outlook[-1].when is not None:
                raise m["outlook"].error("the last outlook entry must have no 'when' (the default response)")
        penalty = (
            m["daily_penalty"].mapping(required=("usd", "verified"), what="{usd, verified}")
            if "daily_penalty" in m
            else None
        )
        out[tag] = Regime(
            id=tag,
            name=m["name"].str(),
            suspensory=m["suspensory"].choice(SUSPENSORY, "one of"),
            clock=m["clock"].str(),
            window=m["window"].str(),
            references=tuple(_reference(r) for r in m["references"].items(allow_empty=False)),
            window_months=m["window_months"].int(minimum=1) if "window_months" in m else None,
            filed_fact=filed,
            exposure=m["exposure"].str() if "exposure" in m else "",
            outlook=tuple(outlook),
            unverified=m["unverified"].str() if "unverified" in m else "",
            line=rnode.line,
            conduct=tuple(_conduct(c, ctx) for c in m["conduct"].items()) if "conduct" in m else (),
            daily_penalty_usd=penalty["usd"].int(minimum=1) if penalty is not None else None,
            daily_penalty_verified=penalty["verified"].bool() if penalty is not None else False,
        )
    missing = [j for j in jurisdictions if j not in out]
    if missing:
        raise node.error(f"no regime for jurisdiction(s) {', '.join(missing)}")
    return out


def _conduct(node: Node, ctx) -> ConductRoute:
    """One conduct-law route: its feature (a bool fact that is true, or a number at least a minimum,
    from the catalogue), its date, and the memo's heading, text and citation."""
    m = node.mapping(required=CONDUCT_KEYS, what="a conduct route {when, date, head, text, cite}")
    w = m["when"].mapping(required=("fact", "op"), optional=("value",), what="a feature {fact, op, value}")
    fid, op = w["fact"].str(), w["op"].choice(tuple(CONDUCT_OPS), "an op, one of")
    spec = ctx.catalogue.facts.get(fid)
    if spec is None or spec.type not in CONDUCT_OPS[op]:
        raise w["fact"].error(f"'{fid}' must be a {' or '.join(CONDUCT_OPS[op])} fact declared in the catalogue")
    if (op == "gte") != ("value" in w):
        raise m["when"].error("'gte' needs a value and 'is_true' takes none")
    return ConductRoute(
        fact=fid,
        op=op,
        date=m["date"].date(),
        head=m["head"].str(),
        text=m["text"].str(),
        cite=m["cite"].str(),
        value=w["value"].number() if "value" in w else None,
    )

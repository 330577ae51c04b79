"""Rubric conditions as data: the comparison language ({all|any|not|fact, op, value|param|other}),
parsed and checked against the catalogue's fact types, and the implication test that finds
unreachable levels. Used by rubric files and waiver files alike."""

from __future__ import annotations

from riskkit.errors import did_you_mean
from riskkit.load.fields import Node
from riskkit.model.inputs import DEAL_ATTRIBUTES, NUMERIC_TYPES, All, Any_, Catalogue, Compare, Interval, Not

SHARED_FILE = "parameters.yaml"  # a rubric folder's shared parameters and tests

OPS_BY_TYPE = {
    "numeric": ("eq", "ne", "lt", "lte", "gt", "gte", "between", "in", "not_in", "exists"),
    "date": ("eq", "ne", "lt", "lte", "gt", "gte", "between", "exists"),
    "enum": ("eq", "ne", "in", "not_in", "exists"),
    "enum_list": ("contains", "contains_any", "contains_all", "exists"),
    "bool": ("is_true", "is_false", "eq", "ne", "exists"),
    "text": ("eq", "ne", "contains", "exists"),
    "number_list": ("contains", "exists"),
}
ALL_OPS = tuple(sorted({op for ops in OPS_BY_TYPE.values() for op in ops}))
NO_RHS_OPS = ("exists", "is_true", "is_false")


def type_family(ftype: str) -> str:
    return "numeric" if ftype in NUMERIC_TYPES else ftype


def implies(a, b) -> bool:
    """True when condition a being true guarantees b is true (a conservative check)."""
    if a == b:
        return True
    if isinstance(a, Compare) and isinstance(b, Compare) and a.fact == b.fact and a.param == b.param:
        if a.param is not None or a.other is not None or b.other is not None:
            return a == b
        av, bv = a.value, b.value
        if isinstance(av, Interval) and isinstance(bv, Interval):
            x, y = av.low, bv.low
            lower = {"gte": ("gte", "gt"), "gt": ("gte", "gt")}
            upper = {"lte": ("lte", "lt"), "lt": ("lte", "lt")}
            if a.op in lower and b.op in lower[a.op]:
                return x > y or (x == y and not (a.op == "gte" and b.op == "gt"))
            if a.op in upper and b.op in upper[a.op]:
                return x < y or (x == y and not (a.op == "lte" and b.op == "lt"))
    if isinstance(a, All):
        return any(implies(item, b) for item in a.items)
    if isinstance(b, Any_):
        return any(implies(a, item) for item in b.items)
    return False


def condition_context(catalogue: Catalogue, params: dict) -> ConditionContext:
    """What parse_condition needs: the catalogue's fact types and the parameters in scope."""
    return ConditionContext(catalogue, params)


class ConditionContext:
    """What a condition may name: the catalogue's facts, the deal attributes, the rubric's parameters
    and shared tests."""

    def __init__(self, catalogue: Catalogue, params: dict, tests: dict | None = None):
        self.catalogue = catalogue
        self.params = params
        self.tests = tests or {}
        self.used_tests: set = set()

    def fact_type(self, node: Node, fid: str):
        if fid in DEAL_ATTRIBUTES:
            return DEAL_ATTRIBUTES[fid]
        spec = self.catalogue.facts.get(fid)
        if spec is None:
            raise node.error(
                f"reads undeclared fact '{fid}' (declare it in facts.yaml or facts.d/)",
                did_you_mean(fid, list(self.catalogue.facts) + list(DEAL_ATTRIBUTES)),
            )
        return spec.type, spec.values


def parse_condition(node: Node, ctx: ConditionContext, depth: int = 0):
    if depth > 20:
        raise node.error("condition nested too deeply")
    if not node.is_mapping():
        raise node.expected("a condition: {all: [...]}, {any: [...]}, {not: ...} or {fact, op, value}")
    keys = set(node.value)
    for combinator, cls in (("all", All), ("any", Any_)):
        if combinator in keys:
            m = node.mapping(required=(combinator,))
            return cls(tuple(parse_condition(i, ctx, depth + 1) for i in m[combinator].items(allow_empty=False)))
    if "not" in keys:
        m = node.mapping(required=("not",))
        return Not(parse_condition(m["not"], ctx, depth + 1))
    if "test" in keys:
        m = node.mapping(required=("test",), what="a shared test {test: name}")
        tid = m["test"].str()
        if tid not in ctx.tests:
            raise m["test"].error(
                f"unknown shared test '{tid}' (declare it under tests: in {SHARED_FILE})", did_you_mean(tid, ctx.tests)
            )
        ctx.used_tests.add(tid)
        return ctx.tests[tid][2]
    m = node.mapping(required=("fact", "op"), optional=("value", "param", "other"), what="a comparison")
    fid = m["fact"].str()
    ftype, values = ctx.fact_type(m["fact"], fid)
    family = type_family(ftype)
    op = m["op"].choice(ALL_OPS, "an operator, one of")
    if op not in OPS_BY_TYPE[family]:
        raise m["op"].error(
            f"operator '{op}' does not fit {ftype} fact '{fid}'; use one of {', '.join(OPS_BY_TYPE[family])}"
        )
    rhs = [k for k in ("value", "param", "other") if k in m]
    if op in NO_RHS_OPS:
        if rhs:
            raise m[rhs[0]].error(f"'{op}' takes no value")
        return Compare(fid, op, line=node.line)
    if len(rhs) != 1:
        raise node.error(f"'{op}' needs exactly one of value, param or other")
    kind = rhs[0]
    if kind == "param":
        pid = m["param"].str()
        param = ctx.params.get(pid)
        if param is None:
            raise m["param"].error(f"unknown parameter '{pid}'", did_you_mean(pid, ctx.params))
        if type_family(param.type) != family or (param.type == "money") != (ftype == "money"):
            raise m["param"].error(f"parameter '{pid}' is {param.type} but fact '{fid}' is {ftype}")
        if op in ("between", "in", "not_in", "contains_any", "contains_all"):
            raise m["op"].error(f"'{op}' needs a literal list value, not a parameter")
        return Compare(fid, op, param=pid, line=node.line)
    if kind == "other":
        oid = m["other"].str()
        otype, _ = ctx.fact_type(m["other"], oid)
        if type_family(otype) != family or (otype == "money") != (ftype == "money"):
            raise m["other"].error(f"fact '{oid}' is {otype} but fact '{fid}' is {ftype}")
        return Compare(fid, op, other=oid, line=node.line)
    return Compare(fid, op, value=_literal(m["value"], op, ftype, values), line=node.line)


def _literal(node: Node, op: str, ftype: str, values: tuple):
    from riskkit.load.factvalue import parse_value

    if ftype == "money":
        raise node.error("compare money with a money parameter (param: NAME), which carries its currency")
    if op == "between":
        items = node.items("a list [low, high]")
        if len(items) != 2:
            raise node.expected("a list [low, high]")
        low, high = (parse_value(ftype, values, i, allow_range=False) for i in items)
        if low > high if not isinstance(low, Interval) else low.low > high.low:
            raise node.error("between: low is above high")
        return (low, high)
    if op in ("in", "not_in", "contains_any", "contains_all"):
        if ftype in ("enum", "enum_list") and not values:
            return tuple(i.str() for i in node.items("a list", allow_empty=False))
        base = "enum" if ftype == "enum_list" else ftype
        return tuple(parse_value(base, values, i, allow_range=False) for i in node.items("a list", allow_empty=False))
    if op == "contains":
        if ftype == "enum_list" and values:
            return parse_value("enum", values, node)
        if ftype == "number_list":
            return node.number()
        return node.str()
    if ftype in ("enum", "enum_list") and not values:  # deal.jurisdictions: free strings
        return node.str()
    if ftype == "enum_list":
        return parse_value("enum", values, node)
    return parse_value(ftype, values, node, allow_range=False)

"""The JSON writer's layout: the same bytes as the straightforward recursive outline it replaced."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from riskkit.render.jsonout import dumps_outline

_key = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
_value = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), default=str, allow_nan=False).encode


def reference(value, depth: int = 4, indent: str = "") -> str:
    """The layout as first written: one item per line down to `depth` levels, compact below."""
    inner = indent + "  "
    if depth > 0 and isinstance(value, dict) and value:
        items = (f"{inner}{_key(k)}: {reference(v, depth - 1, inner)}" for k, v in value.items())
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if depth > 0 and isinstance(value, list) and value:
        return "[\n" + ",\n".join(f"{inner}{reference(v, depth - 1, inner)}" for v in value) + f"\n{indent}]"
    return _value(value)


SAMPLES = [
    {},
    [],
    "plain",
    {"a": 1, "b": [], "c": {}, "d": [1, [2, [3, [4, [5]]]]], "e": {"f": {"g": {"h": {"i": {"j": 1}}}}}},
    {"t": (1, 2), "date": dt.date(2025, 10, 28), "x": 1.5e-7, "y": 1e16, "z": 0.1, "n": None, "b": True},
    {"text": 'line\nbreak "quoted" \\ é — 中 \u2028', 7: "int key", "nested": [{"k": [{"deep": [1, {"x": 2}]}]}]},
]


@pytest.mark.parametrize("value", SAMPLES)
@pytest.mark.parametrize("depth", [0, 1, 2, 4, 6])
def test_layout_is_unchanged(value, depth):
    assert dumps_outline(value, depth) == reference(value, depth)


def test_a_real_assessment_is_laid_out_as_before(mini_deal, mini_set):
    from riskkit.engine.run import run

    data = run(mini_deal, mini_set).to_dict()
    assert dumps_outline(data) == reference(data)
    assert json.loads(dumps_outline(data)) == json.loads(json.dumps(data, default=str))

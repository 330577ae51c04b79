"""JSON: the whole assessment, stable key order, for CI and other programs."""

from __future__ import annotations

import json

# Built once: json.dumps with non-default options makes a new encoder on every call.
_key_json = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
_value_json = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), default=str, allow_nan=False).encode


def dumps_outline(value, depth: int = 4, indent: str = "") -> str:
    """JSON laid out one item per line down to `depth` levels, compact below.

    The assessment is large (every finding carries its evidence); the C encoder writes each
    deep item in one call, so output stays diff-friendly without pure-Python indenting. The
    levels above are written into one list of parts, joined once.
    """
    out: list[str] = []
    _write(value, depth, indent, out.append)
    return "".join(out)


def _write(value, depth: int, indent: str, put) -> None:
    if depth > 0 and isinstance(value, (dict, list)) and value:
        inner = indent + "  "
        if isinstance(value, dict):
            put("{\n")
            first = True
            for k, v in value.items():
                put(f"{inner}{_key_json(k)}: " if first else f",\n{inner}{_key_json(k)}: ")
                first = False
                _write(v, depth - 1, inner, put)
            put(f"\n{indent}}}")
        else:
            put("[\n")
            first = True
            for v in value:
                put(inner if first else f",\n{inner}")
                first = False
                _write(v, depth - 1, inner, put)
            put(f"\n{indent}]")
        return
    put(_value_json(value))


def write_json(run, stream, options) -> None:
    from pathlib import PurePath

    from riskkit.render.legend import legend_dict
    from riskkit.render.options import JsonOptions

    o = JsonOptions.of(options)
    data = run.to_dict()  # the assessment, plus waivers and baseline when the run had them
    if o.extra:
        data.update(o.extra)
    if isinstance(data.get("deal"), dict) and data["deal"].get("path"):
        data["deal"]["path"] = PurePath(data["deal"]["path"]).name  # the file's name, never a local path
    data["legend"] = legend_dict(o.role)  # the same confidentiality legend as the memo
    stream.write((dumps_outline(data) + "\n").encode("utf-8"))

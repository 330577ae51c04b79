"""Strict, safe YAML/JSON loading that remembers where every key came from.

Only plain data comes out: no tags that build Python objects, no aliases (so no alias
bombs), bounded nesting, no duplicate keys. Mappings and lists carry the line of each
entry so later validation can say ``file:line: key.path``.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from .errors import InputError

MAX_DEPTH = 40
MAX_BYTES = 20 * 1024 * 1024


class LineDict(dict):
    """A dict that knows the line of each key (1-based) and of itself."""

    line: int = 0
    lines: dict


class LineList(list):
    """A list that knows the line of each item (1-based) and of itself."""

    line: int = 0
    lines: list


_TAG = "tag:yaml.org,2002:"
ALLOWED_TAGS = {_TAG + t for t in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")}

try:  # libyaml's event parser is ~20x faster; composition below is ours either way
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - pure-Python fallback
    _Parser = None

_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SCALARS = {
    _TAG + "int": _CONSTRUCTOR.construct_yaml_int,
    _TAG + "float": _CONSTRUCTOR.construct_yaml_float,
    _TAG + "bool": _CONSTRUCTOR.construct_yaml_bool,
    _TAG + "null": _CONSTRUCTOR.construct_yaml_null,
}


def _parser(text: str):
    if _Parser is not None:
        return _Parser(text)
    return yaml.SafeLoader(text)


class _Composer:
    """Builds LineDict/LineList/scalars straight from parser events, refusing anything not plain data."""

    def __init__(self, parser, path: str):
        self.parser = parser
        self.path = path

    def fail(self, message: str, event) -> InputError:
        mark = getattr(event, "start_mark", None)
        return InputError(message, path=self.path, line=mark.line + 1 if mark else None)

    def document(self):
        p = self.parser
        p.get_event()  # stream start
        event = p.get_event()
        if isinstance(event, yaml.StreamEndEvent):
            raise InputError("file holds no document", path=self.path)
        value = self.node(p.get_event(), 1)
        p.get_event()  # document end
        event = p.get_event()
        if not isinstance(event, yaml.StreamEndEvent):
            raise self.fail("malformed YAML: expected a single document, found another", event)
        return value

    def _check_tag(self, event, expected: str) -> None:
        tag = event.tag
        if tag in (None, "!"):
            return
        if tag != _TAG + expected:
            shown = tag.replace(_TAG, "!!")
            raise self.fail(f"YAML tag {shown} is not allowed (riskkit files hold plain data only)", event)

    def node(self, event, depth: int):
        if depth > MAX_DEPTH:
            raise self.fail(f"nesting deeper than {MAX_DEPTH} levels", event)
        if isinstance(event, yaml.AliasEvent):
            raise self.fail("YAML aliases (*name) are not allowed in riskkit files", event)
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event)
        line = event.start_mark.line + 1
        if isinstance(event, yaml.SequenceStartEvent):
            self._check_tag(event, "seq")
            out = LineList()
            out.line, out.lines = line, []
            while True:
                item = self.parser.get_event()
                if isinstance(item, yaml.SequenceEndEvent):
                    return out
                out.lines.append(item.start_mark.line + 1)
                out.append(self.node(item, depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            self._check_tag(event, "map")
            out = LineDict()
            out.line, out.lines = line, {}
            while True:
                key_event = self.parser.get_event()
                if isinstance(key_event, yaml.MappingEndEvent):
                    return out
                if not isinstance(key_event, yaml.ScalarEvent):
                    raise self.fail("mapping keys must be plain strings", key_event)
                key = self.scalar(key_event)
                if key == "<<" and key_event.implicit[0]:
                    raise self.fail("YAML merge keys (<<) are not allowed in riskkit files", key_event)
                key = key if isinstance(key, str) else str(key)
                key_line = key_event.start_mark.line + 1
                if key in out:
                    raise self.fail(f"duplicate key '{key}' (first at line {out.lines[key]})", key_event)
                out[key] = self.node(self.parser.get_event(), depth + 1)
                out.lines[key] = key_line
        raise self.fail("malformed YAML: unexpected structure", event)  # pragma: no cover

    def scalar(self, event):
        tag = event.tag
        if tag in (None, "!"):
            tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag not in ALLOWED_TAGS:
            shown = tag.replace(_TAG, "!!")
            raise self.fail(f"YAML tag {shown} is not allowed (riskkit files hold plain data only)", event)
        if tag in (_TAG + "str", _TAG + "timestamp"):
            return event.value  # dates stay text here; fields.Node.date() parses and explains
        try:
            return _SCALARS[tag](yaml.ScalarNode(tag, event.value))
        except (ValueError, yaml.YAMLError):
            raise self.fail(f"cannot read {event.value!r} as {tag.replace(_TAG, '')}", event) from None


def read_text(path: str | Path) -> str:
    """Read a data file as UTF-8 text, refusing empty, binary and wrongly encoded files."""
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError("is a folder, expected a file", path=str(path))
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"file is too large ({size} bytes; limit {MAX_BYTES})", path=str(path))
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=str(path)) from None
    except PermissionError:
        raise InputError("permission denied", path=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, expected a file", path=str(path)) from None
    return decode(raw, str(path))


def decode(raw: bytes, path: str) -> str:
    if raw.startswith(b"PK\x03\x04"):
        raise InputError("looks like a zip/xlsx file, expected YAML or JSON text", path=path)
    if b"\x00" in raw:
        raise InputError("binary file, expected UTF-8 YAML or JSON text", path=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (bad byte at offset {exc.start}); save the file as UTF-8", path=path
        ) from None
    if not text.strip():
        raise InputError("file is empty", path=path)
    return text


def loads(text: str, path: str = "<string>", *, json_only: bool = False):
    """Parse YAML (or JSON) text into LineDict/LineList/scalars."""
    if json_only:
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed JSON: {exc.msg}", path=path, line=exc.lineno) from None
    parser = None
    try:
        parser = _parser(text)
        return _Composer(parser, path).document()
    except InputError:
        raise
    except yaml.reader.ReaderError as exc:
        raise InputError(f"unacceptable character U+{exc.character:04X} at offset {exc.position}", path=path) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(
            f"malformed YAML: {_clean(exc.problem or exc.context or 'syntax error')}",
            path=path,
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {_clean(str(exc))}", path=path) from None
    except RecursionError:
        raise InputError("nesting too deep", path=path) from None
    finally:
        if parser is not None and hasattr(parser, "dispose"):
            parser.dispose()


def load(path: str | Path):
    """Load a YAML or JSON data file strictly (see module docstring).

    Files that parsed cleanly before are served from a small JSON cache keyed by the
    SHA-256 of their bytes (see riskkit.parsecache), so the bundled rubrics load fast.
    """
    from . import parsecache

    text = read_text(path)
    cached, key = parsecache.get(text)
    if cached is not None:
        return cached
    data = loads(text, str(path), json_only=str(path).lower().endswith(".json"))
    parsecache.put(key, data)
    return data


def _clean(message: str) -> str:
    return " ".join(str(message).split())

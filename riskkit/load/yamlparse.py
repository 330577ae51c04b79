"""The strict YAML/JSON parser behind riskkit.load.yamlio (imported only when a file is really parsed).

libyaml's event parser when available; composition is ours: it builds LineDict/LineList with
line numbers and refuses tags, aliases, merge keys, duplicate keys and deep nesting.
"""

from __future__ import annotations

import json

import yaml

from riskkit.errors import InputError
from riskkit.load.yamlio import MAX_DEPTH, LineDict, LineList

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


def parse(text: str, path: str = "<string>", *, json_only: bool = False):
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


def _clean(message: str) -> str:
    return " ".join(str(message).split())

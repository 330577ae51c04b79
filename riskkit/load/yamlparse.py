"""The strict YAML/JSON parser behind riskkit.load.yamlio (imported only when a file is really parsed).

YAML: libyaml's event parser through the public `yaml.CBaseLoader` when available (else the
pure-Python `yaml.BaseLoader`); composition is ours: it builds LineDict/LineList with line
numbers and refuses tags, aliases, merge keys, duplicate keys and deep nesting. Plain scalars
are resolved with the YAML 1.2 core schema (`CoreResolver`): only true/false are booleans,
`017` is the integer 17 and `0o17` is octal, `1e5` is a float, and `yes`, `no`, `on`, `off`
and sexagesimal `1:30` stay strings.

JSON (`.json` files): values come from the `json` module (so `1.5e2` is 150.0, duplicate keys
and NaN/Infinity are refused); a small scan of the already-validated text puts the line of
every key and item on the LineDict/LineList, as for YAML.
"""

from __future__ import annotations

import json
import math
import re

import yaml

from riskkit.errors import InputError
from riskkit.load.yamlio import MAX_DEPTH, LineDict, LineList
from riskkit.textsafe import refusal, unsafe_char

_TAG = "tag:yaml.org,2002:"
ALLOWED_TAGS = {_TAG + t for t in ("map", "seq", "str", "int", "float", "bool", "null")}

_Loader = getattr(yaml, "CBaseLoader", None) or yaml.BaseLoader  # libyaml's parser is ~20x faster


class CoreResolver(yaml.resolver.BaseResolver):
    """Plain-scalar resolution of the YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1023-core-schema)."""


def _implicit(tag: str, pattern: str, first) -> None:
    CoreResolver.add_implicit_resolver(_TAG + tag, re.compile(pattern, re.X), list(first))


_implicit("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])
_implicit("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
_implicit("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789")
_implicit(
    "float",
    r"""^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    "-+0123456789.",
)
_RESOLVER = CoreResolver()


def _int(text: str) -> int:
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def _float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    return float(text)


_SCALARS = {
    _TAG + "int": _int,
    _TAG + "float": _float,
    _TAG + "bool": lambda text: text in ("true", "True", "TRUE"),
    _TAG + "null": lambda text: None,
    _TAG + "str": lambda text: text,
}


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
                if key_event.value == "<<" and key_event.implicit[0]:
                    raise self.fail("YAML merge keys (<<) are not allowed in riskkit files", key_event)
                key = self.scalar(key_event)
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
        if tag == _TAG + "str":
            found = unsafe_char(event.value)  # YAML "\e" and "\x07" escapes included
            if found:
                raise self.fail(refusal(found), event)
        try:
            return _SCALARS[tag](event.value)
        except ValueError:
            shown = repr(event.value) if len(event.value) <= 40 else f"a {len(event.value)}-character value"
            raise self.fail(f"cannot read {shown} as {tag.replace(_TAG, '')}", event) from None


def parse(text: str, path: str = "<string>", *, json_only: bool = False):
    """Parse YAML (or, with `json_only`, JSON) text into LineDict/LineList/scalars."""
    if json_only:
        return parse_json(text, path)
    parser = None
    try:
        parser = _Loader(text)
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
        if parser is not None:
            parser.dispose()


# -- JSON ------------------------------------------------------------------------------

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+|\s+', re.S)


class _Duplicate(Exception):
    def __init__(self, key: str):
        self.key = key


def _refuse_duplicates(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def parse_json(text: str, path: str = "<string>"):
    """JSON text → LineDict/LineList/scalars: values by `json`, lines by a scan of the valid text."""
    try:
        json.loads(text, object_pairs_hook=_refuse_duplicates, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg}", path=path, line=exc.lineno) from None
    except ValueError as exc:
        raise InputError(f"malformed JSON: {exc}", path=path) from None
    except _Duplicate:
        pass  # _JsonLines finds it again, with both lines
    except RecursionError:
        raise InputError("nesting too deep", path=path) from None
    return _JsonLines(text, path).document()


class _JsonLines:
    """Rebuilds a JSON document already validated by `json.loads`, with the line of every key and item."""

    def __init__(self, text: str, path: str):
        self.path = path
        self.tokens = []
        line = 1
        for match in _TOKEN.finditer(text):
            token = match.group()
            if not token.isspace():
                self.tokens.append((token, line))
            line += token.count("\n")
        self.at = 0

    def next(self):
        token = self.tokens[self.at]
        self.at += 1
        return token

    def document(self):
        return self.value(self.next(), 1)

    def value(self, token, depth: int):
        text, line = token
        if depth > MAX_DEPTH:
            raise InputError(f"nesting deeper than {MAX_DEPTH} levels", path=self.path, line=line)
        if text == "[":
            out = LineList()
            out.line, out.lines = line, []
            while (item := self.next())[0] != "]":
                if item[0] == ",":
                    item = self.next()
                out.lines.append(item[1])
                out.append(self.value(item, depth + 1))
            return out
        if text == "{":
            out = LineDict()
            out.line, out.lines = line, {}
            while (key := self.next())[0] != "}":
                if key[0] == ",":
                    key = self.next()
                name, key_line = self.text(key[0], key[1]), key[1]
                if name in out:
                    raise InputError(
                        f"duplicate key '{name}' (first at line {out.lines[name]})", path=self.path, line=key_line
                    )
                self.next()  # the colon
                out[name] = self.value(self.next(), depth + 1)
                out.lines[name] = key_line
            return out
        return self.text(text, line) if text.startswith('"') else json.loads(text)

    def text(self, token: str, line: int) -> str:
        """A JSON string, refused when it holds control, bidi or zero-width characters (\\u escapes too)."""
        value = json.loads(token)
        found = unsafe_char(value)
        if found:
            raise InputError(refusal(found), path=self.path, line=line)
        return value


def _clean(message: str) -> str:
    return " ".join(str(message).split())

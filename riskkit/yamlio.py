"""Strict, safe YAML/JSON loading that remembers where every key came from.

Only plain data comes out: no tags that build Python objects, no aliases (so no alias
bombs), bounded nesting, no duplicate keys. Mappings and lists carry the line of each
entry so later validation can say ``file:line: key.path``.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

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


class _StrictLoader(yaml.SafeLoader):
    def __init__(self, stream, path):
        super().__init__(stream)
        self._path = path
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise InputError(
                "YAML aliases (*name) are not allowed in riskkit files",
                path=self._path,
                line=event.start_mark.line + 1,
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            event = self.peek_event()
            raise InputError(
                f"nesting deeper than {MAX_DEPTH} levels",
                path=self._path,
                line=event.start_mark.line + 1,
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_document(self, node):
        return self._build(node)

    def _build(self, node):
        if node.tag not in ALLOWED_TAGS:
            tag = node.tag.replace(_TAG, "!!")
            raise InputError(
                f"YAML tag {tag} is not allowed (riskkit files hold plain data only)",
                path=self._path,
                line=node.start_mark.line + 1,
            )
        if isinstance(node, MappingNode):
            self.flatten_mapping(node)
            out = LineDict()
            out.line = node.start_mark.line + 1
            out.lines = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise InputError(
                        "mapping keys must be plain strings",
                        path=self._path,
                        line=key_node.start_mark.line + 1,
                    )
                key = self.construct_object(key_node)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    raise InputError(
                        "mapping keys must be plain strings", path=self._path, line=key_node.start_mark.line + 1
                    )
                key = str(key) if not isinstance(key, str) else key
                if key in out:
                    raise InputError(
                        f"duplicate key '{key}' (first at line {out.lines[key]})",
                        path=self._path,
                        line=key_node.start_mark.line + 1,
                    )
                out[key] = self._build(value_node)
                out.lines[key] = key_node.start_mark.line + 1
            return out
        if isinstance(node, SequenceNode):
            out = LineList()
            out.line = node.start_mark.line + 1
            out.lines = []
            for item in node.value:
                out.append(self._build(item))
                out.lines.append(item.start_mark.line + 1)
            return out
        if node.tag == _TAG + "timestamp":
            return node.value  # dates stay text here; fields.Node.date() parses and explains
        return self.construct_object(node)


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
    try:
        loader = _StrictLoader(text, path)
    except yaml.reader.ReaderError as exc:
        raise InputError(f"unacceptable character U+{exc.character:04X} at offset {exc.position}", path=path) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError("file holds no document", path=path)
        return loader.construct_document(node)
    except InputError:
        raise
    except ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(
            _clean(exc.problem or "unsupported YAML construct")
            + " (riskkit files hold plain data only; tags such as !!python/... are refused)",
            path=path,
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(
            f"malformed YAML: {_clean(exc.problem or exc.context or 'syntax error')}",
            path=path,
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as exc:
        raise InputError(f"unacceptable character U+{exc.character:04X} at offset {exc.position}", path=path) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {_clean(str(exc))}", path=path) from None
    except RecursionError:
        raise InputError("nesting too deep", path=path) from None
    finally:
        loader.dispose()


def load(path: str | Path):
    """Load a YAML or JSON data file strictly (see module docstring)."""
    text = read_text(path)
    return loads(text, str(path), json_only=str(path).lower().endswith(".json"))


def _clean(message: str) -> str:
    return " ".join(str(message).split())

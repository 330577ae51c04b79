"""Strict, safe YAML/JSON loading that remembers where every key came from.

Only plain data comes out: no tags that build Python objects, no aliases (so no alias
bombs), bounded nesting, no duplicate keys. Mappings and lists carry the line of each
entry so later validation can say ``file:line: key.path``.
"""

from __future__ import annotations

from pathlib import Path

from riskkit.errors import InputError

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
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("UTF-16 text, expected UTF-8: save the file as UTF-8", path=path)
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
    """Parse YAML (or JSON) text into LineDict/LineList/scalars (PyYAML loads only here)."""
    from riskkit.load.yamlparse import parse

    return parse(text, path, json_only=json_only)


def load(path: str | Path):
    """Load a YAML or JSON data file strictly (see module docstring).

    Files bundled with riskkit (its rubrics and facts catalogue) that parsed cleanly before
    are served from a small user-only cache (riskkit.load.parsecache); a user's file is
    always parsed afresh and never stored.
    """
    from riskkit.load import parsecache

    text = read_text(path)
    json_only = str(path).lower().endswith(".json")
    if not parsecache.cacheable(path):
        return loads(text, str(path), json_only=json_only)
    cached, key = parsecache.get(text, "json" if json_only else "yaml")
    if cached is not None:
        return cached
    data = loads(text, str(path), json_only=json_only)
    parsecache.put(key, data)
    return data

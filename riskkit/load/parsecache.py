"""A cache of parsed data files: JSON (never pickle) keyed by the SHA-256 of the file's text.

Only files that parsed cleanly are stored, with their line numbers, so a cached load gives
exactly what a fresh parse would. The cache lives in $RISKKIT_CACHE_DIR, else
$XDG_CACHE_HOME/riskkit, else ~/.cache/riskkit; set RISKKIT_CACHE_DIR=off to disable it.
Any problem reading or writing it is ignored: the cache only ever saves time.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from riskkit.load.yamlio import LineDict, LineList

FORMAT = "1"  # bump when the parsed representation changes
_META = "\u0000"


def cache_folder() -> Path | None:
    setting = os.environ.get("RISKKIT_CACHE_DIR")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "riskkit"


def _key(text: str, grammar: str) -> str:
    return hashlib.sha256(f"{FORMAT}\n{grammar}\n{text}".encode()).hexdigest()


def _encode(value):
    if isinstance(value, LineDict):
        out = {k: _encode(v) for k, v in value.items()}
        out[_META] = [value.line, value.lines]
        return out
    if isinstance(value, LineList):
        return {_META + "L": [value.line, value.lines, [_encode(v) for v in value]]}
    return value


def _hook(d: dict):
    if _META + "L" in d:
        line, lines, items = d[_META + "L"]
        out = LineList(items)
        out.line, out.lines = line, lines
        return out
    meta = d.pop(_META, None)
    if meta is None:
        return d
    out = LineDict(d)
    out.line, out.lines = meta
    return out


def read_json(name: str, object_hook=None):
    """The cached JSON document `name`, or None (no cache, a miss, or an unreadable file)."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        return json.loads((folder / name).read_text(encoding="utf-8"), object_hook=object_hook)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def write_json(name: str, document) -> None:
    """Store `document` as `name`, atomically; any problem is ignored (it is only a cache)."""
    folder = cache_folder()
    if folder is None:
        return
    from riskkit.errors import UsageError
    from riskkit.fileio import atomic_write

    try:
        folder.mkdir(parents=True, exist_ok=True)
        blob = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        atomic_write(folder / name, blob)
    except (OSError, UsageError):
        pass


def get(text: str, grammar: str = "yaml"):
    """(data, key): data is None on a miss. `grammar` ("yaml" or "json") is part of the key:
    the same text may be valid YAML and not valid JSON, and a .json file must be held to JSON."""
    key = _key(text, grammar)
    return read_json(f"{key}.json", object_hook=_hook), key


def put(key: str, data) -> None:
    if isinstance(data, (LineDict, LineList)):
        write_json(f"{key}.json", _encode(data))

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

from .yamlio import LineDict, LineList

FORMAT = "1"  # bump when the parsed representation changes
_META = "\u0000"


def _folder() -> Path | None:
    setting = os.environ.get("RISKKIT_CACHE_DIR")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "riskkit"


def _key(text: str) -> str:
    return hashlib.sha256((FORMAT + "\n" + text).encode("utf-8")).hexdigest()


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


def get(text: str):
    """(data, key): data is None on a miss."""
    folder = _folder()
    key = _key(text)
    if folder is None:
        return None, key
    try:
        raw = (folder / f"{key}.json").read_text(encoding="utf-8")
        return json.loads(raw, object_hook=_hook), key
    except (OSError, ValueError, TypeError, KeyError):
        return None, key


def put(key: str, data) -> None:
    folder = _folder()
    if folder is None or not isinstance(data, (LineDict, LineList)):
        return
    import tempfile  # only on a cache miss

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(_encode(data), fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        pass

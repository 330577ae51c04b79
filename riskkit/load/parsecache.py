"""A cache of the parsed files that ship inside riskkit (the bundled rubrics and facts catalogue).

Only files inside the installed package's rubrics folder are ever cached: a user's deal,
waiver, baseline, history or rubric file is never stored, so no confidential deal fact is
copied to disk. Entries are JSON (never pickle) with their line numbers, so a cached load
gives exactly what a fresh parse would, and live in a folder named after the riskkit version
and the parser's rules (a hash of yamlparse.py): a new riskkit or a changed parser starts a
new folder and the old ones are removed. The folder is user-only (0o700, files 0o600):
$RISKKIT_CACHE_DIR, else $XDG_CACHE_HOME/riskkit, else ~/.cache/riskkit;
RISKKIT_CACHE_DIR=off disables it. Any problem reading or writing it is ignored: the cache
only ever saves time.
"""

from __future__ import annotations

import os
from pathlib import Path

from riskkit.load.yamlio import LineDict, LineList

_META = "\u0000"
_generation: str | None = None


def cache_root() -> Path | None:
    setting = os.environ.get("RISKKIT_CACHE_DIR")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "riskkit"


def generation() -> str:
    """The riskkit version and a hash of the parser's source: entries are valid for this pair only."""
    global _generation
    if _generation is None:
        import hashlib

        from riskkit import __version__

        rules = Path(__file__).with_name("yamlparse.py").read_bytes()
        _generation = f"parsed-{__version__}-{hashlib.sha256(rules).hexdigest()[:16]}"
    return _generation


def cacheable(path: str | Path) -> bool:
    """True only for a file inside the bundled rubrics folder (never a user's file)."""
    from riskkit.resources import bundled_rubrics_dir

    try:
        return Path(path).resolve().is_relative_to(bundled_rubrics_dir().resolve())
    except OSError:
        return False


def _key(text: str, grammar: str) -> str:
    import hashlib

    return hashlib.sha256(f"{grammar}\n{text}".encode()).hexdigest()


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


def get(text: str, grammar: str = "yaml"):
    """(data, key): data is None on a miss (or when the cache is off). Call only for cacheable() files."""
    import json

    key = _key(text, grammar)
    root = cache_root()
    if root is None:
        return None, key
    try:
        return json.loads((root / generation() / f"{key}.json").read_text(encoding="utf-8"), object_hook=_hook), key
    except (OSError, ValueError, TypeError, KeyError):
        return None, key


def put(key: str, data) -> None:
    """Store a parsed bundled file, user-only and atomically; old generations are removed."""
    import json

    root = cache_root()
    if root is None or not isinstance(data, (LineDict, LineList)):
        return
    try:
        folder = root / generation()
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)
        _prune(root, keep=folder.name)
        blob = json.dumps(_encode(data), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_private(folder / f"{key}.json", blob)
    except OSError:
        pass


def write_private(target: Path, blob: bytes) -> None:
    """Write `blob` to `target` atomically, the file user-only (0o600) from its creation."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)  # created 0o600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prune(root: Path, keep: str) -> None:
    """Remove other generations, and what older riskkit versions left at the top level
    (parsed files, deal files among them, and WeasyPrint type tables)."""
    import shutil

    for entry in root.iterdir():
        if entry.name == keep:
            continue
        if entry.is_dir() and entry.name.startswith("parsed-"):
            shutil.rmtree(entry, ignore_errors=True)
        elif (
            entry.is_file()
            and entry.suffix == ".json"
            and (len(entry.stem) == 64 or entry.name.startswith("weasyprint-ffi-"))
        ):
            entry.unlink(missing_ok=True)

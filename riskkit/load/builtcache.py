"""A cache of the bundled rubric set as built (catalogue, shared parameters, rubrics, conditions).

Building the bundled set (reading 15 YAML files, checking every key, parsing every condition)
is most of what `riskkit score` spends outside Python start-up; decoding it from one msgpack
file takes a fraction of that. Only the rubric folder inside the installed package is ever
cached: a user's --rubrics folder, deal, waiver, baseline or history file never is, so no
confidential deal fact reaches the disk.

The entry's key is a SHA-256 over everything the built set depends on: the riskkit, Python
and msgspec versions, the source of the loader and model code (riskkit/*.py, riskkit/load/ —
the YAML parser's rules among them —, riskkit/model/) and the bytes of every bundled file the
build reads. A changed
rubric, a changed loader or a new riskkit gives a new key, so a stale entry is never read.

The format is plain data, never pickle: msgpack (through msgspec) of a tagged tree (lists,
tuples, dicts, dates, the parsed files' line numbers) in which each record is the index of
its class (riskkit model and loader `msgspec.Struct` classes only, resolved by name from an
allow-list of packages) and its field values in order; a record that appears twice (the
shared parameters every rubric carries) is stored once and referred to. A header carries a
SHA-256 of the payload, so a damaged file is refused rather than misread.

Entries live in <cache root>/built/ (see riskkit.load.parsecache.cache_root: RISKKIT_CACHE_DIR,
else $XDG_CACHE_HOME/riskkit, else ~/.cache/riskkit; RISKKIT_CACHE_DIR=off disables it), the
folder user-only (0o700), files 0o600, written atomically; the most recently written few are
kept. Any problem reading or writing the cache is ignored: it only ever saves time.

memoised() is the same idea held in memory for one process only, for any rubric folder (a
user's too, since nothing is written): a catalogue that one command's deal, rubric and case
checks each ask for is built once, keyed on the bytes of the files it is read from.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import sys
from pathlib import Path

FOLDER = "built"
MAGIC = b"riskkit-built-1\n"
KEEP = 8  # entries kept (several installs may share one cache folder)
# Classes an entry may name: records of riskkit's model and loaders, nothing else.
ALLOWED_MODULES = ("riskkit.model.", "riskkit.load.")
# The code a built rubric set depends on (its loaders and the records it is made of).
CODE_DIRS = ("", "load", "model")

# Tags of the encoded tree: a list is [tag, ...]; str, int, float, bool and None stand as they are.
_LIST, _TUPLE, _DICT, _LINEDICT, _LINELIST, _FROZENSET, _DATE, _REF, _STRUCT, _LINES_DICT, _LINES_LIST = range(11)


class _Unsupported(TypeError):
    """A value the format does not carry: the set is then built but not cached."""


def enabled() -> bool:
    from riskkit.load.parsecache import cache_root

    return cache_root() is not None


def is_bundled(folder: str | Path | None) -> bool:
    """True only for the rubric folder inside the installed package (never a user's folder)."""
    from riskkit.resources import bundled_rubrics_dir

    if folder is None:
        return True
    try:
        return Path(folder).resolve() == bundled_rubrics_dir().resolve()
    except OSError:
        return False


def input_files(folder: Path) -> list[Path]:
    """Every file building the set at `folder` reads: the catalogue, shared parameters, rubrics."""
    from riskkit.load.catalogue import catalogue_files
    from riskkit.load.conditions import SHARED_FILE
    from riskkit.load.rubric import rubric_files

    return [*catalogue_files(folder), folder / SHARED_FILE, *rubric_files(folder)]


def _code_files() -> list[str]:
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = []
    for sub in CODE_DIRS:
        folder = os.path.join(package, sub)
        files += sorted(e.path for e in os.scandir(folder) if e.name.endswith(".py") and e.is_file())
    return files


def key(folder: Path) -> str:
    """The entry's name: a hash of the versions, the loader and model code, and the bundled files."""
    import msgspec

    from riskkit import __version__

    h = hashlib.sha256(f"{__version__}\n{sys.version}\n{msgspec.__version__}\n{folder}\n".encode())
    _hash_files(h, (*_code_files(), *map(str, input_files(folder))), os.path.basename)
    return h.hexdigest()


def _hash_files(h, paths, label) -> None:
    """Feed each file's label, length and bytes to `h` (an absent file as such)."""
    for path in paths:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            data = b"<absent>"
        h.update(f"{label(path)}\n{len(data)}\n".encode())
        h.update(data)


# -- in this process only ---------------------------------------------------------------------

_MEMO: dict[str, object] = {}  # never written anywhere: it ends with the process
MEMO_KEEP = 16


def memoised(what: str, files: list[Path], build):
    """build() once per process for `what` read from these files with these exact bytes.

    For rubric data that several steps of one command load again (a --rubrics folder's
    catalogue): the key is a SHA-256 over `what`, the working folder and every file's path
    and bytes, as the built cache's, so a file edited, added or removed between two loads
    is read afresh. Held in memory only, for any folder (a user's too): nothing reaches the
    disk. A build that fails is not kept, so it fails again with the same error.
    """
    h = hashlib.sha256(f"{what}\n{os.getcwd()}\n".encode())
    try:
        _hash_files(h, map(str, files), str)
    except OSError:
        return build()
    name = h.hexdigest()
    if name in _MEMO:
        return _MEMO[name]
    value = build()
    _MEMO[name] = value
    while len(_MEMO) > MEMO_KEEP:
        del _MEMO[next(iter(_MEMO))]
    return value


# -- encoding -------------------------------------------------------------------------------


def _plain_lines(value) -> bool:
    """Line bookkeeping of a LineDict/LineList: ints, lists of ints, str → int mappings."""
    if type(value) is int:
        return True
    if type(value) is list:
        return all(type(v) is int for v in value)
    if type(value) is dict:
        return all(type(k) is str and type(v) is int for k, v in value.items())
    return False


class _Encoder:
    def __init__(self):
        self.classes: list[str] = []
        self.class_ids: dict = {}
        self.seen: dict = {}  # id(record) -> (index, record): records stored once
        self.count = 0

    def encode(self, x):
        from msgspec import Struct

        from riskkit.load.yamlio import LineDict, LineList

        t = type(x)
        if x is None or t in (str, int, float, bool):
            return x
        if isinstance(x, Struct):
            if id(x) in self.seen:
                return [_REF, self.seen[id(x)][0]]
            cid = self.class_ids.get(t)
            if cid is None:
                if not t.__module__.startswith(ALLOWED_MODULES) or "<" in t.__qualname__:
                    raise _Unsupported(f"record {t.__module__}.{t.__qualname__}")
                cid = self.class_ids[t] = len(self.classes)
                self.classes.append(f"{t.__module__}:{t.__qualname__}")
            out = [_STRUCT, cid, *(self.encode(getattr(x, f)) for f in t.__struct_fields__)]
            self.seen[id(x)] = (self.count, x)  # numbered when complete, as the decoder numbers them
            self.count += 1
            return out
        if t is tuple:
            return [_TUPLE, *map(self.encode, x)]
        if t is list:
            return [_LIST, *map(self.encode, x)]
        if t is LineDict or t is LineList:
            attrs = vars(x)
            if set(attrs) - {"line", "lines"} or not all(_plain_lines(v) for v in attrs.values()):
                raise _Unsupported("line bookkeeping")
            lines = attrs.get("lines")
            if t is LineList:
                if set(attrs) == {"line", "lines"}:  # as the parser makes them: [tag, line, lines, *items]
                    return [_LINES_LIST, attrs["line"], lines, *map(self.encode, x)]
                return [_LINELIST, attrs, *map(self.encode, x)]
            if set(attrs) == {"line", "lines"} and list(lines) == list(x):  # [tag, line, {key: value}, key lines]
                return [_LINES_DICT, attrs["line"], self._mapping(x), list(lines.values())]
            return [_LINEDICT, attrs, self._mapping(x)]
        if t is dict:
            return [_DICT, self._mapping(x)]
        if t is frozenset:
            return [_FROZENSET, *map(self.encode, sorted(x, key=repr))]
        if t is _dt.date:
            return [_DATE, x.toordinal()]
        raise _Unsupported(t.__name__)

    def _mapping(self, x) -> dict:
        if not all(type(k) is str for k in x):
            raise _Unsupported("a mapping with keys that are not strings")
        return {k: self.encode(v) for k, v in x.items()}


def encode(value) -> bytes:
    """The entry's bytes: header (magic, SHA-256 of the payload) and payload."""
    import msgspec

    enc = _Encoder()
    tree = enc.encode(value)
    payload = msgspec.msgpack.encode([enc.classes, tree])
    return MAGIC + hashlib.sha256(payload).digest() + payload


def _resolve(name: str):
    import importlib

    from msgspec import Struct

    module, _, qualname = name.partition(":")
    if not module.startswith(ALLOWED_MODULES) or not qualname.isidentifier():
        raise ValueError(f"class {name} is not allowed in a cache entry")
    cls = getattr(importlib.import_module(module), qualname)
    if not (isinstance(cls, type) and issubclass(cls, Struct)):
        raise ValueError(f"{name} is not a record class")
    return cls


def decode(blob: bytes):
    """The value an entry holds; ValueError if it is not a whole, valid entry."""
    import msgspec

    from riskkit.load.yamlio import LineDict, LineList

    start = len(MAGIC) + 32
    if not blob.startswith(MAGIC) or hashlib.sha256(blob[start:]).digest() != blob[len(MAGIC) : start]:
        raise ValueError("not a whole riskkit cache entry")
    names, tree = msgspec.msgpack.decode(memoryview(blob)[start:])
    classes = [_resolve(n) for n in names]
    table: list = []
    keep = table.append
    from_ordinal = _dt.date.fromordinal

    def build(x):  # x is a list: [tag, ...] (scalars are taken as they are by the caller)
        tag = x[0]
        if tag == _STRUCT:
            obj = classes[x[1]](*[build(v) if type(v) is list else v for v in x[2:]])
            keep(obj)
            return obj
        if tag == _TUPLE:
            return tuple([build(v) if type(v) is list else v for v in x[1:]])
        if tag == _REF:
            return table[x[1]]
        if tag == _LINES_DICT:
            out = LineDict({k: build(v) if type(v) is list else v for k, v in x[2].items()})
            out.line = x[1]
            out.lines = dict(zip(out, x[3], strict=True))
            return out
        if tag == _LINES_LIST:
            out = LineList([build(v) if type(v) is list else v for v in x[3:]])
            out.line = x[1]
            out.lines = x[2]
            return out
        if tag == _LINEDICT:
            out = LineDict({k: build(v) if type(v) is list else v for k, v in x[2].items()})
            out.__dict__.update(x[1])
            return out
        if tag == _LINELIST:
            out = LineList([build(v) if type(v) is list else v for v in x[2:]])
            out.__dict__.update(x[1])
            return out
        if tag == _DATE:
            return from_ordinal(x[1])
        if tag == _DICT:
            return {k: build(v) if type(v) is list else v for k, v in x[1].items()}
        if tag == _LIST:
            return [build(v) if type(v) is list else v for v in x[1:]]
        if tag == _FROZENSET:
            return frozenset([build(v) if type(v) is list else v for v in x[1:]])
        raise ValueError(f"unknown tag {tag!r}")

    return build(tree) if type(tree) is list else tree


# -- the cache --------------------------------------------------------------------------------


def _folder() -> Path | None:
    from riskkit.load.parsecache import cache_root

    root = cache_root()
    return None if root is None else root / FOLDER


def get(name: str):
    """The cached value for `name`, or None (a miss, the cache off, or an unreadable entry)."""
    folder = _folder()
    if folder is None:
        return None
    try:
        blob = (folder / f"{name}.msgpack").read_bytes()
    except OSError:
        return None
    try:
        return decode(blob)
    except Exception:  # a damaged or foreign entry is a miss, never an error: the set is rebuilt
        return None


def put(name: str, value) -> None:
    """Store `value` (a set built from bundled files only) user-only and atomically."""
    from riskkit.load.parsecache import write_private

    folder = _folder()
    if folder is None:
        return
    try:
        blob = encode(value)
    except (_Unsupported, OverflowError, ValueError):
        return
    try:
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)
        write_private(folder / f"{name}.msgpack", blob)
        _prune(folder)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    """Keep the KEEP most recently written entries."""
    entries = []
    for p in folder.iterdir():
        if p.suffix == ".msgpack":
            try:
                entries.append((p.stat().st_mtime, p))
            except OSError:
                continue
    entries.sort(reverse=True)
    for _, p in entries[KEEP:]:
        p.unlink(missing_ok=True)


def cached_build(folder: Path, build):
    """build(folder) for the bundled folder, served from the cache when an entry for it exists."""
    if _folder() is None:
        return build(folder)
    try:
        name = key(folder)
    except OSError:
        return build(folder)
    value = get(name)
    if value is None:
        value = build(folder)
        put(name, value)
    return value

"""Compiled memo templates cached between runs (the packaged templates only).

Compiling the memo's Jinja templates costs more than rendering them. Jinja's own
`BytecodeCache` interface lets an environment keep the compiled code; this one stores it
user-only (folder 0o700, files 0o600, written atomically) in <cache root>/templates/ (see
riskkit.load.parsecache.cache_root; RISKKIT_CACHE_DIR=off disables it), and only for the
environment of the packaged template folder: with a user's --template-dir no cache is used.

An entry holds a header line (riskkit, Jinja2 and Python versions, a hash of the module that
sets the environment's options, the template source's checksum, a SHA-256 of the code) and
the compiled code as Python stores it in .pyc files (`marshal`); never pickle. Anything
unexpected (another version, a changed template, a damaged file) is a miss: the template is
compiled afresh and the entry rewritten. Templates hold no deal facts; rendered memos are
never cached.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path

FOLDER = "templates"
MAGIC = b"riskkit-jinja-1"


def _generation() -> bytes:
    import jinja2

    from riskkit import __version__

    options = hashlib.sha256(Path(__file__).with_name("memo.py").read_bytes()).hexdigest()[:16]
    return (
        f"{__version__}|{jinja2.__version__}|{sys.version.split()[0]}|{sys.implementation.cache_tag}|{options}".encode()
    )


def private_bytecode_cache():
    """A jinja2.BytecodeCache writing user-only files under the riskkit cache, or None when it is off."""
    import jinja2

    from riskkit.load.parsecache import cache_root

    root = cache_root()
    if root is None:
        return None

    class PrivateBytecodeCache(jinja2.BytecodeCache):
        def __init__(self, folder: Path):
            self.folder = folder
            try:
                self.generation = _generation()
            except OSError:
                self.generation = b""

        def _path(self, bucket) -> Path:
            return self.folder / f"{bucket.key}.jinja"

        def load_bytecode(self, bucket) -> None:
            if not self.generation:
                return
            try:
                blob = self._path(bucket).read_bytes()
            except OSError:
                return
            header, sep, code = blob.partition(b"\n")
            expected = b"|".join(
                (MAGIC, self.generation, bucket.checksum.encode(), hashlib.sha256(code).hexdigest().encode())
            )
            if not sep or header != expected:
                return  # another version, a changed template or a damaged file: compile afresh
            try:
                bucket.code = marshal.loads(code)  # noqa: S302 - our own user-only entry, checksummed (as a .pyc)
            except (EOFError, ValueError, TypeError):
                bucket.reset()

        def dump_bytecode(self, bucket) -> None:
            from riskkit.load.parsecache import write_private

            if not self.generation or bucket.code is None:
                return
            code = marshal.dumps(bucket.code)
            header = b"|".join(
                (MAGIC, self.generation, bucket.checksum.encode(), hashlib.sha256(code).hexdigest().encode())
            )
            try:
                self.folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                self.folder.mkdir(mode=0o700, exist_ok=True)
                os.chmod(self.folder, 0o700)
                write_private(self._path(bucket), header + b"\n" + code)
            except OSError:
                pass

    return PrivateBytecodeCache(root / FOLDER)

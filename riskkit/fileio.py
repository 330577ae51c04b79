"""Atomic output: write to a temp file beside the target, then rename over it.

Temp files are named `.<target name>.<random>.riskkit-tmp`, so a later write to the same target
can recognise (and remove) the ones a killed process left behind. `Outputs` makes a run's
several outputs all-or-nothing: every target is checked before the first is written, and a
failed write removes the files this run already wrote.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from riskkit.errors import UsageError

TMP_SUFFIX = ".riskkit-tmp"
STALE_AFTER = 60.0  # seconds: a temp file older than this is a dead write, not one in progress


def _folder(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def check_target(path: str | Path) -> None:
    """Refuse a target we could not write: its folder is missing or not writable, or it is a folder.

    Writability is tested by creating (and removing) a temp file there, which also holds for root
    and for read-only mounts, where permission bits say nothing.
    """
    target = Path(path)
    folder = _folder(target)
    if not folder.is_dir():
        raise UsageError(f"output folder does not exist: {folder}", hint="create it with mkdir -p")
    if target.is_dir():
        raise UsageError(f"output path is a folder: {target}")
    try:
        fd, probe = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=TMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write to the output folder {folder}: {_reason(exc)}") from None
    os.close(fd)
    os.unlink(probe)


def _temp_prefix(target: Path) -> str:
    return f".{target.name}.{os.getpid()}."


def remove_stale_temps(target: Path) -> int:
    """Remove temp files a killed earlier write to `target` left behind; return how many.

    A temp file names the process writing it; one whose process is gone is stale. (Temp files
    without a process id, from older riskkit versions, count as stale after STALE_AFTER seconds.)
    """
    folder = _folder(target)
    prefix = f".{target.name}."
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix) or not name.endswith((TMP_SUFFIX, ".tmp")):
            continue
        parts = name[len(prefix) :].rsplit(".", 1)[0].split(".")
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if name.endswith(TMP_SUFFIX) and len(parts) == 2 and parts[0].isdigit():
                if _alive(int(parts[0])):
                    continue  # a write in progress in another process: leave it alone
            elif len(parts) == 1 and name.endswith(".tmp"):
                if time.time() - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER:
                    continue
            else:
                continue  # another target's temp file (".a.json.x.tmp" for target "a.json.x")
            os.unlink(entry.path)
            removed += 1
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write bytes so the target is either the old file or the complete new one, never half."""
    target = Path(path)
    folder = _folder(target)
    if not folder.is_dir():
        raise UsageError(f"output folder does not exist: {folder}", hint="create it with mkdir -p")
    if target.is_dir():
        raise UsageError(f"output path is a folder: {target}")
    remove_stale_temps(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=TMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {_reason(exc)}") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; outputs get the usual permissions
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {target}: {_reason(exc)}") from None
        raise


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


class Outputs:
    """A run's output files, all or nothing.

        with Outputs([a, b]) as out:   # checks every target first
            out.write(a, data_a)
            out.write(b, data_b)       # if this fails, `a` is removed again (or restored)

    A target that existed before the run is put back as it was, not just removed.
    """

    def __init__(self, paths=()):
        self.paths = [str(p) for p in paths if p and str(p) != "-"]
        self.written: list[tuple[Path, bytes | None]] = []

    def check(self) -> None:
        for p in self.paths:
            check_target(p)

    def write(self, path, data: bytes) -> None:
        target = Path(path)
        try:
            before = target.read_bytes() if target.is_file() else None
        except OSError:
            before = None
        atomic_write(target, data)
        self.written.append((target, before))

    def rollback(self) -> None:
        for target, before in reversed(self.written):
            try:
                if before is None:
                    target.unlink()
                else:
                    atomic_write(target, before)
            except (OSError, UsageError):
                pass
        self.written = []

    def __enter__(self):
        self.check()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.rollback()


__all__ = ["atomic_write", "check_target", "remove_stale_temps", "Outputs", "TMP_SUFFIX"]

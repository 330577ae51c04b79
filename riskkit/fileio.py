"""Atomic output: write to a temp file beside the target, then rename over it.

Temp files are named `.<target name>.<pid>.<random>.riskkit-tmp`, so a later write to the same
target can recognise (and remove) the ones a killed process left behind. `Outputs` makes a
run's several outputs all-or-nothing: every target is checked before the first is written, and
when the run fails the files it already wrote are removed (or put back as they were).
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


def _usable(path: str | Path) -> Path:
    """The target as a Path; its missing folders are created (every command, README "Output files"),
    and it is refused when it is itself a folder or a file stands where a folder should be."""
    target = Path(path)
    folder = _folder(target)
    if not folder.is_dir():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise UsageError(f"cannot create output folder {folder}: a file is in the way") from None
        except OSError as exc:
            raise UsageError(f"cannot create output folder {folder}: {_reason(exc)}") from None
    if target.is_dir():
        raise UsageError(f"output path is a folder: {target}")
    return target


def check_target(path: str | Path) -> None:
    """Refuse a target we could not write: its folder is missing or not writable, or it is a folder.

    Writability is tested by creating (and removing) a temp file there, which also holds for root
    and for read-only mounts, where permission bits say nothing.
    """
    target = _usable(path)
    folder = _folder(target)
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
    target = _usable(path)
    remove_stale_temps(target)
    if _RUN is not None and not any(t == target for t, _ in _RUN.written):
        _RUN.record(target)
    try:
        _replace(target, data)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {_reason(exc)}") from None


def _replace(target: Path, data: bytes) -> None:
    """Temp file beside the target, written in full, then renamed over it; removed on any failure."""
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=TMP_SUFFIX, dir=_folder(target))
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; outputs get the usual permissions
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


class Outputs:
    """The files one run writes, all or nothing.

    `riskkit.cli.main` opens one for every command: each atomic_write records its target (and
    the bytes it replaced), and when the command then fails, `rollback()` removes the files this
    run created and puts back the ones it overwrote. Commands call `check()` (through
    riskkit.cli.options.check_outputs) with all their targets before writing the first.
    """

    def __init__(self):
        self.written: list[tuple[Path, bytes | None]] = []

    @staticmethod
    def check(paths) -> None:
        for p in paths:
            if p and str(p) != "-":
                check_target(p)

    def record(self, target: Path) -> None:
        try:
            before = target.read_bytes() if target.is_file() else None
        except OSError:
            before = None
        self.written.append((target, before))

    def rollback(self) -> list[Path]:
        """Undo this run's writes, newest first; returns the paths undone."""
        undone = []
        for target, before in reversed(self.written):
            try:
                if before is None:
                    target.unlink()
                else:
                    _replace(target, before)
                undone.append(target)
            except OSError:
                pass
        self.written = []
        return undone


_RUN: Outputs | None = None


def begin_run() -> Outputs:
    """Start recording this process's writes (riskkit.cli.main does, once per command)."""
    global _RUN
    _RUN = Outputs()
    return _RUN


def end_run() -> None:
    global _RUN
    _RUN = None


__all__ = ["atomic_write", "check_target", "remove_stale_temps", "Outputs", "begin_run", "end_run", "TMP_SUFFIX"]

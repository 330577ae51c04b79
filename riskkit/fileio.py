"""Atomic output: write to a temp file beside the target, then rename over it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from riskkit.errors import UsageError


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write bytes so the target is either the old file or the complete new one, never half."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"output folder does not exist: {folder}")
    if target.is_dir():
        raise UsageError(f"output path is a folder: {target}")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
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

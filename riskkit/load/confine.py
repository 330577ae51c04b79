"""Paths written inside untrusted files (a history's `base:`, a review workbook's facts cell) are
read relative to that file's folder and may not leave it, unless the user allows a folder with
`--allow-path DIR`. A hostile file then cannot make riskkit read /etc/passwd or ../../.env.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from riskkit.errors import InputError


def confined(
    recorded: str,
    source: str,
    *,
    allow: Iterable[str] = (),
    what: str = "file",
    key: str | None = None,
    line: int | None = None,
    folder: bool = False,
    hint: str | None = None,
) -> Path:
    """The path `recorded` (found in file `source`) resolved against the folder of `source`.

    Refused, naming `source` and where in it, when it leads outside that folder and outside
    every folder in `allow`, or when it names nothing of the kind expected.
    """
    home = Path(source).resolve().parent
    target = (home / recorded).resolve()  # an absolute `recorded` replaces `home`
    roots = [home, *(Path(a).resolve() for a in allow)]
    if not any(target == r or r in target.parents for r in roots):
        allowed = "" if len(roots) == 1 else " or the folders given with --allow-path"
        raise InputError(
            f"the {what} path '{recorded}' leads outside this file's folder{allowed}; riskkit reads only "
            f"files beside it unless you pass --allow-path DIR" + (f" ({hint})" if hint else ""),
            path=source,
            key=key,
            line=line,
        )
    if not (target.is_dir() if folder else target.is_file()):
        raise InputError(
            f"{what} not found: '{recorded}' (looked in {home})" + (f"; {hint}" if hint else ""),
            path=source,
            key=key,
            line=line,
        )
    return target


__all__ = ["confined"]

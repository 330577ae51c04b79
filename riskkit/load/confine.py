"""Paths written inside untrusted files (a history's `base:`, a review workbook's facts cell) are
read relative to that file's folder and may not leave it, unless the user allows a folder with
`--allow-path DIR`. A hostile file then cannot make riskkit read /etc/passwd or ../../.env.

One narrow exception, for the workbook `make demo` writes (out/x.xlsx naming ../examples/x.yaml):
a caller may accept a path that stays inside the current working folder's tree, names a file of
an expected kind (`suffixes`) and passes through no hidden file or folder (.env, .git, .ssh). The
review workbook uses it only while the deal's fingerprint must still match the one the workbook
recorded (not with --force), so a planted path cannot swap in another deal's facts.
"""

from __future__ import annotations

import os
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
    cwd_suffixes: tuple[str, ...] = (),
) -> Path:
    """The path `recorded` (found in file `source`) resolved against the folder of `source`.

    Refused, naming `source`, where in it and the exact --allow-path that would admit it, when it
    leads outside that folder and outside every folder in `allow` (and, with `cwd_suffixes`, is
    not a file of one of those suffixes inside the current folder's tree, see the module text),
    or when it names nothing of the kind expected.
    """
    home = Path(source).resolve().parent
    target = (home / recorded).resolve()  # an absolute `recorded` replaces `home`
    roots = [home, *(Path(a).resolve() for a in allow)]
    inside = any(target == r or r in target.parents for r in roots)
    if not inside and not (cwd_suffixes and in_working_tree(target, cwd_suffixes)):
        allowed = "" if len(roots) == 1 else " or the folders given with --allow-path"
        needed = _shown(target if folder else target.parent)
        raise InputError(
            f"the {what} path '{recorded}' leads outside this file's folder{allowed}; riskkit reads only "
            f"files beside it unless you allow that folder: pass --allow-path {needed} if you trust it"
            + (f" ({hint})" if hint else ""),
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


def in_working_tree(target: Path, suffixes: tuple[str, ...]) -> bool:
    """True when `target` (resolved) lies under the current working folder, through no hidden
    name, and ends in one of `suffixes` (a folder when `suffixes` holds "/")."""
    cwd = Path.cwd().resolve()
    if cwd not in target.parents:
        return False
    if any(part.startswith(".") for part in target.relative_to(cwd).parts):
        return False
    return "/" in suffixes or target.suffix.lower() in suffixes


def _shown(path: Path) -> str:
    """A folder as the user would type it: relative to the current folder when under it."""
    import shlex

    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        rel = str(path)
    return shlex.quote(rel if len(rel) <= len(str(path)) else str(path))


__all__ = ["confined", "in_working_tree"]

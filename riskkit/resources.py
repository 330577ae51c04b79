"""Find the bundled rubrics and templates through importlib.resources (checkout or wheel)."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).parent


def _packaged(name: str) -> Path:
    # An installed or checked-out package is a plain folder: the files sit next to this module,
    # where importlib.resources would find them too (skipping its import saves start-up time).
    path = _HERE / name
    if path.exists():
        return path
    from importlib import resources

    return Path(str(resources.files("riskkit") / name))


def bundled_rubrics_dir() -> Path:
    return _packaged("rubrics")


def bundled_templates_dir() -> Path:
    return _packaged("templates")


def bundled_examples_dir() -> Path:
    return _packaged("examples")

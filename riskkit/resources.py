"""Find the bundled rubrics and templates through importlib.resources (checkout or wheel)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _packaged(name: str) -> Path:
    path = Path(str(resources.files("riskkit") / name))
    return path


def bundled_rubrics_dir() -> Path:
    return _packaged("rubrics")


def bundled_templates_dir() -> Path:
    return _packaged("templates")


def bundled_examples_dir() -> Path:
    return _packaged("examples")

"""Writers are a registry: format name → "module:function". Modules load only when used.

Every writer has the signature ``write(assessment, stream, options) -> None`` and writes
bytes to a binary stream it is given. Adding a format is one module and one entry here.
"""

from __future__ import annotations

import importlib
import io

# name -> (module, function, is_binary, default file suffix, description)
WRITERS: dict[str, tuple[str, str, str, str]] = {
    "table": ("riskkit.render.text", "write_table", ".txt", "plain-text table for the terminal"),
    "json": ("riskkit.render.jsonout", "write_json", ".json", "the full assessment (documented schema)"),
    "markdown": ("riskkit.render.markdown", "write_markdown", ".md", "Markdown summary (pull-request comments)"),
}

SCORE_FORMATS = ("table", "json", "markdown")


def register(name: str, module: str, function: str, suffix: str, description: str) -> None:
    WRITERS[name] = (module, function, suffix, description)


def writer(name: str):
    from ..errors import UsageError, did_you_mean

    if name not in WRITERS:
        raise UsageError(f"unknown output format '{name}'", hint=did_you_mean(name, WRITERS))
    module, function, _, _ = WRITERS[name]
    return getattr(importlib.import_module(module), function)


def render(assessment, fmt: str, options: dict | None = None) -> bytes:
    """Render an assessment to bytes in the named format."""
    buf = io.BytesIO()
    writer(fmt)(assessment, buf, options or {})
    return buf.getvalue()

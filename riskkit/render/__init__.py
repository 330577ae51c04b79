"""Writers are a registry: format name → "module:function". Modules load only when used.

Every writer has the signature ``write(assessment, stream, options) -> None`` and writes
bytes to a binary stream it is given. Adding a format is one module and one entry here.
"""

from __future__ import annotations

import importlib
import io

# name -> (module, function, default file suffix, description)
WRITERS: dict[str, tuple[str, str, str, str]] = {
    "table": ("riskkit.render.text", "write_table", ".txt", "plain-text table for the terminal"),
    "json": ("riskkit.render.jsonout", "write_json", ".json", "the full assessment (documented schema)"),
    "markdown": ("riskkit.render.markdown", "write_markdown", ".md", "Markdown summary (pull-request comments)"),
    "junit": (
        "riskkit.render.junit",
        "write_junit",
        ".xml",
        "JUnit XML: a testsuite per rubric, a testcase per criterion",
    ),
    "sarif": ("riskkit.render.sarif", "write_sarif", ".sarif", "SARIF 2.1.0 for code-scanning annotations"),
    "github": ("riskkit.render.github", "write_github", ".txt", "GitHub Actions workflow commands (::error file=…)"),
    "html": ("riskkit.render.memo", "write_html", ".html", "the memo as HTML"),
    "pdf": ("riskkit.render.pdf", "write_pdf", ".pdf", "the memo as PDF (WeasyPrint)"),
    "xlsx": ("riskkit.render.workbook", "write_xlsx", ".xlsx", "the review workbook (Excel)"),
}


def writer(name: str):
    from riskkit.errors import UsageError, did_you_mean

    if name not in WRITERS:
        raise UsageError(f"unknown output format '{name}'", hint=did_you_mean(name, WRITERS))
    module, function, _, _ = WRITERS[name]
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            raise UsageError(f"output format '{name}' is not available in this build") from None
        raise
    return getattr(mod, function)


def render(assessment, fmt: str, options: dict | None = None) -> bytes:
    """Render an assessment to bytes in the named format."""
    buf = io.BytesIO()
    writer(fmt)(assessment, buf, options or {})
    return buf.getvalue()

"""Writers are one registry keyed by (result kind, format) → "module:function". Modules load only when used.

Every writer has the signature ``write(result, stream, options) -> None`` and writes bytes
to a binary stream it is given. Adding a format is one module and one entry here; a
command's ``--format`` takes its choices from ``formats(kind)``.

Result kinds: "assessment" (an Assessment or a riskkit.engine.run.Run: CI writers get the
Run with its gate, the others its Assessment), and the analysis records "diff"
(analysis.diff.Diff), "timeline" (analysis.timeline.Timeline), "whatif" (analysis.whatif.WhatIf),
"portfolio" (analysis.portfolio.Portfolio), and the catalogue listings "rubrics" and "facts"
(analysis.listing.RubricListing, FactListing). Analysis modules return these records and
never render; their writers live here, in render/.

The package itself is callable, so ``riskkit.render(assessment, "json")`` works however
often it is reached (``riskkit.render`` is this module, never a function that an import of
the subpackage would replace).
"""

from __future__ import annotations

import importlib
import io
import sys
import types
from typing import NamedTuple


class Writer(NamedTuple):
    kind: str  # the result kind it writes
    format: str
    module: str
    function: str
    suffix: str  # default file suffix
    description: str
    takes: str = "result"  # "run" | "assessment" for the assessment kind; "result" otherwise


_ENTRIES = (
    Writer("assessment", "table", "riskkit.render.text", "write_table", ".txt", "plain-text table for the terminal",
           "assessment"),
    Writer("assessment", "json", "riskkit.render.jsonout", "write_json", ".json",
           "the full assessment (documented schema)", "run"),
    Writer("assessment", "markdown", "riskkit.render.markdown", "write_markdown", ".md",
           "Markdown summary (pull-request comments)", "assessment"),
    Writer("assessment", "junit", "riskkit.render.junit", "write_junit", ".xml",
           "JUnit XML: a testsuite per rubric, a testcase per criterion", "run"),
    Writer("assessment", "sarif", "riskkit.render.sarif", "write_sarif", ".sarif",
           "SARIF 2.1.0 for code-scanning annotations", "run"),
    Writer("assessment", "github", "riskkit.render.github", "write_github", ".txt",
           "GitHub Actions workflow commands (::error file=…)", "run"),
    Writer("assessment", "html", "riskkit.render.memo", "write_html", ".html", "the memo as HTML", "assessment"),
    Writer("assessment", "pdf", "riskkit.render.pdf", "write_pdf", ".pdf", "the memo as PDF (WeasyPrint)",
           "assessment"),
    Writer("assessment", "docx", "riskkit.render.docx", "write_docx", ".docx", "the memo as an editable Word document",
           "assessment"),
    Writer("assessment", "xlsx", "riskkit.render.workbook", "write_xlsx", ".xlsx", "the review workbook (Excel)",
           "assessment"),
    Writer("diff", "table", "riskkit.render.diff", "write_table", ".txt", "what moved, for the terminal"),
    Writer("diff", "json", "riskkit.render.diff", "write_json", ".json", "the diff for programs"),
    Writer("diff", "markdown", "riskkit.render.diff", "write_markdown", ".md", "a pull-request comment"),
    Writer("timeline", "table", "riskkit.render.timeline", "write_table", ".txt", "steps and band changes"),
    Writer("timeline", "json", "riskkit.render.timeline", "write_json", ".json", "every step's assessment summary"),
    Writer("timeline", "svg", "riskkit.render.timeline", "write_svg", ".svg", "the risk-over-time chart"),
    Writer("whatif", "table", "riskkit.render.whatif", "write_table", ".txt", "paths to the target band"),
    Writer("whatif", "json", "riskkit.render.whatif", "write_json", ".json", "the paths for programs"),
    Writer("portfolio", "table", "riskkit.render.portfolio", "write_table", ".txt", "the ranking"),
    Writer("portfolio", "json", "riskkit.render.portfolio", "write_json", ".json",
           "ranking and per-rubric results"),
    Writer("portfolio", "csv", "riskkit.render.portfolio", "write_csv", ".csv",
           "the long deal × rubric frame with criterion statuses"),
    Writer("portfolio", "xlsx", "riskkit.render.portfolio_xlsx", "write_xlsx_stream", ".xlsx",
           "ranking, heat map and drill-down sheets (Excel)"),
    Writer("portfolio", "html", "riskkit.render.portfolio", "write_html", ".html", "the portfolio overview as HTML"),
    Writer("portfolio", "pdf", "riskkit.render.portfolio", "write_pdf_stream", ".pdf",
           "ranking, SVG heat map and drill-down sections (PDF)"),
    Writer("rubrics", "table", "riskkit.render.listing", "write_rubrics_table", ".txt",
           "the rubrics (and their criteria), for the terminal"),
    Writer("rubrics", "json", "riskkit.render.listing", "write_rubrics_json", ".json", "the rubrics for programs"),
    Writer("facts", "table", "riskkit.render.listing", "write_facts_table", ".txt",
           "the facts catalogue by group, for the terminal"),
    Writer("facts", "json", "riskkit.render.listing", "write_facts_json", ".json", "the facts catalogue for programs"),
)  # fmt: skip

REGISTRY: dict[tuple[str, str], Writer] = {(w.kind, w.format): w for w in _ENTRIES}

# The assessment writers by format name (what `score --format` and `-o FORMAT:FILE` accept).
WRITERS: dict[str, Writer] = {w.format: w for w in _ENTRIES if w.kind == "assessment"}

# Result class name → kind, so finding a writer needs no import of the result's module.
KINDS = {
    "Assessment": "assessment",
    "Run": "assessment",
    "Diff": "diff",
    "Timeline": "timeline",
    "WhatIf": "whatif",
    "Portfolio": "portfolio",
    "RubricListing": "rubrics",
    "FactListing": "facts",
}


def formats(kind: str = "assessment") -> tuple[str, ...]:
    """The format names registered for a result kind, in registration order (a click.Choice)."""
    return tuple(w.format for w in _ENTRIES if w.kind == kind)


BINARY_SUFFIXES = (".xlsx", ".pdf", ".docx")


def text_formats(kind: str) -> tuple[str, ...]:
    """The formats of a kind that write text (fit for stdout)."""
    return tuple(w.format for w in _ENTRIES if w.kind == kind and w.suffix not in BINARY_SUFFIXES)


def kind_of(result) -> str:
    for cls in type(result).__mro__:
        if cls.__name__ in KINDS:
            return KINDS[cls.__name__]
    raise TypeError(f"no writers for {type(result).__name__}")


def entry(name: str, kind: str = "assessment") -> Writer:
    """The registry entry, or a one-line UsageError naming the near miss."""
    from riskkit.errors import UsageError, one_of

    found = REGISTRY.get((kind, name))
    if found is None:
        raise UsageError(f"unknown output format '{name}'", hint=one_of(name, formats(kind)))
    return found


def writer(name: str, kind: str = "assessment"):
    """The write function registered for (kind, name)."""
    from riskkit.errors import UsageError

    w = entry(name, kind)
    try:
        mod = importlib.import_module(w.module)
    except ModuleNotFoundError as exc:
        if exc.name == w.module:
            raise UsageError(f"output format '{name}' is not available in this build") from None
        raise
    return getattr(mod, w.function)


def render(result, fmt: str, options=None) -> bytes:
    """Render a result (an Assessment, a Run, or an analysis record) to bytes in the named format."""
    kind = kind_of(result)
    w = entry(fmt, kind)
    if w.takes != "result":
        from riskkit.engine.run import Run, as_run

        if w.takes == "run":
            result = as_run(result)
        elif isinstance(result, Run):
            result = result.assessment
    buf = io.BytesIO()
    writer(fmt, kind)(result, buf, options if options is not None else {})
    return buf.getvalue()


class _CallableModule(types.ModuleType):
    """`riskkit.render(...)` calls render(): the package and the function are one name."""

    def __call__(self, result, fmt: str, options=None) -> bytes:
        return render(result, fmt, options)


sys.modules[__name__].__class__ = _CallableModule

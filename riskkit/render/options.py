"""Typed options for the writers, one record per writer family (instead of an untyped dict).

    render(run, "table", TableOptions(verbose=True))
    render(assessment, "pdf", MemoOptions(to="General Counsel", date=dt.date(2026, 1, 2)))
    render(portfolio, "xlsx", PortfolioOptions(unknown="best", drill_limit=50))

The gate (fail_on, unknown, baseline, waivers) is not an option: it is part of the
riskkit.engine.run.Run the CI writers are given. Each record's `of()` also accepts a dict
with the same keys (unknown keys are ignored), so older callers keep working.
"""

from __future__ import annotations

import datetime as _dt

from msgspec import Struct, field


class _Options(Struct, frozen=True):
    @classmethod
    def of(cls, options):
        """This record from itself, None or a dict of the same keys."""
        if isinstance(options, cls):
            return options
        names = set(cls.__struct_fields__)
        return cls(**{k: v for k, v in dict(options or {}).items() if k in names})


class TableOptions(_Options, frozen=True):
    """The terminal table: every finding and information request, or the top ones."""

    verbose: bool = False


class MarkdownOptions(_Options, frozen=True):
    """The Markdown summary: the author role chooses its confidentiality legend."""

    role: str | None = None


class JsonOptions(_Options, frozen=True):
    """The JSON assessment, with extra top-level blocks (e.g. a reviewer's "review")."""

    extra: dict = field(default_factory=dict)
    role: str | None = None  # the author role: chooses the confidentiality legend


class MemoOptions(_Options, frozen=True):
    """The memo (HTML and PDF): header lines, banner, templates and computed extra sections."""

    to: str | None = None
    from_: str | None = None
    date: _dt.date | str | None = None
    privilege_banner: bool = True
    template_dir: str | None = None
    extra_sections: tuple | list = ()
    strict: bool = True  # PDF: WeasyPrint's logged errors fail the render
    role: str | None = None  # the author role: chooses the privilege legend
    narrative: tuple | list = ()  # counsel's bottom line as memo blocks (riskkit.render.memo_narrative)
    part: str = "main"  # main | appendix | both

    @classmethod
    def of(cls, options):
        """As _Options.of; a dict may also spell `from_` as `from` (the memo header's own word)."""
        if isinstance(options, dict) and "from" in options and not options.get("from_"):
            options = {**options, "from_": options["from"]}
        return super().of(options)


class WorkbookOptions(_Options, frozen=True):
    """The review workbook: where the facts and rubrics came from, extra sheets, a review to refresh."""

    facts_path: str | None = None
    rubrics_dir: str | None = None
    extra_sheets: tuple | list = ()
    review: object = None  # riskkit.analysis.review.Review: decisions carried into a refreshed workbook
    role: str | None = None  # the author role: chooses the confidentiality legend


class PortfolioOptions(_Options, frozen=True):
    """The portfolio writers: which estimate ranks and colours (most-likely unless worst|best), how many
    drill-downs, templates."""

    unknown: str = "likely"
    drill_limit: int = 200
    template_dir: str | None = None

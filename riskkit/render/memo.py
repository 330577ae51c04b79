"""The memo: an Assessment rendered to HTML through Jinja2 templates.

HTML making lives here and needs only Jinja2; turning the HTML into a PDF is riskkit.render.pdf's
job. Templates are looked up user folder first (``--template-dir``), packaged folder second,
so a firm can override any one file (``memo.html.j2``, ``memo.css`` or a partial).

The template sees ``memo`` (riskkit.render.memo_view's prepared view of the assessment: header
fields, the main memo's and the appendix's sections as simple blocks, chart geometry) and the
raw ``assessment``; the Word writer (riskkit.render.docx) draws the same view.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path

from riskkit.errors import RiskkitError, UsageError
from riskkit.render.memo_view import BAND_COLOURS, memo_view

TEMPLATE = "memo.html.j2"


class TemplateError(RiskkitError):
    """A memo or portfolio template is missing, malformed, or refers to something that does not exist."""


# -- template lookup --------------------------------------------------------------------


def template_dirs(template_dir: str | Path | None = None) -> list[Path]:
    """The template folders in lookup order: the user's folder first, the packaged one last."""
    from riskkit.resources import bundled_templates_dir

    dirs = []
    if template_dir is not None:
        user = Path(template_dir)
        if not user.is_dir():
            raise UsageError(f"template folder does not exist or is not a folder: {user}")
        dirs.append(user)
    dirs.append(bundled_templates_dir())
    return dirs


_ENVIRONMENTS: dict = {}


def environment(template_dir: str | Path | None = None):
    """The Jinja2 environment for a template folder (one per process, so templates compile once)."""
    key = str(Path(template_dir).resolve()) if template_dir is not None else None
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS[key] = _new_environment(template_dir)
    return _ENVIRONMENTS[key]


def warm_templates(template_dir: str | Path | None = None) -> None:
    """Compile the memo's templates ahead of time, while the process is waiting on other work."""
    import jinja2

    env = environment(template_dir)
    for name in env.list_templates(filter_func=lambda n: n == TEMPLATE or n.startswith("partials/")):
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            continue  # render_memo reports it, with the file and line, where it always has


def _new_environment(template_dir: str | Path | None):
    """A Jinja2 environment with autoescape, StrictUndefined and the loader chain."""
    import jinja2
    import markupsafe

    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d)) for d in template_dirs(template_dir)])
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,  # every template, whatever its suffix: memo text is HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Compiled templates are cached for the packaged folder only, never with a user's --template-dir.
        bytecode_cache=bytecode_cache() if template_dir is None else None,
    )

    def include_raw(name: str):
        """A file from the loader chain, verbatim (CSS is not a Jinja template)."""
        source, _, _ = loader.get_source(env, name)
        return markupsafe.Markup(source)  # noqa: S704 - a template file from the loader chain, not data

    env.globals["include_raw"] = include_raw
    env.filters["band_colour"] = lambda band: BAND_COLOURS.get(str(band), "#555555")
    env.filters["num"] = lambda x: f"{x:g}" if isinstance(x, (int, float)) else str(x)
    return env


def bytecode_cache():
    """The packaged templates' compiled code, cached user-only (riskkit.render.templatecache), or None."""
    from riskkit.render.templatecache import private_bytecode_cache

    return private_bytecode_cache()


def render_memo(
    assessment,
    *,
    to: str | None = None,
    from_: str | None = None,
    date: _dt.date | None = None,
    privilege_banner: bool = True,
    template_dir: str | Path | None = None,
    extra_sections: Sequence[dict] = (),
    role: str | None = None,
    narrative: Sequence[dict] = (),
    part: str = "main",
) -> str:
    """The memo as one self-contained HTML document (CSS inline, no external resources).

    `part` is "main" (the memo counsel signs), "appendix" (the appendix alone) or "both".
    `extra_sections` is a sequence of ``{"id", "title", "template", "data"}`` dicts (timeline,
    paths, uncertainty, reviewer adjustments): drawn in the appendix's computed detail (or at
    the end of a main memo without appendix) with ``{% include section.template %}``; a
    reviewer-adjustments section also puts the reviewed result at the top of the bottom line.
    """
    view = memo_view(
        assessment,
        to=to,
        from_=from_,
        date=date,
        privilege_banner=privilege_banner,
        role=role,
        extra_sections=extra_sections,
        narrative=narrative,
        part=part,
    )
    return render_template(environment(template_dir), TEMPLATE, memo=view, assessment=assessment)


def render_template(env, name: str, **context) -> str:
    """Template `name` rendered with `context`; a broken template is a one-line TemplateError."""
    import jinja2

    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error: {exc.message}", path=exc.filename or exc.name, line=exc.lineno)
    except jinja2.TemplateNotFound as exc:
        folders = ", ".join(p for loader in env.loader.loaders for p in loader.searchpath)
        raise TemplateError(f"template not found: {exc.name}", hint=f"looked in {folders}")
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"template refers to something undefined: {exc.message}")


def memo_kwargs(options) -> dict:
    """render_memo keyword arguments from a writer's MemoOptions (or a dict of its keys, unknown ones ignored)."""
    from riskkit.render.options import MemoOptions

    o = MemoOptions.of(options)
    date = o.date
    if isinstance(date, _dt.datetime):
        date = date.date()
    elif isinstance(date, str) and date:
        try:
            date = _dt.date.fromisoformat(date)
        except ValueError:
            raise UsageError(f"memo date must be YYYY-MM-DD, got '{date}'")
    return {
        "to": o.to or None,
        "from_": o.from_ or None,
        "date": date or None,
        "privilege_banner": o.privilege_banner,
        "template_dir": o.template_dir,
        "extra_sections": o.extra_sections,
        "role": o.role or None,
        "narrative": o.narrative,
        "part": o.part or "main",
    }


def write_html(assessment, stream, options) -> None:
    """The registered "html" writer."""
    stream.write(render_memo(assessment, **memo_kwargs(options or {})).encode("utf-8"))

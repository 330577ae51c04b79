"""The PDF step: memo HTML → PDF with WeasyPrint, fenced in.

WeasyPrint is imported only inside these functions, so nothing else in riskkit pays for it.
Its URL fetcher serves files inside the template folders and data: URIs and refuses
everything else (no network, no reading arbitrary files); anything WeasyPrint logs as an
error (a resource it could not load) fails the render. Output is deterministic: metadata
dates come from the memo's <meta> tags, and fonts are embedded as shipped (no timestamps).
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from riskkit.errors import RiskkitError


class PdfError(RiskkitError):
    """The PDF could not be made (a resource was refused or missing, or WeasyPrint failed)."""


SYSTEM_LIBRARIES_HINT = (
    "install Pango (Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b; "
    "macOS: brew install pango), or write the memo as HTML with -o memo.html"
)


def import_weasyprint():
    """`import weasyprint`, or one clear RiskkitError when it or its system libraries cannot load.

    WeasyPrint prints a multi-line banner on stdout when Pango is missing; it is kept off
    stdout, which may carry output.
    """
    import contextlib
    import io

    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
    except (ImportError, OSError) as exc:
        detail = " ".join(str(exc).split())
        raise RiskkitError(f"cannot make a PDF: WeasyPrint could not be loaded ({detail})", hint=SYSTEM_LIBRARIES_HINT)
    return weasyprint


class _ErrorCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


def _resolve(path: Path, roots: list[Path]) -> Path | None:
    """The file for `path` along the template chain (user folder first), if inside a root."""
    for root in roots:
        if path.is_relative_to(root):
            relative = path.relative_to(root)
            for candidate in (r / relative for r in roots):
                candidate = candidate.resolve()
                if any(candidate.is_relative_to(r) for r in roots) and candidate.is_file():
                    return candidate
            return None
    return None


def fenced_fetcher(allowed_dirs: Sequence[Path]):
    """A WeasyPrint URL fetcher that serves data: URIs and files inside `allowed_dirs` only.

    Refused URLs are recorded in ``fetcher.refused`` (tests assert nothing was fetched).
    """
    import_weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [Path(d).resolve() for d in allowed_dirs]

    class FencedFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=("data", "file"))
            self.refused: list[str] = []
            self.served: list[str] = []

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = _resolve(Path(unquote(urlsplit(url).path)).resolve(), roots)
                if path is not None:
                    self.served.append(url)
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
            self.refused.append(url)
            raise ValueError(f"riskkit refuses to fetch {url} (only template files and data: URIs)")

    return FencedFetcher()


def html_to_pdf(
    html: str,
    template_dirs: Sequence[Path],
    *,
    strict: bool = True,
    fetcher=None,
) -> bytes:
    """Render memo HTML to PDF bytes.

    Relative URLs resolve against the first template folder; only files inside
    `template_dirs` can be read. Title, author, subject, keywords and dates come from the
    HTML's <title> and <meta> tags. With `strict`, anything WeasyPrint logs at ERROR level
    raises PdfError instead of producing a PDF with a hole in it.
    """
    weasyprint = import_weasyprint()
    dirs = [Path(d) for d in template_dirs]
    fetcher = fetcher or fenced_fetcher(dirs)
    collector = _ErrorCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        document = weasyprint.HTML(string=html, base_url=dirs[0].resolve().as_uri() + "/", url_fetcher=fetcher)
        # full_fonts: the packaged fonts are already small subsets, and skipping WeasyPrint's
        # own subsetting (fontTools) saves most of the write time and its timestamped output.
        # PDF/UA-1: a tagged PDF (structure tree, language, title) for screen readers; measured at
        # about +6 % layout time on the example memo (bench/run.py), inside the 15 % budget.
        pdf = document.write_pdf(full_fonts=True, pdf_variant="pdf/ua-1")
    finally:
        logger.removeHandler(collector)
    if strict and collector.messages:
        more = f" (and {len(collector.messages) - 1} more)" if len(collector.messages) > 1 else ""
        raise PdfError(f"PDF rendering failed: {collector.messages[0]}{more}")
    return pdf


def write_pdf(assessment, stream, options) -> None:
    """The registered "pdf" writer: render_memo's HTML, then html_to_pdf."""
    from riskkit.render.memo import memo_kwargs, render_memo, template_dirs
    from riskkit.render.options import MemoOptions

    kwargs = memo_kwargs(options)
    html = render_memo(assessment, **kwargs)
    stream.write(html_to_pdf(html, template_dirs(kwargs["template_dir"]), strict=MemoOptions.of(options).strict))

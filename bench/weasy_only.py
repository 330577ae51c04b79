"""WeasyPrint alone laying out a saved memo HTML (the floor riskkit's memo time is compared with).

usage: weasy_only.py MEMO.html OUT.pdf TEMPLATES_DIR [--untagged]

The same work riskkit's PDF step does, minus riskkit: the same HTML, relative URLs (the
packaged fonts) resolved against the same template folder, and the same write_pdf options as
riskkit.render.pdf.html_to_pdf (full_fonts, PDF/UA-1; the title, author and dates come from the
HTML's <meta> tags in both). bench/run.py checks that this writes the memo's PDF byte for byte.
Nothing from riskkit is imported, so the floor is Python start-up + `import weasyprint` + layout.
--untagged leaves out PDF/UA-1 (to show what tagging costs).
"""

from __future__ import annotations

import sys
from pathlib import Path

import weasyprint

html = Path(sys.argv[1]).read_text(encoding="utf-8")
options = {"full_fonts": True, "pdf_variant": "pdf/ua-1"}  # as riskkit.render.pdf.html_to_pdf
if "--untagged" in sys.argv[4:]:
    del options["pdf_variant"]
base = Path(sys.argv[3]).resolve().as_uri() + "/"
Path(sys.argv[2]).write_bytes(weasyprint.HTML(string=html, base_url=base).write_pdf(**options))

"""WeasyPrint alone laying out a saved memo HTML (the floor riskkit's memo time is compared with).

usage: weasy_only.py MEMO.html OUT.pdf [pdf-variant]
"""

from __future__ import annotations

import sys
from pathlib import Path

import weasyprint

from riskkit.resources import bundled_templates_dir

html = Path(sys.argv[1]).read_text(encoding="utf-8")
options = {"full_fonts": True}
if len(sys.argv) > 3:
    options["pdf_variant"] = sys.argv[3]
base = bundled_templates_dir().resolve().as_uri() + "/"
Path(sys.argv[2]).write_bytes(weasyprint.HTML(string=html, base_url=base).write_pdf(**options))

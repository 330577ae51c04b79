"""The CI path stays light: scoring to JSON imports no pandas, numpy, openpyxl, jinja2 or weasyprint."""

import json
import subprocess
import sys

from .conftest import MINI, MINI_DEAL, ROOT

HEAVY = ["pandas", "numpy", "openpyxl", "weasyprint", "jinja2"]

SNIPPET = """
import json, sys
from riskkit.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


def test_score_json_imports_nothing_heavy(tmp_path):
    out = tmp_path / "a.json"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            SNIPPET.format(heavy=HEAVY),
            "score",
            str(MINI_DEAL),
            "--rubrics",
            str(MINI),
            "--format",
            "json",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    loaded = json.loads(proc.stderr.strip().splitlines()[-1])
    assert loaded == [], f"heavy modules imported on the score path: {loaded}"
    assert json.loads(out.read_text())["results"]


def test_cli_module_imports_nothing_heavy():
    code = f"import sys, riskkit.cli; print([m for m in {HEAVY!r} if m in sys.modules])"
    assert subprocess.check_output([sys.executable, "-c", code], text=True, cwd=ROOT).strip() == "[]"

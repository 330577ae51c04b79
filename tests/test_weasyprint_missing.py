"""WeasyPrint without its system libraries: one clear line, exit 2, no file."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

BROKEN = (
    "import sys\n"
    "class NoPango:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name == 'weasyprint.text.ffi':\n"
    "            print('WeasyPrint could not import some external libraries')\n"
    "            raise OSError(\"cannot load library 'libpango-1.0-0': error 0x7e\")\n"
    "sys.meta_path.insert(0, NoPango())\n"
    "from riskkit.cli import main\n"
    "main(sys.argv[1:])\n"
)


def test_missing_system_libraries_give_one_line_and_no_file(tmp_path):
    out = tmp_path / "memo.pdf"
    args = ["memo", str(ROOT / "examples" / "hypothetical-low-risk.yaml"), "--no-paths", "-o", str(out)]
    proc = subprocess.run([sys.executable, "-c", BROKEN, *args], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2, proc
    assert proc.stdout == ""  # WeasyPrint's banner stays off stdout
    [line] = proc.stderr.splitlines()
    assert line.startswith("riskkit: error: cannot make a PDF: WeasyPrint could not be loaded")
    assert "libpango-1.0-0" in line and "apt-get install libpango" in line and "-o memo.html" in line
    assert not out.exists()

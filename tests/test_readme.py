"""The README's command outputs and CLI reference are what the code really prints."""

import subprocess
import sys

from .conftest import ROOT


def test_readme_is_current():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "readme_cli.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr


def test_readme_quick_start_is_the_two_make_commands():
    text = (ROOT / "README.md").read_text()
    quick = text.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick.strip().splitlines()]
    assert commands == ["make demo", "make test"]

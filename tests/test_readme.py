"""The README's and docs/ci.md's command outputs and the CLI reference are what the code really prints."""

import importlib.util
import re
import subprocess
import sys

import pytest

from .conftest import ROOT

GENERATED_PAGES = [ROOT / "README.md", ROOT / "docs" / "ci.md"]


def _readme_cli():
    spec = importlib.util.spec_from_file_location("readme_cli", ROOT / "tools" / "readme_cli.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


readme_cli = _readme_cli()


def test_readme_is_current():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "readme_cli.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("page", GENERATED_PAGES, ids=lambda p: p.name)
def test_every_console_block_is_generated(page):
    # A ```console block without a run: or run-session: marker would be captured by hand and go stale.
    text = page.read_text(encoding="utf-8")
    generated = len(readme_cli.RUN_BLOCK.findall(text)) + len(readme_cli.SESSION_BLOCK.findall(text))
    assert generated == text.count("```console"), f"{page.name} has a console block no marker regenerates"


SESSIONS = list(readme_cli.SESSION_BLOCK.finditer((ROOT / "docs" / "ci.md").read_text(encoding="utf-8")))


def test_ci_walkthroughs_are_generated():
    scripts = "\n".join(m["script"] for m in SESSIONS)
    for option in ["--strict-waivers", "--baseline previous.json", "--rubrics tests/fixtures/ci/mini-v13"]:
        assert option in scripts


def _section(block):
    """The heading of the docs/ci.md section a block is in (its test id)."""
    return block.string[: block.start()].rsplit("\n## ", 1)[-1].split("\n", 1)[0]


@pytest.mark.parametrize("block", SESSIONS, ids=_section)
def test_ci_walkthrough_output_is_current(block):
    committed = block[0].split("```console\n", 1)[1].removesuffix("```").rstrip("\n")
    assert readme_cli.run_session(block["script"]) == committed


def test_session_runs_in_a_temporary_copy_and_shows_exit_codes():
    script = "\n".join(
        [
            "riskkit score tests/fixtures/mini-deal.yaml --rubrics tests/fixtures/mini --format json -o saved.json",
            "echo $?",
            "riskkit diff saved.json tests/fixtures/mini-deal.yaml \\",
            "    --rubrics tests/fixtures/mini --format json > diff.json",
            "ls",
            "riskkit score no-such-deal.yaml",
        ]
    )
    out = readme_cli.run_session(script)
    lines = out.splitlines()
    assert lines[:4] == [
        "$ riskkit score tests/fixtures/mini-deal.yaml --rubrics tests/fixtures/mini --format json -o saved.json",
        "wrote saved.json",
        "$ echo $?",
        "0",
    ]
    # a continued command is shown as written; the files written and copied are in the folder, and only those
    assert lines[4:10] == [
        "$ riskkit diff saved.json tests/fixtures/mini-deal.yaml \\",
        "    --rubrics tests/fixtures/mini --format json > diff.json",
        "$ ls",
        "diff.json",
        "saved.json",
        "tests",
    ]
    assert lines[10] == "$ riskkit score no-such-deal.yaml"
    assert lines[-2:] == ["$ echo $?", "2"]
    assert "riskkit-docs-" not in out and str(ROOT) not in out
    assert not re.search(r"/tmp|/var/folders", out)
    assert not (ROOT / "saved.json").exists() and not (ROOT / "diff.json").exists()


def test_readme_quick_start_is_the_two_make_commands():
    text = (ROOT / "README.md").read_text()
    quick = text.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick.strip().splitlines()]
    assert commands == ["make demo", "make test"]

"""Run every riskkit command over every file of the hostile corpus and check each run is a clean refusal.

A clean refusal: exit 2, at most 3 lines on stderr, no traceback, and no output file left behind.
Run by tests/test_hostile.py; by hand: `.venv/bin/python tools/hostile_run.py` prints the count.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "mini"
MINI_DEAL = FIXTURES / "mini-deal.yaml"
HOSTILE = FIXTURES / "hostile"


def commands(bad: Path, out: Path) -> dict[str, list[str]]:
    """Every command, given the bad file where it takes an input file and `out` where it writes."""
    rubrics = ["--rubrics", str(MINI)]
    return {
        "score": ["score", str(bad), *rubrics, "-o", f"json:{out}.json", "-o", f"sarif:{out}.sarif"],
        "validate": ["validate", *rubrics, str(bad)],
        "memo": ["memo", str(bad), *rubrics, "-o", f"{out}.html"],
        "workbook": ["workbook", str(bad), *rubrics, "-o", f"{out}.xlsx"],
        "what-if": ["what-if", str(bad), *rubrics],
        "intake": ["intake", "--from", str(bad), *rubrics, "-o", f"{out}.yaml"],
        "diff": ["diff", str(MINI_DEAL), str(bad), *rubrics, "-o", f"{out}.txt"],
        "portfolio": ["portfolio", str(bad), *rubrics, "-o", f"{out}.xlsx"],
        "timeline": ["timeline", str(bad), *rubrics, "--svg", f"{out}.svg"],
        "review": ["review", str(bad), *rubrics, "-o", f"{out}.json"],
        "waivers": ["score", str(MINI_DEAL), *rubrics, "--waivers", str(bad), "-o", f"json:{out}.json"],
        "baseline": ["score", str(MINI_DEAL), *rubrics, "--baseline", str(bad), "-o", f"json:{out}.json"],
    }


def run_cli(args: list[str]) -> tuple[int, str]:
    """(exit code, stderr) of `riskkit ARGS` in this process, through the real entry point."""
    from riskkit.cli import main

    err, out = io.StringIO(), io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    code = 0
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            main(args)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return code, err.getvalue()


def problems_with(code: int, stderr: str, folder: Path) -> list[str]:
    problems = []
    if code != 2:
        problems.append(f"exit {code}")
    lines = stderr.splitlines()
    if len(lines) > 3:
        problems.append(f"{len(lines)} lines on stderr")
    if "Traceback" in stderr:
        problems.append("traceback")
    left = [p.name for p in folder.iterdir()]
    if left:
        problems.append(f"left {', '.join(sorted(left))}")
    return problems


def run_all(files: list[Path]) -> tuple[int, list[str]]:
    """(runs, failures) of every command over `files`; each failure names file, command and what went wrong."""
    runs, failures = 0, []
    for bad in files:
        for name in commands(bad, Path("x")):
            with tempfile.TemporaryDirectory(prefix="riskkit-hostile-") as tmp:
                out_dir = Path(tmp)
                args = commands(bad, out_dir / "out")[name]
                code, stderr = run_cli(args)
                runs += 1
                found = problems_with(code, stderr, out_dir)
                if found:
                    failures.append(f"{bad.name} × {name}: {'; '.join(found)}: {stderr.strip()[:300]!r}")
    return runs, failures


def corpus_files(folder: Path, extra: dict[str, bytes] | None = None) -> list[Path]:
    """The fixture corpus, plus `extra` files (name → bytes) written into `folder`."""
    files = sorted(p for p in HOSTILE.iterdir() if p.is_file())
    for name, data in (extra or {}).items():
        p = folder / name
        p.write_bytes(data)
        files.append(p)
    return files


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from tests.test_hostile import CORPUS

    with tempfile.TemporaryDirectory() as tmp:
        files = corpus_files(Path(tmp), CORPUS)
        runs, failures = run_all(files)
    for f in failures:
        print(f)
    print(f"{len(files)} files × {runs // max(len(files), 1)} commands = {runs} runs, {len(failures)} not clean")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

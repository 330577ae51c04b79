"""`make bench`: wall-clock figures for the commands people wait on (figures, not pass/fail).

Each figure is the median of several runs of the real installed command, Python start-up
included, on this machine.
"""

from __future__ import annotations

import importlib.util
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "microsoft-openai-2025.yaml"
RISKKIT = str(Path(sys.executable).parent / "riskkit")


def timed(args: list[str], runs: int) -> tuple[float, float, int]:
    times = []
    code = 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(args, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
        code = proc.returncode
        if code not in (0, 1):
            sys.stderr.write(proc.stderr.decode())
            break
    return statistics.median(times), min(times), code


def has_command(name: str) -> bool:
    return subprocess.run([RISKKIT, name, "--help"], capture_output=True).returncode == 0


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="riskkit-bench-"))
    print(f"riskkit bench — example {EXAMPLE.relative_to(ROOT)}, python {sys.version.split()[0]}")
    print(f"{'what':<44} {'median':>8} {'best':>8}  target")
    rows = [
        (
            "score --format json (CI path)",
            [RISKKIT, "score", str(EXAMPLE), "--format", "json", "-o", str(tmp / "a.json")],
            15,
            "≤ 0.25 s",
        ),
        ("score (table)", [RISKKIT, "score", str(EXAMPLE)], 7, ""),
        # What a PDF pays before any layout: Python start-up plus the plain `import weasyprint`.
        ("python -c 'import weasyprint'", [sys.executable, "-c", "import weasyprint"], 5, ""),
        ("python -c pass (start-up alone)", [sys.executable, "-c", "pass"], 5, ""),
    ]
    if has_command("memo"):
        memo = [RISKKIT, "memo", str(EXAMPLE)]
        rows += [
            ("memo → PDF", [*memo, "-o", str(tmp / "m.pdf")], 5, "≤ 2 s"),
            # Where the time goes: the same memo as HTML (no WeasyPrint), and as a PDF
            # without the computed sections (paths to lower risk, uncertainty).
            ("memo → HTML", [*memo, "-o", str(tmp / "m.html")], 5, ""),
            (
                "memo, 5 Microsoft–OpenAI deals in one batch",
                [
                    RISKKIT,
                    "memo",
                    *map(str, sorted(EXAMPLE.parent.glob("microsoft-openai-20*.yaml"))),
                    "-o",
                    f"{tmp}/batch/",
                ],
                1,
                "(total; one run)",
            ),
            (
                "memo → PDF --no-paths --no-uncertainty",
                [*memo, "--no-paths", "--no-uncertainty", "-o", str(tmp / "n.pdf")],
                3,
                "",
            ),
        ]
    if has_command("workbook"):
        rows.append(("workbook → XLSX", [RISKKIT, "workbook", str(EXAMPLE), "-o", str(tmp / "w.xlsx")], 5, "≤ 1.5 s"))
    if has_command("what-if"):
        rows.append(
            ("what-if --target moderate", [RISKKIT, "what-if", str(EXAMPLE), "--target", "moderate"], 3, "≤ 5 s")
        )
    for label, args, runs, target in rows:
        median, best, code = timed(args, runs)
        status = "" if code in (0, 1) else f"  (exit {code})"
        print(f"{label:<44} {median:>7.3f}s {best:>7.3f}s  {target}{status}")
    vector = ROOT / "bench" / "bench_vector.py"
    if vector.exists():
        spec = importlib.util.spec_from_file_location("bench_vector", vector)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print()
        module.main([])
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

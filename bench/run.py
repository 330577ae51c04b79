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
        html = tmp / "m.html"
        subprocess.run([*memo, "-o", str(html)], capture_output=True, check=True)
        weasy = [sys.executable, str(ROOT / "bench" / "weasy_only.py"), str(html), str(tmp / "w.pdf")]
        rows += [
            ("memo → PDF (main memo)", [*memo, "-o", str(tmp / "m.pdf")], 7, "≤ 2.5 s"),
            # The floor: WeasyPrint alone (Python start-up and import included) laying out the same HTML.
            ("  WeasyPrint alone, same HTML", weasy, 7, "ratio ≤ 1.15×"),
            ("  WeasyPrint alone, same HTML, PDF/UA-1", [*weasy, "pdf/ua-1"], 5, "tagged: ≤ +15 %?"),
            ("memo → HTML", [*memo, "-o", str(tmp / "m2.html")], 5, ""),
            ("memo → DOCX (main memo)", [*memo, "-o", str(tmp / "m.docx")], 7, "≤ 1.0 s"),
            ("memo → PDF --appendix", [*memo, "--appendix", "-o", str(tmp / "a.pdf")], 3, "(reported)"),
            ("memo → DOCX --appendix", [*memo, "--appendix", "-o", str(tmp / "a.docx")], 3, "(reported)"),
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
        ]
    if has_command("workbook"):
        rows.append(("workbook → XLSX", [RISKKIT, "workbook", str(EXAMPLE), "-o", str(tmp / "w.xlsx")], 5, "≤ 1.5 s"))
    if has_command("what-if"):
        rows.append(
            ("what-if --target moderate", [RISKKIT, "what-if", str(EXAMPLE), "--target", "moderate"], 3, "≤ 5 s")
        )
    medians = {}
    for label, args, runs, target in rows:
        median, best, code = timed(args, runs)
        medians[label.strip()] = median
        status = "" if code in (0, 1) else f"  (exit {code})"
        print(f"{label:<44} {median:>7.3f}s {best:>7.3f}s  {target}{status}")
    alone = medians.get("WeasyPrint alone, same HTML")
    if alone:
        print(
            f"{'memo PDF over WeasyPrint alone':<44} {medians['memo → PDF (main memo)'] / alone:>7.2f}×           ≤ 1.15×"
        )
        tagged = medians["WeasyPrint alone, same HTML, PDF/UA-1"]
        print(f"{'PDF/UA-1 tagging cost':<44} {100 * (tagged / alone - 1):>+7.1f}%")
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

"""`make bench`: wall-clock figures for the commands people wait on (figures, not pass/fail).

Each figure is the median of several runs of the real installed command, Python start-up
included, on this machine.

A/B in the same run: `RISKKIT_BENCH_AGAINST=main make bench` (or `bench/run.py --against REF`)
exports REF's riskkit with `git archive` into a temporary folder and times it beside this
working tree, run for run in alternating order (ABBA), with the same Python and dependencies
(the baseline is put first on PYTHONPATH), so a machine that other people are loading slows
both sides alike. Each side gets its own fresh cache folder (RISKKIT_CACHE_DIR), filled by one
untimed warm-up run; the "cache off" row shows a run with RISKKIT_CACHE_DIR=off.

The memo PDF's floor is bench/weasy_only.py: WeasyPrint alone (Python start-up and import
included) laying out the memo's saved HTML with the memo's PDF options (PDF/UA-1). Before timing,
each side checks the floor writes the memo PDF byte for byte (else the ratio is flagged as not
like for like). The floor is timed with the memo PDF run for run, and "memo PDF over WeasyPrint
alone" is the median of those pairs' ratios, by wall clock and by CPU time (user + system).

    python bench/run.py [--against REF] [--only score,memo,...] [--runs-scale 0.5] [--no-vector]
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "microsoft-openai-2025.yaml"
RISKKIT = str(Path(sys.executable).parent / "riskkit")
MINI = ROOT / "tests" / "fixtures" / "mini"  # a small rubric folder with its own facts.yaml
MINI_DEAL = ROOT / "tests" / "fixtures" / "mini-deal.yaml"
MEMO_PDF = "memo → PDF (main memo)"
FLOOR = "  WeasyPrint alone, same HTML and options"


class Side:
    """One riskkit to time: this working tree, or a baseline exported from git."""

    def __init__(self, name: str, tmp: Path, source: Path | None = None):
        self.name = name
        self.env = dict(os.environ)
        self.env["RISKKIT_CACHE_DIR"] = str(tmp / f"cache-{name}")
        if source is not None:
            self.env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), os.environ.get("PYTHONPATH")]))
        self.source = source or ROOT
        self.out = tmp / f"out-{name}"
        self.out.mkdir()

    def run(self, args: list[str], env: dict | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
        """(wall seconds, CPU seconds of the child: user + system, the process finished)."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(args, capture_output=True, cwd=ROOT, env={**self.env, **(env or {})})
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), proc

    def has_command(self, name: str) -> bool:
        return self.run([RISKKIT, name, "--help"])[2].returncode == 0


def export_baseline(ref: str, tmp: Path) -> tuple[Path, str]:
    """REF's tree (riskkit, rubrics, templates, examples, bench) in tmp/base, byte-compiled like `make bytecode`."""
    commit = subprocess.check_output(["git", "-C", str(ROOT), "rev-parse", "--short", ref], text=True).strip()
    blob = subprocess.check_output(["git", "-C", str(ROOT), "archive", "--format=tar", commit])
    base = tmp / "base"
    with tarfile.open(fileobj=io.BytesIO(blob)) as tar:
        members = [
            m for m in tar.getmembers() if m.name.split("/")[0] in ("riskkit", "rubrics", "templates", "examples")
        ]
        tar.extractall(base, members=members, filter="tar")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(base / "riskkit")], capture_output=True, check=True)
    return base, commit


def rows_for(side: Side) -> list[tuple[str, list[str], int, str, dict]]:
    """(label, argv, runs, target, extra env) for one side; paths point into that side's output folder."""
    out = side.out
    example = str(side.source / "examples" / EXAMPLE.name)
    rows = [
        (
            "score --format json (CI path)",
            [RISKKIT, "score", example, "--format", "json", "-o", str(out / "a.json")],
            15,
            "≤ 0.25 s (goal 0.15)",
            {},
        ),
        (
            "  same, cache off (RISKKIT_CACHE_DIR=off)",
            [RISKKIT, "score", example, "--format", "json", "-o", str(out / "a-off.json")],
            7,
            "",
            {"RISKKIT_CACHE_DIR": "off"},
        ),
        ("score (table)", [RISKKIT, "score", example], 7, "", {}),
        # A rubric folder of one's own (never cached on disk): its catalogue, and ours for the
        # deal's jurisdictions, are built in the run. Both sides read this tree's test fixture.
        (
            "score --rubrics DIR (a folder of one's own)",
            [RISKKIT, "score", str(MINI_DEAL), "--rubrics", str(MINI), "--format", "json", "-o", str(out / "r.json")],
            9,
            "",
            {},
        ),
        # What a PDF pays before any layout: Python start-up plus the plain `import weasyprint`.
        ("python -c 'import weasyprint'", [sys.executable, "-c", "import weasyprint"], 5, "", {}),
        ("python -c pass (start-up alone)", [sys.executable, "-c", "pass"], 5, "", {}),
    ]
    if side.has_command("memo"):
        memo = [RISKKIT, "memo", example]
        html = out / "m.html"
        subprocess.run([*memo, "-o", str(html)], capture_output=True, check=True, env=side.env, cwd=ROOT)
        templates = str(side.source / "templates")
        weasy = [sys.executable, str(ROOT / "bench" / "weasy_only.py"), str(html), str(out / "w.pdf"), templates]
        examples = sorted((side.source / "examples").glob("microsoft-openai-20*.yaml"))
        rows += [
            ("memo → PDF (main memo)", [*memo, "-o", str(out / "m.pdf")], 7, "≤ 2.5 s", {}),
            # The floor: WeasyPrint alone (Python start-up and import included) laying out the same
            # HTML with the same options (PDF/UA-1 as the memo; fairness_check: the same bytes).
            (FLOOR, weasy, 7, "ratio ≤ 1.15×", {}),
            ("  WeasyPrint alone, untagged (no PDF/UA-1)", [*weasy, "--untagged"], 5, "tagging: ≤ +15 %?", {}),
            ("memo → HTML", [*memo, "-o", str(out / "m2.html")], 5, "", {}),
            ("memo → DOCX (main memo)", [*memo, "-o", str(out / "m.docx")], 7, "≤ 1.0 s", {}),
            ("memo → PDF --appendix", [*memo, "--appendix", "-o", str(out / "a.pdf")], 3, "(reported)", {}),
            ("memo → DOCX --appendix", [*memo, "--appendix", "-o", str(out / "a.docx")], 3, "(reported)", {}),
            (
                "memo, 5 Microsoft–OpenAI deals in one batch",
                [RISKKIT, "memo", *map(str, examples), "-o", f"{out}/batch/"],
                1,
                "(total; one run)",
                {},
            ),
        ]
    if side.has_command("workbook"):
        rows.append(("workbook → XLSX", [RISKKIT, "workbook", example, "-o", str(out / "w.xlsx")], 5, "≤ 1.5 s", {}))
    if side.has_command("what-if"):
        rows.append(
            ("what-if --target moderate", [RISKKIT, "what-if", example, "--target", "moderate"], 3, "≤ 5 s", {})
        )
    return rows


def find_row(rows: list, label: str):
    return next((r for r in rows if r[0] == label), None)


def paired(labels: list[str]) -> list[list[str]]:
    """Labels in timing groups: the WeasyPrint-alone floor is timed with the memo PDF, run for run."""
    groups = [[label] for label in labels if label != FLOOR]
    if FLOOR in labels:
        memo = next((g for g in groups if g[0] == MEMO_PDF), None)
        if memo is not None:
            memo.append(FLOOR)
        else:
            groups.append([FLOOR])
    return groups


def fairness_check(side: Side, rows: list) -> str:
    """Whether the floor does the memo's work: WeasyPrint alone must write the memo PDF's exact bytes."""
    memo, floor = find_row(rows, MEMO_PDF)[1], find_row(rows, FLOOR)[1]
    memo_pdf, floor_pdf = side.out / "check-memo.pdf", side.out / "check-floor.pdf"
    side.run([*memo[:-1], str(memo_pdf)])
    side.run([*floor[:3], str(floor_pdf), *floor[4:]])
    same = memo_pdf.exists() and floor_pdf.exists() and memo_pdf.read_bytes() == floor_pdf.read_bytes()
    who = f" ({side.name})"
    if same:
        return f"floor check{who}: WeasyPrint alone writes the memo PDF byte for byte (same HTML, fonts, options)"
    return f"WARNING{who}: WeasyPrint alone writes other bytes than the memo PDF: the ratio is not like for like"


def print_row(label: str, target: str, timed: dict, sides: list, failed: str) -> None:
    med = {s.name: [statistics.median(x) for x in timed[s.name][label]] for s in sides if label in timed[s.name]}
    this, this_cpu = med["this"]
    if len(sides) == 2:
        base, base_cpu = med.get("base", (None, None))
        shown = f"{base:>7.3f}s" if base is not None else f"{'—':>8}"
        change = f"{100 * (this / base - 1):>+7.1f}%" if base else f"{'':>8}"
        cpu_shown = f"{base_cpu:>7.3f}s" if base_cpu is not None else f"{'—':>8}"
        print(f"{label:<44} {shown} {this:>7.3f}s {change}  {cpu_shown} {this_cpu:>7.3f}s  {target}{failed}")
    else:
        best = min(timed["this"][label][0])
        print(f"{label:<44} {this:>7.3f}s {best:>7.3f}s {this_cpu:>7.3f}s  {target}{failed}")
    sys.stdout.flush()


def print_ratio(who: str, timed: dict) -> None:
    """Memo PDF over the floor: medians of the pairs' ratios (each pair timed back to back), wall and CPU."""
    who = f" ({who})" if who else ""
    if MEMO_PDF in timed and FLOOR in timed:
        (memo_wall, memo_cpu), (floor_wall, floor_cpu) = timed[MEMO_PDF], timed[FLOOR]
        wall = statistics.median(m / f for m, f in zip(memo_wall, floor_wall, strict=False))
        cpu = statistics.median(m / f for m, f in zip(memo_cpu, floor_cpu, strict=False))
        own = statistics.median(memo_cpu) - statistics.median(floor_cpu)
        print(
            f"{'memo PDF over WeasyPrint alone' + who:<44} {wall:>7.2f}× wall, {cpu:.2f}× CPU"
            f"  (medians of paired runs; riskkit's own CPU time {own:.3f}s)  ≤ 1.15×"
        )
    untagged = timed.get("  WeasyPrint alone, untagged (no PDF/UA-1)")
    if FLOOR in timed and untagged:
        cost = statistics.median(timed[FLOOR][1]) / statistics.median(untagged[1]) - 1
        print(f"{'PDF/UA-1 tagging cost (CPU)' + who:<44} {100 * cost:>+7.1f}%")


def wanted(label: str, only: list[str]) -> bool:
    words = label.lower()
    return not only or any(o in words for o in only)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default=os.environ.get("RISKKIT_BENCH_AGAINST") or None, metavar="REF")
    parser.add_argument("--only", default="", help="comma-separated words: time only rows whose label has one")
    parser.add_argument("--runs-scale", type=float, default=1.0, help="multiply every row's run count")
    parser.add_argument("--no-vector", action="store_true", help="skip bench_vector.py")
    args = parser.parse_args(argv)
    only = [w.strip().lower() for w in args.only.split(",") if w.strip()]

    tmp = Path(tempfile.mkdtemp(prefix="riskkit-bench-"))
    try:
        sides = [Side("this", tmp)]
        title = f"riskkit bench — example {EXAMPLE.relative_to(ROOT)}, python {sys.version.split()[0]}"
        if args.against:
            base, commit = export_baseline(args.against, tmp)
            sides.insert(0, Side("base", tmp, base))
            head = subprocess.run(
                ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
            )
            dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "riskkit", "rubrics", "templates"],
                                   capture_output=True, text=True).stdout.strip()  # fmt: skip
            title += f"\nA/B, same run: base = {args.against} ({commit}), this = working tree ({head.stdout.strip()}"
            title += " + uncommitted changes)" if dirty else ")"
        print(title)
        table = {side.name: rows_for(side) for side in sides}
        for side in sides:  # fill each side's cache (parsed/built rubrics, compiled templates) untimed
            side.run(table[side.name][0][1])
            if len(table[side.name]) > 5:
                side.run(
                    [RISKKIT, "memo", str(side.source / "examples" / EXAMPLE.name), "-o", str(side.out / "w.html")]
                )
                print(fairness_check(side, table[side.name]))
        labels = [row[0] for row in table["this"] if wanted(row[0], only)]
        if len(sides) == 2:
            print(f"{'':<44} {'wall-clock median':^26}  {'CPU median':^17}")
            print(f"{'what':<44} {'base':>8} {'this':>8} {'change':>8}  {'base':>8} {'this':>8}  target")
        else:
            print(f"{'what':<44} {'median':>8} {'best':>8} {'CPU':>8}  target")
        timed: dict = {s.name: {} for s in sides}  # label -> ([wall], [cpu])
        for group in paired(labels):
            rows = {label: {s.name: find_row(table[s.name], label) for s in sides} for label in group}
            runs = max(max(1, round(rows[label]["this"][2] * args.runs_scale)) for label in group)
            failed = ""
            for i in range(runs):
                # ABBA: drift in the machine's load hits both sides, and both rows of a pair, alike
                for s in sides if i % 2 == 0 else sides[::-1]:
                    for label in group if i % 2 == 0 else group[::-1]:
                        row = rows[label][s.name]
                        if row is None or i >= max(1, round(row[2] * args.runs_scale)):
                            continue
                        elapsed, used, proc = s.run(row[1], row[4])
                        if proc.returncode not in (0, 1):
                            sys.stderr.write(proc.stderr.decode())
                            failed = f"  ({s.name}: exit {proc.returncode})"
                        walls, cpus = timed[s.name].setdefault(label, ([], []))
                        walls.append(elapsed)
                        cpus.append(used)
            for label in group:
                print_row(label, rows[label]["this"][3], timed, sides, failed)
        for s in sides:
            print_ratio(s.name if len(sides) == 2 else "", timed[s.name])
        vector = ROOT / "bench" / "bench_vector.py"
        if vector.exists() and not args.no_vector and not only:
            spec = importlib.util.spec_from_file_location("bench_vector", vector)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            print()
            module.main([])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

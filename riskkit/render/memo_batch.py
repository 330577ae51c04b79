"""Many memos in one run: one output file per deal, written one after another.

Every deal file is read and checked before anything is written; then each memo is rendered
and written atomically as it is finished, so an interrupted run leaves complete memos only,
and a memo from a batch has the same bytes as the same deal's memo made on its own.

The memos are made in this process, sequentially: WeasyPrint is loaded once for the whole
batch. Two worker processes were measured against one for `riskkit memo` on the five
Microsoft–OpenAI examples and did not pay on a shared two-core machine (see the bench), so
there is no process pool.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from riskkit.errors import RiskkitError, UsageError


class BatchError(UsageError):
    """Several problems with a batch: one line each, the last with a summary."""

    def __init__(self, problems: Sequence[str], summary: str):
        self.problems = list(problems)
        self.summary = summary
        super().__init__(f"{self.problems[-1]} ({summary})")


def memo_outputs(facts_paths: Sequence[str], out_dir: str | Path, fmt: str) -> list[tuple[str, Path]]:
    """(facts file, memo file) pairs: OUT/<facts file stem>.<fmt>, refusing two deals on one name."""
    seen: dict[str, str] = {}
    pairs = []
    for facts in facts_paths:
        name = f"{Path(facts).stem}.{fmt}"
        if name in seen:
            raise UsageError(
                f"{seen[name]} and {facts} would both be written to {Path(out_dir) / name}",
                hint="rename one of the deal files, or run them separately",
            )
        seen[name] = facts
        pairs.append((facts, Path(out_dir) / name))
    return pairs


def plan_batch(facts_paths: Sequence[str], out_dir: str | Path, fmt: str, rubric_set) -> list[tuple]:
    """(facts file, memo file, Deal) for every deal, after checking them all.

    Raises BatchError naming every deal file with an error (nothing is written then).
    """
    from riskkit.load.deal import load_deal

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"-o {out_dir}: exists and is not a folder")
    pairs = memo_outputs(facts_paths, out, fmt)
    plan, problems = [], []
    for facts, output in pairs:
        try:
            plan.append((facts, output, load_deal(facts, rubric_set.catalogue)))
        except RiskkitError as exc:
            problems.append(exc.render())
    if problems:
        raise BatchError(problems, f"{len(problems)} of {len(pairs)} deal files have errors; no memo written")
    return plan


def write_batch(
    plan: Sequence[tuple],
    make_memo: Callable[[object], bytes],
    written: Callable[[Path], None] = lambda output: None,
) -> None:
    """Write ``make_memo(deal)`` to each planned memo file (atomically), one after another.

    A memo whose rendering raises a RiskkitError is not written; the others still are, and
    a BatchError then names every memo that failed. `written(output)` is called after each write.
    """
    from riskkit.fileio import atomic_write

    if plan:
        plan[0][1].parent.mkdir(parents=True, exist_ok=True)
    failed = []
    for facts, output, deal in plan:
        try:
            atomic_write(output, make_memo(deal))
        except RiskkitError as exc:
            failed.append(f"{facts}: {exc.render()}")
            continue
        written(output)
    if failed:
        raise BatchError(failed, f"{len(failed)} of {len(plan)} memos not written")

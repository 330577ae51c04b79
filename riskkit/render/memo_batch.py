"""Many memos in one run: one output file per deal, rendered by forked workers.

Re-issuing memos for a book of deals is where WeasyPrint's cost adds up. Here every deal file
is read and checked before anything is written; then the deals are shared among workers
(two on a two-core machine), each loading WeasyPrint once and laying out its memos while the
other does the same. Each memo is written atomically as it is finished, so an interrupted
run leaves complete memos only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from riskkit.errors import RiskkitError, UsageError
from riskkit.render.beside import Beside, can_fork


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


def worker_count(requested: int | None, jobs: int) -> int:
    """--jobs, else one worker per core (at most two: layout is the bottleneck, not memory)."""
    import os

    if not can_fork():
        return 1  # workers are forked; without fork the memos are written one after another
    wanted = requested if requested else min(2, os.cpu_count() or 1)
    return max(1, min(wanted, jobs))


def write_memos(pairs: Sequence[tuple[str, Path]], make_memo: Callable[[str, Path], None], workers: int) -> list[dict]:
    """Call ``make_memo(facts, output)`` for every pair, spread over `workers` forked workers.

    Returns one ``{"facts", "output", "error"}`` per pair, in the order given; ``error`` is
    the one-line message of a RiskkitError ("" when the memo was written). Anything else a
    worker raises is re-raised here (its share is re-run in this process).
    """
    shares = [list(pairs[i::workers]) for i in range(workers)]
    jobs = [Beside(_write_share, make_memo, share) for share in shares[1:] if share]
    results = _write_share(make_memo, shares[0])  # this process takes the first share itself
    for job in jobs:
        results += job.result()
    order = {str(output): i for i, (_, output) in enumerate(pairs)}
    return sorted(results, key=lambda r: order[r["output"]])


def _write_share(make_memo, share) -> list[dict]:
    results = []
    for facts, output in share:
        try:
            make_memo(facts, Path(output))
            error = ""
        except RiskkitError as exc:
            error = exc.render()
        results.append({"facts": str(facts), "output": str(output), "error": error})
    return results

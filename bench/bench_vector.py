"""Vectorised scoring vs the per-deal loop, measured in the same run (called by bench/run.py).

Prints: deal×rubric evaluations per second for riskkit.engine.vector.score_frame on a 100,000-deal
frame and for riskkit.engine.scoring.score deal by deal, the ratio, the frame's memory and the
process's peak RSS, a check that both give identical results, and the what-if search time
for the example. One core: numpy/pandas run single-threaded here.

    python bench/bench_vector.py [--deals 100000] [--loop-deals 1000]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--loop-deals", type=int, default=1_000)
    parser.add_argument("--rubrics", default=str(ROOT / "rubrics"))
    args = parser.parse_args(argv)

    from riskkit.engine.scoring import score
    from riskkit.engine.vector import score_frame, synthetic_deals, synthetic_frame
    from riskkit.load.rubric import load_rubrics

    rs = load_rubrics(args.rubrics)
    nr = len(rs.rubrics)
    print(f"rubrics: {', '.join(r.id for r in rs.rubrics)} ({sum(len(r.criteria) for r in rs.rubrics)} criteria)")

    # per-deal loop and vectorised on the same deals: rates and identical results
    deals = synthetic_deals(rs, args.loop_deals, seed=42)
    t0 = time.perf_counter()
    loop = [score(d, rs) for d in deals]
    loop_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    small = score_frame(deals, rs)
    small_s = time.perf_counter() - t0
    want = [(a.deal.id, rr.id, rr.range.score, rr.range.score_worst, rr.range.band, rr.range.band_worst)
            for a in loop for rr in a.results]  # fmt: skip
    got = list(zip(small["deal"], small["rubric"], small["score"], small["score_worst"], small["band"].astype(str),
                   small["band_worst"].astype(str), strict=False))  # fmt: skip
    identical = want == got
    loop_rate = len(deals) * nr / loop_s

    # the big frame
    t0 = time.perf_counter()
    frame = synthetic_frame(rs, args.deals, seed=42)
    build_s = time.perf_counter() - t0
    frame_mib = frame.memory_usage(deep=True).sum() / 2**20
    t0 = time.perf_counter()
    result = score_frame(frame, rs)
    vec_s = time.perf_counter() - t0
    vec_rate = len(result) / vec_s
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    figures = {
        "loop_deals": len(deals),
        "loop_evals_per_s": round(loop_rate),
        "vector_deals": args.deals,
        "vector_evals_per_s": round(vec_rate),
        "ratio": round(vec_rate / loop_rate, 1),
        "vector_small_evals_per_s": round(len(deals) * nr / small_s),
        "frame_mib": round(frame_mib, 1),
        "peak_rss_mib": round(peak_mib, 1),
        "identical": identical,
    }
    print(f"per-deal loop : {len(deals):>7,} deals × {nr} rubrics in {loop_s:7.2f} s = {loop_rate:>10,.0f} evals/s")
    print(f"vectorised    : {args.deals:>7,} deals × {nr} rubrics in {vec_s:7.2f} s = {vec_rate:>10,.0f} evals/s"
          f"  (frame built in {build_s:.1f} s)")  # fmt: skip
    print(f"ratio         : {figures['ratio']:,}× (vectorised on the loop's {len(deals):,} deals: "
          f"{figures['vector_small_evals_per_s']:,} evals/s)")  # fmt: skip
    print(f"memory        : frame {frame_mib:,.0f} MiB, peak RSS {peak_mib:,.0f} MiB (limit 1,024 MiB)")
    print(f"identical     : {identical} ({len(want):,} deal×rubric results compared)")

    example = ROOT / "examples" / "microsoft-openai-2025.yaml"
    if example.is_file():
        from riskkit.analysis.whatif import what_if
        from riskkit.load.deal import load_deal

        deal = load_deal(example, rs.catalogue)
        t0 = time.perf_counter()
        w = what_if(deal, rs, target="moderate")
        figures["what_if_s"] = round(time.perf_counter() - t0, 2)
        n = sum(r.evaluated for r in w.rubrics)
        print(f"what-if       : {example.name} --target moderate in {figures['what_if_s']:.2f} s ({n:,} sets scored)")
    return figures


if __name__ == "__main__":
    main()

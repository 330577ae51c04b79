"""Portfolios: many deal files scored against every rubric at once, ranked, as a heat map.

`load_portfolio(paths, rubric_set)` reads every deal (one bad file is recorded with its
message and the rest still score), scores them column-wise with riskkit.engine.vector.score_frame
and returns a `Portfolio`; `score_drilldowns(n)` scores the top n deals in full. The writers
in riskkit.render.portfolio and riskkit.render.portfolio_xlsx turn it into a terminal table,
JSON, CSV, an Excel workbook or a PDF; they never score.

Exit code rule (`Portfolio.exit_code`): 1 when any deal that scored reaches `--fail-on`
(on the most-likely band unless `--unknown worst|best` says otherwise, as `riskkit score`); otherwise 2 when any file could not be read; else 0.
A deal at or above the gate is the more important news, and every unreadable file is still
named on stderr.
"""

from __future__ import annotations

import datetime as _dt
import glob
from pathlib import Path

import pandas as pd
from msgspec import Struct, field

from riskkit.errors import InputError, RiskkitError, UsageError
from riskkit.model.display import span
from riskkit.model.inputs import BANDS, band_rank

DEAL_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")
FORMATS = ("table", "json", "csv")


class Failure(Struct, frozen=True):
    path: str
    message: str

    def to_dict(self) -> dict:
        return {"path": self.path, "error": self.message}


class Portfolio(Struct):
    """Deals that loaded, their deal × rubric frame, and the files that did not load."""

    rubric_set: object
    deals: list
    frame: pd.DataFrame  # riskkit.engine.vector.score_frame(deals, rubric_set, criteria=True)
    failures: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (path, reason): history files, not deals
    _assessments: dict = field(default_factory=dict)  # row -> Assessment

    def duplicate_ids(self) -> dict:
        """{deal id: [paths]} for ids more than one file uses (their rows cannot be told apart by id)."""
        seen: dict = {}
        for d in self.deals:
            seen.setdefault(d.id, []).append(d.path)
        return {k: v for k, v in seen.items() if len(v) > 1}

    @property
    def rubric_ids(self) -> list[str]:
        return [r.id for r in self.rubric_set.rubrics]

    def _gating(self, f: pd.DataFrame):
        """Rows that rank and gate: applicable risk rubrics (filing-threshold verdicts never gate)."""
        return (f["status"] != "not_applicable") & ~f["rubric"].isin(self._verdict_only())

    def _verdict_only(self) -> list:
        return [r.id for r in self.rubric_set.rubrics if r.kind == "notifiability"]

    def ranking(self, unknown: str = "likely") -> pd.DataFrame:
        """One row per deal, riskiest first: worst band across rubrics, then highest score.

        `unknown` picks the estimate that ranks (riskkit.engine.run.estimate_fields): the
        most-likely one by default; each rubric's text shows it with the best–worst bounds beside.

        Columns: rank, row, deal, title, path, as_of, worst_band, max_score, total_score,
        triggered, unknown, and per rubric ``<id>:band`` / ``<id>:score`` / ``<id>:status``.
        """
        import numpy as np

        f = self.frame
        if f.empty:
            return pd.DataFrame()
        from riskkit.engine.run import estimate_fields

        band_col, score_col = estimate_fields(unknown)
        live = self._gating(f).to_numpy()
        codes = np.asarray(f[band_col].cat.codes)
        g = pd.DataFrame(
            {
                "row": f["row"].to_numpy(),
                "rank": np.where(live, codes, 0),
                "score": np.where(live, f[score_col].to_numpy(dtype=float), 0.0),
                "triggered": f["triggered"].to_numpy(),
                "unknown": f["unknown"].to_numpy(),
            }
        )
        agg = g.groupby("row").agg(
            rank=("rank", "max"), max_score=("score", "max"), total_score=("score", "sum"),
            triggered=("triggered", "sum"), unknown=("unknown", "sum"),
        )  # fmt: skip
        rows = agg.index.to_numpy()
        out = pd.DataFrame(
            {
                "row": rows,
                "deal": [self.deals[i].id for i in rows],
                "title": [self.deals[i].title for i in rows],
                "path": [self.deals[i].path for i in rows],
                "as_of": [self.deals[i].as_of.isoformat() for i in rows],
                "worst_band": [BANDS[k] for k in agg["rank"]],
                "max_score": agg["max_score"].to_numpy(),
                "total_score": agg["total_score"].to_numpy(),
                "triggered": agg["triggered"].to_numpy(),
                "unknown": agg["unknown"].to_numpy(),
                "_rank": agg["rank"].to_numpy(),
            }
        )
        band, worst, shown = (_text(f[c]) for c in ("band", "band_worst", band_col))
        applicable = (f["status"] != "not_applicable").to_numpy()
        bounds = np.where(band == worst, band, band + "–" + worst)
        band_text = np.where(~applicable, "n/a", np.where(shown == bounds, shown, shown + " (" + bounds + ")"))
        s1 = f["score"].to_numpy(dtype=float)
        s2 = f["score_worst"].to_numpy(dtype=float)
        s0 = f[score_col].to_numpy(dtype=float)
        score_text = np.array([_beside(c, span(a, b)) for c, a, b in zip(s0, s1, s2, strict=False)], dtype=object)
        verdict_only = f["rubric"].isin(self._verdict_only()).to_numpy() & applicable
        band_text = np.where(verdict_only, _verdicts(f), band_text)
        score_text = np.where(verdict_only, "", score_text)
        wide = pd.DataFrame(
            {"row": f["row"].to_numpy(), "rubric": f["rubric"].to_numpy(dtype=object), "band": band_text,
             "score": score_text, "status": f["status"].astype(str).to_numpy(dtype=object)}
        ).pivot(index="row", columns="rubric")  # fmt: skip
        for rid in self.rubric_ids:
            for what in ("band", "score", "status"):
                out[f"{rid}:{what}"] = wide[(what, rid)].reindex(rows).to_numpy()
        out = out.sort_values(["_rank", "max_score", "total_score", "deal"], ascending=[False, False, False, True])
        out = out.drop(columns="_rank").reset_index(drop=True)
        out.insert(0, "rank", range(1, len(out) + 1))
        return out

    def bands(self, unknown: str = "likely") -> pd.DataFrame:
        """row × rubric: the band text used by heat maps ("n/a" when a rubric does not apply; a filing
        rubric's verdict, never a band)."""
        import numpy as np

        from riskkit.engine.run import estimate_fields

        f = self.frame
        col = estimate_fields(unknown)[0]
        verdict_only = f["rubric"].isin(self._verdict_only()).to_numpy()
        text = np.where(f["status"] == "not_applicable", "n/a", np.where(verdict_only, _verdicts(f), _text(f[col])))
        return pd.DataFrame({"row": f["row"], "rubric": f["rubric"], "band": text}).pivot(
            index="row", columns="rubric", values="band"
        )[self.rubric_ids]

    def exit_code(self, fail_on: str | None = None, unknown: str = "likely") -> int:
        if fail_on:
            from riskkit.engine.run import estimate_fields

            col = estimate_fields(unknown)[0]
            live = self.frame[self._gating(self.frame)]
            if any(band_rank(b) >= band_rank(fail_on) for b in live[col]):
                return 1
        return 2 if self.failures else 0

    def score_drilldowns(self, limit: int, unknown: str = "likely") -> list[int]:
        """Score the `limit` top-ranked deals in full (findings, evidence) for drill-downs; their rows.

        Writers read these through `assessment(row)` and never score.
        """
        from riskkit.engine.scoring import score

        ranking = self.ranking(unknown)
        rows = [] if ranking.empty else [int(r) for r in ranking["row"][:limit]]
        for row in rows:
            if row not in self._assessments:
                self._assessments[row] = score(self.deals[row], self.rubric_set)
        return rows

    def assessment(self, row: int):
        """The full assessment of a deal that score_drilldowns (or --waivers) scored."""
        if row not in self._assessments:
            raise LookupError(f"deal row {row} has no drill-down assessment: call score_drilldowns first")
        return self._assessments[row]

    def to_dict(self, unknown: str = "likely") -> dict:
        ranking = self.ranking(unknown)
        deals = []
        cols = ["row", "rubric", "status", "score", "score_worst", "band", "band_worst", "triggered", "unknown",
                "score_likely", "band_likely"]  # fmt: skip
        by_row: dict = {}
        verdict_only = set(self._verdict_only())
        for r in self.frame[cols].to_dict("records"):  # one narrow pass, not a groupby of the wide frame
            by_row.setdefault(r["row"], []).append(r)
        for rec in ranking.to_dict("records"):
            mine = by_row[rec["row"]]
            deals.append(
                {
                    "rank": rec["rank"],
                    "deal": rec["deal"],
                    "title": rec["title"],
                    "path": rec["path"],
                    "as_of": rec["as_of"],
                    "worst_band": rec["worst_band"],
                    "rubrics": [_rubric_dict(r, r["rubric"] in verdict_only) for r in mine],
                }
            )
        return {
            "unknown": unknown,
            "rubrics": [{"id": r.id, "version": r.version} for r in self.rubric_set.rubrics],
            "deals": deals,
            "failures": [f.to_dict() for f in self.failures],
            "skipped": [{"path": p, "reason": why} for p, why in self.skipped],
        }


def _beside(value: float, bounds: str) -> str:
    """'27.5 (21.1–37.1)': the estimate that ranks, the best–worst bounds beside it."""
    return bounds if value != value or f"{value:g}" == bounds else f"{value:g} ({bounds})"


def _verdicts(f: pd.DataFrame):
    """A notifiability rubric's verdict per row: likely notifiable somewhere, unknown, or not notifiable."""
    import numpy as np

    t, u = f["triggered"].to_numpy(), f["unknown"].to_numpy()
    return np.where(t > 0, "likely notifiable", np.where(u > 0, "unknown", "not notifiable"))


def _rubric_dict(r: dict, verdict_only: bool) -> dict:
    """One deal × rubric in the JSON: a risk rubric's scores and bands; a filing rubric's verdict only."""
    out = {"id": r["rubric"], "status": r["status"]}
    if verdict_only:
        t, u = int(r["triggered"]), int(r["unknown"])
        out["verdict"] = "likely notifiable" if t else ("unknown" if u else "not notifiable")
    else:
        out.update({**_likely(r), "score": float(r["score"]), "score_worst": float(r["score_worst"]),
                    "band": r["band"], "band_worst": r["band_worst"]})  # fmt: skip
    return {**out, "triggered": int(r["triggered"]), "unknown": int(r["unknown"])}


def _likely(r: dict) -> dict:
    """score_likely/band_likely of a risk rubric; nothing for a notifiability rubric (verdicts only)."""
    if r["score_likely"] != r["score_likely"]:  # NaN
        return {}
    return {"score_likely": float(r["score_likely"]), "band_likely": r["band_likely"]}


# -- collecting and loading ----------------------------------------------------------------


def collect_paths(patterns, searched: set | None = None) -> tuple[list[str], list[Failure]]:
    """Deal files from files, folders (searched recursively) and glob patterns, in a stable order.

    Paths found by searching a folder are added to `searched` (if given): there, a YAML file
    that is not a deal file (a CI workflow, a waivers file) is skipped rather than reported.
    """
    paths: list[str] = []
    failures: list[Failure] = []
    for pattern in patterns:
        p = Path(pattern)
        if p.is_dir():
            found = sorted(str(x) for x in p.rglob("*") if x.is_file() and x.suffix.lower() in DEAL_SUFFIXES)
            if searched is not None:
                searched.update(found)
            if not found:
                failures.append(Failure(str(p), "folder holds no deal files (*.yaml, *.yml, *.json, *.xlsx)"))
            paths.extend(found)
        elif p.is_file():
            paths.append(str(p))
        else:
            found = sorted(x for x in glob.glob(pattern, recursive=True) if Path(x).is_file())
            if not found:
                failures.append(Failure(pattern, "no such file, folder or matching pattern"))
            paths.extend(found)
    return list(dict.fromkeys(paths)), failures


def load_portfolio(
    patterns,
    rubric_set,
    *,
    fail_fast: bool = False,
    progress=None,
    waivers=None,
    today=None,
    include_later_sources: bool = False,
) -> Portfolio:
    """Load and score every deal; `progress(done, total, path)` is called after each file.

    `waivers` (a WaiverFile) is applied deal by deal as `riskkit score --waivers` would, with
    expiry checked against `today`: a deal with a waiver that applies is re-scored with it, and
    its rows (points, bands, triggered counts) and drill-down show the waived findings.
    Each deal is read as of its own date, as `riskkit score` reads it: facts resting on sources
    dated later are left out unless `include_later_sources`.
    """
    from riskkit.engine.vector import score_frame
    from riskkit.load import yamlio
    from riskkit.load.deal import deal_from_data, load_deal
    from riskkit.load.hindsight import screen

    searched: set = set()
    paths, failures = collect_paths(patterns, searched)
    if failures and fail_fast:
        raise UsageError(f"{failures[0].path}: {failures[0].message}")
    deals, skipped = [], []
    for i, path in enumerate(paths):
        try:
            if path.lower().endswith(".xlsx"):
                deals.append(load_deal(path, rubric_set.catalogue, include_later_sources))
            else:
                data = yamlio.load(path)
                if isinstance(data, dict) and "history" in data and "deal" not in data:
                    skipped.append((path, "a deal history file (score it with `riskkit timeline`)"))
                elif isinstance(data, dict) and "facts" in data and "deal" not in data:
                    raise InputError("has facts: but no deal: mapping (id, title, as_of, stage, …)", path=path)
                elif path in searched and not (isinstance(data, dict) and "deal" in data):
                    skipped.append((path, "not a deal facts file (no top-level 'deal' key)"))
                else:
                    deals.append(screen(deal_from_data(data, rubric_set.catalogue, path), include_later_sources))
        except RiskkitError as exc:
            if fail_fast:
                raise
            failures.append(Failure(path, exc.render()))
        if progress:
            progress(i + 1, len(paths), path)
    frame = score_frame(deals, rubric_set, criteria=True) if deals else _empty_frame()
    p = Portfolio(rubric_set, deals, frame, failures, skipped)
    if waivers is not None and deals:
        _apply_waivers(p, waivers, today or _dt.date.today())
    return p


def _apply_waivers(p: Portfolio, wfile, today: _dt.date) -> None:
    """Re-score the deals a waiver applies to, and write their waived results into the frame."""
    from riskkit.engine.run import score_with_waivers, select_waivers

    f = p.frame
    for row, deal in enumerate(p.deals):
        chosen, _ = select_waivers(wfile, deal, p.rubric_set, today)
        if not chosen:
            continue
        assessment, _ = score_with_waivers(deal, p.rubric_set, wfile, today)
        p._assessments[row] = assessment
        for rr in assessment.results:
            at = (f["row"] == row) & (f["rubric"] == rr.id)
            rng = rr.range
            for col in ("points", "points_worst", "score", "score_worst", "band", "band_worst", "floored"):
                f.loc[at, col] = getattr(rng, col)
            if rr.scored:
                for col in ("points_likely", "score_likely", "band_likely"):
                    f.loc[at, col] = getattr(rng, col)
            f.loc[at, "triggered"] = rr.counts()["triggered"]


def _empty_frame() -> pd.DataFrame:
    cols = ["deal", "row", "rubric", "status", "points", "points_worst", "points_likely", "max_points", "score",
            "score_worst", "band", "band_worst", "score_likely", "band_likely", "floored", "triggered", "unknown", "not_triggered", "not_applicable"]  # fmt: skip
    return pd.DataFrame({c: [] for c in cols})


def _text(column: pd.Series):
    """A column as an object array of str, missing values as "" (pandas 3 keeps NaN through astype(str))."""
    import numpy as np

    return np.array(["" if pd.isna(v) else str(v) for v in column], dtype=object)

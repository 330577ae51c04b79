"""`riskkit validate`: check rubric sets, rubric files, case files and deal files; list every problem."""

from __future__ import annotations

from pathlib import Path

from riskkit.analysis.judge import lint_file, rule_problems
from riskkit.errors import RiskkitError
from riskkit.model.inputs import WEAKEST_KIND, rubric_compares


def lint_paths(paths, rubrics_dir=None, require_cases: bool = True, warnings=None) -> tuple[list[str], int]:
    """(problems, files checked). Problems are one line each: file:line: key: message.

    `warnings`, when a list, receives sourcing warnings that do not fail validation
    (see reference_warnings and fact_source_warnings).
    """
    warnings = [] if warnings is None else warnings
    from riskkit.resources import bundled_rubrics_dir

    problems: list[str] = []
    checked = 0
    if not paths:
        paths = [str(rubrics_dir) if rubrics_dir else str(bundled_rubrics_dir())]
    sets: dict = {}

    def base_set():
        if "set" not in sets:
            from riskkit.load.rubric import load_rubrics

            sets["set"] = load_rubrics(rubrics_dir)
        return sets["set"]

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            n, probs = lint_rubric_folder(p, require_cases, warnings)
            checked += n
            problems.extend(probs)
            continue
        checked += 1
        try:  # each file as the kind it is: deal, rubric, cases, catalogue, waivers, history, intake, review
            problems.extend(lint_file(p, rubrics_dir, base_set, warnings))
        except RiskkitError as exc:
            problems.append(exc.render())
    return problems, checked


def lint_rubric_folder(folder: Path, require_cases: bool, warnings=None) -> tuple[int, list[str]]:
    from riskkit.analysis.cases import check_rubric_cases
    from riskkit.load.catalogue import catalogue_for
    from riskkit.load.rubric import RubricSet, load_rubric, rubric_files, shared_for

    problems = []
    try:
        catalogue = catalogue_for(folder)
    except RiskkitError as exc:
        return 1, [exc.render()]
    files = rubric_files(folder)
    try:
        shared = shared_for(folder, catalogue)
    except RiskkitError as exc:
        return 1, [exc.render()]
    checked = len(catalogue.paths) + len(files)
    if not files:
        return checked, [f"{folder}: no rubric files (*.yaml) in this folder"]
    rubrics = []
    for path in files:
        try:
            rubrics.append(load_rubric(path, catalogue, shared))
        except RiskkitError as exc:
            problems.append(exc.render())
    seen_rubric, seen_crit = {}, {}
    for r in rubrics:
        if r.id in seen_rubric:
            problems.append(f"{r.path}: rubric id '{r.id}' is also used by {seen_rubric[r.id]}")
        seen_rubric[r.id] = r.path
        for c in r.criteria:
            if c.id in seen_crit and seen_crit[c.id] != r.id:
                problems.append(f"{r.path}:{c.line}: criteria.{c.id}: id also used in rubric '{seen_crit[c.id]}'")
            seen_crit[c.id] = r.id
        problems.extend(semantic_problems(r))
        if warnings is not None:
            warnings.extend(reference_warnings(r))
    rubric_set = RubricSet(catalogue, tuple(rubrics), str(folder))
    for r in rubrics:
        problems.extend(check_rubric_cases(r, rubric_set, folder, require_cases))
        checked += 1
    return checked, problems


def semantic_problems(rubric) -> list[str]:
    """Problems a single rubric can have beyond its schema."""
    problems = []
    used_params = {cmp.param for cmp in rubric_compares(rubric) if cmp.param}
    for c in rubric.criteria:
        if c.max_points == 0 and not c.floor:
            problems.append(
                f"{rubric.path}:{c.line}: criteria.{c.id}: carries no points and no floor, so it can never matter"
            )
        if not c.references:  # pragma: no cover - the loader already requires one
            problems.append(f"{rubric.path}:{c.line}: criteria.{c.id}: has no references")
    for pid in rubric.parameters:
        if pid not in used_params and pid not in rubric.shared_parameters:
            problems.append(f"{rubric.path}: parameters.{pid}: defined but never used by a criterion")
    problems.extend(rule_problems(rubric))
    return problems


def _has_primary(refs) -> bool:
    return any(ref.primary and ref.pinpoint for ref in refs)


def reference_warnings(rubric) -> list[str]:
    """Criteria, parameter values and regimes with no primary reference carrying a pinpoint.

    A secondary summary may stand beside a primary source, never alone, unless the point is
    marked `unverified`.
    """
    out = []
    what = "no primary reference (statute, guidance, decision or official statement) with a pinpoint"
    for c in rubric.criteria:
        if not _has_primary(c.references) and not c.unverified:
            out.append(f"{rubric.path}:{c.line}: criteria.{c.id}: {what}")
    for pid, param in rubric.parameters.items():
        for pv in param.values:
            if not (pv.reference and _has_primary([pv.reference])) and not param.unverified:
                out.append(f"{rubric.path}: parameters.{pid}: value from {pv.effective.isoformat()}: {what}")
    for tag, regime in rubric.regimes.items():
        if not _has_primary(regime.references) and not regime.unverified:
            out.append(f"{rubric.path}:{regime.line}: regimes.{tag}: {what}")
    return out


def _local_path(text: str) -> bool:
    t = text.strip()
    return bool(t) and not t.startswith(("http://", "https://")) and ("/" in t or "\\" in t or t.endswith(".txt"))


def fact_source_warnings(deal) -> list[str]:
    """Facts resting only on the weakest kind of source, and sources that point at local files."""
    out = []
    for fid, fact in deal.facts.items():
        if deal.hypothetical:
            break  # invented facts: their source says so
        kinds = {deal.sources[s].kind for s in fact.sources if s in deal.sources}
        if kinds and kinds <= {WEAKEST_KIND}:
            out.append(f"{deal.path}:{fact.line}: facts.{fid}: its only sources are secondary summaries")
    for sid, src in deal.sources.items():
        if _local_path(src.locator) or _local_path(src.url):
            out.append(f"{deal.path}: sources.{sid}: points at a local file; cite the outlet, title and date")
    return out

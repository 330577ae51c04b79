"""`riskkit validate`: check rubric sets, rubric files, case files and deal files; list every problem."""

from __future__ import annotations

from pathlib import Path

from riskkit.errors import RiskkitError
from riskkit.load import yamlio
from riskkit.model.inputs import rubric_compares


def lint_paths(paths, rubrics_dir=None, require_cases: bool = True) -> tuple[list[str], int]:
    """(problems, files checked). Problems are one line each: file:line: key: message."""
    from riskkit.resources import bundled_rubrics_dir

    problems: list[str] = []
    checked = 0
    if not paths:
        paths = [str(rubrics_dir) if rubrics_dir else str(bundled_rubrics_dir())]
    base_set = None
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            n, probs = lint_rubric_folder(p, require_cases)
            checked += n
            problems.extend(probs)
            continue
        checked += 1
        try:
            data = yamlio.load(p)
            if isinstance(data, dict) and "rubric" in data and "criteria" in data:
                # A rubric needs only a catalogue: its own folder's, else the one --rubrics reads.
                from riskkit.load.catalogue import catalogue_for
                from riskkit.load.rubric import rubric_from_data

                folder = p.parent if (p.parent / "facts.yaml").is_file() else rubrics_dir
                rubric = rubric_from_data(data, catalogue_for(folder), str(p))
                problems.extend(semantic_problems(rubric))
                continue
            if base_set is None:
                from riskkit.load.rubric import load_rubrics

                base_set = load_rubrics(rubrics_dir)
            if isinstance(data, dict) and "cases" in data and "rubric" in data:
                from riskkit.analysis.cases import load_cases, run_case

                for case in load_cases(p, base_set):
                    problems.extend(run_case(case, base_set))
            else:
                from riskkit.load.deal import deal_from_data

                deal_from_data(data, base_set.catalogue, str(p))
        except RiskkitError as exc:
            problems.append(exc.render())
    return problems, checked


def lint_rubric_folder(folder: Path, require_cases: bool) -> tuple[int, list[str]]:
    from riskkit.analysis.cases import check_rubric_cases
    from riskkit.load.catalogue import catalogue_for
    from riskkit.load.rubric import RubricSet, load_rubric, rubric_files

    problems = []
    try:
        catalogue = catalogue_for(folder)
    except RiskkitError as exc:
        return 1, [exc.render()]
    files = rubric_files(folder)
    checked = len(catalogue.paths) + len(files)
    if not files:
        return checked, [f"{folder}: no rubric files (*.yaml) in this folder"]
    rubrics = []
    for path in files:
        try:
            rubrics.append(load_rubric(path, catalogue))
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
        if pid not in used_params:
            problems.append(f"{rubric.path}: parameters.{pid}: defined but never used by a criterion")
    return problems

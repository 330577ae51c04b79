"""One judge: `riskkit validate FILE` checks each file as the kind of file it is, and every command
refuses a rubric folder `validate` rejects, with validate's own message. Also the rule checks
beyond the schema: conditions that can never hold, thresholds never in force, thresholds in
another jurisdiction's currency.
"""

from __future__ import annotations

from pathlib import Path

from riskkit.errors import RiskkitError
from riskkit.load import yamlio
from riskkit.model.inputs import iter_compares

# The kinds of file `validate FILE` recognises, by their top-level key (YAML/JSON) or sheets (xlsx).
KINDS = ("deal", "rubric", "cases", "catalogue", "waivers", "history", "intake", "review", "parameters")


def file_kind(path: Path, data=None) -> str | None:
    """Which kind of riskkit file this is (one of KINDS, or "assessment"), or None when unknown."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        sheets = _sheet_names(path)
        if {"About", "Findings"} <= sheets:
            return "review"
        return "intake"  # the intake reader names a missing or renamed sheet itself
    if not isinstance(data, dict):
        return None
    for key, kind in (("cases", "cases"), ("criteria", "rubric"), ("catalogue", "catalogue"), ("waivers", "waivers"),
                      ("history", "history"), ("deal", "deal"), ("schema_version", "assessment"),
                      ("shared", "parameters")):  # fmt: skip
        if key in data:
            return kind
    return None


STDIN = "<stdin>"


def _stdin_data():
    """The YAML or JSON document on stdin (a workbook must be named: it is read from its file)."""
    import sys

    from riskkit.errors import InputError

    raw = sys.stdin.buffer.read()
    if raw.startswith(b"PK\x03\x04"):
        raise InputError("a workbook (.xlsx) cannot be read from stdin; give its file name instead of -", path=STDIN)
    return yamlio.loads(yamlio.decode(raw, STDIN), STDIN)


def _sheet_names(path: Path) -> set:
    import re
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            text = z.read("xl/workbook.xml")[:200_000].decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return set()
    return set(re.findall(r'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"', text))


def lint_file(p: Path, rubrics_dir, base_set, warnings: list) -> list[str]:
    """Problems of one file, checked as the kind of file it is; `-` is the file on stdin (YAML or JSON)."""
    from riskkit.errors import InputError

    stdin = str(p) == "-"
    if stdin:  # `validate -`: the file on stdin, its kind read from its content; messages name <stdin>
        data, p = _stdin_data(), Path(STDIN)
    else:
        data = None if p.suffix.lower() in (".xlsx", ".xlsm") else yamlio.load(p)
    kind = file_kind(p, data)
    if stdin and kind in ("cases", "history"):
        raise InputError(f"a {kind} file names other files relative to its own folder, so it cannot be read from "
                         "stdin; give its file name instead of -", path=STDIN)  # fmt: skip
    if kind == "parameters":  # read as its rubric folder reads it: with the folder's catalogue and rubrics
        if stdin or p.name != "parameters.yaml":
            raise InputError("a shared parameters file is read by its rubric folder, as parameters.yaml there; "
                             "validate the folder instead (riskkit validate FOLDER)", path=str(p))  # fmt: skip
        from riskkit.load.rubric import load_rubrics

        load_rubrics(p.parent)
        return []
    if kind == "rubric":
        # A rubric needs only a catalogue and shared parameters: its own folder's, else those --rubrics reads.
        from riskkit.load.catalogue import catalogue_for
        from riskkit.load.rubric import rubric_from_data, shared_for
        from riskkit.resources import bundled_rubrics_dir

        folder = (
            p.parent if not stdin and (p.parent / "facts.yaml").is_file() else (rubrics_dir or bundled_rubrics_dir())
        )
        from riskkit.analysis.lint import reference_warnings, semantic_problems

        catalogue = catalogue_for(folder)  # and the folder's shared parameters, as load_rubrics reads them
        rubric = rubric_from_data(data, catalogue, str(p), shared_for(folder, catalogue))
        warnings.extend(reference_warnings(rubric))
        return semantic_problems(rubric)
    if kind == "catalogue":
        return _catalogue_problems(p, data, rubrics_dir)
    if kind == "cases":
        from riskkit.analysis.cases import load_cases, run_case

        return [problem for case in load_cases(p, base_set()) for problem in run_case(case, base_set())]
    if kind == "waivers":
        from riskkit.load.waivers import waivers_from_data

        waivers_from_data(data, base_set().catalogue, str(p), base_set().criterion_ids())
    elif kind == "history":
        from riskkit.analysis.timeline import load_history

        load_history(p, base_set().catalogue)
    elif kind == "review":
        from riskkit.analysis.review import load_review

        load_review(str(p), None, rubrics_dir)  # as `riskkit review` reads it: cells, facts file, fingerprint
    elif kind == "assessment":
        raise InputError("a saved assessment (riskkit score --format json), not an input file; compare it with "
                         "riskkit diff or use it as --baseline", path=str(p))  # fmt: skip
    elif kind in ("deal", "intake"):
        from riskkit.load.deal import deal_from_data, load_deal

        if kind == "intake":
            load_deal(p, base_set().catalogue)
        else:
            from riskkit.analysis.lint import fact_source_warnings

            found: list = []  # every problem in the deal file, in line order
            deal = deal_from_data(data, base_set().catalogue, str(p), problems=found)
            if found:
                return [e.render() for e in found]
            warnings.extend(fact_source_warnings(deal))
            warnings.extend(deal.warnings)
    else:
        kinds = ", ".join(f"{k} ({k}:)" for k in ("deal", "rubric", "cases", "catalogue", "waivers", "history"))
        raise InputError(f"not a riskkit file: expected a top-level key naming its kind: {kinds}", path=str(p))
    return []


def _catalogue_problems(p: Path, data, rubrics_dir) -> list[str]:
    """A facts.yaml or facts.d/ fragment: the whole catalogue it belongs to, or (a stray
    fragment) its declarations against the catalogue --rubrics reads."""
    from riskkit.load.catalogue import _fact_spec, catalogue_for, load_catalogue
    from riskkit.load.fields import Node

    if p.name == "facts.yaml":
        load_catalogue(p.parent)
        return []
    if p.parent.name == "facts.d":
        catalogue_for(p.parent.parent)
        return []
    base = catalogue_for(rubrics_dir)
    top = Node(data, str(p)).mapping(required=("catalogue", "facts"), optional=("jurisdictions",),
                                     what="a catalogue mapping")  # fmt: skip
    if top["catalogue"].value != 1:
        raise top["catalogue"].expected("catalogue format version 1")
    problems = []
    specs = [_fact_spec(item, str(p)) for item in top["facts"].items()]
    ids = set(base.facts) | {s.id for s in specs}
    for spec in specs:
        if spec.id in base.facts:
            problems.append(f"{p}:{spec.line}: facts.{spec.id}: already declared in {base.facts[spec.id].path}")
        for dep in spec.derived_of:
            if dep not in ids:
                problems.append(f"{p}:{spec.line}: facts.{spec.id}: derived from undeclared fact '{dep}'")
    return problems


def judge_rubric_folder(folder) -> None:
    """Refuse a rubric folder that `riskkit validate --allow-untested FOLDER` rejects, with its
    first message: score and the other commands never use a folder validate would not pass."""
    from riskkit.analysis.lint import lint_rubric_folder

    n, problems = lint_rubric_folder(Path(folder), require_cases=False)
    if problems:
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise FolderRejected(problems[0] + more + f"; run riskkit validate {folder}")


class FolderRejected(RiskkitError):
    """A rubric folder validate rejects; the message is validate's own line."""

    def render(self) -> str:
        return " ".join(self.message.split())


def rule_problems(rubric) -> list[str]:
    """Problems in what a rubric's rules say, beyond its schema."""
    problems = []
    for pid, param in rubric.parameters.items():
        for pv in param.values:  # the loader already refuses values out of date order
            if param.checked and pv.effective > param.checked:
                problems.append(
                    f"{rubric.path}: parameters.{pid}: the value effective {pv.effective.isoformat()} was never in "
                    f"force when the parameter was last checked ({param.checked.isoformat()}); check it again "
                    "once it applies, or remove it"
                )
    for c in rubric.criteria:
        conditions = [c.when, *(level.when for level in c.levels)]
        for cond in conditions:
            clash = contradiction(cond)
            if clash:
                problems.append(f"{rubric.path}:{c.line}: criteria.{c.id}: condition can never hold ({clash})")
        want = _jurisdiction_currency(c.jurisdictions)
        for cmp in (x for cond in conditions for x in iter_compares(cond)):
            param = rubric.parameters.get(cmp.param) if cmp.param else None
            if want and param is not None and param.currency and param.currency != want:
                problems.append(
                    f"{rubric.path}:{cmp.line or c.line}: criteria.{c.id}: threshold '{cmp.param}' is in "
                    f"{param.currency}, but the criterion's jurisdictions ({', '.join(c.jurisdictions)}) set "
                    f"thresholds in {want}"
                )
    return problems


# The currency a jurisdiction's thresholds are set in, by the id's country or union prefix.
JURISDICTION_CURRENCY = {"US": "USD", "EU": "EUR", "UK": "GBP", "DE": "EUR", "FR": "EUR", "JP": "JPY"}


def _jurisdiction_currency(jurisdictions) -> str | None:
    found = {JURISDICTION_CURRENCY.get(j.split("-")[0]) for j in jurisdictions}
    return found.pop() if len(found) == 1 and None not in found else None


_BOUNDS = {"gt": (1, False), "gte": (1, True), "lt": (-1, False), "lte": (-1, True), "eq": (0, True)}


def contradiction(cond) -> str | None:
    """'x > 5 and x < 3' for an all: whose literal comparisons on one fact leave no value, else None."""
    from riskkit.model.inputs import All, Compare, Interval

    if not isinstance(cond, All):
        return None
    by_fact: dict = {}
    for item in cond.items:
        if isinstance(item, Compare) and item.op in _BOUNDS and item.param is None and item.other is None:
            v = item.value.low if isinstance(item.value, Interval) else item.value
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                by_fact.setdefault(item.fact, []).append((item.op, v))
    for fact, comps in by_fact.items():
        low, low_in, high, high_in = float("-inf"), False, float("inf"), False
        for op, v in comps:
            side, inclusive = _BOUNDS[op]
            if side >= 0 and (v > low or (v == low and not inclusive)):
                low, low_in = v, inclusive
            if side <= 0 and (v < high or (v == high and not inclusive)):
                high, high_in = v, inclusive
        if low > high or (low == high and not (low_in and high_in)):
            return " and ".join(f"{fact} {op} {v:g}" for op, v in comps)
    for item in cond.items:
        inner = contradiction(item)
        if inner:
            return inner
    return None

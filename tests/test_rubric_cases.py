"""Every rubric test case (rubrics/cases/*.yaml, written as data) passes, and every criterion has both kinds."""

from pathlib import Path

import pytest

from riskkit.analysis.cases import check_rubric_cases, load_cases, run_case
from riskkit.load.rubric import load_rubrics
from riskkit.resources import bundled_rubrics_dir

from .conftest import MINI

SETS = [bundled_rubrics_dir(), MINI]


def _cases():
    out = []
    for folder in SETS:
        for path in sorted((Path(folder) / "cases").glob("*.yaml")):
            out.append((folder, path))
    return out


@pytest.mark.parametrize(("folder", "path"), _cases(), ids=lambda v: Path(v).name)
def test_case_file(folder, path):
    rubric_set = load_rubrics(folder)
    problems = []
    for case in load_cases(path, rubric_set):
        problems.extend(run_case(case, rubric_set))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("folder", SETS, ids=lambda v: Path(v).name)
def test_every_criterion_has_a_triggering_and_a_clear_case(folder):
    rubric_set = load_rubrics(folder)
    problems = []
    for rubric in rubric_set.rubrics:
        problems.extend(check_rubric_cases(rubric, rubric_set, folder))
    assert not problems, "\n".join(problems)

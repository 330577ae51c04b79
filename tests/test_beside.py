"""riskkit.render.beside: a call computed in a forked child, falling back to this process."""

from __future__ import annotations

import os
import sys

import pytest

from riskkit.errors import InputError
from riskkit.render.beside import Beside

PARENT = os.getpid()
forks = pytest.mark.skipif(
    not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2, reason="forks on Linux with two cores"
)


def where_and_what(x, y=0):
    return {"pid": os.getpid(), "sum": x + y, "list": [x, y]}


@forks
def test_runs_in_a_child_and_returns_json_data():
    value = Beside(where_and_what, 2, y=3).result()
    assert value["pid"] != PARENT
    assert value["sum"] == 5 and value["list"] == [2, 3]


def test_without_fork_runs_here(monkeypatch):
    monkeypatch.setenv("RISKKIT_JOBS", "1")
    assert Beside(where_and_what, 1).result()["pid"] == os.getpid()


def fails_in_a_child():
    if os.getpid() != PARENT:
        raise RuntimeError("boom in the child")
    return "computed here"


@forks
def test_a_failing_child_means_the_call_runs_here():
    assert Beside(fails_in_a_child).result() == "computed here"


def not_json():
    return {1, 2}


@forks
def test_a_result_json_cannot_carry_is_computed_here():
    assert Beside(not_json).result() == {1, 2}


def bad_input():
    raise InputError("deal.yaml:3: parties: expected a list")


@forks
def test_errors_surface_as_they_would_without_the_child():
    with pytest.raises(InputError, match="parties: expected a list"):
        Beside(bad_input).result()


def big():
    return ["x" * 1000 for _ in range(1000)]  # 1 MB: more than a pipe holds


@forks
def test_results_larger_than_a_pipe_buffer():
    assert Beside(big).result() == big()

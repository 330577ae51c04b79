"""The public API: every name in riskkit.__all__ works, and keeps working when reached again."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import MINI, MINI_DEAL


def test_every_public_name_resolves_to_the_same_object_twice():
    import riskkit

    for name in riskkit.__all__:
        first = getattr(riskkit, name)
        assert first is not None, name
        assert getattr(riskkit, name) is first, name


def test_render_works_twice_and_after_the_subpackage_is_imported():
    import riskkit

    rs = riskkit.load_rubrics(MINI)
    a = riskkit.score(riskkit.load_deal(MINI_DEAL, rs.catalogue), rs)
    first = riskkit.render(a, "json")
    import riskkit.render.jsonout  # noqa: F401 - binds the subpackage again, as any import would

    assert riskkit.render(a, "json") == first
    assert json.loads(first)["deal"]["id"] == a.deal.id


def test_run_gates_and_renders_through_the_public_names():
    import riskkit

    rs = riskkit.load_rubrics(MINI)
    deal = riskkit.load_deal(MINI_DEAL, rs.catalogue)
    result = riskkit.run(deal, rs, fail_on="moderate")
    assert isinstance(result, riskkit.Run)
    assert result.exit_code() == result.assessment.exit_code("moderate") == 1
    assert riskkit.run(deal, rs).exit_code() == 0  # no gate, no failure
    sarif = json.loads(riskkit.render(result, "sarif"))
    assert sarif["runs"][0]["properties"]["failOn"] == "moderate"
    assert json.loads(riskkit.render(result, "json")) == json.loads(riskkit.render(result.assessment, "json"))


def test_render_twice_in_a_fresh_process():
    code = (
        "import riskkit\n"
        f"rs = riskkit.load_rubrics({str(MINI)!r})\n"
        f"a = riskkit.score(riskkit.load_deal({str(MINI_DEAL)!r}, rs.catalogue), rs)\n"
        "assert riskkit.render(a, 'json') == riskkit.render(a, 'json')\n"
        "print(type(riskkit.render).__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "_CallableModule"

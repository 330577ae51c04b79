"""GitHub workflow commands: annotations on the right YAML lines, escaped per the runner's rules."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from riskkit.engine.run import Run, score_with_waivers
from riskkit.load.deal import load_deal
from riskkit.load.rubric import load_rubrics
from riskkit.load.waivers import load_waivers
from riskkit.render import render
from riskkit.render.github import command, escape_data, escape_property

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"
DEAL = HERE / "fixtures" / "mini-deal.yaml"
CI = HERE / "fixtures" / "ci"
CMD = re.compile(r"^::(?P<name>\w+) (?P<props>[^:]*)::(?P<data>.*)$")


def scored(deal=DEAL, waivers=None, today=dt.date(2025, 11, 15)):
    rs = load_rubrics(MINI)
    d = load_deal(deal, rs.catalogue)
    wfile = load_waivers(waivers, rs.catalogue) if waivers else None
    return score_with_waivers(d, rs, wfile, today)


def commands(text: str) -> list[dict]:
    out = []
    for line in text.splitlines():
        if not line.startswith("::"):
            assert line.startswith("riskkit: "), line
            continue
        m = CMD.match(line)
        assert m, line
        props = dict(p.split("=", 1) for p in m["props"].split(","))
        out.append({"name": m["name"], **props, "data": m["data"]})
    return out


def line_of(path: Path, key: str) -> int:
    return next(i for i, t in enumerate(path.read_text().splitlines(), 1) if t.strip().startswith(f"{key}:"))


def test_annotations_point_at_the_yaml_lines():
    a, _ = scored()
    cmds = commands(render(Run(a, fail_on="moderate"), "github").decode())
    by_title = {c["title"].split("%3A")[0].removeprefix("riskkit "): c for c in cmds}
    assert by_title["mini-size"]["name"] == "error"
    assert by_title["mini-size"]["file"] == "tests/fixtures/mini-deal.yaml" or by_title["mini-size"]["file"].endswith(
        "tests/fixtures/mini-deal.yaml"
    )
    assert int(by_title["mini-size"]["line"]) == line_of(DEAL, "investment")
    assert int(by_title["mini-observer-or-cloud"]["line"]) == line_of(DEAL, "observer")
    assert by_title["mini-stake"]["name"] == "notice"
    assert int(by_title["mini-stake"]["line"]) == line_of(DEAL, "stake_pct")
    assert "%25" in by_title["mini-stake"]["data"]  # "10–30%" escaped


def test_below_fail_on_is_a_warning_and_waived_is_a_notice():
    rs = load_rubrics(MINI)
    d = load_deal(CI / "mini-deal-v2.yaml", rs.catalogue)
    a, _ = score_with_waivers(d, rs, None, dt.date(2026, 3, 1))
    names = {c["title"]: c["name"] for c in commands(render(Run(a, fail_on="severe"), "github").decode())}
    assert names["riskkit mini-stake%3A triggered"] == "warning"
    a, report = scored(waivers=CI / "waivers.yaml", today=dt.date(2026, 2, 1))
    cmds = commands(render(Run(a, fail_on="moderate", waivers=report), "github").decode())
    waived = next(c for c in cmds if c["title"] == "riskkit mini-observer-or-cloud%3A waived")
    assert waived["name"] == "notice" and "Jane Doe" in waived["data"]
    expired = next(c for c in cmds if c["title"] == "riskkit waiver expired")
    assert expired["name"] == "warning" and expired["line"] == "9"
    assert expired["file"].endswith("tests/fixtures/ci/waivers.yaml")


def test_escaping_rules():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c::d%") == "a%3Ab%2Cc%3A%3Ad%25"
    line = command("error", "line one\n::error::injected", file="deals/x,y.yaml", line="3", title="t::u")
    assert line == "::error file=deals/x%2Cy.yaml,line=3,title=t%3A%3Au::line one%0A::error::injected"
    assert "\n" not in line


def test_hostile_text_cannot_start_a_command(tmp_path):
    text = DEAL.read_text().replace("title: Mini deal", 'title: "Mini\\n::error::pwned"')
    deal = tmp_path / "deal.yaml"
    deal.write_text(text)
    a, _ = scored(deal=deal)
    out = render(a, "github", {}).decode()
    assert all(line.startswith(("::error ", "::warning ", "::notice ", "riskkit: ")) for line in out.splitlines())
    assert "::error::pwned" not in out.replace("%0A", "\n").splitlines()[0]


ROOT = HERE.parent


def test_pre_commit_hooks_run(tmp_path):
    import os
    import shlex
    import subprocess

    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"riskkit-validate", "riskkit-score"}
    assert all(h["language"] == "python" for h in hooks.values())
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    files = [str(DEAL), str(CI / "mini-deal-v2.yaml")]

    def hook(hid, *args):
        cmd = [*shlex.split(hooks[hid]["entry"]), *args, *files]  # as pre-commit calls it
        return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)

    out = hook("riskkit-score", "--rubrics", str(MINI))  # default --fail-on high: both deals reach it
    assert out.returncode == 1, out.stderr
    assert out.stdout.count("5 criteria:") == 2
    waived = hook(
        "riskkit-score",
        "--rubrics",
        str(MINI),
        "--fail-on",
        "severe",
        "--waivers",
        str(CI / "waivers.yaml"),
        "--today",
        "2025-11-15",
    )
    assert waived.returncode == 0, waived.stdout + waived.stderr
    assert hook("riskkit-validate", "--rubrics", str(MINI)).returncode == 0


def test_workflow_example_uses_real_options():
    import yaml

    text = (ROOT / "examples" / "ci" / "github-actions.yml").read_text()
    wf = yaml.safe_load(text)
    steps = wf["jobs"]["score"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    for needle in ('-o "sarif:', "-o github:-", "--baseline", "riskkit diff", "--format markdown", "--strict-waivers"):
        assert needle in text, needle

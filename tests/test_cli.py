"""The command line as a user meets it: help, exit codes, outputs, one-line errors."""

import json

import pytest

from .conftest import MINI, MINI_DEAL, write


def test_every_command_has_help_with_an_example(cli):
    import click

    from riskkit.cli import cli as group

    ctx = click.Context(group)
    names = group.list_commands(ctx)
    assert {"score", "validate", "rubrics", "facts", "schema"} <= set(names)
    for name in names:
        r = cli(name, "--help")
        assert r.code == 0, (name, r)
        assert "Example" in r.out, f"`riskkit {name} --help` has no Example block"


def test_version(cli):
    from riskkit import __version__

    r = cli("--version")
    assert r.code == 0 and __version__ in r.out


def test_score_table_and_exit_codes(cli):
    r = cli("score", MINI_DEAL, "--rubrics", MINI)
    assert r.code == 0
    assert "mini    1.2.0    70 (40–80)           high — likely (moderate–severe)" in r.out
    assert "5 criteria: 2 triggered, 0 waived, 3 unknown, 0 clear" in r.out
    assert cli("score", MINI_DEAL, "--rubrics", MINI, "--fail-on", "high").code == 1  # most-likely band: high
    assert cli("score", MINI_DEAL, "--rubrics", MINI, "--fail-on", "severe").code == 0
    assert cli("score", MINI_DEAL, "--rubrics", MINI, "--fail-on", "severe", "--unknown", "worst").code == 1
    assert cli("score", MINI_DEAL, "--rubrics", MINI, "--fail-on", "high", "--unknown", "best").code == 0


def test_score_json_to_file_and_several_outputs(cli, tmp_path):
    out = tmp_path / "a.json"
    md = tmp_path / "a.md"
    r = cli("score", MINI_DEAL, "--rubrics", MINI, "-o", f"json:{out}", "-o", f"markdown:{md}")
    assert r.code == 0 and r.out == ""
    data = json.loads(out.read_text())
    assert data["results"][0]["score"] == 40.0
    assert data["results"][0]["score_likely"] == 70.0 and data["results"][0]["band_likely"] == "high"
    assert "| mini | 1.2.0 | 70 (40–80) | **high — likely (moderate–severe)** |" in md.read_text()


def test_markdown_escapes_hostile_text(cli, tmp_path):
    hostile = "Deal <b>bold</b> | *stars* _under_ [link](javascript:x) `code`"
    deal = tmp_path / "hostile.yaml"
    deal.write_text(MINI_DEAL.read_text().replace("title: Mini deal", f"title: {json.dumps(hostile)}"))
    r = cli("score", deal, "--rubrics", MINI, "--format", "markdown")
    assert r.code == 0, r
    escaped = r"Deal \<b\>bold\</b\> \| \*stars\* \_under\_ \[link\](javascript:x) \`code\`"
    assert f"## riskkit: {escaped}" in r.out  # the hostile title is in the output, escaped
    assert "<b>" not in r.out and "[link](" not in r.out and "*stars*" not in r.out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["score", "nope.yaml"], "nope.yaml: no such file"),
        (["score", MINI_DEAL, "--rubrics", MINI, "--rubric", "mnii"], "unknown rubric 'mnii' (did you mean 'mini'?)"),
        (
            ["score", MINI_DEAL, "--rubrics", MINI, "--format", "jsno"],
            "unknown output format 'jsno' (did you mean 'json'?)",
        ),
        (["score", MINI_DEAL, "--fail-on", "hihg"], "Invalid value for '--fail-on'"),
        (["scroe", MINI_DEAL], "No such command 'scroe' (did you mean 'score'?)"),
        (["score", MINI_DEAL, "--formt", "json"], "No such option '--formt'. Did you mean '--format'?"),
        (["score", MINI_DEAL, "--rubrics", "/no/such/dir"], "rubric folder not found"),
        (["facts", "--group", "bord", "--rubrics", MINI], "no facts in group 'bord'"),
    ],
)
def test_user_errors_are_one_line_exit_2(cli, args, expected):
    r = cli(*args)
    assert r.code == 2, r
    assert expected in r.err
    assert r.err.count("\n") == 1 and "Traceback" not in r.err


def test_failed_run_leaves_no_partial_output_and_keeps_old_file(cli, tmp_path):
    bad = write(tmp_path, "bad.yaml", "deal: [\n")
    out = tmp_path / "out.json"
    out.write_text("previous")
    r = cli("score", bad, "--rubrics", MINI, "--format", "json", "-o", out)
    assert r.code == 2
    assert out.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_output_to_missing_folder_is_created(cli, tmp_path):
    r = cli("score", MINI_DEAL, "--rubrics", MINI, "-o", tmp_path / "no" / "x.json")
    assert r.code == 0, r
    assert json.loads((tmp_path / "no" / "x.json").read_text())["deal"]["id"] == "mini-deal"
    (tmp_path / "file").write_text("a file, not a folder")
    r = cli("score", MINI_DEAL, "--rubrics", MINI, "-o", tmp_path / "file" / "x.json")
    assert r.code == 2 and "a file is in the way" in r.err


def test_rubrics_facts_schema(cli):
    r = cli("rubrics", "--rubrics", MINI)
    assert r.code == 0 and "mini" in r.out and "5 criteria" in r.out
    r = cli("facts", "--rubrics", MINI, "--format", "json")
    ids = [f["id"] for f in json.loads(r.out)]
    assert "stake_pct" in ids and "hhi" in ids
    r = cli("facts", "--rubrics", MINI, "--levers")
    assert "stake_pct" in r.out and "investment" not in r.out
    r = cli("schema", "facts")
    assert json.loads(r.out)["title"] == "riskkit deal facts file"


def test_validate_mini_set_and_deal(cli):
    r = cli("validate", MINI)
    assert r.code == 0, r
    assert "no problems" in r.err
    r = cli("validate", "--rubrics", MINI, MINI_DEAL)
    assert r.code == 0, r


def test_validate_reports_every_problem(cli, tmp_path):
    import shutil

    folder = tmp_path / "rubrics"
    shutil.copytree(MINI, folder)
    text = (folder / "mini.yaml").read_text()
    text = text.replace("{band: high, min: 50}", "{band: high, min: 10}")
    (folder / "mini.yaml").write_text(text)
    broken = text.replace("{band: high, min: 10}", "{band: high, min: 50}").replace("floor: high", "floor: hihg")
    (folder / "other.yaml").write_text(broken.replace("id: mini\n", "id: other\n"))
    r = cli("validate", folder)
    assert r.code == 2
    lines = r.err.strip().splitlines()
    assert any("bands must increase" in line for line in lines)
    assert any(
        "floor: expected a band this rubric defines" in line and "did you mean 'high'?" in line for line in lines
    )
    assert lines[-1].endswith("file(s)")


def test_validate_requires_cases_for_every_criterion(cli, tmp_path):
    import shutil

    folder = tmp_path / "rubrics"
    shutil.copytree(MINI, folder)
    (folder / "cases" / "mini.yaml").write_text(
        "rubric: mini\ncases:\n  - name: one\n    as_of: 2025-06-01\n    facts: {stake_pct: 60}\n"
        "    expect: {mini-stake: triggered}\n"
    )
    r = cli("validate", folder)
    assert r.code == 2
    assert "criteria.mini-stake: no test case expecting not_triggered" in r.err
    assert "criteria.mini-vetoes: no test case expecting triggered or not_triggered" in r.err
    assert cli("validate", folder, "--allow-untested").code == 0


def test_validate_catches_a_wrong_expectation(cli, tmp_path):
    import shutil

    folder = tmp_path / "rubrics"
    shutil.copytree(MINI, folder)
    cases = (
        (folder / "cases" / "mini.yaml")
        .read_text()
        .replace("{status: triggered, points: 40, level: control}", "{status: triggered, points: 30}")
    )
    (folder / "cases" / "mini.yaml").write_text(cases)
    r = cli("validate", folder)
    assert r.code == 2 and "mini-stake expected 30 points, got 40" in r.err


class FakeTerminal:
    def __init__(self, tty=True):
        self.tty, self.text = tty, ""

    def isatty(self):
        return self.tty

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def test_status_line_only_on_an_interactive_terminal_and_always_cleared(monkeypatch):
    from riskkit.cli.options import Status

    monkeypatch.delenv("CI", raising=False)
    term = FakeTerminal()
    with pytest.raises(ValueError), Status("riskkit memo", term) as status:
        status("scoring")
        raise ValueError("an error message must start on a clean line")
    assert term.text == "\r\033[Kriskkit memo: scoring…\r\033[K"
    for quiet in (FakeTerminal(tty=False), None):
        if quiet is None:
            monkeypatch.setenv("CI", "true")
            quiet = FakeTerminal()
        with Status("riskkit memo", quiet) as status:
            status("scoring")
        assert quiet.text == ""

"""Waiver files: strict loading, matching by deal id or fact condition, expiry around an injected today."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from riskkit.engine.run import score_with_waivers
from riskkit.errors import InputError
from riskkit.load.deal import load_deal
from riskkit.load.rubric import load_rubrics
from riskkit.load.waivers import load_waivers, strict_error, waivers_from_data

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"
DEAL = HERE / "fixtures" / "mini-deal.yaml"
CI = HERE / "fixtures" / "ci"
WAIVERS = CI / "waivers.yaml"  # mini-observer-or-cloud until 2026-06-30, mini-size until 2025-12-31


@pytest.fixture(scope="module")
def rs():
    return load_rubrics(MINI)


@pytest.fixture(scope="module")
def deal(rs):
    return load_deal(DEAL, rs.catalogue)


def known(rs):
    return {c.id for r in rs.rubrics for c in r.criteria}


def run(rs, deal, entries, today=dt.date(2025, 11, 15)):
    wfile = waivers_from_data({"waivers": entries}, rs.catalogue, "w.yaml", known(rs))
    return score_with_waivers(deal, rs, wfile, today)


def entry(**kw):
    base = {
        "criterion": "mini-size",
        "deal": "mini-deal",
        "justification": "Filed and cleared.",
        "approved_by": "John Roe",
        "expires": dt.date(2026, 1, 31),
    }
    base.update(kw)
    return {k: v for k, v in base.items() if v is not None}


@pytest.mark.parametrize(
    ("today", "waived", "expired"),
    [
        (dt.date(2025, 11, 15), {"mini-observer-or-cloud", "mini-size"}, []),
        (dt.date(2025, 12, 31), {"mini-observer-or-cloud", "mini-size"}, []),  # the last valid day
        (dt.date(2026, 1, 1), {"mini-observer-or-cloud"}, ["mini-size"]),
        (dt.date(2026, 7, 1), set(), ["mini-observer-or-cloud", "mini-size"]),
    ],
)
def test_expiry_on_both_sides_of_today(rs, deal, today, waived, expired):
    wfile = load_waivers(WAIVERS, rs.catalogue, known(rs))
    a, report = score_with_waivers(deal, rs, wfile, today)
    assert {f.id for rr in a.results for f in rr.findings if f.waived} == waived
    assert [p.criterion for p in report.problems if p.kind == "expired"] == expired
    assert a.counts()["waived"] == len(waived)
    assert a.summary_line().startswith(f"5 criteria: {2 - len(waived)} triggered, {len(waived)} waived, 3 unknown")
    for p in report.problems:
        assert p.text().startswith(f"{WAIVERS}:") and "not applied" in p.text()
    assert len(a.warnings) == len(report.problems)


def test_waived_points_leave_the_score_and_the_gate(rs, deal):
    plain, _ = score_with_waivers(deal, rs, None, dt.date(2025, 11, 15))
    a, _ = run(rs, deal, [entry(), entry(criterion="mini-observer-or-cloud")])
    assert plain.results[0].range.points == 40 and a.results[0].range.points == 0
    assert plain.exit_code("severe", "worst") == 1
    assert a.exit_code("severe", "worst") == 0  # 0–40 (worst case high by the stake floor)
    f = a.results[0].findings[2]
    assert f.status == "triggered" and f.waiver.approved_by == "John Roe"  # still visible


def test_matching_by_fact_condition(rs, deal):
    a, report = run(rs, deal, [entry(deal=None, when={"fact": "investment", "op": "exists"})])
    assert report.applied and not report.problems
    a, report = run(rs, deal, [entry(deal=None, when={"fact": "observer", "op": "is_false"})])
    assert not report.applied
    (p,) = report.problems
    assert p.kind == "unmatched" and "condition is false" in p.message and "observer = yes" in p.message
    a, report = run(rs, deal, [entry(deal=None, when={"fact": "rights", "op": "contains", "value": "budget"})])
    assert "cannot be decided" in report.problems[0].message


def test_unmatched_waivers_are_reported(rs, deal):
    _, report = run(
        rs,
        deal,
        [
            entry(deal="mini-dael"),  # typo in the deal id
            entry(criterion="mini-spend"),  # unknown, nothing to waive
            entry(),  # applies
            entry(approved_by="Someone else"),  # duplicate for the same criterion
        ],
    )
    kinds = [(p.criterion, p.kind) for p in report.problems]
    assert kinds == [("mini-size", "unmatched"), ("mini-spend", "unmatched"), ("mini-size", "unmatched")]  # file order
    assert "did you mean 'mini-deal'?" in report.problems[0].message
    assert "the criterion is unknown" in report.problems[1].message
    assert "already waives it" in report.problems[2].message
    err = strict_error(report)
    assert isinstance(err, InputError) and "and 2 more waiver problems" in err.render()


def test_non_waivable_criterion_ignores_waivers(tmp_path, rs):
    folder = tmp_path / "rubrics"
    folder.mkdir()
    (folder / "facts.yaml").write_text((MINI / "facts.yaml").read_text())
    text = (
        (MINI / "mini.yaml")
        .read_text()
        .replace("    rationale: Reportable size.", "    waivable: false\n    rationale: Reportable size.")
    )
    (folder / "mini.yaml").write_text(text)
    rs2 = load_rubrics(folder)
    deal = load_deal(DEAL, rs2.catalogue)
    a, report = run(rs2, deal, [entry()])
    assert not a.results[0].findings[2].waived
    (p,) = report.problems
    assert p.kind == "not_waivable" and "non-waivable" in p.message


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            "waivers:\n  - criterion: mini-size\n    deal: mini-deal\n    approved_by: x\n    expires: 2026-01-01\n",
            2,
            "missing required key 'justification'",
        ),
        (
            "waivers:\n  - criterion: mini-size\n    deal: mini-deal\n    justification: j\n    approved_by: x\n"
            "    expires: 2026-01-01\n    expiry: 2026-01-01\n",
            7,
            "unknown key 'expiry'",
        ),
        (
            "waivers:\n  - criterion: mini-sise\n    deal: mini-deal\n    justification: j\n    approved_by: x\n"
            "    expires: 2026-01-01\n",
            2,
            "did you mean 'mini-size'?",
        ),
        (
            "waivers:\n  - criterion: mini-size\n    deal: mini-deal\n    justification: j\n    approved_by: x\n"
            "    expires: soon\n",
            6,
            "expected a date YYYY-MM-DD",
        ),
        (
            "waivers:\n  - criterion: mini-size\n    justification: j\n    approved_by: x\n    expires: 2026-01-01\n",
            2,
            "needs 'deal'",
        ),
        (
            "waivers:\n  - criterion: mini-size\n    deal: mini-deal\n    justification: '   '\n    approved_by: x\n"
            "    expires: 2026-01-01\n",
            4,
            "must not be empty",
        ),
        (
            "waivers:\n  - criterion: mini-size\n    deal: mini-deal\n    justification: j\n    approved_by: x\n"
            "    expires: 2026-01-01\n    evidence: 'javascript:alert(1)'\n",
            7,
            "https:// link",
        ),
        (
            "waivers:\n  - criterion: mini-size\n    when: {fact: nope, op: exists}\n    justification: j\n"
            "    approved_by: x\n    expires: 2026-01-01\n",
            3,
            "undeclared fact 'nope'",
        ),
        ("waivers:\n  - criterion: mini-size\n    criterion: mini-spend\n", 3, "duplicate key 'criterion'"),
    ],
)
def test_malformed_waiver_files_name_file_and_line(tmp_path, rs, body, line, message):
    path = tmp_path / "waivers.yaml"
    path.write_text(body)
    with pytest.raises(InputError) as exc:
        load_waivers(path, rs.catalogue, known(rs))
    assert exc.value.line == line, exc.value.render()
    assert message in exc.value.render()
    assert exc.value.render().startswith(f"{path}:{line}: ")


def cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "riskkit.cli", "score", str(DEAL), "--rubrics", str(MINI), *args],
        capture_output=True,
        text=True,
        env=env,
    )


def test_cli_malformed_waiver_file_exits_2():
    out = cli("--waivers", str(CI / "waivers-bad-key.yaml"))
    assert out.returncode == 2
    assert out.stderr.strip() == (
        f"riskkit: error: {CI / 'waivers-bad-key.yaml'}:7: waivers.0.expiry: unknown key 'expiry'; allowed: "
        "criterion, justification, approved_by, expires, deal, when, evidence (did you mean 'expires'?)"
    )
    assert out.stdout == ""


def test_cli_waivers_change_the_exit_code_and_summary(tmp_path):
    base = ("--fail-on", "severe", "--unknown", "worst", "--waivers", str(WAIVERS))
    out = cli(*base, "--today", "2025-11-15")
    assert out.returncode == 0, out.stderr
    assert "5 criteria: 0 triggered, 2 waived, 3 unknown, 0 clear" in out.stdout
    assert "waived mini-size until 2025-12-31" in out.stderr
    out = cli(*base, "--today", "2026-07-01", "--format", "json")
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert [p["kind"] for p in data["waivers"]["problems"]] == ["expired", "expired"]
    assert data["summary"]["waived"] == 0 and len(data["warnings"]) == 2
    assert "warning: " in out.stderr and "expired on 2026-06-30" in out.stderr
    out = cli(*base, "--today", "2026-07-01", "--strict-waivers")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.splitlines() == [
        f"riskkit: error: {WAIVERS}:3: waiver for mini-observer-or-cloud expired on 2026-06-30 (today is 2026-07-01); "
        "not applied",
        f"riskkit: error: {WAIVERS}:9: waiver for mini-size expired on 2025-12-31 (today is 2026-07-01); not applied",
    ]


def test_cli_today_from_environment():
    import os

    out = cli("--waivers", str(WAIVERS), "--format", "json", env={**os.environ, "RISKKIT_TODAY": "2026-01-15"})
    data = json.loads(out.stdout)
    assert data["waivers"]["today"] == "2026-01-15" and data["summary"]["waived"] == 1

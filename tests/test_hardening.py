"""Issue 15, item by item: bounded values, safe text, confined paths, stale temp files, early
refusal of huge sheets, mixed currencies, one judge for validate and score, the error boundary
and all-or-nothing outputs. The hostile corpus and the every-command run are in test_hostile.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from riskkit.errors import InputError

from .conftest import FIXTURES, MINI, MINI_DEAL, ROOT

HOSTILE = FIXTURES / "hostile"
DEAL_TEXT = MINI_DEAL.read_text()


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# -- item 4: bounded values at load ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("year-3000.yaml", "expected a date between 1900 and 2100, got 3000-01-01"),
        ("year-2108.yaml", "expected a date between 1900 and 2100, got 2108-10-28"),
        ("currency-usx.yaml", "'USX' is not an ISO 4217 currency code"),
        ("money-1e300.yaml", "at most 10^15 in size, got 1e+300"),
        ("integer-401-digits.yaml", "got a number of about 401 digits"),
        ("share-150.yaml", "the shares add up to 150%, more than 100%"),
        # item 5: control, bidi and zero-width characters refused at load, JSON \u escapes included
        ("title-esc.json", "U+001B (ESC)"),
        ("nul-escape.json", "U+0000 (NUL)"),
        ("yaml-escape-bel.yaml", "U+001B (ESC)"),
        ("bidi-title.yaml", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("zero-width-party.yaml", "U+200B (ZERO WIDTH SPACE)"),
    ],
)
def test_impossible_values_and_unsafe_text_are_refused_at_load(mini_set, name, words):
    from riskkit.load.deal import load_deal

    with pytest.raises(InputError) as info:
        load_deal(HOSTILE / name, mini_set.catalogue)
    message = info.value.render()
    assert words in message and "\n" not in message and len(message) < 300
    assert "0" * 30 not in message  # a 401-digit number is described, never printed


def test_a_single_share_above_100_is_refused(tmp_path, mini_set):
    from riskkit.load.deal import load_deal

    p = write(tmp_path, "d.yaml", DEAL_TEXT + "  shares: [150]\n")
    with pytest.raises(InputError, match=r"expected a percentage ≤ 100, got 150"):
        load_deal(p, mini_set.catalogue)


def test_iso_currency_list_is_shipped_data():
    from riskkit.load.factvalue import iso_currencies

    codes = iso_currencies()
    assert {"USD", "EUR", "GBP", "JPY", "CHF"} <= codes and "USX" not in codes and "XXX" not in codes
    assert (ROOT / "riskkit" / "data" / "iso4217.txt").is_file()


def test_derived_value_that_overflows_is_unknown_with_a_warning_and_json_stays_valid(tmp_path, cli):
    text = DEAL_TEXT.replace("investment: {value: 150, currency: EUR, sources: [news]}",
                             "investment: {value: 1.0e-300, currency: EUR, sources: [news]}\n"
                             "  spend: {value: 900000000, currency: EUR}")  # fmt: skip
    deal = write(tmp_path, "d.yaml", text)
    out = tmp_path / "a.json"
    r = cli("score", deal, "--rubrics", MINI, "-o", f"json:{out}", "-o", f"sarif:{tmp_path / 'a.sarif'}")
    assert r.code == 0, r
    assert "spend_ratio is unknown: ratio of spend, investment is not a finite number" in r.err
    data = json.loads(out.read_text(), parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))
    assert any("spend_ratio is unknown" in w for w in data["warnings"])
    json.loads((tmp_path / "a.sarif").read_text(), parse_constant=lambda c: pytest.fail(c))


def test_json_writer_refuses_nan(mini_deal, mini_set):
    from riskkit.render.jsonout import dumps_outline

    with pytest.raises(ValueError):
        dumps_outline({"value": float("inf")})


# -- item 5: text safe on every surface (load-time refusal: see above) -------------------------------


def test_workbook_cells_with_control_characters_are_refused(tmp_path, cli):
    import openpyxl

    out = tmp_path / "facts.xlsx"
    assert cli("intake", "--from", MINI_DEAL, "--rubrics", MINI, "-o", out).code == 0
    wb = openpyxl.load_workbook(out)
    wb["Deal"]["B3"] = "Mini \u202edeal"
    wb.save(out)
    r = cli("score", out, "--rubrics", MINI)
    assert r.code == 2 and "Deal!B3" in r.err and "U+202E" in r.err, r


def test_a_workbook_that_is_not_ours_is_named_never_quoted(tmp_path, cli):
    import openpyxl

    out = tmp_path / "facts.xlsx"
    assert cli("intake", "--from", MINI_DEAL, "--rubrics", MINI, "-o", out).code == 0
    wb = openpyxl.load_workbook(out)
    wb["Deal"]["A1"] = "api_key=hunter2"
    wb.save(out)
    r = cli("score", out, "--rubrics", MINI)
    assert r.code == 2 and "Deal!A1: expected header 'Field', got something else" in r.err, r
    assert "hunter2" not in r.err


def test_terminal_writers_escape_what_remains(mini_deal, mini_set):
    from msgspec.structs import replace

    from riskkit.engine.scoring import score
    from riskkit.render import render

    deal = replace(mini_deal, title="Mini \x1b]0;pwned\x07 \u202edeal")  # built in code, past the loader
    text = render(score(deal, mini_set), "table").decode()
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "<U+001B>]0;pwned<U+0007> <U+202E>deal" in text


def test_error_lines_escape_control_characters_in_paths(tmp_path, cli):
    r = cli("score", tmp_path / "\x1b[31mred.yaml")
    assert r.code == 2 and "\x1b" not in r.err and "<U+001B>[31mred.yaml" in r.err, r


# -- item 3: confined paths -----------------------------------------------------------------------


def test_history_base_may_not_leave_its_folder(tmp_path, cli):
    (tmp_path / "inner").mkdir()
    (tmp_path / ".env").write_text("SECRET_TOKEN=hunter2\n")
    hist = write(
        tmp_path / "inner", "h.yaml", "history: 1\nbase: ../.env\namendments:\n  - {date: 2026-01-01, title: x}\n"
    )
    r = cli("timeline", hist, "--rubrics", MINI)
    assert r.code == 2 and "h.yaml:2: base:" in r.err and "leads outside this file's folder" in r.err, r
    assert "hunter2" not in r.err
    r = cli("timeline", hist, "--rubrics", MINI, "--allow-path", tmp_path)  # allowed: read, but never quoted
    assert r.code == 2 and "not a deal facts mapping (the file holds text)" in r.err and "hunter2" not in r.err, r


def test_history_base_absolute_path_is_refused(cli):
    r = cli("timeline", HOSTILE / "history-base-absolute.yaml", "--rubrics", MINI)
    assert r.code == 2 and "'/etc/passwd' leads outside" in r.err and "root:" not in r.err, r


def test_history_base_beside_the_file_still_works(tmp_path, cli):
    shutil.copy(MINI_DEAL, tmp_path / "base.yaml")
    hist = write(tmp_path, "h.yaml", "history: 1\nbase: base.yaml\namendments:\n"
                 "  - {date: 2026-01-01, title: x, facts: {observer: false}}\n")  # fmt: skip
    r = cli("timeline", hist, "--rubrics", MINI)
    assert r.code == 0, r


def _set_about(path, label, value):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["About"]
    for row in ws.iter_rows(min_row=1, max_col=2):
        if row[0].value == label:
            row[1].value = value
    wb.save(path)


@pytest.mark.parametrize("recorded", ["../outside/deal.yaml", "/etc/passwd", "{tmp}/outside/deal.yaml"])
def test_review_workbook_facts_cell_may_not_leave_its_folder(tmp_path, cli, recorded):
    (tmp_path / "outside").mkdir()
    shutil.copy(MINI_DEAL, tmp_path / "outside" / "deal.yaml")
    shutil.copy(MINI_DEAL, tmp_path / "deal.yaml")
    (tmp_path / "wb").mkdir()
    made = tmp_path / "wb" / "review.xlsx"
    assert cli("workbook", tmp_path / "deal.yaml", "--rubrics", MINI, "-o", made).code == 0
    _set_about(made, "Facts file", recorded.format(tmp=tmp_path))
    r = cli("review", made, "--rubrics", MINI)
    assert r.code == 2 and "About!B" in r.err and "leads outside this file's folder" in r.err, r
    assert "root:" not in r.err
    if "outside" in recorded:
        assert cli("review", made, "--rubrics", MINI, "--allow-path", tmp_path / "outside").code == 0


def test_workbook_records_the_facts_path_relative_to_itself(tmp_path, cli):
    import openpyxl

    shutil.copy(MINI_DEAL, tmp_path / "deal.yaml")
    (tmp_path / "out").mkdir()
    made = tmp_path / "out" / "review.xlsx"
    assert cli("workbook", "deal.yaml", "--rubrics", MINI, "-o", made, cwd=tmp_path).code == 0
    about = {r[0].value: r[1].value for r in openpyxl.load_workbook(made)["About"].iter_rows(max_col=2)}
    assert about["Facts file"] == "../deal.yaml"  # where review looks: relative to the workbook
    r = cli("review", made, "--rubrics", MINI, cwd=ROOT)
    assert r.code == 2 and "'../deal.yaml' leads outside" in r.err, r
    assert cli("review", made, "--rubrics", MINI, "--allow-path", tmp_path, cwd=ROOT).code == 0


# -- item 6: stale temp files; item 10: faults mid-write --------------------------------------------


def test_stale_temp_file_of_a_dead_writer_is_removed_on_the_next_write(tmp_path):
    from riskkit.fileio import atomic_write

    target = tmp_path / "out.json"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".out.json.{dead.stdout.strip()}.abc123.riskkit-tmp"
    stale.write_text("confidential half-written facts")
    live = tmp_path / f".out.json.{os.getppid()}.def456.riskkit-tmp"  # a live process: a write in progress
    live.write_text("x")
    other = tmp_path / f".other.json.{dead.stdout.strip()}.abc123.riskkit-tmp"  # another target's
    other.write_text("x")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert not stale.exists() and live.exists() and other.exists()


KILLER = """
import os, signal, sys
from riskkit import fileio
point = sys.argv[2]
real_replace, real_fdopen = os.replace, os.fdopen
def die(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)
if point == "before-rename":
    os.replace = die
elif point == "mid-write":
    class Half:
        def __init__(self, fd, mode):
            self.fh = real_fdopen(fd, mode)
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return False
        def write(self, data):
            self.fh.write(data[: len(data) // 2]); self.fh.flush(); die()
    os.fdopen = Half
fileio.atomic_write(sys.argv[1], b"new " * 250000)
"""


@pytest.mark.parametrize("point", ["mid-write", "before-rename"])
def test_sigkill_mid_write_keeps_the_old_output_and_the_next_write_cleans_up(tmp_path, point):
    from riskkit.fileio import atomic_write

    target = tmp_path / "report.json"
    target.write_bytes(b"old output")
    proc = subprocess.run([sys.executable, "-c", KILLER, str(target), point], cwd=ROOT, timeout=60)
    assert proc.returncode == -9
    assert target.read_bytes() == b"old output"  # never half-written
    strays = [p for p in tmp_path.iterdir() if p != target]
    assert len(strays) == 1 and strays[0].name.endswith(".riskkit-tmp")  # what a hard kill leaves
    atomic_write(target, b"next")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"] and target.read_bytes() == b"next"


def test_sigkill_at_random_points_never_leaves_a_half_file(tmp_path):
    import random
    import signal
    import time

    from riskkit.fileio import atomic_write

    target = tmp_path / "big.json"
    old, new = b"o" * 2_000_000, b"n" * 2_000_000
    loop = (
        "import sys\nfrom riskkit import fileio\nwhile True:\n    fileio.atomic_write(sys.argv[1], b'n' * 2_000_000)\n"
    )
    rnd = random.Random(15)
    for _ in range(4):
        target.write_bytes(old)
        proc = subprocess.Popen([sys.executable, "-c", loop, str(target)], cwd=ROOT)
        deadline = time.monotonic() + 30
        while target.read_bytes() != new and time.monotonic() < deadline:  # the writer is running
            time.sleep(0.01)
        time.sleep(rnd.random() * 0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert target.read_bytes() in (old, new)
        atomic_write(target, old)  # the next write removes whatever the killed one left
        assert [p.name for p in tmp_path.iterdir()] == ["big.json"]


def test_injected_oserror_keeps_old_output_no_stray_and_exit_2(tmp_path, cli, monkeypatch):
    import errno

    target = tmp_path / "a.json"
    target.write_text("old")

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    r = cli("score", MINI_DEAL, "--rubrics", MINI, "-o", f"json:{target}")
    assert r.code == 2 and r.err.count("\n") == 1 and "No space left on device" in r.err, r
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["a.json"]


# -- item 7: early refusal of huge sheets ----------------------------------------------------------


def _huge_intake(tmp_path, cli, rows: int) -> Path:
    blank = tmp_path / "blank.xlsx"
    assert cli("intake", "--rubrics", MINI, "-o", blank).code == 0
    big = tmp_path / "big.xlsx"
    with zipfile.ZipFile(blank) as z, zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, data)
                continue
            head, tail = data.split(b"<sheetData>")[0], data.split(b"</sheetData>")[1]
            body = b"".join(b'<row r="%d"><c r="A%d" t="n"><v>1</v></c></row>' % (r, r) for r in range(1, rows + 1))
            out.writestr(info.filename, head + b"<sheetData>" + body + b"</sheetData>" + tail)
    return big


def test_a_sheet_with_too_many_rows_is_refused_before_openpyxl_loads_it(tmp_path, cli, monkeypatch):
    import openpyxl

    big = _huge_intake(tmp_path, cli, 60_000)

    def never(*a, **k):
        raise AssertionError("openpyxl must not load a sheet over the row limit")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    r = cli("score", big, "--rubrics", MINI)
    assert r.code == 2 and "has more than 20,000 rows; refusing to open it" in r.err, r


def test_the_refusal_comes_before_openpyxl_or_the_rubrics_are_even_imported(tmp_path, cli):
    big = _huge_intake(tmp_path, cli, 25_000)
    code = (
        "import sys\nfrom riskkit.cli import main\ntry:\n    main(['score', sys.argv[1]])\nexcept SystemExit as e:\n"
        "    print(e.code, sorted(m for m in ('openpyxl', 'numpy', 'riskkit.load.rubric') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(big)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.stdout.strip() == "2 []", proc
    assert "more than 20,000 rows" in proc.stderr


# -- item 9: mixed currencies ----------------------------------------------------------------------


def test_mixed_currency_derived_fact_asks_for_the_rate_not_the_facts(tmp_path, cli, mini_set):
    from riskkit.engine.scoring import score
    from riskkit.load.deal import load_deal

    text = DEAL_TEXT.replace("fx:\n  - {from: EUR, to: USD, rate: 1.1, source: fx}\n", "")
    text = text.replace("investment: {value: 150, currency: EUR", "investment: {value: 150, currency: USD")
    deal = write(tmp_path, "d.yaml", text + "  spend: {value: 2000, currency: JPY}\n")
    a = score(load_deal(deal, mini_set.catalogue), mini_set)
    assert a.warnings == ("spend_ratio is unknown: investment is in USD and the deal's fx table has no USD→JPY "
                          "rate; add one (fx: [{from: USD, to: JPY, rate: …}])",)  # fmt: skip
    gaps = {g.fact for r in a.results for g in r.gaps}
    assert "fx:USD→JPY" in gaps and not {"spend", "investment", "spend_ratio"} & gaps
    r = cli("score", deal, "--rubrics", MINI)
    assert "riskkit: warning: spend_ratio is unknown" in r.err and "fx:USD→JPY" in r.out, r
    fixed = write(tmp_path, "f.yaml", text.replace("facts:\n", "fx:\n  - {from: JPY, to: USD, rate: 0.0067}\nfacts:\n", 1)
                  + "  spend: {value: 2000, currency: JPY}\n")  # fmt: skip
    assert score(load_deal(fixed, mini_set.catalogue), mini_set).warnings == ()


# -- item 8: one judge ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text", "words"),
    [
        ("waivers", "waivers:\n  - {criterion: nope, deal: x, justification: j, approved_by: a, expires: 2026-01-01}\n",
         "unknown criterion 'nope'"),
        ("history", "history: 1\nbase: missing.yaml\namendments: []\n", "base facts file not found"),
        ("catalogue", "catalogue: 1\nfacts:\n  - {id: x, type: number, group: g, description: d, question: q,"
                      " derived: {op: ratio, of: [a, b]}}\n", "derived from undeclared fact 'a'"),
        ("cases", "rubric: mini\ncases:\n  - {name: c, facts: {nope: 1}, expect: {}}\n", "cases.0: missing required key"),
        ("unknown", "hello: 1\n", "not a riskkit file: expected a top-level key naming its kind"),
    ],
)  # fmt: skip
def test_validate_checks_each_file_as_its_kind(tmp_path, cli, kind, text, words):
    p = write(tmp_path, f"{kind}.yaml", text)
    r = cli("validate", "--rubrics", MINI, p)
    assert r.code == 2 and words in r.err and "unknown key" not in r.err, r


def test_validate_recognises_review_and_intake_workbooks(tmp_path, cli):
    import openpyxl

    shutil.copy(MINI_DEAL, tmp_path / "deal.yaml")
    review = tmp_path / "review.xlsx"
    assert cli("workbook", tmp_path / "deal.yaml", "--rubrics", MINI, "-o", review).code == 0
    intake = tmp_path / "facts.xlsx"
    assert cli("intake", "--from", MINI_DEAL, "--rubrics", MINI, "-o", intake).code == 0
    assert cli("validate", "--rubrics", MINI, review, intake).code == 0
    wb = openpyxl.load_workbook(review)
    wb["Findings"]["D2"] = "approve"  # the Decision column
    wb.save(review)
    r = cli("validate", "--rubrics", MINI, review)
    assert r.code == 2 and "Findings!D2: unknown decision 'approve'" in r.err, r


RUBRIC_FAULTS = {
    "unused parameter": ("parameters:\n", "parameters:\n  spare:\n    type: percent\n    title: Spare\n    values:\n"
                         "      - {value: 1, effective: 2004-01-01, reference: {title: T, issuer: I}}\n",
                         "parameters.spare: defined but never used"),
    "zero-point criterion": ("    points: 10\n    rationale: Money comes back", "    points: 0\n    rationale: Money comes back",
                             "criteria.mini-spend: carries no points and no floor"),
    "contradictory condition": ("    when: {fact: spend_ratio, op: gte, value: 1}\n",
                                "    when: {all: [{fact: spend_ratio, op: gte, value: 1}, {fact: spend_ratio, op: lt, value: 0.5}]}\n",
                                "criteria.mini-spend: condition can never hold (spend_ratio gte 1 and spend_ratio lt 0.5)"),
    "threshold never in force": ("      - {value: 15, effective: 2025-10-28,", "      - {value: 15, effective: 2027-10-28,",
                                 "parameters.uk_threshold: the value effective 2027-10-28 was never in force"),
    "threshold in the wrong currency": ("    currency: USD\n", "    currency: GBP\n",
                                        "threshold 'hsr_size' is in GBP, but the criterion's jurisdictions (US-FTC/DOJ) set thresholds in USD"),
}  # fmt: skip


@pytest.mark.parametrize("fault", sorted(RUBRIC_FAULTS))
def test_score_refuses_a_rubric_folder_validate_rejects_with_the_same_message(tmp_path, cli, fault):
    old, new, words = RUBRIC_FAULTS[fault]
    folder = tmp_path / "firm"
    shutil.copytree(MINI, folder)
    text = (folder / "mini.yaml").read_text()
    assert old in text
    (folder / "mini.yaml").write_text(text.replace(old, new, 1))
    v = cli("validate", folder)
    assert v.code == 2 and words in v.err, v
    first = next(line for line in v.err.splitlines() if not line.startswith("warning:"))  # warnings don't fail
    s = cli("score", MINI_DEAL, "--rubrics", folder, "-o", tmp_path / "out.json")
    assert s.code == 2 and s.err.count("\n") == 1 and first in s.err, s
    assert not (tmp_path / "out.json").exists()


def test_bundled_and_fixture_rubrics_pass_the_new_checks(cli):
    assert cli("validate").code == 0
    assert cli("validate", MINI).code == 0


# -- items 1 and 2: one error boundary, all-or-nothing outputs -------------------------------------


FAILING_DIR = Path("/proc")  # exists, and nothing can be created in it, even as root


def _commands(out: Path):
    """(name, args) for every command that writes a file, each aimed at `out`."""
    hist = EXAMPLE_HISTORY
    return [
        ("score", ["score", MINI_DEAL, "--rubrics", MINI, "-o", f"json:{out}.json"]),
        ("score several", ["score", MINI_DEAL, "--rubrics", MINI, "-o", f"json:{out}.json", "-o", f"sarif:{out}.sarif"]),
        ("memo", ["memo", MINI_DEAL, "--rubrics", MINI, "-o", f"{out}.html"]),
        ("workbook", ["workbook", MINI_DEAL, "--rubrics", MINI, "-o", f"{out}.xlsx"]),
        ("intake", ["intake", "--rubrics", MINI, "-o", f"{out}.xlsx"]),
        ("diff", ["diff", MINI_DEAL, MINI_DEAL, "--rubrics", MINI, "-o", f"{out}.txt"]),
        ("portfolio", ["portfolio", MINI_DEAL, "--rubrics", MINI, "-o", f"{out}.xlsx"]),
        ("timeline", ["timeline", hist, "--svg", f"{out}.svg"]),
    ]  # fmt: skip


EXAMPLE_HISTORY = ROOT / "examples" / "microsoft-openai-history.yaml"


@pytest.mark.parametrize("name", [n for n, _ in _commands(Path("x"))])
def test_every_command_with_an_unwritable_output_is_one_line_and_exit_2(cli, name):
    args = dict(_commands(FAILING_DIR / "riskkit-out"))[name]
    r = cli(*args)
    assert r.code == 2, r
    assert r.err.count("\n") == 1 and "Traceback" not in r.err and "/proc" in r.err, r


def test_review_with_an_unwritable_output_is_refused_before_anything_is_written(tmp_path, cli):
    shutil.copy(MINI_DEAL, tmp_path / "deal.yaml")
    made = tmp_path / "review.xlsx"
    assert cli("workbook", tmp_path / "deal.yaml", "--rubrics", MINI, "-o", made).code == 0
    r = cli("review", made, "-o", tmp_path / "a.json", "-o", FAILING_DIR / "b.json")
    assert r.code == 2 and r.err.count("\n") == 1 and not (tmp_path / "a.json").exists(), r


def test_score_several_outputs_all_or_nothing(tmp_path, cli):
    a = tmp_path / "a.json"
    (tmp_path / "file").write_text("a file where a folder should be")  # (missing folders are created)
    r = cli("score", MINI_DEAL, "--rubrics", MINI, "-o", f"json:{a}", "-o", f"sarif:{tmp_path}/file/x.sarif")
    assert r.code == 2 and "a file is in the way" in r.err and not a.exists(), r


def test_a_write_failing_midway_removes_new_files_and_restores_old_ones(tmp_path, cli, monkeypatch):
    from riskkit import fileio

    a, b, c = tmp_path / "a.json", tmp_path / "b.sarif", tmp_path / "c.xml"
    b.write_text("previous sarif")
    real = fileio._replace
    calls = []

    def flaky(target, data):
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(target, data)

    monkeypatch.setattr(fileio, "_replace", flaky)
    r = cli("score", MINI_DEAL, "--rubrics", MINI, "-o", f"json:{a}", "-o", f"sarif:{b}", "-o", f"junit:{c}")
    assert r.code == 2 and "cannot write" in r.err and "No space left on device" in r.err, r
    assert not a.exists() and b.read_text() == "previous sarif" and not c.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.sarif"]


@pytest.mark.parametrize(
    ("exc", "code", "words"),
    [
        (ValueError("boom"), 3, "internal error: ValueError: boom — please report"),
        (KeyError("k"), 3, "please report"),
        (OverflowError("int too large to convert to float"), 2, "a value out of range (OverflowError)"),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), 2, "not valid UTF-8"),
        (PermissionError(13, "Permission denied", "/x/deal.yaml"), 2, "/x/deal.yaml: Permission denied"),
        (IsADirectoryError(21, "Is a directory", "/x/out"), 2, "/x/out: Is a directory"),
    ],
)
def test_error_boundary_maps_every_exception_to_one_line_never_exit_1(cli, monkeypatch, exc, code, words):
    import struct

    import riskkit.load.deal as deal_module

    def fail(*a, **k):
        raise exc

    monkeypatch.setattr(deal_module, "load_deal", fail)
    r = cli("score", MINI_DEAL, "--rubrics", MINI)
    assert r.code == code and words in r.err and r.err.count("\n") == 1 and "Traceback" not in r.err, r
    assert struct  # struct.error is handled like OverflowError (see the next test)


def test_struct_error_from_a_writer_is_exit_2(cli, monkeypatch, tmp_path):
    import struct

    import riskkit.render.workbook as wb

    def fail(*a, **k):
        raise struct.error("ushort format requires 0 <= number <= 65535")

    monkeypatch.setattr(wb, "write_xlsx", fail)
    r = cli("workbook", MINI_DEAL, "--rubrics", MINI, "-o", tmp_path / "w.xlsx")
    assert r.code == 2 and "out of range (error)" in r.err and not (tmp_path / "w.xlsx").exists(), r


def test_click_errors_are_exit_2_not_1(cli, monkeypatch):
    import click

    import riskkit.load.deal as deal_module

    r = cli("score", MINI_DEAL, "--fail-on", "critical")
    assert r.code == 2 and r.err.count("\n") == 1, r

    def fail(*a, **k):
        raise click.ClickException("refused")  # click's own default exit code is 1

    monkeypatch.setattr(deal_module, "load_deal", fail)
    r = cli("score", MINI_DEAL, "--rubrics", MINI)
    assert r.code == 2 and r.err == "riskkit: error: refused\n", r

"""`riskkit validate` on one bundled rubric file reads it as its folder does: with the folder's
catalogue and shared parameters (parameters.yaml), from a file name or from stdin."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT

RUBRICS = ROOT / "rubrics"
BUNDLED = sorted(p.name for p in RUBRICS.glob("*.yaml"))


@pytest.mark.parametrize("name", BUNDLED)
def test_each_bundled_file_validates_on_its_own(cli, name):
    r = cli("validate", RUBRICS / name)
    assert r.code == 0, r
    assert "no problems" in r.err  # the summary line goes to stderr


def test_rubric_on_stdin_reads_the_bundled_parameters():
    # a rubric that names a shared parameter (hsr_control_unincorporated_pct lives in parameters.yaml)
    text = (RUBRICS / "de-facto-acquisition.yaml").read_bytes()
    assert b"hsr_control_unincorporated_pct" in text
    r = subprocess.run([sys.executable, "-m", "riskkit.cli", "validate", "-"], input=text, capture_output=True)
    assert r.returncode == 0, r.stderr.decode()
    assert b"no problems" in r.stderr


def test_parameters_file_is_checked_with_its_folder(cli, tmp_path):
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS, folder)
    params = folder / "parameters.yaml"
    params.write_text(params.read_text(encoding="utf-8").replace("shared: 1", "shared: 2", 1), encoding="utf-8")
    r = cli("validate", params)
    assert r.code == 2
    assert "parameters.yaml:" in r.out + r.err and "format version 1" in r.out + r.err


def test_parameters_file_elsewhere_points_to_its_folder(cli, tmp_path):
    other = tmp_path / "thresholds.yaml"
    other.write_bytes((RUBRICS / "parameters.yaml").read_bytes())
    r = cli("validate", other)
    assert r.code == 2
    assert "validate the folder instead" in r.out + r.err
    assert "Traceback" not in r.out + r.err

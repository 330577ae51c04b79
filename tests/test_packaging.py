"""The wheel carries rubrics/ and templates/ and works away from the checkout."""

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return next(out.glob("riskkit-*.whl"))


def test_wheel_contains_data_once(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "riskkit/rubrics/facts.yaml" in names
    assert "riskkit/rubrics/de-facto-acquisition.yaml" in names
    assert any(n.startswith("riskkit/rubrics/cases/") for n in names)
    assert len(names) == len(set(names))


def test_wheel_in_a_new_virtualenv_lists_and_validates(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        timeout=300,
    )
    # Dependencies come from the test environment; the checkout itself is never on the path.
    (site / "zz_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    away = tmp_path / "elsewhere"
    away.mkdir()

    def run(*args):
        return subprocess.run(
            [str(python), "-m", "riskkit.cli", *args], capture_output=True, text=True, cwd=away, timeout=120
        )

    where = subprocess.check_output([str(python), "-c", "import riskkit; print(riskkit.__file__)"], text=True, cwd=away)
    assert where.startswith(str(site)), where
    listed = run("rubrics")
    assert listed.returncode == 0, listed.stderr
    assert "de-facto-acquisition" in listed.stdout and str(site) in listed.stdout
    validated = run("validate")
    assert validated.returncode == 0, validated.stderr

"""riskkit.render.weasyffi: WeasyPrint loads from the cached cffi type table, or falls back safely."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import ROOT

PROBE = (
    "from riskkit.render.weasyffi import import_weasyprint\n"
    "from riskkit.render.pdf import html_to_pdf\n"
    "from riskkit.render.memo import template_dirs\n"
    "w = import_weasyprint()\n"
    "pdf = html_to_pdf('<html><head><title>t</title></head><body><p>Hello é ≥</p></body></html>',"
    " template_dirs(None))\n"
    "import sys, hashlib\n"
    "print(type(w.text.ffi.ffi).__name__, pdf[:5].decode(), hashlib.sha256(pdf).hexdigest())\n"
)


def probe(cache) -> list[str]:
    env = dict(os.environ, RISKKIT_CACHE_DIR=str(cache))
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stderr == ""
    return out.stdout.split()


def tables(cache):
    return sorted(cache.glob("weasyprint-ffi-*.json"))


def test_table_is_built_once_then_used_and_output_is_unchanged(tmp_path):
    cache = tmp_path / "cache"
    kind, magic, digest = probe(cache)
    assert kind == "TableFFI" and magic == "%PDF-"
    [table] = tables(cache)
    stored = json.loads(table.read_text())
    assert len(stored["cdef_sha256"]) == 64 and stored["kwargs"]["_types"]["b"]
    built = table.stat().st_mtime_ns
    assert probe(cache) == ["TableFFI", "%PDF-", digest]  # second run: read, not rebuilt
    assert table.stat().st_mtime_ns == built
    # The plain import (no cache) renders the very same bytes.
    assert probe("off") == ["FFI", "%PDF-", digest]


def test_a_table_for_other_declarations_falls_back_to_the_plain_import(tmp_path):
    cache = tmp_path / "cache"
    probe(cache)
    [table] = tables(cache)
    stored = json.loads(table.read_text())
    stored["cdef_sha256"] = "0" * 64
    table.write_text(json.dumps(stored))
    kind, magic, _ = probe(cache)
    assert (kind, magic) == ("FFI", "%PDF-")


def test_an_unreadable_table_is_rebuilt(tmp_path):
    cache = tmp_path / "cache"
    probe(cache)
    [table] = tables(cache)
    table.write_text("{not json")
    assert probe(cache)[0] == "TableFFI"
    assert json.loads(table.read_text())["cdef_sha256"]


BROKEN = (
    "import sys\n"
    "class NoPango:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name == 'weasyprint.text.ffi':\n"
    "            print('WeasyPrint could not import some external libraries')\n"
    "            raise OSError(\"cannot load library 'libpango-1.0-0': error 0x7e\")\n"
    "sys.meta_path.insert(0, NoPango())\n"
    "from riskkit.cli import main\n"
    "main(sys.argv[1:])\n"
)


def test_missing_system_libraries_give_one_line_and_no_file(tmp_path):
    out = tmp_path / "memo.pdf"
    args = ["memo", str(ROOT / "examples" / "hypothetical-low-risk.yaml"), "--no-paths", "-o", str(out)]
    for cache in (tmp_path / "cache", "off"):
        env = dict(os.environ, RISKKIT_CACHE_DIR=str(cache))
        proc = subprocess.run([sys.executable, "-c", BROKEN, *args], env=env, cwd=ROOT, capture_output=True, text=True)
        assert proc.returncode == 2, proc
        assert proc.stdout == ""  # WeasyPrint's banner stays off stdout
        [line] = proc.stderr.splitlines()
        assert line.startswith("riskkit: error: cannot make a PDF: WeasyPrint could not be loaded")
        assert "libpango-1.0-0" in line and "apt-get install libpango" in line and "-o memo.html" in line
        assert not out.exists()

"""riskkit.weasyffi: WeasyPrint loads from the cached cffi type table, or falls back safely."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import ROOT

PROBE = (
    "from riskkit.weasyffi import import_weasyprint\n"
    "from riskkit.pdf import html_to_pdf\n"
    "from riskkit.memo import template_dirs\n"
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

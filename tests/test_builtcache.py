"""The caches that make `score` and `memo` fast: the built bundled rubric set
(riskkit.load.builtcache) and the compiled packaged templates (riskkit.render.templatecache).

Both hold files that ship inside riskkit only (never a user's rubric folder, deal, waiver or
template folder), are user-only, give exactly what a fresh build gives, and fall back to
building when the cache is off, damaged or unwritable."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import msgspec
import pytest

from riskkit.load import builtcache
from riskkit.load.yamlio import LineDict, LineList

from .conftest import ROOT, confidential_copy


def _same(a, b, path="set"):
    """Equal, of the same types all the way down, with the same line bookkeeping."""
    assert type(a) is type(b), path
    if isinstance(a, msgspec.Struct):
        for f in a.__struct_fields__:
            _same(getattr(a, f), getattr(b, f), f"{path}.{f}")
    elif isinstance(a, dict):
        if isinstance(a, LineDict):
            assert vars(a) == vars(b), path
        assert list(a) == list(b), path
        for k in a:
            _same(a[k], b[k], f"{path}[{k!r}]")
    elif isinstance(a, (list, tuple)):
        if isinstance(a, LineList):
            assert vars(a) == vars(b), path
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{path}[{i}]")
    else:
        assert a == b, path


def _entries(cache):
    return sorted((cache / builtcache.FOLDER).glob("*.msgpack"))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("RISKKIT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def bundled_copy(tmp_path, monkeypatch):
    """A copy of the bundled rubric folder that riskkit takes for its bundled one (to change a file)."""
    import riskkit.resources

    copy = tmp_path / "pkg" / "rubrics"
    shutil.copytree(riskkit.resources.bundled_rubrics_dir(), copy, symlinks=False)
    monkeypatch.setattr(riskkit.resources, "bundled_rubrics_dir", lambda: copy)
    return copy


def test_the_cached_set_is_exactly_a_fresh_build(cache):
    from riskkit.load.rubric import _build_set, load_rubrics
    from riskkit.resources import bundled_rubrics_dir

    first = load_rubrics()  # a miss: built, then stored
    [entry] = _entries(cache)
    second = load_rubrics()  # a hit
    fresh = _build_set(bundled_rubrics_dir())
    _same(fresh, first)
    _same(fresh, second)
    # records the set holds twice (the shared parameters every rubric carries) stay one object
    shared = [p for p in fresh.rubrics[0].parameters if p in fresh.rubrics[1].parameters]
    assert shared and second.rubrics[0].parameters[shared[0]] is second.rubrics[1].parameters[shared[0]]
    some = load_rubrics(ids=["filing-thresholds"])
    assert [r.id for r in some.rubrics] == ["filing-thresholds"] and some.folder_criteria == fresh.folder_criteria
    # user-only: the folder 0o700, the entry 0o600, whatever the umask
    assert entry.parent.stat().st_mode & 0o777 == 0o700
    assert entry.stat().st_mode & 0o777 == 0o600
    assert _entries(cache) == [entry]


def test_scores_are_the_same_from_the_cache_and_without_it(cache, monkeypatch):
    from riskkit.engine.run import run
    from riskkit.load.deal import load_deal
    from riskkit.load.rubric import load_rubrics
    from riskkit.render import render

    outputs = []
    for setting in ("off", str(cache), str(cache)):  # no cache, then a miss, then a hit
        monkeypatch.setenv("RISKKIT_CACHE_DIR", setting)
        rs = load_rubrics()
        deal = load_deal(ROOT / "examples" / "microsoft-openai-2025.yaml", rs.catalogue)
        outputs.append(render(run(deal, rs), "json"))
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(_entries(cache)) == 1


def test_a_users_rubric_folder_is_never_cached(cache, tmp_path):
    from riskkit.load.rubric import load_rubrics
    from riskkit.resources import bundled_rubrics_dir

    firm = tmp_path / "firm"
    shutil.copytree(bundled_rubrics_dir(), firm)
    assert not builtcache.is_bundled(firm)
    rs = load_rubrics(firm)
    assert rs.folder == str(firm)
    assert not (cache / builtcache.FOLDER).exists()


def test_a_changed_bundled_file_is_never_served_stale(cache, bundled_copy):
    from riskkit.load.rubric import load_rubrics

    assert builtcache.is_bundled(bundled_copy) and builtcache.is_bundled(None)
    before = load_rubrics().get("de-facto-acquisition").title
    assert load_rubrics().get("de-facto-acquisition").title == before  # served from the entry
    path = bundled_copy / "de-facto-acquisition.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^title: .*$", "title: Changed in place", text, count=1), encoding="utf-8")
    assert load_rubrics().get("de-facto-acquisition").title == "Changed in place"
    assert len(_entries(cache)) == 2  # a new key; the old entry is never read again
    (bundled_copy / "facts.d" / "extra.yaml").write_text(
        "catalogue: 1\nfacts:\n  - id: extra_fact\n    type: bool\n    description: d\n    question: q?\n"
    )
    assert "extra_fact" in load_rubrics().catalogue.facts  # a new fragment file changes the key too


def test_the_key_covers_the_loader_code(cache, tmp_path, monkeypatch):
    from riskkit.resources import bundled_rubrics_dir

    module = tmp_path / "loader.py"
    module.write_text("X = 1\n")
    code = builtcache._code_files()
    assert any(p.endswith("rubric.py") for p in code) and any(p.endswith("inputs.py") for p in code)
    monkeypatch.setattr(builtcache, "_code_files", lambda: [*code, str(module)])
    before = builtcache.key(bundled_rubrics_dir())
    module.write_text("X = 2\n")
    assert builtcache.key(bundled_rubrics_dir()) != before


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: b"",
        lambda blob: blob[: len(blob) // 2],  # truncated
        lambda blob: blob[:-10] + bytes(b ^ 0xFF for b in blob[-10:]),  # flipped bytes: the checksum fails
        lambda blob: b"not a cache entry at all",
    ],
)
def test_a_damaged_entry_is_rebuilt(cache, damage):
    from riskkit.load.rubric import _build_set, load_rubrics
    from riskkit.resources import bundled_rubrics_dir

    load_rubrics()
    [entry] = _entries(cache)
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    _same(_build_set(bundled_rubrics_dir()), load_rubrics())
    assert entry.read_bytes() == good  # written again


def test_an_entry_naming_a_foreign_class_is_refused(cache):
    payload = msgspec.msgpack.encode([["os:system"], [8, 0, "echo hi"]])
    import hashlib

    blob = builtcache.MAGIC + hashlib.sha256(payload).digest() + payload
    with pytest.raises(ValueError):
        builtcache.decode(blob)
    (cache / builtcache.FOLDER).mkdir(parents=True)
    (cache / builtcache.FOLDER / "k.msgpack").write_bytes(blob)
    assert builtcache.get("k") is None


def test_an_unwritable_cache_falls_back(tmp_path, monkeypatch):
    from riskkit.load.rubric import load_rubrics

    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    monkeypatch.setenv("RISKKIT_CACHE_DIR", str(not_a_folder))
    assert load_rubrics().rubrics
    blocked = tmp_path / "cache"
    blocked.mkdir()
    (blocked / builtcache.FOLDER).write_text("a file where the folder should be")
    monkeypatch.setenv("RISKKIT_CACHE_DIR", str(blocked))
    assert load_rubrics().rubrics


def test_the_cache_can_be_off(tmp_path, monkeypatch):
    from riskkit.load.rubric import load_rubrics

    monkeypatch.setenv("RISKKIT_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert load_rubrics().rubrics
    assert builtcache.get("anything") is None
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_only_a_few_entries_are_kept(cache):
    folder = cache / builtcache.FOLDER
    folder.mkdir(parents=True)
    for i in range(builtcache.KEEP + 3):
        (folder / f"{i:064x}.msgpack").write_bytes(b"old")
        os.utime(folder / f"{i:064x}.msgpack", (1000 + i, 1000 + i))
    builtcache.put("new", builtcache_value := {"a": (1, 2)})
    assert builtcache.get("new") == builtcache_value
    assert len(_entries(cache)) == builtcache.KEEP
    assert (folder / "new.msgpack").exists() and not (folder / f"{0:064x}.msgpack").exists()


# -- compiled templates ----------------------------------------------------------------------


def _memo_html(deal):
    from riskkit.engine.scoring import score
    from riskkit.load.deal import load_deal
    from riskkit.load.rubric import load_rubrics
    from riskkit.render import memo, render

    memo._ENVIRONMENTS.clear()  # a fresh environment, as in a new process
    rs = load_rubrics()
    return render(score(load_deal(deal, rs.catalogue), rs), "html")


def test_compiled_templates_give_the_same_memo(cache, monkeypatch):
    example = ROOT / "examples" / "microsoft-openai-2025.yaml"
    monkeypatch.setenv("RISKKIT_CACHE_DIR", "off")
    plain = _memo_html(example)
    monkeypatch.setenv("RISKKIT_CACHE_DIR", str(cache))
    assert _memo_html(example) == plain  # compiled and stored
    entries = sorted((cache / "templates").glob("*.jinja"))
    assert entries
    assert (cache / "templates").stat().st_mode & 0o777 == 0o700
    assert all(e.stat().st_mode & 0o777 == 0o600 for e in entries)
    assert _memo_html(example) == plain  # read back
    for e in entries:  # damaged entries are compiled afresh
        e.write_bytes(e.read_bytes()[:40])
    assert _memo_html(example) == plain


def test_a_users_template_folder_is_never_cached(cache, tmp_path):
    from riskkit.render import memo

    (tmp_path / "tpl").mkdir()
    env = memo._new_environment(tmp_path / "tpl")
    assert env.bytecode_cache is None
    assert memo._new_environment(None).bytecode_cache is not None


def test_no_deal_fact_reaches_the_cache(tmp_path):
    """After `score` and `memo` (HTML) on a deal, no file under the cache folder holds its title or id."""
    title = "Confidential Project Kestrel"
    deal, env = confidential_copy(tmp_path, title)
    for args in (["score", str(deal), "--format", "json"], ["memo", str(deal), "-o", str(tmp_path / "m.html")]) * 2:
        proc = subprocess.run([sys.executable, "-m", "riskkit.cli", *args], env=env, capture_output=True, cwd=tmp_path)
        assert proc.returncode in (0, 1), proc.stderr
    assert title.encode() in (tmp_path / "m.html").read_bytes()
    cached = [p for p in (tmp_path / "xdg").rglob("*") if p.is_file()]
    assert {p.parent.name for p in cached} >= {builtcache.FOLDER, "templates"}
    for path in cached + [p for p in (tmp_path / "home").rglob("*") if p.is_file()]:
        data = path.read_bytes()
        assert b"Kestrel" not in data and b"microsoft-openai-2025-10" not in data, path

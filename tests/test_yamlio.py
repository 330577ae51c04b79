"""Strict loading: the loader refuses everything that is not plain, well-formed data."""

import pytest

from riskkit.errors import InputError
from riskkit.load import yamlio


def err(text, path="f.yaml", **kw):
    with pytest.raises(InputError) as info:
        yamlio.loads(text, path, **kw)
    return info.value.render()


def test_lines_are_recorded():
    data = yamlio.loads("a: 1\nb:\n  - x\n  - y\nc: {d: 2}\n")
    assert data.lines == {"a": 1, "b": 2, "c": 5}
    assert data["b"].lines == [3, 4]


def test_duplicate_key_names_both_lines():
    assert err("a: 1\nb: 2\na: 3\n") == "f.yaml:3: duplicate key 'a' (first at line 1)"


@pytest.mark.parametrize(
    "text",
    [
        "!!python/object/apply:os.system ['echo hi']",
        "a: !!python/name:os.system",
        "a: !!binary aGVsbG8=",
        "a: !!set {x, y}",
        "a: !custom 3",
    ],
)
def test_tags_that_build_objects_are_refused(text):
    message = err(text)
    assert message.startswith("f.yaml:1:")
    assert "\n" not in message


def test_aliases_are_refused_so_no_alias_bomb():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
    assert "aliases" in err(bomb)


def test_deep_nesting_is_refused():
    assert "nesting deeper" in err("[" * 500 + "]" * 500)


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_documents(tmp_path, text):
    p = tmp_path / "e.yaml"
    p.write_text(text)
    with pytest.raises(InputError) as info:
        yamlio.load(p)
    assert "empty" in str(info.value) or "no document" in str(info.value)


def test_binary_and_bad_encoding(tmp_path):
    b = tmp_path / "b.yaml"
    b.write_bytes(b"\x00\x01\x02deal")
    assert "binary" in str(pytest.raises(InputError, yamlio.load, b).value)
    latin = tmp_path / "l.yaml"
    latin.write_bytes("title: caf\xe9\n".encode("latin-1"))
    assert "not UTF-8" in str(pytest.raises(InputError, yamlio.load, latin).value)
    z = tmp_path / "z.yaml"
    z.write_bytes(b"PK\x03\x04rest")
    assert "zip" in str(pytest.raises(InputError, yamlio.load, z).value)


def test_utf8_bom_is_accepted(tmp_path):
    p = tmp_path / "bom.yaml"
    p.write_bytes("\ufeffa: é\n".encode())
    assert yamlio.load(p) == {"a": "é"}


def test_json_is_strict_and_keeps_lines(tmp_path):
    p = tmp_path / "d.json"
    p.write_text('{\n "a": 1,\n "b": [1, 2]\n}\n')
    assert yamlio.load(p).lines["b"] == 3
    bad = tmp_path / "bad.json"
    bad.write_text("{'a': 1}")
    assert "malformed JSON" in str(pytest.raises(InputError, yamlio.load, bad).value)
    dup = tmp_path / "dup.json"
    dup.write_text('{"a": 1, "a": 2}')
    assert "duplicate key" in str(pytest.raises(InputError, yamlio.load, dup).value)


def test_missing_file_and_folder(tmp_path):
    assert "no such file" in str(pytest.raises(InputError, yamlio.load, tmp_path / "nope.yaml").value)
    assert "folder" in str(pytest.raises(InputError, yamlio.load, tmp_path).value)


def test_multiple_documents_are_refused():
    assert "malformed YAML" in err("a: 1\n---\nb: 2\n")


def _same(a, b):
    assert type(a) is type(b)
    if isinstance(a, dict):
        assert (a.line, a.lines) == (b.line, b.lines) and list(a) == list(b)
        for k in a:
            _same(a[k], b[k])
    elif isinstance(a, list):
        assert (a.line, a.lines) == (b.line, b.lines) and len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y)
    else:
        assert a == b


def test_a_bundled_file_is_cached_and_gives_exactly_a_fresh_parse(tmp_path, monkeypatch):
    from riskkit.load import parsecache
    from riskkit.resources import bundled_rubrics_dir

    cache = tmp_path / "cache"
    monkeypatch.setenv("RISKKIT_CACHE_DIR", str(cache))
    src = bundled_rubrics_dir() / "facts.yaml"
    assert parsecache.cacheable(src)
    fresh = yamlio.load(src)  # miss: parses and stores
    [entry] = cache.glob("parsed-*/*.json")
    assert entry.parent.name == parsecache.generation()
    cached, _ = parsecache.get(src.read_text())
    assert cached is not None
    _same(fresh, cached)
    _same(fresh, yamlio.load(src))
    _same(fresh, yamlio.loads(src.read_text(), str(src)))
    # user-only: the folder 0o700, the entry 0o600, whatever the umask
    assert entry.parent.stat().st_mode & 0o777 == 0o700
    assert entry.stat().st_mode & 0o777 == 0o600


def test_a_users_file_is_never_cached(tmp_path, monkeypatch):
    from riskkit.load import parsecache

    cache = tmp_path / "cache"
    monkeypatch.setenv("RISKKIT_CACHE_DIR", str(cache))
    src = tmp_path / "d.yaml"
    src.write_text("a: 1\nb:\n  - {c: 2025-01-01, d: [x, 'y']}\n")
    assert not parsecache.cacheable(src)
    assert yamlio.load(src) == {"a": 1, "b": [{"c": "2025-01-01", "d": ["x", "y"]}]}
    assert not cache.exists() or not list(cache.rglob("*"))


def test_the_cache_key_has_the_riskkit_version_and_the_parser_rules(tmp_path, monkeypatch):
    import hashlib

    from riskkit import __version__
    from riskkit.load import parsecache, yamlparse
    from riskkit.resources import bundled_rubrics_dir

    rules = hashlib.sha256(open(yamlparse.__file__, "rb").read()).hexdigest()[:16]
    assert parsecache.generation() == f"parsed-{__version__}-{rules}"
    # entries of other versions or parser rules, and what older riskkit versions left at
    # the top level (parsed deal files among them), are removed on the next write
    cache = tmp_path / "cache"
    monkeypatch.setenv("RISKKIT_CACHE_DIR", str(cache))
    (cache / "parsed-0.0.1-0123456789abcdef").mkdir(parents=True)
    (cache / "parsed-0.0.1-0123456789abcdef" / ("0" * 64 + ".json")).write_text("{}")
    (cache / ("a" * 64 + ".json")).write_text('{"deal": {"title": "Confidential"}}')
    (cache / "keep-me.txt").write_text("not ours")
    yamlio.load(bundled_rubrics_dir() / "facts.yaml")
    assert sorted(p.name for p in cache.iterdir()) == sorted(["keep-me.txt", parsecache.generation()])


def test_the_cache_never_stores_failures_and_can_be_off(tmp_path, monkeypatch):
    from riskkit.load import parsecache

    cache = tmp_path / "cache"
    monkeypatch.setenv("RISKKIT_CACHE_DIR", str(cache))
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: 1\na: 2\n")
    monkeypatch.setattr(parsecache, "cacheable", lambda path: True)
    for _ in range(2):
        with pytest.raises(InputError):
            yamlio.load(bad)
    assert not list(cache.rglob("*.json"))
    monkeypatch.setenv("RISKKIT_CACHE_DIR", "off")
    good = tmp_path / "g.yaml"
    good.write_text("a: 1\n")
    assert yamlio.load(good) == {"a": 1}
    assert not list(cache.rglob("*.json"))


def test_a_json_file_is_held_to_json_even_when_the_same_text_was_cached_as_yaml(tmp_path, monkeypatch):
    from riskkit.load import parsecache

    monkeypatch.setenv("RISKKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(parsecache, "cacheable", lambda path: True)
    (tmp_path / "t.yaml").write_text("a: 1\n")
    (tmp_path / "t.json").write_text("a: 1\n")
    assert yamlio.load(tmp_path / "t.yaml") == {"a": 1}
    with pytest.raises(InputError, match="JSON"):
        yamlio.load(tmp_path / "t.json")


def test_scoring_a_deal_leaves_nothing_of_it_in_the_cache(tmp_path):
    """The cache folder ($XDG_CACHE_HOME, ~/.cache) holds no file with the deal's title after `score`."""
    import subprocess
    import sys

    from .conftest import confidential_copy

    title = "Confidential Project Nightingale"
    deal, env = confidential_copy(tmp_path, title)
    for _ in range(2):  # the second run reads the cache the first one wrote
        proc = subprocess.run(
            [sys.executable, "-m", "riskkit.cli", "score", str(deal), "--format", "json"],
            env=env, capture_output=True, text=True, cwd=tmp_path,
        )  # fmt: skip
        assert proc.returncode in (0, 1), proc.stderr
        assert title in proc.stdout
    cached = [p for p in (tmp_path / "xdg").rglob("*") if p.is_file()]
    assert cached  # the bundled rubrics were cached (so the check below looks at real entries)
    for path in cached + [p for p in (tmp_path / "home").rglob("*") if p.is_file()]:
        assert b"Nightingale" not in path.read_bytes(), path
    assert not any(b"microsoft-openai-2025-10" in p.read_bytes() for p in cached)  # the deal's id


# -- YAML 1.2 core schema and JSON through `json` -------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("017", 17),  # decimal in YAML 1.2 (YAML 1.1 read it as octal 15)
        ("0o17", 15),  # the 1.2 octal form
        ("0x1F", 31),
        ("-42", -42),
        ("+7", 7),
        ("1e5", 100000.0),  # a float in 1.2 (a string under YAML 1.1's resolver)
        ("1.5e2", 150.0),
        ("-2.5", -2.5),
        (".5", 0.5),
        ("1_000", "1_000"),  # no underscores in 1.2 numbers
        ("1:30", "1:30"),  # no sexagesimal
        ("0b101", "0b101"),  # no binary
        ("yes", "yes"),
        ("no", "no"),
        ("NO", "NO"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("null", None),
        ("~", None),
        ("", None),
        ("2025-01-31", "2025-01-31"),  # dates stay text; fields.Node.date() parses them
        ("'017'", "017"),
        ('"true"', "true"),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text, value):
    got = yamlio.loads(f"v: {text}\n")["v"]
    assert got == value and type(got) is type(value)


def test_infinity_and_nan_follow_the_core_schema():
    import math

    data = yamlio.loads("a: .inf\nb: -.Inf\nc: .NaN\n")
    assert data["a"] == math.inf and data["b"] == -math.inf and math.isnan(data["c"])


def test_keys_are_resolved_as_text():
    assert list(yamlio.loads("yes: 1\n017: 2\n")) == ["yes", "17"]


def test_merge_keys_are_still_refused():
    assert err("c:\n  <<: {a: 1}\n") == "f.yaml:2: YAML merge keys (<<) are not allowed in riskkit files"


def test_json_values_come_from_the_json_module(tmp_path):
    p = tmp_path / "d.json"
    p.write_text('{\n  "a": 1.5e2,\n  "b": "017",\n  "c": [true, null, -0.5, 17],\n  "d": {"e": "no"}\n}\n')
    data = yamlio.load(p)
    assert data == {"a": 150.0, "b": "017", "c": [True, None, -0.5, 17], "d": {"e": "no"}}
    assert type(data["a"]) is float and type(data["c"][3]) is int
    assert data.lines == {"a": 2, "b": 3, "c": 4, "d": 5}
    assert data["c"].lines == [4, 4, 4, 4] and data["d"].lines == {"e": 5}


def test_json_keeps_the_line_of_every_key_and_item(tmp_path):
    p = tmp_path / "d.json"
    p.write_text(
        '{"facts": {\n  "x": {"value": "a,b:[c]{d}",\n         "n": 1},\n  "y\\"z": [\n    1,\n    {"k": 2}\n  ]\n}}\n'
    )
    data = yamlio.load(p)
    facts = data["facts"]
    assert facts.lines == {"x": 2, 'y"z': 4}
    assert facts["x"].lines == {"value": 2, "n": 3} and facts["x"]["value"] == "a,b:[c]{d}"
    assert facts['y"z'].lines == [5, 6] and facts['y"z'][1].lines == {"k": 6}


@pytest.mark.parametrize(
    "text, message",
    [
        ('{\n "a": 1,\n "a": 2\n}', "f.json:3: duplicate key 'a' (first at line 2)"),
        ('{"a": NaN}', "f.json: malformed JSON: NaN is not a JSON number"),
        ('{"a": Infinity}', "f.json: malformed JSON: Infinity is not a JSON number"),
        ('{"a": 1,\n}', "f.json:2: malformed JSON: Expecting property name enclosed in double quotes"),
        ("a: 1\n", "f.json:1: malformed JSON: Expecting value"),
        ("[" * 50 + "]" * 50, "f.json:1: nesting deeper than 40 levels"),
        ("[" * 100000 + "]" * 100000, "f.json: nesting too deep"),
    ],
)
def test_json_is_strict(text, message):
    assert err(text, "f.json", json_only=True) == message


def test_a_json_deal_with_an_exponent_and_a_yaml_deal_with_017_score_as_written(tmp_path, mini_set):
    import json

    from riskkit.load.deal import load_deal

    from .conftest import MINI_DEAL

    data = yamlio.load(MINI_DEAL)
    data["facts"]["investment"]["value"] = 1.5e2
    as_json = tmp_path / "deal.json"
    as_json.write_text(json.dumps(data, indent=1).replace("150.0", "1.5e2"))
    assert "1.5e2" in as_json.read_text()
    from_json = load_deal(as_json, mini_set.catalogue).facts["investment"].value
    assert (from_json.low, from_json.high) == (150, 150)
    octal_looking = tmp_path / "deal.yaml"
    octal_looking.write_text(MINI_DEAL.read_text().replace("value: 150,", "value: 0150,"))
    from_yaml = load_deal(octal_looking, mini_set.catalogue).facts["investment"].value
    assert (from_yaml.low, from_yaml.high) == (150, 150)  # YAML 1.1 made this 104

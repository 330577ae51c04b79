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


def test_parse_cache_gives_exactly_a_fresh_parse(tmp_path, monkeypatch):
    from riskkit.load import parsecache

    monkeypatch.setenv("RISKKIT_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "d.yaml"
    src.write_text("a: 1\nb:\n  - {c: 2025-01-01, d: [x, 'y']}\n  - null\ne: true\n")
    fresh = yamlio.load(src)  # miss: parses and stores
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1
    cached, _ = parsecache.get(src.read_text())
    assert cached is not None
    _same(fresh, cached)
    _same(fresh, yamlio.load(src))


def test_parse_cache_never_stores_failures_and_can_be_off(tmp_path, monkeypatch):
    monkeypatch.setenv("RISKKIT_CACHE_DIR", str(tmp_path / "cache"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: 1\na: 2\n")
    for _ in range(2):
        with pytest.raises(InputError):
            yamlio.load(bad)
    assert not list((tmp_path / "cache").glob("*.json"))
    monkeypatch.setenv("RISKKIT_CACHE_DIR", "off")
    good = tmp_path / "g.yaml"
    good.write_text("a: 1\n")
    assert yamlio.load(good) == {"a": 1}


def test_a_json_file_is_held_to_json_even_when_the_same_text_was_cached_as_yaml(tmp_path, monkeypatch):
    monkeypatch.setenv("RISKKIT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "t.yaml").write_text("a: 1\n")
    (tmp_path / "t.json").write_text("a: 1\n")
    assert yamlio.load(tmp_path / "t.yaml") == {"a": 1}
    with pytest.raises(InputError, match="JSON"):
        yamlio.load(tmp_path / "t.json")

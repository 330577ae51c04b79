"""Hostile and broken inputs: each gives exit 2 and one short line, never a traceback."""

import shutil
import subprocess
import sys

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskkit.errors import InputError
from riskkit.load.deal import deal_from_data, load_deal
from riskkit.load.yamlio import loads

from .conftest import MINI, MINI_DEAL, ROOT

VALID = MINI_DEAL.read_text()

CORPUS = {
    "empty.yaml": b"",
    "whitespace.yaml": b"  \n\t\n",
    "binary.yaml": bytes(range(256)),
    "latin1.yaml": "deal:\n  title: caf\xe9\n".encode("latin-1"),
    "utf16.yaml": "deal: x\n".encode("utf-16"),
    "zip.yaml": b"PK\x03\x04\x14\x00\x00\x00",
    "list.yaml": b"- 1\n- 2\n",
    "scalar.yaml": b"42\n",
    "string.yaml": b"hello\n",
    "null.yaml": b"~\n",
    "unclosed.yaml": b"deal: {id: x\n",
    "tabs.yaml": b"deal:\n\tid: x\n",
    "python-tag.yaml": b"deal: !!python/object/apply:os.system ['touch /tmp/pwned']\nfacts: {}\n",
    "python-name.yaml": b"!!python/name:os.system\n",
    "custom-tag.yaml": b"deal: !Ref x\nfacts: {}\n",
    "alias-bomb.yaml": b"a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n",
    "merge-key.yaml": b"base: &b {id: x}\ndeal:\n  <<: *b\nfacts: {}\n",
    "deep.yaml": b"a: " + b"[" * 10000 + b"]" * 10000 + b"\n",
    "deep-map.yaml": b"".join(b"  " * i + b"k:\n" for i in range(200)) + b"  " * 200 + b"v\n",
    "dup-keys.yaml": VALID.replace("facts:\n", "facts:\n  observer: false\n").encode(),
    "two-docs.yaml": VALID.encode() + b"\n---\nfoo: 1\n",
    "bad.json": b'{"deal": {"id": "x",}}',
    "trailing.json": b'{"deal": {}} extra',
    "json-nan.json": b'{"deal": NaN}',
    "unknown-fact.yaml": VALID.replace("observer:", "observr:").encode(),
    "wrong-type.yaml": VALID.replace(
        "stake_pct:\n    value: {low: 10, high: 30}", "stake_pct:\n    value: lots"
    ).encode(),
    "percent-range.yaml": VALID.replace("{low: 10, high: 30}", "{low: 10, high: 300}").encode(),
    "negative-money.yaml": VALID.replace("value: 150, currency: EUR", "value: -150, currency: EUR").encode(),
    "unknown-source.yaml": VALID.replace("sources: [news]\n    confidence", "sources: [newz]\n    confidence").encode(),
    "no-deal.yaml": VALID.replace("deal:\n  id: mini-deal\n", "dael:\n  id: mini-deal\n").encode(),
    "missing-title.yaml": VALID.replace("  title: Mini deal\n", "").encode(),
    "int-keys.yaml": b"deal: {1: 2}\nfacts: {}\n",
    "complex-key.yaml": b"? [a, b]\n: c\n",
    "huge-number.yaml": VALID.replace("value: 150, currency: EUR", "value: 1e999, currency: EUR").encode(),
    "bad-date.yaml": VALID.replace("as_of: 2025-11-01", "as_of: 2025-02-30").encode(),
    "date-as-int.yaml": VALID.replace("as_of: 2025-11-01", "as_of: 20251101").encode(),
    "html-id.yaml": VALID.replace("id: mini-deal", "id: '<script>alert(1)</script>'").encode(),
    "long-line.yaml": b"deal: '" + b"x" * 100000 + b"'\nfacts: {}\n",
    "control-chars.yaml": b'deal: "\x07\x1b[31m"\n',
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_file_gives_one_line(tmp_path, mini_set, name):
    p = tmp_path / name
    p.write_bytes(CORPUS[name])
    with pytest.raises(InputError) as info:
        load_deal(p, mini_set.catalogue)
    message = info.value.render()
    assert "\n" not in message and len(message) < 400
    assert message.startswith(str(p))


def test_corpus_through_the_real_process(tmp_path):
    """The installed entry point: exit 2, one line on stderr, no traceback, no output file."""
    for name in ("binary.yaml", "python-tag.yaml", "alias-bomb.yaml", "deep.yaml", "unknown-fact.yaml"):
        p = tmp_path / name
        p.write_bytes(CORPUS[name])
        out = tmp_path / f"{name}.json"
        proc = subprocess.run(
            [sys.executable, "-m", "riskkit.cli", "score", str(p), "--rubrics", str(MINI), "-o", str(out)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
        assert proc.returncode == 2, (name, proc.stderr)
        assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert not out.exists()
    assert not (tmp_path / "pwned").exists()


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates().map(lambda d: d.isoformat()),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)
KEYS = [
    "deal",
    "facts",
    "sources",
    "fx",
    "id",
    "title",
    "as_of",
    "stage",
    "parties",
    "jurisdictions",
    "value",
    "currency",
    "confidence",
    "stake_pct",
    "observer",
    "investment",
    "rights",
    "low",
    "high",
    "name",
    "role",
]
shaped = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.sampled_from(KEYS), children, max_size=6)
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=st.one_of(documents, shaped))
def test_generated_documents_never_traceback(mini_set, doc):
    text = yaml.safe_dump(doc, allow_unicode=True)
    try:
        data = loads(text, "gen.yaml")
        deal_from_data(data, mini_set.catalogue, "gen.yaml")
    except InputError as exc:
        assert "\n" not in exc.render()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_valid_file_never_tracebacks(mini_set, data):
    lines = VALID.splitlines()
    i = data.draw(st.integers(0, len(lines) - 1))
    replacement = data.draw(
        st.one_of(st.text(max_size=30), st.sampled_from(["", "  - x", "a: [", "  value: {}", "- -"]))
    )
    lines[i] = replacement
    try:
        deal_from_data(loads("\n".join(lines), "mut.yaml"), mini_set.catalogue, "mut.yaml")
    except InputError as exc:
        assert "\n" not in exc.render()


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=200))
def test_random_bytes_never_traceback(raw):
    from riskkit.load.yamlio import decode

    try:
        loads(decode(raw, "b.yaml"), "b.yaml")
    except InputError as exc:
        assert "\n" not in exc.render()


# -- the whole corpus through every command (issue 15 "done when") -------------------------------


def _hostile_workbooks(tmp_path, cli) -> dict[str, bytes]:
    """Workbooks for the corpus, made fresh: a review workbook whose facts cell leads out of its
    folder, one with an ESC in a reviewer cell, and an intake workbook with 30,000 filled rows."""
    import openpyxl

    from .test_hardening import _huge_intake, _set_about

    made = {}
    shutil.copy(MINI_DEAL, tmp_path / "deal.yaml")
    review = tmp_path / "review.xlsx"
    assert cli("workbook", tmp_path / "deal.yaml", "--rubrics", MINI, "-o", review).code == 0
    _set_about(review, "Facts file", "../../../../../../etc/passwd")
    made["review-facts-escape.xlsx"] = review.read_bytes()
    _set_about(review, "Facts file", "deal.yaml")
    wb = openpyxl.load_workbook(review)
    wb["Findings"]["O2"] = "looks fine \u202enoitcejbo on"
    wb.save(review)
    made["review-cell-escape.xlsx"] = review.read_bytes()
    made["intake-30000-rows.xlsx"] = _huge_intake(tmp_path, cli, 30_000).read_bytes()
    return made


def test_every_command_over_the_whole_corpus_is_a_clean_refusal(tmp_path, cli):
    """Every command × every hostile file: exit 2, ≤ 3 lines on stderr, no traceback, no file written."""
    from tools.hostile_run import corpus_files, run_all

    (tmp_path / "made").mkdir()
    (tmp_path / "corpus").mkdir()
    extra = dict(CORPUS) | _hostile_workbooks(tmp_path / "made", cli)
    files = corpus_files(tmp_path / "corpus", extra)
    runs, failures = run_all(files)
    assert len(files) >= 55 and runs == len(files) * 12
    assert failures == []

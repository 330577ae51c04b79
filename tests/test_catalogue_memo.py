"""A rubric folder's catalogue is loaded once per process (riskkit.load.builtcache.memoised):
the deal, rubric and case checks of one command share it, yet a catalogue file edited,
added or removed between two loads is read afresh, a broken one fails every time with the
same message, and nothing of a user's folder reaches the disk."""

from __future__ import annotations

import shutil

from riskkit.load.catalogue import catalogue_for

from .conftest import FIXTURES

MINI = FIXTURES / "mini"
DEAL = FIXTURES / "mini-deal.yaml"


def _folder(tmp_path):
    folder = tmp_path / "rubrics"
    shutil.copytree(MINI, folder)
    return folder


def test_same_files_give_the_catalogue_already_loaded(tmp_path):
    folder = _folder(tmp_path)
    first = catalogue_for(folder)
    assert catalogue_for(folder) is first
    assert catalogue_for(str(folder)) is first  # the same folder however it is spelled as a string


def test_a_catalogue_file_edited_in_the_same_process_is_read_afresh(tmp_path):
    folder = _folder(tmp_path)
    facts = folder / "facts.yaml"
    before = catalogue_for(folder)
    assert before.facts["observer"].description == "Observer seat."
    text = facts.read_text()
    # Same length, written straight after the first load: a stale file time or size would miss it.
    facts.write_text(text.replace("Observer seat.", "Observer post."))
    after = catalogue_for(folder)
    assert after.facts["observer"].description == "Observer post."
    assert after.digest != before.digest
    facts.write_text(text)  # back to the first bytes: the first catalogue's content again
    assert catalogue_for(folder).facts["observer"].description == "Observer seat."


def test_a_fragment_added_or_removed_is_seen(tmp_path):
    folder = _folder(tmp_path)
    assert "extra_fact" not in catalogue_for(folder).facts
    (folder / "facts.d").mkdir()
    fragment = folder / "facts.d" / "10-extra.yaml"
    fragment.write_text(
        'catalogue: 1\nfacts:\n  - {id: extra_fact, type: bool, description: Extra., question: "Extra?"}\n'
    )
    assert catalogue_for(folder).facts["extra_fact"].path == str(fragment)
    fragment.unlink()
    assert "extra_fact" not in catalogue_for(folder).facts


def test_a_firm_folder_without_facts_yaml_sees_its_fragments_change(tmp_path):
    firm = tmp_path / "firm"
    (firm / "facts.d").mkdir(parents=True)
    fragment = firm / "facts.d" / "firm.yaml"
    fragment.write_text('catalogue: 1\nfacts:\n  - {id: firm_fact, type: bool, description: A., question: "A?"}\n')
    bundled = catalogue_for(None)
    assert catalogue_for(firm).facts["firm_fact"].description == "A."
    fragment.write_text('catalogue: 1\nfacts:\n  - {id: firm_fact, type: bool, description: B., question: "B?"}\n')
    assert catalogue_for(firm).facts["firm_fact"].description == "B."
    assert "firm_fact" not in catalogue_for(None).facts
    assert catalogue_for(None) == bundled  # the bundled catalogue unchanged (identity is a cache detail)


def test_commands_in_one_process_see_a_rubric_edited_between_them(tmp_path, cli):
    folder = _folder(tmp_path)
    ok = cli("validate", "--rubrics", folder, DEAL)
    assert ok.code == 0, ok.err
    facts = folder / "facts.yaml"
    good = facts.read_text()
    broken = good.replace("  - {id: observer,", "  - {id: stake_pct,", 1)
    facts.write_text(broken)
    first = cli("validate", "--rubrics", folder, DEAL)
    assert first.code == 2
    assert "fact 'stake_pct' is declared twice" in first.err
    again = cli("validate", "--rubrics", folder, DEAL)  # a failed load is not kept: same refusal
    assert (again.code, again.err) == (first.code, first.err)
    facts.write_text(good)
    assert cli("validate", "--rubrics", folder, DEAL).code == 0


def test_a_user_folder_catalogue_never_reaches_the_disk(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("RISKKIT_CACHE_DIR", str(cache))
    folder = _folder(tmp_path)
    catalogue_for(folder)
    catalogue_for(folder)
    assert not cache.exists() or not any(cache.rglob("*"))

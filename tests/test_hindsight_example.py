"""No hindsight in the 2025 demo beyond its facts: what a triggered finding cites and what the
scored facts' notes say (third partner review (a)6).

tests/test_hindsight.py checks that no scored fact cites a source dated after the as-of date; here
the same is checked for the authorities a triggered finding cites (Delaware Public Media of 3 Nov
2025 once carried the board-overlap trigger) and for the notes shown beside scored facts (the AWS
contract of 3 Nov 2025 once appeared in one).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from riskkit.engine.scoring import score
from riskkit.load.deal import load_deal
from riskkit.load.rubric import load_rubrics
from riskkit.model.hindsight import flag_later_references, later_in

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "microsoft-openai-2025.yaml"
# A note may name a later date only to say it is not used.
DISCLOSED = ("after this deal's date", "after the as-of date", "left out unless")


@pytest.fixture(scope="module")
def scored():
    rubric_set = load_rubrics()
    deal = load_deal(EXAMPLE, rubric_set.catalogue)
    return deal, score(deal, rubric_set)


def test_no_triggered_finding_rests_on_later_material(scored):
    deal, assessment = scored
    triggered = 0
    for result in assessment.to_dict()["results"]:
        flag_later_references(result, deal.as_of.isoformat())
        for finding in result["findings"]:
            if finding["status"] != "triggered":
                continue
            triggered += 1
            dated_later = [
                r["title"] for r in finding["references"] if r["date"] and r["date"] > deal.as_of.isoformat()
            ]
            assert not dated_later, f"{finding['id']} cites later material: {dated_later}"
            assert not finding["rationale_after_as_of"], finding["id"]
            if finding["references"]:
                assert any(not r["after_as_of"] for r in finding["references"]), finding["id"]
    assert triggered  # the check saw the triggered findings


def test_every_fact_a_triggered_finding_reads_has_a_source_of_its_day(scored):
    deal, assessment = scored
    for rr in assessment.results:
        for finding in rr.findings:
            if finding.status != "triggered":
                continue
            for use in finding.facts:
                fact = deal.facts.get(use.id)
                if fact is None:
                    continue  # derived
                dates = [deal.sources[s].date for s in fact.sources]
                assert any(d is None or d <= deal.as_of for d in dates), use.id


def test_scored_facts_notes_name_later_events_only_to_disclaim_them(scored):
    deal, assessment = scored
    read = {u.id for rr in assessment.results for f in rr.findings for u in f.facts}
    for fid in sorted(read & set(deal.facts)):
        note = deal.facts[fid].note or ""
        later = later_in(note, deal.as_of)
        if later:
            assert any(d in note for d in DISCLOSED), f"{fid}: note relies on {later}"

"""engine/relevance.py decides exactly which open comparisons can change a result.

Each case is a small criterion over the mini catalogue with every fact unknown, and the answer
is worked out by hand: a comparison matters when flipping it alone, for some answer to the
others, changes the criterion's points (or a regime's verdict).
"""

from __future__ import annotations

from riskkit.engine import relevance
from riskkit.engine.conditions import EvalContext
from riskkit.load.deal import load_deal
from riskkit.model.inputs import All, Any_, Compare, Criterion, Level, Not

from .conftest import MINI_DEAL

A = Compare(fact="observer", op="==", value=True)
B = Compare(fact="exclusivity", op="==", value="exclusive")
C = Compare(fact="stake_pct", op=">=", value=25.0)
D = Compare(fact="spend_ratio", op=">=", value=1.0)  # derived from spend and investment


def _criterion(when=None, levels=(), juris=("US-FTC/DOJ",)):
    return Criterion(
        id="c", title="c", jurisdictions=juris, rationale="", mitigation="", references=(),
        when=when, points=10 if when is not None else 0, levels=tuple(levels),
    )  # fmt: skip


def _ctx(mini_set):
    deal = load_deal(MINI_DEAL, mini_set.catalogue)
    from msgspec.structs import replace

    bare = replace(deal, facts={})
    return EvalContext(bare, mini_set.catalogue, {}, {})


def _matter(mini_set, criterion, kind="risk") -> set:
    ctx = _ctx(mini_set)
    outcome = relevance._verdict if kind == "notifiability" else relevance._points
    return {a.fact for a in relevance._essential((criterion,), ctx, outcome)}


def test_every_comparison_of_a_read_once_condition_matters(mini_set):
    assert _matter(mini_set, _criterion(All((A, Any_((B, C)))))) == {"observer", "exclusivity", "stake_pct"}


def test_a_tautology_depends_on_nothing(mini_set):
    assert _matter(mini_set, _criterion(Any_((A, Not(A))))) == set()
    # B matters only beside A, and (A and B) or (not A and B) is just B.
    assert _matter(mini_set, _criterion(Any_((All((A, B)), All((Not(A), B)))))) == {"exclusivity"}


def test_levels_with_equal_points_hide_which_one_matched(mini_set):
    same = _criterion(levels=[Level(when=A, points=5), Level(when=Not(A), points=5)])
    assert _matter(mini_set, same) == set()
    # 5 if A, else 5 if B, else 0: both matter (B only when A is false).
    either = _criterion(levels=[Level(when=A, points=5), Level(when=B, points=5)])
    assert _matter(mini_set, either) == {"observer", "exclusivity"}
    # 8 if A, else 5 if A and B: the second level can never be reached, so B never matters.
    shadowed = _criterion(levels=[Level(when=A, points=8), Level(when=All((A, B)), points=5)])
    assert _matter(mini_set, shadowed) == {"observer"}


def test_a_verdict_regime_is_one_yes_no_over_all_its_conditions(mini_set):
    assert _matter(mini_set, _criterion(Any_((A, Not(A)))), "notifiability") == set()
    assert _matter(mini_set, _criterion(All((C, B))), "notifiability") == {"stake_pct", "exclusivity"}


def test_a_request_for_an_input_counts_through_the_facts_derived_from_it(mini_set):
    ctx = _ctx(mini_set)
    finding = type("F", (), {"criterion": _criterion(All((A, D)))})()
    assert relevance.can_change("spend", [finding], ctx)
    assert relevance.can_change("investment", [finding], ctx)
    assert not relevance.can_change("stake_pct", [finding], ctx)


def test_past_the_enumeration_cap_every_comparison_is_kept(mini_set, monkeypatch):
    monkeypatch.setattr(relevance, "MAX_OPEN", 0)
    assert _matter(mini_set, _criterion(Any_((A, Not(A))))) == {"observer"}


def test_the_question_whether_a_rubric_applies_at_all_is_asked_first(cli, tmp_path):
    """A deal that does not say whether a charity is involved: charitable-assets may not apply at all,
    so that question leads its requests and the table says the band holds only if it applies."""
    deal = tmp_path / "acme.yaml"
    deal.write_text(
        "deal: {id: acme, title: Acme / WidgetAI, as_of: 2026-06-01, stage: proposed, jurisdictions: [US, EU, UK],\n"
        "  parties: [{name: Acme Corp, role: investor}, {name: WidgetAI Inc, role: target}]}\n"
        "sources: {s1: {title: Term sheet, publisher: Acme, date: 2026-05-01, kind: official_statement}}\n"
        "facts:\n  investor_voting_stake_pct: {value: 19, sources: [s1], confidence: confirmed}\n"
    )
    import json

    r = cli("score", deal, "--format", "json")
    ca = next(x for x in json.loads(r.out)["results"] if x["id"] == "charitable-assets")
    assert ca["status"] == "applicability_unknown"
    assert ca["gaps"][0]["fact"] == "charitable_assets_involved"
    table = cli("score", deal).out
    assert "charitable-assets      1.0.0" in table and "if it applies: " in table
    assert "whether charitable-assets applies at all is open — Does the transaction involve a nonprofit" in table
    assert "| if it applies: **" in cli("score", deal, "--format", "markdown").out

"""Three-valued logic over intervals, parameters by date, fx, derived facts."""

import datetime as dt

import pytest

from riskkit.engine.conditions import EvalContext, _interval_op, evaluate
from riskkit.engine.derive import resolve_facts
from riskkit.load.deal import deal_from_data
from riskkit.model.inputs import All, Any_, Compare, Interval, Not

from .conftest import deal_data

T, F, U = True, False, None


@pytest.mark.parametrize(
    ("op", "x", "rhs", "expected"),
    [
        ("gte", Interval(27, 27), 25, T),
        ("gte", Interval(25, 25), 25, T),
        ("gt", Interval(25, 25), 25, F),
        ("gte", Interval(20, 30), 25, U),
        ("gte", Interval(20, 24), 25, F),
        ("lt", Interval(20, 24), 25, T),
        ("lte", Interval(20, 25), 25, T),
        ("lt", Interval(20, 30), 25, U),
        ("eq", Interval(5, 5), 5, T),
        ("eq", Interval(4, 6), 5, U),
        ("ne", Interval(6, 8), 5, T),
        ("between", Interval(12, 14), (10, 15), T),
        ("between", Interval(12, 18), (10, 15), U),
        ("between", Interval(16, 18), (10, 15), F),
        ("in", Interval(3, 3), (1, 3), T),
        ("not_in", Interval(2, 2), (1, 3), T),
        ("gte", Interval(10, 20), Interval(15, 15), U),
        ("gte", Interval(10, 20), Interval(5, 9), T),
    ],
)
def test_interval_ops(op, x, rhs, expected):
    assert _interval_op(op, x, rhs) is expected


def ctx_for(mini_set, facts, as_of="2025-11-01", fx=None):
    deal = deal_from_data(deal_data(facts, as_of, **({"fx": fx} if fx else {})), mini_set.catalogue)
    rubric = mini_set.get("mini")
    return EvalContext(deal, mini_set.catalogue, resolve_facts(deal, mini_set.catalogue), rubric.parameters)


def test_any_is_true_with_one_true_branch_even_if_another_unknown(mini_set):
    ctx = ctx_for(mini_set, {"observer": True})
    cond = Any_((Compare("exclusivity", "eq", "exclusive"), Compare("observer", "is_true")))
    result, checks = evaluate(cond, ctx)
    assert result is True
    assert [c.result for c in checks] == [None, True]
    assert checks[0].missing == ("exclusivity",)


def test_all_is_false_with_one_false_branch_even_if_another_unknown(mini_set):
    ctx = ctx_for(mini_set, {"observer": False})
    cond = All((Compare("exclusivity", "eq", "exclusive"), Compare("observer", "is_true")))
    assert evaluate(cond, ctx)[0] is False
    assert evaluate(Not(cond), ctx)[0] is True
    assert evaluate(Not(Compare("exclusivity", "eq", "exclusive")), ctx)[0] is None


def test_exists_is_never_unknown(mini_set):
    ctx = ctx_for(mini_set, {})
    assert evaluate(Compare("observer", "exists"), ctx)[0] is False


def test_parameter_in_force_on_the_deal_date(mini_set):
    cond = Compare("stake_pct", "gt", param="uk_threshold")
    before = ctx_for(mini_set, {"stake_pct": 20}, as_of="2025-10-27")
    after = ctx_for(mini_set, {"stake_pct": 20}, as_of="2025-10-28")
    assert evaluate(cond, before)[0] is False
    result, checks = evaluate(cond, after)
    assert result is True
    assert checks[0].text == "stake_pct = 20% > 15% (uk_threshold, from 2025-10-28)"


def test_parameter_not_yet_in_force_is_false(mini_set):
    ctx = ctx_for(mini_set, {"investment": {"value": 500, "currency": "USD"}}, as_of="2020-01-01")
    result, checks = evaluate(Compare("investment", "gt", param="hsr_size"), ctx)
    assert result is False and "not in force on 2020-01-01" in checks[0].note


def test_money_converts_only_through_the_fx_table(mini_set):
    cond = Compare("investment", "gt", param="hsr_size")
    no_rate = ctx_for(mini_set, {"investment": {"value": 150, "currency": "EUR"}})
    result, checks = evaluate(cond, no_rate)
    assert result is None and checks[0].missing == ("fx:EUR→USD",)
    rate = ctx_for(
        mini_set, {"investment": {"value": 120, "currency": "EUR"}}, fx=[{"from": "EUR", "to": "USD", "rate": 1.1}]
    )
    result, checks = evaluate(cond, rate)
    assert result is True  # 120 × 1.1 = 132 > 126.4
    assert "fx EUR→USD 1.1 = USD 132m" in checks[0].text
    inverse = ctx_for(
        mini_set, {"investment": {"value": 120, "currency": "EUR"}}, fx=[{"from": "USD", "to": "EUR", "rate": 0.8}]
    )
    assert evaluate(cond, inverse)[0] is True  # 120 / 0.8 = 150


def test_derived_ratio_and_hhi(mini_set):
    ctx = ctx_for(
        mini_set,
        {
            "investment": {"value": {"low": 100, "high": 200}, "currency": "USD"},
            "spend": {"value": 400, "currency": "USD"},
            "shares": [30, 30, 40],
        },
    )
    assert ctx.facts["spend_ratio"].value == Interval(2, 4)
    assert ctx.facts["spend_ratio"].derived_from == ("spend", "investment")
    assert ctx.facts["hhi"].value == Interval(3400, 3400)


def test_deal_pseudo_facts(mini_set):
    ctx = ctx_for(mini_set, {})
    assert evaluate(Compare("deal.as_of", "gte", dt.date(2025, 1, 1)), ctx)[0] is True
    assert evaluate(Compare("deal.stage", "in", ("signed", "closed")), ctx)[0] is True

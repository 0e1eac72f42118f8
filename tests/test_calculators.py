"""Calculators: worked examples from the course, and properties over every kind of bad input."""
from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from csworkbook import calculators as calc
from csworkbook.content import ECOMMERCE_2012, ECOMMERCE_2017, ECOMMERCE_YEARS, MS_LING

# --------------------------------------------------------------------------- worked examples


def test_ms_ling_lifetime_revenue_and_word_of_mouth():
    life = calc.lifetime_revenue(MS_LING["weekly_spend_usd"], MS_LING["weeks_per_year"], MS_LING["years"])
    assert life == pytest.approx(11_440)
    # the article's 183,040 counts every one of the 16 listeners as lost
    assert calc.word_of_mouth_loss(1, MS_LING["people_told"], 1.0, life) == pytest.approx(183_040)
    assert calc.direct_loss(1, life) == pytest.approx(11_440)
    assert calc.total_defection_cost(1, 16, 1.0, life) == pytest.approx(194_480)


def test_word_of_mouth_with_a_share_of_listeners_lost():
    # 10 defectors each tell 9 people, a quarter of whom stay away; lifetime revenue 2,000
    assert calc.word_of_mouth_loss(10, 9, 0.25, 2_000) == pytest.approx(45_000)
    assert calc.total_defection_cost(10, 9, 0.25, 2_000) == pytest.approx(65_000)


def test_ecommerce_compound_growth_is_14_percent():
    rate = calc.compound_growth_rate(ECOMMERCE_2012.value, ECOMMERCE_2017.value, ECOMMERCE_YEARS)
    assert round(rate * 100, 1) == 14.0
    assert calc.project(ECOMMERCE_2012.value, rate, ECOMMERCE_YEARS) == pytest.approx(434.2)


def test_projection_and_negative_growth():
    assert calc.project(100, 0.10, 2) == pytest.approx(121)
    assert calc.project(100, -0.5, 1) == pytest.approx(50)
    assert calc.compound_growth_rate(200, 100, 1) == pytest.approx(-0.5)


def test_expected_life_and_clv():
    assert calc.expected_customer_life(0.2) == pytest.approx(5)
    assert calc.expected_customer_life(1) == pytest.approx(1)
    # Gupta & Lehmann: m r / (1 + i - r) with m=100, r=0.8, i=0.1 -> 80 / 0.3
    assert calc.customer_lifetime_value(100, 0.8, 0.1) == pytest.approx(266.6667, rel=1e-4)
    assert calc.customer_lifetime_value(100, 0.0, 0.1) == 0


def test_receipt_savings():
    assert calc.receipt_savings(59.99, 44.99) == pytest.approx(15.0)
    assert calc.receipt_savings(10, 10) == 0


def test_savings_share():
    assert calc.savings_share(50, 40) == pytest.approx(0.2)
    assert calc.savings_share(80, 80) == 0
    assert calc.savings_share(12.5, 0) == pytest.approx(1.0)


def test_service_metrics():
    assert calc.csat([5, 4, 3, 2, 5]) == pytest.approx(0.6)
    assert calc.nps([10, 9, 8, 7, 6, 0, 10, 10, 5, 9]) == pytest.approx(20.0)  # 5 promoters, 3 detractors
    assert calc.fcr(45, 60) == pytest.approx(0.75)
    assert calc.aht(3_000, 600, 900, 10) == pytest.approx(450)


# --------------------------------------------------------------------------- specific errors

@pytest.mark.parametrize("call, words", [
    (lambda: calc.lifetime_revenue(-5, 52, 10), "cannot be negative"),
    (lambda: calc.word_of_mouth_loss(1, 16, 25, 100), "25 % is 0.25"),
    (lambda: calc.expected_customer_life(0), "fraction"),
    (lambda: calc.customer_lifetime_value(100, 1.0, 0.1), "retention rate"),
    (lambda: calc.fcr(5, 0), "greater than 0"),
    (lambda: calc.fcr(7, 5), "cannot exceed"),
    (lambda: calc.aht(10, 10, 10, 0), "number of contacts"),
    (lambda: calc.csat([]), "empty"),
    (lambda: calc.csat([6]), "whole number from 1 to 5"),
    (lambda: calc.nps([9.5]), "whole number from 0 to 10"),
    (lambda: calc.lifetime_revenue("22", 52, 10), "must be a number"),
    (lambda: calc.lifetime_revenue(float("nan"), 52, 10), "NaN"),
    (lambda: calc.compound_growth_rate(0, 10, 5), "greater than 0"),
    (lambda: calc.project(100, -1, 2), "above -1"),
    (lambda: calc.receipt_savings(10, 12), "higher than the list price"),
    (lambda: calc.savings_share(0, 0), "list price must be greater than 0"),
    (lambda: calc.savings_share(10, 12), "higher than the list price"),
    (lambda: calc.csat("45"), "list of numbers"),
    (lambda: calc.lifetime_revenue(True, 52, 10), "must be a number"),
])
def test_bad_input_names_the_problem(call, words):
    with pytest.raises(ValueError, match=words):
        call()


# --------------------------------------------------------------------------- properties

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9)
non_negative = st.floats(min_value=0, max_value=1e6, allow_nan=False)
fraction = st.floats(min_value=0, max_value=1, allow_nan=False)
junk = st.one_of(st.text(max_size=5), st.none(), st.just(float("nan")), st.just(float("inf")),
                 st.just(float("-inf")), st.lists(st.integers(), max_size=2), st.booleans())
negative = st.floats(max_value=-1e-9, min_value=-1e9, allow_nan=False)
outside_fraction = st.one_of(st.floats(min_value=1.000001, max_value=1e6), st.floats(max_value=-1e-9, min_value=-1e6))

# every calculator with a builder of valid arguments, used to inject one bad argument at a time
VALID = {
    calc.lifetime_revenue: (22, 52, 10),
    calc.direct_loss: (3, 1000),
    calc.word_of_mouth_loss: (3, 16, 0.5, 1000),
    calc.total_defection_cost: (3, 16, 0.5, 1000),
    calc.expected_customer_life: (0.25,),
    calc.customer_lifetime_value: (100, 0.8, 0.1),
    calc.compound_growth_rate: (225.5, 434.2, 5),
    calc.project: (225.5, 0.14, 5),
    calc.receipt_savings: (20, 15),
    calc.fcr: (5, 10),
    calc.aht: (100, 10, 20, 4),
}


def _message_ok(exc: ValueError) -> None:
    message = str(exc)
    assert len(message) > 15 and message[0].isalpha(), message


@settings(max_examples=60, deadline=None)
@given(func=st.sampled_from(sorted(VALID, key=lambda f: f.__name__)), position=st.integers(0, 3), bad=junk)
def test_every_non_number_gets_a_value_error_with_a_message(func, position, bad):
    args = list(VALID[func])
    position %= len(args)
    args[position] = bad
    with pytest.raises(ValueError) as info:
        func(*args)
    _message_ok(info.value)


@settings(max_examples=60, deadline=None)
@given(func=st.sampled_from([calc.lifetime_revenue, calc.direct_loss, calc.word_of_mouth_loss,
                             calc.total_defection_cost, calc.receipt_savings, calc.aht]),
       position=st.integers(0, 3), bad=negative)
def test_negative_counts_and_amounts_are_refused(func, position, bad):
    args = list(VALID[func])
    args[position % len(args)] = bad
    with pytest.raises(ValueError) as info:
        func(*args)
    _message_ok(info.value)


@settings(max_examples=60, deadline=None)
@given(bad=outside_fraction, which=st.sampled_from(["share", "defection", "retention", "discount"]))
def test_rates_outside_zero_to_one_are_refused(bad, which):
    calls = {
        "share": lambda: calc.word_of_mouth_loss(1, 10, bad, 100),
        "defection": lambda: calc.expected_customer_life(bad),
        "retention": lambda: calc.customer_lifetime_value(100, bad, 0.1),
        "discount": lambda: calc.customer_lifetime_value(100, 0.5, bad),
    }
    with pytest.raises(ValueError) as info:
        calls[which]()
    _message_ok(info.value)


@settings(max_examples=80, deadline=None)
@given(sale=non_negative, per_year=non_negative, years=st.floats(0, 100), defectors=non_negative,
       told=st.floats(0, 1000), share=fraction)
def test_valid_defection_inputs_never_give_nan_or_negative_cost(sale, per_year, years, defectors, told, share):
    life = calc.lifetime_revenue(sale, per_year, years)
    for cost in (life, calc.direct_loss(defectors, life), calc.word_of_mouth_loss(defectors, told, share, life),
                 calc.total_defection_cost(defectors, told, share, life)):
        assert not math.isnan(cost) and cost >= 0


@settings(max_examples=80, deadline=None)
@given(m=non_negative, r=st.floats(0, 0.999999), i=fraction, d=st.floats(1e-6, 1))
def test_valid_loyalty_inputs_give_finite_non_negative_values(m, r, i, d):
    clv = calc.customer_lifetime_value(m, r, i)
    life = calc.expected_customer_life(d)
    assert math.isfinite(clv) and clv >= 0
    assert math.isfinite(life) and life >= 1


@settings(max_examples=80, deadline=None)
@given(start=st.floats(1e-3, 1e6), end=st.floats(1e-3, 1e6), years=st.floats(0.1, 50))
def test_growth_round_trips(start, end, years):
    rate = calc.compound_growth_rate(start, end, years)
    assume(math.isfinite(rate) and rate > -0.99)  # near -100 % a year, 1 + rate loses float precision
    assert calc.project(start, rate, years) == pytest.approx(end, rel=1e-4)


@settings(max_examples=60, deadline=None)
@given(ratings=st.lists(st.integers(1, 5), min_size=1, max_size=50),
       scores=st.lists(st.integers(0, 10), min_size=1, max_size=50))
def test_metrics_stay_in_range(ratings, scores):
    assert 0 <= calc.csat(ratings) <= 1
    assert -100 <= calc.nps(scores) <= 100

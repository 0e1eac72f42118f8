"""Every number item's answer (and its variant's) is what csworkbook.calculators computes from the prompt's inputs.

The inputs are written here once, each as the text the prompt must show and the value the
calculator takes, so a prompt and its stored answer cannot drift apart from the canonical formula.
"""
from __future__ import annotations

from typing import Callable

import pytest

from csworkbook import calculators as calc
from csworkbook.rules import quiz

#: item id -> [(inputs shown in the prompt, answer in the item's unit computed by the calculators)],
#: first for the item, then for its variant.
CASES: dict[str, list[tuple[tuple[str, ...], Callable[[], float]]]] = {
    "06-receipt-saving": [
        (("80.00", "62.00"), lambda: calc.receipt_savings(80.00, 62.00)),
        (("45.00", "36.00"), lambda: calc.receipt_savings(45.00, 36.00)),
    ],
    "06-life-number": [
        (("20 %",), lambda: calc.expected_customer_life(0.20)),
        (("25 %",), lambda: calc.expected_customer_life(0.25)),
    ],
    "06-clv-number": [
        (("120 USD", "0.8", "0.1"), lambda: calc.customer_lifetime_value(120, 0.8, 0.1)),
        (("200 USD", "0.75", "0.05"), lambda: calc.customer_lifetime_value(200, 0.75, 0.05)),
    ],
    "07-cagr": [
        (("225.5", "434.2", "5 years"), lambda: 100 * calc.compound_growth_rate(225.5, 434.2, 5)),
        (("225.5", "453.5", "5 years"), lambda: 100 * calc.compound_growth_rate(225.5, 453.5, 5)),
    ],
    "07-csat-number": [
        (("5, 4, 3, 5, 2, 4, 5, 1, 4, 3",), lambda: 100 * calc.csat([5, 4, 3, 5, 2, 4, 5, 1, 4, 3])),
        (("4, 4, 5, 2, 3, 5, 5, 1",), lambda: 100 * calc.csat([4, 4, 5, 2, 3, 5, 5, 1])),
    ],
    "07-nps-number": [
        (("10, 9, 9, 8, 7, 6, 10, 3, 9, 5",), lambda: calc.nps([10, 9, 9, 8, 7, 6, 10, 3, 9, 5])),
        (("9, 10, 6, 7, 8, 2, 10, 4",), lambda: calc.nps([9, 10, 6, 7, 8, 2, 10, 4])),
    ],
    "07-fcr-number": [
        (("240", "180"), lambda: 100 * calc.fcr(180, 240)),
        (("132", "160"), lambda: 100 * calc.fcr(132, 160)),
    ],
    "07-aht-number": [
        (("8 calls", "2,400", "360", "480"), lambda: calc.aht(2400, 360, 480, 8)),
        (("Ten calls", "3,000", "600", "900"), lambda: calc.aht(3000, 600, 900, 10)),
    ],
    "08-ling-lifetime": [
        (("22 USD", "52 weeks", "10 years"), lambda: calc.lifetime_revenue(22, 52, 10)),
        (("6 USD", "150 visits", "4 years"), lambda: calc.lifetime_revenue(6, 150, 4)),
    ],
    "08-defection-number": [
        (("40 customers", "2,000 USD", "10 people", "5 %"), lambda: calc.total_defection_cost(40, 10, 0.05, 2000)),
        (("25 customers", "1,200 USD", "8 people", "10 %"), lambda: calc.total_defection_cost(25, 8, 0.10, 1200)),
    ],
}


def _number_items() -> dict[str, quiz.CheckItem]:
    return {i.id: i for i in quiz.all_items() if i.kind == "number"}


def test_the_required_number_items_exist_and_every_one_has_a_computation_here():
    shipped = _number_items()
    assert set(shipped) == set(CASES)
    # where the answer is a number: growth (07), defection cost (08), CLV and expected life (06), the metrics (07)
    assert {"07-cagr", "08-defection-number", "06-clv-number", "06-life-number", "07-csat-number",
            "07-nps-number", "07-fcr-number", "07-aht-number"} <= set(shipped)


@pytest.mark.parametrize("item_id", sorted(CASES))
def test_stored_answers_match_the_calculators(item_id: str):
    item = _number_items()[item_id]
    versions = [item] + ([item.variant] if item.variant else [])
    assert len(versions) == len(CASES[item_id])
    for version, (shown, compute) in zip(versions, CASES[item_id]):
        expected = compute()
        answer = version.number
        assert answer is not None and answer.tolerance > 0
        assert answer.accepts(expected), f"{item_id}: stored {answer.value}, calculators give {expected}"
        assert abs(answer.value - expected) <= answer.tolerance / 2  # the stored answer sits well inside
        for text in shown:
            assert text in version.prompt, f"{item_id}: the prompt should show {text!r}"
        # each named slip is a real wrong answer: outside the tolerance of the computed value
        assert all(not answer.accepts(m.value) for m in answer.mistakes)
        assert answer.judge(expected) == (True, answer.feedback)


"""The course's canonical formulas (each taught with a worked example in a notebook), with input checks a student can read.

Every function takes plain numbers and returns a float. Amounts of money are in whatever
currency the inputs use (the course uses USD); rates are fractions from 0 to 1, not percent.
Any nonsense input raises :class:`ValueError` whose message says what was wrong and what is allowed.

The formulas, as the notebooks teach them and the assignments grade them:

- lifetime revenue of one customer = average sale × purchases per year × years;
- direct loss = defectors × lifetime revenue; word-of-mouth loss = defectors × people told × share of
  listeners lost × lifetime revenue; total = direct + word of mouth;
- expected customer life (years) = 1 / annual defection rate;
- customer lifetime value (Gupta & Lehmann 2003) = m · r / (1 + i − r), with m the annual margin,
  r the retention rate and i the discount rate;
- compound annual growth = (end / start)^(1 / years) − 1 (225.5 → 434.2 over 5 years ≈ 14.0 %);
- CSAT = share of ratings 4–5 on a 1–5 scale; NPS = % promoters (9–10) − % detractors (0–6);
  FCR = resolved on first contact / contacts; AHT = (talk + hold + after-call work) / contacts.
"""
from __future__ import annotations

import math
from typing import Iterable, Sequence

from csworkbook.rules.inputs import finite_number

__all__ = [
    "lifetime_revenue", "direct_loss", "word_of_mouth_loss", "total_defection_cost",
    "expected_customer_life", "customer_lifetime_value", "compound_growth_rate", "project",
    "receipt_savings", "savings_share", "csat", "nps", "fcr", "aht",
]


# --------------------------------------------------------------------------- checks


def _non_negative(name: str, value: object) -> float:
    number = finite_number(value, name)
    if number < 0:
        raise ValueError(f"{name} cannot be negative (got {number:g}); use 0 or more.")
    return number


def _positive(name: str, value: object) -> float:
    number = finite_number(value, name)
    if number <= 0:
        raise ValueError(f"{name} must be greater than 0 (got {number:g}).")
    return number


def _rate(name: str, value: object, *, allow_zero: bool = True, allow_one: bool = True) -> float:
    number = finite_number(value, name)
    low_ok = number > 0 or (allow_zero and number == 0)
    high_ok = number < 1 or (allow_one and number == 1)
    if not (low_ok and high_ok):
        low = "0" if allow_zero else "just above 0"
        high = "1" if allow_one else "just below 1"
        hint = " Write a percentage as a fraction: 25 % is 0.25." if number > 1 else ""
        raise ValueError(f"{name} must be a fraction from {low} to {high} (got {number:g}).{hint}")
    return number


def _sequence(name: str, values: object) -> list[float]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise ValueError(f"{name} must be a list of numbers, but got {values!r}.")
    items = [finite_number(v, f"value {n} in {name}") for n, v in enumerate(values, start=1)]
    if not items:
        raise ValueError(f"{name} is empty; give at least one value.")
    return items


def _ratings(name: str, values: object, low: int, high: int) -> list[float]:
    items = _sequence(name, values)
    for v in items:
        if v != int(v) or not low <= v <= high:
            raise ValueError(f"every entry of {name} must be a whole number from {low} to {high} (got {v:g}).")
    return items


# --------------------------------------------------------------------------- defection cost


def lifetime_revenue(average_sale: float, purchases_per_year: float, years: float) -> float:
    """Revenue one customer brings over their time as a customer (currency units).

    average_sale: money per purchase; purchases_per_year: purchases per year; years: years as a customer.
    Ms. Ling: 22 × 52 × 10 = 11,440.
    """
    return (_non_negative("average sale", average_sale)
            * _non_negative("purchases per year", purchases_per_year)
            * _non_negative("years as a customer", years))


def direct_loss(defectors: float, lifetime_revenue_per_customer: float) -> float:
    """Revenue lost from the customers who leave (currency units): defectors × lifetime revenue."""
    return _non_negative("number of defectors", defectors) * _non_negative(
        "lifetime revenue per customer", lifetime_revenue_per_customer)


def word_of_mouth_loss(defectors: float, people_told: float, share_lost: float,
                       lifetime_revenue_per_customer: float) -> float:
    """Revenue lost from listeners who stay away after hearing the story (currency units).

    defectors × people each defector tells × share of listeners lost (fraction 0–1) × lifetime revenue.
    """
    return (_non_negative("number of defectors", defectors)
            * _non_negative("people told per defector", people_told)
            * _rate("share of listeners lost", share_lost)
            * _non_negative("lifetime revenue per customer", lifetime_revenue_per_customer))


def total_defection_cost(defectors: float, people_told: float, share_lost: float,
                         lifetime_revenue_per_customer: float) -> float:
    """Direct loss plus word-of-mouth loss (currency units)."""
    return (direct_loss(defectors, lifetime_revenue_per_customer)
            + word_of_mouth_loss(defectors, people_told, share_lost, lifetime_revenue_per_customer))


# --------------------------------------------------------------------------- loyalty value


def expected_customer_life(annual_defection_rate: float) -> float:
    """Expected years a customer stays (years) = 1 / annual defection rate (fraction, above 0 to 1)."""
    rate = _rate("annual defection rate", annual_defection_rate, allow_zero=False)
    return 1.0 / rate


def customer_lifetime_value(annual_margin: float, retention_rate: float, discount_rate: float) -> float:
    """Customer lifetime value (currency units), Gupta & Lehmann (2003): m·r / (1 + i − r).

    annual_margin m: profit per customer per year (currency units, may be 0);
    retention_rate r: share of customers kept each year (fraction 0 to just below 1);
    discount_rate i: yearly discount rate (fraction 0 to 1).
    """
    m = _non_negative("annual margin", annual_margin)
    r = _rate("retention rate", retention_rate, allow_one=False)
    i = _rate("discount rate", discount_rate)
    denominator = 1.0 + i - r
    if denominator <= 0:  # only reachable when i = 0 and r = 1, which _rate already refuses
        raise ValueError("retention rate must be below 1 + discount rate, or the value grows without limit.")
    return m * r / denominator


def receipt_savings(list_price: float, price_paid: float) -> float:
    """Money the customer saved (currency units) = list price − price paid; both prices 0 or more."""
    listed = _non_negative("list price", list_price)
    paid = _non_negative("price paid", price_paid)
    if paid > listed:
        raise ValueError(f"price paid ({paid:g}) is higher than the list price ({listed:g}); there is no saving to show.")
    return listed - paid


def savings_share(list_price: float, price_paid: float) -> float:
    """The saving as a fraction of the list price (fraction 0–1) = (list price − price paid) / list price.

    Both prices in the same currency; the list price must be above 0. 50 → 40 gives 0.2 (20 % off).
    """
    listed = _positive("list price", list_price)
    return receipt_savings(listed, price_paid) / listed


# --------------------------------------------------------------------------- growth


def compound_growth_rate(start: float, end: float, years: float) -> float:
    """Compound annual growth rate (fraction per year) = (end / start)^(1 / years) − 1.

    start, end: amounts in the same unit (both above 0); years: length of the period (above 0).
    225.5 → 434.2 over 5 years ≈ 0.140 (14.0 % a year).
    """
    s = _positive("start value", start)
    e = _positive("end value", end)
    n = _positive("number of years", years)
    return (e / s) ** (1.0 / n) - 1.0


def project(start: float, rate: float, years: float) -> float:
    """Value after ``years`` of compound growth (same unit as ``start``) = start × (1 + rate)^years.

    rate is a fraction per year and must be above −1 (a fall of 100 % or more is not growth).
    """
    s = _non_negative("start value", start)
    g = finite_number(rate, "growth rate")
    if g <= -1:
        raise ValueError(f"growth rate must be above -1 (that is, above -100 %); got {g:g}.")
    n = _non_negative("number of years", years)
    return s * (1.0 + g) ** n


# --------------------------------------------------------------------------- service metrics


def csat(ratings: Sequence[float]) -> float:
    """Customer satisfaction (fraction 0–1): share of ratings of 4 or 5 on a 1–5 scale."""
    items = _ratings("ratings", ratings, 1, 5)
    return sum(1 for r in items if r >= 4) / len(items)


def nps(scores: Sequence[float]) -> float:
    """Net Promoter Score (points, −100 to 100): % promoters (9–10) − % detractors (0–6)."""
    items = _ratings("scores", scores, 0, 10)
    promoters = sum(1 for s in items if s >= 9)
    detractors = sum(1 for s in items if s <= 6)
    return 100.0 * (promoters - detractors) / len(items)


def fcr(resolved_first_contact: float, contacts: float) -> float:
    """First-contact resolution (fraction 0–1) = contacts resolved the first time / all contacts."""
    resolved = _non_negative("contacts resolved on first contact", resolved_first_contact)
    total = _positive("number of contacts", contacts)
    if resolved > total:
        raise ValueError(f"resolved contacts ({resolved:g}) cannot exceed all contacts ({total:g}).")
    return resolved / total


def aht(talk_seconds: float, hold_seconds: float, after_call_seconds: float, contacts: float) -> float:
    """Average handle time (seconds per contact) = (talk + hold + after-call work) / contacts.

    The three times are totals in seconds over all contacts; contacts must be above 0.
    """
    total = (_non_negative("talk time", talk_seconds) + _non_negative("hold time", hold_seconds)
             + _non_negative("after-call work time", after_call_seconds))
    return total / _positive("number of contacts", contacts)

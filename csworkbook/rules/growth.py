"""The growth calculator's rules (notebook 07): the article's figures, reading typed values, growth tables.

U.S. eCommerce sales of 225.5 billion USD in 2012 and 434.2 billion USD forecast for 2017 (eMarketer,
April 2013). Money is in billion USD, rates in % a year.
"""
from __future__ import annotations

import math
import re
from typing import Any

from csworkbook import calculators
from csworkbook.content import ECOMMERCE_2012, ECOMMERCE_2017, ECOMMERCE_YEARS
from csworkbook.rules.inputs import parse_number

#: The article's figures: start and end value (billion USD), start and end year.
ARTICLE_START: float = ECOMMERCE_2012.value
ARTICLE_END: float = ECOMMERCE_2017.value
ARTICLE_START_YEAR: int = 2012
ARTICLE_END_YEAR: int = ARTICLE_START_YEAR + ECOMMERCE_YEARS
#: Years the projection slider starts at, and its range (years past the end year).
DEFAULT_PROJECTION_YEARS, MAX_PROJECTION_YEARS = 3, 10
#: Years a learner may type, and the longest period the table shows (years).
MIN_YEAR, MAX_YEAR, MAX_SPAN = 1900, 2100, 50

#: Why an extrapolation is shaky; shown with every projection.
CAUTION = ("Caution: the years after {end_year} are an extrapolation. They assume the same rate simply "
           "carries on, and the {end_year} figure they start from {forecast}. Each extra year multiplies "
           "the uncertainty, so read them as 'what if', never as a prediction.")

_YEAR = re.compile(r"^\d{1,4}$")


def parse_amount(label: str, raw: str) -> float:
    """Read an amount typed by a learner (billion USD) such as ``225.5``, ``$434.2`` or ``1,250.0``.

    Negative numbers and zero pass through (the calculator explains why it refuses them); anything that
    is not a number raises ``ValueError`` with a message to act on.
    """
    return parse_number(label, raw, example="225.5", unit="billion USD")


def parse_year(label: str, raw: str) -> int:
    """Read a calendar year typed by a learner (four digits, e.g. ``2012``); raise ``ValueError`` if it is not one."""
    text = str(raw).strip()
    if not text:
        raise ValueError(f"Please type the {label}, e.g. {ARTICLE_START_YEAR}.")
    if not _YEAR.match(text):
        raise ValueError(f"The {label} '{raw}' is not a year; type a whole year such as {ARTICLE_START_YEAR}.")
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"The {label} {year} is outside {MIN_YEAR}–{MAX_YEAR}; type a year in that range.")
    return year


def growth_table(start: float, end: float, start_year: int, end_year: int,
                 projection_years: int) -> dict[str, Any]:
    """Compound growth between two figures and beyond (billion USD, % per year).

    Returns ``{"rate", "cagr_percent", "path": {year: value}, "projection": {year: value}}`` where the
    rate is a fraction per year, ``path`` covers ``start_year`` to ``end_year`` and ``projection`` the
    ``projection_years`` years after ``end_year``. Raises ``ValueError`` on input the calculators refuse,
    on an end year that is not after the start year, and on results too large to compute.
    """
    if end_year <= start_year:
        raise ValueError(f"The end year ({end_year}) must come after the start year ({start_year}).")
    span = end_year - start_year
    if span > MAX_SPAN:
        raise ValueError(f"The two years are {span} years apart; keep them at most {MAX_SPAN} years apart.")
    try:
        rate = calculators.compound_growth_rate(start, end, span)
        if not math.isfinite(rate):
            raise OverflowError
        path = {start_year + k: calculators.project(start, rate, k) for k in range(span + 1)}
        path[end_year] = end  # the published figure itself, not a rounding of it
        projection = {end_year + k: calculators.project(end, rate, k) for k in range(1, projection_years + 1)}
    except OverflowError:
        raise ValueError("These figures grow too fast to compute; check the start and end values.") from None
    if not all(math.isfinite(v) for v in [*path.values(), *projection.values()]):
        raise ValueError("These figures grow too fast to compute; check the start and end values.")
    return {"rate": rate, "cagr_percent": 100.0 * rate, "path": path, "projection": projection}

"""The POSITIVE self-assessment's rules (notebook 05): the rating scale, totals and the two weakest behaviours.

Eight behaviours (:data:`csworkbook.content.POSITIVE`, keys P O S I1 T I2 V E) are each rated 1
(Never) to 5 (Always), so a total runs from 8 to 40 points. The dashboard, the action plan and the
widget all ask this module which two behaviours are weakest.
"""
from __future__ import annotations

from typing import Any, Sequence

from csworkbook.content import POSITIVE
from csworkbook.rules.inputs import number_or_none

#: Labels of the five-step frequency scale, from 1 to 5.
SCALE_LABELS: tuple[str, ...] = ("Never", "Rarely", "Sometimes", "Often", "Always")
#: Behaviour keys in model order (P O S I1 T I2 V E).
KEYS: tuple[str, ...] = tuple(item.key for item in POSITIVE)
#: Lowest and highest possible total over eight behaviours (points).
MIN_TOTAL, MAX_TOTAL = len(KEYS), len(KEYS) * len(SCALE_LABELS)


def weakest_two(ratings: dict[str, int]) -> list[str]:
    """Keys of the two lowest ratings (1–5); a tie goes to the behaviour that comes first in the model.

    Behaviours without a rating are left out, so a partial set of ratings still gives an answer.
    """
    rated = [key for key in KEYS if key in ratings]
    return sorted(rated, key=lambda key: (ratings[key], KEYS.index(key)))[:2]


def ratings_of(data: dict[str, Any]) -> dict[str, int]:
    """The valid ratings (whole numbers 1–5) of a saved attempt, in model order; anything else is left out."""
    raw = data.get("ratings")
    if not isinstance(raw, dict):
        return {}
    ratings = {}
    for key in KEYS:
        value = number_or_none(raw.get(key))
        if value is not None and 1 <= value <= 5:
            ratings[key] = int(value)
    return ratings


def weakest_of(data: dict[str, Any]) -> list[str]:
    """The two weakest keys of a saved attempt: the two it saved, if valid, else the two lowest ratings."""
    saved = data.get("weakest")
    if isinstance(saved, list) and len(saved) == 2 and all(isinstance(k, str) and k in KEYS for k in saved):
        return list(saved)
    return weakest_two(ratings_of(data))


def is_attempt(data: Any) -> bool:
    """True for a saved attempt with all eight ratings (1–5) and a total in range (points)."""
    if not isinstance(data, dict):
        return False
    ratings, total = data.get("ratings"), data.get("total")
    return (isinstance(total, int) and not isinstance(total, bool) and MIN_TOTAL <= total <= MAX_TOTAL
            and isinstance(ratings, dict)
            and all(isinstance(ratings.get(k), int) and 1 <= ratings[k] <= 5 for k in KEYS))


def progress_phrase(attempt_totals: Sequence[int]) -> str:
    """How the latest total (points) compares with the one before, e.g. ``"up 4 points since …"``."""
    if len(attempt_totals) < 2:
        return "your first attempt"
    change = attempt_totals[-1] - attempt_totals[-2]
    if change == 0:
        return "the same as your previous attempt"
    points = "point" if abs(change) == 1 else "points"
    direction = "up" if change > 0 else "down"
    return f"{direction} {abs(change)} {points} since your previous attempt"

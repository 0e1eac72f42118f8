"""How numbers and lists read in the course's sentences: one joiner, one money format, minutes, percent."""
from __future__ import annotations

from typing import Iterable


def join_words(parts: Iterable[str]) -> str:
    """``["a"]`` -> ``"a"``; ``["a", "b"]`` -> ``"a and b"``; ``["a", "b", "c"]`` -> ``"a, b and c"``; none -> ``""``."""
    items = list(parts)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def money(amount: float, *, cents: bool = True) -> str:
    """An amount in US dollars: ``$1,234.50``, or ``$183,040`` with ``cents=False``."""
    return f"${amount:,.2f}" if cents else f"${amount:,.0f}"


def minutes(value: float) -> str:
    """A number of minutes for display, to at most one decimal place (``"7.5"``, ``"10"``)."""
    return f"{round(float(value), 1):g}"


def percent(value: float) -> str:
    """A percentage (0–100) as written in feedback and tables: ``"77.5 %"``, ``"80 %"``."""
    return f"{value:g} %"


def whole_percent(value: float) -> str:
    """A percentage (0–100) as a whole number rounded half up, without the sign: ``77.5`` -> ``"78"``."""
    return str(int(value + 0.5))


def visible_text(text: str) -> str:
    """``text`` made safe to write as UTF-8: surrogate pairs joined, a lone surrogate shown as U+FFFD (�).

    A learner who pastes half an emoji leaves a lone surrogate, which UTF-8 cannot encode; this keeps
    every other character and marks the broken one visibly instead of failing.
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")

"""The one place numbers are checked: text a learner types, values a control or caller passes, numbers read back.

:func:`parse_number` reads text typed into a field; :func:`finite_number` checks a value passed as a
number (a slider's, a formula's argument); :func:`number_or_none` reads a number saved in the journal,
where anything else counts as missing. Every refusal is a sentence a learner can act on.
"""
from __future__ import annotations

import math
import re
from numbers import Real
from typing import Any, Mapping

#: "1,299.50" style thousands separators (a leading minus is read too, so the calculator can explain it).
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_number(label: str, raw: str, *, example: str, unit: str = "") -> float:
    """Read a number such as ``19.99``, ``$19.99`` or ``1,299.00`` typed for ``label``.

    ``example`` is shown in every message (e.g. ``"19.99"``); ``unit`` (e.g. ``"billion USD"``) is named
    when the field is empty. Empty text, words, a comma used as decimal mark, NaN and infinity raise
    ``ValueError`` with a message a learner can act on. Range checks are left to the caller.
    """
    text = str(raw).strip().replace(" ", "")
    if text.startswith("$"):
        text = text[1:]
    if not text:
        raise ValueError(f"Please type the {label}{f' in {unit}' if unit else ''}, e.g. {example}.")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    elif "," in text:
        raise ValueError(f"The {label} '{raw}' uses a comma; write decimals with a point, e.g. {example}.")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"The {label} '{raw}' is not a number; type digits only, e.g. {example}.") from None
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"The {label} '{raw}' is not a usable amount; type an amount such as {example}.")
    return value


def finite_number(value: object, what: str, *, example: str = "5 or 0.5") -> float:
    """``value`` as a finite float; else ``ValueError`` naming ``what`` (e.g. ``"number of minutes late"``).

    Text, ``None`` and booleans are refused ("must be a number, such as 5 or 0.5"), as are NaN and
    infinity ("must be an ordinary number").
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"The {what} must be a number, such as {example}, not {value!r}.")
    number = float(value)
    if math.isnan(number):
        raise ValueError(f"The {what} must be an ordinary number; NaN (not a number) cannot be used.")
    if math.isinf(number):
        raise ValueError(f"The {what} must be an ordinary number; {value!r} cannot be used.")
    return number


def number_or_none(value: Any) -> float | None:
    """A finite number saved in the journal as a float, or ``None`` for anything else (text, bool, NaN)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def key_named(name: object, spellings: Mapping[str, str], *, what: str) -> str:
    """The key a learner means by ``name`` (case and extra spaces ignored), for a choice such as a status.

    spellings: every accepted spelling, lower case -> its key (a key spells itself). ``what`` names
    the choice in the message, e.g. ``"status"``; anything else raises ``ValueError`` listing the keys.
    """
    known = ", ".join(f"'{k}'" for k in dict.fromkeys(spellings.values()))
    if not isinstance(name, str):
        raise ValueError(f"The {what} must be one of {known}, written as text; {name!r} is not.")
    wanted = " ".join(name.split()).lower()
    if wanted not in spellings:
        raise ValueError(f"There is no {what} called '{name}' here; choose one of {known}.")
    return spellings[wanted]

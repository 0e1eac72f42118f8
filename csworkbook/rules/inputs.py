"""Numbers a learner types into a text field: read them forgivingly, refuse them with a sentence to act on."""
from __future__ import annotations

import math
import re

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

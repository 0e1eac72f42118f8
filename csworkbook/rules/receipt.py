"""The receipt builder's rules (notebook 06): reading prices, totals and the lines a receipt prints.

Loyalty strategy "demonstrate value": a receipt that shows the list price, the price paid and the
saving. Money is in US dollars (USD); percentages are of the list total (0–100).
"""
from __future__ import annotations

from typing import Any

from csworkbook.rules.inputs import parse_number

#: The receipt stays readable (and the chart legible) up to this many lines.
MAX_ITEMS = 12
#: Longest item name printed on the receipt (characters); longer names are shortened.
MAX_NAME = 24

#: A small basket a learner can load to see a finished receipt at once (USD).
EXAMPLE_BASKET: tuple[tuple[str, float, float], ...] = (
    ("Printer paper, 5 reams", 54.99, 39.99),
    ("Gel pens, 12 pack", 18.49, 12.99),
    ("Desk organiser", 24.00, 24.00),
)



def parse_price(label: str, raw: str) -> float:
    """Read a price typed by a learner (USD) such as ``19.99``, ``$19.99`` or ``1,299.00``, to the cent.

    Raises ``ValueError`` with a message a learner can act on when the text is not a number.
    """
    return round(parse_number(label, raw, example="19.99"), 2)


def receipt_totals(items: list[dict[str, Any]]) -> dict[str, float]:
    """Totals of a list of receipt lines (USD) and the saving as a percentage of the list total (%)."""
    total_list = round(sum(i["list_price"] for i in items), 2)
    total_paid = round(sum(i["price_paid"] for i in items), 2)
    total_saving = round(sum(i["saving"] for i in items), 2)
    percent = round(100.0 * total_saving / total_list, 1) if total_list > 0 else 0.0
    return {"total_list": total_list, "total_paid": total_paid, "total_saving": total_saving,
            "saving_percent": percent}


def thank_you_line(store: str) -> str:
    """The closing line printed at the foot of the receipt."""
    return f"Thank you for saving with {store.strip() or 'us'}. We look forward to seeing you again!"


def short_name(name: str) -> str:
    """An item name as printed: at most :data:`MAX_NAME` characters, with an ellipsis when cut."""
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"

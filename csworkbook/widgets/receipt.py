"""The "you saved" receipt builder (notebook 06): show customers the value they received.

The learner enters items with a list price and the price actually paid. Each saving is computed
with :func:`csworkbook.calculators.receipt_savings`; the widget prints a monospace receipt with
list price, price paid, the saving and a thank-you line, and draws a small stacked-bar chart
(price paid + saving = list price). All money is in US dollars (USD).
"""
from __future__ import annotations

import html
from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook.calculators import receipt_savings
from csworkbook.plots.receipt import ReceiptFigure, receipt_chart
from csworkbook.rules.receipt import (EXAMPLE_BASKET, MAX_ITEMS, parse_price, receipt_totals, short_name,
                                      thank_you_line)
from csworkbook.rules.wording import money
from csworkbook.widgets.base import Activity

def receipt_html(items: list[dict[str, Any]], store: str) -> str:
    """The receipt as HTML: a monospace table with every line, the totals, the saving and a thank-you line."""
    cell = "padding:0 0.6em;text-align:right"
    rows = "".join(
        f"<tr><td style='padding:0 0.6em'>{html.escape(short_name(i['name']))}</td>"
        f"<td style='{cell}'>{money(i['list_price'])}</td><td style='{cell}'>{money(i['price_paid'])}</td>"
        f"<td style='{cell}'>{money(i['saving'])}</td></tr>"
        for i in items
    )
    t = receipt_totals(items)
    name = html.escape(store.strip() or "our store")
    return (
        "<div style='font-family:monospace;border:1px dashed #555;padding:0.6em;max-width:34em;"
        "background:#fff;color:#000' aria-label='Receipt'>"
        f"<div style='text-align:center;font-weight:bold;text-transform:uppercase'>{name}</div>"
        "<table style='border-collapse:collapse;width:100%;font-family:monospace'>"
        "<caption style='position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)'>"
        f"Receipt from {name}: list price, price paid and saving per item</caption>"
        "<thead><tr><th scope='col' style='text-align:left;padding:0 0.6em'>Item</th>"
        f"<th scope='col' style='{cell}'>List</th><th scope='col' style='{cell}'>Paid</th>"
        f"<th scope='col' style='{cell}'>Saved</th></tr></thead>"
        f"<tbody>{rows}</tbody>"
        f"<tfoot><tr style='border-top:1px dashed #555'><th scope='row' style='text-align:left;padding:0 0.6em'>Total</th>"
        f"<td style='{cell}'>{money(t['total_list'])}</td><td style='{cell}'>{money(t['total_paid'])}</td>"
        f"<td style='{cell}'>{money(t['total_saving'])}</td></tr></tfoot></table>"
        f"<p style='margin:0.5em 0 0;text-align:center'><b>YOU SAVED {money(t['total_saving'])} "
        f"({t['saving_percent']:g} % off list) TODAY</b></p>"
        f"<p style='margin:0.2em 0 0;text-align:center'>{html.escape(thank_you_line(store))}</p></div>"
    )


class ReceiptBuilder(Activity):
    """Build a receipt that tells the customer how much they saved (loyalty strategy: demonstrate value).

    Type an item, its list price and the price paid (USD), press **Add item**; the receipt, the total
    saving (USD and % of list) and a chart update at once. **Save receipt** stores it in the journal.
    """

    activity_id: ClassVar[str] = "receipt_builder"
    title: ClassVar[str] = "Receipt builder: show the customer what they saved"
    has_chart: ClassVar[bool] = True

    def build(self) -> list[widgets.Widget]:
        style = {"description_width": "initial"}
        self.items: list[dict[str, Any]] = []
        #: The one figure of this builder, updated in place as items are added.
        self.figure = ReceiptFigure()
        self.intro = widgets.HTML(
            "<p>Add what the customer bought. The receipt shows each list price, the price paid and "
            "the saving, then thanks the customer. Prices are in US dollars.</p>")
        self.store_input = widgets.Text(value="Our store", description="Store name:", style=style)
        self.name_input = widgets.Text(placeholder="e.g. Printer paper", description="Item:", style=style)
        self.list_input = widgets.Text(placeholder="e.g. 54.99", description="List price (USD):", style=style)
        self.paid_input = widgets.Text(placeholder="e.g. 39.99", description="Price paid (USD):", style=style)
        self.add_button = widgets.Button(description="Add item", button_style="primary",
                                         tooltip="Add this item to the receipt", icon="plus")
        self.remove_button = widgets.Button(description="Remove last item", tooltip="Take the last line off the receipt")
        self.example_button = widgets.Button(description="Load example basket",
                                             tooltip="Replace the receipt with three example items")
        self.save_button = widgets.Button(description="Save receipt", button_style="success",
                                          tooltip="Save this receipt to your journal", icon="save")
        self.receipt = widgets.HTML("<p><i>The receipt appears here once you add an item.</i></p>")
        self.add_button.on_click(lambda _b: self.add_item())
        self.remove_button.on_click(lambda _b: self.remove_last())
        self.example_button.on_click(lambda _b: self.load_example())
        self.save_button.on_click(lambda _b: self.save_receipt())
        self.store_input.observe(lambda _c: self._render(), names="value")
        return [
            self.intro,
            self.store_input,
            widgets.HBox([self.name_input]),
            widgets.HBox([self.list_input, self.paid_input]),
            widgets.HBox([self.add_button, self.remove_button, self.example_button, self.save_button]),
            self.receipt,
        ]

    # ------------------------------------------------------------------ actions
    def add_item(self) -> bool:
        """Validate the three inputs and add a line; on bad input show why and add nothing."""
        if len(self.items) >= MAX_ITEMS:
            self.give_feedback(f"A receipt here holds at most {MAX_ITEMS} items; remove one or save this receipt.",
                               "error")
            return False
        name = self.name_input.value.strip() or f"Item {len(self.items) + 1}"
        try:
            listed = parse_price("list price", self.list_input.value)
            paid = parse_price("price paid", self.paid_input.value)
            saving = round(receipt_savings(listed, paid), 2)
        except ValueError as exc:
            message = str(exc)
            if "higher than the list price" in message:
                message = (f"The price paid ({money(paid)}) is above the list price ({money(listed)}) for "
                           f"{name}. A 'you saved' line needs the customer to pay the list price or less; "
                           "check the two amounts.")
            self.give_feedback(_sentence(message), "error")
            return False
        self.items.append({"name": name, "list_price": listed, "price_paid": paid, "saving": saving})
        self.name_input.value = self.list_input.value = self.paid_input.value = ""
        self._render()
        if saving > 0:
            self.give_feedback(f"Added {name}: the customer saves {money(saving)} on it. "
                               f"Total saving so far: {money(self.totals['total_saving'])}.", "success")
        else:
            self.give_feedback(f"Added {name} at full price: no saving on this line. A receipt can still "
                               "show value in other ways, such as time or effort saved.", "info")
        return True

    def remove_last(self) -> None:
        """Take the most recent line off the receipt."""
        if not self.items:
            self.give_feedback("The receipt is already empty.", "warning")
            return
        removed = self.items.pop()
        self._render()
        self.give_feedback(f"Removed {removed['name']}.", "info")

    def load_example(self) -> None:
        """Replace the receipt with :data:`EXAMPLE_BASKET`."""
        self.items = [{"name": n, "list_price": lp, "price_paid": pp, "saving": round(receipt_savings(lp, pp), 2)}
                      for n, lp, pp in EXAMPLE_BASKET]
        self._render()
        self.give_feedback(f"Example basket loaded: the customer saves {money(self.totals['total_saving'])} "
                           f"({self.totals['saving_percent']:g} % off list). Now add your own items.", "success")

    def save_receipt(self) -> dict[str, Any] | None:
        """Save the receipt (lines and totals, USD) to the journal; return the entry."""
        if not self.items:
            self.give_feedback("Add at least one item before saving the receipt.", "error")
            return None
        data = {"store": self.store_input.value.strip(), "items": [dict(i) for i in self.items], **self.totals}
        return self.save_then_say(data, kind="result", message=f"Receipt saved to your journal: {len(self.items)} "
                                  f"item(s), {money(self.totals['total_saving'])} saved.")

    # ------------------------------------------------------------------ display
    def _render(self) -> None:
        if not self.items:
            self.receipt.value = "<p><i>The receipt appears here once you add an item.</i></p>"
            self.hide_chart()
            return
        self.receipt.value = receipt_html(self.items, self.store_input.value)
        self.draw_chart(lambda: receipt_chart(self.items, figure=self.figure))

    @property
    def totals(self) -> dict[str, float]:
        """Total list price, price paid and saving (USD) and saving as % of list price."""
        return receipt_totals(self.items)

    @property
    def receipt_text(self) -> str:
        """The receipt as plain text (what a screen reader would read), for tests and export."""
        lines = [f"{i['name']}: list {money(i['list_price'])}, paid {money(i['price_paid'])}, "
                 f"saved {money(i['saving'])}" for i in self.items]
        t = self.totals
        lines.append(f"Total: list {money(t['total_list'])}, paid {money(t['total_paid'])}, "
                     f"you saved {money(t['total_saving'])} ({t['saving_percent']:g} %)")
        lines.append(thank_you_line(self.store_input.value))
        return "\n".join(lines)

    @property
    def state(self) -> dict[str, Any]:
        return {**super().state, "store": self.store_input.value, "items": [dict(i) for i in self.items],
                **self.totals}


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]

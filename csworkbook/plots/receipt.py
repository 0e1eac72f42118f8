"""Chart of the receipt builder (notebook 06): per item, price paid plus saving equals list price (USD).

Paid is drawn in the palette's first colour, the saving in its second and hatched, so colour is
never the only cue. matplotlib is imported inside methods only (see :mod:`csworkbook.plots.kept`).
"""
from __future__ import annotations

from typing import Any

from csworkbook.plots import DRAW_LOCK, HATCHES, PALETTE, Chart
from csworkbook.plots.kept import KeptFigure
from csworkbook.rules.receipt import receipt_totals, short_name
from csworkbook.rules.wording import money


class ReceiptFigure(KeptFigure):
    """The builder's one figure: one row per item; it is rebuilt only when the number of items changes."""

    def build(self, shape: Any) -> None:
        from csworkbook.plots import money_formatter

        count = int(shape)
        ax = self.ax = self.fig.add_subplot()
        self.positions = list(range(count))[::-1]  # first item at the top, as on the receipt
        self.paid = ax.barh(self.positions, [0] * count, color=PALETTE[0], label="Price paid")
        self.saved = ax.barh(self.positions, [0] * count, left=[0] * count, color=PALETTE[1], hatch=HATCHES[1],
                             edgecolor="#000000", linewidth=0.5, label="Saving")
        ax.set_xlabel("US dollars (list price = paid + saving)")
        ax.set_title("Where the list price went")
        ax.xaxis.set_major_formatter(money_formatter())
        self.legend = ax.legend(loc="lower right", fontsize="small")
        ax.spines[["top", "right"]].set_visible(False)
        self.move(*self.paid, *self.saved, self.legend)

    def draw(self, names: list[str], paid: list[float], saved: list[float]) -> bytes:
        """Set one stacked bar per item (paid, then saving, USD); return the PNG."""
        from csworkbook.plots import nice_limit

        with DRAW_LOCK:
            self.ensure(len(names), 6.0, 0.5 + 0.45 * len(names))
            png = self.unchanged((tuple(names), tuple(paid), tuple(saved)))
            if png is not None:
                return png
            for paid_bar, saved_bar, price, saving in zip(self.paid, self.saved, paid, saved):
                paid_bar.set_width(price)
                saved_bar.set_x(price)
                saved_bar.set_width(saving)
            right = nice_limit(max([p + s for p, s in zip(paid, saved)] or [1.0]) * 1.05)
            self.ax.set_xlim(0, right)
            self.ax.set_yticks(self.positions, names)
            return self.render(("receipt", len(names)), (tuple(names), right))


def receipt_chart(items: list[dict[str, Any]], *, figure: ReceiptFigure | None = None) -> Chart:
    """Stacked bars per item: price paid plus saving equals list price (USD).

    figure: the activity's figure to update in place (a new one if not given). Returns
    ``(png_bytes, one-line summary, data)``.
    """
    from csworkbook.plots import wait_for_warm_up

    wait_for_warm_up()
    names = [short_name(i["name"]) for i in items]
    paid = [i["price_paid"] for i in items]
    saved = [i["saving"] for i in items]
    png = (figure or ReceiptFigure()).draw(names, paid, saved)

    t = receipt_totals(items)
    biggest = max(items, key=lambda i: i["saving"])
    if t["total_saving"] > 0:
        summary = (f"Across {len(items)} item(s) the customer paid {money(t['total_paid'])} instead of "
                   f"{money(t['total_list'])}, saving {money(t['total_saving'])} ({t['saving_percent']:g} %); "
                   f"the largest saving was on {biggest['name']} ({money(biggest['saving'])}).")
    else:
        summary = (f"Across {len(items)} item(s) the customer paid the full list price of "
                   f"{money(t['total_list'])}: there is no saving to show.")
    data = {"items": [i["name"] for i in items], "price_paid": paid, "saving": saved,
            "list_price": [i["list_price"] for i in items], **t}
    return png, summary, data

"""Chart of the receipt builder (notebook 06): per item, price paid plus saving equals list price (USD).

Paid is drawn in the palette's first colour, the saving in its second and hatched, so colour is
never the only cue. matplotlib is imported inside methods only (see :mod:`csworkbook.plots.kept`).
"""
from __future__ import annotations

from typing import Any

from csworkbook.plots import _LAYOUTS, DRAW_LOCK, HATCHES, PALETTE, Chart
from csworkbook.plots.kept import KeptFigure
from csworkbook.rules.receipt import receipt_totals, short_name
from csworkbook.rules.wording import money


#: The chart has room for items in blocks of this many rows, so adding an item seldom resizes it.
ROW_BLOCK = 4
#: Names are given room in steps of this many characters (the left margin changes only between steps).
NAME_STEP = 6


def rows_for(count: int) -> int:
    """How many item rows the chart has room for: ``count`` rounded up to a block of :data:`ROW_BLOCK`."""
    return max(1, -(-count // ROW_BLOCK)) * ROW_BLOCK


class ReceiptFigure(KeptFigure):
    """The builder's one figure: one stacked bar and name per item, drawn over axes kept while items are added."""

    def build(self, shape: Any) -> None:
        from matplotlib.patches import Patch

        from csworkbook.plots import money_formatter

        ax = self.ax = self.fig.add_subplot()
        self.paid: list[Any] = []
        self.saved: list[Any] = []
        self.names: list[Any] = []
        ax.set_yticks([])
        ax.set_xlabel("US dollars (list price = paid + saving)")
        ax.set_title("Where the list price went")
        ax.xaxis.set_major_formatter(money_formatter())
        self.legend = ax.legend(handles=[Patch(facecolor=PALETTE[0], label="Price paid"),
                                         Patch(facecolor=PALETTE[1], hatch=HATCHES[1], edgecolor="#000000",
                                               linewidth=0.5, label="Saving")],
                                loc="lower right", fontsize="small")
        ax.spines[["top", "right"]].set_visible(False)
        self.move(self.legend)

    def _rows(self, count: int) -> None:
        """Make one bar pair and one name per item when the number of items changed."""
        from matplotlib import rcParams

        if len(self.paid) == count:
            return
        for artist in [*self.paid, *self.saved, *self.names]:
            artist.remove()
            self.moving.remove(artist)
        positions = [-i for i in range(count)]  # first item at the top (y = 0), as on the receipt
        self.paid = list(self.ax.barh(positions, [0] * count, color=PALETTE[0]))
        self.saved = list(self.ax.barh(positions, [0] * count, left=[0] * count, color=PALETTE[1],
                                       hatch=HATCHES[1], edgecolor="#000000", linewidth=0.5))
        # names written beside the axis like tick labels, but moving: a new item leaves the axes as drawn
        self.names = [self.ax.annotate("", (0, y), xycoords=("axes fraction", "data"), xytext=(-4, 0),
                                       textcoords="offset points", ha="right", va="center",
                                       fontsize=rcParams["ytick.labelsize"]) for y in positions]
        self.move(*self.paid, *self.saved, *self.names)

    def draw(self, names: list[str], paid: list[float], saved: list[float]) -> bytes:
        """Set one stacked bar per item (paid, then saving, USD) and its name; return the PNG."""
        from csworkbook.plots import nice_limit

        with DRAW_LOCK:
            room = rows_for(len(names))
            self.ensure("receipt", 6.0, 0.5 + 0.45 * room)
            png = self.unchanged((tuple(names), tuple(paid), tuple(saved)))
            if png is not None:
                return png
            self._rows(len(names))
            for paid_bar, saved_bar, label, name, price, saving in zip(self.paid, self.saved, self.names, names,
                                                                       paid, saved):
                paid_bar.set_width(price)
                saved_bar.set_x(price)
                saved_bar.set_width(saving)
                label.set_text(name)
            right = nice_limit(max([p + s for p, s in zip(paid, saved)] or [1.0]) * 1.05)
            longest = max(range(len(names)), key=lambda i: len(names[i]), default=None)
            width = -(-len(names[longest]) // NAME_STEP) * NAME_STEP if longest is not None else 0
            layout, static = ("receipt", room, width), right
            if self.static_changed(layout, static):
                self.ax.set_xlim(0, right)
                self.ax.set_ylim(0.5 - room, 0.5)  # empty rows below wait for more items
                if layout not in _LAYOUTS and longest is not None:
                    # margins for any name up to ``width`` characters, not just the ones shown now
                    label = self.names[longest]
                    label.set_text(names[longest] + "n" * (width - len(names[longest])))
                    self._lay_out(layout)
                    label.set_text(names[longest])
            return self.render(layout, static)


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

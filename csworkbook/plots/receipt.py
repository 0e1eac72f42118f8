"""Chart of the receipt builder (notebook 06): per item, price paid plus saving equals list price (USD).

Paid is drawn in the palette's first colour, the saving in its second and hatched, so colour is
never the only cue. matplotlib is imported inside :func:`csworkbook.plots.new_figure` only.
"""
from __future__ import annotations

from typing import Any

from csworkbook.plots import HATCHES, PALETTE, Chart, new_figure, to_png
from csworkbook.rules.receipt import receipt_totals, short_name
from csworkbook.rules.wording import money


def receipt_chart(items: list[dict[str, Any]]) -> Chart:
    """Stacked bars per item: price paid plus saving equals list price (USD).

    Returns ``(png_bytes, one-line summary, data)``; matplotlib is imported here, not at module top.
    """
    from csworkbook.plots import money_formatter, wait_for_warm_up

    wait_for_warm_up()
    names = [short_name(i["name"]) for i in items]
    paid = [i["price_paid"] for i in items]
    saved = [i["saving"] for i in items]
    fig = new_figure(6.0, 0.5 + 0.45 * len(items))
    ax = fig.add_subplot()
    positions = list(range(len(items)))[::-1]  # first item at the top, as on the receipt
    ax.barh(positions, paid, color=PALETTE[0], label="Price paid")
    ax.barh(positions, saved, left=paid, color=PALETTE[1], hatch=HATCHES[1], edgecolor="#000000",
            linewidth=0.5, label="Saving")
    ax.set_yticks(positions, names)
    ax.set_xlabel("US dollars (list price = paid + saving)")
    ax.set_title("Where the list price went")
    ax.xaxis.set_major_formatter(money_formatter())
    ax.legend(loc="lower right", fontsize="small")
    ax.spines[["top", "right"]].set_visible(False)
    png = to_png(fig, layout=("receipt", len(items)))

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

"""Chart of the defection-cost explorer (notebook 08): direct versus word-of-mouth loss.

matplotlib is imported inside each function (never when csworkbook is imported) and draws with the
Agg canvas through ``matplotlib.figure.Figure``, so the kernel's backend is left alone. Colours come
from the Okabe–Ito palette, and bars also differ by hatch so colour is never the only cue. Every
function returns ``(png_bytes, summary_sentence, data_dict)``.
"""
from __future__ import annotations

from csworkbook.plots import PALETTE, Chart, new_figure, to_png
from csworkbook.rules import wording

#: Colours from the course palette: direct loss, word-of-mouth loss.
BLUE, ORANGE = PALETTE[0], PALETTE[1]


def money(amount: float) -> str:
    """An amount in USD without cents, e.g. ``$183,040`` (see :func:`csworkbook.rules.wording.money`)."""
    return wording.money(amount, cents=False)


def defection_chart(direct: float, word_of_mouth: float) -> Chart:
    """Bars of direct loss and word-of-mouth loss (USD) with the total in the title.

    direct: revenue lost from the defectors themselves (USD); word_of_mouth: revenue lost from
    listeners who stay away (USD).
    """
    total = direct + word_of_mouth
    labels = ["Direct loss", "Word-of-mouth loss"]
    values = [direct, word_of_mouth]
    fig = new_figure(6.0, 2.6)
    ax = fig.add_subplot()
    bars = ax.barh([1, 0], values, color=[BLUE, ORANGE], edgecolor="#000000", linewidth=0.5)
    bars[1].set_hatch("//")
    ax.set_yticks([1, 0], labels)
    ax.set_xlabel("US dollars lost over the customer's lifetime")
    ax.set_title(f"Total cost of defection: {money(total)}")
    ax.spines[["top", "right"]].set_visible(False)
    limit = max(values) or 1.0
    ax.set_xlim(0, limit * 1.3)
    for y, v in zip([1, 0], values):
        ax.text(v + limit * 0.02, y, money(v), va="center", fontsize="small")
    png = to_png(fig)
    if total == 0:
        summary = "Nothing is lost with these numbers: both bars are zero."
    else:
        share = word_of_mouth / total
        bigger = "word of mouth" if word_of_mouth > direct else "the defectors themselves"
        summary = (f"Direct loss {money(direct)}, word-of-mouth loss {money(word_of_mouth)}, total {money(total)}; "
                   f"word of mouth is {share:.0%} of the total, so most of the cost comes from {bigger}."
                   if word_of_mouth != direct else
                   f"Direct loss and word-of-mouth loss are equal at {money(direct)} each, {money(total)} in all.")
    data = {"labels": labels, "values": values, "direct": direct, "word_of_mouth": word_of_mouth, "total": total}
    return png, summary, data

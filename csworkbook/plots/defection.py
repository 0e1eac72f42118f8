"""Chart of the defection-cost explorer (notebook 08): direct versus word-of-mouth loss.

matplotlib is imported inside each function (never when csworkbook is imported) and draws with the
Agg canvas through ``matplotlib.figure.Figure``, so the kernel's backend is left alone. Colours come
from the Okabe–Ito palette, and bars also differ by hatch so colour is never the only cue. Every
function returns ``(png_bytes, summary_sentence, data_dict)``.
"""
from __future__ import annotations

from typing import Any

from csworkbook.plots import PALETTE
from csworkbook.rules import wording

#: Colours from the course palette: direct loss, word-of-mouth loss.
BLUE, ORANGE = PALETTE[0], PALETTE[1]


def money(amount: float) -> str:
    """An amount in USD without cents, e.g. ``$183,040`` (see :func:`csworkbook.rules.wording.money`)."""
    return wording.money(amount, cents=False)


class DefectionFigure:
    """The explorer's one figure, kept between redraws: its two bars, value labels and title change in place."""

    def __init__(self) -> None:
        self.fig: Any = None

    def _build(self) -> None:
        from csworkbook.plots import money_formatter, new_figure

        self.fig = new_figure(6.0, 2.6)
        ax = self.ax = self.fig.add_subplot()
        self.bars = ax.barh([1, 0], [1.0, 1.0], color=[BLUE, ORANGE], edgecolor="#000000", linewidth=0.5)
        self.bars[1].set_hatch("//")
        ax.set_yticks([1, 0], ["Direct loss", "Word-of-mouth loss"])
        ax.set_xlabel("US dollars lost over the customer's lifetime")
        ax.xaxis.set_major_formatter(money_formatter())
        ax.spines[["top", "right"]].set_visible(False)
        self.values = [ax.text(0, y, "", va="center", fontsize="small") for y in (1, 0)]
        self.title = ax.set_title("")

    def draw(self, direct: float, word_of_mouth: float) -> bytes:
        """Set the bars to ``direct`` and ``word_of_mouth`` (USD) and return the PNG."""
        from matplotlib.ticker import MaxNLocator

        from csworkbook.plots import DRAW_LOCK, to_png

        with DRAW_LOCK:
            if self.fig is None:
                self._build()
            values = [direct, word_of_mouth]
            limit = max(values) or 1.0
            for bar, text, value, y in zip(self.bars, self.values, values, (1, 0)):
                bar.set_width(value)
                text.set_position((value + limit * 0.02, y))
                text.set_text(money(value))
            self.title.set_text(f"Total cost of defection: {money(direct + word_of_mouth)}")
            self.ax.set_xlim(0, limit * 1.3)
            self.ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
            return to_png(self.fig, layout="defection")


def defection_chart(direct: float, word_of_mouth: float, *,
                    figure: DefectionFigure | None = None) -> tuple[bytes, str, dict[str, Any]]:
    """Bars of direct loss and word-of-mouth loss (USD) with the total in the title.

    direct: revenue lost from the defectors themselves (USD); word_of_mouth: revenue lost from
    listeners who stay away (USD); figure: the activity's figure to update in place (a new one if
    not given).
    """
    from csworkbook.plots import wait_for_warm_up

    wait_for_warm_up()
    total = direct + word_of_mouth
    labels = ["Direct loss", "Word-of-mouth loss"]
    values = [direct, word_of_mouth]
    png = (figure or DefectionFigure()).draw(direct, word_of_mouth)
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

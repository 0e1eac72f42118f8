"""Chart of the defection-cost explorer (notebook 08): direct versus word-of-mouth loss.

matplotlib is imported inside each function (never when csworkbook is imported) and draws with the
Agg canvas through ``matplotlib.figure.Figure``, so the kernel's backend is left alone. Colours come
from the Okabe–Ito palette, and bars also differ by hatch so colour is never the only cue. Every
function returns ``(png_bytes, summary_sentence, data_dict)``.
"""
from __future__ import annotations

from typing import Any

from csworkbook.plots import DRAW_LOCK, PALETTE
from csworkbook.plots.kept import KeptFigure
from csworkbook.rules import wording

#: Colours from the course palette: direct loss, word-of-mouth loss.
BLUE, ORANGE = PALETTE[0], PALETTE[1]


def money(amount: float) -> str:
    """An amount in USD without cents, e.g. ``$183,040`` (see :func:`csworkbook.rules.wording.money`)."""
    return wording.money(amount, cents=False)


class DefectionFigure(KeptFigure):
    """The explorer's one figure, kept between redraws: its two bars, value labels and title change in place.

    The money axis ends on a round amount (:func:`csworkbook.plots.nice_limit`), so while the learner
    types, the axis and its ticks usually stay and only the bars, their labels and the title are drawn again.
    """

    def build(self, shape: Any) -> None:
        from matplotlib.ticker import MaxNLocator

        from csworkbook.plots import money_formatter

        ax = self.ax = self.fig.add_subplot()
        self.bars = ax.barh([1, 0], [1.0, 1.0], color=[BLUE, ORANGE], edgecolor="#000000", linewidth=0.5)
        self.bars[1].set_hatch("//")
        ax.set_yticks([1, 0], ["Direct loss", "Word-of-mouth loss"])
        ax.set_xlabel("US dollars lost over the customer's lifetime")
        ax.xaxis.set_major_formatter(money_formatter())
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
        ax.spines[["top", "right"]].set_visible(False)
        self.values = [ax.text(0, y, "", va="center", fontsize="small") for y in (1, 0)]
        self.title = ax.set_title("")
        self.move(*self.bars, *self.values, self.title)

    def draw(self, direct: float, word_of_mouth: float) -> bytes:
        """Set the bars to ``direct`` and ``word_of_mouth`` (USD) and return the PNG."""
        from csworkbook.plots import nice_limit

        with DRAW_LOCK:
            self.ensure("bars", 6.0, 2.6)
            values = [direct, word_of_mouth]
            png = self.unchanged(tuple(values))
            if png is not None:
                return png
            limit = max(values) or 1.0
            for bar, text, value, y in zip(self.bars, self.values, values, (1, 0)):
                bar.set_width(value)
                text.set_position((value + limit * 0.02, y))
                text.set_text(money(value))
            self.title.set_text(f"Total cost of defection: {money(direct + word_of_mouth)}")
            right = nice_limit(limit * 1.3)
            self.ax.set_xlim(0, right)
            return self.render("defection", right)


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

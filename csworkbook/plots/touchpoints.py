"""Chart of the touchpoint sorter (notebook 01): correct and incorrect cards per category.

matplotlib is imported inside the function (never when csworkbook is imported). Correct and
incorrect bars differ by colour *and* hatch, and each bar carries its count, so colour is never
the only cue. The function returns ``(png_bytes, summary_sentence, data_dict)``.
"""
from __future__ import annotations

from typing import Any, Sequence

from csworkbook.plots import DRAW_LOCK, HATCHES, PALETTE
from csworkbook.plots.kept import KeptFigure


class TouchpointFigure(KeptFigure):
    """The sorter's one figure: the category rows stay drawn while the bars, their counts and the title change."""

    def build(self, shape: Any) -> None:
        labels = list(shape)
        ax = self.ax = self.fig.add_subplot()
        rows = list(range(len(labels)))[::-1]  # first category at the top
        height = 0.38
        self.ok_bars = ax.barh([r + height / 2 for r in rows], [0] * len(rows), height=height, color=PALETTE[2],
                               hatch=HATCHES[0], edgecolor="#000000", linewidth=0.5, label="Sorted correctly")
        self.bad_bars = ax.barh([r - height / 2 for r in rows], [0] * len(rows), height=height, color=PALETTE[1],
                                hatch=HATCHES[1], edgecolor="#000000", linewidth=0.5, label="Sorted incorrectly")
        self.counts = [ax.text(0, bar.get_y() + bar.get_height() / 2, "", va="center", fontsize="small")
                       for bar in [*self.ok_bars, *self.bad_bars]]
        ax.set_yticks(rows, labels)
        ax.set_xlabel("Number of cards (grouped by the right answer)")
        ax.xaxis.get_major_locator().set_params(integer=True)
        self.title = ax.set_title("")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=2, fontsize="small", frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        self.move(*self.ok_bars, *self.bad_bars, *self.counts, self.title)

    def draw(self, labels: list[str], right: list[int], wrong: list[int], title: str) -> bytes:
        """Set the bars to the correct and incorrect counts per category and the title; return the PNG."""
        with DRAW_LOCK:
            self.ensure(tuple(labels), 6.4, 1.5 + 0.7 * len(labels))
            png = self.unchanged((tuple(right), tuple(wrong), title))
            if png is not None:
                return png
            for bar, text, value in zip([*self.ok_bars, *self.bad_bars], self.counts, [*right, *wrong]):
                bar.set_width(value)
                text.set_x(value + 0.05)
                text.set_text(str(value))
            self.title.set_text(title)
            x_max = max([*right, *wrong, 1]) + 1
            self.ax.set_xlim(0, x_max)
            return self.render(("touchpoints", len(labels)), x_max)


def touchpoint_chart(categories: Sequence[str], correct: Sequence[int],
                     incorrect: Sequence[int], *,
                     figure: TouchpointFigure | None = None) -> tuple[bytes, str, dict[str, Any]]:
    """Horizontal bars of cards sorted correctly and incorrectly, grouped by each card's right category.

    categories: category labels, in display order; correct / incorrect: number of cards (counts)
    whose right answer is that category and that the learner sorted correctly / incorrectly;
    figure: the activity's figure to update in place (a new one if not given).
    """
    from csworkbook.plots import wait_for_warm_up

    wait_for_warm_up()
    if not (len(categories) == len(correct) == len(incorrect)) or not categories:
        raise ValueError("The chart needs one correct count and one incorrect count for every category.")
    labels = list(categories)
    right = [int(n) for n in correct]
    wrong = [int(n) for n in incorrect]
    total = sum(right) + sum(wrong)
    total_correct = sum(right)
    percent = round(100.0 * total_correct / total, 1) if total else 0.0

    title = f"Touchpoint sort: {total_correct} of {total} correct ({percent:g} %)"
    png = (figure or TouchpointFigure()).draw(labels, right, wrong, title)

    summary = f"You sorted {total_correct} of {total} cards correctly ({percent:g} %)"
    if total_correct == total:
        summary += ": every category is fully right."
    else:
        worst = max(range(len(labels)), key=lambda i: (wrong[i], -i))
        summary += (f"; most slips were on '{labels[worst]}' cards "
                    f"({wrong[worst]} of {right[worst] + wrong[worst]} sorted elsewhere).")
    data = {"categories": labels, "correct": right, "incorrect": wrong,
            "total_correct": total_correct, "total": total, "percent": percent}
    return png, summary, data

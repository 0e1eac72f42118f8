"""Chart of the POSITIVE self-assessment (notebook 05): this attempt's ratings and progress over attempts.

The left panel has one bar per behaviour (rating 1 = Never … 5 = Always); the two lowest-rated
behaviours are drawn in a second colour *and* hatched, so colour is never the only cue. The right
panel is a line with markers: the total score (8–40 points) of every attempt so far, oldest first.
matplotlib is imported inside the function only; it returns ``(png_bytes, summary_sentence, data)``.
"""
from __future__ import annotations

from typing import Any, Sequence

from csworkbook.plots import DRAW_LOCK, HATCHES, PALETTE, Chart
from csworkbook.plots.kept import KeptFigure
from csworkbook.rules.positive import MAX_TOTAL, MIN_TOTAL, SCALE_LABELS, progress_phrase
from csworkbook.rules.wording import join_words, whole_percent



def attempt_ticks(count: int) -> list[int]:
    """Whole-number ticks for an attempts axis of ``count`` attempts (at most about eight ticks)."""
    step = max(1, -(-count // 8))
    return list(range(1, max(count, 1) + 1, step))


#: The attempts axis grows in blocks of this many attempts, so it stays put between most Scores.
AXIS_BLOCK = 5


def attempts_axis(count: int) -> int:
    """How many attempts the attempts axis has room for: ``count`` rounded up to a block of :data:`AXIS_BLOCK`."""
    return max(1, -(-count // AXIS_BLOCK)) * AXIS_BLOCK


def labelled_attempts(count: int) -> list[int]:
    """The attempts (1-based) whose totals are written on the line: all of them while each has its own tick,
    else those on a tick at least one tick step before the last, and the last (labels never touch)."""
    ticks = attempt_ticks(attempts_axis(count))
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    if step == 1:
        return list(range(1, count + 1))
    return [x for x in ticks if x <= count - step] + [count] if count else []


class PositiveFigure(KeptFigure):
    """The self-assessment's one figure, kept between scores: bars, line and titles change in place.

    The attempts axis grows in blocks of :data:`AXIS_BLOCK`, so a Score usually draws only the bars,
    the line and the labels again over the kept axes.
    """

    def build(self, shape: Any) -> None:
        from matplotlib.patches import Patch

        letters = list(shape)
        grid = self.fig.add_gridspec(1, 2, width_ratios=[3, 2])
        bars_ax = self.bars_ax = self.fig.add_subplot(grid[0, 0])
        line_ax = self.line_ax = self.fig.add_subplot(grid[0, 1])
        positions = list(range(len(letters)))
        self.bars = bars_ax.bar(positions, [1] * len(letters), color=PALETTE[0], edgecolor="#000000", linewidth=0.5)
        self.bar_values = [bars_ax.text(x, 1.08, "", ha="center", va="bottom", fontsize="small") for x in positions]
        bars_ax.set_xticks(positions, letters, rotation=30, ha="right")
        bars_ax.set_yticks(range(1, 6), [f"{i} {name}" for i, name in enumerate(SCALE_LABELS, start=1)])
        bars_ax.set_ylim(0, 5.6)
        bars_ax.set_ylabel("How often (1–5)")
        self.bars_title = bars_ax.set_title("")
        self.legend = bars_ax.legend(handles=[Patch(facecolor=PALETTE[1], hatch=HATCHES[1], edgecolor="#000000",
                                                    label="Your two lowest")],
                                     loc="upper center", bbox_to_anchor=(0.5, -0.28), fontsize="small", frameon=False)
        bars_ax.spines[["top", "right"]].set_visible(False)
        self.line = line_ax.plot([], [], color=PALETTE[2], marker="o", linestyle="-", linewidth=1.5)[0]
        self.latest = line_ax.plot([], [], color=PALETTE[2], marker="o", markersize=11, markerfacecolor="none",
                                   linestyle="none")[0]
        #: Value labels on the line, reused (at most one per tick and the last).
        self.line_values = [line_ax.annotate("", (1, MIN_TOTAL), textcoords="offset points", xytext=(0, 6),
                                             ha="center", fontsize="small") for _ in range(10)]
        line_ax.set_ylim(MIN_TOTAL - 2, MAX_TOTAL + 3)
        line_ax.set_xlabel("Attempt number")
        line_ax.set_ylabel(f"Total ({MIN_TOTAL}–{MAX_TOTAL} points)")
        line_ax.set_title("Your progress")
        line_ax.spines[["top", "right"]].set_visible(False)
        self.move(*self.bars, *self.bar_values, self.bars_title, self.legend, self.line, self.latest,
                  *self.line_values)

    def prepare(self, letters: Sequence[str], attempts: int = 1) -> None:
        """Build the figure, lay it out and draw its axes for ``attempts`` attempts, before the first Score."""
        with DRAW_LOCK:
            if self.fig is None:
                self.draw(list(letters), [3] * len(letters), [MIN_TOTAL + 16] * max(1, attempts), [], "")

    def draw(self, letters: list[str], ratings: list[int], totals: list[int], weakest: Sequence[str],
             title: str) -> bytes:
        """Set the bars (ratings 1–5), the progress line (totals, points) and the title; return the PNG."""
        with DRAW_LOCK:
            self.ensure(tuple(letters), 9.0, 3.6)
            png = self.unchanged((tuple(ratings), tuple(totals), tuple(weakest), title))
            if png is not None:
                return png
            for bar, label, value, text in zip(self.bars, letters, ratings, self.bar_values):
                low = label in weakest
                bar.set_height(value)
                bar.set_facecolor(PALETTE[1] if low else PALETTE[0])
                bar.set_hatch(HATCHES[1] if low else "")
                text.set_y(value + 0.08)
                text.set_text(str(value))
            self.legend.set_visible(bool(weakest))
            self.bars_title.set_text(title)
            xs = list(range(1, len(totals) + 1))
            self.line.set_data(xs, totals)
            self.latest.set_data(xs[-1:], totals[-1:])
            shown = labelled_attempts(len(totals))
            for index, text in enumerate(self.line_values):
                if index < len(shown):
                    x = shown[index]
                    text.xy = (x, totals[x - 1])
                    text.set_text(str(totals[x - 1]))
                text.set_visible(index < len(shown))
            room = attempts_axis(len(totals))
            self.line_ax.set_xlim(0.5, room + 0.5)
            self.line_ax.set_xticks(attempt_ticks(room))
            return self.render(("positive", tuple(letters)), room)


def positive_chart(letters: Sequence[str], ratings: Sequence[int], attempt_totals: Sequence[int],
                   weakest: Sequence[str], *, current: bool = True, figure: PositiveFigure | None = None) -> Chart:
    """Bars of one attempt's ratings (1–5 per behaviour) beside a line of every attempt's total (8–40 points).

    letters: one display label per behaviour in model order (``"P"``, …, ``"I (listen)"``);
    ratings: the rating of each (1–5); attempt_totals: the total of every attempt, oldest first, the
    last one being the attempt shown; weakest: the display labels of the two lowest-rated behaviours;
    current: ``True`` right after the learner scored ("This attempt"), ``False`` for an attempt read
    back from the journal ("Last time", until the learner scores again); figure: the activity's
    figure to update in place (a new one if not given).
    """
    from csworkbook.plots import wait_for_warm_up

    wait_for_warm_up()
    letters, ratings, totals = list(letters), [int(r) for r in ratings], [int(t) for t in attempt_totals]
    total = sum(ratings)
    maximum = 5 * len(ratings)
    percent = round(100.0 * total / maximum, 1) if maximum else 0.0
    title = f"This attempt: {total} of {maximum} points" if current else f"Last time: {total} of {maximum} points"
    png = (figure or PositiveFigure()).draw(letters, ratings, totals, list(weakest), title)

    summary = (f"Total {total} of {maximum} ({whole_percent(percent)} %), {progress_phrase(totals)}; "
               f"weakest: {join_words(weakest)}.")
    if not current:
        summary = "Last time: " + summary[0].lower() + summary[1:] + " Rate yourself again and press Score."
    data = {"letters": letters, "ratings": ratings, "attempt_totals": totals, "attempts": len(totals),
            "total": total, "max": maximum, "percent": percent, "weakest": list(weakest), "current": current}
    return png, summary, data

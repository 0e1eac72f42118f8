"""Chart of the POSITIVE self-assessment (notebook 05): this attempt's ratings and progress over attempts.

The left panel has one bar per behaviour (rating 1 = Never … 5 = Always); the two lowest-rated
behaviours are drawn in a second colour *and* hatched, so colour is never the only cue. The right
panel is a line with markers: the total score (8–40 points) of every attempt so far, oldest first.
matplotlib is imported inside the function only; it returns ``(png_bytes, summary_sentence, data)``.
"""
from __future__ import annotations

from typing import Sequence

from csworkbook.plots import HATCHES, PALETTE, Chart, new_figure, to_png
from csworkbook.rules.positive import MAX_TOTAL, MIN_TOTAL, SCALE_LABELS, progress_phrase
from csworkbook.rules.wording import join_words, whole_percent



def positive_chart(letters: Sequence[str], ratings: Sequence[int], attempt_totals: Sequence[int],
                   weakest: Sequence[str]) -> Chart:
    """Bars of this attempt's ratings (1–5 per behaviour) beside a line of every attempt's total (8–40 points).

    letters: one display label per behaviour in model order (``"P"``, …, ``"I (listen)"``);
    ratings: the rating of each (1–5); attempt_totals: the total of every attempt, oldest first, the
    last one being this attempt; weakest: the display labels of the two lowest-rated behaviours.
    """
    from matplotlib.ticker import MaxNLocator

    letters, ratings, totals = list(letters), [int(r) for r in ratings], [int(t) for t in attempt_totals]
    total = sum(ratings)
    maximum = 5 * len(ratings)
    percent = round(100.0 * total / maximum, 1) if maximum else 0.0

    fig = new_figure(9.0, 3.6)
    grid = fig.add_gridspec(1, 2, width_ratios=[3, 2])
    bars_ax = fig.add_subplot(grid[0, 0])
    line_ax = fig.add_subplot(grid[0, 1])

    positions = list(range(len(letters)))
    low = [label in weakest for label in letters]
    colours = [PALETTE[1] if is_low else PALETTE[0] for is_low in low]
    bars = bars_ax.bar(positions, ratings, color=colours, edgecolor="#000000", linewidth=0.5)
    for bar, is_low in zip(bars, low):
        if is_low:
            bar.set_hatch(HATCHES[1])
    for x, value in zip(positions, ratings):
        bars_ax.text(x, value + 0.08, str(value), ha="center", va="bottom", fontsize="small")
    bars_ax.set_xticks(positions, letters, rotation=30, ha="right")
    bars_ax.set_yticks(range(1, 6), [f"{i} {name}" for i, name in enumerate(SCALE_LABELS, start=1)])
    bars_ax.set_ylim(0, 5.6)
    bars_ax.set_ylabel("How often (1–5)")
    bars_ax.set_title(f"This attempt: {total} of {maximum} points")
    if any(low):
        from matplotlib.patches import Patch

        bars_ax.legend(handles=[Patch(facecolor=PALETTE[1], hatch=HATCHES[1], edgecolor="#000000",
                                      label="Your two lowest")],
                       loc="upper center", bbox_to_anchor=(0.5, -0.28), fontsize="small", frameon=False)
    bars_ax.spines[["top", "right"]].set_visible(False)

    xs = list(range(1, len(totals) + 1))
    line_ax.plot(xs, totals, color=PALETTE[2], marker="o", linestyle="-", linewidth=1.5)
    if totals:
        line_ax.plot([xs[-1]], [totals[-1]], color=PALETTE[2], marker="o", markersize=11,
                     markerfacecolor="none", linestyle="none")
    for x, value in zip(xs, totals):
        line_ax.annotate(str(value), (x, value), textcoords="offset points", xytext=(0, 6), ha="center",
                         fontsize="small")
    line_ax.set_xlim(0.5, max(len(totals), 1) + 0.5)
    line_ax.set_ylim(MIN_TOTAL - 2, MAX_TOTAL + 3)
    line_ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    line_ax.set_xlabel("Attempt number")
    line_ax.set_ylabel(f"Total ({MIN_TOTAL}–{MAX_TOTAL} points)")
    line_ax.set_title("Your progress")
    line_ax.spines[["top", "right"]].set_visible(False)
    png = to_png(fig)

    summary = (f"Total {total} of {maximum} ({whole_percent(percent)} %), {progress_phrase(totals)}; "
               f"weakest: {join_words(weakest)}.")
    data = {"letters": letters, "ratings": ratings, "attempt_totals": totals, "attempts": len(totals),
            "total": total, "max": maximum, "percent": percent, "weakest": list(weakest)}
    return png, summary, data

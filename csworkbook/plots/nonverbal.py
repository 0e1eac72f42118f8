"""Chart of the nonverbal peer evaluation (notebook 04): each dimension over successive observations.

x is the observation number (1, 2, …); y is the observer's answer scored no = 0, unsure = 0.5,
yes = 1. There is one line per dimension, and each line has its own colour, marker and line style,
so the lines can be told apart without colour. Lines that share a value are nudged apart by a few
hundredths so none hides another; the data returned holds the exact scores. matplotlib is imported
inside the function only; it returns ``(png_bytes, summary_sentence, data)``.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from csworkbook.plots import DRAW_LOCK, PALETTE, Chart
from csworkbook.plots.kept import KeptFigure
from csworkbook.rules.nonverbal import ANSWER_SCORES
from csworkbook.rules.wording import join_words

MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P")
LINESTYLES: tuple[str, ...] = ("-", "--", ":", "-.", (0, (5, 1, 1, 1)), (0, (1, 2)))


def trend_summary(names: Mapping[str, str], answers: Mapping[str, Sequence[str]]) -> str:
    """One sentence on how each dimension moved from the first observation to the latest.

    names: dimension key -> display name; answers: dimension key -> answers ("yes"/"no"/"unsure"),
    one per observation, oldest first.
    """
    count = max((len(v) for v in answers.values()), default=0)
    if count == 0:
        return "No observations yet."
    label = "observation" if count == 1 else "observations"
    if count == 1:
        groups: dict[str, list[str]] = {"yes": [], "unsure": [], "no": []}
        for key, name in names.items():
            groups[answers[key][-1]].append(name.lower())
        parts = [f"{answer} for {join_words(group)}" for answer, group in groups.items() if group]
        return f"1 {label}: " + "; ".join(parts) + "."
    parts = []
    steady_yes = []
    for key, name in names.items():
        first, last = answers[key][0], answers[key][-1]
        lower = name.lower()
        if ANSWER_SCORES[last] > ANSWER_SCORES[first]:
            parts.append(f"{lower} improved from {first} to {last}")
        elif ANSWER_SCORES[last] < ANSWER_SCORES[first]:
            parts.append(f"{lower} slipped from {first} to {last}")
        elif last == "yes":
            steady_yes.append(lower)
        else:
            parts.append(f"{lower} still {last}")
    if steady_yes:
        parts.append(f"{join_words(steady_yes)} yes in both the first and the latest")
    return f"{count} {label}; " + "; ".join(parts) + "."


class NonverbalFigure(KeptFigure):
    """The evaluation's one figure: the axes and legend stay drawn while the lines grow by one observation.

    The observation axis grows in blocks (:func:`csworkbook.plots.positive.attempts_axis`), so a new
    observation usually draws only the lines again.
    """

    def build(self, shape: Any) -> None:
        names = [name for _key, name in shape]
        ax = self.ax = self.fig.add_subplot()
        self.lines = [ax.plot([], [], color=PALETTE[i % len(PALETTE)], marker=MARKERS[i % len(MARKERS)],
                              linestyle=LINESTYLES[i % len(LINESTYLES)], linewidth=1.6, markersize=7, label=name)[0]
                      for i, name in enumerate(names)]
        ax.set_yticks([0.0, 0.5, 1.0], ["No", "Unsure", "Yes"])
        ax.set_ylim(-0.2, 1.2)
        ax.set_xlabel("Observation number")
        ax.set_ylabel("Observer's answer")
        ax.set_title("What your observers saw, observation by observation")
        ax.grid(axis="y", linestyle=":", linewidth=0.6)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        self.move(*self.lines)

    def draw(self, names: dict[str, str], series: dict[str, list[float]]) -> bytes:
        """Set one line per dimension (scores 0, 0.5, 1 per observation, oldest first); return the PNG."""
        from csworkbook.plots.positive import attempt_ticks, attempts_axis

        with DRAW_LOCK:
            keys = list(names)
            self.ensure(tuple(names.items()), 7.5, 3.4)
            png = self.unchanged(tuple(tuple(series[k]) for k in keys))
            if png is not None:
                return png
            count = max((len(series[k]) for k in keys), default=0)
            xs = list(range(1, count + 1))
            middle = (len(keys) - 1) / 2
            for i, (key, line) in enumerate(zip(keys, self.lines)):
                nudge = (i - middle) * 0.025
                line.set_data(xs, [y + nudge for y in series[key]])
            room = attempts_axis(count)
            self.ax.set_xlim(0.5, room + 0.5)
            self.ax.set_xticks(attempt_ticks(room))  # whole observations only, never 0.5 or 1.5
            return self.render(("nonverbal", len(keys)), room)


def nonverbal_chart(names: Mapping[str, str], answers: Mapping[str, Sequence[str]], *,
                    figure: NonverbalFigure | None = None) -> Chart:
    """Lines of each dimension's score (no 0, unsure 0.5, yes 1) against the observation number.

    names: dimension key -> display name, in the order to draw; answers: dimension key -> one answer
    per observation ("yes"/"no"/"unsure"), oldest first. Every dimension has the same number of answers.
    figure: the activity's figure to update in place (a new one if not given).
    """
    from csworkbook.plots import wait_for_warm_up

    wait_for_warm_up()
    keys = list(names)
    count = max((len(answers[k]) for k in keys), default=0)
    xs = list(range(1, count + 1))
    series = {k: [ANSWER_SCORES[a] for a in answers[k]] for k in keys}

    png = (figure or NonverbalFigure()).draw(dict(names), series)

    summary = trend_summary(names, answers)
    percent = [round(100.0 * sum(series[k][i] for k in keys) / len(keys), 1) for i in range(count)] if keys else []
    data = {"observations": count, "x": xs, "dimensions": keys, "names": [names[k] for k in keys],
            "series": series, "answers": {k: list(answers[k]) for k in keys}, "percent": percent}
    return png, summary, data

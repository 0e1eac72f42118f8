"""Chart of the nonverbal peer evaluation (notebook 04): each dimension over successive observations.

x is the observation number (1, 2, …); y is the observer's answer scored no = 0, unsure = 0.5,
yes = 1. There is one line per dimension, and each line has its own colour, marker and line style,
so the lines can be told apart without colour. Lines that share a value are nudged apart by a few
hundredths so none hides another; the data returned holds the exact scores. matplotlib is imported
inside the function only; it returns ``(png_bytes, summary_sentence, data)``.
"""
from __future__ import annotations

from typing import Mapping, Sequence

from csworkbook.plots import PALETTE, Chart, new_figure, to_png
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


def nonverbal_chart(names: Mapping[str, str], answers: Mapping[str, Sequence[str]]) -> Chart:
    """Lines of each dimension's score (no 0, unsure 0.5, yes 1) against the observation number.

    names: dimension key -> display name, in the order to draw; answers: dimension key -> one answer
    per observation ("yes"/"no"/"unsure"), oldest first. Every dimension has the same number of answers.
    """
    from csworkbook.plots import wait_for_warm_up

    wait_for_warm_up()
    from csworkbook.plots.positive import attempt_ticks

    keys = list(names)
    count = max((len(answers[k]) for k in keys), default=0)
    xs = list(range(1, count + 1))
    series = {k: [ANSWER_SCORES[a] for a in answers[k]] for k in keys}

    fig = new_figure(7.5, 3.4)
    ax = fig.add_subplot()
    middle = (len(keys) - 1) / 2
    for i, key in enumerate(keys):
        nudge = (i - middle) * 0.025
        ax.plot(xs, [y + nudge for y in series[key]], color=PALETTE[i % len(PALETTE)],
                marker=MARKERS[i % len(MARKERS)], linestyle=LINESTYLES[i % len(LINESTYLES)],
                linewidth=1.6, markersize=7, label=names[key])
    ax.set_yticks([0.0, 0.5, 1.0], ["No", "Unsure", "Yes"])
    ax.set_ylim(-0.2, 1.2)
    ax.set_xlim(0.5, max(count, 1) + 0.5)
    ax.set_xticks(attempt_ticks(count))  # whole observations only, never 0.5 or 1.5
    ax.set_xlabel("Observation number")
    ax.set_ylabel("Observer's answer")
    ax.set_title("What your observers saw, observation by observation")
    ax.grid(axis="y", linestyle=":", linewidth=0.6)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    png = to_png(fig, layout=("nonverbal", len(keys)))

    summary = trend_summary(names, answers)
    percent = [round(100.0 * sum(series[k][i] for k in keys) / len(keys), 1) for i in range(count)] if keys else []
    data = {"observations": count, "x": xs, "dimensions": keys, "names": [names[k] for k in keys],
            "series": series, "answers": {k: list(answers[k]) for k in keys}, "percent": percent}
    return png, summary, data

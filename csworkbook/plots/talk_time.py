"""Chart of the talk-time planner (notebook 02): the planned call against the target and the agreed flexibility.

One horizontal bar stacked from the phases of the call, left to right in the order they happen; each
phase has its own Okabe–Ito colour *and* hatch and carries its minutes when there is room. A solid
vertical line marks the talk-time target and a dashed one the target plus flexibility. matplotlib is
imported inside the function (never when csworkbook is imported). Returns
``(png_bytes, summary_sentence, data_dict)``. All times are in minutes.
"""
from __future__ import annotations

import math
from typing import Any, Mapping

from csworkbook.plots import DRAW_LOCK, HATCHES, PALETTE
from csworkbook.plots.kept import KeptFigure
from csworkbook.rules.talk_time import PHASES, fmt


def chart_limit(total: float, allowed: float) -> float:
    """Right end of the minutes axis: room for the bar and both lines, rounded up to a round number of minutes.

    Round ends (8, 10, 12.5, 15, 20, …; see :func:`csworkbook.plots.nice_limit`) keep the axis still
    while a phase slider moves, so only the bar, its labels and the lines are drawn again.
    """
    from csworkbook.plots import nice_limit

    return float(max(4.0, nice_limit(max(total, allowed) * 1.15 + 0.5)))


def summary_sentence(total: float, limit: float, flexibility: float, rapport: float, *, agreed: bool = True) -> str:
    """One line that says what the chart shows (minutes), e.g. for a screen reader."""
    if flexibility <= 0:
        room = "with no extra time agreed"
    elif agreed:
        room = f"plus {fmt(flexibility)} min agreed flexibility"
    else:
        room = f"plus {fmt(flexibility)} min flexibility not yet agreed with a supervisor"
    share = round(100.0 * rapport / total) if total > 0 else 0
    return (f"Plan {fmt(total)} min against a {fmt(limit)} min target {room}; "
            f"rapport {fmt(rapport)} min ({share} %).")


class TalkTimeFigure(KeptFigure):
    """The planner's one figure: the axis stays drawn while the phases, their labels, the lines and the legend move."""

    def build(self, shape: Any) -> None:
        keys = list(shape)
        ax = self.ax = self.fig.add_subplot()
        self.segments = [ax.barh(0, 1.0, left=0.0, height=0.5, color=PALETTE[i % len(PALETTE)],
                                 hatch=HATCHES[i % len(HATCHES)], edgecolor="#000000", linewidth=0.6)[0]
                         for i in range(len(keys))]
        self.labels = [ax.text(0, 0, "", ha="center", va="center", fontsize="small", fontweight="bold",
                               bbox={"boxstyle": "round,pad=0.15", "facecolor": "#FFFFFF", "alpha": 0.85,
                                     "linewidth": 0}) for _ in keys]
        self.target = ax.axvline(1.0, color=PALETTE[7], linewidth=2.0, linestyle="-")
        self.flexible = ax.axvline(1.0, color=PALETTE[7], linewidth=1.6, linestyle="--")
        ax.set_ylim(-0.6, 0.6)
        ax.set_yticks([0], ["Your plan"])
        ax.set_xlabel("Minutes of talk time")
        ax.set_title("Planned call against the talk-time target")
        ax.spines[["top", "right"]].set_visible(False)
        self.legend: Any = None
        self.move(*self.segments, self.target, self.flexible, *self.labels)

    def _legend(self, texts: list[str]) -> None:
        """Write the legend's entries (phases in call order, then the lines); rebuilt when their number changes."""
        if self.legend is not None and len(self.legend.get_texts()) == len(texts):
            for text, words in zip(self.legend.get_texts(), texts):
                text.set_text(words)
            return
        if self.legend is not None:
            self.moving.remove(self.legend)
        handles = [*self.segments, self.target, self.flexible][:len(texts)]
        self.legend = self.ax.legend(handles, texts, loc="upper center", bbox_to_anchor=(0.5, -0.42), ncol=2,
                                     fontsize="small", frameon=False)
        self.move(self.legend)

    def draw(self, keys: list[str], values: list[float], names: dict[str, str], limit: float, flexibility: float,
             agreed: bool) -> bytes:
        """Set the phases (minutes, in call order), the target line and the flexibility line; return the PNG."""
        with DRAW_LOCK:
            self.ensure(tuple(keys), 6.6, 2.9)
            png = self.unchanged((tuple(values), tuple(names.items()), limit, flexibility, agreed))
            if png is not None:
                return png
            allowed = limit + flexibility
            x_max = chart_limit(math.fsum(values), allowed)
            left = 0.0
            texts = []
            for key, value, segment, label in zip(keys, values, self.segments, self.labels):
                segment.set_x(left)
                segment.set_width(value)
                label.set_position((left + value / 2, 0))
                label.set_text(fmt(value))
                label.set_visible(value >= 0.6)
                texts.append(f"{names.get(key, key)} ({fmt(value)} min)")
                left += value
            self.target.set_xdata([limit, limit])
            self.flexible.set_xdata([allowed, allowed])
            self.flexible.set_visible(flexibility > 0)
            texts.append(f"Target ({fmt(limit)} min)")
            if flexibility > 0:
                texts.append(f"Target + {'agreed ' if agreed else 'unagreed '}flexibility ({fmt(allowed)} min)")
            self._legend(texts)
            self.ax.set_xlim(0, x_max)
            return self.render(("talk_time", len(keys)), x_max)


def talk_time_chart(minutes: Mapping[str, float], limit: float, flexibility: float, *,
                    agreed: bool = True, labels: Mapping[str, str] | None = None,
                    figure: TalkTimeFigure | None = None) -> tuple[bytes, str, dict[str, Any]]:
    """A stacked bar of the planned phases with lines at the target and at target + flexibility (minutes).

    minutes: planned minutes per phase key, in call order; limit: the talk-time target; flexibility:
    extra minutes on top of it; agreed: whether the supervisor agreed that flexibility before the
    shift (changes the wording only); labels: display name per phase key (defaults to the planner's);
    figure: the activity's figure to update in place (a new one if not given).
    """
    from csworkbook.plots import wait_for_warm_up

    wait_for_warm_up()
    names = {key: phase.label for key, phase in PHASES.items()}
    names.update(labels or {})
    keys = list(minutes)
    values = [float(minutes[k]) for k in keys]
    if any(v < 0 or math.isnan(v) for v in values):
        raise ValueError("Every phase of the chart needs zero or more minutes.")
    total = math.fsum(values)
    allowed = float(limit) + float(flexibility)
    x_max = chart_limit(total, allowed)

    starts: dict[str, float] = {}
    left = 0.0
    for key, value in zip(keys, values):
        starts[key] = left
        left += value
    png = (figure or TalkTimeFigure()).draw(keys, values, names, float(limit), float(flexibility), agreed)

    rapport = float(minutes.get("rapport", 0.0))
    summary = summary_sentence(total, float(limit), float(flexibility), rapport, agreed=agreed)
    over_by = max(0.0, total - allowed)
    data = {"phases": keys, "labels": {k: names.get(k, k) for k in keys},
            "minutes": dict(zip(keys, values)), "starts": starts, "total": total, "limit": float(limit),
            "flexibility": float(flexibility), "allowed": allowed, "over_by": over_by, "agreed": agreed,
            "rapport_share": rapport / total if total > 0 else 0.0, "x_max": x_max,
            "lines": {"target": float(limit), "target_plus_flexibility": allowed}}
    return png, summary, data

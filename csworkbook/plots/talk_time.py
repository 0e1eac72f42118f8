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

from csworkbook.plots import HATCHES, PALETTE, new_figure, to_png
from csworkbook.rules.talk_time import PHASES, fmt


def chart_limit(total: float, allowed: float) -> float:
    """Right end of the minutes axis: room for the bar and both lines, rounded up to a whole minute."""
    return float(max(4, math.ceil(max(total, allowed) * 1.15 + 0.5)))


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


def talk_time_chart(minutes: Mapping[str, float], limit: float, flexibility: float, *,
                    agreed: bool = True, labels: Mapping[str, str] | None = None) -> tuple[bytes, str, dict[str, Any]]:
    """A stacked bar of the planned phases with lines at the target and at target + flexibility (minutes).

    minutes: planned minutes per phase key, in call order; limit: the talk-time target; flexibility:
    extra minutes on top of it; agreed: whether the supervisor agreed that flexibility before the
    shift (changes the wording only); labels: display name per phase key (defaults to the planner's).
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

    fig = new_figure(6.6, 2.9)
    ax = fig.add_subplot()
    starts: dict[str, float] = {}
    left = 0.0
    for index, (key, value) in enumerate(zip(keys, values)):
        starts[key] = left
        ax.barh(0, value, left=left, height=0.5, color=PALETTE[index % len(PALETTE)],
                hatch=HATCHES[index % len(HATCHES)], edgecolor="#000000", linewidth=0.6,
                label=f"{names.get(key, key)} ({fmt(value)} min)")
        if value >= 0.6:
            ax.text(left + value / 2, 0, fmt(value), ha="center", va="center", fontsize="small",
                    fontweight="bold", bbox={"boxstyle": "round,pad=0.15", "facecolor": "#FFFFFF", "alpha": 0.85,
                                             "linewidth": 0})
        left += value
    ax.axvline(float(limit), color=PALETTE[7], linewidth=2.0, linestyle="-",
               label=f"Target ({fmt(limit)} min)")
    if flexibility > 0:
        ax.axvline(allowed, color=PALETTE[7], linewidth=1.6, linestyle="--",
                   label=f"Target + {'agreed ' if agreed else 'unagreed '}flexibility ({fmt(allowed)} min)")
    ax.set_xlim(0, x_max)
    ax.set_ylim(-0.6, 0.6)
    ax.set_yticks([0], ["Your plan"])
    ax.set_xlabel("Minutes of talk time")
    ax.set_title("Planned call against the talk-time target")
    handles, texts = ax.get_legend_handles_labels()
    lines = sum(1 for t in texts if t.startswith("Target"))
    order = [*range(lines, len(texts)), *range(lines)]  # phases in call order, then the lines
    ax.legend([handles[i] for i in order], [texts[i] for i in order], loc="upper center",
              bbox_to_anchor=(0.5, -0.42), ncol=2, fontsize="small", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    png = to_png(fig, layout=("talk_time", len(keys)))

    rapport = float(minutes.get("rapport", 0.0))
    summary = summary_sentence(total, float(limit), float(flexibility), rapport, agreed=agreed)
    over_by = max(0.0, total - allowed)
    data = {"phases": keys, "labels": {k: names.get(k, k) for k in keys},
            "minutes": dict(zip(keys, values)), "starts": starts, "total": total, "limit": float(limit),
            "flexibility": float(flexibility), "allowed": allowed, "over_by": over_by, "agreed": agreed,
            "rapport_share": rapport / total if total > 0 else 0.0, "x_max": x_max,
            "lines": {"target": float(limit), "target_plus_flexibility": allowed}}
    return png, summary, data

"""Chart of the lateness explorer (notebook 03): the accepted wait against the minutes late.

One row per status (peer, manager, senior leader) at the chosen time orientation, so the learner
sees the accepted wait lengthen with rank; the chosen status is marked and a vertical line with a
diamond shows the minutes late. Zones differ by hatch as well as colour. matplotlib is imported
inside the function (never when csworkbook is imported). Returns ``(png_bytes, summary_sentence,
data_dict)``. All times are in minutes; beyond the article's anchors the limits are an illustration.
"""
from __future__ import annotations

import math
from typing import Any, Mapping

from csworkbook.plots import HATCHES, PALETTE, new_figure, to_png
from csworkbook.rules.wording import minutes


def chart_limit(minutes_late: float, limits: Mapping[str, float]) -> float:
    """Right end of the minutes axis: room for every limit and the marker, rounded up to 10 minutes."""
    widest = max(limits.values(), default=10.0)
    return float(max(20, math.ceil(max(widest * 1.2, minutes_late + 5) / 10.0) * 10))


def lateness_chart(minutes_late: float, limits: Mapping[str, float], selected: str, label: str,
                   *, names: Mapping[str, str] | None = None, setting: str = "") -> tuple[bytes, str, dict[str, Any]]:
    """Bars of the accepted wait per status with a marker at ``minutes_late`` (minutes).

    limits: status key -> longest accepted wait in minutes, in display order; selected: the status
    key of the late person; label: the perception label for that status; names: display names per
    key; setting: words for the time orientation (e.g. ``"strongly monochronic"``).
    """
    from csworkbook.plots import wait_for_warm_up

    wait_for_warm_up()
    if selected not in limits:
        raise ValueError(f"The chart has no accepted wait for the status {selected!r}.")
    names = dict(names or {})
    keys = list(limits)
    x_max = chart_limit(minutes_late, limits)
    accepted_colour, beyond_colour = PALETTE[2], PALETTE[5]

    fig = new_figure(6.6, 2.0 + 0.6 * len(keys))
    ax = fig.add_subplot()
    rows = list(range(len(keys)))[::-1]  # lowest status at the top
    for row, key in zip(rows, keys):
        limit = limits[key]
        chosen = key == selected
        edge = {"edgecolor": "#000000", "linewidth": 1.6 if chosen else 0.4}
        ax.barh(row, limit, left=0, height=0.6, color=accepted_colour, hatch=HATCHES[2],
                alpha=1.0 if chosen else 0.45, **edge)
        ax.barh(row, max(x_max - limit, 0), left=limit, height=0.6, color=beyond_colour, hatch=HATCHES[3],
                alpha=0.35 if chosen else 0.15, **edge)
    marker_row = rows[keys.index(selected)]
    shown = min(minutes_late, x_max)
    ax.axvline(shown, color=PALETTE[7], linewidth=1.5, linestyle="--")
    marker = ax.plot([shown], [marker_row], marker="D", markersize=10, color=PALETTE[7],
                     markeredgecolor="#FFFFFF", linestyle="none", label=f"{minutes(minutes_late)} min late")[0]
    tick_labels = [(("▶ " if k == selected else "") + names.get(k, k)) for k in keys]
    ax.set_yticks(rows, tick_labels)
    for tick, key in zip(ax.get_yticklabels(), keys):
        if key == selected:
            tick.set_fontweight("bold")
    ax.set_xlim(0, x_max)
    ax.set_xlabel("Minutes late (article's anchors; the rest is a teaching illustration)")
    ax.set_title(f"Accepted wait in a {setting} setting" if setting else "Accepted wait by status")
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=accepted_colour, hatch=HATCHES[2], edgecolor="#000000", label="Accepted wait"),
               Patch(facecolor=beyond_colour, alpha=0.35, hatch=HATCHES[3], edgecolor="#000000",
                     label="Beyond the accepted wait"),
               marker]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=3, fontsize="small",
              frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    png = to_png(fig, layout=("lateness", len(keys)))

    limit = limits[selected]
    who = names.get(selected, selected)
    where = f" in a {setting} setting" if setting else ""
    position = (f"inside the accepted wait of {minutes(limit)} minutes" if minutes_late <= limit
                else f"past the accepted wait of {minutes(limit)} minutes")
    summary = (f"At {minutes(minutes_late)} minutes late the marker sits {position} for a late {who.lower()}{where}: "
               f"{label}. The accepted wait lengthens with status, from {minutes(limits[keys[0]])} to "
               f"{minutes(limits[keys[-1]])} minutes.")
    data = {"minutes_late": float(minutes_late), "selected": selected, "label": label, "setting": setting,
            "statuses": keys, "limits": {k: float(limits[k]) for k in keys}, "limit": float(limit), "x_max": x_max}
    return png, summary, data

"""Chart of the lateness explorer (notebook 03): the tolerated-wait band against the minutes late.

One row per status (peer, manager, senior leader) at the chosen time orientation, so the learner
sees the band widen with rank; the chosen status is marked and a vertical line with a diamond shows
the minutes late. Zones differ by hatch as well as colour. matplotlib is imported inside the
function (never when csworkbook is imported). Returns ``(png_bytes, summary_sentence, data_dict)``.
All times are in minutes; the bands are a teaching illustration, not measured values.
"""
from __future__ import annotations

import math
from typing import Any, Mapping

from csworkbook.plots import HATCHES, PALETTE, new_figure, to_png


def _fmt(minutes: float) -> str:
    return f"{round(float(minutes), 1):g}"


def chart_limit(minutes_late: float, bands: Mapping[str, tuple[float, float]]) -> float:
    """Right end of the minutes axis: room for every band and the marker, rounded up to 10 minutes."""
    widest = max((high for _low, high in bands.values()), default=10.0)
    return float(max(20, math.ceil(max(widest * 1.2, minutes_late + 5) / 10.0) * 10))


def lateness_chart(minutes_late: float, bands: Mapping[str, tuple[float, float]], selected: str, label: str,
                   *, names: Mapping[str, str] | None = None, setting: str = "") -> tuple[bytes, str, dict[str, Any]]:
    """Bars of the tolerated wait per status with a marker at ``minutes_late`` (minutes).

    bands: status key -> (low, high) in minutes, in display order; selected: the status key of the
    late person; label: the perception label for that status; names: display names per key;
    setting: words for the time orientation (e.g. ``"strongly monochronic"``).
    """
    from csworkbook.plots import wait_for_warm_up

    wait_for_warm_up()
    if selected not in bands:
        raise ValueError(f"The chart has no band for the status {selected!r}.")
    names = dict(names or {})
    keys = list(bands)
    x_max = chart_limit(minutes_late, bands)
    grace_colour, edge_colour, beyond_colour = PALETTE[2], PALETTE[1], PALETTE[5]

    fig = new_figure(6.6, 2.0 + 0.6 * len(keys))
    ax = fig.add_subplot()
    rows = list(range(len(keys)))[::-1]  # lowest status at the top
    for row, key in zip(rows, keys):
        low, high = bands[key]
        chosen = key == selected
        edge = {"edgecolor": "#000000", "linewidth": 1.6 if chosen else 0.4}
        alpha = 1.0 if chosen else 0.45
        ax.barh(row, low, left=0, height=0.6, color=grace_colour, hatch=HATCHES[2], alpha=alpha, **edge,
                )
        ax.barh(row, high - low, left=low, height=0.6, color=edge_colour, hatch=HATCHES[1], alpha=alpha, **edge,
                )
        ax.barh(row, max(x_max - high, 0), left=high, height=0.6, color=beyond_colour, hatch=HATCHES[3],
                alpha=0.35 if chosen else 0.15, **edge, )
    marker_row = rows[keys.index(selected)]
    shown = min(minutes_late, x_max)
    ax.axvline(shown, color=PALETTE[7], linewidth=1.5, linestyle="--")
    marker = ax.plot([shown], [marker_row], marker="D", markersize=10, color=PALETTE[7],
                     markeredgecolor="#FFFFFF", linestyle="none", label=f"{_fmt(minutes_late)} min late")[0]
    tick_labels = [(("▶ " if k == selected else "") + names.get(k, k)) for k in keys]
    ax.set_yticks(rows, tick_labels)
    for tick, key in zip(ax.get_yticklabels(), keys):
        if key == selected:
            tick.set_fontweight("bold")
    ax.set_xlim(0, x_max)
    ax.set_xlabel("Minutes late (teaching illustration, not measured values)")
    ax.set_title(f"Tolerated wait in a {setting} setting" if setting else "Tolerated wait by status")
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=grace_colour, hatch=HATCHES[2], edgecolor="#000000", label="Usual grace"),
               Patch(facecolor=edge_colour, hatch=HATCHES[1], edgecolor="#000000", label="Patience runs out"),
               Patch(facecolor=beyond_colour, alpha=0.35, hatch=HATCHES[3], edgecolor="#000000",
                     label="Beyond the band"),
               marker]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, fontsize="small",
              frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    png = to_png(fig, layout=("lateness", len(keys)))

    low, high = bands[selected]
    who = names.get(selected, selected)
    where = f" in a {setting} setting" if setting else ""
    span = f"{_fmt(low)}–{_fmt(high)} minute band"
    if minutes_late <= low:
        position = f"before the {span}, inside the usual grace,"
    elif minutes_late <= high:
        position = f"inside the {span} where patience runs out"
    else:
        position = f"past the {span}"
    summary = (f"At {_fmt(minutes_late)} minutes late the marker sits {position} for a late {who.lower()}{where}: "
               f"{label}. Bands widen with status, from {_fmt(bands[keys[0]][1])} to "
               f"{_fmt(bands[keys[-1]][1])} minutes at the outer edge.")
    data = {"minutes_late": float(minutes_late), "selected": selected, "label": label, "setting": setting,
            "statuses": keys, "bands": {k: [float(bands[k][0]), float(bands[k][1])] for k in keys},
            "band": [float(low), float(high)], "x_max": x_max}
    return png, summary, data

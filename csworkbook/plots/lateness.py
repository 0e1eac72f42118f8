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

from csworkbook.plots import DRAW_LOCK, HATCHES, PALETTE
from csworkbook.plots.kept import KeptFigure
from csworkbook.rules.wording import minutes

#: How far the legend's top sits below the axes (inches): under the two-line x label.
LEGEND_DROP = 0.62


def chart_limit(minutes_late: float, limits: Mapping[str, float]) -> float:
    """Right end of the minutes axis: room for every limit and the marker, rounded up to 10 minutes."""
    widest = max(limits.values(), default=10.0)
    return float(max(20, math.ceil(max(widest * 1.2, minutes_late + 5) / 10.0) * 10))


class LatenessFigure(KeptFigure):
    """The explorer's one figure: the rows of accepted waits stay drawn while the minutes marker moves.

    The marker line, the diamond and the legend (which names the minutes) are the moving artists; the
    rows, the axis and the title are drawn again only when the setting, the status or the axis end changes.
    """

    def build(self, shape: Any) -> None:
        from matplotlib.patches import Patch
        from matplotlib.transforms import ScaledTranslation, blended_transform_factory

        count = int(shape)
        ax = self.ax = self.fig.add_subplot()
        self.rows = list(range(count))[::-1]  # lowest status at the top
        accepted_colour, beyond_colour = PALETTE[2], PALETTE[5]
        self.accepted = [ax.barh(row, 1.0, left=0, height=0.6, color=accepted_colour, hatch=HATCHES[2],
                                 edgecolor="#000000")[0] for row in self.rows]
        self.beyond = [ax.barh(row, 1.0, left=1.0, height=0.6, color=beyond_colour, hatch=HATCHES[3],
                               edgecolor="#000000")[0] for row in self.rows]
        self.line = ax.axvline(0, color=PALETTE[7], linewidth=1.5, linestyle="--")
        self.marker = ax.plot([0], [0], marker="D", markersize=10, color=PALETTE[7], markeredgecolor="#FFFFFF",
                              linestyle="none", label="0 min late")[0]
        ax.set_xlabel("Minutes late\n(article's anchors; the rest is a teaching illustration)")
        self.title = ax.set_title("")
        handles = [Patch(facecolor=accepted_colour, hatch=HATCHES[2], edgecolor="#000000", label="Accepted wait"),
                   Patch(facecolor=beyond_colour, alpha=0.35, hatch=HATCHES[3], edgecolor="#000000",
                         label="Beyond the accepted wait"),
                   self.marker]
        # centred on the figure, not on the axes (long status names push the axes right), so it fits the width;
        # a fixed distance (inches) under the axes, so the space tight_layout keeps for it is exactly what it uses
        centre = (blended_transform_factory(self.fig.transFigure, ax.transAxes)
                  + ScaledTranslation(0, -LEGEND_DROP, self.fig.dpi_scale_trans))
        self.legend = ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0), ncol=3,
                                bbox_transform=centre, fontsize="small", frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        self.move(self.line, self.marker, self.legend)

    def draw(self, minutes_late: float, limits: dict[str, float], selected: str, names: dict[str, str],
             setting: str) -> bytes:
        """Set the rows (accepted wait per status, minutes), the marker at ``minutes_late`` and the title."""
        with DRAW_LOCK:
            keys = list(limits)
            self.ensure(len(keys), 6.6, 2.0 + 0.6 * len(keys))
            png = self.unchanged((minutes_late, tuple(limits.items()), selected, tuple(names.items()), setting))
            if png is not None:
                return png
            x_max = chart_limit(minutes_late, limits)
            layout = ("lateness", len(keys))
            static = (tuple(limits.items()), selected, tuple(names.items()), setting, x_max)
            if self.static_changed(layout, static):
                for accepted, beyond, key in zip(self.accepted, self.beyond, keys):
                    limit, chosen = limits[key], key == selected
                    accepted.set_width(limit)
                    accepted.set_alpha(1.0 if chosen else 0.45)
                    beyond.set_x(limit)
                    beyond.set_width(max(x_max - limit, 0))
                    beyond.set_alpha(0.35 if chosen else 0.15)
                    for bar in (accepted, beyond):
                        bar.set_linewidth(1.6 if chosen else 0.4)
                self.ax.set_yticks(self.rows, [(("▶ " if k == selected else "") + names.get(k, k)) for k in keys])
                for tick, key in zip(self.ax.get_yticklabels(), keys):
                    tick.set_fontweight("bold" if key == selected else "normal")
                self.ax.set_xlim(0, x_max)
                self.title.set_text(f"Accepted wait in a {setting} setting" if setting else "Accepted wait by status")
            shown = min(minutes_late, x_max)
            self.line.set_xdata([shown, shown])
            self.marker.set_data([shown], [self.rows[keys.index(selected)]])
            self.legend.get_texts()[2].set_text(f"{minutes(minutes_late)} min late")
            return self.render(layout, static)


def lateness_chart(minutes_late: float, limits: Mapping[str, float], selected: str, label: str,
                   *, names: Mapping[str, str] | None = None, setting: str = "",
                   figure: LatenessFigure | None = None) -> tuple[bytes, str, dict[str, Any]]:
    """Bars of the accepted wait per status with a marker at ``minutes_late`` (minutes).

    limits: status key -> longest accepted wait in minutes, in display order; selected: the status
    key of the late person; label: the perception label for that status; names: display names per
    key; setting: words for the time orientation (e.g. ``"strongly monochronic"``); figure: the
    activity's figure to update in place (a new one if not given).
    """
    from csworkbook.plots import wait_for_warm_up

    wait_for_warm_up()
    if selected not in limits:
        raise ValueError(f"The chart has no accepted wait for the status {selected!r}.")
    names = dict(names or {})
    keys = list(limits)
    x_max = chart_limit(minutes_late, limits)
    png = (figure or LatenessFigure()).draw(float(minutes_late), {k: float(v) for k, v in limits.items()}, selected,
                                            names, setting)

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

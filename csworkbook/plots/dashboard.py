"""Chart of the learner's dashboard (notebook 10): the latest percent of every scored activity.

One horizontal bar per scored result, in the order given (top to bottom). Bars fall into three
bands, each with its own Okabe–Ito colour *and* hatch, and every bar carries its value and band as
text, so colour is never the only cue. With no scored result yet the chart says so instead of drawing bars.
matplotlib is imported inside methods only (see :mod:`csworkbook.plots.kept`).
"""
from __future__ import annotations

from typing import Any, Sequence

from csworkbook.plots import DRAW_LOCK, HATCHES, PALETTE, Chart
from csworkbook.plots.kept import KeptFigure

#: (band name, lowest percent in the band, colour, hatch), strongest first.
BANDS: tuple[tuple[str, float, str, str], ...] = (
    ("strong (80 % or more)", 80.0, PALETTE[2], HATCHES[0]),
    ("developing (50–79 %)", 50.0, PALETTE[1], HATCHES[1]),
    ("work on this (below 50 %)", 0.0, PALETTE[5], HATCHES[3]),
)
#: Longest label drawn on the axis (characters); the data keeps the full text.
MAX_LABEL = 38


def band(percent: float) -> str:
    """The name of the band a percentage falls in."""
    for name, low, _colour, _hatch in BANDS:
        if percent >= low:
            return name
    return BANDS[-1][0]


def _short(label: str) -> str:
    """A bar name that fits: wrapped onto two lines of about 24 characters, shortened only beyond that."""
    import textwrap

    lines = textwrap.wrap(label, 24) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), 24, placeholder="…")]
    return "\n".join(lines)


class DashboardFigure(KeptFigure):
    """The dashboard's one figure: the rows and axis stay drawn while the bars and their values change.

    Shape ``0`` is the "no scored results yet" message; any other shape is that many rows.
    """

    def build(self, shape: Any) -> None:
        count = int(shape)
        ax = self.ax = self.fig.add_subplot()
        if not count:
            ax.set_axis_off()
            ax.text(0.5, 0.5, "No scored results yet.\nFinish a scored activity, then press Refresh.",
                    ha="center", va="center", fontsize="medium")
            return
        self.positions = list(range(count))[::-1]  # first row at the top, as in the table
        self.bars = [ax.barh(y, 1.0, edgecolor="#000000", linewidth=0.5)[0] for y in self.positions]
        self.line = ax.axvline(80, color=PALETTE[7], linestyle=":", linewidth=1, zorder=1)  # under the value labels
        # the band is written beside each bar, so neither colour nor hatch has to be decoded
        self.values = [ax.text(0, y, "", va="center", fontsize="small", zorder=4,
                               bbox={"boxstyle": "square,pad=0.15", "facecolor": "#FFFFFF", "edgecolor": "none"})
                       for y in self.positions]
        ax.set_xlim(0, 140)
        ax.set_xticks([0, 20, 40, 60, 80, 100])
        ax.set_xlabel("Latest result (percent); dotted line: 80 %")
        ax.set_title("Your latest result in each scored activity")
        ax.spines[["top", "right"]].set_visible(False)
        self.move(*self.bars, self.line, *self.values)

    def draw(self, labels: list[str], values: list[float], bands: list[str]) -> bytes:
        """Set one bar per result (percent, 0–100) in its band's colour and hatch; return the PNG."""
        with DRAW_LOCK:
            count = len(values)
            self.ensure(count, *((8.0, max(2.0, 1.1 + 0.5 * count)) if count else (6.0, 1.6)))
            png = self.unchanged((tuple(labels), tuple(values)))
            if png is not None:
                return png
            if not count:
                return self.render(("dashboard", 0), "empty")
            styles = {name: (colour, hatch) for name, _low, colour, hatch in BANDS}
            for bar, text, value, name in zip(self.bars, self.values, values, bands):
                colour, hatch = styles[name]
                bar.set_width(value)
                bar.set_facecolor(colour)
                bar.set_hatch(hatch)
                text.set_x(value + 1.5)
                text.set_text(f"{value:g} %  {name.split(' (')[0]}")
            short = tuple(_short(x) for x in labels)
            self.ax.set_yticks(self.positions, short)
            return self.render(("dashboard", count), short)


def dashboard_chart(labels: Sequence[str], percents: Sequence[float], *, figure: DashboardFigure | None = None) -> Chart:
    """Horizontal bars of the latest percent (0–100) per scored activity; returns (png, summary, data).

    figure: the activity's figure to update in place (a new one if not given).
    """
    from csworkbook.plots import wait_for_warm_up

    wait_for_warm_up()
    labels, values = [str(x) for x in labels], [float(p) for p in percents]
    if len(labels) != len(values):
        raise ValueError("dashboard_chart needs one percentage per label.")
    bands = [band(v) for v in values]
    average = round(sum(values) / len(values), 1) if values else None
    data: dict[str, Any] = {"labels": labels, "percent": values, "bands": bands, "average": average,
                            "lowest": None, "highest": None}
    png = (figure or DashboardFigure()).draw(labels, values, bands)
    if not values:
        return png, "No scored results yet, so the chart has no bars.", data

    lowest = min(range(len(values)), key=lambda i: values[i])
    highest = max(range(len(values)), key=lambda i: values[i])
    data["lowest"], data["highest"] = labels[lowest], labels[highest]
    if len(values) == 1:
        summary = f"One scored result so far: {labels[0]} at {values[0]:g} %."
    else:
        strong = sum(1 for b in bands if b == BANDS[0][0])
        summary = (f"{len(values)} scored results, average {average:g} %: the highest is {labels[highest]} at "
                   f"{values[highest]:g} %, the lowest {labels[lowest]} at {values[lowest]:g} %; "
                   f"{strong} of {len(values)} are at 80 % or more. Every bar: "
                   + "; ".join(f"{label} {value:g} %" for label, value in zip(labels, values)) + ".")
    return png, summary, data

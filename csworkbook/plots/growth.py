"""Chart of the growth calculator (notebook 07): a compound growth path and an extrapolation.

The yearly path implied by one constant compound annual growth rate is drawn as a solid line; the two
published figures it passes through are marked with different markers (and labelled, so colour is
never the only cue); the learner's projection beyond the end year is dashed, sits in a hatched band
and is labelled as an extrapolation. Values are in billions of US dollars (billion USD).

matplotlib is imported inside methods (see :mod:`csworkbook.plots.kept`), never when
this module is imported. The function returns ``(png_bytes, summary_sentence, data_dict)``.
"""
from __future__ import annotations

from typing import Any, Mapping

from csworkbook.plots import DRAW_LOCK, PALETTE, Chart
from csworkbook.plots.kept import KeptFigure

#: Okabe–Ito roles: path (blue), start figure (green), end figure (orange), extrapolation (vermillion).
PATH_COLOUR, START_COLOUR, END_COLOUR, PROJECTION_COLOUR = PALETTE[0], PALETTE[2], PALETTE[1], PALETTE[5]


def billions(value: float) -> str:
    """Format an amount in billion USD with one decimal, e.g. ``434.2 billion USD``."""
    return f"{value:,.1f} billion USD"


class GrowthFigure(KeptFigure):
    """The calculator's one figure: its lines, markers, labels and legend are updated in place at each Calculate.

    Shape ``True`` has the extrapolation (band, dashed line and its label), ``False`` has not.
    """

    def build(self, shape: Any) -> None:
        ax = self.ax = self.fig.add_subplot()
        handles = []
        if shape:
            self.band = ax.axvspan(0, 1, facecolor="#EEEEEE", edgecolor="#BBBBBB", hatch="//", linewidth=0)
            self.projection = ax.plot([], [], linestyle="--", marker="^", markersize=5, color=PROJECTION_COLOUR)[0]
            self.projection_label = ax.annotate("", (0, 0), textcoords="offset points", xytext=(-8, 0), ha="right",
                                                va="center", fontsize="small", color="#000000")
            handles += [self.band, self.projection]
        self.path = ax.plot([], [], linestyle="-", marker=".", color=PATH_COLOUR)[0]
        self.start = ax.plot([], [], linestyle="none", marker="o", markersize=9, color=START_COLOUR,
                             markeredgecolor="#000000")[0]
        self.end = ax.plot([], [], linestyle="none", marker="D", markersize=9, color=END_COLOUR,
                           markeredgecolor="#000000")[0]
        self.start_label = ax.annotate("", (0, 0), textcoords="offset points", xytext=(6, -14), fontsize="small")
        self.end_label = ax.annotate("", (0, 0), textcoords="offset points", xytext=(-6, 10), ha="right",
                                     fontsize="small")
        handles += [self.path, self.start, self.end]
        ax.set_xlabel("Year")
        ax.set_ylabel("Billion US dollars")
        self.title = ax.set_title("")
        ax.spines[["top", "right"]].set_visible(False)
        self.legend = ax.legend(handles, [""] * len(handles), loc="upper left", fontsize="small")
        # Everything that follows the data is drawn over the kept axes; the axes stay while their limits do.
        self.move(*handles, self.start_label, self.end_label, self.title, self.legend,
                  *([self.projection_label] if shape else []))

    def draw(self, years: list[int], values: list[float], proj_years: list[int], proj_values: list[float],
             cagr_percent: float, start_label: str, end_label: str) -> bytes:
        """Set the path, the published points, the extrapolation (billion USD per year) and the labels."""
        with DRAW_LOCK:
            self.ensure(bool(proj_years), 6.4, 3.6)
            png = self.unchanged((tuple(years), tuple(values), tuple(proj_years), tuple(proj_values), cagr_percent,
                                  start_label, end_label))
            if png is not None:
                return png
            start_year, end_year, start, end = years[0], years[-1], values[0], values[-1]
            texts = []
            if proj_years:
                self.band.set_x(end_year)
                self.band.set_width(proj_years[-1] - end_year)
                self.projection.set_data([end_year, *proj_years], [end, *proj_values])
                self.projection_label.xy = (proj_years[-1], proj_values[-1])
                self.projection_label.set_text(billions(proj_values[-1]))
                texts += ["Extrapolated years", f"Extrapolation to {proj_years[-1]} (same rate)"]
            self.path.set_data(years, values)
            self.start.set_data([start_year], [start])
            self.end.set_data([end_year], [end])
            self.start_label.xy, self.end_label.xy = (start_year, start), (end_year, end)
            self.start_label.set_text(start_label)
            self.end_label.set_text(end_label)
            texts += [f"Compound path at {cagr_percent:.1f} % a year", f"{start_label}: {start:,.1f}",
                      f"{end_label}: {end:,.1f}"]
            for text, words in zip(self.legend.get_texts(), texts):
                text.set_text(words)
            all_years = years + proj_years
            step = -(-len(all_years) // 9)  # at most nine year labels, so they never overlap
            ticks = all_years[::step]
            self.ax.set_xticks(ticks)
            xlim, ylim = _limits(all_years, values + proj_values)
            self.ax.set_xlim(*xlim)
            self.ax.set_ylim(*ylim)
            self.title.set_text(f"Compound growth of {cagr_percent:.1f} % a year")
            return self.render("growth", (xlim, ylim, tuple(ticks)))


def _limits(years: list[int], values: list[float]) -> tuple[tuple[float, float], tuple[float, float]]:
    """Axis limits (years, billion USD) with a margin, the value axis on round steps so small changes keep it."""
    import math

    from csworkbook.plots import nice_limit

    first, last = min(years), max(years)
    pad = 0.04 * ((last - first) or 1)
    low, high = min(values), max(values)
    span = (high - low) or abs(high) or 1.0
    step = nice_limit(span / 5)
    bottom = math.floor((low - 0.15 * span) / step) * step
    if low >= 0:
        bottom = max(bottom, 0.0)
    top = math.ceil((high + 0.15 * span) / step) * step
    return (first - pad, last + pad), (bottom, top)


def growth_chart(path: Mapping[int, float], projection: Mapping[int, float], cagr_percent: float, *,
                 start_label: str = "Start figure", end_label: str = "End figure",
                 figure: GrowthFigure | None = None) -> Chart:
    """Line chart of a compound growth path (billion USD per year) and a dashed extrapolation.

    path: value for every year from the start year to the end year (billion USD), the first and last
    being the published figures; projection: values for the years after the end year (billion USD),
    may be empty; cagr_percent: the compound annual growth rate (% per year); start_label, end_label:
    what the two published points are (e.g. "2012 actual", "2017 forecast made in 2013"); figure:
    the activity's figure to update in place (a new one if not given).
    """
    from csworkbook.plots import wait_for_warm_up

    wait_for_warm_up()
    years = sorted(path)
    values = [float(path[y]) for y in years]
    proj_years = sorted(projection)
    proj_values = [float(projection[y]) for y in proj_years]
    start_year, end_year = years[0], years[-1]
    start, end = values[0], values[-1]

    png = (figure or GrowthFigure()).draw(years, values, proj_years, proj_values, cagr_percent, start_label,
                                          end_label)

    direction = "grow" if cagr_percent > 0 else ("shrink" if cagr_percent < 0 else "stay level")
    summary = (f"At {cagr_percent:.1f} % a year, values {direction} from {billions(start)} ({start_label}) "
               f"to {billions(end)} ({end_label})")
    if proj_years:
        summary += (f"; the dashed extrapolation carries the same rate to {billions(proj_values[-1])} in "
                    f"{proj_years[-1]}, a guess that gets less certain every year.")
    else:
        summary += "."
    data: dict[str, Any] = {
        "unit": "billion USD",
        "years": years,
        "values": values,
        "published": [
            {"year": start_year, "value": start, "label": start_label, "marker": "o"},
            {"year": end_year, "value": end, "label": end_label, "marker": "D"},
        ],
        "projection_years": proj_years,
        "projection_values": proj_values,
        "projection_style": "dashed",
        "cagr_percent": cagr_percent,
    }
    return png, summary, data

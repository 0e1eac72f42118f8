"""Chart of the growth calculator (notebook 07): a compound growth path and an extrapolation.

The yearly path implied by one constant compound annual growth rate is drawn as a solid line; the two
published figures it passes through are marked with different markers (and labelled, so colour is
never the only cue); the learner's projection beyond the end year is dashed, sits in a hatched band
and is labelled as an extrapolation. Values are in billions of US dollars (billion USD).

matplotlib is imported inside the function (through :func:`csworkbook.plots.new_figure`), never when
this module is imported. The function returns ``(png_bytes, summary_sentence, data_dict)``.
"""
from __future__ import annotations

from typing import Any, Mapping

from csworkbook.plots import PALETTE, Chart, new_figure, to_png

#: Okabe–Ito roles: path (blue), start figure (green), end figure (orange), extrapolation (vermillion).
PATH_COLOUR, START_COLOUR, END_COLOUR, PROJECTION_COLOUR = PALETTE[0], PALETTE[2], PALETTE[1], PALETTE[5]


def billions(value: float) -> str:
    """Format an amount in billion USD with one decimal, e.g. ``434.2 billion USD``."""
    return f"{value:,.1f} billion USD"


def growth_chart(path: Mapping[int, float], projection: Mapping[int, float], cagr_percent: float, *,
                 start_label: str = "Start figure", end_label: str = "End figure") -> Chart:
    """Line chart of a compound growth path (billion USD per year) and a dashed extrapolation.

    path: value for every year from the start year to the end year (billion USD), the first and last
    being the published figures; projection: values for the years after the end year (billion USD),
    may be empty; cagr_percent: the compound annual growth rate (% per year); start_label, end_label:
    what the two published points are (e.g. "2012 actual", "2017 forecast made in 2013").
    """
    from csworkbook.plots import wait_for_warm_up

    wait_for_warm_up()
    years = sorted(path)
    values = [float(path[y]) for y in years]
    proj_years = sorted(projection)
    proj_values = [float(projection[y]) for y in proj_years]
    start_year, end_year = years[0], years[-1]
    start, end = values[0], values[-1]

    fig = new_figure(6.4, 3.6)
    ax = fig.add_subplot()
    if proj_years:
        ax.axvspan(end_year, proj_years[-1], facecolor="#EEEEEE", edgecolor="#BBBBBB", hatch="//",
                   linewidth=0, label="Extrapolated years")
        ax.plot([end_year, *proj_years], [end, *proj_values], linestyle="--", marker="^", markersize=5,
                color=PROJECTION_COLOUR, label=f"Extrapolation to {proj_years[-1]} (same rate)")
        ax.annotate(billions(proj_values[-1]), (proj_years[-1], proj_values[-1]), textcoords="offset points",
                    xytext=(-8, 0), ha="right", va="center", fontsize="small", color="#000000")
    ax.plot(years, values, linestyle="-", marker=".", color=PATH_COLOUR,
            label=f"Compound path at {cagr_percent:.1f} % a year")
    ax.plot([start_year], [start], linestyle="none", marker="o", markersize=9, color=START_COLOUR,
            markeredgecolor="#000000", label=f"{start_label}: {start:,.1f}")
    ax.plot([end_year], [end], linestyle="none", marker="D", markersize=9, color=END_COLOUR,
            markeredgecolor="#000000", label=f"{end_label}: {end:,.1f}")
    ax.annotate(start_label, (start_year, start), textcoords="offset points", xytext=(6, -14), fontsize="small")
    ax.annotate(end_label, (end_year, end), textcoords="offset points", xytext=(-6, 10), ha="right",
                fontsize="small")
    ax.margins(x=0.04, y=0.15)
    all_years = years + proj_years
    step = -(-len(all_years) // 9)  # at most nine year labels, so they never overlap
    ax.set_xticks(all_years[::step])
    ax.set_xlabel("Year")
    ax.set_ylabel("Billion US dollars")
    ax.set_title(f"Compound growth of {cagr_percent:.1f} % a year")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", fontsize="small")
    png = to_png(fig, layout="growth")

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

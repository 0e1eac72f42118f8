"""The growth calculator (notebook 07): how fast U.S. eCommerce grew, and what extending it would mean.

The learner starts from two published figures: U.S. eCommerce sales of 225.5 billion USD in 2012 and
434.2 billion USD for 2017 (eMarketer, April 2013). The 2017 number is a **forecast made in 2013**,
not a measured result. **Calculate** finds the compound annual growth rate with
:func:`csworkbook.calculators.compound_growth_rate`, the value it implies for every year in between,
and a projection a chosen number of years past the end year with :func:`csworkbook.calculators.project`.
The projection is an extrapolation of a forecast, and the widget says so. Money is in billion USD.
"""
from __future__ import annotations

import html
from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook.journal import Journal
from csworkbook.plots.growth import GrowthFigure
from csworkbook.rules.growth import (ARTICLE_END, ARTICLE_END_YEAR, ARTICLE_START, ARTICLE_START_YEAR, CAUTION,
                                     DEFAULT_PROJECTION_YEARS, MAX_PROJECTION_YEARS, MAX_SPAN, MAX_YEAR, MIN_YEAR,
                                     growth_table, parse_amount, parse_year)
from csworkbook.widgets.base import Activity

class GrowthCalculator(Activity):
    """Find the compound annual growth rate between two figures and extend it (billion USD, % a year).

    Type a start and end value (billion USD) and their years, choose how many years to project past the
    end year, press **Calculate**: the rate, every year in between, the projection and a chart appear,
    and the result is saved to the journal. **Reset to the article's figures** restores 225.5 → 434.2.
    """

    activity_id: ClassVar[str] = "growth_calculator"
    title: ClassVar[str] = "Growth calculator: U.S. eCommerce sales"
    has_chart: ClassVar[bool] = True

    def __init__(self, notebook: str = "07", *, journal: Journal | None = None, **kwargs: Any) -> None:
        #: The latest valid calculation (plain values) or ``None`` before one / after bad input.
        self.result: dict[str, Any] | None = None
        super().__init__(notebook=notebook, journal=journal, **kwargs)

    # ------------------------------------------------------------------ layout
    def build(self) -> list[widgets.Widget]:
        #: The one figure of this calculator, updated in place at every Calculate.
        self.figure = GrowthFigure()
        style = {"description_width": "15em"}
        wide = widgets.Layout(width="24em")
        self.start_input = widgets.Text(description="Start value (billion USD):", style=style, layout=wide)
        self.end_input = widgets.Text(description="End value (billion USD):", style=style, layout=wide)
        self.start_year_input = widgets.Text(description="Start year:", style=style, layout=wide)
        self.end_year_input = widgets.Text(description="End year:", style=style, layout=wide)
        self.projection_slider = widgets.IntSlider(
            value=DEFAULT_PROJECTION_YEARS, min=1, max=MAX_PROJECTION_YEARS, step=1,
            description="Project forward (years):", continuous_update=False, style=style,
            layout=widgets.Layout(width="32em"))
        self.calculate_button = widgets.Button(description="Calculate", button_style="primary", icon="calculator",
                                               tooltip="Work out the growth rate, the years between and the "
                                                       "projection, and save them to your journal")
        self.reset_button = widgets.Button(description="Reset to the article's figures", icon="refresh",
                                           tooltip="Put 225.5, 434.2, 2012 and 2017 back in the fields")
        self.calculate_button.on_click(lambda _b: self.calculate())
        self.reset_button.on_click(lambda _b: self.reset())
        self.projection_slider.observe(lambda _c: self._slider_moved(), names="value")
        self.results_html = widgets.HTML("<p><i>Press Calculate to see the growth rate and every year.</i></p>")
        intro = widgets.HTML(
            "<p>eMarketer (April 2013) put U.S. eCommerce sales at <b>225.5 billion USD in 2012</b> and "
            "expected <b>434.2 billion USD in 2017</b>. The 2017 number is a <b>forecast made in 2013</b>, "
            "not a measured result. Press <b>Calculate</b> to find the steady yearly growth that links the "
            "two, then try your own figures. Type amounts with a decimal point (225.5) and whole years.</p>")
        self._fill(ARTICLE_START, ARTICLE_END, ARTICLE_START_YEAR, ARTICLE_END_YEAR)
        return [intro, self.start_input, self.end_input, self.start_year_input, self.end_year_input,
                self.projection_slider, widgets.HBox([self.calculate_button, self.reset_button]),
                self.results_html]

    def _fill(self, start: float, end: float, start_year: int, end_year: int) -> None:
        self.start_input.value = f"{start:g}"
        self.end_input.value = f"{end:g}"
        self.start_year_input.value = str(start_year)
        self.end_year_input.value = str(end_year)

    # ------------------------------------------------------------------ values
    def read_inputs(self) -> dict[str, Any]:
        """The four fields as numbers (billion USD, billion USD, year, year); raises ``ValueError``."""
        return {"start": parse_amount("start value", self.start_input.value),
                "end": parse_amount("end value", self.end_input.value),
                "start_year": parse_year("start year", self.start_year_input.value),
                "end_year": parse_year("end year", self.end_year_input.value)}

    def _is_article(self, v: dict[str, Any]) -> bool:
        return (v["start"], v["end"], v["start_year"], v["end_year"]) == (
            ARTICLE_START, ARTICLE_END, ARTICLE_START_YEAR, ARTICLE_END_YEAR)

    def _labels(self, v: dict[str, Any]) -> tuple[str, str]:
        if self._is_article(v):
            return f"{v['start_year']} actual", f"{v['end_year']} forecast, made in 2013"
        return f"{v['start_year']} start figure", f"{v['end_year']} end figure"

    # ------------------------------------------------------------------ actions
    def prepare_chart(self) -> None:
        """Draw the chart of the figures in the fields ahead of the first Calculate (in the warm-up thread)."""
        from csworkbook.plots import growth as chart

        try:
            v = self.read_inputs()
            table = growth_table(v["start"], v["end"], v["start_year"], v["end_year"],
                                 int(self.projection_slider.value))
        except ValueError:
            return
        start_label, end_label = self._labels(v)
        chart.growth_chart(table["path"], table["projection"], table["cagr_percent"], start_label=start_label,
                           end_label=end_label, figure=self.figure)

    def calculate(self, *, save: bool = True) -> dict[str, Any] | None:
        """Compute, show and (by default) save the result; on bad input show why and keep the typing.

        Returns the saved journal entry, the unsaved data when ``save`` is false, or ``None`` on bad input.
        """
        try:
            v = self.read_inputs()
            table = growth_table(v["start"], v["end"], v["start_year"], v["end_year"],
                                 int(self.projection_slider.value))
        except ValueError as exc:
            self._show_error(str(exc))
            return None
        years = v["end_year"] - v["start_year"]
        cagr = round(table["cagr_percent"], 2)
        data = {
            "start": v["start"], "end": v["end"], "start_year": v["start_year"], "end_year": v["end_year"],
            "years": years, "cagr_percent": cagr,
            # string keys: the journal is JSON, so years come back as text anyway
            "path": {str(y): round(val, 2) for y, val in table["path"].items()},
            "projection": {str(y): round(val, 2) for y, val in table["projection"].items()},
        }
        self.result = data
        start_label, end_label = self._labels(v)
        self.results_html.value = self._table_html(table, v, start_label, end_label)
        from csworkbook.plots import growth as chart

        self.draw_chart(lambda: chart.growth_chart(table["path"], table["projection"], table["cagr_percent"],
                                                   start_label=start_label, end_label=end_label,
                                                   figure=self.figure))
        last_year = max(table["projection"])
        message = (f"Compound annual growth rate: {table['cagr_percent']:.1f} % a year "
                   f"({v['start']:g} → {v['end']:g} billion USD over {years} year{'s' if years != 1 else ''}). "
                   f"Carried on at that rate, {last_year} would reach "
                   f"{table['projection'][last_year]:,.1f} billion USD.\n" + self.caution(v["end_year"], v))
        if save:
            entry = self.save({k: data[k] for k in ("start", "end", "start_year", "end_year", "years",
                                                    "cagr_percent", "path", "projection")}, kind="result")
            if entry is None:
                self.give_feedback(message, "error")
                return None
            self.give_feedback(message + "\nSaved to your journal.", "success")
            return entry
        self.give_feedback(message + "\nPress Calculate to save this result to your journal.", "info")
        return data

    def caution(self, end_year: int, v: dict[str, Any] | None = None) -> str:
        """The extrapolation warning shown beside every projection."""
        forecast = ("is itself a forecast made in 2013" if v is None or self._is_article(v)
                    else "may itself be an estimate")
        return CAUTION.format(end_year=end_year, forecast=forecast)

    def reset(self) -> None:
        """Put the article's figures back in the fields and the slider to its start, and show them."""
        self._fill(ARTICLE_START, ARTICLE_END, ARTICLE_START_YEAR, ARTICLE_END_YEAR)
        self.result = None  # keeps the slider observer from recomputing half-way
        self.projection_slider.value = DEFAULT_PROJECTION_YEARS
        self.calculate(save=False)
        self.give_feedback("Back to the article's figures (eMarketer, April 2013).\n" + self.feedback_text,
                           self.feedback_level or "info")

    def _slider_moved(self) -> None:
        if self.result is not None:
            self.calculate(save=False)

    def _show_error(self, message: str) -> None:
        self.result = None
        self.give_feedback(message[:1].upper() + message[1:], "error")
        self.results_html.value = "<p><i>Fix the input above, then press Calculate again.</i></p>"
        self.hide_chart()

    # ------------------------------------------------------------------ display
    @staticmethod
    def _table_html(table: dict[str, Any], v: dict[str, Any], start_label: str, end_label: str) -> str:
        rows = []
        for year, value in table["path"].items():
            what = (start_label if year == v["start_year"] else end_label if year == v["end_year"]
                    else "implied by steady compound growth")
            rows.append((year, value, what, ""))
        for year, value in table["projection"].items():
            rows.append((year, value, "extrapolation (not a forecast)", "font-style:italic;background:#F2F2F2"))
        body = "".join(
            f"<tr style='{style}'><th scope='row' style='text-align:left;padding:0 0.8em 0 0'>{year}</th>"
            f"<td style='text-align:right;padding:0 0.8em'>{value:,.1f}</td><td>{html.escape(what)}</td></tr>"
            for year, value, what, style in rows)
        return (f"<p><b>Compound annual growth rate: {table['cagr_percent']:.1f} % a year</b></p>"
                "<table><caption style='text-align:left'>Value for every year (billion USD)</caption>"
                "<thead><tr><th scope='col' style='text-align:left'>Year</th>"
                "<th scope='col' style='text-align:right;padding:0 0.8em'>Billion USD</th>"
                "<th scope='col' style='text-align:left'>What it is</th></tr></thead>"
                f"<tbody>{body}</tbody></table>")

    @property
    def state(self) -> dict[str, Any]:
        return {**super().state,
                "inputs": {"start": self.start_input.value, "end": self.end_input.value,
                           "start_year": self.start_year_input.value, "end_year": self.end_year_input.value,
                           "projection_years": int(self.projection_slider.value)},
                "result": None if self.result is None else {
                    **self.result, "path": dict(self.result["path"]),
                    "projection": dict(self.result["projection"])}}

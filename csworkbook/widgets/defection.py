"""The defection-cost explorer (notebook 08): what unhappy customers who leave, and talk, really cost.

Fields and a slider feed :mod:`csworkbook.calculators` (lifetime revenue, direct loss, word-of-mouth
loss, total); every change recomputes at once and redraws a chart of direct versus word-of-mouth loss.
All money is in US dollars (USD). The **Ms. Ling** preset loads the example from *The Cost of
Dissatisfied Customers*. Input the calculators refuse shows their message in the widget.
"""
from __future__ import annotations

from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook import calculators
from csworkbook.content import MS_LING
from csworkbook.plots.defection import DefectionFigure, defection_chart, money
from csworkbook.widgets.base import Activity

#: Values the explorer starts with: a small café's regular (USD, purchases per year, years, people, fraction).
DEFAULTS: dict[str, float] = {"average_sale": 8.0, "purchases_per_year": 100.0, "years": 5.0,
                              "defectors": 10.0, "people_told": 9.0, "share_lost": 0.25}

#: The Ms. Ling example: $22 a week for 52 weeks over 10 years, 16 people told, every listener lost.
MS_LING_VALUES: dict[str, float] = {
    "average_sale": MS_LING["weekly_spend_usd"], "purchases_per_year": MS_LING["weeks_per_year"],
    "years": MS_LING["years"], "defectors": 1.0, "people_told": MS_LING["people_told"], "share_lost": 1.0,
}


class DefectionCostExplorer(Activity):
    """Explore how defectors and word of mouth add up (USD); results and chart update as you type."""

    activity_id: ClassVar[str] = "defection_cost_explorer"
    title: ClassVar[str] = "Defection-cost explorer"
    has_chart: ClassVar[bool] = True

    def build(self) -> list[widgets.Widget]:
        style = {"description_width": "16em"}
        wide = widgets.Layout(width="26em")
        self._holding = False
        #: The one figure of this explorer, updated in place on every change.
        self.figure = DefectionFigure()
        #: The latest results (USD) or ``None`` while the input is invalid.
        self.results: dict[str, float] | None = None
        self.fields: dict[str, widgets.ValueWidget] = {
            "average_sale": widgets.FloatText(description="Average sale (USD):", style=style, layout=wide),
            "purchases_per_year": widgets.FloatText(description="Purchases per year:", style=style, layout=wide),
            "years": widgets.FloatText(description="Years as a customer:", style=style, layout=wide),
            "defectors": widgets.FloatText(description="Customers who leave (defectors):", style=style, layout=wide),
            "people_told": widgets.FloatText(description="People each defector tells:", style=style, layout=wide),
            "share_lost": widgets.FloatSlider(min=0.0, max=1.0, step=0.05, readout_format=".0%",
                                              description="Share of listeners lost:", style=style, continuous_update=False,
                                              layout=widgets.Layout(width="34em")),
        }
        for name, field in self.fields.items():
            field.value = DEFAULTS[name]
            field.observe(lambda _change: self.update(), names="value")
        self.ling_button = widgets.Button(description="Ms. Ling", icon="user",
                                          tooltip="Load the Ms. Ling example from the article")
        self.reset_button = widgets.Button(description="Reset", icon="refresh", tooltip="Back to the starting values")
        self.save_button = widgets.Button(description="Save to journal", button_style="success", icon="save",
                                          tooltip="Save these inputs and results to your journal")
        self.ling_button.on_click(lambda _b: self.load_ms_ling())
        self.reset_button.on_click(lambda _b: self.set_values(DEFAULTS))
        self.save_button.on_click(lambda _b: self.save_result())
        self.results_html = widgets.HTML()
        intro = widgets.HTML(
            "<p>One customer who leaves takes their future spending with them, and the people they tell may stay "
            "away too. Change any number and watch the two losses. Money is in US dollars; the share of "
            "listeners lost runs from 0 % (nobody is put off) to 100 % (everyone who hears the story stays "
            "away).</p>")
        self.update()
        return [intro, *self.fields.values(),
                widgets.HBox([self.ling_button, self.reset_button, self.save_button]), self.results_html]

    # ------------------------------------------------------------------ values
    @property
    def values(self) -> dict[str, float]:
        """The six inputs as plain numbers (USD, per year, years, people, people, fraction)."""
        return {name: field.value for name, field in self.fields.items()}


    def set_values(self, values: dict[str, float]) -> None:
        """Set several inputs at once and recompute once."""
        with self.holding():
            for name, value in values.items():
                self.fields[name].value = value
        self.update()

    def compute(self) -> dict[str, float]:
        """Run the calculators on the current inputs; raises ``ValueError`` on bad input."""
        v = self.values
        lifetime = calculators.lifetime_revenue(v["average_sale"], v["purchases_per_year"], v["years"])
        direct = calculators.direct_loss(v["defectors"], lifetime)
        spoken = calculators.word_of_mouth_loss(v["defectors"], v["people_told"], v["share_lost"], lifetime)
        total = calculators.total_defection_cost(v["defectors"], v["people_told"], v["share_lost"], lifetime)
        return {"lifetime_revenue": lifetime, "direct_loss": direct, "word_of_mouth_loss": spoken, "total": total}

    # ------------------------------------------------------------------ actions
    def update(self) -> None:
        """Recompute and redraw; on bad input show the calculator's message and hide the chart."""
        if self._holding:
            return
        try:
            self.results = self.compute()
        except ValueError as exc:
            self.results = None
            message = str(exc)
            self.give_feedback(message[:1].upper() + message[1:], "error")
            self.results_html.value = "<p><i>Fix the input above to see the results.</i></p>"
            self.hide_chart()
            return
        r = self.results
        listeners = self.values["defectors"] * self.values["people_told"]
        self.results_html.value = (
            "<table><tbody>"
            f"<tr><th scope='row' style='text-align:left'>Lifetime revenue per customer</th><td>{money(r['lifetime_revenue'])}</td></tr>"
            f"<tr><th scope='row' style='text-align:left'>Direct loss</th><td>{money(r['direct_loss'])}</td></tr>"
            f"<tr><th scope='row' style='text-align:left'>Word-of-mouth loss</th><td>{money(r['word_of_mouth_loss'])}</td></tr>"
            f"<tr><th scope='row' style='text-align:left'>Total cost</th><td><b>{money(r['total'])}</b></td></tr>"
            "</tbody></table>")
        self.give_feedback(f"Each customer is worth {money(r['lifetime_revenue'])} over their time with you. "
                           f"{listeners:g} people hear the story; losing {self.values['share_lost']:.0%} of them "
                           f"costs {money(r['word_of_mouth_loss'])} on top of the direct {money(r['direct_loss'])}, "
                           f"{money(r['total'])} in all.", "info")
        self.draw_chart(lambda: defection_chart(r["direct_loss"], r["word_of_mouth_loss"], figure=self.figure))

    def load_ms_ling(self) -> None:
        """Load the Ms. Ling example and explain how it relates to the article's 183,040 USD."""
        self.set_values(MS_LING_VALUES)
        r = self.results
        assert r is not None
        self.give_feedback(
            f"Ms. Ling spends {money(MS_LING['weekly_spend_usd'])} a week, {MS_LING['weeks_per_year']} weeks a year, "
            f"for {MS_LING['years']} years: {money(r['lifetime_revenue'])}. She tells {MS_LING['people_told']} people. "
            f"The article's {money(r['word_of_mouth_loss'])} is that word-of-mouth loss, and it assumes every listener "
            f"is lost (share 100 %). Add her own lost spending and the total is {money(r['total'])}. "
            "Now lower the share of listeners lost: what is a more cautious estimate?", "info")

    def save_result(self) -> dict[str, Any] | None:
        """Save the inputs and results (USD) to the journal; refuses while the input is invalid."""
        if self.results is None:
            self.give_feedback("Fix the input first: there is no valid result to save yet.", "error")
            return None
        return self.save_then_say({"inputs": self.values, "results": dict(self.results)}, kind="result",
                                  message=f"Saved to your journal: total cost {money(self.results['total'])}.")

    @property
    def state(self) -> dict[str, Any]:
        return {**super().state, "inputs": self.values, "results": dict(self.results) if self.results else None}

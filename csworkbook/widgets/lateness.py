"""The lateness explorer (notebook 03): how might a late arrival be seen in different settings?

Three labelled controls — minutes late, the time orientation of the setting (0 = strongly
monochronic … 1 = strongly polychronic, Hall's idea used as a continuum) and the status of the late
person — feed :func:`csworkbook.rules.lateness.perceive`. Every change updates the label, a teaching note,
the advice to ask rather than assume, and a chart of the accepted wait (minutes) with a marker.
**Save** stores the current reading in the journal. The article's anchors (five to ten minutes in
monochronic settings, as much as an hour in some cultures) are kept; the scale between them and the
status factors are a teaching illustration, and the explorer says so. No learner action raises:
problems show as feedback.
"""
from __future__ import annotations

import html
from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook.plots.lateness import LatenessFigure
from csworkbook.rules import lateness
from csworkbook.content import CULTURE_CAVEAT
from csworkbook.widgets.base import Activity, Chart

#: Where the controls start: a short delay by a peer in a clock-first setting (minutes, 0–1, status key).
DEFAULTS: dict[str, Any] = {"minutes_late": 8, "orientation": 0.0, "status": "peer"}
#: Longest delay the slider offers (minutes); a senior leader's accepted wait in a polychronic setting is 120.
MAX_MINUTES = 150

#: Feedback level for each perception label (never "error": that is kept for input problems).
LEVELS: dict[str, str] = {"on time": "success", "within the accepted wait": "success",
                          "beyond the accepted wait": "warning"}


class LatenessExplorer(Activity):
    """Move the sliders to see how a late arrival might be perceived; save a reading to the journal.

    notebook: the notebook code saved with each reading (``"03"``); journal: where to save
    (defaults to the learner's journal).
    """

    activity_id: ClassVar[str] = "lateness_explorer"
    title: ClassVar[str] = "Lateness explorer: how long is too long?"
    has_chart: ClassVar[bool] = True

    def __init__(self, notebook: str = "03", *, journal: Any = None, **kwargs: Any) -> None:
        super().__init__(notebook=notebook, journal=journal, **kwargs)

    def build(self) -> list[widgets.Widget]:
        style = {"description_width": "15em"}
        wide = widgets.Layout(width="38em")
        #: The latest :class:`csworkbook.rules.lateness.Perception`, or ``None`` if the input could not be read.
        self.perception: lateness.Perception | None = None
        #: The one figure of this explorer, updated in place on every change.
        self.figure = LatenessFigure()
        intro = widgets.HTML(
            "<p>Imagine someone is late for an appointment with you. How long a wait feels acceptable depends "
            "on the setting and on who is late. In the U.S. and other <b>monochronic</b> (clock-first) settings, "
            "a wait of 5 to 10 minutes is acceptable; in some <b>polychronic</b> settings, where people and the "
            "matter at hand come before the schedule, as much as an hour can be fine; and the higher the late "
            "person's rank, the longer others tend to wait.</p>"
            f"<p><i>{html.escape(lateness.ILLUSTRATION_NOTE)}</i></p>"
            "<details><summary>Where this explorer goes beyond the article</summary><ul>"
            + "".join(f"<li>{html.escape(d)}</li>" for d in lateness.DEPARTURES) + "</ul></details>")
        self.minutes_slider = widgets.IntSlider(
            value=DEFAULTS["minutes_late"], min=0, max=MAX_MINUTES, step=1, description="Minutes late:",
            style=style, layout=wide, continuous_update=False,
            tooltip="How many minutes after the agreed time the person arrives")
        self.orientation_slider = widgets.FloatSlider(
            value=DEFAULTS["orientation"], min=0.0, max=1.0, step=0.05, readout_format=".2f",
            description="Time orientation of the setting:", style=style, layout=wide, continuous_update=False,
            tooltip="0 = strongly monochronic (clock-first), 1 = strongly polychronic (people-first)")
        self.orientation_words = widgets.HTML("")
        self.status_buttons = widgets.RadioButtons(
            options=[(s.label, s.key) for s in lateness.STATUSES.values()], value=DEFAULTS["status"],
            description="Status of the late person:", style=style, layout=widgets.Layout(width="38em"))
        self.save_button = widgets.Button(description="Save", button_style="success", icon="save",
                                          tooltip="Save this reading to your journal")
        self.reset_button = widgets.Button(description="Reset", icon="refresh",
                                           tooltip="Back to the starting values")
        self.advice = widgets.HTML(
            f"<p><b>Ask, don't assume.</b> {html.escape(CULTURE_CAVEAT)} Hall's monochronic and polychronic "
            "styles are two ends of a scale, and one person can sit anywhere on it.</p>")
        for control in (self.minutes_slider, self.orientation_slider, self.status_buttons):
            control.observe(lambda _change: self.update(), names="value")
        self.save_button.on_click(lambda _b: self.save_reading())
        self.reset_button.on_click(lambda _b: self.reset())
        self._holding = False
        self.update()
        return [intro, self.minutes_slider, self.orientation_slider, self.orientation_words, self.status_buttons,
                widgets.HBox([self.save_button, self.reset_button]), self.advice]

    # ------------------------------------------------------------------ values
    @property
    def values(self) -> dict[str, Any]:
        """The three inputs as plain values: minutes late, orientation (0–1) and status key."""
        return {"minutes_late": self.minutes_slider.value, "orientation": self.orientation_slider.value,
                "status": self.status_buttons.value}

    def set_values(self, minutes_late: float | None = None, orientation: float | None = None,
                   status: str | None = None) -> None:
        """Set any of the three controls at once and update once (values outside a slider are clamped)."""
        known = ", ".join(f"'{k}'" for k in lateness.STATUSES)
        self.set_controls([(self.minutes_slider, minutes_late), (self.orientation_slider, orientation),
                           (self.status_buttons, status)],
                          f"That value cannot be used here: minutes late run from 0 to {MAX_MINUTES}, the "
                          f"orientation from 0 to 1, and the status is one of {known}. The other controls are "
                          "unchanged.")

    # ------------------------------------------------------------------ actions
    def update(self) -> None:
        """Recompute the perception, the feedback and the chart; on a problem, explain it and keep going."""
        if self._holding:
            return
        v = self.values
        try:
            p = lateness.perceive(v["minutes_late"], v["orientation"], v["status"])
            words = lateness.orientation_words(p.orientation)
        except ValueError as exc:
            self.perception = None
            self.hide_chart()
            self.give_feedback(f"{exc} Adjust the controls to continue.", "error")
            return
        self.perception = p
        self.orientation_words.value = (f"<p style='margin:0 0 0.4em 15.5em'>This setting is "
                                        f"<b>{html.escape(words)}</b>.</p>")
        who = lateness.STATUSES[p.status].label.lower()
        self.give_feedback(
            f"{lateness.fmt_minutes(p.minutes_late)} minutes late, {who}, {words} setting: {p.label}.\n"
            f"{p.note}\n{p.advice}", LEVELS[p.label])  # type: ignore[arg-type]
        from csworkbook.plots import lateness as chart

        def make() -> Chart:
            limits = {key: lateness.accepted_wait_minutes(p.orientation, key) for key in lateness.STATUSES}
            names = {key: s.label for key, s in lateness.STATUSES.items()}
            return chart.lateness_chart(p.minutes_late, limits, p.status, p.label, names=names, setting=words,
                                        figure=self.figure)

        self.draw_chart(make, extra={"orientation": p.orientation})

    def save_reading(self) -> dict[str, Any] | None:
        """Save the current reading (minutes late, orientation 0–1, status, label) to the journal."""
        p = self.perception
        if p is None:
            self.give_feedback("There is no valid reading to save yet; adjust the controls first.", "error")
            return None
        return self.save_then_say(
            {"minutes_late": p.minutes_late, "orientation": p.orientation, "status": p.status, "label": p.label,
             "limit": p.limit, "acceptable": p.acceptable}, kind="result",
            message=f"Saved to your journal: {lateness.fmt_minutes(p.minutes_late)} minutes late counts as "
                    f"'{p.label}' here. Try another setting or status and compare.")

    def reset(self) -> None:
        """Put the three controls back to :data:`DEFAULTS`."""
        self.set_values(DEFAULTS["minutes_late"], DEFAULTS["orientation"], DEFAULTS["status"])

    @property
    def state(self) -> dict[str, Any]:
        p = self.perception
        return {**super().state, **self.values, "label": p.label if p else None,
                "limit": p.limit if p else None, "acceptable": p.acceptable if p else None}

"""The talk-time planner (notebook 02): plan a call that fits the clock without rushing the customer.

The learner is a call-centre agent about to ring a customer who may come from a relationship-oriented
culture. Labelled sliders set the centre's talk-time target, the extra minutes a supervisor agreed
beforehand, and the minutes planned for each phase of the call; a checkbox records whether the
supervisor was asked before the shift. Every change runs :func:`csworkbook.rules.talk_time.assess` and
shows its findings, a score and a chart of the plan against the target. **Save plan** stores the
plan in the journal; **Reset** goes back to the starting values. No learner action raises: problems
show as feedback.
"""
from __future__ import annotations

import html
from typing import Any, ClassVar, Mapping

import ipywidgets as widgets

from csworkbook.plots.talk_time import TalkTimeFigure
from csworkbook.rules import talk_time
from csworkbook.content import CULTURE_CAVEAT
from csworkbook.widgets.base import Activity

#: Slider ranges (minutes).
LIMIT_RANGE: tuple[int, int] = (3, 15)
FLEXIBILITY_RANGE: tuple[int, int] = (0, 10)
PHASE_MAX: float = 10.0
PHASE_STEP: float = 0.5

#: Where the controls start (a plan that fits a 6-minute target but gives rapport only half a minute).
DEFAULTS: dict[str, Any] = {"limit": talk_time.DEFAULT_LIMIT, "flexibility": talk_time.DEFAULT_FLEXIBILITY,
                            "minutes": talk_time.default_minutes(), "asked_supervisor": False}

#: How each finding's level is introduced in the feedback text.
LEVEL_WORDS: dict[str, str] = {"warning": "Check", "info": "Note", "success": "Good"}


class TalkTimePlanner(Activity):
    """Plan the minutes of a call against a talk-time target; read live feedback; save the plan.

    notebook: the notebook code saved with each plan (``"02"``); journal: where to save (defaults to
    the learner's journal).
    """

    activity_id: ClassVar[str] = "talk_time_planner"
    title: ClassVar[str] = "Talk-time planner: room for the relationship inside the clock"
    has_chart: ClassVar[bool] = True

    def __init__(self, notebook: str = "02", *, journal: Any = None, **kwargs: Any) -> None:
        super().__init__(notebook=notebook, journal=journal, **kwargs)

    def build(self) -> list[widgets.Widget]:
        style = {"description_width": "19em"}
        wide = widgets.Layout(width="40em")
        #: The latest :class:`csworkbook.rules.talk_time.Assessment`, or ``None`` if the input could not be read.
        self.assessment: talk_time.Assessment | None = None
        #: The one figure of this planner, updated in place on every change.
        self.figure = TalkTimeFigure()
        self._holding = True  # no updates while the controls are being created
        intro = widgets.HTML(
            "<p>You work in a call centre and are about to ring a customer who may expect some friendly "
            "conversation, and a little trust, before getting down to business. Your centre measures talk time "
            "against a target. Set the target, any extra minutes your supervisor agreed with you in advance, "
            "and how many minutes you plan for each phase of the call. The feedback and the chart follow every "
            "change.</p><p>Sliders move with the arrow keys once selected; the score rewards time for every "
            "phase, about a minute of rapport, a plan within what you are allowed, and asking before the shift."
            "</p>")
        self.limit_slider = widgets.IntSlider(
            value=DEFAULTS["limit"], min=LIMIT_RANGE[0], max=LIMIT_RANGE[1], step=1,
            description="Talk-time target (minutes):", style=style, layout=wide, continuous_update=False,
            tooltip="The average call length your centre aims for")
        self.flexibility_slider = widgets.IntSlider(
            value=DEFAULTS["flexibility"], min=FLEXIBILITY_RANGE[0], max=FLEXIBILITY_RANGE[1], step=1,
            description="Extra minutes agreed beforehand:", style=style, layout=wide, continuous_update=False,
            tooltip="Minutes beyond the target that your supervisor allowed before the shift")
        #: One slider per phase of the call, keyed like :data:`csworkbook.rules.talk_time.PHASES`.
        self.phase_sliders: dict[str, widgets.FloatSlider] = {
            key: widgets.FloatSlider(
                value=DEFAULTS["minutes"][key], min=0.0, max=PHASE_MAX, step=PHASE_STEP, readout_format=".1f",
                description=f"{phase.label} (minutes):", style=style, layout=wide, continuous_update=False,
                tooltip=phase.purpose)
            for key, phase in talk_time.PHASES.items()}
        self.asked_checkbox = widgets.Checkbox(
            value=DEFAULTS["asked_supervisor"], indent=False, layout=widgets.Layout(width="40em"),
            description="I asked my supervisor about flexibility before the shift")
        self.total_words = widgets.HTML("")
        self.save_button = widgets.Button(description="Save plan", button_style="success", icon="save",
                                          tooltip="Save this plan and its feedback to your journal")
        self.reset_button = widgets.Button(description="Reset", icon="refresh",
                                           tooltip="Back to the starting values")
        self.advice = widgets.HTML(
            f"<p><b>Ask, don't assume.</b> {html.escape(CULTURE_CAVEAT)} A customer from one of the countries "
            "often called relationship-oriented may still want a quick answer today; a customer from anywhere "
            "may want to chat first.</p>")
        for control in (self.limit_slider, self.flexibility_slider, *self.phase_sliders.values(),
                        self.asked_checkbox):
            control.observe(lambda _change: self.update(), names="value")
        self.save_button.on_click(lambda _b: self.save_plan())
        self.reset_button.on_click(lambda _b: self.reset())
        phases = widgets.VBox([widgets.HTML("<b>Minutes planned for each phase of the call</b>"),
                               *self.phase_sliders.values()])
        self._holding = False
        self.update()
        return [intro, self.limit_slider, self.flexibility_slider, self.asked_checkbox, phases, self.total_words,
                widgets.HBox([self.save_button, self.reset_button]), self.advice]

    # ------------------------------------------------------------------ values
    @property
    def values(self) -> dict[str, Any]:
        """The inputs as plain values: limit and flexibility (minutes), minutes per phase, asked (bool)."""
        return {"limit": self.limit_slider.value, "flexibility": self.flexibility_slider.value,
                "minutes": {key: slider.value for key, slider in self.phase_sliders.items()},
                "asked_supervisor": self.asked_checkbox.value}

    def set_values(self, limit: float | None = None, flexibility: float | None = None,
                   minutes: Mapping[str, float] | None = None, asked_supervisor: bool | None = None) -> None:
        """Set any of the controls at once and update once (values outside a slider's range are clamped).

        minutes may name only some phases; an unknown phase name changes nothing and is explained.
        """
        try:
            keys = {talk_time.phase_key(name): value for name, value in (minutes or {}).items()}
        except ValueError as exc:
            self.give_feedback(f"{exc} Nothing was changed.", "error")
            return
        except (AttributeError, TypeError):
            self.give_feedback("The minutes must be given per phase, for example {'rapport': 1}. Nothing was "
                               "changed.", "error")
            return
        self.set_controls(
            [(self.limit_slider, limit), (self.flexibility_slider, flexibility),
             *((self.phase_sliders[key], value) for key, value in keys.items()),
             (self.asked_checkbox, asked_supervisor)],
            f"That value cannot be used here: the target runs from {LIMIT_RANGE[0]} to {LIMIT_RANGE[1]} minutes, "
            f"the agreed flexibility from {FLEXIBILITY_RANGE[0]} to {FLEXIBILITY_RANGE[1]}, each phase from 0 to "
            f"{talk_time.fmt(PHASE_MAX)} minutes, and the checkbox is ticked or not. Controls set before the "
            "problem keep their new values.")

    # ------------------------------------------------------------------ actions
    def update(self) -> None:
        """Reassess the plan, refresh the feedback and the chart; on a problem, explain it and keep going."""
        if self._holding:
            return
        v = self.values
        try:
            a = talk_time.assess(v["limit"], v["flexibility"], v["minutes"], v["asked_supervisor"])
        except ValueError as exc:
            self.assessment = None
            self.total_words.value = ""
            self.hide_chart()
            self.give_feedback(f"{exc} Adjust the controls to continue.", "error")
            return
        self.assessment = a
        self.total_words.value = (
            f"<p>Planned total: <b>{talk_time.fmt(a.total)} min</b> of {talk_time.fmt(a.allowed)} min allowed "
            f"({talk_time.fmt(a.limit)} min target + {talk_time.fmt(a.flexibility)} min flexibility).</p>")
        lines = [f"{a.headline} Score: {a.percent:g} %."]
        lines += [f"• {LEVEL_WORDS[f.level]}: {f.text}" for f in a.findings]
        self.give_feedback("\n".join(lines), a.level)  # type: ignore[arg-type]
        from csworkbook.plots import talk_time as chart

        self.draw_chart(lambda: chart.talk_time_chart(a.minutes, a.limit, a.flexibility, agreed=a.asked_supervisor,
                                                      figure=self.figure),
                        extra={"percent": a.percent})

    def save_plan(self) -> dict[str, Any] | None:
        """Save the current plan, its score and its findings to the journal (kind ``"result"``)."""
        a = self.assessment
        if a is None:
            self.give_feedback("There is no valid plan to save yet; adjust the controls first.", "error")
            return None
        warnings = sum(f.level == "warning" for f in a.findings)
        todo = (f" {warnings} point(s) still say 'Check'; try another plan and save again." if warnings
                else " Try a tighter target and see what you would ask your supervisor for.")
        return self.save_then_say(talk_time.as_record(a), kind="result", message=(
            f"Saved your plan to your journal: {talk_time.fmt(a.total)} min, score {a.percent:g} %." + todo))

    def reset(self) -> None:
        """Put every control back to :data:`DEFAULTS`."""
        self.set_values(DEFAULTS["limit"], DEFAULTS["flexibility"], DEFAULTS["minutes"],
                        DEFAULTS["asked_supervisor"])


    @property
    def state(self) -> dict[str, Any]:
        a = self.assessment
        return {**super().state, **self.values, "total": a.total if a else None,
                "percent": a.percent if a else None, "over_by": a.over_by if a else None,
                "findings": {f.key: f.level for f in a.findings} if a else None}


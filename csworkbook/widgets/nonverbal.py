"""The nonverbal peer evaluation (notebook 04): a co-worker watches one service transaction and answers four questions.

The four dimensions of :data:`csworkbook.content.NONVERBAL` (body language, facial expression, eye
contact, tone of voice) are each answered Yes, No or Unsure, with an optional comment; the observer's
name and a short description of the transaction are optional too. **Save observation** stores the
answers in the journal (kind ``observation``) with a score in percent (yes = 1, unsure = 0.5, no = 0,
averaged, times 100), gives feedback for every No or Unsure, and redraws a chart of each dimension
across all observations so far. **Clear form** empties the form for the next observation.
"""
from __future__ import annotations

import html
from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook.content import EYE_CONTACT_CAVEAT, NONVERBAL, POOR_IMAGE_CONSEQUENCES, NonverbalDimension
from csworkbook.journal import Journal
from csworkbook.plots.nonverbal import NonverbalFigure, nonverbal_chart
from csworkbook.rules.nonverbal import ANSWER_SCORES, KEYS, is_observation, observation_percent
from csworkbook.rules.wording import join_words
from csworkbook.widgets.base import Activity

NAMES: dict[str, str] = {d.key: d.name for d in NONVERBAL}
_BY_KEY: dict[str, NonverbalDimension] = {d.key: d for d in NONVERBAL}
#: The three answers an observer can give: label shown -> value saved.
ANSWERS: dict[str, str] = {"Yes": "yes", "No": "no", "Unsure": "unsure"}


class NonverbalPeerEvaluation(Activity):
    """A co-worker's checklist for one service transaction: four yes / no / unsure questions, saved and charted.

    notebook: the notebook code stored with each observation (``"04"``); journal: where observations are saved.
    """

    activity_id: ClassVar[str] = "nonverbal_peer_evaluation"
    title: ClassVar[str] = "Nonverbal peer evaluation: what did your co-worker see and hear?"
    has_chart: ClassVar[bool] = True

    def __init__(self, notebook: str = "04", *, journal: Journal | None = None, **kwargs: Any) -> None:
        super().__init__(notebook=notebook, journal=journal, **kwargs)

    def build(self) -> list[widgets.Widget]:
        self._holding = False
        #: Every saved observation's data (as in the journal), oldest first.
        self.observations: list[dict[str, Any]] = []
        #: The one figure of this evaluation, updated in place at every saved observation.
        self.figure = NonverbalFigure()
        style = {"description_width": "15em"}
        wide = widgets.Layout(width="38em")
        intro = widgets.HTML(
            "<p>You cannot see your own face or hear your own voice the way a customer does, so this "
            "checklist is filled in by someone else. Ask a co-worker to watch you serve one customer from "
            "start to finish. Afterwards, sit down together: they answer the four questions below "
            "(Yes, No or Unsure) and can add a comment to each. Then press <b>Save observation</b>. "
            "Repeat with other transactions, and other observers, to see how you change over time.</p>")
        self.observer_input = widgets.Text(description="Observer's name (optional):", style=style, layout=wide,
                                           placeholder="e.g. Sam from the front desk")
        self.transaction_input = widgets.Textarea(description="Transaction observed (optional):", style=style,
                                                  layout=widgets.Layout(width="38em", height="4em"),
                                                  placeholder="e.g. a customer returning a jacket without a receipt")
        #: One Yes / No / Unsure control per dimension key (value ``"yes"``, ``"no"``, ``"unsure"`` or ``None``).
        self.answer_controls: dict[str, widgets.ToggleButtons] = {}
        #: One optional comment box per dimension key.
        self.comment_inputs: dict[str, widgets.Text] = {}
        rows: list[widgets.Widget] = [intro, self.observer_input, self.transaction_input]
        for number, dim in enumerate(NONVERBAL, start=1):
            question = widgets.HTML(f"<p style='margin:0.6em 0 0.1em'><b>{number}. {html.escape(dim.name)}.</b> "
                                    f"{html.escape(dim.question)}</p>")
            control = widgets.ToggleButtons(options=list(ANSWERS.items()), value=None,
                                            description=f"{dim.name}:", style=style,
                                            tooltips=[f"{label}: {dim.question}" for label in ANSWERS])
            control.add_class(f"csw-answer-{dim.key}")
            control.observe(lambda _c, key=dim.key: self._answered(key), names="value")
            comment = widgets.Text(description=f"Comment on {dim.name.lower()}:", style=style, layout=wide,
                                   placeholder="optional: what exactly did you notice?")
            comment.add_class(f"csw-comment-{dim.key}")
            self.answer_controls[dim.key] = control
            self.comment_inputs[dim.key] = comment
            rows += [question, control, comment]
            if dim.key == "eye_contact":
                rows.append(widgets.HTML(f"<p style='margin:0 0 0 1em;font-size:90%;color:#444'><i>Note:</i> "
                                         f"{html.escape(EYE_CONTACT_CAVEAT)}</p>"))
        self.save_button = widgets.Button(description="Save observation", button_style="success", icon="save",
                                          tooltip="Save these answers to your journal and update the chart")
        self.save_button.add_class("csw-save")
        self.clear_button = widgets.Button(description="Clear form", icon="eraser",
                                           tooltip="Empty the form for the next observation (saved ones stay)")
        self.clear_button.add_class("csw-clear")
        self.save_button.on_click(lambda _b: self.save_observation())
        self.clear_button.on_click(lambda _b: self.clear())
        rows.append(widgets.HBox([self.save_button, self.clear_button]))
        self._load_observations()
        if self.observations:
            self._draw()
            self.give_feedback(f"Welcome back: {len(self.observations)} observation(s) saved so far. Fill in the "
                               "form for your next transaction to add to the chart.", "info")
        return rows

    # ------------------------------------------------------------------ values
    @property
    def answers(self) -> dict[str, str | None]:
        """Dimension key -> ``"yes"``, ``"no"``, ``"unsure"``, or ``None`` while unanswered."""
        return {key: control.value for key, control in self.answer_controls.items()}

    @property
    def comments(self) -> dict[str, str]:
        """Dimension key -> the observer's comment (stripped; empty when none)."""
        return {key: box.value.strip() for key, box in self.comment_inputs.items()}

    @property
    def percent_history(self) -> list[float]:
        """The score (0–100 %) of every saved observation, oldest first."""
        return [observation_percent(o["answers"]) for o in self.observations]

    def set_answer(self, key: str, value: str | None) -> bool:
        """Answer dimension ``key`` with ``"yes"``, ``"no"`` or ``"unsure"`` (any case); ``None`` clears it.

        Returns ``False`` (and shows why) for an unknown dimension or answer.
        """
        if key not in self.answer_controls:
            self.give_feedback(f"There is no dimension called {key!r}; use one of {', '.join(KEYS)}.", "error")
            return False
        if value is None:
            self.answer_controls[key].value = None
            return True
        answer = str(value).strip().lower()
        if answer not in ANSWER_SCORES:
            self.give_feedback(f"{value!r} is not an answer for {NAMES[key]}; choose yes, no or unsure.", "error")
            return False
        self.answer_controls[key].value = answer
        return True

    def missing(self) -> list[str]:
        """Keys of the questions not answered yet, in checklist order."""
        return [key for key, value in self.answers.items() if value is None]

    # ------------------------------------------------------------------ actions
    def save_observation(self) -> dict[str, Any] | None:
        """Save the answers (with comments, observer, transaction and percent 0–100), give feedback, redraw.

        With any question unanswered, names them and saves nothing (returns ``None``).
        """
        missing = self.missing()
        if missing:
            self.give_feedback("Please answer every question before saving. Still unanswered: "
                               f"{join_words([NAMES[k] for k in missing])}.", "error")
            return None
        answers = {key: str(value) for key, value in self.answers.items()}
        percent = observation_percent(answers)
        data = {"answers": answers, "comments": self.comments, "observer": self.observer_input.value.strip(),
                "transaction": self.transaction_input.value.strip(), "percent": percent}
        entry = self.save(data, kind="observation")
        if entry is None:
            return None
        self._load_observations()
        if not self.observations or self.observations[-1] != data:  # journal unreadable: keep it in view
            self.observations.append(data)
        self._draw()
        message, level = self._feedback_for(answers, percent)
        self.give_feedback(message, level)
        return entry

    def clear(self) -> None:
        """Empty every answer, comment and text box for the next observation (saved observations stay)."""
        with self.holding():
            for control in self.answer_controls.values():
                control.value = None
            for box in self.comment_inputs.values():
                box.value = ""
            self.observer_input.value = ""
            self.transaction_input.value = ""
        self.give_feedback(f"Form cleared, ready for observation {len(self.observations) + 1}.", "info")

    # ------------------------------------------------------------------ feedback
    def _feedback_for(self, answers: dict[str, str], percent: float) -> tuple[str, str]:
        number = len(self.observations)
        yes = sum(1 for a in answers.values() if a == "yes")
        head = f"Observation {number} saved: {yes} of {len(KEYS)} answered yes ({percent:g} %)."
        to_work_on = [k for k in KEYS if answers[k] != "yes"]
        if not to_work_on:
            return (f"{head} Well done: your co-worker saw a confident, welcoming provider on every count. "
                    "One observer on one transaction is a small sample, though, so ask a different colleague "
                    "to watch you with another customer, ideally a harder one, and see whether it holds.",
                    "success")
        lines = [head, "What to work on:"]
        for key in to_work_on:
            lines.append(f"• {NAMES[key]} ({answers[key]}): {_BY_KEY[key].feedback}")
        if "eye_contact" in to_work_on:
            lines.append(f"About eye contact: {EYE_CONTACT_CAVEAT} Talk with your observer about what felt "
                         "right to this particular customer before you change anything.")
        lines.append("Why it matters: an image that keeps coming across badly tends to be read as poor "
                     "performance or a poor attitude, and the possible results include:")
        for consequence in POOR_IMAGE_CONSEQUENCES:
            lines.append(f"• {consequence.name}: {consequence.explanation}")
        lines.append("A next step: a communication coach, or a training course on nonverbal skills, can give "
                     "you expert feedback and practice on exactly these points.")
        return "\n".join(lines), "warning" if "no" in answers.values() else "info"

    def _answered(self, key: str) -> None:
        if self._holding:
            return
        value = self.answer_controls[key].value
        said = f"{NAMES[key]}: {value}." if value is not None else f"{NAMES[key]}: not answered."
        missing = self.missing()
        if missing:
            self.give_feedback(f"{said} {len(KEYS) - len(missing)} of {len(KEYS)} answered; still to answer: "
                               f"{join_words([NAMES[k] for k in missing])}.", "info")
        else:
            self.give_feedback(f"{said} All four answered: add any comments, then press Save observation.", "info")

    # ------------------------------------------------------------------ helpers
    def _load_observations(self) -> None:
        try:
            entries = self.journal.entries(activity=self.activity_id, kind="observation")
        except OSError:
            entries = []
        self.observations = [e["data"] for e in entries if is_observation(e.get("data"))]

    def prepare_chart(self) -> None:
        """Build the figure and draw its axes (as for a first observation) before the first Save."""
        if self.figure.fig is None:
            self.figure.draw(dict(NAMES), {k: [1.0] for k in KEYS})

    def _draw(self) -> None:
        series = {k: [o["answers"][k] for o in self.observations] for k in KEYS}
        self.draw_chart(lambda: nonverbal_chart(NAMES, series, figure=self.figure))


    @property
    def state(self) -> dict[str, Any]:
        return {**super().state, "answers": dict(self.answers), "comments": self.comments,
                "observer": self.observer_input.value.strip(), "transaction": self.transaction_input.value.strip(),
                "observations": len(self.observations), "percent_history": self.percent_history}

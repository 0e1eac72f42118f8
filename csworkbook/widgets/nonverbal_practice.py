"""Practice observation (notebook 04): rate a described service transaction alone, then compare.

Before asking a colleague for a real peer evaluation, the learner reads one described transaction
(:mod:`csworkbook.rules.practice_observation`) and answers the four checklist questions Yes, No or
Unsure. **Compare with the trainer** gives feedback on every part: whether the answer matches the
trainer's reading and why the trainer answered as they did. The result (answers, matches, percent of
the four that match) is saved to the journal as ``nonverbal_practice`` / ``result``. No learner
action raises: an unanswered part is reported as feedback.
"""
from __future__ import annotations

import html
from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook.content import NONVERBAL
from csworkbook.journal import Journal
from csworkbook.rules.practice_observation import KEYS, Practice, PracticeError, compare, load
from csworkbook.widgets.base import Activity

#: The three answers: label shown -> value compared and saved.
CHOICES: dict[str, str] = {"Yes": "yes", "No": "no", "Unsure": "unsure"}
_NAMES = {d.key: d.name for d in NONVERBAL}


class NonverbalPractice(Activity):
    """Rate a described transaction with the four-part checklist and compare with a trainer's reading.

    notebook: the notebook code saved with the result (``"04"``); practice: another :class:`Practice`
    (defaults to the shipped one); journal: where to save.
    """

    activity_id: ClassVar[str] = "nonverbal_practice"
    title: ClassVar[str] = "Practice observation: rate a transaction on your own"

    def __init__(self, notebook: str = "04", *, practice: Practice | None = None, journal: Journal | None = None,
                 **kwargs: Any) -> None:
        self._practice = practice
        super().__init__(notebook=notebook, journal=journal, **kwargs)

    def build(self) -> list[widgets.Widget]:
        self.result: dict[str, Any] | None = None
        try:
            self.practice: Practice | None = self._practice or load()
        except PracticeError as exc:
            self.practice = None
            self.answer_controls: dict[str, widgets.ToggleButtons] = {}
            return [widgets.HTML(f"<p>The practice observation could not be loaded: {html.escape(str(exc))}</p>")]
        story = "".join(f"<p>{html.escape(p)}</p>" for p in self.practice.transaction)
        rows: list[widgets.Widget] = [widgets.HTML(
            f"<p><b>{html.escape(self.practice.title)}.</b> Read what happened, then answer the four questions "
            "as if you had been asked to observe Dana.</p>"
            f"<div style='border-left:4px solid #999;padding-left:0.8em'>{story}</div>")]
        self.answer_controls = {}
        for number, dim in enumerate(NONVERBAL, start=1):
            rows.append(widgets.HTML(f"<p style='margin:0.6em 0 0.1em'><b>{number}. {html.escape(dim.name)}.</b> "
                                     f"{html.escape(dim.question)}</p>"))
            control = widgets.ToggleButtons(options=list(CHOICES.items()), value=None,
                                            description=f"{dim.name}:", style={"description_width": "10em"})
            self.answer_controls[dim.key] = control
            rows.append(control)
        self.compare_button = widgets.Button(description="Compare with the trainer", button_style="primary",
                                             icon="check", tooltip="See the trainer's reading of this transaction")
        self.compare_button.on_click(lambda _b: self.check())
        rows.append(self.compare_button)
        return rows

    @property
    def answers(self) -> dict[str, str | None]:
        """The learner's answer per dimension key (``"yes"``, ``"no"``, ``"unsure"`` or ``None``)."""
        return {key: control.value for key, control in self.answer_controls.items()}

    def check(self) -> dict[str, Any] | None:
        """Compare the answers with the trainer's reading, give feedback on each part, save; return the result."""
        if self.practice is None:
            self.give_feedback("There is no practice observation to compare with.", "error")
            return None
        missing = [_NAMES[k] for k, v in self.answers.items() if v is None]
        if missing:
            self.give_feedback(f"Answer every part first; still open: {', '.join(missing)}.", "error")
            return None
        answers = {k: str(v) for k, v in self.answers.items()}
        matches = compare(answers, self.practice)
        agreed = sum(matches.values())
        lines = []
        for key in KEYS:
            yours, trainer = answers[key], self.practice.answers[key]
            mark = "Same as the trainer" if matches[key] else f"You said {yours}; the trainer said {trainer}"
            lines.append(f"<li><b>{html.escape(_NAMES[key])}</b>: {mark}. {html.escape(self.practice.reasons[key])}</li>")
        summary = (f"You matched the trainer on {agreed} of {len(KEYS)} parts. Where you differ, read the reason: "
                   "observers disagree most on eye contact, because what suits one customer does not suit another. "
                   "Next, ask a colleague to observe one of your real contacts with the checklist below.")
        self.result = {"answers": answers, "matches": matches, "agreed": agreed, "total": len(KEYS),
                       "percent": round(100.0 * agreed / len(KEYS), 1)}
        self.save(self.result, kind="result")  # a failed save adds its own message to the feedback below
        self.give_feedback(summary, "success" if agreed == len(KEYS) else "info",
                           detail_html=f"<ul>{''.join(lines)}</ul>")
        return self.result

    @property
    def state(self) -> dict[str, Any]:
        return {**super().state, "answers": self.answers, "result": self.result}

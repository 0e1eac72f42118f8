"""The knowledge check at the end of every notebook: questions with feedback on every answer.

A choice question has a labelled set of radio buttons (nothing chosen at first), its options in an
order shuffled for each learner and question but the same every time that learner opens it. A number
question has a labelled field; an answer within the stated tolerance is right, and common slips get
feedback of their own. Each question has its own **Check** button. Checking shows, straight away and
under that question, the feedback written for the answer given and, when it was wrong, the right
answer. The first check of a question counts: the question is then locked, and its answer is saved
to the journal (kind ``answer``). When every question has been checked, the score is saved (kind
``result``) and a summary lists what to revisit. **Try again** clears the questions for a new round.

:class:`MultipleChoice` holds the shared machinery; :class:`csworkbook.widgets.review.SpacedReview`
reuses it for questions from earlier notebooks.
"""
from __future__ import annotations

import html
from typing import Any, ClassVar, Sequence

import ipywidgets as widgets

from csworkbook.rules import quiz as checks
from csworkbook.rules.inputs import parse_number
from csworkbook.rules.quiz import CheckError, CheckItem, shown_options
from csworkbook.journal import Journal
from csworkbook.widgets.base import Activity, feedback_box


def prepare_items(notebook: str, items: Sequence[CheckItem | dict[str, Any]] | None) -> tuple[list[CheckItem], str | None]:
    """The items to show and an error message (or ``None``): ``items`` if given, else the notebook's check file.

    ``items`` may hold :class:`CheckItem` objects or dicts in the check-file format (validated here).
    Never raises for bad data: the message says what is wrong, for the widget to show.
    """
    try:
        if items is None:
            loaded = checks.load(notebook)
        else:
            loaded = []
            for position, raw in enumerate(items, start=1):
                if isinstance(raw, CheckItem):
                    loaded.append(raw)
                else:
                    code = raw.get("notebook", notebook) if isinstance(raw, dict) else notebook
                    loaded.append(checks.parse_item(raw, str(code), source="items", position=position,
                                                    check_prefix=False))
            checks.require_unique_ids(loaded, "items")
    except CheckError as exc:
        return [], f"This knowledge check could not be loaded. {exc}"
    if not loaded:
        return [], "This knowledge check has no questions."
    return loaded, None


class MultipleChoice(Activity):
    """Shared machinery: one card per item (prompt, answer control, Check button, feedback).

    A choice item shows labelled radio buttons, its options in the learner's own stable order
    (:func:`csworkbook.rules.quiz.shown_options`); a number item shows a labelled text field for
    the number and names its unit. Subclasses set :attr:`items` and :attr:`load_error` (shown as
    an error) before calling ``super().__init__``, or in :meth:`build` before calling
    ``super().build()``, and may override :meth:`displayed`, :meth:`answer_data`,
    :meth:`item_heading` and :meth:`finish`.
    """

    intro: ClassVar[str] = ""

    items: list[CheckItem]
    load_error: str | None

    def learner(self) -> str:
        """The learner id that seeds the option order (``"anonymous"`` if the journal cannot be written)."""
        try:
            return self.journal.learner_id()
        except OSError:
            return "anonymous"

    def displayed(self, item: CheckItem) -> CheckItem:
        """The version of ``item`` to show (the knowledge check shows the item itself)."""
        return item

    def order_key(self, item: CheckItem) -> str:
        """The key that, with the learner id, fixes the order of ``item``'s options."""
        return item.id

    def build(self) -> list[widgets.Widget]:
        #: answers checked in this round, by item id: {"item_id", "chosen", "correct"} (+ "value" for numbers)
        self.answers: dict[str, dict[str, Any]] = {}
        #: the version of each item on screen (a review may show an item's reworded variant)
        self.shown: list[CheckItem] = [self.displayed(item) for item in self.items]
        #: one answer control per item: RadioButtons (choice) or Text (number)
        self.choices: list[widgets.RadioButtons | widgets.Text] = []
        self.check_buttons: list[widgets.Button] = []
        self.item_feedback: list[widgets.HTML] = []
        self.summary = widgets.HTML("")
        learner = self.learner() if self.items else ""
        cards: list[widgets.VBox] = []
        total = len(self.items)
        for index, (item, shown) in enumerate(zip(self.items, self.shown)):
            number = index + 1
            prompt = widgets.HTML(f"<p style='margin:0.6em 0 0.2em'><b>{self.item_heading(item, number, total)}</b> "
                                  f"{html.escape(shown.prompt)}</p>")
            control: widgets.RadioButtons | widgets.Text
            parts: list[widgets.Widget] = [prompt]
            if shown.number is not None:
                answer = shown.number
                parts.append(widgets.HTML(
                    f"<p style='margin:0 0 0.2em'><i>Type a number in {html.escape(answer.unit)}; answers within "
                    f"{answer.tolerance:g} of the exact value count as right.</i></p>"))
                control = widgets.Text(value="", description=f"Question {number} ({answer.unit}):",
                                       placeholder="type a number", tooltip=shown.prompt,
                                       style={"description_width": "initial"})
            else:
                options = shown_options(shown, learner, key=self.order_key(item))
                control = widgets.RadioButtons(options=[o.text for o in options], value=None,
                                               description="Your answer:", tooltip=shown.prompt,
                                               style={"description_width": "initial"},
                                               layout=widgets.Layout(width="auto"))
            button = widgets.Button(description=f"Check question {number}", icon="check", button_style="primary",
                                    tooltip=f"Check your answer to question {number}")
            button.on_click(lambda _b, i=index: self.check(i))
            note = self.feedback_area()
            note.add_class("csw-item-feedback")
            control.add_class(f"csw-answers-{number}")
            self.choices.append(control)
            self.check_buttons.append(button)
            self.item_feedback.append(note)
            cards.append(widgets.VBox([*parts, control, button, note]))
        #: one box per item: prompt, (for numbers) the unit and tolerance, the control, Check, feedback
        self.cards: list[widgets.VBox] = cards
        intro = self.intro if self.items else ""
        if self.load_error:
            self.give_feedback(self.load_error, "error")
        return [widgets.HTML(intro), *cards, self.summary, *self.extra_controls()]

    # ------------------------------------------------------------------ hooks
    def item_heading(self, item: CheckItem, number: int, total: int) -> str:
        """Bold text before a prompt."""
        return f"Question {number} of {total}."

    def answer_data(self, item: CheckItem, chosen: str, correct: bool) -> dict[str, Any]:
        """What is saved to the journal for one answer."""
        return {"item_id": item.id, "chosen": chosen, "correct": correct}

    def extra_controls(self) -> list[widgets.Widget]:
        """Controls placed under the questions."""
        return []

    def finish(self) -> str:
        """Called once every item is answered; returns the sentence added to the feedback."""
        return ""

    # ------------------------------------------------------------------ actions
    def _read(self, index: int) -> tuple[str, float | None, bool, str] | str:
        """The learner's answer to item ``index`` as ``(chosen, value, correct, feedback)``, or a message if unusable."""
        shown, control, number = self.shown[index], self.choices[index], index + 1
        if shown.number is not None:
            text = str(control.value).strip()
            if not text:
                return f"Question {number}: type a number first, then press Check."
            try:
                value = parse_number("answer", text.rstrip("%").strip(), example="12.5", unit=shown.number.unit)
            except ValueError as exc:
                return f"Question {number}: {exc}"
            correct, feedback = shown.number.judge(value)
            return text, value, correct, feedback
        if control.value is None:
            return f"Question {number}: choose one of the answers first, then press Check."
        option = shown.option(control.value)
        return option.text, None, option.correct, option.feedback

    def check(self, index: int) -> bool | None:
        """Check the answer given for item ``index`` (from 0): show its feedback and save it.

        Returns whether it was correct, or ``None`` if nothing was checked (no answer, an unreadable
        number, or already checked).
        """
        item, shown, number = self.items[index], self.shown[index], index + 1
        if item.id in self.answers:
            self.give_feedback(f"Question {number} is already checked; your first answer is the one that counts.",
                               "info")
            return None
        note = self.item_feedback[index]
        reading = self._read(index)
        if isinstance(reading, str):
            title = "Type a number first." if shown.number is not None else "Choose an answer first."
            self.give_feedback(reading, "error", area=note,
                               shown_html=f"<b>{title}</b> {html.escape(reading)}")
            return None
        chosen, value, correct, feedback = reading
        data = self.answer_data(item, chosen, correct)
        if value is not None:
            data["value"] = value
        self.answers[item.id] = {"item_id": item.id, "chosen": chosen, "correct": correct}
        self.choices[index].disabled = True
        self.check_buttons[index].disabled = True
        if correct:
            message = f"Question {number} (correct): {feedback}"
            body = f"<b>✔ Correct.</b> {html.escape(feedback)}"
        else:
            right = shown.right_answer
            message = f"Question {number} (not quite): {feedback} The right answer is \"{right}\"."
            body = (f"<b>✖ Not quite.</b> {html.escape(feedback)}<br>"
                    f"<b>The right answer:</b> {html.escape(right)}")
        body = f"<span class='csw-note'>You chose: {html.escape(str(chosen))}</span><br>{body}"
        problem = self.try_save(data, "answer")
        if self.complete:
            message += "\n" + self.finish()  # the round's score goes to the summary box under the questions
        if problem:
            self.give_feedback(f"{message}\n{problem}", "error", area=note,
                               shown_html=f"{body}<br>{html.escape(problem)}")
        else:
            self.give_feedback(message, "success" if correct else "warning", area=note, shown_html=body)
        self.frame.focus_on(self._css_of(note))
        return correct

    @staticmethod
    def _css_of(area: widgets.Widget) -> str:
        return next(c for c in area._dom_classes if c.startswith("csw-fb-"))

    def try_save(self, data: dict[str, Any], kind: str) -> str | None:
        """Save to the journal; return ``None``, or a message for the learner if the journal could not be written."""
        return None if self.save(data, kind=kind) is not None else self.save_problem

    # ------------------------------------------------------------------ reading
    @property
    def complete(self) -> bool:
        """Whether every item has been checked in this round."""
        return bool(self.items) and len(self.answers) == len(self.items)

    @property
    def score(self) -> int:
        """Items answered correctly in this round."""
        return sum(1 for a in self.answers.values() if a["correct"])

    @property
    def state(self) -> dict[str, Any]:
        return {**super().state, "items": [i.id for i in self.items],
                "selected": {i.id: (c.value if c.value != "" else None) for i, c in zip(self.items, self.choices)},
                "kinds": {i.id: i.kind for i in self.items},
                "shown_options": {i.id: list(c.options) for i, c in zip(self.items, self.choices)
                                  if isinstance(c, widgets.RadioButtons)},
                "answers": [dict(a) for a in self.answers.values()], "score": self.score,
                "total": len(self.items), "complete": self.complete, "error": self.load_error}


class KnowledgeCheck(MultipleChoice):
    """The knowledge check of a notebook: its questions from ``csworkbook/data/checks/<notebook>.json``.

    notebook: the notebook code (``"05"``); items: questions to use instead of the file
    (:class:`~csworkbook.rules.quiz.CheckItem` objects or dicts in the file format); journal: where to save.
    """

    activity_id: ClassVar[str] = "knowledge_check"
    title: ClassVar[str] = "Knowledge check"
    intro: ClassVar[str] = (
        "<p>Choose an answer to each question and press its <b>Check</b> button. You will see feedback on the "
        "answer you picked straight away, right or wrong. Your first answer to each question is the one that "
        "counts and is saved in your journal; <b>Try again</b> starts a fresh round.</p>")

    def __init__(self, notebook: str = "05", *, items: Sequence[CheckItem | dict[str, Any]] | None = None,
                 journal: Journal | None = None, **kwargs: Any) -> None:
        self.items, self.load_error = prepare_items(notebook, items)
        #: the result of the last finished round, as saved (``None`` until every item is checked)
        self.result: dict[str, Any] | None = None
        super().__init__(notebook=notebook, journal=journal, **kwargs)

    def extra_controls(self) -> list[widgets.Widget]:
        self.restart_button = widgets.Button(description="Try again", icon="refresh", disabled=True,
                                             tooltip="Clear every answer and start a new round",
                                             layout=widgets.Layout(display="" if self.items else "none"))
        self.restart_button.on_click(lambda _b: self.restart())
        return [self.restart_button]

    def check(self, index: int) -> bool | None:
        outcome = super().check(index)
        self.restart_button.disabled = not self.answers
        return outcome

    def finish(self) -> str:
        total = len(self.items)
        missed = [i for i in self.items if not self.answers[i.id]["correct"]]
        percent = round(100.0 * self.score / total, 1)
        self.result = {"score": self.score, "total": total, "percent": percent, "missed": [i.id for i in missed]}
        problem = self.try_save(self.result, "result")
        if missed:
            listing = "".join(f"<li>{html.escape(i.prompt)}</li>" for i in missed)
            advice = "Worth another look:"
            text_tip = "Worth another look: " + "; ".join(i.prompt for i in missed)
        else:
            listing, advice, text_tip = "", "Every answer right: well done.", "Every answer right: well done."
        self.summary.value = feedback_box(
            "", "info", shown_html=
            f"<b>Your score: {self.score} of {total} ({percent:g} %).</b> {advice}"
            + (f"<ul style='margin:0.2em 0'>{listing}</ul>" if listing else "")
            + "<p style='margin:0.2em 0'>Questions you miss now will come back in the spaced review of a later "
              "notebook.</p>")
        done = f"All done: you scored {self.score} of {total} ({percent:g} %). {text_tip}"
        return f"{done}\n{problem}" if problem else done

    def restart(self) -> None:
        """Clear this round's answers (the journal keeps them) so every question can be answered again."""
        self.answers = {}
        self.result = None
        for control, button, note in zip(self.choices, self.check_buttons, self.item_feedback):
            control.disabled = button.disabled = False
            control.value = "" if isinstance(control, widgets.Text) else None
            note.value = ""
        self.summary.value = ""
        self.restart_button.disabled = True
        self.frame.focus_on("csw-answers-1")
        self.give_feedback("A fresh round: every question is open again.", "info")

    @property
    def state(self) -> dict[str, Any]:
        return {**super().state, "result": dict(self.result) if self.result else None}

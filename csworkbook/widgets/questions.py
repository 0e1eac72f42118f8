"""The question trainer (notebook 05): tell open questions from closed ones, then rewrite closed ones.

Mode ``"label"`` shows service questions one at a time; the learner presses **Open** or **Closed** and
reads why (from :func:`csworkbook.rules.questions.explain`, which holds the course's one definition of an open
question: it cannot be answered with yes, no or one word or fact). Mode ``"rewrite"`` shows a closed question; the
learner types an open version and **Check** runs the classifier and a same-topic check on it.
Questions live in ``csworkbook/data/questions.json``; every answer is saved to the journal.
"""
from __future__ import annotations

import html
from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook.journal import Journal
from csworkbook.rules.questions import RULES, analyse, content_words, explain, load_questions, shares_topic
from csworkbook.widgets.base import Activity

MODES: tuple[str, ...] = ("label", "rewrite")


class QuestionTrainer(Activity):
    """Practise the I (invite) and V (verify) of POSITIVE: label questions, or rewrite closed ones as open.

    notebook: notebook code for the journal; mode: ``"label"`` or ``"rewrite"``;
    items: optional list of questions to use instead of the shipped ones (same shape as the data file).
    """

    activity_id: ClassVar[str] = "question_trainer"
    title: ClassVar[str] = "Question trainer: open or closed?"

    def __init__(self, notebook: str = "05", mode: str = "label", *, items: list[dict[str, str]] | None = None,
                 journal: Journal | None = None, **kwargs: Any) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be 'label' or 'rewrite', not {mode!r}.")
        self.mode = mode
        self.items: list[dict[str, str]] = list(items) if items is not None else load_questions()[mode]
        if not self.items:
            raise ValueError("the question trainer needs at least one question.")
        for item in self.items:  # a line the classifier cannot read fails here, not silently on a learner's click
            analyse(item["question"])
        self.index = 0
        #: One dict per answered (label) or checked (rewrite) question, oldest first.
        self.answers: list[dict[str, Any]] = []
        super().__init__(notebook=notebook, journal=journal, **kwargs)

    # ------------------------------------------------------------------ layout
    def build(self) -> list[widgets.Widget]:
        self.progress = widgets.HTML()
        self.question_html = widgets.HTML()
        self.next_button = widgets.Button(description="Next question", icon="arrow-right",
                                          tooltip="Go on to the next question")
        self.restart_button = widgets.Button(description="Start again", icon="refresh",
                                             tooltip="Go back to the first question")
        self.next_button.on_click(lambda _b: self.next_question())
        self.restart_button.on_click(lambda _b: self.restart())
        if self.mode == "label":
            intro = ("<p>Read each question a service provider might ask. Is it <b>open</b> (it invites the "
                     "customer to talk: it cannot be answered with yes, no or one word) or <b>closed</b> (it can "
                     "be answered with yes, no, one of a few options, or one fact such as a date, a place, a "
                     "name or a number)? Choose, then read why.</p>")
            self.open_button = widgets.Button(description="Open", button_style="info",
                                              tooltip="This question invites a full answer")
            self.closed_button = widgets.Button(description="Closed", button_style="info",
                                                tooltip="This question can be answered yes, no, with a set option or with one fact")
            self.open_button.on_click(lambda _b: self.answer("open"))
            self.closed_button.on_click(lambda _b: self.answer("closed"))
            controls: list[widgets.Widget] = [widgets.HBox([self.open_button, self.closed_button]),
                                              widgets.HBox([self.next_button, self.restart_button])]
        else:
            intro = ("<p>Each question below is <b>closed</b>. Rewrite it as an <b>open</b> question about the "
                     "same thing, one the customer cannot answer with yes, no or one word: start with what, how, "
                     "why or to what extent, or ask the customer to tell you or describe something. A question "
                     "that asks for one fact (<i>When did it arrive?</i>, <i>How many?</i>) is still closed.</p>")
            self.rewrite_input = widgets.Textarea(placeholder="e.g. What did you think of …?",
                                                  description="Your open question:",
                                                  style={"description_width": "initial"},
                                                  layout=widgets.Layout(width="95%", height="4em"))
            self.check_button = widgets.Button(description="Check my question", button_style="primary",
                                               icon="check", tooltip="Check whether your question is open")
            self.example_button = widgets.Button(description="Show an example", icon="lightbulb-o",
                                                 tooltip="Show one possible open version")
            self.check_button.on_click(lambda _b: self.check_rewrite())
            self.example_button.on_click(lambda _b: self.show_example())
            controls = [self.rewrite_input,
                        widgets.HBox([self.check_button, self.example_button]),
                        widgets.HBox([self.next_button, self.restart_button])]
        self._render()
        return [widgets.HTML(intro), self.progress, self.question_html, *controls]

    def _render(self) -> None:
        self.progress.value = f"<p><b>Question {self.index + 1} of {len(self.items)}</b></p>"
        kind = "Closed question to rewrite" if self.mode == "rewrite" else "Question"
        self.question_html.value = (f"<blockquote style='font-size:1.1em;margin:0.3em 0'>"
                                    f"<span style='font-size:0.8em'>{kind}:</span> "
                                    f"{html.escape(self.current['question'])}</blockquote>")

    @property
    def current(self) -> dict[str, str]:
        """The question on screen."""
        return self.items[self.index]

    def _answered_current(self) -> bool:
        return any(a["index"] == self.index for a in self.answers)

    # ------------------------------------------------------------------ label mode
    def answer(self, label: str) -> None:
        """Label the question on screen ``"open"`` or ``"closed"``; feedback says whether and why."""
        if self.mode != "label":
            self.give_feedback("This trainer is in rewrite mode: type an open question and press Check.", "error")
            return
        if self._answered_current():
            self.give_feedback("You have already answered this one; press Next question to go on.", "warning")
            return
        item = self.current
        correct = label == item["label"]
        why = explain(item["question"])
        record = {"index": self.index, "mode": "label", "question": item["question"], "answer": label,
                  "expected": item["label"], "correct": correct}
        self.answers.append(record)
        self.save({k: v for k, v in record.items() if k != "index"}, kind="answer")
        opening = "Right." if correct else f"Not quite: this one is {item['label']}."
        message = f"{opening} {why}"
        if self.index == len(self.items) - 1:
            message += "\n" + self._finish()
        self.give_feedback(message, "success" if correct else "warning")

    def _finish(self) -> str:
        score = sum(a["correct"] for a in self.answers)
        missed = [a["question"] for a in self.answers if not a["correct"]]
        self.save({"mode": "label", "score": score, "total": len(self.items), "missed": missed}, kind="result")
        tip = ("Every one right: well done." if not missed else
               "Look again at the ones you missed: could the customer answer with yes, no or one word or "
               "fact? Then it is closed, whatever its first word.")
        return f"That was the last question. You labelled {score} of {len(self.items)} correctly. {tip}"

    @property
    def score(self) -> int:
        """Number of questions labelled correctly so far (label mode)."""
        return sum(1 for a in self.answers if a.get("correct"))

    # ------------------------------------------------------------------ rewrite mode
    def check_rewrite(self) -> None:
        """Check the learner's open version of the closed question on screen."""
        original = self.current["question"]
        text = self.rewrite_input.value.strip()
        if not text:
            self.give_feedback("Type your open version of the question first: for example, start it with "
                               "'What' or 'How'.", "error")
            return
        try:
            verdict = analyse(text)
        except ValueError as exc:
            self.give_feedback(str(exc), "error")
            return
        on_topic = shares_topic(original, text)
        record = {"index": self.index, "mode": "rewrite", "question": original, "rewrite": text,
                  "label": verdict.label, "rule": verdict.rule, "on_topic": on_topic}
        self.answers.append(record)
        self.save({k: v for k, v in record.items() if k != "index"}, kind="attempt")
        if verdict.label == "closed":
            why = RULES[verdict.rule].format(cue=verdict.cue)
            self.give_feedback(f"Still closed. {why} Ask for more than one fact: start with what, how or why, "
                               "or ask the customer to tell you about it.", "warning")
        elif not on_topic:
            words = ", ".join(sorted(content_words(original))) or "the original's subject"
            self.give_feedback(f"That is an open question. It shares no key word with the original, though "
                               f"(key words: {words}), so check that it still asks about the same thing.", "info")
        else:
            self.give_feedback(f"Well done: an open question on the same topic. {explain(text)}", "success")

    def show_example(self) -> None:
        """Show one possible open version of the question on screen."""
        example = self.current.get("example")
        if not example:
            self.give_feedback("There is no example for this question; any open question on its topic will do.",
                               "info")
            return
        self.give_feedback(f"One possible open version: \"{example}\" Yours can be different.", "info")

    # ------------------------------------------------------------------ navigation
    def next_question(self) -> None:
        """Move to the next question; asks for an answer first if the current one has none."""
        if not self._answered_current():
            need = "Choose Open or Closed" if self.mode == "label" else "Check a rewrite"
            self.give_feedback(f"{need} for this question before moving on.", "error")
            return
        if self.index == len(self.items) - 1:
            self.give_feedback("That was the last question. Press Start again to practise once more.", "info")
            return
        self.index += 1
        if self.mode == "rewrite":
            self.rewrite_input.value = ""
        self._render()
        self._clear_feedback()

    def _clear_feedback(self) -> None:
        self.feedback.value = ""
        self.feedback_text = ""
        self.feedback_level = None

    def restart(self) -> None:
        """Go back to the first question and clear this round's answers (the journal keeps them)."""
        self.index = 0
        self.answers = []
        if self.mode == "rewrite":
            self.rewrite_input.value = ""
        self._render()
        self.give_feedback("Starting again from the first question.", "info")

    @property
    def state(self) -> dict[str, Any]:
        return {**super().state, "mode": self.mode, "index": self.index, "question": self.current["question"],
                "answers": [dict(a) for a in self.answers], "score": self.score}

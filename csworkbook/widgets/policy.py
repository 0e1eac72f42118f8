"""The policy-phrase rewriter (notebook 09): turn "it's our policy" into something the customer can use.

Each prompt is a line a service provider might say that hides behind a rule or passes the problem
on. The learner rewrites it to show openness: acknowledge the customer, own the problem, give a
plain reason if one helps, and offer what *can* be done. **Check my rewrite** runs
:func:`csworkbook.rules.policy.review` and lists what works and what is missing; **Show an
example** shows one open version; **Next phrase** moves on and, after the last, saves the result.
Prompts live in ``csworkbook/data/policy_phrases.json``.
"""
from __future__ import annotations

import html
from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook.content import OPENNESS_RULE
from csworkbook.journal import Journal
from csworkbook.rules.policy import MAX_CHARS, PROMPT_FIELDS, Review, load_prompts, review, validate_prompts
from csworkbook.widgets.base import Activity

class PolicyRewriter(Activity):
    """Rewrite phrases that hide behind policy so they show openness (notebook 09).

    notebook: notebook code for the journal; journal: where to save;
    prompts: optional list of prompts to use instead of the shipped ones (same shape as the data file).
    """

    activity_id: ClassVar[str] = "policy_rewriter"
    title: ClassVar[str] = "Policy-phrase rewriter: show openness"

    def __init__(self, notebook: str = "09", *, journal: Journal | None = None,
                 prompts: list[dict[str, str]] | None = None, **kwargs: Any) -> None:
        self.prompts: list[dict[str, str]] = validate_prompts(prompts) if prompts is not None else load_prompts()
        self.index = 0
        #: One dict per checked rewrite in this round, oldest first.
        self.attempts: list[dict[str, Any]] = []
        #: Whether this round's result has been saved (after the last phrase).
        self.finished = False
        super().__init__(notebook=notebook, journal=journal, **kwargs)

    # ------------------------------------------------------------------ layout
    def build(self) -> list[widgets.Widget]:
        intro = widgets.HTML(
            "<p>Each line below is something a service provider might say that hides behind a rule or "
            "hands the problem to someone else. Rewrite it so it shows openness:</p><ul>"
            "<li><b>acknowledge</b> the customer and how they feel;</li>"
            "<li><b>own</b> the problem: say what <i>you</i> will do;</li>"
            "<li>if there is a real limit, <b>state it plainly with its reason</b> in everyday words, not the "
            "name of a rule;</li>"
            "<li><b>offer what can be done</b>: an alternative or a next step.</li></ul>"
            f"<p><b>The course's rule:</b> {html.escape(OPENNESS_RULE)}</p>")
        self.progress = widgets.HTML()
        self.prompt_html = widgets.HTML()
        self.rewrite_input = widgets.Textarea(placeholder="e.g. I can see why that matters to you. What I can do is …",
                                              description="Your open rewrite:", style={"description_width": "initial"},
                                              layout=widgets.Layout(width="95%", height="6em"))
        self.check_button = widgets.Button(description="Check my rewrite", button_style="primary", icon="check",
                                           tooltip="Check what your rewrite does well and what it still needs")
        self.example_button = widgets.Button(description="Show an example", icon="lightbulb-o",
                                             tooltip="Show one possible open rewrite of this phrase")
        self.next_button = widgets.Button(description="Next phrase", icon="arrow-right",
                                          tooltip="Go on to the next phrase (after the last one: see your result)")
        self.restart_button = widgets.Button(description="Start again", icon="refresh",
                                             tooltip="Go back to the first phrase and start a new round")
        self.check_button.on_click(lambda _b: self.check_rewrite())
        self.example_button.on_click(lambda _b: self.show_example())
        self.next_button.on_click(lambda _b: self.next_phrase())
        self.restart_button.on_click(lambda _b: self.restart())
        self.checklist = widgets.HTML()
        self._render()
        return [intro, self.progress, self.prompt_html, self.rewrite_input,
                widgets.HBox([self.check_button, self.example_button]),
                widgets.HBox([self.next_button, self.restart_button]), self.checklist]

    def _render(self) -> None:
        last = self.index == len(self.prompts) - 1
        note = " (the last one: press Next phrase when you are done to see your result)" if last else ""
        self.progress.value = f"<p><b>Phrase {self.index + 1} of {len(self.prompts)}</b>{note}</p>"
        p = self.current
        self.prompt_html.value = (
            f"<p style='margin:0.2em 0'><b>Situation:</b> {html.escape(p['situation'])}</p>"
            "<blockquote style='font-size:1.1em;margin:0.3em 0'><span style='font-size:0.8em'>"
            f"The provider says:</span> “{html.escape(p['phrase'])}”</blockquote>")
        self.checklist.value = ""

    @property
    def current(self) -> dict[str, str]:
        """The prompt on screen."""
        return self.prompts[self.index]

    def _attempts_for(self, index: int) -> list[dict[str, Any]]:
        return [a for a in self.attempts if a["index"] == index]

    # ------------------------------------------------------------------ actions
    def check_rewrite(self) -> dict[str, Any] | None:
        """Review the learner's rewrite, give feedback, save it as an ``attempt``; return the attempt.

        An empty rewrite gets a message and nothing is saved.
        """
        text = self.rewrite_input.value.strip()
        if not text or not any(ch.isalpha() for ch in text):
            self.give_feedback("Type your rewrite first: what would you say to this customer instead? "
                               "Start by acknowledging them, then say what you can do.", "error")
            return None
        if len(text) > MAX_CHARS:
            self.give_feedback(f"Your rewrite is {len(text)} characters long; keep it to a few sentences "
                               f"(at most {MAX_CHARS} characters), as you would say it to a customer.", "error")
            return None
        prompt = self.current
        if " ".join(text.lower().split()) == " ".join(prompt["phrase"].lower().split()):
            self.give_feedback("That is the original phrase word for word. Rewrite it in your own words so "
                               "the customer hears what you CAN do.", "error")
            return None
        try:
            result = review(text)
        except ValueError as exc:  # e.g. text in another alphabet: the word lists are English
            self.give_feedback(f"{exc} Write your rewrite in English so the checker can read it.", "error")
            return None
        attempt = {"index": self.index, "prompt": prompt["phrase"], "rewrite": text, "score": result.score,
                   "passed": result.is_open}
        self.attempts.append(attempt)
        self.save({k: attempt[k] for k in ("prompt", "rewrite", "score", "passed")}, kind="attempt")
        self.checklist.value = self._checklist_html(result)

        lines: list[str] = []
        if result.is_open:
            lines.append(f"Open and helpful: score {result.score} / 100.")
        elif result.hides_behind_policy:
            words = ", ".join(f"'{c}'" for c in result.cues["hides_behind_policy"])
            lines.append(f"Your rewrite still leans on a rule ({words}), so the customer still hears 'no'. "
                         f"Score {result.score} / 100.")
        elif result.blames_others:
            words = ", ".join(f"'{c}'" for c in result.cues["blames_others"])
            lines.append(f"Your rewrite still hands the problem to someone else ({words}). "
                         f"Score {result.score} / 100.")
        else:
            lines.append(f"Getting there: score {result.score} / 100. It needs a little more to show openness.")
        if result.strengths:
            lines.append("What works: " + " ".join(result.strengths))
        if result.tips:
            label = "To make it stronger" if result.is_open else "What is missing"
            lines.append(f"{label}: " + " ".join(result.tips))
        if not result.is_open:
            lines.append("Edit your rewrite and press Check my rewrite again, or press Show an example.")
        self.give_feedback("\n".join(lines), "success" if result.is_open else "warning")
        return {k: v for k, v in attempt.items() if k != "index"}

    def show_example(self) -> None:
        """Show one possible open rewrite of the phrase on screen (the learner's own may differ)."""
        self.give_feedback(f"One possible open rewrite: “{self.current['example']}” Notice how it acknowledges "
                           "the customer, says what will happen next and never names a rule. Yours can be different; "
                           "write it in your own words and check it.", "info")

    def next_phrase(self) -> dict[str, Any] | None:
        """Go to the next phrase; after the last one save and show the ``result``. Returns that entry, if any."""
        if not self._attempts_for(self.index):
            self.give_feedback("Check a rewrite of this phrase before moving on (or press Show an example for "
                               "ideas).", "error")
            return None
        if self.index < len(self.prompts) - 1:
            self.index += 1
            self.rewrite_input.value = ""
            self._render()
            self._clear_feedback()
            return None
        if self.finished:
            self.give_feedback("That was the last phrase and your result is saved. Press Start again for another "
                               "round.", "info")
            return None
        return self._finish()

    def _finish(self) -> dict[str, Any]:
        data = self.result
        entry = self.save(data, kind="result")
        self.finished = True
        missed = [p["phrase"] for i, p in enumerate(self.prompts) if not self._passed(i)]
        message = (f"That was the last phrase. Open rewrites: {data['passed']} of {data['total']} "
                   f"({data['percent']:g} %)." + (" Saved to your journal." if entry else ""))
        if missed:
            message += " Worth another try: " + "; ".join(f"“{m}”" for m in missed) + "."
        else:
            message += " Every phrase now sounds open: well done."
        self.give_feedback(message, "success" if not missed else "info")
        return entry

    def _passed(self, index: int) -> bool:
        return any(a["passed"] for a in self._attempts_for(index))

    @property
    def result(self) -> dict[str, Any]:
        """This round so far: phrases with at least one open rewrite, the total, and the percentage (%)."""
        passed = sum(self._passed(i) for i in range(len(self.prompts)))
        total = len(self.prompts)
        return {"passed": passed, "total": total, "percent": round(100.0 * passed / total, 1)}

    def restart(self) -> None:
        """Go back to the first phrase and start a new round (the journal keeps earlier attempts)."""
        self.index = 0
        self.attempts = []
        self.finished = False
        self.rewrite_input.value = ""
        self._render()
        self.give_feedback("Starting again from the first phrase.", "info")

    def _clear_feedback(self) -> None:
        self.feedback.value = ""
        self.feedback_text = ""
        self.feedback_level = None

    # ------------------------------------------------------------------ display
    @staticmethod
    def _checklist_html(result: Review) -> str:
        items = [
            ("Acknowledges the customer", result.shows_empathy),
            ("Takes ownership", result.takes_ownership),
            ("Offers an alternative or next step", result.offers_alternative),
            ("Leaves policy and rules out", not result.hides_behind_policy),
            ("Keeps the problem instead of passing it on", not result.blames_others),
        ]
        rows = "".join(f"<li>{'✔ yes' if ok else '✖ not yet'}: {html.escape(name)}</li>" for name, ok in items)
        return f"<p style='margin:0.3em 0 0'><b>Checklist for your rewrite</b></p><ul style='margin-top:0'>{rows}</ul>"

    @property
    def state(self) -> dict[str, Any]:
        return {**super().state, "index": self.index, "prompt": self.current["phrase"],
                "rewrite": self.rewrite_input.value,
                "attempts": [dict(a) for a in self.attempts],
                "finished": self.finished, "result": self.result}

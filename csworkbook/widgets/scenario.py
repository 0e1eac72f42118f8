"""The scenario player: a branching role-play read from a data file (see ``docs/scenario_schema.md``).

Each decision point shows the situation and one button per choice. A choice shows its consequence
and which taught behaviours (POSITIVE letters, recovery strategies, …) it shows or misses, with their
names looked up in :mod:`csworkbook.content`. Choices are shown in an order shuffled for each learner
and decision point (:func:`csworkbook.rules.order.display_order`, seeded by the journal's learner id), so
the same learner sees the same order every time. The ending shows the path taken and a score: points
taken over the best points available at the decisions taken (:func:`csworkbook.rules.scenario.path_result`),
so 100 % means every decision was a best one; the finished path is saved to the journal.
A broken scenario file shows the loader's message in the widget instead of a traceback.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook.journal import Journal
from csworkbook.rules.order import display_order
from csworkbook.rules.scenario import Choice, Scenario, ScenarioError, load, score_of, tag_name
from csworkbook.widgets.base import Activity

def _tag_list(tags: tuple[str, ...]) -> str:
    return "; ".join(tag_name(t) for t in tags)


class ScenarioPlayer(Activity):
    """Play one branching scenario; ``scenario_id_or_path`` is a shipped id or a path to a JSON file."""

    activity_id: ClassVar[str] = "scenario_player"
    title: ClassVar[str] = "Scenario"

    def __init__(self, scenario_id_or_path: str | Path, *, notebook: str = "", journal: Journal | None = None,
                 **kwargs: Any) -> None:
        self.source = str(scenario_id_or_path)
        self.scenario: Scenario | None = None
        self.error: str | None = None
        try:
            self.scenario = load(scenario_id_or_path)
        except ScenarioError as exc:
            self.error = str(exc)
        self.node_key: str | None = self.scenario.start if self.scenario else None
        #: One dict per choice made in this play-through, in order.
        self.steps: list[dict[str, Any]] = []
        self.result: dict[str, Any] | None = None
        #: File indices of the current node's choices, in the order their buttons are shown.
        self.order: list[int] = []
        super().__init__(notebook=notebook, journal=journal, **kwargs)
        try:
            self.learner = self.journal.learner_id()
        except OSError:  # an unwritable journal still lets the learner play, in one fixed shuffled order
            self.learner = ""
        if self.scenario is not None:
            self.heading.value = (f"<h3 style='margin:0.2em 0'>Scenario: {html.escape(self.scenario.title)}</h3>")
            self._show_node()
        else:
            self.give_feedback(f"This scenario cannot be played. {self.error} "
                               "Please tell your instructor (or the course maintainers) about it.", "error")

    # ------------------------------------------------------------------ layout
    def build(self) -> list[widgets.Widget]:
        self.summary = widgets.HTML(
            f"<p><i>{html.escape(self.scenario.summary)}</i></p>" if self.scenario else "")
        self.node_html = widgets.HTML()
        self.choices_box = widgets.VBox([])
        self.choices_box.add_class("csw-choices")
        self.choice_buttons: list[widgets.Button] = []
        #: What the last choice led to: shown first, above the next decision (a feedback area).
        self.consequence = self.feedback_area()
        #: The path and score, shown once at the ending (a feedback area).
        self.path_html = self.feedback_area()
        self.restart_button = widgets.Button(description="Restart", icon="refresh",
                                             tooltip="Play the scenario again from the beginning",
                                             disabled=self.scenario is None)
        self.restart_button.on_click(lambda _b: self.restart())
        # Reading order: what your last choice did, then the next decision (or the outcome), then the path.
        return [self.summary, self.feedback, self.consequence, self.node_html, self.choices_box, self.path_html,
                self.restart_button]

    def feedback_place(self) -> list[widgets.Widget]:
        return []  # the main feedback sits at the top, in build()

    def _show_node(self) -> None:
        assert self.scenario is not None and self.node_key is not None
        node = self.scenario.node(self.node_key)
        label = "The outcome" if node.ending else f"Decision {len(self.steps) + 1}"
        self.node_html.value = (f"<div style='margin:0.4em 0'><h4 style='margin:0.2em 0'>{label}</h4>"
                                f"<p style='margin:0.2em 0'>{html.escape(node.text)}</p></div>")
        self.order = display_order(len(node.choices), self.learner, f"{self.scenario.id}/{self.node_key}")
        self.choice_buttons = []
        for i in self.order:
            choice = node.choices[i]
            button = widgets.Button(description=choice.text, tooltip=choice.text)
            button.add_class("csw-choice")
            button.on_click(lambda _b, i=i: self.choose(i))
            self.choice_buttons.append(button)
        self.choices_box.children = tuple(self.choice_buttons)

    # ------------------------------------------------------------------ actions
    def choose(self, index: int) -> None:
        """Take choice ``index`` (0-based, in file order) at the current node, as clicking its button does.

        ``choice_buttons`` are in display order; ``order[k]`` is the file index of button ``k``.
        """
        if self.scenario is None:
            self.give_feedback(f"This scenario cannot be played. {self.error}", "error")
            return
        node = self.scenario.node(self.node_key)
        if node.ending:
            self.give_feedback("The scenario has ended. Press Restart to play it again.", "info")
            return
        if not 0 <= index < len(node.choices):
            self.give_feedback(f"There is no choice {index + 1} here; pick one of the {len(node.choices)} buttons.",
                               "error")
            return
        choice = node.choices[index]
        best_here = max(c.points for c in node.choices)
        self.steps.append({"node": self.node_key, "choice": index, "shown_at": self.order.index(index) + 1,
                           "text": choice.text, "points": choice.points, "best": best_here,
                           "shows": list(choice.shows), "misses": list(choice.misses), "next": choice.next})
        if choice.points == best_here:
            verdict = f"A strong choice ({choice.points} of {best_here} points)."
            level = "success"
        else:
            verdict = f"{choice.points} of {best_here} points: a stronger option was available here."
            level = "warning" if choice.points == 0 else "info"
        self.feedback.value = ""
        self.give_feedback(f"{verdict} {choice.consequence}", level, area=self.consequence,
                           shown_html=html.escape(verdict) + self._consequence_html(choice))
        self.node_key = choice.next
        self._show_node()
        if self.scenario.node(self.node_key).ending:
            self._finish()
        self.frame.focus_on(self._css(self.consequence))

    @staticmethod
    def _css(area: widgets.Widget) -> str:
        return next(c for c in area._dom_classes if c.startswith("csw-fb-"))

    def _consequence_html(self, choice: Choice) -> str:
        parts = [f"<p style='margin:0.2em 0'><b>You chose:</b> {html.escape(choice.text)}</p>",
                 f"<p style='margin:0.2em 0'><b>What happened:</b> {html.escape(choice.consequence)}</p>"]
        if choice.shows:
            parts.append(f"<p style='margin:0.2em 0'><b>✔ Shows:</b> {html.escape(_tag_list(choice.shows))}</p>")
        if choice.misses:
            parts.append(f"<p style='margin:0.2em 0'><b>✘ Misses:</b> {html.escape(_tag_list(choice.misses))}</p>")
        return "".join(parts)

    def _finish(self) -> None:
        assert self.scenario is not None
        points = sum(s["points"] for s in self.steps)
        best = sum(s["best"] for s in self.steps)  # the best available at each decision taken
        score = score_of(points, best)
        shown = sorted({t for s in self.steps for t in s["shows"]})
        missed = sorted({t for s in self.steps for t in s["misses"]} - set(shown))
        self.result = {"scenario": self.scenario.id, "title": self.scenario.title,
                       "path": [s["node"] for s in self.steps] + [self.node_key],
                       "choices": [s["text"] for s in self.steps], "points": points, "best": best,
                       "score": round(score, 3), "percent": round(100 * score, 1), "ending": self.node_key,
                       "shows": shown, "misses": missed}
        saved = self.save(self.result, kind="result") is not None
        rows = "".join(f"<li>{html.escape(s['text'])} <i>({s['points']} point{'s' if s['points'] != 1 else ''})</i>"
                       "</li>" for s in self.steps)
        extra = ""
        if missed:
            extra = f"<p><b>Worth practising:</b> {html.escape(_tag_list(tuple(missed)))}</p>"
        over = (f"The scenario is over: you collected {points} of the {best} points your decisions offered at "
                f"best ({score:.0%}). Your path is saved in your journal; press Restart to try another route.")
        level = "success" if points == best else "info"
        self.give_feedback(f"{self.feedback_text}\n{over}", level, area=self.path_html,
                           shown_html=f"<b>Your path</b><ol style='margin:0.2em 0'>{rows}</ol>"
                                      f"<p style='margin:0.2em 0'>{html.escape(over)}</p>{extra}")

    def restart(self) -> None:
        """Start the scenario again from the beginning (the journal keeps finished runs)."""
        if self.scenario is None:
            return
        self.node_key = self.scenario.start
        self.steps = []
        self.result = None
        self.consequence.value = ""
        self.path_html.value = ""
        self._show_node()
        self.give_feedback("Back at the start. Try a different route.", "info")
        self.frame.focus_on("csw-choices")

    @property
    def finished(self) -> bool:
        """True once an ending has been reached."""
        return self.result is not None

    @property
    def state(self) -> dict[str, Any]:
        return {**super().state, "scenario": self.scenario.id if self.scenario else None, "error": self.error,
                "node": self.node_key, "steps": [dict(s) for s in self.steps], "finished": self.finished,
                "result": dict(self.result) if self.result else None}

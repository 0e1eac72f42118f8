"""A reflection prompt with a text box whose answer is saved to the journal.

Every notebook ends with one. The learner writes, presses **Save reflection**, and the text is
stored (kind ``reflection``) under the prompt's ``key`` and the notebook. When the notebook is
opened again, even after a kernel restart, the box is filled with the latest saved text and a line
says when it was saved, so the learner can carry on. Every save is kept; the newest one wins.

Once an answer is saved (now or earlier), the widget shows the course's model answer and a self-check
rubric of three or four points as tick boxes, from :mod:`csworkbook.rules.reflection_guides`. They stay
hidden until then, so the learner writes first and compares after. The prompt too comes from that data
when the notebook gives only the key.
"""
from __future__ import annotations

import datetime as _dt
import html
from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook.journal import Journal
from csworkbook.rules.reflection_guides import ReflectionGuide, find
from csworkbook.widgets.base import Activity

#: Below this many words a save still succeeds, with a nudge to say a little more.
SHORT_ANSWER_WORDS = 10


def count_words(text: str) -> int:
    """Number of words in ``text`` (runs of non-space characters)."""
    return len(text.split())


def describe_time(iso: str) -> str:
    """An entry's ISO 8601 time as a short local date and time, e.g. ``"3 May 2025 at 14:05 CEST"``."""
    try:
        moment = _dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    zone = moment.strftime("%Z")
    return f"{moment.day} {moment:%b %Y} at {moment:%H:%M}" + (f" {zone}" if zone else "")


class Reflection(Activity):
    """Write and save a reflection on ``prompt``.

    prompt: the question the learner answers (optional when the course ships a guide for this key and
    notebook, whose prompt is then used); key: a short name for this prompt, unique in the notebook
    (e.g. ``"positive_questions"``); notebook: the notebook code; journal: where to save.
    """

    activity_id: ClassVar[str] = "reflection"
    title: ClassVar[str] = "Reflection"

    def __init__(self, prompt: str | None = None, *, key: str, notebook: str, journal: Journal | None = None,
                 **kwargs: Any) -> None:
        if not isinstance(key, str) or not key.strip():
            raise ValueError("A reflection needs a key, a short name such as 'positive_questions', "
                             "so the answer can be found again.")
        #: the course's model answer and rubric for this prompt (``None`` for a prompt the course does not ship)
        self.guide: ReflectionGuide | None = find(notebook, key.strip())
        if prompt is None and self.guide is not None:
            prompt = self.guide.prompt
        if not isinstance(prompt, str) or not prompt.strip():
            raise ValueError("A reflection needs a prompt: the question the learner writes about.")
        self.prompt = prompt.strip()
        self.key = key.strip()
        #: the latest saved entry for this key and notebook (``None`` if never saved)
        self.last_entry: dict[str, Any] | None = None
        super().__init__(notebook=notebook, journal=journal, **kwargs)

    def build(self) -> list[widgets.Widget]:
        self.prompt_html = widgets.HTML(f"<p style='font-size:1.05em'><b>Prompt:</b> {html.escape(self.prompt)}</p>")
        self.text_input = widgets.Textarea(
            value="", placeholder="Write a few sentences in your own words…", description="Your reflection:",
            tooltip=self.prompt, style={"description_width": "initial"},
            layout=widgets.Layout(width="95%", height="9em"))
        self.word_count = widgets.HTML("")
        self.save_button = widgets.Button(description="Save reflection", button_style="success", icon="save",
                                          tooltip="Save this reflection to your journal")
        self.status = widgets.HTML("")
        self.save_button.on_click(lambda _b: self.save_reflection())
        self.text_input.observe(lambda _c: self._count(), names="value")
        #: the model answer and the self-check, hidden until an answer is saved
        self.rubric_boxes: list[widgets.Checkbox] = []
        self.guide_box = widgets.VBox([], layout=widgets.Layout(display="none"))
        self._build_guide()
        self._restore()
        self._count()
        return [self.prompt_html, self.text_input, widgets.HBox([self.save_button, self.word_count]), self.status,
                self.guide_box]

    def _build_guide(self) -> None:
        """Prepare the model answer and one tick box per rubric point (shown by :meth:`_reveal_guide`)."""
        if self.guide is None:
            return
        self.model_answer_html = widgets.HTML(
            "<details open><summary><b>A model answer</b> (one good answer, not the only one)</summary>"
            f"<blockquote style='margin:0.4em 1em'>{html.escape(self.guide.model_answer)}</blockquote></details>")
        heading = widgets.HTML("<p style='margin:0.6em 0 0.2em'><b>Check your own answer.</b> Tick each point "
                               "your answer meets; for any you cannot tick, add a sentence and save again.</p>")
        self.rubric_boxes = [widgets.Checkbox(value=False, description=point, indent=False,
                                              layout=widgets.Layout(width="95%"))
                             for point in self.guide.rubric]
        self.self_check_summary = widgets.HTML("")
        for box in self.rubric_boxes:
            box.observe(lambda _c: self._summarise_self_check(), names="value")
        self.guide_box.children = [self.model_answer_html, heading, *self.rubric_boxes, self.self_check_summary]

    def _reveal_guide(self) -> None:
        if self.guide is not None:
            self.guide_box.layout.display = "flex"
            self._summarise_self_check()

    @property
    def guide_shown(self) -> bool:
        """Whether the model answer and rubric are on screen (only after an answer has been saved)."""
        return self.guide is not None and self.guide_box.layout.display != "none"

    def _summarise_self_check(self) -> None:
        met, total = sum(b.value for b in self.rubric_boxes), len(self.rubric_boxes)
        if met == total:
            words = f"All {total} points met. Well done; keep this answer for your action plan."
        else:
            words = f"{met} of {total} points met. Add what is missing and save again."
        self.self_check_summary.value = f"<p style='margin:0.2em 0'><i>{html.escape(words)}</i></p>"

    def _restore(self) -> None:
        """Fill the box with the latest text saved for this key and notebook, and say when it was saved."""
        try:
            found = [e for e in self.journal.entries(activity=self.activity_id, notebook=self.notebook,
                                                     kind="reflection")
                     if isinstance(e.get("data"), dict) and e["data"].get("key") == self.key]
        except OSError as exc:
            self.status.value = f"<p><i>Your journal could not be read ({html.escape(str(exc))}).</i></p>"
            return
        if not found:
            return
        self.last_entry = found[-1]
        self.text_input.value = str(self.last_entry["data"].get("text", ""))
        self._reveal_guide()
        self._set_status(f"Your reflection from {describe_time(self.last_entry.get('time', ''))} is loaded "
                         "below; edit it and save again whenever you like.")

    def _set_status(self, text: str) -> None:
        self.status.value = f"<p style='margin:0.2em 0'><i>{html.escape(text)}</i></p>"

    def _count(self) -> None:
        words = count_words(self.text_input.value)
        self.word_count.value = f"<span style='margin-left:1em'>{words} word{'s' if words != 1 else ''}</span>"

    # ------------------------------------------------------------------ actions
    def save_reflection(self) -> dict[str, Any] | None:
        """Save the text in the box; return the journal entry (``None`` if nothing was saved)."""
        text = self.text_input.value.strip()
        if not text:
            self.give_feedback("Write your reflection in the box first; an empty answer is not saved.", "error")
            return None
        if self.last_entry is not None and self.last_entry["data"].get("text") == text:
            self.give_feedback(f"Nothing new to save: this text is already in your journal "
                               f"(saved {describe_time(self.last_entry.get('time', ''))}).", "info")
            return None
        words = count_words(text)
        data = {"key": self.key, "prompt": self.prompt, "text": text, "words": words}
        entry = self.save(data, kind="reflection")
        if entry is None:
            self.give_feedback("Your reflection is still in the box above; copy it somewhere safe if you cannot "
                               "save it now.", "error")
            return None
        self.last_entry = entry
        when = describe_time(entry["time"])
        message = f"Saved to your journal on {when}: {words} word{'s' if words != 1 else ''}."
        if words < SHORT_ANSWER_WORDS:
            message += " A sentence or two more, such as an example from your own work, will help you later."
        if self.guide is not None:
            message += " Now compare it with the model answer and tick the points below that your answer meets."
        self.give_feedback(message, "success")
        self._set_status(f"Last saved on {when}.")
        self._reveal_guide()
        return entry

    @property
    def state(self) -> dict[str, Any]:
        return {**super().state, "key": self.key, "prompt": self.prompt, "text": self.text_input.value,
                "words": count_words(self.text_input.value),
                "saved_at": self.last_entry.get("time") if self.last_entry else None,
                "has_guide": self.guide is not None, "guide_shown": self.guide_shown,
                "self_check": [b.value for b in self.rubric_boxes]}

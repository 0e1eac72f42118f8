"""A reflection prompt with a text box whose answer is saved to the journal.

Every notebook ends with one. The learner writes, presses **Save reflection**, and the text is
stored (kind ``reflection``) under the prompt's ``key`` and the notebook. When the notebook is
opened again, even after a kernel restart, the box is filled with the latest saved text and a line
says when it was saved, so the learner can carry on. Every save is kept; the newest one wins.
"""
from __future__ import annotations

import datetime as _dt
import html
from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook.journal import Journal
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

    prompt: the question the learner answers; key: a short name for this prompt, unique in the notebook
    (e.g. ``"positive_questions"``); notebook: the notebook code; journal: where to save.
    """

    activity_id: ClassVar[str] = "reflection"
    title: ClassVar[str] = "Reflection"

    def __init__(self, prompt: str, *, key: str, notebook: str, journal: Journal | None = None,
                 **kwargs: Any) -> None:
        if not isinstance(prompt, str) or not prompt.strip():
            raise ValueError("A reflection needs a prompt: the question the learner writes about.")
        if not isinstance(key, str) or not key.strip():
            raise ValueError("A reflection needs a key, a short name such as 'positive_questions', "
                             "so the answer can be found again.")
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
        self._restore()
        self._count()
        return [self.prompt_html, self.text_input, widgets.HBox([self.save_button, self.word_count]), self.status]

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
        self.give_feedback(message, "success")
        self._set_status(f"Last saved on {when}.")
        return entry

    @property
    def state(self) -> dict[str, Any]:
        return {**super().state, "key": self.key, "prompt": self.prompt, "text": self.text_input.value,
                "words": count_words(self.text_input.value),
                "saved_at": self.last_entry.get("time") if self.last_entry else None}

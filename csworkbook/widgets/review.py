"""The spaced review that opens each notebook from 01 on: a few questions from earlier notebooks.

Which questions: :func:`csworkbook.rules.review.plan` (Leitner boxes keyed by a streak of right
answers; missed items first, then a mix of the last two notebooks and older ones). Each question is
shown in its reworded variant where it has one, so the learner recalls the idea instead of
recognising the wording. They behave like the knowledge check (feedback on whichever option you
choose, options in the learner's own stable order), and each answer is saved to the journal as
``spaced_review`` / ``answer`` with the notebook the question came from and whether the variant was shown.
"""
from __future__ import annotations

from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook.rules import review as review_schedule
from csworkbook.rules.quiz import CheckError, CheckItem, normalise_code
from csworkbook.journal import Journal
from csworkbook.widgets.base import Level
from csworkbook.widgets.quiz import MultipleChoice


class SpacedReview(MultipleChoice):
    """Warm-up questions from the knowledge checks of notebooks before ``notebook``.

    notebook: the current notebook code (``"05"``); size: how many questions (at most);
    journal: where answers are read from and saved to; seed: fixes the order among equally good
    questions (default: the learner id, so a reopened notebook asks the same questions).
    """

    activity_id: ClassVar[str] = "spaced_review"
    title: ClassVar[str] = "Spaced review: what do you remember?"
    intro: ClassVar[str] = (
        "<p>Before the new material, a few questions from earlier notebooks. Try to recall the answer before "
        "you look anything up: pulling an idea out of memory is what makes it stick. Questions you miss will "
        "come back in a later review.</p>")

    def __init__(self, notebook: str = "05", size: int = 3, *, journal: Journal | None = None,
                 seed: int | str | None = None, **kwargs: Any) -> None:
        self.size = size
        self.seed = seed
        self.items: list[CheckItem] = []
        self.load_error: str | None = None
        #: why there are no questions, or which earlier check files could not be loaded (or ``""``)
        self.notice: str = ""
        super().__init__(notebook=notebook, journal=journal, **kwargs)

    def build(self) -> list[widgets.Widget]:
        self.items, self.notice, level = self._choose()
        if level == "error":
            self.load_error = self.notice  # shown as an error by MultipleChoice.build
        controls = super().build()
        if self.notice and level != "error":
            self.give_feedback(self.notice, level)
        return controls

    def _choose(self) -> tuple[list[CheckItem], str, Level]:
        try:
            code = normalise_code(self.notebook)
        except CheckError as exc:
            return [], f"The spaced review could not start: {exc}", "error"
        if isinstance(self.size, bool) or not isinstance(self.size, int) or self.size < 1:
            return [], f"The spaced review needs size to be a whole number, 1 or more (got {self.size!r}).", "error"
        if code == "00":
            return [], ("Nothing to review yet: this is the first notebook. From notebook 01 on, this space "
                        "asks a few questions from earlier notebooks."), "info"
        pool, problems = review_schedule.earlier_items(code)
        try:
            entries = self.journal.entries()
        except OSError:
            entries = []  # unreadable journal: review as on a first visit
        seed = self.seed if self.seed is not None else self.learner()
        chosen = review_schedule.choose(entries, code, self.size, seed=seed, items=pool)
        if not chosen:
            if problems:
                return [], "The review questions could not be loaded. " + " ".join(problems), "error"
            return [], ("Nothing to review yet: the notebooks before this one have no knowledge-check "
                        "questions."), "info"
        if problems:
            return chosen, "Some review questions were left out because a file could not be loaded. " + " ".join(
                problems), "warning"
        return chosen, "", "info"

    def item_heading(self, item: CheckItem, number: int, total: int) -> str:
        return f"Review {number} of {total} (from notebook {item.notebook})."

    def displayed(self, item: CheckItem) -> CheckItem:
        return item.for_review()

    def order_key(self, item: CheckItem) -> str:
        return f"{item.id}/review" if item.variant is not None else item.id

    def answer_data(self, item: CheckItem, chosen: str, correct: bool) -> dict[str, Any]:
        return {"item_id": item.id, "from_notebook": item.notebook, "chosen": chosen, "correct": correct,
                "variant": item.variant is not None}

    def finish(self) -> str:
        total = len(self.items)
        if self.score == total:
            return f"Review done: you recalled all {total}. Well remembered."
        return (f"Review done: you recalled {self.score} of {total}. The ones you missed will come back in a "
                "later review; the feedback above is worth a second read.")

    @property
    def state(self) -> dict[str, Any]:
        return {**super().state, "from_notebooks": [i.notebook for i in self.items], "notice": self.notice}

"""The touchpoint sorter (notebook 01): which everyday moments are touchpoints, and with whom?

A touchpoint is any contact between the organisation and a current or potential customer; the
definition of customer service counts colleagues who rely on your work as *internal* customers.
The learner reads short cards (from ``csworkbook/data/touchpoints.json``) and sorts each into
"Touchpoint: external customer", "Touchpoint: internal customer" or "Not a touchpoint" with a
labelled dropdown. **Check** marks every card with a one-sentence reason, scores the sort, draws a
chart of correct and incorrect cards per category and saves the result; **Try again** clears it.
"""
from __future__ import annotations

import html
from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook.rules.touchpoints import (MAX_CARDS, MIN_CARDS, Card, Category, Deck, default_path, load_deck,
                                         score_sort)
from csworkbook.plots import LEVEL_COLOURS
from csworkbook.plots.touchpoints import TouchpointFigure
from csworkbook.widgets.base import Activity

#: Label of the empty choice every dropdown starts on.
PLACEHOLDER = "— choose —"
#: Value of that empty choice (a string, not ``None``, so the dropdown keeps showing the placeholder).
UNSORTED = ""


class TouchpointSorter(Activity):
    """Sort everyday situations into external-customer touchpoints, internal-customer touchpoints and neither.

    notebook: the notebook code saved with the result (``"01"``); journal: where to save
    (defaults to the learner's journal); deck: cards to use (defaults to the course's cards).
    """

    activity_id: ClassVar[str] = "touchpoint_sorter"
    title: ClassVar[str] = "Touchpoint sorter: who is the customer here?"
    has_chart: ClassVar[bool] = True

    def __init__(self, notebook: str = "01", *, journal: Any = None, deck: Deck | None = None,
                 **kwargs: Any) -> None:
        self.deck = deck if deck is not None else load_deck()
        super().__init__(notebook=notebook, journal=journal, **kwargs)

    def build(self) -> list[widgets.Widget]:
        options = [(PLACEHOLDER, UNSORTED), *((c.label, c.key) for c in self.deck.categories)]
        #: The latest marking (see :func:`score_sort`), or ``None`` before a complete Check.
        self.marking: dict[str, Any] | None = None
        #: The one figure of this sorter, updated in place at every Check.
        self.figure = TouchpointFigure()
        #: card id -> the dropdown the learner sorts it with.
        self.choices: dict[str, widgets.Dropdown] = {}
        #: card id -> the area where that card's feedback appears after Check.
        self.card_feedback: dict[str, widgets.HTML] = {}
        rows: list[widgets.Widget] = []
        for number, card in enumerate(self.deck.cards, start=1):
            text = widgets.HTML(f"<p style='margin:0.4em 0 0.1em'><b>Card {number}.</b> {html.escape(card.text)}</p>")
            choice = widgets.Dropdown(options=options, index=0, description=f"Card {number} is:",
                                      tooltip=card.text, style={"description_width": "6em"},
                                      layout=widgets.Layout(width="30em"))
            choice.observe(lambda _change, cid=card.id: self._on_change(cid), names="value")
            note = widgets.HTML("")
            self.choices[card.id] = choice
            self.card_feedback[card.id] = note
            rows.append(widgets.VBox([text, choice, note]))
        legend = "".join(f"<li><b>{html.escape(c.label)}</b>: {html.escape(c.explanation)}</li>"
                         for c in self.deck.categories)
        intro = widgets.HTML(
            "<p>A <b>touchpoint</b> is any moment when your organisation is in contact with someone who buys, "
            "or might buy, from it. Customers can also be <b>internal</b>: colleagues who count on your work. "
            "Sort each situation below with its dropdown, then press <b>Check</b>.</p>"
            f"<ul>{legend}</ul>")
        self.check_button = widgets.Button(description="Check", button_style="primary", icon="check",
                                           tooltip="Mark every card, show your score and save it to your journal")
        self.reset_button = widgets.Button(description="Try again", icon="refresh",
                                           tooltip="Clear every card and start the sort again")
        self.check_button.on_click(lambda _b: self.check())
        self.reset_button.on_click(lambda _b: self.reset())
        return [intro, *rows, widgets.HBox([self.check_button, self.reset_button])]

    # ------------------------------------------------------------------ values
    @property
    def answers(self) -> dict[str, str | None]:
        """card id -> chosen category key, or ``None`` while the card is unsorted."""
        return {cid: (choice.value if choice.value != UNSORTED else None) for cid, choice in self.choices.items()}

    @property
    def unsorted(self) -> list[str]:
        """Ids of the cards that still have no category."""
        return [cid for cid, key in self.answers.items() if key is None]

    def choose(self, card_id: str, category_key: str | None) -> None:
        """Sort one card (as a learner would with its dropdown); ``None`` puts it back to unsorted."""
        self.choices[card_id].value = UNSORTED if category_key is None else category_key

    def feedback_for(self, card_id: str) -> str:
        """The plain text shown under one card after Check ("" before)."""
        if self.marking is None:
            return ""
        card = next(c for c in self.deck.cards if c.id == card_id)
        result = next(r for r in self.marking["results"] if r["id"] == card_id)
        right = self.deck.category(card.answer).label
        if result["correct"]:
            return f"Correct: {right}. {card.why}"
        return f"Not quite: this is '{right}'. {card.why}"

    # ------------------------------------------------------------------ actions
    def check(self) -> dict[str, Any] | None:
        """Mark every card, show the reasons, score and chart, and save the result; return the entry.

        If any card is unsorted, say how many are left and save nothing.
        """
        left = self.unsorted
        if left:
            first = list(self.choices).index(left[0]) + 1
            noun = "card is" if len(left) == 1 else "cards are"
            self.give_feedback(f"{len(left)} {noun} still unsorted (the first is card {first}). Choose a "
                               "category for every card, then press Check again.", "error")
            return None
        answers = {cid: str(key) for cid, key in self.answers.items()}
        self.marking = score_sort(self.deck, answers)
        for card in self.deck.cards:
            ok = next(r for r in self.marking["results"] if r["id"] == card.id)["correct"]
            colour, icon = (LEVEL_COLOURS["success"], "✔") if ok else (LEVEL_COLOURS["error"], "✖")
            self.card_feedback[card.id].value = (
                f"<p style='margin:0.1em 0 0.3em;border-left:4px solid {colour};padding-left:0.5em'>"
                f"<span aria-hidden='true' style='color:{colour}'>{icon}</span> "
                f"{html.escape(self.feedback_for(card.id))}</p>")
        m = self.marking
        self.draw_chart(self._chart)
        entry = self.save({"answers": answers, "correct": m["correct"], "total": m["total"],
                           "percent": m["percent"], "missed": list(m["missed"])}, kind="result")
        message = f"You sorted {m['correct']} of {m['total']} cards correctly ({m['percent']:g} %)."
        if m["correct"] == m["total"]:
            level = "success"
            message += " Every card is right: you can spot customers inside and outside the organisation."
        else:
            level = "info" if m["percent"] >= 60 else "warning"
            numbers = [str(list(self.choices).index(cid) + 1) for cid in m["missed"]]
            which = f"card {numbers[0]}" if len(numbers) == 1 else f"cards {', '.join(numbers)}"
            message += f" Read the reason under {which}, then press Try again to sort once more."
        self.give_feedback(message + (" Your result is saved in your journal." if entry else ""), level)
        return entry

    def reset(self) -> None:
        """Clear every card, the reasons, the chart and the score."""
        self.marking = None
        for cid, choice in self.choices.items():
            choice.index = 0
            self.card_feedback[cid].value = ""
        self.hide_chart()
        self.give_feedback("All cards are cleared. Sort them again and press Check.", "info")

    def _on_change(self, card_id: str) -> None:
        """A card was re-sorted after Check: its old reason no longer applies."""
        if self.marking is not None:
            self.card_feedback[card_id].value = ""

    def prepare_chart(self) -> None:
        """Build the figure and draw its axes (as for a sort with every card right) before the first Check."""
        labels = [c.label for c in self.deck.categories]
        per = [sum(1 for card in self.deck.cards if card.answer == c.key) for c in self.deck.categories]
        total = sum(per)
        self.figure.draw(labels, per, [0] * len(per), f"Touchpoint sort: {total} of {total} correct (100 %)")

    def _chart(self) -> tuple[bytes, str, dict[str, Any]]:
        from csworkbook.plots.touchpoints import touchpoint_chart

        assert self.marking is not None
        per = self.marking["per_category"]
        keys = [c.key for c in self.deck.categories]
        png, summary, data = touchpoint_chart([c.label for c in self.deck.categories],
                                              [per[k]["correct"] for k in keys], [per[k]["incorrect"] for k in keys],
                                              figure=self.figure)
        return png, summary, {**data, "keys": keys}

    @property
    def state(self) -> dict[str, Any]:
        m = self.marking
        return {**super().state, "answers": self.answers, "unsorted": len(self.unsorted),
                "correct": m["correct"] if m else None, "total": len(self.deck.cards),
                "percent": m["percent"] if m else None}

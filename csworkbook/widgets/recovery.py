"""The recovery planner (notebook 08): order the seven recovery strategies, then recognise them in speech.

Part A: for a service breakdown, put :data:`csworkbook.content.RECOVERY_STRATEGIES` in order, one per
step; **Check order** gives feedback on every position against the order the article lists them in,
with the reason for each place. Part B: match short statements to the strategy they use; **Check
matches** gives feedback on every match. Unanswered steps or statements get a clear message, and
every checked attempt is saved to the journal.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook.content import RECOVERY_STRATEGIES
from csworkbook.widgets.base import Activity

NAMES: dict[str, str] = {s.key: s.name for s in RECOVERY_STRATEGIES}
#: The canonical order: the order the article gives the strategies in.
CANONICAL: tuple[str, ...] = tuple(s.key for s in RECOVERY_STRATEGIES)

CASE = ("A couple booked a table for their anniversary dinner. When they arrive, the restaurant has no record "
        "of the booking, every table is taken, and the wife says loudly that this has ruined their evening. "
        "You are the duty manager. The emotion-reducing moves (let them vent, empathise, agree where you can, "
        "speak softly and calmly) have helped a little. In what order would you use the seven recovery "
        "strategies from here?")

#: Why each strategy sits where it does (keyed by strategy), shown as feedback.
REASONS: dict[str, str] = {
    "reaffirm": "Begin with a sincere apology and tell them they matter: until people feel valued, they do not "
                "really hear any solution.",
    "commit": "With feelings cooler, prove you mean it by acting on the problem itself, and bring in a colleague "
              "if that is what it takes.",
    "realistic": "Accept that trust returns slowly and plan a gesture, such as a card or a voucher, that shows you "
                 "are truly sorry.",
    "flexible": "While you work out the fix, give and take: offer alternatives and concessions instead of quoting "
                "policy.",
    "open_communication": "Keep the conversation open: breathe before you answer and let the customer lead if "
                          "that calms things.",
    "gain_commitment": "Near the end, ask the customer to work with you and to tell you early if anything goes "
                       "wrong again.",
    "monitor": "Last, check back soon afterwards, because a problem that looked solved can flare up again.",
}

#: Part B: short statements, each using one strategy (written for this course).
STATEMENTS: tuple[tuple[str, str], ...] = (
    ("\"I'm so sorry. You have been with us for years, and I want you to know how much that means to us.\"",
     "reaffirm"),
    ("\"I've heard everything you said. I'm phoning the kitchen manager now, and I will stay with this until "
     "it is fixed.\"", "commit"),
    ("\"I know one apology won't put this right. I'm sending you a voucher for your next visit, and I hope we "
     "can earn your trust back over time.\"", "realistic"),
    ("\"I can't refund the whole fare, but I could upgrade your return seat or give you a credit for a "
     "future trip. Which would suit you better?\"", "flexible"),
    ("(The agent takes a slow breath before answering.) \"Please, go on. I'd like to hear the whole story "
     "before I suggest anything.\"", "open_communication"),
    ("\"Can we agree to try the new settings for a week? If anything still isn't right, call me directly and "
     "I'll deal with it the same day.\"", "gain_commitment"),
    ("\"Hello, it's Priya from the bank. I'm calling to check that your new card has worked without trouble "
     "since last week.\"", "monitor"),
)

_PLACEHOLDER = "— choose —"


def _options() -> list[tuple[str, str | None]]:
    """Dropdown options: a placeholder, then the strategies in alphabetical order (not the answer order)."""
    return [(_PLACEHOLDER, None), *sorted(((s.name, s.key) for s in RECOVERY_STRATEGIES), key=lambda o: o[0])]


class RecoveryPlanner(Activity):
    """Plan a service recovery: order the seven strategies for a case, then match statements to strategies."""

    activity_id: ClassVar[str] = "recovery_planner"
    title: ClassVar[str] = "Recovery planner"

    def build(self) -> list[widgets.Widget]:
        style = {"description_width": "initial"}
        self.order_inputs = [widgets.Dropdown(options=_options(), index=0, description=f"Step {i}:",
                                              style=style, layout=widgets.Layout(width="30em"))
                             for i in range(1, len(CANONICAL) + 1)]
        self.order_button = widgets.Button(description="Check order", button_style="primary", icon="check",
                                           tooltip="Get feedback on every step of your order")
        self.order_button.on_click(lambda _b: self.check_order())
        self.match_inputs = [widgets.Dropdown(options=_options(), index=0, description=f"Statement {i}:",
                                              style=style, layout=widgets.Layout(width="30em"))
                             for i in range(1, len(STATEMENTS) + 1)]
        self.match_button = widgets.Button(description="Check matches", button_style="primary", icon="check",
                                           tooltip="Get feedback on every match")
        self.match_button.on_click(lambda _b: self.check_matches())
        #: Each part's feedback, right under its own button.
        self.order_feedback = self.feedback_area()
        self.match_feedback = self.feedback_area()
        statements = "".join(f"<li>{text}</li>" for text, _key in STATEMENTS)
        #: Results of the latest checks, or ``None`` before a complete attempt.
        self.order_result: dict[str, Any] | None = None
        self.match_result: dict[str, Any] | None = None
        return [
            widgets.HTML(f"<h4>Part A: put the recovery in order</h4><p>{CASE}</p>"),
            *self.order_inputs, self.order_button, self.order_feedback,
            widgets.HTML("<h4>Part B: which strategy is this?</h4><p>Each statement below uses one recovery "
                         f"strategy. Match each to its strategy.</p><ol>{statements}</ol>"),
            *self.match_inputs, self.match_button, self.match_feedback,
        ]

    # ------------------------------------------------------------------ part A
    @property
    def order(self) -> list[str | None]:
        """The strategy key chosen for each step (``None`` where nothing is chosen yet)."""
        return [d.value for d in self.order_inputs]

    def check_order(self) -> dict[str, Any] | None:
        """Give feedback on every position of the learner's order; save and return the result."""
        chosen = self.order
        empty = [str(i) for i, v in enumerate(chosen, start=1) if v is None]
        if empty:
            self.give_feedback(f"Choose a strategy for every step first: step{'s' if len(empty) > 1 else ''} "
                               f"{', '.join(empty)} {'are' if len(empty) > 1 else 'is'} still empty.",
                               "error", area=self.order_feedback)
            return None
        counts = Counter(chosen)
        doubles = [k for k in CANONICAL if counts[k] > 1]
        if doubles:
            unused = [NAMES[k] for k in CANONICAL if counts[k] == 0]
            used = "; ".join(f"'{NAMES[k]}' is in steps "
                             f"{', '.join(str(i) for i, v in enumerate(chosen, start=1) if v == k)}" for k in doubles)
            self.give_feedback(f"Each strategy belongs in exactly one step. {used}, and "
                               f"{', '.join(repr(u) for u in unused)} {'is' if len(unused) == 1 else 'are'} not used "
                               "yet.", "error", area=self.order_feedback)
            return None
        lines, right = [], 0
        for step, (mine, expected) in enumerate(zip(chosen, CANONICAL), start=1):
            if mine == expected:
                right += 1
                lines.append(f"Step {step} ✔ {NAMES[mine]}. {REASONS[mine]}")
            else:
                lines.append(f"Step {step} ✘ you chose {NAMES[mine]}; the article puts {NAMES[expected]} here. "
                             f"{REASONS[expected]}")
        closing = ("Every step matches the article's order. " if right == len(CANONICAL) else
                   "Not every step matches, and that is fine for a first plan: read the reason for each place. ")
        closing += ("In a live conversation the strategies overlap (you keep communication open from start to "
                    "finish), so treat the order as a guide, not a script.")
        self.order_result = {"order": list(chosen), "correct": right, "score": right, "total": len(CANONICAL),
                             "positions": [m == e for m, e in zip(chosen, CANONICAL)]}
        self.save({"part": "order", **self.order_result}, kind="order")
        self.give_feedback(f"{right} of {len(CANONICAL)} steps in the article's place.\n" + "\n".join(lines)
                           + "\n" + closing, "success" if right == len(CANONICAL) else "info",
                           area=self.order_feedback)
        return self.order_result

    # ------------------------------------------------------------------ part B
    @property
    def matches(self) -> list[str | None]:
        """The strategy key chosen for each statement (``None`` where nothing is chosen yet)."""
        return [d.value for d in self.match_inputs]

    def check_matches(self) -> dict[str, Any] | None:
        """Give feedback on every statement's match; save and return the result."""
        chosen = self.matches
        empty = [str(i) for i, v in enumerate(chosen, start=1) if v is None]
        if empty:
            self.give_feedback(f"Match every statement first: statement{'s' if len(empty) > 1 else ''} "
                               f"{', '.join(empty)} {'have' if len(empty) > 1 else 'has'} no strategy yet.",
                               "error", area=self.match_feedback)
            return None
        lines, right = [], 0
        for number, (mine, (_text, expected)) in enumerate(zip(chosen, STATEMENTS), start=1):
            if mine == expected:
                right += 1
                lines.append(f"Statement {number} ✔ {NAMES[expected]}.")
            else:
                lines.append(f"Statement {number} ✘ this is {NAMES[expected]}, not {NAMES[mine]}: "
                             f"{REASONS[expected]}")
        self.match_result = {"matches": list(chosen), "correct": right, "score": right, "total": len(STATEMENTS),
                             "items": [m == k for m, (_t, k) in zip(chosen, STATEMENTS)]}
        self.save({"part": "match", **self.match_result}, kind="match")
        self.give_feedback(f"{right} of {len(STATEMENTS)} statements matched.\n" + "\n".join(lines),
                           "success" if right == len(STATEMENTS) else "info",
                           area=self.match_feedback)
        return self.match_result

    @property
    def state(self) -> dict[str, Any]:
        return {**super().state, "order": self.order, "matches": self.matches,
                "order_result": self.order_result, "match_result": self.match_result}

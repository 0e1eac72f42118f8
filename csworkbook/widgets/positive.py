"""The POSITIVE self-assessment (notebook 05): rate how often you show each of the eight behaviours.

Each behaviour of :data:`csworkbook.content.POSITIVE` gets a row of five buttons, Never (1 point) to
Always (5 points), with nothing chosen at first. **Score** adds the eight ratings (8–40 points),
names the two lowest-rated behaviours with something concrete to practise, reminds the learner that
self-ratings need a peer's check, saves the attempt to the journal (kind ``attempt``) and draws a
chart: this attempt's ratings beside the total of every attempt so far. Earlier attempts are read
back from the journal, so progress survives a kernel restart.
"""
from __future__ import annotations

import html
from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook.content import POSITIVE, SELF_RATING_CAVEAT, PositiveBehaviour
from csworkbook.journal import Journal
from csworkbook.plots.positive import PositiveFigure, positive_chart
from csworkbook.rules.positive import (KEYS, MAX_TOTAL, MIN_TOTAL, SCALE_LABELS, is_attempt, progress_phrase,
                                       weakest_of, weakest_two)
from csworkbook.rules.wording import join_words, whole_percent
from csworkbook.widgets.base import Activity

#: The frequency scale: label -> points.
SCALE: dict[str, int] = {label: points for points, label in enumerate(SCALE_LABELS, start=1)}
#: The two I's share a letter; these labels tell them apart.
_I_LABELS: dict[str, str] = {"I1": "I (listen)", "I2": "I (invite)"}


def letter_label(item: PositiveBehaviour) -> str:
    """The label shown for a behaviour: its letter, with ``(listen)`` or ``(invite)`` for the two I's."""
    return _I_LABELS.get(item.key, item.letter or item.key)


LABELS: dict[str, str] = {item.key: letter_label(item) for item in POSITIVE}
_BY_KEY: dict[str, PositiveBehaviour] = {item.key: item for item in POSITIVE}


class PositiveSelfAssessment(Activity):
    """Rate yourself on the eight POSITIVE behaviours (1 = Never … 5 = Always) and track your total (8–40 points).

    notebook: the notebook code stored with each attempt (``"05"``); journal: where attempts are saved.
    """

    activity_id: ClassVar[str] = "positive_self_assessment"
    title: ClassVar[str] = "POSITIVE self-assessment: how often do you do each of these?"
    has_chart: ClassVar[bool] = True

    def __init__(self, notebook: str = "05", *, journal: Journal | None = None, **kwargs: Any) -> None:
        super().__init__(notebook=notebook, journal=journal, **kwargs)

    def build(self) -> list[widgets.Widget]:
        self._holding = False
        #: Every earlier attempt's data (as saved in the journal), oldest first.
        self.attempts: list[dict[str, Any]] = []
        #: The one figure of this activity, updated in place at every Score.
        self.figure = PositiveFigure()
        intro = widgets.HTML(
            "<p>For each behaviour, pick how often you really do it with customers, from <b>Never</b> "
            "(1 point) to <b>Always</b> (5 points). Think of your last few weeks at work rather than your "
            "best day. When all eight are rated, press <b>Score</b>: you get your total out of 40, the two "
            "behaviours to work on first, and a chart of every attempt so far.</p>")
        style = {"description_width": "21em", "button_width": "7.5em"}
        #: One rating control per behaviour key (value 1–5, or ``None`` while unanswered).
        self.rating_controls: dict[str, widgets.ToggleButtons] = {}
        rows: list[widgets.Widget] = []
        for item in POSITIVE:
            control = widgets.ToggleButtons(
                options=[(label, points) for label, points in SCALE.items()], value=None,
                description=f"{LABELS[item.key]}: {item.name}",
                tooltips=[f"{label} ({points} point{'s' if points > 1 else ''})" for label, points in SCALE.items()],
                style=style, layout=widgets.Layout(width="auto"))
            control.add_class(f"csw-rating-{item.key}")
            control.observe(lambda change, key=item.key: self._rated(key), names="value")
            self.rating_controls[item.key] = control
            rows.append(control)
            rows.append(widgets.HTML(f"<div style='margin:-0.3em 0 0.5em 1em;font-size:90%;color:#444'>"
                                     f"{html.escape(item.explanation)}</div>"))
        self.score_button = widgets.Button(description="Score", button_style="primary", icon="check",
                                           tooltip="Add up your ratings, save this attempt and show your progress")
        self.score_button.add_class("csw-score")
        self.clear_button = widgets.Button(description="Clear ratings", icon="eraser",
                                           tooltip="Untick every rating to start a fresh attempt")
        self.clear_button.add_class("csw-clear")
        self.score_button.on_click(lambda _b: self.score())
        self.clear_button.on_click(lambda _b: self.clear())
        self._load_attempts()
        if self.attempts:
            last = self.attempts[-1]
            self._draw(last["ratings"], weakest_of(last), current=False)
            self.give_feedback(
                f"Welcome back: you have {len(self.attempts)} earlier attempt(s); the latest scored "
                f"{last['total']} of {MAX_TOTAL}. Rate yourself again to see how you have moved.", "info")
        return [intro, *rows, widgets.HBox([self.score_button, self.clear_button])]

    # ------------------------------------------------------------------ values
    @property
    def ratings(self) -> dict[str, int | None]:
        """Behaviour key -> rating (1 = Never … 5 = Always), ``None`` while unanswered."""
        return {key: control.value for key, control in self.rating_controls.items()}

    @property
    def attempt_totals(self) -> list[int]:
        """The total (8–40 points) of every saved attempt, oldest first."""
        return [a["total"] for a in self.attempts]

    def set_rating(self, key: str, value: int | str | None) -> bool:
        """Rate behaviour ``key`` (``"P"``, ``"I1"``, …) with 1–5 or a scale label such as ``"Often"``.

        ``None`` clears the rating. Returns ``False`` (and shows why) for an unknown key or value.
        """
        if key not in self.rating_controls:
            self.give_feedback(f"There is no behaviour called {key!r}; use one of {', '.join(KEYS)}.", "error")
            return False
        points: int | None
        if value is None:
            points = None
        elif isinstance(value, str) and value.strip().title() in SCALE:
            points = SCALE[value.strip().title()]
        elif isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
            points = value
        else:
            choices = ", ".join(f"{p} = {label}" for label, p in SCALE.items())
            self.give_feedback(f"{value!r} is not on the scale for {LABELS[key]}; choose {choices}.", "error")
            return False
        self.rating_controls[key].value = points
        return True

    def missing(self) -> list[str]:
        """Keys of the behaviours not rated yet, in model order."""
        return [key for key, value in self.ratings.items() if value is None]

    # ------------------------------------------------------------------ actions
    def score(self) -> dict[str, Any] | None:
        """Total the ratings (8–40 points), coach the two weakest, save the attempt and chart progress.

        With any behaviour unrated, shows which ones and saves nothing (returns ``None``).
        """
        missing = self.missing()
        if missing:
            names = join_words([LABELS[k] for k in missing])
            self.give_feedback(f"Please rate every behaviour before scoring. Still unanswered: {names}.", "error")
            return None
        ratings: dict[str, int] = {key: int(value) for key, value in self.ratings.items() if value is not None}
        total = sum(ratings.values())
        percent = round(100.0 * total / MAX_TOTAL, 1)
        weakest = weakest_two(ratings)
        data = {"ratings": ratings, "total": total, "max": MAX_TOTAL, "percent": percent, "weakest": weakest}
        entry = self.save(data, kind="attempt")
        if entry is None:
            self.give_feedback(f"Your score is {total} of {MAX_TOTAL}; press Score again once the journal "
                               "can be written.", "error")
            return None
        self._load_attempts()
        if not self.attempts or self.attempts[-1] != data:  # journal unreadable: keep this attempt in view
            self.attempts.append(data)
        self._draw(ratings, weakest)
        lines = [f"Total {total} of {MAX_TOTAL} ({whole_percent(percent)} %), {progress_phrase(self.attempt_totals)}.",
                 "Your two lowest-rated behaviours, each with something to practise:"]
        for key in weakest:
            item = _BY_KEY[key]
            rated = SCALE_LABELS[ratings[key] - 1]
            lines.append(f"• {LABELS[key]} ({item.name}, rated {rated}): {item.coaching}")
        lines.append(f"Keep in mind: {SELF_RATING_CAVEAT} Ask a co-worker who sees you with customers to "
                     "rate you on the same eight behaviours, then compare their answers with yours.")
        lines.append(f"Saved to your journal as attempt {len(self.attempts)}.")
        self.give_feedback("\n".join(lines), "success")
        return entry

    def clear(self) -> None:
        """Untick every rating so the learner can start a fresh attempt (saved attempts stay)."""
        with self.holding():
            for control in self.rating_controls.values():
                control.value = None
        self.give_feedback("All ratings cleared. Rate the eight behaviours again, then press Score.", "info")

    # ------------------------------------------------------------------ helpers
    def _rated(self, key: str) -> None:
        if self._holding:
            return
        value = self.rating_controls[key].value
        missing = self.missing()
        said = f"{LABELS[key]}: {SCALE_LABELS[value - 1]}." if value is not None else f"{LABELS[key]}: not rated."
        if missing:
            self.give_feedback(f"{said} {8 - len(missing)} of 8 rated; still to rate: "
                               f"{join_words([LABELS[k] for k in missing])}.", "info")
        else:
            self.give_feedback(f"{said} All eight rated: press Score to see your total.", "info")

    def _load_attempts(self) -> None:
        try:
            entries = self.journal.entries(activity=self.activity_id, kind="attempt")
        except OSError:
            entries = []
        self.attempts = [e["data"] for e in entries if is_attempt(e.get("data"))]

    def prepare_chart(self) -> None:
        self.figure.prepare([LABELS[k] for k in KEYS])

    def _draw(self, ratings: dict[str, int], weakest: list[str], *, current: bool = True) -> None:
        totals = self.attempt_totals
        self.draw_chart(lambda: positive_chart([LABELS[k] for k in KEYS], [ratings[k] for k in KEYS], totals,
                                               [LABELS[k] for k in weakest], current=current, figure=self.figure),
                        extra={"keys": list(KEYS), "weakest_keys": list(weakest)})


    @property
    def state(self) -> dict[str, Any]:
        return {**super().state, "ratings": dict(self.ratings), "attempt_totals": list(self.attempt_totals),
                "attempts": len(self.attempts)}

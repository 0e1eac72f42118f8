"""The base class every course activity builds on.

An :class:`Activity` is an ``ipywidgets.VBox`` with a feedback area, a chart area (a PNG image
with a one-line text summary beside it, also its alt text), a link to the learner's journal, and an
invisible :class:`~csworkbook.widgets.frame.ActivityFrame` (its browser side: notebook shortcuts off
inside the activity, the course stylesheet, named rating groups and sliders, one live region that
announces every feedback, focus kept in a sensible place). Subclasses build their controls, wire observers and buttons, and call
:meth:`Activity.give_feedback`, :meth:`Activity.show_chart` and :meth:`Activity.save`.
Tests drive an activity exactly as a learner does: set widget values, call ``button.click()``,
then read :attr:`feedback_text`, :attr:`chart_data` and the journal.
"""
from __future__ import annotations

import contextlib
import html
import itertools
from typing import Any, Callable, ClassVar, Iterable, Iterator, Literal

import ipywidgets as widgets
from traitlets import TraitError

from csworkbook.journal import AnswerTooLong, Journal, default_journal
from csworkbook.plots import LEVEL_COLOURS, warm_up
from csworkbook.widgets.frame import ActivityFrame

Level = Literal["info", "success", "warning", "error"]
#: What a chart function returns: PNG bytes, a one-sentence summary, the data behind the marks.
Chart = tuple[bytes, str, dict[str, Any]]

#: Numbers the feedback areas of every activity in this kernel (their css class ``csw-fb-N``).
_AREA_NUMBERS = itertools.count(1)
_COLOURS = LEVEL_COLOURS  # Okabe–Ito, readable on white, never relying on colour alone (an icon and a word too)
_ICONS: dict[str, str] = {"info": "ℹ", "success": "✔", "warning": "⚠", "error": "✖"}


class Activity(widgets.VBox):
    """A self-contained learning activity that shows itself, gives feedback and saves to the journal.

    notebook: the notebook code the activity belongs to (``"05"``), stored with every journal entry.
    journal: where to save; defaults to :func:`csworkbook.journal.default_journal`.
    """

    #: Stable identifier stored in the journal (subclasses override).
    activity_id: ClassVar[str] = "activity"
    #: Heading shown above the activity (subclasses override).
    title: ClassVar[str] = "Activity"
    #: True for activities that draw a chart: matplotlib is then warmed up in a background thread
    #: as the activity is built, so the first click does not wait for it.
    has_chart: ClassVar[bool] = False

    def __init__(self, *, notebook: str = "", journal: Journal | None = None, **kwargs: Any) -> None:
        self.notebook = notebook
        self.journal = journal if journal is not None else default_journal()

        self.heading = widgets.HTML(f"<h3 style='margin:0.2em 0'>{html.escape(self.title)}</h3>")
        #: The browser side of the activity (live region, focus, names, stylesheet); see ``frame.py``.
        self.frame = ActivityFrame()
        self.feedback = self.feedback_area()
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="720px", display="none"))
        self.chart_summary = widgets.HTML("")
        self.chart_box = widgets.VBox([self.chart, self.chart_summary])
        self.chart_box.add_class("csw-chart")
        #: Plain text of the latest feedback (what a learner reads), and its level.
        self.feedback_text: str = ""
        self.feedback_level: Level | None = None
        #: Plain data behind the latest chart (what the bars or lines show).
        self.chart_data: dict[str, Any] | None = None
        controls = self.build()
        super().__init__(children=[self.heading, *controls, *self.feedback_place(), *self.chart_place(), self.frame],
                         **kwargs)
        self.add_class("csw-activity")
        self.add_class(f"csw-{self.activity_id}")
        if self.has_chart:
            warm_up(self.prepare_chart)
        self.frame.sliders = name_sliders(self)
        self._show_journal_warning()

    def _show_journal_warning(self) -> None:
        """If reading the journal moved a damaged file aside, say so (and where) in the feedback area."""
        notes = list(getattr(self.journal, "warnings", None) or [])
        if not notes:
            return
        message = notes[-1]
        if len(notes) > 1:
            message += f" ({len(notes) - 1} earlier journal warning(s) in this session.)"
        level: Level = "error" if self.feedback_level == "error" else "warning"
        if self.feedback_text:  # keep whatever the activity said while building
            message += "\n" + self.feedback_text
        self.give_feedback(message, level)

    #: Why the latest chart could not be drawn (``None`` when it was), as shown in place of the chart.
    chart_problem: str | None = None
    #: Why the latest save failed (``None`` after a good one); added to every feedback until a save works.
    save_problem: str | None = None

    #: True while several controls are set at once (see :meth:`holding`); observers check it and wait.
    _holding: bool = False

    # ------------------------------------------------------------------ for subclasses
    @contextlib.contextmanager
    def holding(self) -> Iterator[None]:
        """Set several controls at once without their observers running in between.

        Observers return early while ``self._holding`` is true; recompute once after the block.
        """
        previous = self._holding
        self._holding = True
        try:
            yield
        finally:
            self._holding = previous

    def build(self) -> list[widgets.Widget]:
        """Create and return the activity's own controls (placed between heading and feedback)."""
        return []

    def prepare_chart(self) -> None:
        """Build and lay out the activity's figure ahead of the first click (runs in a background thread)."""

    def feedback_place(self) -> list[widgets.Widget]:
        """Where the main feedback area sits among the children (after the controls; override to move it)."""
        return [self.feedback]

    def chart_place(self) -> list[widgets.Widget]:
        """Where the chart sits: last, under the feedback (override, and place ``chart_box`` in build(), to move it)."""
        return [self.chart_box]

    @staticmethod
    def feedback_area() -> widgets.HTML:
        """A new, empty feedback area, to place right under the button whose result it shows."""
        area = widgets.HTML("", layout=widgets.Layout(min_height="0"))
        area.add_class("csw-feedback")
        area.add_class(f"csw-fb-{next(_AREA_NUMBERS)}")  # unique in the kernel: the page finds it by this
        return area

    def give_feedback(self, message: str, level: Level = "info", *, detail_html: str = "",
                      area: widgets.HTML | None = None, shown_html: str | None = None) -> None:
        """Show ``message`` in a feedback area, announce it to screen readers once, and remember it.

        area: where to show it (one from :meth:`feedback_area` under the button that caused it);
        default the activity's main feedback area, which is emptied when another area is used.
        shown_html: what the box shows instead of the escaped message (the message is still announced).
        """
        if self.save_problem:  # never let later feedback hide a failed save, nor call it anything but an error
            if self.save_problem not in message:
                message = f"{message}\n{self.save_problem}"
            level = "error"
            shown_html = None
        self.feedback_text = message
        self.feedback_level = level
        target = area if area is not None else self.feedback
        target.value = feedback_box(message, level, detail_html, shown_html)
        if target is not self.feedback and self.feedback.value:
            self.feedback.value = ""
        css = next((c for c in target._dom_classes if c.startswith("csw-fb-")), "")
        self.frame.say(f"{level.title()}: {message}", area=css)

    def show_chart(self, png: bytes, summary: str, data: dict[str, Any]) -> None:
        """Display a chart (PNG bytes) with a one-line text summary beside it; keep its data."""
        self.chart.value = png
        self.chart.layout.display = ""
        self.chart_summary.value = f"<p class='csw-note'><b>Chart summary:</b> {html.escape(summary)}</p>"
        self.frame.chart_alt = f"Chart: {summary}"
        self.chart_data = data

    def hide_chart(self, summary_html: str = "") -> None:
        """Hide the chart (nothing valid to draw) and forget its data; ``summary_html`` may say why."""
        self.chart.layout.display = "none"
        self.chart_summary.value = summary_html
        self.frame.chart_alt = ""
        self.chart_data = None

    def draw_chart(self, make: Callable[[], Chart], *, extra: dict[str, Any] | None = None) -> bool:
        """Draw the chart ``make()`` returns; if drawing fails, hide the chart and say so instead of a traceback.

        ``extra`` is merged into the chart's data. Returns True when a chart is shown. The learner's
        answer and feedback are never affected by a chart problem.
        """
        try:
            png, summary, data = make()
        except Exception as exc:  # a chart problem must never stop the lesson
            self.chart_problem = (f"The chart could not be drawn ({type(exc).__name__}: {exc}). "
                                  "Your answer and its feedback are not affected.")
            self.hide_chart(f"<p role='status'>{html.escape(self.chart_problem)}</p>")
            return False
        self.chart_problem = None
        self.show_chart(png, summary, {**data, **(extra or {})})
        return True

    def update(self) -> None:
        """Recompute what the controls show after they change (activities with live controls override)."""

    def set_controls(self, settings: Iterable[tuple[widgets.Widget, Any]], refused: str) -> bool:
        """Give several controls new values at once (``(control, value)``; ``None`` skips one), then update once.

        A value a control cannot take (outside a slider, not an option) shows ``refused`` as an error,
        after an update so the screen matches the controls; returns whether every value was taken.
        """
        try:
            with self.holding():
                for control, value in settings:
                    if value is not None:
                        control.value = value
        except (TraitError, TypeError, ValueError):
            self.update()
            self.give_feedback(refused, "error")
            return False
        self.update()
        return True

    def save_then_say(self, data: dict[str, Any], *, kind: str, message: str,
                      level: Level = "success") -> dict[str, Any] | None:
        """Save ``data``; if it worked show ``message``, else the save's own error stays. Returns the entry."""
        entry = self.save(data, kind=kind)
        if entry is not None:
            self.give_feedback(message, level)
        return entry

    def save(self, data: dict[str, Any], *, kind: str = "response") -> dict[str, Any] | None:
        """Record ``data`` in the journal under this activity and notebook; return the entry.

        If the journal cannot be written (a folder that is not writable, a full disk, a lock held
        too long, an answer over the size cap) this returns ``None``, shows one clear message in
        the feedback area and keeps it in every later feedback until a save works; the learner's
        answer stays on screen, and nothing already saved is touched.
        """
        earlier, self.save_problem = self.save_problem, None
        try:
            entry = self.journal.record(self.activity_id, data, notebook=self.notebook, kind=kind)
            if earlier:  # feedback built on the previous text must not repeat a problem that is gone
                self.feedback_text = self.feedback_text.replace(f"\n{earlier}", "").replace(earlier, "")
            return entry
        except AnswerTooLong as exc:
            problem = f"Not saved: {exc}"
        except (OSError, ValueError, TypeError) as exc:
            problem = (f"Not saved: your journal ({self.journal.path}) could not be written ({exc}). Your answer is "
                       "still here and nothing saved earlier is lost; Journal tools in notebook 00 shows where the "
                       "journal lives. Fix that, then save again.")
        self.save_problem = problem
        self.give_feedback(problem, "error")
        return None

    @property
    def state(self) -> dict[str, Any]:
        """The learner-visible state as plain Python values (subclasses extend)."""
        return {"feedback": self.feedback_text, "level": self.feedback_level}


def feedback_box(message: str, level: Level, detail_html: str = "", shown_html: str | None = None) -> str:
    """The HTML of one feedback message: icon and level word (not colour alone), then the escaped text."""
    body = html.escape(message).replace("\n", "<br>") if shown_html is None else shown_html
    return (f"<div class='csw-box csw-{level}'><span class='csw-mark' aria-hidden='true'>{_ICONS[level]}</span> "
            f"<b class='csw-mark'>{level.title()}:</b> {body}{detail_html}</div>")


def _walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


def slider_unit(slider: widgets.Widget) -> dict[str, Any]:
    """How a slider's value is read aloud: ``{"name", "scale", "decimals", "suffix"}`` (e.g. 0.25 -> "25 %").

    A slider may set ``slider.unit`` (a dict of the same keys) itself; otherwise percent sliders
    (readout ``%``) read as percent and "(minutes)"/"(years)" in the description name the unit.
    """
    description = str(getattr(slider, "description", "")).rstrip(": ")
    unit: dict[str, Any] = {"name": description.split(" (")[0] if "(" in description else description,
                            "scale": 1, "decimals": 0, "suffix": ""}
    fmt = str(getattr(slider, "readout_format", ""))
    words = description.lower()
    if "%" in fmt:
        unit.update(scale=100, suffix=" %")
    elif "minute" in words:
        unit.update(suffix=" minutes")
    elif "year" in words:
        unit.update(suffix=" years")
    if isinstance(getattr(slider, "step", 1), float) and "%" not in fmt:
        decimals = fmt.lstrip(".").rstrip("f")
        unit["decimals"] = int(decimals) if decimals.isdigit() else 2
    unit.update(getattr(slider, "unit", None) or {})
    return unit


def name_sliders(root: widgets.Widget) -> dict[str, dict[str, Any]]:
    """Give every slider under ``root`` a css class and return class -> how it is read aloud."""
    named: dict[str, dict[str, Any]] = {}
    for widget in _walk(root):
        if isinstance(widget, (widgets.IntSlider, widgets.FloatSlider)):
            css = f"csw-slider-{len(named) + 1}"
            widget.add_class(css)
            named[css] = slider_unit(widget)
    return named

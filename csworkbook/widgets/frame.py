"""The activity frame: a small front end (``anywidget``) that makes each activity behave well in a notebook.

Plain ipywidgets cannot set attributes on the page, so every :class:`csworkbook.widgets.base.Activity`
carries one invisible :class:`ActivityFrame`. Its browser module (``frame.js``) finds the activity
around it and stops notebook shortcuts inside it (``data-lm-suppress-shortcuts``, which JupyterLab
honours), loads the course stylesheet (``course.css``) once per page, names rating groups and gives
them ``aria-pressed`` and arrow keys, names sliders and announces their values in units, keeps one
persistent live region for feedback, puts the chart summary in the chart's ``alt`` text, and moves
focus where Python asks after an action. anywidget needs no JupyterLab extension build and works in
JupyterLab 4, Notebook 7, Voilà and on Binder.

Python sets plain traits; the browser does the rest:
``announce`` (``{"text", "n", "area"}``), ``focus`` (``{"target": css class, "n"}``), ``chart_alt`` (str) and
``sliders`` (css class -> ``{"name", "scale", "decimals", "suffix"}``).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return resources.files("csworkbook.widgets").joinpath(name).read_text(encoding="utf-8")


def course_css() -> str:
    """The course stylesheet (CSS text), the one the frame loads into the page once."""
    return _asset("course.css")


class ActivityFrame(anywidget.AnyWidget):
    """The invisible front end that wraps one activity (see the module docstring)."""

    _esm = traitlets.Unicode(_asset("frame.js")).tag(sync=True)
    css = traitlets.Unicode(_asset("course.css")).tag(sync=True)
    announce = traitlets.Dict().tag(sync=True)
    focus = traitlets.Dict().tag(sync=True)
    chart_alt = traitlets.Unicode("").tag(sync=True)
    sliders = traitlets.Dict().tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(layout=widgets.Layout(height="0px", margin="0", padding="0", overflow="hidden"), **kwargs)
        self._count = 0

    def say(self, text: str, area: str = "") -> None:
        """Put ``text`` in the activity's live region (screen readers announce it once).

        area: the css class of the feedback area that shows it; the page scrolls it into view when
        the learner is working in this activity.
        """
        self._count += 1
        self.announce = {"text": text, "n": self._count, "area": area}

    def focus_on(self, css_class: str) -> None:
        """Move keyboard focus to the first control inside the element with ``css_class`` (or to the element)."""
        self._count += 1
        self.focus = {"target": css_class, "n": self._count}

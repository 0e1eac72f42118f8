"""The learner's dashboard (notebook 10): every activity's latest result, and the action-plan export.

Reads the whole journal through :func:`csworkbook.overview.summarise` and shows a one-line summary,
a chart of the latest percent of every scored activity (unscored ones are listed as done or not yet
in the table), and a table of activities with the date and result of their latest entry.
**Refresh** reads the journal again; **Export my action plan** writes ``action_plan.md`` and
``action_plan.html`` with :func:`csworkbook.action_plan.export_action_plan`, shows both paths and
offers download links (on Binder the files vanish when the session ends). The dashboard only reads
the journal; it saves nothing to it.
"""
from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook.action_plan import export_action_plan
from csworkbook.overview import summarise, where
from csworkbook.journal import Journal
from csworkbook.plots.dashboard import DashboardFigure, dashboard_chart
from csworkbook.widgets.base import Activity

_STATUS = {"done": "done", "started": "started", "not yet": "not yet"}


def rows_table(rows: list[dict[str, Any]]) -> str:
    """The activities as an accessible HTML table: activity, notebook, status, latest date, result (escaped)."""
    cell = "padding:0.15em 0.6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top"
    body = "".join(
        f"<tr><th scope='row' style='{cell};font-weight:normal'>{html.escape(r['label'])}</th>"
        f"<td style='{cell}'>{html.escape(r['notebook'])}</td>"
        f"<td style='{cell}'>{html.escape(_STATUS.get(r['status'], r['status']))}</td>"
        f"<td style='{cell}'>{html.escape(r['date'] or '–')}</td>"
        f"<td style='{cell}'>{html.escape(r['result'])}</td></tr>"
        for r in rows)
    head = "".join(f"<th scope='col' style='{cell}'>{h}</th>"
                   for h in ("Activity", "Notebook", "Status", "Latest", "Result"))
    return ("<table style='border-collapse:collapse;margin:0.4em 0'>"
            "<caption style='text-align:left;font-weight:bold'>Every activity, with its latest result</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _download_link(path: Path, mime: str) -> str:
    payload = base64.b64encode(path.read_bytes()).decode("ascii")
    name = html.escape(path.name)
    return (f"<a download='{name}' href='data:{mime};charset=utf-8;base64,{payload}' "
            f"style='margin-right:1.5em'>⬇ Download {name}</a>")


class Dashboard(Activity):
    """All your results in one place, and a personal action plan to take away.

    notebook: the notebook code (``"10"``); journal: which journal to read (default: the learner's).
    """

    activity_id: ClassVar[str] = "dashboard"
    title: ClassVar[str] = "My dashboard: every activity at a glance"
    has_chart: ClassVar[bool] = True

    def __init__(self, notebook: str = "10", *, journal: Journal | None = None, **kwargs: Any) -> None:
        #: What :func:`summarise` returned at the latest refresh (``None`` if the journal could not be read).
        self.overview: dict[str, Any] | None = None
        #: The one-line summary shown under the heading.
        self.summary_text: str = ""
        #: Paths of the latest export (markdown, HTML), or ``None`` before the first export.
        self.export_paths: tuple[Path, Path] | None = None
        super().__init__(notebook=notebook, journal=journal, **kwargs)
        self.refresh()

    def build(self) -> list[widgets.Widget]:
        #: The one figure of this dashboard, updated in place at every Refresh.
        self.figure = DashboardFigure()
        self.intro = widgets.HTML(
            "<p>This page gathers the latest result of every activity in the course from your journal. Scored "
            "activities appear as bars (in percent); the table also lists the ones without a score as "
            "<i>done</i> or <i>not yet</i>. Press <b>Refresh</b> after working in another notebook, and "
            "<b>Export my action plan</b> to take your next steps away with you.</p>")
        self.summary_html = widgets.HTML()
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh",
                                             tooltip="Read the journal again and update the dashboard")
        self.export_button = widgets.Button(description="Export my action plan", button_style="success",
                                            icon="download", tooltip="Write your action plan as Markdown and HTML",
                                            layout=widgets.Layout(width="auto"))
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.export_button.on_click(lambda _b: self.export())
        self.table_html = widgets.HTML()
        #: The export's result, right under the export button (a feedback area).
        self.export_html = self.feedback_area()
        # Chart first, then the buttons with their results, then the table folded away.
        return [self.intro, self.summary_html, self.chart_box,
                widgets.HBox([self.refresh_button, self.export_button]), self.feedback, self.export_html,
                self.table_html]

    def feedback_place(self) -> list[widgets.Widget]:
        return []  # placed under the buttons in build()

    def chart_place(self) -> list[widgets.Widget]:
        return []  # placed first in build()

    # ------------------------------------------------------------------ actions
    def _read(self) -> str | None:
        """Read the journal and redraw everything; return a problem message or ``None``."""
        try:
            entries = self.journal.entries()
            overview = summarise(entries)
        except Exception as exc:  # a learner's button must never end in a traceback
            return f"The dashboard could not read your journal ({exc})."
        self.overview = overview
        self.summary_text = overview["summary"]
        self.summary_html.value = f"<p style='font-size:1.05em'><b>{html.escape(self.summary_text)}</b></p>"
        done = sum(1 for r in overview["rows"] if r["status"] == "done")
        self.table_html.value = (f"<details><summary>Every activity in a table ({done} of {len(overview['rows'])} "
                                 f"done): show or hide</summary>{rows_table(overview['rows'])}</details>")
        self.draw_chart(lambda: dashboard_chart([r["label"] for r in overview["scored"]],
                                                [r["percent"] for r in overview["scored"]], figure=self.figure))
        return None

    def refresh(self) -> None:
        """Read the journal again and update the summary, the chart and the table."""
        problem = self._read()
        if problem:
            self.give_feedback(problem + " Journal tools (notebook 00) shows where the journal lives.", "error")
            return
        assert self.overview is not None
        notes = " ".join(self.journal.warnings)
        if self.overview["empty"]:
            self.give_feedback("Your journal is empty so far, so there is nothing to show yet. Start with notebook "
                               "00, work through an activity or two, then come back and press Refresh. You can "
                               "already export an action plan: it tells you where to begin." + (
                                   f"\n{notes}" if notes else ""), "warning" if notes else "info")
            return
        weakest = self.overview["weakest_row"]
        focus = (f" Your lowest latest result is {where(weakest)} at {weakest['percent']:g} %: the action plan "
                 "starts there." if weakest else "")
        self.give_feedback(f"Dashboard up to date: {self.overview['done_count']} of {self.overview['row_count']} "
                           f"activities done.{focus}" + (f"\n{notes}" if notes else ""),
                           "warning" if notes else "success")

    def export(self) -> tuple[Path, Path] | None:
        """Write the action plan (Markdown and HTML), show both paths and download links; return the paths."""
        problem = self._read()
        if problem:
            self.give_feedback(problem + " The action plan was not written.", "error")
            return None
        try:
            md_path, html_path = export_action_plan(journal=self.journal)
            links = _download_link(md_path, "text/markdown") + _download_link(html_path, "text/html")
        except OSError as exc:
            self.give_feedback(f"The action plan could not be written ({exc.strerror or exc}). Check that the "
                               f"folder {self.journal.path.parent} can be written to, then try again.", "error")
            return None
        self.export_paths = (md_path, html_path)
        advice = ("Open the HTML file in a browser to read or print it. On Binder the session and its files are "
                  "deleted when you close the tab: use the Download links to keep both files.")
        self.feedback.value = ""
        self.give_feedback(
            f"Your action plan is written to two files:\n{md_path}\n{html_path}\n{advice}", "success",
            area=self.export_html,
            shown_html=(f"<b>Your action plan is written to two files:</b><br><code>{html.escape(str(md_path))}</code>"
                        f"<br><code>{html.escape(str(html_path))}</code><br>{links}<br>{html.escape(advice)}"))
        return self.export_paths

    @property
    def state(self) -> dict[str, Any]:
        rows = [dict(r) for r in self.overview["rows"]] if self.overview else []
        return {**super().state, "summary": self.summary_text, "rows": rows,
                "export": [str(p) for p in self.export_paths] if self.export_paths else None}

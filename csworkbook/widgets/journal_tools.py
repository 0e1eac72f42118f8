"""Journal tools (notebook 00): where your answers live, how many there are, and how to keep or restart them.

Shows the journal file's path, the number of saved entries (per notebook), any warning raised while
reading it (for instance a damaged file that was moved aside, and where it went), and the backups
and moved-aside files next to it. **Copy journal to this folder** puts a dated copy beside the
notebook so it can be downloaded from JupyterLab's file browser (important on Binder, where the
session and its files are temporary). **Reset journal…** only reveals a confirmation step; confirming
starts an empty journal and keeps the old file as a backup.
"""
from __future__ import annotations

import datetime as _dt
import html
import shutil
from collections import Counter
from pathlib import Path
from typing import Any, ClassVar

import ipywidgets as widgets

from csworkbook.journal import Journal
from csworkbook.plots import LEVEL_COLOURS
from csworkbook.widgets.base import Activity

CONFIRM_LABEL = "Yes, start a new journal (the old one is kept as a backup)"

BINDER_NOTE = (
    "<p><b>Working on Binder?</b> A Binder session is temporary: when it closes or times out, its files, "
    "your journal included, are gone. Before you stop, press <b>Copy journal to this folder</b>. A dated copy "
    "appears in the same folder as this notebook; in JupyterLab's file browser (the folder icon in the left "
    "sidebar), right-click the copy and choose <b>Download</b>. The file browser hides folders whose names "
    "start with a dot and shows only the folder JupyterLab started in, so it may not list the journal file "
    "itself; the copy solves that. On your own computer the journal simply stays at the path shown above.</p>"
)


class JournalTools(Activity):
    """Inspect, copy and (after confirming) reset the learner's journal.

    notebook: the notebook code (``"00"``); journal: the journal to manage (default: the learner's).
    """

    activity_id: ClassVar[str] = "journal_tools"
    title: ClassVar[str] = "Your journal"

    def __init__(self, notebook: str = "00", *, journal: Journal | None = None, **kwargs: Any) -> None:
        #: backup made by the last reset in this widget, and the last copy made (``None`` until then)
        self.last_backup: Path | None = None
        self.last_copy: Path | None = None
        self.entry_count = 0
        self.by_notebook: dict[str, int] = {}
        self.read_error: str | None = None
        super().__init__(notebook=notebook, journal=journal, **kwargs)

    def build(self) -> list[widgets.Widget]:
        self.info = widgets.HTML("")
        self.warnings_html = widgets.HTML("")
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh",
                                             tooltip="Read the journal again and update the numbers above")
        self.copy_button = widgets.Button(description="Copy journal to this folder", icon="download",
                                          tooltip="Put a dated copy of the journal next to this notebook, "
                                                  "ready to download", layout=widgets.Layout(width="auto"))
        self.reset_button = widgets.Button(description="Reset journal…", icon="trash", button_style="warning",
                                           tooltip="Start a new, empty journal (asks you to confirm first)")
        self.confirm_text = widgets.HTML(
            "<p role='alert'><b>Are you sure?</b> A new, empty journal will start. Your current journal is not "
            "deleted: it is renamed as a backup in the same folder.</p>")
        self.confirm_button = widgets.Button(description=CONFIRM_LABEL, button_style="danger",
                                             tooltip=CONFIRM_LABEL, layout=widgets.Layout(width="auto"))
        self.cancel_button = widgets.Button(description="Cancel", tooltip="Keep the journal as it is")
        self.confirm_box = widgets.VBox([self.confirm_text, widgets.HBox([self.confirm_button, self.cancel_button])],
                                        layout=widgets.Layout(display="none"))
        self.refresh_button.on_click(lambda _b: self.refresh(announce=True))
        self.copy_button.on_click(lambda _b: self.copy_here())
        self.reset_button.on_click(lambda _b: self.ask_to_reset())
        self.confirm_button.on_click(lambda _b: self.confirm_reset())
        self.cancel_button.on_click(lambda _b: self.cancel_reset())
        self.refresh()
        return [self.info, self.warnings_html,
                widgets.HBox([self.refresh_button, self.copy_button, self.reset_button]),
                self.confirm_box, widgets.HTML(BINDER_NOTE)]

    # ------------------------------------------------------------------ reading
    def aside_files(self) -> list[Path]:
        """Backups, moved-aside (damaged) files and copies kept before bad entries were skipped, oldest name first."""
        path = self.journal.path
        if not path.parent.is_dir():
            return []
        found: list[Path] = []
        for marker in ("backup", "corrupt", "bad-entries"):
            found.extend(path.parent.glob(f"{path.stem}.{marker}-*{path.suffix}"))
        return sorted(found)

    def refresh(self, *, announce: bool = False) -> None:
        """Read the journal again and update the path, counts, warnings and file list."""
        try:
            entries = self.journal.entries()
            self.read_error = None
        except OSError as exc:
            entries = []
            self.read_error = f"The journal could not be read: {exc}."
        self.entry_count = len(entries)
        self.by_notebook = dict(sorted(Counter(str(e.get("notebook") or "—") for e in entries).items()))
        path = self.journal.path
        exists = path.exists()
        if self.entry_count:
            per = ", ".join(f"notebook {code}: {n}" for code, n in self.by_notebook.items())
            count = f"It holds <b>{self.entry_count}</b> saved answer{'s' if self.entry_count != 1 else ''} ({per})."
        else:
            count = "It holds no saved answers yet." if exists else "Nothing has been saved yet, so the file does not exist yet."
        extra = ""
        asides = self.aside_files()
        if asides:
            rows = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in asides)
            extra = f"<p>Older journals kept next to it (backups and moved-aside files):</p><ul>{rows}</ul>"
        self.info.value = (f"<p>Your journal file is <code>{html.escape(str(path))}</code>.<br>{count}</p>{extra}")
        notes = [*self.journal.warnings, *([self.read_error] if self.read_error else [])]
        if notes:
            items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
            self.warnings_html.value = (f"<div role='alert' style='border-left:4px solid {LEVEL_COLOURS['warning']};padding:0.2em 0.6em'>"
                                        f"<b>⚠ Journal warnings:</b><ul style='margin:0.2em 0'>{items}</ul></div>")
        else:
            self.warnings_html.value = ""
        if announce:
            self.give_feedback(f"Journal read again: {self.entry_count} saved answer(s).", "info")

    # ------------------------------------------------------------------ actions
    def copy_here(self, directory: str | Path | None = None) -> Path | None:
        """Copy the journal into ``directory`` (default: the notebook's folder) under a dated name; return the copy."""
        source = self.journal.path
        if not source.exists():
            self.give_feedback("There is nothing to copy yet: no answer has been saved to the journal.", "info")
            return None
        folder = Path(directory) if directory is not None else Path.cwd()
        target = folder / f"csworkbook-journal-{_dt.datetime.now():%Y%m%d-%H%M%S}.json"
        try:
            shutil.copyfile(source, target)
        except OSError as exc:
            self.give_feedback(f"The copy could not be written to {folder} ({exc}).", "error")
            return None
        self.last_copy = target
        self.give_feedback(f"Copied to {target}. In JupyterLab's file browser, right-click {target.name} and "
                           "choose Download to keep it on your computer.", "success")
        return target

    def ask_to_reset(self) -> None:
        """Show the confirmation step; nothing is changed yet."""
        self.confirm_box.layout.display = ""
        self.give_feedback("Nothing has changed yet. Confirm below to start a new journal, or press Cancel.",
                           "warning")

    def cancel_reset(self) -> None:
        """Hide the confirmation step and leave the journal alone."""
        self.confirm_box.layout.display = "none"
        self.give_feedback("Cancelled: your journal is unchanged.", "info")

    def confirm_reset(self) -> Path | None:
        """Start a new journal (old file kept as a backup); return the backup path."""
        if self.confirm_box.layout.display == "none":
            self.give_feedback("Press Reset journal… first; the reset always asks you to confirm.", "error")
            return None
        self.confirm_box.layout.display = "none"
        try:
            backup = self.journal.reset(confirm=True)
        except OSError as exc:
            self.give_feedback(f"The journal could not be reset ({exc}); it is unchanged.", "error")
            return None
        self.last_backup = backup
        self.refresh()
        if backup is None:
            self.give_feedback("There was no journal file yet, so there was nothing to back up. "
                               "Your journal is empty and ready.", "info")
        else:
            self.give_feedback(f"A new, empty journal has started. Your old answers are kept in {backup}.",
                               "success")
        return backup

    @property
    def state(self) -> dict[str, Any]:
        return {**super().state, "path": str(self.journal.path), "entries": self.entry_count,
                "by_notebook": dict(self.by_notebook), "warnings": list(self.journal.warnings),
                "aside_files": [str(p) for p in self.aside_files()],
                "confirming": self.confirm_box.layout.display != "none",
                "last_backup": str(self.last_backup) if self.last_backup else None,
                "last_copy": str(self.last_copy) if self.last_copy else None}

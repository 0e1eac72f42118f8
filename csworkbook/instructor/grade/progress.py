"""A plain-text progress bar on stderr: redrawn in place on a terminal, a line every tenth otherwise."""
from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts finished items out of ``total`` and shows a bar, the count and the elapsed seconds."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.total, self.label, self.width = total, label, width
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = time.perf_counter()
        self._tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last_tenth = -1
        #: items started and not yet finished, in the order they started (shown so a slow one has a name)
        self.running: list[str] = []

    def start(self, name: str) -> None:
        """Note that ``name`` (e.g. a student id) is now being worked on."""
        self.running.append(name)

    def advance(self, note: str = "") -> None:
        """Count one more finished item; ``note`` (e.g. the student id) is shown beside the bar."""
        self.done += 1
        if note in self.running:
            self.running.remove(note)
        tenth = (10 * self.done) // max(self.total, 1)
        if self._tty:
            self.stream.write("\r" + self.line(note) + "\033[K")
            self.stream.flush()
        elif tenth != self._last_tenth or self.done == self.total:
            self.stream.write(self.line(note) + "\n")
        self._last_tenth = tenth

    def line(self, note: str = "") -> str:
        """The progress line: label, bar, count and elapsed time in seconds."""
        filled = (self.width * self.done) // max(self.total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        seconds = time.perf_counter() - self.started
        text = f"{self.label} [{bar}] {self.done}/{self.total} {seconds:5.1f} s"
        if note:
            text += f" done: {note}"
        if self.running:
            shown = ", ".join(self.running[:4]) + (f" and {len(self.running) - 4} more" if len(self.running) > 4 else "")
            text += f"; running: {shown}"
        return text

    def close(self) -> None:
        """End the bar's line on a terminal."""
        if self._tty:
            self.stream.write("\n")
            self.stream.flush()

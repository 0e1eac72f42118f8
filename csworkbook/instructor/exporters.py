"""The LMS exports as nbgrader exporter plugins, for instructors who drive everything through ``nbgrader``.

    nbgrader export --exporter=csworkbook.instructor.exporters.CanvasExport \\
        --CanvasExport.canvas_file=canvas_export.csv --to canvas_import.csv
    nbgrader export --exporter=csworkbook.instructor.exporters.MoodleExport --MoodleExport.id_field=email
    nbgrader export --exporter=csworkbook.instructor.exporters.WideCsvExport --to course_grades.csv

They write exactly what ``csworkbook export --canvas/--moodle/--csv`` writes.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from nbgrader.plugins.export import ExportPlugin
from traitlets import Enum, Unicode

from csworkbook.instructor.export import MOODLE_FIELDS, CourseGrade, canvas, moodle, read_grades, wide_csv


class CanvasExport(ExportPlugin):
    """nbgrader exporter: fill a Canvas gradebook export (``--CanvasExport.canvas_file=...``)."""

    canvas_file = Unicode("", help="the gradebook CSV downloaded from Canvas").tag(config=True)
    match = Enum(["sis", "login"], default_value="sis", help="match students by SIS User ID or SIS Login ID").tag(
        config=True)

    def export(self, gradebook: Any) -> None:
        text, _, _ = canvas(read_grades(gradebook, self.assignment), Path(self.canvas_file).read_text("utf-8-sig"),
                            match=self.match)
        Path(self.to or "canvas_import.csv").write_text(text, encoding="utf-8")


class MoodleExport(ExportPlugin):
    """nbgrader exporter: Moodle's grade-import CSV (``--MoodleExport.id_field=email``)."""

    id_field = Enum(list(MOODLE_FIELDS), default_value="email", help="Moodle's identifier column").tag(config=True)

    def export(self, gradebook: Any) -> None:
        text, _ = moodle(read_grades(gradebook, self.assignment), self.id_field)
        Path(self.to or "moodle_grades.csv").write_text(text, encoding="utf-8")


class WideCsvExport(ExportPlugin):
    """nbgrader exporter: one row per student with a weighted course total."""

    def export(self, gradebook: Any) -> None:
        weights = CourseGrade(parent=self).weights
        Path(self.to or "course_grades.csv").write_text(wide_csv(read_grades(gradebook, self.assignment), weights),
                                                        encoding="utf-8")

"""The class report, always class-wide and always read from the gradebook.

Whatever a grading run covered (the whole class or ``--student wendy``), the report, ``grades.csv`` and the two
charts describe every student the gradebook knows for the assignment. Each row carries the raw score, the late
penalty nbgrader's own late-penalty plugin recorded, the final score (``max(0, raw - penalty)``, exactly what
``nbgrader export`` writes), and a status:

- ``graded`` — every cell has its final score;
- ``pending`` — some written answers or plots wait for the instructor; their points are *pending*, not 0;
- ``failed`` — the last run could not grade the submission (the reason is in the notes);
- ``needs review`` — the student's code tampered with the grading kernel; every cell waits for a person;
- ``not graded (our error)`` — grading failed for a reason that is not the student's; nothing was written, the
  scores shown are the gradebook's earlier ones (if any), and the instructor should fix the cause and rerun;
- ``not submitted`` — the student is in the gradebook but has no submission of this assignment.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

GRADED, PENDING, FAILED, NOT_SUBMITTED = "graded", "pending", "failed", "not submitted"
REVIEW, OUR_ERROR = "needs review", "not graded (our error)"
STATUSES = (GRADED, PENDING, REVIEW, FAILED, OUR_ERROR, NOT_SUBMITTED)
LABELS = {GRADED: "graded", PENDING: "pending manual grading", REVIEW: "NEEDS REVIEW", FAILED: "FAILED",
          OUR_ERROR: "not graded (our error)", NOT_SUBMITTED: "not submitted"}
#: characters that make a spreadsheet read a cell as a formula (CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading ``= + - @`` (a formula) gets a ``'`` in front."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 submission``, ``2 submissions``."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


@dataclass(frozen=True)
class CellScore:
    """One graded cell of one student: points scored (``None`` while pending) out of ``max_score`` points."""

    name: str
    score: float | None
    max_score: float
    pending: bool


@dataclass(frozen=True)
class StudentRow:
    """One student's line of the class report (points throughout)."""

    student: str
    status: str
    raw_score: float
    late_penalty: float
    final_score: float
    max_score: float
    pending_points: float = 0.0
    cells: tuple[CellScore, ...] = ()
    timestamp: str = ""
    notes: tuple[str, ...] = ()

    @property
    def percent(self) -> float:
        """Final score as a percent of the assignment's points (0-100)."""
        return 100.0 * self.final_score / self.max_score if self.max_score else 0.0

    def line(self) -> str:
        """The report line: student, status, final score, penalty and pending points, then the notes."""
        if self.status == NOT_SUBMITTED:
            text = f"{self.student}: not submitted, 0/{self.max_score:g} points"
        elif self.status == OUR_ERROR:
            kept = f"earlier grade kept: {self.final_score:g}/{self.max_score:g} points" if self.cells else "no score"
            text = f"{self.student}: {LABELS[OUR_ERROR]}, {kept}"
        else:
            text = f"{self.student}: {LABELS[self.status]}, {self.final_score:g}/{self.max_score:g} points"
            if self.late_penalty:
                text += f" (raw {self.raw_score:g}, late penalty {self.late_penalty:g})"
            if self.status in (PENDING, REVIEW) and self.pending_points:
                text += f", {self.pending_points:g} point(s) waiting for you"
        if self.notes:
            text += " - " + "; ".join(self.notes)
        return text

    def csv_cells(self, cell_names: list[str]) -> list[str]:
        """This row as CSV cells, in the order of :data:`CSV_HEADER` then one column per graded cell."""
        by_name = {c.name: c for c in self.cells}
        per_cell = []
        for name in cell_names:
            cell = by_name.get(name)
            per_cell.append("" if cell is None else ("pending" if cell.pending else f"{cell.score or 0:g}"))
        return [csv_safe(self.student), self.status, f"{self.raw_score:g}", f"{self.late_penalty:g}",
                f"{self.final_score:g}", f"{self.max_score:g}", f"{self.percent:.1f}", f"{self.pending_points:g}",
                csv_safe(self.timestamp), *per_cell, csv_safe("; ".join(self.notes))]


CSV_HEADER = ["student", "status", "raw_score", "late_penalty", "final_score", "max_score", "percent",
              "pending_points", "timestamp"]


@dataclass
class ClassReport:
    """Every student's row for one assignment, with the graded cells' names and points."""

    assignment: str
    max_score: float
    cell_points: dict[str, float]
    rows: list[StudentRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)

    def summary_line(self) -> str:
        """``15 students: 11 graded, 3 pending manual grading, 1 failed, 0 not submitted.``"""
        text = (f"{plural(len(self.rows), 'student')}: {self.count(GRADED)} graded, "
                f"{self.count(PENDING)} pending manual grading, {self.count(FAILED)} failed, "
                f"{self.count(NOT_SUBMITTED)} not submitted.")
        if self.count(REVIEW):
            text += f" {self.count(REVIEW)} need review (the grading kernel was tampered with)."
        if self.count(OUR_ERROR):
            text += (f" {self.count(OUR_ERROR)} not graded because of our error: their old grades are kept; "
                     "fix the cause and rerun.")
        return text

    def complete_percents(self) -> list[float]:
        """Final percents of the submissions whose every point is known (graded)."""
        return [r.percent for r in self.rows if r.status == GRADED]

    def item_averages(self) -> tuple[dict[str, float], dict[str, int]]:
        """Per graded cell: class average as a fraction of its points (0-1) over scored answers, and pending counts."""
        averages: dict[str, float] = {}
        pending: dict[str, int] = {}
        for name, points in self.cell_points.items():
            scores, waiting = [], 0
            for row in self.rows:
                if row.status in (NOT_SUBMITTED, FAILED):
                    continue
                cell = next((c for c in row.cells if c.name == name), None)
                if cell is None:
                    continue
                if cell.pending:
                    waiting += 1
                else:
                    scores.append(cell.score or 0.0)
            pending[name] = waiting
            if scores and points:
                averages[name] = sum(scores) / (len(scores) * points)
        return averages, pending


def load_notes(path: Path) -> dict[str, dict[str, Any]]:
    """The notes of earlier runs, student -> {"status", "notes"}; an unreadable file counts as none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def build(gradebook: Any, assignment: str, outcomes: Mapping[str, Mapping[str, Any]],
          extra_students: Iterable[str] = ()) -> ClassReport:
    """The class report from an open nbgrader ``Gradebook``.

    ``outcomes``: student -> {"status": "failed"/"ok", "notes": [...]} of the latest run that graded them (this one
    or an earlier one); ``extra_students``: submitters the gradebook may not know yet (e.g. a failed first grading).
    """
    from nbgrader.api import MissingEntry

    record = gradebook.find_assignment(assignment)
    cell_points = {c.name: float(c.max_score) for nb in record.notebooks for c in nb.grade_cells}
    report = ClassReport(assignment, float(record.max_score), cell_points)
    students = sorted({s.id for s in gradebook.students} | set(extra_students))
    for student in students:
        outcome = outcomes.get(student, {})
        notes = tuple(outcome.get("notes", ()))
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry:
            status = {"failed": FAILED, "error": OUR_ERROR}.get(outcome.get("status", ""), NOT_SUBMITTED)
            report.rows.append(StudentRow(student, status, 0.0, 0.0, 0.0, report.max_score, notes=notes))
            continue
        cells = []
        pending_points = 0.0
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                waiting = bool(grade.needs_manual_grade) and grade.manual_score is None
                if waiting:
                    pending_points += float(grade.max_score)
                cells.append(CellScore(grade.name, None if waiting else float(grade.score), float(grade.max_score),
                                       waiting))
        raw = float(submission.score)
        penalty = float(submission.late_submission_penalty or 0.0)
        status = {"failed": FAILED, "error": OUR_ERROR, "review": REVIEW}.get(
            outcome.get("status", ""), PENDING if pending_points else GRADED)
        report.rows.append(StudentRow(
            student, status, raw, penalty, max(0.0, raw - penalty), report.max_score, pending_points, tuple(cells),
            str(submission.timestamp or ""), notes))
    return report

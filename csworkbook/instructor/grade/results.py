"""The values that cross between the grading parent and its worker processes, and render themselves.

All are frozen dataclasses (picklable, compared by value). A worker gets a :class:`GradeTask` or a
:class:`FeedbackTask` and answers with a :class:`GradeResult` or a :class:`FeedbackResult`; the parent turns a
recorded result into a :class:`ReportRow`, which writes its own report line and CSV row.

Statuses of a :class:`GradeResult`:
``graded`` (scores are the student's), ``failed`` (the submission itself cannot be graded: scored 0, as nbgrader
does), ``error`` (our failure: nothing is written to the gradebook, old grades stay, rerun).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

GradeStatus = Literal["graded", "failed", "error"]
RowStatus = Literal["graded", "manual", "review", "failed", "error"]

STATUS_LABELS: dict[str, str] = {"graded": "graded", "manual": "needs manual grading", "review": "NEEDS REVIEW",
                                 "failed": "FAILED", "error": "not graded (our error)"}

from csworkbook.instructor.reports import csv_safe


@dataclass(frozen=True)
class GradeTask:
    """Autograde one student's submission of one assignment (folders as strings)."""

    student: str
    assignment: str
    submitted: str
    autograded: str
    #: notes found before grading (e.g. a renamed upload), shown first in the student's report line
    notes: tuple[str, ...] = ()
    #: answer cells unchanged since the last grading: their manual scores stand without a new flag
    unchanged: tuple[str, ...] = ()
    #: whether the worker should start a kernel for a later submission while it grades this one (not for the
    #: last few of a run, whose warm kernels would never be used)
    warm_next: bool = True


@dataclass(frozen=True)
class FeedbackTask:
    """Write one student's HTML feedback for one assignment."""

    student: str
    assignment: str


@dataclass(frozen=True)
class NotebookOutcome:
    """What grading found in one notebook: ``graded`` with scores, or ``missing`` / ``unreadable`` (scored 0)."""

    name: str
    state: Literal["graded", "missing", "unreadable"]
    grades: dict[str, float | None] = field(default_factory=dict)
    comments: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class GradeResult:
    """A worker's answer for one :class:`GradeTask`.

    ``review`` holds the reasons the submission needs a person's look (tampering with the grading kernel);
    ``timestamp`` is the submission time read from ``timestamp.txt`` (nbgrader's text form) or None;
    ``seconds`` is the wall time the worker spent (s).
    """

    student: str
    assignment: str
    status: GradeStatus
    notes: tuple[str, ...] = ()
    notebooks: tuple[NotebookOutcome, ...] = ()
    review: tuple[str, ...] = ()
    timestamp: str | None = None
    seconds: float = 0.0

    def with_note(self, note: str, status: GradeStatus | None = None) -> "GradeResult":
        """A copy with one more note (and, if given, a new status)."""
        return replace(self, notes=(*self.notes, note), status=status or self.status)

    @classmethod
    def our_error(cls, task: GradeTask, why: str) -> "GradeResult":
        """A result for a submission we could not grade for a reason that is not the student's."""
        return cls(task.student, task.assignment, "error", (f"not graded because of our error ({why}); rerun",))


@dataclass(frozen=True)
class FeedbackResult:
    """Whether one student's feedback was written (``error`` says why not)."""

    student: str
    assignment: str
    ok: bool
    error: str = ""


@dataclass(frozen=True)
class Summary:
    """A submission's scores as recorded in the gradebook (points)."""

    score: float
    max_score: float
    needs_manual: bool
    cells: dict[str, float | None]
    late_seconds: float = 0.0


@dataclass(frozen=True)
class ReportRow:
    """One line of the report and one row of grades.csv."""

    student: str
    assignment: str
    status: RowStatus
    notes: tuple[str, ...]
    summary: Summary | None
    max_score: float = 0.0
    seconds: float = 0.0

    @classmethod
    def of(cls, result: GradeResult, summary: Summary | None) -> "ReportRow":
        """The row for a result and what the gradebook recorded for it (``None``: nothing recorded)."""
        notes = result.notes + tuple(f"needs review: {why}" for why in result.review)
        if result.status == "error":
            status: RowStatus = "error"
        elif result.status == "failed" or summary is None:
            status = "failed"
        elif result.review:
            status = "review"
        else:
            status = "manual" if summary.needs_manual else "graded"
        return cls(result.student, result.assignment, status, notes, summary,
                   summary.max_score if summary else 0.0, result.seconds)

    def line(self) -> str:
        """``student: status, points - notes``: the report line."""
        points = f"{self.summary.score:g}/{self.summary.max_score:g} points" if self.summary else "no score"
        line = f"{self.student}: {STATUS_LABELS[self.status]}, {points}"
        return line + (" - " + "; ".join(self.notes) if self.notes else "")

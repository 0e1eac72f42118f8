"""The parent's gradebook writes: one transaction per submission, rolled back whole when anything fails."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DC = "defection_cost"


def _writer(course: Path):
    from csworkbook.instructor.grade.gradebook import GradebookWriter
    from csworkbook.instructor.course import Course

    c = Course(course)
    return c, GradebookWriter(c.db_url, c.course_id, DC, c.config)


def test_a_failing_submission_leaves_no_trace(released_course: Path, tmp_path: Path):
    from nbgrader.api import Gradebook, MissingEntry

    course = tmp_path / "course"
    shutil.copytree(released_course, course)
    c, writer = _writer(course)
    from csworkbook.instructor.grade.results import GradeResult, NotebookOutcome

    good = GradeResult("kim", DC, "graded", notebooks=(NotebookOutcome(
        DC, "graded", {"lifetime_revenue_tests": 2.0, "losses_tests": 3.0, "ling_tests": 0.0, "recommendation": None},
        {"recommendation": None}),))
    summary = writer.record(good)
    assert summary.score == 5.0 and summary.max_score == 10.0 and summary.needs_manual
    bad = GradeResult("lee", DC, "graded", notebooks=(NotebookOutcome(
        DC, "graded", {"lifetime_revenue_tests": object()}, {}),))
    with pytest.raises(Exception):
        writer.record(bad)
    writer.close()
    with Gradebook(c.db_url, c.course_id) as gb:
        assert gb.find_submission(DC, "kim").score == 5.0
        with pytest.raises(MissingEntry):
            gb.find_student("lee")  # created inside the failed transaction, so rolled back with it

"""Helpers for grading one class against a chosen gradebook (SQLite file or PostgreSQL server) and reading it back.

The class is one submission of ``defection_cost`` per case: a full solution, an untouched notebook and six of the
broken cases of ``submissions.broken_cases`` (the slow ones, an endless loop and megabytes of output, are left to
test_grade_pipeline.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.instructor.conftest import copy_course, csworkbook
from tests.instructor.submissions import broken_cases, solved, submit, untouched

DC = "defection_cost"
COURSE_ID = "csworkbook"
#: case name -> the broken_cases key it comes from (None: built here)
CASES = {"full": None, "zero": None, "deleted_tests": "b_deleted_tests", "edited_tests": "b_edited_tests",
         "sys_exit": "b_sys_exit", "invalid_json": "b_invalid_json", "stripped": "b_stripped", "os_exit": "b_os_exit"}
#: the cells nbgrader scores automatically in defection_cost (recommendation is graded by hand)
AUTO_CELLS = ("lifetime_revenue_tests", "losses_tests", "ling_tests")


def released_course(folder: Path, db_url: str | None) -> Path:
    """A copy of assignments/ whose gradebook is ``db_url`` (None: the SQLite file), with defection_cost released."""
    course = copy_course(folder)
    if db_url:
        with (course / "nbgrader_config.py").open("a", encoding="utf-8") as handle:
            handle.write(f"\nc.CourseDirectory.db_url = {db_url!r}\n")
    proc = csworkbook("release", DC, cwd=course)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return course


def submit_class(course: Path, prefix: str = "", cases: list[str] | None = None) -> list[str]:
    """Submit one notebook per case as student ``prefix + case``; return the student ids."""
    broken = broken_cases(course)
    students = []
    for case in cases or list(CASES):
        source = CASES[case]
        nb = broken[source] if source else (solved(course, DC) if case == "full" else untouched(course, DC))
        submit(course, prefix + case, DC, nb)
        students.append(prefix + case)
    return students


def db_url_of(course: Path) -> str:
    """The gradebook URL the course's config names."""
    from csworkbook.instructor.course import Course

    return Course(course).db_url


def gradebook_state(db_url: str, assignment: str = DC) -> dict[str, dict[str, Any]]:
    """Student -> {"score", "needs_manual", "cells": {grade name: (auto, manual)}} read with nbgrader's API."""
    from nbgrader.api import Gradebook

    state = {}
    with Gradebook(db_url, COURSE_ID) as gb:
        for sub in gb.assignment_submissions(assignment):
            state[sub.student_id] = {
                "score": float(sub.score), "needs_manual": bool(sub.needs_manual_grade),
                "cells": {g.name: (g.auto_score, g.manual_score) for nb in sub.notebooks for g in nb.grades}}
    return state


def duplicate_rows(db_url: str) -> list[tuple]:
    """Rows that appear more than once where each should be unique: submissions, their notebooks, grades, comments."""
    from sqlalchemy import create_engine, text

    queries = [
        "SELECT 'submission', assignment_id, student_id, count(*) FROM submitted_assignment "
        "GROUP BY assignment_id, student_id HAVING count(*) > 1",
        "SELECT 'notebook', notebook_id, assignment_id, count(*) FROM submitted_notebook "
        "GROUP BY notebook_id, assignment_id HAVING count(*) > 1",
        "SELECT 'grade', cell_id, notebook_id, count(*) FROM grade GROUP BY cell_id, notebook_id HAVING count(*) > 1",
        "SELECT 'comment', cell_id, notebook_id, count(*) FROM comment "
        "GROUP BY cell_id, notebook_id HAVING count(*) > 1",
    ]
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for q in queries for row in conn.execute(text(q))]
    finally:
        engine.dispose()


def half_written(state: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """Student -> the autograded cells that have no score (a submission recorded only in part); empty when none."""
    return {student: missing for student, s in state.items()
            if (missing := [c for c in AUTO_CELLS if s["cells"].get(c, (None, None))[0] is None])}


def by_case(state: dict[str, dict[str, Any]], prefix: str = "") -> dict[str, dict[str, Any]]:
    """The state keyed by case name instead of student id (``prefix`` removed)."""
    return {student[len(prefix):]: s for student, s in state.items() if student.startswith(prefix)}

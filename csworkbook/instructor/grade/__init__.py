"""``csworkbook grade ASSIGNMENT``: autograde every submission in parallel with nbgrader's own preprocessors.

This module only builds the command line; the work lives in ``pipeline`` (orchestration, parent process),
``worker`` (one submission in a worker process), ``steps`` (the preprocessors added around nbgrader's),
``gradebook`` (one transaction per submission) and ``report`` (report lines, CSV, charts). Nothing heavy is
imported until the command runs.
"""
from __future__ import annotations

import argparse
import os
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the grade options."""
    parser.add_argument("assignment", metavar="ASSIGNMENT", help="the assignment to grade, e.g. defection_cost")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="submissions graded at the same time, one worker process each (default: CPU count)")
    parser.add_argument("--timeout", type=int, default=None,
                        help="seconds a single cell may run before it is interrupted "
                             "(default: Execute.timeout from nbgrader_config.py, else 30)")
    parser.add_argument("--max-output-kb", type=int, default=100,
                        help="kilobytes of printed output kept per cell; the rest is cut (default: 100)")
    parser.add_argument("--student", action="append", default=None,
                        help="grade only this student (repeat for more); default: everyone under submitted/")
    parser.add_argument("--accept-renamed", action="store_true",
                        help="grade a notebook uploaded under another name (e.g. 'defection_cost (1).ipynb') as the "
                             "expected one; without it such files are only reported")
    parser.add_argument("--no-feedback", action="store_true", help="skip generating HTML feedback")
    parser.add_argument("--course-dir", default=None,
                        help="the nbgrader course folder (default: here if it has nbgrader_config.py, else ./assignments)")


def check_names(course, assignment: str, students: list[str] | None) -> str | None:
    """The message for an unknown assignment or student (with a suggestion), or ``None`` when all are known."""
    from csworkbook.instructor import names

    try:
        names.check_assignment(assignment, course.assignments() + course.gradebook_assignments())
        if students:
            submitters = [s for s, _ in course.submissions(assignment)]
            names.check_students(students, submitters, course.gradebook_students(), assignment)
    except names.UnknownName as err:
        return str(err)
    return None


def run(args: argparse.Namespace) -> int:
    """Grade, print the report, write feedback, CSV and charts; 0 unless the assignment cannot be graded at all."""
    from csworkbook.instructor.grade.pipeline import grade
    from csworkbook.instructor.course import Course, find_root

    if args.jobs < 1:
        print("--jobs must be 1 or more")
        return 2
    course = Course(find_root(args.course_dir))
    problem = check_names(course, args.assignment, args.student)
    if problem:
        print(f"csworkbook grade: {problem}", file=sys.stderr)
        return 2
    timeout = args.timeout or int(course.config.get("Execute", {}).get("timeout", 30) or 30)
    grade(course, args.assignment, jobs=args.jobs, timeout=timeout, max_output_bytes=1000 * args.max_output_kb,
          students=args.student, feedback=not args.no_feedback, accept_renamed=args.accept_renamed)
    return 0

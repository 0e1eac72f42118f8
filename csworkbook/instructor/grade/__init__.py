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
    parser.add_argument("assignment", metavar="ASSIGNMENT", nargs="?",
                        help="the assignment to grade, e.g. defection_cost (or --all)")
    parser.add_argument("--all", action="store_true", help="grade every assignment under source/ in one pool")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="submissions graded at the same time, one worker process each (default: CPU count)")
    parser.add_argument("--timeout", type=int, default=None,
                        help="seconds a single cell may run before it is interrupted "
                             "(default: Execute.timeout from nbgrader_config.py, else 30)")
    parser.add_argument("--max-output-kb", type=int, default=100,
                        help="kilobytes of output (of every kind) kept per cell; the rest is cut (default: 100)")
    parser.add_argument("--student", action="append", default=None,
                        help="grade only this student (repeat for more); default: everyone under submitted/")
    parser.add_argument("--accept-renamed", action="store_true",
                        help="grade a notebook uploaded under another name (e.g. 'defection_cost (1).ipynb') as the "
                             "expected one; without it such files are only reported")
    parser.add_argument("--no-feedback", action="store_true", help="skip generating HTML feedback")
    parser.add_argument("--sandbox", choices=["auto", "none"], default="auto",
                        help="auto (default): isolate every grading kernel as far as this machine allows "
                             "(see `csworkbook doctor`); none: run student code as you, with your files and "
                             "environment (not recommended)")
    parser.add_argument("--course-dir", default=None,
                        help="the nbgrader course folder (default: here if it has nbgrader_config.py, else ./assignments)")


def _fail(message: str) -> int:
    print(f"csworkbook grade: {message}", file=sys.stderr)
    return 2


def check_names(course, assignment: str, students: list[str] | None) -> str | None:
    """The message for an unknown assignment or student (with a suggestion), or ``None`` when all are known."""
    from csworkbook.instructor import names

    known_assignments, known_students = course.gradebook_names()
    try:
        names.check_assignment(assignment, course.assignments() + known_assignments)
        if students:
            submitters = [s for s, _ in course.submissions(assignment)]
            names.check_students(students, submitters, known_students, assignment)
    except names.UnknownName as err:
        return str(err)
    return None


def run(args: argparse.Namespace) -> int:
    """Grade, print the report, write feedback, CSV and charts; one stderr line and status 2 on bad input."""
    if args.jobs < 1:
        return _fail("--jobs must be 1 or more")
    if args.timeout is not None and args.timeout <= 0:
        return _fail(f"--timeout must be a positive number of seconds (got {args.timeout})")
    if args.max_output_kb <= 0:
        return _fail(f"--max-output-kb must be positive (got {args.max_output_kb})")
    if bool(args.assignment) == bool(args.all):
        return _fail("name one assignment, or pass --all")
    from csworkbook.instructor.course import Course, find_root
    from csworkbook.instructor.grade.pipeline import GradeError, grade_many

    try:
        course = Course(find_root(args.course_dir))
    except SystemExit as err:
        return _fail(str(err))
    except Exception as err:  # noqa: BLE001 - a broken nbgrader_config.py: say where, not a traceback
        return _fail(f"cannot read nbgrader_config.py: {_describe(err)}")
    try:
        timeout = args.timeout or int(course.config.get("Execute", {}).get("timeout", 30) or 30)
    except (TypeError, ValueError):
        return _fail("Execute.timeout in nbgrader_config.py is not a number of seconds")
    if timeout <= 0:
        return _fail(f"Execute.timeout in nbgrader_config.py must be positive (got {timeout})")
    assignments = course.assignments() if args.all else [args.assignment]
    for name in assignments:
        problem = check_names(course, name, None if args.all else args.student)
        if problem:
            return _fail(problem)
    if args.sandbox == "none":
        print("csworkbook grade: WARNING: --sandbox none runs every student's code as you, with your files, "
              "environment and network", file=sys.stderr)
    try:
        grade_many(course, assignments, jobs=args.jobs, timeout=timeout, max_output_bytes=1000 * args.max_output_kb,
                   students=args.student, feedback=not args.no_feedback, sandboxed=args.sandbox != "none",
                   accept_renamed=args.accept_renamed)
    except GradeError as err:
        return _fail(str(err))
    except KeyboardInterrupt:
        print("csworkbook grade: interrupted; the report lists what was graded", file=sys.stderr)
        return 130
    return 0


def _describe(err: BaseException) -> str:
    """One line about a config error: its type, message and line where known."""
    line = getattr(err, "lineno", None)
    text = getattr(err, "msg", None) or str(err).splitlines()[0] if str(err) else type(err).__name__
    cause = err.__cause__ or err.__context__
    if isinstance(cause, SyntaxError) and not isinstance(err, SyntaxError):
        return _describe(cause)
    return f"{type(err).__name__}: {text}" + (f" (line {line})" if line else "")

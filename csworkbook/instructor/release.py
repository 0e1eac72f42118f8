"""``csworkbook release [ASSIGNMENT...]``: nbgrader's generate_assignment for each, then a leak check.

The leak check (``csworkbook.instructor.leaks``) refuses, with exit status 1 and the offending lines, if any line of
solution code, model answer or hidden test survives anywhere under ``release/``.
"""
from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the release options."""
    parser.add_argument("assignments", nargs="*", metavar="ASSIGNMENT",
                        help="assignments to release (default: every folder under source/)")
    parser.add_argument("--course-dir", default=None,
                        help="the nbgrader course folder (default: here if it has nbgrader_config.py, else ./assignments)")
    parser.add_argument("--check-only", action="store_true",
                        help="do not regenerate anything; only run the leak check on the existing release/ folders")


def generate(course, assignment: str) -> None:
    """Run nbgrader's GenerateAssignment converter for one assignment (creates it in the gradebook if needed)."""
    import logging

    from nbgrader.converters import GenerateAssignment

    course.coursedir.assignment_id = assignment
    converter = GenerateAssignment(coursedir=course.coursedir, config=course.config)
    converter.force = True
    converter.create_assignment = True
    converter.log.setLevel(logging.ERROR)
    converter.start()


def run(args: argparse.Namespace) -> int:
    """Release each assignment; return 0 when every release is clean, 1 on a leak or an nbgrader error."""
    from csworkbook.instructor.course import Course, find_root
    from csworkbook.instructor.leaks import find_leaks

    course = Course(find_root(args.course_dir))
    names = args.assignments or course.assignments()
    unknown = [n for n in names if not course.source_dir(n).is_dir()]
    if unknown:
        print(f"No such assignment under {course.root / 'source'}: {', '.join(unknown)}", file=sys.stderr)
        return 1
    status = 0
    for name in names:
        if args.check_only and not course.release_dir(name).is_dir():
            print(f"{name}: not released (no folder {course.release_dir(name)}); nothing to check - "
                  f"run `csworkbook release {name}` to release it", file=sys.stderr)
            status = status or (1 if args.assignments else 0)
            continue
        if not args.check_only:
            try:
                generate(course, name)
            except Exception as err:  # noqa: BLE001 - nbgrader's own message is the useful part
                print(f"{name}: nbgrader generate_assignment failed: {err}", file=sys.stderr)
                status = 1
                continue
        leaks = find_leaks(course.source_dir(name), course.release_dir(name))
        if leaks:
            status = 1
            print(f"{name}: REFUSED - {len(leaks)} line(s) of solutions or hidden tests are in the release "
                  f"folder; do not hand it out:", file=sys.stderr)
            for leak in leaks:
                print(f"  {leak}", file=sys.stderr)
        elif args.check_only:
            print(f"{name}: the release in {course.release_dir(name)} passed the leak check")
        else:
            print(f"{name}: released to {course.release_dir(name)} (leak check passed)")
    return status

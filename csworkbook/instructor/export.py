"""``csworkbook export``: final grades from the gradebook into a learning management system.

- ``--canvas GRADEBOOK_EXPORT.csv`` fills the instructor's own Canvas gradebook export (downloaded from Canvas,
  *Grades → Export*) with a column per assignment, its points possible and each student's final score, matching
  students by SIS User ID (``--match sis``, the default), SIS Login ID (``--match login``) or a mapping file
  (``--match-file map.csv`` with columns ``student`` and ``canvas``). Canvas imports the file it writes.
- ``--moodle`` writes Moodle's grade-import CSV: an identifier column (``--moodle-id email``, ``username`` or
  ``idnumber``) and a column per assignment.
- ``--csv`` writes a plain wide table: one row per student, the final score of every assignment and a course
  total (percent) weighted by ``c.CourseGrade.weights`` in ``nbgrader_config.py`` (equal weights if unset).

Final score = raw score − late penalty, never below 0: what ``nbgrader export`` reports. Students found on one
side only are listed on stderr, never dropped in silence; scores with manual grading still pending are named.
The same exports are nbgrader exporter plugins (:mod:`csworkbook.instructor.exporters`).
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from traitlets import Dict
from traitlets.config import Configurable


class CourseGrade(Configurable):
    """How assignments combine into a course grade (set in ``nbgrader_config.py``)."""

    weights = Dict(default_value={}, help=(
        "Assignment name -> weight in the course total, e.g. {'defection_cost': 2, 'loyalty_value': 1}. "
        "Assignments left out weigh 1; an empty dict weighs all assignments equally.")).tag(config=True)


@dataclass(frozen=True)
class Grade:
    """One student's final score on one assignment (points)."""

    student: str
    assignment: str
    final: float
    max_score: float
    pending_points: float


@dataclass
class Grades:
    """Everything an export needs: assignments, students (id -> record) and final scores."""

    assignments: dict[str, float]  # name -> max score (points)
    students: dict[str, Any]  # id -> nbgrader Student (first_name, last_name, email)
    scores: dict[tuple[str, str], Grade]  # (student, assignment) -> grade

    def final(self, student: str, assignment: str) -> float:
        grade = self.scores.get((student, assignment))
        return grade.final if grade else 0.0

    def pending(self) -> list[Grade]:
        return [g for g in self.scores.values() if g.pending_points]

    def course_total(self, student: str, weights: dict[str, float]) -> float:
        """Weighted mean of the assignments' final percents (0-100)."""
        total_weight = sum(float(weights.get(a, 1.0)) for a in self.assignments)
        if not total_weight:
            return 0.0
        return sum(float(weights.get(a, 1.0)) * (100.0 * self.final(student, a) / m if m else 0.0)
                   for a, m in self.assignments.items()) / total_weight


def read_grades(gradebook: Any, assignments: Iterable[str] | None = None) -> Grades:
    """Final scores of every student on every (or the named) assignment, from an open nbgrader Gradebook."""
    from csworkbook.instructor import reports

    wanted = list(assignments or [])
    names = [a.name for a in gradebook.assignments if not wanted or a.name in wanted]
    grades = Grades({}, {s.id: s for s in gradebook.students}, {})
    for name in names:
        klass = reports.build(gradebook, name, {})
        grades.assignments[name] = klass.max_score
        for row in klass.rows:
            grades.scores[(row.student, name)] = Grade(row.student, name, row.final_score, row.max_score,
                                                       row.pending_points)
    return grades


# --------------------------------------------------------------------------------------------- Canvas
CANVAS_FIXED = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def _is_canvas_meta_row(row: list[str]) -> bool:
    """Canvas puts "Points Possible" (and sometimes "Manual Posting") rows under the header."""
    first = (row[0] if row else "").strip()
    return first in ("Points Possible", "Manual Posting", "Read Only")


def _canvas_key(row: dict[str, str], match: str) -> str:
    return (row.get("SIS User ID" if match == "sis" else "SIS Login ID") or "").strip()


def canvas(grades: Grades, export_text: str, *, match: str = "sis",
           mapping: dict[str, str] | None = None) -> tuple[str, list[str], list[str]]:
    """Fill a Canvas gradebook export; return (csv text, nbgrader-only students, Canvas-only students).

    ``match``: ``"sis"`` (SIS User ID equals the nbgrader student id) or ``"login"`` (SIS Login ID does).
    ``mapping``: nbgrader id -> the Canvas SIS User ID or login, for courses whose ids differ.
    """
    rows = list(csv.reader(io.StringIO(export_text.lstrip("\ufeff"))))
    if not rows or rows[0][:2] != ["Student", "ID"]:
        raise ValueError("this is not a Canvas gradebook export: its first row should start with Student,ID")
    header = rows[0]
    fixed = [c for c in CANVAS_FIXED if c in header]
    people = [dict(zip(header, r)) for r in rows[1:] if r and not _is_canvas_meta_row(r)]
    to_canvas = {s: (mapping or {}).get(s, s) for s in grades.students}
    from_canvas = {v: k for k, v in to_canvas.items()}
    # reuse a column Canvas already has for an assignment ("defection_cost (1234)") so its id is kept
    columns = {}
    for name in grades.assignments:
        existing = next((h for h in header if h == name or h.startswith(f"{name} (")), None)
        columns[name] = existing or name
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*fixed, *columns.values()])
    points = ["    Points Possible", *[""] * (len(fixed) - 1), *(f"{m:g}" for m in grades.assignments.values())]
    writer.writerow(points)
    matched, canvas_only = set(), []
    for person in people:
        student = from_canvas.get(_canvas_key(person, match))
        cells = [person.get(c, "") for c in fixed]
        if student is None:
            canvas_only.append(person.get("Student", "") or _canvas_key(person, match) or person.get("ID", ""))
            writer.writerow([*cells, *[""] * len(columns)])
            continue
        matched.add(student)
        writer.writerow([*cells, *(f"{grades.final(student, a):g}" for a in columns)])
    nbgrader_only = sorted(s for s in grades.students if s not in matched)
    return out.getvalue(), nbgrader_only, canvas_only


# --------------------------------------------------------------------------------------------- Moodle
MOODLE_FIELDS = {"email": "Email address", "username": "Username", "idnumber": "ID number"}


def moodle(grades: Grades, id_field: str = "email") -> tuple[str, list[str]]:
    """Moodle's grade-import CSV; returns (csv text, students left out because they lack the identifier)."""
    if id_field not in MOODLE_FIELDS:
        raise ValueError(f"--moodle-id must be one of {', '.join(MOODLE_FIELDS)}, not {id_field!r}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([MOODLE_FIELDS[id_field], *grades.assignments])
    missing = []
    for student, record in sorted(grades.students.items()):
        ident = (record.email or "") if id_field == "email" else student
        if not ident:
            missing.append(student)
            continue
        writer.writerow([ident, *(f"{grades.final(student, a):g}" for a in grades.assignments)])
    return out.getvalue(), missing


# --------------------------------------------------------------------------------------------- wide CSV
def wide_csv(grades: Grades, weights: dict[str, float]) -> str:
    """One row per student: names, the final score of each assignment, and the weighted course total (percent)."""
    from csworkbook.instructor.reports import csv_safe

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "last_name", "first_name", "email",
                     *(f"{a} (of {m:g})" for a, m in grades.assignments.items()), "course_total_percent"])
    for student, record in sorted(grades.students.items()):
        writer.writerow([csv_safe(student), csv_safe(record.last_name or ""), csv_safe(record.first_name or ""),
                         csv_safe(record.email or ""),
                         *(f"{grades.final(student, a):g}" for a in grades.assignments),
                         f"{grades.course_total(student, weights):.1f}"])
    return out.getvalue()


def read_mapping(path: Path) -> dict[str, str]:
    """A mapping file: CSV with columns ``student`` (nbgrader id) and ``canvas`` (SIS User ID or login)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"student", "canvas"} <= set(reader.fieldnames):
            raise ValueError(f"{path} needs the columns 'student' and 'canvas'")
        return {r["student"].strip(): r["canvas"].strip() for r in reader if r["student"].strip()}


# --------------------------------------------------------------------------------------------- command line
def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the export options."""
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--canvas", metavar="GRADEBOOK_EXPORT.csv",
                        help="fill this Canvas gradebook export with final scores")
    target.add_argument("--moodle", action="store_true", help="write Moodle's grade-import CSV")
    target.add_argument("--csv", action="store_true", help="write a wide table with a weighted course total")
    parser.add_argument("--match", choices=["sis", "login"], default="sis",
                        help="Canvas: match students by SIS User ID (default) or SIS Login ID")
    parser.add_argument("--match-file", metavar="MAP.csv", default=None,
                        help="Canvas: a CSV with columns 'student' (nbgrader id) and 'canvas' (SIS id or login)")
    parser.add_argument("--moodle-id", choices=list(MOODLE_FIELDS), default="email",
                        help="Moodle: the identifier column (default: email)")
    parser.add_argument("--assignment", action="append", default=None,
                        help="export only this assignment (repeat for more); default: all")
    parser.add_argument("--out", default=None, help="the file to write (default: reports/<kind>_grades.csv)")
    parser.add_argument("--course-dir", default=None,
                        help="the nbgrader course folder (default: here if it has nbgrader_config.py, else ./assignments)")


def run(args: argparse.Namespace) -> int:
    """Write the export; list students found on one side only and scores still pending; 0 on success."""
    from nbgrader.api import Gradebook

    from csworkbook.instructor import names
    from csworkbook.instructor.course import Course, find_root

    course = Course(find_root(args.course_dir))
    known, _ = course.gradebook_names()
    try:
        for name in args.assignment or []:
            names.check_assignment(name, known)
    except names.UnknownName as err:
        print(f"csworkbook export: {err}", file=sys.stderr)
        return 2
    with Gradebook(course.db_url, course.course_id) as gb:
        grades = read_grades(gb, args.assignment)
    kind = "canvas" if args.canvas else "moodle" if args.moodle else "course"
    out = Path(args.out) if args.out else course.root / "reports" / f"{kind}_grades.csv"
    try:
        if args.canvas:
            mapping = read_mapping(Path(args.match_file)) if args.match_file else None
            text, ours, theirs = canvas(grades, Path(args.canvas).read_text(encoding="utf-8-sig"),
                                        match=args.match, mapping=mapping)
            if ours:
                print(f"In the gradebook but not in the Canvas file ({len(ours)}): {', '.join(ours)}", file=sys.stderr)
            if theirs:
                print(f"In the Canvas file but not in the gradebook ({len(theirs)}, left blank): {', '.join(theirs)}",
                      file=sys.stderr)
        elif args.moodle:
            text, missing = moodle(grades, args.moodle_id)
            if missing:
                print(f"Left out, no {args.moodle_id} in the gradebook ({len(missing)}): {', '.join(missing)}",
                      file=sys.stderr)
        else:
            text = wide_csv(grades, CourseGrade(config=course.config).weights)
    except (OSError, ValueError) as err:
        print(f"csworkbook export: {err}", file=sys.stderr)
        return 2
    for grade in grades.pending():
        print(f"Pending manual grading: {grade.student} on {grade.assignment} ({grade.pending_points:g} points not "
              f"yet graded; the exported score leaves them out)", file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"Wrote {out} ({len(grades.students)} students, {len(grades.assignments)} assignments).")
    return 0

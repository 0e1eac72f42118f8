"""Reports an instructor can upload: class-wide after --student, pending marks pending, manual scores kept on a
regrade, late penalties equal to ``nbgrader export``'s, names checked with suggestions.

Everything runs the real ``csworkbook`` and ``nbgrader`` commands on a released copy of the course.
"""
from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.instructor.conftest import BIN, csworkbook, env
from tests.instructor.submissions import solved, submit, untouched

DC = "defection_cost"
CLASS = ["alice", "bob", "carol", "dave", "wendy"]


def _csv(course: Path, assignment: str = DC) -> dict[str, dict[str, str]]:
    with (course / "reports" / assignment / "grades.csv").open(newline="") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def _gradebook(course: Path):
    from nbgrader.api import Gradebook

    return Gradebook(f"sqlite:///{course / 'gradebook.db'}", "csworkbook")


@pytest.fixture(scope="module")
def klass(released_course: Path, tmp_path_factory) -> Path:
    """A class of five on defection_cost (three solved, two untouched), graded once."""
    course = tmp_path_factory.mktemp("klass") / "course"
    shutil.copytree(released_course, course)
    for n, student in enumerate(CLASS):
        submit(course, student, DC, solved(course, DC) if n % 2 == 0 else untouched(course, DC))
    proc = csworkbook("grade", DC, "--jobs", "2", "--no-feedback", cwd=course)
    assert proc.returncode == 0, proc.stderr
    return course


def test_a_student_regrade_keeps_the_report_class_wide(klass: Path) -> None:
    proc = csworkbook("grade", DC, "--student", "wendy", "--no-feedback", cwd=klass)
    assert proc.returncode == 0, proc.stderr
    rows = _csv(klass)
    assert sorted(rows) == CLASS
    assert rows["wendy"]["final_score"] == "7" and rows["bob"]["final_score"] == "0"
    report = (klass / "reports" / DC / "report.txt").read_text()
    assert "5 students: 2 graded, 3 pending manual grading, 0 failed, 0 not submitted." in report


def test_pending_manual_points_are_pending_not_zero(klass: Path) -> None:
    rows = _csv(klass)
    solved_rows = [rows[s] for s in ("alice", "carol", "wendy")]
    for row in solved_rows:
        assert row["status"] == "pending" and row["pending_points"] == "3" and row["recommendation"] == "pending"
    report = (klass / "reports" / DC / "report.txt").read_text()
    assert "alice: pending manual grading, 7/10 points, 3 point(s) waiting for you" in report
    # the two blank answers scored 0; the three waiting ones are not averaged in as 0 but counted as pending
    assert "'recommendation' (0 % of its points on average, 3 answer(s) still pending)" in report
    assert "2 fully graded submissions, mean final score 0 % of the points; 3 pending manual grading are left out." \
        in report


def test_manual_grades_survive_a_regrade_and_are_not_flagged_again(klass: Path) -> None:
    with _gradebook(klass) as gb:
        for student in ("alice", "carol", "wendy"):
            grade = gb.find_grade("recommendation", DC, DC, student)
            grade.manual_score = 2.5
        gb.db.commit()
    proc = csworkbook("grade", DC, "--jobs", "2", "--no-feedback", cwd=klass)
    assert proc.returncode == 0, proc.stderr
    with _gradebook(klass) as gb:
        for student in ("alice", "carol", "wendy"):
            submission = gb.find_submission(DC, student)
            grade = gb.find_grade("recommendation", DC, DC, student)
            assert grade.manual_score == 2.5 and not grade.needs_manual_grade, student
            assert not submission.needs_manual_grade and submission.score == 9.5
            assert not any(g.needs_manual_grade for nb in submission.notebooks for g in nb.grades), student
    rows = _csv(klass)
    assert rows["alice"]["status"] == "graded" and rows["alice"]["final_score"] == "9.5"


def test_a_changed_answer_is_flagged_again(klass: Path, tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(klass, course)
    nb = solved(course, DC)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "recommendation":
            cell.source = "A completely different recommendation, written after the first grading."
    submit(course, "carol", DC, nb)
    proc = csworkbook("grade", DC, "--no-feedback", cwd=course)
    assert proc.returncode == 0, proc.stderr
    with _gradebook(course) as gb:
        assert gb.find_grade("recommendation", DC, DC, "carol").needs_manual_grade
        assert not gb.find_grade("recommendation", DC, DC, "alice").needs_manual_grade


# ---------------------------------------------------------------------------------------------- late penalties
@pytest.mark.parametrize("method", ["none", "zero"])
def test_final_scores_equal_nbgrader_export_under_each_penalty_method(released_course: Path, tmp_path: Path,
                                                                       method: str) -> None:
    course = tmp_path / "course"
    shutil.copytree(released_course, course)
    with (course / "nbgrader_config.py").open("a") as handle:
        handle.write(f'\nc.LateSubmissionPlugin.penalty_method = "{method}"\n')
    with _gradebook(course) as gb:
        gb.update_or_create_assignment(DC, duedate="2024-06-01 12:00:00 UTC")
    on_time, late = "2024-06-01 11:00:00.000000 UTC", "2024-06-02 09:00:00.000000 UTC"
    submit(course, "trent", DC, solved(course, DC), timestamp=late)
    submit(course, "uma", DC, solved(course, DC), timestamp=on_time)
    submit(course, "victor", DC, untouched(course, DC), timestamp=late)
    proc = csworkbook("grade", DC, "--no-feedback", cwd=course)
    assert proc.returncode == 0, proc.stderr
    stock = subprocess.run([str(BIN / "nbgrader"), "export", "--to", "stock.csv"], cwd=course, env=env(),
                           capture_output=True, text=True, timeout=300)
    assert stock.returncode == 0, stock.stderr
    with (course / "stock.csv").open(newline="") as handle:
        theirs = {r["student_id"]: r for r in csv.DictReader(handle) if r["assignment"] == DC}
    ours = _csv(course)
    assert sorted(ours) == sorted(theirs) == ["trent", "uma", "victor"]
    for student, row in theirs.items():
        assert float(ours[student]["final_score"]) == pytest.approx(float(row["score"])), student
        assert float(ours[student]["raw_score"]) == pytest.approx(float(row["raw_score"])), student
        assert float(ours[student]["late_penalty"]) == pytest.approx(float(row["late_submission_penalty"]))
    if method == "zero":
        assert ours["trent"]["final_score"] == "0" and ours["trent"]["raw_score"] == "7"
        assert "trent: pending manual grading, 0/10 points (raw 7, late penalty 7)" in proc.stdout
    else:
        assert ours["trent"]["final_score"] == "7"


# ---------------------------------------------------------------------------------------------- names
def test_an_unknown_assignment_is_refused_with_a_suggestion(klass: Path) -> None:
    proc = csworkbook("grade", "defection_cots", cwd=klass)
    assert proc.returncode == 2
    assert "There is no assignment 'defection_cots'" in proc.stderr
    assert "Did you mean 'defection_cost'?" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_unknown_student_is_refused_with_a_suggestion(klass: Path) -> None:
    proc = csworkbook("grade", DC, "--student", "alcie", cwd=klass)
    assert proc.returncode == 2
    assert "There is no student 'alcie'. Did you mean 'alice'?" in proc.stderr


def test_a_renamed_notebook_is_named_and_can_be_accepted(klass: Path, tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(klass, course)
    folder = submit(course, "zoe", DC, solved(course, DC))
    (folder / f"{DC}.ipynb").rename(folder / f"{DC} (1).ipynb")
    proc = csworkbook("grade", DC, "--student", "zoe", "--no-feedback", cwd=course)
    assert proc.returncode == 0, proc.stderr
    line = next(l for l in proc.stdout.splitlines() if l.startswith("zoe:"))
    assert f"'{DC} (1).ipynb' found: rename it to {DC}.ipynb or pass --accept-renamed" in line
    assert "0/10" in line
    proc = csworkbook("grade", DC, "--student", "zoe", "--accept-renamed", "--no-feedback", cwd=course)
    assert proc.returncode == 0, proc.stderr
    line = next(l for l in proc.stdout.splitlines() if l.startswith("zoe:"))
    assert "7/10" in line and "(--accept-renamed)" in line
    assert (folder / f"{DC} (1).ipynb").exists()  # the student's own file is kept

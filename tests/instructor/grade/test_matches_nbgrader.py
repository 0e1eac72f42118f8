"""csworkbook grade gives the scores, flags and comments that stock ``nbgrader autograde`` gives."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.instructor.conftest import BIN, csworkbook, env
from tests.instructor.submissions import broken_cases, solved, submit, untouched

DC = "defection_cost"


def _table(course: Path) -> dict:
    from nbgrader.api import Gradebook

    table = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "csworkbook") as gb:
        for submission in gb.assignment_submissions(DC):
            for nb in submission.notebooks:
                for g in nb.grades:
                    table[(submission.student.id, g.name)] = (g.auto_score, g.needs_manual_grade)
                for c in nb.comments:
                    table[(submission.student.id, c.name, "comment")] = c.auto_comment
            table[(submission.student.id, "late")] = submission.total_seconds_late
    return table


def test_same_results_as_stock_nbgrader(released_course: Path, tmp_path: Path):
    ours, stock = tmp_path / "ours", tmp_path / "stock"
    shutil.copytree(released_course, ours)
    cases = broken_cases(ours)
    submissions = {"s_full": solved(ours, DC), "s_zero": untouched(ours, DC),
                   "b_edited_tests": cases["b_edited_tests"], "b_sys_exit": cases["b_sys_exit"]}
    for student, nb in submissions.items():
        # one late submission so the late-penalty bookkeeping is compared as well
        stamp = "2030-01-01 00:00:00.000000 UTC" if student == "s_zero" else "2024-06-01 10:00:00.000000 UTC"
        submit(ours, student, DC, nb, timestamp=stamp)
    shutil.copytree(ours, stock)
    proc = csworkbook("grade", DC, "--jobs", "2", "--timeout", "30", "--no-feedback", cwd=ours)
    assert proc.returncode == 0, proc.stderr
    stock_proc = subprocess.run([str(BIN / "nbgrader"), "autograde", DC, "--Execute.timeout=30"], cwd=stock, env=env(),
                                capture_output=True, text=True, timeout=600)
    assert stock_proc.returncode == 0, stock_proc.stderr
    ours_table, stock_table = _table(ours), _table(stock)
    assert len(ours_table) == len(stock_table) > 20
    assert ours_table == stock_table
    assert ours_table[("s_full", "lifetime_revenue_tests")] == (2.0, False)
    assert ours_table[("s_full", "recommendation")] == (None, True)
    assert ours_table[("s_zero", "recommendation", "comment")] == "No response."


def test_feedback_is_nbgrader_generate_feedback_after_sanitizing(released_course: Path, tmp_path: Path):
    """One HTML exporter is reused for every student of a worker; the files are nbgrader's own, sanitized."""
    from csworkbook.instructor.grade.sanitize import NOTICE, sanitize_page

    course = tmp_path / "course"
    shutil.copytree(released_course, course)
    for student, nb in {"f_full": solved(course, DC), "f_zero": untouched(course, DC),
                        "f_full2": solved(course, DC)}.items():
        submit(course, student, DC, nb)
    proc = csworkbook("grade", DC, "--jobs", "1", "--timeout", "10", cwd=course)
    assert proc.returncode == 0, proc.stderr
    ours = {p.relative_to(course / "feedback"): p.read_bytes() for p in (course / "feedback").rglob("*.html")}
    shutil.rmtree(course / "feedback")
    stock = subprocess.run([str(BIN / "nbgrader"), "generate_feedback", DC, "--force"], cwd=course, env=env(),
                           capture_output=True, text=True, timeout=600)
    assert stock.returncode == 0, stock.stderr
    theirs = {p.relative_to(course / "feedback"): p.read_bytes() for p in (course / "feedback").rglob("*.html")}
    assert len(ours) == 3 and sorted(ours) == sorted(theirs)
    for path in ours:
        assert NOTICE in ours[path].decode()
        assert ours[path].decode() == sanitize_page(theirs[path].decode()), f"feedback differs for {path}"

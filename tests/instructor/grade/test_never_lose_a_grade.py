"""Our failures never cost a student: old grades and manual flags stay, and a killed worker blames only its own."""
from __future__ import annotations

import shutil
from pathlib import Path

from tests.instructor.conftest import csworkbook
from tests.instructor.submissions import solved, submit

DC = "defection_cost"


def test_an_infrastructure_failure_keeps_the_previous_grade_and_manual_flag(released_course: Path, tmp_path: Path):
    from nbgrader.api import Gradebook

    course = tmp_path / "course"
    shutil.copytree(released_course, course)
    submit(course, "kim", DC, solved(course, DC))
    first = csworkbook("grade", DC, "--jobs", "1", "--no-feedback", cwd=course)
    assert first.returncode == 0, first.stderr
    shutil.rmtree(course / "autograded" / "kim")
    (course / "autograded" / "kim").write_text("a file where kim's autograded folder should be")
    second = csworkbook("grade", DC, "--jobs", "1", "--no-feedback", cwd=course)
    assert second.returncode == 0, second.stderr
    line = next(l for l in second.stdout.splitlines() if l.startswith("kim:"))
    assert line.startswith("kim: not graded (our error), earlier grade kept: 7/10 points - not graded because of our error"), line
    assert "rerun" in line
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "csworkbook") as gb:
        submission = gb.find_submission(DC, "kim")
        assert submission.score == 7 and submission.needs_manual_grade


def test_a_worker_killed_mid_pool_blames_only_its_own_submission(released_course: Path, tmp_path: Path):
    course = tmp_path / "course"
    shutil.copytree(released_course, course)
    killer = solved(course, DC)
    cell = next(c for c in killer.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "losses_answer")
    cell.source = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n" + cell.source
    submit(course, "b_killer", DC, killer)
    for name in ("i_one", "i_two", "i_three"):
        submit(course, name, DC, solved(course, DC))
    # a timestamp that is not UTF-8 is read inside its student's error boundary: graded as on time, with a note
    (course / "submitted" / "i_three" / DC / "timestamp.txt").write_bytes(b"\xff\xfe 2024-06-01 \x80")
    # without the sandbox the kernel's parent is the grading worker, which the killer kills
    proc = csworkbook("grade", DC, "--jobs", "2", "--no-feedback", "--sandbox", "none", cwd=course)
    assert proc.returncode == 0, proc.stderr
    lines = {l.split(":", 1)[0]: l for l in proc.stdout.splitlines() if l.startswith(("b_", "i_"))}
    for name in ("i_one", "i_two", "i_three"):
        assert lines[name].startswith(f"{name}: pending manual grading, 7/10 points"), lines[name]
    assert "timestamp.txt could not be read (UnicodeDecodeError); graded as if on time" in lines["i_three"]
    assert lines["b_killer"].startswith("b_killer: FAILED"), lines["b_killer"]
    assert "died while grading it alone" in lines["b_killer"]

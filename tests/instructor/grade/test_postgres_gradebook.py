"""``csworkbook release`` and ``csworkbook grade`` against a real PostgreSQL gradebook.

Each test has its own database on one throw-away server (tests/pg_server.py). The same class (one submission per
case in shared_gradebook.CASES) is graded on the course's SQLite file once, and every PostgreSQL result must equal
it: score, manual-grading flag and every cell's auto and manual score.
"""
from __future__ import annotations

import re

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from tests.instructor.conftest import BIN, csworkbook, env
from tests.instructor.grade.shared_gradebook import (CASES, COURSE_ID, DC, by_case, duplicate_rows, gradebook_state,
                                            half_written, released_course, submit_class)
from tests.pg_server import postgres  # noqa: F401 - the fixture

#: seconds any one wait in these tests may last before it fails
DEADLINE = 600


def _until(condition, what: str, deadline: float = DEADLINE, every: float = 0.1):
    """Poll ``condition()`` until it returns something true; fail after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(every)
    pytest.fail(f"timed out after {deadline} s waiting for {what}")


def _grade(course: Path, *extra: str) -> subprocess.CompletedProcess:
    proc = csworkbook("grade", DC, "--jobs", "2", "--timeout", "10", *extra, cwd=course)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def _start_grade(course: Path, *extra: str) -> subprocess.Popen:
    """``csworkbook grade`` in the background, in its own process group (so it and its workers can be killed)."""
    return subprocess.Popen([str(BIN / "csworkbook"), "grade", DC, "--jobs", "2", "--timeout", "10", *extra],
                            cwd=course, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)


def _recorded(db_url: str) -> int:
    """How many submissions of the assignment the gradebook holds right now."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM submitted_assignment")).scalar_one()
    except Exception:  # noqa: BLE001 - the tables may not exist yet
        return 0
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def sqlite_reference(tmp_path_factory) -> dict[str, dict]:
    """The class graded on the SQLite gradebook: case -> state."""
    course = released_course(tmp_path_factory.mktemp("sqlite") / "course", None)
    submit_class(course)
    _grade(course)
    return by_case(gradebook_state(f"sqlite:///{course / 'gradebook.db'}"))


def test_reference_class_is_graded_as_expected(sqlite_reference):
    """The reference itself is what the pipeline test promises (so comparing against it means something)."""
    assert set(sqlite_reference) == set(CASES)
    assert sqlite_reference["full"]["score"] == 7 and sqlite_reference["full"]["needs_manual"]
    assert sqlite_reference["zero"]["score"] == 0
    assert sqlite_reference["edited_tests"]["score"] == 0 and sqlite_reference["sys_exit"]["score"] == 2
    assert sqlite_reference["invalid_json"]["score"] == 0 and sqlite_reference["stripped"]["score"] == 7


def test_release_and_grade_on_postgres_equal_sqlite(postgres, tmp_path, sqlite_reference):
    url = postgres.create_database("release_and_grade")
    assert "@" in url and ":" not in url.split("@")[0].split("//")[1], "the URL carries no password"
    course = released_course(tmp_path / "course", url)
    assert not (course / "gradebook.db").exists(), "release wrote to PostgreSQL, not to a SQLite file"
    from nbgrader.api import Gradebook

    with Gradebook(url, COURSE_ID) as gb:
        assert [nb.name for nb in gb.find_assignment(DC).notebooks] == [DC]
        assert gb.find_assignment(DC).max_score == 10
    submit_class(course)
    proc = _grade(course)
    assert "8 students: 2 graded, 5 pending manual grading, 1 failed, 0 not submitted." in proc.stdout, proc.stdout
    assert (course / "reports" / DC / "grades.csv").exists()
    assert (course / "feedback" / "full" / DC / f"{DC}.html").exists()
    state = by_case(gradebook_state(url))
    assert state == sqlite_reference
    assert duplicate_rows(url) == []


def test_two_graders_and_a_manual_grade_at_once_lose_and_duplicate_nothing(postgres, tmp_path, sqlite_reference):
    url = postgres.create_database("concurrent")
    course = released_course(tmp_path / "course", url)
    cases = list(CASES)
    first, second = cases[0::2], cases[1::2]
    a = submit_class(course, "a_", first)
    b = submit_class(course, "b_", second)
    submit_class(course, "m_", ["full"])
    _grade(course, "--student", "m_full")  # graded before; the instructor grades its written answer meanwhile

    graders = [_start_grade(course, *[arg for s in group for arg in ("--student", s)]) for group in (a, b)]
    try:
        _until(lambda: _recorded(url) > 1, "the graders to record a first submission")
        still_running = [p.poll() is None for p in graders]
        from nbgrader.api import Gradebook

        with Gradebook(url, COURSE_ID) as gb:  # what formgrader does when the instructor saves a score
            grade = gb.find_grade("recommendation", DC, DC, "m_full")
            grade.manual_score = 3
            grade.needs_manual_grade = False
            comment = gb.find_comment("recommendation", DC, DC, "m_full")
            comment.manual_comment = "Clear and specific."
            gb.db.commit()
        outputs = [p.communicate(timeout=DEADLINE)[0] for p in graders]
    finally:
        for p in graders:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
    assert any(still_running), "the manual grade was written while at least one grader was still running"
    assert [p.returncode for p in graders] == [0, 0], outputs
    # each run reports the whole class the gradebook holds when it finishes (at least its own four students)
    assert all(re.search(r"^(\d+) students: ", out, re.M) and int(re.search(r"^(\d+) students: ", out, re.M)[1]) >= 4
               for out in outputs), outputs

    state = gradebook_state(url)
    assert sorted(state) == sorted(a + b + ["m_full"])
    assert by_case(state, "a_") == {c: sqlite_reference[c] for c in first}
    assert by_case(state, "b_") == {c: sqlite_reference[c] for c in second}
    assert state["m_full"]["cells"]["recommendation"] == (None, 3)
    assert state["m_full"]["score"] == 10 and not state["m_full"]["needs_manual"]
    assert duplicate_rows(url) == []
    with Gradebook(url, COURSE_ID) as gb:
        assert gb.find_comment("recommendation", DC, DC, "m_full").manual_comment == "Clear and specific."


def test_a_grade_killed_mid_run_then_rerun_leaves_a_consistent_gradebook(postgres, tmp_path, sqlite_reference):
    url = postgres.create_database("killed")
    course = released_course(tmp_path / "course", url)
    submit_class(course)
    grader = _start_grade(course)
    family: set[psutil.Process] = set()

    def first_recorded() -> bool:
        try:  # remember every process of the run (workers and their kernels) so none outlives the kill
            family.update(psutil.Process(grader.pid).children(recursive=True))
        except psutil.Error:
            pass
        return _recorded(url) >= 1

    try:
        _until(first_recorded, "the grader to record a first submission")
        recorded_at_kill = _recorded(url)
        os.killpg(grader.pid, signal.SIGKILL)
    finally:
        if grader.poll() is None:
            os.killpg(grader.pid, signal.SIGKILL)
        grader.wait(timeout=60)
        _, alive = psutil.wait_procs(list(family), timeout=60)
        for p in alive:  # kernels run in their own session; they also notice their parent died and exit
            p.kill()
    assert grader.returncode == -signal.SIGKILL
    assert recorded_at_kill < len(CASES), "killed mid-run, before every submission was recorded"

    after_kill = gradebook_state(url)
    assert half_written(after_kill) == {}, "every recorded submission is complete"
    for student, s in after_kill.items():
        assert s == sqlite_reference[student], student
    # nothing is left locked: a write goes through at once
    with postgres.connect("killed") as conn:
        conn.execute("SET lock_timeout = '5s'")
        conn.execute("UPDATE student SET first_name = 'checked' WHERE id = %s", (next(iter(after_kill), ""),))
        idle = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = 'killed' "
                            "AND state = 'idle in transaction'").fetchone()[0]
    assert idle == 0

    _grade(course)
    assert by_case(gradebook_state(url)) == sqlite_reference
    assert duplicate_rows(url) == []
    shutil.rmtree(course, ignore_errors=True)

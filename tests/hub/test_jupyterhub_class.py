"""A whole course cycle on a real JupyterHub, on this machine, with real Linux users and a PostgreSQL gradebook.

One instructor and three students are local users. The hub (deploy/jupyterhub/jupyterhub_config.py) runs each
student's server as that student; students fetch, edit, submit and fetch feedback through their own server's
nbgrader API, reached through the hub's proxy with a token the hub gave them. The instructor works in a terminal
(``runuser``): ``csworkbook release``, ``nbgrader release_assignment``, ``nbgrader collect``, ``csworkbook grade``
against the shared PostgreSQL gradebook (password only in ~/.pgpass), ``nbgrader generate_feedback`` and
``nbgrader release_feedback``. One student hands in a full solution, one a partial one, one a broken file.

Skips, with the reason, where it cannot run (not root, no Node, no proxy, no PostgreSQL); CI runs it.
"""
from __future__ import annotations

import copy
import json
import os
import secrets
import shutil
import time
from pathlib import Path

import nbformat
import pytest

from tests.instructor.conftest import copy_course
from tests.hub.hub_machine import DEPLOY, Hub, Machine, why_not
from tests.pg_server import postgres  # noqa: F401 - the fixture

DC = "defection_cost"
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def _answers(course: Path, only: set[str] | None = None) -> dict[str, str]:
    """grade_id -> the model answer from the instructor's source, solution markers removed."""
    source = nbformat.read(course / "source" / DC / f"{DC}.ipynb", as_version=4)
    answers = {}
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and (only is None or meta["grade_id"] in only):
            answers[meta["grade_id"]] = "\n".join(l for l in cell.source.splitlines() if l.strip() not in MARKERS)
    return answers


def _filled(notebook: dict, answers: dict[str, str]) -> dict:
    """The student's notebook (contents-API JSON) with these answer cells replaced."""
    nb = copy.deepcopy(notebook)
    for cell in nb["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    return nb


def _ok(proc) -> str:
    assert proc.returncode == 0, f"{proc.args}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def cycle(postgres, tmp_path_factory):  # noqa: F811 - postgres is the imported fixture
    """Run the whole cycle once; yield what the tests check. Everything is removed afterwards."""
    reason = why_not()
    if reason:
        pytest.skip(reason)
    times: dict[str, float] = {}
    clock = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        times[name] = round(now - clock, 1)
        clock = now

    machine = Machine()
    try:
        instructors, students_group = machine.group("instructors"), machine.group("students")
        teacher = machine.user("t", instructors)
        full, partial, broken = (machine.user(k, students_group) for k in ("a", "b", "c"))
        students = [full, partial, broken]
        course_id = machine.tag

        exchange = machine.root / "exchange"
        exchange.mkdir()
        exchange.chmod(0o777)
        etc = machine.root / "etc-jupyter"  # stands for /etc/jupyter
        etc.mkdir(mode=0o755)
        shutil.copy(DEPLOY / "nbgrader_config_student.py", etc / "nbgrader_config.py")
        (etc / "nbgrader_config.py").chmod(0o644)

        # the shared gradebook: a role of its own; its password only in the instructor's ~/.pgpass
        role, password = f"{machine.tag}_grader", secrets.token_urlsafe(16)
        postgres.create_role(role, password)
        db_url = postgres.create_database(f"{machine.tag}_gradebook", owner=role)
        pgpass = machine.home(teacher) / ".pgpass"
        pgpass.write_text(f"127.0.0.1:{postgres.port}:*:{role}:{password}\n")
        pgpass.chmod(0o600)
        course = copy_course(machine.home(teacher) / "course")
        with (course / "nbgrader_config.py").open("a") as handle:
            handle.write("\n" + (DEPLOY / "nbgrader_config_instructor.py").read_text())
        machine.give(machine.home(teacher), teacher)
        shared = {"NBGRADER_EXCHANGE_ROOT": str(exchange), "CSWORKBOOK_COURSE_ID": course_id,
                  "JUPYTER_CONFIG_PATH": str(etc)}
        teacher_env = {**shared, "CSWORKBOOK_GRADEBOOK_URL": db_url}
        lap("users, exchange, gradebook")

        # the hub and the students' servers start while the instructor checks the set-up and releases
        hub_env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "CSWORKBOOK_"))}
        hub = Hub(machine, {**hub_env, **shared})
        doctor_run = machine.start_as(teacher, "csworkbook", "doctor", cwd=course, env=teacher_env)
        hub.wait_ready()
        for student in students:
            hub.start_server(student)
        lap("hub ready, servers starting")
        release = _ok(machine.run_as(teacher, "csworkbook", "release", DC, cwd=course, env=teacher_env))
        _ok(machine.run_as(teacher, "nbgrader", "release_assignment", DC, cwd=course, env=teacher_env))
        lap("instructor releases")
        for student in students:
            hub.wait_server(student)
        clients = {s: hub.user_client(s) for s in students}
        lap("three student servers ready")

        listed = {}
        for student, client in clients.items():
            listed[student] = client.nbgrader("fetch", course_id, DC)
        path = f"{DC}/{DC}.ipynb"
        fetched = {s: machine.home(s) / path for s in students}
        fetched_owner = {s: fetched[s].stat().st_uid for s in students}
        released_nb = clients[full].read_notebook(path)
        clients[full].write_notebook(path, _filled(released_nb, _answers(course)))
        clients[partial].write_notebook(path, _filled(released_nb, _answers(course, {"lifetime_revenue_answer"})))
        clients[broken].write_text(path, json.dumps(released_nb)[:-300])  # a file another editor cut short
        submitted = {s: c.nbgrader("submit", course_id, DC) for s, c in clients.items()}
        lap("students fetch, work and submit")

        _ok(machine.run_as(teacher, "nbgrader", "collect", DC, cwd=course, env=teacher_env))
        graded = _ok(machine.run_as(teacher, "csworkbook", "grade", DC, "--jobs", "2", "--timeout", "30",
                                    cwd=course, env=teacher_env))
        lap("instructor collects and grades")
        _ok(machine.run_as(teacher, "nbgrader", "generate_feedback", DC, "--force", cwd=course, env=teacher_env))
        _ok(machine.run_as(teacher, "nbgrader", "release_feedback", DC, cwd=course, env=teacher_env))
        lap("instructor generates and releases feedback")

        after_feedback = {s: c.nbgrader("fetch_feedback", course_id, DC) for s, c in clients.items()}
        feedback = {s: sorted((machine.home(s) / DC / "feedback").glob("*/*.html")) for s in students}
        lap("students fetch feedback")
        doctor_out, _ = doctor_run.communicate(timeout=600)
        assert doctor_run.returncode == 0, doctor_out

        from tests.instructor.grade.shared_gradebook import gradebook_state

        superuser_url = db_url.replace(f"//{role}@", "//postgres@")
        yield {"machine": machine, "hub": hub, "teacher": teacher, "students": students, "full": full,
               "partial": partial, "broken": broken, "course": course, "exchange": exchange, "course_id": course_id,
               "doctor": doctor_out, "release": release, "graded": graded, "listed": listed, "fetched": fetched,
               "fetched_owner": fetched_owner, "submitted": submitted, "after_feedback": after_feedback,
               "feedback": feedback, "state": gradebook_state(superuser_url), "times": times,
               "db_url": db_url, "password": password}
        print("\nJupyterHub course cycle, seconds per stage:", times)
    finally:
        machine.close()


def test_the_instructor_config_holds_no_password_and_doctor_reaches_the_gradebook(cycle):
    config = (cycle["course"] / "nbgrader_config.py").read_text()
    assert cycle["password"] not in config and cycle["password"] not in cycle["db_url"]
    assert "CSWORKBOOK_GRADEBOOK_URL" in config
    assert f"[ok  ] gradebook: connected to {cycle['db_url']}" in cycle["doctor"], cycle["doctor"]


def test_students_fetch_the_released_assignment_into_their_own_home(cycle):
    assert f"{DC}: released to " in cycle["release"] and "(leak check passed)" in cycle["release"]
    machine = cycle["machine"]
    for student in cycle["students"]:
        assert [a["assignment_id"] for a in cycle["listed"][student]["value"]] == [DC]
        assert cycle["fetched_owner"][student] == machine.uid(student)
        statuses = {a["status"] for a in cycle["submitted"][student]["value"]}
        assert "submitted" in statuses, cycle["submitted"][student]


def test_every_score_and_the_report(cycle):
    full, partial, broken = cycle["full"], cycle["partial"], cycle["broken"]
    lines = {line.split(":", 1)[0]: line for line in cycle["graded"].splitlines() if line.startswith(machine_tag(cycle))}
    assert lines[full] == f"{full}: pending manual grading, 7/10 points, 3 point(s) waiting for you"
    assert lines[partial] == f"{partial}: graded, 2/10 points"
    assert lines[broken].startswith(f"{broken}: FAILED, 0/10 points - {DC}.ipynb is not valid JSON")
    assert "3 students: 1 graded, 1 pending manual grading, 1 failed, 0 not submitted." in cycle["graded"]
    report = (cycle["course"] / "reports" / DC / "report.txt").read_text()
    for line in lines.values():
        assert line in report
    state = cycle["state"]
    assert {s: state[s]["score"] for s in state} == {full: 7.0, partial: 2.0, broken: 0.0}
    assert state[full]["cells"] == {"lifetime_revenue_tests": (2, None), "losses_tests": (3, None),
                                    "ling_tests": (2, None), "recommendation": (None, None)}
    assert state[partial]["cells"]["lifetime_revenue_tests"] == (2, None)
    assert state[partial]["cells"]["losses_tests"] == (0, None)
    assert not (cycle["course"] / "gradebook.db").exists(), "graded into PostgreSQL, not a SQLite file"


def machine_tag(cycle) -> str:
    return cycle["machine"].tag


def test_each_student_fetches_their_own_feedback_only(cycle):
    machine = cycle["machine"]
    full, partial, broken = cycle["full"], cycle["partial"], cycle["broken"]
    for student, score in ((full, "7.0"), (partial, "2.0")):
        files = cycle["feedback"][student]
        assert [f.name for f in files] == [f"{DC}.html"], files
        assert files[0].stat().st_uid == machine.uid(student)
        html = files[0].read_text()
        assert f"{DC} (Score: {score} / 10.0)" in html, student
        others = [s for s in cycle["students"] if s != student]
        for other in others:
            assert not machine.can_read(other, files[0]), f"{other} can read {student}'s feedback"
    assert cycle["feedback"][broken] == [], "an unreadable submission gets no feedback"


def test_no_student_can_read_another_students_work(cycle):
    machine, exchange, course_id = cycle["machine"], cycle["exchange"], cycle["course_id"]
    students = cycle["students"]
    inbound = exchange / course_id / "inbound"
    released_feedback = exchange / course_id / "feedback"
    submissions = sorted(inbound.iterdir())
    assert len(submissions) == 3 and all(p.name.split("+")[0] in students for p in submissions)
    for student in students:
        assert not machine.can_read(student, inbound), f"{student} can list the submissions"
        assert not machine.can_read(student, released_feedback), f"{student} can list the released feedback"
        assert not machine.can_read(student, cycle["course"]), f"{student} can see the instructor's course"
        for other in students:
            if other != student:
                assert not machine.can_read(student, machine.home(other)), f"{student} can list {other}'s home"
                assert not machine.can_read(student, cycle["fetched"][other]), f"{student} reads {other}'s notebook"

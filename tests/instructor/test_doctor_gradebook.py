"""``csworkbook doctor`` checks the gradebook the course's config names: driver, password placement, connection."""
from __future__ import annotations

from pathlib import Path

from csworkbook.instructor import doctor
from tests.instructor.conftest import copy_course, csworkbook
from tests.pg_server import postgres  # noqa: F401 - the fixture


def _by_name(checks):
    return {c.name: c for c in checks}


def test_a_missing_driver_is_named_with_what_to_install():
    checks = _by_name(doctor.check_gradebook("postgresql+psycopg2://grader@db.example.org/csworkbook"))
    driver = checks["gradebook driver"]
    assert not driver.ok and "psycopg2" in driver.detail and "not installed" in driver.detail
    assert 'pip install "csworkbook[postgres]"' in driver.fix and "postgresql+psycopg://" in driver.fix
    assert "gradebook" not in checks, "no connection is tried without a driver"


def test_a_password_written_in_the_url_fails_and_is_not_shown():
    checks = doctor.check_gradebook("postgresql+psycopg://grader:s3cret@127.0.0.1:1/csworkbook")
    password = _by_name(checks)["gradebook password"]
    assert not password.ok and ".pgpass" in password.fix
    assert all("s3cret" not in c.detail for c in checks)


def test_an_unreachable_server_is_reported_with_a_fix():
    from tests.pg_server import free_port

    checks = _by_name(doctor.check_gradebook(f"postgresql+psycopg://grader@127.0.0.1:{free_port()}/csworkbook"))
    assert checks["gradebook driver"].ok
    assert not checks["gradebook"].ok and "cannot connect" in checks["gradebook"].detail
    assert "~/.pgpass" in checks["gradebook"].fix


def test_a_sqlite_gradebook_not_yet_created_is_fine_and_is_not_created(tmp_path: Path):
    target = tmp_path / "gradebook.db"
    checks = _by_name(doctor.check_gradebook(f"sqlite:///{target}"))
    assert checks["gradebook"].ok and "not created yet" in checks["gradebook"].detail
    assert not target.exists()


def test_a_running_postgres_gradebook_connects(postgres):
    url = postgres.create_database("doctor_check")
    checks = _by_name(doctor.check_gradebook(url))
    assert checks["gradebook"].ok and checks["gradebook"].detail == f"connected to {url}"
    assert "gradebook password" not in checks


def test_doctor_in_a_course_folder_checks_its_configured_gradebook(postgres, tmp_path: Path):
    url = postgres.create_database("doctor_course")
    course = copy_course(tmp_path / "course")
    with (course / "nbgrader_config.py").open("a") as handle:
        handle.write(f"\nc.CourseDirectory.db_url = {url!r}\n")
    proc = csworkbook("doctor", cwd=course)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"[ok  ] gradebook: connected to {url}" in proc.stdout
    with (course / "nbgrader_config.py").open("a") as handle:
        handle.write(f"\nc.CourseDirectory.db_url = {url.replace('doctor_course', 'no_such_db')!r}\n")
    proc = csworkbook("doctor", cwd=course)
    assert proc.returncode == 1
    assert "[FAIL] gradebook: cannot connect to" in proc.stdout and 'database "no_such_db" does not exist' in proc.stdout

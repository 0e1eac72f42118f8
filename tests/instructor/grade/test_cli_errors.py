"""Every bad invocation of ``csworkbook grade`` gives one clear line on stderr and exit status 2, no traceback."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.instructor.conftest import csworkbook
from tests.instructor.submissions import solved, submit

DC = "defection_cost"


@pytest.fixture
def course(released_course: Path, tmp_path: Path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(released_course, target)
    submit(target, "kim", DC, solved(target, DC))
    return target


def _one_line_error(proc, *fragments: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.mark.parametrize("value", ["0", "-1"])
def test_a_non_positive_timeout_is_refused(course, value):
    _one_line_error(csworkbook("grade", DC, "--timeout", value, cwd=course),
                    "--timeout must be a positive number of seconds")


def test_a_missing_gradebook(course):
    (course / "gradebook.db").unlink()
    _one_line_error(csworkbook("grade", DC, cwd=course), "no gradebook at", "csworkbook release")


def test_a_corrupt_gradebook(course):
    (course / "gradebook.db").write_bytes(b"this is not a database" * 100)
    _one_line_error(csworkbook("grade", DC, cwd=course), "is not a readable database")


def test_a_syntax_error_in_the_config(course):
    with open(course / "nbgrader_config.py", "a") as config:
        config.write("\nc.Execute.timeout = = 3\n")
    _one_line_error(csworkbook("grade", DC, cwd=course), "cannot read nbgrader_config.py", "SyntaxError")


def test_an_unwritable_reports_folder_is_found_before_grading(course):
    (course / "reports").write_text("a file where the reports folder should be")
    proc = csworkbook("grade", DC, cwd=course)
    _one_line_error(proc, "cannot write to", "reports")
    assert not (course / "autograded").exists(), "nothing was graded"


def test_ctrl_c_still_writes_the_report_for_what_was_graded(course):
    import signal
    import subprocess

    from tests.instructor.conftest import BIN, env
    from tests.instructor.submissions import untouched

    slow = solved(course, DC)
    cell = next(c for c in slow.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "ling_answer")
    cell.source = "import time\ntime.sleep(600)\n" + cell.source
    submit(course, "lee", DC, untouched(course, DC))
    submit(course, "zz_slow", DC, slow)
    proc = subprocess.Popen([str(BIN / "csworkbook"), "grade", DC, "--jobs", "1", "--timeout", "600", "--no-feedback"],
                            cwd=course, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:  # the progress bar: wait until kim and lee are graded and zz_slow is running
        if " 2/3 " in line:
            break
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 130, stderr
    assert "interrupted; the report lists what was graded" in stderr and "Traceback" not in stderr
    report = (course / "reports" / DC / "report.txt").read_text()
    assert "kim: pending manual grading, 7/10 points" in report and "lee: graded, 0/10 points" in report
    assert "zz_slow" not in report
    assert "Interrupted: only the submissions graded before Ctrl-C are up to date; rerun to grade the rest." in report

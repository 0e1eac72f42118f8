"""A kernel that fails to start is not the student's fault: the submission is graded on a second try.

The test installs a real kernel spec whose launcher exits at once the first time it is started for a
submission (like a kernel that lost a race for its port) and starts a real ipykernel the next time.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from tests.instructor.conftest import csworkbook
from tests.instructor.submissions import solved, submit

#: an assignment with no hand-graded cells, so a retried student is fully graded at once
LA = "question_types"
LAUNCHER = '''
import os, sys
from pathlib import Path
marker = Path(os.environ["FLAKY_KERNEL_MARKERS"]) / Path(os.getcwd()).parent.name
if not marker.exists():
    marker.write_text("failed once")
    sys.exit(1)
os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *sys.argv[1:]])
'''


def test_a_kernel_that_fails_to_start_is_retried_and_the_student_graded(released_course: Path, tmp_path: Path,
                                                                         monkeypatch):
    course = tmp_path / "course"
    shutil.copytree(released_course, course)
    for student in ("k_one", "k_two"):
        submit(course, student, LA, solved(course, LA))
    jupyter = tmp_path / "jupyter-path"
    spec = jupyter / "kernels" / "flaky"
    spec.mkdir(parents=True)
    (spec / "launcher.py").write_text(LAUNCHER)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, str(spec / "launcher.py"), "-f", "{connection_file}"],
        "display_name": "Flaky Python 3", "language": "python"}))
    markers = tmp_path / "markers"
    markers.mkdir()
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter))
    monkeypatch.setenv("FLAKY_KERNEL_MARKERS", str(markers))
    with open(course / "nbgrader_config.py", "a") as config:
        config.write('\nc.Execute.kernel_name = "flaky"\nc.Execute.startup_timeout = 20\n')

    proc = csworkbook("grade", LA, "--jobs", "2", "--timeout", "10", "--no-feedback", cwd=course)

    assert proc.returncode == 0, proc.stderr
    report = (course / "reports" / LA / "report.txt").read_text()
    for student in ("k_one", "k_two"):
        line = next(l for l in report.splitlines() if l.startswith(f"{student}:"))
        assert line.startswith(f"{student}: graded, 10/10 points"), line
        assert "the kernel did not start on the first try; graded on the second" in line
    assert sorted(p.name for p in markers.iterdir()) == ["k_one", "k_two"], "each kernel failed exactly once"

"""``csworkbook doctor`` checks this environment, not the first Jupyter on PATH, and names the alembic pitfall."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.instructor.conftest import ROOT

BIN = Path(sys.executable).parent


def _doctor(cwd: Path, path: str) -> subprocess.CompletedProcess:
    """Run doctor with this venv's interpreter by full path and the given PATH (no activation)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV",)}
    environ["PATH"] = path
    return subprocess.run([sys.executable, "-m", "csworkbook", "doctor"], cwd=cwd, env=environ,
                          capture_output=True, text=True, timeout=600)


def test_a_decoy_jupyter_first_on_path_gives_no_false_failure(tmp_path: Path) -> None:
    decoy = tmp_path / "decoy"
    decoy.mkdir()
    for name in ("jupyter", "jupyter-labextension"):
        (decoy / name).write_text("#!/bin/sh\necho 'some other Jupyter 1.0: no extensions here'\nexit 1\n")
        (decoy / name).chmod(0o755)
    system = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if Path(p).resolve() != BIN.resolve())
    proc = _doctor(tmp_path, f"{decoy}{os.pathsep}{system}")
    out = proc.stdout
    for name in ("@jupyter-widgets/jupyterlab-manager", "@jupyter/nbgrader",
                 "nbgrader.server_extensions.formgrader"):
        assert f"[ok  ] {name}: enabled" in out, out
    # the real problem is named: this environment's alembic and nbgrader are not on PATH
    assert "[FAIL] alembic on PATH: not on PATH, so nbgrader cannot create or upgrade a gradebook" in out
    assert f"fix: activate the environment (`source {BIN / 'activate'}`)" in out
    assert proc.returncode == 1


def test_with_the_environment_on_path_everything_passes_from_the_course_folder(tmp_path: Path) -> None:
    course = tmp_path / "assignments"
    shutil.copytree(ROOT / "assignments", course, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "reports", "gradebook.db"))
    proc = _doctor(course, f"{BIN}{os.pathsep}{os.environ['PATH']}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[ok  ] config options: all known" in proc.stdout
    assert "[ok  ] course_id: 'csworkbook'" in proc.stdout
    assert "[ok  ] gradebook: " in proc.stdout and "not created yet" in proc.stdout


def test_unknown_options_and_a_broken_config_are_named(tmp_path: Path) -> None:
    course = tmp_path / "assignments"
    shutil.copytree(ROOT / "assignments", course, ignore=shutil.ignore_patterns(
        "release", "submitted", "autograded", "feedback", "reports", "gradebook.db"))
    with (course / "nbgrader_config.py").open("a") as handle:
        handle.write("\nc.CourseDirectory.db_assignments = []\nc.Exceute.timeout = 5\n")
    proc = _doctor(course, f"{BIN}{os.pathsep}{os.environ['PATH']}")
    assert proc.returncode == 1
    assert "[FAIL] config options: unknown to nbgrader: CourseDirectory.db_assignments, Exceute (no such class)" \
        in proc.stdout
    (course / "nbgrader_config.py").write_text("c = get_config()\nc.CourseDirectory.course_id = 'x\n")
    proc = _doctor(course, f"{BIN}{os.pathsep}{os.environ['PATH']}")
    assert proc.returncode == 1 and "[FAIL] nbgrader_config.py: cannot be loaded (SyntaxError" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr

"""Fixtures for the grading tests: a throw-away copy of assignments/ with the assignments released."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GENERATED = ("release", "submitted", "autograded", "feedback", "reports", "gradebook.db")


def env() -> dict[str, str]:
    """The environment for the command-line runs: this venv's bin/ first on PATH (nbgrader needs alembic)."""
    return dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", MPLBACKEND="Agg")


def csworkbook(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the real ``csworkbook`` console script."""
    return subprocess.run([str(BIN / "csworkbook"), *args], cwd=cwd, env=env(), capture_output=True, text=True,
                          timeout=900)


def copy_course(target: Path) -> Path:
    """A copy of assignments/ without any generated folder."""
    shutil.copytree(ROOT / "assignments", target, ignore=shutil.ignore_patterns(*GENERATED))
    return target


@pytest.fixture(scope="session")
def released_course(tmp_path_factory) -> Path:
    """A copy of the course with all five assignments released by ``csworkbook release``."""
    course = copy_course(tmp_path_factory.mktemp("course") / "assignments")
    proc = csworkbook("release", cwd=course)
    assert proc.returncode == 0, proc.stderr
    return course

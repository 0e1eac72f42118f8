#!/usr/bin/env python3
"""Set up and run the course with nothing but Python >= 3.10 installed.

    python3 tasks.py start        # create .venv, install, open the course in JupyterLab
    python3 tasks.py test         # create .venv, install, run the whole test suite
    python3 tasks.py instructor   # open JupyterLab in assignments/, where nbgrader's formgrader finds the course

Both commands create a virtual environment in ``.venv`` on first use and reinstall only
when ``pyproject.toml`` changes. Extra arguments after ``test`` go to pytest.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".csworkbook-setup"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _fail(message: str) -> None:
    print(f"tasks.py: {message}", file=sys.stderr)
    raise SystemExit(1)


def _fingerprint() -> str:
    """Hash of what decides the installed set: the project file and this script."""
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "tasks.py"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def _env() -> dict[str, str]:
    """Environment with the venv first on PATH (nbgrader runs ``alembic`` from PATH)."""
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV)
    return env


def setup() -> None:
    """Create ``.venv`` and install the package with its test extra, if not done yet."""
    if sys.version_info < (3, 10):
        _fail(f"Python 3.10 or newer is needed; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    print("Installing csworkbook and its dependencies (about a minute) …", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if subprocess.call(pip + ["-e", f"{ROOT}[test]"], env=_env()) != 0:
        _fail("pip could not install the course; see the messages above.")
    STAMP.write_text(_fingerprint())


def start(extra: list[str]) -> int:
    """Open the course in JupyterLab at the first notebook."""
    setup()
    cmd = [str(PYTHON), "-m", "jupyter", "lab", str(ROOT / "notebooks" / "00_start_here.ipynb"), *extra]
    return subprocess.call(cmd, cwd=ROOT, env=_env())


def instructor(extra: list[str]) -> int:
    """Open JupyterLab in the nbgrader course folder, so Formgrader and ``nbgrader`` see ``nbgrader_config.py``."""
    setup()
    cmd = [str(PYTHON), "-m", "jupyter", "lab", *extra]
    return subprocess.call(cmd, cwd=ROOT / "assignments", env=_env())


def test(extra: list[str]) -> int:
    """Run every test, executing all notebooks in real kernels (``--nbval-lax``)."""
    setup()
    cmd = [str(PYTHON), "-m", "pytest", "--nbval-lax", "tests", "notebooks", *extra]
    return subprocess.call(cmd, cwd=ROOT, env=_env())


COMMANDS = {"start": start, "test": test, "instructor": instructor}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

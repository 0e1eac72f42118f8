"""An nbgrader course folder: where its config, gradebook, source, release, submitted and autograded files live.

Paths follow nbgrader's own ``CourseDirectory`` settings from the course's ``nbgrader_config.py``.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any, Iterator


def find_root(explicit: str | None = None) -> Path:
    """The course folder: ``explicit``, else the current folder if it has nbgrader_config.py, else ./assignments."""
    if explicit:
        return Path(explicit).resolve()
    here = Path.cwd()
    if (here / "nbgrader_config.py").exists():
        return here
    if (here / "assignments" / "nbgrader_config.py").exists():
        return (here / "assignments").resolve()
    raise SystemExit("No nbgrader course found: run from the folder that holds nbgrader_config.py, "
                     "or pass --course-dir.")


def ensure_alembic_on_path() -> None:
    """nbgrader runs the ``alembic`` program when it creates a gradebook; make this interpreter's one findable."""
    bindir = str(Path(sys.executable).parent)
    if shutil.which("alembic") is None and (Path(bindir) / "alembic").exists():
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


class Course:
    """One nbgrader course folder with its configuration loaded (``config`` is a traitlets Config)."""

    def __init__(self, root: Path) -> None:
        from nbgrader.coursedir import CourseDirectory
        from traitlets.config import Config
        from traitlets.config.loader import PyFileConfigLoader

        ensure_alembic_on_path()
        self.root = Path(root).resolve()
        config = Config()
        if (self.root / "nbgrader_config.py").exists():
            config = PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()
        self.config = config
        self.coursedir = CourseDirectory(config=config)
        self.coursedir.root = str(self.root)

    @property
    def db_url(self) -> str:
        """The gradebook URL (a SQLite file in the course folder unless the config names a shared database)."""
        return self.coursedir.db_url

    @property
    def course_id(self) -> str:
        return self.coursedir.course_id or "default_course"

    def _dir(self, kind: str, student: str, assignment: str) -> Path:
        return Path(self.coursedir.format_path(getattr(self.coursedir, f"{kind}_directory"), student, assignment))

    def source_dir(self, assignment: str) -> Path:
        return self._dir("source", ".", assignment).resolve()

    def release_dir(self, assignment: str) -> Path:
        return self._dir("release", ".", assignment).resolve()

    def autograded_dir(self, student: str, assignment: str) -> Path:
        return self._dir("autograded", student, assignment)

    @property
    def submitted_root(self) -> Path:
        return self.root / self.coursedir.submitted_directory

    def reports_dir(self, assignment: str) -> Path:
        return self.root / "reports" / assignment

    def assignments(self) -> list[str]:
        """Every assignment with a folder under source/."""
        base = self.root / self.coursedir.source_directory
        return sorted(p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))

    def gradebook_names(self) -> tuple[list[str], list[str]]:
        """(assignments, student ids) the gradebook knows, read in one visit; none if there is no gradebook yet."""
        if self.db_url.startswith("sqlite:///") and not Path(self.db_url[len("sqlite:///"):]).exists():
            return [], []  # do not create an empty gradebook just to look
        from nbgrader.api import Gradebook

        try:
            with Gradebook(self.db_url, self.course_id) as gb:
                return [a.name for a in gb.assignments], [s.id for s in gb.students]
        except Exception:  # noqa: BLE001 - an unreadable gradebook is reported by the command's own check
            return [], []

    def submissions(self, assignment: str) -> Iterator[tuple[str, Path]]:
        """(student id, submission folder) for every submitted/<student>/<assignment>/ folder, sorted by student."""
        base = self.submitted_root
        if not base.is_dir():
            return
        for student in sorted(p.name for p in base.iterdir() if p.is_dir()):
            folder = base / student / assignment
            if folder.is_dir():
                yield student, folder

    def reference_notebook(self, assignment: str, notebook: str) -> Any:
        """The notebook as students received it: the release copy, or one made in memory from the source."""
        import nbformat

        released = self.release_dir(assignment) / f"{notebook}.ipynb"
        if released.exists():
            return nbformat.read(released, as_version=4)
        from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

        nb = nbformat.read(self.source_dir(assignment) / f"{notebook}.ipynb", as_version=4)
        resources = {"nbgrader": {}}
        for step in (ClearSolutions(config=self.config), ClearHiddenTests(config=self.config)):
            nb, resources = step.preprocess(nb, resources)
        return nb

"""Make student submissions for the grading tests: solved, untouched, and every broken case the issue names."""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

ASSIGNMENTS = ["defection_cost", "ecommerce_growth", "question_types", "loyalty_value", "service_metrics"]
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def _gid(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def solved(course: Path, assignment: str) -> nbformat.NotebookNode:
    """The released notebook with every answer cell filled in from the source solutions (markers removed)."""
    release = nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    source = nbformat.read(course / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    answers = {_gid(c): c.source for c in source.cells if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in release.cells:
        if _gid(cell) in answers:
            cell.source = "\n".join(l for l in answers[_gid(cell)].splitlines() if l.strip() not in MARKERS)
    return release


def untouched(course: Path, assignment: str) -> nbformat.NotebookNode:
    """The released notebook exactly as a student received it."""
    return nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", as_version=4)


def _cell(nb, grade_id: str):
    return next(c for c in nb.cells if _gid(c) == grade_id)


def broken_cases(course: Path) -> dict[str, object]:
    """Student id -> notebook (or raw text) for each broken case, all on defection_cost."""
    a = "defection_cost"
    cases: dict[str, object] = {}
    cases["b_invalid_json"] = nbformat.writes(solved(course, a))[:-200]

    nb = solved(course, a)
    nb.cells = [c for c in nb.cells if _gid(c) != "losses_tests"]
    cases["b_deleted_tests"] = nb

    nb = untouched(course, a)
    _cell(nb, "lifetime_revenue_answer").source = "def lifetime_revenue(a, b, c):\n    return 0"
    _cell(nb, "lifetime_revenue_tests").source = "# I trust my code\npass"
    cases["b_edited_tests"] = nb

    nb = solved(course, a)
    _cell(nb, "ling_answer").source = "while True:\n    pass\n" + _cell(nb, "ling_answer").source
    cases["b_infinite_loop"] = nb

    nb = solved(course, a)
    _cell(nb, "losses_answer").source = "import sys\nsys.exit()\n" + _cell(nb, "losses_answer").source
    cases["b_sys_exit"] = nb

    nb = solved(course, a)
    _cell(nb, "losses_answer").source = "import os\nos._exit(1)\n" + _cell(nb, "losses_answer").source
    cases["b_os_exit"] = nb

    nb = solved(course, a)
    _cell(nb, "lifetime_revenue_answer").source += "\nprint('x' * 5_000_000)"
    cases["b_megabytes"] = nb

    nb = solved(course, a)
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    cases["b_stripped"] = nb
    return cases


def submit(course: Path, student: str, assignment: str, notebook, timestamp: str = "2024-06-01 10:00:00.000000 UTC"):
    """Place a notebook (or raw text) as submitted/<student>/<assignment>/, with the data files a student has."""
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    for extra in (course / "release" / assignment).iterdir():
        if extra.suffix != ".ipynb":
            shutil.copy(extra, folder / extra.name)
    target = folder / f"{assignment}.ipynb"
    if isinstance(notebook, str):
        target.write_text(notebook, encoding="utf-8")
    else:
        nbformat.write(notebook, target)
    (folder / "timestamp.txt").write_text(timestamp)
    return folder

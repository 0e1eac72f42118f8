"""A practice class: solved and untouched copies of a released assignment, placed as submissions.

Instructors can rehearse ``csworkbook grade`` on it before a real class; the tests and benchmarks
build their classes with it. Works on a course folder in nbgrader's standard layout
(``source/``, ``release/``, ``submitted/<student>/<assignment>/``).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

ASSIGNMENTS = ["defection_cost", "ecommerce_growth", "question_types", "loyalty_value", "service_metrics"]
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def grade_id(cell) -> str | None:
    """The nbgrader grade id of a cell, or ``None``."""
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def solved(course: Path, assignment: str) -> nbformat.NotebookNode:
    """The released notebook with every answer cell filled in from the source solutions (markers removed)."""
    release = nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    source = nbformat.read(course / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    answers = {grade_id(c): c.source for c in source.cells if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in release.cells:
        if grade_id(cell) in answers:
            cell.source = "\n".join(l for l in answers[grade_id(cell)].splitlines() if l.strip() not in MARKERS)
    return release


def untouched(course: Path, assignment: str) -> nbformat.NotebookNode:
    """The released notebook exactly as a student received it."""
    return nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", as_version=4)


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

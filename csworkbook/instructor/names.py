"""Checking the names an instructor types: assignments, students and submitted notebook files.

A typo (``defection_cots``, ``--student alcie``) gets a non-zero exit and a "did you mean …?" instead of a quiet
"No submissions". A notebook uploaded under another name (``defection_cost (1).ipynb``, as browsers and LMSs
rename downloads) is reported by name, so the instructor can rename it or pass ``--accept-renamed``.
"""
from __future__ import annotations

import difflib
import shutil
from pathlib import Path
from typing import Iterable


class UnknownName(ValueError):
    """A name that matches nothing; the message says what was expected and suggests the closest names."""


def suggestion(name: str, candidates: Iterable[str]) -> str:
    """`` Did you mean 'x'?`` (or ``'x' or 'y'``) for the closest candidates, else an empty string."""
    close = difflib.get_close_matches(name, sorted(set(candidates)), n=2, cutoff=0.6)
    if not close:
        return ""
    return " Did you mean " + " or ".join(f"'{c}'" for c in close) + "?"


def check_assignment(name: str, known: Iterable[str]) -> None:
    """Raise :class:`UnknownName` unless ``name`` is one of ``known`` (assignments under source/ or in the gradebook)."""
    known = sorted(set(known))
    if name not in known:
        raise UnknownName(f"There is no assignment '{name}' in this course.{suggestion(name, known)} "
                         f"Assignments: {', '.join(known) or 'none'}.")


def check_students(names: Iterable[str], submitters: Iterable[str], roster: Iterable[str], assignment: str) -> None:
    """Raise :class:`UnknownName` for a student with no submission of ``assignment``, suggesting close ids."""
    submitters, roster = set(submitters), set(roster)
    problems = []
    for name in names:
        if name in submitters:
            continue
        if name in roster:
            problems.append(f"'{name}' has no submission of '{assignment}'.")
        else:
            problems.append(f"There is no student '{name}'.{suggestion(name, submitters | roster)}")
    if problems:
        raise UnknownName(" ".join(problems))


def renamed_notebooks(folder: Path, expected: Iterable[str]) -> list[tuple[str, str]]:
    """(found file, expected file) for each expected notebook missing from ``folder`` while another one is there.

    ``defection_cost (1).ipynb`` or ``Defection_Cost-2.ipynb`` stand in for ``defection_cost.ipynb``; when one
    notebook is expected and exactly one other notebook is present, that one is taken to be it.
    """
    expected = sorted(set(expected))
    present = sorted(p.name for p in folder.glob("*.ipynb"))
    missing = [e for e in expected if f"{e}.ipynb" not in present]
    spare = [p for p in present if p[:-len(".ipynb")] not in expected]
    pairs = []
    for name in missing:
        simplified = name.lower().replace("_", "").replace("-", "")
        like = [p for p in spare if p.lower().replace("_", "").replace("-", "").replace(" ", "").startswith(simplified)]
        if not like and len(missing) == 1 and len(spare) == 1:
            like = spare
        if like:
            pairs.append((like[0], f"{name}.ipynb"))
            spare.remove(like[0])
    return pairs


def accept_renamed(folder: Path, pairs: list[tuple[str, str]]) -> list[str]:
    """Copy each found notebook to its expected name (the original stays); return a report note per copy."""
    notes = []
    for found, wanted in pairs:
        shutil.copy2(folder / found, folder / wanted)
        notes.append(f"graded '{found}' as {wanted} (--accept-renamed)")
    return notes

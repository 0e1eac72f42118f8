"""Broken submissions for the grading tests, on top of the practice class (solved, untouched, submit)."""
from __future__ import annotations

import nbformat
from pathlib import Path

from csworkbook.instructor.practice_class import ASSIGNMENTS, grade_id as _gid, solved, submit, untouched

__all__ = ["ASSIGNMENTS", "broken_cases", "solved", "submit", "untouched"]


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



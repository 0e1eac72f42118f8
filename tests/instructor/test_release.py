"""``csworkbook release``: every assignment is released, and no solution or hidden test reaches release/."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.instructor.conftest import csworkbook
from tests.instructor.submissions import ASSIGNMENTS


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _text(cell: dict) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def _secret_lines(source: Path) -> set[str]:
    """Every non-blank line inside a solution or hidden-tests region of a source notebook."""
    secret, inside = set(), False
    for cell in _cells(source):
        for line in _text(cell).splitlines():
            if "### BEGIN SOLUTION" in line or "### BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "### END SOLUTION" in line or "### END HIDDEN TESTS" in line:
                inside = False
            elif inside and line.strip():
                secret.add(line.strip())
    return secret


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_release_notebook_contains_any_solution_or_hidden_test_line(released_course: Path, assignment: str):
    source = released_course / "source" / assignment / f"{assignment}.ipynb"
    release = released_course / "release" / assignment / f"{assignment}.ipynb"
    secrets = _secret_lines(source)
    assert len(secrets) >= 5, "the source should have solution regions to protect"
    public = {line.strip() for cell in _cells(source) for line in _text(cell).splitlines()} - secrets
    released = [line.strip() for cell in _cells(release) for line in _text(cell).splitlines()]
    leaked = sorted({line for line in released if line in secrets and line not in public})
    assert leaked == []
    assert not any("BEGIN SOLUTION" in l or "HIDDEN TESTS" in l for l in released)
    # students get stubs to fill in, and the visible tests are still there
    assert "raise NotImplementedError()" in released
    assert any(line.startswith("assert ") for line in released)


def test_service_metrics_ships_its_dataset(released_course: Path):
    data = released_course / "release" / "service_metrics" / "contacts.csv"
    rows = data.read_text().splitlines()
    assert rows[0].startswith("contact_id,channel,csat")
    assert len(rows) == 25


def test_release_refuses_when_a_solution_line_survives(released_course: Path, tmp_path: Path):
    course = tmp_path / "course"
    shutil.copytree(released_course, course)
    release = course / "release" / "loyalty_value" / "loyalty_value.ipynb"
    nb = json.loads(release.read_text())
    nb["cells"][-1]["source"] = "    return margin * retention / (1 + discount - retention)\n"
    release.write_text(json.dumps(nb))
    proc = csworkbook("release", "--check-only", "loyalty_value", cwd=course)
    assert proc.returncode == 1
    assert "loyalty_value: REFUSED - 1 line(s)" in proc.stderr
    assert "solution survives: 'return margin * retention / (1 + discount - retention)'" in proc.stderr
    # a hidden test pasted into a data file is caught as well
    (course / "release" / "loyalty_value" / "notes.txt").write_text("assert abs(expected_life(0.05) - 20) < 1e-9\n")
    proc = csworkbook("release", "--check-only", "loyalty_value", cwd=course)
    assert "REFUSED - 2 line(s)" in proc.stderr and "hidden test survives" in proc.stderr
    # regenerating with nbgrader puts things right
    (course / "release" / "loyalty_value" / "notes.txt").unlink()
    proc = csworkbook("release", "loyalty_value", cwd=course)
    assert proc.returncode == 0, proc.stderr
    assert "loyalty_value: released to" in proc.stdout and "(leak check passed)" in proc.stdout


def test_unknown_assignment_is_refused(released_course: Path):
    proc = csworkbook("release", "no_such_thing", cwd=released_course)
    assert proc.returncode == 1
    assert "No such assignment" in proc.stderr and "no_such_thing" in proc.stderr


def test_cli_modules_import_nothing_heavy():
    import subprocess
    import sys

    code = ("import sys, csworkbook.cli as c; c.build_parser(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('nbgrader', 'matplotlib', 'nbclient')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_solution_hidden_in_a_comment_or_a_hint_is_refused(released_course: Path, tmp_path: Path):
    course = tmp_path / "course"
    shutil.copytree(released_course, course)
    release = course / "release" / "loyalty_value" / "loyalty_value.ipynb"
    nb = json.loads(release.read_text())
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["source"] = _text(code) + "\n# psst:   return margin*retention/(1 + discount - retention)  # works\n"
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "id": "hint-cell",
                        "source": "**Hint:** the function ends with `return margin * retention / "
                                  "(1 + discount - retention)` once you have the pieces."})
    release.write_text(json.dumps(nb))
    proc = csworkbook("release", "--check-only", "loyalty_value", cwd=course)
    assert proc.returncode == 1
    assert "REFUSED - 2 line(s)" in proc.stderr, proc.stderr
    assert proc.stderr.count("inside a longer line") == 2


def test_check_only_checks_what_exists_and_names_what_is_missing(released_course: Path, tmp_path: Path):
    course = tmp_path / "course"
    shutil.copytree(released_course, course)
    shutil.rmtree(course / "release" / "question_types")
    proc = csworkbook("release", "--check-only", cwd=course)
    assert proc.returncode == 0, proc.stderr
    assert "question_types: not released (no folder" in proc.stderr
    assert "question_types" not in proc.stdout
    assert proc.stdout.count("passed the leak check") == len(ASSIGNMENTS) - 1
    proc = csworkbook("release", "--check-only", "question_types", cwd=course)
    assert proc.returncode == 1 and "question_types: not released" in proc.stderr

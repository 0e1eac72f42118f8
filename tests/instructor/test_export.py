"""``csworkbook export``: a realistic Canvas gradebook export filled in, Moodle's import file, a weighted
course total, and a round trip in which the exported grades equal the gradebook's final scores."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.instructor.conftest import BIN, csworkbook, env
from tests.instructor.submissions import solved, submit, untouched

DC, LV = "defection_cost", "loyalty_value"
#: all five assignments are in the gradebook once released; these tests export the two that were graded
ONLY = ("--assignment", DC, "--assignment", LV)

#: What Canvas's Grades > Export gives: two sections, a points row, the test student, a student the gradebook lacks
CANVAS_EXPORT = '''\ufeffStudent,ID,SIS User ID,SIS Login ID,Section,Week 1 quiz (1101),defection_cost (1202),Current Score,Final Score
    Points Possible,,,,,5.00,10.00,(read only),(read only)
"Archer, Alice",501,alice,aarcher,Section A,4.00,,80.00,80.00
"Baker, Bob",502,bob,bbaker,Section B,3.00,,60.00,60.00
"Cole, Carol",503,carol,ccole,Section A,5.00,,100.00,100.00
"Diaz, Dana",504,dana,ddiaz,Section B,2.00,,40.00,40.00
"Student, Test",599,,d5e8f0a1b2c3,Section A,,,,
'''


@pytest.fixture(scope="module")
def course(released_course: Path, tmp_path_factory) -> Path:
    """alice, bob, carol and erin on two assignments; erin is not in Canvas, dana (in Canvas) never submitted."""
    course = tmp_path_factory.mktemp("export") / "course"
    shutil.copytree(released_course, course)
    for student, work in (("alice", solved), ("bob", untouched), ("carol", solved), ("erin", solved)):
        submit(course, student, DC, work(course, DC))
    for student in ("alice", "carol"):
        submit(course, student, LV, solved(course, LV))
    for assignment in (DC, LV):
        proc = csworkbook("grade", assignment, "--jobs", "2", "--no-feedback", cwd=course)
        assert proc.returncode == 0, proc.stderr
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "csworkbook") as gb:
        for student in ("alice", "carol"):  # grade alice's and carol's written answer; erin's stays pending
            gb.find_grade("recommendation", DC, DC, student).manual_score = 3
        gb.update_or_create_student("alice", email="alice@example.edu", first_name="Alice", last_name="Archer")
        gb.update_or_create_student("bob", email="=HYPERLINK(\"http://x\")", first_name="Bob", last_name="Baker")
        gb.db.commit()
    return course


def _final_scores(course: Path) -> dict[tuple[str, str], float]:
    """The gradebook's final scores as ``nbgrader export`` computes them (stock command)."""
    proc = subprocess.run([str(BIN / "nbgrader"), "export", "--to", "stock.csv"], cwd=course, env=env(),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    with (course / "stock.csv").open(newline="") as handle:
        return {(r["student_id"], r["assignment"]): float(r["score"]) for r in csv.DictReader(handle)}


def test_canvas_export_is_filled_and_one_sided_students_are_listed(course: Path, tmp_path: Path) -> None:
    export = tmp_path / "canvas_export.csv"
    export.write_text(CANVAS_EXPORT, encoding="utf-8")
    out = tmp_path / "canvas_import.csv"
    proc = csworkbook("export", "--canvas", str(export), *ONLY, "--out", str(out), cwd=course)
    assert proc.returncode == 0, proc.stderr
    assert "In the gradebook but not in the Canvas file (1): erin" in proc.stderr
    assert "In the Canvas file but not in the gradebook (2, left blank): Diaz, Dana, Student, Test" in proc.stderr
    assert "Pending manual grading: erin on defection_cost (3 points" in proc.stderr
    rows = list(csv.reader(out.open(newline="", encoding="utf-8")))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "defection_cost (1202)", LV]
    assert rows[1][0].strip() == "Points Possible" and rows[1][5:] == ["10", "11"]
    by_sis = {r[2]: r for r in rows[2:]}
    assert by_sis["alice"][4] == "Section A" and by_sis["bob"][4] == "Section B"
    final = _final_scores(course)
    for student in ("alice", "bob", "carol"):
        assert float(by_sis[student][5]) == final[(student, DC)]
        assert float(by_sis[student][6]) == final[(student, LV)]
    assert by_sis["dana"][5:] == ["", ""] and by_sis[""][0] == "Student, Test"


def test_canvas_match_by_login_with_a_mapping_file(course: Path, tmp_path: Path) -> None:
    export = tmp_path / "canvas_export.csv"
    export.write_text(CANVAS_EXPORT, encoding="utf-8")
    mapping = tmp_path / "map.csv"
    mapping.write_text("student,canvas\nalice,aarcher\nbob,bbaker\ncarol,ccole\n", encoding="utf-8")
    out = tmp_path / "canvas_import.csv"
    proc = csworkbook("export", "--canvas", str(export), *ONLY, "--match", "login", "--match-file", str(mapping),
                      "--out", str(out), cwd=course)
    assert proc.returncode == 0, proc.stderr
    by_login = {r[3]: r for r in csv.reader(out.open(newline="", encoding="utf-8"))}
    assert float(by_login["aarcher"][5]) == 10.0 and float(by_login["bbaker"][5]) == 0.0


def test_moodle_file_uses_the_chosen_identifier(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "moodle.csv"
    proc = csworkbook("export", "--moodle", "--moodle-id", "username", *ONLY, "--out", str(out), cwd=course)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(out.open(newline="", encoding="utf-8")))
    assert rows[0] == ["Username", DC, LV]
    final = _final_scores(course)
    assert {r[0] for r in rows[1:]} == {"alice", "bob", "carol", "erin"}
    for row in rows[1:]:
        assert float(row[1]) == final[(row[0], DC)] and float(row[2]) == final[(row[0], LV)]
    proc = csworkbook("export", "--moodle", "--out", str(out), cwd=course)  # email: only two students have one
    assert "Left out, no email in the gradebook (2): carol, erin" in proc.stderr


def test_wide_csv_weights_assignments_from_the_config(course: Path, tmp_path: Path) -> None:
    weighted = tmp_path / "course"
    shutil.copytree(course, weighted)
    with (weighted / "nbgrader_config.py").open("a") as handle:
        handle.write('\nc.CourseGrade.weights = {"defection_cost": 3, "loyalty_value": 1}\n')
    out = tmp_path / "wide.csv"
    proc = csworkbook("export", "--csv", *ONLY, "--out", str(out), cwd=weighted)
    assert proc.returncode == 0, proc.stderr
    rows = {r["student"]: r for r in csv.DictReader(out.open(newline="", encoding="utf-8"))}
    # alice: 10/10 (weight 3) and 8/11 with 3 points pending (weight 1) -> (300 + 72.7) / 4; bob: 0 on both
    assert rows["alice"]["course_total_percent"] == "93.2" and rows["bob"]["course_total_percent"] == "0.0"
    # erin: 7/10 (3 pending) on defection_cost weighted 3, 0/8 on loyalty_value weighted 1 -> 52.5
    assert rows["erin"]["course_total_percent"] == "52.5"
    assert rows["bob"]["email"].startswith("'="), "a formula in a cell is escaped"


def test_nbgrader_exporter_plugin_writes_what_the_command_writes(course: Path, tmp_path: Path) -> None:
    ours = tmp_path / "ours.csv"
    assert csworkbook("export", "--moodle", "--moodle-id", "username", *ONLY, "--out", str(ours),
                      cwd=course).returncode == 0
    proc = subprocess.run([str(BIN / "nbgrader"), "export", "--exporter=csworkbook.instructor.exporters.MoodleExport",
                           "--MoodleExport.id_field=username", "--assignment", DC, "--assignment", LV,
                           "--to", str(tmp_path / "plugin.csv")],
                          cwd=course, env=env(), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "plugin.csv").read_text() == ours.read_text()


def test_export_of_an_unknown_assignment_suggests_the_name(course: Path) -> None:
    proc = csworkbook("export", "--csv", "--assignment", "loyalty_valeu", cwd=course)
    assert proc.returncode == 2 and "Did you mean 'loyalty_value'?" in proc.stderr

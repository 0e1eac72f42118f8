"""The typed values that cross process boundaries: picklable, and they render their own report line and CSV row."""
from __future__ import annotations

import csv
import io
import pickle

from csworkbook.instructor.grade.report import write_csv
from csworkbook.instructor.reports import CellScore, ClassReport, StudentRow
from csworkbook.instructor.grade.results import (GradeResult, GradeTask, NotebookOutcome, ReportRow, Summary,
                                                 csv_safe)


def test_results_survive_pickling_unchanged():
    result = GradeResult("kim", "defection_cost", "graded", ("a note",),
                         (NotebookOutcome("defection_cost", "graded", {"t": 2.0}, {"a": None}),), ("why",), None, 1.5)
    assert pickle.loads(pickle.dumps(result)) == result
    task = GradeTask("kim", "defection_cost", "/s", "/a")
    assert pickle.loads(pickle.dumps(task)) == task


def test_a_row_renders_its_status_points_and_notes():
    summary = Summary(7.0, 10.0, True, {"t": 2.0, "m": None})
    row = ReportRow.of(GradeResult("kim", "dc", "graded", ("cut",)), summary)
    assert row.line() == "kim: needs manual grading, 7/10 points - cut"
    review = ReportRow.of(GradeResult("lee", "dc", "graded", (), review=("changed the builtin 'abs'",)), summary)
    assert review.line() == "lee: NEEDS REVIEW, 7/10 points - needs review: changed the builtin 'abs'"
    ours = ReportRow.of(GradeResult.our_error(GradeTask("max", "dc", "", ""), "OSError: disk full"), None)
    assert ours.line() == "max: not graded (our error), no score - not graded because of our error (OSError: disk full); rerun"


def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(tmp_path):
    assert [csv_safe(t) for t in ("=1+1", "+1", "-1", "@SUM(A1)", "plain")] == ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "plain"]
    evil = StudentRow('=HYPERLINK("http://x","y")', "graded", 1.0, 0.0, 1.0, 2.0,
                      cells=(CellScore("t", 1.0, 2.0, False),), notes=("=cmd|'/c calc'!A0",))
    path = tmp_path / "grades.csv"
    write_csv(path, ClassReport("dc", 2.0, {"t": 2.0}, [evil]))
    rows = list(csv.reader(io.StringIO(path.read_text())))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert rows[1][-1].startswith("'=cmd")
    assert rows[1][1:8] == ["graded", "1", "0", "1", "2", "50.0", "0"]

"""``csworkbook grade`` from start to end: find submissions, grade them N at a time, record, report.

The parent process owns the gradebook and writes one transaction per submission as results arrive; worker
processes (``worker.py``) do the slow part. At most ``2 × jobs`` submissions are in flight, so memory grows with
``--jobs``, not with the size of the class.
"""
from __future__ import annotations

import multiprocessing
import sqlite3
import sys
import tempfile
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from csworkbook.instructor.grade import report
from csworkbook.instructor.grade.progress import Progress
from csworkbook.instructor.course import Course


def _snapshot(course: Course, folder: Path) -> str:
    """A read-only copy of the gradebook for the workers (SQLite), or the shared URL itself (a server database)."""
    url = course.db_url
    if not url.startswith("sqlite:///"):
        return url
    target = folder / "gradebook-snapshot.db"
    with sqlite3.connect(url[len("sqlite:///"):]) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return f"sqlite:///{target}"


def settings(course: Course, assignment: str, snapshot_url: str, timeout: int, max_output_bytes: int) -> dict:
    """Everything a worker needs, as plain picklable values."""
    from nbgrader import utils
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(snapshot_url, course.course_id) as gb:
        try:
            names = [nb.name for nb in gb.find_assignment(assignment).notebooks]
        except MissingEntry:
            raise SystemExit(f"'{assignment}' is not in the gradebook {course.db_url}; "
                             f"run `csworkbook release {assignment}` first.") from None
    notebooks = {}
    for name in names:
        reference = course.reference_notebook(assignment, name)
        notebooks[name] = {
            "reference": reference,
            "source_cells": {
                cell.metadata.nbgrader["grade_id"]: {"grade": utils.is_grade(cell), "locked": utils.is_locked(cell),
                                                     "released": cell.source}
                for cell in reference.cells if cell.metadata.get("nbgrader", {}).get("grade_id")},
        }
    return {"config": dict(course.config), "root": str(course.root), "assignment": assignment,
            "source_dir": str(course.source_dir(assignment)), "snapshot_url": snapshot_url, "timeout": timeout,
            "max_output_bytes": max_output_bytes, "notebooks": notebooks}


def _tasks(course: Course, assignment: str, students: list[str] | None) -> list[dict[str, Any]]:
    tasks = []
    for student, folder in course.submissions(assignment):
        if students and student not in students:
            continue
        stamp = folder / "timestamp.txt"
        tasks.append({"student": student, "submitted": str(folder),
                      "autograded": str(course.autograded_dir(student, assignment)),
                      "timestamp": stamp.read_text().strip() if stamp.exists() else None})
    return tasks


def run_pool(function: Callable[[dict], dict], tasks: Iterable[dict], jobs: int, init: Callable, init_arg: Any,
             failed: Callable[[dict, str], dict]) -> Iterator[dict]:
    """Run ``function`` over ``tasks`` in ``jobs`` processes, at most 2 × jobs in flight; yield results as they end.

    ``tasks`` may be a ``deque`` that the caller extends while it consumes the results (e.g. feedback for a
    submission as soon as its grades are recorded); new tasks run in the same worker processes.
    If a worker process dies, a fresh pool takes over; a task whose worker died twice yields ``failed(task, why)``.
    """
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    queue = tasks if isinstance(tasks, deque) else deque(tasks)
    tries: dict[int, int] = {}
    while queue:
        broken = False
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=init,
                                 initargs=(init_arg,)) as pool:
            in_flight: dict[Any, dict] = {}
            while queue or in_flight:
                while queue and len(in_flight) < 2 * jobs and not broken:
                    task = queue.popleft()
                    in_flight[pool.submit(function, task)] = task
                if not in_flight:
                    break
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    task = in_flight.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken = True
                        tries[id(task)] = tries.get(id(task), 0) + 1
                        if tries[id(task)] >= 2:
                            yield failed(task, "its grading process died twice")
                        else:
                            queue.appendleft(task)
                    else:
                        yield result
                if broken:
                    for task in in_flight.values():
                        queue.appendleft(task)
                    in_flight.clear()
                    break


def _failed(task: dict, why: str) -> dict:
    if task.get("kind") == "feedback":
        return {"kind": "feedback", "student": task["student"], "ok": False, "error": why}
    return {"kind": "grade", "student": task["student"], "status": "failed",
            "notes": [f"could not be graded ({why})"], "notebooks": {}, "timestamp": task.get("timestamp")}


def grade(course: Course, assignment: str, *, jobs: int, timeout: int, max_output_bytes: int = 100_000,
          students: list[str] | None = None, feedback: bool = True, out=sys.stdout) -> list[dict[str, Any]]:
    """Grade every submission of ``assignment``; print the report; write feedback, CSV and charts.

    Returns one row per submission: student, status ('graded', 'manual', 'failed'), notes, summary (scores).
    """
    from csworkbook.instructor.grade import worker
    from csworkbook.instructor.grade.gradebook import GradebookWriter

    tasks = _tasks(course, assignment, students)
    if not tasks:
        print(f"No submissions of '{assignment}' under {course.submitted_root}.", file=out)
        return []
    jobs = max(1, min(jobs, len(tasks)))
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="csworkbook-grade-") as tmp:
        snapshot = _snapshot(course, Path(tmp))
        worker_settings = settings(course, assignment, snapshot, timeout, max_output_bytes)
        writer = GradebookWriter(course.db_url, course.course_id, assignment, course.config)
        progress = Progress(len(tasks), f"grading {assignment}")
        # One pool does both jobs: a submission's feedback is queued the moment its grades are committed, so
        # feedback for early students is written while later ones are still being graded.
        pending: deque[dict[str, Any]] = deque(tasks)
        try:
            for result in run_pool(worker.run_task, pending, jobs, worker.init_worker, worker_settings, _failed):
                if result.get("kind") == "feedback":
                    if not result["ok"]:
                        row = next(r for r in rows if r["student"] == result["student"])
                        row["notes"].append(f"feedback could not be generated ({result['error']})")
                    continue
                try:
                    summary = writer.record(result)
                except Exception as err:  # noqa: BLE001 - the transaction was rolled back; report and go on
                    result["status"] = "failed"
                    result["notes"].append(f"could not be recorded in the gradebook ({type(err).__name__}: {err})")
                    summary = None
                row = {"student": result["student"], "status": report.status_of(result, summary),
                       "notes": result["notes"], "summary": summary, "seconds": result.get("seconds", 0.0)}
                rows.append(row)
                progress.advance(result["student"])
                if feedback and row["status"] != "failed":
                    pending.append({"kind": "feedback", "student": result["student"]})
        finally:
            progress.close()
            writer.close()
    rows.sort(key=lambda r: r["student"])
    _write_outputs(course, assignment, rows, out)
    return rows


def _write_outputs(course: Course, assignment: str, rows: list[dict[str, Any]], out) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, course.course_id) as gb:
        cells = {c.name: float(c.max_score) for nb in gb.find_assignment(assignment).notebooks
                 for c in nb.grade_cells}
        max_score = float(gb.find_assignment(assignment).max_score)
    for row in rows:
        row["max_score"] = max_score
    folder = course.reports_dir(assignment)
    folder.mkdir(parents=True, exist_ok=True)
    lines = [report.report_line({"student": r["student"], "status": "failed" if r["status"] == "failed" else "ok",
                                 "notes": r["notes"]}, r["summary"]) for r in rows]
    counts = {s: sum(r["status"] == s for r in rows) for s in report.STATUS_LABELS}
    lines.append(f"{len(rows)} submissions: {counts['graded']} graded, {counts['manual']} need manual grading, "
                 f"{counts['failed']} failed.")
    report.write_csv(folder / "grades.csv", rows, list(cells))
    percents = [100 * (r["summary"]["score"] if r["summary"] else 0) / max_score for r in rows] if max_score else []
    lines.append("Grade distribution: " + report.plot_distribution(folder / "grade_distribution.png", percents,
                                                                    assignment))
    lines.append("Item analysis: " + report.plot_items(folder / "item_analysis.png",
                                                       report.item_averages(rows, cells), assignment))
    lines.append(f"Written: {folder / 'grades.csv'}, {folder / 'grade_distribution.png'}, "
                 f"{folder / 'item_analysis.png'}; feedback under {course.root / 'feedback'}")
    (folder / "report.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines), file=out)

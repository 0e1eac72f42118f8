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


def _tasks(course: Course, assignment: str, students: list[str] | None,
           accept_renamed: bool = False) -> list[dict[str, Any]]:
    from csworkbook.instructor import names

    expected = [p.stem for p in course.source_dir(assignment).glob("*.ipynb")]
    tasks = []
    for student, folder in course.submissions(assignment):
        if students and student not in students:
            continue
        notes: list[str] = []
        try:
            pairs = names.renamed_notebooks(folder, expected)
            if pairs and accept_renamed:
                notes = names.accept_renamed(folder, pairs)
            elif pairs:
                notes = [f"'{found}' found: rename it to {wanted} or pass --accept-renamed" for found, wanted in pairs]
        except OSError as err:
            notes = [f"could not look for renamed notebooks ({err})"]
        stamp = folder / "timestamp.txt"
        autograded = course.autograded_dir(student, assignment)
        tasks.append({"student": student, "submitted": str(folder), "autograded": str(autograded),
                      "timestamp": stamp.read_text().strip() if stamp.exists() else None,
                      "unchanged": sorted(unchanged_answers(folder, autograded)), "notes": notes})
    return tasks


def unchanged_answers(submitted: Path, autograded: Path) -> set[str]:
    """Grade ids of answer cells whose text is the same in the new submission as in the last autograded copy.

    A regrade keeps the instructor's manual score of such a cell without flagging it again. Anything that
    cannot be read counts as changed (the cell is flagged, as nbgrader would).
    """
    import nbformat

    same: set[str] = set()
    for old_path in sorted(autograded.glob("*.ipynb")) if autograded.is_dir() else []:
        new_path = submitted / old_path.name
        try:
            old = nbformat.read(old_path, as_version=4)
            new = nbformat.read(new_path, as_version=4)
        except Exception:  # noqa: BLE001 - unreadable means "changed"
            continue

        def answers(nb) -> dict[str, str]:
            return {c.metadata["nbgrader"]["grade_id"]: c.source.strip() for c in nb.cells
                    if c.get("metadata", {}).get("nbgrader", {}).get("solution")
                    and c.metadata["nbgrader"].get("grade_id")}

        before, after = answers(old), answers(new)
        same |= {gid for gid, text in after.items() if before.get(gid) == text}
    return same


def run_pool(function: Callable[[dict], dict], tasks: Iterable[dict], jobs: int, init: Callable, init_arg: Any,
             failed: Callable[[dict, str], dict], started: Callable[[dict], None] = lambda task: None) -> Iterator[dict]:
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
                    started(task)
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
          students: list[str] | None = None, feedback: bool = True, accept_renamed: bool = False, out=sys.stdout) -> list[dict[str, Any]]:
    """Grade every submission of ``assignment``; print the report; write feedback, CSV and charts.

    Returns one row per submission: student, status ('graded', 'manual', 'failed'), notes, summary (scores).
    """
    from csworkbook.instructor.grade import worker
    from csworkbook.instructor.grade.gradebook import GradebookWriter

    tasks = _tasks(course, assignment, students, accept_renamed)
    if not tasks:
        print(f"No submissions of '{assignment}' under {course.submitted_root}.", file=out)
        return []
    by_student = {t["student"]: t for t in tasks}
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
            def started(task: dict) -> None:
                if task.get("kind") != "feedback":
                    progress.start(task["student"])

            for result in run_pool(worker.run_task, pending, jobs, worker.init_worker, worker_settings, _failed,
                                   started):
                if result.get("kind") == "feedback":
                    if not result["ok"]:
                        row = next(r for r in rows if r["student"] == result["student"])
                        row["notes"].append(f"feedback could not be generated ({result['error']})")
                    continue
                try:
                    task = by_student[result["student"]]
                    result["notes"][:0] = task.get("notes", [])
                    summary = writer.record(result, keep_manual=task.get("unchanged", ()))
                except Exception as err:  # noqa: BLE001 - the transaction was rolled back; report and go on
                    result["status"] = "failed"
                    result["notes"].append(f"could not be recorded in the gradebook ({type(err).__name__}: {err})")
                    summary = None
                row = {"student": result["student"], "status": status_of(result, summary),
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


def status_of(result: dict[str, Any], summary: dict[str, Any] | None) -> str:
    """This run's status of one submission: 'failed', 'manual' (some cells wait for a person) or 'graded'."""
    if result["status"] == "failed" or summary is None:
        return "failed"
    return "manual" if summary["needs_manual"] else "graded"


def _write_outputs(course: Course, assignment: str, rows: list[dict[str, Any]], out) -> None:
    """Write report.txt, grades.csv and both charts for the WHOLE class, read back from the gradebook.

    This run's notes are merged into ``reports/<assignment>/notes.json`` so that a later ``--student`` run still
    shows every student's latest notes.
    """
    import json

    from nbgrader.api import Gradebook

    from csworkbook.instructor import reports

    folder = course.reports_dir(assignment)
    folder.mkdir(parents=True, exist_ok=True)
    notes_file = folder / "notes.json"
    outcomes = reports.load_notes(notes_file)
    for row in rows:
        outcomes[row["student"]] = {"status": "failed" if row["status"] == "failed" else "ok",
                                    "notes": list(row["notes"])}
    notes_file.write_text(json.dumps(outcomes, indent=1, ensure_ascii=False), encoding="utf-8")
    with Gradebook(course.db_url, course.course_id) as gb:
        klass = reports.build(gb, assignment, outcomes, extra_students=[r["student"] for r in rows])
    lines = [row.line() for row in klass.rows]
    lines.append(klass.summary_line())
    report.write_csv(folder / "grades.csv", klass)
    lines.append("Grade distribution: " + report.plot_distribution(folder / "grade_distribution.png", klass))
    lines.append("Item analysis: " + report.plot_items(folder / "item_analysis.png", klass))
    from csworkbook.instructor.similarity import class_pairs

    try:
        alike = class_pairs(course, assignment)
    except Exception as err:  # noqa: BLE001 - a comparison that fails must not cost the report
        lines.append(f"Submissions that look alike: not compared ({type(err).__name__}: {err}).")
    else:
        if alike:
            lines.append("Submissions that look alike (a prompt to look at them, never proof of copying):")
            lines.extend(f"  {pair.line()}" for pair in alike)
        else:
            lines.append("Submissions that look alike: none stands out.")
    lines.append(f"Written: {folder / 'grades.csv'}, {folder / 'grade_distribution.png'}, "
                 f"{folder / 'item_analysis.png'}; feedback under {course.root / 'feedback'}")
    (folder / "report.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines), file=out)

"""``csworkbook grade`` from start to end: find submissions, grade them N at a time, record, report.

The parent process owns the gradebook and writes one transaction per submission as results arrive; worker
processes (``worker.py``) do the slow part. At most ``2 × jobs`` submissions are in flight, so memory grows with
``--jobs``, not with the size of the class.
"""
from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
import sys
import tempfile
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from csworkbook.instructor.course import Course
from csworkbook.instructor.grade import report, sandbox
from csworkbook.instructor.grade.progress import Progress
from csworkbook.instructor.grade.results import (FeedbackResult, FeedbackTask, GradeResult, GradeTask,
                                                 ReportRow)
from csworkbook.instructor.grade.worker import AssignmentInfo, NotebookInfo, WorkerSettings


def _snapshot(course: Course, folder: Path) -> str:
    """A read-only copy of the gradebook for the workers (SQLite), or the shared URL itself (a server database)."""
    url = course.db_url
    if not url.startswith("sqlite:///"):
        return url
    target = folder / "gradebook-snapshot.db"
    with sqlite3.connect(url[len("sqlite:///"):]) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return f"sqlite:///{target}"


class GradeError(Exception):
    """A problem that stops grading before it starts; the message is one line for the instructor."""


def check_gradebook(course: Course) -> None:
    """Raise GradeError unless the gradebook exists and is an nbgrader database."""
    url = course.db_url
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        if not path.exists():
            raise GradeError(f"no gradebook at {path}; run `csworkbook release` first")
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.Error as err:
            raise GradeError(f"the gradebook {path} is not a readable database ({err})") from None
        if not {"assignment", "student", "submitted_assignment"} <= tables:
            raise GradeError(f"the gradebook {path} is not an nbgrader gradebook (tables missing)")
        return
    try:
        from nbgrader.api import Gradebook

        with Gradebook(url, course.course_id):
            pass
    except Exception as err:  # noqa: BLE001 - any driver error: one line, the URL without its password
        safe = url.split("@")[-1] if "@" in url else url
        raise GradeError(f"cannot open the gradebook at {safe} ({type(err).__name__})") from None


def check_writable(folders: list[Path]) -> None:
    """Raise GradeError naming the first folder that cannot be created and written."""
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".csworkbook-write-test-"):
                pass
        except OSError as err:
            raise GradeError(f"cannot write to {folder} ({err.strerror or err})") from None


def settings(course: Course, assignments: list[str], snapshot_url: str, timeout: int, max_output_bytes: int,
             plan: sandbox.SandboxPlan | None) -> WorkerSettings:
    """Everything a worker needs, as plain picklable values."""
    from nbgrader import utils
    from nbgrader.api import Gradebook, MissingEntry

    infos = {}
    kernel_name = course.config.get("Execute", {}).get("kernel_name") or ""
    for assignment in assignments:
        with Gradebook(snapshot_url, course.course_id) as gb:
            try:
                names = [nb.name for nb in gb.find_assignment(assignment).notebooks]
            except MissingEntry:
                raise GradeError(f"'{assignment}' is not in the gradebook; "
                                 f"run `csworkbook release {assignment}` first") from None
        notebooks = {}
        for name in names:
            reference = course.reference_notebook(assignment, name)
            kernel_name = kernel_name or reference.metadata.get("kernelspec", {}).get("name", "")
            notebooks[name] = NotebookInfo(dict(reference), {
                cell.metadata.nbgrader["grade_id"]: {"grade": utils.is_grade(cell), "locked": utils.is_locked(cell),
                                                     "released": cell.source}
                for cell in reference.cells if cell.metadata.get("nbgrader", {}).get("grade_id")})
        released = course.release_dir(assignment)
        infos[assignment] = AssignmentInfo(assignment, str(course.source_dir(assignment)),
                                           str(released if released.is_dir() else course.source_dir(assignment)),
                                           notebooks)
    return WorkerSettings(dict(course.config), str(course.root), snapshot_url, timeout, max_output_bytes, infos,
                          plan, kernel_name or "python3", tuple(course.coursedir.ignore))


def _tasks(course: Course, assignment: str, students: list[str] | None,
           accept_renamed: bool = False) -> list[GradeTask]:
    """One task per submission, with notes on renamed uploads and the answers unchanged since the last grading.

    Reading the student's folder here stays inside that student's error boundary: a failure only adds a note.
    """
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
        autograded = course.autograded_dir(student, assignment)
        tasks.append(GradeTask(student, assignment, str(folder), str(autograded), tuple(notes),
                               tuple(sorted(unchanged_answers(folder, autograded)))))
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


def run_pool(function: Callable[[Any], Any], tasks: Iterable[Any], jobs: int, init: Callable, init_arg: Any,
             failed: Callable[[Any, str], Any], started: Callable[[Any], None] = lambda task: None) -> Iterator[Any]:
    """Run ``function`` over ``tasks`` in ``jobs`` processes, at most 2 × jobs in flight; yield results as they end.

    ``tasks`` may be a ``deque`` that the caller extends while it consumes the results (e.g. feedback for a
    submission as soon as its grades are recorded); new tasks run in the same worker processes.
    If a worker process dies, a fresh pool takes over and the tasks that were in flight are run again one at a
    time, so only the task that kills its worker when alone is reported, as ``failed(task, why)``.
    """
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    queue = tasks if isinstance(tasks, deque) else deque(tasks)
    suspects: deque = deque()
    while queue or suspects:
        broken = False
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=init,
                                 initargs=(init_arg,)) as pool:
            in_flight: dict[Any, Any] = {}
            try:
                while queue or suspects or in_flight:
                    alone = bool(suspects) or any(flag for flag in in_flight.values() if flag[1])
                    while not broken and len(in_flight) < (1 if alone else 2 * jobs) and (suspects or queue):
                        if suspects:
                            task, alone = suspects.popleft(), True
                        else:
                            task = queue.popleft()
                        in_flight[pool.submit(function, task)] = (task, alone)
                        started(task)
                    if not in_flight:
                        break
                    done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                    for future in done:
                        task, was_alone = in_flight.pop(future)
                        try:
                            result = future.result()
                        except BrokenProcessPool:
                            broken = True
                            if was_alone:
                                yield failed(task, "its grading process died while grading it alone")
                            else:
                                suspects.append(task)
                        else:
                            yield result
                    if broken:
                        suspects.extend(task for task, _ in in_flight.values())
                        in_flight.clear()
                        break
            except BaseException:
                for process in list(getattr(pool, "_processes", {}).values()):
                    process.terminate()
                raise


def _failed(task: Any, why: str) -> Any:
    if isinstance(task, FeedbackTask):
        return FeedbackResult(task.student, task.assignment, False, why)
    return GradeResult(task.student, task.assignment, "failed", (f"could not be graded ({why})",))


def grade(course: Course, assignment: str, *, jobs: int, timeout: int, max_output_bytes: int = 100_000,
          students: list[str] | None = None, feedback: bool = True, out=sys.stdout,
          sandboxed: bool = True, accept_renamed: bool = False) -> list[ReportRow]:
    """Grade every submission of ``assignment``; print the report; write feedback, CSV and charts."""
    return grade_many(course, [assignment], jobs=jobs, timeout=timeout, max_output_bytes=max_output_bytes,
                      students=students, feedback=feedback, out=out, sandboxed=sandboxed,
                      accept_renamed=accept_renamed)[assignment]


def output_folders(course: Course, assignments: list[str], feedback: bool) -> list[Path]:
    """The folders grading writes to (checked before it starts)."""
    folders = [course.reports_dir(a) for a in assignments]
    folders.append(course.root / course.coursedir.autograded_directory)
    if feedback:
        folders.append(course.root / course.coursedir.feedback_directory)
    return folders


def grade_many(course: Course, assignments: list[str], *, jobs: int, timeout: int, max_output_bytes: int = 100_000,
               students: list[str] | None = None, feedback: bool = True, out=sys.stdout,
               sandboxed: bool = True, accept_renamed: bool = False) -> dict[str, list[ReportRow]]:
    """Grade every submission of each assignment in one pool; print and write each assignment's report.

    Returns assignment -> one :class:`ReportRow` per submission. Ctrl-C stops grading; the reports of what was
    graded are still written, then KeyboardInterrupt is raised again.
    """
    from csworkbook.instructor.grade import worker
    from csworkbook.instructor.grade.gradebook import GradebookWriter

    check_gradebook(course)
    check_writable(output_folders(course, assignments, feedback))
    tasks = [t for a in assignments for t in _tasks(course, a, students, accept_renamed)]
    by_key = {(t.assignment, t.student): t for t in tasks}
    rows: dict[str, list[ReportRow]] = {a: [] for a in assignments}
    if not tasks:
        for a in assignments:
            print(f"No submissions of '{a}' under {course.submitted_root}.", file=out)
        return rows
    jobs = max(1, min(jobs, len(tasks)))
    # each of the last ``jobs`` submissions goes to a worker that will get no other: no kernel is warmed after them
    tasks = [replace(t, warm_next=len(tasks) - i > jobs) for i, t in enumerate(tasks)]
    interrupted = False
    pending_plan = sandbox.start_plan(course.root, sandboxed, course.config)
    try:
        with tempfile.TemporaryDirectory(prefix="csworkbook-grade-") as tmp:
            snapshot = _snapshot(course, Path(tmp))
            # the parent's own preparation runs while the sandbox probe starts a Python as the grading user
            worker_settings = settings(course, assignments, snapshot, timeout, max_output_bytes, None)
            if feedback:
                worker.prepare_feedback(worker_settings)
            writers = {a: GradebookWriter(course.db_url, course.course_id, a, course.config) for a in assignments}
            worker_settings = replace(worker_settings, sandbox=pending_plan.finish())
            label = f"grading {assignments[0]}" if len(assignments) == 1 else f"grading {len(assignments)} assignments"
            progress = Progress(len(tasks), label)

            def started(task: Any) -> None:
                if isinstance(task, GradeTask):
                    progress.start(task.student)

            # One pool does both jobs: a submission's feedback is queued the moment its grades are committed.
            pending: deque[Any] = deque(tasks)
            charts_ready = False
            try:
                for result in run_pool(worker.run_task, pending, jobs, worker.init_worker, worker_settings, _failed,
                                       started):
                    if isinstance(result, FeedbackResult):
                        if not result.ok:
                            _add_note(rows[result.assignment], result.student,
                                      f"feedback could not be generated ({result.error})")
                        continue
                    task = by_key.get((result.assignment, result.student))
                    if task is not None and task.notes:
                        result = replace(result, notes=(*task.notes, *result.notes))
                    row = _record(writers[result.assignment], result, task.unchanged if task else ())
                    if not charts_ready:  # the charts' matplotlib import, while workers grade, not after
                        report.prepare_charts()
                        charts_ready = True
                    rows[result.assignment].append(row)
                    progress.advance(result.student)
                    if feedback and row.status not in ("failed", "error"):
                        # first in line: a worker writes it while its next warm kernel starts
                        pending.appendleft(FeedbackTask(result.student, result.assignment))
            except KeyboardInterrupt:
                interrupted = True
            finally:
                progress.close()
                for writer in writers.values():
                    writer.close()
    finally:
        worker.forget_prepared()
        _sweep(pending_plan.finish())
    for a in assignments:
        rows[a].sort(key=lambda r: r.student)
        _write_outputs(course, a, rows[a], out, interrupted=interrupted)
    if interrupted:
        raise KeyboardInterrupt
    return rows


def _record(writer: Any, result: GradeResult, keep_manual: Iterable[str] = ()) -> ReportRow:
    """Write a result to the gradebook (never an error result: old grades stay) and make its report row."""
    if result.status == "error":
        return ReportRow.of(result, None)
    try:
        summary = writer.record(result, keep_manual=keep_manual)
    except Exception as err:  # noqa: BLE001 - the transaction was rolled back; nothing was written
        result = GradeResult.our_error(
            GradeTask(result.student, result.assignment, "", ""),
            f"could not be recorded in the gradebook: {type(err).__name__}: {str(err)[:200]}")
        summary = None
    return ReportRow.of(result, summary)


def _add_note(rows: list[ReportRow], student: str, note: str) -> None:
    for index, row in enumerate(rows):
        if row.student == student:
            rows[index] = replace(row, notes=(*row.notes, note))


def _sweep(plan: sandbox.SandboxPlan) -> None:
    """Kill whatever any kernel of this run left behind and remove the run's sandbox folder."""
    root = Path(plan.root)
    if root.is_dir():
        for box in root.iterdir():
            if box.is_dir() and box.name != "mplconfig":
                sandbox.kill_marked(box.name)
    shutil.rmtree(root, ignore_errors=True)


def _write_outputs(course: Course, assignment: str, rows: list[ReportRow], out, interrupted: bool = False) -> None:
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
        status = {"failed": "failed", "review": "review", "error": "error"}.get(row.status, "ok")
        outcomes[row.student] = {"status": status, "notes": list(row.notes)}
    notes_file.write_text(json.dumps(outcomes, indent=1, ensure_ascii=False), encoding="utf-8")
    with Gradebook(course.db_url, course.course_id) as gb:
        klass = reports.build(gb, assignment, outcomes, extra_students=[r.student for r in rows])
    lines = [row.line() for row in klass.rows]
    lines.append(klass.summary_line())
    if interrupted:
        lines.append("Interrupted: only the submissions graded before Ctrl-C are up to date; rerun to grade the rest.")
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

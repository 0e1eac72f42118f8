"""What one grading worker process does: sanitize, execute and score one submission with nbgrader's machinery.

A worker never writes to the gradebook. It reads the assignment's source cells from a read-only snapshot of
the gradebook, writes the autograded notebook to ``autograded/`` and returns a small, picklable result dict;
the parent process records it in the gradebook. Every failure becomes a result with ``status="failed"``.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

_STATE: dict[str, Any] = {}


def init_worker(settings: dict[str, Any]) -> None:
    """Build the preprocessors once per process (``settings`` from :func:`csworkbook.instructor.grade.pipeline.settings`)."""
    import warnings

    os.environ.setdefault("MPLBACKEND", "Agg")
    warnings.filterwarnings("ignore")  # nbformat's missing-id and similar notices say nothing about the student
    if not os.environ.get("CSWORKBOOK_GRADE_DEBUG"):  # keep kernels' start-up chatter off the instructor's screen
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (CheckCellMetadata, ClearOutput, DeduplicateIds, IgnorePattern,
                                        LimitOutput, OverwriteCells, OverwriteKernelspec)
    from traitlets.config import Config

    from csworkbook.instructor.grade.steps import CappedExecute, DetectChanges, RestoreMetadata, ScoreCells

    config = Config(settings["config"])
    config.Execute.timeout = settings["timeout"]
    config.CappedExecute.timeout = settings["timeout"]
    config.CappedExecute.max_output_bytes = settings["max_output_bytes"]
    # the notebook is done when its last cell is: stop the kernel at once instead of a polite shutdown handshake
    config.CappedExecute.shutdown_kernel = "immediate"
    # a kernel starts in about a second here; waiting a minute for one that never will only delays the retry
    config.CappedExecute.startup_timeout = 30
    config.OverwriteCells.add_missing_cells = True
    build = lambda cls: cls(config=config)  # noqa: E731
    _STATE.update(
        settings=settings,
        repair=[build(RestoreMetadata), build(DetectChanges)],
        sanitize=[build(c) for c in (ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells,
                                     CheckCellMetadata)],
        autograde=[build(c) for c in (CappedExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                      ScoreCells, CheckCellMetadata)],
        feedback=None,
    )


def _copy_other_files(src: Path, dest: Path, source_dir: Path) -> None:
    """Copy the student's non-notebook files, then the course's own files over them (as nbgrader does)."""
    for base in (src, source_dir):
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            if path.is_file() and path.suffix != ".ipynb" and ".ipynb_checkpoints" not in path.parts:
                target = dest / path.relative_to(base)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)


def _read_submission(path: Path) -> tuple[Any, str | None]:
    """Parse a submitted notebook; return (notebook, None) or (None, reason it cannot be read)."""
    import nbformat

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        return None, f"not valid UTF-8 text ({err.reason} at byte {err.start})"
    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        return None, f"not valid JSON ({err.msg} at line {err.lineno}, column {err.colno})"
    try:
        return nbformat.reads(text, as_version=4), None
    except Exception as err:  # noqa: BLE001 - any reader error is a reason to report
        return None, f"not a readable notebook ({type(err).__name__}: {str(err).splitlines()[0][:200]})"


def run_task(task: dict[str, Any]) -> dict[str, Any]:
    """Do one task of the grading pool: ``kind`` "feedback" writes feedback, anything else autogrades."""
    if task.get("kind") == "feedback":
        return feedback_for(task)
    return grade_submission(task)


#: Messages of nbclient's errors when a kernel never came up. No cell has run yet, so nothing the student wrote
#: caused it (seen here: two workers' kernels racing for the same TCP port); the submission is graded again.
KERNEL_START_FAILURES = ("Kernel didn't respond", "Kernel died before replying to kernel_info")


def grade_submission(task: dict[str, Any]) -> dict[str, Any]:
    """Autograde one student's submission of one assignment; never raises.

    ``task``: student, assignment, submitted (folder), autograded (folder), timestamp (str or None).
    Returns a dict with student, status ("graded", "failed"), notes, per-notebook grades/comments, seconds.
    A kernel that fails to start is given one more try before the submission is reported as failed.
    """
    started = time.perf_counter()
    for attempt in (1, 2):
        result: dict[str, Any] = {"kind": "grade", "student": task["student"], "status": "graded", "notes": [],
                                  "notebooks": {}, "timestamp": task.get("timestamp")}
        try:
            _grade(task, result)
        except Exception as err:  # noqa: BLE001 - one broken submission must never stop the rest
            message = str(err).splitlines()[0][:300] if str(err) else ""
            if attempt == 1 and any(m in message for m in KERNEL_START_FAILURES):
                continue
            result["status"] = "failed"
            result["notes"].append(f"could not be graded ({type(err).__name__}: {message})")
        if attempt == 2:
            result["notes"].append("the kernel did not start on the first try; graded on the second")
        break
    result["seconds"] = time.perf_counter() - started
    return result


def _grade(task: dict[str, Any], result: dict[str, Any]) -> None:
    import nbformat
    from nbgrader import utils

    settings = _STATE["settings"]
    submitted, dest = Path(task["submitted"]), Path(task["autograded"])
    source_dir = Path(settings["source_dir"])
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    _copy_other_files(submitted, dest, source_dir)
    for notebook_id, info in settings["notebooks"].items():
        path = submitted / f"{notebook_id}.ipynb"
        if not path.exists():
            result["notebooks"][notebook_id] = {"missing": True}
            result["notes"].append(f"{notebook_id}.ipynb was not submitted; scored 0")
            continue
        nb, problem = _read_submission(path)
        if problem:
            result["status"] = "failed"
            result["notebooks"][notebook_id] = {"unreadable": True}
            result["notes"].append(f"{notebook_id}.ipynb is {problem}; scored 0 until it is fixed and regraded")
            continue
        resources = {
            "unique_key": notebook_id,
            "metadata": {"path": str(dest), "name": notebook_id},
            "nbgrader": {"student": task["student"], "assignment": settings["assignment"],
                         "notebook": notebook_id, "db_url": settings["snapshot_url"]},
            "csworkbook": {"notes": [], "source_cells": info["source_cells"],
                           "reference": nbformat.from_dict(info["reference"])},
        }
        for step in _STATE["repair"] + _STATE["sanitize"]:
            nb, resources = step(nb, resources)
        with utils.setenv(NBGRADER_EXECUTION="autograde"):
            for step in _STATE["autograde"]:
                nb, resources = step(nb, resources)
        nbformat.write(nb, dest / f"{notebook_id}.ipynb")
        found = resources["csworkbook"]
        result["notes"].extend(found["notes"])
        result["notebooks"][notebook_id] = {"grades": found["grades"], "comments": found["comments"]}


def _feedback_converter_class() -> type:
    """nbgrader's ``GenerateFeedback`` that keeps one HTML exporter for every student a worker handles.

    Stock ``start()`` builds a new exporter per run, so jinja compiles the same nine templates again for
    every student (about half the cost of one feedback file). The exporter and its preprocessors hold no
    per-student state (the student comes in ``resources``), so one per worker process is safe.
    """
    from nbconvert.writers import FilesWriter
    from nbgrader.converters import GenerateFeedback

    class ReusingGenerateFeedback(GenerateFeedback):
        _kept_exporter = None

        def start(self) -> None:
            self.init_notebooks()
            self.writer = FilesWriter(parent=self, config=self.config)
            if self._kept_exporter is None:
                self._kept_exporter = self.exporter_class(parent=self, config=self.config)
                for pp in self.preprocessors:
                    self._kept_exporter.register_preprocessor(pp)
            self.exporter = self._kept_exporter
            currdir = os.getcwd()
            os.chdir(self.coursedir.root)
            try:
                self.convert_notebooks()
            finally:
                os.chdir(currdir)

    return ReusingGenerateFeedback


def feedback_for(task: dict[str, Any]) -> dict[str, Any]:
    """Generate one student's HTML feedback with nbgrader's GenerateFeedback; never raises."""
    try:
        if _STATE.get("feedback") is None:
            from nbgrader.coursedir import CourseDirectory
            from traitlets.config import Config

            settings = _STATE["settings"]
            config = Config(settings["config"])
            coursedir = CourseDirectory(config=config, root=settings["root"], assignment_id=settings["assignment"])
            _STATE["feedback"] = _feedback_converter_class()(coursedir=coursedir, config=config, force=True)
            _STATE["feedback"].log.setLevel("ERROR")
        converter = _STATE["feedback"]
        converter.coursedir.student_id = task["student"]
        converter.start()
        return {"kind": "feedback", "student": task["student"], "ok": True}
    except Exception as err:  # noqa: BLE001
        return {"kind": "feedback", "student": task["student"], "ok": False, "error": f"{type(err).__name__}: {err}"}

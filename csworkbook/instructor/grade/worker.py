"""What one grading worker process does: sanitize, execute and score one submission with nbgrader's machinery.

A worker never writes to the gradebook. It reads the assignment's source cells from a read-only snapshot of
the gradebook, writes the autograded notebook to ``autograded/`` and returns a :class:`GradeResult`; the parent
records it. The kernel runs in a sandbox (``sandbox.py``); the worker keeps the next kernel warm while it grades
the current submission (connected, its ``kernel_info`` answered in the background), and a kernel never serves two
students. The feedback exporter is built once, in the parent before the workers are forked. Every failure becomes a result: ``failed`` when
the submission is at fault, ``error`` when we are.
"""
from __future__ import annotations

import fnmatch
import json
import os
import shutil
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from traitlets import List, Unicode
from traitlets.config import Configurable

from csworkbook.instructor.grade.results import FeedbackResult, FeedbackTask, GradeResult, GradeTask, NotebookOutcome

_STATE: dict[str, Any] = {}


class GradeSteps(Configurable):
    """The preprocessors ``csworkbook grade`` runs, in order (``c.GradeSteps.autograde = [...]`` to change them).

    Each entry is an importable class name; every class is built with the course's nbgrader configuration.
    """

    repair = List(Unicode(), [
        "csworkbook.instructor.grade.steps.RestoreMetadata", "csworkbook.instructor.grade.steps.DetectChanges",
    ], help="Steps that repair what a student's editor broke, before nbgrader's checks.").tag(config=True)
    sanitize = List(Unicode(), [
        "nbgrader.preprocessors.ClearOutput", "nbgrader.preprocessors.DeduplicateIds",
        "nbgrader.preprocessors.OverwriteKernelspec", "nbgrader.preprocessors.OverwriteCells",
        "nbgrader.preprocessors.CheckCellMetadata",
    ], help="nbgrader's sanitizing steps (as in its autograde converter).").tag(config=True)
    autograde = List(Unicode(), [
        "csworkbook.instructor.grade.steps.CappedExecute", "nbgrader.preprocessors.IgnorePattern",
        "nbconvert.preprocessors.ClearMetadataPreprocessor", "nbgrader.preprocessors.LimitOutput",
        "csworkbook.instructor.grade.steps.ScoreCells", "nbgrader.preprocessors.CheckCellMetadata",
    ], help="Execution and scoring steps (the first that executes gets the sandboxed kernel).").tag(config=True)


@dataclass(frozen=True)
class NotebookInfo:
    """What a worker needs about one notebook of an assignment: the released copy and its graded cells."""

    reference: dict
    source_cells: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class AssignmentInfo:
    """One assignment as the workers see it: its notebooks, source folder and data files folder."""

    name: str
    source_dir: str
    data_dir: str
    notebooks: dict[str, NotebookInfo]


@dataclass(frozen=True)
class WorkerSettings:
    """Everything a worker needs, as picklable values (made once by the parent)."""

    config: dict
    root: str
    snapshot_url: str
    timeout: int
    max_output_bytes: int
    assignments: dict[str, AssignmentInfo]
    sandbox: Any  # a sandbox.SandboxPlan
    kernel_name: str = "python3"
    ignore: tuple[str, ...] = field(default_factory=tuple)


def _import(name: str) -> type:
    module, _, cls = name.rpartition(".")
    return getattr(__import__(module, fromlist=[cls]), cls)


def build_config(settings: WorkerSettings) -> Any:
    """The course's config with our settings added only where the instructor's config is silent."""
    from traitlets.config import Config

    config = Config(settings.config)
    config.Execute.timeout = settings.timeout  # the CLI resolved --timeout against the config already
    config.CappedExecute.max_output_bytes = settings.max_output_bytes
    defaults = {"shutdown_kernel": "immediate",  # the notebook is done when its last cell is
                "startup_timeout": 30}  # a kernel starts in about a second; a minute only delays the retry
    for key, value in defaults.items():
        if key not in config.Execute and key not in config.CappedExecute:
            setattr(config.CappedExecute, key, value)
    if "add_missing_cells" not in config.OverwriteCells:
        config.OverwriteCells.add_missing_cells = True
    return config


def init_worker(settings: WorkerSettings) -> None:
    """Build the steps once per process and start the first warm kernel."""
    import warnings
    from multiprocessing import util

    os.environ.setdefault("MPLBACKEND", "Agg")
    warnings.filterwarnings("ignore")  # nbformat's missing-id and similar notices say nothing about the student
    if not os.environ.get("CSWORKBOOK_GRADE_DEBUG"):  # keep kernels' start-up chatter off the instructor's screen
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    config = build_config(settings)
    steps = GradeSteps(config=config)
    build = lambda names: [_import(n)(config=config) for n in names]  # noqa: E731
    _STATE.update(settings=settings, config=config, repair=build(steps.repair), sanitize=build(steps.sanitize),
                  autograde=build(steps.autograde), warm=None,
                  feedback_converters={k: v for k, v in _PREPARED.items()
                                      if k in settings.assignments and v.coursedir.root == settings.root})
    util.Finalize(None, _stop_warm, exitpriority=10)
    try:  # the first submission's kernel starts while the worker prepares that submission's notebook
        _STATE["warm"] = _start_kernel()
    except Exception:  # noqa: BLE001 - the first submission starts (and reports) its own
        _STATE["warm"] = None


def _stop_warm() -> None:
    from csworkbook.instructor.grade import sandbox

    km = _STATE.pop("warm", None)
    if km is not None:
        sandbox.stop_kernel(km)


def _start_kernel() -> Any:
    from csworkbook.instructor.grade import sandbox

    settings: WorkerSettings = _STATE["settings"]
    extra = ["--HistoryManager.hist_file=:memory:", *_STATE["config"].Execute.get("extra_arguments", [])]
    km = sandbox.start_kernel(settings.sandbox, settings.kernel_name, extra)
    try:
        executor = next(s for s in _STATE["autograde"] if hasattr(s, "startup_timeout"))
        sandbox.connect_early(km, executor.startup_timeout)
    except StopIteration:  # no executing step configured: nothing will use the client
        pass
    except Exception:
        sandbox.stop_kernel(km)
        raise
    return km


def _take_kernel(warm_next: bool = True) -> Any:
    """The warm kernel (started while the previous submission was graded) or a new one.

    It is removed from the worker's state before it is returned, so no later submission can get it. With
    ``warm_next`` the kernel for the next submission starts now, while this one is graded.
    """
    km = _STATE.pop("warm", None) or _start_kernel()
    _STATE["warm"] = None
    if warm_next:
        try:
            _STATE["warm"] = _start_kernel()
        except Exception:  # noqa: BLE001 - no warm kernel: the next submission starts its own
            _STATE["warm"] = None
    return km


def _ignored(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, p) for p in patterns)


def copy_files(src: Path, dest: Path, data_dir: Path, ignore: tuple[str, ...]) -> None:
    """Copy the student's non-notebook files, then the assignment's own data files over them (as nbgrader does).

    Files and folders matching ``CourseDirectory.ignore`` are skipped; symbolic links are never followed.
    """
    for base in (src, data_dir):
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(base)
            if any(_ignored(part, ignore) for part in rel.parts) or path.is_symlink():
                continue
            if path.is_file() and path.suffix != ".ipynb":
                target = dest / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)


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
    except RecursionError:
        return None, "not valid JSON (nested too deeply)"
    try:
        return nbformat.reads(text, as_version=4), None
    except Exception as err:  # noqa: BLE001 - any reader error is a reason to report
        return None, f"not a readable notebook ({type(err).__name__}: {str(err).splitlines()[0][:200]})"


def read_timestamp(folder: Path) -> tuple[str | None, str | None]:
    """(timestamp, note) from ``timestamp.txt``: the text nbgrader can parse, or None and why it was ignored."""
    from nbgrader.utils import parse_utc

    path = folder / "timestamp.txt"
    if not path.exists():
        return None, None
    try:
        text = path.read_bytes()[:200].decode("utf-8").strip()
        parse_utc(text)
        return text, None
    except Exception as err:  # noqa: BLE001 - a student's file: any problem is theirs to fix, not a crash
        return None, f"timestamp.txt could not be read ({type(err).__name__}); graded as if on time"


def run_task(task: GradeTask | FeedbackTask) -> GradeResult | FeedbackResult:
    """Do one task of the grading pool."""
    if isinstance(task, FeedbackTask):
        return feedback_for(task)
    return grade_submission(task)


#: Messages of nbclient's errors when a kernel never came up. No cell has run yet, so nothing the student wrote
#: caused it (seen here: two workers' kernels racing for the same TCP port); the submission is graded again.
KERNEL_START_FAILURES = ("Kernel didn't respond", "Kernel died before replying to kernel_info")


class StudentFault(Exception):
    """The submission itself cannot be graded (the message says why)."""


def grade_submission(task: GradeTask) -> GradeResult:
    """Autograde one student's submission; never raises. A kernel that fails to start gets one more try."""
    started = time.perf_counter()
    result = GradeResult(task.student, task.assignment, "graded")
    for attempt in (1, 2):
        try:
            result = _grade(task)
        except StudentFault as err:
            result = GradeResult(task.student, task.assignment, "failed", (str(err),))
        except Exception as err:  # noqa: BLE001 - one broken submission must never stop the rest
            message = str(err).splitlines()[0][:300] if str(err) else ""
            if attempt == 1 and any(m in message for m in KERNEL_START_FAILURES):
                continue
            result = GradeResult.our_error(task, f"{type(err).__name__}: {message}")
        if attempt == 2 and result.status != "error":
            result = result.with_note("the kernel did not start on the first try; graded on the second")
        break
    return replace(result, seconds=time.perf_counter() - started)


def _grade(task: GradeTask) -> GradeResult:
    import nbformat
    from nbconvert.preprocessors import ExecutePreprocessor
    from nbgrader import utils

    from csworkbook.instructor.grade import sandbox

    settings: WorkerSettings = _STATE["settings"]
    info = settings.assignments[task.assignment]
    submitted, dest = Path(task.submitted), Path(task.autograded)
    notes: list[str] = []
    timestamp, problem = read_timestamp(submitted)
    if problem:
        notes.append(problem)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    copy_files(submitted, dest, Path(info.source_dir), settings.ignore)
    outcomes, review, status = [], [], "graded"
    for position, (notebook_id, nb_info) in enumerate(info.notebooks.items()):
        path = submitted / f"{notebook_id}.ipynb"
        if not path.exists():
            outcomes.append(NotebookOutcome(notebook_id, "missing"))
            notes.append(f"{notebook_id}.ipynb was not submitted; scored 0")
            continue
        nb, problem = _read_submission(path)
        if problem:
            status = "failed"
            outcomes.append(NotebookOutcome(notebook_id, "unreadable"))
            notes.append(f"{notebook_id}.ipynb is {problem}; scored 0 until it is fixed and regraded")
            continue
        resources = {
            "unique_key": notebook_id,
            "metadata": {"path": str(dest), "name": notebook_id},
            "nbgrader": {"student": task.student, "assignment": task.assignment,
                         "notebook": notebook_id, "db_url": settings.snapshot_url},
            "csworkbook": {"notes": [], "source_cells": nb_info.source_cells,
                           "reference": nbformat.from_dict(nb_info.reference)},
        }
        try:
            for step in _STATE["repair"] + _STATE["sanitize"]:
                nb, resources = step(nb, resources)
        except Exception as err:  # noqa: BLE001 - nbgrader refused the notebook's content
            raise StudentFault(f"{notebook_id}.ipynb could not be prepared for grading "
                               f"({type(err).__name__}: {str(err)[:200]})") from err
        # a kernel for what comes next: this submission's next notebook, or the worker's next submission
        km = _take_kernel(warm_next=task.warm_next or position < len(info.notebooks) - 1)
        try:
            copy_files(submitted, km.box.work, Path(info.data_dir), settings.ignore)
            sandbox.give(km.box, settings.sandbox)
            with utils.setenv(NBGRADER_EXECUTION="autograde"):
                for step in _STATE["autograde"]:
                    if isinstance(step, ExecutePreprocessor):  # the executing step gets the sandboxed kernel
                        resources["metadata"]["path"] = str(km.box.work)
                        nb, resources = step.preprocess(nb, resources, km=km)
                        resources["metadata"]["path"] = str(dest)
                    else:
                        nb, resources = step(nb, resources)
        finally:
            sandbox.stop_kernel(km)
        nbformat.write(nb, dest / f"{notebook_id}.ipynb")
        found = resources["csworkbook"]
        notes.extend(found["notes"])
        review.extend(r for r in found.get("review", []) if r not in review)
        outcomes.append(NotebookOutcome(notebook_id, "graded", found["grades"], found["comments"]))
    return GradeResult(task.student, task.assignment, status, tuple(notes), tuple(outcomes), tuple(review),
                       timestamp)


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

        def kept_exporter(self) -> Any:
            """The exporter every student's page is written with (built on first use)."""
            if self._kept_exporter is None:
                self._kept_exporter = self.exporter_class(parent=self, config=self.config)
                for pp in self.preprocessors:
                    self._kept_exporter.register_preprocessor(pp)
            return self._kept_exporter

        def start(self) -> None:
            self.init_notebooks()
            self.writer = FilesWriter(parent=self, config=self.config)
            self.exporter = self.kept_exporter()
            currdir = os.getcwd()
            os.chdir(self.coursedir.root)
            try:
                self.convert_notebooks()
            finally:
                os.chdir(currdir)

    return ReusingGenerateFeedback


#: Feedback converters made by :func:`prepare_feedback` in the parent; forked workers start with them.
_PREPARED: dict[str, Any] = {}


def feedback_converter(settings: WorkerSettings, assignment: str) -> Any:
    """A feedback converter for ``assignment`` (its exporter not yet built)."""
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    config = Config(settings.config)
    coursedir = CourseDirectory(config=config, root=settings.root, assignment_id=assignment)
    converter = _feedback_converter_class()(coursedir=coursedir, config=config, force=True)
    converter.log.setLevel("ERROR")
    return converter


def prepare_feedback(settings: WorkerSettings) -> None:
    """Build each assignment's feedback exporter once, in the parent, before the workers are forked.

    Rendering the released notebook once (without nbgrader's preprocessors, so no student and no gradebook are
    involved) compiles the templates, the syntax highlighters' regular expressions and the HTML parser's
    selectors (about a second of CPU). Forked workers inherit all of it instead of each paying it again; with the
    ``spawn`` start method (not Linux) each worker still builds its own on first use.
    """
    import nbformat

    _PREPARED.clear()
    for name, info in settings.assignments.items():
        converter = feedback_converter(settings, name)
        exporter = converter.kept_exporter()
        kept = exporter._preprocessors
        exporter._preprocessors = []
        try:
            for notebook in info.notebooks.values():
                exporter.from_notebook_node(nbformat.from_dict(notebook.reference), resources={})
        except Exception:  # noqa: BLE001 - only a warm-up: the real pages are written (or fail) per student
            pass
        finally:
            exporter._preprocessors = kept
        _PREPARED[name] = converter


def forget_prepared() -> None:
    """Drop the converters :func:`prepare_feedback` made (at the end of a grading run)."""
    _PREPARED.clear()


def feedback_for(task: FeedbackTask) -> FeedbackResult:
    """Write one student's HTML feedback with nbgrader's GenerateFeedback, then sanitize it; never raises."""
    from csworkbook.instructor.grade.sanitize import sanitize_file

    try:
        settings: WorkerSettings = _STATE["settings"]
        converters = _STATE.setdefault("feedback_converters", {})
        if task.assignment not in converters:
            converters[task.assignment] = feedback_converter(settings, task.assignment)
        converter = converters[task.assignment]
        converter.coursedir.student_id = task.student
        converter.start()
        folder = Path(converter.coursedir.format_path(converter.coursedir.feedback_directory, task.student,
                                                      task.assignment))
        for html in folder.glob("*.html"):
            sanitize_file(html)
        return FeedbackResult(task.student, task.assignment, True)
    except Exception as err:  # noqa: BLE001
        return FeedbackResult(task.student, task.assignment, False, f"{type(err).__name__}: {err}")

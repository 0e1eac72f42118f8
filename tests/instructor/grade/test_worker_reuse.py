"""What a grading worker keeps between submissions, and what it never shares.

The worker's functions run here in the test process (as one worker would run them), on real sandboxed kernels
and nbgrader's real converters: the kernel warmed while one student is graded serves the next student only,
is connected before it is needed, and is gone afterwards; the feedback exporter built once before the workers
start is the one every student's page is written with.
"""
from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tests.instructor.submissions import solved, submit, untouched

DC = "defection_cost"
STUDENTS = ("w_one", "w_three", "w_two")  # the order the tasks come in


@pytest.fixture
def worker_run(released_course: Path, tmp_path: Path, monkeypatch):
    """Grade three students one after another in this process, as one worker; yield what each kernel was."""
    from csworkbook.instructor.course import Course
    from csworkbook.instructor.grade import pipeline, sandbox, steps, worker
    from csworkbook.instructor.grade.gradebook import GradebookWriter

    course_dir = tmp_path / "course"
    shutil.copytree(released_course, course_dir)
    for student in STUDENTS:
        submit(course_dir, student, DC, solved(course_dir, DC) if student != "w_two" else untouched(course_dir, DC))
    monkeypatch.chdir(course_dir)  # as the command runs
    monkeypatch.setenv("CSWORKBOOK_GRADE_DEBUG", "1")  # init_worker keeps this process's stderr
    monkeypatch.setattr(worker, "_STATE", {})
    course = Course(course_dir)
    tasks = pipeline._tasks(course, DC, None)
    plan = sandbox.plan(course.root, True, course.config)
    used: list[tuple[str, object]] = []  # (student, kernel manager) in the order the executing step got them
    real_preprocess = steps.CappedExecute.preprocess

    def recording_preprocess(self, nb, resources=None, km=None):
        used.append((resources["nbgrader"]["student"], km))
        return real_preprocess(self, nb, resources, km=km)

    monkeypatch.setattr(steps.CappedExecute, "preprocess", recording_preprocess)
    settings = pipeline.settings(course, [DC], f"sqlite:///{course_dir / 'gradebook.db'}", 30, 100_000, plan)
    worker.prepare_feedback(settings)
    prepared = worker._PREPARED[DC]
    writer = GradebookWriter(course.db_url, course.course_id, DC, course.config)
    warm_before: list[object] = []
    results, feedback = [], []
    try:
        worker.init_worker(settings)
        for index, task in enumerate(tasks):
            warm_before.append(worker._STATE["warm"])
            last = index == len(tasks) - 1
            results.append(worker.grade_submission(replace(task, warm_next=not last)))
            writer.record(results[-1])
            feedback.append(worker.feedback_for(worker.FeedbackTask(task.student, DC)))
        warm_after = worker._STATE["warm"]
        converter = worker._STATE["feedback_converters"][DC]
    finally:
        writer.close()
        worker._stop_warm()
        worker.forget_prepared()
        shutil.rmtree(plan.root, ignore_errors=True)
    yield {"course": course_dir, "used": used, "warm_before": warm_before, "warm_after": warm_after,
           "results": results, "feedback": feedback, "prepared": prepared, "converter": converter}


def test_each_student_gets_a_kernel_of_their_own_warmed_beforehand(worker_run):
    used, warm_before = worker_run["used"], worker_run["warm_before"]
    assert [student for student, _ in used] == list(STUDENTS)
    kernels = [km for _, km in used]
    assert len({id(km) for km in kernels}) == len(STUDENTS)
    assert len({km.box.token for km in kernels}) == len(STUDENTS)
    # every student's kernel was started before that student's grading began (warm), none after
    assert [id(km) for km in warm_before] == [id(km) for km in kernels]
    assert worker_run["warm_after"] is None  # the last submission warms no kernel nobody would use
    for km in kernels:
        assert km.early_client is None  # its client was closed with it
        assert not km.box.base.exists()
    scores = {r.student: sum(g or 0 for o in r.notebooks for g in o.grades.values()) for r in worker_run["results"]}
    assert scores == {"w_one": 7, "w_two": 0, "w_three": 7}


def test_the_feedback_exporter_is_built_once_and_serves_every_student(worker_run):
    converter, prepared = worker_run["converter"], worker_run["prepared"]
    assert converter is prepared
    assert converter.exporter is prepared.kept_exporter()
    assert all(result.ok for result in worker_run["feedback"]), worker_run["feedback"]
    pages = {s: (worker_run["course"] / "feedback" / s / DC / f"{DC}.html").read_text(encoding="utf-8")
             for s in STUDENTS}
    assert all("csworkbook-sanitized" in page for page in pages.values())
    # the same answers give the same page before and after another student's, different answers another page:
    # nothing of one student's page is carried into the next
    assert pages["w_one"] == pages["w_three"]
    assert pages["w_two"] != pages["w_one"]

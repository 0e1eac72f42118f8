"""The parent process's single connection to the gradebook: one transaction per submission.

nbgrader's API methods commit as they go; here they run inside an outer transaction (each of their commits only
releases a savepoint), so a submission's student, submission, scores, comments and late penalty are written
together or not at all, and the database is never left locked or half-written.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterable, Iterator


class GradebookWriter:
    """Record worker results in the gradebook at ``db_url`` for one assignment, one submission at a time."""

    def __init__(self, db_url: str, course_id: str, assignment: str, config: Any) -> None:
        from nbgrader.api import Gradebook
        from nbgrader.preprocessors import AssignLatePenalties
        from sqlalchemy import create_engine, event

        import warnings

        from sqlalchemy.exc import SAWarning

        # nbgrader's update_or_create_submission triggers SQLAlchemy autoflush notices that change nothing
        warnings.filterwarnings("ignore", category=SAWarning)
        self.assignment = assignment
        self.gradebook = Gradebook(db_url, course_id)
        self._plain_session = self.gradebook.db
        sqlite = db_url.startswith("sqlite")
        self.engine = create_engine(db_url, future=True, connect_args={"timeout": 60} if sqlite else {})
        if sqlite:  # make pysqlite honour BEGIN/SAVEPOINT (SQLAlchemy's documented recipe)
            @event.listens_for(self.engine, "connect")
            def _no_implicit_transactions(dbapi_connection, _record):  # noqa: ANN001
                dbapi_connection.isolation_level = None

            @event.listens_for(self.engine, "begin")
            def _begin_immediately(connection):  # noqa: ANN001
                connection.exec_driver_sql("BEGIN IMMEDIATE")
        self.late = AssignLatePenalties(config=config)
        self.late.init_plugin()

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        from sqlalchemy.orm import scoped_session, sessionmaker

        connection = self.engine.connect()
        outer = connection.begin()
        session = scoped_session(sessionmaker(bind=connection, autoflush=True, future=True,
                                              join_transaction_mode="create_savepoint"))
        self.gradebook.db = session
        try:
            yield self.gradebook
            session.flush()
            outer.commit()
        except BaseException:
            outer.rollback()
            raise
        finally:
            session.remove()
            self.gradebook.db = self._plain_session
            connection.close()

    def record(self, result: dict[str, Any], keep_manual: Iterable[str] = ()) -> dict[str, Any]:
        """Write one worker result; return {"score", "max_score", "needs_manual", "cells": {grade_id: score}}.

        ``keep_manual``: grade ids whose answer did not change since the last grading; a manual score they
        already have stands and they are not flagged for manual grading again (stock nbgrader re-flags them).
        """
        keep = set(keep_manual)
        student = result["student"]
        with self._transaction() as gb:
            gb.update_or_create_student(student)
            timestamp = result.get("timestamp")
            if timestamp:
                from nbgrader.utils import parse_utc

                submission = gb.update_or_create_submission(self.assignment, student, timestamp=parse_utc(timestamp))
            else:
                submission = gb.update_or_create_submission(self.assignment, student)
            for notebook in submission.notebooks:
                outcome = result["notebooks"].get(notebook.name, {"missing": True})
                if "grades" not in outcome:  # missing or unreadable: nbgrader gives 0 for a missing notebook
                    for grade in notebook.grades:
                        grade.auto_score = 0
                        grade.needs_manual_grade = False
                    continue
                for grade in notebook.grades:
                    if grade.name not in outcome["grades"]:
                        continue
                    grade.auto_score = outcome["grades"][grade.name]
                    if grade.manual_score is not None and grade.name in keep:
                        grade.needs_manual_grade = False
                    else:  # nbgrader's rule: no automatic score, or a person overrode it
                        grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None
                for comment in notebook.comments:
                    if comment.name in outcome["comments"]:
                        comment.auto_comment = outcome["comments"][comment.name]
            gb.db.flush()
            gb.db.expire_all()
            for notebook in submission.notebooks:
                notebook.late_submission_penalty = None
                if submission.total_seconds_late > 0:
                    penalty = self.late.plugin_inst.late_submission_penalty(
                        student, notebook.score, submission.total_seconds_late)
                    if penalty is not None:
                        notebook.late_submission_penalty = self.late._check_late_penalty(notebook, penalty)
            gb.db.flush()
            gb.db.expire_all()
            summary = {
                "score": float(submission.score),
                "max_score": float(submission.max_score),
                "needs_manual": bool(submission.needs_manual_grade),
                "cells": {g.name: (g.manual_score if g.manual_score is not None else g.auto_score)
                          for nb in submission.notebooks for g in nb.grades},
                "late_seconds": float(submission.total_seconds_late),
            }
        return summary

    def close(self) -> None:
        """Close both connections."""
        self.gradebook.close()
        self.engine.dispose()


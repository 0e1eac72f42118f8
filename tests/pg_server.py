"""The ``postgres`` fixture: a throw-away PostgreSQL server for the whole test session.

Import it into a test module (``from tests.pg_server import postgres``); it skips, with the reason, where
PostgreSQL or its driver is not installed. The server is ``csworkbook.instructor.practice_postgres``.
"""
from __future__ import annotations

import os
from typing import Iterator

import pytest

from csworkbook.instructor.practice_postgres import PostgresServer, free_port, why_not

__all__ = ["PostgresServer", "free_port", "postgres", "why_not"]


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A running PostgreSQL server for the whole session; ``PGPASSFILE`` points clients at its password."""
    reason = why_not()
    if reason:
        pytest.skip(reason)
    server = PostgresServer()
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    previous = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(server.pgpass)
    try:
        yield server
    finally:
        if previous is None:
            os.environ.pop("PGPASSFILE", None)
        else:
            os.environ["PGPASSFILE"] = previous
        server.stop()

"""Test-session set-up shared by tests/ and the notebooks nbval executes.

Kernels started by nbval inherit this process's environment, so pointing CSWORKBOOK_HOME at a
temporary folder here keeps the test run from reading or writing a learner's real journal.
"""
from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config: pytest.Config) -> None:
    if not os.environ.get("CSWORKBOOK_TEST_KEEP_HOME"):
        os.environ["CSWORKBOOK_HOME"] = tempfile.mkdtemp(prefix="csworkbook-test-home-")
    os.environ.setdefault("MPLBACKEND", "Agg")

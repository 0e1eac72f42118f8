"""Test-session set-up shared by tests/ and the notebooks nbval executes.

Kernels started by nbval inherit this process's environment, so pointing CSWORKBOOK_HOME at a
temporary folder here keeps the test run from reading or writing a learner's real journal.
"""
from __future__ import annotations

import os
import shutil
import tempfile

import pytest


_HOME: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    if not os.environ.get("CSWORKBOOK_TEST_KEEP_HOME"):
        _HOME.append(tempfile.mkdtemp(prefix="csworkbook-test-home-"))
        os.environ["CSWORKBOOK_HOME"] = _HOME[-1]
    os.environ.setdefault("MPLBACKEND", "Agg")


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _HOME:
        shutil.rmtree(folder, ignore_errors=True)

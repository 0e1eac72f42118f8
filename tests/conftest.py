"""Shared fixtures: every test gets its own CSWORKBOOK_HOME so no learner journal is touched."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# notebooks used as fixtures are data, not tests for nbval
collect_ignore_glob = ["**/*.ipynb"]


@pytest.fixture(autouse=True)
def csworkbook_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty journal folder for each test."""
    home = tmp_path / "csworkbook-home"
    monkeypatch.setenv("CSWORKBOOK_HOME", str(home))
    return home


@pytest.fixture
def journal(csworkbook_home: Path):
    from csworkbook.journal import Journal

    return Journal(csworkbook_home / "journal.json")

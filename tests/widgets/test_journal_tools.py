"""JournalTools: path, counts, warnings, copy for download, and a reset that asks first."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from csworkbook.journal import Journal, JournalWarning
from csworkbook.widgets import JournalTools
from csworkbook.widgets.journal_tools import CONFIRM_LABEL


def _fill(journal: Journal, n: int = 3) -> None:
    for k in range(n):
        journal.record("reflection", {"key": f"k{k}", "text": "x"}, notebook="05" if k else "04", kind="reflection")


def test_shows_path_and_count(journal):
    _fill(journal)
    tools = JournalTools(journal=journal)
    assert str(journal.path) in tools.info.value
    assert "<b>3</b> saved answers" in tools.info.value
    assert tools.state["entries"] == 3 and tools.state["by_notebook"] == {"04": 1, "05": 2}
    assert tools.warnings_html.value == ""
    assert any("Binder" in getattr(c, "value", "") and "Download" in c.value for c in tools.children)
    json.dumps(tools.state)


def test_an_empty_journal_says_nothing_is_saved(journal):
    tools = JournalTools(journal=journal)
    assert "Nothing has been saved yet" in tools.info.value
    assert tools.state["entries"] == 0


def test_every_control_is_labelled(journal):
    tools = JournalTools(journal=journal)
    for button in (tools.refresh_button, tools.copy_button, tools.reset_button, tools.confirm_button,
                   tools.cancel_button):
        assert button.description.strip()
    assert tools.confirm_button.description == CONFIRM_LABEL


def test_reset_only_reveals_a_confirmation_and_cancel_changes_nothing(journal):
    _fill(journal)
    tools = JournalTools(journal=journal)
    assert tools.confirm_box.layout.display == "none"
    tools.reset_button.click()
    assert tools.state["confirming"] is True
    assert len(journal.entries()) == 3  # nothing changed yet
    tools.cancel_button.click()
    assert tools.state["confirming"] is False
    assert "unchanged" in tools.feedback_text
    assert len(journal.entries()) == 3


def test_confirming_resets_and_reports_the_backup(journal):
    _fill(journal)
    old_bytes = journal.path.read_bytes()
    tools = JournalTools(journal=journal)
    tools.confirm_reset()  # without the first step nothing happens
    assert tools.feedback_level == "error" and len(journal.entries()) == 3
    tools.reset_button.click()
    tools.confirm_button.click()
    backup = tools.last_backup
    assert backup is not None and backup.read_bytes() == old_bytes
    assert str(backup) in tools.feedback_text and tools.feedback_level == "success"
    assert journal.entries() == []
    assert tools.state["entries"] == 0 and str(backup) in tools.state["aside_files"]
    assert str(backup) in tools.info.value


def test_confirming_with_no_journal_yet(journal):
    tools = JournalTools(journal=journal)
    tools.reset_button.click()
    tools.confirm_button.click()
    assert tools.last_backup is None and "nothing to back up" in tools.feedback_text


def test_a_damaged_journal_is_reported_with_where_it_went(journal):
    journal.path.parent.mkdir(parents=True, exist_ok=True)
    journal.path.write_bytes(b'{"version": 1, "entries": [')
    with pytest.warns(JournalWarning):
        tools = JournalTools(journal=journal)
    aside = [Path(p) for p in tools.state["aside_files"]]
    assert len(aside) == 1 and aside[0].read_bytes() == b'{"version": 1, "entries": ['
    assert str(aside[0]) in tools.warnings_html.value
    assert tools.feedback_level == "warning" and str(aside[0]) in tools.feedback_text  # from Activity
    assert tools.state["warnings"] and tools.state["entries"] == 0


def test_copy_puts_a_dated_copy_next_to_the_notebook(journal, tmp_path, monkeypatch):
    here = tmp_path / "notebooks"
    here.mkdir()
    monkeypatch.chdir(here)
    tools = JournalTools(journal=journal)
    tools.copy_button.click()
    assert tools.feedback_level == "info" and "nothing to copy" in tools.feedback_text
    _fill(journal)
    tools.copy_button.click()
    copy = tools.last_copy
    assert copy is not None and copy.parent == here and copy.name.startswith("csworkbook-journal-")
    assert copy.read_bytes() == journal.path.read_bytes()
    assert "Download" in tools.feedback_text and copy.name in tools.feedback_text


def test_refresh_updates_the_count(journal):
    tools = JournalTools(journal=journal)
    _fill(journal, 2)
    tools.refresh_button.click()
    assert tools.state["entries"] == 2 and "2 saved answer" in tools.feedback_text

"""LatenessExplorer, driven as a learner drives it: move the sliders, pick a status, press Save."""
from __future__ import annotations

import subprocess
import sys

import pytest

from csworkbook.rules.lateness import DEPARTURES, ILLUSTRATION_NOTE, accepted_wait_minutes
from csworkbook.widgets import LatenessExplorer
from csworkbook.widgets.lateness import DEFAULTS, MAX_MINUTES


@pytest.fixture
def explorer(journal) -> LatenessExplorer:
    return LatenessExplorer(journal=journal)


def test_starts_with_live_feedback_and_a_chart(explorer):
    assert explorer.notebook == "03"
    assert explorer.activity_id == "lateness_explorer"
    assert explorer.feedback_level == "success"
    assert "within the accepted wait" in explorer.feedback_text  # 8 minutes: the article calls 5 to 10 acceptable
    assert "ask what they expect" in explorer.feedback_text
    assert explorer.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert explorer.chart_data["limit"] == 10.0
    assert explorer.chart_data["minutes_late"] == DEFAULTS["minutes_late"] == 8
    assert explorer.state["label"] == "within the accepted wait" and explorer.state["acceptable"] is True


def test_intro_says_the_numbers_are_an_illustration(explorer):
    intro = explorer.children[1].value
    assert "not a measured law" in intro and "5 to 10 minutes" in intro
    assert all(d.split(".")[0] in intro for d in DEPARTURES)  # where the explorer goes beyond the article
    assert "Ask, don't assume" in explorer.advice.value
    assert ILLUSTRATION_NOTE.startswith("The article's figures are kept exactly")


@pytest.mark.parametrize(("late", "label", "level"), [
    (0, "on time", "success"),
    (4, "within the accepted wait", "success"),
    (9, "within the accepted wait", "success"),
    (20, "beyond the accepted wait", "warning"),
])
def test_moving_the_minutes_slider_updates_label_level_and_chart(explorer, late, label, level):
    explorer.minutes_slider.value = late
    assert explorer.feedback_level == level
    assert f": {label}." in explorer.feedback_text
    assert explorer.chart_data["minutes_late"] == late
    assert explorer.chart_data["label"] == label
    assert label in explorer.chart_summary.value


def test_a_polychronic_setting_widens_the_band_and_changes_the_verdict(explorer):
    explorer.minutes_slider.value = 25
    assert explorer.state["label"] == "beyond the accepted wait"
    explorer.orientation_slider.value = 1.0
    assert explorer.state["label"] == "within the accepted wait"
    assert explorer.chart_data["limit"] == 60.0
    assert explorer.chart_data["setting"] == "strongly polychronic"
    assert "strongly polychronic" in explorer.orientation_words.value


def test_choosing_a_higher_status_widens_the_band(explorer):
    explorer.minutes_slider.value = 15
    assert explorer.state["label"] == "beyond the accepted wait"
    explorer.status_buttons.value = "senior leader"
    assert explorer.state["label"] == "within the accepted wait"
    assert "rank" in explorer.feedback_text
    limits = explorer.chart_data["limits"]
    assert limits["peer"] < limits["manager"] < limits["senior leader"]
    assert explorer.chart_data["selected"] == "senior leader"
    assert explorer.chart_data["limit"] == accepted_wait_minutes(0.0, "senior leader")


def test_chart_covers_every_band_and_the_marker(explorer):
    explorer.set_values(MAX_MINUTES, 1.0, "senior leader")
    data = explorer.chart_data
    assert data["x_max"] >= max(data["limits"].values())
    assert data["x_max"] >= data["minutes_late"]
    assert "Chart summary" in explorer.chart_summary.value


def test_save_writes_the_reading_to_the_journal(explorer, journal):
    explorer.set_values(25, 0.5, "manager")
    explorer.save_button.click()
    assert explorer.feedback_level == "success"
    entry = journal.latest("lateness_explorer", notebook="03")
    assert entry["kind"] == "result"
    data = entry["data"]
    assert data["minutes_late"] == 25 and data["orientation"] == 0.5 and data["status"] == "manager"
    assert data["label"] == explorer.state["label"]
    assert {"minutes_late", "orientation", "status", "label", "limit", "acceptable"} <= set(data)


def test_values_outside_the_sliders_are_clamped_not_raised(explorer):
    explorer.minutes_slider.value = -30
    assert explorer.state["minutes_late"] == 0
    explorer.orientation_slider.value = 7
    assert explorer.state["orientation"] == 1.0
    assert explorer.feedback_level != "error"


def test_an_unknown_status_gives_an_error_message_and_nothing_breaks(explorer, journal):
    explorer.set_values(status="emperor")
    assert explorer.feedback_level == "error"
    assert "'senior leader'" in explorer.feedback_text
    assert explorer.state["status"] == "peer"
    explorer.minutes_slider.value = 3  # the learner carries on
    assert explorer.feedback_level == "success"


def test_model_errors_are_shown_not_raised(explorer, journal, monkeypatch):
    def broken(*_args):
        raise ValueError("The number of minutes late must be a number, such as 5 or 0.5, not 'x'.")

    monkeypatch.setattr("csworkbook.rules.lateness.perceive", broken)
    explorer.minutes_slider.value = 12
    assert explorer.feedback_level == "error" and "must be a number" in explorer.feedback_text
    assert explorer.chart_data is None and explorer.state["label"] is None
    explorer.save_button.click()
    assert explorer.feedback_level == "error"
    assert journal.entries() == []


def test_reset_returns_to_the_defaults(explorer):
    explorer.set_values(60, 0.8, "manager")
    explorer.reset_button.click()
    assert {k: explorer.state[k] for k in DEFAULTS} == DEFAULTS


def test_every_control_has_a_readable_label(explorer):
    for control in (explorer.minutes_slider, explorer.orientation_slider, explorer.status_buttons,
                    explorer.save_button, explorer.reset_button):
        assert control.description.strip()


def test_importing_the_widget_module_does_not_import_matplotlib():
    code = "import csworkbook.widgets.lateness, csworkbook.rules.lateness, sys; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

"""TalkTimePlanner, driven as a learner drives it: move the sliders, tick the box, press Save plan or Reset."""
from __future__ import annotations

import subprocess
import sys

import pytest

from csworkbook.rules.talk_time import PHASES
from csworkbook.widgets import TalkTimePlanner
from csworkbook.widgets.talk_time import DEFAULTS, FLEXIBILITY_RANGE, LIMIT_RANGE, PHASE_MAX, PHASE_STEP


@pytest.fixture
def planner(journal) -> TalkTimePlanner:
    return TalkTimePlanner(journal=journal)


def _plan(planner: TalkTimePlanner, **minutes: float) -> None:
    """Move the phase sliders one by one, as a learner would."""
    for key, value in minutes.items():
        planner.phase_sliders[key].value = value


def test_starts_with_a_plan_that_rushes_rapport(planner):
    assert planner.notebook == "02"
    assert planner.activity_id == "talk_time_planner"
    assert planner.feedback_level == "warning"
    assert "under about a minute" in planner.feedback_text
    assert "Score: 77.5 %" in planner.feedback_text
    assert "not a fact about this caller" in planner.feedback_text
    assert planner.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert planner.chart_data["total"] == 6.0 and planner.chart_data["limit"] == 6.0
    assert planner.chart_data["phases"] == list(PHASES)
    assert planner.state["minutes"] == DEFAULTS["minutes"]
    assert "Plan 6 min against a 6 min target with no extra time agreed; rapport 0.5 min (8 %)." in \
        planner.chart_summary.value


def test_the_controls_match_the_brief(planner):
    assert (planner.limit_slider.min, planner.limit_slider.max, planner.limit_slider.value) == (*LIMIT_RANGE, 6)
    assert (planner.flexibility_slider.min, planner.flexibility_slider.max) == FLEXIBILITY_RANGE
    assert planner.flexibility_slider.value == 0
    for slider in planner.phase_sliders.values():
        assert slider.step == PHASE_STEP == 0.5 and slider.max == PHASE_MAX
    assert planner.asked_checkbox.value is False


def test_every_control_has_a_readable_label(planner):
    controls = [planner.limit_slider, planner.flexibility_slider, *planner.phase_sliders.values(),
                planner.asked_checkbox, planner.save_button, planner.reset_button]
    for control in controls:
        assert control.description.strip()
    assert planner.phase_sliders["needs"].description.startswith("Understanding needs (open questions)")
    assert planner.asked_checkbox.description == "I asked my supervisor about flexibility before the shift"
    assert planner.save_button.description == "Save plan"


def test_moving_time_to_rapport_and_asking_first_reaches_the_goal(planner):
    _plan(planner, rapport=1.0, solution=2.5)
    assert planner.feedback_level == "info"  # fine, but the supervisor was not asked yet
    assert "Before the shift" in planner.feedback_text
    planner.asked_checkbox.value = True
    assert planner.feedback_level == "success"
    assert "that is the goal" in planner.feedback_text
    assert planner.state["percent"] == 100.0
    assert planner.chart_data["percent"] == 100.0
    assert planner.chart_data["starts"] == {"rapport": 0.0, "needs": 1.0, "solution": 2.5, "close": 5.0}


def test_going_over_the_target_without_flexibility_warns_that_someone_loses(planner):
    _plan(planner, rapport=2.0)
    assert planner.state["total"] == 7.5 and planner.state["over_by"] == 1.5
    assert planner.feedback_level == "warning"
    assert "customer or the metric will lose" in planner.feedback_text
    assert "before the contact" in planner.feedback_text
    assert planner.chart_data["over_by"] == 1.5


def test_agreed_flexibility_makes_room_for_a_longer_call(planner):
    _plan(planner, rapport=1.5, close=1.5, needs=1.5, solution=3.0)  # 7.5 minutes
    planner.flexibility_slider.value = 2
    assert planner.state["findings"]["time"] == "warning"  # extra minutes, but nobody agreed them
    assert "not checked with your supervisor" in planner.feedback_text
    assert "flexibility not yet agreed" in planner.chart_summary.value
    planner.asked_checkbox.value = True
    assert planner.feedback_level == "success"
    assert planner.state["findings"]["time"] == "success"
    assert planner.chart_data["allowed"] == 8.0
    assert planner.chart_data["lines"] == {"target": 6.0, "target_plus_flexibility": 8.0}
    assert "Plan 7.5 min against a 6 min target plus 2 min agreed flexibility; rapport 1.5 min (20 %)." in \
        planner.chart_summary.value


def test_a_skipped_phase_is_flagged(planner):
    _plan(planner, rapport=1.0, close=0.0)
    assert planner.state["findings"]["close"] == "warning"
    assert "No time is planned to verify and close" in planner.feedback_text
    _plan(planner, needs=0.0)
    assert planner.state["findings"]["needs"] == "warning"


def test_a_tighter_target_lowers_the_score(planner):
    _plan(planner, rapport=1.0, solution=2.5)
    before = planner.state["percent"]
    planner.limit_slider.value = 4
    assert planner.state["percent"] < before
    assert planner.chart_data["limit"] == 4.0 and planner.chart_data["x_max"] >= planner.chart_data["total"]


def test_save_plan_writes_the_plan_to_the_journal(planner, journal):
    planner.set_values(limit=6, flexibility=2, minutes={"rapport": 1.5, "close": 1.5}, asked_supervisor=True)
    planner.save_button.click()
    assert planner.feedback_level == "success"
    assert "Saved your plan" in planner.feedback_text
    entry = journal.latest("talk_time_planner", notebook="02")
    assert entry["kind"] == "result"
    data = entry["data"]
    assert {"limit", "flexibility", "minutes", "total", "asked_supervisor", "percent", "findings"} <= set(data)
    assert data["limit"] == 6 and data["flexibility"] == 2 and data["asked_supervisor"] is True
    assert data["minutes"] == {"rapport": 1.5, "needs": 1.5, "solution": 3.0, "close": 1.5}
    assert data["total"] == 7.5 and data["percent"] == 100.0
    assert {f["key"] for f in data["findings"]} == {*PHASES, "time", "supervisor", "culture"}
    assert isinstance(data["percent"], float)


def test_values_outside_the_sliders_are_clamped_not_raised(planner):
    planner.phase_sliders["rapport"].value = -4
    assert planner.state["minutes"]["rapport"] == 0.0
    planner.limit_slider.value = 40
    assert planner.state["limit"] == LIMIT_RANGE[1]
    assert planner.feedback_level != "error"


def test_a_value_the_rules_refuse_is_explained_and_the_learner_carries_on(planner, journal):
    planner.phase_sliders["close"].value = float("nan")
    assert planner.feedback_level == "error"
    assert "ordinary number" in planner.feedback_text and "Verify and close" in planner.feedback_text
    assert planner.chart_data is None and planner.state["percent"] is None
    planner.save_button.click()
    assert planner.feedback_level == "error" and journal.entries() == []
    planner.phase_sliders["close"].value = 1.0  # the learner carries on
    assert planner.feedback_level == "warning" and planner.chart_data is not None


@pytest.mark.parametrize("bad", [{"limit": "six"}, {"asked_supervisor": "yes"}, {"minutes": {"rapport": "lots"}},
                                 {"minutes": {"small talk": 2}}, {"minutes": [1, 2]}])
def test_bad_values_from_code_give_an_error_message_not_an_exception(planner, bad):
    planner.set_values(**bad)
    assert planner.feedback_level == "error"
    assert planner.feedback_text[0].isupper()
    planner.reset_button.click()
    assert planner.feedback_level == "warning"


def test_an_unknown_phase_changes_nothing(planner):
    planner.set_values(limit=9, minutes={"small talk": 2})
    assert "no call phase called 'small talk'" in planner.feedback_text
    assert planner.state["limit"] == 6


def test_reset_returns_to_the_defaults(planner):
    planner.set_values(limit=10, flexibility=3, minutes={"rapport": 4, "solution": 6}, asked_supervisor=True)
    planner.reset_button.click()
    assert {k: planner.state[k] for k in DEFAULTS} == DEFAULTS
    assert planner.chart_data["total"] == 6.0


def test_chart_problems_are_shown_not_raised(planner, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("no canvas")

    monkeypatch.setattr("csworkbook.plots.talk_time.talk_time_chart", broken)
    planner.phase_sliders["rapport"].value = 1.0
    assert "could not be drawn" in planner.chart_problem and "no canvas" in planner.chart_summary.value
    assert planner.chart_data is None and planner.chart.layout.display == "none"
    assert "Traceback" not in planner.feedback_text and planner.state["total"] is not None


def test_the_advice_asks_rather_than_assumes(planner):
    assert "Ask, don't assume" in planner.advice.value
    intro = planner.children[1].value
    assert "talk time" in intro and "in advance" in intro


def test_importing_the_widget_module_does_not_import_matplotlib():
    code = "import csworkbook.widgets.talk_time, csworkbook.rules.talk_time, sys; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

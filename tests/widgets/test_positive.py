"""PositiveSelfAssessment, driven as a learner drives it: pick ratings, click Score, read the result."""
from __future__ import annotations

import subprocess
import sys

import ipywidgets as widgets
import pytest

from csworkbook.content import POSITIVE, SELF_RATING_CAVEAT
from csworkbook.widgets import PositiveSelfAssessment

ACTIVITY = "positive_self_assessment"
#: Never 1, Rarely 2, Sometimes 3, Often 4, Always 5.
ANSWERS = {"P": 5, "O": 4, "S": 2, "I1": 4, "T": 3, "I2": 4, "V": 1, "E": 5}  # total 28
COACHING = {item.key: item.coaching for item in POSITIVE}


def _rate(widget: PositiveSelfAssessment, answers: dict[str, int]) -> None:
    for key, value in answers.items():
        widget.rating_controls[key].value = value  # what clicking a frequency button does


@pytest.fixture
def assessment(journal) -> PositiveSelfAssessment:
    return PositiveSelfAssessment(notebook="05", journal=journal)


def test_starts_unanswered_with_eight_labelled_controls_in_model_order(assessment):
    assert list(assessment.rating_controls) == ["P", "O", "S", "I1", "T", "I2", "V", "E"]
    assert assessment.ratings == dict.fromkeys(assessment.rating_controls)
    for item in POSITIVE:
        control = assessment.rating_controls[item.key]
        assert isinstance(control, (widgets.ToggleButtons, widgets.RadioButtons))
        assert [label for label, _v in control.options] == ["Never", "Rarely", "Sometimes", "Often", "Always"]
        assert [v for _l, v in control.options] == [1, 2, 3, 4, 5]
        assert item.name in control.description
        assert f"csw-rating-{item.key}" in control._dom_classes
    assert "I (listen)" in assessment.rating_controls["I1"].description
    assert "I (invite)" in assessment.rating_controls["I2"].description
    assert "csw-score" in assessment.score_button._dom_classes
    assert assessment.chart_data is None


def test_complete_scoring_gives_total_percent_weakest_coaching_and_saves(assessment, journal):
    _rate(assessment, ANSWERS)
    assessment.score_button.click()
    assert assessment.feedback_level == "success"
    text = assessment.feedback_text
    assert "Total 28 of 40 (70 %)" in text
    assert COACHING["V"] in text and COACHING["S"] in text
    assert COACHING["T"] not in text
    assert text.index(COACHING["V"]) < text.index(COACHING["S"])  # weakest first
    assert SELF_RATING_CAVEAT in text and "co-worker" in text
    entries = journal.entries(activity=ACTIVITY)
    assert len(entries) == 1
    assert entries[0]["kind"] == "attempt" and entries[0]["notebook"] == "05"
    assert entries[0]["data"] == {"ratings": ANSWERS, "total": 28, "max": 40, "percent": 70.0,
                                  "weakest": ["V", "S"]}
    data = assessment.chart_data
    assert data["letters"] == ["P", "O", "S", "I (listen)", "T", "I (invite)", "V", "E"]
    assert data["ratings"] == [5, 4, 2, 4, 3, 4, 1, 5]
    assert data["attempt_totals"] == [28]
    assert assessment.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert assessment.chart.layout.display == ""
    assert "Total 28 of 40 (70 %)" in assessment.chart_summary.value
    assert "weakest: V and S" in assessment.chart_summary.value
    assert assessment.state["ratings"] == ANSWERS and assessment.state["attempt_totals"] == [28]


def test_ties_for_weakest_go_to_the_earlier_letter_in_the_model(assessment, journal):
    _rate(assessment, {"P": 4, "O": 2, "S": 5, "I1": 2, "T": 2, "I2": 3, "V": 5, "E": 5})
    assessment.score_button.click()
    saved = journal.latest(ACTIVITY)["data"]
    assert saved["weakest"] == ["O", "I1"]
    assert saved["total"] == 28 and saved["percent"] == 70.0
    assert "weakest: O and I (listen)" in assessment.chart_summary.value


def test_extremes_score_8_and_40(assessment, journal):
    _rate(assessment, dict.fromkeys(ANSWERS, 1))
    assessment.score_button.click()
    _rate(assessment, dict.fromkeys(ANSWERS, 5))
    assessment.score_button.click()
    totals = [(e["data"]["total"], e["data"]["percent"]) for e in journal.entries(activity=ACTIVITY)]
    assert totals == [(8, 20.0), (40, 100.0)]
    assert journal.latest(ACTIVITY)["data"]["weakest"] == ["P", "O"]


def test_unanswered_items_give_an_error_naming_them_and_save_nothing(assessment, journal):
    partial = {k: v for k, v in ANSWERS.items() if k not in ("S", "I2", "V")}
    _rate(assessment, partial)
    assessment.score_button.click()
    assert assessment.feedback_level == "error"
    assert "S, I (invite) and V" in assessment.feedback_text
    assert "Traceback" not in assessment.feedback_text
    assert journal.entries() == []
    assert assessment.chart_data is None


def test_immediate_feedback_while_rating(assessment):
    assessment.rating_controls["P"].value = 4
    assert assessment.feedback_level == "info"
    assert "1 of 8 rated" in assessment.feedback_text and "Often" in assessment.feedback_text
    _rate(assessment, ANSWERS)
    assert "press Score" in assessment.feedback_text


def test_progress_across_two_attempts(assessment, journal):
    _rate(assessment, ANSWERS)
    assessment.score_button.click()
    assessment.rating_controls["V"].value = 4  # 28 - 1 + 4 = 31
    assessment.rating_controls["S"].value = 3  # + 1 = 32
    assessment.score_button.click()
    assert assessment.chart_data["attempt_totals"] == [28, 32]
    assert assessment.attempt_totals == [28, 32]
    assert "up 4 points since your previous attempt" in assessment.feedback_text
    assert "Total 32 of 40 (80 %), up 4 points since your previous attempt; weakest: S and T." in \
        assessment.chart_summary.value
    assert [e["data"]["total"] for e in journal.entries(activity=ACTIVITY, kind="attempt")] == [28, 32]


def test_a_new_instance_after_a_restart_sees_earlier_attempts(journal):
    first = PositiveSelfAssessment(notebook="05", journal=journal)
    _rate(first, ANSWERS)
    first.score_button.click()
    again = PositiveSelfAssessment(notebook="05", journal=journal)  # as after a kernel restart
    assert again.attempt_totals == [28]
    assert again.chart_data["attempt_totals"] == [28]
    assert "28 of 40" in again.feedback_text
    assert again.ratings == dict.fromkeys(ANSWERS)  # a fresh form
    _rate(again, {**ANSWERS, "P": 3})
    again.score_button.click()
    assert again.chart_data["attempt_totals"] == [28, 26]
    assert "down 2 points" in again.chart_summary.value


def test_clear_button_unticks_every_rating_but_keeps_attempts(assessment, journal):
    _rate(assessment, ANSWERS)
    assessment.score_button.click()
    assessment.clear_button.click()
    assert assessment.ratings == dict.fromkeys(ANSWERS)
    assert assessment.feedback_level == "info"
    assert len(journal.entries(activity=ACTIVITY)) == 1


def test_set_rating_accepts_numbers_and_labels_and_rejects_bad_input(assessment):
    assert assessment.set_rating("P", 3) and assessment.ratings["P"] == 3
    assert assessment.set_rating("O", "often") and assessment.ratings["O"] == 4
    assert not assessment.set_rating("Q", 3)
    assert assessment.feedback_level == "error" and "no behaviour called" in assessment.feedback_text
    for bad in (0, 6, "sometimes-ish", 2.5, True):
        assert not assessment.set_rating("S", bad)
        assert assessment.feedback_level == "error"
    assert assessment.ratings["S"] is None
    assert assessment.set_rating("P", None) and assessment.ratings["P"] is None


def test_damaged_earlier_attempts_are_skipped(journal):
    journal.record(ACTIVITY, {"total": "lots"}, notebook="05", kind="attempt")
    journal.record(ACTIVITY, {"ratings": ANSWERS, "total": 28, "max": 40, "percent": 70.0, "weakest": ["V", "S"]},
                   notebook="05", kind="attempt")
    widget = PositiveSelfAssessment(notebook="05", journal=journal)
    assert widget.attempt_totals == [28]


def _controls(widget: widgets.Widget):
    for child in getattr(widget, "children", ()):
        if isinstance(child, (widgets.ValueWidget, widgets.Button)) and not isinstance(
                child, (widgets.HTML, widgets.Label, widgets.Image)):
            yield child
        yield from _controls(child)


def test_every_control_has_a_readable_label(assessment):
    controls = list(_controls(assessment))
    assert len(controls) == 8 + 2
    for control in controls:
        assert control.description.strip()


def test_importing_the_widget_module_does_not_import_matplotlib():
    code = "import csworkbook.widgets.positive, sys; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

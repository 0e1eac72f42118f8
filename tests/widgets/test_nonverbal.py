"""NonverbalPeerEvaluation, driven as an observer drives it: answer, comment, click Save, read the result."""
from __future__ import annotations

import subprocess
import sys

import ipywidgets as widgets
import pytest

from csworkbook.content import EYE_CONTACT_CAVEAT, NONVERBAL, POOR_IMAGE_CONSEQUENCES
from csworkbook.widgets import NonverbalPeerEvaluation

ACTIVITY = "nonverbal_peer_evaluation"
KEYS = ["body_language", "facial_expression", "eye_contact", "tone_of_voice"]
FEEDBACK = {d.key: d.feedback for d in NONVERBAL}


def _observe(widget: NonverbalPeerEvaluation, answers: dict[str, str], **texts: str) -> None:
    for key, value in answers.items():
        widget.answer_controls[key].value = value  # what clicking Yes / No / Unsure does
    for key, text in texts.items():
        if key in ("observer", "transaction"):
            getattr(widget, f"{key}_input").value = text
        else:
            widget.comment_inputs[key].value = text


@pytest.fixture
def evaluation(journal) -> NonverbalPeerEvaluation:
    return NonverbalPeerEvaluation(notebook="04", journal=journal)


def test_starts_empty_with_the_four_questions(evaluation):
    assert list(evaluation.answer_controls) == KEYS
    assert evaluation.answers == dict.fromkeys(KEYS)
    for dim in NONVERBAL:
        control = evaluation.answer_controls[dim.key]
        assert [v for _l, v in control.options] == ["yes", "no", "unsure"]
        assert dim.name in control.description
    assert evaluation.chart_data is None


def test_a_no_and_an_unsure_give_specific_feedback_consequences_and_a_coach(evaluation, journal):
    _observe(evaluation, {"body_language": "yes", "facial_expression": "yes", "eye_contact": "no",
                          "tone_of_voice": "unsure"},
             observer="  Sam ", transaction="Refund for a cracked mug", tone_of_voice="a little rushed")
    evaluation.save_button.click()
    text = evaluation.feedback_text
    assert evaluation.feedback_level == "warning"
    assert FEEDBACK["eye_contact"] in text and FEEDBACK["tone_of_voice"] in text
    assert FEEDBACK["body_language"] not in text and FEEDBACK["facial_expression"] not in text
    for consequence in POOR_IMAGE_CONSEQUENCES:
        assert consequence.name in text
    assert "coach" in text and "training" in text
    assert EYE_CONTACT_CAVEAT in text
    entries = journal.entries(activity=ACTIVITY)
    assert len(entries) == 1 and entries[0]["kind"] == "observation" and entries[0]["notebook"] == "04"
    assert entries[0]["data"] == {
        "answers": {"body_language": "yes", "facial_expression": "yes", "eye_contact": "no",
                    "tone_of_voice": "unsure"},
        "comments": {"body_language": "", "facial_expression": "", "eye_contact": "",
                     "tone_of_voice": "a little rushed"},
        "observer": "Sam", "transaction": "Refund for a cracked mug", "percent": 62.5}
    assert "62.5 %" in text


def test_only_unsure_answers_still_bring_the_consequences_but_no_eye_contact_note(evaluation, journal):
    _observe(evaluation, {"body_language": "unsure", "facial_expression": "yes", "eye_contact": "yes",
                          "tone_of_voice": "yes"})
    evaluation.save_button.click()
    assert evaluation.feedback_level == "info"
    assert FEEDBACK["body_language"] in evaluation.feedback_text
    assert POOR_IMAGE_CONSEQUENCES[0].name in evaluation.feedback_text
    assert EYE_CONTACT_CAVEAT not in evaluation.feedback_text
    assert journal.latest(ACTIVITY)["data"]["percent"] == 87.5


def test_all_yes_gets_praise_and_a_nudge_to_find_another_observer(evaluation, journal):
    _observe(evaluation, dict.fromkeys(KEYS, "yes"))
    evaluation.save_button.click()
    assert evaluation.feedback_level == "success"
    assert "different colleague" in evaluation.feedback_text
    assert POOR_IMAGE_CONSEQUENCES[0].name not in evaluation.feedback_text
    assert journal.latest(ACTIVITY)["data"]["percent"] == 100.0


def test_unanswered_questions_are_named_and_nothing_is_saved(evaluation, journal):
    _observe(evaluation, {"body_language": "yes", "tone_of_voice": "no"})
    evaluation.save_button.click()
    assert evaluation.feedback_level == "error"
    assert "Facial expression and Eye contact" in evaluation.feedback_text
    assert journal.entries() == []
    assert evaluation.chart_data is None
    assert evaluation.answers["body_language"] == "yes"  # the observer's work is kept


def test_observations_accumulate_in_the_chart(evaluation, journal):
    rounds = [
        {"body_language": "yes", "facial_expression": "yes", "eye_contact": "no", "tone_of_voice": "unsure"},
        {"body_language": "yes", "facial_expression": "no", "eye_contact": "unsure", "tone_of_voice": "unsure"},
        {"body_language": "yes", "facial_expression": "yes", "eye_contact": "yes", "tone_of_voice": "unsure"},
    ]
    for answers in rounds:
        _observe(evaluation, answers)
        evaluation.save_button.click()
        evaluation.clear_button.click()
        assert evaluation.answers == dict.fromkeys(KEYS)
    data = evaluation.chart_data
    assert data["x"] == [1, 2, 3] and data["observations"] == 3
    assert data["series"]["eye_contact"] == [0.0, 0.5, 1.0]
    assert data["series"]["facial_expression"] == [1.0, 0.0, 1.0]
    assert data["series"]["tone_of_voice"] == [0.5, 0.5, 0.5]
    assert data["percent"] == [62.5, 50.0, 87.5]
    summary = evaluation.chart_summary.value
    assert "3 observations; eye contact improved from no to yes; tone of voice still unsure" in summary
    assert evaluation.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert [e["data"]["percent"] for e in journal.entries(activity=ACTIVITY, kind="observation")] == \
        [62.5, 50.0, 87.5]
    assert evaluation.state["percent_history"] == [62.5, 50.0, 87.5]
    assert "ready for observation 4" in evaluation.feedback_text


def test_a_new_instance_after_a_restart_sees_earlier_observations(journal):
    first = NonverbalPeerEvaluation(notebook="04", journal=journal)
    _observe(first, {"body_language": "no", "facial_expression": "yes", "eye_contact": "yes", "tone_of_voice": "yes"})
    first.save_button.click()
    again = NonverbalPeerEvaluation(notebook="04", journal=journal)
    assert again.chart_data["observations"] == 1
    assert "1 observation(s)" in again.feedback_text
    _observe(again, dict.fromkeys(KEYS, "yes"))
    again.save_button.click()
    assert again.chart_data["series"]["body_language"] == [0.0, 1.0]
    assert "body language improved from no to yes" in again.chart_summary.value


def test_clear_form_empties_comments_and_texts(evaluation):
    _observe(evaluation, {"eye_contact": "no"}, observer="Ana", transaction="Phone booking", eye_contact="stared")
    evaluation.clear_button.click()
    assert evaluation.answers == dict.fromkeys(KEYS)
    assert evaluation.comments == dict.fromkeys(KEYS, "")
    assert evaluation.observer_input.value == evaluation.transaction_input.value == ""


def test_immediate_feedback_and_set_answer_rejects_bad_input(evaluation):
    evaluation.answer_controls["eye_contact"].value = "unsure"
    assert evaluation.feedback_level == "info" and "1 of 4 answered" in evaluation.feedback_text
    assert evaluation.set_answer("tone_of_voice", " YES ") and evaluation.answers["tone_of_voice"] == "yes"
    assert not evaluation.set_answer("posture", "yes")
    assert evaluation.feedback_level == "error"
    assert not evaluation.set_answer("body_language", "maybe")
    assert evaluation.feedback_level == "error" and evaluation.answers["body_language"] is None


def _controls(widget: widgets.Widget):
    for child in getattr(widget, "children", ()):
        if isinstance(child, (widgets.ValueWidget, widgets.Button)) and not isinstance(
                child, (widgets.HTML, widgets.Label, widgets.Image)):
            yield child
        yield from _controls(child)


def test_every_control_has_a_readable_label(evaluation):
    controls = list(_controls(evaluation))
    assert len(controls) == 2 + 4 * 2 + 2  # observer, transaction, answer + comment per dimension, two buttons
    for control in controls:
        assert control.description.strip()


def test_importing_the_widget_module_does_not_import_matplotlib():
    code = "import csworkbook.widgets.nonverbal, sys; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

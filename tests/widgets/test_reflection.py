"""Reflection: write, save, and find the text again after a restart."""
from __future__ import annotations

import html
import json

import pytest

from csworkbook.journal import Journal
from csworkbook.widgets import Reflection
from csworkbook.widgets.reflection import count_words, describe_time

PROMPT = "Which habit will you practise with your next customer, and why?"


@pytest.fixture
def reflection(journal) -> Reflection:
    return Reflection(PROMPT, key="habit", notebook="05", journal=journal)


def test_shows_the_prompt_and_labelled_controls(reflection):
    assert "Which habit will you practise" in reflection.prompt_html.value
    assert reflection.text_input.description.strip() and reflection.save_button.description.strip()
    assert reflection.text_input.value == "" and reflection.status.value == ""
    assert reflection.state["saved_at"] is None


@pytest.mark.parametrize("text", ["", "   ", "\n\t  \n"])
def test_empty_text_is_refused_and_nothing_saved(reflection, journal, text):
    reflection.text_input.value = text
    reflection.save_button.click()
    assert reflection.feedback_level == "error"
    assert "Write your reflection" in reflection.feedback_text
    assert journal.entries() == []


def test_saving_records_key_prompt_text_and_words(reflection, journal):
    text = "  I will ask one open question before I offer a solution, so I hear the real need first.  "
    reflection.text_input.value = text
    reflection.save_button.click()
    entry = journal.latest("reflection", notebook="05", kind="reflection")
    assert entry["data"] == {"key": "habit", "prompt": PROMPT, "text": text.strip(), "words": 18}
    assert reflection.feedback_level == "success"
    assert "18 words" in reflection.feedback_text
    assert describe_time(entry["time"]) in reflection.feedback_text
    assert "Last saved on" in reflection.status.value
    assert reflection.state["saved_at"] == entry["time"]
    json.dumps(reflection.state)


def test_a_short_answer_is_saved_with_a_nudge(reflection, journal):
    reflection.text_input.value = "Smile more."
    reflection.save_button.click()
    assert reflection.feedback_level == "success" and "2 words" in reflection.feedback_text
    assert "A sentence or two more" in reflection.feedback_text
    assert len(journal.entries()) == 1


def test_saving_the_same_text_twice_adds_nothing(reflection, journal):
    reflection.text_input.value = "Listen first, then verify with a closed question at the end of the call."
    reflection.save_button.click()
    reflection.save_button.click()
    assert reflection.feedback_level == "info" and "already in your journal" in reflection.feedback_text
    assert len(journal.entries()) == 1
    reflection.text_input.value += " And smile."
    reflection.save_button.click()
    assert len(journal.entries()) == 2


def test_text_survives_a_kernel_restart(journal):
    first = Reflection(PROMPT, key="habit", notebook="05", journal=journal)
    first.text_input.value = "Draft one of my answer."
    first.save_button.click()
    first.text_input.value = "Draft two, the better one."
    first.save_button.click()
    # a new kernel: a new Journal object on the same file and a new widget
    restarted = Reflection(PROMPT, key="habit", notebook="05", journal=Journal(journal.path))
    assert restarted.text_input.value == "Draft two, the better one."
    assert "is loaded below" in restarted.status.value
    saved = journal.latest("reflection", notebook="05")
    assert describe_time(saved["time"]) in restarted.status.value


def test_other_keys_and_notebooks_are_not_mixed_up(journal):
    Reflection(PROMPT, key="habit", notebook="05", journal=journal)
    journal.record("reflection", {"key": "habit", "prompt": PROMPT, "text": "From notebook 04.", "words": 3},
                   notebook="04", kind="reflection")
    journal.record("reflection", {"key": "other", "prompt": "?", "text": "Other key.", "words": 2},
                   notebook="05", kind="reflection")
    fresh = Reflection(PROMPT, key="habit", notebook="05", journal=journal)
    assert fresh.text_input.value == ""


def test_word_count_updates_while_typing(reflection):
    reflection.text_input.value = "one two three"
    assert "3 words" in reflection.word_count.value
    reflection.text_input.value = "one"
    assert "1 word<" in reflection.word_count.value


def test_author_mistakes_raise_clear_errors(journal):
    with pytest.raises(ValueError, match="needs a key"):
        Reflection(PROMPT, key=" ", notebook="05", journal=journal)
    with pytest.raises(ValueError, match="needs a prompt"):
        Reflection("", key="k", notebook="05", journal=journal)


def test_a_journal_that_cannot_be_written_is_reported(reflection, journal, monkeypatch):
    def refuse(*_a, **_k):
        raise PermissionError("disk is read-only")

    monkeypatch.setattr(journal, "record", refuse)
    reflection.text_input.value = "Something worth keeping about open questions."
    reflection.save_button.click()
    assert reflection.feedback_level == "error" and "Not saved" in reflection.feedback_text
    assert "disk is read-only" in reflection.feedback_text and "still in the box" in reflection.feedback_text
    assert reflection.text_input.value == "Something worth keeping about open questions."


def test_helpers():
    assert count_words("  a  b\nc ") == 3
    assert describe_time("not a time") == "not a time"
    assert "2025" in describe_time("2025-03-04T10:20:30+00:00")


# --------------------------------------------------------------------------- model answers and rubrics
def test_a_course_reflection_takes_its_prompt_from_the_guide_and_hides_the_guide_until_saved(journal):
    from csworkbook.rules.reflection_guides import find

    guide = find("05", "positive_questions")
    r = Reflection(key="positive_questions", notebook="05", journal=journal)
    assert r.prompt == guide.prompt and "closed question" in r.prompt_html.value
    assert r.state["has_guide"] and not r.guide_shown and r.guide_box.layout.display == "none"
    r.text_input.value = "I ask 'Is it for commuting?' and will ask 'What riding will you do?' instead."
    r.save_button.click()
    assert r.guide_shown and r.state["guide_shown"]
    assert "model answer" in r.feedback_text
    assert html.escape(guide.model_answer) in r.model_answer_html.value
    assert [b.description for b in r.rubric_boxes] == list(guide.rubric) and 3 <= len(r.rubric_boxes) <= 4


def test_ticking_the_rubric_updates_the_self_check(journal):
    r = Reflection(key="nonverbal_reset", notebook="04", journal=journal)
    r.text_input.value = "My tone slips in the last hour; I will breathe and look up before each customer."
    r.save_button.click()
    total = len(r.rubric_boxes)
    assert f"0 of {total} points met" in r.self_check_summary.value
    for box in r.rubric_boxes:
        box.value = True
    assert f"All {total} points met" in r.self_check_summary.value
    assert r.state["self_check"] == [True] * total


def test_the_guide_is_shown_again_when_a_saved_answer_is_restored(journal):
    first = Reflection(key="start_goals", notebook="00", journal=journal)
    first.text_input.value = "A clerk who took ownership of my cancelled train; I want to handle angry members better."
    first.save_button.click()
    again = Reflection(key="start_goals", notebook="00", journal=journal)
    assert again.text_input.value.startswith("A clerk") and again.guide_shown


def test_a_prompt_the_course_does_not_ship_has_no_guide(reflection):
    reflection.text_input.value = "I will practise asking what the customer needs before I suggest anything."
    reflection.save_button.click()
    assert reflection.feedback_level == "success"
    assert reflection.guide is None and not reflection.guide_shown and reflection.rubric_boxes == []


def test_a_key_with_neither_a_prompt_nor_a_guide_is_refused(journal):
    with pytest.raises(ValueError, match="needs a prompt"):
        Reflection(key="no_such_reflection", notebook="05", journal=journal)

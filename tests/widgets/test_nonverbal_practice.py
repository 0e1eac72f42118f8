"""NonverbalPractice, driven as a learner drives it: read, rate the four parts, compare with the trainer."""
from __future__ import annotations

import pytest

from csworkbook.content import NONVERBAL
from csworkbook.rules.practice_observation import KEYS, PracticeError, load, parse
from csworkbook.widgets import NonverbalPractice


@pytest.fixture
def practice(journal) -> NonverbalPractice:
    return NonverbalPractice(journal=journal)


def test_shows_the_described_transaction_and_the_four_questions(practice):
    story = practice.children[1].value
    assert "Dana" in story and "Mr Kowalski" in story
    assert list(practice.answer_controls) == [d.key for d in NONVERBAL]
    assert all(c.value is None for c in practice.answer_controls.values())


def test_answers_that_match_the_trainer_score_100_and_are_saved(practice, journal):
    reading = load().answers
    for key, control in practice.answer_controls.items():
        control.value = reading[key]
    practice.compare_button.click()
    assert practice.feedback_level == "success"
    assert "4 of 4" in practice.feedback_text
    entry = journal.latest("nonverbal_practice", notebook="04")
    assert entry["kind"] == "result" and entry["data"]["percent"] == 100.0


def test_every_part_gets_feedback_with_the_trainers_reason(practice):
    for control in practice.answer_controls.values():
        control.value = "yes"
    result = practice.check()
    assert result["agreed"] == sum(a == "yes" for a in load().answers.values()) < 4
    html = practice.feedback.value
    for key in KEYS:
        assert load().reasons[key][:30].replace("'", "&#x27;") in html
    assert "the trainer said no" in html


def test_an_unanswered_part_is_reported_and_nothing_saved(practice, journal):
    practice.answer_controls["body_language"].value = "no"
    practice.compare_button.click()
    assert practice.feedback_level == "error" and "Eye contact" in practice.feedback_text
    assert journal.entries() == []


def test_the_shipped_reading_has_a_no_a_yes_and_an_unsure():
    assert set(load().answers.values()) == {"yes", "no", "unsure"}


@pytest.mark.parametrize(("data", "fragment"), [
    ([], "JSON object"),
    ({"title": "t", "transaction": [], "reading": {}}, "list of paragraphs"),
    ({"title": "t", "transaction": ["p"], "reading": {"body_language": {"answer": "maybe", "why": "w"}}},
     "needs an answer"),
])
def test_a_broken_practice_file_gives_a_clear_error(data, fragment):
    with pytest.raises(PracticeError, match=fragment):
        parse(data)

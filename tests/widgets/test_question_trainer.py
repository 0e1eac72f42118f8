"""QuestionTrainer, driven as a learner drives it: press Open or Closed, type rewrites, press Check, read why."""
from __future__ import annotations

import pytest

from csworkbook.rules.questions import analyse, explain
from csworkbook.widgets import QuestionTrainer
from csworkbook.widgets.questions import load_questions

ITEMS = [
    {"question": "How was the drive over here?", "label": "open"},
    {"question": "Is the parking ticket validated?", "label": "closed"},
    {"question": "Tell me what happened at the checkout.", "label": "open"},
]


@pytest.fixture
def labeller(journal) -> QuestionTrainer:
    return QuestionTrainer(notebook="05", mode="label", items=ITEMS, journal=journal)


@pytest.fixture
def rewriter(journal) -> QuestionTrainer:
    return QuestionTrainer(notebook="05", mode="rewrite", journal=journal)


# --------------------------------------------------------------------------- label mode


def test_a_right_label_is_confirmed_with_the_rule_that_decides(labeller, journal):
    assert "How was the drive over here?" in labeller.question_html.value
    assert "Question 1 of 3" in labeller.progress.value
    labeller.open_button.click()
    assert labeller.feedback_level == "success"
    assert labeller.feedback_text == f"Right. {explain(ITEMS[0]['question'])}"
    assert "'how'" in labeller.feedback_text
    entry = journal.latest("question_trainer", notebook="05", kind="answer")
    assert entry["data"] == {"mode": "label", "question": ITEMS[0]["question"], "answer": "open",
                             "expected": "open", "correct": True}


def test_a_wrong_label_is_corrected_with_an_explanation(labeller, journal):
    labeller.open_button.click()
    labeller.next_button.click()
    assert labeller.feedback_text == "" and "Question 2 of 3" in labeller.progress.value
    labeller.open_button.click()  # it is closed
    assert labeller.feedback_level == "warning"
    assert labeller.feedback_text.startswith("Not quite: this one is closed.")
    assert "starts with the verb 'is'" in labeller.feedback_text
    assert journal.latest("question_trainer", kind="answer")["data"]["correct"] is False
    # a second press on the same question is refused, not counted twice
    labeller.closed_button.click()
    assert labeller.feedback_level == "warning" and "already answered" in labeller.feedback_text
    assert len(labeller.answers) == 2


def test_the_last_answer_gives_a_final_result_that_is_saved(labeller, journal):
    labeller.open_button.click()
    labeller.next_button.click()
    labeller.open_button.click()
    labeller.next_button.click()
    labeller.open_button.click()
    assert "That was the last question. You labelled 2 of 3 correctly." in labeller.feedback_text
    assert "Look again at the ones you missed" in labeller.feedback_text
    assert labeller.score == 2
    result = journal.latest("question_trainer", notebook="05", kind="result")["data"]
    assert result == {"mode": "label", "score": 2, "total": 3, "missed": [ITEMS[1]["question"]]}
    labeller.next_button.click()
    assert labeller.feedback_level == "info" and "Start again" in labeller.feedback_text


def test_every_shipped_question_labelled_right_scores_full_marks(journal):
    trainer = QuestionTrainer(notebook="05", mode="label", journal=journal)
    items = load_questions()["label"]
    assert {i["label"] for i in items} == {"open", "closed"}
    for number, item in enumerate(items, start=1):
        (trainer.open_button if item["label"] == "open" else trainer.closed_button).click()
        assert trainer.feedback_level == "success", item["question"]
        if number < len(items):
            trainer.next_button.click()
    assert f"You labelled {len(items)} of {len(items)} correctly. Every one right" in trainer.feedback_text
    assert journal.latest("question_trainer", kind="result")["data"]["missed"] == []


def test_moving_on_without_an_answer_gives_a_message(labeller):
    labeller.next_button.click()
    assert labeller.feedback_level == "error" and "Choose Open or Closed" in labeller.feedback_text
    assert labeller.index == 0


def test_restart_goes_back_to_the_first_question(labeller, journal):
    labeller.open_button.click()
    labeller.next_button.click()
    labeller.restart_button.click()
    assert labeller.index == 0 and labeller.answers == [] and labeller.score == 0
    assert "Question 1 of 3" in labeller.progress.value
    assert len(journal.entries(kind="answer")) == 1  # the journal keeps what was answered


def test_an_item_that_is_not_a_question_is_refused_when_the_trainer_is_built(journal):
    """Authors may pass their own items; one the classifier cannot read must not fail silently on a click."""
    items = [{"question": "Your booking reference", "label": "closed"}]
    with pytest.raises(ValueError, match="does not look like a question"):
        QuestionTrainer(notebook="05", mode="label", items=items, journal=journal)


def test_bad_mode_or_no_items_are_refused():
    with pytest.raises(ValueError, match="mode must be"):
        QuestionTrainer(mode="sort")
    with pytest.raises(ValueError, match="at least one question"):
        QuestionTrainer(items=[])


# --------------------------------------------------------------------------- rewrite mode


def test_an_empty_rewrite_gives_a_clear_message_and_saves_nothing(rewriter, journal):
    rewriter.check_button.click()
    assert rewriter.feedback_level == "error"
    assert "Type your open version of the question first" in rewriter.feedback_text
    rewriter.rewrite_input.value = "   \n "
    rewriter.check_button.click()
    assert rewriter.feedback_level == "error"
    assert journal.entries() == [] and rewriter.answers == []


def test_a_good_open_rewrite_passes_and_is_saved(rewriter, journal):
    original = rewriter.current["question"]
    assert analyse(original).label == "closed"
    rewriter.rewrite_input.value = "What did you enjoy most about your stay with us?"
    rewriter.check_button.click()
    assert rewriter.feedback_level == "success"
    assert rewriter.feedback_text.startswith("Well done: an open question on the same topic.")
    entry = journal.latest("question_trainer", notebook="05", kind="attempt")
    assert entry["data"]["question"] == original
    assert entry["data"]["label"] == "open" and entry["data"]["on_topic"] is True


def test_a_rewrite_that_is_still_closed_fails_with_a_reason(rewriter, journal):
    rewriter.rewrite_input.value = "Was your stay with us enjoyable?"
    rewriter.check_button.click()
    assert rewriter.feedback_level == "warning"
    assert rewriter.feedback_text.startswith("Still closed.")
    assert "starts with the verb 'was'" in rewriter.feedback_text
    assert "start with what, how or why" in rewriter.feedback_text
    assert journal.latest("question_trainer", kind="attempt")["data"]["label"] == "closed"


def test_a_narrow_one_fact_rewrite_is_still_closed(journal):
    """The course's one definition: "When did the package arrive?" is answered with a date, so it is not open."""
    trainer = QuestionTrainer(notebook="05", mode="rewrite", journal=journal,
                              items=[{"question": "Did the package arrive on Tuesday?",
                                      "example": "How did the delivery of the package go for you?"}])
    trainer.rewrite_input.value = "When did the package arrive?"
    trainer.check_button.click()
    assert trainer.feedback_level == "warning" and trainer.feedback_text.startswith("Still closed.")
    assert "asks for one fact" in trainer.feedback_text
    data = journal.latest("question_trainer", kind="attempt")["data"]
    assert (data["label"], data["rule"]) == ("closed", "narrow_fact")
    trainer.rewrite_input.value = "How did the delivery of the package go for you?"
    trainer.check_button.click()
    assert trainer.feedback_level == "success"


def test_the_shipped_questions_follow_the_one_definition():
    """Every shipped label agrees with the classifier, the label set has narrow one-fact questions, and every
    rewrite example is open."""
    data = load_questions()
    for item in data["label"]:
        assert analyse(item["question"]).label == item["label"], item["question"]
    assert any(analyse(i["question"]).rule == "narrow_fact" for i in data["label"])
    for item in data["rewrite"]:
        assert analyse(item["question"]).label == "closed", item["question"]
        assert analyse(item["example"]).label == "open", item["example"]


def test_an_open_rewrite_on_another_topic_is_flagged(rewriter):
    rewriter.rewrite_input.value = "How is the weather?"
    rewriter.check_button.click()
    assert rewriter.feedback_level == "info"
    assert "shares no key word with the original" in rewriter.feedback_text
    assert "stay" in rewriter.feedback_text  # names the original's key words


def test_text_that_is_not_a_question_gives_a_message(rewriter):
    rewriter.rewrite_input.value = "hello there"
    rewriter.check_button.click()
    assert rewriter.feedback_level == "error"
    assert "does not look like a question" in rewriter.feedback_text


def test_example_next_and_label_buttons_in_rewrite_mode(rewriter):
    rewriter.example_button.click()
    assert rewriter.feedback_level == "info" and load_questions()["rewrite"][0]["example"] in rewriter.feedback_text
    rewriter.next_button.click()
    assert rewriter.feedback_level == "error" and "Check a rewrite" in rewriter.feedback_text
    rewriter.answer("open")
    assert rewriter.feedback_level == "error" and "rewrite mode" in rewriter.feedback_text
    rewriter.rewrite_input.value = "How did you find your stay?"
    rewriter.check_button.click()
    rewriter.next_button.click()
    assert rewriter.index == 1 and rewriter.rewrite_input.value == ""
    assert rewriter.current["question"] in rewriter.question_html.value


def test_state_is_plain_values(rewriter):
    rewriter.rewrite_input.value = "How did you find your stay?"
    rewriter.check_button.click()
    state = rewriter.state
    assert state["mode"] == "rewrite" and state["index"] == 0
    assert state["answers"][0]["label"] == "open"


def test_every_control_has_a_readable_label(labeller, rewriter):
    for control in (labeller.open_button, labeller.closed_button, labeller.next_button, labeller.restart_button,
                    rewriter.rewrite_input, rewriter.check_button, rewriter.example_button):
        assert control.description.strip()

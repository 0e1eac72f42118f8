"""KnowledgeCheck, driven as a learner drives it: pick an option, press Check, read the feedback."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from csworkbook.rules import quiz as checks
from csworkbook.rules.quiz import CheckItem
from csworkbook.widgets import KnowledgeCheck


def _raw(item_id: str, right: int = 1) -> dict:
    return {"id": item_id, "prompt": f"What about {item_id}?",
            "options": [{"text": f"{item_id} answer {k}", "correct": k == right,
                         "feedback": f"Feedback for {item_id} answer {k}."} for k in range(3)]}


ITEMS = [_raw("09-a"), _raw("09-b", right=0), _raw("09-c", right=2)]


@pytest.fixture
def quiz(journal) -> KnowledgeCheck:
    return KnowledgeCheck("09", items=ITEMS, journal=journal)


def _answer(quiz: KnowledgeCheck, index: int, option: int) -> bool | None:
    quiz.choices[index].value = quiz.items[index].options[option].text
    quiz.check_buttons[index].click()
    return quiz.answers.get(quiz.items[index].id, {}).get("correct")


def test_starts_with_nothing_chosen_and_labelled_controls(quiz):
    assert [r.value for r in quiz.choices] == [None, None, None]
    assert all(isinstance(i, CheckItem) for i in quiz.items)
    for radio, button in zip(quiz.choices, quiz.check_buttons):
        assert radio.description.strip() and button.description.strip()
    assert quiz.restart_button.description.strip()
    assert quiz.state["selected"] == {"09-a": None, "09-b": None, "09-c": None}


def test_checking_with_nothing_chosen_says_so_and_saves_nothing(quiz, journal):
    quiz.check_buttons[1].click()
    assert quiz.feedback_level == "error"
    assert "choose one of the answers first" in quiz.feedback_text
    assert "Choose an answer first" in quiz.item_feedback[1].value
    assert journal.entries() == []
    assert quiz.answers == {}


def test_a_wrong_answer_shows_its_own_feedback_and_the_right_answer(quiz, journal):
    assert _answer(quiz, 0, 0) is False
    assert quiz.feedback_level == "warning"
    assert "Feedback for 09-a answer 0." in quiz.feedback_text
    assert '"09-a answer 1"' in quiz.feedback_text  # which answer was right
    assert "Feedback for 09-a answer 0." in quiz.item_feedback[0].value
    entry = journal.latest("knowledge_check", notebook="09", kind="answer")
    assert entry["data"] == {"item_id": "09-a", "chosen": "09-a answer 0", "correct": False}
    # the question is locked: the first answer counts
    assert quiz.choices[0].disabled and quiz.check_buttons[0].disabled
    quiz.check(0)
    assert "already checked" in quiz.feedback_text
    assert len(journal.entries(kind="answer")) == 1


def test_a_right_answer_shows_its_feedback(quiz):
    assert _answer(quiz, 1, 0) is True
    assert quiz.feedback_level == "success"
    assert "Feedback for 09-b answer 0." in quiz.feedback_text
    assert "Correct" in quiz.item_feedback[1].value


def test_every_option_has_feedback_the_learner_can_read(journal):
    for option in range(3):
        quiz = KnowledgeCheck("09", items=ITEMS, journal=journal)
        _answer(quiz, 2, option)
        assert f"Feedback for 09-c answer {option}." in quiz.feedback_text


def test_finishing_saves_a_result_and_shows_a_summary(quiz, journal):
    _answer(quiz, 0, 1)
    _answer(quiz, 2, 0)
    assert journal.entries(kind="result") == []
    assert quiz.result is None and not quiz.complete
    _answer(quiz, 1, 0)
    assert quiz.complete
    result = journal.latest("knowledge_check", notebook="09", kind="result")["data"]
    assert result == {"score": 2, "total": 3, "percent": 66.7, "missed": ["09-c"]}
    assert quiz.result == result
    assert "2 of 3" in quiz.feedback_text and "What about 09-c?" in quiz.feedback_text
    assert "2 of 3 (66.7 %)" in quiz.summary.value and "What about 09-c?" in quiz.summary.value
    answers = journal.entries(activity="knowledge_check", kind="answer")
    assert [a["data"]["item_id"] for a in answers] == ["09-a", "09-c", "09-b"]
    assert quiz.state["score"] == 2 and quiz.state["result"]["missed"] == ["09-c"]


def test_a_perfect_round_and_try_again(quiz, journal):
    assert quiz.restart_button.disabled
    for index, right in enumerate((1, 0, 2)):
        _answer(quiz, index, right)
    assert journal.latest("knowledge_check", kind="result")["data"]["percent"] == 100.0
    assert "Every answer right" in quiz.summary.value
    quiz.restart_button.click()
    assert quiz.answers == {} and quiz.result is None and quiz.summary.value == ""
    assert all(r.value is None and not r.disabled for r in quiz.choices)
    assert not any(b.disabled for b in quiz.check_buttons)
    _answer(quiz, 0, 0)
    assert len(journal.entries(kind="answer")) == 4  # the journal keeps the earlier round


def test_state_is_plain_python(quiz):
    _answer(quiz, 0, 1)
    json.dumps(quiz.state)


def test_shipped_check_loads_by_notebook_code(journal):
    quiz = KnowledgeCheck("05", journal=journal)
    assert quiz.load_error is None
    assert [i.id for i in quiz.items] == [i.id for i in checks.load("05")]
    assert len(quiz.choices) == len(quiz.items) >= 3


def test_items_may_be_check_items(journal):
    items = checks.load("04")[:2]
    quiz = KnowledgeCheck("04", items=items, journal=journal)
    assert quiz.items == items


@pytest.mark.parametrize(("setup", "expected"), [
    ("missing", "no knowledge-check file for notebook 42"),
    ("broken", "not valid JSON"),
    ("two_right", "exactly one option must be correct"),
])
def test_a_missing_or_broken_file_is_shown_in_the_widget(tmp_path, monkeypatch, journal, setup, expected):
    monkeypatch.setattr(checks, "DATA_DIR", tmp_path)
    if setup == "broken":
        (tmp_path / "42.json").write_text('{"notebook": "42", "items": [', encoding="utf-8")
    elif setup == "two_right":
        doc = {"notebook": "42", "items": [_raw("42-a"), _raw("42-b"), _raw("42-c")]}
        doc["items"][1]["options"][0]["correct"] = True
        (tmp_path / "42.json").write_text(json.dumps(doc), encoding="utf-8")
    quiz = KnowledgeCheck("42", journal=journal)
    assert quiz.feedback_level == "error"
    assert expected in quiz.feedback_text
    assert "Traceback" not in quiz.feedback_text
    assert quiz.items == [] and quiz.choices == []
    assert quiz.state["error"] == quiz.load_error


def test_bad_items_argument_is_shown_not_raised(journal):
    quiz = KnowledgeCheck("09", items=[_raw("09-a"), _raw("09-a")], journal=journal)
    assert quiz.feedback_level == "error" and "used twice" in quiz.feedback_text
    empty = KnowledgeCheck("09", items=[], journal=journal)
    assert empty.feedback_level == "error" and "no questions" in empty.feedback_text


def test_a_journal_that_cannot_be_written_is_reported(quiz, journal, monkeypatch):
    def refuse(*_a, **_k):
        raise PermissionError("read-only folder")

    monkeypatch.setattr(journal, "record", refuse)
    _answer(quiz, 0, 1)
    assert quiz.feedback_level == "error"
    assert "could not be written" in quiz.feedback_text and "Feedback for 09-a answer 1." in quiz.feedback_text


def test_a_corrupt_journal_is_reported_when_the_widget_opens(journal):
    journal.path.parent.mkdir(parents=True, exist_ok=True)
    journal.path.write_text("not json", encoding="utf-8")
    with pytest.warns(UserWarning):
        journal.entries()
    quiz = KnowledgeCheck("09", items=ITEMS, journal=journal)
    assert quiz.feedback_level == "warning"
    assert "moved to" in quiz.feedback_text and "corrupt" in quiz.feedback_text


def test_importing_the_widget_module_does_not_import_matplotlib():
    code = ("import csworkbook.widgets.quiz, csworkbook.widgets.review, csworkbook.widgets.reflection, "
            "csworkbook.widgets.journal_tools, sys; print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- order a learner sees, number items


def test_options_are_shown_in_a_per_learner_order_that_a_reopened_notebook_keeps(journal, tmp_path):
    from csworkbook.journal import Journal

    first = KnowledgeCheck("05", journal=journal)
    again = KnowledgeCheck("05", journal=journal)
    assert first.state["shown_options"] == again.state["shown_options"]  # reopened: the same order
    for item, radio in zip(first.items, first.choices):
        assert sorted(radio.options) == sorted(o.text for o in item.options)
    others = [KnowledgeCheck("05", journal=Journal(tmp_path / f"l{n}" / "journal.json")) for n in range(6)]
    orders = {tuple(tuple(v) for v in k.state["shown_options"].values()) for k in others}
    assert len(orders) > 1  # learners see different orders
    file_order = tuple(tuple(o.text for o in i.options) for i in first.items)
    assert any(order != file_order for order in orders)


NUMBER = {"id": "07-n", "kind": "number", "prompt": "Growth per year?", "answer": 14.0, "tolerance": 0.1,
          "unit": "% a year", "feedback": "Right: about 14 %.", "wrong_feedback": "Take the fifth root.",
          "mistakes": [{"value": 92.55, "feedback": "That is the growth over five years."}]}


def test_a_number_item_is_typed_checked_within_tolerance_and_saved(journal):
    quiz = KnowledgeCheck("07", items=[_raw("07-a"), NUMBER, _raw("07-b")], journal=journal)
    field = quiz.choices[1]
    assert field.value == "" and "% a year" in field.description
    quiz.check_buttons[1].click()
    assert quiz.feedback_level == "error" and "type a number first" in quiz.feedback_text
    field.value = "fourteen"
    quiz.check_buttons[1].click()
    assert quiz.feedback_level == "error" and "not a number" in quiz.feedback_text
    assert journal.entries() == [] or journal.entries(kind="answer") == []
    field.value = "92.5 %"
    quiz.check_buttons[1].click()
    assert quiz.feedback_level == "warning"
    assert "growth over five years" in quiz.feedback_text and '"14 % a year"' in quiz.feedback_text
    assert journal.latest("knowledge_check", kind="answer")["data"] == {
        "item_id": "07-n", "chosen": "92.5 %", "correct": False, "value": 92.5}
    assert field.disabled
    quiz.restart_button.click()
    assert field.value == "" and not field.disabled
    field.value = "14.08"
    quiz.check_buttons[1].click()
    assert quiz.feedback_level == "success" and "Right: about 14 %." in quiz.feedback_text
    field.value = ""
    quiz.restart()
    field.value = "15"
    assert quiz.check(1) is False and "Take the fifth root." in quiz.feedback_text
    json.dumps(quiz.state)


def test_a_number_item_states_its_tolerance_and_unit_where_the_learner_sees_them(journal):
    check = KnowledgeCheck("07", journal=journal)
    index = [i.id for i in check.items].index("07-cagr")
    assert "% a year" in check.choices[index].description
    shown = " ".join(w.value for w in check.cards[index].children if isinstance(getattr(w, "value", None), str))
    assert "within 0.1 of the exact value count as right" in shown

"""The SpacedReview widget, driven as a learner drives it (the schedule itself: tests/rules/test_review.py)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from csworkbook.rules import quiz as checks, review as review_schedule
from csworkbook.widgets import SpacedReview


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "checks"
    target.mkdir()
    monkeypatch.setattr(checks, "DATA_DIR", target)
    for code in ("01", "02"):
        doc = {"notebook": code, "items": [
            {"id": f"{code}-{k}", "prompt": f"Question {code}-{k}?", "options": [
                {"text": f"{code}-{k} right", "correct": True, "feedback": f"Right about {code}-{k}."},
                {"text": f"{code}-{k} wrong", "correct": False, "feedback": f"Not so for {code}-{k}."}]}
            for k in range(3)]}
        (target / f"{code}.json").write_text(json.dumps(doc), encoding="utf-8")
    return target


def test_review_shows_questions_from_earlier_notebooks_and_saves_answers(folder, journal):
    review = SpacedReview(notebook="03", size=3, journal=journal, seed=4)
    assert len(review.items) == 3 and all(i.notebook in ("01", "02") for i in review.items)
    assert all(r.value is None and r.description.strip() for r in review.choices)
    assert all(b.description.strip() for b in review.check_buttons)
    first = review.items[0]
    review.choices[0].value = f"{first.id} wrong"
    review.check_buttons[0].click()
    assert review.feedback_level == "warning"
    assert f"Not so for {first.id}." in review.feedback_text
    entry = journal.latest("spaced_review", notebook="03", kind="answer")
    assert entry["data"] == {"item_id": first.id, "from_notebook": first.notebook, "chosen": f"{first.id} wrong",
                             "correct": False, "variant": False}
    for index in (1, 2):
        review.choices[index].value = f"{review.items[index].id} right"
        review.check_buttons[index].click()
    assert "you recalled 2 of 3" in review.feedback_text
    assert journal.entries(activity="spaced_review", kind="result") == []  # the review saves answers only
    json.dumps(review.state)
    # next time, the missed question comes first
    again = SpacedReview(notebook="03", size=1, journal=journal, seed=99)
    assert [i.id for i in again.items] == [first.id]


def test_review_feedback_for_every_option(folder, journal):
    for option in ("right", "wrong"):
        review = SpacedReview(notebook="02", size=1, journal=journal, seed=0)
        item = review.items[0]
        review.choices[0].value = f"{item.id} {option}"
        review.check_buttons[0].click()
        expected = f"Right about {item.id}." if option == "right" else f"Not so for {item.id}."
        assert expected in review.feedback_text


def test_review_with_nothing_chosen_saves_nothing(folder, journal):
    review = SpacedReview(notebook="02", journal=journal, seed=0)
    review.check_buttons[0].click()
    assert review.feedback_level == "error" and "choose one of the answers first" in review.feedback_text
    assert journal.entries() == []


def test_review_uses_the_knowledge_check_history(folder, journal):
    journal.record("knowledge_check", {"item_id": "01-2", "chosen": "01-2 wrong", "correct": False},
                   notebook="01", kind="answer")
    review = SpacedReview(notebook="03", size=2, journal=journal, seed=5)
    assert review.items[0].id == "01-2"
    assert review.item_heading(review.items[0], 1, 2) == "Review 1 of 2 (from notebook 01)."


@pytest.mark.parametrize("notebook", ["00", "01"])
def test_first_notebook_or_nothing_earlier_gives_a_friendly_message(folder, journal, notebook):
    review = SpacedReview(notebook=notebook, journal=journal)
    assert review.items == [] and review.choices == []
    assert review.feedback_level == "info"
    assert "Nothing to review yet" in review.feedback_text


def test_bad_arguments_are_shown_in_the_widget(folder, journal):
    review = SpacedReview(notebook="three", journal=journal)
    assert review.feedback_level == "error" and "not a notebook code" in review.feedback_text
    review = SpacedReview(notebook="03", size=0, journal=journal)
    assert review.feedback_level == "error" and "whole number" in review.feedback_text


def test_a_broken_earlier_file_is_mentioned_but_the_review_goes_on(folder, journal):
    (folder / "02.json").write_text("not json", encoding="utf-8")
    review = SpacedReview(notebook="03", size=3, journal=journal, seed=1)
    assert {i.notebook for i in review.items} == {"01"}
    assert review.feedback_level == "warning" and "02.json" in review.feedback_text


def test_shipped_files_review_for_notebook_05(journal):
    review = SpacedReview(notebook="05", journal=journal, seed=0)
    assert all(i.notebook < "05" for i in review.items)
    assert len(review.items) == min(3, len(review_schedule.earlier_items("05")[0]))


def test_review_shows_the_reworded_variant_and_records_it(tmp_path, monkeypatch, journal):
    monkeypatch.setattr(checks, "DATA_DIR", tmp_path)
    items = [{"id": f"01-{k}", "prompt": f"Original {k}?", "options": [
                 {"text": f"orig {k} right", "correct": True, "feedback": "Right."},
                 {"text": f"orig {k} wrong", "correct": False, "feedback": "Wrong."}],
              "variant": {"prompt": f"Reworded {k}?", "options": [
                 {"text": f"new {k} wrong", "correct": False, "feedback": f"Variant wrong {k}."},
                 {"text": f"new {k} right", "correct": True, "feedback": f"Variant right {k}."},
                 {"text": f"new {k} other", "correct": False, "feedback": f"Variant other {k}."}]}}
             for k in range(3)]
    (tmp_path / "01.json").write_text(json.dumps({"notebook": "01", "items": items}), encoding="utf-8")
    review = SpacedReview(notebook="02", size=3, journal=journal, seed=0)
    assert [s.prompt for s in review.shown] == [f"Reworded {i.id[-1]}?" for i in review.items]
    assert all(set(r.options) == {f"new {i.id[-1]} {w}" for w in ("wrong", "right", "other")}
               for i, r in zip(review.items, review.choices))
    k = review.items[0].id[-1]
    review.choices[0].value = f"new {k} other"
    review.check_buttons[0].click()
    assert f"Variant other {k}." in review.feedback_text and f'"new {k} right"' in review.feedback_text
    data = journal.latest("spaced_review", kind="answer")["data"]
    assert data["item_id"] == f"01-{k}" and data["variant"] is True and data["correct"] is False


def test_a_reopened_review_asks_the_same_questions_in_the_same_order(journal):
    first = SpacedReview(notebook="06", journal=journal)
    again = SpacedReview(notebook="06", journal=journal)
    assert [i.id for i in first.items] == [i.id for i in again.items]
    assert first.state["shown_options"] == again.state["shown_options"]


def test_shipped_review_from_notebook_03_on_has_no_orientation_items_and_uses_variants(journal):
    for code in ("03", "06", "09"):
        review = SpacedReview(notebook=code, journal=journal)
        assert not any(i.orientation for i in review.items)
        for item, shown in zip(review.items, review.shown):
            assert shown is item.for_review()


def test_a_number_item_in_the_review_takes_a_typed_number(journal):
    from csworkbook.rules import quiz

    item = next(i for i in quiz.all_items() if i.id == "06-clv-number")
    journal.record("knowledge_check", {"item_id": item.id, "chosen": "96", "correct": False}, notebook="06",
                   kind="answer")
    review = SpacedReview(notebook="07", journal=journal)
    index = [i.id for i in review.items].index(item.id)  # missed, so it comes back first
    assert index == 0 and review.shown[0].prompt == item.variant.prompt
    review.choices[0].value = "500"
    review.check_buttons[0].click()
    assert review.feedback_level == "success" and "150 / 0.3 = 500" in review.feedback_text
    data = journal.latest("spaced_review", kind="answer")["data"]
    assert data == {"item_id": item.id, "from_notebook": "06", "chosen": "500", "correct": True, "variant": True,
                    "value": 500.0}

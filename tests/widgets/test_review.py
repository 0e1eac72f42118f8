"""The spaced-review rule (csworkbook.rules.review) and the SpacedReview widget."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from csworkbook.rules import quiz as checks, review as review_schedule
from csworkbook.rules.quiz import CheckItem, Option
from csworkbook.rules.review import choose
from csworkbook.widgets import SpacedReview


def _item(item_id: str) -> CheckItem:
    notebook = item_id[:2]
    return CheckItem(id=item_id, prompt=f"Recall {item_id}?", notebook=notebook, options=(
        Option(text=f"{item_id} right", correct=True, feedback=f"Yes, {item_id}."),
        Option(text=f"{item_id} wrong", correct=False, feedback=f"No, {item_id}."),
    ))


POOL = [_item(i) for i in ("01-a", "01-b", "02-a", "02-b", "03-a", "05-a")]


def _answer(item_id: str, correct: bool, activity: str = "knowledge_check") -> dict:
    return {"id": item_id + str(correct), "time": "2025-01-01T00:00:00+00:00", "notebook": item_id[:2],
            "activity": activity, "kind": "answer", "data": {"item_id": item_id, "chosen": "x", "correct": correct}}


# --------------------------------------------------------------------------- the rule


def test_first_visit_picks_earlier_items_only_and_is_deterministic_for_a_seed():
    picked = choose([], "03", size=3, seed=7, items=POOL)
    assert len(picked) == 3
    assert all(i.notebook < "03" for i in picked)
    assert picked == choose([], "03", size=3, seed=7, items=list(reversed(POOL)))  # input order does not matter
    seeds = {tuple(i.id for i in choose([], "03", size=2, seed=s, items=POOL)) for s in range(30)}
    assert len(seeds) > 1  # the seed really shuffles the never-seen items


def test_nothing_earlier_gives_an_empty_review():
    assert choose([], "00", items=POOL) == []
    assert choose([], "01", items=POOL) == []
    assert [i.id for i in choose([], "02", size=5, items=POOL, seed=1)] in (["01-a", "01-b"], ["01-b", "01-a"])


def test_wrong_answers_come_first_then_unseen_then_longest_ago():
    entries = [
        _answer("01-a", True),              # seen longest ago, right
        _answer("02-b", False),             # wrong, older
        _answer("01-b", True),              # seen more recently, right
        _answer("03-a", False, "spaced_review"),  # wrong, newer (from a review)
        {"activity": "knowledge_check", "kind": "result", "data": {"missed": ["02-a"]}},  # not an answer
        {"activity": "scenario_player", "kind": "answer", "data": {"item_id": "02-a", "correct": False}},
        {"activity": "knowledge_check", "kind": "answer", "data": "broken"},  # ignored, not fatal
    ]
    ranked = [i.id for i in choose(entries, "05", size=10, seed=3, items=POOL)]
    assert ranked == ["02-b", "03-a", "02-a", "01-a", "01-b"]
    groups = [g for g, _i in review_schedule.rank(entries, [i for i in POOL if i.notebook < "05"], seed=3)]
    assert groups == sorted(groups)


def test_the_latest_answer_decides():
    fixed_later = [_answer("01-a", False), _answer("01-b", True), _answer("01-a", True)]
    assert [i.id for i in choose(fixed_later, "02", size=2, items=POOL, seed=0)] == ["01-b", "01-a"]
    slipped_later = [_answer("01-a", True), _answer("01-b", True), _answer("01-a", False, "spaced_review")]
    assert choose(slipped_later, "02", size=1, items=POOL, seed=0)[0].id == "01-a"


def test_size_must_be_a_positive_whole_number():
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="whole number"):
            choose([], "03", size=bad, items=POOL)  # type: ignore[arg-type]


def test_default_items_come_from_the_shipped_check_files():
    picked = choose([], "07", size=50, seed=2)
    shipped_before_07 = {i.id for i in review_schedule.earlier_items("07")[0]}
    assert {"04", "05", "06"} <= {i.notebook for i in picked}
    assert {i.id for i in picked} == shipped_before_07


def test_a_broken_earlier_file_is_skipped_and_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(checks, "DATA_DIR", tmp_path)
    good = {"notebook": "01", "items": [
        {"id": f"01-{k}", "prompt": "Q?", "options": [{"text": "a", "correct": True, "feedback": "f"},
                                                      {"text": "b", "correct": False, "feedback": "g"}]}
        for k in range(3)]}
    (tmp_path / "01.json").write_text(json.dumps(good), encoding="utf-8")
    (tmp_path / "02.json").write_text("{", encoding="utf-8")
    items, problems = review_schedule.earlier_items("03")
    assert [i.id for i in items] == ["01-0", "01-1", "01-2"]
    assert len(problems) == 1 and "02.json" in problems[0]


# --------------------------------------------------------------------------- the widget


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
                             "correct": False}
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

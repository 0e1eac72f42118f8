"""The spaced-review schedule (csworkbook.rules.review): Leitner boxes, the recent/older mix, orientation,
and two simulated learners working through the shipped course from 00 to 10."""
from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from csworkbook.rules import quiz, review
from csworkbook.rules.quiz import CheckItem, Option
from csworkbook.rules.review import choose, plan


def _item(item_id: str, *, orientation: bool = False) -> CheckItem:
    notebook = item_id[:2]
    return CheckItem(id=item_id, prompt=f"Recall {item_id}?", notebook=notebook, orientation=orientation, options=(
        Option(text=f"{item_id} right", correct=True, feedback=f"Yes, {item_id}."),
        Option(text=f"{item_id} wrong", correct=False, feedback=f"No, {item_id}."),
    ))


POOL = [_item(i) for i in ("01-a", "01-b", "02-a", "02-b", "03-a", "05-a")]


def _answer(item_id: str, correct: bool, activity: str = "knowledge_check", notebook: str | None = None) -> dict:
    return {"id": item_id + str(correct), "time": "2025-01-01T00:00:00+00:00", "notebook": notebook or item_id[:2],
            "activity": activity, "kind": "answer", "data": {"item_id": item_id, "chosen": "x", "correct": correct}}


# --------------------------------------------------------------------------- the pieces


def test_streak_counts_right_answers_in_a_row_and_a_miss_resets_it():
    entries = [_answer("01-a", True), _answer("01-a", True, "spaced_review", "02"),
               _answer("01-b", True), _answer("01-b", False, "spaced_review", "03"),
               {"activity": "scenario_player", "kind": "answer", "data": {"item_id": "01-a", "correct": False}},
               {"activity": "knowledge_check", "kind": "answer", "data": "broken"}]  # ignored, not fatal
    found = review.histories(entries)
    assert found["01-a"].streak == 2 and not found["01-a"].missed and found["01-a"].last_notebook == "02"
    assert found["01-b"].streak == 0 and found["01-b"].missed and found["01-b"].last_notebook == "03"


def test_intervals_expand_with_the_streak():
    assert [review.interval(s) for s in range(7)] == [1, 1, 2, 4, 8, 8, 8]
    item = POOL[0]
    once = review.histories([_answer("01-a", True)])["01-a"]
    assert review.overdue(once, item, "02") == 0           # right once in 01: due in 02
    twice = review.histories([_answer("01-a", True), _answer("01-a", True, "spaced_review", "02")])["01-a"]
    assert review.overdue(twice, item, "03") == -1         # right twice, last in 02: due in 04
    assert review.overdue(twice, item, "04") == 0
    assert review.overdue(None, item, "05") == 0           # never answered: due


def test_first_visit_picks_earlier_items_only_and_is_deterministic_for_a_seed():
    picked = choose([], "03", size=3, seed=7, items=POOL)
    assert len(picked) == 3
    assert all(i.notebook < "03" for i in picked)
    assert picked == choose([], "03", size=3, seed=7, items=list(reversed(POOL)))  # input order does not matter
    seeds = {tuple(i.id for i in choose([], "03", size=2, seed=s, items=POOL)) for s in range(30)}
    assert len(seeds) > 1  # the seed really breaks ties


def test_nothing_earlier_gives_an_empty_review():
    assert choose([], "00", items=POOL) == []
    assert choose([], "01", items=POOL) == []
    assert sorted(i.id for i in choose([], "02", size=5, items=POOL, seed=1)) == ["01-a", "01-b"]


def test_missed_items_come_first_oldest_miss_first():
    entries = [_answer("01-a", True), _answer("02-b", False), _answer("01-b", True),
               _answer("03-a", False, "spaced_review", "04")]
    picks = plan(entries, "05", size=4, seed=3, items=POOL)
    assert [(p.item.id, p.reason) for p in picks[:2]] == [("02-b", "missed"), ("03-a", "missed")]


def test_the_latest_answer_decides():
    fixed_later = [_answer("01-a", False), _answer("01-b", True), _answer("01-a", True, "spaced_review", "02")]
    assert "01-a" not in [p.item.id for p in plan(fixed_later, "03", size=1, items=POOL, seed=0)
                          if p.reason == "missed"]
    slipped_later = [_answer("01-a", True), _answer("01-b", True), _answer("01-a", False, "spaced_review", "02")]
    assert choose(slipped_later, "03", size=1, items=POOL, seed=0)[0].id == "01-a"


def test_a_review_mixes_the_last_two_notebooks_with_older_ones():
    pool = [_item(f"{n:02d}-{k}") for n in range(6) for k in "abc"]
    entries = [_answer(i.id, True) for i in pool]
    for seed in range(10):
        picks = plan(entries, "06", size=3, seed=seed, items=pool)
        notebooks = [p.item.notebook for p in picks]
        assert any(n in ("04", "05") for n in notebooks) and any(n < "04" for n in notebooks)


def test_due_items_come_before_items_not_yet_due():
    pool = [_item("01-a"), _item("01-b")]
    # 01-a was right four times, last in notebook 03: its interval is 8 notebooks, so it is not due at 04
    entries = [_answer("01-a", True)] + [_answer("01-a", True, "spaced_review", c) for c in ("02", "03", "03")]
    entries += [_answer("01-b", True)]
    assert choose(entries, "04", size=1, items=pool, seed=0)[0].id == "01-b"
    assert [i.id for i in choose(entries, "04", size=2, items=pool, seed=0)] == ["01-b", "01-a"]  # filled if needed


def test_orientation_items_are_not_reviewed_after_notebook_02():
    pool = [_item("00-how", orientation=True), _item("00-why"), _item("01-a")]
    assert {i.id for i in choose([], "02", size=3, items=pool, seed=0)} == {"00-how", "00-why", "01-a"}
    for later in ("03", "07", "10"):
        assert "00-how" not in {i.id for i in choose([], later, size=3, items=pool, seed=0)}
    # not even when it was missed
    missed = [_answer("00-how", False)]
    assert "00-how" not in {i.id for i in choose(missed, "03", size=3, items=pool, seed=0)}


def test_size_must_be_a_positive_whole_number():
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="whole number"):
            choose([], "03", size=bad, items=POOL)  # type: ignore[arg-type]


def test_default_items_come_from_the_shipped_check_files():
    picked = choose([], "07", size=80, seed=2)
    shipped_before_07 = {i.id for i in review.earlier_items("07")[0] if not i.orientation}
    assert {i.id for i in picked} == shipped_before_07


def test_a_broken_earlier_file_is_skipped_and_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(quiz, "DATA_DIR", tmp_path)
    good = {"notebook": "01", "items": [
        {"id": f"01-{k}", "prompt": "Q?", "options": [{"text": "a", "correct": True, "feedback": "f"},
                                                      {"text": "b", "correct": False, "feedback": "g"}]}
        for k in range(3)]}
    (tmp_path / "01.json").write_text(json.dumps(good), encoding="utf-8")
    (tmp_path / "02.json").write_text("{", encoding="utf-8")
    items, problems = review.earlier_items("03")
    assert [i.id for i in items] == ["01-0", "01-1", "01-2"]
    assert len(problems) == 1 and "02.json" in problems[0]


# --------------------------------------------------------------------------- simulated learners, shipped course


def _work_through(items: list[CheckItem], seed: str, wrong: set[str] = frozenset(), wrong_once: set[str] = frozenset(),
                  size: int = 3) -> list[tuple[str, list[CheckItem]]]:
    """A learner doing notebooks 00..10 in order: the review first (from 01), then the knowledge check.

    Items in ``wrong`` are answered wrongly every time; items in ``wrong_once`` only in the knowledge check.
    Returns each notebook's review.
    """
    entries: list[dict[str, Any]] = []
    reviews: list[tuple[str, list[CheckItem]]] = []
    for number in range(11):
        code = f"{number:02d}"
        if number >= 1:
            chosen = choose(entries, code, size, seed=seed, items=items)
            reviews.append((code, chosen))
            entries += [{"activity": "spaced_review", "kind": "answer", "notebook": code,
                         "data": {"item_id": i.id, "from_notebook": i.notebook, "correct": i.id not in wrong}}
                        for i in chosen]
        entries += [{"activity": "knowledge_check", "kind": "answer", "notebook": code,
                     "data": {"item_id": i.id, "correct": i.id not in wrong | wrong_once}}
                    for i in items if i.notebook == code]
    return reviews


LEARNERS = [f"learner-{n}" for n in range(12)]


def test_a_learner_who_answers_everything_right_meets_the_whole_course():
    items = quiz.all_items()
    share_00: list[float] = []
    for learner in LEARNERS:
        reviews = _work_through(items, learner)
        asked = [i for _code, chosen in reviews for i in chosen]
        assert len(asked) == 30
        by_notebook = Counter(i.notebook for i in asked)
        share_00.append(by_notebook["00"] / len(asked))
        assert by_notebook["00"] / len(asked) <= 0.15, (learner, by_notebook)
        assert all(by_notebook[f"{n:02d}"] >= 1 for n in range(1, 9)), (learner, by_notebook)
        assert all(by_notebook[f"{n:02d}"] >= 2 for n in range(1, 10)), (learner, by_notebook)  # as the README says
        for code, chosen in reviews:
            assert all(i.notebook < code for i in chosen)
            assert not any(i.orientation for i in chosen if code > "02")
            if code >= "04":  # recent and older in every review once there is an "older"
                notebooks = {i.notebook for i in chosen}
                recent = {f"{int(code) - 1:02d}", f"{int(code) - 2:02d}"}
                assert notebooks & recent and notebooks - recent, (learner, code, notebooks)
        # expanding intervals: an item reviewed twice is not asked in two consecutive notebooks
        when: dict[str, list[int]] = {}
        for code, chosen in reviews:
            for i in chosen:
                when.setdefault(i.id, []).append(int(code))
        assert all(b - a >= 2 for times in when.values() for a, b in zip(times, times[1:]))
    print(f"\nAll-right learner, 30 review questions over 01-10 ({len(LEARNERS)} learner ids): "
          f"share about notebook 00 = {min(share_00):.0%}-{max(share_00):.0%} (limit 15 %); "
          f"questions per notebook for {LEARNERS[-1]}: {dict(sorted(by_notebook.items()))}")


def test_a_missed_item_comes_back_within_two_notebooks():
    items = quiz.all_items()
    reviewable = [i for i in items if not i.orientation and i.notebook <= "08"]
    for learner, missed in zip(LEARNERS, reviewable[::7]):
        reviews = _work_through(items, learner, wrong_once={missed.id})
        later = [code for code, chosen in reviews if missed.id in [i.id for i in chosen]]
        assert later, f"{missed.id} never came back for {learner}"
        assert int(later[0]) - int(missed.notebook) <= 2, (missed.id, later)


def test_an_item_missed_every_time_keeps_coming_back():
    items = quiz.all_items()
    reviews = _work_through(items, "learner-x", wrong={"03-continuum"})
    assert [code for code, chosen in reviews if "03-continuum" in [i.id for i in chosen]] == [
        f"{n:02d}" for n in range(4, 11)]

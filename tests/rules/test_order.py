"""Per-learner display order: different learners, different orders; one learner, one order."""
from __future__ import annotations

import pytest

from csworkbook.journal import Journal
from csworkbook.rules.order import display_order


def test_order_is_a_permutation_and_stable() -> None:
    first = display_order(4, "learner-a", "05-open-openers")
    assert sorted(first) == [0, 1, 2, 3]
    assert display_order(4, "learner-a", "05-open-openers") == first


def test_orders_differ_between_learners_and_items() -> None:
    by_learner = {tuple(display_order(4, f"learner-{n}", "item")) for n in range(40)}
    by_item = {tuple(display_order(4, "learner", f"item-{n}")) for n in range(40)}
    assert len(by_learner) > 10 and len(by_item) > 10


def test_every_position_is_used_about_evenly() -> None:
    firsts = [display_order(4, f"l{n}", "item")[0] for n in range(2000)]
    for option in range(4):
        assert 0.18 < firsts.count(option) / 2000 < 0.32


def test_bad_count_is_refused() -> None:
    with pytest.raises(ValueError):
        display_order(-1, "l", "k")


def test_learner_id_is_kept_in_the_journal(journal: Journal) -> None:
    learner = journal.learner_id()
    journal.record("reflection", {"text": "x"}, notebook="00", kind="reflection")
    assert Journal(journal.path).learner_id() == learner
    assert len(journal.entries()) == 1


def test_learner_id_is_made_once_for_an_existing_journal(journal: Journal) -> None:
    journal.record("reflection", {"text": "x"}, notebook="00", kind="reflection")
    assert journal.learner_id() == journal.learner_id()

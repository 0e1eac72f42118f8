"""RecoveryPlanner, driven as a learner drives it: pick a strategy for every step, press Check, read the feedback."""
from __future__ import annotations

import pytest

from csworkbook.overview import entry_percent
from csworkbook.content import RECOVERY_STRATEGIES
from csworkbook.widgets import RecoveryPlanner
from csworkbook.widgets.recovery import CANONICAL, NAMES, REASONS, STATEMENTS


@pytest.fixture
def planner(journal) -> RecoveryPlanner:
    return RecoveryPlanner(notebook="08", journal=journal)


def _set(dropdowns, keys) -> None:
    for dropdown, key in zip(dropdowns, keys):
        dropdown.value = key


def test_the_canonical_order_is_the_articles_list_and_the_options_do_not_give_it_away(planner):
    assert CANONICAL == tuple(s.key for s in RECOVERY_STRATEGIES)
    assert len(planner.order_inputs) == 7 and len(planner.match_inputs) == len(STATEMENTS) == 7
    options = [value for _label, value in planner.order_inputs[0].options]
    assert options[0] is None  # a placeholder first, so nothing is pre-answered
    assert options[1:] != list(CANONICAL) and sorted(options[1:]) == sorted(CANONICAL)
    assert planner.order == [None] * 7


def test_the_right_order_gets_full_marks_and_is_saved(planner, journal):
    _set(planner.order_inputs, CANONICAL)
    planner.order_button.click()
    assert planner.feedback_level == "success"
    assert planner.feedback_text.startswith("7 of 7 steps")
    assert "Every step matches" in planner.feedback_text
    for key in CANONICAL:
        assert REASONS[key] in planner.feedback_text
    assert planner.order_result["correct"] == 7 and planner.order_result["positions"] == [True] * 7
    entry = journal.latest("recovery_planner", notebook="08", kind="order")
    assert entry["data"]["part"] == "order"
    assert entry["data"]["order"] == list(CANONICAL)
    assert entry["data"]["total"] == 7


def test_a_swapped_order_gets_feedback_on_each_misplaced_step(planner, journal):
    wrong = list(CANONICAL)
    wrong[0], wrong[6] = wrong[6], wrong[0]
    _set(planner.order_inputs, wrong)
    result = planner.check_order()
    assert result["correct"] == 5
    assert result["positions"] == [False, True, True, True, True, True, False]
    text = planner.feedback_text
    assert planner.feedback_level == "info"
    assert text.startswith("5 of 7 steps")
    assert f"Step 1 ✘ you chose {NAMES['monitor']}; the article puts {NAMES['reaffirm']} here." in text
    assert f"Step 7 ✘ you chose {NAMES['reaffirm']}; the article puts {NAMES['monitor']} here." in text
    assert f"Step 2 ✔ {NAMES['commit']}." in text
    assert REASONS["reaffirm"] in text and REASONS["monitor"] in text
    assert "guide, not a script" in text
    assert journal.latest("recovery_planner", kind="order")["data"]["correct"] == 5


def test_an_incomplete_order_names_the_empty_steps_and_saves_nothing(planner, journal):
    planner.order_button.click()
    assert planner.feedback_level == "error"
    assert "steps 1, 2, 3, 4, 5, 6, 7 are still empty" in planner.feedback_text
    _set(planner.order_inputs, CANONICAL[:6])
    planner.order_button.click()
    assert planner.feedback_level == "error"
    assert "step 7 is still empty" in planner.feedback_text
    assert planner.order_result is None
    assert journal.entries() == []


def test_a_strategy_used_twice_is_named_with_the_unused_one(planner, journal):
    doubled = list(CANONICAL)
    doubled[1] = "reaffirm"
    _set(planner.order_inputs, doubled)
    planner.order_button.click()
    assert planner.feedback_level == "error"
    assert f"'{NAMES['reaffirm']}' is in steps 1, 2" in planner.feedback_text
    assert repr(NAMES["commit"]) in planner.feedback_text and "is not used yet" in planner.feedback_text
    assert journal.entries() == []


def test_all_matches_right_get_full_marks_and_are_saved(planner, journal):
    _set(planner.match_inputs, [key for _text, key in STATEMENTS])
    planner.match_button.click()
    assert planner.feedback_level == "success"
    assert planner.feedback_text.startswith("7 of 7 statements matched")
    entry = journal.latest("recovery_planner", kind="match")
    assert entry["data"]["part"] == "match"
    assert entry["data"]["correct"] == 7 and entry["data"]["items"] == [True] * 7


def test_a_wrong_match_says_which_strategy_it_really_is_and_why(planner):
    answers = [key for _text, key in STATEMENTS]
    answers[2] = "flexible"  # statement 3 is really 'be realistic'
    _set(planner.match_inputs, answers)
    result = planner.check_matches()
    assert result["correct"] == 6 and result["items"][2] is False
    assert planner.feedback_level == "info"
    assert f"Statement 3 ✘ this is {NAMES['realistic']}, not {NAMES['flexible']}: {REASONS['realistic']}" \
        in planner.feedback_text


def test_unanswered_statements_give_a_message(planner, journal):
    _set(planner.match_inputs[:5], [key for _text, key in STATEMENTS][:5])
    planner.match_button.click()
    assert planner.feedback_level == "error"
    assert "statements 6, 7 have no strategy yet" in planner.feedback_text
    assert planner.match_result is None and journal.entries() == []


def test_saved_entries_follow_the_journal_contract(planner, journal):
    """docs/contracts.md: recovery_planner entries carry {"part", "score", "total", ...}."""
    _set(planner.order_inputs, CANONICAL)
    planner.check_order()
    _set(planner.match_inputs, [key for _text, key in STATEMENTS])
    planner.match_inputs[0].value = "commit"
    planner.check_matches()
    order, match = (journal.latest("recovery_planner", kind=k)["data"] for k in ("order", "match"))
    assert (order["part"], order["score"], order["total"]) == ("order", 7, 7)
    assert (match["part"], match["score"], match["total"]) == ("match", 6, 7)
    # the dashboard reads the score from them
    assert entry_percent({"data": order}) == 100.0 and entry_percent({"data": match}) == 85.7


def test_state_is_plain_values(planner):
    _set(planner.order_inputs, CANONICAL)
    planner.check_order()
    state = planner.state
    assert state["order"] == list(CANONICAL)
    assert state["matches"] == [None] * 7
    assert state["order_result"]["correct"] == 7 and state["match_result"] is None


def test_every_control_has_a_readable_label(planner):
    for control in (*planner.order_inputs, *planner.match_inputs, planner.order_button, planner.match_button):
        assert control.description.strip()

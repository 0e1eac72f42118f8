"""TouchpointSorter, driven as a learner drives it: sort each card, press Check, read the reasons."""
from __future__ import annotations

import html
import json
import subprocess
import sys
from collections import Counter

import pytest

from csworkbook.widgets import TouchpointSorter
from csworkbook.rules.touchpoints import MAX_CARDS, MIN_CARDS, default_path, load_deck, score_sort
from csworkbook.widgets.touchpoints import PLACEHOLDER


@pytest.fixture
def sorter(journal) -> TouchpointSorter:
    return TouchpointSorter(journal=journal)


def _sort_all(sorter: TouchpointSorter, wrong: set[str] = frozenset()) -> None:
    """Sort every card with its dropdown: right, except the ids in ``wrong`` (sorted as 'none' or 'external')."""
    for card in sorter.deck.cards:
        if card.id in wrong:
            sorter.choices[card.id].value = "external" if card.answer == "none" else "none"
        else:
            sorter.choices[card.id].value = card.answer


def test_the_card_file_is_valid_and_balanced():
    deck = load_deck()
    assert MIN_CARDS <= len(deck.cards) <= MAX_CARDS
    assert [c.label for c in deck.categories] == [
        "Touchpoint: external customer", "Touchpoint: internal customer", "Not a touchpoint"]
    counts = Counter(c.answer for c in deck.cards)
    assert all(counts[c.key] >= 3 for c in deck.categories)
    assert all(c.id.startswith("01-") for c in deck.cards)
    # every reason is one sentence
    assert all(c.why.count(". ") == 0 and c.why.endswith(".") for c in deck.cards)


def test_a_broken_card_file_is_refused_with_a_reason(tmp_path):
    raw = json.loads(default_path().read_text(encoding="utf-8"))
    raw["cards"][0]["answer"] = "maybe"
    bad = tmp_path / "cards.json"
    bad.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="not a category"):
        load_deck(bad)
    raw["cards"] = raw["cards"][:3]
    bad.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="use 10 to 14"):
        load_deck(bad)


def test_every_card_starts_unsorted_with_a_labelled_dropdown(sorter):
    assert sorter.notebook == "01" and sorter.activity_id == "touchpoint_sorter"
    assert len(sorter.unsorted) == len(sorter.deck.cards)
    for number, (card, choice) in enumerate(zip(sorter.deck.cards, sorter.choices.values()), start=1):
        assert choice.description == f"Card {number} is:"
        assert choice.tooltip == card.text
        assert choice.label == PLACEHOLDER
    assert sorter.check_button.description == "Check"
    assert sorter.reset_button.description == "Try again"


def test_check_with_unsorted_cards_says_how_many_are_left_and_saves_nothing(sorter, journal):
    first, second, *_rest = sorter.deck.cards
    sorter.choices[first.id].value = first.answer
    sorter.choices[second.id].value = second.answer
    sorter.check_button.click()
    left = len(sorter.deck.cards) - 2
    assert sorter.feedback_level == "error"
    assert f"{left} cards are still unsorted" in sorter.feedback_text
    assert "card 3" in sorter.feedback_text
    assert journal.entries() == []
    assert sorter.chart_data is None
    assert sorter.marking is None


def test_one_card_left_is_named_in_the_singular(sorter):
    _sort_all(sorter)
    last = sorter.deck.cards[-1]
    sorter.choices[last.id].index = 0
    sorter.check_button.click()
    assert f"1 card is still unsorted (the first is card {len(sorter.deck.cards)})" in sorter.feedback_text


def test_a_perfect_sort_scores_100_and_is_saved(sorter, journal):
    _sort_all(sorter)
    sorter.check_button.click()
    total = len(sorter.deck.cards)
    assert sorter.feedback_level == "success"
    assert f"You sorted {total} of {total} cards correctly (100 %)" in sorter.feedback_text
    entry = journal.latest("touchpoint_sorter", notebook="01")
    assert entry["kind"] == "result"
    data = entry["data"]
    assert data["correct"] == data["total"] == total and data["percent"] == 100.0
    assert data["answers"] == {c.id: c.answer for c in sorter.deck.cards}
    assert sorter.state["percent"] == 100.0
    for card in sorter.deck.cards:
        assert sorter.feedback_for(card.id).startswith("Correct:")
        assert html.escape(card.why) in sorter.card_feedback[card.id].value


def test_mistakes_get_a_reason_a_score_and_a_chart(sorter, journal):
    wrong = {"01-tp-helpdesk", "01-tp-friend", "01-tp-autoreply"}
    _sort_all(sorter, wrong)
    sorter.check_button.click()
    total = len(sorter.deck.cards)
    percent = round(100 * (total - 3) / total, 1)
    assert sorter.feedback_level == "info"
    assert f"{total - 3} of {total}" in sorter.feedback_text and f"{percent:g} %" in sorter.feedback_text
    numbers = [str(list(sorter.choices).index(cid) + 1) for cid in sorter.marking["missed"]]
    assert f"cards {', '.join(numbers)}" in sorter.feedback_text
    helpdesk = sorter.feedback_for("01-tp-helpdesk")
    assert helpdesk.startswith("Not quite: this is 'Touchpoint: internal customer'.")
    assert "internal customer" in helpdesk
    assert "Not quite" in sorter.card_feedback["01-tp-friend"].value
    # the chart counts right and wrong per category, by each card's right answer
    data = sorter.chart_data
    assert data["keys"] == ["external", "internal", "none"]
    assert data["incorrect"] == [1, 1, 1]
    assert sum(data["correct"]) == total - 3 and data["total"] == total
    assert data["percent"] == percent
    assert sorter.chart.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"{total - 3} of {total}" in sorter.chart_summary.value
    saved = journal.latest("touchpoint_sorter")["data"]
    assert saved["percent"] == percent and set(saved["missed"]) == wrong


def test_a_low_score_is_a_warning(sorter):
    _sort_all(sorter, {c.id for c in sorter.deck.cards[:8]})
    sorter.check_button.click()
    assert sorter.feedback_level == "warning"
    assert sorter.chart_summary.value.count("most slips were on") == 1


def test_try_again_clears_everything(sorter, journal):
    _sort_all(sorter, {"01-tp-parcel"})
    sorter.check_button.click()
    sorter.reset_button.click()
    assert sorter.unsorted == list(sorter.choices)
    assert all(choice.label == PLACEHOLDER for choice in sorter.choices.values())
    assert all(note.value == "" for note in sorter.card_feedback.values())
    assert sorter.chart_data is None and sorter.chart.layout.display == "none"
    assert sorter.marking is None and sorter.feedback_level == "info"
    # a second, better attempt is saved as a new result
    _sort_all(sorter)
    sorter.check_button.click()
    results = journal.entries(activity="touchpoint_sorter", kind="result")
    assert [r["data"]["percent"] for r in results][-1] == 100.0 and len(results) == 2


def test_changing_a_card_after_check_clears_its_old_reason(sorter):
    _sort_all(sorter)
    sorter.check_button.click()
    card = sorter.deck.cards[0]
    sorter.choose(card.id, "none")
    assert sorter.card_feedback[card.id].value == ""


def test_score_sort_counts_missing_answers_as_wrong():
    deck = load_deck()
    result = score_sort(deck, {deck.cards[0].id: deck.cards[0].answer})
    assert result["correct"] == 1 and result["total"] == len(deck.cards)
    assert len(result["missed"]) == len(deck.cards) - 1


def test_importing_the_widget_module_does_not_import_matplotlib():
    code = "import csworkbook.widgets.touchpoints, sys; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

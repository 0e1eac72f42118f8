"""The policy-phrase checker against a labelled table of service phrases, its signals and its limits."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from csworkbook.rules.policy import CAP_WHEN_HIDING, WEIGHTS, Review, is_open, review

TABLE = Path(__file__).with_name("policy_phrases.csv")
ROWS = list(csv.DictReader(TABLE.open(encoding="utf-8")))

#: Phrases the rules get wrong, and why (the limits named in the module docstring).
KNOWN_EXCEPTIONS = {
    # tone, not words: a brush-off dressed in polite, first-person words
    "I understand, I'll make a note of it.": "open",
    # "as a rule" is everyday speech here, yet any rule word counts as hiding
    "As a rule we deliver before noon, and I'll text you the driver's time slot this morning.": "hiding",
}


def _predict(phrase: str) -> str:
    return "open" if is_open(phrase) else "hiding"


def test_the_table_is_big_enough_and_well_formed():
    assert len(ROWS) >= 40
    assert {r["label"] for r in ROWS} == {"open", "hiding"}
    assert sum(r["label"] == "open" for r in ROWS) >= 20 and sum(r["label"] == "hiding" for r in ROWS) >= 20
    assert len({r["phrase"] for r in ROWS}) == len(ROWS), "duplicate phrases in the table"


def test_accuracy_on_the_labelled_table_is_at_least_90_percent():
    counts = {("open", "open"): 0, ("open", "hiding"): 0, ("hiding", "open"): 0, ("hiding", "hiding"): 0}
    for row in ROWS:
        counts[(row["label"], _predict(row["phrase"]))] += 1
    correct = counts[("open", "open")] + counts[("hiding", "hiding")]
    accuracy = correct / len(ROWS)
    report = (f"accuracy {correct}/{len(ROWS)} = {accuracy:.1%}; confusion (label -> predicted): "
              f"open->open {counts[('open', 'open')]}, open->hiding {counts[('open', 'hiding')]}, "
              f"hiding->hiding {counts[('hiding', 'hiding')]}, hiding->open {counts[('hiding', 'open')]}")
    print(report)
    assert accuracy >= 0.90, report


@pytest.mark.parametrize("row", [r for r in ROWS if r["phrase"] not in KNOWN_EXCEPTIONS], ids=lambda r: r["phrase"][:50])
def test_every_phrase_in_the_table_is_classified_as_labelled(row):
    result = review(row["phrase"])
    assert _predict(row["phrase"]) == row["label"], result


def test_known_exceptions_are_exactly_the_documented_ones():
    wrong = {r["phrase"]: _predict(r["phrase"]) for r in ROWS if _predict(r["phrase"]) != r["label"]}
    assert wrong == KNOWN_EXCEPTIONS


@pytest.mark.parametrize(("phrase", "cue"), [
    ("That's company policy.", "policy"),
    ("Rules are rules.", "rules"),
    ("You're not allowed to do that.", "not allowed"),
    ("The system won't let me.", "system won't"),
    ("We've always done it this way.", "always done it this way"),
    ("I'm sorry, that's against our procedure.", "procedure"),
    ("We don't make exceptions.", "don't make exceptions"),
])
def test_policy_cues_are_found_and_named(phrase, cue):
    result = review(phrase)
    assert result.hides_behind_policy
    assert cue in result.cues["hides_behind_policy"]
    assert any(cue in tip for tip in result.tips)
    assert result.score <= CAP_WHEN_HIDING


@pytest.mark.parametrize("phrase", [
    "That's not my department.", "Take it up with head office.", "You'll have to call the courier.",
    "I just work here.", "There's nothing I can do.", "It's out of my hands.", "You should have checked.",
    "My manager would never agree.",
])
def test_blame_cues_are_found(phrase):
    result = review(phrase)
    assert result.blames_others and not result.is_open


def test_each_good_move_is_a_separate_signal():
    assert review("I'm sorry to hear that.").shows_empathy
    assert review("Leave it with me.").takes_ownership
    assert review("How about a replacement instead?").offers_alternative
    empty = review("OK.")
    assert not (empty.shows_empathy or empty.takes_ownership or empty.offers_alternative)
    assert empty.score == WEIGHTS["no_policy"] + WEIGHTS["no_blame"]


def test_refusals_do_not_count_as_offers():
    for phrase in ("We can't offer any alternatives.", "There are no other options.",
                   "The till won't let me change it.", "There's nothing I can do about it."):
        assert not review(phrase).offers_alternative, phrase
    assert not review("I can see why you'd ask.").offers_alternative  # empathy, not an offer
    # but an offer after "but" still counts
    assert review("I can't refund it, but I can exchange it for you.").offers_alternative


def test_a_full_open_reply_scores_100_and_passes():
    phrase = ("I understand how annoying that is. The part is out of stock because the maker paused it, "
              "so I'll order the newer model for you today at the same price.")
    result = review(phrase)
    assert isinstance(result, Review)
    assert result.is_open and is_open(phrase)
    assert result.score == 100 and sum(WEIGHTS.values()) == 100
    assert result.explains_reason
    assert result.strengths and not result.tips


def test_curly_apostrophes_and_case_do_not_matter():
    assert review("YOU’LL HAVE TO TAKE THAT UP WITH HEAD OFFICE.").blames_others
    assert is_open("I’ll sort it out for you right now, sorry for the wait.")


@pytest.mark.parametrize("bad", ["", "   ", "?!", None, 42])
def test_empty_or_non_text_input_raises_a_clear_value_error(bad):
    with pytest.raises(ValueError, match="empty|must be text"):
        review(bad)


def test_the_checker_applies_the_rule_notebook_09_teaches():
    from csworkbook.content import OPENNESS_RULE

    assert "policy" in OPENNESS_RULE and "reason" in OPENNESS_RULE
    # a friendly mention of policy still counts: the rule is to leave it out
    assert review("Our policy is there to protect you, but I'll see what I can do.").hides_behind_policy
    # a limit with no reason gets a tip asking for one; with a reason, it does not
    bare = review("I can't refund it, but I can exchange it for you today.")
    assert bare.states_limit and not bare.explains_reason
    assert any("Say why" in tip for tip in bare.tips)
    explained = review("I can't refund it because it was opened, but I can exchange it for you today.")
    assert explained.states_limit and explained.explains_reason and explained.is_open
    assert not any("Say why" in tip for tip in explained.tips)

"""The open/closed classifier against a labelled table of service questions, its rules and its errors."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from csworkbook.content import OPEN_QUESTION_OPENERS
from csworkbook.rules.questions import RULES, analyse, classify, content_words, explain, shares_topic

TABLE = Path(__file__).with_name("questions.csv")
ROWS = list(csv.DictReader(TABLE.open(encoding="utf-8")))

#: Questions the rules get wrong on purpose-documented grounds (see the reason column of the table).
KNOWN_EXCEPTIONS = {"How about a replacement instead?": "open"}


def test_the_table_is_big_enough_and_well_formed():
    assert len(ROWS) >= 60
    assert {r["label"] for r in ROWS} == {"open", "closed"}
    assert sum(r["label"] == "open" for r in ROWS) >= 25 and sum(r["label"] == "closed" for r in ROWS) >= 25
    assert len({r["question"] for r in ROWS}) == len(ROWS), "duplicate questions in the table"
    assert all(r["reason"].strip() for r in ROWS)


@pytest.mark.parametrize("row", [r for r in ROWS if r["question"] not in KNOWN_EXCEPTIONS], ids=lambda r: r["question"])
def test_every_question_in_the_table_is_classified_as_labelled(row):
    assert classify(row["question"]) == row["label"], explain(row["question"])


def test_known_exceptions_are_exactly_the_documented_ones():
    wrong = {r["question"]: classify(r["question"]) for r in ROWS if classify(r["question"]) != r["label"]}
    assert wrong == KNOWN_EXCEPTIONS
    for question in KNOWN_EXCEPTIONS:
        row = next(r for r in ROWS if r["question"] == question)
        assert row["reason"].startswith("KNOWN EXCEPTION")


def test_accuracy_on_the_table_is_reported_and_high():
    correct = sum(classify(r["question"]) == r["label"] for r in ROWS)
    accuracy = correct / len(ROWS)
    print(f"classifier accuracy on {len(ROWS)} labelled questions: {correct}/{len(ROWS)} = {accuracy:.1%}")
    assert correct == len(ROWS) - len(KNOWN_EXCEPTIONS)


@pytest.mark.parametrize("opener", OPEN_QUESTION_OPENERS)
def test_every_opener_of_the_positive_model_makes_an_open_question(opener):
    question = f"{opener.capitalize()} did the new schedule affect your week?"
    assert classify(question) == "open"
    assert opener in explain(question)


@pytest.mark.parametrize(("question", "rule"), [
    ("Is the parcel here?", "verb_opener"),
    ("Tell me about it.", "talk_request"),
    ("Could you walk me through the steps?", "polite_talk_request"),
    ("Card or cash?", "alternatives"),
    ("Which day suits you?", "which"),
    ("You paid online, right?", "tag"),
    ("You paid online?", "statement_check"),
    ("I'm wondering whether the strap broke?", "embedded_yes_no"),
    ("To what extent was the price a factor?", "open_phrase"),
    ("Why was it late?", "open_word"),
])
def test_explain_names_the_rule_that_fired(question, rule):
    verdict = analyse(question)
    assert verdict.rule == rule
    assert explain(question).startswith(f"{verdict.label.title()} question. ")
    assert RULES[rule].split("'")[0][:15] in explain(question)


@pytest.mark.parametrize("lead", ["So, ", "Excuse me, ", "And ", "Sorry, ", "Okay, so ", "Hello! "])
def test_leading_politeness_does_not_change_the_label(lead):
    assert classify(lead + "how did the fitting go?") == "open"
    assert classify(lead + "did the fitting go well?") == "closed"


@pytest.mark.parametrize("bad", ["", "   ", "?", "?!", None, 42])
def test_empty_or_non_text_input_raises_a_clear_value_error(bad):
    with pytest.raises(ValueError, match="empty|must be text"):
        classify(bad)


def test_a_statement_that_is_not_a_question_raises_a_clear_value_error():
    with pytest.raises(ValueError, match="does not look like a question"):
        classify("Your parcel arrived late.")
    with pytest.raises(ValueError, match="does not look like a question"):
        explain("We close at six")


def test_topic_words_and_the_shared_topic_check():
    assert content_words("Did the delivery arrive on time?") == {"delivery", "arrive", "time"}
    assert shares_topic("Were the rooms clean?", "How did you find the room?")
    assert not shares_topic("Were the rooms clean?", "What is your favourite film?")

"""The open/closed classifier against a labelled table of service questions, its rules and its errors."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from csworkbook.content import OPEN_QUESTION_OPENERS
from csworkbook.rules.questions import NARROW_OPENERS, RULES, analyse, classify, content_words, explain, shares_topic

TABLE = Path(__file__).with_name("questions.csv")
ROWS = list(csv.DictReader(TABLE.open(encoding="utf-8")))

#: Questions the rules get wrong on documented grounds (their reason starts "KNOWN EXCEPTION"), with the wrong label.
KNOWN_EXCEPTIONS: dict[str, str] = {"What about Friday instead?": "open", "Can you tell me a time that suits you?": "open"}


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


def test_the_table_covers_the_hard_cases():
    """Narrow one-fact questions, words that only look like openers, suggestions and follow-up clauses."""
    narrow = [r for r in ROWS if r["reason"].startswith("NARROW")]
    hard = [r for r in ROWS if r["reason"].startswith("HARD")]
    assert len(narrow) >= 20 and all(r["label"] == "closed" for r in narrow)
    assert len(hard) >= 12 and {r["label"] for r in hard} == {"open", "closed"}
    assert "When did the package arrive?" in {r["question"] for r in narrow}


def test_accuracy_on_the_table_is_reported_and_high(capsys):
    def accuracy(rows: list[dict]) -> tuple[int, int]:
        return sum(classify(r["question"]) == r["label"] for r in rows), len(rows)

    groups = {"all": ROWS,
              "narrow one-fact questions": [r for r in ROWS if r["reason"].startswith("NARROW")],
              "other hard cases": [r for r in ROWS if r["reason"].startswith("HARD")],
              "open": [r for r in ROWS if r["label"] == "open"],
              "closed": [r for r in ROWS if r["label"] == "closed"]}
    with capsys.disabled():
        for name, rows in groups.items():
            correct, total = accuracy(rows)
            print(f"\nclassifier accuracy, {name}: {correct}/{total} = {correct / total:.1%}", end="")
        print()
    correct, total = accuracy(ROWS)
    assert correct == total - len(KNOWN_EXCEPTIONS)


@pytest.mark.parametrize("opener", [o for o in OPEN_QUESTION_OPENERS if o not in NARROW_OPENERS])
def test_the_openers_that_invite_make_an_open_question(opener):
    question = f"{opener.capitalize()} did the new schedule affect your week?"
    assert classify(question) == "open"
    assert opener in explain(question)


@pytest.mark.parametrize("opener", [o for o in OPEN_QUESTION_OPENERS if o in NARROW_OPENERS] + ["where"])
def test_an_opener_that_asks_for_one_fact_makes_a_narrow_question_unless_an_open_one_follows(opener):
    """The funnel's narrowing stage: who, when and where ask for a person, a time or a place."""
    question = f"{opener.capitalize()} did the new schedule start?"
    verdict = analyse(question)
    assert (verdict.label, verdict.rule, verdict.cue) == ("closed", "narrow_fact", opener)
    assert "one fact" in explain(question)
    assert classify(f"{opener.capitalize()} did the new schedule start, and how has it changed your week?") == "open"


@pytest.mark.parametrize("question", ["When did the package arrive?", "How many bags are you checking?",
                                      "What is your postcode?", "Could you tell me where you parked?",
                                      "Tell me what time suits you."])
def test_a_narrow_one_fact_question_is_closed_however_it_is_wrapped(question):
    assert analyse(question).rule == "narrow_fact"
    assert classify(question) == "closed"


@pytest.mark.parametrize("question", ["Whoever said that?", "Howard, is it working?", "Whatsoever do you mean?",
                                      "Whenever you call, is the line busy?"])
def test_an_opener_counts_only_as_a_whole_word(question):
    assert classify(question) == "closed"


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
    ("When was it delivered?", "narrow_fact"),
    ("Who is it for, and what do they like?", "open_follow_up"),
    ("How about Friday instead?", "suggestion"),
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


def _notebook_05_cells() -> dict[str, str]:
    import json

    path = Path(__file__).resolve().parents[2] / "notebooks" / "05_positive_model.ipynb"
    return {c["id"]: "".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]}


def _table_rows(markdown: str) -> list[list[str]]:
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in markdown.splitlines()
            if line.startswith("|") and not line.startswith("|---")]
    return rows[1:]


def test_notebook_05_teaches_the_same_definition_as_the_classifier():
    """Every example question in notebook 05's tables gets the label the notebook gives it."""
    cells = _notebook_05_cells()
    openers = _table_rows(cells["c08"])
    assert len(openers) == 6
    for _opener, example in openers:
        assert classify(example) == "open", example
    narrow = _table_rows(cells["c08a"])
    assert len(narrow) >= 5
    for question, _answer, open_version in narrow:
        assert analyse(question).rule == "narrow_fact", question
        if open_version.endswith("?"):
            assert classify(open_version) == "open", open_version
    assert "cannot be answered properly with yes, no or a single word" in cells["c08"]
    funnel = _table_rows(cells["c10a"])
    kinds = {row[1]: row[2] for row in funnel}
    assert classify(kinds["Open"].strip('"')) == "open"
    stage_two = re.findall(r'"([^"]+\?)"', kinds["Focused open, then one-fact questions"])
    assert [classify(q) for q in stage_two] == ["open", "closed", "closed"]
    assert analyse(stage_two[1]).rule == "narrow_fact"
    # the funnel of the hotel example: its open stages are open by the same rules
    hotel = {row[0]: row[3] for row in _table_rows(cells["c10"])}
    for stage in ("1. Open wide", "2. Narrow"):
        question = re.findall(r'"(?:Of course\. )?([^"]+\?)"', hotel[stage])[0]
        assert classify(question) == "open", question

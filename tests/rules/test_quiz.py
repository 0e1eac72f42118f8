"""Knowledge-check files: the shipped ones load, and every broken rule gives a message naming file and item."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from csworkbook.rules import quiz as checks
from csworkbook.rules.quiz import CheckError, CheckItem


def _item(item_id: str, right: int = 0, n_options: int = 3) -> dict[str, Any]:
    return {"id": item_id, "prompt": f"Prompt of {item_id}?",
            "options": [{"text": f"Option {k}", "correct": k == right, "feedback": f"Because {k}."}
                        for k in range(n_options)]}


def _doc(code: str, n_items: int = 3) -> dict[str, Any]:
    return {"notebook": code, "items": [_item(f"{code}-q{k}") for k in range(n_items)]}


def _write(folder: Path, code: str, doc: Any) -> Path:
    path = folder / f"{code}.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "checks"
    target.mkdir()
    monkeypatch.setattr(checks, "DATA_DIR", target)
    return target


# --------------------------------------------------------------------------- shipped files


SHIPPED = [f"{n:02d}" for n in range(11)]


@pytest.mark.parametrize("code", SHIPPED)
def test_shipped_files_load(code):
    items = checks.load(code)
    assert len(items) >= checks.MIN_ITEMS
    assert all(isinstance(i, CheckItem) and i.notebook == code and i.id.startswith(code) for i in items)
    for item in items:
        for version in filter(None, (item, item.variant)):
            assert version.kind == item.kind and version.id == item.id
            if item.kind == "choice":
                assert sum(o.correct for o in version.options) == 1
                assert all(o.feedback for o in version.options)
                assert version.correct_option.correct
            else:
                assert version.options == () and version.number.feedback and version.number.wrong_feedback
                assert version.number.accepts(version.number.value)
                with pytest.raises(ValueError, match="number item"):
                    version.correct_option  # noqa: B018


def test_most_items_have_a_variant_and_orientation_items_are_tagged():
    items = checks.all_items()
    with_variant = [i for i in items if i.variant is not None]
    assert len(with_variant) >= 0.75 * len(items)
    orientation = {i.id for i in items if i.orientation}
    assert {"00-run-cell", "00-journal-location", "00-binder"} <= orientation
    # notebook 00 is mostly about learning, not about the machinery of the workbook
    assert len([i for i in items if i.notebook == "00" and not i.orientation]) >= 3
    assert not any("CSWORKBOOK_HOME" in i.prompt for i in items)


def test_available_lists_the_shipped_codes_and_all_items_are_unique():
    codes = checks.available()
    assert codes == SHIPPED
    ids = [i.id for i in checks.all_items()]
    assert len(ids) == len(set(ids))


def test_items_are_frozen():
    item = checks.load("05")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.prompt = "changed"  # type: ignore[misc]
    assert isinstance(item.options, tuple)
    with pytest.raises(KeyError):
        item.option("no such option")


# --------------------------------------------------------------------------- a folder of our own


def test_load_available_and_all_items_from_a_folder(folder):
    _write(folder, "01", _doc("01"))
    _write(folder, "03", _doc("03", 4))
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # not a notebook file: ignored
    assert checks.available() == ["01", "03"]
    assert [i.id for i in checks.load("03")] == ["03-q0", "03-q1", "03-q2", "03-q3"]
    assert checks.load(1) == checks.load("01")  # codes are normalised
    assert len(checks.all_items()) == 7


def _broken(mutate) -> dict[str, Any]:
    doc = _doc("02")
    mutate(doc)
    return doc


def _set(path: list[Any], value: Any):
    def mutate(doc: dict[str, Any]) -> None:
        target = doc
        for step in path[:-1]:
            target = target[step]
        if value is KeyError:
            del target[path[-1]]
        else:
            target[path[-1]] = value
    return mutate


@pytest.mark.parametrize(("mutate", "expected", "names_item"), [
    (_set(["items", 1, "options", 1, "correct"], True), "exactly one option must be correct, found 2", True),
    (_set(["items", 1, "options", 0, "correct"], False), "exactly one option must be correct, found 0", True),
    (_set(["items", 1, "options", 2, "feedback"], "  "), "every option needs feedback", True),
    (_set(["items", 1, "options", 2, "feedback"], KeyError), "every option needs feedback", True),
    (_set(["items", 1, "options"], [{"text": "Only", "correct": True, "feedback": "x"}]), "at least 2 options", True),
    (_set(["items", 1, "id"], "05-wrong-prefix"), "must start with the notebook code '02'", True),
    (_set(["items", 1, "id"], "02-q0"), "used twice", True),
    (_set(["items", 1, "prompt"], ""), "'prompt' must be non-empty", True),
    (_set(["items", 1, "options", 1, "text"], "Option 0"), "same text", True),
    (_set(["items", 1, "options", 1, "correct"], "yes"), "true or false", True),
    (_set(["items"], [_item("02-a"), _item("02-b")]), "at least 3 items, found 2", False),
    (_set(["notebook"], "03"), "the file is for '02'", False),
    (_set(["items"], "none"), "list of 'items'", False),
])
def test_each_rule_raises_a_check_error_naming_file_and_item(folder, mutate, expected, names_item):
    path = _write(folder, "02", _broken(mutate))
    with pytest.raises(CheckError) as caught:
        checks.load("02")
    message = str(caught.value)
    assert expected in message
    assert str(path) in message
    if names_item:
        assert "item '02-" in message or "item '05-wrong-prefix'" in message
    assert isinstance(caught.value, ValueError)


def test_missing_item_id_names_the_position(folder):
    doc = _doc("02")
    del doc["items"][2]["id"]
    _write(folder, "02", doc)
    with pytest.raises(CheckError, match=r"02\.json, item #3: the item has no id"):
        checks.load("02")


def test_missing_file_and_invalid_json_and_bad_code(folder):
    with pytest.raises(CheckError, match=r"no knowledge-check file for notebook 07"):
        checks.load("07")
    _write(folder, "08", '{"notebook": "08", "items": [')
    with pytest.raises(CheckError, match=r"08\.json, line 1: the knowledge-check file is not valid JSON"):
        checks.load("08")
    (folder / "09.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CheckError, match=r"09\.json, line 1: the knowledge-check file is not UTF-8 text"):
        checks.load("09")
    with pytest.raises(CheckError, match="not a notebook code"):
        checks.load("five")


def test_an_id_from_another_notebook_is_refused(folder):
    _write(folder, "01", _doc("01"))
    clash = _doc("02")
    clash["items"][0]["id"] = "01-q1"  # the same id as in 01.json
    _write(folder, "02", clash)
    with pytest.raises(CheckError, match=r"02\.json, item '01-q1': the id must start with the notebook code"):
        checks.all_items()


def test_duplicate_id_across_files_is_reported_with_both_files(folder, monkeypatch):
    # The prefix rule makes real clashes rare; loosen it to prove the cross-file check names both files.
    _write(folder, "01", _doc("01"))
    doc = _doc("02")
    doc["items"][0]["id"] = "02-q0"
    _write(folder, "02", doc)
    real_load = checks.load

    def load_with_clash(code, *, directory=None):
        items = real_load(code, directory=directory)
        if code == "02":
            items[0] = dataclasses.replace(items[0], id="01-q0")
        return items

    monkeypatch.setattr(checks, "load", load_with_clash)
    with pytest.raises(CheckError) as caught:
        checks.all_items()
    message = str(caught.value)
    assert "01-q0" in message and "02.json" in message and "01.json" in message
    assert "unique across all check files" in message


def test_parse_item_without_prefix_rule():
    item = checks.parse_item(_item("anything"), "05", check_prefix=False)
    assert item.id == "anything" and item.notebook == "05"
    with pytest.raises(CheckError, match="items, item #4: each item must be an object"):
        checks.parse_item("text", "05", position=4)


# --------------------------------------------------------------------------- number items, variants, order


def _number_item(item_id: str = "07-n", **changes: Any) -> dict[str, Any]:
    raw = {"id": item_id, "kind": "number", "prompt": "What is the rate?", "answer": 14.0, "tolerance": 0.1,
           "unit": "% a year", "feedback": "Right.", "wrong_feedback": "Not quite.",
           "mistakes": [{"value": 92.55, "feedback": "That is the total growth."}]}
    raw.update(changes)
    return {k: v for k, v in raw.items() if v is not KeyError}


def test_a_number_item_judges_within_its_tolerance_and_names_known_slips():
    item = checks.parse_item(_number_item(), "07")
    assert item.kind == "number" and item.options == () and item.right_answer == "14 % a year"
    answer = item.number
    assert answer.judge(14.0) == (True, "Right.")
    assert answer.judge(14.1)[0] and answer.judge(13.9)[0]
    assert answer.judge(14.2) == (False, "Not quite.")
    assert answer.judge(92.5) == (False, "That is the total growth.")


@pytest.mark.parametrize(("changes", "expected"), [
    ({"answer": "14"}, "'answer' must be a number"),
    ({"answer": True}, "'answer' must be a number"),
    ({"answer": float("nan")}, "'answer' must be a number"),
    ({"tolerance": -1}, "'tolerance' must be 0 or more"),
    ({"tolerance": KeyError}, "'tolerance' must be a number"),
    ({"unit": ""}, "'unit' must be non-empty text"),
    ({"feedback": KeyError}, "'feedback' must be non-empty text"),
    ({"wrong_feedback": " "}, "'wrong_feedback' must be non-empty text"),
    ({"mistakes": [{"value": 14.05, "feedback": "close"}]}, "within the tolerance of the answer"),
    ({"mistakes": [{"value": 3}]}, "mistake 1: 'feedback' must be non-empty text"),
    ({"mistakes": "none"}, "'mistakes' must be a list"),
    ({"options": []}, "a number item has no 'options'"),
    ({"kind": "essay"}, "'kind' must be one of choice, number"),
])
def test_number_item_rules(changes, expected):
    with pytest.raises(CheckError, match=expected) as caught:
        checks.parse_item(_number_item(**changes), "07", source="07.json")
    assert "07.json, item '07-n'" in str(caught.value)


def test_a_choice_item_may_not_carry_number_fields():
    raw = _item("05-x")
    raw["answer"] = 3
    with pytest.raises(CheckError, match="'answer' belongs to number items"):
        checks.parse_item(raw, "05")


def test_a_variant_is_a_reworded_item_of_the_same_kind():
    raw = _item("05-v")
    raw["orientation"] = True
    raw["variant"] = {"prompt": "Asked another way?", "options": [
        {"text": "Alpha", "correct": False, "feedback": "No."}, {"text": "Beta", "correct": True, "feedback": "Yes."}]}
    item = checks.parse_item(raw, "05")
    assert item.variant is not None and item.for_review() is item.variant
    assert item.variant.id == item.id and item.variant.notebook == "05" and item.variant.orientation
    assert item.variant.correct_option.text == "Beta"
    plain = checks.parse_item(_item("05-w"), "05")
    assert plain.variant is None and plain.for_review() is plain and not plain.orientation
    number = checks.parse_item(_number_item(variant={"prompt": "Again?", "answer": 5, "tolerance": 0.5,
                                                     "unit": "years", "feedback": "Yes.",
                                                     "wrong_feedback": "No."}), "07")
    assert number.for_review().number.value == 5.0 and number.for_review().kind == "number"


@pytest.mark.parametrize(("variant", "expected"), [
    ("text", "the variant must be an object"),
    ({"prompt": "Prompt of 05-v?", "options": _item("x")["options"]}, "repeats the item's prompt"),
    ({"prompt": "Other?", "options": [{"text": "a", "correct": True, "feedback": "f"}]},
     "variant: an item needs at least 2"),
    ({"prompt": "Other?", "answer": 3}, "variant: 'answer' belongs to number items"),
    ({"prompt": "Other?", "options": _item("x")["options"], "variant": {}}, "no variant of its own"),
])
def test_variant_rules(variant, expected):
    raw = _item("05-v")
    raw["variant"] = variant
    with pytest.raises(CheckError, match=expected) as caught:
        checks.parse_item(raw, "05", source="05.json")
    assert "05.json, item '05-v'" in str(caught.value)


def test_orientation_must_be_true_or_false():
    raw = _item("00-o")
    raw["orientation"] = "yes"
    with pytest.raises(CheckError, match="'orientation' must be true or false"):
        checks.parse_item(raw, "00")


def test_shown_options_are_stable_for_a_learner_and_differ_between_learners():
    item = checks.parse_item(_item("05-s", n_options=4), "05")
    first = [o.text for o in checks.shown_options(item, "learner-a")]
    assert first == [o.text for o in checks.shown_options(item, "learner-a")]  # reopened: the same
    assert sorted(first) == sorted(o.text for o in item.options)  # a permutation, nothing lost
    orders = {tuple(o.text for o in checks.shown_options(item, f"learner-{n}")) for n in range(40)}
    assert len(orders) > 10
    other_key = {tuple(o.text for o in checks.shown_options(item, "learner-a", key=f"k{n}")) for n in range(40)}
    assert len(other_key) > 10

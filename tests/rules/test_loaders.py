"""Every course data file is read by one reader that names the file, and the line or node, on every error.

A file saved as Latin-1, a key written twice, broken JSON and a missing file each give one sentence
naming the file; a scenario graph is checked without recursion, so a 1,200-node chain is refused
clearly (never ``RecursionError``) while a long but allowed chain loads and scores.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest

from csworkbook.rules import policy, questions, quiz, scenario, touchpoints
from csworkbook.rules.files import DataFileError, read_json

DATA = Path(quiz.__file__).resolve().parent.parent / "data"


def _load_check(path: Path) -> Any:
    return quiz.load(path.stem, directory=path.parent)


#: loader name -> (shipped file to start from, the loader called on a path, the error it raises)
LOADERS: dict[str, tuple[Path, Callable[[Path], Any], type[Exception]]] = {
    "scenario": (DATA / "scenarios" / "call_centre_talk_time.json", scenario.load, scenario.ScenarioError),
    "knowledge check": (DATA / "checks" / "05.json", _load_check, quiz.CheckError),
    "touchpoint cards": (DATA / "touchpoints.json", touchpoints.load_deck, ValueError),
    "policy phrases": (DATA / "policy_phrases.json", policy.load_prompts, ValueError),
    "practice questions": (DATA / "questions.json", questions.load_questions, ValueError),
}


def _copy(tmp_path: Path, name: str) -> tuple[Path, str]:
    source = LOADERS[name][0]
    target = tmp_path / source.name
    text = source.read_text(encoding="utf-8")
    target.write_text(text, encoding="utf-8")
    return target, text


@pytest.mark.parametrize("name", list(LOADERS))
def test_the_shipped_file_loads(tmp_path, name):
    path, _text = _copy(tmp_path, name)
    assert LOADERS[name][1](path)


@pytest.mark.parametrize("name", list(LOADERS))
def test_a_latin1_file_names_the_file_and_line_and_says_to_save_as_utf8(tmp_path, name):
    path, text = _copy(tmp_path, name)
    lines = text.splitlines()
    # an accented word in Latin-1 (one byte, not valid UTF-8) on line 3
    lines[2] = lines[2].replace('"', '"Caf\u00e9 ', 1) if '"' in lines[2] else lines[2] + " Caf\u00e9"
    path.write_bytes("\n".join(lines).encode("latin-1"))
    with pytest.raises(LOADERS[name][2]) as caught:
        LOADERS[name][1](path)
    message = str(caught.value)
    assert path.name in message and "line 3" in message
    assert "not UTF-8" in message and "Latin-1" in message and "save it again as UTF-8" in message
    assert "UnicodeDecodeError" not in message and "codec" not in message


@pytest.mark.parametrize("name", list(LOADERS))
def test_a_key_written_twice_is_refused_with_the_key_and_line(tmp_path, name):
    path, text = _copy(tmp_path, name)
    doc = json.loads(text)
    first_key = next(iter(doc))
    # write the first top-level key twice (json.dumps cannot, so splice the text)
    body = json.dumps(doc, indent=1, ensure_ascii=False)
    duplicated = body.replace("{\n", "{\n " + json.dumps(first_key) + ": " + json.dumps(doc[first_key]) + ",\n", 1)
    path.write_text(duplicated, encoding="utf-8")
    with pytest.raises(LOADERS[name][2]) as caught:
        LOADERS[name][1](path)
    message = str(caught.value)
    assert path.name in message and f"the key '{first_key}' is written twice" in message
    second_line = next(n for n, line in enumerate(duplicated.splitlines(), start=1)
                       if line.strip().startswith(json.dumps(first_key)) and n > 2)
    assert f"line {second_line}" in message


def test_a_duplicate_scenario_node_names_the_node_and_its_line(tmp_path):
    path, text = _copy(tmp_path, "scenario")
    doc = json.loads(text)
    key = list(doc["nodes"])[1]
    body = json.dumps(doc, indent=1)
    marker = f'  "{key}": '
    start = body.index(marker)
    path.write_text(body[:start] + marker + '{"text": "again", "ending": true},\n' + body[start:], encoding="utf-8")
    with pytest.raises(scenario.ScenarioError, match=f"the key '{key}' is written twice") as caught:
        scenario.load(path)
    assert path.name in str(caught.value) and "line " in str(caught.value)


@pytest.mark.parametrize("name", list(LOADERS))
def test_broken_json_and_a_missing_file_name_the_file(tmp_path, name):
    path, text = _copy(tmp_path, name)
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(LOADERS[name][2], match=r"line \d+.*not valid JSON") as caught:
        LOADERS[name][1](path)
    assert path.name in str(caught.value)
    path.unlink()
    with pytest.raises(LOADERS[name][2], match="does not exist|no knowledge-check file") as caught:
        LOADERS[name][1](path)
    assert path.name in str(caught.value)


def test_read_json_keeps_good_unicode_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "x.json"
    path.write_bytes("\ufeff".encode() + json.dumps({"text": "Cafe\u0301 \U0001F600 \u05e9\u05dc\u05d5\u05dd"},
                                                    ensure_ascii=False).encode())
    assert read_json(path, what="test") == {"text": "Cafe\u0301 \U0001F600 \u05e9\u05dc\u05d5\u05dd"}
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(DataFileError, match="nested too deeply"):
        read_json(path, what="test")


# --------------------------------------------------------------------------- deep scenarios


def _chain(length: int) -> dict[str, Any]:
    """A scenario that is one straight line of ``length`` decision nodes, then an ending."""
    nodes: dict[str, Any] = {}
    for n in range(length):
        nodes[f"n{n}"] = {"text": f"Step {n}.", "choices": [
            {"text": "Carry on", "next": f"n{n + 1}", "points": 1, "consequence": "On you go."}]}
    nodes[f"n{length}"] = {"text": "The end.", "ending": True}
    return {"id": "chain", "title": "A long chain", "notebook": "02", "summary": "One step after another.",
            "start": "n0", "nodes": nodes}


def test_a_1200_node_chain_is_refused_clearly_not_with_recursion_error(tmp_path):
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(_chain(1200)), encoding="utf-8")
    with pytest.raises(scenario.ScenarioError) as caught:
        scenario.load(path)
    message = str(caught.value)
    assert "chain.json" in message and "node 'n999'" in message  # where the path first grows too long
    assert f"{scenario.MAX_STEPS + 1} choices long" in message and f"at most {scenario.MAX_STEPS}" in message


def test_a_chain_at_the_limit_loads_and_scores(tmp_path):
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(_chain(scenario.MAX_STEPS)), encoding="utf-8")
    loaded = scenario.load(path)
    assert loaded.best_total() == scenario.MAX_STEPS
    assert scenario.path_score(loaded, [0] * scenario.MAX_STEPS) == 1.0


def test_a_long_cycle_is_named_without_recursion(tmp_path):
    doc = _chain(1500)
    doc["nodes"]["n1499"]["choices"][0]["next"] = "n700"
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(scenario.ScenarioError, match="making a cycle .*n700 -> n701.*n1499 -> n700"):
        scenario.load(path)

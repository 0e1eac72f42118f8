"""ScenarioPlayer, driven as a learner drives it: click a choice button at each decision point, read the outcome."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from csworkbook.rules import scenario as scenarios
from csworkbook.widgets import ScenarioPlayer

SCENARIO_ID = "service_breakdown"


def _paths_by_score(scenario) -> list[tuple[float, list[int]]]:
    return sorted((scenarios.path_score(scenario, path), path) for path in scenarios.all_paths(scenario))


def _button(player: ScenarioPlayer, index: int):
    """The button that shows choice ``index`` (file order) in this learner's display order."""
    return player.choice_buttons[player.order.index(index)]


def _play(player: ScenarioPlayer, path: list[int]) -> None:
    for index in path:
        _button(player, index).click()


@pytest.fixture
def player(journal) -> ScenarioPlayer:
    return ScenarioPlayer(SCENARIO_ID, notebook="08", journal=journal)


def _write(tmp_path: Path, doc: dict, name: str | None = None) -> Path:
    path = tmp_path / f"{name or doc['id']}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


SMALL = {
    "id": "tiny_counter", "title": "A tiny counter", "notebook": "04", "summary": "Two decisions at a counter.",
    "start": "greet",
    "nodes": {
        "greet": {"text": "A customer walks up.", "choices": [
            {"text": "Smile and greet them.", "next": "ask", "points": 3, "consequence": "They relax.",
             "shows": ["positive:P"], "misses": []},
            {"text": "Keep typing.", "next": "ask", "points": 0, "consequence": "They feel ignored.",
             "shows": [], "misses": ["positive:P", "nonverbal:eye_contact"]}]},
        "ask": {"text": "They need help.", "choices": [
            {"text": "What brings you in today?", "next": "end_good", "points": 2, "consequence": "They explain.",
             "shows": ["positive:I2"]},
            {"text": "Is it a return?", "next": "end_ok", "points": 1, "consequence": "They say no.",
             "misses": ["positive:I2"]}]},
        "end_good": {"text": "They leave happy.", "ending": True},
        "end_ok": {"text": "They leave.", "ending": True},
    },
}


@pytest.mark.parametrize("scenario_id", scenarios.available())
def test_every_shipped_scenario_plays_to_full_marks_along_its_best_path(journal, scenario_id):
    scenario = scenarios.load(scenario_id)
    best_path = next(p for p in scenarios.all_paths(scenario) if scenarios.is_best_path(scenario, p))
    best_points = scenarios.path_points(scenario, best_path)[0]
    player = ScenarioPlayer(scenario_id, notebook=scenario.notebook, journal=journal)
    assert player.error is None
    _play(player, best_path)
    assert player.finished
    assert player.result["percent"] == 100.0
    assert player.result["points"] == player.result["best"] == best_points
    assert player.feedback_level == "success"
    assert "The scenario is over" in player.feedback_text
    entry = journal.latest("scenario_player", notebook=scenario.notebook, kind="result")
    assert entry["data"]["scenario"] == scenario_id
    assert entry["data"]["percent"] == 100.0
    assert entry["data"]["path"][0] == scenario.start and entry["data"]["path"][-1] in scenario.endings()


def test_a_worse_path_scores_lower_and_names_what_to_practise(player, journal):
    scenario = player.scenario
    worst_path = _paths_by_score(scenario)[0][1]
    worst = scenarios.path_result(scenario, worst_path)
    worst_points, best = worst.points, worst.best
    assert worst_points < best
    _play(player, worst_path)
    assert player.finished
    expected = worst.percent
    assert player.result["percent"] == expected < 100
    assert player.feedback_level == "info"
    assert f"{worst_points} of the {best} points your decisions offered at best" in player.feedback_text
    assert "Worth practising" in player.path_html.value
    saved = journal.latest("scenario_player", kind="result")["data"]
    assert saved["percent"] == expected and saved["points"] == worst_points and saved["best"] == best
    assert saved["misses"]


def test_each_choice_shows_its_consequence_and_tags(journal, tmp_path):
    player = ScenarioPlayer(_write(tmp_path, SMALL), notebook="04", journal=journal)
    assert player.error is None and player.heading.value.count("A tiny counter") == 1
    assert sorted(b.description for b in player.choice_buttons) == ["Keep typing.", "Smile and greet them."]
    _button(player, 1).click()
    assert player.feedback_level == "warning"
    assert "0 of 3 points" in player.feedback_text and "They feel ignored." in player.feedback_text
    assert "POSITIVE P: Put your best foot forward" in player.consequence.value
    assert "Eye contact (nonverbal dimension)" in player.consequence.value
    assert "Decision 2" in player.node_html.value
    _button(player, 0).click()
    assert player.finished and player.result["points"] == 2 and player.result["best"] == 5
    assert player.result["percent"] == 40.0
    assert player.result["ending"] == "end_good"
    assert "The outcome" in player.node_html.value and player.choice_buttons == []


def test_restart_starts_over_and_keeps_finished_runs_in_the_journal(journal, tmp_path):
    player = ScenarioPlayer(_write(tmp_path, SMALL), notebook="04", journal=journal)
    _play(player, [1, 1])
    assert player.result["percent"] == 20.0
    player.restart_button.click()
    assert player.node_key == "greet" and player.steps == [] and player.result is None
    assert not player.finished and player.path_html.value == "" and player.consequence.value == ""
    assert player.feedback_text.startswith("Back at the start")
    _play(player, [0, 0])
    assert player.result["percent"] == 100.0
    assert [e["data"]["percent"] for e in journal.entries(activity="scenario_player")] == [20.0, 100.0]


def test_a_choice_after_the_end_or_out_of_range_gives_a_message(journal, tmp_path):
    player = ScenarioPlayer(_write(tmp_path, SMALL), notebook="04", journal=journal)
    player.choose(5)
    assert player.feedback_level == "error" and "There is no choice 6" in player.feedback_text
    assert player.steps == []
    _play(player, [0, 0])
    player.choose(0)
    assert player.feedback_level == "info" and "The scenario has ended" in player.feedback_text
    assert len(journal.entries(activity="scenario_player")) == 1


def test_a_file_with_a_missing_node_shows_an_error_naming_the_file_and_the_node(journal, tmp_path):
    broken = json.loads(json.dumps(SMALL))
    broken["id"] = "broken_counter"
    broken["nodes"]["ask"]["choices"][1]["next"] = "end_lost"
    path = _write(tmp_path, broken)
    player = ScenarioPlayer(path, notebook="04", journal=journal)  # no exception
    assert player.scenario is None
    assert player.feedback_level == "error"
    text = player.feedback_text
    assert "broken_counter.json" in text
    assert "node 'ask'" in text and "'end_lost'" in text and "does not exist" in text
    assert player.restart_button.disabled
    # clicking around a broken scenario never raises
    player.choose(0)
    player.restart()
    assert player.feedback_level == "error" and "cannot be played" in player.feedback_text
    assert journal.entries() == []
    assert player.state["error"] and player.state["scenario"] is None


@pytest.mark.parametrize(("source", "expected"), [
    ("no_such_scenario", "there is no scenario called 'no_such_scenario'"),
    ("missing/file.json", "the file does not exist"),
])
def test_an_unknown_scenario_shows_a_message(journal, source, expected):
    player = ScenarioPlayer(source, notebook="02", journal=journal)
    assert player.feedback_level == "error" and expected in player.feedback_text


def test_a_file_that_is_not_json_names_the_file(journal, tmp_path):
    path = tmp_path / "garbled.json"
    path.write_text("{ not json", encoding="utf-8")
    player = ScenarioPlayer(path, notebook="02", journal=journal)
    assert player.feedback_level == "error"
    assert "garbled.json" in player.feedback_text and "not valid JSON" in player.feedback_text


def test_state_is_plain_values(player):
    player.choose(0)
    state = player.state
    assert state["scenario"] == SCENARIO_ID and state["finished"] is False
    assert state["steps"][0]["choice"] == 0 and isinstance(state["steps"][0]["shows"], list)
    json.dumps(state)


def test_every_choice_button_is_labelled(player):
    assert player.choice_buttons
    for button in (*player.choice_buttons, player.restart_button):
        assert button.description.strip()


def test_buttons_follow_the_learners_display_order_and_the_steps_record_where_the_choice_was_shown(journal, tmp_path):
    from csworkbook.rules.order import display_order

    player = ScenarioPlayer(_write(tmp_path, SMALL), notebook="04", journal=journal)
    choices = player.scenario.node("greet").choices
    assert player.order == display_order(2, journal.learner_id(), "tiny_counter/greet")
    assert [b.description for b in player.choice_buttons] == [choices[i].text for i in player.order]
    shown_last = player.order[-1]
    player.choice_buttons[-1].click()  # whatever the learner sees last
    step = player.steps[0]
    assert step["choice"] == shown_last and step["shown_at"] == 2
    assert step["text"] == choices[step["choice"]].text
    assert player.order == display_order(2, journal.learner_id(), "tiny_counter/ask")


DETOUR = {
    "id": "detour", "title": "A detour", "notebook": "04", "summary": "A weak start and a long way round.",
    "start": "greet",
    "nodes": {
        "greet": {"text": "A customer walks up.", "choices": [
            {"text": "Greet them.", "next": "ask", "points": 3, "consequence": "They relax."},
            {"text": "Keep typing.", "next": "late", "points": 1, "consequence": "They wait."}]},
        "late": {"text": "You look up at last.", "choices": [
            {"text": "Apologise for the wait.", "next": "ask", "points": 3, "consequence": "They forgive you."}]},
        "ask": {"text": "They need help.", "choices": [
            {"text": "Ask what they need.", "next": "end", "points": 2, "consequence": "They explain."}]},
        "end": {"text": "They leave happy.", "ending": True},
    },
}


def test_a_longer_route_after_a_weaker_choice_never_reaches_100_percent(journal, tmp_path):
    """Under the old rule (points over the best total of any path) this detour scored 100 %."""
    path = _write(tmp_path, DETOUR)
    player = ScenarioPlayer(path, notebook="04", journal=journal)
    _play(player, [1, 0, 0])
    assert player.result["points"] == 6 and player.result["best"] == 8 and player.result["percent"] == 75.0
    assert player.feedback_level == "info"
    player.restart()
    _play(player, [0, 0])
    assert player.result["points"] == player.result["best"] == 5 and player.result["percent"] == 100.0
    assert [e["data"]["percent"] for e in journal.entries(activity="scenario_player")] == [75.0, 100.0]

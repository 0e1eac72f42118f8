"""The scenario loader and its scoring rule: every shipped file loads, broken files are named, and a
score is 100 % exactly when every decision taken was a best one."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from csworkbook.rules import scenario as scenarios

ALL = scenarios.available()

SMALL = {
    "id": "tiny", "title": "Tiny", "notebook": "04", "summary": "Two decisions.", "start": "a",
    "nodes": {
        "a": {"text": "A customer arrives.", "choices": [
            {"text": "Greet them.", "next": "b", "points": 3, "consequence": "Good."},
            {"text": "Keep typing.", "next": "detour", "points": 1, "consequence": "They wait."}]},
        "detour": {"text": "You look up late.", "choices": [
            {"text": "Apologise for the wait.", "next": "b", "points": 3, "consequence": "They forgive you."}]},
        "b": {"text": "They ask a question.", "choices": [
            {"text": "Ask what they need.", "next": "end", "points": 2, "consequence": "They explain."},
            {"text": "Guess.", "next": "end", "points": 0, "consequence": "Wrong guess."}]},
        "end": {"text": "Done.", "ending": True},
    },
}


def _write(tmp_path: Path, doc: dict) -> Path:
    path = tmp_path / f"{doc['id']}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _copy() -> dict:
    return json.loads(json.dumps(SMALL))


# --------------------------------------------------------------------------- the scoring rule


def test_a_longer_route_cannot_make_up_for_a_weaker_choice():
    scenario = scenarios.parse(SMALL)
    # the old rule (path points over the best total of any path) gave the detour 1 + 3 + 2 = 6 of 6, 100 %,
    # and the path of best choices 5 of 6
    assert scenarios.path_points(scenario, [1, 0, 0])[0] == scenario.best_total() == 6
    detour = scenarios.path_result(scenario, [1, 0, 0])
    assert (detour.points, detour.best) == (6, 8) and detour.percent == 75.0
    best = scenarios.path_result(scenario, [0, 0])
    assert (best.points, best.best, best.percent) == (5, 5, 100.0)
    assert scenarios.path_result(scenario, [0, 1]).percent == 60.0
    assert scenarios.is_best_path(scenario, [0, 0]) and not scenarios.is_best_path(scenario, [1, 0, 0])


def test_a_scenario_whose_decisions_offer_no_points_scores_full_marks():
    doc = _copy()
    for node in doc["nodes"].values():
        for choice in node.get("choices", []):
            choice["points"] = 0
    scenario = scenarios.parse(doc)
    assert scenarios.path_score(scenario, [1, 0, 1]) == 1.0


@pytest.mark.parametrize("scenario_id", ALL)
def test_every_path_with_a_weaker_decision_scores_below_100_and_every_all_best_path_scores_100(scenario_id):
    scenario = scenarios.load(scenario_id)
    paths = list(scenarios.all_paths(scenario))
    best_paths = [p for p in paths if scenarios.is_best_path(scenario, p)]
    assert best_paths, "no path takes a best choice at every decision"
    for path in paths:
        result = scenarios.path_result(scenario, path)
        if path in best_paths:
            assert result.percent == 100.0, path
        else:
            assert result.score < 1.0, path
            assert result.percent < 100.0, path  # also after rounding to one decimal


def test_every_path_figures(capsys):
    """Print, per scenario, how many paths there are, how many score 100 % and the highest non-best score."""
    rows = []
    for scenario_id in ALL:
        scenario = scenarios.load(scenario_id)
        paths = list(scenarios.all_paths(scenario))
        full = [p for p in paths if scenarios.path_result(scenario, p).percent == 100.0]
        weaker = [scenarios.path_result(scenario, p).percent for p in paths if not scenarios.is_best_path(scenario, p)]
        assert len(full) == sum(scenarios.is_best_path(scenario, p) for p in paths)
        rows.append((scenario_id, len(paths), len(full), max(weaker)))
    with capsys.disabled():
        print("\nscenario                 paths  at 100 %  best score with a weaker decision")
        for sid, n, full, top in rows:
            print(f"{sid:<24} {n:>5}  {full:>8}  {top:>6.1f} %")


# --------------------------------------------------------------------------- shipped files


@pytest.mark.parametrize("scenario_id", ALL)
def test_every_shipped_scenario_loads_and_is_well_formed(scenario_id):
    scenario = scenarios.load(scenario_id)
    assert scenario.id == scenario_id and scenario.endings()
    decisions = [n for n in scenario.nodes.values() if not n.ending]
    assert len(decisions) >= 3
    for node in decisions:
        texts = [c.text for c in node.choices]
        assert len(set(texts)) == len(texts), node.key


@pytest.mark.parametrize("scenario_id", ALL)
def test_choices_at_a_decision_are_similar_in_length_and_one_tempting_choice_is_marked(scenario_id):
    """Labels at one decision differ by at most 30 % in length; the author marks at least one tempting
    choice (polite-sounding or by the book) that scores below the best at its decision point."""
    scenario = scenarios.load(scenario_id)
    for node in scenario.nodes.values():
        lengths = [len(c.text) for c in node.choices]
        if len(lengths) > 1:
            assert min(lengths) >= 0.7 * max(lengths), (node.key, lengths)
    tempting = [(n.key, c) for n in scenario.nodes.values() for c in n.choices if c.tempting]
    assert tempting
    assert all(c.points < scenario.best_at(key) for key, c in tempting)


def test_the_best_choice_is_seldom_the_longest_or_the_shortest():
    """Across the course, a best choice is the longest label (or ties for it) at under a third of decisions,
    and the shortest at under a third; with two choices it has to be one or the other, so both are shared."""
    decisions = [n for s in ALL for n in scenarios.load(s).nodes.values() if len(n.choices) > 1]
    longest = shortest = 0
    for node in decisions:
        top = max(c.points for c in node.choices)
        lengths = [len(c.text) for c in node.choices]
        best = [len(c.text) for c in node.choices if c.points == top]
        longest += max(best) == max(lengths)
        shortest += min(best) == min(lengths)
    print(f"\nbest choice is the longest (or ties) at {longest} and the shortest (or ties) at {shortest} "
          f"of {len(decisions)} decision points")
    assert longest < len(decisions) / 3 and shortest < len(decisions) / 3


def test_a_tempting_mark_on_a_best_choice_is_refused(tmp_path):
    doc = _copy()
    doc["nodes"]["a"]["choices"][0]["tempting"] = True
    with pytest.raises(scenarios.ScenarioError, match=r"tiny\.json, node 'a'.*marked tempting but is a best choice"):
        scenarios.load(_write(tmp_path, doc))
    doc["nodes"]["a"]["choices"][0]["tempting"] = "yes"
    with pytest.raises(scenarios.ScenarioError, match="must be true or false"):
        scenarios.load(_write(tmp_path, doc))


def test_the_course_has_twelve_scenarios_and_84_decision_points():
    loaded = [scenarios.load(s) for s in ALL]
    assert len(loaded) == 12
    assert sum(1 for s in loaded for n in s.nodes.values() if not n.ending) >= 84


# --------------------------------------------------------------------------- errors name the file and the node


@pytest.mark.parametrize(("change", "node", "words"), [
    (lambda d: d["nodes"]["b"]["choices"][0].update(next="nowhere"), "b", "'nowhere', which does not exist"),
    (lambda d: d["nodes"]["a"]["choices"][1].update(points=5), "a", "points must be a whole number"),
    (lambda d: d["nodes"]["a"]["choices"][1].update(points=True), "a", "points must be a whole number"),
    (lambda d: d["nodes"]["b"]["choices"][1].update(shows=["positive:Z"]), "b", "bad tag"),
    (lambda d: d["nodes"]["b"]["choices"][1].update(next="a"), "b", "cycle"),
    (lambda d: d["nodes"].update(orphan={"text": "x", "ending": True}), "orphan", "cannot be reached"),
    (lambda d: d["nodes"]["end"].update(choices=[{"text": "t", "next": "a", "points": 1, "consequence": "c"}]),
     "end", "ending node cannot have choices"),
    (lambda d: d["nodes"]["b"].update(choices=[]), "b", "has no choices"),
    (lambda d: d["nodes"]["a"]["choices"][0].pop("consequence"), "a", "missing consequence"),
])
def test_a_broken_file_is_refused_with_a_message_naming_the_file_and_node(tmp_path, change, node, words):
    doc = _copy()
    change(doc)
    with pytest.raises(scenarios.ScenarioError) as err:
        scenarios.load(_write(tmp_path, doc))
    message = str(err.value)
    assert "tiny.json" in message and f"node '{node}'" in message and words in message
    assert err.value.node == node


def test_file_level_problems_name_the_file(tmp_path):
    bad = tmp_path / "garbled.json"
    bad.write_text("{ nope", encoding="utf-8")
    with pytest.raises(scenarios.ScenarioError, match=r"garbled\.json.*not valid JSON"):
        scenarios.load(bad)
    doc = _copy()
    doc["id"] = "other"
    with pytest.raises(scenarios.ScenarioError, match=r"tiny\.json.*must match the file name"):
        scenarios.load(_write(tmp_path, {**doc, "id": "other"}).rename(tmp_path / "tiny.json"))
    with pytest.raises(scenarios.ScenarioError, match="there is no scenario called 'nope'"):
        scenarios.load("nope")

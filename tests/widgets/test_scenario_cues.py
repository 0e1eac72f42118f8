"""Blind learners who never read the choices must not do well: measured on the buttons the player shows.

A blind learner always clicks the first button shown, or the last, or the one with the longest label
(or, since making the best choice shorter could become a cue of its own, the shortest).
Each simulated learner has their own journal, so their own learner id and their own shuffled order.
Part 1 drives the real widget for a few learners and checks, play by play, that the saved ``percent``
equals what the rules predict from :func:`csworkbook.rules.order.display_order` and
:func:`csworkbook.rules.scenario.path_result`. Part 2 uses the same rules for many learner ids, and requires
every strategy to average at most 60 % of the best score (100 %) in every scenario. Learner ids are
fixed, so the figures are the same on every run. Run with ``-s`` to see the table.
"""
from __future__ import annotations

import json
from pathlib import Path
from statistics import mean
from typing import Callable, Sequence

import pytest

from csworkbook.rules import scenario as scenarios
from csworkbook.journal import FORMAT_VERSION, Journal
from csworkbook.rules.order import display_order
from csworkbook.widgets import ScenarioPlayer

WIDGET_LEARNERS = 12  # learners driven through the widget (slow: real buttons, real journal)
MANY_LEARNERS = 500  # learner ids for the averages
LIMIT = 60.0  # percent of the best score (100 %) a blind strategy may reach, at most

#: strategy -> picks a position among the labels shown, in display order.
STRATEGIES: dict[str, Callable[[Sequence[str]], int]] = {
    "first": lambda labels: 0,
    "last": lambda labels: len(labels) - 1,
    "longest": lambda labels: max(range(len(labels)), key=lambda k: len(labels[k])),  # first shown among equals
    "shortest": lambda labels: min(range(len(labels)), key=lambda k: len(labels[k])),
}


def _learner(n: int) -> str:
    return f"simulated-learner-{n:04d}"


def _journal(folder: Path, n: int) -> Journal:
    path = folder / f"{_learner(n)}.json"
    path.write_text(json.dumps({"version": FORMAT_VERSION, "learner": _learner(n), "entries": []}), encoding="utf-8")
    return Journal(path)


def _predicted(scenario: scenarios.Scenario, learner: str, pick: Callable[[Sequence[str]], int]) -> float:
    """The percent the rules give a blind learner: labels in display order, the picked one taken."""
    key, path = scenario.start, []
    while not scenario.node(key).ending:
        choices = scenario.node(key).choices
        order = display_order(len(choices), learner, f"{scenario.id}/{key}")
        index = order[pick([choices[i].text for i in order])]
        path.append(index)
        key = choices[index].next
    return scenarios.path_result(scenario, path).percent


def test_the_widget_shows_and_scores_exactly_what_the_rules_predict(tmp_path):
    for n in range(WIDGET_LEARNERS):
        journal = _journal(tmp_path, n)
        for sid in scenarios.available():
            scenario = scenarios.load(sid)
            player = ScenarioPlayer(sid, notebook=scenario.notebook, journal=journal)
            assert player.learner == _learner(n)
            for name, pick in STRATEGIES.items():
                player.restart()
                while not player.finished:
                    labels = [b.description for b in player.choice_buttons]
                    player.choice_buttons[pick(labels)].click()
                saved = journal.latest("scenario_player", kind="result")["data"]["percent"]
                assert saved == player.result["percent"] == _predicted(scenario, _learner(n), pick), (sid, name, n)


@pytest.fixture(scope="module")
def figures() -> dict[str, dict[str, float]]:
    """scenario id -> strategy -> mean percent over MANY_LEARNERS learner ids."""
    table = {}
    for sid in scenarios.available():
        scenario = scenarios.load(sid)
        table[sid] = {name: round(mean(_predicted(scenario, _learner(n), pick) for n in range(MANY_LEARNERS)), 1)
                      for name, pick in STRATEGIES.items()}
    print(f"\nBlind learners: mean score over {MANY_LEARNERS} learner ids (the best score is 100 %)")
    print(f"{'scenario':<24}" + "".join(f"{name:>9}" for name in STRATEGIES))
    for sid, row in table.items():
        print(f"{sid:<24}" + "".join(f"{row[name]:>8.1f}%" for name in STRATEGIES))
    overall = {name: round(mean(row[name] for row in table.values()), 1) for name in STRATEGIES}
    print(f"{'all scenarios':<24}" + "".join(f"{overall[name]:>8.1f}%" for name in STRATEGIES))
    return table


@pytest.mark.parametrize("strategy", list(STRATEGIES))
def test_a_blind_strategy_scores_at_most_60_percent_of_the_best_in_every_scenario(figures, strategy):
    too_high = {sid: row[strategy] for sid, row in figures.items() if row[strategy] > LIMIT}
    assert not too_high, f"always clicking the {strategy} button scores above {LIMIT} %: {too_high}"


def test_the_shown_order_differs_between_learners_and_stays_for_one_learner(tmp_path):
    """Different learners see the choices in different places; one learner always sees the same order."""
    scenario = scenarios.load("welcome_desk")
    seen = set()
    for n in range(12):
        journal = _journal(tmp_path, n)
        first = ScenarioPlayer("welcome_desk", notebook="00", journal=journal)
        again = ScenarioPlayer("welcome_desk", notebook="00", journal=Journal(journal.path))
        labels = [b.description for b in first.choice_buttons]
        assert labels == [b.description for b in again.choice_buttons]
        assert sorted(labels) == sorted(c.text for c in scenario.node(scenario.start).choices)
        seen.add(tuple(first.order))
    assert len(seen) > 1

"""The activity frame and the learner's screen, from Python: what the browser side is told, and where feedback goes.

The browser side itself (shortcuts, focus, aria attributes, contrast) is checked in a real
JupyterLab by ``tests/browser/test_course_in_jupyterlab.py``.
"""
from __future__ import annotations

import re

import ipywidgets as widgets
import pytest

from csworkbook import widgets as w
from csworkbook.plots import short_money
from csworkbook.widgets.frame import ActivityFrame, course_css


def _index(parent: widgets.Box, child: widgets.Widget) -> int:
    return list(parent.children).index(child)


def test_every_activity_carries_one_frame_last_and_names_its_kind(journal):
    for name in ("PositiveSelfAssessment", "RecoveryPlanner", "DefectionCostExplorer", "Dashboard", "KnowledgeCheck"):
        activity = getattr(w, name)(journal=journal)
        frames = [c for c in activity.children if isinstance(c, ActivityFrame)]
        assert frames == [activity.frame] and activity.children[-1] is activity.frame
        assert "csw-activity" in activity._dom_classes and f"csw-{activity.activity_id}" in activity._dom_classes


def test_feedback_is_announced_once_with_the_area_that_shows_it(journal):
    planner = w.RecoveryPlanner(journal=journal)
    before = planner.frame.announce.get("n", 0)
    planner.order_button.click()
    announce = planner.frame.announce
    assert announce["n"] == before + 1 and announce["text"].startswith("Error: Choose a strategy for every step")
    assert announce["area"] in planner.order_feedback._dom_classes
    assert "Choose a strategy" in planner.order_feedback.value and planner.match_feedback.value == ""
    assert "role='status'" not in planner.order_feedback.value  # the one live region is the frame's


def test_each_part_of_the_recovery_planner_has_its_feedback_under_its_button(journal):
    planner = w.RecoveryPlanner(journal=journal)
    assert _index(planner, planner.order_feedback) == _index(planner, planner.order_button) + 1
    assert _index(planner, planner.match_feedback) == _index(planner, planner.match_button) + 1
    assert all(d.label == "— choose —" and d.value is None for d in planner.order_inputs + planner.match_inputs)
    planner.match_button.click()
    assert "Match every statement" in planner.match_feedback.value and planner.order_feedback.value == ""


def test_sliders_are_named_and_read_in_their_units(journal):
    explorer = w.DefectionCostExplorer(journal=journal)
    share = explorer.fields["share_lost"]
    css = next(c for c in share._dom_classes if c.startswith("csw-slider-"))
    assert explorer.frame.sliders[css] == {"name": "Share of listeners lost", "scale": 100, "decimals": 0,
                                           "suffix": " %"}
    planner = w.TalkTimePlanner(journal=journal)
    units = list(planner.frame.sliders.values())
    assert len(units) == 6 and all(u["suffix"] == " minutes" and u["name"] for u in units)


def test_the_chart_summary_is_the_chart_alt_text(journal):
    explorer = w.DefectionCostExplorer(journal=journal)
    assert explorer.frame.chart_alt.startswith("Chart: ") and explorer.frame.chart_alt.endswith(
        re.sub(r"<[^>]+>", "", explorer.chart_summary.value).split("Chart summary: ")[1])
    explorer.hide_chart()
    assert explorer.frame.chart_alt == ""


def test_scenario_shows_the_consequence_first_then_the_next_decision_and_the_path_once(journal):
    player = w.ScenarioPlayer("welcome_desk", notebook="00", journal=journal)
    assert _index(player, player.consequence) < _index(player, player.node_html) < _index(player, player.choices_box)
    while not player.finished:
        player.choose(0)
    assert "The outcome" in player.node_html.value
    assert player.path_html.value.count("<b>Your path</b>") == 1
    assert player.path_html.value.count("The scenario is over") == 1
    assert player.feedback.value == ""  # no second copy of the consequence elsewhere
    assert player.frame.focus["target"] in player.consequence._dom_classes


def test_dashboard_shows_the_chart_first_folds_the_table_and_answers_export_under_its_button(journal, tmp_path):
    board = w.Dashboard(journal=journal)
    buttons = next(c for c in board.children if isinstance(c, widgets.HBox))
    assert _index(board, board.chart_box) < _index(board, buttons) < _index(board, board.table_html)
    assert board.table_html.value.startswith("<details>")
    assert _index(board, board.export_html) in (_index(board, buttons) + 1, _index(board, buttons) + 2)
    board.export_button.click()
    assert "action_plan.md" in board.export_html.value and board.feedback.value == ""


def test_knowledge_check_keeps_the_choice_and_shows_each_feedback_once(journal):
    check = w.KnowledgeCheck(notebook="05", journal=journal)
    wrong = next(o.text for o in check.items[0].options if not o.correct)
    check.choices[0].value = wrong
    check.check_buttons[0].click()
    note = check.item_feedback[0].value
    assert check.choices[0].value == wrong and "You chose:" in note
    assert note.count("Not quite") == 1 and check.feedback.value == ""
    assert check.choices[0].description == "Your answer:"  # not a second "Question 1"
    assert check.frame.focus["target"] in check.item_feedback[0]._dom_classes


def test_an_attempt_read_back_from_the_journal_is_last_time_until_the_learner_scores(journal):
    first = w.PositiveSelfAssessment(notebook="00", journal=journal)
    for key in first.ratings:
        first.set_rating(key, 4)
    first.score()
    assert first.chart_data["current"] is True
    again = w.PositiveSelfAssessment(notebook="05", journal=journal)
    assert again.chart_data["current"] is False and "Last time" in again.chart_summary.value
    for key in again.ratings:
        again.set_rating(key, 3)
    again.score()
    assert again.chart_data["current"] is True and again.chart_data["attempt_totals"] == [32, 24]


def test_the_course_stylesheet_marks_the_chosen_state_and_the_focus_ring():
    css = course_css()
    selected = css[css.index(".widget-toggle-button.mod-active"):]
    assert "background-color: #0072b2" in selected.split("}")[0] and "color: #ffffff" in selected.split("}")[0]
    assert "outline: 2px solid #1a1a1a" in css and "line-height: 1.5" in css and "font-size: 14px" in css
    assert "width: auto" in css


@pytest.mark.parametrize("amount, text", [(0, "$0"), (950, "$950"), (150_000, "$150k"), (12_500, "$12.5k"),
                                          (1_250_000, "$1.25M")])
def test_money_ticks_are_short(amount, text):
    assert short_money(amount) == text

"""Dashboard (notebook 10), driven as a learner drives it: work in other activities, press Refresh and Export."""
from __future__ import annotations

import base64
import json
import re
import subprocess
import sys

import pytest

from csworkbook.rules import scenario as scenarios
from csworkbook.action_plan import HTML_NAME, MD_NAME
from csworkbook.plots.dashboard import BANDS, band, dashboard_chart
from csworkbook.widgets import (Dashboard, DefectionCostExplorer, QuestionTrainer, RecoveryPlanner,
                                ScenarioPlayer)
from csworkbook.widgets.recovery import CANONICAL

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def dashboard(journal) -> Dashboard:
    return Dashboard(journal=journal)


def _row(board: Dashboard, key: str) -> dict:
    return next(r for r in board.state["rows"] if r["key"] == key)


def _play_best(journal, scenario_id: str) -> tuple[str, float]:
    scenario = scenarios.load(scenario_id)
    best = next(p for p in scenarios.all_paths(scenario) if scenarios.is_best_path(scenario, p))
    player = ScenarioPlayer(scenario_id, notebook=scenario.notebook, journal=journal)
    for index in best:  # file indices; the buttons are shown in this learner's shuffled order
        player.choice_buttons[player.order.index(index)].click()
    return f"Scenario: {scenario.title}", player.result["percent"]


def _play_worst(journal, scenario_id: str) -> tuple[str, float]:
    scenario = scenarios.load(scenario_id)
    worst = min(scenarios.all_paths(scenario), key=lambda p: scenarios.path_points(scenario, p)[0])
    player = ScenarioPlayer(scenario_id, notebook=scenario.notebook, journal=journal)
    for index in worst:
        player.choose(index)
    return f"Scenario: {scenario.title}", player.result["percent"]


# --------------------------------------------------------------------------- empty journal


def test_an_empty_journal_shows_a_friendly_message_and_an_empty_chart(dashboard, journal):
    assert dashboard.notebook == "10" and dashboard.activity_id == "dashboard"
    assert dashboard.feedback_level == "info"
    assert "Your journal is empty so far" in dashboard.feedback_text and "notebook 00" in dashboard.feedback_text
    assert dashboard.chart_data["labels"] == [] and dashboard.chart_data["percent"] == []
    assert dashboard.chart.value[:8] == PNG
    assert "No scored results yet" in dashboard.chart_summary.value
    assert "Nothing is saved in your journal yet" in dashboard.summary_text
    assert dashboard.summary_text in dashboard.summary_html.value
    rows = dashboard.state["rows"]
    assert rows and all(r["result"] == "not yet" for r in rows)
    assert dashboard.table_html.value.count("<tr>") == len(rows) + 1
    dashboard.refresh_button.click()
    assert dashboard.feedback_level == "info"
    assert journal.entries() == []  # the dashboard only reads


def test_export_with_an_empty_journal_works_and_shows_both_paths(dashboard, csworkbook_home):
    dashboard.export_button.click()
    md_path, html_path = csworkbook_home / MD_NAME, csworkbook_home / HTML_NAME
    assert dashboard.export_paths == (md_path, html_path)
    assert md_path.exists() and html_path.exists()
    assert dashboard.feedback_level == "success"
    assert str(md_path) in dashboard.feedback_text and str(html_path) in dashboard.feedback_text
    assert "Binder" in dashboard.feedback_text and "download" in dashboard.feedback_text.lower()
    assert str(md_path) in dashboard.export_html.value and str(html_path) in dashboard.export_html.value
    assert dashboard.state["export"] == [str(md_path), str(html_path)]
    assert "Open notebook 00" in md_path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- seeded through the real widgets


def test_results_from_the_real_widgets_appear_as_bars_and_rows(journal):
    best_label, best_percent = _play_best(journal, "service_breakdown")
    worst_label, worst_percent = _play_worst(journal, "call_centre_talk_time")
    trainer = QuestionTrainer(notebook="05", mode="label", journal=journal,
                              items=[{"question": "How can I help?", "label": "open"},
                                     {"question": "Is that all?", "label": "closed"}])
    trainer.open_button.click()
    trainer.next_button.click()
    trainer.open_button.click()  # wrong: 1 of 2
    planner = RecoveryPlanner(notebook="08", journal=journal)
    for dropdown, key in zip(planner.order_inputs, CANONICAL):
        dropdown.value = key
    planner.order_button.click()
    explorer = DefectionCostExplorer(notebook="08", journal=journal)
    explorer.load_ms_ling()
    explorer.save_button.click()

    board = Dashboard(journal=journal)
    data = board.chart_data
    bars = dict(zip(data["labels"], data["percent"]))
    assert best_percent == 100.0 and worst_percent < 100.0
    assert bars == {"Question trainer": 50.0, "Recovery planner: order the strategies": 100.0,
                    best_label: 100.0, worst_label: worst_percent}
    # bars follow the table's order: by notebook
    assert data["labels"].index(worst_label) < data["labels"].index("Question trainer") \
        < data["labels"].index("Recovery planner: order the strategies")
    assert data["lowest"] == min(data["labels"], key=lambda label: bars[label])
    assert data["lowest"] in ("Question trainer", worst_label)
    assert data["bands"][data["labels"].index(best_label)] == BANDS[0][0]
    # the unscored explorer is listed as done, not drawn
    defection = _row(board, "defection_cost_explorer")
    assert (defection["status"], defection["result"], defection["percent"]) == ("done", "done", None)
    assert "Defection-cost explorer" not in data["labels"]
    assert _row(board, "recovery_planner:match")["result"] == "not yet"
    assert _row(board, "question_trainer")["result"] == "1 of 2 labelled correctly (50 %)"
    assert board.feedback_level == "success" and "activities done" in board.feedback_text
    done = sum(r["done"] for r in board.state["rows"])
    assert board.summary_text.startswith(f"{done} of {len(board.state['rows'])} activities done; average ")
    assert done == 5
    summary = board.chart_summary.value
    assert "4 scored results" in summary and "2 of 4 are at 80 % or more" in summary


def test_refresh_picks_up_new_work(dashboard, journal):
    assert dashboard.chart_data["labels"] == []
    journal.record("touchpoint_sorter", {"percent": 62.5}, notebook="01", kind="result")
    assert dashboard.chart_data["labels"] == []  # nothing changes until Refresh
    dashboard.refresh_button.click()
    assert dashboard.chart_data["labels"] == ["Touchpoint sorter"]
    assert dashboard.chart_data["percent"] == [62.5]
    assert dashboard.chart_data["bands"] == [BANDS[1][0]]
    assert "Touchpoint sorter (notebook 01) at 62.5 %" in dashboard.feedback_text
    assert "One scored result so far: Touchpoint sorter at 62.5 %." in dashboard.chart_summary.value
    assert "62.5 %" in dashboard.table_html.value


def test_latest_result_wins_and_the_table_shows_its_date(journal):
    journal.record("knowledge_check", {"score": 1, "total": 4, "percent": 25.0, "missed": ["05-a"]},
                   notebook="05", kind="result")
    journal.record("knowledge_check", {"score": 4, "total": 4, "percent": 100.0, "missed": []}, notebook="05",
                   kind="result")
    journal.record("policy_rewriter", {"percent": 40.0}, notebook="09", kind="result")
    board = Dashboard(journal=journal)
    bars = dict(zip(board.chart_data["labels"], board.chart_data["percent"]))
    assert bars == {"Knowledge check (notebook 05)": 100.0, "Policy rewriter": 40.0}
    row = _row(board, "knowledge_check:05")
    assert row["result"] == "4 of 4 right (100 %)"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"]) and row["date"] in board.table_html.value
    assert board.chart_data["average"] == 70.0
    assert "lowest: Policy rewriter (40 %)" in board.summary_text


def test_the_table_escapes_text_from_the_journal(journal):
    journal.record("scenario_player", {"scenario": "own", "title": "<script>x()</script>", "points": 1, "best": 1,
                                       "percent": 100.0}, notebook="09", kind="result")
    board = Dashboard(journal=journal)
    assert "<script>" not in board.table_html.value
    assert "Scenario: &lt;script&gt;x()&lt;/script&gt;" in board.table_html.value
    assert "Scenario: <script>x()</script>" in board.chart_data["labels"]


def test_export_offers_download_links_with_the_files_contents(journal):
    journal.record("reflection", {"key": "k", "prompt": "What will you try?", "text": "Smile <first>.",
                                  "words": 2}, notebook="10", kind="reflection")
    board = Dashboard(journal=journal)
    md_path, html_path = board.export()
    links = dict(re.findall(r"download='([^']+)' href='data:[^;]+;charset=utf-8;base64,([A-Za-z0-9+/=]+)'",
                            board.export_html.value))
    assert set(links) == {MD_NAME, HTML_NAME}
    assert base64.b64decode(links[MD_NAME]) == md_path.read_bytes()
    assert base64.b64decode(links[HTML_NAME]) == html_path.read_bytes()
    assert "Smile &lt;first&gt;." in html_path.read_text(encoding="utf-8")
    assert board.export_button.description == "Export my action plan"


def test_an_export_that_cannot_be_written_gives_a_message(dashboard, monkeypatch):
    def refuse(**_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("csworkbook.widgets.dashboard.export_action_plan", refuse)
    assert dashboard.export() is None
    assert dashboard.feedback_level == "error"
    assert "could not be written (Permission denied)" in dashboard.feedback_text
    assert dashboard.export_paths is None and dashboard.state["export"] is None


def test_a_corrupt_journal_is_reported_not_raised(journal):
    journal.path.parent.mkdir(parents=True, exist_ok=True)
    journal.path.write_text("[not json", encoding="utf-8")
    with pytest.warns(UserWarning):
        board = Dashboard(journal=journal)
    assert board.feedback_level == "warning" and "moved to" in board.feedback_text
    assert board.chart_data["labels"] == []


def test_a_journal_that_cannot_be_read_gives_an_error_message(dashboard, monkeypatch):
    def broken(**_kwargs):
        raise OSError("disk unavailable")

    monkeypatch.setattr(dashboard.journal, "entries", broken)
    dashboard.refresh_button.click()
    assert dashboard.feedback_level == "error" and "disk unavailable" in dashboard.feedback_text
    dashboard.export_button.click()
    assert dashboard.feedback_level == "error" and "not written" in dashboard.feedback_text


def test_state_is_plain_values(journal):
    journal.record("touchpoint_sorter", {"percent": 80.0}, notebook="01", kind="result")
    board = Dashboard(journal=journal)
    board.export()
    json.dumps(board.state)
    assert board.state["summary"] == board.summary_text


def test_every_control_has_a_readable_label(dashboard):
    for control in (dashboard.refresh_button, dashboard.export_button):
        assert control.description.strip() and control.tooltip.strip()


# --------------------------------------------------------------------------- the chart function


def test_dashboard_chart_bands_and_summary():
    png, summary, data = dashboard_chart(["A", "B", "C"], [90, 55.5, 10])
    assert png[:8] == PNG
    assert data["percent"] == [90.0, 55.5, 10.0] and data["average"] == 51.8
    assert data["bands"] == [BANDS[0][0], BANDS[1][0], BANDS[2][0]]
    assert (data["highest"], data["lowest"]) == ("A", "C")
    assert summary == ("3 scored results, average 51.8 %: the highest is A at 90 %, the lowest C at 10 %; "
                       "1 of 3 are at 80 % or more.")
    assert band(80) == BANDS[0][0] and band(79.9) == BANDS[1][0] and band(0) == BANDS[2][0]
    with pytest.raises(ValueError):
        dashboard_chart(["A"], [])


def test_importing_the_modules_does_not_import_matplotlib():
    code = ("import csworkbook.widgets.dashboard, csworkbook.plots.dashboard, sys; "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

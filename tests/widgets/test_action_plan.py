"""The action plan: summarise() over journal entries, and export_action_plan() writing Markdown and HTML."""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
import sys

import pytest

from csworkbook import content
from csworkbook.action_plan import (FIRST_STEPS, HTML_NAME, MD_NAME, export_action_plan, md_escape, summarise)
from csworkbook.journal import Journal, JournalWarning

POSITIVE = {b.key: b for b in content.POSITIVE}
NONVERBAL = {d.key: d for d in content.NONVERBAL}
RATINGS = {"P": 4, "O": 5, "S": 2, "I1": 4, "T": 3, "I2": 1, "V": 5, "E": 4}


def _row(summary: dict, key: str) -> dict:
    return next(r for r in summary["rows"] if r["key"] == key)


def seed(journal: Journal) -> None:
    """A learner part-way through the course, written with the data shapes of docs/contracts.md."""
    r = journal.record
    r("reflection", {"key": "first_impression", "prompt": "What did your posture say today?",
                     "text": "Too stiff.", "words": 2}, notebook="04", kind="reflection")
    r("reflection", {"key": "first_impression", "prompt": "What did your posture say today?",
                     "text": "I stood square to the customer and kept my hands still.", "words": 11},
      notebook="04", kind="reflection")
    r("reflection", {"key": "open_questions", "prompt": "Which question will you change?",
                     "text": "Ask 'what would help most?' before offering options.", "words": 8},
      notebook="05", kind="reflection")
    r("positive_self_assessment", {"ratings": {k: 3 for k in RATINGS}, "total": 24, "max": 40, "percent": 60.0,
                                   "weakest": ["P", "O"]}, notebook="05", kind="attempt")
    r("positive_self_assessment", {"ratings": RATINGS, "total": 28, "max": 40, "percent": 70.0,
                                   "weakest": ["I2", "S"]}, notebook="05", kind="attempt")
    r("nonverbal_peer_evaluation", {"answers": {"body_language": "yes", "facial_expression": "unsure",
                                                "eye_contact": "no", "tone_of_voice": "yes"},
                                    "comments": "Looked at the screen a lot.", "observer": "Sam <S>",
                                    "transaction": "a return", "percent": 50.0},
      notebook="04", kind="observation")
    r("knowledge_check", {"item_id": "04-x", "chosen": "a", "correct": False}, notebook="04", kind="answer")
    r("knowledge_check", {"score": 2, "total": 4, "percent": 50.0, "missed": ["04-a", "04-b"]},
      notebook="04", kind="result")
    r("knowledge_check", {"score": 3, "total": 3, "percent": 100.0, "missed": []}, notebook="05", kind="result")
    r("scenario_player", {"scenario": "service_breakdown", "title": "A damaged sofa and a lost day off",
                          "path": ["vent", "end"], "points": 3, "best": 9, "percent": 33.3,
                          "misses": ["emotion:let_vent", "recovery:monitor"]}, notebook="08", kind="result")
    r("question_trainer", {"mode": "label", "score": 9, "total": 12, "missed": ["q1", "q2", "q3"]},
      notebook="05", kind="result")
    r("receipt_builder", {"store": "Shop", "items": [], "total_saving": 4.0}, notebook="06", kind="result")
    r("spaced_review", {"item_id": "04-a", "from_notebook": "04", "chosen": "x", "correct": True},
      notebook="05", kind="answer")
    r("spaced_review", {"item_id": "04-b", "from_notebook": "04", "chosen": "y", "correct": False},
      notebook="05", kind="answer")


# --------------------------------------------------------------------------- summarise


def test_an_empty_journal_gives_a_plan_that_says_where_to_start():
    s = summarise([])
    assert s["empty"] is True and s["entry_count"] == 0
    assert s["scored"] == [] and s["average_percent"] is None and s["weakest_row"] is None
    assert s["next_steps"] == list(FIRST_STEPS) and 3 <= len(s["next_steps"]) <= 5
    assert "notebook 00" in s["next_steps"][0]
    assert all(r["status"] == "not yet" and r["result"] == "not yet" for r in s["rows"])
    assert len(s["not_done"]) == len(s["rows"])
    assert s["positive"] is None and s["nonverbal"] is None and s["reflections"] == {}
    assert "Nothing is saved" in s["summary"]
    json.dumps(s)  # plain values only


def test_summary_reads_every_documented_entry_shape(journal):
    seed(journal)
    s = summarise(journal.entries())
    assert s["empty"] is False
    # reflections: grouped by notebook, latest per key
    assert list(s["reflections"]) == ["04", "05"]
    assert [r["text"] for r in s["reflections"]["04"]] == [
        "I stood square to the customer and kept my hands still."]
    assert s["reflections"]["05"][0]["prompt"] == "Which question will you change?"
    # POSITIVE: the latest attempt, its two weakest letters and their coaching
    p = s["positive"]
    assert p["ratings"] == RATINGS and p["percent"] == 70.0 and p["attempts"] == 2
    assert [(w["key"], w["rating"]) for w in p["weakest"]] == [("I2", 1), ("S", 2)]
    assert [w["coaching"] for w in p["weakest"]] == [POSITIVE["I2"].coaching, POSITIVE["S"].coaching]
    # nonverbal: open points are the 'no' and 'unsure' dimensions, 'no' first
    n = s["nonverbal"]
    assert [(o["key"], o["answer"]) for o in n["open_points"]] == [("eye_contact", "no"),
                                                                   ("facial_expression", "unsure")]
    assert n["open_points"][0]["feedback"] == NONVERBAL["eye_contact"].feedback
    assert n["comments"] == "Looked at the screen a lot."
    # knowledge checks and scenarios
    assert [(k["notebook"], k["percent"], k["missed"]) for k in s["knowledge_checks"]] == [
        ("04", 50.0, ["04-a", "04-b"]), ("05", 100.0, [])]
    (scenario,) = s["scenarios"]
    assert (scenario["scenario"], scenario["percent"], scenario["points"], scenario["best"]) == (
        "service_breakdown", 33.3, 3, 9)
    assert scenario["misses"] == ["Let them vent (emotion-reducing move)",
                                  "Monitor progress (recovery strategy)"]
    # rows: scored ones carry the latest percent; the question trainer's is computed from score / total
    assert _row(s, "question_trainer")["percent"] == 75.0
    assert _row(s, "question_trainer")["result"] == "9 of 12 labelled correctly (75 %)"
    assert _row(s, "knowledge_check:04")["result"] == "2 of 4 right (50 %)"
    assert _row(s, "scenario_player:service_breakdown")["result"] == "3 of 9 points (33.3 %)"
    assert _row(s, "positive_self_assessment")["result"].startswith("70 %; weakest: I (Invite")
    assert _row(s, "nonverbal_peer_evaluation")["result"] == "50 %; 2 open points"
    assert (_row(s, "receipt_builder")["status"], _row(s, "receipt_builder")["percent"]) == ("done", None)
    assert _row(s, "receipt_builder")["result"] == "done"
    assert _row(s, "spaced_review")["result"] == "1 of 2 review answers right"
    assert _row(s, "reflection")["result"] == "2 of 11 done (notebooks 04, 05)"
    assert _row(s, "touchpoint_sorter")["status"] == "not yet"
    assert _row(s, "receipt_builder")["date"] == dt.datetime.now(dt.timezone.utc).date().isoformat()
    scored = {r["key"]: r["percent"] for r in s["scored"]}
    assert scored == {"nonverbal_peer_evaluation": 50.0, "knowledge_check:04": 50.0,
                      "positive_self_assessment": 70.0, "question_trainer": 75.0, "knowledge_check:05": 100.0,
                      "scenario_player:service_breakdown": 33.3}
    assert s["average_percent"] == round(sum(scored.values()) / 6, 1)
    assert s["weakest_row"]["key"] == "scenario_player:service_breakdown"
    assert "lowest: Scenario: A damaged sofa and a lost day off (33.3 %)" in s["summary"]
    assert "Touchpoint sorter (notebook 01)" in s["not_done"]
    assert "Receipt builder (notebook 06)" not in s["not_done"]
    json.dumps(s)


def test_next_steps_aim_at_the_weakest_areas(journal):
    seed(journal)
    steps = summarise(journal.entries())["next_steps"]
    assert 3 <= len(steps) <= 5
    assert steps[0].startswith("Strengthen POSITIVE I, Invite customers to open up (you rated it 1 of 5)")
    assert POSITIVE["I2"].coaching in steps[0] and POSITIVE["S"].coaching in steps[1]
    assert NONVERBAL["eye_contact"].feedback in steps[2]
    assert any("Replay the scenario 'A damaged sofa and a lost day off' (latest 33.3 %)" in s
               and "Let them vent" in s for s in steps)
    assert any("Re-read notebook 04 and take its knowledge check again (your latest score was 50 %)" in s
               for s in steps)
    assert len(set(steps)) == len(steps)


def test_partial_data_still_gives_three_to_five_steps():
    entries = [{"time": "2024-03-01T10:00:00+00:00", "notebook": "01", "activity": "touchpoint_sorter",
                "kind": "result", "data": {"percent": 95.0}}]
    s = summarise(entries)
    assert s["empty"] is False and s["scored"][0]["percent"] == 95.0 and s["scored"][0]["date"] == "2024-03-01"
    steps = s["next_steps"]
    assert 3 <= len(steps) <= 5
    assert FIRST_STEPS[1] in steps and FIRST_STEPS[2] in steps  # the two diagnostics not done yet
    assert "1 of" in s["summary"] and "average 95 %" in s["summary"]


def test_weakest_letters_are_worked_out_when_the_entry_does_not_name_them():
    ratings = {"P": 5, "O": 2, "S": 4, "I1": 2, "T": 5, "I2": 3, "V": 4, "E": 5}
    entries = [{"time": "2024-03-01T10:00:00+00:00", "notebook": "05", "activity": "positive_self_assessment",
                "kind": "attempt", "data": {"ratings": ratings, "total": 30, "max": 40, "percent": 75.0}}]
    weakest = summarise(entries)["positive"]["weakest"]
    assert [w["key"] for w in weakest] == ["O", "I1"]  # ties keep the POSITIVE order


def test_nonverbal_comments_per_dimension_are_joined_in_course_order():
    entries = [{"time": "2024-03-02T09:00:00+00:00", "notebook": "04", "activity": "nonverbal_peer_evaluation",
                "kind": "observation",
                "data": {"answers": {"body_language": "no", "facial_expression": "yes", "eye_contact": "yes",
                                     "tone_of_voice": "unsure"},
                         "comments": {"tone_of_voice": " Rushed at the end. ", "body_language": "Arms crossed.",
                                      "eye_contact": ""},
                         "observer": "", "transaction": "", "percent": 50.0}}]
    n = summarise(entries)["nonverbal"]
    assert n["comments"] == "Body language: Arms crossed.\nTone of voice: Rushed at the end."
    assert [p["key"] for p in n["open_points"]] == ["body_language", "tone_of_voice"]


def test_malformed_entries_are_skipped_not_raised_on():
    entries = [
        "not a dict",
        {"activity": "knowledge_check", "kind": "result", "notebook": "04", "data": "oops"},
        {"activity": "scenario_player", "kind": "result", "data": {"scenario": 7, "percent": "high"}},
        {"activity": "positive_self_assessment", "kind": "attempt", "data": {"ratings": {"P": "five", "Q": 3},
                                                                            "weakest": ["Z"]}},
        {"activity": "nonverbal_peer_evaluation", "kind": "observation", "data": {"answers": ["no"]}},
        {"activity": "policy_rewriter", "kind": "result", "time": None, "data": {"percent": float("nan")}},
        {"activity": "touchpoint_sorter", "kind": "result", "data": {"percent": 180}},
        {"activity": "reflection", "kind": "reflection", "data": {"text": None}},
    ]
    s = summarise(entries)
    assert _row(s, "knowledge_check:04")["status"] == "done" and _row(s, "knowledge_check:04")["percent"] is None
    assert _row(s, "policy_rewriter")["percent"] is None and _row(s, "policy_rewriter")["date"] == ""
    assert _row(s, "touchpoint_sorter")["percent"] == 100.0  # clamped to 0–100
    assert s["positive"]["ratings"] == {} and s["positive"]["weakest"] == []
    assert s["nonverbal"]["open_points"] == [] and s["reflections"] == {}
    assert 3 <= len(s["next_steps"]) <= 5
    json.dumps(s)


# --------------------------------------------------------------------------- export


def test_export_with_an_empty_journal_writes_a_starting_plan(journal, csworkbook_home):
    md_path, html_path = export_action_plan(journal=journal)
    assert (md_path, html_path) == (csworkbook_home / MD_NAME, csworkbook_home / HTML_NAME)
    md, page = md_path.read_text(encoding="utf-8"), html_path.read_text(encoding="utf-8")
    today = dt.date.today().isoformat()
    assert md.startswith("# My customer service action plan\n")
    assert f"Date: {today}" in md and f"<p>Date: {today}</p>" in page
    assert "## My next steps" in md
    for n, step in enumerate(FIRST_STEPS, start=1):
        assert f"{n}. {md_escape(step)}" in md
    assert "Not done yet: rate yourself in notebook 05" in md
    assert "None saved yet" in md and "| Touchpoint sorter | 01 | – | not yet |" in md
    assert page.startswith("<!DOCTYPE html>") and "<html lang='en'>" in page and "</html>" in page
    assert "<h2>My next steps</h2><ol><li>Open notebook 00" in page.replace("\n", "")


def test_default_journal_and_folder_are_the_learners(csworkbook_home):
    Journal(csworkbook_home / "journal.json").record("growth_calculator", {"start": 1, "end": 2, "years": 1},
                                                     notebook="07", kind="result")
    md_path, html_path = export_action_plan()
    assert md_path.parent == html_path.parent == csworkbook_home
    assert "| Growth calculator | 07 |" in md_path.read_text(encoding="utf-8")


def test_export_writes_every_section_from_the_journal(journal, tmp_path):
    seed(journal)
    target = tmp_path / "plans" / "mine"
    md_path, html_path = export_action_plan(target, journal=journal)
    assert md_path == target / MD_NAME and html_path.exists()
    md, page = md_path.read_text(encoding="utf-8"), html_path.read_text(encoding="utf-8")
    for heading in ("My next steps", "Where I stand", "POSITIVE self-assessment",
                    "Nonverbal peer evaluation: open points", "Knowledge checks", "Scenarios", "Still to do",
                    "My reflections"):
        assert f"## {heading}" in md and f"<h2>{heading}</h2>" in page
    assert "### Notebook 04: Nonverbal communication" in md and "<h3>Notebook 05: The POSITIVE model</h3>" in page
    assert "> I stood square to the customer and kept my hands still." in md
    assert "Too stiff." not in md and "Too stiff." not in page  # only the latest answer per prompt
    assert md_escape(POSITIVE["I2"].coaching) in md and POSITIVE["S"].coaching in page
    assert "| I | Invite customers to open up | 1 |" in md
    assert "Latest observation by Sam \\<S\\>" in md and "Latest observation by Sam &lt;S&gt;" in page
    assert html.escape(f"Eye contact (no): {NONVERBAL['eye_contact'].feedback}") in page
    assert "| 04 | 2 of 4 | 50 % | 1 |" in md
    assert "A damaged sofa and a lost day off" in md and "33.3 %" in page
    assert "Touchpoint sorter (notebook 01)" in md
    assert "Receipt builder (notebook 06)" not in md  # done, so not in 'Still to do'


def test_learner_text_is_escaped_in_both_files(journal):
    evil = "<script>alert('hi')</script> & <b>bold</b> *stars* | pipe"
    journal.record("reflection", {"key": "k", "prompt": "Prompt <i>", "text": evil, "words": 6}, notebook="09",
                   kind="reflection")
    journal.record("scenario_player", {"scenario": "mine", "title": "<img src=x onerror=alert(1)>", "points": 1,
                                       "best": 2, "percent": 50.0}, notebook="09", kind="result")
    md_path, html_path = export_action_plan(journal=journal)
    page = html_path.read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "Prompt &lt;i&gt;" in page
    md = md_path.read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)<", md)  # every '<' of learner text is escaped
    assert r"> \<script\>alert('hi')\</script\> & \<b\>bold\</b\> \*stars\* \| pipe" in md


def test_a_corrupt_journal_still_gives_a_plan(journal):
    journal.path.parent.mkdir(parents=True, exist_ok=True)
    journal.path.write_text("{ this is not json", encoding="utf-8")
    with pytest.warns(JournalWarning):
        md_path, _html = export_action_plan(journal=journal)
    assert "Nothing is saved in your journal yet" in md_path.read_text(encoding="utf-8")


def test_an_unwritable_folder_raises_oserror(journal, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(OSError):
        export_action_plan(blocker / "sub", journal=journal)


def test_importing_the_module_imports_neither_matplotlib_nor_ipywidgets():
    code = ("import csworkbook.action_plan, sys; "
            "print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"

"""Every activity survives a journal it cannot write: one clear message, the answer still on screen, nothing lost.

The journal is made unwritable the way a learner meets it (a folder that cannot be written, a lock
that cannot be taken): after the activity is built, its lock file's place is taken by a folder, so
every save fails with a real ``OSError``. Earlier saved answers must still be in the file byte for
byte. Then a huge answer, half an emoji and a ``null`` entry, driven through the widgets.
"""
from __future__ import annotations

import json
from typing import Any, Callable

import pytest

from csworkbook import overview, widgets
from csworkbook.action_plan import export_action_plan
from csworkbook.journal import MAX_ENTRY_CHARS, Journal, JournalWarning
from csworkbook.rules import scenario as scenarios


def _answer(quiz: Any, index: int) -> None:
    """Answer question ``index`` as a learner would: the first option shown, or a number typed."""
    control = quiz.choices[index]
    if getattr(control, "options", None):
        first = control.options[0]
        control.value = first[1] if isinstance(first, tuple) else first
    else:
        control.value = "1"
    quiz.check_buttons[index].click()


def _answer_first_item(quiz: Any) -> None:
    _answer(quiz, 0)


def _play_to_the_end(player: Any) -> None:
    while not player.finished:
        player.choice_buttons[0].click()


def _sort_every_card(sorter: Any) -> None:
    for card in sorter.deck.cards:
        sorter.choices[card.id].value = card.answer
    sorter.check_button.click()


def _rate_all(assessment: Any) -> None:
    for n, control in enumerate(assessment.rating_controls.values()):
        control.value = 1 + n % 5
    assessment.score_button.click()


def _observe(evaluation: Any) -> None:
    for control in evaluation.answer_controls.values():
        control.value = "unsure"
    evaluation.save_button.click()


def _order(planner: Any) -> None:
    from csworkbook.widgets.recovery import CANONICAL

    for dropdown, key in zip(planner.order_inputs, CANONICAL):
        dropdown.value = key
    planner.order_button.click()


def _compare(practice: Any) -> None:
    for control in practice.answer_controls.values():
        control.value = control.options[0][1]
    practice.compare_button.click()


def _rewrite(rewriter: Any) -> None:
    rewriter.rewrite_input.value = "I'm sorry about the wait. I can rebook you on the 6 pm flight right now."
    rewriter.check_button.click()


def _receipt(builder: Any) -> None:
    builder.example_button.click()
    builder.save_button.click()


def _reflect(reflection: Any) -> None:
    reflection.text_input.value = "Ask before assuming: three customers told me so this week."
    reflection.save_button.click()


#: class name -> (build it with a journal, do what saves, what the learner sees that must stay)
ACTIVITIES: dict[str, tuple[Callable[[Journal], Any], Callable[[Any], None], Callable[[Any], Any]]] = {
    "Reflection": (lambda j: widgets.Reflection("What will you try?", key="try", notebook="03", journal=j),
                   _reflect, lambda w: w.text_input.value),
    "KnowledgeCheck": (lambda j: widgets.KnowledgeCheck(notebook="05", journal=j), _answer_first_item,
                       lambda w: w.choices[0].value),
    "SpacedReview": (lambda j: widgets.SpacedReview(notebook="05", journal=j), _answer_first_item,
                     lambda w: w.choices[0].value),
    "ScenarioPlayer": (lambda j: widgets.ScenarioPlayer(scenarios.available()[0], notebook="02", journal=j),
                       _play_to_the_end, lambda w: [s["node"] for s in w.steps]),
    "TouchpointSorter": (lambda j: widgets.TouchpointSorter(journal=j), _sort_every_card, lambda w: w.answers),
    "TalkTimePlanner": (lambda j: widgets.TalkTimePlanner(journal=j), lambda w: w.save_button.click(),
                        lambda w: w.values),
    "LatenessExplorer": (lambda j: widgets.LatenessExplorer(journal=j), lambda w: w.save_button.click(),
                         lambda w: (w.minutes_slider.value, w.orientation_slider.value)),
    "NonverbalPeerEvaluation": (lambda j: widgets.NonverbalPeerEvaluation(journal=j), _observe,
                                lambda w: dict(w.answers)),
    "PositiveSelfAssessment": (lambda j: widgets.PositiveSelfAssessment(journal=j), _rate_all,
                               lambda w: {k: c.value for k, c in w.rating_controls.items()}),
    "QuestionTrainer": (lambda j: widgets.QuestionTrainer(journal=j), lambda w: w.open_button.click(),
                        lambda w: w.index),
    "ReceiptBuilder": (lambda j: widgets.ReceiptBuilder(journal=j), _receipt, lambda w: [dict(i) for i in w.items]),
    "GrowthCalculator": (lambda j: widgets.GrowthCalculator(journal=j), lambda w: w.calculate_button.click(),
                         lambda w: (w.start_input.value, w.end_input.value)),
    "DefectionCostExplorer": (lambda j: widgets.DefectionCostExplorer(journal=j), lambda w: w.save_button.click(),
                              lambda w: w.values),
    "RecoveryPlanner": (lambda j: widgets.RecoveryPlanner(journal=j), _order, lambda w: w.order),
    "PolicyRewriter": (lambda j: widgets.PolicyRewriter(journal=j), _rewrite, lambda w: w.rewrite_input.value),
    "NonverbalPractice": (lambda j: widgets.NonverbalPractice(journal=j), _compare, lambda w: dict(w.answers)),
}
#: Where pressing the same button again is not how a learner carries on: what they do next instead.
#: (A knowledge check keeps the first answer to each question, so the next question is answered; its
#: result is saved once the journal works again. A finished scenario is restarted and played again.)
RETRY: dict[str, Callable[[Any], None]] = {
    "KnowledgeCheck": lambda w: _answer(w, 1),
    "SpacedReview": lambda w: _answer(w, 1),
    "ScenarioPlayer": lambda w: (w.restart_button.click(), _play_to_the_end(w)),
    "QuestionTrainer": lambda w: (w.next_button.click(), w.open_button.click()),
}
#: Widgets that only read or export the journal (they save nothing that could fail this way).
READERS = {"Activity", "JournalTools", "Dashboard"}


def test_every_saving_activity_is_covered():
    exported = set(widgets.__all__)
    assert set(ACTIVITIES) == exported - READERS, "add the new activity to ACTIVITIES above"


@pytest.fixture
def saved_before(journal: Journal) -> bytes:
    """A journal with answers already saved (what must never be lost)."""
    journal.record("reflection", {"key": "earlier", "prompt": "Earlier?", "text": "kept", "words": 1},
                   notebook="01", kind="reflection")
    journal.record("touchpoint_sorter", {"percent": 80.0}, notebook="01", kind="result")
    return journal.path.read_bytes()


@pytest.mark.parametrize("name", list(ACTIVITIES))
def test_an_unwritable_journal_gives_one_clear_message_and_keeps_everything(name, journal, saved_before):
    make, act, on_screen = ACTIVITIES[name]
    widget = make(journal)
    journal.lock_path.unlink(missing_ok=True)
    journal.lock_path.mkdir()  # now no save (nor read) can take the lock: a real OSError
    act(widget)
    seen = on_screen(widget)
    assert widget.feedback_level == "error", widget.feedback_text
    assert widget.feedback_text.count("Not saved: your journal") == 1
    assert str(journal.path) in widget.feedback_text and "nothing saved earlier is lost" in widget.feedback_text
    assert "Traceback" not in widget.feedback_text and "Saved to your journal" not in widget.feedback_text
    assert widget.save_problem is not None
    # the learner's answer is still on screen, and the earlier answers are still in the file
    assert on_screen(widget) == seen and seen not in (None, "", [], {})
    assert journal.path.read_bytes() == saved_before
    # once the journal works again, the same button saves and the message goes away
    journal.lock_path.rmdir()
    before = len(journal.entries())
    RETRY.get(name, act)(widget)
    assert len(journal.entries()) > before, widget.feedback_text
    assert widget.save_problem is None and "Not saved" not in widget.feedback_text


def test_a_huge_reflection_is_refused_clearly_and_stays_in_the_box(journal, saved_before):
    reflection = widgets.Reflection("What will you try?", key="try", notebook="03", journal=journal)
    huge = "I will listen first. " * (MAX_ENTRY_CHARS // 20)
    reflection.text_input.value = huge
    reflection.save_button.click()
    assert reflection.feedback_level == "error"
    assert f"up to {MAX_ENTRY_CHARS:,} characters" in reflection.feedback_text
    assert "Shorten it" in reflection.feedback_text and reflection.text_input.value == huge
    assert journal.path.read_bytes() == saved_before


def test_half_an_emoji_round_trips_and_the_action_plan_still_exports(journal, tmp_path):
    text = "The customer smiled \ud83d and so did I \U0001F600."
    reflection = widgets.Reflection("What went well?", key="well", notebook="04", journal=journal)
    reflection.text_input.value = text
    reflection.save_button.click()
    assert reflection.feedback_level != "error", reflection.feedback_text
    assert Journal(journal.path).latest("reflection")["data"]["text"] == text  # exactly as typed
    md_path, html_path = export_action_plan(tmp_path / "plan", journal)
    markdown, page = md_path.read_text(encoding="utf-8"), html_path.read_text(encoding="utf-8")
    assert "The customer smiled \ufffd and so did I \U0001F600." in markdown  # replaced visibly, the rest kept
    assert "\ufffd" in page and "\U0001F600" in page


def test_an_export_that_cannot_be_written_leaves_no_empty_file(journal, tmp_path):
    journal.record("reflection", {"key": "k", "prompt": "p", "text": "kept"}, notebook="01", kind="reflection")
    folder = tmp_path / "plan"
    md_path, _html = export_action_plan(folder, journal)
    good = md_path.read_bytes()
    md_path.chmod(0o444)
    (folder / "action_plan.html").unlink()
    (folder / "action_plan.html").mkdir()  # the second file cannot be replaced
    with pytest.raises(OSError):
        export_action_plan(folder, journal)
    assert md_path.read_bytes() and md_path.read_bytes().startswith(good[:20])
    assert not list(folder.glob(".action_plan*.tmp"))


def test_a_null_entry_hides_nothing_on_the_dashboard(journal):
    journal.record("touchpoint_sorter", {"percent": 90.0}, notebook="01", kind="result")
    journal.record("policy_rewriter", {"percent": 40.0, "passed": 2, "total": 5}, notebook="09", kind="result")
    doc = json.loads(journal.path.read_text())
    doc["entries"].insert(1, None)
    journal.path.write_text(json.dumps(doc))
    with pytest.warns(JournalWarning, match="1 entry .* skipped; the other 2 are kept"):
        board = widgets.Dashboard(journal=journal)
    rows = {r["key"]: r for r in board.overview["rows"]}
    assert rows["touchpoint_sorter"]["percent"] == 90.0 and rows["policy_rewriter"]["percent"] == 40.0
    assert board.feedback_level == "warning" and "bad-entries" in board.feedback_text
    copies = list(journal.path.parent.glob("journal.bad-entries-*.json"))
    assert len(copies) == 1 and json.loads(copies[0].read_text())["entries"][1] is None
    assert overview.summarise(journal.entries())["done_count"] == board.overview["done_count"]
    assert copies[0] in widgets.JournalTools(journal=journal).aside_files()  # the learner can find the copy

"""PolicyRewriter, driven as a learner drives it: read the phrase, type a rewrite, click, read the feedback."""
from __future__ import annotations

import subprocess
import sys

import pytest

from csworkbook.rules.policy import is_open, review
from csworkbook.widgets import PolicyRewriter
from csworkbook.widgets.policy import load_prompts, validate_prompts

GOOD = ("I can see why that matters to you. Let me check what we have in stock, and I'll call you "
        "back within the hour with the options.")
POLICY = "Sorry, but our policy doesn't allow that. I'll ask anyway."


@pytest.fixture
def rewriter(journal) -> PolicyRewriter:
    return PolicyRewriter(notebook="09", journal=journal)


def _check(widget: PolicyRewriter, text: str) -> None:
    widget.rewrite_input.value = text
    widget.check_button.click()


def test_shipped_prompts_are_8_to_10_own_phrases_that_hide_with_open_examples():
    prompts = load_prompts()
    assert 8 <= len(prompts) <= 10
    phrases = [p["phrase"] for p in prompts]
    for wanted in ("That's against our rules.", "You'll have to take that up with head office.",
                   "Our system won't let me do that."):
        assert wanted in phrases
    for p in prompts:
        assert not is_open(p["phrase"]), p["phrase"]
        assert is_open(p["example"]), (p["example"], review(p["example"]).tips)
        assert "polic" not in p["example"].lower() and "rule" not in p["example"].lower()
    # not the article's own example sentence
    assert not any("because our policy says" in p["phrase"].lower() for p in prompts)


def test_the_screen_shows_the_situation_and_the_phrase(rewriter):
    first = rewriter.prompts[0]
    assert "Phrase 1 of" in rewriter.progress.value
    assert first["situation"] in rewriter.prompt_html.value
    assert "against our rules" in rewriter.prompt_html.value


def test_an_empty_rewrite_gets_a_clear_message_and_saves_nothing(rewriter, journal):
    for text in ("", "   ", "...?"):
        _check(rewriter, text)
        assert rewriter.feedback_level == "error"
        assert "Type your rewrite first" in rewriter.feedback_text
    assert journal.entries() == []
    assert rewriter.attempts == []


def test_an_open_rewrite_passes_and_lists_what_works(rewriter, journal):
    _check(rewriter, GOOD)
    assert rewriter.feedback_level == "success"
    assert "What works:" in rewriter.feedback_text
    assert "acknowledge the customer" in rewriter.feedback_text
    assert "offer something" in rewriter.feedback_text
    entry = journal.latest("policy_rewriter", notebook="09", kind="attempt")
    assert entry["data"] == {"prompt": "That's against our rules.", "rewrite": GOOD,
                             "score": review(GOOD).score, "passed": True}
    assert "✔ yes" in rewriter.checklist.value


def test_a_rewrite_that_still_mentions_policy_gets_specific_feedback(rewriter, journal):
    _check(rewriter, POLICY)
    assert rewriter.feedback_level == "warning"
    assert "still leans on a rule" in rewriter.feedback_text
    assert "'policy'" in rewriter.feedback_text
    assert "What is missing:" in rewriter.feedback_text
    data = journal.latest("policy_rewriter", kind="attempt")["data"]
    assert data["passed"] is False and data["score"] <= 40
    _check(rewriter, "Those are the rules, I'm afraid.")
    assert "'rules'" in rewriter.feedback_text


def test_a_rewrite_that_passes_the_problem_on_is_named(rewriter):
    _check(rewriter, "You'll need to call head office; it's not my department.")
    assert rewriter.feedback_level == "warning"
    assert "hands the problem to someone else" in rewriter.feedback_text
    assert "not my department" in rewriter.feedback_text


def test_a_polite_rewrite_without_an_offer_says_what_is_missing(rewriter):
    _check(rewriter, "I'm so sorry about that.")
    assert rewriter.feedback_level == "warning"
    assert "What works:" in rewriter.feedback_text and "What is missing:" in rewriter.feedback_text
    assert "Offer something you CAN do" in rewriter.feedback_text


def test_copying_the_original_phrase_is_refused(rewriter, journal):
    _check(rewriter, "  that's against our RULES. ")
    assert rewriter.feedback_level == "error" and "word for word" in rewriter.feedback_text
    assert journal.entries() == []


def test_show_example_shows_the_prompts_example(rewriter):
    rewriter.example_button.click()
    assert rewriter.feedback_level == "info"
    assert rewriter.prompts[0]["example"] in rewriter.feedback_text


def test_next_needs_a_checked_rewrite_then_moves_on_and_clears(rewriter):
    rewriter.next_button.click()
    assert rewriter.feedback_level == "error" and rewriter.index == 0
    _check(rewriter, GOOD)
    rewriter.next_button.click()
    assert rewriter.index == 1
    assert rewriter.rewrite_input.value == ""
    assert rewriter.feedback_text == ""
    assert "Phrase 2 of" in rewriter.progress.value
    assert rewriter.prompts[1]["phrase"].replace("'", "&#x27;") in rewriter.prompt_html.value


def test_after_the_last_phrase_the_result_is_saved_once(rewriter, journal):
    total = len(rewriter.prompts)
    for i in range(total):
        # every other phrase passes; a failed try then a good one still counts as passed
        if i % 2 == 0:
            _check(rewriter, POLICY)
            _check(rewriter, GOOD)
        else:
            _check(rewriter, "No.")
        if i == total - 1:
            assert "the last one" in rewriter.progress.value
        rewriter.next_button.click()
    passed = (total + 1) // 2
    entry = journal.latest("policy_rewriter", notebook="09", kind="result")
    assert entry["data"] == {"passed": passed, "total": total, "percent": round(100 * passed / total, 1)}
    assert f"{passed} of {total}" in rewriter.feedback_text
    assert "Worth another try" in rewriter.feedback_text
    assert len(journal.entries(kind="attempt")) == total + (total + 1) // 2
    rewriter.next_button.click()  # pressing again does not save twice
    assert len(journal.entries(kind="result")) == 1
    assert rewriter.state["finished"] is True and rewriter.state["result"]["passed"] == passed
    rewriter.restart_button.click()
    assert rewriter.index == 0 and rewriter.attempts == [] and not rewriter.finished


def test_custom_prompts_and_their_validation(journal):
    prompts = [{"id": "a", "situation": "A shopper asks for a bag.", "phrase": "Bags are not allowed.",
                "example": "Of course, I'll find you a sturdy one."}]
    widget = PolicyRewriter(journal=journal, prompts=prompts)
    _check(widget, GOOD)
    widget.next_button.click()
    assert journal.latest("policy_rewriter", kind="result")["data"]["percent"] == 100.0
    with pytest.raises(ValueError, match="example"):
        validate_prompts([{"id": "a", "situation": "s", "phrase": "p"}])
    with pytest.raises(ValueError, match="twice"):
        validate_prompts([prompts[0], dict(prompts[0])])


def test_long_text_and_odd_characters_never_raise(rewriter, journal):
    _check(rewriter, "x" * 5000)
    assert rewriter.feedback_level == "error" and "characters" in rewriter.feedback_text
    _check(rewriter, "I’ll <b>sort</b> it & call you 🙂")
    assert rewriter.feedback_level in {"success", "warning"}
    _check(rewriter, "Спасибо, я помогу")
    assert rewriter.feedback_level == "error" and "English" in rewriter.feedback_text
    assert len(journal.entries()) == 1


def test_every_control_has_a_readable_label(rewriter):
    for control in (rewriter.rewrite_input, rewriter.check_button, rewriter.example_button,
                    rewriter.next_button, rewriter.restart_button):
        assert control.description.strip()
    assert rewriter.check_button.description == "Check my rewrite"
    assert rewriter.example_button.description == "Show an example"
    assert rewriter.next_button.description == "Next phrase"


def test_importing_the_widget_module_does_not_import_matplotlib():
    code = "import csworkbook.widgets.policy, csworkbook.rules.policy, sys; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

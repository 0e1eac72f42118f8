"""Can a learner who never reads the questions pass the knowledge checks? Measured on what learners SEE.

For many simulated learners (each a journal with its own learner id, as a restored journal would
have), every notebook's KnowledgeCheck is built and the options are read from its radio buttons,
in the order that learner sees them. Then blind strategies are scored: "always the option in
position k" for each position, "always the longest" option, and likewise the 2nd, 3rd... longest
and the shortest (a test-wise learner who learned that the answer is "never the longest" would use
those). Each
share must stay at or below 40 %; the figures are printed (they are quoted in the README).

The reworded variants that the spaced review shows are measured the same way, in the order
SpacedReview gives them (checked against a real SpacedReview below).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Sequence

import pytest

from csworkbook.journal import FORMAT_VERSION, Journal
from csworkbook.rules import quiz
from csworkbook.widgets import KnowledgeCheck, SpacedReview

LEARNERS = [f"simulated-learner-{n:03d}" for n in range(30)]
LIMIT = 0.40
NOTEBOOKS = [f"{n:02d}" for n in range(11)]

#: a blind strategy: given the option texts in display order, the index it clicks
Strategy = Callable[[Sequence[str]], int]


def _journal(folder: Path, learner: str) -> Journal:
    path = folder / learner / "journal.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": FORMAT_VERSION, "learner": learner, "entries": []}), encoding="utf-8")
    journal = Journal(path)
    assert journal.learner_id() == learner
    return journal


def _close(widget: Any) -> None:
    """Close a widget and everything inside it (the simulation builds hundreds; free their comms)."""
    for child in getattr(widget, "children", ()):
        _close(child)
    widget.close()


def _strategies(width: int) -> dict[str, Strategy]:
    found: dict[str, Strategy] = {f"always position {k + 1}": (lambda texts, k=k: k) for k in range(width)}
    names = ["always the longest", "always 2nd longest", "always 3rd longest"]
    for k in range(width - 1):
        name = names[k] if k < len(names) else f"always {k + 1}th longest"
        # ties go to the option shown first, as a learner scanning from the top would pick
        found[name] = lambda texts, k=k: sorted(range(len(texts)), key=lambda i: (-len(texts[i]), i))[min(k, len(texts) - 1)]
    found["always the shortest"] = lambda texts: min(range(len(texts)), key=lambda i: (len(texts[i]), i))
    return found


def _score(seen: list[tuple[list[str], str]]) -> dict[str, float]:
    """Share of displayed items each blind strategy gets right; ``seen`` is (displayed texts, right text)."""
    width = max(len(texts) for texts, _right in seen)
    shares: dict[str, float] = {}
    for name, pick in _strategies(width).items():
        right = sum(1 for texts, answer in seen if pick(texts) < len(texts) and texts[pick(texts)] == answer)
        shares[name] = right / len(seen)
    return shares


def _report(title: str, shares: dict[str, float], count: int, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print(f"\n{title} ({count} items seen, {len(LEARNERS)} simulated learners):")
        for name, share in shares.items():
            print(f"  {name:<22} {share:6.1%}")


@pytest.fixture(scope="module")
def knowledge_check_views(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[list[str], str]]:
    """(displayed option texts, right text) for every choice item of every notebook, for every learner."""
    folder = tmp_path_factory.mktemp("learners")
    seen: list[tuple[list[str], str]] = []
    for learner in LEARNERS:
        journal = _journal(folder, learner)
        for code in NOTEBOOKS:
            check = KnowledgeCheck(code, journal=journal)
            assert check.load_error is None
            for item, control in zip(check.items, check.choices):
                if item.kind == "choice":
                    seen.append((list(control.options), item.correct_option.text))
            _close(check)
    return seen


def test_blind_strategies_score_at_most_40_percent_on_the_knowledge_checks(knowledge_check_views, capsys):
    choice_items = [i for i in quiz.all_items() if i.kind == "choice"]
    assert len(knowledge_check_views) == len(choice_items) * len(LEARNERS)
    shares = _score(knowledge_check_views)
    _report("Blind strategies on the knowledge checks", shares, len(choice_items), capsys)
    assert all(share <= LIMIT for share in shares.values()), shares


def test_the_correct_option_is_rarely_the_longest_in_the_files():
    # a property of the text itself, whatever the order: the longest option is the right one in few items
    sets = [v for i in quiz.all_items() if i.kind == "choice" for v in filter(None, (i, i.variant))]
    longest_right = sum(1 for s in sets if max(s.options, key=lambda o: len(o.text)).correct)
    assert longest_right / len(sets) <= LIMIT
    # options are of similar length: the longest is at most about twice the shortest
    ratios = sorted(max(len(o.text) for o in s.options) / min(len(o.text) for o in s.options) for s in sets)
    assert ratios[int(0.9 * len(ratios))] <= 1.35 and ratios[-1] <= 2.5


def test_blind_strategies_score_at_most_40_percent_on_the_review_variants(tmp_path, capsys):
    variants = [i for i in quiz.all_items() if i.variant is not None and i.kind == "choice"]
    seen: list[tuple[list[str], str]] = []
    for learner in LEARNERS:
        for item in variants:
            options = quiz.shown_options(item.variant, learner, key=f"{item.id}/review")
            seen.append(([o.text for o in options], item.variant.correct_option.text))
    shares = _score(seen)
    _report("Blind strategies on the spaced-review variants", shares, len(variants), capsys)
    assert all(share <= LIMIT for share in shares.values()), shares
    # ...and that is the order SpacedReview really shows
    journal = _journal(tmp_path, LEARNERS[0])
    review = SpacedReview(notebook="05", journal=journal)
    for item, control in zip(review.items, review.choices):
        if item.kind == "choice" and item.variant is not None:
            assert list(control.options) == [o.text for o in quiz.shown_options(
                item.variant, LEARNERS[0], key=f"{item.id}/review")]

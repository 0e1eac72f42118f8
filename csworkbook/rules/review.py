"""Choose the questions for a spaced review at the start of a notebook.

Why: remembering something is itself practice. Pulling an idea back out of memory (retrieval
practice) strengthens it more than reading it again, and the effect is largest when some time has
passed since it was learned (spacing). So each notebook from 01 on opens with a few questions from
the knowledge checks of EARLIER notebooks.

The rule (pure: the same journal entries, notebook and seed always give the same questions):

1. Only items of notebooks whose code sorts before the current one (``"03" < "05"``) are candidates.
2. For each candidate, find its latest answer in the journal: an ``answer`` entry of either the
   ``knowledge_check`` or the ``spaced_review`` activity with ``data["item_id"]`` equal to the item's id.
   "Latest" means last in the list of entries, which the journal keeps oldest first.
3. Candidates are ranked in three groups:

   a. items whose latest answer was wrong (they need the practice most), the ones answered longest
      ago first;
   b. items never answered (new to the learner's review), in a shuffled order;
   c. items whose latest answer was right, the ones answered longest ago first (the memory most likely
      to have faded).

   Ties are broken by a shuffle drawn from ``random.Random(seed)`` over the items sorted by id, so the
   choice does not depend on the order items were passed in.
4. The first ``size`` items of the ranking are the review.

With an empty journal (a first visit) every item is in group b and the review is a shuffled sample.
"""
from __future__ import annotations

import random
from typing import Any, Iterable

from csworkbook.rules import quiz as checks
from csworkbook.rules.quiz import CheckError, CheckItem

#: Activities whose ``answer`` entries count as having seen an item.
ANSWER_SOURCES: tuple[str, ...] = ("knowledge_check", "spaced_review")

WRONG, UNSEEN, RIGHT = 0, 1, 2


def latest_answers(entries: Iterable[dict[str, Any]]) -> dict[str, tuple[int, bool]]:
    """For each item id answered in ``entries`` (oldest first): ``(position of its latest answer, correct)``.

    Entries that are not knowledge-check or review answers, or that lack an item id, are ignored.
    """
    found: dict[str, tuple[int, bool]] = {}
    for position, entry in enumerate(entries):
        if not isinstance(entry, dict) or entry.get("activity") not in ANSWER_SOURCES or entry.get("kind") != "answer":
            continue
        data = entry.get("data")
        if not isinstance(data, dict) or not isinstance(data.get("item_id"), str):
            continue
        found[data["item_id"]] = (position, data.get("correct") is True)
    return found


def earlier_items(notebook: str, *, directory: Any = None) -> tuple[list[CheckItem], list[str]]:
    """Items of every check file before ``notebook``, and a message for each file that failed to load.

    A broken file of one notebook does not stop the review: its items are left out and its
    :class:`~csworkbook.rules.quiz.CheckError` message is returned so a widget can mention it.
    """
    code = checks.normalise_code(notebook)
    items: list[CheckItem] = []
    problems: list[str] = []
    seen: set[str] = set()
    for other in checks.available(directory):
        if other >= code:
            continue
        try:
            loaded = checks.load(other, directory=directory)
        except CheckError as exc:
            problems.append(str(exc))
            continue
        for item in loaded:
            if item.id not in seen:  # a duplicate id across files is reported by checks.all_items()
                seen.add(item.id)
                items.append(item)
    return items, problems


def rank(entries: Iterable[dict[str, Any]], items: Iterable[CheckItem], *,
         seed: int | str | None = None) -> list[tuple[int, CheckItem]]:
    """Every item with its group (:data:`WRONG`, :data:`UNSEEN` or :data:`RIGHT`), best review first."""
    answers = latest_answers(entries)
    rng = random.Random(seed)
    unique = {item.id: item for item in items}
    ordered = sorted(unique.values(), key=lambda i: i.id)
    tiebreak = {item.id: rng.random() for item in ordered}

    def key(item: CheckItem) -> tuple[int, int, float]:
        if item.id not in answers:
            return (UNSEEN, 0, tiebreak[item.id])
        position, correct = answers[item.id]
        return (RIGHT if correct else WRONG, position, tiebreak[item.id])

    return [(key(item)[0], item) for item in sorted(ordered, key=key)]


def choose(entries: Iterable[dict[str, Any]], notebook: str, size: int = 3, *, seed: int | str | None = None,
           items: Iterable[CheckItem] | None = None) -> list[CheckItem]:
    """Up to ``size`` review items from notebooks before ``notebook``, chosen by the rule in the module docstring.

    entries: journal entries, oldest first (as ``Journal.entries()`` returns them); may be empty.
    items: candidate items; by default every loadable check file (files that fail validation are skipped).
    Returns an empty list when no earlier notebook has items (e.g. for ``"00"``).
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(f"A review needs a whole number of questions, 1 or more (got {size!r}).")
    code = checks.normalise_code(notebook)
    pool = earlier_items(code)[0] if items is None else [i for i in items if i.notebook < code]
    return [item for _group, item in rank(entries, pool, seed=seed)[:size]]

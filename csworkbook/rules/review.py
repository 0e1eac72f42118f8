"""Choose the questions for the spaced review that opens each notebook from 01 on.

Why: pulling an idea back out of memory (retrieval practice) strengthens it more than reading it
again, and the effect grows when the gaps between attempts grow (spacing). So each notebook opens
with a few questions from the knowledge checks of EARLIER notebooks, shown in their reworded
variant where there is one (:meth:`~csworkbook.rules.quiz.CheckItem.for_review`), so that the
learner has to recall the idea rather than recognise a sentence.

The schedule is pure: the same journal entries, notebook, size and seed always give the same
questions. Time is counted in notebooks, not days, because learners move through the course at
very different speeds.

**Leitner boxes.** An item's *streak* is the number of right answers in a row at the end of its
history (every ``answer`` entry of the ``knowledge_check`` or ``spaced_review`` activity with its id,
oldest first); a wrong answer resets it to 0. The streak is the item's box, and the box sets how many
notebooks must pass after the latest answer before the item is *due* again
(:data:`INTERVALS`: 1, 1, 2, 4, then 8 notebooks). The notebook of an answer is the ``notebook`` of
its journal entry (the item's own notebook if missing); an item never answered is due.

**Which items are candidates.** Items of notebooks whose code sorts before the current one.
Items tagged ``orientation`` (how to use the workbook) are candidates only up to notebook
:data:`ORIENTATION_UNTIL` ("02"): after that the learner knows the workbook.

**Choosing ``size`` items**, one at a time:

1. *Missed first.* Items whose latest answer was wrong, the oldest miss first: a miss comes back
   at the very next review.
2. *Mix recent and older.* If no item of the last :data:`RECENT_NOTEBOOKS` (two) earlier notebooks
   is chosen yet, the best one of them is added; then, if no item from an older notebook is chosen
   yet, the best older one.
3. *Fill* with the best remaining candidates.

"Best" means: due items before items that are not due yet; then the item whose notebook has been
reviewed least often so far (spaced-review answers in the journal, plus the items already picked
for this review), so that over the course every earlier notebook gets its turn; then the item
longest overdue; then a stable shuffle drawn from ``seed`` and the item id.

A learner who answers everything right therefore meets each notebook's items a few notebooks after
learning them and again at longer gaps, with notebook 00 taking a small share; a learner who misses
an item meets it again in the next notebook.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Iterable

from csworkbook.rules import quiz as checks
from csworkbook.rules.quiz import CheckError, CheckItem

#: Activities whose ``answer`` entries count as having answered an item.
ANSWER_SOURCES: tuple[str, ...] = ("knowledge_check", "spaced_review")
#: Notebooks to wait after the latest answer before an item is due again, by streak (box 0, 1, 2, ...);
#: streaks beyond the last box use the last interval.
INTERVALS: tuple[int, ...] = (1, 1, 2, 4, 8)
#: How many of the latest earlier notebooks count as "recent" when a review mixes recent and older items.
RECENT_NOTEBOOKS = 2
#: The last notebook whose review may ask orientation items (about using the workbook itself).
ORIENTATION_UNTIL = "02"


@dataclass(frozen=True)
class History:
    """What the journal says about one item: right answers in a row at the end, latest answer and where."""

    streak: int = 0
    answered: bool = False
    last_correct: bool = False
    last_position: int = -1
    last_notebook: str | None = None

    @property
    def missed(self) -> bool:
        """Whether the latest answer was wrong."""
        return self.answered and not self.last_correct


@dataclass(frozen=True)
class Pick:
    """One chosen review item and why: ``"missed"``, ``"recent"``, ``"older"`` or ``"fill"``."""

    item: CheckItem
    reason: str


def _code(value: Any) -> str | None:
    try:
        return checks.normalise_code(value)
    except CheckError:
        return None


def _answers(entries: Iterable[dict[str, Any]]) -> Iterable[tuple[int, dict[str, Any], dict[str, Any]]]:
    for position, entry in enumerate(entries):
        if not isinstance(entry, dict) or entry.get("activity") not in ANSWER_SOURCES or entry.get("kind") != "answer":
            continue
        data = entry.get("data")
        if isinstance(data, dict) and isinstance(data.get("item_id"), str):
            yield position, entry, data


def histories(entries: Iterable[dict[str, Any]]) -> dict[str, History]:
    """For each item id answered in ``entries`` (journal entries, oldest first), its :class:`History`.

    Entries that are not knowledge-check or review answers, or that lack an item id, are ignored.
    """
    found: dict[str, History] = {}
    for position, entry, data in _answers(entries):
        item_id = data["item_id"]
        correct = data.get("correct") is True
        before = found.get(item_id, History())
        found[item_id] = History(streak=before.streak + 1 if correct else 0, answered=True, last_correct=correct,
                                 last_position=position, last_notebook=_code(entry.get("notebook")))
    return found


def review_counts(entries: Iterable[dict[str, Any]], items: Iterable[CheckItem]) -> dict[str, int]:
    """How many spaced-review answers each notebook's items have had so far (notebook code -> count)."""
    owner = {item.id: item.notebook for item in items}
    counts: dict[str, int] = {}
    for _position, entry, data in _answers(entries):
        if entry.get("activity") != "spaced_review":
            continue
        notebook = owner.get(data["item_id"]) or _code(data.get("from_notebook"))
        if notebook:
            counts[notebook] = counts.get(notebook, 0) + 1
    return counts


def interval(streak: int) -> int:
    """Notebooks to wait after an answer before an item with this ``streak`` (0 or more) is due again."""
    return INTERVALS[min(max(streak, 0), len(INTERVALS) - 1)]


def overdue(history: History | None, item: CheckItem, notebook: str) -> int:
    """Notebooks by which ``item`` is past its due point at ``notebook`` (0 = due now; negative = not yet due).

    An item never answered counts as due now.
    """
    if history is None or not history.answered:
        return 0
    last = history.last_notebook or item.notebook
    gap = max(int(notebook) - int(last), 0)
    return gap - interval(history.streak)


def candidates(items: Iterable[CheckItem], notebook: str) -> list[CheckItem]:
    """Items that may be reviewed at ``notebook``: from earlier notebooks, orientation ones only up to 02."""
    code = checks.normalise_code(notebook)
    unique = {item.id: item for item in items}
    return sorted((i for i in unique.values()
                   if i.notebook < code and not (i.orientation and code > ORIENTATION_UNTIL)),
                  key=lambda i: i.id)


def _tiebreak(seed: int | str | None, item_id: str) -> str:
    return hashlib.sha256(f"{seed}\x00{item_id}".encode("utf-8")).hexdigest()


def plan(entries: Iterable[dict[str, Any]], notebook: str, size: int = 3, *, seed: int | str | None = None,
         items: Iterable[CheckItem] | None = None) -> list[Pick]:
    """Up to ``size`` review items for ``notebook`` with the reason each was chosen (rule in the module docstring).

    entries: journal entries, oldest first (as ``Journal.entries()`` returns them); may be empty.
    items: all items to choose from (those of later notebooks are ignored); by default every loadable
    check file. seed: fixes the order among equals (the widget passes the learner id).
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(f"A review needs a whole number of questions, 1 or more (got {size!r}).")
    code = checks.normalise_code(notebook)
    all_items = earlier_items(code)[0] if items is None else list(items)
    entries = list(entries)
    pool = candidates(all_items, code)
    if not pool:
        return []
    past = histories(entries)
    counts = review_counts(entries, all_items)
    earlier_codes = sorted({i.notebook for i in pool})
    recent = set(earlier_codes[-RECENT_NOTEBOOKS:])
    picks: list[Pick] = []

    def best(among: list[CheckItem]) -> CheckItem | None:
        chosen = {p.item.id for p in picks}
        left = [i for i in among if i.id not in chosen]
        if not left:
            return None

        def key(item: CheckItem) -> tuple[int, int, int, str]:
            late = overdue(past.get(item.id), item, code)
            return (0 if late >= 0 else 1, counts.get(item.notebook, 0), -late, _tiebreak(seed, item.id))

        return min(left, key=key)

    def take(item: CheckItem, reason: str) -> None:
        picks.append(Pick(item, reason))
        counts[item.notebook] = counts.get(item.notebook, 0) + 1

    missed = sorted((i for i in pool if (h := past.get(i.id)) is not None and h.missed),
                    key=lambda i: (past[i.id].last_position, i.id))
    for item in missed[:size]:
        take(item, "missed")
    if len(picks) < size and not any(p.item.notebook in recent for p in picks):
        item = best([i for i in pool if i.notebook in recent])
        if item is not None:
            take(item, "recent")
    if len(picks) < size and not any(p.item.notebook not in recent for p in picks):
        item = best([i for i in pool if i.notebook not in recent])
        if item is not None:
            take(item, "older")
    while len(picks) < size:
        item = best(pool)
        if item is None:
            break
        take(item, "fill")
    return picks


def choose(entries: Iterable[dict[str, Any]], notebook: str, size: int = 3, *, seed: int | str | None = None,
           items: Iterable[CheckItem] | None = None) -> list[CheckItem]:
    """The items of :func:`plan`, without the reasons; empty when no earlier notebook has items (e.g. ``"00"``)."""
    return [pick.item for pick in plan(entries, notebook, size, seed=seed, items=items)]


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
            if item.id not in seen:  # a duplicate id across files is reported by quiz.all_items()
                seen.add(item.id)
                items.append(item)
    return items, problems

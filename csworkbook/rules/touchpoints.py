"""The touchpoint sorter's rules (notebook 01): the cards, how they are read and how a sort is marked.

A touchpoint is any contact between the organisation and a current or potential customer; colleagues
who rely on your work are *internal* customers. Cards live in ``csworkbook/data/touchpoints.json``.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from csworkbook.rules.files import read_json

#: The sorter is meant to stay short enough to finish in a few minutes.
MIN_CARDS, MAX_CARDS = 10, 14


@dataclass(frozen=True)
class Category:
    """One pile a card can be sorted into."""

    key: str
    label: str
    explanation: str


@dataclass(frozen=True)
class Card:
    """One everyday situation, its right category (a :attr:`Category.key`) and why."""

    id: str
    text: str
    answer: str
    why: str


@dataclass(frozen=True)
class Deck:
    """The categories and cards of the sorter, as loaded from JSON."""

    categories: tuple[Category, ...]
    cards: tuple[Card, ...]

    def category(self, key: str) -> Category:
        """The category with this key (``KeyError`` if there is none)."""
        for cat in self.categories:
            if cat.key == key:
                return cat
        raise KeyError(key)


def default_path() -> Path:
    """Where the course's cards live: ``csworkbook/data/touchpoints.json``."""
    return Path(str(resources.files("csworkbook").joinpath("data", "touchpoints.json")))


def _entry(file: Path, what: str, number: int, raw: Any, make: Any, fields: tuple[str, ...]) -> Any:
    """Build one category or card, or raise ``ValueError`` naming the file, the entry and the missing field."""
    name = f"{what} {number}" + (f" ('{raw.get(fields[0])}')" if isinstance(raw, dict) and raw.get(fields[0]) else "")
    if not isinstance(raw, dict):
        raise ValueError(f"The touchpoint file {file}, {name}: must be an object with {', '.join(fields)}.")
    for field in fields:
        if not isinstance(raw.get(field), str):
            raise ValueError(f"The touchpoint file {file}, {name}: the field '{field}' is missing or not text.")
    return make(*(raw[f] for f in fields))


def load_deck(path: str | Path | None = None) -> Deck:
    """Read and check a card file; raise ``ValueError`` saying what is wrong with it."""
    file = Path(path) if path is not None else default_path()
    raw = read_json(file, what="touchpoint-card")
    if not isinstance(raw, dict) or not isinstance(raw.get("categories"), list) or not isinstance(raw.get("cards"), list):
        raise ValueError(f"The touchpoint file {file} must be an object with lists 'categories' and 'cards'.")
    categories = tuple(_entry(file, "category", n, c, Category, ("key", "label", "explanation"))
                       for n, c in enumerate(raw["categories"], start=1))
    cards = tuple(_entry(file, "card", n, c, Card, ("id", "text", "answer", "why"))
                  for n, c in enumerate(raw["cards"], start=1))
    keys = [c.key for c in categories]
    ids = [c.id for c in cards]
    if len(set(keys)) != len(keys) or len(keys) < 2:
        raise ValueError(f"The touchpoint file {file} needs at least two categories with different keys.")
    if len(set(ids)) != len(ids):
        raise ValueError(f"The touchpoint file {file} uses a card id twice.")
    if not MIN_CARDS <= len(cards) <= MAX_CARDS:
        raise ValueError(f"The touchpoint file {file} has {len(cards)} cards; use {MIN_CARDS} to {MAX_CARDS}.")
    for card in cards:
        if card.answer not in keys:
            raise ValueError(f"Card {card.id} in {file} has the answer {card.answer!r}, which is not a category.")
        if not card.text.strip() or not card.why.strip():
            raise ValueError(f"Card {card.id} in {file} needs both a situation and a reason.")
    return Deck(categories, cards)


def score_sort(deck: Deck, answers: dict[str, str | None]) -> dict[str, Any]:
    """Mark a complete sort: per-card results, counts per category and the overall percentage (0–100).

    answers: card id -> chosen category key. Cards with no answer count as incorrect.
    """
    results = []
    for card in deck.cards:
        chosen = answers.get(card.id)
        results.append({"id": card.id, "chosen": chosen, "answer": card.answer, "correct": chosen == card.answer})
    correct = sum(r["correct"] for r in results)
    total = len(results)
    per_category = {
        cat.key: {"correct": sum(1 for r in results if r["answer"] == cat.key and r["correct"]),
                  "incorrect": sum(1 for r in results if r["answer"] == cat.key and not r["correct"])}
        for cat in deck.categories
    }
    return {"results": results, "correct": correct, "total": total,
            "percent": round(100.0 * correct / total, 1) if total else 0.0,
            "per_category": per_category, "missed": [r["id"] for r in results if not r["correct"]]}

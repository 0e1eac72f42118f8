"""The practice observation of notebook 04: a described transaction and a trainer's reading of it.

The learner rates the transaction alone with the four-part nonverbal checklist before asking a
colleague for a real peer evaluation. :func:`load` reads ``data/practice_observation.json`` and checks
that it has a reading (yes / no / unsure, with a reason) for each of the four dimensions of
:data:`csworkbook.content.NONVERBAL`; :func:`compare` scores a learner's answers against it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Mapping

from csworkbook.content import NONVERBAL
from csworkbook.rules.files import load_json

KEYS: tuple[str, ...] = tuple(d.key for d in NONVERBAL)
ANSWERS: tuple[str, ...] = ("yes", "no", "unsure")


class PracticeError(ValueError):
    """The practice file is missing, not JSON, or lacks a valid reading; the message says what."""


@dataclass(frozen=True)
class Practice:
    """A described transaction (paragraphs of text) with the trainer's answer and reason per dimension."""

    title: str
    transaction: tuple[str, ...]
    answers: dict[str, str]
    reasons: dict[str, str]


def parse(data: object) -> Practice:
    """Validate the decoded data file; raise :class:`PracticeError` naming the first problem."""
    if not isinstance(data, dict):
        raise PracticeError("The practice observation must be a JSON object.")
    title, paragraphs, reading = data.get("title"), data.get("transaction"), data.get("reading")
    if not isinstance(title, str) or not title.strip():
        raise PracticeError("The practice observation needs a title.")
    if not isinstance(paragraphs, list) or not paragraphs or not all(isinstance(p, str) and p.strip()
                                                                      for p in paragraphs):
        raise PracticeError("'transaction' must be a list of paragraphs describing what happened.")
    if not isinstance(reading, dict):
        raise PracticeError("'reading' must give the trainer's answer for each of the four parts.")
    answers, reasons = {}, {}
    for key in KEYS:
        entry = reading.get(key)
        if not isinstance(entry, dict) or entry.get("answer") not in ANSWERS:
            raise PracticeError(f"The reading for '{key}' needs an answer: one of {', '.join(ANSWERS)}.")
        if not isinstance(entry.get("why"), str) or not entry["why"].strip():
            raise PracticeError(f"The reading for '{key}' needs a reason ('why').")
        answers[key], reasons[key] = entry["answer"], entry["why"].strip()
    return Practice(title.strip(), tuple(p.strip() for p in paragraphs), answers, reasons)


@lru_cache(maxsize=1)
def load() -> Practice:
    """The shipped practice observation."""
    file = Path(str(resources.files("csworkbook").joinpath("data", "practice_observation.json")))
    return load_json(file, what="practice-observation", parse=parse, error=PracticeError)


def compare(answers: Mapping[str, str], practice: Practice) -> dict[str, bool]:
    """For each dimension key, whether the learner's answer matches the trainer's reading."""
    return {key: answers.get(key) == practice.answers[key] for key in KEYS}

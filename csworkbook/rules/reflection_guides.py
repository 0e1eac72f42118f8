"""Model answers and self-check rubrics for the reflection prompts (data in ``data/reflections.json``).

Each notebook ends with a reflection. After the learner saves an answer, the
:class:`csworkbook.widgets.reflection.Reflection` widget shows one model answer written for the course
and a rubric of three or four points the learner checks their own answer against. This module only
loads and validates the data; it draws nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from csworkbook.rules.files import load_json

#: Fewest and most rubric points a reflection may have.
MIN_POINTS, MAX_POINTS = 3, 4


class GuideError(ValueError):
    """The reflections data file is missing, not JSON, or breaks a rule; the message says which entry."""


@dataclass(frozen=True)
class ReflectionGuide:
    """One reflection prompt with its model answer and self-check rubric (3–4 points)."""

    notebook: str
    key: str
    prompt: str
    model_answer: str
    rubric: tuple[str, ...]


def _text(entry: dict, field: str, where: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise GuideError(f"{where}: '{field}' must be non-empty text.")
    return " ".join(value.split())


def parse(data: object) -> dict[tuple[str, str], ReflectionGuide]:
    """Validate the decoded data file and index its guides by ``(notebook, key)``."""
    if not isinstance(data, dict) or not isinstance(data.get("reflections"), list):
        raise GuideError("The reflections file must be an object with a list called 'reflections'.")
    guides: dict[tuple[str, str], ReflectionGuide] = {}
    for number, entry in enumerate(data["reflections"], start=1):
        where = f"reflection {number}"
        if not isinstance(entry, dict):
            raise GuideError(f"{where}: each entry must be an object.")
        notebook, key = _text(entry, "notebook", where), _text(entry, "key", where)
        where = f"reflection '{key}' (notebook {notebook})"
        rubric = entry.get("rubric")
        if not isinstance(rubric, list) or not MIN_POINTS <= len(rubric) <= MAX_POINTS:
            raise GuideError(f"{where}: the rubric must be a list of {MIN_POINTS} or {MAX_POINTS} points.")
        points = tuple(_text({"point": p}, "point", f"{where}, rubric point") for p in rubric)
        if (notebook, key) in guides:
            raise GuideError(f"{where}: the same notebook and key appear twice.")
        guides[(notebook, key)] = ReflectionGuide(notebook, key, _text(entry, "prompt", where),
                                                  _text(entry, "model_answer", where), points)
    return guides


@lru_cache(maxsize=1)
def _load() -> dict[tuple[str, str], ReflectionGuide]:
    file = Path(str(resources.files("csworkbook").joinpath("data", "reflections.json")))
    return load_json(file, what="reflections", parse=parse, error=GuideError)


def all_guides() -> list[ReflectionGuide]:
    """Every shipped guide, in file order."""
    return list(_load().values())


def find(notebook: str, key: str) -> ReflectionGuide | None:
    """The guide for a notebook code and reflection key, or ``None`` if the course ships none."""
    return _load().get((str(notebook), str(key)))

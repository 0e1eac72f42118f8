"""Knowledge-check items: load and validate ``csworkbook/data/checks/<NN>.json``.

Each file holds the multiple-choice questions of one notebook (format in ``docs/contracts.md``).
Validation is strict so that a mistake in a data file is caught by the tests, not by a learner:
every problem raises :class:`CheckError`, whose message names the file and, where there is one,
the item id. The rules: at least :data:`MIN_ITEMS` items per file; every item has an id that
starts with the notebook code and is unique across all files, a prompt, and at least
:data:`MIN_OPTIONS` options with distinct texts; exactly one option is correct; every option has
non-empty feedback (learners read it whether they chose well or not).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from csworkbook.rules.files import DataFileError, read_json

#: The folder the shipped check files live in (tests may point this elsewhere with monkeypatch).
DATA_DIR: Path = Path(__file__).resolve().parent.parent / "data" / "checks"
#: Fewest items a notebook's check file may hold.
MIN_ITEMS = 3
#: Fewest options an item may offer.
MIN_OPTIONS = 2

_CODE = re.compile(r"^\d{2}$")
_FILE = re.compile(r"^(\d{2})\.json$")


class CheckError(ValueError):
    """A knowledge-check file is missing or breaks a rule; the message names the file and item."""


@dataclass(frozen=True)
class Option:
    """One answer a learner can choose, whether it is the correct one, and what they read after choosing it."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class CheckItem:
    """One multiple-choice question of a notebook's knowledge check."""

    id: str
    prompt: str
    options: tuple[Option, ...]
    notebook: str

    @property
    def correct_option(self) -> Option:
        """The one option marked correct."""
        return next(o for o in self.options if o.correct)

    def option(self, text: str) -> Option:
        """The option whose text is ``text`` (raises ``KeyError`` if there is none)."""
        for candidate in self.options:
            if candidate.text == text:
                return candidate
        raise KeyError(f"item {self.id!r} has no option {text!r}")


def normalise_code(notebook: str | int) -> str:
    """A notebook code as two digits (``5`` or ``"5"`` -> ``"05"``); raise :class:`CheckError` if it is not one."""
    text = str(notebook).strip()
    if text.isdigit() and len(text) <= 2:
        text = text.zfill(2)
    if not _CODE.match(text):
        raise CheckError(f"{notebook!r} is not a notebook code; use two digits such as '05'.")
    return text


def path_for(notebook: str | int, directory: Path | None = None) -> Path:
    """Where the check file of ``notebook`` lives (it may not exist)."""
    return (directory or DATA_DIR) / f"{normalise_code(notebook)}.json"


def available(directory: Path | None = None) -> list[str]:
    """Codes of the notebooks that have a check file, sorted (``["04", "05", ...]``)."""
    folder = directory or DATA_DIR
    if not folder.is_dir():
        return []
    return sorted(m.group(1) for p in folder.iterdir() if p.is_file() and (m := _FILE.match(p.name)))


def _text(raw: dict[str, Any], field: str, where: str) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip():
        raise CheckError(f"{where}: '{field}' must be non-empty text.")
    return value.strip()


def parse_item(raw: Any, notebook: str, *, source: str = "items", position: int = 1,
               check_prefix: bool = True) -> CheckItem:
    """Validate one item (a dict in the file format) and return it as a :class:`CheckItem`.

    ``source`` names where the item came from (a file path) and ``position`` its place (from 1),
    both only for error messages. ``check_prefix`` requires the id to start with ``notebook``.
    """
    if not isinstance(raw, dict):
        raise CheckError(f"{source}, item #{position}: each item must be an object with id, prompt and options.")
    item_id = raw.get("id")
    if not isinstance(item_id, str) or not item_id.strip():
        raise CheckError(f"{source}, item #{position}: the item has no id.")
    item_id = item_id.strip()
    where = f"{source}, item '{item_id}'"
    if check_prefix and not item_id.startswith(notebook):
        raise CheckError(f"{where}: the id must start with the notebook code '{notebook}'.")
    prompt = _text(raw, "prompt", where)
    raw_options = raw.get("options")
    if not isinstance(raw_options, list) or len(raw_options) < MIN_OPTIONS:
        raise CheckError(f"{where}: an item needs at least {MIN_OPTIONS} options.")
    options: list[Option] = []
    for number, raw_option in enumerate(raw_options, start=1):
        at = f"{where}, option {number}"
        if not isinstance(raw_option, dict):
            raise CheckError(f"{at}: each option must be an object with text, correct and feedback.")
        text = _text(raw_option, "text", at)
        correct = raw_option.get("correct")
        if not isinstance(correct, bool):
            raise CheckError(f"{at}: 'correct' must be true or false.")
        feedback = raw_option.get("feedback")
        if not isinstance(feedback, str) or not feedback.strip():
            raise CheckError(f"{at} ('{text}'): every option needs feedback, the right one and the wrong ones.")
        options.append(Option(text=text, correct=correct, feedback=feedback.strip()))
    texts = [o.text for o in options]
    if len(set(texts)) != len(texts):
        raise CheckError(f"{where}: two options have the same text.")
    right = sum(o.correct for o in options)
    if right != 1:
        raise CheckError(f"{where}: exactly one option must be correct, found {right}.")
    return CheckItem(id=item_id, prompt=prompt, options=tuple(options), notebook=notebook)


def parse(doc: Any, notebook: str, *, source: str) -> list[CheckItem]:
    """Validate a whole check document (already parsed JSON) for ``notebook``; ``source`` names it in errors."""
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise CheckError(f"{source}: the file must be an object with 'notebook' and a list of 'items'.")
    if doc.get("notebook") != notebook:
        raise CheckError(f"{source}: 'notebook' says {doc.get('notebook')!r} but the file is for '{notebook}'.")
    items = [parse_item(raw, notebook, source=source, position=n) for n, raw in enumerate(doc["items"], start=1)]
    if len(items) < MIN_ITEMS:
        raise CheckError(f"{source}: a knowledge check needs at least {MIN_ITEMS} items, found {len(items)}.")
    require_unique_ids(items, source)
    return items


def require_unique_ids(items: Iterable[CheckItem], source: str) -> None:
    """Raise :class:`CheckError` naming ``source`` and the id if two items share an id."""
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise CheckError(f"{source}, item '{item.id}': this id is used twice; ids must be unique.")
        seen.add(item.id)


def load(notebook: str | int, *, directory: Path | None = None) -> list[CheckItem]:
    """The validated items of one notebook's check, in file order.

    Raises :class:`CheckError` if the file is missing, is not JSON, or breaks a rule.
    """
    code = normalise_code(notebook)
    path = path_for(code, directory)
    if not path.exists():
        raise CheckError(f"{path}: there is no knowledge-check file for notebook {code}.")
    try:
        doc = read_json(path, what="knowledge-check")
    except DataFileError as exc:
        raise CheckError(str(exc)) from None
    return parse(doc, code, source=str(path))


def all_items(*, directory: Path | None = None) -> list[CheckItem]:
    """Every item of every check file, by notebook then file order; ids must be unique across files."""
    items: list[CheckItem] = []
    owner: dict[str, str] = {}
    for code in available(directory):
        source = str(path_for(code, directory))
        for item in load(code, directory=directory):
            if item.id in owner:
                raise CheckError(f"{source}, item '{item.id}': this id is already used in {owner[item.id]}; "
                                 "ids must be unique across all check files.")
            owner[item.id] = source
            items.append(item)
    return items

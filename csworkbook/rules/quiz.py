"""Knowledge-check items: load and validate ``csworkbook/data/checks/<NN>.json``.

Each file holds the questions of one notebook (format in ``docs/contracts.md``). An item is either

* a **choice** item (the default): a prompt and at least :data:`MIN_OPTIONS` options with distinct
  texts, exactly one of them correct, every one with non-empty feedback (learners read it whether
  they chose well or not); or
* a **number** item (``"kind": "number"``): the learner types a number. It states the ``answer``,
  the ``tolerance`` (an answer within ``answer ± tolerance`` is right; same unit as the answer),
  the ``unit``, ``feedback`` for a right answer, ``wrong_feedback`` for any other, and optional
  ``mistakes``: values a common slip produces (e.g. the total growth instead of the yearly rate),
  each with feedback that names the slip. A mistake may not lie within the tolerance of the answer.

Any item may carry ``"orientation": true`` (it is about using the workbook itself; the spaced
review stops asking it after notebook 02) and a ``variant``: a reworded second version of the same
item (its own prompt, and options or answer fields of the same kind) that the spaced review shows,
so the learner recalls the idea instead of recognising the words.

Validation is strict so that a mistake in a data file is caught by the tests, not by a learner:
every problem raises :class:`CheckError`, whose message names the file and, where there is one,
the item id. At least :data:`MIN_ITEMS` items per file; every id starts with the notebook code and
is unique across all files.

:func:`shown_options` gives the order a learner sees a choice item's options in: shuffled per
learner and item by :func:`csworkbook.rules.order.display_order`, the same every time for that learner.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from csworkbook.rules.files import DataFileError, read_json
from csworkbook.rules.order import display_order

#: The folder the shipped check files live in (tests may point this elsewhere with monkeypatch).
DATA_DIR: Path = Path(__file__).resolve().parent.parent / "data" / "checks"
#: Fewest items a notebook's check file may hold.
MIN_ITEMS = 3
#: Fewest options a choice item may offer.
MIN_OPTIONS = 2
#: The kinds of item a file may hold.
KINDS: tuple[str, ...] = ("choice", "number")

_CODE = re.compile(r"^\d{2}$")
_FILE = re.compile(r"^(\d{2})\.json$")
_CHOICE_ONLY = ("options",)
_NUMBER_ONLY = ("answer", "tolerance", "unit", "wrong_feedback", "mistakes")


class CheckError(ValueError):
    """A knowledge-check file is missing or breaks a rule; the message names the file and item."""


@dataclass(frozen=True)
class Option:
    """One answer a learner can choose, whether it is the correct one, and what they read after choosing it."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Mistake:
    """A wrong number that a common slip produces (in the item's unit), and the feedback that names the slip."""

    value: float
    feedback: str


@dataclass(frozen=True)
class NumericAnswer:
    """The answer of a number item: ``value`` ± ``tolerance`` (both in ``unit``) counts as right."""

    value: float
    tolerance: float
    unit: str
    feedback: str
    wrong_feedback: str
    mistakes: tuple[Mistake, ...] = ()

    def accepts(self, number: float) -> bool:
        """Whether ``number`` (in :attr:`unit`) lies within the tolerance of the answer."""
        return _within(number, self.value, self.tolerance)

    def judge(self, number: float) -> tuple[bool, str]:
        """``(right, feedback)`` for a typed ``number``: the right-answer feedback, a named mistake's, or the general one."""
        if self.accepts(number):
            return True, self.feedback
        for mistake in self.mistakes:
            if _within(number, mistake.value, self.tolerance):
                return False, mistake.feedback
        return False, self.wrong_feedback


def _within(number: float, target: float, tolerance: float) -> bool:
    # a hair of slack so that 14.1 is "within 0.1 of 14.0" despite binary floating point
    return abs(number - target) <= tolerance + 1e-9 * max(1.0, abs(target))


@dataclass(frozen=True)
class CheckItem:
    """One question of a notebook's knowledge check (a choice item, or a number item when :attr:`number` is set).

    ``variant`` is the reworded version the spaced review shows (same id and notebook), or ``None``.
    """

    id: str
    prompt: str
    options: tuple[Option, ...]
    notebook: str
    orientation: bool = False
    number: NumericAnswer | None = None
    variant: "CheckItem | None" = None

    @property
    def kind(self) -> str:
        """``"number"`` for a number item, else ``"choice"``."""
        return "number" if self.number is not None else "choice"

    @property
    def correct_option(self) -> Option:
        """The one option marked correct (choice items only; a number item raises ``ValueError``)."""
        if self.number is not None:
            raise ValueError(f"item {self.id!r} is a number item; it has no options")
        return next(o for o in self.options if o.correct)

    @property
    def right_answer(self) -> str:
        """The right answer as a learner reads it: the correct option's text, or the number with its unit."""
        if self.number is not None:
            return f"{self.number.value:g} {self.number.unit}"
        return self.correct_option.text

    def option(self, text: str) -> Option:
        """The option whose text is ``text`` (raises ``KeyError`` if there is none)."""
        for candidate in self.options:
            if candidate.text == text:
                return candidate
        raise KeyError(f"item {self.id!r} has no option {text!r}")

    def for_review(self) -> "CheckItem":
        """The version the spaced review shows: the reworded variant where there is one, else the item itself."""
        return self.variant if self.variant is not None else self


def shown_options(item: CheckItem, learner: str, *, key: str | None = None) -> list[Option]:
    """The options of ``item`` in the order ``learner`` sees them (empty for a number item).

    The order depends only on the learner id and ``key`` (default: the item id), so it differs
    between learners and items but never changes for one learner. A review variant passes its own
    key so that its order is independent of the original's.
    """
    order = display_order(len(item.options), learner, key or item.id)
    return [item.options[i] for i in order]


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


def _number(raw: dict[str, Any], field: str, where: str) -> float:
    value = raw.get(field)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise CheckError(f"{where}: '{field}' must be a number.")
    return float(value)


def _options(raw: dict[str, Any], where: str) -> tuple[Option, ...]:
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
    return tuple(options)


def _numeric(raw: dict[str, Any], where: str) -> NumericAnswer:
    value = _number(raw, "answer", where)
    tolerance = _number(raw, "tolerance", where)
    if tolerance < 0:
        raise CheckError(f"{where}: 'tolerance' must be 0 or more.")
    unit = _text(raw, "unit", where)
    feedback = _text(raw, "feedback", where)
    wrong = _text(raw, "wrong_feedback", where)
    raw_mistakes = raw.get("mistakes", [])
    if not isinstance(raw_mistakes, list):
        raise CheckError(f"{where}: 'mistakes' must be a list of {{value, feedback}} objects.")
    mistakes: list[Mistake] = []
    for number, raw_mistake in enumerate(raw_mistakes, start=1):
        at = f"{where}, mistake {number}"
        if not isinstance(raw_mistake, dict):
            raise CheckError(f"{at}: each mistake must be an object with value and feedback.")
        mistake = Mistake(value=_number(raw_mistake, "value", at), feedback=_text(raw_mistake, "feedback", at))
        if _within(mistake.value, value, tolerance):
            raise CheckError(f"{at}: {mistake.value:g} lies within the tolerance of the answer {value:g}, "
                             "so a right answer would be told it is a mistake.")
        mistakes.append(mistake)
    return NumericAnswer(value=value, tolerance=tolerance, unit=unit, feedback=feedback, wrong_feedback=wrong,
                         mistakes=tuple(mistakes))


def _body(raw: dict[str, Any], kind: str, where: str) -> tuple[str, tuple[Option, ...], NumericAnswer | None]:
    """The prompt and the options (choice) or the answer (number) of an item or a variant."""
    prompt = _text(raw, "prompt", where)
    if kind == "number":
        stray = [f for f in _CHOICE_ONLY if f in raw]
        if stray:
            raise CheckError(f"{where}: a number item has no '{stray[0]}'; give answer, tolerance and unit instead.")
        return prompt, (), _numeric(raw, where)
    stray = [f for f in _NUMBER_ONLY if f in raw]
    if stray:
        raise CheckError(f"{where}: '{stray[0]}' belongs to number items; add \"kind\": \"number\" or remove it.")
    return prompt, _options(raw, where), None


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
    kind = raw.get("kind", "choice")
    if kind not in KINDS:
        raise CheckError(f"{where}: 'kind' must be one of {', '.join(KINDS)}, not {kind!r}.")
    orientation = raw.get("orientation", False)
    if not isinstance(orientation, bool):
        raise CheckError(f"{where}: 'orientation' must be true or false.")
    prompt, options, number = _body(raw, kind, where)
    variant: CheckItem | None = None
    if "variant" in raw:
        raw_variant = raw["variant"]
        at = f"{where}, variant"
        if not isinstance(raw_variant, dict):
            raise CheckError(f"{at}: the variant must be an object with its own prompt and options (or answer).")
        if "variant" in raw_variant or "id" in raw_variant or "kind" in raw_variant:
            raise CheckError(f"{at}: a variant shares its item's id and kind and has no variant of its own.")
        v_prompt, v_options, v_number = _body(raw_variant, kind, at)
        if v_prompt == prompt:
            raise CheckError(f"{at}: the variant repeats the item's prompt word for word; reword it.")
        variant = CheckItem(id=item_id, prompt=v_prompt, options=v_options, notebook=notebook,
                            orientation=orientation, number=v_number)
    return CheckItem(id=item_id, prompt=prompt, options=options, notebook=notebook, orientation=orientation,
                     number=number, variant=variant)


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

"""The one reader of the course's JSON data files: every problem named with the file, and where in it.

Scenarios, knowledge checks, touchpoint cards, policy phrases and practice questions are all read
with :func:`read_json`. It refuses, with a sentence that names the file (and the line, or the key):
a missing or unreadable file, text that is not UTF-8 (a file saved as Latin-1 or Windows-1252),
JSON that does not parse, a key written twice in one object (JSON would silently keep the last),
and nesting too deep to read.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")


class DataFileError(ValueError):
    """A course data file that cannot be used: ``file``, ``line`` (1-based, or ``None``) and ``problem``."""

    def __init__(self, file: Path, problem: str, line: int | None = None) -> None:
        self.file, self.problem, self.line = file, problem, line
        super().__init__(f"{file}{f', line {line}' if line else ''}: {problem}")

    @property
    def where_and_problem(self) -> str:
        """The problem with its line, for a loader that names the file itself."""
        return f"line {self.line}: {self.problem}" if self.line else self.problem


class _DuplicateKey(Exception):
    def __init__(self, key: str, keys: list[str]) -> None:
        super().__init__(key)
        self.key, self.keys = key, keys


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` that refuses an object with a key written twice."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key, [k for k, _v in pairs])
        seen[key] = value
    return seen


def _line_of_duplicate(text: str) -> int | None:
    """The line (1-based) of the first key written a second time in the same object, found by a small scan."""
    keys: list[set[str] | None] = []  # one set per open object, None per open list
    line, i, expect_key = 1, 0, False
    while i < len(text):
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "{":
            keys.append(set())
            expect_key = True
        elif ch == "[":
            keys.append(None)
            expect_key = False
        elif ch in "}]":
            if keys:
                keys.pop()
        elif ch == ",":
            expect_key = bool(keys) and keys[-1] is not None
        elif ch == '"':
            end = i + 1
            while end < len(text) and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            if expect_key and keys and keys[-1] is not None:
                try:
                    key = json.loads(text[i:end + 1])
                except ValueError:
                    return None
                if key in keys[-1]:
                    return line
                keys[-1].add(key)
                expect_key = False
            line += text.count("\n", i, end)
            i = end
        i += 1
    return None


def read_json(path: str | Path, *, what: str) -> Any:
    """The parsed JSON of the ``what`` file at ``path`` (e.g. ``what="scenario"``); :class:`DataFileError` if not."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise DataFileError(file, f"the file does not exist (a {what} file was expected here).") from None
    except OSError as exc:
        raise DataFileError(file, f"the {what} file could not be read ({exc.strerror or exc}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(file, f"the {what} file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at position "
                                  f"{exc.start}); it was probably saved as Latin-1 or Windows-1252. Open it and "
                                  "save it again as UTF-8.", raw.count(b"\n", 0, exc.start) + 1) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as dup:
        raise DataFileError(file, f"the key '{dup.key}' is written twice in one object (its keys: "
                                  f"{', '.join(dup.keys)}); JSON would silently keep only the last one. Remove or "
                                  "rename one of them.", _line_of_duplicate(text)) from None
    except json.JSONDecodeError as exc:
        raise DataFileError(file, f"the {what} file is not valid JSON (column {exc.colno}: {exc.msg}).",
                            exc.lineno) from None
    except RecursionError:
        raise DataFileError(file, f"the {what} file is nested too deeply to read.") from None


def load_json(path: str | Path, *, what: str, parse: Callable[[Any], T], error: type[ValueError]) -> T:
    """Read the ``what`` file at ``path`` and build it with ``parse``; every problem raises ``error`` naming the file.

    ``parse`` raises ``error`` (or ``ValueError``) saying what is wrong inside the document; the file's
    path is put in front of its message.
    """
    try:
        doc = read_json(path, what=what)
    except DataFileError as exc:
        raise error(str(exc)) from None
    try:
        return parse(doc)
    except ValueError as exc:
        raise error(f"{path}: {exc}") from None

"""Submissions that look alike: pairs whose answer cells are unusually similar.

Each student's answers (every solution cell: code and written answers) are reduced to normalised tokens:
comments and the text the release already held are dropped, case and spacing ignored. Pairs are compared with
``difflib.SequenceMatcher`` (standard library) on those token lists. A pair is listed when its similarity is at
least ``threshold`` and the shared answer is long enough to be unlikely by chance, leaving out answers that are
the model solution itself (many correct answers to a small function are alike).

It is a prompt to look, never an accusation: similar answers have innocent causes (a study group, a worked
example in the notebook, a short exercise with one natural answer).
"""
from __future__ import annotations

import difflib
import io
import itertools
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

WORD = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class AlikePair:
    """Two students whose answers are ``similarity`` (0-1) alike over ``tokens`` tokens."""

    first: str
    second: str
    similarity: float
    tokens: int

    def line(self) -> str:
        return f"{self.first} and {self.second}: {100 * self.similarity:.0f} % alike over {self.tokens} tokens"


def normalise(text: str, is_code: bool) -> list[str]:
    """Tokens of an answer: code without comments or string quotes' spacing, prose lower-cased words."""
    if is_code:
        try:
            toks = [t.string for t in tokenize.generate_tokens(io.StringIO(text).readline)
                    if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                                      tokenize.DEDENT, tokenize.ENDMARKER)]
            return [t.lower() for t in toks]
        except (tokenize.TokenError, IndentationError, SyntaxError):
            pass
    return [w.lower() for w in WORD.findall(text)]


def answers(notebook: dict, given: dict[str, list[str]]) -> list[str]:
    """The student's own tokens in every solution cell, minus tokens of the released cell's text (``given``)."""
    tokens: list[str] = []
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("solution"):
            continue
        text = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        words = normalise(text, cell.get("cell_type") == "code")
        stub = set(given.get(meta.get("grade_id", ""), []))
        tokens.extend(w for w in words if w not in stub)
    return tokens


def alike_pairs(submissions: dict[str, list[str]], model: list[str] | None = None, *, threshold: float = 0.9,
                min_tokens: int = 40) -> list[AlikePair]:
    """Pairs of students (answers as token lists) at least ``threshold`` alike over at least ``min_tokens``.

    Answers that are themselves at least ``threshold`` alike to the ``model`` answer are left out.
    """
    def ratio(a: list[str], b: list[str]) -> float:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()

    eligible = {s: t for s, t in submissions.items() if len(t) >= min_tokens
                and not (model and ratio(t, model) >= threshold)}
    pairs = []
    for (a, ta), (b, tb) in itertools.combinations(sorted(eligible.items()), 2):
        r = ratio(ta, tb)
        if r >= threshold:
            pairs.append(AlikePair(a, b, r, min(len(ta), len(tb))))
    return sorted(pairs, key=lambda p: -p.similarity)


def class_pairs(course, assignment: str, **options) -> list[AlikePair]:
    """Alike pairs among the autograded submissions of ``assignment`` in a :class:`~csworkbook.instructor.course.Course`."""
    import json

    release = course.release_dir(assignment)
    per_student: dict[str, list[str]] = {}
    model: list[str] = []
    for source in sorted(course.source_dir(assignment).glob("*.ipynb")):
        name = source.name
        try:
            given_nb = json.loads((release / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            given_nb = {"cells": []}
        given = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""):
                 normalise(c["source"] if isinstance(c["source"], str) else "".join(c["source"]),
                           c.get("cell_type") == "code") for c in given_nb["cells"]}
        model += answers(json.loads(source.read_text(encoding="utf-8")), given)
        autograded_root = course.root / course.coursedir.autograded_directory
        for folder in sorted(autograded_root.glob(f"*/{assignment}")) if autograded_root.is_dir() else []:
            try:
                nb = json.loads((folder / name).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            per_student.setdefault(folder.parent.name, []).extend(answers(nb, given))
    return alike_pairs(per_student, model or None, **options)

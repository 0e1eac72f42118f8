"""The leak check: no solution code, written model answer or hidden test may reach ``release/``.

Secret lines are the lines inside ``### BEGIN SOLUTION``/``### END SOLUTION`` and ``### BEGIN HIDDEN TESTS``/
``### END HIDDEN TESTS`` regions of the source notebooks (and the delimiters themselves). Lines that also appear
outside any secret region of the source, and lines with fewer than 4 letters or digits, are not secrets.

A secret is found as a *sequence of tokens*, not as a whole line: ``x = price * 0.8`` is caught inside a comment
(``# x = price * 0.8``), a hint in Markdown (``Hint: use `x = price * 0.8` ``) or a longer line, whatever the
spacing. Secrets of one or two tokens (``pass``, ``return total``) are matched as whole lines only, since they
also occur in ordinary code.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

BEGIN = ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS")
END = ("END SOLUTION", "END HIDDEN TESTS")
DELIMITERS = BEGIN + END
#: a token: a word, a number, or one punctuation character
TOKEN = re.compile(r"\w+|[^\w\s]")
#: secrets with at least this many tokens are also found inside longer text
MIN_EMBEDDED_TOKENS = 3


@dataclass(frozen=True)
class Leak:
    """One secret found in a released file."""

    path: Path
    where: str
    line: str
    kind: str

    def __str__(self) -> str:
        return f"{self.path} ({self.where}): {self.kind} survives: {self.line!r}"


def _significant(line: str) -> bool:
    return len(re.sub(r"[^0-9A-Za-z]", "", line)) >= 4


def tokens(text: str) -> str:
    """``text`` as space-separated tokens, so ``a=b*2`` and ``a = b * 2`` read the same."""
    return " ".join(TOKEN.findall(text))


def secret_lines(source_notebook: Path) -> dict[str, str]:
    """Normalised secret line -> 'solution' or 'hidden test', from one source notebook."""
    cells = json.loads(source_notebook.read_text(encoding="utf-8"))["cells"]
    secret: dict[str, str] = {}
    public: set[str] = set()
    for cell in cells:
        text = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        kind = None
        for raw in text.splitlines():
            line = raw.strip()
            if any(d in line for d in BEGIN):
                kind = "solution" if "SOLUTION" in line else "hidden test"
                continue
            if any(d in line for d in END):
                kind = None
                continue
            if kind and _significant(line):
                secret.setdefault(line, kind)
            elif not kind:
                public.add(line)
    public_tokens = " \n ".join(tokens(p) for p in public)
    kept = {}
    for line, kind in secret.items():
        seq = tokens(line)
        if line in public or (len(seq.split()) >= MIN_EMBEDDED_TOKENS and f" {seq} " in f" {public_tokens} "):
            continue  # the same code is shown to students on purpose elsewhere in the notebook
        kept[line] = kind
    return kept


def _released_texts(path: Path):
    """(where, text) pieces of one released file: every cell of a notebook, or the whole of a text file."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for index, cell in enumerate(cells):
            text = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            yield f"cell {index + 1}", text
            for output in cell.get("outputs", []):
                out = output.get("text") or output.get("data", {}).get("text/plain") or ""
                yield f"cell {index + 1} output", out if isinstance(out, str) else "".join(out)
    else:
        try:
            yield "file", path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            return


def find_leaks(source_dir: Path, release_dir: Path) -> list[Leak]:
    """Every secret of the source notebooks in ``source_dir`` found anywhere under ``release_dir``."""
    secrets: dict[str, str] = {}
    for notebook in sorted(source_dir.glob("*.ipynb")):
        secrets.update(secret_lines(notebook))
    embedded = {tokens(line): (line, kind) for line, kind in secrets.items()
                if len(tokens(line).split()) >= MIN_EMBEDDED_TOKENS}
    leaks: list[Leak] = []
    if not release_dir.is_dir():
        return leaks
    for path in sorted(p for p in release_dir.rglob("*") if p.is_file()):
        for where, text in _released_texts(path):
            for raw in text.splitlines():
                line = raw.strip()
                if any(d in line for d in DELIMITERS):
                    leaks.append(Leak(path, where, line, "solution/hidden-test marker"))
                    continue
                if line in secrets:
                    leaks.append(Leak(path, where, line, secrets[line]))
                    continue
                padded = f" {tokens(line)} "
                for seq, (secret, kind) in embedded.items():
                    if f" {seq} " in padded:
                        leaks.append(Leak(path, where, line, f"{kind} ({secret!r}) inside a longer line"))
                        break
    return leaks

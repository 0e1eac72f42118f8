"""The project stands on its own: no file points at folders outside the repository or at documents it lacks.

Only the CI entry point (``.ci/run``) may reach outside, for the own-words check; the folders it reaches are
read from it, so this file names none of them itself.
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CI = Path(".ci") / "run"
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".ipynb_checkpoints", ".pytest_cache",
             ".hypothesis", "build", "dist", "test-artifacts"}
#: a path that climbs out of the repository: ``../name/``
OUTSIDE = re.compile(r"\.\./([A-Za-z][\w.-]*)/")
#: a document named in upper case, such as ``README.md``
DOCUMENT = re.compile(r"\b[A-Z][A-Z0-9_]*\.md\b")


def _project_files():
    for path in sorted(ROOT.rglob("*")):
        rel = path.relative_to(ROOT)
        generated = any(part.endswith(".egg-info") for part in rel.parts)  # pip writes README.md into it
        if path.is_file() and not generated and not (SKIP_DIRS & set(rel.parts)) and rel != CI:
            yield rel, path


def _texts():
    for rel, path in _project_files():
        try:
            yield rel, path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue


def _outside_folders() -> set[str]:
    """The folders outside the repository that ``.ci/run`` reaches (and nothing else may)."""
    return {f"../{name}" for name in OUTSIDE.findall((ROOT / CI).read_text(encoding="utf-8"))}


def test_no_file_but_ci_reaches_the_folders_outside_the_project():
    folders = _outside_folders()
    offenders = [f"{rel}: {folder}" for rel, text in _texts() for folder in folders if folder in text]
    assert not offenders, "files that point outside the project:\n" + "\n".join(offenders)


def test_every_document_a_file_names_is_in_the_project():
    present = {path.name for _, path in _project_files()}
    offenders = sorted({f"{rel}: {name}" for rel, text in _texts() for name in DOCUMENT.findall(text)
                        if name not in present})
    assert not offenders, "files that name documents the project does not have:\n" + "\n".join(offenders)


def test_the_checks_read_real_files_and_would_catch_a_mention():
    files = [rel for rel, _ in _project_files()]
    assert Path("README.md") in files and any(rel.suffix == ".ipynb" for rel in files)
    assert _outside_folders(), "the CI entry point reaches the own-words check outside the project"
    example = "NOTES" + "_ON_X.md"  # in pieces, so this file does not name a missing document itself
    assert OUTSIDE.search("see ../elsewhere/notes") and DOCUMENT.findall(f"read {example} first") == [example]

"""The project stands on its own: no file points at design notes or folders outside the repository.

Only the CI entry point (``.ci/run``) may name the folder where the own-words check lives.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Built from pieces so that this file does not itself contain what it forbids.
FORBIDDEN = ("COURSE_DESIGN" + ".md", ".." + "/shared")
ALLOWED = {Path(".ci") / "run"}
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".ipynb_checkpoints", ".pytest_cache",
             ".hypothesis", "build", "dist", "test-artifacts"}


def _project_files():
    for path in sorted(ROOT.rglob("*")):
        rel = path.relative_to(ROOT)
        generated = any(part.endswith(".egg-info") for part in rel.parts)  # pip writes README.md into it
        if path.is_file() and not generated and not (SKIP_DIRS & set(rel.parts)) and rel not in ALLOWED:
            yield rel, path


def test_no_file_mentions_the_design_notes_or_the_shared_folder():
    offenders = []
    for rel, path in _project_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        offenders += [f"{rel}: {needle}" for needle in FORBIDDEN if needle in text]
    assert not offenders, "files that point outside the project:\n" + "\n".join(offenders)


def test_the_check_reads_real_files_and_would_catch_a_mention():
    files = [rel for rel, _ in _project_files()]
    assert Path("README.md") in files and any(rel.suffix == ".ipynb" for rel in files)
    assert any(needle in (ROOT / ".ci" / "run").read_text(encoding="utf-8") for needle in FORBIDDEN)

"""Every notebook's cell ids are unique (nbformat silently renames duplicates, which breaks links and merges)."""
from __future__ import annotations

import collections
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "assignments" / "source").glob("*/*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_cell_ids_are_unique(path: Path) -> None:
    counts = collections.Counter(cell.get("id") for cell in json.loads(path.read_text(encoding="utf-8"))["cells"])
    assert [cell_id for cell_id, n in counts.items() if n > 1] == []

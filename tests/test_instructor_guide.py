"""The instructor's guide covers every notebook with the parts an instructor needs, and the README links it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "instructor_guide.md"
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
ASSIGNMENTS = sorted(p.name for p in (ROOT / "assignments" / "source").iterdir() if p.is_dir())


def _section(code: str) -> str:
    text = GUIDE.read_text(encoding="utf-8")
    match = re.search(rf"^## Notebook {code}: .*?(?=^## |\Z)", text, re.M | re.S)
    assert match, f"the guide has no section '## Notebook {code}: …'"
    return match.group(0)


def _objectives_in_notebook(stem: str) -> int:
    import json

    nb = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    md = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    block = re.search(r"^## Learning objectives\s*$(.*?)(?=^## |\Z)", md, re.M | re.S).group(1)
    return len([line for line in block.splitlines() if re.match(r"\s*[-*] ", line)])


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_every_notebook_is_covered(stem):
    section = _section(stem[:2])
    time = re.search(r"\*\*Time:\*\* (\d+) minutes \(teaching (\d+), exercises (\d+)\)", section)
    assert time, "teaching time against exercise time"
    total, teaching, exercises = map(int, time.groups())
    assert teaching + exercises == total
    objectives = re.search(r"\*\*Objectives and how they are assessed:\*\*\n((?:  - .*\n)+)", section)
    assert objectives, "the objectives, each with how it is assessed"
    lines = objectives.group(1).splitlines()
    assert len(lines) == _objectives_in_notebook(stem), "one line per learning objective of the notebook"
    assert all(" — " in line for line in lines), "each objective says how it is assessed"
    prompts = re.search(r"\*\*Discussion prompts:\*\*\n((?:  \d\. .*\n)+)", section)
    assert prompts and 2 <= len(prompts.group(1).splitlines()) <= 3, "two or three discussion prompts"
    for label in ("Common misconceptions:", "Scenario and peer evaluation in the room:", "Assignment that follows:"):
        assert f"**{label}**" in section, f"missing '{label}'"


def test_estimated_times_match_the_notebooks():
    import json

    for stem in NOTEBOOKS:
        nb = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
        minutes = re.search(r"\*Estimated time: (\d+) minutes\*", "".join(nb["cells"][0]["source"])).group(1)
        guide_minutes = re.search(r"\*\*Time:\*\* (\d+) minutes", _section(stem[:2])).group(1)
        assert int(guide_minutes) >= int(minutes) - 10, f"{stem}: guide and notebook disagree on the time"


def test_every_assignment_is_placed_after_a_notebook():
    text = GUIDE.read_text(encoding="utf-8")
    follows = "\n".join(re.findall(r"\*\*Assignment that follows:\*\*(.*)", text))
    assert [a for a in ASSIGNMENTS if f"`{a}`" not in follows] == []


def test_schedules_and_item_analysis_are_there_and_the_readme_links_the_guide():
    text = GUIDE.read_text(encoding="utf-8")
    assert "One-day workshop" in text and "Four-week course" in text
    assert "item_analysis.png" in text
    assert "docs/instructor_guide.md" in (ROOT / "README.md").read_text(encoding="utf-8")

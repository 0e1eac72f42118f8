"""Every list and figure the articles teach appears somewhere in the learner notebooks.

The lists come from ``csworkbook.content`` (one source of truth), so dropping a POSITIVE letter, a
recovery strategy or one of the eleven countries from the course text makes this test fail.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from csworkbook import content

ROOT = Path(__file__).resolve().parent.parent
TABLES = ["POSITIVE", "NONVERBAL", "POOR_IMAGE_CONSEQUENCES", "RELATIONSHIP_TECHNIQUES", "FOUR_TIPS",
          "LOYALTY_STRATEGIES", "RECOVERY_STRATEGIES", "EMOTION_REDUCING_MOVES", "COMMUNICATION_STRATEGIES",
          "DEFINITION_PARTS"]
NAMES = ["RELATIONSHIP_ORIENTED_COUNTRIES", "VALUE_EXAMPLE_CARS", "WEB_TOOLS", "SMALL_FIRM_RESPONDERS",
         "CHANGING_VALUES"]
#: Figures and names from the articles, as the course writes them.
FIGURES = ["225.5", "434.2", "2012", "2017", "eMarketer", "1,144", "11,440", "183,040", "Ms. Ling", "Office Depot",
           "Lauren Tuck", "5 to 10 minutes", "Chevrolet Volt", "Reichheld", "TARP", "Mehrabian"]


@pytest.fixture(scope="module")
def course_text() -> str:
    parts = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        parts += ["".join(cell["source"]) for cell in nb["cells"]]
    return "\n".join(parts).lower()


@pytest.mark.parametrize("table", TABLES)
def test_every_taught_list_item_is_in_the_course(course_text, table):
    missing = [item.name for item in getattr(content, table) if item.name.lower() not in course_text]
    assert not missing, f"{table}: not taught in any notebook: {missing}"


@pytest.mark.parametrize("table", NAMES)
def test_every_named_example_is_in_the_course(course_text, table):
    missing = [name for name in getattr(content, table) if name.lower() not in course_text]
    assert not missing, f"{table}: not named in any notebook: {missing}"


def test_the_articles_figures_are_in_the_course(course_text):
    missing = [figure for figure in FIGURES if figure.lower() not in course_text]
    assert not missing, f"figures from the articles that no notebook states: {missing}"

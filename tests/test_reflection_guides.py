"""Every reflection in the notebooks has a model answer and a self-check rubric of three or four points."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from csworkbook.rules import reflection_guides
from csworkbook.rules.reflection_guides import GuideError, parse

ROOT = Path(__file__).resolve().parent.parent


def _reflection_calls() -> list[tuple[str, str]]:
    """(notebook code, key) of every ``Reflection(...)`` call in the learner notebooks."""
    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            for node in ast.walk(ast.parse("".join(cell["source"]))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Reflection":
                    kw = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
                    assert kw["notebook"] == path.stem[:2], f"{path.name}: reflection saved under another notebook"
                    found.append((kw["notebook"], kw["key"]))
    return found


def test_every_notebook_has_a_reflection():
    assert sorted({nb for nb, _ in _reflection_calls()}) == [f"{i:02d}" for i in range(11)]


@pytest.mark.parametrize(("notebook", "key"), _reflection_calls())
def test_every_reflection_has_a_model_answer_and_a_rubric(notebook, key):
    guide = reflection_guides.find(notebook, key)
    assert guide is not None, f"notebook {notebook}: no model answer or rubric for reflection '{key}'"
    assert len(guide.model_answer.split()) >= 60, "a model answer long enough to compare against"
    assert 3 <= len(guide.rubric) <= 4
    assert len(set(guide.rubric)) == len(guide.rubric)


def test_no_guide_is_left_without_a_reflection():
    assert {(g.notebook, g.key) for g in reflection_guides.all_guides()} == set(_reflection_calls())


@pytest.mark.parametrize(("data", "fragment"), [
    ([], "list called 'reflections'"),
    ({"reflections": [{"notebook": "01", "key": "k", "prompt": "p", "model_answer": "a", "rubric": ["x", "y"]}]},
     "3 or 4 points"),
    ({"reflections": [{"notebook": "01", "key": "k", "prompt": "", "model_answer": "a", "rubric": ["x"] * 3}]},
     "'prompt' must be non-empty"),
    ({"reflections": [{"notebook": "01", "key": "k", "prompt": "p", "model_answer": "a",
                       "rubric": ["x", "y", ""]}]}, "rubric point"),
    ({"reflections": [{"notebook": "01", "key": "k", "prompt": "p", "model_answer": "a", "rubric": ["x", "y", "z"]}] * 2},
     "twice"),
])
def test_a_broken_data_file_gives_a_clear_error(data, fragment):
    with pytest.raises(GuideError, match=fragment):
        parse(data)

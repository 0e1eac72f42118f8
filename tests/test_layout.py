"""The package layout keeps its promises (docs/contracts.md, "Package layout").

- ``csworkbook.rules`` and ``csworkbook.overview`` (and ``action_plan``) import neither ipywidgets
  nor matplotlib, checked in a fresh interpreter;
- no learner module imports ``csworkbook.instructor``, checked both in a fresh interpreter and in
  the source (an import inside a function counts too);
- every widget's ``activity_id`` is in the overview's one activity list, and the reverse;
- ``bench/`` imports nothing from ``tests/``.
"""
from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import csworkbook
from csworkbook import overview, rules

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "csworkbook"


def _modules(package: object) -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + "."))  # type: ignore[attr-defined]


def _imported_after(modules: list[str]) -> set[str]:
    """The names in ``sys.modules`` after importing ``modules`` in a fresh interpreter."""
    code = ("import importlib, json, sys\n"
            f"for name in {modules!r}:\n    importlib.import_module(name)\n"
            "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         timeout=300)
    return set(json.loads(out.stdout))


def test_rules_and_overview_import_no_widgets_and_no_charts():
    modules = [*_modules(rules), "csworkbook.rules", "csworkbook.overview", "csworkbook.action_plan"]
    assert len(modules) >= 17  # every rules module is in the list
    loaded = _imported_after(modules)
    heavy = sorted(m for m in loaded if m.split(".")[0] in ("ipywidgets", "matplotlib"))
    assert heavy == []


def _learner_modules() -> list[str]:
    everything = _modules(csworkbook)
    return [m for m in everything
            if not m.startswith("csworkbook.instructor") and m not in ("csworkbook.cli", "csworkbook.__main__")]


def test_learner_modules_never_load_the_instructor_package():
    learner = _learner_modules()
    assert "csworkbook.widgets.dashboard" in learner and "csworkbook.journal" in learner
    loaded = _imported_after(learner)
    assert not [m for m in loaded if m.startswith("csworkbook.instructor")]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_no_learner_source_mentions_an_instructor_import_even_inside_a_function():
    offenders = {}
    for name in _learner_modules():
        path = PACKAGE.joinpath(*name.split(".")[1:])
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        bad = sorted(i for i in _imports(path) if i.startswith("csworkbook.instructor"))
        if bad:
            offenders[name] = bad
    assert offenders == {}


def _widget_classes() -> dict[str, type]:
    from csworkbook import widgets

    found = {name: getattr(widgets, name) for name in widgets.__all__ if name != "Activity"}
    assert len(found) >= 17
    return found


def test_every_widget_activity_id_is_in_the_overview_and_the_reverse():
    ids = {cls.activity_id: name for name, cls in _widget_classes().items()}
    assert len(ids) == len(_widget_classes()), "two widgets share an activity_id"
    listed = set(overview.ACTIVITY_IDS)
    assert sorted(set(ids) - listed) == [], "a widget saves under an id the overview does not know"
    assert sorted(listed - set(ids)) == [], "the overview lists an id no widget saves under"
    assert len(overview.ACTIVITY_IDS) == len(listed)


def test_the_overview_rows_use_only_listed_ids():
    rows = overview.summarise([])["rows"]
    assert {r["activity"] for r in rows} <= set(overview.ACTIVITY_IDS)
    assert {r["activity"] for r in rows} | set(overview.TOOLS) == set(overview.ACTIVITY_IDS)


@pytest.mark.parametrize("path", sorted((ROOT / "bench").glob("*.py")), ids=lambda p: p.name)
def test_bench_imports_nothing_from_tests(path):
    assert not [i for i in _imports(path) if i == "tests" or i.startswith("tests.") or i.startswith("conftest")]

"""Every course notebook keeps its required parts, stays output-free and offline.

The parts and the exact headings come from docs/contracts.md (notebook conventions).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = [
    "00_start_here", "01_what_service_means", "02_relationships_across_cultures", "03_time_and_culture",
    "04_nonverbal_communication", "05_positive_model", "06_partnership_and_loyalty", "07_technology_and_channels",
    "08_service_recovery", "09_strengthening_communication", "10_capstone",
]
REQUIRED_SCENARIOS = {  # the design's list of scenarios the course must contain
    "call_centre_talk_time", "family_topics", "late_vip", "eco_minded_buyer", "service_breakdown",
    "policy_shield", "web_store_chat", "capstone",
}
MEASURABLE_VERBS = {
    "identify", "explain", "describe", "compare", "calculate", "apply", "rewrite", "plan", "list", "name",
    "classify", "evaluate", "recognise", "recognize", "distinguish", "choose", "use", "demonstrate", "estimate",
    "interpret", "match", "sort", "state", "predict", "create", "build", "write", "outline", "contrast", "rate",
    "analyse", "analyze", "summarise", "summarize", "select", "recall", "practise", "practice", "draft", "order",
    "recommend", "assess", "define", "spot", "convert", "project", "give", "label", "adapt", "respond", "prepare",
    "produce", "export", "save", "navigate", "run", "locate", "diagnose", "justify", "critique", "quantify",
    "sequence", "formulate", "construct", "decide", "reframe", "plot",
}
SUPPORT_WIDGETS = {"KnowledgeCheck", "Reflection", "SpacedReview", "ScenarioPlayer", "JournalTools"}
NETWORK_HINTS = re.compile(r"https?://|\brequests\b|\burllib\b|\bsocket\b|\bhttpx\b|\bwget\b|\bcurl\b|!pip")


def _load(name: str) -> dict:
    return json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _markdown(nb: dict) -> str:
    return "\n".join(_source(c) for c in nb["cells"] if c["cell_type"] == "markdown")


def _code(nb: dict) -> list[str]:
    return [_source(c) for c in nb["cells"] if c["cell_type"] == "code"]


def _section(markdown: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    return match.group(1) if match else ""


def test_the_eleven_notebooks_exist_and_nothing_else():
    found = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert found == NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_required_parts(name):
    nb = _load(name)
    code_cell = name[:2]
    md = _markdown(nb)
    code = "\n".join(_code(nb))
    first = _source(nb["cells"][0])
    assert first.startswith("# "), "the notebook opens with its title"
    assert re.search(r"\*Estimated time: \d+[–-]?\d* minutes\*", first), "an estimated time under the title"

    objectives = [line for line in _section(md, "Learning objectives").splitlines() if re.match(r"\s*[-*] ", line)]
    assert 3 <= len(objectives) <= 5, f"3–5 learning objectives, found {len(objectives)}"
    for line in objectives:
        words = re.findall(r"[A-Za-z]+", line.lower())
        assert words and words[0] in MEASURABLE_VERBS, f"objective should start with a measurable verb: {line!r}"

    for heading in ("Scenario", "Knowledge check", "Reflection", "Key terms", "Summary", "Sources"):
        assert re.search(rf"^## {heading}\s*$", md, re.M), f"missing the heading '## {heading}'"
    for heading in ("Key terms", "Summary"):
        assert len(_section(md, heading).split()) >= 30, f"'## {heading}' needs real content"
    assert f'KnowledgeCheck(notebook="{code_cell}")' in code
    assert re.search(r"Reflection\(", code) and f'notebook="{code_cell}"' in code
    assert re.search(r'ScenarioPlayer\("\w+", notebook="' + code_cell + r'"\)', code)
    if code_cell != "00":
        assert f'SpacedReview(notebook="{code_cell}")' in code
    used = set(re.findall(r"\b([A-Z][A-Za-z]+)\(", code))
    from csworkbook.widgets import _EXPORTS

    activities = (used & set(_EXPORTS)) - SUPPORT_WIDGETS
    assert activities, "at least one interactive activity from csworkbook.widgets"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_without_outputs_and_logic_stays_in_the_package(name):
    nb = _load(name)
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        assert cell.get("outputs") == [], "commit notebooks without outputs"
        assert cell.get("execution_count") is None, "commit notebooks without execution counts"
        src = _source(cell)
        assert not re.search(r"^\s*(def|class|for|while) ", src, re.M), f"logic belongs in csworkbook:\n{src}"
        assert len(src.strip().splitlines()) <= 8, f"a code cell is a few lines that call the package:\n{src}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_cell_has_its_own_id(name):
    # nbformat 4.5 requires unique ids; two branches adding cells can merge into duplicates
    ids = [cell.get("id") for cell in _load(name)["cells"]]
    assert all(ids), "every cell has an id"
    assert len(ids) == len(set(ids)), f"duplicate cell ids: {sorted({i for i in ids if ids.count(i) > 1})}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_nothing_reaches_the_network(name):
    for src in _code(_load(name)):
        assert not NETWORK_HINTS.search(src), f"notebooks work offline:\n{src}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_referenced_scenarios_and_checks_load(name):
    from csworkbook.rules import quiz as checks, scenario as scenarios

    code = "\n".join(_code(_load(name)))
    for scenario_id in re.findall(r'ScenarioPlayer\("(\w+)"', code):
        scenarios.load(scenario_id)
    items = checks.load(name[:2])
    assert len(items) >= 3


def test_the_course_ships_at_least_eight_scenarios_including_the_designed_ones():
    from csworkbook.rules import scenario as scenarios

    ids = set(scenarios.available())
    assert len(ids) >= 8
    assert REQUIRED_SCENARIOS <= ids, f"missing: {sorted(REQUIRED_SCENARIOS - ids)}"

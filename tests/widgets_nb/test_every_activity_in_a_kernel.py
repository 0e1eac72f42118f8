"""A notebook that shows every activity runs headless in a real kernel (nbclient) with no error.

Beyond "no error", the notebook drives a few activities inside the kernel as a learner would and the
test reads the results back: widget views are produced for every activity, the saved widget state
is stored in the notebook, and the journal the kernel wrote on disk holds the expected entries.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CELLS = [
    'from csworkbook.widgets import *\nfrom csworkbook import widgets as w\nw._EXPORTS.keys()',
    'JournalTools(notebook="00")',
    'Reflection("Which customer did you help best this week, and how?", key="kernel_test", notebook="00")',
    'KnowledgeCheck(notebook="05")',
    'SpacedReview(notebook="05")',
    'ScenarioPlayer("service_breakdown", notebook="08")',
    'TouchpointSorter(notebook="01")',
    't = TalkTimePlanner(notebook="02")\nt.save_button.click()\nt',
    'LatenessExplorer(notebook="03")',
    'NonverbalPractice(notebook="04")',
    'NonverbalPeerEvaluation(notebook="04")',
    'p = PositiveSelfAssessment(notebook="05")\n'
    '_ = [p.set_rating(k, v) for k, v in zip(p.ratings, [5, 4, 2, 4, 3, 4, 1, 5])]\n'
    'p.score_button.click()\np',
    'QuestionTrainer(notebook="05", mode="label")',
    'QuestionTrainer(notebook="05", mode="rewrite")',
    'ReceiptBuilder(notebook="06")',
    'g = GrowthCalculator(notebook="07")\ng.calculate_button.click()\ng',
    'DefectionCostExplorer(notebook="08")',
    'RecoveryPlanner(notebook="08")',
    'PolicyRewriter(notebook="09")',
    'd = Dashboard(notebook="10")\nd.export_button.click()\nd',
]
ACTIVITY_CELLS = range(1, len(CELLS))


def test_every_activity_renders_and_saves_in_a_real_kernel(tmp_path: Path):
    home = tmp_path / "home"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    env_before = {k: os.environ.get(k) for k in ("CSWORKBOOK_HOME", "MPLBACKEND")}
    os.environ["CSWORKBOOK_HOME"], os.environ["MPLBACKEND"] = str(home), "Agg"
    try:
        client = NotebookClient(nb, timeout=180, kernel_name="python3", store_widget_state=True,
                                resources={"metadata": {"path": str(tmp_path)}})
        client.execute()
    finally:
        for key, value in env_before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

    errors = [o for c in nb.cells for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    for index in ACTIVITY_CELLS:
        kinds = [set(o.get("data", {})) for o in nb.cells[index].outputs if o.output_type == "execute_result"]
        assert any("application/vnd.jupyter.widget-view+json" in k for k in kinds), CELLS[index]
    exports = nb.cells[0].outputs[0]["data"]["text/plain"]
    used = {name for src in CELLS for name in w_names(src)}
    missing = [name for name in eval(exports.replace("dict_keys", "")) if name not in used | {"Activity"}]
    assert not missing, f"activities the kernel notebook does not show: {missing}"
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert len(state) > 100, "the widget state of every activity is saved in the notebook"

    entries = json.loads((home / "journal.json").read_text())["entries"]
    kinds = {(e["activity"], e["kind"]) for e in entries}
    assert ("positive_self_assessment", "attempt") in kinds
    assert ("growth_calculator", "result") in kinds
    assert ("talk_time_planner", "result") in kinds
    assert (home / "action_plan.md").exists() and (home / "action_plan.html").exists()
    plan = (home / "action_plan.md").read_text()
    assert "Verify understanding" in plan and "Stay abreast of trends" in plan, "the two weakest letters reach the plan"


def w_names(src: str) -> list[str]:
    """Class names called in a cell's source."""
    import re

    return re.findall(r"\b([A-Z][A-Za-z]+)\(", src)

"""Teach before grading: every assignment is introduced by the notebook that teaches it, and every function an
assignment grades has its formula in that notebook's text and a worked example computed by the course's package.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from csworkbook import calculators

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "assignments" / "source"

#: assignment -> the notebook that teaches it (its "taught in" notebook).
TAUGHT_IN = {"defection_cost": "08", "ecommerce_growth": "07", "question_types": "05", "loyalty_value": "06",
             "service_metrics": "07"}

#: graded function -> (what the worked example calls, the formula as the notebook writes it). The formula is compared
#: after :func:`_plain` (no spaces or bold, × and · as *, ÷ as /, − and – as -, lower case).
FORMULAS: dict[str, tuple[str, list[str]]] = {
    "lifetime_revenue": ("lifetime_revenue", ["lifetime revenue = average sale × purchases per year × years"]),
    "direct_loss": ("direct_loss", ["direct loss = defectors × lifetime revenue"]),
    "word_of_mouth_loss": ("word_of_mouth_loss", [
        "word-of-mouth loss = defectors × people told × share of listeners lost × lifetime revenue"]),
    "total_loss": ("total_defection_cost", ["total = direct loss + word-of-mouth loss"]),
    "cagr": ("compound_growth_rate", ["CAGR = (end ÷ start)^(1 ÷ years) − 1"]),
    "project": ("project", ["value after n years = start × (1 + rate)^n"]),
    "is_open": ("explain", ["cannot be answered properly with yes, no or a single word", "narrow one-fact question"]),
    "receipt_savings": ("receipt_savings", ["list price − price paid"]),
    "savings_share": ("savings_share", ["saving share = (list price − price paid) ÷ list price"]),
    "expected_life": ("expected_customer_life", ["expected customer life (years) = 1 ÷ annual defection rate"]),
    "clv": ("customer_lifetime_value", ["CLV = m · r / (1 + i − r)", "Gupta and Lehmann (2003)"]),
    "csat": ("csat", ["share of ratings of 4 or 5 on a 1–5 scale"]),
    "nps": ("nps", ["% promoters (9–10) − % detractors (0–6)", "Keiningham"]),
    "fcr": ("fcr", ["contacts resolved on the first contact ÷ all contacts"]),
    "aht": ("aht", ["(talk + hold + after-call work) ÷ contacts"]),
}


def _plain(text: str) -> str:
    text = text.replace("**", "").replace("×", "*").replace("·", "*").replace("÷", "/")
    return re.sub(r"\s+", "", text.replace("−", "-").replace("–", "-").lower())


def _notebook(code: str) -> dict:
    path = next((ROOT / "notebooks").glob(f"{code}_*.ipynb"))
    return json.loads(path.read_text(encoding="utf-8"))


def _cells(nb: dict, kind: str) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == kind]


def _graded_functions(assignment: str) -> list[str]:
    """Names of the functions a student writes in the assignment's solution cells."""
    nb = json.loads((SOURCE / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8"))
    names = []
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "code":
            names += re.findall(r"^def (\w+)\(", "".join(cell["source"]), re.M)
    return names


def test_every_assignment_has_a_taught_in_notebook():
    assert sorted(p.name for p in SOURCE.iterdir() if p.is_dir()) == sorted(TAUGHT_IN)


@pytest.mark.parametrize("assignment", sorted(TAUGHT_IN))
def test_the_notebook_links_the_assignment_in_a_graded_practice_cell(assignment):
    nb = _notebook(TAUGHT_IN[assignment])
    cells = [text for text in _cells(nb, "markdown") if f"## Graded practice: `{assignment}`" in text]
    assert len(cells) == 1, f"notebook {TAUGHT_IN[assignment]} needs one '## Graded practice: `{assignment}`' cell"
    section = cells[0].split(f"## Graded practice: `{assignment}`", 1)[1].split("\n## ", 1)[0]
    for words in (f"**{assignment}**", f"{assignment}.ipynb", "Assignment List", "**Validate**", "practises"):
        assert words in section, f"the graded-practice cell for {assignment} should mention {words!r}"


@pytest.mark.parametrize("assignment", sorted(TAUGHT_IN))
def test_every_graded_formula_is_taught_with_a_worked_example(assignment):
    nb = _notebook(TAUGHT_IN[assignment])
    text = _plain("\n".join(_cells(nb, "markdown")))
    code = "\n".join(_cells(nb, "code"))
    functions = _graded_functions(assignment)
    assert functions, f"{assignment} grades no function?"
    for function in functions:
        assert function in FORMULAS, f"{assignment}.{function}: say which formula teaches it (FORMULAS)"
        worker, formulas = FORMULAS[function]
        for formula in formulas:
            assert _plain(formula) in text, f"{assignment}.{function}: notebook {TAUGHT_IN[assignment]} " \
                                            f"does not state {formula!r}"
        assert re.search(rf"\b{worker}\(", code), f"{assignment}.{function}: no worked example calls {worker}()"
        if worker != "explain":
            assert hasattr(calculators, worker)
            assert re.search(rf"from csworkbook\.calculators import [\w, ]*\b{worker}\b", code)
        else:
            assert "from csworkbook.rules.questions import explain" in code

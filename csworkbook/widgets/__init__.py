"""Interactive course activities built on ipywidgets 8.

Import the classes from here, e.g. ``from csworkbook.widgets import PositiveSelfAssessment``.
Each is loaded on first use so importing this package stays cheap.
"""
from __future__ import annotations

import importlib
from typing import Any

#: public class name -> module (inside csworkbook.widgets) that defines it
_EXPORTS: dict[str, str] = {
    "Activity": "base",
    # notebook 00 and every notebook
    "Reflection": "reflection",
    "KnowledgeCheck": "quiz",
    "SpacedReview": "review",
    "JournalTools": "journal_tools",
    "ScenarioPlayer": "scenario",
    # one activity per topic
    "TouchpointSorter": "touchpoints",
    "TalkTimePlanner": "talk_time",
    "LatenessExplorer": "lateness",
    "NonverbalPeerEvaluation": "nonverbal",
    "NonverbalPractice": "nonverbal_practice",
    "PositiveSelfAssessment": "positive",
    "QuestionTrainer": "questions",
    "ReceiptBuilder": "receipt",
    "GrowthCalculator": "growth",
    "DefectionCostExplorer": "defection",
    "RecoveryPlanner": "recovery",
    "PolicyRewriter": "policy",
    "Dashboard": "dashboard",
}


#: ``from csworkbook.widgets import *`` brings every activity (and imports each module then, not before).
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(_EXPORTS)

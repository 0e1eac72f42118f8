"""csworkbook: the helper package of an interactive workbook course on customer service across cultures.

Importing the package is cheap: it loads neither matplotlib nor nbgrader. Sub-modules
(``content``, ``calculators``, ``widgets`` …) are imported on first use.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_SUBMODULES = {
    "calculators",
    "content",
    "journal",
    "plots",
    "rules",
    "action_plan",
    "widgets",
}


def __getattr__(name: str) -> Any:
    """Import a sub-module lazily the first time it is named (PEP 562)."""
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_SUBMODULES))

"""Charts for the course activities: one module per activity, shared helpers here.

Rules every chart follows (see docs/contracts.md):

- matplotlib is imported inside functions only (never when csworkbook is imported), and figures are
  drawn with ``matplotlib.figure.Figure`` on the Agg canvas, so the kernel's backend is left alone;
- colours come from the Okabe–Ito palette (:data:`PALETTE`) and never carry meaning alone
  (hatches, labels or markers too);
- every chart function returns ``(png_bytes, summary_sentence, data_dict)``: the PNG to show,
  a one-line text summary to place beside it (for screen readers and for anyone who would rather
  read), and the plain data behind the bars or lines (what tests assert).
"""
from __future__ import annotations

import io
from typing import Any

#: Okabe–Ito colour-blind-safe palette, in the order charts use it.
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: The colour of each feedback level (info, success, warning, error), taken from :data:`PALETTE`.
LEVEL_COLOURS: dict[str, str] = {"info": PALETTE[0], "success": PALETTE[2], "warning": PALETTE[1], "error": PALETTE[5]}
#: Hatches that pair with the palette so bars differ without colour.
HATCHES: tuple[str, ...] = ("", "//", "..", "xx", "\\\\", "--", "++", "oo")

Chart = tuple[bytes, str, dict[str, Any]]


def new_figure(width: float = 6.0, height: float = 3.0):
    """A fresh matplotlib ``Figure`` (inches) that does not touch pyplot's global state."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


def to_png(fig: Any) -> bytes:
    """Render a figure to PNG bytes (tight layout)."""
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()

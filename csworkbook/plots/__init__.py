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
import threading
from typing import Any, Callable, Hashable

#: Okabe–Ito colour-blind-safe palette, in the order charts use it.
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: The colour of each feedback level (info, success, warning, error), taken from :data:`PALETTE`.
LEVEL_COLOURS: dict[str, str] = {"info": PALETTE[0], "success": PALETTE[2], "warning": PALETTE[1], "error": PALETTE[5]}
#: Hatches that pair with the palette so bars differ without colour.
HATCHES: tuple[str, ...] = ("", "//", "..", "xx", "\\\\", "--", "++", "oo")

Chart = tuple[bytes, str, dict[str, Any]]


#: Charts are shown at their own size (100 dpi, at most 9 inches wide), so 10 pt text is about 14 px.
DPI = 100
#: One lock around matplotlib drawing: fonts are shared, and :func:`warm_up` may run in a thread.
DRAW_LOCK = threading.RLock()
#: Margins found by ``tight_layout`` per chart layout (see :meth:`csworkbook.plots.kept.KeptFigure.render`),
#: so later draws skip it.
_LAYOUTS: dict[Hashable, dict[str, float]] = {}
_WARM: list[threading.Thread] = []
_WARMED: list[bool] = []


def new_figure(width: float = 6.0, height: float = 3.0):
    """A fresh matplotlib ``Figure`` (inches) that does not touch pyplot's global state."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI)


def warm_up(prepare: Callable[[], Any] | None = None) -> threading.Thread:
    """Import matplotlib and load its fonts in a background thread, then run ``prepare`` there; return the thread.

    Activities with a chart call this when they are built, so the learner's first click does not pay
    for the import (about half a second); ``prepare`` may build the activity's figure and lay it out.
    Threads run one after another (:data:`DRAW_LOCK`), and :func:`wait_for_warm_up` waits for all.
    """
    thread = threading.Thread(target=_warm, args=(prepare,), name="csworkbook-warm-charts", daemon=True)
    _WARM.append(thread)
    thread.start()
    return thread


def wait_for_warm_up() -> None:
    """Block until every running :func:`warm_up` has finished (two threads must never import matplotlib at once).

    Every chart function calls this first; it returns at once when no warm-up is running, or when
    called from a warm-up thread itself (a ``prepare`` that draws its chart).
    """
    current = threading.current_thread()
    if current in _WARM:  # a warm-up drawing a chart: the others wait for DRAW_LOCK, waiting for them would deadlock
        return
    for thread in list(_WARM):
        if thread is not current:
            thread.join()
            if thread in _WARM:
                _WARM.remove(thread)


def _warm(prepare: Callable[[], Any] | None) -> None:
    with DRAW_LOCK:
        if prepare is not None:
            prepare()
        if not _WARMED:  # nothing drawn in this process yet (see mark_warm): a small throw-away chart
            fig = new_figure(1.0, 1.0)
            ax = fig.add_subplot()
            ax.bar([0, 1], [1, 2], hatch="//")
            ax.set_title("warm")
            fig.savefig(io.BytesIO(), format="png")
            mark_warm()


def mark_warm() -> None:
    """Note that a chart was drawn in this process (matplotlib imported, fonts loaded): warm-ups skip their own."""
    if not _WARMED:
        _WARMED.append(True)


#: Round numbers an axis may end on (times a power of ten), see :func:`nice_limit`.
NICE_STEPS: tuple[float, ...] = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_limit(value: float) -> float:
    """The smallest round number at or above ``value`` (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten).

    An axis that ends there keeps its ticks while the data moves a little, so a kept figure can reuse
    its drawn background (see :mod:`csworkbook.plots.kept`). Zero or less gives 1.
    """
    import math

    if not value > 0 or math.isinf(value):
        return 1.0 if not value > 0 else value
    power = 10.0 ** math.floor(math.log10(value))
    for step in NICE_STEPS:
        if step * power >= value * (1 - 1e-12):
            return step * power
    return 10.0 * power


def money_formatter():
    """A matplotlib tick formatter for US dollars: ``$950``, ``$150k``, ``$1.2M``."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: short_money(value))


def short_money(amount: float) -> str:
    """US dollars in a few characters, for chart ticks: ``950`` -> ``$950``, ``150000`` -> ``$150k``."""
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if amount >= 1_000_000:
        return f"{sign}${amount / 1_000_000:.3g}M"
    if amount >= 1_000:
        return f"{sign}${amount / 1_000:.3g}k"
    return f"{sign}${amount:.0f}"

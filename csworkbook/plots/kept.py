"""One figure per activity, kept between redraws: only what changed is drawn again.

A :class:`KeptFigure` owns a matplotlib ``Figure`` on its own Agg canvas. A chart subclass builds
its artists once (:meth:`KeptFigure.build`, again only when the *shape* changes, e.g. the number of
rows) and on every redraw sets their data, then calls :meth:`KeptFigure.render`. Three savings make
a redraw cheap (times on a busy 2-core machine, CPU):

- **nothing changed**: a redraw with the same inputs as the last one returns the last PNG (no drawing);
- **background reuse**: artists marked *moving* (bars, value labels, a marker line) are left out of
  the full draw; the rest (axes, ticks, tick labels, axis labels) is drawn once per *static key* (the
  axis limits, tick labels and layout it depends on) and its pixels are kept. When only moving
  artists change, the kept pixels are copied back and just those artists are drawn on top, in
  z-order, a few milliseconds instead of a full draw (text is most of a full draw);
- **one draw to PNG**: the canvas is drawn once and its pixels go straight to PIL with a fast zlib
  level (``savefig`` draws twice once a figure has been laid out).

A fresh figure given the same inputs draws the same pixels (the full draw also draws the moving
artists after the rest), which ``tests/widgets/test_kept_figures.py`` checks for every chart.
matplotlib is imported inside methods only.
"""
from __future__ import annotations

import io
from typing import Any, Hashable

from csworkbook.plots import _LAYOUTS, DPI, DRAW_LOCK

#: zlib level for the PNGs: 1 writes in about a third of the time of the default, a few KB larger.
PNG_LEVEL = 1


class KeptFigure:
    """An activity's one figure: built once per shape, redrawn in place, its static background reused.

    Subclasses implement :meth:`build` and a ``draw(...)`` that calls :meth:`ensure`, returns
    :meth:`unchanged`'s PNG when the inputs are the same as last time, sets the artists and returns
    :meth:`render`. Counters :attr:`full_draws` and :attr:`reuses` say how each redraw was made.
    """

    def __init__(self) -> None:
        self.fig: Any = None
        self.canvas: Any = None
        #: What the artists were built for (see :meth:`ensure`); ``None`` before the first build.
        self.shape: Hashable = None
        #: Artists drawn over the kept background on every redraw (set ``animated`` so full draws skip them).
        self.moving: list[Any] = []
        #: Number of full draws and of redraws that reused the kept background (for tests and benchmarks).
        self.full_draws = 0
        self.reuses = 0
        self._state: Hashable = None
        self._next_state: Hashable = None
        self._png = b""
        self._background: Any = None
        self._background_key: Hashable = None

    # ------------------------------------------------------------------ for subclasses
    def build(self, shape: Hashable) -> None:
        """Create the figure's artists for ``shape`` on the empty ``self.fig`` (subclasses override)."""
        raise NotImplementedError

    def ensure(self, shape: Hashable, width: float, height: float) -> None:
        """Make the figure ``width`` × ``height`` inches with artists built for ``shape`` (once per shape)."""
        if self.fig is None:
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure

            self.fig = Figure(figsize=(width, height), dpi=DPI)
            self.canvas = FigureCanvasAgg(self.fig)
        elif shape == self.shape and tuple(self.fig.get_size_inches()) == (width, height):
            return
        else:
            self.fig.clear()
            self.fig.set_size_inches(width, height)
        self.moving = []
        self._state = self._next_state = self._background = self._background_key = None
        self.build(shape)
        self.shape = shape

    def move(self, *artists: Any) -> None:
        """Mark ``artists`` as moving: drawn over the kept background on every redraw."""
        for artist in artists:
            artist.set_animated(True)
            self.moving.append(artist)

    def unchanged(self, state: Hashable) -> bytes | None:
        """The last PNG if ``state`` (every input of the chart) is the same as at the last draw, else ``None``.

        Otherwise ``state`` is remembered for the next :meth:`render` (only a PNG that was made is reused).
        """
        if self._png and self._state is not None and state == self._state:
            return self._png
        self._state, self._next_state = None, state
        return None

    def static_changed(self, layout: Hashable, static: Hashable) -> bool:
        """Whether :meth:`render` with these keys will draw the background again (so static artists need setting)."""
        return self._background is None or (layout, static) != self._background_key

    def render(self, layout: Hashable, static: Hashable) -> bytes:
        """Draw the figure and return its PNG; reuse the kept background when ``static`` is unchanged.

        layout: the key under which the margins found by ``tight_layout`` are shared (same axes, same
        kind of labels); static: every input the non-moving artists depend on (limits, tick labels, title).
        """
        with DRAW_LOCK:
            key = (layout, static)
            canvas = self.canvas
            if self._background is not None and key == self._background_key:
                canvas.restore_region(self._background)
                self.reuses += 1
            else:
                self._lay_out(layout)
                canvas.draw()  # every artist but the moving ones
                self._background = canvas.copy_from_bbox(self.fig.bbox) if self.moving else None
                self._background_key = key
                self.full_draws += 1
            renderer = canvas.get_renderer()
            for artist in sorted(self.moving, key=lambda a: a.get_zorder()):
                if artist.get_visible():
                    artist.draw(renderer)
            self._png = encode_png(canvas)
            self._state, self._next_state = self._next_state, None
        return self._png

    def _lay_out(self, layout: Hashable) -> None:
        fig = self.fig
        if layout in _LAYOUTS:
            fig.subplots_adjust(**_LAYOUTS[layout])
            return
        for artist in self.moving:  # lay out with the moving artists in place, as they will be drawn
            artist.set_animated(False)
        try:
            fig.tight_layout()
        finally:
            for artist in self.moving:
                artist.set_animated(True)
        fig.set_layout_engine(None)  # tight_layout leaves a placeholder engine behind
        params = fig.subplotpars
        _LAYOUTS[layout] = {name: getattr(params, name) for name in ("left", "right", "top", "bottom", "wspace",
                                                                     "hspace")}


def encode_png(canvas: Any) -> bytes:
    """The Agg canvas's current pixels as PNG bytes (RGBA, zlib level :data:`PNG_LEVEL`)."""
    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=PNG_LEVEL)
    return buffer.getvalue()

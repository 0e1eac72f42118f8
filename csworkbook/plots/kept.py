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
- **one draw to PNG**: the canvas is drawn once and its pixels are written as PNG directly, rows
  unfiltered at a fast zlib level (``savefig`` draws twice once a figure has been laid out, and
  PIL's row filters triple the encoding time);
- **glyphs kept**: with matplotlib 3.11 or later, the bitmaps of every text drawn are kept and
  blended again when the same text is drawn at the same place within a pixel (same pixels).

A fresh figure given the same inputs draws the same pixels (the full draw also draws the moving
artists after the rest), which ``tests/widgets/test_kept_figures.py`` checks for every chart.
matplotlib is imported inside methods only.
"""
from __future__ import annotations

import struct
import zlib
from typing import Any, Hashable

from csworkbook.plots import _LAYOUTS, DPI, DRAW_LOCK, mark_warm

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
        """Make the figure ``width`` × ``height`` inches with artists built for ``shape`` (once per shape).

        A new size alone keeps the artists (the next render draws everything again).
        """
        if self.fig is None:
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure

            self.fig = Figure(figsize=(width, height), dpi=DPI)
            self.canvas = (_text_caching_canvas() or FigureCanvasAgg)(self.fig)
        elif shape == self.shape:
            if tuple(self.fig.get_size_inches()) != (width, height):  # same artists, new size: draw afresh
                self.fig.set_size_inches(width, height)
                self._state = self._next_state = self._background = self._background_key = None
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
                mark_warm()
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


#: Glyph bitmaps of texts already drawn, by text, font, angle and position within a pixel (see below).
_GLYPHS: dict[Hashable, list[tuple[Any, int, int]]] = {}
#: At most this many texts are kept (a few KB each); the store is emptied when it is full.
GLYPH_TEXTS = 4000
_CANVAS: list[Any] = []
#: Ascent, descent and line gap (pixels) per font and dpi, see :func:`_font_height_metrics`.
_FONT_HEIGHTS: dict[Hashable, tuple[Any, Any, Any]] = {}


def _font_height_metrics(prop: Any, dpi: float) -> tuple[Any, Any, Any]:
    """The font's typographic ascent, descent and line gap in pixels (as ``Text`` reads them), or ``None``s."""
    from matplotlib.font_manager import fontManager, get_font

    font = get_font(fontManager._find_fonts_by_props(prop))
    for table_name, gap, ascent, descent in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                             ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is not None:
            scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * dpi / 72  # as Text
            return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None, None, None


def _text_caching_canvas() -> Any:
    """An Agg canvas class whose renderer keeps the glyph bitmaps of every text it draws; ``None`` if unsupported.

    From matplotlib 3.11 the Agg renderer lays out and rasterises every glyph of every text in Python
    on each draw, about half the time of a full draw. The same text in the same font at the same
    angle and the same position within a pixel always gives the same bitmaps, so they are kept and
    blended again (the pixels are identical). Older matplotlib draws text in C++ and needs no help:
    this returns ``None`` there and the plain canvas is used.
    """
    if _CANVAS:
        return _CANVAS[0]
    import math

    from matplotlib.backends import backend_agg
    from matplotlib.ft2font import FT2Font, RenderMode

    if not (hasattr(backend_agg.RendererAgg, "_draw_text_glyphs_and_boxes") and hasattr(FT2Font, "_render_glyph")
            and hasattr(FT2Font, "_layout") and hasattr(FT2Font, "_set_transform")):
        _CANVAS.append(None)
        return None
    import numpy as np

    class TextCachingRenderer(backend_agg.RendererAgg):  # type: ignore[misc, valid-type]
        def draw_text(self, gc: Any, x: float, y: float, s: str, prop: Any, angle: float, ismath: Any = False,
                      mtext: Any = None) -> None:
            if ismath or not gc.get_antialiased():
                return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            flags = backend_agg.get_hinting_flag()
            features = mtext.get_fontfeatures() if mtext is not None else None
            language = mtext.get_language() if mtext is not None else None
            ix, iy = math.floor(x), math.floor(y)
            key = (s, hash(prop), self.dpi, angle, x - ix, y - iy, flags, features, language)
            glyphs = _GLYPHS.get(key)
            height = int(self.height)
            if glyphs is None:
                glyphs = []
                font = self._prepare_font(prop)
                size = prop.get_size_in_points()
                cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
                matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int)
                for item in font._layout(s, flags=flags, features=features, language=language):
                    glyph_font, dx, dy = item.ft_object, item.x, item.y
                    glyph_font.set_size(size, self.dpi)
                    glyph_font._set_transform(matrix, [round(0x40 * (x + dx * cos - dy * sin)),
                                                       round(0x40 * (self.height - y + dx * sin + dy * cos))])
                    bitmap = glyph_font._render_glyph(item.glyph_index, flags, RenderMode.NORMAL)
                    buffer = np.array(bitmap.buffer, copy=True)
                    # stored relative to the pixel the text starts in, so the same text elsewhere reuses it
                    glyphs.append((buffer, bitmap.left - ix, height - bitmap.top + buffer.shape[0] - iy))
                if len(_GLYPHS) >= GLYPH_TEXTS:
                    _GLYPHS.clear()
                _GLYPHS[key] = glyphs
            for buffer, left, bottom in glyphs:
                self._renderer.draw_text_image(buffer, left + ix, bottom + iy, 0, gc)

        def _get_font_height_metrics(self, prop: Any) -> tuple[float, float, float]:
            # asked by Text for every layout; the font tables are read once per font, size and dpi
            key = (hash(prop), self.dpi)
            metrics = _FONT_HEIGHTS.get(key)
            if metrics is None:
                metrics = _font_height_metrics(prop, self.dpi)
                _FONT_HEIGHTS[key] = metrics
            return metrics

    class TextCachingCanvas(backend_agg.FigureCanvasAgg):  # type: ignore[misc, valid-type]
        def get_renderer(self) -> Any:
            w, h = self.get_width_height(physical=True)
            key = w, h, self.figure.dpi
            if self._lastKey != key:
                self.renderer = TextCachingRenderer(w, h, self.figure.dpi)
                self._lastKey = key
            return self.renderer

    _CANVAS.append(TextCachingCanvas)
    return TextCachingCanvas


def encode_png(canvas: Any) -> bytes:
    """The Agg canvas's current pixels as PNG bytes: RGBA, rows unfiltered, zlib level :data:`PNG_LEVEL`.

    Written here rather than by PIL, whose adaptive row filters take about three times as long; for
    flat chart colours the file is only a little larger (about 38 KB for a 660 × 380 chart).
    """
    import numpy as np

    pixels = np.asarray(canvas.buffer_rgba())
    height, width, _ = pixels.shape
    rows = np.zeros((height, width * 4 + 1), dtype=np.uint8)  # each row starts with filter type 0 (none)
    rows[:, 1:] = pixels.reshape(height, width * 4)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(rows.tobytes(), PNG_LEVEL)) + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data and CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

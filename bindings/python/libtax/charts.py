"""Figures that show themselves: every libtax chart is a matplotlib Figure that also renders as a
PNG in Jupyter when it is the value of a cell (``_repr_png_``), with or without pyplot and the
inline backend; it is not registered with pyplot, so it is never drawn twice.

matplotlib is imported when the first chart is made, so ``import libtax`` stays fast.
"""
from __future__ import annotations

import io
from typing import Any, Dict, Optional, Tuple

_FIGURE_CLASS: Dict[str, Any] = {}

#: PNG metadata left out, so the same chart gives the same bytes (docs/gallery stays stable).
PNG_METADATA = {"Software": None}


def figure_class() -> Any:
    """The Figure subclass of libtax's charts (built on first use, after importing matplotlib)."""
    if "Figure" not in _FIGURE_CLASS:
        import matplotlib.figure

        class Figure(matplotlib.figure.Figure):
            """A matplotlib Figure that Jupyter displays as a PNG when it ends a cell."""

            def _repr_png_(self) -> bytes:
                return png_bytes(self)

        _FIGURE_CLASS["Figure"] = Figure
    return _FIGURE_CLASS["Figure"]


def new_axes(ax: Any = None, figsize: Tuple[float, float] = (8, 4.5)) -> Tuple[Any, Any]:
    """(figure, axes): a new self-displaying figure with one axes, or the figure of ``ax``."""
    if ax is not None:
        return ax.figure, ax
    fig = figure_class()(figsize=figsize)
    return fig, fig.add_subplot(1, 1, 1)


def png_bytes(fig: Any, dpi: Optional[int] = 100) -> bytes:
    """The figure as PNG bytes (no software tag, so identical charts give identical bytes)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata=PNG_METADATA)
    return buf.getvalue()


def series_label(what: str, label: Optional[str], tables: Any) -> str:
    """The legend entry of one curve: ``what`` and whose tables it shows, so a baseline and a
    reform drawn on the same axes never share a label. ``label`` (e.g. the reform's name) wins;
    otherwise "baseline" for the built-in tables and "reform" for any other."""
    who = label if label is not None else ("baseline" if tables is None else "reform")
    return f"{what} ({who})"

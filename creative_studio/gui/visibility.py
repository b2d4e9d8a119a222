"""Whether a widget can be seen, which is not what `QWidget.isVisible()` says for docks.

A dock tabbed behind another (the Review and Copy tabs behind the Inspector) stays "visible" to
Qt, parked outside its window, and never gets a showEvent when its tab comes to the front.
(`visibleRegion()` does not tell either: it subtracts opaque children, so a panel filled by a
scroll area has an empty region even in front.) Work done only for the designer's
eyes (a full-size render to hash the current cell, a table refresh per keystroke) must ask
`on_screen`, and catch up on the dock's `visibilityChanged(True)`.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget


def on_screen(widget: QWidget) -> bool:
    """True when some of `widget` is really shown (not hidden, not behind another dock's tab)."""
    if not widget.isVisible():
        return False
    top = widget.window()
    where = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
    return where.intersects(top.rect())


__all__ = ["on_screen"]

"""Dock widths that hold: docks give way when the window shrinks and come back when it grows.

QMainWindow hands every pixel of a resize to the central widget, and once a dock has been
squeezed it stays squeezed when the window grows again. `DockWidths` remembers the width the
designer wants for each side (the default, or the last width they dragged a dock to), and on
every window resize fits the docks: each at its wanted width when there is room for the centre,
otherwise all shrinking together towards their minimum widths, never below them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow

SEPARATOR = 6  # px taken by a dock separator (a margin, so the sum never overshoots)


class DockWidths(QObject):
    """Keeps the left/right docks of `window` at their wanted widths, within the room there is.

    Signals: none (an event filter on the window and its docks).
    """

    def __init__(self, window: QMainWindow, wanted: dict[QDockWidget, int], centre_min: int = 440):
        super().__init__(window)
        self._window = window
        self._wanted = dict(wanted)
        self._centre_min = centre_min
        self._timer = QTimer(self, singleShot=True, interval=0, timeout=self.apply)
        window.installEventFilter(self)
        for dock in self._wanted:
            dock.installEventFilter(self)

    def wanted(self, dock: QDockWidget) -> int:
        return self._wanted[dock]

    def set_wanted(self, dock: QDockWidget, width: int) -> None:
        self._wanted[dock] = max(dock.minimumSizeHint().width(), int(width))
        self._timer.start()

    def remember_current(self) -> None:
        """Adopt the docks' present widths as wanted (after restoring a saved layout)."""
        for dock in self._wanted:
            if self._docked(dock):
                self._wanted[dock] = max(dock.minimumSizeHint().width(), dock.width())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        t = event.type()
        if obj is self._window:
            if t == QEvent.Type.Resize:
                self._timer.start()
            elif t == QEvent.Type.MouseButtonRelease:
                # Separators belong to the window itself: a release on it ends a drag, and
                # the widths it leaves are the designer's choice from now on.
                QTimer.singleShot(0, self.remember_current)
        elif t in (QEvent.Type.Show, QEvent.Type.Hide) and obj in self._wanted:
            self._timer.start()
        return False

    def _docked(self, dock: QDockWidget) -> bool:
        return dock.isVisible() and not dock.isFloating()

    def _columns(self) -> list[QDockWidget]:
        """One dock per side that takes width (tabified docks share their column)."""
        out: list[QDockWidget] = []
        seen_areas: set = set()
        for dock in self._wanted:
            area = self._window.dockWidgetArea(dock)
            if not self._docked(dock) or area not in (
                Qt.DockWidgetArea.LeftDockWidgetArea,
                Qt.DockWidgetArea.RightDockWidgetArea,
            ):
                continue
            if area in seen_areas:
                continue
            seen_areas.add(area)
            out.append(dock)
        return out

    def widths_for(self, window_width: int) -> dict[QDockWidget, int]:
        """The width each docked column gets in a window this wide."""
        cols = self._columns()
        if not cols:
            return {}
        mins = {d: d.minimumSizeHint().width() for d in cols}
        want = {d: max(mins[d], self._wanted[d]) for d in cols}
        room = window_width - self._centre_min - SEPARATOR * len(cols)
        excess = sum(want.values()) - room
        if excess <= 0:
            return want
        slack = {d: want[d] - mins[d] for d in cols}
        total = sum(slack.values())
        if total <= 0:
            return mins
        cut = min(excess, total)
        return {d: round(want[d] - cut * slack[d] / total) for d in cols}

    def apply(self, retry: bool = True) -> None:
        widths = self.widths_for(self._window.width())
        if widths:
            self._window.resizeDocks(list(widths), list(widths.values()), Qt.Orientation.Horizontal)
        if retry:  # the window's own layout may run after us and undo it: check once it has
            QTimer.singleShot(20, self._verify)

    def _verify(self) -> None:
        widths = self.widths_for(self._window.width())
        if any(abs(d.width() - w) > 2 for d, w in widths.items()):
            self.apply(retry=False)


__all__ = ["DockWidths"]

"""Small helpers of the campaign panel: the undo-key filter, the face preview job, the colour swatch."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import QToolButton, QWidget

from ..model import Face
from .session import Session


class UndoKeys(QObject):
    """Routes Ctrl+Z / Ctrl+Shift+Z in text fields to the session's undo stack.

    Signals: none (an event filter).
    """

    def __init__(self, session: Session, parent: QObject):
        super().__init__(parent)
        self._session = session

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        t = event.type()
        if t in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            if event.matches(QKeySequence.StandardKey.Undo):
                if t == QEvent.Type.KeyPress:
                    self._session.undo_stack.undo()
                event.accept()
                return True
            if event.matches(QKeySequence.StandardKey.Redo):
                if t == QEvent.Type.KeyPress:
                    self._session.undo_stack.redo()
                event.accept()
                return True
        return False


class FaceSignals(QObject):
    """Signals: done(int, object): request id and the rendered PIL face (None on failure)."""

    done = Signal(int, object)


class FaceJob(QRunnable):
    def __init__(self, signals: FaceSignals, request: int, face: Face, size: int):
        super().__init__()
        self._signals, self._request, self._face, self._size = signals, request, face, size

    def run(self) -> None:
        try:
            from ..render.face import render_face

            im = render_face(self._face.emoji, self._size, self._face.crack_stage, self._face.seed)
        except Exception:  # noqa: BLE001 - a face the font lacks shows as empty, never crashes
            im = None
        self._signals.done.emit(self._request, im)


class ColorSwatch(QToolButton):
    """A button filled with a brand colour."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFixedSize(36, 24)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._color = QColor("#000000")

    def set_color(self, color: QColor) -> None:
        self._color = QColor(color)
        self.update()

    def color(self) -> QColor:
        return QColor(self._color)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.rect().adjusted(1, 1, -1, -1)
        border = self.palette().color(QPalette.ColorRole.Mid)
        if self.underMouse() or self.hasFocus():
            border = self.palette().color(QPalette.ColorRole.Highlight)
        p.setPen(border)
        p.setBrush(self._color)
        p.drawRoundedRect(r, 5, 5)
        p.end()


__all__ = ["ColorSwatch", "FaceJob", "FaceSignals", "UndoKeys"]

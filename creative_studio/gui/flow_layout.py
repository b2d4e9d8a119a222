"""A layout that wraps its widgets onto more rows instead of demanding more width.

Toolbars inside panels (the preview's controls, the matrix's platform chips, the review panel's
verdict buttons) used to be one QHBoxLayout each: their minimum width was the sum of their
buttons, and a dock beside them lost that width (Compare on squeezed the Campaign panel to
~140 px). In a FlowLayout the minimum width is the widest single item; the rest wraps.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget

_GROWS = (QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)


class FlowLayout(QLayout):
    """Left to right, wrapping; each row's items are centred vertically on the row.

    `expanding` items (horizontal policy Expanding) take the spare width of their row.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 4, row_spacing: int | None = None):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._hspace = spacing
        self._vspace = spacing if row_spacing is None else row_spacing
        # heightForWidth is asked many times per layout pass (and per keystroke, as labels around
        # it change); the answer only changes when an item does, which invalidates the layout.
        self._hfw: dict[int, int] = {}
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout API -----------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)
        self._hfw.clear()

    def invalidate(self) -> None:
        self._hfw.clear()
        super().invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        self._hfw.clear()
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt's name
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        got = self._hfw.get(width)
        if got is None:
            got = self._hfw[width] = self._do_layout(QRect(0, 0, width, 0), apply=False)
        return got

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        self._do_layout(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Everything on one row."""
        w = h = 0
        for it in self._visible():
            hint = it.sizeHint()
            w += hint.width() + (self._hspace if w else 0)
            h = max(h, hint.height())
        m = self.contentsMargins()
        return QSize(w + m.left() + m.right(), h + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        """The widest single item: everything else can wrap."""
        size = QSize()
        for it in self._visible():
            size = size.expandedTo(it.minimumSize()).expandedTo(QSize(it.sizeHint().width(), 0))
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    # -- layout ----------------------------------------------------------------------------------------
    def _visible(self) -> list[QLayoutItem]:
        return [it for it in self._items if not (it.widget() is not None and it.widget().isHidden())]

    def _rows(self, width: int) -> list[list[QLayoutItem]]:
        rows: list[list[QLayoutItem]] = [[]]
        x = 0
        for it in self._visible():
            w = it.sizeHint().width()
            if rows[-1] and x + self._hspace + w > width:
                rows.append([])
                x = 0
            x += (self._hspace if rows[-1] else 0) + w
            rows[-1].append(it)
        return [r for r in rows if r]

    def _do_layout(self, rect: QRect, apply: bool) -> int:
        m: QMargins = self.contentsMargins()
        inner = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        y = inner.y()
        for row in self._rows(max(1, inner.width())):
            height = max(it.sizeHint().height() for it in row)
            used = sum(it.sizeHint().width() for it in row) + self._hspace * (len(row) - 1)
            spare = max(0, inner.width() - used)
            grow = [
                it for it in row if it.widget() is not None and it.widget().sizePolicy().horizontalPolicy() in _GROWS
            ]
            x = inner.x()
            for it in row:
                w = min(inner.width(), it.sizeHint().width() + (spare // len(grow) if it in grow else 0))
                h = it.sizeHint().height()
                if apply:
                    it.setGeometry(QRect(QPoint(x, y + (height - h) // 2), QSize(w, h)))
                x += w + self._hspace
            y += height + self._vspace
        return y - self._vspace - rect.y() + m.bottom()


__all__ = ["FlowLayout"]

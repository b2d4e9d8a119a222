"""The matrix's headers: platform bands over the format columns, message rows with their face."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QHeaderView,
    QWidget,
)

from . import theme
from .matrix_model import (
    CELL_SIZE,
    PlatformRole,
    SizeTextRole,
)


class MatrixHeader(QHeaderView):
    """Column header: a coloured platform band spanning its formats, then name and pixel size."""

    BAND = 24

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(False)
        self.setDefaultSectionSize(CELL_SIZE.width())
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setFixedHeight(self.BAND + 44)

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:  # noqa: N802 - Qt's name
        model = self.model()
        if model is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        body = QRect(rect.left(), rect.top() + self.BAND, rect.width(), rect.height() - self.BAND)
        painter.fillRect(rect, self.palette().base())
        painter.setPen(QPen(theme.color("border"), 1))
        painter.drawLine(body.bottomLeft(), body.bottomRight())
        painter.drawLine(body.topRight(), body.bottomRight())
        name = model.headerData(logical, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or ""
        size = model.headerData(logical, Qt.Orientation.Horizontal, SizeTextRole) or ""
        text_rect = body.adjusted(8, 4, -8, -4)
        f = QFont(self.font())
        f.setWeight(QFont.Weight.DemiBold)
        painter.setFont(f)
        painter.setPen(theme.color("text"))
        fm = painter.fontMetrics()
        painter.drawText(
            QRect(text_rect.left(), text_rect.top(), text_rect.width(), fm.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(name, Qt.TextElideMode.ElideRight, text_rect.width()),
        )
        f2 = QFont(self.font())
        f2.setPointSizeF(max(6.0, self.font().pointSizeF() - 1))
        painter.setFont(f2)
        painter.setPen(theme.color("muted"))
        painter.drawText(
            QRect(text_rect.left(), text_rect.top() + fm.height() + 2, text_rect.width(), fm.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            f"{size} px",
        )
        painter.restore()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        model = self.model()
        if model is None:
            return
        # Platform bands: one rounded tag per run of adjacent visible columns of one platform.
        runs: list[tuple[str, int, int]] = []
        for visual in range(self.count()):
            logical = self.logicalIndex(visual)
            if self.isSectionHidden(logical):
                continue
            platform = model.headerData(logical, Qt.Orientation.Horizontal, PlatformRole) or ""
            x = self.sectionViewportPosition(logical)
            w = self.sectionSize(logical)
            if runs and runs[-1][0] == platform and runs[-1][2] == x:
                runs[-1] = (platform, runs[-1][1], x + w)
            else:
                runs.append((platform, x, x + w))
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(QRect(0, 0, self.viewport().width(), self.BAND), self.palette().base())
        f = QFont(self.font())
        f.setWeight(QFont.Weight.Bold)
        f.setPointSizeF(max(6.0, self.font().pointSizeF() - 0.5))
        painter.setFont(f)
        for platform, x0, x1 in runs:
            if x1 < 0 or x0 > self.viewport().width():
                continue
            band = QRectF(x0 + 3, 3, x1 - x0 - 6, self.BAND - 5)
            col = theme.platform_color(platform)
            fill = QColor(col)
            fill.setAlpha(40 if theme.current() == "light" else 70)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(band, 5, 5)
            painter.setBrush(col)
            painter.drawRoundedRect(QRectF(band.left(), band.top(), 4, band.height()), 2, 2)
            painter.setPen(col.darker(115) if theme.current() == "light" else col.lighter(150))
            label = theme.platform_label(platform).upper()
            n = round((x1 - x0) / max(1, self.defaultSectionSize()))
            # Sticky label: stays readable when the group starts left of the visible area.
            label_rect = band.intersected(QRectF(0, 0, self.viewport().width(), self.BAND)).adjusted(12, 0, -8, 0)
            fm = painter.fontMetrics()
            count = f"{n} formats" if n > 1 else ""
            room = int(label_rect.width())
            # Only what fits: the name (elided), and the count when both fit side by side.
            show_count = bool(count) and fm.horizontalAdvance(label) + 16 + fm.horizontalAdvance(count) <= room
            painter.drawText(
                label_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(label, Qt.TextElideMode.ElideRight, max(0, room)),
            )
            if show_count:
                painter.setPen(theme.color("muted"))
                painter.drawText(label_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, count)
        painter.end()


class MessageHeader(QHeaderView):
    """Row header: the slogan, word-wrapped, with the message id underneath."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setDefaultSectionSize(CELL_SIZE.height())
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setFixedWidth(210)
        self.setSectionsClickable(True)
        self.setHighlightSections(False)

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:  # noqa: N802 - Qt's name
        model = self.model()
        if model is None:
            return
        from .matrix_model import MessageIdRole

        painter.save()
        painter.fillRect(rect, self.palette().base())
        painter.setPen(QPen(theme.color("border"), 1))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        slogan = model.headerData(logical, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole) or ""
        mid = model.headerData(logical, Qt.Orientation.Vertical, MessageIdRole) or ""
        inner = rect.adjusted(16, 10, -14, -10)
        f = QFont(self.font())
        f.setPointSizeF(self.font().pointSizeF() + 1.5)
        f.setWeight(QFont.Weight.Bold)
        f2 = QFont(self.font())
        f2.setPointSizeF(max(6.0, self.font().pointSizeF() - 1))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        # Slogan and id as one block, centred vertically in the row.
        painter.setFont(f2)
        id_h = painter.fontMetrics().height()
        painter.setFont(f)
        fm = painter.fontMetrics()
        max_h = inner.height() - id_h - 4
        text_h = min(max_h, fm.boundingRect(QRect(0, 0, inner.width(), 1000), flags, slogan).height())
        top = inner.top() + (inner.height() - text_h - id_h - 4) // 2
        selected = self.selectionModel() is not None and self.selectionModel().currentIndex().row() == logical
        if selected:
            painter.fillRect(QRect(rect.left(), rect.top() + 8, 3, rect.height() - 16), theme.color("accent"))
        painter.setPen(theme.color("text"))
        painter.drawText(QRect(inner.left(), top, inner.width(), text_h), flags, slogan)
        painter.setFont(f2)
        painter.setPen(theme.color("muted"))
        painter.drawText(
            QRect(inner.left(), top + text_h + 4, inner.width(), id_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            mid,
        )
        painter.restore()


__all__ = ["MatrixHeader", "MessageHeader"]

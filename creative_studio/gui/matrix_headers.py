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
    GroupStartRole,
    LanguageRole,
    MessageIdRole,
    PlatformRole,
    SizeTextRole,
)


def section_runs(header: QHeaderView, role: int) -> list[tuple[str, int, int]]:
    """(value, start, end) in viewport pixels for each run of adjacent visible sections whose
    header data for `role` is the same (a platform over columns, a language down rows)."""
    model = header.model()
    runs: list[tuple[str, int, int]] = []
    for visual in range(header.count()):
        logical = header.logicalIndex(visual)
        if header.isSectionHidden(logical):
            continue
        value = model.headerData(logical, header.orientation(), role) or ""
        start = header.sectionViewportPosition(logical)
        end = start + header.sectionSize(logical)
        if runs and runs[-1][0] == value and runs[-1][2] == start:
            runs[-1] = (value, runs[-1][1], end)
        else:
            runs.append((value, start, end))
    return runs


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
        runs = section_runs(self, PlatformRole)
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
    """Row header: the slogan, word-wrapped, with the message id underneath.

    In language rows a band down the left edge spans each language's group of rows, its code
    sticky at the top of the group's visible part (like the platform bands over the columns),
    and each row's id line names its language ("gd · freedom").
    """

    BAND = 30

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
        painter.save()
        painter.fillRect(rect, self.palette().base())
        painter.setPen(QPen(theme.color("border"), 1))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        slogan = model.headerData(logical, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole) or ""
        mid = model.headerData(logical, Qt.Orientation.Vertical, MessageIdRole) or ""
        lang = model.headerData(logical, Qt.Orientation.Vertical, LanguageRole) or ""
        inner = rect.adjusted(16 + (self.BAND if lang else 0), 10, -14, -10)
        if lang:
            mid = f"{lang} \u00b7 {mid}"
            if model.headerData(logical, Qt.Orientation.Vertical, GroupStartRole) and logical > 0:
                painter.setPen(QPen(theme.color("accent"), 2))  # a new language starts here
                painter.drawLine(rect.left(), rect.top() + 1, rect.right(), rect.top() + 1)
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
            x = rect.left() + (self.BAND + 2 if lang else 0)
            painter.fillRect(QRect(x, rect.top() + 8, 3, rect.height() - 16), theme.color("accent"))
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

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        model = self.model()
        if model is None or not model.headerData(0, Qt.Orientation.Vertical, LanguageRole):
            return
        # Language bands: one rounded tag per run of adjacent visible rows of one language.
        runs = section_runs(self, LanguageRole)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        f = QFont(self.font())
        f.setWeight(QFont.Weight.Bold)
        painter.setFont(f)
        height = self.viewport().height()
        col = theme.color("accent")
        for lang, y0, y1 in runs:
            if y1 < 0 or y0 > height:
                continue
            band = QRectF(4, y0 + 4, self.BAND - 6, y1 - y0 - 8)
            fill = QColor(col)
            fill.setAlpha(34 if theme.current() == "light" else 64)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(band, 5, 5)
            painter.setBrush(col)
            painter.drawRoundedRect(QRectF(band.left(), band.top(), band.width(), 3), 1.5, 1.5)
            # Sticky label: stays readable when the group starts above the visible area.
            visible = band.intersected(QRectF(0, 0, self.BAND, height))
            label = QRectF(band.left(), visible.top() + 6, band.width(), painter.fontMetrics().height() + 4)
            if label.bottom() > visible.bottom():
                label.moveBottom(visible.bottom())
            painter.setPen(col.darker(125) if theme.current() == "light" else col.lighter(150))
            painter.drawText(label, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, lang.upper())
        painter.end()


__all__ = ["MatrixHeader", "MessageHeader"]

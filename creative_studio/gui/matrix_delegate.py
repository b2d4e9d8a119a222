"""The matrix cell delegate: card, thumbnail and badges painted from shared cached pixmaps."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from . import theme
from .matrix_model import (
    CELL_SIZE,
    THUMB_BOX,
    DraftRole,
    ErrorRole,
    FindingsRole,
    OverridesRole,
    ReviewRole,
    StaleRole,
    ThumbRole,
    counts,
)

REVIEW_LOOK = {  # status -> (label, theme colour)
    "approved": ("Approved", "ok"),
    "changes-requested": ("Changes", "warning"),
    "rejected": ("Rejected", "error"),
    "stale": ("Stale", "muted"),
}


class ThumbnailDelegate(QStyledItemDelegate):
    """Paints a cell: the thumbnail on a soft card, error/warning counts, the review status.

    The card (background, selection) and the badges are cached pixmaps shared by every cell in
    the same state, and the thumbnail is rendered at exactly its on-screen size, so a cell costs
    three blits: repainting while 78 thumbnails stream in keeps the GUI thread free.
    """

    CACHE_LIMIT = 500

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._cache: dict[tuple, QPixmap] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        return CELL_SIZE

    def _cached(self, key: tuple, w: int, h: int, dpr: float, draw) -> QPixmap:
        pm = self._cache.get(key)
        if pm is None:
            if len(self._cache) > self.CACHE_LIMIT:
                self._cache.clear()
            pm = QPixmap(max(1, round(w * dpr)), max(1, round(h * dpr)))
            pm.setDevicePixelRatio(dpr)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            draw(p, QRectF(0, 0, w, h))
            p.end()
            self._cache[key] = pm
        return pm

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        image: QImage | None = index.data(ThumbRole)
        findings = index.data(FindingsRole)
        error = index.data(ErrorRole)
        review = index.data(ReviewRole)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver)
        w, h = option.rect.width(), option.rect.height()
        dpr = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        tc = theme.current()
        top_left = option.rect.topLeft()

        painter.drawPixmap(
            top_left,
            self._cached(
                ("card", selected, hover, tc, w, h, dpr), w, h, dpr, lambda p, r: self._draw_card(p, r, selected, hover)
            ),
        )
        r = QRectF(option.rect).adjusted(3, 3, -3, -3)
        cx, cy = r.center().x(), r.center().y()
        if image is not None and not image.isNull():
            idpr = image.devicePixelRatio() or 1.0
            iw, ih = image.width() / idpr, image.height() / idpr
            s = min(1.0, THUMB_BOX[0] / iw, THUMB_BOX[1] / ih)
            target = QRectF(round(cx - iw * s / 2), round(cy - ih * s / 2), iw * s, ih * s)
            shadow = QColor(0, 0, 0, 40 if tc == "light" else 110)
            painter.fillRect(target.adjusted(0, 1.5, 0, 1.5), shadow)
            painter.drawImage(target, image)
            if index.data(StaleRole):  # a newer render is on its way: veil the old one
                veil = QColor(theme.color("cell"))
                veil.setAlpha(90)
                painter.fillRect(target, veil)
        else:
            painter.drawPixmap(
                top_left,
                self._cached(
                    ("placeholder", bool(error), tc, w, h, dpr),
                    w,
                    h,
                    dpr,
                    lambda p, rr: self._draw_placeholder(p, rr, bool(error)),
                ),
            )
        if index.data(OverridesRole):  # copy set for this platform/format: Figma's instance diamond
            painter.drawPixmap(
                top_left, self._cached(("override", tc, w, h, dpr), w, h, dpr, lambda p, rr: self._draw_override(p, rr))
            )
        badge_counts = None if findings is None else counts(findings)
        draft = bool(index.data(DraftRole))
        if badge_counts is not None or review in REVIEW_LOOK:
            look = review if review in REVIEW_LOOK else None
            key = ("badges", badge_counts, draft, look, tc, w, h, dpr, option.font.key())
            painter.drawPixmap(
                top_left,
                self._cached(
                    key, w, h, dpr, lambda p, rr: self._draw_badges(p, rr, option.font, badge_counts, review, draft)
                ),
            )

    @staticmethod
    def _draw_card(painter: QPainter, rect: QRectF, selected: bool, hover: bool) -> None:
        r = rect.adjusted(3, 3, -3, -3)
        painter.setPen(Qt.PenStyle.NoPen)
        if selected:
            tint = QColor(theme.color("accent"))
            tint.setAlpha(38 if theme.current() == "light" else 60)
            painter.setBrush(theme.color("base"))
            painter.drawRoundedRect(r, 8, 8)
            painter.setBrush(tint)
            painter.drawRoundedRect(r, 8, 8)
            painter.setPen(QPen(theme.color("accent"), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(r.adjusted(1, 1, -1, -1), 7, 7)
        else:
            painter.setBrush(theme.color("cell_hover") if hover else theme.color("cell"))
            painter.drawRoundedRect(r, 8, 8)

    @staticmethod
    def _draw_override(painter: QPainter, rect: QRectF) -> None:
        """A small filled diamond in the top-left corner: this cell has copy overrides."""
        c = QPointF(rect.left() + 14, rect.top() + 14)
        d = 5.5
        painter.setPen(QPen(theme.color("base"), 1.5))
        painter.setBrush(theme.color("accent"))
        painter.drawPolygon(
            [QPointF(c.x(), c.y() - d), QPointF(c.x() + d, c.y()), QPointF(c.x(), c.y() + d), QPointF(c.x() - d, c.y())]
        )

    @staticmethod
    def _draw_placeholder(painter: QPainter, rect: QRectF, error: bool) -> None:
        c = rect.center()
        box = QRectF(c.x() - 40, c.y() - 28, 80, 56)
        painter.setPen(QPen(theme.color("border"), 1, Qt.PenStyle.DashLine))
        painter.setBrush(theme.color("base"))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(theme.color("error") if error else theme.color("muted"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "Render failed" if error else "…")

    @staticmethod
    def _draw_badges(
        painter: QPainter, rect: QRectF, font: QFont, badge_counts, review: str | None, draft: bool = False
    ) -> None:
        """Top right: errors (red), warnings (amber), or a quiet tick; bottom left: review status.

        A draft (findings of a reduced render, the full-size verdict still running) is drawn
        hollow with a dashed ring: the same numbers, visibly not final.
        """
        r = rect.adjusted(3, 3, -3, -3)
        x = r.right() - 4
        y = r.top() + 4
        f = QFont(font)
        f.setPointSizeF(max(6.0, font.pointSizeF() - 1.5))
        f.setWeight(QFont.Weight.Bold)
        painter.setFont(f)
        if badge_counts is not None:
            errors, warnings = badge_counts
            badges = [(n, c) for n, c in ((errors, "error"), (warnings, "warning")) if n]
            for n, colour in reversed(badges):
                text = str(n) if n < 100 else "99+"
                d = 19.0
                bw = max(d, painter.fontMetrics().horizontalAdvance(text) + 10)
                br = QRectF(x - bw, y, bw, d)
                if draft:
                    painter.setPen(QPen(theme.color(colour), 1.5, Qt.PenStyle.DashLine))
                    painter.setBrush(theme.color("base"))
                    painter.drawRoundedRect(br.adjusted(0.75, 0.75, -0.75, -0.75), d / 2, d / 2)
                    painter.setPen(theme.color(colour))
                else:
                    painter.setPen(QPen(theme.color("base"), 2))
                    painter.setBrush(theme.color(colour))
                    painter.drawRoundedRect(br, d / 2, d / 2)
                    painter.setPen(QColor("#FFFFFF"))
                painter.drawText(br, Qt.AlignmentFlag.AlignCenter, text)
                x -= bw + 3
            if not badges:
                br = QRectF(x - 15, y + 1, 15, 15)
                if draft:
                    painter.setPen(QPen(theme.color("ok"), 1.3, Qt.PenStyle.DashLine))
                    painter.setBrush(theme.color("base"))
                    painter.drawEllipse(br.adjusted(0.65, 0.65, -0.65, -0.65))
                    tick = theme.color("ok")
                else:
                    painter.setPen(QPen(theme.color("base"), 1.5))
                    painter.setBrush(theme.color("ok"))
                    painter.drawEllipse(br)
                    tick = QColor("#FFFFFF")
                painter.setPen(QPen(tick, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
                c = br.center()
                painter.drawPolyline(
                    [QPointF(c.x() - 3.5, c.y()), QPointF(c.x() - 1, c.y() + 3), QPointF(c.x() + 3.5, c.y() - 3)]
                )
        if review in REVIEW_LOOK:
            label, colour = REVIEW_LOOK[review]
            lw = painter.fontMetrics().horizontalAdvance(label) + 12
            lr = QRectF(r.left() + 5, r.bottom() - 21, lw, 17)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.color(colour))
            painter.drawRoundedRect(lr, 8.5, 8.5)
            painter.setPen(QColor("#FFFFFF"))
            painter.drawText(lr, Qt.AlignmentFlag.AlignCenter, label)


__all__ = ["REVIEW_LOOK", "ThumbnailDelegate"]

"""The preview's canvas: one or two "plates" (a render inside its mockup) on a dark grey table.

Why a QGraphicsView: zoom, pan by dragging, scroll bars and anchored wheel zoom come with it, and the
overlays (keep-clear bands, ink boxes, a selected finding) are items that follow the picture.

Coordinates. The scene is measured in *format pixels at scale 1* of the first plate, whatever scale a
render was made at: a new render at another scale only swaps a pixmap and its item scale, the view
keeps its zoom, and a finding's box (given in 1x pixels) is drawn where it is without arithmetic.
A second plate (compare) gets its own factor `p` so that it fills a cell the size of the first.
Zoom is "device pixels per format pixel of the first plate": 1.0 is 100 % (one image pixel, one
screen pixel), whatever the device pixel ratio.

Overlays paint in device coordinates (lines and labels keep their on-screen size at any zoom).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPixmapItem, QGraphicsScene, QGraphicsView

CANVAS_BG = QColor("#2B2D31")  # neutral dark grey: judges colour without a tint
SAFE_RED = QColor(230, 40, 40)
FINDING_COLOR = QColor("#00E5FF")  # bright cyan: unlike anything in the campaign's palette or the red bands
JOIN_COLOR = QColor("#FFE14D")  # paste-up joins: dashed yellow, apart from the red bands and the cyan finding
ZOOM_MIN, ZOOM_MAX = 0.01, 16.0
ZOOM_STEPS = (0.05, 0.0625, 0.1, 0.125, 0.25, 1 / 3, 0.5, 2 / 3, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0)
MARGIN = 28  # device px between the plates and the view's edge in Fit
GAP = 0.08  # space between compared plates, as a share of the first plate's cell
CAPTION_H = 22  # room above each plate for its caption in compare


# -- layout: pure arithmetic, shared by the canvas (to place plates) and the panel (to pick a scale) --


@dataclass(frozen=True)
class Layout:
    """Where plates go in the scene and the zoom that fits them all in the view."""

    origins: tuple[QPointF, ...]  # top-left of each plate in scene units
    factors: tuple[float, ...]  # scene units per format pixel of each plate (first is 1.0)
    bounds: QRectF  # all plates, scene units
    fit_zoom: float  # device px per scene unit that fits `bounds` into the view with a margin


def layout_plates(
    extents: list[tuple[float, float]], view_w: float, view_h: float, dpr: float = 1.0, captions: bool = False
) -> Layout:
    """Place plates of `extents` (w, h in each plate's format pixels) side by side or stacked.

    A second plate is scaled to fit a cell the size of the first; the arrangement (row or column)
    that lets them appear larger wins. Fit never magnifies beyond 100 % (an honest pixel).
    """
    if not extents:
        return Layout((), (), QRectF(), 1.0)
    w0, h0 = extents[0]
    factors = [1.0] + [min(w0 / max(1.0, w), h0 / max(1.0, h)) for w, h in extents[1:]]
    top = CAPTION_H if captions else 0
    avail_w = max(40.0, view_w - 2 * MARGIN) * dpr
    avail_h = max(40.0, view_h - 2 * MARGIN - top) * dpr
    n = len(extents)
    gap = GAP * max(w0, h0) if n > 1 else 0.0
    row_w, row_h = n * w0 + (n - 1) * gap, h0
    col_w, col_h = w0, n * h0 + (n - 1) * gap
    zoom_row = min(avail_w / row_w, avail_h / row_h)
    zoom_col = min(avail_w / col_w, avail_h / col_h)
    vertical = n > 1 and zoom_col > zoom_row * 1.05
    origins = []
    for i, ((w, h), p) in enumerate(zip(extents, factors, strict=True)):
        cx = 0.0 if vertical else i * (w0 + gap)
        cy = i * (h0 + gap) if vertical else 0.0
        origins.append(QPointF(cx + (w0 - w * p) / 2, cy + (h0 - h * p) / 2))
    bounds = QRectF(0, 0, col_w if vertical else row_w, col_h if vertical else row_h)
    fit = min(zoom_col if vertical else zoom_row, 1.0)
    fit = math.floor(fit * 1000) / 1000 if fit >= 0.1 else fit  # a round zoom the render can match exactly
    return Layout(tuple(origins), tuple(factors), bounds, max(ZOOM_MIN, fit))


# -- items ------------------------------------------------------------------------------------------


def place_label(box: QRectF, size: QSizeF, view: QRectF, gap: float = 5.0) -> QRectF:
    """Where a finding's label goes: beside its box, never on it, inside the view.

    Above the box (the natural reading place), else below, right, left: the first side with room
    for the whole label, slid along that side to stay in the view. When the box fills the view
    there is no free side: the label sits in the view's top-left corner.
    """
    w, h = size.width(), size.height()

    def slide(v: float, lo: float, hi: float) -> float:
        return max(lo, min(v, hi))

    x_along = slide(box.left(), view.left() + 2, view.right() - w - 2)
    y_along = slide(box.top(), view.top() + 2, view.bottom() - h - 2)
    candidates = (
        QRectF(x_along, box.top() - gap - h, w, h),  # above
        QRectF(x_along, box.bottom() + gap, w, h),  # below
        QRectF(box.right() + gap, y_along, w, h),  # right
        QRectF(box.left() - gap - w, y_along, w, h),  # left
    )
    for r in candidates:
        if view.contains(r) and not r.intersects(box):
            return r
    return QRectF(view.left() + 2, view.top() + 2, w, h)


def _label_font(painter: QPainter) -> tuple[QFont, QFontMetricsF]:
    font = QFont(painter.font())
    font.setPixelSize(11)
    font.setWeight(QFont.Weight.DemiBold)
    return font, QFontMetricsF(font)


def _label(
    painter: QPainter,
    text: str,
    anchor: QPointF,
    bg: QColor,
    fg: QColor,
    clip: QRectF,
    align: str = "center",
    rotate: bool = False,
    rect: QRectF | None = None,
) -> None:
    """A small pill with text, kept inside `clip` (device coordinates); at `rect` when given."""
    font, fm = _label_font(painter)
    tw, th = fm.horizontalAdvance(text) + 12, fm.height() + 4
    painter.save()
    painter.setFont(font)
    if rotate:
        painter.translate(anchor)
        painter.rotate(-90)
        anchor = QPointF(0, 0)
    x = anchor.x() - tw / 2 if align == "center" else anchor.x()
    y = anchor.y() - th / 2
    if not rotate:
        x = max(clip.left() + 2, min(x, clip.right() - tw - 2))
        y = max(clip.top() + 2, min(y, clip.bottom() - th - 2))
    r = rect if rect is not None else QRectF(x, y, tw, th)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(bg)
    painter.drawRoundedRect(r, th / 2, th / 2)
    painter.setPen(fg)
    painter.drawText(r, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


class ShadowItem(QGraphicsItem):
    """A soft drop shadow under a plate and a hairline edge, in device pixels at any zoom.

    The shadow is drawn once per on-screen size into a cached pixmap (a handful of translucent
    rounded rects), so a paint while panning is a single drawPixmap.
    """

    LAYERS = 14
    DROP = 5

    def __init__(self, parent: QGraphicsItem | None = None):
        super().__init__(parent)
        self._rect = QRectF()
        self._cache: tuple[tuple[int, int], QPixmap] | None = None

    def set_rect(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self._rect = QRectF(rect)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        # The shadow reaches LAYERS device px out; a quarter of the plate covers that at any usable zoom.
        pad = max(self._rect.width(), self._rect.height()) * 0.25
        return self._rect.adjusted(-pad, -pad, pad, pad)

    def _pixmap(self, w: int, h: int) -> QPixmap:
        if self._cache is None or self._cache[0] != (w, h):
            n = self.LAYERS
            pm = QPixmap(w + 2 * n, h + 2 * n + self.DROP)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(0, 0, 0, 9))
            base = QRectF(n, n + self.DROP, w, h)
            for i in range(n, 0, -1):
                p.drawRoundedRect(base.adjusted(-i, -i, i, i), 3 + i, 3 + i)
            p.end()
            self._cache = ((w, h), pm)
        return self._cache[1]

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._rect.isEmpty():
            return
        dev = painter.worldTransform().mapRect(self._rect)
        w, h = round(dev.width()), round(dev.height())
        if w < 1 or h < 1:
            return
        painter.save()
        painter.resetTransform()
        n = self.LAYERS
        if w * h <= 4_000_000:  # zoomed far in the plate fills the view: no shadow to see
            painter.drawPixmap(QPointF(dev.left() - n, dev.top() - n), self._pixmap(w, h))
        painter.setPen(QPen(QColor(255, 255, 255, 22), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(dev.adjusted(-0.5, -0.5, 0.5, 0.5))
        painter.restore()


@dataclass(frozen=True)
class Band:
    """One keep-clear band in format pixels and what it is called."""

    rect: QRectF
    side: str
    label: str


class OverlayItem(QGraphicsItem):
    """Keep-clear bands, text ink boxes and a selected finding over the creative (format pixels)."""

    def __init__(self, parent: QGraphicsItem | None = None):
        super().__init__(parent)
        self._w = self._h = 1.0
        self.bands: tuple[Band, ...] = ()
        self.inks: tuple[QRectF, ...] = ()
        self.finding: tuple[QRectF, str] | None = None
        self.safe_visible = False
        self.joins: tuple[QLineF, ...] = ()  # paste-up panel joins of a poster (format pixels)
        self.joins_visible = False
        self.label_rect = QRectF()  # where the finding's label was last painted (viewport px)
        self.setZValue(10)

    def set_size(self, w: float, h: float) -> None:
        self.prepareGeometryChange()
        self._w, self._h = w, h

    def boundingRect(self) -> QRectF:  # noqa: N802
        return QRectF(0, 0, self._w, self._h)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        joins = self.joins if self.joins_visible else ()
        if not (self.safe_visible and (self.bands or self.inks)) and self.finding is None and not joins:
            return
        t = painter.worldTransform()
        clip = t.mapRect(QRectF(0, 0, self._w, self._h))
        painter.save()
        painter.resetTransform()
        painter.setClipRect(clip)
        if self.safe_visible:
            fill = QColor(SAFE_RED)
            fill.setAlpha(70)
            hatch = QBrush(QColor(SAFE_RED.red(), SAFE_RED.green(), SAFE_RED.blue(), 170), Qt.BrushStyle.BDiagPattern)
            painter.setPen(Qt.PenStyle.NoPen)
            for b in self.bands:
                r = t.mapRect(b.rect)
                painter.fillRect(r, fill)
                painter.fillRect(r, hatch)
            edge = QPen(QColor(255, 90, 90, 230), 1, Qt.PenStyle.DashLine)
            painter.setPen(edge)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for b in self.bands:  # the band's inner edge: the line text must stay behind
                r = t.mapRect(b.rect)
                if b.side == "top":
                    painter.drawLine(r.bottomLeft(), r.bottomRight())
                elif b.side == "bottom":
                    painter.drawLine(r.topLeft(), r.topRight())
                elif b.side == "left":
                    painter.drawLine(r.topRight(), r.bottomRight())
                else:
                    painter.drawLine(r.topLeft(), r.bottomLeft())
            painter.setPen(QPen(QColor(255, 255, 255, 110), 1, Qt.PenStyle.DotLine))
            for ink in self.inks:
                painter.drawRect(t.mapRect(ink))
            label_bg = QColor(150, 10, 10)
            for b in self.bands:
                r = t.mapRect(b.rect)
                if b.side in ("top", "bottom") and r.height() >= 14:
                    _label(painter, b.label, r.center(), label_bg, Qt.GlobalColor.white, clip)
                elif b.side in ("left", "right") and r.width() >= 16 and r.height() > 200:
                    _label(painter, b.label, r.center(), label_bg, Qt.GlobalColor.white, clip, rotate=True)
        if joins:
            painter.setPen(QPen(QColor(0, 0, 0, 140), 3))
            for ln in joins:
                painter.drawLine(t.map(ln))
            painter.setPen(QPen(JOIN_COLOR, 1, Qt.PenStyle.DashLine))
            for ln in joins:
                painter.drawLine(t.map(ln))
        if self.finding is not None:
            box, rule = self.finding
            r = t.mapRect(box)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(0, 0, 0, 150), 5))
            painter.drawRect(r)
            painter.setPen(QPen(FINDING_COLOR, 3))
            painter.drawRect(r)
            painter.setClipping(False)
            font, fm = _label_font(painter)
            size = QSizeF(fm.horizontalAdvance(rule) + 12, fm.height() + 4)
            device = painter.device()
            view = QRectF(0, 0, device.width(), device.height()) if device is not None else clip
            # Off the outline (3 px pen + 5 px halo) as well as off the box.
            self.label_rect = place_label(r.adjusted(-3, -3, 3, 3), size, view)
            _label(painter, rule, QPointF(), FINDING_COLOR, QColor("#001418"), view, rect=self.label_rect)
        painter.restore()


class CaptionItem(QGraphicsItem):
    """A plate's title above it in compare (device pixels, ignores zoom)."""

    def __init__(self, parent: QGraphicsItem | None = None):
        super().__init__(parent)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.text = ""
        self.max_width = 600.0  # device px: the plate's width on screen, so captions never overlap

    def set_max_width(self, width: float) -> None:
        width = max(40.0, float(width))
        if abs(width - self.max_width) > 0.5:
            self.prepareGeometryChange()
            self.max_width = width
            self.update()

    def set_text(self, text: str) -> None:
        self.prepareGeometryChange()
        self.text = text
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return QRectF(0, -CAPTION_H, self.max_width, CAPTION_H)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not self.text:
            return
        font = QFont(painter.font())
        font.setPixelSize(12)
        painter.setFont(font)
        painter.setPen(QColor("#C9CCD3"))
        text = painter.fontMetrics().elidedText(self.text, Qt.TextElideMode.ElideRight, int(self.max_width))
        painter.drawText(
            QRectF(0, -CAPTION_H, self.max_width, CAPTION_H - 6),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            text,
        )


class Plate:
    """One picture on the canvas: a root item (origin and factor), a pixmap, a shadow and overlays.

    Inside the root, units are the creative's format pixels at 1x: the picture (a mockup or the bare
    render) is scaled so that its creative rectangle measures exactly the format's size, and the
    overlay (in the same units) sits on that rectangle. A poster that a mockup scaled down into a
    street scene is therefore still measured in its own pixels.
    """

    def __init__(self, scene: QGraphicsScene):
        self.root = QGraphicsPixmapItem()  # an empty pixmap item: a cheap transform node
        scene.addItem(self.root)
        self.shadow = ShadowItem(self.root)
        self.pixmap = QGraphicsPixmapItem(self.root)
        self.pixmap.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.pixmap.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        # Real pixels of the visible region over the picture when zoomed past it (preview_detail.py).
        self.detail = QGraphicsPixmapItem(self.root)
        self.detail.setZValue(5)
        self.detail.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        self.detail.setVisible(False)
        self.detail_scale = 0.0  # render px per format px of the detail
        self.overlay = OverlayItem(self.root)
        self.caption = CaptionItem(self.root)
        self.caption.setZValue(20)
        self.extent = (0.0, 0.0)  # the picture's size in plate units
        self.creative = QRectF()  # the creative inside the picture, plate units
        self.unit = 1.0  # plate units per picture pixel
        self.has_picture = False

    def set_picture(self, image: QImage, creative_px: tuple[int, int, int, int], fmt_size: tuple[int, int]) -> None:
        """Show `image` whose creative occupies `creative_px` (x0, y0, x1, y1 in the image's pixels)."""
        self.pixmap.setPixmap(QPixmap.fromImage(image))
        x0, y0, x1, y1 = creative_px
        u = fmt_size[0] / max(1, x1 - x0)
        self.pixmap.setScale(u)
        self.unit = u
        self.extent = (image.width() * u, image.height() * u)
        self.creative = QRectF(x0 * u, y0 * u, fmt_size[0], fmt_size[1])
        self.overlay.setPos(self.creative.topLeft())
        self.overlay.set_size(fmt_size[0], fmt_size[1])
        self.shadow.set_rect(QRectF(0, 0, *self.extent))
        self.has_picture = True

    def remove(self, scene: QGraphicsScene) -> None:
        scene.removeItem(self.root)

    def place(self, origin: QPointF, factor: float) -> None:
        self.root.setPos(origin)
        self.root.setScale(factor)


class PreviewCanvas(QGraphicsView):
    """The zoomable, pannable view over the plates.

    Signals:
        zoomChanged(): the zoom or fit state changed (by the user, a resize in Fit, or a relayout)
    """

    zoomChanged = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setBackgroundBrush(CANVAS_BG)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(240, 180)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.plates: list[Plate] = [Plate(self.scene())]
        self.expected: list[tuple[float, float]] = [(1.0, 1.0)]  # extents to lay out before pictures arrive
        self.fit = True
        self.zoom = 1.0  # device px per format px of the first plate
        self.layout = layout_plates([(1.0, 1.0)], 100, 100)

    # -- plates ------------------------------------------------------------------------------------
    def set_plate_count(self, n: int) -> None:
        while len(self.plates) > n:
            self.plates.pop().remove(self.scene())
            self.expected.pop()
        while len(self.plates) < n:
            self.plates.append(Plate(self.scene()))
            self.expected.append((1.0, 1.0))
        for p in self.plates:
            if n == 1:
                p.caption.set_text("")
        self.relayout()

    def extents(self) -> list[tuple[float, float]]:
        return [p.extent if p.has_picture else e for p, e in zip(self.plates, self.expected, strict=True)]

    def dpr(self) -> float:
        return float(self.devicePixelRatioF()) or 1.0

    def layout_for(self, extents: list[tuple[float, float]]) -> Layout:
        vp = self.viewport().size()
        return layout_plates(extents, vp.width(), vp.height(), self.dpr(), captions=len(extents) > 1)

    def relayout(self) -> None:
        """Place plates for their current extents; in Fit, fit them to the view."""
        self.layout = self.layout_for(self.extents())
        for plate, origin, factor in zip(self.plates, self.layout.origins, self.layout.factors, strict=True):
            plate.place(origin, factor)
            plate.caption.setPos(QPointF(0, 0))
        if self.fit:
            self._apply_zoom(self.layout.fit_zoom, center=True)
        else:
            self._apply_zoom(self.zoom)

    # -- zoom --------------------------------------------------------------------------------------
    def zoom_fit(self) -> None:
        self.fit = True
        self.relayout()

    def zoom_to(self, zoom: float, anchor=None) -> None:
        """Set a zoom (device px per format px); `anchor` is a viewport point to keep still."""
        self.fit = False
        self._apply_zoom(max(ZOOM_MIN, min(ZOOM_MAX, zoom)), anchor=anchor)

    def zoom_step(self, direction: int) -> None:
        """The next preset zoom in (+1) or out (-1) from the current one."""
        z = self.zoom
        if direction > 0:
            nxt = next((s for s in ZOOM_STEPS if s > z * 1.01), ZOOM_MAX)
        else:
            nxt = next((s for s in reversed(ZOOM_STEPS) if s < z / 1.01), ZOOM_MIN)
        self.zoom_to(nxt)

    def _apply_zoom(self, zoom: float, anchor=None, center: bool = False) -> None:
        vp = self.viewport().rect()
        point = anchor if anchor is not None else QPointF(vp.center())
        keep = self.mapToScene(point.toPoint()) if not center else None
        self.zoom = zoom
        view_scale = zoom / self.dpr()
        b = self.layout.bounds
        m = MARGIN / view_scale
        top = (CAPTION_H / view_scale) if len(self.plates) > 1 else 0.0
        rect = b.adjusted(-m, -m - top, m, m)
        self.setSceneRect(rect)
        self.setTransform(QTransform.fromScale(view_scale, view_scale))
        self.refresh_pixel_modes()
        for plate, factor in zip(self.plates, self.layout.factors, strict=False):
            plate.caption.set_max_width(plate.extent[0] * factor * view_scale - 4)
        if center:
            self.centerOn(rect.center())
        elif keep is not None:
            # Keep the scene point that was under `point` under it.
            now = self.mapFromScene(keep)
            d = now - point.toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + d.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + d.y())
        self.viewport().update()
        self.zoomChanged.emit()

    def center_on_creative(self, plate: int = 0) -> None:
        p = self.plates[plate]
        if p.has_picture:
            self.centerOn(p.root.mapToScene(p.creative.center()))

    def refresh_pixel_modes(self) -> None:
        """At 1:1 draw pixels as they are (crisp even on a half-pixel offset); beyond 200 % show
        true format pixels as squares (pixel-peeping); otherwise, and for a reduced render blown
        up (its squares are not the print's pixels), resample smoothly."""
        for p in self.plates:
            d = self.zoom * p.root.scale() * p.unit  # device px per picture px
            exact = abs(d - 1.0) < 0.01 or (d >= 2.0 and p.unit <= 1.01)
            p.pixmap.setTransformationMode(
                Qt.TransformationMode.FastTransformation if exact else Qt.TransformationMode.SmoothTransformation
            )
            if p.detail_scale > 0:
                d = self.zoom * p.root.scale() / p.detail_scale
                exact = abs(d - 1.0) < 0.01 or (d >= 2.0 and p.detail_scale >= 0.999)
                p.detail.setTransformationMode(
                    Qt.TransformationMode.FastTransformation if exact else Qt.TransformationMode.SmoothTransformation
                )

    # -- events ------------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.fit:
            self.relayout()

    def wheelEvent(self, event) -> None:  # noqa: N802
        delta = event.angleDelta().y() or event.angleDelta().x()
        if not delta:
            return
        factor = 1.2 ** (delta / 120)
        self.zoom_to(self.zoom * factor, anchor=event.position())
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        # The panel's actions carry these shortcuts; this catches them when the actions are not
        # reachable (e.g. a host window that owns the same keys) so the view still answers.
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            k = event.key()
            if k in (Qt.Key.Key_Equal, Qt.Key.Key_Plus):
                self.zoom_step(+1)
                return
            if k == Qt.Key.Key_Minus:
                self.zoom_step(-1)
                return
            if k == Qt.Key.Key_0:
                self.zoom_fit()
                return
            if k == Qt.Key.Key_1:
                self.zoom_to(1.0)
                return
        super().keyPressEvent(event)

    # -- geometry helpers for the panel and tests ---------------------------------------------------
    def map_format_point(self, plate: int, x: float, y: float) -> QPointF:
        """A point in a plate's format pixels (1x) -> viewport coordinates."""
        p = self.plates[plate]
        scene = p.root.mapToScene(p.overlay.pos() + QPointF(x, y))
        return QPointF(self.mapFromScene(scene))

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        if not any(p.has_picture for p in self.plates):
            painter.save()
            painter.resetTransform()
            painter.setPen(QColor("#8A8F99"))
            painter.drawText(QRectF(self.viewport().rect()), Qt.AlignmentFlag.AlignCenter, "Rendering…")
            painter.restore()

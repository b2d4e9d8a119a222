"""Real pixels when zoomed in past the preview's render: the visible region, rendered for itself.

The preview's picture is capped (4 MP, or the mockup scene's density), so 100 % on a 96-sheet
would otherwise be a 12.5 % render enlarged 8x. When the zoom asks for more detail than the
picture has, the region of the creative in view is rendered at the zoom's scale (at most 1.0, the
export's own pixels) by the engine's region render (render/region.py) in the render service's
worker, and laid over the picture exactly where it belongs. Panning or zooming asks for the next
region once the view settles (a single-shot timer coalesces a drag; the service drops all but the
newest request); meanwhile the enlarged picture shows, and the status bar says which is on screen.

The region is the creative as exported (soft-proofed when Soft proof is on): the mockup's scene
around a poster stays the preview's picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QTimer
from PySide6.QtGui import QPixmap

DETAIL_DELAY_MS = 60  # a pan or zoom settles before the next region is asked for
DETAIL_PAD_PX = 96  # device px rendered beyond each edge of the view: a small pan stays sharp
DETAIL_PRIORITY = 9  # just behind the preview's own render


@dataclass(frozen=True)
class DetailReq:
    """A region asked for or shown: for which render (campaign snapshot, target, language)."""

    rid: int
    scale: float
    box: tuple[int, int, int, int]  # render px at `scale`
    campaign: object
    target: tuple
    language: object


class PreviewDetail:
    """The real-pixel region of each plate, for `PreviewPanel`."""

    def _init_detail(self) -> None:
        self._detail_pending: list[DetailReq | None] = [None, None]
        self._detail_shown: list[DetailReq | None] = [None, None]
        self._detail_timer = QTimer(self, singleShot=True, interval=DETAIL_DELAY_MS, timeout=self._check_detail)
        self.service.regionRendered.connect(self.on_regionRendered)
        for bar in (self.canvas.horizontalScrollBar(), self.canvas.verticalScrollBar()):
            bar.valueChanged.connect(lambda _value: self._detail_timer.start())  # start(value) would set a delay

    # -- what is on screen ------------------------------------------------------------------------
    def detail_key(self, i: int) -> str:
        return f"{self.keys[i]}:detail"

    def detail_region(self, plate: int = 0) -> tuple[float, tuple[int, int, int, int]] | None:
        """The region shown in real pixels on a plate: (scale, box in render px), or None."""
        d = self._detail_shown[plate]
        return (d.scale, d.box) if d is not None and self.canvas.plates[plate].detail.isVisible() else None

    def true_scale(self, i: int) -> float:
        """Render pixels per format pixel of what the view shows: the region when it covers the view."""
        shown = self._shown[i]
        base = shown.req.scale if shown else 0.0
        d = self._detail_shown[i]
        if d is None or not self.canvas.plates[i].detail.isVisible():
            return base
        want = self._detail_want(i)
        if want is None or not _covers_at(d.box, d.scale, want[1], want[0]):
            return base
        return max(base, d.scale)

    def _detail_coming(self, i: int) -> bool:
        """A region for plate i is asked for, or about to be (the view is settling)."""
        if self._detail_pending[i] is not None:
            return True
        return (self._detail_timer.isActive() or self._pending[i] is not None) and self._detail_want(i) is not None

    def _detail_busy(self) -> bool:
        return self._detail_timer.isActive() or any(r is not None for r in self._detail_pending[: self._plate_count()])

    def _detail_target(self, i: int) -> tuple:
        return (*self._target(i), *self._media_key(i))

    def _detail_want(self, i: int) -> tuple[float, tuple[int, int, int, int], tuple[int, int, int, int]] | None:
        """(scale, visible box, padded box) in render px at that scale, when the view needs more
        detail than the plate's picture has; None when the picture is enough (or cannot be helped)."""
        shown = self._shown[i]
        fmt = self._format(i)
        if shown is None or fmt is None or self._distance_for(i) or i >= len(self.canvas.plates):
            return None
        if self._media_key(i)[1] is not None:  # an animation frame: the still's region would lie
            return None
        if shown.req.target != (*self._target(i), self._mockup, *self._media_key(i)):
            return None
        on_screen = self.shown_zoom(i)
        scale = float(f"{min(1.0, on_screen):.3g}")
        if scale <= shown.req.scale * 1.02:
            return None
        plate = self.canvas.plates[i]
        vp = QRectF(self.canvas.viewport().rect())
        view = plate.overlay.mapFromScene(self.canvas.mapToScene(vp.toRect())).boundingRect()
        pad = DETAIL_PAD_PX / max(on_screen, 1e-6)
        full = QRectF(0, 0, fmt.width, fmt.height)
        seen, padded = view.intersected(full), view.adjusted(-pad, -pad, pad, pad).intersected(full)
        if seen.isEmpty():
            return None
        w, h = fmt.size_at(scale)

        def px(r: QRectF) -> tuple[int, int, int, int]:
            x0, y0 = max(0, math.floor(r.left() * scale)), max(0, math.floor(r.top() * scale))
            return (
                x0,
                y0,
                max(x0 + 1, min(w, math.ceil(r.right() * scale))),
                max(y0 + 1, min(h, math.ceil(r.bottom() * scale))),
            )

        return scale, px(seen), px(padded)

    # -- asking -----------------------------------------------------------------------------------
    def _check_detail(self) -> None:
        """After a pan, zoom or a new picture: ask for the region the view now needs, if any."""
        for i in range(self._plate_count()):
            if self._pending[i] is not None:
                continue  # a new picture is on its way; the region follows it
            want = self._detail_want(i)
            if want is None:
                self._drop_detail(i)
                continue
            scale, seen, padded = want
            target, campaign, lang = self._detail_target(i), self.session.campaign, self.service.language
            have = [r for r in (self._detail_pending[i], self._detail_shown[i]) if r is not None]
            if any(
                r.scale == scale
                and r.campaign is campaign
                and r.target == target
                and r.language == lang
                and _covers(r.box, seen)
                for r in have
            ):
                continue
            mid, fid = self._target(i)
            rid = self.service.request_region(
                self.detail_key(i), campaign, mid, fid, scale, padded, self._proof, priority=DETAIL_PRIORITY
            )
            self._detail_pending[i] = DetailReq(rid, scale, padded, campaign, target, lang)
        for i in range(self._plate_count()):
            self._update_status(i)

    def _drop_detail(self, i: int | None = None) -> None:
        """Forget the region (the picture changed under it, or no region is needed)."""
        for j in range(len(self.canvas.plates)) if i is None else (i,):
            if self._detail_pending[j] is not None:
                self.service.forget(self.detail_key(j))
            self._detail_pending[j] = self._detail_shown[j] = None
            plate = self.canvas.plates[j]
            if plate.detail.isVisible():
                plate.detail.setVisible(False)
                plate.detail.setPixmap(QPixmap())
            plate.detail_scale = 0.0

    def _detail_after_show(self, i: int) -> None:
        """A new picture on plate i: keep the region if it is of the same render, else drop it."""
        d = self._detail_shown[i]
        if d is not None and not (
            d.campaign is self.session.campaign
            and d.target == self._detail_target(i)
            and d.language == self.service.language
        ):
            self._drop_detail(i)
        elif d is not None:
            self._place_detail(i)
        self._detail_timer.start()

    # -- showing ----------------------------------------------------------------------------------
    def on_regionRendered(self, out) -> None:  # noqa: N802
        for i in range(self._plate_count()):
            req = self._detail_pending[i]
            if out.key != self.detail_key(i) or req is None or req.rid != out.request_id:
                continue
            self._detail_pending[i] = None
            if out.error or out.image.isNull():
                self._errors[i] = out.error or "region render failed"
                self._update_status(i)
                return
            plate = self.canvas.plates[i]
            plate.detail.setPixmap(QPixmap.fromImage(out.image))
            self._detail_shown[i] = req
            self._place_detail(i)
            plate.detail.setVisible(True)
            self.canvas.refresh_pixel_modes()
            self.canvas.viewport().update()
            self._update_status(i)
            return

    def _place_detail(self, i: int) -> None:
        d = self._detail_shown[i]
        if d is None:
            return
        plate = self.canvas.plates[i]
        plate.detail.setPos(plate.creative.topLeft() + QPointF(d.box[0] / d.scale, d.box[1] / d.scale))
        plate.detail.setScale(1.0 / d.scale)
        plate.detail_scale = d.scale


def _covers(outer: tuple[int, int, int, int], inner: tuple[int, int, int, int]) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and outer[2] >= inner[2] and outer[3] >= inner[3]


def _covers_at(
    outer: tuple[int, int, int, int], s_outer: float, inner: tuple[int, int, int, int], s_inner: float
) -> bool:
    """`outer` (render px at s_outer) covers `inner` (at s_inner), measured in format px to a pixel."""
    tol = 1.0 / min(s_outer, s_inner)
    a = [v / s_outer for v in outer]
    b = [v / s_inner for v in inner]
    return a[0] <= b[0] + tol and a[1] <= b[1] + tol and a[2] >= b[2] - tol and a[3] >= b[3] - tol

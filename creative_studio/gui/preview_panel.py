"""The preview panel: the current cell rendered by the engine, inside its platform mockup.

What the designer sees here is the engine's pixels, never a Qt redraw of the creative: a render
request goes to the RenderService (a worker thread renders the immutable campaign snapshot), and
the GUI thread only paints the QImage that comes back, with overlays drawn on top by Qt.

Speed rules, because this panel follows every keystroke:
- the preview renders at *screen* scale (fit into the view x device pixel ratio, never above 1.0,
  never above ~4 MP; a 14400x3600 96-sheet previews at a few percent of its print size);
- edits are throttled: the first keystroke after a quiet spell renders at once, a burst coalesces
  into one more render when a single-shot QTimer fires; the service drops stale results;
- while typing the render is capped at ~1.5 MP; a sharper one follows when the designer pauses;
- zoom and pan only move pixmaps; a new render is asked for only when the shown one is too soft
  (or wastefully large) for the new zoom.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QPoint, QRectF, QSignalBlocker, QTimer, Signal
from PySide6.QtWidgets import (
    QVBoxLayout,
    QWidget,
)

from ..model.types import Format
from .preview_canvas import PreviewCanvas
from .preview_detail import PreviewDetail
from .preview_distance import DistanceWorker, default_distance, is_outdoor
from .preview_helpers import (
    Req,
    Shown,
    keep_clear_bands,
    resolvable_note,
    suits,
)
from .preview_media import PreviewMedia
from .preview_toolbar import PreviewControls
from .session import Session

EDIT_THROTTLE_MS = 16  # at most one render per frame while typing
VIEW_DELAY_MS = 40  # zoom/resize settle time before asking for a sharper or smaller render
IDLE_SHARP_MS = 250  # pause after the last keystroke before the sharp render
TYPING_MAX_PIXELS = 1.5e6  # creative pixels per render while typing
MAX_PIXELS = 4.0e6  # creative pixels per render at any zoom: 100 % of a poster is a clamped region
MIN_SCALE = 0.002
RENDER_PRIORITY = 10  # ahead of thumbnails in the shared pool


class PreviewPanel(PreviewControls, PreviewMedia, PreviewDetail, QWidget):
    """One message x format inside its platform mockup: zoom, pan, safe zones, compare, distance.

    Signals:
        requested(str, int, float): a render was asked for (key, request id, scale)
        updated(str, int): a plate now shows a render (key, request id)
    """

    requested = Signal(str, int, float)
    updated = Signal(str, int)

    def __init__(
        self,
        session: Session,
        render_service,
        parent: QWidget | None = None,
        keys: tuple[str, str] = ("preview", "compare"),
    ):
        super().__init__(parent)
        self.session = session
        self.service = render_service
        self.keys = keys
        self._mockup = True
        self._safe = False
        self._compare = False
        self._distance = False
        self._metres: float | None = None
        self._cmp_message = ""  # "" = same as the selection
        self._cmp_format = ""
        self._finding = None
        self._pending: list[Req | None] = [None, None]
        self._shown: list[Shown | None] = [None, None]
        self._arrived: list[Shown | None] = [None, None]  # latest render, before a distance view
        self._dist_rid = [0, 0]
        self._dist_wait = [False, False]
        self._errors = ["", ""]
        self._ratio: dict[tuple[str, bool], tuple[float, float]] = {}  # picture extent / format size
        self._density_cap: dict[str, float] = {}  # format id -> most creative px per format px a mockup shows
        self._last_request = time.perf_counter() - 1.0
        self._last_edit = time.perf_counter() - 10.0
        self._edit_pending = False
        self._distance_fmt = ""
        self._cell = (session.message_id, session.format_id)

        self.distance = DistanceWorker(self)
        self.canvas = PreviewCanvas(self)
        self._build_toolbar()
        self._init_media()
        self._build_status()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self._toolbar)
        lay.addWidget(self.canvas, 1)
        lay.addWidget(self._status)
        self._build_actions()
        self._init_detail()

        self._edit_timer = QTimer(self, singleShot=True, timeout=self._flush_edit)
        self._view_timer = QTimer(self, singleShot=True, interval=VIEW_DELAY_MS, timeout=self._check_scales)
        self._idle_timer = QTimer(self, singleShot=True, interval=IDLE_SHARP_MS, timeout=self._sharpen)

        session.campaignChanged.connect(self.on_campaignChanged)
        session.selectionChanged.connect(self.on_selectionChanged)
        session.findingSelected.connect(self.on_findingSelected)
        render_service.rendered.connect(self.on_rendered)
        self.distance.done.connect(self.on_distance_done)
        self.canvas.zoomChanged.connect(self.on_zoomChanged)

        self._fill_compare_combos()
        self._sync_format_controls()
        # First render once the event loop runs: by then the panel has its real size if it is shown.
        QTimer.singleShot(0, self._request_all)

    # -- public controls -----------------------------------------------------------------------------
    def set_mockup_visible(self, on: bool) -> None:
        on = bool(on)
        if on != self._mockup:
            self._mockup = on
            with QSignalBlocker(self.mockup_button):
                self.mockup_button.setChecked(on)
            self._request_all()

    def set_safe_zones_visible(self, on: bool) -> None:
        self._safe = bool(on)
        with QSignalBlocker(self.safe_button):
            self.safe_button.setChecked(self._safe)
        for p in self.canvas.plates:
            p.overlay.safe_visible = self._safe
        self.canvas.viewport().update()

    def set_compare(self, on: bool, message_id: str | None = None, format_id: str | None = None) -> None:
        """Side by side with another message and/or format ("" or None = same as the selection)."""
        if message_id is not None:
            self._cmp_message = message_id
        if format_id is not None:
            self._cmp_format = format_id
        if on and not self._compare and not (self._cmp_message or self._cmp_format):
            self._cmp_message = self._next_message()  # nothing chosen yet: the next message, same format
        self._compare = bool(on)
        with QSignalBlocker(self.compare_button):
            self.compare_button.setChecked(self._compare)
        self._select_combo(self.compare_message, self._cmp_message)
        self._select_combo(self.compare_format, self._cmp_format)
        self.compare_message.setVisible(self._compare)
        self.compare_format.setVisible(self._compare)
        self.status_labels[1].setVisible(self._compare)
        n = 2 if self._compare else 1
        if len(self.canvas.plates) != n:
            self.canvas.set_plate_count(n)
            self._shown[1] = self._arrived[1] = self._pending[1] = None
            self._dist_wait[1] = False
            self._errors[1] = ""
            for p in self.canvas.plates:
                p.overlay.safe_visible = self._safe
        self._request_all()

    def set_distance(self, on: bool, metres: float | None = None) -> None:
        """Distance view for outdoor formats: the poster as seen from `metres` with 20/20 sight."""
        if metres is not None:
            self._metres = float(metres)
            with QSignalBlocker(self.distance_spin):
                self.distance_spin.setValue(round(self._metres))
        was = self._distance
        self._distance = bool(on) and self.distance_button.isEnabled()
        with QSignalBlocker(self.distance_button):
            self.distance_button.setChecked(self._distance)
        if not (was or self._distance):
            return  # only the distance for later changed
        for i in range(len(self.canvas.plates)):
            arrived = self._arrived[i]
            if arrived is None:
                continue
            if self._distance_for(i):
                self._start_distance(i)
            else:
                self.distance.cancel(self.keys[i])
                self._dist_wait[i] = False
                self._show(i, arrived)

    def zoom_in(self) -> None:
        self.canvas.zoom_step(+1)

    def zoom_out(self) -> None:
        self.canvas.zoom_step(-1)

    def zoom_fit(self) -> None:
        self.canvas.zoom_fit()

    def zoom_100(self) -> None:
        self.canvas.zoom_to(1.0)

    def map_from_format(self, x: float, y: float, plate: int = 0) -> QPoint:
        """A point in a plate's format pixels (1x) -> this panel's coordinates (for probes and tips)."""
        p = self.canvas.map_format_point(plate, x, y)
        return self.canvas.viewport().mapTo(self, p.toPoint())

    def is_ready(self) -> bool:
        """Settled: every plate shows the newest render it will ask for (nothing throttled, queued,
        blurring, or about to be re-rendered for a new zoom or a pause in typing)."""
        if self._edit_pending or any(t.isActive() for t in (self._edit_timer, self._view_timer, self._idle_timer)):
            return False
        n = self._plate_count()
        return (
            not self._detail_busy()
            and all(r is None for r in self._pending[:n])
            and not any(self._dist_wait[:n])
            and all(self._shown[i] is not None or self._errors[i] for i in range(n))
        )

    def shown_zoom(self, plate: int = 0) -> float:
        """Device pixels per format pixel on this plate: the scale the designer sees (100 % = one
        format pixel on one screen pixel)."""
        factors = self.canvas.layout.factors or (1.0,)
        return self.canvas.zoom * factors[min(plate, len(factors) - 1)]

    def shown_scale(self, plate: int = 0) -> float:
        s = self._shown[plate]
        return s.req.scale if s else 0.0

    def shutdown(self) -> None:
        for t in (self._edit_timer, self._view_timer, self._idle_timer, self._detail_timer):
            t.stop()
        self.distance.shutdown()

    # -- what to render ------------------------------------------------------------------------------
    def _plate_count(self) -> int:
        return 2 if self._compare else 1

    def _target(self, i: int) -> tuple[str, str]:
        s = self.session
        if i == 0:
            return s.message_id, s.format_id
        return self._cmp_message or s.message_id, self._cmp_format or s.format_id

    def _format(self, i: int) -> Format | None:
        try:
            return self.session.campaign.format(self._target(i)[1])
        except KeyError:
            return None

    def _expected_extent(self, i: int) -> tuple[float, float]:
        fmt = self._format(i)
        if fmt is None:
            return (1.0, 1.0)
        mock = self._mockup and not self._distance_for(i)
        rw, rh = self._ratio.get((fmt.id, mock), (1.0, 1.0))
        return fmt.width * rw, fmt.height * rh

    def wanted_scale(self, i: int, fast: bool = False) -> tuple[float, bool]:
        """The render scale that gives one render pixel per device pixel at the current zoom.

        Returns (scale, clamped): capped at 1.0, at MAX_PIXELS (TYPING_MAX_PIXELS while typing).
        """
        fmt = self._format(i)
        if fmt is None:
            return 0.1, False
        extents = [self._expected_extent(j) for j in range(self._plate_count())]
        layout = self.canvas.layout_for(extents)
        zoom = layout.fit_zoom if self.canvas.fit else self.canvas.zoom
        want = zoom * layout.factors[min(i, len(layout.factors) - 1)]
        pixels = fmt.width * fmt.height
        cap = min(1.0, math.sqrt((TYPING_MAX_PIXELS if fast else MAX_PIXELS) / pixels))
        if self._mockup and not self._distance_for(i):
            cap = min(cap, self._density_cap.get(fmt.id, 1.0))
        s = max(MIN_SCALE, min(want, cap))
        s = float(f"{s:.3g}")  # stable numbers: tiny zoom jitters do not re-render
        return s, want > cap * 1.02

    def _distance_for(self, i: int) -> bool:
        return self._distance and is_outdoor(self._format(i))

    def _request(self, i: int, fast: bool) -> None:
        mid, fid = self._target(i)
        c = self.session.campaign
        if mid not in c.message_ids or fid not in c.format_ids:
            return
        scale, _ = self.wanted_scale(i, fast)
        key = self.keys[i]
        rid = self.service.request(
            key,
            c,
            mid,
            fid,
            scale,
            mockup=self._mockup,
            checks=False,
            priority=RENDER_PRIORITY,
            **self._media_request(i),
        )
        self._pending[i] = Req(rid, time.perf_counter(), scale, fast, (mid, fid, self._mockup, *self._media_key(i)))
        self._last_request = time.perf_counter()
        self.requested.emit(key, rid, scale)

    def _request_all(self) -> None:
        for i in range(self._plate_count()):
            self._request(i, fast=False)

    def _current(self, i: int) -> Req | None:
        """The render the plate has or will have (pending first), for the plate's current target."""
        target = (*self._target(i), self._mockup, *self._media_key(i))
        for r in (self._pending[i], self._shown[i].req if self._shown[i] else None):
            if r is not None and r.target == target:
                return r
        return None

    def _check_scales(self) -> None:
        """After zoom, resize or a relayout: re-render the plates whose picture no longer suits."""
        typing = (time.perf_counter() - self._last_edit) * 1000 < IDLE_SHARP_MS
        for i in range(self._plate_count()):
            cur = self._current(i)
            want, _ = self.wanted_scale(i, fast=typing)
            if cur is None or not suits(cur.scale, want):
                self._request(i, fast=typing)
        self._update_zoom_label()

    def _sharpen(self) -> None:
        """The designer paused: replace a typing-quality render with a sharp one if it differs."""
        for i in range(self._plate_count()):
            cur = self._current(i)
            want, _ = self.wanted_scale(i, fast=False)
            # Exactly the sharp scale, not merely close: after a pause the preview must show the
            # same pixels a fresh preview of this text would (and the same layout as export).
            if cur is not None and cur.fast and abs(cur.scale - want) > 1e-9:
                self._request(i, fast=False)

    # -- slots ---------------------------------------------------------------------------------------
    def on_campaignChanged(self, campaign) -> None:  # noqa: N802
        self._drop_detail()  # the real pixels were of the campaign before this edit
        self._fill_compare_combos()
        self._sync_format_controls()
        self._last_edit = time.perf_counter()
        self._idle_timer.stop()
        self._edit_pending = True
        if self._edit_timer.isActive():
            return  # the burst's render is already scheduled
        since = (time.perf_counter() - self._last_request) * 1000
        if since >= EDIT_THROTTLE_MS:
            self._flush_edit()  # first keystroke after a quiet spell: render now
        else:
            self._edit_timer.start(max(1, round(EDIT_THROTTLE_MS - since)))

    def _flush_edit(self) -> None:
        if not self._edit_pending:
            return
        self._edit_pending = False
        for i in range(self._plate_count()):
            self._request(i, fast=True)

    def on_selectionChanged(self, message_id: str, format_id: str) -> None:  # noqa: N802
        self._finding = None
        self._drop_detail()
        if (message_id, format_id) != self._cell:
            self._cell = (message_id, format_id)
            if not self.canvas.fit:
                self.canvas.zoom_fit()  # a new cell opens at Fit; the zoom was for the last one
        self._sync_format_controls()
        self._request_all()

    def on_findingSelected(self, finding) -> None:  # noqa: N802
        ok = finding is not None and getattr(finding, "box", None) is not None
        self._finding = finding if ok else None
        self._apply_finding()

    def on_zoomChanged(self) -> None:  # noqa: N802
        self._update_zoom_label()
        for i in range(self._plate_count()):
            self._update_status(i)
        self._view_timer.start()
        self._detail_timer.start()

    def on_rendered(self, out) -> None:
        if out.key not in self.keys:
            return
        i = self.keys.index(out.key)
        req = self._pending[i] if i < len(self._pending) else None
        if req is None or out.request_id != req.rid or i >= self._plate_count():
            return
        self._pending[i] = None
        if out.error or out.result is None:
            self._errors[i] = out.error or "render failed"
            self._update_status(i)
            return
        self._errors[i] = ""
        arrived = Shown(out, req, (time.perf_counter() - req.t0) * 1000)
        self._arrived[i] = arrived
        if self._distance_for(i):
            self._start_distance(i)
        else:
            self._show(i, arrived)
        if req.fast:
            self._idle_timer.start()

    def _start_distance(self, i: int) -> None:
        arrived = self._arrived[i]
        fmt = arrived.out.result.format
        metres = self._metres or default_distance(fmt) or 30.0
        self._dist_rid[i] = self.distance.request(self.keys[i], arrived.out.result.image, fmt, metres)
        self._dist_wait[i] = True

    def on_distance_done(self, key: str, rid: int, image, err: str) -> None:
        if key not in self.keys:
            return
        i = self.keys.index(key)
        if i >= self._plate_count() or rid != self._dist_rid[i] or self._arrived[i] is None:
            return
        self._dist_wait[i] = False
        if image is None:
            self._errors[i] = err
            self._show(i, self._arrived[i])
            return
        self._show(i, self._arrived[i], distance_image=image)

    # -- showing -----------------------------------------------------------------------------------
    def _show(self, i: int, shown: Shown, distance_image=None) -> None:
        out, res = shown.out, shown.out.result
        fmt = res.format
        plate = self.canvas.plates[i]
        if distance_image is not None and not distance_image.isNull():
            image = distance_image
            rect = (0, 0, image.width(), image.height())
            mock = False
        elif out.mockup is not None and not out.mockup.isNull():
            image = out.mockup
            rw, rh = res.image.size
            rect = out.mockup_rect
            if rect is None:  # only render_mockup(): assume the creative is centred
                x0, y0 = (image.width() - rw) // 2, (image.height() - rh) // 2
                rect = (x0, y0, x0 + rw, y0 + rh)
            mock = True
        else:
            image = out.image
            rect = (0, 0, image.width(), image.height())
            mock = False
        old_extent = plate.extent
        plate.set_picture(image, rect, (fmt.width, fmt.height))
        self._ratio[(fmt.id, mock)] = (plate.extent[0] / fmt.width, plate.extent[1] / fmt.height)
        if mock:
            # A mockup may scale a poster down to its scene: beyond that density a bigger render
            # shows nothing more, so never ask for one.
            density = (rect[2] - rect[0]) / fmt.width
            if density < res.scale * 0.99:
                self._density_cap[fmt.id] = density
            elif density > self._density_cap.get(fmt.id, 1.0) * 1.01:  # the mockup changed: forget
                self._density_cap.pop(fmt.id, None)
        plate.overlay.bands = keep_clear_bands(fmt)
        plate.overlay.inks = tuple(
            QRectF(
                b.ink[0] / res.scale,
                b.ink[1] / res.scale,
                (b.ink[2] - b.ink[0]) / res.scale,
                (b.ink[3] - b.ink[1]) / res.scale,
            )
            for b in res.texts
            if b.ink
        )
        plate.overlay.safe_visible = self._safe
        plate.overlay.joins = self._join_lines(fmt)
        plate.overlay.joins_visible = self._joins
        if self._compare:
            plate.caption.set_text(f"{res.message_id} · {fmt.name}")
        self._shown[i] = shown
        self._apply_finding()
        if plate.extent != old_extent:
            self.canvas.relayout()
            if not self.canvas.fit:  # a new picture at a fixed zoom: look at the creative, not the sky
                self.canvas.center_on_creative(i)
        else:
            self.canvas.refresh_pixel_modes()  # the new render may be at another scale
        self._detail_after_show(i)
        self.canvas.viewport().update()
        self._update_status(i)
        self.updated.emit(out.key, out.request_id)

    def _apply_finding(self) -> None:
        f = self._finding
        for i, plate in enumerate(self.canvas.plates):
            shown = self._shown[i]
            hit = (
                f is not None
                and shown is not None
                and (f.message, f.format) == self._target(i)
                and shown.out.result.format.id == f.format
            )
            if hit:
                x0, y0, x1, y1 = f.box
                plate.overlay.finding = (QRectF(x0, y0, x1 - x0, y1 - y0), f.rule)
            else:
                plate.overlay.finding = None
            plate.overlay.update()
        self.canvas.viewport().update()

    def _update_status(self, i: int) -> None:
        lab = self.status_labels[i]
        shown = self._shown[i]
        fmt = self._format(i)
        parts = []
        if fmt is not None:
            prefix = ("A · " if i == 0 else "B · ") if self._compare else ""
            parts.append(f"<b>{prefix}{fmt.name}</b>")
            parts.append(f"{fmt.width} × {fmt.height} px")
            if fmt.print_spec:
                ps = fmt.print_spec
                parts.append(f"{ps.width_mm / 1000:.2f} × {ps.height_mm / 1000:.2f} m at 1:{ps.scale:g}, {ps.dpi} dpi")
        if shown is not None:
            w, h = shown.out.result.image.size
            size = "" if self._compare else f" ({w} × {h})"
            on_screen = self.shown_zoom(i)
            rendered = self.true_scale(i)
            region = self.detail_region(i) if rendered > shown.req.scale else None
            if region is not None and not self._compare:
                b = region[1]
                size = f" (region {b[2] - b[0]} × {b[3] - b[1]})"
            at = 1 if fmt is not None else 0  # the true scale first after the name: a narrow bar cuts the end
            if rendered + 1e-9 < on_screen * 0.97:  # the truth: enlarged beyond what was rendered
                coming = " — rendering real pixels…" if self._detail_coming(i) else ""
                parts.insert(
                    at,
                    f"<span style='color:#E0A040'>on screen {on_screen * 100:.3g} %, "
                    f"rendered at {rendered * 100:.3g} %{size}: enlarged {on_screen / rendered:.1f}×{coming}</span>",
                )
            elif rendered >= 0.999 and abs(on_screen - 1.0) < 0.03:
                parts.insert(at, f"on screen 100 % — real pixels{size}")
            else:
                parts.insert(at, f"on screen {on_screen * 100:.3g} % · rendered at {rendered * 100:.3g} %{size}")
            parts.append(f"{shown.ms:.0f} ms")
            if self._distance_for(i):
                fmt_r = shown.out.result.format
                metres = self._metres or default_distance(fmt_r) or 30.0
                parts.append(f"seen from {metres:g} m{resolvable_note(fmt_r, metres)}")
            if getattr(shown.out, "mockup_error", "") and self._mockup:
                parts.append("<span style='color:#E0A040'>no mockup</span>")
                lab.setToolTip(shown.out.mockup_error)
            else:
                lab.setToolTip("")
        if self._errors[i]:
            parts.append(f"<span style='color:#FF6B6B'>{self._errors[i]}</span>")
        lab.setText(" · ".join(parts))

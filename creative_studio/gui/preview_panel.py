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
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRectF, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..model.platforms import registry
from ..model.types import MM_PER_INCH, Format
from .preview_canvas import Band, PreviewCanvas
from .preview_distance import DistanceWorker, default_distance, is_outdoor
from .session import Session

EDIT_THROTTLE_MS = 16  # at most one render per frame while typing
VIEW_DELAY_MS = 40  # zoom/resize settle time before asking for a sharper or smaller render
IDLE_SHARP_MS = 250  # pause after the last keystroke before the sharp render
TYPING_MAX_PIXELS = 1.5e6  # creative pixels per render while typing
MAX_PIXELS = 4.0e6  # creative pixels per render at any zoom: 100 % of a poster is a clamped region
MIN_SCALE = 0.002
RENDER_PRIORITY = 10  # ahead of thumbnails in the shared pool


def band_label(fmt: Format, side: str, px: int) -> str:
    """A short name for a keep-clear band: "Snapchat UI: top 150 px", "keep clear: right 177 px (150 mm)"."""
    who = registry().platform(fmt.platform).bands_for(fmt).short
    text = f"{who}: {side} {px} px"
    if fmt.print_spec:
        ps = fmt.print_spec
        text += f" ({round(px / ps.dpi * MM_PER_INCH * ps.scale)} mm)"
    return text


def keep_clear_bands(fmt: Format) -> tuple[Band, ...]:
    """The format's keep-clear insets as rectangles in 1x pixels (side bands between top and bottom)."""
    s, w, h = fmt.safe, fmt.width, fmt.height
    bands = []
    if s.top:
        bands.append(Band(QRectF(0, 0, w, s.top), "top", band_label(fmt, "top", s.top)))
    if s.bottom:
        bands.append(Band(QRectF(0, h - s.bottom, w, s.bottom), "bottom", band_label(fmt, "bottom", s.bottom)))
    mid = QRectF(0, s.top, w, max(0, h - s.top - s.bottom))
    if s.left:
        bands.append(Band(QRectF(0, mid.top(), s.left, mid.height()), "left", band_label(fmt, "left", s.left)))
    if s.right:
        bands.append(
            Band(QRectF(w - s.right, mid.top(), s.right, mid.height()), "right", band_label(fmt, "right", s.right))
        )
    return tuple(bands)


@dataclass(frozen=True)
class _Req:
    """One render asked for: what, at which scale, when."""

    rid: int
    t0: float
    scale: float
    fast: bool
    target: tuple[str, str, bool]  # message id, format id, mockup


@dataclass
class _Shown:
    out: object  # Rendered
    req: _Req
    ms: float


def _tool(text: str, tip: str, checkable: bool = False, checked: bool = False) -> QToolButton:
    b = QToolButton()
    b.setText(text)
    b.setToolTip(tip)
    b.setCheckable(checkable)
    b.setChecked(checked)
    b.setAutoRaise(True)
    b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return b


def _separator() -> QFrame:
    f = QFrame()
    f.setFrameShape(QFrame.Shape.VLine)
    f.setFrameShadow(QFrame.Shadow.Sunken)
    return f


class PreviewPanel(QWidget):
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
        self._pending: list[_Req | None] = [None, None]
        self._shown: list[_Shown | None] = [None, None]
        self._arrived: list[_Shown | None] = [None, None]  # latest render, before a distance view
        self._dist_rid = [0, 0]
        self._dist_wait = [False, False]
        self._errors = ["", ""]
        self._ratio: dict[tuple[str, bool], tuple[float, float]] = {}  # picture extent / format size
        self._density_cap: dict[str, float] = {}  # format id -> most creative px per format px a mockup shows
        self._last_request = time.perf_counter() - 1.0
        self._last_edit = time.perf_counter() - 10.0
        self._edit_pending = False
        self._distance_fmt = ""

        self.distance = DistanceWorker(self)
        self.canvas = PreviewCanvas(self)
        self._build_toolbar()
        self._build_status()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self._toolbar)
        lay.addWidget(self.canvas, 1)
        lay.addWidget(self._status)
        self._build_actions()

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

    # -- construction ------------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QWidget(self)
        bar.setObjectName("previewToolbar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(6, 3, 6, 3)
        row.setSpacing(4)
        self.mockup_button = _tool("Mockup", "Show the creative inside its platform mockup", True, True)
        self.safe_button = _tool("Safe zones", "Hatch the format's keep-clear bands", True, False)
        self.distance_button = _tool(
            "Distance", "Outdoor: the poster as 20/20 eyes resolve it at a viewing distance", True, False
        )
        self.distance_spin = QSpinBox()
        self.distance_spin.setRange(1, 300)
        self.distance_spin.setSuffix(" m")
        self.distance_spin.setToolTip("Viewing distance in metres")
        self.zoom_out_button = _tool("−", "Zoom out (Ctrl+-)")
        self.zoom_combo = QComboBox()
        self.zoom_combo.setEditable(True)
        self.zoom_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zoom_combo.addItems(["Fit", "25 %", "50 %", "100 %", "200 %", "400 %"])
        self.zoom_combo.setMinimumContentsLength(6)
        self.zoom_combo.setToolTip("Zoom: Fit (Ctrl+0), 100 % (Ctrl+1), or type a percentage")
        self.zoom_in_button = _tool("+", "Zoom in (Ctrl+=)")
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoomLabel")
        self.compare_button = _tool("Compare", "Show a second message or format side by side", True, False)
        self.compare_message = QComboBox()
        self.compare_message.setToolTip("Message of the second picture")
        self.compare_format = QComboBox()
        self.compare_format.setToolTip("Format of the second picture")
        for c in (self.compare_message, self.compare_format):
            c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            c.setMinimumContentsLength(14)
            c.setVisible(False)
        for w in (
            self.mockup_button,
            self.safe_button,
            _separator(),
            self.distance_button,
            self.distance_spin,
            _separator(),
            self.zoom_out_button,
            self.zoom_combo,
            self.zoom_in_button,
            self.zoom_label,
        ):
            row.addWidget(w)
        row.addStretch(1)
        for w in (self.compare_button, self.compare_message, self.compare_format):
            row.addWidget(w)
        bar.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._toolbar = bar

        self.mockup_button.toggled.connect(self.set_mockup_visible)
        self.safe_button.toggled.connect(self.set_safe_zones_visible)
        self.distance_button.toggled.connect(lambda on: self.set_distance(on))
        self.distance_spin.valueChanged.connect(lambda v: self.set_distance(self._distance, float(v)))
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_combo.activated.connect(self._on_zoom_combo)
        self.zoom_combo.lineEdit().editingFinished.connect(self._on_zoom_typed)
        self.compare_button.toggled.connect(lambda on: self.set_compare(on))
        self.compare_message.activated.connect(self._on_compare_combo)
        self.compare_format.activated.connect(self._on_compare_combo)

    def _build_status(self) -> None:
        bar = QFrame(self)
        bar.setObjectName("previewStatus")
        bar.setStyleSheet("#previewStatus { background: #232529; } #previewStatus QLabel { color: #B8BCC6; }")
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 4, 10, 4)
        row.setSpacing(16)
        self.status_labels = [QLabel(), QLabel()]
        for lab in self.status_labels:
            lab.setTextFormat(Qt.TextFormat.RichText)
            lab.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            row.addWidget(lab, 1)
        self.status_labels[1].setVisible(False)
        self._status = bar

    def _build_actions(self) -> None:
        def action(text: str, keys: list[str], slot) -> QAction:
            a = QAction(text, self)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        self.zoom_in_action = action("Zoom In", ["Ctrl+=", "Ctrl++"], self.zoom_in)
        self.zoom_out_action = action("Zoom Out", ["Ctrl+-"], self.zoom_out)
        self.zoom_fit_action = action("Zoom to Fit", ["Ctrl+0"], self.zoom_fit)
        self.zoom_100_action = action("Actual Pixels (100 %)", ["Ctrl+1"], self.zoom_100)
        self.zoom_actions = (self.zoom_in_action, self.zoom_out_action, self.zoom_fit_action, self.zoom_100_action)

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
            all(r is None for r in self._pending[:n])
            and not any(self._dist_wait[:n])
            and all(self._shown[i] is not None or self._errors[i] for i in range(n))
        )

    def shown_scale(self, plate: int = 0) -> float:
        s = self._shown[plate]
        return s.req.scale if s else 0.0

    def shutdown(self) -> None:
        for t in (self._edit_timer, self._view_timer, self._idle_timer):
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
        rid = self.service.request(key, c, mid, fid, scale, mockup=self._mockup, checks=False, priority=RENDER_PRIORITY)
        self._pending[i] = _Req(rid, time.perf_counter(), scale, fast, (mid, fid, self._mockup))
        self._last_request = time.perf_counter()
        self.requested.emit(key, rid, scale)

    def _request_all(self) -> None:
        for i in range(self._plate_count()):
            self._request(i, fast=False)

    def _current(self, i: int) -> _Req | None:
        """The render the plate has or will have (pending first), for the plate's current target."""
        target = (*self._target(i), self._mockup)
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
            if cur is None or not _suits(cur.scale, want):
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
        self._sync_format_controls()
        self._request_all()

    def on_findingSelected(self, finding) -> None:  # noqa: N802
        ok = finding is not None and getattr(finding, "box", None) is not None
        self._finding = finding if ok else None
        self._apply_finding()

    def on_zoomChanged(self) -> None:  # noqa: N802
        self._update_zoom_label()
        self._view_timer.start()

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
        arrived = _Shown(out, req, (time.perf_counter() - req.t0) * 1000)
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
    def _show(self, i: int, shown: _Shown, distance_image=None) -> None:
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
            parts.append(f"preview {shown.req.scale * 100:.3g} %{size}")
            parts.append(f"{shown.ms:.0f} ms")
            if self._distance_for(i):
                fmt_r = shown.out.result.format
                metres = self._metres or default_distance(fmt_r) or 30.0
                parts.append(f"seen from {metres:g} m{_resolvable(fmt_r, metres)}")
            if getattr(shown.out, "mockup_error", "") and self._mockup:
                parts.append("<span style='color:#E0A040'>no mockup</span>")
                lab.setToolTip(shown.out.mockup_error)
            else:
                lab.setToolTip("")
        if self._errors[i]:
            parts.append(f"<span style='color:#FF6B6B'>{self._errors[i]}</span>")
        lab.setText(" · ".join(parts))

    def _update_zoom_label(self) -> None:
        z = self.canvas.zoom
        with QSignalBlocker(self.zoom_combo):
            self.zoom_combo.setEditText(f"{z * 100:.3g} %")
        notes = []
        if self.canvas.fit:
            notes.append("Fit")
        s, clamped = self.wanted_scale(0)
        if clamped:
            fmt = self._format(0)
            why = (
                "the mockup's scene: turn Mockup off for more"
                if fmt is not None
                and self._mockup
                and not self._distance_for(0)
                and self._density_cap.get(fmt.id, 1.0) <= s
                else "large poster"
            )
            notes.append(f"<span style='color:#E0A040'>detail limited to {s * 100:.3g} % ({why})</span>")
        self.zoom_label.setText(" · ".join(notes))

    # -- toolbar helpers -------------------------------------------------------------------------------
    def _on_zoom_combo(self, index: int) -> None:
        text = self.zoom_combo.itemText(index)
        if text == "Fit":
            self.zoom_fit()
        else:
            self.canvas.zoom_to(float(text.rstrip(" %")) / 100)
        self._update_zoom_label()

    def _on_zoom_typed(self) -> None:
        text = self.zoom_combo.currentText().strip().rstrip("%").strip()
        if text.lower() == "fit":
            self.zoom_fit()
            return
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            self._update_zoom_label()
            return
        if value > 0:
            self.canvas.zoom_to(value / 100)

    def _on_compare_combo(self, _index: int = 0) -> None:
        self.set_compare(True, self.compare_message.currentData() or "", self.compare_format.currentData() or "")

    def _next_message(self) -> str:
        ids = self.session.campaign.message_ids
        if len(ids) < 2:
            return ""
        cur = self.session.message_id
        return ids[(ids.index(cur) + 1) % len(ids)] if cur in ids else ids[0]

    @staticmethod
    def _select_combo(combo: QComboBox, value: str) -> None:
        i = combo.findData(value)
        with QSignalBlocker(combo):
            combo.setCurrentIndex(max(0, i))

    def _fill_compare_combos(self) -> None:
        c = self.session.campaign
        if self._cmp_message not in c.message_ids:
            self._cmp_message = ""  # deleted or renamed: fall back to the selection's message
        if self._cmp_format not in c.format_ids:
            self._cmp_format = ""
        want_m = [("", "Same message")] + [(m.id, f"{m.id} — {_short(m.slogan)}") for m in c.messages]
        want_f = [("", "Same format")] + [(f.id, f.name) for f in c.formats]
        for combo, items, value in (
            (self.compare_message, want_m, self._cmp_message),
            (self.compare_format, want_f, self._cmp_format),
        ):
            have = [combo.itemData(k) for k in range(combo.count())]
            with QSignalBlocker(combo):
                if have != [d for d, _ in items]:
                    combo.clear()
                    for d, t in items:
                        combo.addItem(t, d)
                else:
                    for k, (_, t) in enumerate(items):
                        if combo.itemText(k) != t:
                            combo.setItemText(k, t)
            self._select_combo(combo, value)

    def _sync_format_controls(self) -> None:
        """Distance view only for outdoor formats, defaulting to the format's viewing distance."""
        fmt = self._format(0)
        outdoor = is_outdoor(fmt)
        self.distance_button.setEnabled(outdoor)
        self.distance_spin.setEnabled(outdoor)
        self.distance_spin.setVisible(outdoor)
        if outdoor and fmt is not None and self._distance_fmt != fmt.id:
            self._distance_fmt = fmt.id
            typical = " – ".join(f"{v:g} m" for v in _defaults(fmt))
            self.distance_spin.setToolTip(
                f"Viewing distance in metres (typical for this format: {typical})"
                if typical
                else "Viewing distance in metres"
            )
            d = default_distance(fmt)
            if d:
                self._metres = d
                with QSignalBlocker(self.distance_spin):
                    self.distance_spin.setValue(round(d))
        if not outdoor and self._distance:
            self._distance = False
            with QSignalBlocker(self.distance_button):
                self.distance_button.setChecked(False)


def _defaults(fmt: Format) -> tuple[float, ...]:
    try:
        from ..render.distance import default_distances

        return tuple(float(v) for v in default_distances(fmt))
    except Exception:  # noqa: BLE001 - only a tooltip
        return tuple(fmt.viewing_distance_m or ())


def _suits(have: float, want: float) -> bool:
    """A render within 3 % of the wanted scale is kept: resampling it costs nothing visible."""
    return want * 0.97 <= have <= want * 1.03


def _resolvable(fmt: Format, metres: float) -> str:
    """ ", eye resolves ~700 px across" — how much of the poster a viewer can tell apart."""
    try:
        from ..render.distance import resolvable_px

        return f", eye resolves ~{resolvable_px(fmt, metres):.0f} px across"
    except Exception:  # noqa: BLE001 - an optional detail
        return ""


def _short(text: str, n: int = 28) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"

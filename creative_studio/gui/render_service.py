"""Rendering off the GUI thread: requests in, QImages out by signal, stale results dropped.

A panel asks for (key, campaign snapshot, message, format, scale). A QThreadPool worker renders
the immutable snapshot with the engine, runs the checks on that same render, converts to QImage
and emits `rendered`. Each key carries a request counter; a result whose id is no longer the
latest for its key is dropped, so a burst of keystrokes shows only the newest render.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

from ..model import Campaign, Message


def pil_to_qimage(image) -> QImage:
    """The one place Pillow meets Qt: raw RGBA bytes into a QImage that owns its copy."""
    if image.mode != "RGBA":
        image = image.convert("RGBA")
    data = image.tobytes("raw", "RGBA")
    w, h = image.size
    return QImage(data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()


@dataclass(frozen=True)
class Rendered:
    """What a worker hands back: the picture, the engine's result (boxes) and the findings."""

    key: str
    request_id: int
    image: QImage
    result: object  # creative_studio.render.RenderResult (scaled)
    findings: tuple  # creative_studio.checks.Finding, boxes at 1x
    mockup: QImage | None = None
    error: str = ""
    mockup_rect: tuple[int, int, int, int] | None = None  # where the creative sits in `mockup` (its pixels)
    mockup_error: str = ""  # the render is fine but no mockup could be drawn: show the render alone


def _draw_mockup(campaign: Campaign, result) -> tuple[QImage | None, tuple | None, str]:
    """The render inside its platform mockup and where it sits in it.

    A missing or failing mockup must not cost the designer the render itself: it comes back alone
    with the reason, and the preview says so.
    """
    from ..render.mockups import mockup_with_rect

    try:
        image, rect = mockup_with_rect(campaign, result)
        return pil_to_qimage(image), tuple(int(v) for v in rect), ""
    except Exception as exc:  # noqa: BLE001 - shown to the designer, never a crash
        return None, None, f"mockup failed: {type(exc).__name__}: {exc}"


def _media(campaign: Campaign, message: Message, fmt, scale: float, result, time_s, soft_proof: bool, language=None):
    """The render as the preview should show it: an animation frame, and/or soft-proofed for print.

    The boxes stay the still's (the layout does not move during the animation); only the pixels
    change, so overlays and findings still line up.
    """
    from dataclasses import replace

    if time_s is not None and fmt.motion is not None:
        from ..render.motion import frame_at

        result = replace(result, image=frame_at(campaign, message, fmt, time_s, scale, language))
    if soft_proof and fmt.print_spec is not None:
        from ..encode.press import soft_proof as proof

        result = replace(result, image=proof(result.image))
    return result


@dataclass(frozen=True)
class RegionRendered:
    """A region of a render (render/region.py) at `scale`: `box` in render pixels at that scale."""

    key: str
    request_id: int
    image: QImage
    scale: float
    box: tuple[int, int, int, int]
    error: str = ""


class _Signals(QObject):
    done = Signal(object)
    region_done = Signal(object)


class _RegionJob(QRunnable):
    """One region at a scale, in a pool thread: real pixels of a poster without its full frame."""

    def __init__(self, service: RenderService, key: str, rid: int, campaign: Campaign, message: Message, args):
        super().__init__()
        self.setAutoDelete(True)
        self._s = service
        self._job = (key, rid, campaign, message, *args)
        lang = service.language
        self._language = lang if lang in campaign.languages else None

    def run(self) -> None:  # runs in a pool thread
        key, rid, campaign, message, format_id, scale, box, soft_proof = self._job
        if not self._s.is_current(key, rid):
            return  # panned on before it started: only the newest region is drawn
        try:
            from ..render.region import render_region

            fmt = campaign.format(format_id)
            image = render_region(campaign, message, fmt, scale, box, self._language)
            if soft_proof and fmt.print_spec is not None:
                from ..encode.press import soft_proof as proof

                image = proof(image)
            out = RegionRendered(key, rid, pil_to_qimage(image), scale, box)
        except Exception as exc:  # noqa: BLE001 - shown to the designer, never a crash
            out = RegionRendered(key, rid, QImage(), scale, box, f"{type(exc).__name__}: {exc}")
        self._s._signals.region_done.emit(out)


class _Job(QRunnable):
    def __init__(
        self,
        service: RenderService,
        key: str,
        rid: int,
        campaign: Campaign,
        message: Message,
        format_id: str,
        scale: float,
        mockup: bool,
        checks: bool,
        time_s: float | None = None,
        soft_proof: bool = False,
        language: str | None = None,
    ):
        super().__init__()
        self.setAutoDelete(True)
        self._s = service
        self._args = (key, rid, campaign, message, format_id, scale, mockup, checks)
        self._media = (time_s, soft_proof)
        lang = language if language is not None else service.language
        self._language = lang if lang in campaign.languages else None  # snapshot, like the campaign

    def run(self) -> None:  # runs in a pool thread
        key, rid, campaign, message, format_id, scale, mockup, checks = self._args
        if not self._s.is_current(key, rid):
            return  # superseded before it started: skip the work entirely
        try:
            from ..render import render_message

            fmt = campaign.format(format_id)
            result = render_message(campaign, message, fmt, scale, self._language)
            result = _media(campaign, message, fmt, scale, result, *self._media, self._language)
            findings: tuple = ()
            if checks:
                from ..checks import run_checks

                findings = tuple(run_checks(campaign, result, message=message))  # the draft being typed
            mock, rect, mock_err = _draw_mockup(campaign, result) if mockup else (None, None, "")
            out = Rendered(
                key, rid, pil_to_qimage(result.image), result, findings, mock, mockup_rect=rect, mockup_error=mock_err
            )
        except Exception as exc:  # noqa: BLE001 - shown to the designer, never a crash
            out = Rendered(key, rid, QImage(), None, (), None, f"{type(exc).__name__}: {exc}")
        self._s._signals.done.emit(out)


class RenderService(QObject):
    """Renders in a thread pool, newest request per key wins.

    Signals:
        rendered(object): a `Rendered` for the latest request of its key
        regionRendered(object): a `RegionRendered` for the latest region request of its key
    """

    rendered = Signal(object)
    regionRendered = Signal(object)

    def __init__(self, parent: QObject | None = None, threads: int | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        if threads:
            self._pool.setMaxThreadCount(threads)
        self._lock = threading.Lock()
        self._latest: dict[str, int] = {}
        self._counter = 0
        self._signals = _Signals()
        self._signals.done.connect(self._on_done)
        self._signals.region_done.connect(self._on_region_done)
        self.language: str | None = None  # the language to render (None: the campaign's default)

    def request(
        self,
        key: str,
        campaign: Campaign,
        message_id: str,
        format_id: str,
        scale: float,
        mockup: bool = False,
        checks: bool = True,
        message: Message | None = None,
        priority: int = 0,
        time_s: float | None = None,
        soft_proof: bool = False,
        language: str | None = None,
    ) -> int:
        """Queue a render; returns its request id. Earlier requests for `key` become stale.

        `language` renders in that language (the matrix's language rows); None renders in the
        service's `language`, the one the app shows (the preview and every other caller).
        """
        rid = self._next_id(key)
        msg = message or campaign.message(message_id)
        job = _Job(self, key, rid, campaign, msg, format_id, scale, mockup, checks, time_s, soft_proof, language)
        self._pool.start(job, priority)
        return rid

    def request_region(
        self,
        key: str,
        campaign: Campaign,
        message_id: str,
        format_id: str,
        scale: float,
        box: tuple[int, int, int, int],
        soft_proof: bool = False,
        priority: int = 0,
    ) -> int:
        """Queue a region render (pixels of `box` at `scale`); earlier ones for `key` become stale."""
        rid = self._next_id(key)
        msg = campaign.message(message_id)
        self._pool.start(_RegionJob(self, key, rid, campaign, msg, (format_id, scale, box, soft_proof)), priority)
        return rid

    def _next_id(self, key: str) -> int:
        """A new request id for `key`, which makes the key's earlier requests stale."""
        with self._lock:
            self._counter += 1
            self._latest[key] = self._counter
            return self._counter

    def forget(self, key: str) -> None:
        """Drop whatever `key` has queued or running: its result will not be emitted."""
        with self._lock:
            self._latest.pop(key, None)

    def is_current(self, key: str, rid: int) -> bool:
        with self._lock:
            return self._latest.get(key) == rid

    def _on_done(self, out: Rendered) -> None:
        if self.is_current(out.key, out.request_id):
            self.rendered.emit(out)

    def _on_region_done(self, out: RegionRendered) -> None:
        if self.is_current(out.key, out.request_id):
            self.regionRendered.emit(out)

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)

    def shutdown(self) -> None:
        with self._lock:
            self._latest.clear()
        self._pool.clear()
        self._pool.waitForDone(10000)

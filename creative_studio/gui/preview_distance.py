"""Distance view off the GUI thread: the engine's `distance_view` applied to a preview render.

The render already came back from the RenderService with its Pillow image (`RenderResult.image`),
so a distance view needs no second render: a pool worker blurs that image for the chosen viewing
distance and hands back a QImage. As with renders, only the newest request per key is shown.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..model.platforms import registry
from .render_service import pil_to_qimage


def default_distance(fmt) -> float | None:
    """The nearest typical viewing distance for a format (metres), or None if it has none."""
    from ..render.distance import default_distances

    values = default_distances(fmt)
    return float(values[0]) if values else None


def is_outdoor(fmt) -> bool:
    return fmt is not None and (
        registry().platform(fmt.platform).family == "outdoor" or fmt.viewing_distance_m is not None
    )


class _Signals(QObject):
    done = Signal(str, int, object, str)


class _Job(QRunnable):
    def __init__(self, worker: DistanceWorker, key: str, rid: int, image, fmt, metres: float):
        super().__init__()
        self.setAutoDelete(True)
        self._w = worker
        self._args = (key, rid, image, fmt, metres)

    def run(self) -> None:  # a pool thread
        key, rid, image, fmt, metres = self._args
        if not self._w.is_current(key, rid):
            return
        try:
            from ..render.distance import distance_view

            out, err = pil_to_qimage(distance_view(image, fmt, metres)), ""
        except Exception as exc:  # noqa: BLE001 - shown in the status line
            out, err = None, f"distance view failed: {type(exc).__name__}: {exc}"
        self._w._signals.done.emit(key, rid, out, err)


class DistanceWorker(QObject):
    """Distance views in a one-thread pool, newest request per key wins.

    Signals:
        done(str, int, object, str): key, request id, QImage (or None) and an error text
    """

    done = Signal(str, int, object, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._lock = threading.Lock()
        self._latest: dict[str, int] = {}
        self._counter = 0
        self._signals = _Signals()
        self._signals.done.connect(self._on_done)

    def request(self, key: str, image, fmt, metres: float) -> int:
        with self._lock:
            self._counter += 1
            rid = self._counter
            self._latest[key] = rid
        self._pool.start(_Job(self, key, rid, image, fmt, metres))
        return rid

    def cancel(self, key: str) -> None:
        with self._lock:
            self._latest.pop(key, None)

    def is_current(self, key: str, rid: int) -> bool:
        with self._lock:
            return self._latest.get(key) == rid

    def _on_done(self, key: str, rid: int, image, err: str) -> None:
        if self.is_current(key, rid):
            self.done.emit(key, rid, image, err)

    def shutdown(self) -> None:
        with self._lock:
            self._latest.clear()
        self._pool.clear()
        self._pool.waitForDone(10000)

"""Keystroke -> updated preview latency, for the benchmark script (not a test: timings vary by machine).

One keystroke is measured from the moment the session takes the edit (what a text field's
`textEdited` handler does) until the preview panel has swapped in the render of that exact text and
repainted its view: the throttle, the worker render (engine + mockup + QImage), the hand-off to
the GUI thread and the paint. Keystrokes are spaced like brisk typing (`gap_ms`), with the event
loop running between them, so each one meets an idle throttle, as a real keystroke would.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

TYPED = " right now"  # typed onto the end of the slogan, one character per edit (wraps around)


_NONE_GUARDED = False


def _singleton_headroom() -> None:
    """Keep CPython 3.11 alive under PySide6 6.12: give None/True/False the headroom 3.12 gives them.

    PySide6/shiboken6 6.12.0 (abi3 wheel) on CPython < 3.12 drops one reference to None on every
    call of a C++ method that returns void (measured here: 200 `QLabel.setText`, `QPainter.save`
    or `QTimer.stop` calls lower `sys.getrefcount(None)` by exactly 200), and loses references to
    True/False somewhere too; after a few tens of thousands of such calls the interpreter aborts
    with "Fatal Python error: none_dealloc" (or bool_dealloc). This benchmark makes that many.
    CPython 3.12 made these objects immortal (PEP 683); adding 2**40 references does the same in
    effect. The app's start-up and the tests' conftest need the same guard (or Python 3.12+, or a
    PySide6 without the fault); it lives here only so that the benchmark can run at all.
    """
    global _NONE_GUARDED
    if _NONE_GUARDED or sys.version_info >= (3, 12):
        return
    import ctypes

    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40  # ob_refcnt: a PyObject's first field
    _NONE_GUARDED = True


def _app():
    _singleton_headroom()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _run(ms: int) -> None:
    """Let the event loop run for `ms` (timers fire, results arrive)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _wait(predicate, signal, timeout_ms: int = 20000) -> bool:
    """Run the event loop until `predicate()` holds, checking it whenever `signal` fires (or each 5 ms)."""
    from PySide6.QtCore import QEventLoop, QTimer

    if predicate():
        return True
    loop = QEventLoop()
    poll = QTimer(interval=5)
    end = time.perf_counter() + timeout_ms / 1000

    def check(*_args) -> None:
        if predicate() or time.perf_counter() > end:
            loop.quit()

    signal.connect(check)
    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    signal.disconnect(check)
    return predicate()


def measure_edit_latency_detail(
    formats,
    edits: int = 20,
    message_id: str = "employ",
    size=(1000, 800),
    mockup: bool = True,
    gap_ms: int = 60,
    campaign=None,
) -> dict[str, dict]:
    """Per format: median, p90 and max latency (ms) over `edits` keystrokes, and the preview scale."""
    app = _app()
    from ..model import load_sample
    from .preview_panel import PreviewPanel
    from .render_service import RenderService
    from .session import Session

    session = Session(campaign or load_sample())
    service = RenderService()
    panel = PreviewPanel(session, service)
    panel.set_mockup_visible(mockup)
    panel.resize(*size)
    panel.show()
    app.processEvents()
    shown: list[int] = []
    panel.updated.connect(lambda key, rid: shown.append(rid) if key == panel.keys[0] else None)
    requested: list[int] = []
    panel.requested.connect(lambda key, rid, scale: requested.append(rid) if key == panel.keys[0] else None)
    results: dict[str, dict] = {}
    try:
        for fid in formats:
            session.select(message_id, fid)
            if not _wait(panel.is_ready, panel.updated):
                raise TimeoutError(f"{fid}: the preview did not settle")
            base = session.campaign.message(message_id).slogan
            samples = []
            for k in range(edits):
                text = base + TYPED[: k % len(TYPED) + 1]
                requested.clear()
                shown.clear()
                t0 = time.perf_counter()
                session.set_message_text(message_id, "slogan", text)
                # the render of *this* text is the first request made from now on
                if not _wait(lambda: bool(requested) and any(r >= requested[0] for r in shown), panel.updated):
                    raise TimeoutError(f"{fid}: no preview after an edit")
                panel.canvas.viewport().repaint()
                samples.append((time.perf_counter() - t0) * 1000)
                _run(gap_ms)
            session.undo_stack.undo()  # leave the sample as it was (the edits merge into one step)
            _wait(panel.is_ready, panel.updated)
            samples.sort()
            results[fid] = {
                "median_ms": round(statistics.median(samples), 1),
                "p90_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.9))], 1),
                "max_ms": round(samples[-1], 1),
                "scale": panel.shown_scale(),
                "edits": edits,
            }
    finally:
        panel.shutdown()
        service.shutdown()
        session.undo_stack.setClean()
        panel.deleteLater()
    return results


def measure_edit_latency(formats, **kwargs) -> dict[str, float]:
    """Median keystroke -> updated preview latency in ms per format id (20 edits each, mockup on)."""
    return {fid: r["median_ms"] for fid, r in measure_edit_latency_detail(formats, **kwargs).items()}


if __name__ == "__main__":
    import json
    import sys

    from ..model import load_sample

    ids = sys.argv[1:] or list(load_sample().format_ids)
    print(json.dumps(measure_edit_latency_detail(ids), indent=1))

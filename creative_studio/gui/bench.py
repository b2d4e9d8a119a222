"""GUI speed figures for the benchmark script: thumbnails after opening, GUI-thread responsiveness.

`measure_open()` builds the real main window on a campaign, shows it and reports how long until
every matrix thumbnail is on screen and every cell is checked, while a 10 ms QTimer heartbeat
records the longest gap between ticks (a gap over ~50 ms is a stutter the designer would feel).
`measure_typing()` types a slogan keystroke by keystroke and reports the same heartbeat figure
and how long the thumbnails take to follow the last keystroke.

Usage: `python -m creative_studio.gui.bench [CAMPAIGN.yaml]` prints JSON.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QTimer  # noqa: E402


class Heartbeat:
    """A 10 ms timer on the GUI thread; `max_gap_ms` is the longest time between two ticks."""

    def __init__(self, interval_ms: int = 10):
        self.interval_ms = interval_ms
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self.max_gap_ms = 0.0
        self.ticks = 0
        self.gaps_over_50 = 0
        self.t0 = 0.0
        self.long_gaps: list[tuple[float, float]] = []  # (ms since start, gap ms) for gaps over 50 ms

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last:
            gap = (now - self._last) * 1000
            self.max_gap_ms = max(self.max_gap_ms, gap)
            if gap > 50:
                self.gaps_over_50 += 1
                self.long_gaps.append((round((self._last - self.t0) * 1000), round(gap, 1)))
        self._last = now
        self.ticks += 1

    def start(self) -> None:
        self._last = self.t0 = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()


def _run_until(predicate, timeout_s: float) -> bool:
    """Spin the event loop until predicate() is true (checked every 5 ms) or the timeout."""
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout_s
    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(lambda: loop.quit() if predicate() or time.perf_counter() > deadline else None)
    poll.start()
    if not predicate():
        loop.exec()
    poll.stop()
    return predicate()


def _window(campaign_path: str | None):
    from ..model import SAMPLE_CAMPAIGN, load_campaign
    from .app import ensure_app, render_threads
    from .main_window import MainWindow
    from .render_service import RenderService
    from .session import Session

    app = ensure_app()
    from . import theme

    theme.apply(app, "light")
    campaign = load_campaign(campaign_path or SAMPLE_CAMPAIGN)
    session = Session(campaign)
    service = RenderService(threads=render_threads())
    tmp = tempfile.mkdtemp(prefix="cs-bench-")
    settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(session, service, settings=settings, persist=False)
    window.ask_save_changes = lambda: "discard"
    window.resize(1600, 1000)
    return app, window


def _close(window) -> None:
    window.session.undo_stack.setClean()
    window.close()
    window.deleteLater()


def measure_open(campaign_path: str | None = None, timeout_s: float = 60.0) -> dict:
    """Show the window; time until all thumbnails are shown and all cells checked."""
    _app, window = _window(campaign_path)
    matrix = window.matrix
    cells = len(window.session.campaign.messages) * len(window.session.campaign.formats)
    beat = Heartbeat()
    marks: dict[str, float] = {}
    t0 = time.perf_counter()
    window.show()
    QCoreApplication.processEvents()  # the first layout and paint of the whole window
    first_paint_ms = (time.perf_counter() - t0) * 1000
    beat.start()
    ok_thumbs = _run_until(
        lambda: matrix.model.thumbnails_ready() == cells and not matrix.pending_thumbnails, timeout_s
    )
    marks["thumbnails_s"] = time.perf_counter() - t0
    gap_thumbs = beat.max_gap_ms
    ok_checks = _run_until(matrix.is_ready, timeout_s)
    marks["checks_s"] = time.perf_counter() - t0
    ok_all = _run_until(window.is_ready, timeout_s)
    marks["preview_and_all_s"] = time.perf_counter() - t0
    beat.stop()
    _close(window)
    return {
        "cells": cells,
        "first_paint_ms": round(first_paint_ms, 1),
        "thumbnails_s": round(marks["thumbnails_s"], 3),
        "checks_s": round(marks["checks_s"], 3),
        "all_renders_s": round(marks["preview_and_all_s"], 3),
        "max_gui_gap_ms_during_thumbnails": round(gap_thumbs, 1),
        "max_gui_gap_ms_until_idle": round(beat.max_gap_ms, 1),
        "gaps_over_50ms": beat.gaps_over_50,
        "long_gaps": beat.long_gaps[:20],
        "complete": bool(ok_thumbs and ok_checks and ok_all),
    }


def measure_matrix(campaign_path: str | None = None, timeout_s: float = 60.0, threads: int | None = None) -> dict:
    """The matrix panel alone (no other panel's work in the pool): thumbnails and checks after show."""
    from ..model import SAMPLE_CAMPAIGN, load_campaign
    from . import theme
    from .app import ensure_app, render_threads
    from .matrix_panel import MatrixPanel
    from .render_service import RenderService
    from .session import Session

    app = ensure_app()
    theme.apply(app, "light")
    session = Session(load_campaign(campaign_path or SAMPLE_CAMPAIGN))
    service = RenderService(threads=threads or render_threads())
    panel = MatrixPanel(session, service)
    panel.resize(1200, 560)
    cells = len(session.campaign.messages) * len(session.campaign.formats)
    beat = Heartbeat()
    t0 = time.perf_counter()
    panel.show()
    QCoreApplication.processEvents()
    first_paint_ms = (time.perf_counter() - t0) * 1000
    beat.start()
    ok = _run_until(lambda: panel.model.thumbnails_ready() == cells and not panel.pending_thumbnails, timeout_s)
    thumbs = time.perf_counter() - t0
    gap_thumbs = beat.max_gap_ms
    ok = _run_until(panel.is_ready, timeout_s) and ok
    checks = time.perf_counter() - t0
    beat.stop()
    panel.close()
    service.shutdown()
    session.undo_stack.cleanChanged.disconnect()
    panel.deleteLater()
    return {
        "cells": cells,
        "first_paint_ms": round(first_paint_ms, 1),
        "thumbnails_s": round(thumbs, 3),
        "checks_s": round(checks, 3),
        "max_gui_gap_ms_during_thumbnails": round(gap_thumbs, 1),
        "max_gui_gap_ms_until_checked": round(beat.max_gap_ms, 1),
        "gaps_over_50ms": beat.gaps_over_50,
        "long_gaps": beat.long_gaps[:20],
        "complete": ok,
    }


def measure_typing(
    campaign_path: str | None = None,
    text: str = "Who would ever employ you now?",
    keystroke_ms: int = 80,
    timeout_s: float = 60.0,
) -> dict:
    """Type `text` into the second message's slogan, one keystroke every `keystroke_ms`."""
    _app, window = _window(campaign_path)
    session = window.session
    matrix = window.matrix
    window.show()
    _run_until(window.is_ready, timeout_s)
    mid = session.campaign.message_ids[min(1, len(session.campaign.messages) - 1)]
    beat = Heartbeat()
    beat.start()
    loop = QEventLoop()
    state = {"i": 0}

    def key() -> None:
        state["i"] += 1
        session.set_message_text(mid, "slogan", text[: state["i"]])
        if state["i"] >= len(text):
            typer.stop()
            loop.quit()

    typer = QTimer()
    typer.setInterval(keystroke_ms)
    typer.timeout.connect(key)
    typer.start()
    loop.exec()
    t_last = time.perf_counter()
    ok = _run_until(lambda: not matrix.pending_thumbnails, timeout_s)
    follow = time.perf_counter() - t_last
    _run_until(window.is_ready, timeout_s)
    beat.stop()
    _close(window)
    return {
        "keystrokes": len(text),
        "thumbnails_follow_last_key_s": round(follow, 3),
        "max_gui_gap_ms": round(beat.max_gap_ms, 1),
        "gaps_over_50ms": beat.gaps_over_50,
        "long_gaps": beat.long_gaps[:20],
        "complete": ok,
    }


def measure_preview_in_window(
    format_ids=("snapchat-snap-ad", "facebook-feed-square", "outdoor-96-sheet"),
    edits: int = 15,
    gap_ms: int = 80,
    campaign_path: str | None = None,
    timeout_s: float = 30.0,
) -> dict:
    """Keystroke -> updated preview (ms) in the full window, with the matrix re-rendering alongside.

    Needs the PreviewPanel's `requested(key, rid, scale)` and `updated(key, rid)` signals.
    """
    import statistics

    _app, window = _window(campaign_path)
    session, preview = window.session, window.preview
    if not hasattr(preview, "updated") or not hasattr(preview, "requested"):
        _close(window)
        return {"error": "the preview panel has no requested/updated signals"}
    key0 = preview.keys[0]
    requested: list[int] = []
    shown: list[int] = []
    preview.requested.connect(lambda key, rid, scale: requested.append(rid) if key == key0 else None)
    preview.updated.connect(lambda key, rid: shown.append(rid) if key == key0 else None)
    window.show()
    _run_until(window.is_ready, timeout_s)
    beat = Heartbeat()
    beat.start()
    mid = session.campaign.message_ids[min(1, len(session.campaign.messages) - 1)]
    out: dict = {}
    for fid in format_ids:
        if fid not in session.campaign.format_ids:
            continue
        session.select(mid, fid)
        _run_until(window.is_ready, timeout_s)
        base = session.campaign.message(mid).slogan
        samples = []
        for k in range(edits):
            requested.clear()
            shown.clear()
            t0 = time.perf_counter()
            session.set_message_text(mid, "slogan", base + " now!"[: k % 5 + 1])
            _run_until(lambda: bool(requested) and any(r >= requested[0] for r in shown), timeout_s)
            samples.append((time.perf_counter() - t0) * 1000)
            _run_until(lambda: False, gap_ms / 1000)
        session.undo_stack.undo()
        _run_until(window.is_ready, timeout_s)
        samples.sort()
        out[fid] = {
            "median_ms": round(statistics.median(samples), 1),
            "p90_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.9))], 1),
            "max_ms": round(samples[-1], 1),
        }
    beat.stop()
    out["max_gui_gap_ms"] = round(beat.max_gap_ms, 1)
    out["gaps_over_50ms"] = beat.gaps_over_50
    _close(window)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    path = argv[0] if argv else None
    out = {
        "matrix": measure_matrix(path),
        "open": measure_open(path),
        "typing": measure_typing(path),
        "preview_in_window": measure_preview_in_window(campaign_path=path),
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Starting the desktop app, and `--screenshot`: the window with every preview loaded, as a PNG.

The screenshot waits on signals and readiness checks through a QEventLoop with a timeout, never
on sleeps, so it is as fast as the renders and still finishes if something never arrives.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, QSettings, Qt, QTimer, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from ..model import SAMPLE_CAMPAIGN, TemplateError, load_campaign
from . import theme

APP_NAME = ORG_NAME = "CreativeStudio"
SCREENSHOT_SIZE = (1760, 1100)
READY_TIMEOUT_MS = 30000
SETTLE_MS = 150  # nothing queued or rendering for this long = done (covers panels' own debounce timers)


_NOISE = ("This plugin does not support",)  # the offscreen platform has no window manager


def quiet_platform_noise():
    """Drop the offscreen platform's harmless chatter; everything else goes to the previous handler.

    Returns the previous handler so a caller can restore it.
    """
    previous = None

    def handler(mode, context, message) -> None:
        if message.startswith(_NOISE):
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            sys.stderr.write(message + "\n")

    previous = qInstallMessageHandler(handler)
    return previous


_SINGLETONS_GUARDED = False


def guard_singletons() -> None:
    """Keep CPython 3.11 alive under PySide6 6.12: give None/True/False the headroom 3.12 gives them.

    PySide6 6.12 on CPython < 3.12 can drop references to None/True/False (the preview's benchmark
    measured one lost reference to None per void C++ call in some paths); after enough of them the
    interpreter aborts with "Fatal Python error: none_dealloc" (seen once at the end of a GUI test
    run here). CPython 3.12 made these objects immortal (PEP 683); adding 2**40 references has the
    same effect. Remove when the project requires Python 3.12+ or a PySide6 without the fault.
    """
    global _SINGLETONS_GUARDED
    if _SINGLETONS_GUARDED or sys.version_info >= (3, 12):
        return
    import ctypes

    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40  # ob_refcnt is a PyObject's first field
    _SINGLETONS_GUARDED = True


def render_threads() -> int:
    """Render workers: every core but one, so the GUI thread always finds a free core.

    The engine is mostly Python (GIL-bound), so on 2 cores a second worker adds little speed but
    doubles the GUI thread's waits (gui/bench.py). CREATIVE_STUDIO_RENDER_THREADS overrides.
    """
    env = os.environ.get("CREATIVE_STUDIO_RENDER_THREADS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return max(1, (os.cpu_count() or 2) - 1)


def ensure_app() -> QApplication:
    """The QApplication (created once, high-DPI friendly, themed)."""
    guard_singletons()
    app = QApplication.instance()
    # Render workers are Python threads: with the default 5 ms GIL switch interval the GUI thread
    # can wait several slices for every paint while thumbnails render. 1 ms keeps it responsive
    # at a negligible cost to throughput (measured with gui/bench.py).
    if sys.getswitchinterval() > 0.001:
        sys.setswitchinterval(0.001)
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationDisplayName("Creative Studio")
    if not getattr(app, "_creative_studio_fonts", False):
        family = theme.load_fonts()
        font = app.font()
        font.setFamily(family)
        font.setPointSizeF(9.5)
        app.setFont(font)
        app._creative_studio_fonts = True  # type: ignore[attr-defined]
    return app


def wait_until_ready(window, timeout_ms: int = READY_TIMEOUT_MS, settle_ms: int = SETTLE_MS, full=False) -> bool:
    """Run the event loop until the window reports ready for `settle_ms` in a row (or timeout).

    With `full`, also until every cell shows its full-size verdict (no draft badges)."""
    loop = QEventLoop()
    clock = QElapsedTimer()
    clock.start()
    state = {"since": -1, "ok": False}

    def poll() -> None:
        now = clock.elapsed()
        if window.is_ready() and (not full or window.matrix.verdicts_ready()):
            if state["since"] < 0:
                state["since"] = now
            if now - state["since"] >= settle_ms:
                state["ok"] = True
                loop.quit()
                return
        else:
            state["since"] = -1
        if now > timeout_ms:
            loop.quit()

    timer = QTimer()
    timer.setInterval(15)
    timer.timeout.connect(poll)
    timer.start()
    poll()
    if not state["ok"]:
        loop.exec()
    timer.stop()
    return state["ok"]


def save_screenshot(window, path: str | Path, size: tuple[int, int] = SCREENSHOT_SIZE) -> bool:
    """Lay the window out, wait for all renders, save it as PNG."""
    window.resize(*size)
    window.show()
    QCoreApplication.processEvents()
    ready = wait_until_ready(window, timeout_ms=6 * READY_TIMEOUT_MS, full=True)  # verdicts of 78 cells
    if not ready:
        print("creative-studio: renders did not finish in time; the screenshot may be incomplete", file=sys.stderr)
    QCoreApplication.processEvents()
    return window.grab().save(str(path), "PNG")


def run_app(
    campaign_path: str | None,
    screenshot: str | None = None,
    size: tuple[int, int] | None = None,
    theme_name: str | None = None,
) -> int:
    """Open the app on a campaign (default: the bundled sample). Returns the exit code."""
    app = ensure_app()
    from .main_window import MainWindow
    from .render_service import RenderService
    from .session import Session

    settings = QSettings()
    if not screenshot:
        theme.apply(app, str(settings.value("theme", "light")))
    else:
        theme.apply(app, theme_name or "light")
    path = Path(campaign_path) if campaign_path else SAMPLE_CAMPAIGN
    try:
        campaign = load_campaign(path)
    except (TemplateError, OSError) as exc:
        text = str(exc) if isinstance(exc, TemplateError) else f"{path}: {getattr(exc, 'strerror', None) or exc}"
        if screenshot:
            print(text, file=sys.stderr)
        else:
            QMessageBox.critical(None, "Cannot open campaign", text)
        return 2

    session = Session(campaign)
    service = RenderService(threads=render_threads())
    if screenshot:
        previous = quiet_platform_noise()
        try:
            return _screenshot(session, service, screenshot, size or SCREENSHOT_SIZE)
        finally:
            qInstallMessageHandler(previous)
    window = MainWindow(session, service, settings=settings)
    if campaign.path:
        window.add_recent(str(Path(campaign.path).resolve()))
    window.show()
    return app.exec()


def _screenshot(session, service, screenshot: str, size: tuple[int, int] = SCREENSHOT_SIZE) -> int:
    from .main_window import MainWindow

    # A fixed, reproducible layout: no saved geometry, docks, theme or recent files.
    settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG_NAME, "Screenshot")
    # The README's story: "Who would employ you?" on Snapchat, with its safe zones.
    c = session.campaign
    if "snapchat-snap-ad" in c.format_ids and len(c.messages) > 1:
        session.select(c.message_ids[1], "snapchat-snap-ad")
    window = MainWindow(session, service, settings=settings, persist=False)
    ok = save_screenshot(window, screenshot, size)
    session.undo_stack.setClean()  # never ask to save on the way out
    window.close()
    service.shutdown()
    window.deleteLater()
    QCoreApplication.processEvents()
    if not ok:
        print(f"{screenshot}: could not write the screenshot", file=sys.stderr)
        return 2
    return 0

"""Fixtures for the GUI tests: a session on the sample, a render service, a window with private settings."""

from __future__ import annotations

import pytest

from creative_studio.gui.app import guard_singletons

# PySide6 6.12 on Python 3.11 can lose references to None/True/False (see guard_singletons);
# a long GUI test session makes enough calls to abort the interpreter at exit without this.
guard_singletons()


@pytest.fixture
def session(qapp, sample):
    from creative_studio.gui.session import Session

    s = Session(sample)
    yield s
    # Session forwards cleanChanged through a lambda on itself; the undo stack (its child) emits
    # cleanChanged while being destroyed after the session's Python side is gone: cut that first.
    s.undo_stack.cleanChanged.disconnect()
    s.deleteLater()


@pytest.fixture
def service(qapp):
    from creative_studio.gui.render_service import RenderService

    svc = RenderService()
    yield svc
    svc.shutdown()
    svc.deleteLater()


@pytest.fixture
def settings(tmp_path):
    """QSettings in a temporary INI file, so tests never touch the user's settings."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, session, service, settings):
    """The main window on the sample; unsaved edits are discarded on close, never asked about."""
    from creative_studio.gui.main_window import MainWindow
    from creative_studio.gui.verdict_service import VerdictService

    # Full-size verdicts are held (drafts only) unless a test resumes them: a worker process per
    # window test would judge 78 print-size cells nobody looks at. test_one_verdict runs them.
    verdicts = VerdictService()
    verdicts.pause()
    w = MainWindow(session, service, settings=settings, verdicts=verdicts)
    w.ask_save_changes = lambda: "discard"
    if w.watcher is not None:  # never a modal question from hot reload in a test
        w.watcher.ask_reload_over_unsaved = lambda: False
    qtbot.addWidget(w)
    yield w
    # Leave the app-wide theme as the other tests expect it.
    if w.act_dark.isChecked():
        w.act_dark.setChecked(False)


def _image_is_blank(image) -> bool:
    if image is None or image.isNull():
        return True
    first = image.pixel(0, 0)
    step_x = max(1, image.width() // 23)
    step_y = max(1, image.height() // 17)
    for y in range(0, image.height(), step_y):
        for x in range(0, image.width(), step_x):
            if image.pixel(x, y) != first:
                return False
    return True


@pytest.fixture
def is_blank():
    """is_blank(qimage): True when the image is null or has a single colour on a sampling grid."""
    return _image_is_blank


@pytest.fixture
def multilingual_window(qtbot, qapp, tmp_path, service, settings):
    """make(formats, hold_verdicts=False): a main window on an English/Gaelic/Welsh copy of the
    sample (tests/model/variants_helpers.multilingual) limited to `formats`."""
    import sys
    from pathlib import Path

    from creative_studio.gui.main_window import MainWindow
    from creative_studio.gui.session import Session
    from creative_studio.gui.verdict_service import VerdictService
    from creative_studio.model import load_campaign

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "model"))
    from variants_helpers import multilingual

    sessions = []

    def make(formats: list[str], hold_verdicts: bool = False):
        path = multilingual(tmp_path)
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("formats: all", f"formats: [{', '.join(formats)}]", 1), "utf-8")
        session = Session(load_campaign(path))
        sessions.append(session)
        verdicts = None
        if hold_verdicts:
            verdicts = VerdictService()
            verdicts.pause()  # drafts only: no worker process per cell
        w = MainWindow(session, service, settings=settings, verdicts=verdicts)
        w.ask_save_changes = lambda: "discard"
        if w.watcher is not None:
            w.watcher.ask_reload_over_unsaved = lambda: False
        qtbot.addWidget(w)
        return w

    yield make
    for s in sessions:
        s.undo_stack.cleanChanged.disconnect()

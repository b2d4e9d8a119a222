"""The app shows a hand-edited sign-off history as a banner, and hides it once the file is restored."""

from __future__ import annotations

from creative_studio.review import record_decision, review_path


def test_a_broken_chain_shows_a_banner_with_its_line(qtbot, qapp, campaign, tmp_path):
    from PySide6.QtCore import QSettings

    from creative_studio.gui.app import guard_singletons
    from creative_studio.gui.main_window import MainWindow
    from creative_studio.gui.render_service import RenderService
    from creative_studio.gui.session import Session

    guard_singletons()
    record_decision(campaign, "freedom", "google-300x250", "approved", "Jane", sha256="a" * 64)
    record_decision(campaign, "freedom", "google-300x250", "rejected", "Legal", sha256="a" * 64, note="no")
    good = review_path(campaign).read_text(encoding="utf-8")
    bad = good.replace('note: ""', 'note: "fine"', 1)  # decision 1 edited by hand
    assert bad != good
    review_path(campaign).write_text(bad, encoding="utf-8")
    line = good.splitlines().index('  - message: "freedom"') + 1

    session = Session(campaign)
    service = RenderService()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(session, service, settings=settings)
    w.ask_save_changes = lambda: "discard"
    qtbot.addWidget(w)
    try:
        w.show()
        assert w.review_banner.isVisible()
        assert w.review_banner.text.startswith(f"{review_path(campaign)}:{line}: decision 1 was changed")
        assert not w.banner.isVisible()  # the campaign itself is fine
        w.grab().save(str(tmp_path / "window.png"))  # looked at: the banner sits above the matrix
        # Restoring the file from a backup: the panel's file watcher reloads, the banner goes.
        with qtbot.waitSignal(w.review_panel.historyBroken, timeout=10_000) as sig:
            review_path(campaign).write_text(good, encoding="utf-8")
        assert sig.args == [""]
        assert not w.review_banner.isVisible()
    finally:
        w.close()
        service.shutdown()
        session.undo_stack.cleanChanged.disconnect()

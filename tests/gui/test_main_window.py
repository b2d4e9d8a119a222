"""The main window: title and dirty marker, undo, error banner, files, settings, drag and drop."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget

from creative_studio.gui import theme
from creative_studio.gui.banner import ErrorBanner
from creative_studio.gui.main_window import MainWindow
from creative_studio.model import SAMPLE_CAMPAIGN, TEMPLATES_DIR


@pytest.fixture
def campaign_copy(tmp_path):
    """The sample and its catalogue copied to a folder the test may write to."""
    for name in ("stopitnow.yaml", "formats.yaml", "layouts.yaml"):
        shutil.copy(TEMPLATES_DIR / name, tmp_path / name)
    return tmp_path / "stopitnow.yaml"


def test_has_the_panels_as_docks(window):
    docks = {d.objectName() for d in window.findChildren(QDockWidget)}
    assert {"CampaignDock", "InspectorDock", "ReviewDock", "CopyDock"} <= docks
    assert set(window.tabifiedDockWidgets(window.inspector_dock)) == {window.review_dock, window.copy_dock}
    assert window.matrix.parent() is window.splitter and window.preview.parent() is window.splitter


def test_title_marks_unsaved_edits_and_undo_clears_it(qtbot, window, session):
    assert "*" not in window.windowTitle()
    assert "stopitnow.yaml" in window.windowTitle()
    session.set_message_text("freedom", "slogan", "Kiss your freedom goodbye")
    assert "stopitnow.yaml*" in window.windowTitle()
    assert "Unsaved" in window.status_dirty.text()
    window.act_undo.trigger()
    assert session.campaign.message("freedom").slogan == "Get ready to kiss your freedom goodbye"
    assert "*" not in window.windowTitle()
    window.act_redo.trigger()
    assert session.campaign.message("freedom").slogan == "Kiss your freedom goodbye"


def test_undo_redo_shortcuts(window):
    assert window.act_undo.shortcut().toString() == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in [s.toString() for s in window.act_redo.shortcuts()]


def test_every_menu_action_has_a_shortcut(window):
    missing = []
    for menu_action in window.menuBar().actions():
        for a in menu_action.menu().actions():
            if a.isSeparator() or a.menu() is not None:
                continue
            if a.shortcut().isEmpty():
                missing.append(a.text())
    assert not missing
    # No two window actions share a key sequence.
    keys = [a.shortcut().toString() for a in window.actions() if not a.shortcut().isEmpty()]
    assert len(keys) == len(set(keys))


def test_error_banner_shows_and_keeps_last_good_state(qtbot, window, session, tmp_path):
    before = session.campaign
    session.errorRaised.emit("campaign.yaml:12:5: 'slogan' must be text")
    assert window.banner.isVisibleTo(window)
    assert window.banner.text == "campaign.yaml:12:5: 'slogan' must be text"
    with qtbot.waitSignal(window.banner.dismissed, timeout=1000):
        window.banner.close_button.click()
    assert not window.banner.isVisibleTo(window)
    bad = tmp_path / "bad.yaml"
    bad.write_text("campaign:\n  id: x\n  name: [unclosed\n", encoding="utf-8")
    assert window.open_path(bad) is False
    assert str(bad) in window.banner.text and ":" in window.banner.text.split(str(bad))[1][:3]
    assert session.campaign is before


def test_opening_with_unsaved_edits_asks(window, session, campaign_copy):
    asked = []
    window.ask_save_changes = lambda: asked.append(1) or "cancel"
    session.set_message_text("freedom", "slogan", "Edited")
    assert window.open_path(campaign_copy) is False
    assert asked and session.campaign.message("freedom").slogan == "Edited"
    window.ask_save_changes = lambda: "discard"
    assert window.open_path(campaign_copy) is True
    assert session.path == campaign_copy and not session.dirty
    assert str(campaign_copy.resolve()) in window.recent_files()


def test_close_with_unsaved_edits_can_be_cancelled(window, session):
    window.show()
    session.set_message_text("freedom", "slogan", "Edited")
    window.ask_save_changes = lambda: "cancel"
    assert window.close() is False
    assert window.isVisible()
    window.ask_save_changes = lambda: "discard"


def test_save_writes_the_campaign_and_clears_dirty(window, session, campaign_copy):
    assert window.open_path(campaign_copy)
    session.set_message_text("employ", "slogan", "Who would hire you?")
    assert "*" in window.windowTitle()
    assert window.save() is True
    assert "*" not in window.windowTitle()
    assert "Who would hire you?" in campaign_copy.read_text(encoding="utf-8")


def test_save_of_the_bundled_sample_asks_for_a_new_name(window, session, tmp_path):
    target = tmp_path / "mine.yaml"
    asked = []
    window.ask_save_path = lambda: asked.append(1) or ""
    session.set_message_text("employ", "slogan", "Who would hire you?")
    assert window.save() is False and asked  # cancelled the file dialog: nothing written
    assert "Who would hire you?" not in SAMPLE_CAMPAIGN.read_text(encoding="utf-8")
    window.ask_save_path = lambda: str(target)
    assert window.save() is True and target.exists()


def test_save_as_into_another_folder_copies_the_catalogue_and_says_so(window, session, campaign_copy, tmp_path):
    assert window.open_path(campaign_copy)
    other = tmp_path / "handover"
    other.mkdir()
    window.ask_save_path = lambda: str(other / "campaign.yaml")
    assert window.save_as() is True
    message = window.statusBar().currentMessage()
    assert "copied formats.yaml, layouts.yaml beside it" in message
    assert (other / "formats.yaml").read_bytes() == campaign_copy.with_name("formats.yaml").read_bytes()
    assert "catalogue: {formats: formats.yaml, layouts: layouts.yaml}" in (other / "campaign.yaml").read_text()


def test_drop_a_yaml_file_opens_it(window, session, campaign_copy):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(campaign_copy))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    assert window._dropped_path(event) == str(campaign_copy)
    window.dropEvent(event)
    assert session.path == campaign_copy
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile("/tmp/picture.png")])
    assert (
        window._dropped_path(
            QDropEvent(
                QPointF(1, 1), Qt.DropAction.CopyAction, other, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
            )
        )
        is None
    )


def test_settings_remember_layout_and_theme(qtbot, session, service, settings):
    w = MainWindow(session, service, settings=settings)
    w.ask_save_changes = lambda: "discard"
    qtbot.addWidget(w)
    w.resize(1300, 900)
    w.show()
    w.act_dark.setChecked(True)
    assert theme.current() == "dark"
    w.inspector_dock.hide()
    w.save_settings()
    w.act_dark.setChecked(False)
    assert settings.value("theme") == "light"
    settings.setValue("theme", "dark")
    w2 = MainWindow(session, service, settings=settings)
    w2.ask_save_changes = lambda: "discard"
    qtbot.addWidget(w2)
    assert w2.act_dark.isChecked() and theme.current() == "dark"
    assert w2.inspector_dock.isHidden()
    w2.act_dark.setChecked(False)
    assert theme.current() == "light"


def test_navigation_actions_move_the_selection(window, session):
    session.select("freedom", "facebook-feed-square")
    window.act_next_fmt.trigger()
    assert session.format_id == "facebook-feed-portrait"
    window.act_next_msg.trigger()
    assert session.message_id == "employ"
    window.act_prev_fmt.trigger()
    window.act_prev_msg.trigger()
    assert (session.message_id, session.format_id) == ("freedom", "facebook-feed-square")


def test_status_bar_reports_render_state(qtbot, window):
    window.show()
    qtbot.waitUntil(window.matrix.is_ready, timeout=30000)
    qtbot.waitUntil(lambda: window.status_render.text().startswith("Ready"), timeout=2000)
    assert "errors" in window.status_render.text()


def test_error_banner_is_a_plain_frame():
    banner = ErrorBanner()
    banner.show_error("x.yaml:1:2: bad")
    assert banner.text == "x.yaml:1:2: bad"
    banner.dismiss()
    assert banner.isHidden()
    banner.deleteLater()


def _widths(window) -> dict[str, int]:
    return {
        "campaign": window.campaign_dock.width(),
        "inspector": window.inspector_dock.width(),
        "preview": window.preview.width(),
    }


def _settle(qtbot, window, size) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    target = window.dock_widths.widths_for(size[0])
    qtbot.waitUntil(lambda: all(abs(d.width() - w) <= 2 for d, w in target.items()), timeout=5000)


def test_layout_holds_at_1280x800_and_after_compare_on_and_off(qtbot, window, tmp_path):
    from creative_studio.gui.main_window import CAMPAIGN_MIN_WIDTH, CENTRE_MIN_WIDTH, SIDE_MIN_WIDTH

    window.show()
    _settle(qtbot, window, (1280, 800))
    before = _widths(window)
    assert before["campaign"] >= 340 and before["inspector"] >= 330  # the wanted widths fit at 1280
    assert before["preview"] >= CENTRE_MIN_WIDTH
    assert window.minimumSizeHint().width() <= 1024

    window.preview.set_compare(True)
    qtbot.waitUntil(window.preview.is_ready, timeout=20000)
    assert _widths(window) == before  # Compare's extra controls wrap; they take no dock width
    window.grab().save(str(tmp_path / "compare_on.png"))
    window.preview.set_compare(False)
    qtbot.waitUntil(window.preview.is_ready, timeout=20000)
    assert _widths(window) == before

    # A smaller window: docks give way towards their minimums, never below, the preview keeps room.
    _settle(qtbot, window, (1024, 700))
    small = _widths(window)
    assert small["campaign"] >= CAMPAIGN_MIN_WIDTH and small["inspector"] >= SIDE_MIN_WIDTH
    assert small["preview"] >= CENTRE_MIN_WIDTH - 4
    # Growing again restores the panels to the widths they had.
    _settle(qtbot, window, (1280, 800))
    assert abs(window.campaign_dock.width() - before["campaign"]) <= 2
    assert abs(window.inspector_dock.width() - before["inspector"]) <= 2


def test_review_panel_wraps_its_buttons_instead_of_clipping(qtbot, window):
    window.show()
    _settle(qtbot, window, (1024, 700))
    window.review_dock.raise_()
    panel = window.review_panel
    qtbot.waitUntil(panel.approve_button.isVisible)
    for b in (panel.approve_button, panel.changes_button, panel.reject_button, panel.prev_button, panel.next_button):
        left = b.mapTo(panel, b.rect().topLeft()).x()
        right = b.mapTo(panel, b.rect().topRight()).x()
        assert left >= 0 and right < panel.width(), b.text()  # the whole button is on screen
        assert b.width() >= b.sizeHint().width()  # and not squeezed (its text would be cut)


def test_theme_button_names_the_theme_it_switches_to(window):
    window.act_dark.trigger()
    assert theme.current() == "dark" and window.act_dark.text().replace("&", "") == "Light Theme"
    window.act_dark.trigger()
    assert theme.current() == "light" and window.act_dark.text().replace("&", "") == "Dark Theme"


def test_ctrl_s_saves_a_writable_campaign_in_place_without_asking(qtbot, window, session, campaign_copy):
    from PySide6.QtTest import QTest

    assert window.open_path(campaign_copy)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    assert window.act_save.shortcut().matches(QKeySequence("Ctrl+S")) == QKeySequence.SequenceMatch.ExactMatch
    window.ask_save_path = lambda: pytest.fail("Ctrl+S on a writable file must not ask for a name")
    session.set_message_text("employ", "slogan", "Who would hire you?")
    field = window.campaign_panel.editor("slogan")  # typing in the slogan, then Ctrl+S
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    QTest.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not session.dirty)
    assert "Who would hire you?" in campaign_copy.read_text(encoding="utf-8")


def test_save_of_the_bundled_sample_says_why_and_starts_outside_the_templates(window, session):
    seen = []
    window.ask_save_path = lambda: seen.append(window.statusBar().currentMessage()) or ""
    session.set_message_text("employ", "slogan", "Who would hire you?")
    assert window.save() is False
    assert seen and "read-only" in seen[0]  # said before the dialog opened
    start = Path(window.save_start_path())
    assert start.name == "stopitnow.yaml" and not start.resolve().is_relative_to(TEMPLATES_DIR.resolve())


def test_a_cells_menu_exports_it_reveals_it_and_opens_it_large(qtbot, window, session, tmp_path):
    shown = []
    window.dialog_hook = shown.append
    window.matrix.cellExportRequested.emit("employ", "google-300x250")
    (dialog,) = shown
    assert dialog.selected_messages() == ["employ"] and dialog.selected_formats() == ["google-300x250"]
    assert dialog.summary.text().endswith("= 1 files")
    dialog.deleteLater()

    opened = []
    window.open_url = lambda url: opened.append(url.toLocalFile()) or True
    window.matrix.cellRevealRequested.emit("employ", "google-300x250")
    assert opened == [] and "not been exported yet" in window.statusBar().currentMessage()
    window.settings.setValue("export/folder", str(tmp_path))
    png = tmp_path / "stopitnow-export" / "stopitnow" / "employ" / "google-300x250.png"
    png.parent.mkdir(parents=True)
    png.write_bytes(b"\x89PNG")
    window.matrix.cellRevealRequested.emit("employ", "google-300x250")
    assert opened == [str(png.parent)]

    window.show()
    window.matrix.cellLargeRequested.emit("family", "snapchat-snap-ad")
    large = window._large
    assert large.isVisible() and large.width() > window.preview.width()
    assert (session.message_id, session.format_id) == ("family", "snapchat-snap-ad")
    qtbot.waitUntil(window._large_preview.is_ready, timeout=20000)
    large.close()


def test_a_verdict_from_the_cell_menu_goes_through_the_review_panel(window, session):
    window.show()
    window.review_panel.set_reviewer("Jane Doe")
    # The bundled sample is read-only: no review file is written into the package.
    assert window.decide_cell("employ", "google-300x250", "approved") is False
    assert window.review_dock.isVisible()
    assert "Save the campaign first" in window.review_panel.message_label.text()


def test_the_shortcut_list_includes_zoom_and_message_keys(window):
    rows = dict(window.shortcut_rows())
    assert rows["Zoom In"].startswith("Ctrl+=") and rows["Zoom to Fit"] == "Ctrl+0"
    assert rows["Actual Pixels (100 %)"] == "Ctrl+1" and rows["Zoom Out"] == "Ctrl+-"
    assert "Ctrl+D" in rows["Duplicate"] and "Ctrl+Shift+V" in rows["Paste copy"]


def test_a_tab_behind_another_waits_and_catches_up_when_brought_forward(qtbot, window):
    from creative_studio.gui.visibility import on_screen

    window.show()
    window.inspector_dock.raise_()
    qtbot.waitUntil(lambda: not on_screen(window.copy_sources))
    assert on_screen(window.inspector_dock.widget()) and not on_screen(window.review_panel)
    s = window.session
    s.set_message_text(s.message_id, "slogan", "Brand new words")
    panel = window.copy_sources
    table = panel.table
    slogan_row = next(r for r in range(table.rowCount()) if table.item(r, 0).text().startswith("Slogan"))
    assert table.item(slogan_row, 1).text() != "Brand new words"  # behind the Inspector: not redrawn per keystroke
    window.copy_dock.raise_()
    qtbot.waitUntil(lambda: table.item(slogan_row, 1).text() == "Brand new words", timeout=5000)
    assert on_screen(panel)

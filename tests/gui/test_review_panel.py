"""The review panel: verdicts from buttons and keys land in the review file; keys move the selection."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt  # noqa: E402

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture
def small_campaign_path(tmp_path, monkeypatch) -> Path:
    """The sample campaign on two small formats, in a temporary folder with a private hash cache."""
    monkeypatch.setenv("CREATIVE_STUDIO_CACHE", str(tmp_path / "cache"))
    for name in ("formats.yaml", "layouts.yaml"):
        shutil.copy(TEMPLATES / name, tmp_path / name)
    text = (TEMPLATES / "stopitnow.yaml").read_text(encoding="utf-8")
    text = text.replace("\nformats: all\n", "\nformats: [google-300x250, google-320x50]\n")
    path = tmp_path / "stopitnow.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def panel(qtbot, tmp_path, small_campaign_path):
    from creative_studio.gui.review_panel import ReviewPanel
    from creative_studio.gui.session import Session
    from creative_studio.review import state

    state._MEMO.clear()
    session = Session.open(small_campaign_path)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = ReviewPanel(session, settings=settings)
    qtbot.addWidget(w)
    w.resize(420, 700)
    w.show()
    qtbot.waitExposed(w)
    w.set_reviewer("Jane Doe", "Comms lead")
    yield w
    w.shutdown()
    session.undo_stack.cleanChanged.disconnect()  # the session may outlive its Python wrapper at exit
    state._MEMO.clear()


def test_approve_writes_the_decision_bound_to_the_export_bytes(qtbot, panel):
    from creative_studio.export.batch import render_png
    from creative_studio.review import load_reviews

    session = panel._session
    m, f = session.message_id, session.format_id
    panel.advance_check.setChecked(False)
    panel.note_edit.setText("fine for release")
    with qtbot.waitSignal(panel.decisionRecorded, timeout=20000) as blocker:
        assert panel.decide("approved")
    d = blocker.args[0]
    log = load_reviews(session.campaign)
    assert [(x.message, x.format, x.status, x.by, x.role, x.note) for x in log.history] == [
        (m, f, "approved", "Jane Doe", "Comms lead", "fine for release")
    ]
    data, _, _ = render_png(session.campaign, m, f)
    import hashlib

    assert d.sha256 == hashlib.sha256(data).hexdigest()
    qtbot.waitUntil(lambda: panel.state(m, f) == "approved", timeout=20000)
    assert "Approved" in panel.state_label.text()


def test_keys_move_the_selection_and_record_verdicts(qtbot, panel):
    from creative_studio.review import load_reviews

    session = panel._session
    cells = [(m, f) for m in session.campaign.message_ids for f in session.campaign.format_ids]
    assert (session.message_id, session.format_id) == cells[0]
    panel.activateWindow()
    panel.setFocus()
    qtbot.keyClick(panel, Qt.Key.Key_N)
    assert (session.message_id, session.format_id) == cells[1]
    qtbot.keyClick(panel, Qt.Key.Key_J)
    assert (session.message_id, session.format_id) == cells[2]
    qtbot.keyClick(panel, Qt.Key.Key_P)
    assert (session.message_id, session.format_id) == cells[1]
    # R rejects the current cell and (by default) moves on to the next one.
    with qtbot.waitSignal(panel.decisionRecorded, timeout=20000):
        qtbot.keyClick(panel, Qt.Key.Key_R)
    assert (session.message_id, session.format_id) == cells[2]
    log = load_reviews(session.campaign)
    assert [(d.message, d.format, d.status) for d in log.history] == [(*cells[1], "rejected")]


def test_typing_a_note_does_not_trigger_verdict_keys(qtbot, panel):
    session = panel._session
    panel.note_edit.setFocus()
    qtbot.keyClicks(panel.note_edit, "Add the helpline")
    assert panel.note_edit.text() == "Add the helpline"
    assert not panel.is_busy()
    assert (session.message_id, session.format_id) == (session.campaign.message_ids[0], session.campaign.format_ids[0])


def test_filter_pending_skips_decided_cells(qtbot, panel):
    session = panel._session
    panel.advance_check.setChecked(False)
    cells = [(m, f) for m in session.campaign.message_ids for f in session.campaign.format_ids]
    session.select(*cells[1])
    with qtbot.waitSignal(panel.decisionRecorded, timeout=20000):
        panel.decide("approved")
    session.select(*cells[0])
    panel.set_filter("pending")
    panel.select_next()
    assert (session.message_id, session.format_id) == cells[2]
    panel.select_previous()
    assert (session.message_id, session.format_id) == cells[0]


def test_refuses_without_a_name_and_with_unsaved_edits(qtbot, panel):
    session = panel._session
    panel.set_reviewer("", "")
    with qtbot.waitSignal(panel.decisionFailed):
        assert not panel.decide("approved")
    panel.set_reviewer("Jane Doe", "Comms lead")
    session.set_message_text(session.message_id, "slogan", "Edited but not saved")
    assert session.dirty
    with qtbot.waitSignal(panel.decisionFailed):
        assert not panel.decide("approved")
    assert "Save the campaign" in panel.message_label.text()


def test_reviewer_is_remembered(qtbot, tmp_path, small_campaign_path):
    from creative_studio.gui.review_panel import ReviewPanel
    from creative_studio.gui.session import Session

    settings = QSettings(str(tmp_path / "remember.ini"), QSettings.Format.IniFormat)
    session = Session.open(small_campaign_path)
    a = ReviewPanel(session, settings=settings, background_hashing=False)
    qtbot.addWidget(a)
    a.set_reviewer("Ahmed Khan", "Legal reviewer")
    a.shutdown()
    b = ReviewPanel(session, settings=settings, background_hashing=False)
    qtbot.addWidget(b)
    assert b.reviewer() == ("Ahmed Khan", "Legal reviewer")
    b.shutdown()


def test_stale_cell_shows_the_comparison(qtbot, panel, small_campaign_path):
    from creative_studio.model import load_campaign

    session = panel._session
    panel.advance_check.setChecked(False)
    m, f = session.message_id, session.format_id
    with qtbot.waitSignal(panel.decisionRecorded, timeout=20000):
        panel.decide("approved")
    # Someone edits the slogan and saves; the app reloads the file.
    text = small_campaign_path.read_text(encoding="utf-8")
    small_campaign_path.write_text(
        text.replace("kiss your freedom goodbye", "say goodbye to freedom"), encoding="utf-8"
    )
    session.reload(load_campaign(small_campaign_path))
    qtbot.waitUntil(lambda: panel.state(m, f) == "stale", timeout=20000)
    with qtbot.waitSignal(panel.compareReady, timeout=20000) as blocker:
        panel.compare_button.setChecked(True)
    result = blocker.args[0]
    assert result["bbox"] is not None
    assert result["image"] is not None and not result["image"].isNull()
    assert panel.compare_image.pixmap() is not None and not panel.compare_image.pixmap().isNull()
    dlg = panel.open_large_compare()
    assert dlg is not None and dlg.isVisible()
    dlg.close()


def test_writes_the_sign_off_sheet(qtbot, panel, tmp_path):
    out = tmp_path / "sheet.pdf"
    with qtbot.waitSignal(panel.sheetWritten, timeout=60000) as blocker:
        assert panel.write_sheet(str(out))
    assert blocker.args == [str(out), ""]
    assert out.read_bytes().startswith(b"%PDF-")


def test_only_decided_cells_are_hashed_in_the_background(qtbot, tmp_path, small_campaign_path):
    from creative_studio.export.batch import render_png
    from creative_studio.gui.review_panel import ReviewPanel
    from creative_studio.gui.session import Session
    from creative_studio.model import load_campaign
    from creative_studio.review import cell_statuses, record_decision

    campaign = load_campaign(small_campaign_path)
    cell = ("family", "google-320x50")
    data, _, _ = render_png(campaign, *cell)
    record_decision(campaign, *cell, "approved", "CLI user", png_bytes=data)
    from creative_studio.review import state

    state._MEMO.clear()
    assert cell not in cell_statuses(campaign)  # not verified yet: no badge
    session = Session.open(small_campaign_path)
    w = ReviewPanel(session, settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)  # never shown, like a dock tabbed behind another
    try:
        with qtbot.waitSignal(session.reviewChanged, timeout=30000):
            pass
        assert w.state(*cell) == "approved"
        assert cell_statuses(session.campaign)[cell] == "approved"
        hashed = [c for c in w._keys if w.current_hash(*c) is not None]
        assert hashed == [cell]
        # the full-size render behind the hash ran in a worker process, not in a thread of the app
        import os

        workers = w._hash_workers.pids()
        assert workers and os.getpid() not in workers
    finally:
        w.shutdown()


def test_the_sheet_says_save_first_before_asking_for_a_path_and_clears_once_saved(qtbot, panel):
    from creative_studio.model.saver import save_campaign

    session = panel._session
    panel.ask_sheet_path = lambda: pytest.fail("must not ask for a path while the campaign is unsaved")
    session.set_message_text(session.message_id, "slogan", "Edited but not saved")
    panel.on_sheet_button()
    assert "Save the campaign first" in panel.message_label.text()
    session.mark_saved(save_campaign(session.campaign, session.path))
    assert "Save the campaign first" not in panel.message_label.text()


@pytest.fixture
def multi_panel(qtbot, tmp_path, monkeypatch, service):
    """The review panel and the toolbar's language switcher on an English/Gaelic/Welsh campaign."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "model"))
    from variants_helpers import multilingual

    from creative_studio.gui.language_switcher import LanguageSwitcher
    from creative_studio.gui.review_panel import ReviewPanel
    from creative_studio.gui.session import Session
    from creative_studio.review import state

    monkeypatch.setenv("CREATIVE_STUDIO_CACHE", str(tmp_path / "cache"))
    path = multilingual(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("formats: all", "formats: [google-300x250, google-320x50]", 1), "utf-8")
    state._MEMO.clear()
    session = Session.open(path)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = ReviewPanel(session, settings=settings)
    switcher = LanguageSwitcher(session, service)
    qtbot.addWidget(w)
    qtbot.addWidget(switcher)
    w.resize(420, 700)
    w.show()
    qtbot.waitExposed(w)
    w.set_reviewer("Jane Doe", "Comms lead")
    w.advance_check.setChecked(False)
    yield w, switcher
    w.shutdown()
    session.undo_stack.cleanChanged.disconnect()
    state._MEMO.clear()


def test_each_language_is_signed_off_on_its_own(qtbot, multi_panel):
    import hashlib

    from creative_studio.export.batch import render_png
    from creative_studio.review import load_reviews

    panel, switcher = multi_panel
    session = panel._session
    session.select("freedom", "google-300x250")
    assert "Signing off in <b>en</b> (default)" in panel.cell_label.text()
    with qtbot.waitSignal(panel.decisionRecorded, timeout=30000):
        qtbot.mouseClick(panel.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.state("freedom", "google-300x250") == "approved", timeout=30000)

    switcher.setCurrentIndex(switcher.findData("gd"))  # the toolbar's language switcher
    assert session.language == "gd"
    assert "Signing off in <b>gd</b>" in panel.cell_label.text()
    assert "Bi deiseil" in panel.cell_label.text()  # the Gaelic slogan, not the English one
    # Approving English approved nothing in Gaelic.
    assert panel.state("freedom", "google-300x250") == "pending"
    assert "Pending" in panel.state_label.text()
    assert "No decisions yet in gd." in panel.history_list.item(0).text()
    assert "0/6 approved" in panel.counts_label.text()
    with qtbot.waitSignal(panel.decisionRecorded, timeout=30000) as blocker:
        qtbot.mouseClick(panel.approve_button, Qt.MouseButton.LeftButton)
    gd = blocker.args[0]
    qtbot.waitUntil(lambda: panel.state("freedom", "google-300x250") == "approved", timeout=30000)
    assert "1/6 approved" in panel.counts_label.text()

    log = load_reviews(session.campaign)
    assert [(d.message, d.format, d.language, d.status) for d in log.history] == [
        ("freedom", "google-300x250", "", "approved"),  # the default language, as before languages
        ("freedom", "google-300x250", "gd", "approved"),
    ]
    data, _, _ = render_png(session.campaign, "freedom", "google-300x250", "gd")
    assert gd.sha256 == hashlib.sha256(data).hexdigest()  # bound to the Gaelic bytes
    assert log.history[0].sha256 != gd.sha256
    switcher.setCurrentIndex(switcher.findData("en"))
    assert panel.state("freedom", "google-300x250") == "approved"  # both languages approved
    switcher.setCurrentIndex(switcher.findData("cy"))
    assert panel.state("freedom", "google-300x250") == "pending"  # Welsh still waits


def test_the_review_menu_writes_the_sign_off_sheet(qtbot, window, tmp_path):
    out = tmp_path / "from-menu.pdf"
    acts = {a.text(): a for a in window.review_menu.actions()}
    assert "Sign-off &Sheet (PDF)…" in acts
    window.review_panel.ask_sheet_path = lambda: str(out)
    window.show()
    window.copy_dock.raise_()  # the Review tab is behind another: the menu brings it forward
    acts["Sign-off &Sheet (PDF)…"].trigger()
    assert "as your own copy" in window.review_panel.message_label.text()  # the bundled sample
    assert window.review_panel.isVisible() and not out.exists()
    assert window.save_to(tmp_path / "mine.yaml")
    with qtbot.waitSignal(window.review_panel.sheetWritten, timeout=60000) as blocker:
        acts["Sign-off &Sheet (PDF)…"].trigger()
    assert blocker.args == [str(out), ""]
    assert out.read_bytes().startswith(b"%PDF-")

"""The campaign panel edits only through the session: undoable, merged keystrokes, no feedback loops."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QPushButton

from creative_studio.gui.campaign_model import MessageListModel, copy_limits
from creative_studio.gui.campaign_panel import CampaignPanel
from creative_studio.gui.preview_panel import PreviewPanel
from creative_studio.gui.render_service import RenderService
from creative_studio.gui.session import Session
from creative_studio.model import Face


@pytest.fixture
def session(sample, qapp):
    s = Session(sample)
    yield s
    s.undo_stack.clear()  # while the session is alive: its cleanChanged relay must not outlive it


@pytest.fixture
def panel(session, qtbot):
    p = CampaignPanel(session)
    qtbot.addWidget(p)
    p.resize(380, 900)
    p.show()
    return p


def test_typing_a_slogan_edits_the_session_and_undo_restores_it(panel, session, qtbot):
    ed = panel.editor("slogan")
    before = ed.text()
    ed.setFocus()
    ed.end(False)
    qtbot.keyClicks(ed, " now")
    assert session.campaign.message("freedom").slogan == before + " now"
    assert session.dirty
    assert session.undo_stack.count() == 1  # four keystrokes, one undo step
    session.undo_stack.undo()
    assert ed.text() == before
    assert session.campaign.message("freedom").slogan == before
    session.undo_stack.redo()
    assert ed.text() == before + " now"


def test_ctrl_z_in_a_field_undoes_through_the_session(panel, session, qtbot):
    ed = panel.editor("hashtag")
    ed.setFocus()
    ed.end(False)
    qtbot.keyClicks(ed, "Scotland")
    assert session.campaign.message("freedom").hashtag == "#StopItNowScotland"
    qtbot.keyClick(ed, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.campaign.message("freedom").hashtag == "#StopItNow"
    assert ed.text() == "#StopItNow"
    qtbot.keyClick(ed, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert session.campaign.message("freedom").hashtag == "#StopItNowScotland"


def test_multi_line_field_edits_and_keeps_the_cursor(panel, session, qtbot):
    ed = panel.editor("alt_text")
    ed.setFocus()
    cur = ed.textCursor()
    cur.setPosition(5)
    ed.setTextCursor(cur)
    qtbot.keyClicks(ed, "XY")
    assert session.campaign.message("freedom").alt_text.startswith("A yelXYlow")
    assert ed.textCursor().position() == 7  # not reset by the campaignChanged echo
    # an edit elsewhere (another field) leaves this field and its cursor alone
    session.set_message_text("freedom", "cta", "Call now")
    assert ed.textCursor().position() == 7
    assert panel.editor("cta").text() == "Call now"


def test_line_edit_cursor_survives_external_change_of_same_field(panel, session):
    ed = panel.editor("slogan")
    ed.setCursorPosition(4)
    session.set_message_text("freedom", "slogan", "Get set to kiss your freedom goodbye")
    assert ed.text() == "Get set to kiss your freedom goodbye"
    assert ed.cursorPosition() == 4


def test_selecting_a_message_selects_it_in_the_session(panel, session, qtbot):
    with qtbot.waitSignal(session.selectionChanged):
        panel.list.setCurrentIndex(panel.model.index(2))
    assert session.message_id == "family"
    assert panel.editor("slogan").text() == "How will it affect your family?"
    session.select(message_id="employ")
    assert panel.list.currentIndex().row() == 1
    assert panel.editor("slogan").text() == "Who would employ you?"


def test_add_duplicate_delete_and_reorder(panel, session):
    panel.act_add.trigger()
    assert session.campaign.message_ids == ("freedom", "message-4", "employ", "family")
    assert session.message_id == "message-4"
    assert panel.editor("slogan").text() == "New slogan"
    panel.act_duplicate.trigger()
    assert session.campaign.message_ids == ("freedom", "message-4", "message-4-2", "employ", "family")
    assert session.message_id == "message-4-2"
    panel.act_up.trigger()
    assert session.campaign.message_ids == ("freedom", "message-4-2", "message-4", "employ", "family")
    panel.act_down.trigger()
    panel.act_down.trigger()
    assert session.campaign.message_ids == ("freedom", "message-4", "employ", "message-4-2", "family")
    panel.act_delete.trigger()
    assert session.campaign.message_ids == ("freedom", "message-4", "employ", "family")
    assert session.message_id == "family"  # the next one
    assert panel.list.currentIndex().row() == 3
    assert not panel.act_down.isEnabled()
    for _ in range(4):
        session.undo_stack.undo()
    assert session.campaign.message_ids == ("freedom", "message-4", "message-4-2", "employ", "family")
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.campaign.message_ids == ("freedom", "employ", "family")
    assert panel.model.rowCount() == 3


def test_cannot_delete_the_last_message(panel, session):
    for mid in ("employ", "family"):
        session.delete_message(mid)
    assert not panel.act_delete.isEnabled()
    panel.delete_message()
    assert session.campaign.message_ids == ("freedom",)


def test_face_stage_emoji_and_seed(panel, session, qtbot):
    panel.stage_buttons[3].click()
    assert session.campaign.message("freedom").face == Face("\U0001f642", 3, 2019)
    panel.emoji_picker.button_for("\U0001f62e").click()
    assert session.campaign.message("freedom").face.emoji == "\U0001f62e"
    assert "open mouth" in panel.emoji_button.text().lower()
    panel.seed_spin.setValue(42)
    assert session.campaign.message("freedom").face.seed == 42
    panel.new_seed_button.click()
    seed = session.campaign.message("freedom").face.seed
    assert seed != 42 and panel.seed_spin.value() == seed
    session.undo_stack.undo()
    assert panel.seed_spin.value() == 42
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert panel.stage_group.checkedId() == 3
    session.undo_stack.undo()
    assert panel.stage_group.checkedId() == 1
    assert session.undo_stack.count() == 4
    qtbot.waitUntil(panel.face_preview_ready)


def test_picker_offers_only_faces_the_font_has(panel):
    faces = panel.emoji_picker.emoji()
    assert "\U0001f642" in faces and len(faces) >= 60
    assert all(0x1F600 <= ord(f) <= 0x1F644 or ord(f) >= 0x1F900 or ord(f) < 0x2700 for f in faces)


def _type_colour(qtbot, dialog, hex_: str) -> None:
    """Type a colour into the dialog's HTML field, as a designer pastes a brand hex."""
    html = next(e for e in dialog.findChildren(QLineEdit) if e.text().startswith("#"))
    html.selectAll()
    qtbot.keyClicks(html, hex_)


def _button(dialog, role) -> QPushButton:
    box = dialog.findChild(QDialogButtonBox)
    return next(b for b in box.buttons() if box.buttonRole(b) == role)


def test_brand_colour_dialog_previews_live_tells_the_contrast_and_commits_one_step(panel, session, qtbot):
    service = RenderService()
    preview = PreviewPanel(session, service)
    qtbot.addWidget(preview)
    preview.resize(600, 600)
    preview.show()
    preview.set_mockup_visible(False)
    qtbot.waitUntil(preview.is_ready, timeout=20000)

    def ground_is(hex_: str) -> bool:  # the render's top-left pixel: the ground's first colour
        c, want = preview.grab().toImage().pixelColor(preview.map_from_format(12, 12)), QColor(hex_)
        return max(abs(c.red() - want.red()), abs(c.green() - want.green()), abs(c.blue() - want.blue())) <= 3

    assert ground_is("#0E1A2B")
    original = session.campaign
    # Cancel: the campaign follows the dialog, then returns as it was, with nothing to undo.
    qtbot.mouseClick(panel.swatches["text"], Qt.MouseButton.LeftButton)
    dialog = panel.colour_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.contrast_label.text() == "Contrast 12.4:1 against #1D3557 — passes AAA"  # the worse end
    _type_colour(qtbot, dialog, "#777777")
    assert dialog.contrast_label.text() == "Contrast 2.8:1 against #1D3557 — fails AA"
    qtbot.waitUntil(lambda: session.campaign.brand.text == "#777777")
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.ButtonRole.RejectRole), Qt.MouseButton.LeftButton)
    assert session.campaign == original and session.undo_stack.count() == 0

    # OK: the preview shows each colour tried; the choice is one undoable step.
    qtbot.mouseClick(panel.swatches["background"], Qt.MouseButton.LeftButton)
    dialog = panel.colour_dialog
    _type_colour(qtbot, dialog, "#7A1020")
    assert dialog.contrast_label.text() == "Contrast 10.9:1 against the text #FFFFFF — passes AAA"
    qtbot.waitUntil(lambda: session.campaign.brand.background == "#7A1020")
    qtbot.waitUntil(preview.is_ready, timeout=20000)
    assert ground_is("#7A1020")  # live, before OK
    assert panel.swatches["background"].color().name().upper() == "#7A1020"
    assert session.undo_stack.count() == 0
    _type_colour(qtbot, dialog, "#123456")
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.ButtonRole.AcceptRole), Qt.MouseButton.LeftButton)
    assert session.campaign.brand.background == "#123456" and session.undo_stack.count() == 1
    qtbot.waitUntil(preview.is_ready, timeout=20000)
    assert ground_is("#123456")
    session.undo_stack.undo()
    assert session.campaign == original
    qtbot.waitUntil(preview.is_ready, timeout=20000)
    assert ground_is("#0E1A2B")
    preview.shutdown()
    service.shutdown()


def test_copy_limit_counts_turn_red_when_over(panel, session, sample):
    limit = copy_limits(sample)["headline"][0]
    assert limit == min(f.copy_limit("headline") for f in sample.formats if f.copy_limit("headline"))
    panel.set_field_text("headline", "x" * limit)
    assert panel._counts["headline"].text() == f"{limit} / {limit}"
    assert not panel.is_over_limit("headline")
    panel.set_field_text("headline", "x" * (limit + 1))
    assert panel.is_over_limit("headline")
    assert "color: #d6336c" in panel._counts["headline"].styleSheet().lower()
    assert "x" * (limit + 1) == session.campaign.message("freedom").headline


def test_reload_from_disk_refreshes_everything(panel, session, sample):
    session.reload(sample.with_message_text("freedom", "slogan", "Reloaded"))
    assert panel.editor("slogan").text() == "Reloaded"
    assert panel.model.index(0).data() == "Reloaded"


def test_message_list_model(qtmodeltester, sample):
    model = MessageListModel(sample)
    qtmodeltester.check(model)
    assert model.index(1).data(MessageListModel.IdRole) == "employ"
    model.set_campaign(sample.with_messages(sample.messages[::-1]))
    qtmodeltester.check(model)
    assert model.row_of("employ") == 1 and model.row_of("family") == 0


def test_screenshot(panel, qtbot, tmp_path):
    qtbot.waitUntil(panel.face_preview_ready)
    pm = panel.grab()
    assert pm.width() >= 300
    assert pm.save(str(tmp_path / "campaign_panel.png"))


def test_theme_switch_retints_palette_colours(panel):
    from PySide6.QtGui import QPalette

    pal = QPalette(panel.palette())
    pal.setColor(QPalette.ColorRole.PlaceholderText, QColor("#123456"))
    panel.setPalette(pal)
    assert panel._sections[0].palette().color(QPalette.ColorRole.WindowText).name() == "#123456"
    assert "#123456" in panel._counts["slogan"].styleSheet()


def test_alt_text_follows_the_design_stale_marker_and_draft(qtbot, panel, session, tmp_path):
    from PySide6.QtTest import QTest

    session.select("freedom")
    assert not panel._alt_box.isVisible()  # the sample's alt text says its slogan
    ed = panel.editor("slogan")
    ed.selectAll()
    QTest.keyClicks(ed, "Your freedom, gone in one click")
    assert panel._alt_box.isVisible()
    assert "not the slogan" in panel.alt_stale_label.text()
    assert "Text: Your freedom, gone in one click #StopItNow" in panel.alt_draft_label.toPlainText()
    assert "slightly smiling face emoji, with a fine crack across it" in panel.alt_draft_label.toPlainText()
    panel.grab().save(str(tmp_path / "alt_stale.png"))
    QTest.mouseClick(panel.alt_accept_button, Qt.MouseButton.LeftButton)
    alt = session.campaign.message("freedom").alt_text
    assert (
        alt
        == "A slightly smiling face emoji, with a fine crack across it. Text: Your freedom, gone in one click #StopItNow"
    )
    assert not panel._alt_box.isVisible() and panel.editor("alt_text").toPlainText() == alt
    # A new face makes it stale again; the draft describes the new stage.
    QTest.mouseClick(panel.stage_buttons[3], Qt.MouseButton.LeftButton)
    assert "face changed" in panel.alt_stale_label.text()
    assert "shattered into pieces" in panel.alt_draft_label.toPlainText()
    # The designer edits it themselves instead: that is accepted as is.
    panel.set_field_text("alt_text", "A shattered smiling face. Text: Your freedom, gone in one click")
    assert not panel._alt_box.isVisible()
    session.undo_stack.undo()  # undo the edit: the accepted draft is back
    assert session.campaign.message("freedom").alt_text == alt


def test_drag_a_message_to_reorder_it_undoably(qtbot, panel, session, qtmodeltester):
    """A drop on the list moves the message through the session (the model's drop, as a view does)."""
    model = panel.model
    qtmodeltester.check(model)
    data = model.mimeData([model.index(0)])  # drag "freedom"...
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, 3, 0, model.index(-1))
    model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, model.index(-1))  # ...below the last row
    assert session.campaign.message_ids == ("employ", "family", "freedom")
    assert [model.index(r).data(MessageListModel.IdRole) for r in range(3)] == ["employ", "family", "freedom"]
    session.undo_stack.undo()
    assert session.campaign.message_ids == ("freedom", "employ", "family")


def test_copy_and_paste_copy_fields_between_messages(qtbot, panel, session):
    session.select("freedom")
    copied = panel.copy_fields()
    assert copied["slogan"] == "Get ready to kiss your freedom goodbye"
    session.select("family")
    before = session.campaign.message("family")
    assert panel.paste_fields()
    after = session.campaign.message("family")
    assert after.slogan == copied["slogan"] and after.alt_text == copied["alt_text"]
    assert after.face == before.face  # only the copy travels
    session.undo_stack.undo()  # one step undoes the whole paste
    assert session.campaign.message("family") == before
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText("just text")
    assert not panel.paste_fields()  # someone else's clipboard is not pasted as copy

"""The export dialog runs the CLI's export_batch in the background: files, manifest, progress, cancel."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from creative_studio.export.batch import MANIFEST
from creative_studio.gui import theme
from creative_studio.gui.export_dialog import ExportDialog
from creative_studio.gui.session import Session


@pytest.fixture
def session(sample, qapp):
    s = Session(sample)
    yield s
    s.undo_stack.clear()


@pytest.fixture
def dialog(session, qtbot, tmp_path, settings):
    d = ExportDialog(session, settings=settings)
    qtbot.addWidget(d)
    d.opened = []
    d.open_folder = lambda p: d.opened.append(p) or True
    d.ask_folder = lambda: str(tmp_path / "out")
    yield d
    if d.is_running():
        d.cancel()
        qtbot.waitUntil(lambda: not d.is_running(), timeout=60000)


def smallest_formats(campaign, n: int) -> list[str]:
    return [f.id for f in sorted(campaign.formats, key=lambda f: f.width * f.height)[:n]]


def test_lists_messages_and_formats_grouped_by_platform(dialog, sample):
    assert dialog.selected_messages() == list(sample.message_ids)
    assert dialog.selected_formats() == list(sample.format_ids)
    groups = [dialog.formats.topLevelItem(i).text(0) for i in range(dialog.formats.topLevelItemCount())]
    assert groups[:2] == ["Facebook", "Snapchat"] and "Outdoor" in groups
    total = len(sample.message_ids) * len(sample.format_ids)
    assert dialog.summary.text().endswith(f"= {total} files")
    # unchecking a platform group unchecks its formats (auto tristate)
    google = dialog._platform_items["google"]
    google.setCheckState(0, Qt.CheckState.Unchecked)
    assert not any(sample.format(f).platform == "google" for f in dialog.selected_formats())
    dialog._check_all_formats(False)
    assert dialog.selected_formats() == [] and not dialog.export_button.isEnabled()
    dialog._check_all_messages(False)
    dialog._check_all_messages(True)
    assert dialog.selected_messages() == list(sample.message_ids)


def test_export_two_small_formats_writes_files_and_manifest(dialog, sample, qtbot, tmp_path):
    fids = smallest_formats(sample, 2)
    dialog.set_selection(["employ"], fids)
    dialog.choose_folder()
    assert dialog.output_folder() == tmp_path / "out"
    dialog.jobs_spin.setValue(1)
    assert dialog.jobs_spin.value() == 2  # never in the app's own process (see MIN_JOBS)
    dialog.start()
    assert dialog.is_running()  # the GUI thread is free while it runs
    qtbot.waitUntil(dialog.is_finished, timeout=120000)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10000)
    out = tmp_path / "out"
    for fid in fids:
        assert (out / sample.id / "employ" / f"{fid}.png").stat().st_size > 0
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["campaign"] == sample.id and manifest["campaign_sha256"] == sample.sha256
    assert sorted(f["format"] for f in manifest["files"]) == sorted(fids)
    assert dialog.progress.value() == dialog.progress.maximum() == 2
    assert "Done: 2 written" in dialog.summary.text()
    assert dialog.log.toPlainText().count("\u2713") == 2
    assert not dialog.open_button.isHidden()
    dialog.open_button.click()
    assert dialog.opened == [out]


def test_cancel_stops_a_bigger_batch(dialog, sample, qtbot, tmp_path):
    fids = smallest_formats(sample, 12)  # 36 files; the posters would only make the test slow
    dialog.set_selection(sample.message_ids, fids)
    dialog.folder_edit.setText(str(tmp_path / "big"))
    dialog.jobs_spin.setValue(2)
    total = len(sample.message_ids) * len(fids)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1, timeout=120000)
    dialog.cancel()
    qtbot.waitUntil(dialog.is_finished, timeout=120000)
    assert dialog.result.cancelled
    assert len(dialog.result.files) < total
    assert dialog.summary.text().startswith("Cancelled")
    manifest = json.loads((tmp_path / "big" / MANIFEST).read_text())
    assert len(manifest["files"]) + len(manifest["not_written"]) == len(dialog.result.files)
    qtbot.waitUntil(lambda: not dialog.is_running())
    assert dialog.export_button.isEnabled()


def test_closing_while_running_cancels_then_closes(dialog, sample, qtbot, tmp_path):
    dialog.set_selection(sample.message_ids, smallest_formats(sample, 12))
    dialog.folder_edit.setText(str(tmp_path / "closing"))
    dialog.show()
    dialog.start()
    with qtbot.waitSignal(dialog.rejected, timeout=120000):
        dialog.reject()
        assert dialog.isVisible()  # still open until the worker stopped
    assert dialog.result.cancelled
    assert not dialog.isVisible()


def test_export_failure_is_shown_not_raised(dialog, sample, qtbot, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    dialog.set_selection(["employ"], smallest_formats(sample, 1))
    dialog.folder_edit.setText(str(blocker))
    dialog.start()
    qtbot.waitUntil(dialog.is_finished, timeout=30000)
    assert dialog.summary.text() == "Export failed"
    assert "\u2717" in dialog.log.toPlainText()


def test_unsaved_edits_note(session, qtbot, settings):
    session.set_message_text("employ", "slogan", "changed")
    d = ExportDialog(session, settings=settings)
    qtbot.addWidget(d)
    assert not d.note.isHidden()


def test_screenshot(dialog, tmp_path):
    dialog.show()
    assert dialog.grab().save(str(tmp_path / "export_dialog.png"))


def test_lists_follow_the_campaign_while_open(dialog, session, sample):
    dialog.messages.item(0).setCheckState(Qt.CheckState.Unchecked)  # freedom unchecked
    new = replace(sample.messages[1], id="career", slogan="Your career?")
    session.reload(sample.with_messages(sample.messages[:2] + (new,)))  # family gone, career new
    assert dialog.selected_messages() == ["employ", "career"]
    assert [dialog.messages.item(i).text() for i in range(dialog.messages.count())][-1] == "Your career?"
    assert dialog.summary.text().startswith("2 messages")


def test_counts_match_the_selection_before_and_during_export(dialog, sample):
    total = len(sample.message_ids) * len(sample.format_ids)
    assert dialog.summary.text().endswith(f"= {total} files")
    assert (dialog.progress.value(), dialog.progress.maximum()) == (0, total)
    assert dialog.progress.text() == f"0 / {total} files"
    dialog.set_selection(["employ"], smallest_formats(sample, 3))
    assert dialog.summary.text().endswith("= 3 files") and dialog.progress.text() == "0 / 3 files"


def test_failed_files_are_red_with_their_reason_and_the_bar_turns_red(dialog, session, sample, qtbot, tmp_path):
    # Text the colour of its background: every render has a contrast error and is not written.
    session.set_brand(replace(sample.brand, text=sample.brand.background, accent=sample.brand.background))
    dialog.set_selection(["employ"], smallest_formats(sample, 2))
    assert dialog.allow_errors_check.text() == "Export renders with errors"
    dialog.folder_edit.setText(str(tmp_path / "out"))
    dialog.start()
    qtbot.waitUntil(dialog.is_finished, timeout=60000)
    assert dialog.summary.text().startswith("Done: 0 written, 2 failed")
    assert dialog.bar_state() == "error" and "QProgressBar::chunk" in dialog.progress.styleSheet()
    html = dialog.log.toHtml()
    log = dialog.log.toPlainText()
    assert "--allow-errors" not in log and "Export renders with errors" in log  # the GUI's words
    red = theme.color("error").name().lower()
    assert html.lower().count(red) >= 2  # each failed line is red
    dialog.grab().save(str(tmp_path / "export_failed.png"))
    # Ticking the box exports them.
    dialog.allow_errors_check.setChecked(True)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.is_finished() and not dialog.is_running(), timeout=60000)
    assert dialog.summary.text().startswith("Done: 2 written") and dialog.bar_state() == ""


def test_default_folder_is_outside_the_templates_and_remembered(session, qtbot, tmp_path, settings):
    from creative_studio.model import TEMPLATES_DIR

    d = ExportDialog(session, settings=settings)
    qtbot.addWidget(d)
    assert not d.output_folder().resolve().is_relative_to(TEMPLATES_DIR.resolve())
    d.set_selection(["employ"], smallest_formats(session.campaign, 1))
    d.folder_edit.setText(str(tmp_path / "mine" / "stopitnow-export"))
    (tmp_path / "mine").mkdir()
    d.start()
    qtbot.waitUntil(lambda: d.is_finished() and not d.is_running(), timeout=60000)
    again = ExportDialog(session, settings=settings)
    qtbot.addWidget(again)
    assert again.output_folder() == tmp_path / "mine" / f"{session.campaign.id}-export"


def test_open_folder_says_so_when_no_file_manager_opens(dialog, tmp_path):
    dialog.open_folder = lambda p: False
    dialog.folder_edit.setText(str(tmp_path / "out"))
    dialog.on_open_folder()
    assert "No file manager could be opened" in dialog.summary.text()
    assert str(tmp_path / "out") in dialog.summary.text()

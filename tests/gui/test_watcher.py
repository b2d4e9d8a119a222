"""Hot reload: outside edits are adopted, broken files reported with FILE:LINE, own saves ignored."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from creative_studio.gui.session import Session
from creative_studio.gui.watcher import CampaignWatcher, catalogue_files, review_files
from creative_studio.model import TEMPLATES_DIR, load_campaign


@pytest.fixture
def campaign_file(tmp_path: Path) -> Path:
    for name in ("stopitnow.yaml", "formats.yaml", "layouts.yaml"):
        shutil.copy(TEMPLATES_DIR / name, tmp_path / name)
    return tmp_path / "stopitnow.yaml"


@pytest.fixture
def session(campaign_file, qapp):
    s = Session(load_campaign(campaign_file))
    yield s
    s.undo_stack.clear()


@pytest.fixture
def watcher(session, qtbot):
    w = CampaignWatcher(session)
    w.asked = []

    def ask():
        w.asked.append(True)
        return w.answer

    w.answer = False
    w.ask_reload_over_unsaved = ask
    yield w
    w.deleteLater()


def edit(path: Path, old: str, new: str, rename: bool = False) -> None:
    text = path.read_text()
    assert old in text
    text = text.replace(old, new)
    if rename:  # how most editors save: a new file renamed over the old one
        tmp = path.with_name(path.name + ".tmp~")
        tmp.write_text(text)
        os.replace(tmp, path)
    else:
        path.write_text(text)


def test_watches_campaign_catalogue_and_folder(watcher, campaign_file):
    files = {Path(p) for p in watcher._fs.files()}
    assert campaign_file.resolve() in files
    assert {p.resolve() for p in catalogue_files(campaign_file)} <= files
    assert str(campaign_file.parent.resolve()) in watcher._fs.directories()
    assert review_files(campaign_file)[0].name == "stopitnow.review.yaml"


def test_outside_edit_reloads_even_after_replace_rename(watcher, session, campaign_file, qtbot):
    edit(campaign_file, "slogan: Who would employ you?", "slogan: Who would hire you?", rename=True)
    qtbot.waitUntil(lambda: session.campaign.message("employ").slogan == "Who would hire you?")
    assert session.campaign.sha256 == load_campaign(campaign_file).sha256
    # the renamed-over file is watched again: a second edit is seen too
    edit(campaign_file, "slogan: Who would hire you?", "slogan: Who hires you?", rename=True)
    qtbot.waitUntil(lambda: session.campaign.message("employ").slogan == "Who hires you?")
    edit(campaign_file, "slogan: Who hires you?", "slogan: Who, then?")
    qtbot.waitUntil(lambda: session.campaign.message("employ").slogan == "Who, then?")
    assert watcher.asked == []


def test_broken_file_reports_file_line_and_keeps_last_good(watcher, session, campaign_file, qtbot):
    before = session.campaign
    with qtbot.waitSignal(session.errorRaised, timeout=5000) as sig:
        edit(campaign_file, "crack_stage: 2}", "crack_stage: 9}")
    msg = sig.args[0]
    assert re.search(r"stopitnow\.yaml:\d+:\d+: ", msg), msg
    assert session.campaign is before
    # fixing it reloads
    edit(campaign_file, "crack_stage: 9}", "crack_stage: 3}")
    qtbot.waitUntil(lambda: session.campaign.message("employ").face.crack_stage == 3)


def test_yaml_syntax_error_is_reported_with_line(watcher, session, campaign_file, qtbot):
    before = session.campaign
    with qtbot.waitSignal(session.errorRaised, timeout=5000) as sig:
        edit(campaign_file, "  - id: family\n", "  - id: [family\n")
    assert re.search(r"stopitnow\.yaml:\d+", sig.args[0]), sig.args[0]
    assert session.campaign is before


def test_dirty_session_asks_before_reloading(watcher, session, campaign_file, qtbot):
    session.set_message_text("freedom", "slogan", "my unsaved edit")
    with qtbot.waitSignal(watcher.checked, timeout=5000):
        edit(campaign_file, "slogan: Who would employ you?", "slogan: Outside edit")
    qtbot.waitUntil(lambda: watcher.asked == [True])
    assert session.campaign.message("freedom").slogan == "my unsaved edit"  # declined: kept
    assert session.campaign.message("employ").slogan == "Who would employ you?"
    watcher.answer = True
    edit(campaign_file, "slogan: Outside edit", "slogan: Outside edit 2")
    qtbot.waitUntil(lambda: session.campaign.message("employ").slogan == "Outside edit 2")
    assert watcher.asked == [True, True]
    assert not session.dirty
    assert session.campaign.message("freedom").slogan == "Get ready to kiss your freedom goodbye"


def test_own_save_is_not_mistaken_for_an_outside_change(watcher, session, campaign_file, qtbot):
    reloads = []
    watcher.reloaded.connect(reloads.append)
    session.set_message_text("family", "slogan", "Saved from the app")
    with qtbot.waitSignal(watcher.checked, timeout=5000):
        fresh = watcher.save_campaign()
    assert fresh is not None and fresh.message("family").slogan == "Saved from the app"
    assert not session.dirty
    assert session.undo_stack.count() == 1  # not reset by a reload
    assert reloads == [] and watcher.asked == []
    assert session.campaign.sha256 == fresh.sha256


def test_save_failure_goes_to_error_banner(watcher, session, campaign_file, qtbot, monkeypatch):
    session.set_message_text("family", "slogan", "x")

    def boom(*a, **k):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", boom)
    with qtbot.waitSignal(session.errorRaised) as sig:
        assert watcher.save_campaign() is None
    assert "cannot write" in sig.args[0]
    assert session.dirty


def test_catalogue_change_reloads(watcher, session, campaign_file, qtbot):
    fmt = campaign_file.parent / "formats.yaml"
    edit(fmt, "name: Facebook feed, square 1:1", "name: Facebook square (renamed)", rename=True)
    qtbot.waitUntil(lambda: session.campaign.format("facebook-feed-square").name == "Facebook square (renamed)")


def test_review_file_change_is_relayed(watcher, session, campaign_file, qtbot):
    with qtbot.waitSignal(session.reviewChanged, timeout=5000):
        review_files(campaign_file)[0].write_text("decisions: []\n")


def test_save_as_by_the_main_window_moves_the_watch(watcher, session, campaign_file, qtbot, tmp_path):
    from creative_studio.model.saver import save_campaign

    # Beside its catalogue: a campaign must not point outside its own folder (it would not reload).
    other = tmp_path
    session.set_message_text("family", "slogan", "Saved elsewhere")
    fresh = save_campaign(session.campaign, other / "copy.yaml")
    session.mark_saved(fresh)  # what the main window does after its own save
    assert str((other / "copy.yaml").resolve()) in watcher._fs.files()
    edit(other / "copy.yaml", "slogan: Saved elsewhere", "slogan: Edited elsewhere")
    qtbot.waitUntil(lambda: session.campaign.message("family").slogan == "Edited elsewhere")

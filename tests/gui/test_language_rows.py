""" "All languages": the matrix shows one row per (language, message), grouped by language."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "model"))
from variants_helpers import GD_SLOGAN  # noqa: E402

SNAP = "snapchat-snap-ad"
POSTER = "outdoor-48-sheet"
CY_SLOGAN = "Byddwch yn barod i ffarwelio â'ch rhyddid"


@pytest.fixture
def rows_window(qtbot, multilingual_window):
    """A window on a three-language campaign (en, gd, cy) with two formats; verdicts held."""
    w = multilingual_window([SNAP, POSTER], hold_verdicts=True)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


def _click(qtbot, view, index) -> None:
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def test_all_languages_shows_a_row_per_language_and_message(qtbot, rows_window, service):
    from creative_studio.gui.language_switcher import ALL_LANGUAGES
    from creative_studio.gui.matrix_model import FindingsRole, GroupStartRole, LanguageRole

    w = rows_window
    sw, model, s = w.language_switcher, w.matrix.model, w.session
    ids = list(s.campaign.message_ids)
    n = len(ids)
    assert [sw.itemData(i) for i in range(sw.count())] == ["en", "gd", "cy", ALL_LANGUAGES]
    assert sw.itemText(sw.count() - 1) == "All languages"
    assert model.rowCount() == n
    seen: list = []
    service.rendered.connect(seen.append)

    sw.set_language(ALL_LANGUAGES)
    assert s.language_rows and not s.dirty and s.undo_stack.count() == 0
    assert model.rowCount() == 3 * n
    assert model.rows() == [(lang, m) for lang in ("en", "gd", "cy") for m in ids]
    langs = [model.headerData(r, Qt.Orientation.Vertical, LanguageRole) for r in range(3 * n)]
    assert langs == ["en"] * n + ["gd"] * n + ["cy"] * n
    starts = [r for r in range(3 * n) if model.headerData(r, Qt.Orientation.Vertical, GroupStartRole)]
    assert starts == [0, n, 2 * n]
    gd_row = model.index_of("freedom", SNAP, "gd").row()
    assert gd_row == n + ids.index("freedom")
    assert model.headerData(gd_row, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole) == GD_SLOGAN
    assert "(gd)" in model.headerData(gd_row, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert "3 languages" in w.matrix.subtitle.text()

    # every row's thumbnails are rendered in the row's language
    qtbot.waitUntil(lambda: model.thumbnails_ready() == 3 * n * 2, timeout=60000)

    def thumb(lang: str):
        return [o for o in seen if o.key == f"thumb:{lang}:freedom:{SNAP}" and o.result is not None]

    assert thumb("gd") and all(o.result.language == "gd" for o in thumb("gd"))
    assert thumb("gd")[-1].result.block("slogan").text == GD_SLOGAN
    assert thumb("cy")[-1].result.language == "cy" and thumb("cy")[-1].result.block("slogan").text == CY_SLOGAN

    # a cell in a Welsh row shows Welsh everywhere, and the matrix stays in language rows
    seen.clear()
    cy = model.index_of("freedom", POSTER, "cy")
    _click(qtbot, w.matrix.view, cy)
    assert (s.message_id, s.format_id) == ("freedom", POSTER)
    assert s.language == "cy" and service.language == "cy"
    assert w.review_dock.windowTitle() == "Review \u00b7 cy"
    assert sw.currentData() == ALL_LANGUAGES and model.rowCount() == 3 * n
    assert w.matrix.view.currentIndex() == cy
    assert not s.dirty and s.undo_stack.count() == 0
    # the preview renders Welsh; the checks run in Welsh and only Welsh rows show badges
    qtbot.waitUntil(
        lambda: any(
            o.result is not None and o.result.language == "cy" and not o.key.startswith(("thumb:", "check:"))
            for o in seen
        ),
        timeout=30000,
    )
    qtbot.waitUntil(lambda: model.index_of("freedom", POSTER, "cy").data(FindingsRole) is not None, timeout=60000)
    assert model.findings_language == "cy"
    assert model.index_of("freedom", POSTER, "en").data(FindingsRole) is None
    assert model.index_of("freedom", POSTER, "gd").data(FindingsRole) is None
    # (a check still running in English when the click came is dropped, never shown as Welsh)
    cy_checks = [o for o in seen if o.key == f"check:freedom:{POSTER}" and o.result and o.result.language == "cy"]
    assert cy_checks and model.index_of("freedom", POSTER, "cy").data(FindingsRole) == cy_checks[-1].findings
    # a selection made elsewhere lands in the row of the language shown
    s.select("employ", SNAP)
    assert w.matrix.view.currentIndex() == model.index_of("employ", SNAP, "cy")

    # one language again: one row per message, in that language
    sw.set_language("en")
    assert not s.language_rows and model.rowCount() == n
    assert s.language is None and service.language is None
    assert w.review_dock.windowTitle() == "Review \u00b7 en"
    assert model.headerData(0, Qt.Orientation.Vertical, LanguageRole) == ""
    assert not s.dirty and s.undo_stack.count() == 0


def test_review_badges_are_those_of_each_rows_language(qtbot, rows_window, monkeypatch):
    import creative_studio.gui.matrix_panel as mp
    from creative_studio.gui.language_switcher import ALL_LANGUAGES
    from creative_studio.gui.matrix_model import ReviewRole

    def statuses(_campaign, language=None):
        return {("freedom", SNAP): "approved"} if language == "gd" else {}

    monkeypatch.setattr(mp, "review_statuses", statuses)
    w = rows_window
    w.language_switcher.set_language(ALL_LANGUAGES)
    model = w.matrix.model
    assert model.index_of("freedom", SNAP, "gd").data(ReviewRole) == "approved"
    assert model.index_of("freedom", SNAP, "en").data(ReviewRole) is None
    assert model.index_of("freedom", SNAP, "cy").data(ReviewRole) is None
    # the status filter matches each row on its own language's badge
    w.matrix.status_combo.setCurrentIndex(w.matrix.status_combo.findData("approved"))
    shown = [r for r in range(model.rowCount()) if not w.matrix.view.isRowHidden(r)]
    assert [model.rows()[r] for r in shown] == [("gd", "freedom")]
    assert w.matrix.shown_cells() == [("freedom", SNAP)]
    assert w.session.language == "gd"  # the selection followed the filter into the Gaelic row


def test_one_language_campaigns_have_no_language_rows(window):
    from creative_studio.gui.language_switcher import ALL_LANGUAGES

    sw = window.language_switcher
    assert sw.findData(ALL_LANGUAGES) == -1
    window.session.set_language_rows(True)
    assert not window.session.language_rows
    assert window.matrix.model.rowCount() == len(window.session.campaign.messages)


def test_keys_search_and_menu_work_on_language_rows(qtbot, rows_window):
    from creative_studio.gui.language_switcher import ALL_LANGUAGES

    w = rows_window
    s, model, view = w.session, w.matrix.model, w.matrix.view
    n = len(s.campaign.messages)
    w.language_switcher.set_language(ALL_LANGUAGES)
    _click(qtbot, view, model.index(n - 1, 0))  # the last English row
    assert s.language is None and s.message_id == s.campaign.message_ids[-1]
    qtbot.keyClick(view, Qt.Key.Key_Down)  # down into the first Gaelic row
    assert view.currentIndex().row() == n and s.language == "gd"
    assert s.message_id == s.campaign.message_ids[0]
    # the search matches each row's copy in its own language
    w.matrix.search_edit.setText("shaorsa")
    shown = [model.rows()[r] for r in range(model.rowCount()) if not view.isRowHidden(r)]
    assert shown == [("gd", "freedom")]
    w.matrix.search_edit.clear()
    assert not any(view.isRowHidden(r) for r in range(model.rowCount()))
    # a cell's menu acts on its message and format, in its row's language
    cy = model.index_of("employ", POSTER, "cy")
    texts = [a.text() for a in w.matrix.cell_menu(cy).actions() if a.text()]
    assert "Approve" in texts and "Open large" in texts
    w.matrix.select_index(cy)
    assert (s.message_id, s.format_id, s.language) == ("employ", POSTER, "cy")
    assert view.currentIndex() == cy and not s.dirty

"""The Copy tab's editor: edit a field for this format, this platform or all; reset to inherited.

Driven as a designer would: pick a row of the Copy table, pick the scope, type into the box,
press Reset, undo with the window's undo stack, and save; the matrix marks cells with overrides.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "model"))
from variants_helpers import EN_SHORT, GD_SHORT  # noqa: E402

SNAP, POSTER, SIXSHEET = "snapchat-snap-ad", "outdoor-48-sheet", "outdoor-6-sheet"


@pytest.fixture
def win(multilingual_window):
    w = multilingual_window([SNAP, POSTER, SIXSHEET])
    w.show()
    w.copy_dock.raise_()  # the Copy tab in front, as a designer editing copy has it
    return w


def _pick(w, field: str, scope_prefix: str):
    """Select the field's row and the scope whose label starts with `scope_prefix`."""
    panel = w.copy_sources
    panel.select_field(field)
    ed = panel.editor
    labels = [ed.scope_combo.itemText(i) for i in range(ed.scope_combo.count())]
    ed.scope_combo.setCurrentIndex(next(i for i, t in enumerate(labels) if t.startswith(scope_prefix)))
    return ed


def _keys(widget, text: str) -> None:
    """Type `text` key by key, accents included (QTest's keyClicks only knows ASCII)."""
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def _type(qtbot, ed, text: str) -> None:
    ed.edit.setFocus()
    ed.edit.selectAll()
    qtbot.keyClick(ed.edit, Qt.Key.Key_Backspace)
    _keys(ed.edit, text)


def _rows(w) -> dict[str, tuple[str, str, str]]:
    return {r[0]: r for r in w.copy_sources.rows()}


def test_the_editor_opens_at_the_scope_the_value_comes_from(win):
    w = win
    w.session.select("freedom", POSTER)
    w.copy_sources.select_field("slogan")
    ed = w.copy_sources.editor
    assert ed.isEnabled()
    scopes = [ed.scope_combo.itemData(i) for i in range(ed.scope_combo.count())]
    assert scopes == [f"format:{POSTER}", "platform:outdoor", "all"]
    assert ed.scope == "platform:outdoor" and ed.edit.text() == EN_SHORT  # the outdoor override wins here
    assert ed.reset_button.isEnabled()
    ed.scope_combo.setCurrentIndex(0)  # nothing is stated for this format: it inherits
    assert ed.edit.text() == EN_SHORT and "Inherited here" in ed.status.text()
    assert not ed.reset_button.isEnabled()


def test_an_edit_for_this_format_stays_on_that_format_and_undoes_in_one_step(qtbot, win):
    w = win
    s = w.session
    s.select("freedom", POSTER)
    ed = _pick(w, "slogan", "For this format")
    _type(qtbot, ed, "Freedom? Gone.")
    assert _rows(w)["Slogan"][1:] == ("Freedom? Gone.", f"format:{POSTER}")
    assert s.dirty and s.undo_stack.count() == 1  # every keystroke merged into one undo step
    s.select("freedom", SIXSHEET)  # the same platform, another format: still the platform's slogan
    assert _rows(w)["Slogan"][1:] == (EN_SHORT, "platform:outdoor")
    s.select("freedom", SNAP)
    assert _rows(w)["Slogan"][1] == "Get ready to kiss your freedom goodbye"
    # the matrix marks the cell with a format override, and only the outdoor cells at all
    model = w.matrix.model
    marked = {o.field: o.scope for o in model.overrides("freedom", POSTER)}
    assert marked == {"slogan": f"format:{POSTER}"}
    assert {o.scope for o in model.overrides("freedom", SIXSHEET)} == {"platform:outdoor"}
    assert model.overrides("freedom", SNAP) == ()
    assert model.overrides("employ", SNAP) == ()
    s.undo_stack.undo()
    s.select("freedom", POSTER)
    assert _rows(w)["Slogan"][1:] == (EN_SHORT, "platform:outdoor") and not s.dirty


def test_reset_to_inherited_removes_the_platform_value(qtbot, win):
    w = win
    s = w.session
    s.select("freedom", SIXSHEET)
    ed = _pick(w, "slogan", "For this platform")
    assert ed.edit.text() == EN_SHORT and ed.reset_button.isEnabled()
    qtbot.mouseClick(ed.reset_button, Qt.MouseButton.LeftButton)
    assert _rows(w)["Slogan"][1:] == ("Get ready to kiss your freedom goodbye", "master")
    assert ed.edit.text() == "Get ready to kiss your freedom goodbye" and not ed.reset_button.isEnabled()
    assert w.matrix.model.overrides("freedom", SIXSHEET) == ()
    # the Gaelic outdoor slogan is a separate value: untouched by the English reset
    w.language_switcher.set_language("gd")
    assert _rows(w)["Slogan"][1:] == (GD_SHORT, "platform:outdoor")
    s.undo_stack.undo()
    w.language_switcher.set_language("en")
    assert _rows(w)["Slogan"][1:] == (EN_SHORT, "platform:outdoor")


def test_clearing_an_override_inherits_and_keeps_the_box_empty(qtbot, win):
    w = win
    s = w.session
    s.select("freedom", POSTER)
    ed = _pick(w, "slogan", "For this platform")
    ed.edit.setFocus()
    ed.edit.selectAll()
    qtbot.keyClick(ed.edit, Qt.Key.Key_Backspace)
    # an empty override would be invisible in the copy deck: clearing it means "inherit"
    assert _rows(w)["Slogan"][1:] == ("Get ready to kiss your freedom goodbye", "master")
    assert ed.edit.text() == "" and "inherits" in ed.status.text()
    qtbot.keyClicks(ed.edit, "Bye, freedom")
    assert _rows(w)["Slogan"][1:] == ("Bye, freedom", "platform:outdoor")


def test_a_translation_typed_in_gaelic_and_saved_lands_in_the_yaml(qtbot, win):
    from creative_studio.model import load_campaign
    from creative_studio.model.variants import resolve_copy

    w = win
    s = w.session
    w.language_switcher.set_language("gd")
    s.select("employ", SNAP)
    assert _rows(w)["Slogan"][2].endswith("(en: no translation)")
    ed = _pick(w, "slogan", "For all")
    _type(qtbot, ed, "Cò a bheireadh obair dhut?")
    assert _rows(w)["Slogan"][1:] == ("Cò a bheireadh obair dhut?", "master")
    before = s.path.read_text(encoding="utf-8")
    assert w.save()
    after = s.path.read_text(encoding="utf-8")
    assert "Cò a bheireadh obair dhut?" in after and "Cò a bheireadh" not in before
    # the designer's comments survive the save
    assert [ln for ln in before.splitlines() if ln.lstrip().startswith("#")] == [
        ln for ln in after.splitlines() if ln.lstrip().startswith("#")
    ]
    again = load_campaign(s.path)
    assert resolve_copy(again, "employ", SNAP, "gd").text("slogan") == "Cò a bheireadh obair dhut?"
    assert resolve_copy(again, "employ", SNAP, "en").text("slogan") == "Who would employ you?"


def test_the_row_menu_lists_a_reset_per_scope(win):
    w = win
    w.session.select("freedom", POSTER)
    panel = w.copy_sources
    row = panel._fields.index("slogan")
    acts = panel.reset_actions(row)
    assert [a.text() for a in acts] == [
        f"Reset this format only ({POSTER}) to inherited",
        "Reset this platform only (outdoor) to inherited",
        "Reset all formats (master) to inherited",
    ]
    assert [a.isEnabled() for a in acts] == [False, True, False]
    acts[1].trigger()
    assert _rows(w)["Slogan"][2] == "master"


def test_the_campaign_panel_edits_the_language_the_switcher_shows(qtbot, win):
    from creative_studio.model.variants import resolve_copy

    w = win
    s = w.session
    panel = w.campaign_panel
    s.select("employ", SNAP)
    assert panel.editor("slogan").text() == "Who would employ you?" and not panel.language_note.isVisible()
    w.language_switcher.set_language("gd")
    ed = panel.editor("slogan")
    assert ed.text() == "" and ed.placeholderText() == "en: Who would employ you?"  # untranslated
    assert "Editing the <b>gd</b> copy" in panel.language_note.text()
    s.select("freedom", SNAP)
    assert panel.editor("slogan").text() != "" and "slàn" in panel.editor("slogan").text()
    s.select("employ", SNAP)
    ed = panel.editor("slogan")
    ed.setFocus()
    _keys(ed, "Cò a bheireadh obair dhut?")
    assert resolve_copy(s.campaign, "employ", SNAP, "gd").text("slogan") == "Cò a bheireadh obair dhut?"
    assert s.campaign.message("employ").slogan == "Who would employ you?"  # English untouched
    assert _rows(w)["Slogan"][1:] == ("Cò a bheireadh obair dhut?", "master")
    ed.selectAll()
    qtbot.keyClick(ed, Qt.Key.Key_Backspace)  # emptied: the translation goes, English shows through
    assert resolve_copy(s.campaign, "employ", SNAP, "gd").value("slogan").fallback
    assert ed.text() == ""
    w.language_switcher.set_language("en")
    assert panel.editor("slogan").text() == "Who would employ you?" and panel.editor("slogan").placeholderText() == ""

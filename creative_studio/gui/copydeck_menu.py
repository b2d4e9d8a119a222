"""File > Export Copy Deck… / Import Copy Deck…: the copy deck from the app (model/copydeck.py).

Export writes the campaign as it is in the app (unsaved edits included). Import changes the
campaign *file*, so unsaved edits are saved or discarded first (the usual question), the bundled
sample is never written (save it under a new name first), and the app then shows the file as the
import left it. A refused deck (`DECK:ROW: sentence`) shows in the error banner and changes
nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from ..model import TemplateError, load_campaign
from ..model.copydeck import export_deck, import_deck

FILTER = "Copy deck (*.csv *.xlsx)"


class CopyDeckActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.act_export = QAction("Export Copy &Deck…", window)
        self.act_export.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.act_export.setToolTip("Every copy value as a spreadsheet: message, field, scope, one column per language")
        self.act_export.triggered.connect(lambda: self.export_dialog())
        self.act_import = QAction("Import Copy De&ck…", window)
        self.act_import.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.act_import.setToolTip("Apply a copy deck: new column = new language, new row = new override")
        self.act_import.triggered.connect(lambda: self.import_dialog())

    # dialogs (tests replace these two)
    def ask_export_path(self) -> str:
        c = self.window.session.campaign
        start = Path(c.path).with_name(f"{c.id}-copy.xlsx") if c.path else Path.home() / "copy.xlsx"
        path, _ = QFileDialog.getSaveFileName(self.window, "Export copy deck", str(start), FILTER)
        return path

    def ask_import_path(self) -> str:
        c = self.window.session.campaign
        start = str(Path(c.path).parent) if c.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self.window, "Import copy deck", start, FILTER)
        return path

    def export_dialog(self) -> bool:
        path = self.ask_export_path()
        return self.export_to(path) if path else False

    def import_dialog(self) -> bool:
        path = self.ask_import_path()
        return self.import_from(path) if path else False

    def export_to(self, path: str | Path) -> bool:
        try:
            rows = export_deck(self.window.session.campaign, path)
        except (TemplateError, OSError) as exc:
            self.window.banner.show_error(str(exc))
            return False
        self.window.statusBar().showMessage(f"Wrote the copy deck {Path(path).name}: {rows} rows", 8000)
        return True

    def import_from(self, path: str | Path) -> bool:
        w = self.window
        if w._is_bundled(w.session.path):
            w.banner.show_error("The bundled sample is never changed: save the campaign under a new name first")
            return False
        if not w.maybe_save():
            return False
        try:
            change = import_deck(load_campaign(w.session.path), path)
            if change.written:
                w.session.reload(load_campaign(w.session.path))
        except (TemplateError, OSError) as exc:
            w.banner.show_error(str(exc))
            return False
        w.banner.hide()
        if not change.written:
            msg = f"{Path(path).name}: the deck matches the campaign, nothing changed"
        else:
            added = f", added {', '.join(change.added_languages)}" if change.added_languages else ""
            msg = f"{Path(path).name}: {len(change.changed)} value(s) changed{added}"
        w.statusBar().showMessage(msg, 8000)
        return True


def install(window) -> CopyDeckActions:
    """Add the two actions to the File menu, after the campaign's Export."""
    actions = CopyDeckActions(window)
    file_menu = window.menuBar().actions()[0].menu()
    after = file_menu.actions()[file_menu.actions().index(window.act_export) + 1]  # the separator
    file_menu.insertAction(after, actions.act_export)
    file_menu.insertAction(after, actions.act_import)
    return actions


__all__ = ["CopyDeckActions", "install"]

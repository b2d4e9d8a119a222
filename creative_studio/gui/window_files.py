"""The main window's file handling: open, save (in place or as), recent files, drag and drop.

A mixin of `MainWindow`. Saving in place needs a writable file outside the bundled templates;
otherwise Save As starts in the Documents folder and the status bar says why first.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..model import TEMPLATES_DIR, TemplateError, load_campaign
from ..model.saver import save_campaign

MAX_RECENT = 8
CAMPAIGN_SUFFIXES = (".yaml", ".yml")


def _writable(path: Path) -> bool:
    """The file can be replaced in place (atomic save: a temp file in its folder, then rename)."""
    path = Path(path)
    return path.exists() and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


class FileHandling:
    """Open / save / recent / drag and drop, for `MainWindow`."""

    def ask_save_changes(self) -> str:
        """'save', 'discard' or 'cancel' for unsaved edits (tests replace this method)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Unsaved changes",
            "The campaign has unsaved changes. Save them first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: "save", QMessageBox.StandardButton.Discard: "discard"}.get(
            QMessageBox.StandardButton(answer), "cancel"
        )

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current state (saved, discarded or clean)."""
        if not self.session.dirty:
            return True
        answer = self.ask_save_changes()
        if answer == "save":
            return self.save()
        return answer == "discard"

    def ask_open_path(self) -> str:
        start = str(Path(self.session.path).parent) if self.session.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open campaign", start, "Campaign (*.yaml *.yml)")
        return path

    def ask_save_path(self) -> str:
        start = self.save_start_path()
        path, _ = QFileDialog.getSaveFileName(self, "Save campaign as", start, "Campaign (*.yaml *.yml)")
        return path

    def save_start_path(self) -> str:
        """Where Save As starts: the file itself, or (bundled / read-only) the Documents folder."""
        path = self.session.path
        if path is None or self._is_bundled(path) or not _writable(path):
            # Somewhere the designer can write, never over the file that cannot be saved in place.
            docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            start = str(Path(docs or Path.home()) / (path.name if path else "campaign.yaml"))
        else:
            start = str(path)
        return start

    def open_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        path = self.ask_open_path()
        return self.open_path(path, ask=False) if path else False

    def open_path(self, path: str | Path, ask: bool = True) -> bool:
        """Open a campaign; bad files show in the banner and the current campaign stays."""
        if ask and not self.maybe_save():
            return False
        try:
            campaign = load_campaign(path)
        except TemplateError as exc:
            self.banner.show_error(str(exc))
            return False
        except OSError as exc:
            self.banner.show_error(f"{path}: {exc.strerror or exc}")
            return False
        self.session.reload(campaign)
        self.banner.hide()
        self.add_recent(str(Path(path).resolve()))
        return True

    def _is_bundled(self, path: Path | None) -> bool:
        if path is None:
            return True
        try:
            Path(path).resolve().relative_to(TEMPLATES_DIR.resolve())
            return True
        except ValueError:
            return False

    def save(self) -> bool:
        """Save in place when the file is writable; the bundled sample and read-only files ask
        for a new name, and the status bar says why before the dialog opens."""
        path = self.session.path
        if path is None:
            return self.save_as()
        if self._is_bundled(path):
            self.statusBar().showMessage("The bundled sample is read-only: choose where to save your copy.", 8000)
            return self.save_as()
        if not _writable(path):
            self.statusBar().showMessage(f"{path.name} is read-only: choose where to save a copy.", 8000)
            return self.save_as()
        return self.save_to(path)

    def save_as(self) -> bool:
        path = self.ask_save_path()
        return self.save_to(path) if path else False

    def save_to(self, path: str | Path) -> bool:
        copied: list[Path] = []
        try:
            saved = save_campaign(self.session.campaign, Path(path), copied)
        except TemplateError as exc:
            self.banner.show_error(str(exc))
            return False
        except OSError as exc:
            self.banner.show_error(f"{path}: could not save: {exc.strerror or exc}")
            return False
        self.session.mark_saved(saved if saved is not None else None)
        self.add_recent(str(Path(path).resolve()))
        self.update_title()
        self.update_status()
        if copied:  # Save As into another folder: the files it names came along
            names = ", ".join(p.name for p in copied)
            self.statusBar().showMessage(f"Saved {path}; copied {names} beside it, so it opens anywhere", 8000)
        else:
            self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def recent_files(self) -> list[str]:
        value = self.settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent(self, path: str) -> None:
        if not self._persist or self._is_bundled(Path(path)):
            return
        files = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue("recentFiles", files[:MAX_RECENT])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = [p for p in self.recent_files() if Path(p).exists()]
        for i, p in enumerate(files, start=1):
            a = self.recent_menu.addAction(f"&{i} {Path(p).name}  —  {Path(p).parent}")
            a.triggered.connect(lambda _=False, p=p: self.open_path(p))
        if not files:
            self.recent_menu.addAction("No recent campaigns").setEnabled(False)
        self.recent_menu.addSeparator()
        self.recent_menu.addAction("Clear List", lambda: self.settings.setValue("recentFiles", []))

    @staticmethod
    def _dropped_path(event) -> str | None:
        md = event.mimeData()
        if not md.hasUrls():
            return None
        for url in md.urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(CAMPAIGN_SUFFIXES):
                return url.toLocalFile()
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self._dropped_path(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        path = self._dropped_path(event)
        if path:
            event.acceptProposedAction()
            self.open_path(path)
        else:
            event.ignore()

"""The main window: composes the panels around one Session and one RenderService.

The window is the composition root: it builds the panels, owns the menus, toolbar, status bar,
the error banner, settings and file handling (open, save, recent, drag and drop). Panels never
call each other; they talk through the session.
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..model import TEMPLATES_DIR, TemplateError, load_campaign
from ..model.saver import save_campaign
from . import theme
from .banner import ErrorBanner
from .campaign_panel import CampaignPanel
from .dock_widths import DockWidths
from .export_dialog import ExportDialog
from .inspector_panel import InspectorPanel
from .matrix_panel import MatrixPanel
from .preview_panel import PreviewPanel
from .render_service import RenderService
from .review_panel import ReviewPanel
from .session import Session
from .verdict_service import VerdictService
from .window_actions import WindowActions

MAX_RECENT = 8
CAMPAIGN_SUFFIXES = (".yaml", ".yml")
CAMPAIGN_MIN_WIDTH = 280  # the copy fields stay readable ("Get ready to kiss your freedom")
MATRIX_SHARE = 0.42  # of the centre's height, until the designer drags the splitter
CENTRE_MIN_WIDTH = 440  # below this the docks give way (down to their minimums) to the preview
SIDE_MIN_WIDTH = 260  # inspector and review: findings text and the verdict buttons (they wrap)


def _writable(path: Path) -> bool:
    """The file can be replaced in place (atomic save: a temp file in its folder, then rename)."""
    path = Path(path)
    return path.exists() and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


class MainWindow(WindowActions, QMainWindow):
    """Creative Studio's window.

    Signals:
        themeChanged(str): "light" or "dark"
    """

    themeChanged = Signal(str)

    def __init__(
        self,
        session: Session,
        render_service: RenderService,
        settings: QSettings | None = None,
        persist: bool = True,
        parent: QWidget | None = None,
        verdicts: VerdictService | None = None,
    ):
        super().__init__(parent)
        self.session = session
        self.render_service = render_service
        self.settings = settings if settings is not None else QSettings()
        self._persist = persist
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.setCorner(Qt.Corner.TopLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)

        # -- centre: error banner, then the matrix above the preview
        self.banner = ErrorBanner(self)
        # Full-size verdicts in worker processes: the badges say what `check` says.
        self.verdicts = verdicts if verdicts is not None else VerdictService(self)
        self.matrix = MatrixPanel(session, render_service, self, verdicts=self.verdicts)
        self.preview = PreviewPanel(session, render_service)
        self.preview.setObjectName("PreviewPanel")
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("CentreSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(6)
        self.splitter.addWidget(self.matrix)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.matrix.setMinimumHeight(200)
        self.preview.setMinimumHeight(200)
        centre = QWidget(self)
        lay = QVBoxLayout(centre)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        banner_box = QVBoxLayout()
        banner_box.setContentsMargins(8, 6, 8, 0)
        banner_box.addWidget(self.banner)
        lay.addLayout(banner_box)
        lay.addWidget(self.splitter, 1)
        self.setCentralWidget(centre)

        # -- docks
        self.campaign_panel = CampaignPanel(session)
        self.inspector = InspectorPanel(session, self)
        self.review_panel = ReviewPanel(session, settings=self.settings)
        self.campaign_dock = self._dock(
            "Campaign", "CampaignDock", self.campaign_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.inspector_dock = self._dock(
            "Inspector", "InspectorDock", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.review_dock = self._dock("Review", "ReviewDock", self.review_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        # Each dock is at least as wide as its content needs; the centre cannot take that away.
        self.campaign_panel.setMinimumWidth(CAMPAIGN_MIN_WIDTH)
        self.inspector.setMinimumWidth(SIDE_MIN_WIDTH)
        self.review_panel.setMinimumWidth(SIDE_MIN_WIDTH)
        self.tabifyDockWidget(self.inspector_dock, self.review_dock)
        from .copy_sources import CopySources  # each copy field of the cell and where it comes from

        self.copy_sources = CopySources(session, render_service)
        self.copy_dock = self._dock("Copy", "CopyDock", self.copy_sources, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.review_dock, self.copy_dock)
        self.inspector_dock.raise_()

        self._build_actions()
        self._build_menus()
        from .copydeck_menu import install  # File > Export/Import Copy Deck…

        self.copydeck = install(self)
        self._build_toolbar()
        self._build_statusbar()
        if theme.current() == "dark":  # the app may start dark (saved theme, --theme dark)
            self.act_dark.setChecked(True)

        session.dirtyChanged.connect(self.on_dirtyChanged)
        session.campaignChanged.connect(self.on_campaignChanged)
        session.campaignLoaded.connect(self.on_campaignLoaded)
        session.errorRaised.connect(self.on_errorRaised)
        session.findingsChanged.connect(self._schedule_status)
        render_service.rendered.connect(self._schedule_status)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(50)
        self._status_timer.timeout.connect(self.update_status)

        self.watcher = None
        try:
            from .watcher import CampaignWatcher

            self.watcher = CampaignWatcher(session, self)
        except ModuleNotFoundError:
            pass
        except Exception:  # noqa: BLE001 - hot reload is a comfort, not a requirement
            traceback.print_exc()

        self._sync_safe_zones()
        self.resize(1600, 1000)
        self.resizeDocks([self.campaign_dock, self.inspector_dock], [360, 350], Qt.Orientation.Horizontal)
        self.dock_widths = DockWidths(
            self, {self.campaign_dock: 360, self.inspector_dock: 350, self.review_dock: 350}, CENTRE_MIN_WIDTH
        )
        self._splitter_moved = False  # until the designer drags it, the matrix takes at most MATRIX_SHARE
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        self._fit_splitter()
        if persist:
            self.restore_settings()
        self.update_title()
        self.update_status()

    # -- construction -------------------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    # -- title and status -----------------------------------------------------------------------------
    def update_title(self) -> None:
        c = self.session.campaign
        name = Path(c.path).name if c.path else c.name
        self.setWindowTitle(f"{name}{'*' if self.session.dirty else ''} — {c.name} — Creative Studio")

    def _schedule_status(self, *_args) -> None:
        if not self._status_timer.isActive():
            self._status_timer.start()

    def update_status(self) -> None:
        c = self.session.campaign
        self.status_campaign.setText(
            f"<b>{c.name}</b> · {c.client} · {len(c.messages)} messages × {len(c.formats)} formats"
        )
        if self.session.dirty:
            self.status_dirty.setText(f"<span style='color:{theme.color('warning').name()}'>●</span> Unsaved changes")
        else:
            self.status_dirty.setText(f"<span style='color:{theme.color('ok').name()}'>●</span> Saved")
        self.status_render.setText(self.render_state())

    def render_state(self) -> str:
        total = len(self.session.campaign.messages) * len(self.session.campaign.formats)
        if self.matrix.pending_thumbnails:
            return f"Rendering thumbnails {max(0, total - len(self.matrix._pending_thumbs))}/{total}…"
        if self.matrix.pending_checks:
            return f"Checking {max(0, total - len(self.matrix._pending_checks))}/{total}…"
        e = w = 0
        for m in self.session.campaign.message_ids:
            for f in self.session.campaign.format_ids:
                for x in self.session.findings(m, f) or ():
                    if x.severity == "error":
                        e += 1
                    else:
                        w += 1
        return f"Ready · {e} error{'s' * (e != 1)} · {w} warning{'s' * (w != 1)}"

    # -- session signals --------------------------------------------------------------------------
    def on_dirtyChanged(self, _dirty: bool) -> None:  # noqa: N802 - signal name
        self.update_title()
        self.update_status()

    def on_campaignChanged(self, _campaign) -> None:  # noqa: N802 - signal name
        self.update_title()
        self._schedule_status()

    def on_campaignLoaded(self, campaign) -> None:  # noqa: N802 - signal name
        self.banner.hide()
        if campaign.path:
            self.add_recent(str(campaign.path))
        self.update_title()

    def on_errorRaised(self, text: str) -> None:  # noqa: N802 - signal name
        self.banner.show_error(text)

    # -- files ----------------------------------------------------------------------------------------
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
        try:
            saved = save_campaign(self.session.campaign, Path(path))
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
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def export(self) -> None:
        dialog = ExportDialog(self.session, self, settings=self.settings)
        dialog.exec()

    # -- recent files -----------------------------------------------------------------------------------
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

    # -- view ----------------------------------------------------------------------------------------
    def set_dark(self, dark: bool) -> None:
        name = "dark" if dark else "light"
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, name)
        if self._persist:
            self.settings.setValue("theme", name)
        if self.act_dark.isChecked() != dark:
            self.act_dark.setChecked(dark)
        # The button names the theme it switches to, not the one on screen.
        self.act_dark.setText("&Light Theme" if dark else "&Dark Theme")
        self.act_dark.setToolTip(f"Switch to the {'light' if dark else 'dark'} theme (Ctrl+Shift+D)")
        self.update_status()
        self._apply_icons()
        self.matrix.view.viewport().update()
        self.matrix.view.horizontalHeader().viewport().update()
        self.themeChanged.emit(name)

    def set_safe_zones(self, on: bool) -> None:
        for name in ("set_safe_zones_visible", "set_safe_zones", "setSafeZonesVisible", "set_show_safe_zones"):
            fn = getattr(self.preview, name, None)
            if callable(fn):
                fn(on)
                return

    def _sync_safe_zones(self) -> None:
        """The View menu's toggle and the preview's own button show the same state."""
        button = getattr(self.preview, "safe_button", None)
        if button is not None and hasattr(button, "toggled"):
            button.toggled.connect(lambda on: self.act_safe.setChecked(on) if self.act_safe.isChecked() != on else None)
        self.set_safe_zones(self.act_safe.isChecked())

    def _show_review(self) -> None:
        self.review_dock.show()
        self.review_dock.raise_()

    def _step(self, dm: int, df: int) -> None:
        c = self.session.campaign
        if not c.messages or not c.formats:
            return
        mi = c.message_ids.index(self.session.message_id) if self.session.message_id in c.message_ids else 0
        visible = [f.id for f in c.formats if f.platform in self.matrix.visible_platforms()] or list(c.format_ids)
        fi = visible.index(self.session.format_id) if self.session.format_id in visible else 0
        self.session.select(c.message_ids[(mi + dm) % len(c.message_ids)], visible[(fi + df) % len(visible)])

    def show_shortcuts(self) -> None:
        rows = []
        for a in self.actions():
            if a.shortcut().isEmpty():
                continue
            rows.append(
                f"<tr><td>{a.text().replace('&', '')}</td><td>&nbsp;&nbsp;<b>"
                f"{a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}</b></td></tr>"
            )
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{''.join(rows)}</table>")

    # -- settings ------------------------------------------------------------------------------------
    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._splitter_moved = True

    def _fit_splitter(self) -> None:
        """The matrix shows its rows, but never more than MATRIX_SHARE of the centre: the preview
        takes what is left (at 1280 x 800 the preview was a 130 px strip)."""
        if self._splitter_moved:
            return
        total = max(self.splitter.height(), 2 * self.matrix.minimumHeight())
        top = max(self.matrix.minimumHeight(), min(self.matrix.preferred_height(), round(total * MATRIX_SHARE)))
        self.splitter.setSizes([top, max(self.preview.minimumHeight(), total - top)])

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_splitter)  # once the centre has its new height

    def restore_settings(self) -> None:
        geo = self.settings.value("geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        state = self.settings.value("windowState")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        split = self.settings.value("centreSplitter")
        if isinstance(split, QByteArray) and not split.isEmpty():
            self.splitter.restoreState(split)
            self._splitter_moved = str(self.settings.value("centreSplitterMoved", "false")) == "true"
        if str(self.settings.value("theme", "light")) == "dark":
            self.act_dark.setChecked(True)
        for dock in (self.campaign_dock, self.inspector_dock, self.review_dock):
            try:
                width = int(self.settings.value(f"dockWidth/{dock.objectName()}", 0) or 0)
            except (TypeError, ValueError):
                width = 0
            if width > 0:
                self.dock_widths.set_wanted(dock, width)

    def save_settings(self) -> None:
        if not self._persist:
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState())
        self.settings.setValue("centreSplitter", self.splitter.saveState())
        self.settings.setValue("centreSplitterMoved", "true" if self._splitter_moved else "false")
        self.settings.setValue("theme", theme.current())
        for dock in (self.campaign_dock, self.inspector_dock, self.review_dock):
            self.settings.setValue(f"dockWidth/{dock.objectName()}", self.dock_widths.wanted(dock))
        self.settings.sync()

    # -- window events ---------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self.maybe_save():
            event.ignore()
            return
        self.save_settings()
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop background work: panels' own workers first, then the shared render service."""
        for panel in (self.preview, self.review_panel, self.campaign_panel):
            fn = getattr(panel, "shutdown", None)
            if callable(fn):
                try:
                    fn()
                except Exception:  # noqa: BLE001 - closing must not fail
                    traceback.print_exc()
        self.render_service.shutdown()
        self.verdicts.shutdown()

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

    # -- readiness (screenshots, benchmarks) ---------------------------------------------------------
    def is_ready(self) -> bool:
        """Thumbnails, checks and the preview are up to date (nothing queued or rendering)."""
        if not self.matrix.is_ready():
            return False
        if not self.preview_ready():
            return False
        return self.render_service_idle()

    def preview_ready(self) -> bool:
        """The preview shows its latest render (its own `is_ready()` when it has one)."""
        ready = getattr(self.preview, "is_ready", None)
        if callable(ready):
            return bool(ready())
        # PreviewPanel without is_ready(): nothing pending, no timer about to ask for a render.
        if any(getattr(self.preview, "_pending", None) or ()):
            return False
        for name in ("_edit_timer", "_view_timer", "_idle_timer"):
            t = getattr(self.preview, name, None)
            if isinstance(t, QTimer) and t.isActive():
                return False
        return True

    def render_service_idle(self) -> bool:
        idle = getattr(self.render_service, "idle", None)
        if callable(idle):
            return bool(idle())
        pool = getattr(self.render_service, "_pool", None)
        return pool is None or pool.activeThreadCount() == 0

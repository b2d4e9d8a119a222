"""The main window: composes the panels around one Session and one RenderService.

The window is the composition root: it builds the panels, owns the menus, toolbar, status bar,
the error banner, settings and file handling (open, save, recent, drag and drop). Panels never
call each other; they talk through the session.
"""

from __future__ import annotations

import html
import traceback
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

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
from .window_files import CAMPAIGN_SUFFIXES, MAX_RECENT, FileHandling  # noqa: F401 - re-exported

CAMPAIGN_MIN_WIDTH = 280  # the copy fields stay readable ("Get ready to kiss your freedom")
MATRIX_SHARE = 0.42  # of the centre's height, until the designer drags the splitter
CENTRE_MIN_WIDTH = 440  # below this the docks give way (down to their minimums) to the preview
SIDE_MIN_WIDTH = 260  # inspector and review: findings text and the verdict buttons (they wrap)


class MainWindow(WindowActions, FileHandling, QMainWindow):
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
        self._large: QDialog | None = None
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
        self.review_banner = ErrorBanner(self)  # a hand-edited sign-off history (review/chain.py)
        self.review_banner.hint.setText(
            "The sign-off history was altered: new decisions and export of approved renders are refused "
            "until the review file is restored from a backup."
        )
        self.review_panel.historyBroken.connect(
            lambda t: self.review_banner.show_error(t) if t else self.review_banner.hide()
        )
        banner_box.addWidget(self.review_banner)
        if self.review_panel.history_problem():
            self.review_banner.show_error(self.review_panel.history_problem())
        self.campaign_dock = self._dock(
            "Campaign", "CampaignDock", self.campaign_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.inspector_dock = self._dock(
            "Inspector", "InspectorDock", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.review_dock = self._dock("Review", "ReviewDock", self.review_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        # its tab coming to the front is no showEvent: the current cell's hash is asked for then
        self.review_dock.visibilityChanged.connect(
            lambda shown: self.review_panel.on_selectionChanged() if shown else None
        )
        # Each dock is at least as wide as its content needs; the centre cannot take that away.
        self.campaign_panel.setMinimumWidth(CAMPAIGN_MIN_WIDTH)
        self.inspector.setMinimumWidth(SIDE_MIN_WIDTH)
        self.review_panel.setMinimumWidth(SIDE_MIN_WIDTH)
        self.tabifyDockWidget(self.inspector_dock, self.review_dock)
        from .copy_sources import CopySources  # each copy field of the cell and where it comes from

        self.copy_sources = CopySources(session, render_service)
        self.copy_dock = self._dock("Copy", "CopyDock", self.copy_sources, Qt.DockWidgetArea.RightDockWidgetArea)
        self.copy_dock.visibilityChanged.connect(self.copy_sources.on_dock_visibility)
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

        self.matrix.cellExportRequested.connect(self.export_cell)
        self.matrix.cellRevealRequested.connect(self.reveal_cell)
        self.matrix.cellDecisionRequested.connect(self.decide_cell)
        self.matrix.cellLargeRequested.connect(self.open_large)
        self.matrix.imageCopied.connect(
            lambda err: self.statusBar().showMessage(err or "Image copied to the clipboard (full size).", 5000)
        )
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
    def export(self) -> None:
        dialog = ExportDialog(self.session, self, settings=self.settings)
        dialog.exec()

    # -- a cell's menu ------------------------------------------------------------------------------
    def export_cell(self, message_id: str, format_id: str) -> ExportDialog:
        """The export dialog with exactly this cell ticked (tests call `dialog_hook`)."""
        dialog = ExportDialog(self.session, self, settings=self.settings)
        dialog.set_selection([message_id], [format_id])
        self.dialog_hook(dialog)
        return dialog

    def dialog_hook(self, dialog) -> None:
        """Show a dialog modally (tests replace this)."""
        dialog.exec()

    def exported_file(self, message_id: str, format_id: str) -> Path | None:
        """Where the last export folder holds this cell's PNG (the manifest's layout)."""
        parent = str(self.settings.value("export/folder", "") or "")
        c = self.session.campaign
        if not parent:
            return None
        return Path(parent) / f"{c.id}-export" / c.id / message_id / f"{format_id}.png"

    def reveal_cell(self, message_id: str, format_id: str) -> bool:
        path = self.exported_file(message_id, format_id)
        if path is None or not path.exists():
            self.statusBar().showMessage(f"{message_id} / {format_id} has not been exported yet.", 6000)
            return False
        if not self.open_url(QUrl.fromLocalFile(str(path.parent))):
            self.statusBar().showMessage(f"No file manager could be opened. The file is {path}", 8000)
            return False
        return True

    def open_url(self, url: QUrl) -> bool:
        """Open a folder in the desktop's file manager (tests replace this)."""
        return QDesktopServices.openUrl(url)

    def decide_cell(self, message_id: str, format_id: str, status: str) -> bool:
        self.session.select(message_id, format_id)
        self.review_dock.show()
        self.review_dock.raise_()
        return self.review_panel.decide(status)

    def open_large(self, message_id: str, format_id: str) -> QDialog:
        """The cell's preview in its own large window (its own plates, the same session)."""
        from .preview_panel import PreviewPanel

        self.session.select(message_id, format_id)
        if self._large is None:
            self._large = QDialog(self)
            self._large.setWindowTitle("Preview")
            lay = QVBoxLayout(self._large)
            lay.setContentsMargins(0, 0, 0, 0)
            self._large_preview = PreviewPanel(self.session, self.render_service, keys=("large", "large-b"))
            lay.addWidget(self._large_preview)
        screen = self.screen().availableGeometry() if self.screen() else None
        w, h = round(self.width() * 0.9), round(self.height() * 0.9)  # larger than the centre's preview
        if screen is not None:
            w, h = max(w, round(screen.width() * 0.8)), max(h, round(screen.height() * 0.85))
        self._large.resize(w, h)
        self._large.show()
        self._large.raise_()
        return self._large

    # -- recent files -----------------------------------------------------------------------------------
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

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(what, keys) for every action with a shortcut: the window's, the preview's zoom keys
        and the Campaign panel's message keys (they live on those panels, not on the window)."""
        actions = list(self.actions()) + list(self.preview.zoom_actions) + list(self.campaign_panel.actions())
        actions += list(self.campaign_panel.list.actions())
        rows, seen = [], set()
        for a in actions:
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in a.shortcuts())
            text = a.text().replace("&", "")
            if keys and (text, keys) not in seen:
                seen.add((text, keys))
                rows.append((text, keys))
        return rows

    def show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td>{html.escape(t)}</td><td>&nbsp;&nbsp;<b>{html.escape(k)}</b></td></tr>"
            for t, k in self.shortcut_rows()
        )
        QMessageBox.information(self, "Keyboard shortcuts", f"<table>{rows}</table>")

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
        if self._large is not None:
            self._large_preview.shutdown()
        self.render_service.shutdown()
        self.verdicts.shutdown()

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

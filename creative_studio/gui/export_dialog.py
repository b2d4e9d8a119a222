"""Export from the app: choose messages x formats and a folder, export in worker processes.

The dialog runs the very `export_batch` the command line runs (same files, same manifest), in a
QThread so the GUI thread never waits; export_batch itself fans the renders out to worker
processes. Progress comes back per file by queued signal; Cancel sets a flag export_batch polls,
which cancels the renders not yet started (running ones finish, the manifest lists what was
written). The export uses the campaign as shown, including unsaved edits.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTextEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..model import TEMPLATES_DIR, Campaign
from . import theme
from .export_job import MIN_JOBS, ExportThread, default_jobs
from .session import Session

PLATFORM_LABELS = theme.PLATFORM_LABELS  # from the platform registry
SETTINGS_KEY = "export/folder"  # the parent folder of the last export


def gui_words(text: str) -> str:
    """Engine messages speak to the command line; in the dialog, name the checkbox instead."""
    return text.replace("export with --allow-errors", "tick \u201cExport renders with errors\u201d").replace(
        "--allow-errors", "\u201cExport renders with errors\u201d"
    )


def _inside(path: Path, folder: Path) -> bool:
    try:
        return Path(path).resolve().is_relative_to(Path(folder).resolve())
    except OSError:
        return False


class ExportDialog(QDialog):
    """Messages x formats, a folder, options; Export with progress, Cancel, Open folder.

    Signals: QDialog's own (accepted/rejected); progress is internal (ExportThread's signals).

    Hooks for tests and the main window: `ask_folder() -> str | None`, `open_folder(path)`.
    """

    def __init__(self, session: Session, parent: QWidget | None = None, settings: QSettings | None = None):
        super().__init__(parent)
        self.setObjectName("ExportDialog")
        self.setWindowTitle("Export")
        self.session = session
        self.campaign = session.campaign
        self.thread: ExportThread | None = None
        self.result = None
        self._close_when_done = False
        self._written = 0
        self._failed = 0
        self._skipped = 0
        self._bar_state = ""
        self._settings = settings if settings is not None else QSettings()

        root = QVBoxLayout(self)
        root.setContentsMargins(16, 14, 16, 14)
        root.setSpacing(10)

        pick = QHBoxLayout()
        pick.setSpacing(12)
        pick.addWidget(self._build_messages(), 1)
        pick.addWidget(self._build_formats(), 2)
        root.addLayout(pick, 3)

        opts = QGroupBox("Where and how", self)
        form = QFormLayout(opts)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        row = QHBoxLayout()
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setPlaceholderText("Choose a folder for the PNGs and manifest.json")
        self.folder_edit.setText(str(self._default_folder()))
        self.folder_edit.textChanged.connect(self._update_summary)
        browse = QPushButton("Choose\u2026", self)
        browse.clicked.connect(self.choose_folder)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        form.addRow("Folder", row)
        orow = QHBoxLayout()
        self.jobs_spin = QSpinBox(self)
        self.jobs_spin.setRange(MIN_JOBS, max(32, default_jobs()))
        self.jobs_spin.setValue(default_jobs())
        self.jobs_spin.setSuffix(" worker processes")
        self.jobs_spin.setToolTip("Renders run in parallel processes; one per core is usually fastest")
        self.approved_check = QCheckBox("Approved renders only", self)
        self.approved_check.setToolTip("Write only files whose exact bytes a reviewer approved (not stale)")
        self.allow_errors_check = QCheckBox("Export renders with errors", self)
        self.allow_errors_check.setToolTip(
            "Normally a render with a compliance error (an error finding of the checks) is not written"
        )
        orow.addWidget(self.jobs_spin)
        orow.addSpacing(12)
        orow.addWidget(self.approved_check)
        orow.addSpacing(12)
        orow.addWidget(self.allow_errors_check)
        orow.addStretch(1)
        form.addRow("Options", orow)
        root.addWidget(opts)

        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setVisible(session.dirty)
        self.note.setText(
            "This campaign has unsaved edits: the export shows them, but manifest.json names "
            "the file on disk (campaign_sha256). Save first for a traceable export."
        )
        self.note.setStyleSheet("color: #B35C00;")
        root.addWidget(self.note)

        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.progress.setFormat("%v / %m files")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        root.addWidget(self.progress)
        self.log = QTextEdit(self)  # rich text: failed files in red, with their reason
        self.log.setObjectName("ExportLog")
        self.log.setReadOnly(True)
        self.log.document().setMaximumBlockCount(5000)
        self.log.setPlaceholderText("Files written and failed appear here.")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.log.setFont(mono)
        self.log.setMinimumHeight(90)
        root.addWidget(self.log, 1)

        bottom = QHBoxLayout()
        self.summary = QLabel(self)
        bottom.addWidget(self.summary, 1)
        self.open_button = QPushButton("Open folder", self)
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(self.on_open_folder)
        self.cancel_button = QPushButton("Cancel export", self)
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.export_button = QPushButton("Export", self)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.reject)
        for b in (self.open_button, self.cancel_button, self.export_button, self.close_button):
            bottom.addWidget(b)
        root.addLayout(bottom)

        self.resize(860, 760)
        self._fill_lists(self.campaign)
        session.campaignChanged.connect(self.on_campaign_changed)

    # -- construction ------------------------------------------------------------------------------
    def _build_messages(self) -> QWidget:
        box = QGroupBox("Messages", self)
        lay = QVBoxLayout(box)
        self.messages = QListWidget(box)
        self.messages.setObjectName("ExportMessages")
        self.messages.setWordWrap(True)
        self.messages.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.messages.itemChanged.connect(self._update_summary)
        lay.addWidget(self.messages)
        lay.addLayout(self._all_none(lambda on: self._check_all_messages(on)))
        return box

    def _build_formats(self) -> QWidget:
        box = QGroupBox("Formats", self)
        lay = QVBoxLayout(box)
        self.formats = QTreeWidget(box)
        self.formats.setObjectName("ExportFormats")
        self.formats.setHeaderLabels(["Format", "Size"])
        self.formats.setRootIsDecorated(True)
        self.formats.setUniformRowHeights(True)
        self._platform_items: dict[str, QTreeWidgetItem] = {}
        self._format_items: dict[str, QTreeWidgetItem] = {}
        header = self.formats.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.formats.itemChanged.connect(self._update_summary)
        lay.addWidget(self.formats)
        lay.addLayout(self._all_none(lambda on: self._check_all_formats(on)))
        return box

    def _fill_lists(self, campaign: Campaign) -> None:
        """(Re)list the campaign's messages and formats; what was unchecked stays unchecked."""
        was_m = {
            self.messages.item(i).data(Qt.ItemDataRole.UserRole): self.messages.item(i).checkState()
            for i in range(self.messages.count())
        }
        was_f = {fid: it.checkState(0) for fid, it in self._format_items.items()}
        self.messages.blockSignals(True)
        self.formats.blockSignals(True)
        try:
            self.messages.clear()
            for m in campaign.messages:
                it = QListWidgetItem(m.slogan or m.id)
                it.setToolTip(m.id)
                it.setData(Qt.ItemDataRole.UserRole, m.id)
                it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                it.setCheckState(was_m.get(m.id, Qt.CheckState.Checked))
                self.messages.addItem(it)
            self.formats.clear()
            self._platform_items.clear()
            self._format_items.clear()
            for fmt in campaign.formats:
                parent = self._platform_items.get(fmt.platform)
                if parent is None:
                    label = theme.platform_label(fmt.platform)
                    parent = QTreeWidgetItem(self.formats, [label, ""])
                    parent.setFlags(parent.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
                    f = parent.font(0)
                    f.setBold(True)
                    parent.setFont(0, f)
                    self._platform_items[fmt.platform] = parent
                size = f"{fmt.width}\u00d7{fmt.height}"
                if fmt.print_spec:
                    size += f"  ({fmt.print_spec.width_mm / 1000:g}\u00d7{fmt.print_spec.height_mm / 1000:g} m)"
                it = QTreeWidgetItem(parent, [fmt.name, size])
                it.setData(0, Qt.ItemDataRole.UserRole, fmt.id)
                it.setToolTip(0, fmt.id)
                it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                it.setCheckState(0, was_f.get(fmt.id, Qt.CheckState.Checked))
                self._format_items[fmt.id] = it
            self.formats.expandAll()
        finally:
            self.messages.blockSignals(False)
            self.formats.blockSignals(False)
        self._update_summary()

    def on_campaign_changed(self, campaign: Campaign) -> None:
        """A hot reload or an edit while the dialog is open: keep the lists true to the campaign."""
        self.campaign = campaign
        self.note.setVisible(self.session.dirty)
        if not self.is_running():
            self._fill_lists(campaign)

    def _all_none(self, fn) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, on in (("All", True), ("None", False)):
            b = QToolButton(self)
            b.setText(text)
            b.clicked.connect(lambda _=False, on=on: fn(on))
            row.addWidget(b)
        row.addStretch(1)
        return row

    def _default_folder(self) -> Path:
        """Where the designer last exported to, else beside the campaign; never inside the
        bundled templates (or the package), which are not the designer's folders."""
        remembered = str(self._settings.value(SETTINGS_KEY, "") or "")
        if remembered and Path(remembered).is_dir():
            return Path(remembered) / f"{self.campaign.id}-export"
        path = self.session.path
        if path is not None and not _inside(path, TEMPLATES_DIR) and os.access(path.parent, os.W_OK):
            return path.parent / f"{self.campaign.id}-export"
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(docs or Path.home()) / "Creative Studio" / f"{self.campaign.id}-export"

    # -- hooks -------------------------------------------------------------------------------------
    def ask_folder(self) -> str | None:
        """Ask for the output folder (tests replace this)."""
        d = QFileDialog.getExistingDirectory(self, "Export to folder", self.folder_edit.text())
        return d or None

    def open_folder(self, path: Path) -> bool:
        """Show the folder in the desktop's file manager; False when none could be opened."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def on_open_folder(self) -> None:
        path = self.output_folder()
        if not self.open_folder(path):
            self.summary.setText(f"No file manager could be opened. The files are in {path}")
            self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._log(f"No file manager could be opened; the files are in {path}", "error")

    # -- choices -----------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        d = self.ask_folder()
        if d:
            self.folder_edit.setText(d)

    def output_folder(self) -> Path:
        return Path(self.folder_edit.text()).expanduser()

    def _check_all_messages(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.messages.count()):
            self.messages.item(i).setCheckState(state)

    def _check_all_formats(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for it in self._format_items.values():
            it.setCheckState(0, state)

    def set_selection(self, message_ids, format_ids) -> None:
        """Check exactly these messages and formats."""
        mids, fids = set(message_ids), set(format_ids)
        for i in range(self.messages.count()):
            it = self.messages.item(i)
            it.setCheckState(
                Qt.CheckState.Checked if it.data(Qt.ItemDataRole.UserRole) in mids else Qt.CheckState.Unchecked
            )
        for fid, it in self._format_items.items():
            it.setCheckState(0, Qt.CheckState.Checked if fid in fids else Qt.CheckState.Unchecked)

    def selected_messages(self) -> list[str]:
        return [
            self.messages.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.messages.count())
            if self.messages.item(i).checkState() == Qt.CheckState.Checked
        ]

    def selected_formats(self) -> list[str]:
        return [fid for fid, it in self._format_items.items() if it.checkState(0) == Qt.CheckState.Checked]

    def _update_summary(self, *_) -> None:
        if self.is_running():
            return
        m, f = len(self.selected_messages()), len(self.selected_formats())
        self.summary.setText(f"{m} message{'s' * (m != 1)} \u00d7 {f} format{'s' * (f != 1)} = {m * f} files")
        self._bar_colour("")
        self.progress.setRange(0, max(1, m * f))  # "0 / 78 files" beside "= 78 files", never "0 / 100"
        self.progress.setValue(0)
        self.progress.setFormat("%v / %m files" if m * f else "no files selected")
        self.export_button.setEnabled(m * f > 0 and bool(self.folder_edit.text().strip()))

    def _log(self, text: str, colour: str = "") -> None:
        style = f" style='color:{theme.color(colour).name()}'" if colour else ""
        self.log.append(f"<span{style}>{html.escape(text)}</span>")

    def _bar_colour(self, colour: str) -> None:
        """The bar says how it went: red when a file failed, amber when all were skipped."""
        self._bar_state = colour
        if colour:
            self.progress.setStyleSheet(f"QProgressBar::chunk {{ background: {theme.color(colour).name()}; }}")
        else:
            self.progress.setStyleSheet("")

    def bar_state(self) -> str:
        return self._bar_state

    # -- running -----------------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self.thread is not None and self.thread.isRunning()

    def is_finished(self) -> bool:
        return self.result is not None

    def start(self) -> None:
        """Export the checked messages x formats in the background."""
        if self.is_running():
            return
        mids, fids = self.selected_messages(), self.selected_formats()
        if not mids or not fids:
            return
        outdir = self.output_folder()
        self.result = None
        self._written = self._failed = self._skipped = 0
        self.log.clear()
        self._bar_colour("")
        if outdir.parent.is_dir():
            self._settings.setValue(SETTINGS_KEY, str(outdir.parent))
        self.progress.setRange(0, len(mids) * len(fids))
        self.progress.setValue(0)
        self.open_button.setVisible(False)
        self.export_button.setEnabled(False)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.close_button.setEnabled(True)
        self.summary.setText(f"Exporting to {outdir}\u2026")
        self._set_inputs_enabled(False)
        t = ExportThread(
            self.session.campaign,
            outdir,
            mids,
            fids,
            self.jobs_spin.value(),
            self.allow_errors_check.isChecked(),
            self.approved_check.isChecked(),
            self,
        )
        t.fileDone.connect(self.on_file_done)
        t.exportFinished.connect(self.on_export_finished)
        t.exportFailed.connect(self.on_export_failed)
        t.finished.connect(self.on_thread_finished)
        self.thread = t
        t.start()

    def cancel(self) -> None:
        if self.is_running() and self.thread is not None:
            self.thread.cancel()
            self.cancel_button.setEnabled(False)
            self.summary.setText("Cancelling: renders already running finish first\u2026")

    def _set_inputs_enabled(self, on: bool) -> None:
        for w in (
            self.messages,
            self.formats,
            self.folder_edit,
            self.jobs_spin,
            self.approved_check,
            self.allow_errors_check,
        ):
            w.setEnabled(on)

    def on_file_done(self, done: int, total: int, r) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if r.written:
            self._written += 1
            kb = r.bytes / 1024
            self._log(f"\u2713 {r.path}  {r.width}\u00d7{r.height}  {kb:,.0f} KB")
        elif r.error:
            self._failed += 1
            self._log(f"\u2717 {r.path}  {gui_words(r.error)}", "error")
            self._bar_colour("error")
        else:
            self._skipped += 1
            self._log(f"\u2013 {r.path}  skipped: {gui_words(r.skipped)}", "muted")

    def on_export_finished(self, result) -> None:
        self.result = result
        parts = [f"{self._written} written"]
        if self._failed:
            parts.append(f"{self._failed} failed")
        if self._skipped:
            parts.append(f"{self._skipped} skipped")
        head = "Cancelled" if result.cancelled else "Done"
        manifest = f", {Path(result.manifest_path).name}" if result.manifest_path else ""
        self.summary.setText(f"{head}: {', '.join(parts)}{manifest}")
        self._log(f"{head}. Manifest: {result.manifest_path}", "error" if self._failed else "")
        if not result.cancelled:
            self.progress.setValue(self.progress.maximum())
        self._bar_colour("error" if self._failed else ("warning" if self._skipped and not self._written else ""))
        self.open_button.setVisible(True)

    def on_export_failed(self, message: str) -> None:
        self.result = False  # finished, without a result
        self.summary.setText("Export failed")
        self._log(f"\u2717 {gui_words(message)}", "error")
        self._bar_colour("error")

    def on_thread_finished(self) -> None:
        self.cancel_button.setVisible(False)
        self._set_inputs_enabled(True)
        self.export_button.setText("Export again")
        self.export_button.setEnabled(True)
        if self.thread is not None:
            self.thread.deleteLater()
        self.thread = None
        if self._close_when_done:
            super().reject()

    # -- closing -----------------------------------------------------------------------------------
    def reject(self) -> None:
        """Close; while exporting, cancel first and close once the worker has stopped."""
        if self.is_running():
            self._close_when_done = True
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.is_running():
            self._close_when_done = True
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)


__all__ = ["MIN_JOBS", "ExportDialog", "ExportThread", "PLATFORM_LABELS", "default_jobs"]

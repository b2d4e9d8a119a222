"""The review panel's comparison with the approved render, and its sign-off sheet.

A mixin of `ReviewPanel`: "Compare with approved" renders the current cell at full size on a
worker thread and shows the changed pixels; the sheet is written off the GUI thread too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout

from .review_jobs import STATE_LABEL, Compared, CompareJob, SheetJob


class CompareAndSheet:
    """Compare view + sign-off sheet, for `ReviewPanel`."""

    def _on_compare_toggled(self, on: bool) -> None:
        self.compare_area.setVisible(on)
        if on:
            self._request_compare()

    def _request_compare(self) -> None:
        s = self._session
        m, f = s.message_id, s.format_id
        self._compare_token += 1
        lk = self.language_key()
        judged = self._log.latest_approved(m, f, lk) or self._log.latest(m, f, lk)
        if judged is None:
            self._show_compare(None, "Nothing to compare: no verdict yet.")
            return
        cur = self.current_hash(m, f)
        if cur is not None and cur == judged.sha256:
            self._show_compare(
                None, f"The current render is byte-for-byte the {STATE_LABEL[judged.status].lower()} one ({cur[:12]})."
            )
            return
        self.compare_text.setText(
            f"Comparing with the {STATE_LABEL[judged.status].lower()} render {judged.sha256[:12]}…"
        )
        job = CompareJob(self._signals, self._compare_token, s.campaign, m, f, judged.sha256, self._render_language())
        self._pool.start(job, 2)

    def on_compared(self, out: Compared) -> None:
        if out.token != self._compare_token:
            return
        self.compareReady.emit(
            {"message": out.message, "format": out.format, "bbox": out.bbox, "text": out.text, "image": out.image}
        )
        self._show_compare(QPixmap.fromImage(out.image) if out.image is not None else None, out.text)

    def _show_compare(self, pixmap: QPixmap | None, text: str) -> None:
        self.compare_text.setText(text)
        self._compare_pixmap = pixmap
        self._fit_compare()

    def open_large_compare(self) -> QDialog | None:
        """The comparison at full resolution in its own window (scrollable), for a closer look."""
        if self._compare_pixmap is None or self._compare_pixmap.isNull():
            return None
        if self._large is None:
            self._large = QDialog(self)
            self._large.setWindowTitle("Approved vs current")
            area = QScrollArea(self._large)
            area.setWidgetResizable(False)
            self._large_label = QLabel()
            area.setWidget(self._large_label)
            lay = QVBoxLayout(self._large)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(area)
        pm = self._compare_pixmap
        self._large_label.setPixmap(pm)
        self._large_label.resize(pm.size())
        self._large.resize(min(pm.width() + 24, 1500), min(pm.height() + 24, 950))
        self._large.show()
        self._large.raise_()
        return self._large

    def _fit_compare(self) -> None:
        has = self._compare_pixmap is not None and not self._compare_pixmap.isNull()
        self.large_button.setEnabled(has)
        if not has:
            self.compare_image.clear()
            return
        w = max(50, self.compare_image.width())
        h = max(50, self.compare_image.height())
        self.compare_image.setPixmap(
            self._compare_pixmap.scaled(
                w, h, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )

    def ask_sheet_path(self) -> str:
        """Where to save the sheet (tests replace this)."""
        from PySide6.QtWidgets import QFileDialog

        c = self._session.campaign
        default = str(c.path.with_name(c.path.stem + "-signoff.pdf")) if c.path else "signoff.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Save the sign-off sheet", default, "PDF (*.pdf)")
        return path

    def on_sheet_button(self) -> None:
        why = self.needs_saved_campaign("the sheet must describe the saved file")
        if why:  # say so before asking for a path nobody can use yet
            self._refuse(why)
            return
        path = self.ask_sheet_path()
        if path:
            self.write_sheet(path)

    def write_sheet(self, path: str) -> bool:
        """Write the sign-off sheet of the current campaign off the GUI thread; emits sheetWritten."""
        s = self._session
        why = self.needs_saved_campaign("the sheet must describe the saved file")
        if why:
            return self._refuse(why)
        self.sheet_button.setEnabled(False)
        self.message_label.setText("Writing the sign-off sheet…")
        self._pool.start(SheetJob(self._signals, s.campaign, str(path)), 1)
        return True

    def on_sheet(self, path: str, error: str) -> None:
        self.sheet_button.setEnabled(True)
        if error:
            self._refuse(f"The sheet was not written: {error}")
        else:
            self.message_label.setText(f"Sign-off sheet written: {path}")
        self.sheetWritten.emit(path, error)

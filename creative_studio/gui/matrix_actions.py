"""Acting on the matrix: search and status filters, platform chips, a cell's menu, double-click.

A mixin of `MatrixPanel`. Filters hide the message rows and format columns in which no cell
matches (search by text: a message's copy, or a format's name; status: errors, warnings,
pending, stale, approved; in language rows each (language, message) row on its own); when the selected cell is filtered out, the selection moves to the
first cell still shown, so the inspector never describes a hidden cell. The cell menu asks the
window for what only it can do (export, open large, record a verdict, reveal the file) by signal.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QMenu

from . import theme
from .matrix_model import counts

STATUS_FILTERS = (
    ("all", "Any status"),
    ("errors", "Errors"),
    ("warnings", "Warnings"),
    ("pending", "Pending review"),
    ("stale", "Stale"),
    ("approved", "Approved"),
)
COPY_ROLES = ("slogan", "cta", "cta_short", "hashtag", "headline", "primary_text", "description", "alt_text")


class CellActions:
    """Filters, chips, cell menu and double-click, for `MatrixPanel`."""

    def _build_filters(self) -> list:
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("MatrixSearch")
        self.search_edit.setPlaceholderText("Search copy or format…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(160)
        self.search_edit.textChanged.connect(lambda _t: self.apply_filters())
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("MatrixStatus")
        for key, label in STATUS_FILTERS:
            self.status_combo.addItem(label, key)
        self.status_combo.setToolTip("Show only cells with this check or review status")
        self.status_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        return [self.search_edit, self.status_combo]

    # -- chips ---------------------------------------------------------------------------------------
    def _on_filter_clicked(self, platform: str) -> None:
        """A chip shows only its platform; Ctrl-click adds it to (or takes it from) the others."""
        allp = {p for p, _, _ in theme.PLATFORMS}
        if platform == "all":
            self.set_platforms(None)
            return
        if QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ControlModifier:
            current = set() if self._platforms == allp else set(self._platforms)
            current ^= {platform}
            self.set_platforms(current or None)
        else:
            self.set_platforms({platform})

    # -- filters -------------------------------------------------------------------------------------
    def cell_matches_status(self, message_id: str, format_id: str, language: str | None = None) -> bool:
        """Does the cell (in `language`; None: the language shown) match the status filter?"""
        want = self.status_combo.currentData() or "all"
        if want == "all":
            return True
        if want in ("errors", "warnings"):
            if language is not None and language != self.model.findings_language:
                return False  # checked in the language shown only: nothing known here
            found = self._session.findings(message_id, format_id)
            e, w = counts(found)
            return bool(e if want == "errors" else w)
        review = self.model.index_of(message_id, format_id, language).data(self._review_role) or "pending"
        return review == want

    def apply_filters(self) -> None:
        """Hide rows/columns with no matching cell (platform chips, search text, status).

        In language rows every (language, message) row is matched on its own: the search on the
        message's copy or the row's slogan in its language, the status on its language's badges.
        """
        c = self.model.campaign
        allp = {p for p, _, _ in theme.PLATFORMS}
        query = " ".join(self.search_edit.text().split()).casefold()
        cols = [k for k, f in enumerate(c.formats) if f.platform in self._platforms or f.platform not in allp]
        named = self.model.rows()  # (language, message id) per row
        messages = {m.id: m for m in c.messages}
        rows = list(range(len(named)))
        if query:
            hit_rows = [
                r
                for r in rows
                if any(query in (messages[named[r][1]].text_for(n) or "").casefold() for n in COPY_ROLES)
                or query in self.model.slogan(r).casefold()
            ]
            hit_cols = [k for k in cols if query in f"{c.formats[k].name} {c.formats[k].id}".casefold()]
            if hit_rows:
                rows = hit_rows
            else:
                rows, cols = (rows, hit_cols) if hit_cols else ([], [])
        if (self.status_combo.currentData() or "all") != "all":
            cells = [
                (r, k)
                for r in rows
                for k in cols
                if self.cell_matches_status(named[r][1], c.formats[k].id, named[r][0])
            ]
            rows = sorted({r for r, _ in cells})
            cols = sorted({k for _, k in cells})
        shown_rows, shown_cols = set(rows), set(cols)
        for r in range(len(named)):
            self.view.setRowHidden(r, r not in shown_rows)
        for k in range(len(c.formats)):
            self.view.setColumnHidden(k, k not in shown_cols)
        self.view.horizontalHeader().viewport().update()
        self._follow_filter(rows, cols)
        self._update_subtitle()

    def _follow_filter(self, rows: list[int], cols: list[int]) -> None:
        """The selection (and so the inspector and preview) never stays on a hidden cell."""
        s = self._session
        if not rows or not cols:
            return
        current = self.view.currentIndex()
        at = current if current.isValid() and self.model.cell(current) == (s.message_id, s.format_id) else None
        at = at or self.model.index_of(s.message_id, s.format_id)
        if not at.isValid():
            return
        r, k = at.row(), at.column()
        if r in rows and k in cols:
            return
        target = self.model.index(r if r in rows else rows[0], k if k in cols else cols[0])
        if self.model.row_languages:
            self.select_index(target)  # the row's language is shown with it
        else:
            s.select(*self.model.cell(target))

    def shown_cells(self) -> list[tuple[str, str]]:
        """(message, format) of the cells shown, in order (once each, in language rows too)."""
        c = self.model.campaign
        seen: dict[tuple[str, str], None] = {}
        for r in range(self.model.rowCount()):
            if self.view.isRowHidden(r):
                continue
            m = self.model.cell(self.model.index(r, 0))[0]
            for k, f in enumerate(c.formats):
                if not self.view.isColumnHidden(k):
                    seen.setdefault((m, f.id), None)
        return list(seen)

    # -- a cell's menu and double-click ------------------------------------------------------------------
    def cell_menu(self, index: QModelIndex) -> QMenu | None:
        """The menu for a cell (built, not shown: tests trigger its actions by text)."""
        if not index.isValid():
            return None
        m, f = self.model.cell(index)
        menu = QMenu(self)
        menu.addAction("Export this cell…", lambda: self.cellExportRequested.emit(m, f))
        menu.addAction("Copy image", lambda: self.copy_image(m, f))
        menu.addAction("Reveal in folder", lambda: self.cellRevealRequested.emit(m, f))
        menu.addSeparator()
        menu.addAction("Approve", lambda: self.cellDecisionRequested.emit(m, f, "approved"))
        menu.addAction("Request changes", lambda: self.cellDecisionRequested.emit(m, f, "changes-requested"))
        menu.addSeparator()
        menu.addAction("Open large", lambda: self.cellLargeRequested.emit(m, f))
        return menu

    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        menu = self.cell_menu(index)
        if menu is not None:
            self.select_index(index)  # in a language row, its language is the one acted on
            menu.exec(self.view.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            m, f = self.model.cell(index)
            self.select_index(index)
            self.cellLargeRequested.emit(m, f)

    def copy_image(self, message_id: str, format_id: str) -> int:
        """Copy the cell's full-size render (the export's pixels) to the clipboard, rendered on a
        worker thread; returns the request id (the clipboard fills when `imageCopied` fires)."""
        c = self._session.campaign
        key = "copy-image"
        self._keys[key] = ("copy", message_id, format_id, "")
        return self._service.request(key, c, message_id, format_id, 1.0, checks=False, priority=5)

    def _on_copy_rendered(self, out) -> None:
        if out.error or out.image.isNull():
            self.imageCopied.emit(f"Could not copy: {out.error or 'render failed'}")
            return
        QGuiApplication.clipboard().setImage(out.image)
        self.imageCopied.emit("")


__all__ = ["COPY_ROLES", "STATUS_FILTERS", "CellActions"]

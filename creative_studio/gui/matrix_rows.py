"""The matrix's language rows ("All languages") and its selection, for `MatrixPanel`.

In language rows a row is a (language, message): selecting a cell selects its message and format
in the session and shows the row's language (`Session.set_language`; the language switcher
follows, so the preview, the Copy tab and the Review tab show that language). The session's
selection names no language, so a selection from elsewhere lands in the row of the language
shown, and never moves off a row of another language that already shows the cell.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView


class LanguageRows:
    """Language rows, visible cells and the selection, for `MatrixPanel`."""

    def on_languageRowsChanged(self, on: bool) -> None:  # noqa: N802 - signal name
        """ "All languages" on or off: one row per (language, message), or per message again."""
        self.model.set_language_rows(on)
        self.apply_filters()
        self.on_selectionChanged(self._session.message_id, self._session.format_id)
        self.on_reviewChanged()
        self._place_corner()
        self.corner.setText("LANGUAGE · MESSAGE  ↓\nFORMAT  →" if self.model.row_languages else "MESSAGE  ↓\nFORMAT  →")
        self._timer.start(0)

    def on_selectionChanged(self, message_id: str, format_id: str) -> None:  # noqa: N802 - signal name
        current = self.view.currentIndex()
        if current.isValid() and self.model.cell(current) == (message_id, format_id):
            return  # already there (in language rows: in the row of the language shown)
        idx = self.model.index_of(message_id, format_id)
        if idx.isValid() and self.view.currentIndex() != idx:
            self.view.setCurrentIndex(idx)
            self.view.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)

    def on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.view.verticalHeader().viewport().update()
        if current.isValid():
            self._apply_index(current)

    def _apply_index(self, index: QModelIndex) -> None:
        """Select the cell in the session; in a language row, show that row's language too (the
        language switcher follows the session: preview, Copy tab and Review show it)."""
        m, f = self.model.cell(index)
        self._session.select(m, f)
        if self.model.row_languages:
            self._session.set_language(self.model.row_language(index.row()))

    def select_index(self, index: QModelIndex) -> None:
        """Make `index` the current cell, as a click does (menu, double-click)."""
        if not index.isValid():
            return
        if self.view.currentIndex() != index:
            self.view.setCurrentIndex(index)  # -> on_current_changed
        else:
            self._apply_index(index)

    def _visible_cells(self) -> set[tuple[str, str]]:
        """(message, format) of the cells on screen (in any language row)."""
        return {(m, f) for _lang, m, f in self._visible_row_cells()}

    def _visible_row_cells(self) -> set[tuple[str, str, str]]:
        """(language, message, format) of the cells on screen."""
        if not self.isVisible():
            return set()
        vp = self.view.viewport().rect()
        c = self.model.campaign
        rows = [
            r
            for r in range(self.model.rowCount())
            if not self.view.isRowHidden(r)
            and self.view.rowViewportPosition(r) < vp.height()
            and self.view.rowViewportPosition(r) + self.view.rowHeight(r) > 0
        ]
        cols = [
            k
            for k in range(self.model.columnCount())
            if not self.view.isColumnHidden(k)
            and self.view.columnViewportPosition(k) < vp.width()
            and self.view.columnViewportPosition(k) + self.view.columnWidth(k) > 0
        ]
        named = self.model.rows()
        return {(*named[r], c.formats[k].id) for r in rows for k in cols}


__all__ = ["LanguageRows"]

"""The "Copy" panel: for the selected cell, every copy field's text and where it comes from.

Read-only. One row per field (slogan … url) of the selected message on the selected format in
the language the toolbar shows: the text the render uses, and its origin: the master (the
message's own, or the campaign's defaults), a platform or format override, or the default
language standing in for a missing translation (marked, as the missing-translation check
reports it). Pick a row to edit it below (gui/copy_editor.py) for this format, this platform or
all; its right-click menu resets a value to the one it inherits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..model.copyedit import can_reset, cell_scopes
from ..model.types import CAMPAIGN_FIELDS as CAMPAIGN_FIELDS_SET
from ..model.types import CAMPAIGN_WIDE
from ..model.variants import ResolvedValue, resolve_copy
from .copy_editor import CopyEditor, scope_label
from .render_service import RenderService
from .session import Session

LABELS = {
    "slogan": "Slogan",
    "cta": "Call to action",
    "cta_short": "Call to action, short",
    "hashtag": "Hashtag",
    "headline": "Headline",
    "primary_text": "Primary text",
    "description": "Description",
    "alt_text": "Alt text",
    "brand_name": "Brand name",
    "url": "URL",
}
FALLBACK_INK = QColor("#B45309")  # the warning orange of the checks
FIELD_COLUMN_WIDTH = 128  # "Call to action, short" on one line; the origin wraps beneath it
RowRole = Qt.ItemDataRole.UserRole + 1  # (label, text, origin) of a row


def origin_text(v: ResolvedValue, default_language: str) -> str:
    """'master', 'campaign default', 'platform:outdoor', 'format:…', and '(en: no translation)'."""
    if v.scope == "all":
        where = "campaign default" if v.owner == CAMPAIGN_WIDE and v.field not in ("brand_name", "url") else "master"
    else:
        where = v.scope + (" (campaign-wide)" if v.owner == CAMPAIGN_WIDE else "")
    if v.via:
        where += f", from {v.via}"
    if v.fallback:
        where += f" ({default_language}: no translation)"
    return where


class CopySources(QWidget):
    def __init__(self, session: Session, service: RenderService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("CopySources")
        self._session = session
        self._service = service
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        # Two columns so the text keeps its width in a narrow dock: the field's name with where its
        # value comes from underneath, and the text itself.
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["Field · from", "Text"])
        self.table.verticalHeader().setVisible(False)
        # rows follow the column width, so wrapped text is never cut when the dock is resized
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_menu)
        self.table.currentCellChanged.connect(lambda row, *_: self._on_row(row))
        self.editor = CopyEditor(session, self)
        self._fields: list[str] = []
        self._language = ""
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.resizeSection(0, FIELD_COLUMN_WIDTH)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.title)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.editor)
        session.selectionChanged.connect(lambda *_: self.refresh())
        session.campaignChanged.connect(lambda *_: self.refresh())  # also re-announced on a language switch
        self.refresh()

    def refresh(self) -> None:
        c = self._session.campaign
        m, f = self._session.message_id, self._session.format_id
        lang = self._service.language if self._service.language in c.languages else c.default_language
        try:
            rc = resolve_copy(c, m, f, lang)
        except KeyError:
            self.title.setText("Select a cell of the matrix to see where its copy comes from.")
            self.table.setRowCount(0)
            return
        self.title.setText(f"<b>{m}</b> on <b>{f}</b> in <b>{lang}</b>")
        self._language = lang
        self._fields = [v.field for v in rc.values]
        self.table.setRowCount(len(rc.values))
        for row, v in enumerate(rc.values):
            label, origin = LABELS.get(v.field, v.field), origin_text(v, c.default_language)
            name = QTableWidgetItem(f"{label}\n{origin.replace(':', ': ', 1)}")
            name.setData(RowRole, (label, v.text, origin))
            name.setToolTip(f"{label}: from {origin}")
            text = QTableWidgetItem(v.text)
            text.setToolTip(v.text)
            for item in (name, text):
                if v.fallback:
                    item.setForeground(QBrush(FALLBACK_INK))
            if v.scope != "all":  # an override: bold, like Figma's changed properties
                bold = QFont(name.font())
                bold.setBold(True)
                name.setFont(bold)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, text)
        if self.editor._field in self._fields and self.editor._language == lang:
            self.editor.refresh()
        elif self.table.currentRow() >= 0:
            self._on_row(self.table.currentRow())

    def _on_row(self, row: int) -> None:
        if 0 <= row < len(self._fields):
            self.editor.show_field(self._fields[row], self._language)

    def select_field(self, field_name: str) -> None:
        """Select a field's row (as a click does) so the editor below edits it."""
        self.table.setCurrentCell(self._fields.index(field_name), 1)

    def reset_actions(self, row: int) -> list:
        """The row's "Reset … to inherited" actions (its context menu), one per scope with a value."""
        s = self._session
        field_name = self._fields[row]
        out = []
        for scope in cell_scopes(s.campaign, s.format_id):
            label = scope_label(scope, field_name in CAMPAIGN_FIELDS_SET).replace("For ", "", 1)
            act = QAction(f"Reset {label} to inherited", self.table)
            act.setEnabled(can_reset(s.campaign, s.message_id, field_name, scope, self._language))
            act.triggered.connect(lambda _=False, sc=scope: s.reset_copy(s.message_id, field_name, sc, self._language))
            out.append(act)
        return out

    def _on_menu(self, pos) -> None:
        row = self.table.rowAt(pos.y())
        if row < 0:
            return
        menu = QMenu(self.table)
        for act in self.reset_actions(row):
            menu.addAction(act)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def rows(self) -> list[tuple[str, str, str]]:
        """(field label, text, origin) of every row, as the table shows them (tests, accessibility)."""
        return [tuple(self.table.item(r, 0).data(RowRole)) for r in range(self.table.rowCount())]


__all__ = ["CopySources", "origin_text"]

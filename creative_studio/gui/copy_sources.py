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
from ..model.types import CAMPAIGN_WIDE, SHARED_FIELDS
from ..model.variants import ResolvedValue, resolve_copy
from .copy_editor import CopyEditor, scope_label
from .render_service import RenderService
from .session import Session
from .visibility import on_screen

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
        # the hashtag and url are shared by every language unless stated: no translation missing
        where += (
            f" ({default_language}, every language)"
            if v.field in SHARED_FIELDS
            else f" ({default_language}: no translation)"
        )
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
        self._stale = True
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

    def refresh(self, force: bool = False) -> None:
        if not (force or self.on_screen()):  # tabbed behind the Inspector: catch up when shown (typing stays cheap)
            self._stale = True
            return
        self._stale = False
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
        if self.table.rowCount() != len(rc.values):
            self.table.setRowCount(len(rc.values))
        for row, v in enumerate(rc.values):
            label, origin = LABELS.get(v.field, v.field), origin_text(v, c.default_language)
            missing = v.fallback and v.field not in SHARED_FIELDS  # orange, as the check warns
            self._set_row(row, (label, v.text, origin), fallback=missing, override=v.scope != "all")
        if self.editor._field in self._fields and self.editor._language == lang:
            self.editor.refresh()
        elif self.table.currentRow() >= 0:
            self._on_row(self.table.currentRow())

    def _set_row(self, row: int, values: tuple[str, str, str], fallback: bool, override: bool) -> None:
        """Update a row's two items in place, only where something changed: each change re-measures
        the row's height, and a keystroke must not pay for ten rows that stayed the same."""
        name, text = self.table.item(row, 0), self.table.item(row, 1)
        if name is None or text is None:
            name, text = QTableWidgetItem(), QTableWidgetItem()
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, text)
        elif (
            name.data(RowRole) == values
            and name.font().bold() == override
            and (name.data(Qt.ItemDataRole.ForegroundRole) is not None) == fallback
        ):
            return
        label, value, origin = values
        name.setData(RowRole, values)
        name.setText(f"{label}\n{origin.replace(':', ': ', 1)}")
        name.setToolTip(f"{label}: from {origin}")
        text.setText(value)
        text.setToolTip(value)
        for item in (name, text):
            item.setData(Qt.ItemDataRole.ForegroundRole, QBrush(FALLBACK_INK) if fallback else None)
        bold = QFont(name.font())
        bold.setBold(override)  # an override: bold, like Figma's changed properties
        name.setFont(bold)

    def on_screen(self) -> bool:
        """Whether any of the panel can be seen (a dock tabbed behind another is "visible" to Qt)."""
        return on_screen(self)

    def on_dock_visibility(self, visible: bool) -> None:
        """The Copy tab came to the front (or its dock was shown): catch up on what changed."""
        if visible and self._stale:
            self.refresh(force=True)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.refresh(force=True)

    def _on_row(self, row: int) -> None:
        if 0 <= row < len(self._fields):
            self.editor.show_field(self._fields[row], self._language)

    def select_field(self, field_name: str) -> None:
        """Select a field's row (as a click does) so the editor below edits it."""
        if self._stale:
            self.refresh(force=True)
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
        if self._stale:
            self.refresh(force=True)
        return [tuple(self.table.item(r, 0).data(RowRole)) for r in range(self.table.rowCount())]


__all__ = ["CopySources", "origin_text"]

"""Edit one copy field of the selected cell at a scope: for this format, this platform, or all.

Under the Copy tab's table: pick a row, choose where the edit applies (like editing an instance
in Figma versus its main component), type. "Reset to inherited" removes the value at that scope
so the next one shows through. Every edit and reset goes through the Session (undoable).
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from ..model.copyedit import can_reset, cell_scopes, stated_value
from ..model.types import CAMPAIGN_FIELDS
from ..model.variants import resolve_copy, split_scope
from .session import Session


def scope_label(scope: str, campaign_wide: bool) -> str:
    kind, ident = split_scope(scope)
    if kind == "all":
        return "For all formats (master)"
    what = "campaign-wide, " if campaign_wide else ""
    return f"For this {kind} only ({what}{ident})"


class CopyEditor(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("CopyEditor")
        self._session = session
        self._field = ""
        self._language = ""
        self._emptied = False  # the designer cleared the box: it inherits, but stays empty to type in
        self.field_label = QLabel("Select a field above to edit it", self)
        self.scope_combo = QComboBox(self)
        self.scope_combo.setAccessibleName("Edit for")
        self.scope_combo.setToolTip("Where the edit applies: this format, every format of its platform, or all")
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName("Copy text")
        self.reset_button = QPushButton("Reset to inherited", self)
        self.reset_button.setToolTip("Remove the value at this scope: the next scope's value shows through")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setObjectName("Muted")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.addWidget(self.field_label, 0, 0, 1, 2)
        grid.addWidget(QLabel("Edit", self), 1, 0)
        grid.addWidget(self.scope_combo, 1, 1)
        grid.addWidget(self.edit, 2, 0, 1, 2)
        grid.addWidget(self.reset_button, 3, 0)
        grid.addWidget(self.status, 3, 1)
        self.scope_combo.currentIndexChanged.connect(lambda _i: self._on_scope())
        self.edit.textEdited.connect(self._on_edited)
        self.reset_button.clicked.connect(self.reset)
        self.setEnabled(False)

    @property
    def scope(self) -> str:
        return str(self.scope_combo.currentData() or "all")

    def show_field(self, field_name: str, language: str) -> None:
        """Edit `field_name` of the selected cell in `language`, at the scope its value comes from."""
        s = self._session
        self._field, self._language = field_name, language
        self._emptied = False
        try:
            scopes = cell_scopes(s.campaign, s.format_id)
            winner = resolve_copy(s.campaign, s.message_id, s.format_id, language).value(field_name)
        except KeyError:
            self.setEnabled(False)
            return
        wide = field_name in CAMPAIGN_FIELDS
        self.scope_combo.blockSignals(True)
        self.scope_combo.clear()
        for scope in scopes:
            self.scope_combo.addItem(scope_label(scope, wide), scope)
        start = scopes.index(winner.scope) if winner.scope in scopes and not winner.fallback else 2
        self.scope_combo.setCurrentIndex(start)
        self.scope_combo.blockSignals(False)
        self.setEnabled(True)
        self.refresh()

    def refresh(self) -> None:
        s = self._session
        if not self._field:
            return
        try:
            rc = resolve_copy(s.campaign, s.message_id, s.format_id, self._language)
            stated = stated_value(s.campaign, s.message_id, self._field, self.scope, self._language)
        except KeyError:
            self.setEnabled(False)
            return
        shown = rc.text(self._field)
        text = stated if stated is not None else shown
        self.field_label.setText(f"<b>{self._field}</b> in <b>{self._language}</b>")
        keep_empty = self._emptied and stated is None and not self.edit.text()
        if self.edit.text() != text and not keep_empty:
            self.edit.setText(text)
        self.reset_button.setEnabled(can_reset(s.campaign, s.message_id, self._field, self.scope, self._language))
        if keep_empty:
            self.status.setText(f"Empty: inherits \u201c{shown}\u201d here")
        elif stated is None:
            self.status.setText("Inherited here: typing sets a value for this scope")
        else:
            self.status.setText("Set at this scope")

    def _on_scope(self) -> None:
        self._emptied = False
        self.refresh()

    def _on_edited(self, text: str) -> None:
        """Every keystroke is an undoable edit. Clearing an override or a translation resets it.

        An empty override would be a value nobody can see in the copy deck (an empty cell there
        means "inherit"), so emptying the box at a narrower scope, or in another language, removes
        the value instead; the box stays empty for the next keystroke.
        """
        s = self._session
        c = s.campaign
        inherits = self.scope != "all" or self._language != c.default_language
        if not text and inherits:
            self._emptied = True
            if can_reset(c, s.message_id, self._field, self.scope, self._language):
                s.reset_copy(s.message_id, self._field, self.scope, self._language)
            else:
                self.refresh()
            return
        self._emptied = False
        s.set_copy(s.message_id, self._field, self.scope, self._language, text)

    def reset(self) -> None:
        s = self._session
        if self._field:
            s.reset_copy(s.message_id, self._field, self.scope, self._language)


__all__ = ["CopyEditor", "scope_label"]

"""The messages part of the campaign panel: the list, its buttons and the message operations.

A mixin of `CampaignPanel` (it uses the panel's session, model and editors), kept in its own
module so the panel stays readable; every operation goes through the session (undoable).
"""

from __future__ import annotations

import json
from dataclasses import replace

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLineEdit, QListView, QToolButton, QVBoxLayout, QWidget

from ..model import Face, Message
from .campaign_model import TEXT_FIELDS, MessageListModel

COPY_MIME = "application/x-creative-studio-copy"
COPY_FIELDS = tuple(name for name, _label, _multi, _tip in TEXT_FIELDS)


class MessageEditing:
    """Messages list + add / duplicate / delete / move, for `CampaignPanel`."""

    def _build_messages(self) -> QWidget:
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.model = MessageListModel(self.session.campaign, self, on_move=self.session.move_message_to)
        self.list = QListView(box)
        self.list.setObjectName("MessageList")
        self.list.setModel(self.model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setIconSize(QSize(20, 20))
        self.list.setUniformItemSizes(True)
        self.list.setSpacing(1)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)  # drag to reorder (undoable)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setDropIndicatorShown(True)
        self.list.setAccessibleName("Messages")
        self.list.selectionModel().currentChanged.connect(self.on_current_row_changed)
        lay.addWidget(self.list)

        bar = QHBoxLayout()
        bar.setSpacing(4)

        def action(text: str, tip: str, keys: list, slot, widget: QWidget) -> QAction:
            act = QAction(text, widget)
            act.setToolTip(f"{tip} ({QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)})")
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            widget.addAction(act)
            return act

        self.act_add = action("Add", "Add a message after this one", ["Ctrl+Shift+N", "Ins"], self.add_message, self)
        self.act_duplicate = action("Duplicate", "Duplicate this message", ["Ctrl+D"], self.duplicate_message, self)
        self.act_delete = action("Delete", "Delete this message", ["Del"], self.delete_message, self.list)
        self.act_up = action("Up", "Move this message up", ["Alt+Up"], lambda: self.move_message(-1), self)
        self.act_down = action("Down", "Move this message down", ["Alt+Down"], lambda: self.move_message(1), self)
        self.act_copy_fields = action(
            "Copy copy", "Copy this message's copy fields", ["Ctrl+Shift+C"], self.copy_fields, self.list
        )
        self.act_paste_fields = action(
            "Paste copy", "Paste copy fields into this message", ["Ctrl+Shift+V"], self.paste_fields, self.list
        )
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.act_up.setText("\u2191")
        self.act_down.setText("\u2193")
        for act in (self.act_add, self.act_duplicate, self.act_delete):
            b = QToolButton(box)
            b.setDefaultAction(act)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            bar.addWidget(b)
        bar.addStretch(1)
        for act in (self.act_up, self.act_down):
            b = QToolButton(box)
            b.setDefaultAction(act)
            b.setFixedWidth(30)
            bar.addWidget(b)
        lay.addLayout(bar)
        return box

    def _fit_list_height(self, rows: int) -> None:
        """As tall as the messages (3 to 8 rows), so a short campaign leaves no empty well."""
        self.list.ensurePolished()
        lv = self.list
        row_h = max(lv.sizeHintForRow(0), lv.fontMetrics().height() + 6, lv.iconSize().height() + 4)
        row_h += 2 * lv.spacing()
        shown = min(max(rows, 3), 8)
        lv.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if rows <= 8 else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        lv.setFixedHeight(shown * row_h + 2 * lv.frameWidth() + 2 * lv.spacing() + 4)

    def _sync_list_selection(self) -> None:
        row = self.model.row_of(self.session.message_id)
        if row >= 0 and self.list.currentIndex().row() != row:
            self.list.setCurrentIndex(self.model.index(row))

    def on_current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._updating or not current.isValid():
            return
        mid = current.data(MessageListModel.IdRole)
        if mid and mid != self.session.message_id:
            self.session.select(message_id=mid)

    def add_message(self) -> None:
        c = self.session.campaign
        src = self.current_message() or (c.messages[-1] if c.messages else None)
        ids = set(c.message_ids)
        n = len(ids) + 1
        while f"message-{n}" in ids:
            n += 1
        new_id = f"message-{n}"
        if src is not None:
            msg = replace(src, id=new_id, slogan="New slogan", alt_text="", face=replace(src.face, crack_stage=0))
        else:
            msg = Message(id=new_id, slogan="New slogan", cta="", cta_short="", hashtag="", face=Face())
        index = c.message_ids.index(src.id) + 1 if src is not None and src.id in c.message_ids else None
        self.session.add_message(msg, index)
        self.session.select(message_id=new_id)
        ed = self._editors["slogan"]
        ed.setFocus()
        if isinstance(ed, QLineEdit):
            ed.selectAll()

    def duplicate_message(self) -> None:
        m = self.current_message()
        if m is not None:
            new_id = self.session.duplicate_message(m.id)
            self.session.select(message_id=new_id)

    def delete_message(self) -> None:
        m = self.current_message()
        c = self.session.campaign
        if m is None or len(c.messages) <= 1:
            return
        i = c.message_ids.index(m.id)
        neighbour = c.message_ids[i + 1] if i + 1 < len(c.message_ids) else c.message_ids[i - 1]
        self.session.delete_message(m.id)
        self.session.select(message_id=neighbour)

    def move_message(self, delta: int) -> None:
        m = self.current_message()
        if m is not None:
            self.session.move_message(m.id, delta)

    # -- copy / paste of copy fields between messages -----------------------------------------------
    def copy_fields(self) -> dict[str, str]:
        """Put the current message's copy fields on the clipboard (JSON, with a text fallback)."""
        m = self.current_message()
        if m is None:
            return {}
        texts = {name: m.text_for(name) or "" for name in COPY_FIELDS}
        data = QMimeData()
        data.setData(COPY_MIME, QByteArray(json.dumps(texts, ensure_ascii=False).encode("utf-8")))
        data.setText("\n".join(f"{k}: {v}" for k, v in texts.items() if v))
        QGuiApplication.clipboard().setMimeData(data)
        return texts

    def paste_fields(self) -> bool:
        """Apply copied fields to the current message, one undo step; other clipboards are ignored."""
        m = self.current_message()
        data = QGuiApplication.clipboard().mimeData()
        if m is None or data is None or not data.hasFormat(COPY_MIME):
            return False
        try:
            texts = json.loads(bytes(data.data(COPY_MIME)).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return False
        texts = {k: str(v) for k, v in texts.items() if k in COPY_FIELDS and isinstance(v, str)}
        self.session.set_message_fields(m.id, texts)
        return True

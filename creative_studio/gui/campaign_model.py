"""What the campaign panel shows, Qt-thin: its field table, copy limits and the messages list model.

The list model is a thin Qt model over the campaign's messages tuple (architecture rule 8); the
tables say which copy fields the panel edits and how they are labelled.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QByteArray, QMimeData, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon

from ..model import Campaign, Message
from .emoji_picker import emoji_pixmap

# (field, label, multi-line, tooltip)
TEXT_FIELDS: tuple[tuple[str, str, bool, str], ...] = (
    ("slogan", "Slogan", False, "The big line on every placement"),
    ("cta", "Call to action", False, "The full call to action, where the layout has room for it"),
    ("cta_short", "Call to action, short", False, "Used where the full call to action does not fit"),
    ("hashtag", "Hashtag", False, "Set in the accent colour"),
    ("headline", "Headline", False, "Platform copy shown with the ad (not drawn on the image)"),
    ("primary_text", "Primary text", True, "The post text above the image"),
    ("description", "Description", False, "Platform copy under the headline"),
    ("alt_text", "Alt text", True, "Read aloud by screen readers; written to the export manifest"),
)
SECTIONS = {"slogan": "On the image", "headline": "Ad copy", "alt_text": "Accessibility"}

BRAND_LABELS = {
    "background": "Background",
    "background_2": "Gradient end",
    "text": "Text",
    "accent": "Accent",
    "cta_background": "Button",
    "cta_text": "Button text",
}
STAGES = (
    ("Intact", "No cracks"),
    ("Hairline", "One or two fine cracks"),
    ("Cracked", "A full crack network"),
    ("Shattered", "Broken into drifting pieces"),
)
SEED_MAX = 2**31 - 1
FACE_PREVIEW_PX = 76
OVER_LIMIT = QColor("#D6336C")


def copy_limits(campaign: Campaign) -> dict[str, tuple[int, list[tuple[str, int]]]]:
    """field -> (tightest limit, [(format name, limit)] tightest first) over the campaign's formats."""
    per: dict[str, dict[str, int]] = {}
    for fmt in campaign.formats:
        for field_name, limit in fmt.copy_limits:
            per.setdefault(field_name, {})
            per[field_name][fmt.name] = limit
    out = {}
    for field_name, by_fmt in per.items():
        ranked = sorted(by_fmt.items(), key=lambda kv: (kv[1], kv[0]))
        out[field_name] = (ranked[0][1], ranked)
    return out


class MessageListModel(QAbstractListModel):
    """A thin list model over the campaign's messages tuple: id and slogan, the face as icon.

    Signals: the model's own (dataChanged when texts change, a reset when ids change).
    """

    IdRole = Qt.ItemDataRole.UserRole + 1
    MIME = "application/x-creative-studio-message-id"

    def __init__(self, campaign: Campaign, parent: QObject | None = None, on_move=None):
        super().__init__(parent)
        self._messages: tuple[Message, ...] = campaign.messages
        self._icons: dict[str, QIcon] = {}
        self._on_move = on_move  # (message id, new index) -> None: the session moves it (undoable)

    # -- drag to reorder: the drop asks the session; the model follows its campaignChanged ------------
    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self._on_move else Qt.ItemFlag.NoItemFlags
        return base | (Qt.ItemFlag.ItemIsDragEnabled if self._on_move else Qt.ItemFlag.NoItemFlags)

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 - Qt's name
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt's name
        return [self.MIME]

    def mimeData(self, indexes) -> QMimeData:  # noqa: N802 - Qt's name
        data = QMimeData()
        rows = [i.row() for i in indexes if i.isValid()]
        if rows:
            data.setData(self.MIME, QByteArray(self._messages[rows[0]].id.encode("utf-8")))
        return data

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802 - Qt's name
        if self._on_move is None or not data.hasFormat(self.MIME):
            return False
        mid = bytes(data.data(self.MIME)).decode("utf-8")
        ids = [m.id for m in self._messages]
        if mid not in ids:
            return False
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(ids))
        src = ids.index(mid)
        new_index = target - 1 if target > src else target
        if new_index != src:
            self._on_move(mid, new_index)
        return False  # never let the view remove rows itself: the session's change resets the model

    def set_campaign(self, campaign: Campaign) -> None:
        new = campaign.messages
        if tuple(m.id for m in new) == tuple(m.id for m in self._messages):
            changed = [i for i, (a, b) in enumerate(zip(self._messages, new, strict=True)) if a != b]
            self._messages = new
            if changed:
                self.dataChanged.emit(self.index(min(changed)), self.index(max(changed)))
        else:
            self.beginResetModel()
            self._messages = new
            self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._messages)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._messages):
            return None
        m = self._messages[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return m.slogan or "(no slogan)"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{m.id}: {m.slogan}"
        if role == Qt.ItemDataRole.DecorationRole:
            icon = self._icons.get(m.face.emoji)
            if icon is None:
                pm = emoji_pixmap(m.face.emoji, 20, 2.0)
                icon = QIcon(pm)
                icon.addPixmap(pm, QIcon.Mode.Selected)  # not the washed-out automatic variant
                self._icons[m.face.emoji] = icon
            return icon
        if role == self.IdRole:
            return m.id
        return None

    def row_of(self, message_id: str) -> int:
        for i, m in enumerate(self._messages):
            if m.id == message_id:
                return i
        return -1


__all__ = ["MessageListModel", "copy_limits", "TEXT_FIELDS", "SECTIONS", "BRAND_LABELS", "STAGES"]

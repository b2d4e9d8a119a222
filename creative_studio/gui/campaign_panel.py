"""The campaign panel: the messages, the selected message's copy, its face, the brand colours.

Every edit goes through the session, so it is undoable and every other panel hears of it;
keystrokes in one field merge into one undo step (the session's merge key). The panel listens
to `campaignChanged` and updates only widgets whose value really differs, so the field the
designer is typing in is never re-set under their cursor (no feedback loop, no jumping caret).
Ctrl+Z inside a text field undoes through the session too, not the field's private history.
"""

from __future__ import annotations

import random
from dataclasses import fields, replace

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QColorDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from ..model import Brand, Campaign, Face, Message
from ..model.types import BRAND_COLOURS
from .emoji_picker import EmojiPicker, emoji_name, emoji_pixmap
from .session import Session

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

    def __init__(self, campaign: Campaign, parent: QObject | None = None):
        super().__init__(parent)
        self._messages: tuple[Message, ...] = campaign.messages
        self._icons: dict[str, QIcon] = {}

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


class _UndoKeys(QObject):
    """Routes Ctrl+Z / Ctrl+Shift+Z in text fields to the session's undo stack.

    Signals: none (an event filter).
    """

    def __init__(self, session: Session, parent: QObject):
        super().__init__(parent)
        self._session = session

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        t = event.type()
        if t in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            if event.matches(QKeySequence.StandardKey.Undo):
                if t == QEvent.Type.KeyPress:
                    self._session.undo_stack.undo()
                event.accept()
                return True
            if event.matches(QKeySequence.StandardKey.Redo):
                if t == QEvent.Type.KeyPress:
                    self._session.undo_stack.redo()
                event.accept()
                return True
        return False


class _FaceSignals(QObject):
    """Signals: done(int, object): request id and the rendered PIL face (None on failure)."""

    done = Signal(int, object)


class _FaceJob(QRunnable):
    def __init__(self, signals: _FaceSignals, request: int, face: Face, size: int):
        super().__init__()
        self._signals, self._request, self._face, self._size = signals, request, face, size

    def run(self) -> None:
        try:
            from ..render.face import render_face

            im = render_face(self._face.emoji, self._size, self._face.crack_stage, self._face.seed)
        except Exception:  # noqa: BLE001 - a face the font lacks shows as empty, never crashes
            im = None
        self._signals.done.emit(self._request, im)


class ColorSwatch(QToolButton):
    """A button filled with a brand colour."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFixedSize(36, 24)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._color = QColor("#000000")

    def set_color(self, color: QColor) -> None:
        self._color = QColor(color)
        self.update()

    def color(self) -> QColor:
        return QColor(self._color)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.rect().adjusted(1, 1, -1, -1)
        border = self.palette().color(QPalette.ColorRole.Mid)
        if self.underMouse() or self.hasFocus():
            border = self.palette().color(QPalette.ColorRole.Highlight)
        p.setPen(border)
        p.setBrush(self._color)
        p.drawRoundedRect(r, 5, 5)
        p.end()


class CampaignPanel(QWidget):
    """Messages list, message editor, face and brand colours; writes only through the session.

    Signals: none of its own; every change goes out as the session's campaignChanged.
    Hooks for tests and the main window: `ask_color(initial) -> QColor | None`.
    Shortcuts (while the panel has focus): Ctrl+Shift+N / Ins add, Ctrl+D duplicate,
    Del delete (in the list), Alt+Up / Alt+Down move; Ctrl+Z / Ctrl+Shift+Z in any field.
    """

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("CampaignPanel")
        self.session = session
        self._updating = False  # True while the panel writes session state into its widgets
        self._face_request = 0
        self._face_shown: Face | None = None
        self._face_signals = _FaceSignals()  # no parent: a late worker may still emit into it
        self._face_signals.done.connect(self.on_face_rendered)
        # Its own single thread: face previews must not queue behind a matrix of thumbnails.
        self._face_pool = QThreadPool(self)
        self._face_pool.setMaxThreadCount(1)
        self._undo_keys = _UndoKeys(session, self)
        self._limits = copy_limits(session.campaign)
        self._sections: list[QLabel] = []

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        root.addWidget(scroll)
        body = QWidget()
        body.setObjectName("CampaignPanelBody")
        scroll.setWidget(body)
        col = QVBoxLayout(body)
        col.setContentsMargins(12, 10, 12, 12)
        col.setSpacing(8)

        col.addWidget(self._section("Messages"))
        col.addWidget(self._build_messages())
        col.addWidget(self._section("Face"))
        col.addWidget(self._build_face())
        self._editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._counts: dict[str, QLabel] = {}
        for name, label, multi, tip in TEXT_FIELDS:
            if name in SECTIONS:
                col.addWidget(self._section(SECTIONS[name]))
            col.addWidget(self._build_field(name, label, multi, tip))
        col.addWidget(self._section("Brand colours"))
        col.addWidget(self._build_brand())
        col.addStretch(1)

        session.campaignChanged.connect(self.on_campaign_changed)
        session.selectionChanged.connect(self.on_selection_changed)
        self.on_campaign_changed(session.campaign)

    # -- construction ------------------------------------------------------------------------------
    def _section(self, text: str) -> QLabel:
        lab = QLabel(text.upper(), self)
        lab.setObjectName("SectionLabel")
        f = lab.font()
        f.setBold(True)
        f.setPointSizeF(max(6.0, f.pointSizeF() * 0.82))
        f.setLetterSpacing(f.SpacingType.PercentageSpacing, 108)
        lab.setFont(f)
        lab.setContentsMargins(0, 8, 0, 0)
        self._sections.append(lab)
        self._tint_section(lab)
        return lab

    def _tint_section(self, lab: QLabel) -> None:
        pal = lab.palette()
        pal.setColor(QPalette.ColorRole.WindowText, self.palette().color(QPalette.ColorRole.PlaceholderText))
        lab.setPalette(pal)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Light/dark switch: re-tint what was coloured from the palette."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and hasattr(self, "list"):
            self._fit_list_height(self.model.rowCount())
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "swatches"):
            for lab in self._sections:
                self._tint_section(lab)
            self._load_brand(self.session.campaign.brand)
            m = self.current_message()
            for name in self._counts:
                self._update_count(name, m.text_for(name) if m else "")

    def _build_messages(self) -> QWidget:
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.model = MessageListModel(self.session.campaign, self)
        self.list = QListView(box)
        self.list.setObjectName("MessageList")
        self.list.setModel(self.model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setIconSize(QSize(20, 20))
        self.list.setUniformItemSizes(True)
        self.list.setSpacing(1)
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

    def _build_face(self) -> QWidget:
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)

        self.face_preview = QLabel(box)
        self.face_preview.setObjectName("FacePreview")
        self.face_preview.setFixedSize(FACE_PREVIEW_PX, FACE_PREVIEW_PX)
        self.face_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.face_preview.setAccessibleName("Face preview")
        grid.addWidget(self.face_preview, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)

        self.emoji_button = QToolButton(box)
        self.emoji_button.setObjectName("EmojiButton")
        self.emoji_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.emoji_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.emoji_button.setIconSize(QSize(22, 22))
        self.emoji_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.emoji_button.setMinimumWidth(120)
        self.emoji_button.setToolTip("Choose the emoji (from the bundled emoji font)")
        menu = QMenu(self.emoji_button)
        self.emoji_picker = EmojiPicker(parent=menu)
        self.emoji_picker.picked.connect(self.on_emoji_picked)
        wa = QWidgetAction(menu)
        wa.setDefaultWidget(self.emoji_picker)
        menu.addAction(wa)
        self._emoji_menu = menu
        self.emoji_button.setMenu(menu)
        grid.addWidget(self.emoji_button, 0, 1, 1, 2)

        self.seed_spin = QSpinBox(box)
        self.seed_spin.setRange(0, SEED_MAX)
        self.seed_spin.setPrefix("Seed ")
        self.seed_spin.setToolTip("The crack pattern: the same seed gives the same cracks")
        self.seed_spin.setKeyboardTracking(False)
        self.seed_spin.valueChanged.connect(self.on_seed_changed)
        self.seed_spin.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.seed_spin.setMinimumWidth(70)
        self.new_seed_button = QToolButton(box)
        self.new_seed_button.setText("New cracks")
        self.new_seed_button.setToolTip("Pick a new random seed: a different crack pattern")
        self.new_seed_button.clicked.connect(self.new_seed)
        grid.addWidget(self.seed_spin, 1, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.new_seed_button, 1, 2, Qt.AlignmentFlag.AlignTop)

        stages = QHBoxLayout()
        stages.setSpacing(0)
        self.stage_group = QButtonGroup(box)
        self.stage_group.setExclusive(True)
        self.stage_buttons: list[QToolButton] = []
        for i, (name, tip) in enumerate(STAGES):
            b = QToolButton(box)
            b.setText(name)
            b.setCheckable(True)
            b.setToolTip(f"Crack stage {i}: {tip}")
            b.setAccessibleName(f"Crack stage {i}, {name}")
            b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            b.setMinimumWidth(50)
            self.stage_group.addButton(b, i)
            self.stage_buttons.append(b)
            stages.addWidget(b, 1)
        self.stage_group.idClicked.connect(self.on_stage_clicked)
        for b in self.stage_buttons:  # a segmented control: the chosen stage must read at a glance
            b.setStyleSheet(
                "QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);"
                " border-color: palette(highlight); }"
            )
        grid.addLayout(stages, 2, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        return box

    def _build_field(self, name: str, label: str, multi: bool, tip: str) -> QWidget:
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        top = QHBoxLayout()
        lab = QLabel(label, box)
        lab.setToolTip(tip)
        count = QLabel(box)
        count.setObjectName(f"count_{name}")
        count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(lab)
        top.addStretch(1)
        top.addWidget(count)
        lay.addLayout(top)
        if multi:
            ed: QLineEdit | QPlainTextEdit = QPlainTextEdit(box)
            ed.setUndoRedoEnabled(False)  # the session's undo stack is the only history
            ed.setTabChangesFocus(True)
            lh = ed.fontMetrics().lineSpacing()
            ed.setFixedHeight(lh * 3 + 14)
            ed.textChanged.connect(lambda n=name: self.on_plain_text_changed(n))
        else:
            ed = QLineEdit(box)
            ed.textEdited.connect(lambda text, n=name: self.on_text_edited(n, text))
        ed.setObjectName(f"edit_{name}")
        ed.setToolTip(tip)
        ed.setAccessibleName(label)
        ed.installEventFilter(self._undo_keys)
        lab.setBuddy(ed)
        lay.addWidget(ed)
        self._editors[name] = ed
        self._counts[name] = count
        return box

    def _build_brand(self) -> QWidget:
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        self.swatches: dict[str, ColorSwatch] = {}
        self._hex_labels: dict[str, QLabel] = {}
        for i, f in enumerate(f for f in fields(Brand) if f.name in BRAND_COLOURS):
            r, c = divmod(i, 2)
            sw = ColorSwatch(box)
            sw.setObjectName(f"swatch_{f.name}")
            sw.setToolTip(f"{BRAND_LABELS[f.name]}{' (the hashtag)' if f.name == 'accent' else ''}: click to change")
            sw.setAccessibleName(f"{BRAND_LABELS[f.name]} colour")
            sw.clicked.connect(lambda _=False, n=f.name: self.pick_brand_color(n))
            text = QLabel(box)
            text.setTextFormat(Qt.TextFormat.RichText)
            self.swatches[f.name] = sw
            self._hex_labels[f.name] = text
            grid.addWidget(sw, r, c * 2)
            grid.addWidget(text, r, c * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return box

    # -- hooks -------------------------------------------------------------------------------------
    def ask_color(self, initial: QColor) -> QColor | None:
        """Ask for a colour (tests replace this)."""
        c = QColorDialog.getColor(initial, self, "Brand colour")
        return c if c.isValid() else None

    # -- reading the session -----------------------------------------------------------------------
    def current_message(self) -> Message | None:
        try:
            return self.session.campaign.message(self.session.message_id)
        except KeyError:
            return None

    def editor(self, field_name: str) -> QLineEdit | QPlainTextEdit:
        return self._editors[field_name]

    # -- session -> widgets ------------------------------------------------------------------------
    def on_campaign_changed(self, campaign: Campaign) -> None:
        self._updating = True
        try:
            self._limits = copy_limits(campaign)
            self.model.set_campaign(campaign)
            self._sync_list_selection()
            self._load_message()
            self._load_brand(campaign.brand)
            n = len(campaign.messages)
            self._fit_list_height(n)
            row = self.model.row_of(self.session.message_id)
            self.act_delete.setEnabled(n > 1)
            self.act_up.setEnabled(row > 0)
            self.act_down.setEnabled(0 <= row < n - 1)
        finally:
            self._updating = False

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

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._fit_list_height(self.model.rowCount())  # the app's style sheet is applied by now

    def on_selection_changed(self, message_id: str, format_id: str) -> None:
        self._updating = True
        try:
            self._sync_list_selection()
            self._load_message()
            row = self.model.row_of(message_id)
            self.act_up.setEnabled(row > 0)
            self.act_down.setEnabled(0 <= row < self.model.rowCount() - 1)
        finally:
            self._updating = False

    def _sync_list_selection(self) -> None:
        row = self.model.row_of(self.session.message_id)
        if row >= 0 and self.list.currentIndex().row() != row:
            self.list.setCurrentIndex(self.model.index(row))

    def _load_message(self) -> None:
        m = self.current_message()
        for name, ed in self._editors.items():
            text = m.text_for(name) if m else ""
            ed.setEnabled(m is not None)
            if isinstance(ed, QLineEdit):
                if ed.text() != text:
                    pos = ed.cursorPosition()
                    ed.setText(text)
                    ed.setCursorPosition(min(pos, len(text)))
            elif ed.toPlainText() != text:
                cur = ed.textCursor()
                pos = cur.position()
                ed.setPlainText(text)
                cur = ed.textCursor()
                cur.setPosition(min(pos, len(text)))
                ed.setTextCursor(cur)
            self._update_count(name, text)
        if m is not None:
            self._load_face(m.face)

    def _load_face(self, face: Face) -> None:
        self.emoji_button.setText(emoji_name(face.emoji).split(" (")[0])
        self.emoji_button.setIcon(QIcon(emoji_pixmap(face.emoji, 22, self.devicePixelRatioF())))
        self.emoji_picker.set_current(face.emoji)
        b = self.stage_group.button(face.crack_stage)
        if b is not None and not b.isChecked():
            b.setChecked(True)
        if self.seed_spin.value() != face.seed:
            self.seed_spin.setValue(face.seed)
        if face != self._face_shown:
            self._request_face(face)

    def _load_brand(self, brand: Brand) -> None:
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        for f in fields(Brand):
            if f.name not in BRAND_COLOURS:
                continue
            value = getattr(brand, f.name).upper()
            self.swatches[f.name].set_color(QColor(value))
            self._hex_labels[f.name].setText(f"{BRAND_LABELS[f.name]}<br><span style='color:{muted}'>{value}</span>")

    def _update_count(self, name: str, text: str) -> None:
        lab = self._counts[name]
        n = len(text)
        lim = self._limits.get(name)
        if lim is None:
            lab.setText(f"{n}")
            lab.setToolTip("Characters")
            lab.setStyleSheet(f"color: {self.palette().color(QPalette.ColorRole.PlaceholderText).name()};")
            return
        limit, ranked = lim
        lab.setText(f"{n} / {limit}")
        lines = "<br>".join(f"{fmt}: {lim}" for fmt, lim in ranked)
        lab.setToolTip(f"Characters / tightest platform limit<br>{lines}")
        if n > limit:
            lab.setStyleSheet(f"color: {OVER_LIMIT.name()}; font-weight: 600;")
        else:
            lab.setStyleSheet(f"color: {self.palette().color(QPalette.ColorRole.PlaceholderText).name()};")

    def is_over_limit(self, field_name: str) -> bool:
        m = self.current_message()
        lim = self._limits.get(field_name)
        return bool(m and lim and len(m.text_for(field_name)) > lim[0])

    # -- face preview (rendered off the GUI thread by the engine) ------------------------------------
    def _request_face(self, face: Face) -> None:
        self._face_request += 1
        self._face_shown = face
        dpr = self.devicePixelRatioF()
        self._face_pool.start(
            _FaceJob(self._face_signals, self._face_request, face, max(16, round(FACE_PREVIEW_PX * dpr)))
        )

    def on_face_rendered(self, request: int, image) -> None:
        if request != self._face_request:
            return  # a newer face was asked for meanwhile
        if image is None:
            self.face_preview.setPixmap(QPixmap())
            self.face_preview.setText("?")
            return
        from .render_service import pil_to_qimage

        pm = QPixmap.fromImage(pil_to_qimage(image))
        pm.setDevicePixelRatio(self.devicePixelRatioF())
        self.face_preview.setPixmap(pm)

    def face_preview_ready(self) -> bool:
        pm = self.face_preview.pixmap()
        return pm is not None and not pm.isNull()

    # -- widgets -> session ------------------------------------------------------------------------
    def on_current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._updating or not current.isValid():
            return
        mid = current.data(MessageListModel.IdRole)
        if mid and mid != self.session.message_id:
            self.session.select(message_id=mid)

    def on_text_edited(self, name: str, text: str) -> None:
        if self._updating:
            return
        m = self.current_message()
        if m is not None:
            self.session.set_message_text(m.id, name, text)
        self._update_count(name, text)

    def on_plain_text_changed(self, name: str) -> None:
        if self._updating:
            return
        self.on_text_edited(name, self._editors[name].toPlainText())

    def set_field_text(self, name: str, text: str) -> None:
        """Type `text` into a field as the designer would (for tests and scripted edits)."""
        ed = self._editors[name]
        if isinstance(ed, QLineEdit):
            ed.setText(text)
            self.on_text_edited(name, text)
        else:
            ed.setPlainText(text)

    def _set_face(self, **changes) -> None:
        m = self.current_message()
        if m is None or self._updating:
            return
        face = replace(m.face, **changes)
        if face != m.face:
            self.session.set_face(m.id, face)

    def on_emoji_picked(self, emoji: str) -> None:
        self._emoji_menu.close()
        self._set_face(emoji=emoji)

    def on_stage_clicked(self, stage: int) -> None:
        self._set_face(crack_stage=stage)

    def on_seed_changed(self, seed: int) -> None:
        self._set_face(seed=seed)

    def new_seed(self) -> None:
        m = self.current_message()
        if m is not None:
            seed = random.randrange(1, SEED_MAX)
            while seed == m.face.seed:
                seed = random.randrange(1, SEED_MAX)
            self._set_face(seed=seed)

    def pick_brand_color(self, name: str) -> None:
        brand = self.session.campaign.brand
        c = self.ask_color(QColor(getattr(brand, name)))
        if c is None or not c.isValid():
            return
        self.session.set_brand(replace(brand, **{name: c.name().upper()}))

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


__all__ = ["CampaignPanel", "MessageListModel", "copy_limits"]

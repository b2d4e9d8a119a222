"""The campaign panel: the messages, the selected message's copy, its face, the brand colours.

Every edit goes through the session, so it is undoable and every other panel hears of it;
keystrokes in one field merge into one undo step (the session's merge key). The panel listens
to `campaignChanged` and updates only widgets whose value really differs, so the field the
designer is typing in is never re-set under their cursor (no feedback loop, no jumping caret).
Ctrl+Z inside a text field undoes through the session too, not the field's private history.
"""

from __future__ import annotations

from dataclasses import fields, replace

from PySide6.QtCore import (
    QEvent,
    Qt,
    QThreadPool,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..model import Brand, Campaign, Face, Message
from ..model.copyedit import can_reset, stated_value
from ..model.types import BRAND_COLOURS
from .brand_colour import BrandColourDialog
from .campaign_alt import AltTextFollows
from .campaign_face import FaceEditing
from .campaign_messages import MessageEditing
from .campaign_model import (
    BRAND_LABELS,
    OVER_LIMIT,
    SECTIONS,
    TEXT_FIELDS,
    MessageListModel,
    copy_limits,
)
from .campaign_widgets import ColorSwatch, FaceSignals, UndoKeys
from .session import Session


class CampaignPanel(MessageEditing, FaceEditing, AltTextFollows, QWidget):
    """Messages list, message editor, face and brand colours; writes only through the session.

    Signals: none of its own; every change goes out as the session's campaignChanged.
    `colour_dialog`: the brand colour dialog while it is open (for tests).
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
        self._face_signals = FaceSignals()  # no parent: a late worker may still emit into it
        self._face_signals.done.connect(self.on_face_rendered)
        # Its own single thread: face previews must not queue behind a matrix of thumbnails.
        self._face_pool = QThreadPool(self)
        self._face_pool.setMaxThreadCount(1)
        self._undo_keys = UndoKeys(session, self)
        self._limits = copy_limits(session.campaign)
        self._sections: list[QLabel] = []
        self.colour_dialog: BrandColourDialog | None = None
        self._brand_shown: Brand | None = None
        self._count_shown: dict[str, tuple[str, str, str]] = {}  # label -> (text, tip, style) it shows

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
        self._body = body
        scroll.setWidget(body)
        col = QVBoxLayout(body)
        col.setContentsMargins(12, 10, 12, 12)
        col.setSpacing(8)

        col.addWidget(self._section("Messages"))
        col.addWidget(self._build_messages())
        col.addWidget(self._section("Face"))
        col.addWidget(self._build_face())
        # In another language than the default, the copy fields edit that language's text; an
        # empty field shows (greyed) the default language's text it falls back to.
        self.language_note = QLabel(self)
        self.language_note.setObjectName("Muted")
        self.language_note.setWordWrap(True)
        self.language_note.setVisible(False)
        col.addWidget(self.language_note)
        self._editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._counts: dict[str, QLabel] = {}
        for name, label, multi, tip in TEXT_FIELDS:
            if name in SECTIONS:
                col.addWidget(self._section(SECTIONS[name]))
            col.addWidget(self._build_field(name, label, multi, tip))
            if name == "alt_text":
                col.addWidget(self._build_alt_offer())
        col.addWidget(self._section("Brand colours"))
        col.addWidget(self._build_brand())
        col.addStretch(1)

        session.campaignChanged.connect(self.on_campaign_changed)
        session.selectionChanged.connect(self.on_selection_changed)
        session.languageChanged.connect(lambda _code: self.on_selection_changed(session.message_id, session.format_id))
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
                self._update_count(name, self.shown_text(m, name))

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

    # -- reading the session -----------------------------------------------------------------------
    def current_message(self) -> Message | None:
        try:
            return self.session.campaign.message(self.session.message_id)
        except KeyError:
            return None

    def editor(self, field_name: str) -> QLineEdit | QPlainTextEdit:
        return self._editors[field_name]

    def language(self) -> str | None:
        """The non-default language the copy fields edit, or None for the default language."""
        return self.session.language

    def stated_text(self, m: Message | None, name: str) -> str:
        """What the field holds: the message's own text, or its translation in the language shown."""
        if m is None:
            return ""
        lang = self.language()
        if lang is None:
            return m.text_for(name)
        return stated_value(self.session.campaign, m.id, name, "all", lang) or ""

    def shown_text(self, m: Message | None, name: str) -> str:
        """The text the renders use for the field: the translation, or the fallback to the default."""
        if m is None:
            return ""
        return self.stated_text(m, name) or m.text_for(name)

    # -- session -> widgets ------------------------------------------------------------------------
    def on_campaign_changed(self, campaign: Campaign) -> None:
        self._updating = True
        try:
            self._limits = copy_limits(campaign)
            self.model.set_campaign(campaign)
            self._sync_list_selection()
            self._load_message()
            if campaign.brand != self._brand_shown:  # not per keystroke: six swatches and labels
                self._load_brand(campaign.brand)
            n = len(campaign.messages)
            self._fit_list_height(n)
            row = self.model.row_of(self.session.message_id)
            self.act_delete.setEnabled(n > 1)
            self.act_up.setEnabled(row > 0)
            self.act_down.setEnabled(0 <= row < n - 1)
        finally:
            self._updating = False

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

    def _load_message(self) -> None:
        m = self.current_message()
        lang = self.language()
        c = self.session.campaign
        if lang is None:
            self.language_note.setVisible(False)
        else:
            self.language_note.setText(
                f"Editing the <b>{lang}</b> copy. An empty field uses the {c.default_language} text "
                f"(shown greyed) and raises missing-translation."
            )
            self.language_note.setVisible(True)
        for name, ed in self._editors.items():
            text = self.stated_text(m, name)
            ed.setEnabled(m is not None)
            fallback = m.text_for(name) if (m is not None and lang is not None) else ""
            ed.setPlaceholderText(f"{c.default_language}: {fallback}" if fallback else "")
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
            self._update_count(name, self.shown_text(m, name))
        if m is not None:
            self._load_face(m.face)
        self._update_alt_offer()
        self._fit_body()

    def _fit_body(self) -> None:
        """The scroll area shrinks its content to the content's minimum size to avoid a scroll bar;
        the column's minimum is its full height, so it scrolls instead of squeezing fields."""
        lay = self._body.layout()
        if lay is not None:
            self._body.setMinimumHeight(lay.sizeHint().height())

    def _load_brand(self, brand: Brand) -> None:
        self._brand_shown = brand
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        for f in fields(Brand):
            if f.name not in BRAND_COLOURS:
                continue
            value = getattr(brand, f.name).upper()
            self.swatches[f.name].set_color(QColor(value))
            self._hex_labels[f.name].setText(f"{BRAND_LABELS[f.name]}<br><span style='color:{muted}'>{value}</span>")

    def _update_count(self, name: str, text: str) -> None:
        n = len(text)
        lim = self._limits.get(name)
        muted = f"color: {self.palette().color(QPalette.ColorRole.PlaceholderText).name()};"
        if lim is None:
            shown = (f"{n}", "Characters", muted)
        else:
            limit, ranked = lim
            lines = "<br>".join(f"{fmt}: {lim}" for fmt, lim in ranked)
            style = f"color: {OVER_LIMIT.name()}; font-weight: 600;" if n > limit else muted
            shown = (f"{n} / {limit}", f"Characters / tightest platform limit<br>{lines}", style)
        if self._count_shown.get(name) == shown:
            return  # setStyleSheet re-polishes the label: not for every keystroke that keeps it
        self._count_shown[name] = shown
        lab = self._counts[name]
        lab.setText(shown[0])
        lab.setToolTip(shown[1])
        lab.setStyleSheet(shown[2])

    def is_over_limit(self, field_name: str) -> bool:
        m = self.current_message()
        lim = self._limits.get(field_name)
        return bool(m and lim and len(self.shown_text(m, field_name)) > lim[0])

    # -- widgets -> session ------------------------------------------------------------------------
    def on_text_edited(self, name: str, text: str) -> None:
        if self._updating:
            return
        m = self.current_message()
        lang = self.language()
        if m is not None:
            if name == "alt_text":
                self.on_alt_text_edited()
            if lang is None:
                self.session.set_message_text(m.id, name, text)
            elif text:
                self.session.set_copy(m.id, name, "all", lang, text)
            elif can_reset(self.session.campaign, m.id, name, "all", lang):
                # emptied: the translation goes, the default language shows through again
                self.session.reset_copy(m.id, name, "all", lang)
        self._update_count(name, self.shown_text(m, name) if lang else text)

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

    def pick_brand_color(self, name: str) -> None:
        """Open the colour dialog (window-modal, `colour_dialog`): the campaign follows it live."""
        brand = self.session.campaign.brand
        dialog = BrandColourDialog(brand, name, self)
        self.colour_dialog = dialog
        dialog.tried.connect(
            lambda hex_: self.session.try_campaign(self.session.campaign.with_brand(replace(brand, **{name: hex_})))
        )

        def done(result: int) -> None:
            dialog.flush()
            self.session.try_campaign(None)
            if result == QDialog.DialogCode.Accepted:
                self.session.set_brand(replace(brand, **{name: dialog.chosen()}))
            self.colour_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()


__all__ = ["CampaignPanel", "MessageListModel", "copy_limits"]

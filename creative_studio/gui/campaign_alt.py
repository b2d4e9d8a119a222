"""Alt text that follows the design: a stale marker and an offered draft under the alt text field.

A mixin of `CampaignPanel`. The alt text is *stale* when it no longer contains the slogan (the
same test as the `missing-alt-text` check: words, case and punctuation aside) or when the face
(emoji or crack stage) changed since the alt text was last written or accepted. Then the panel
offers a draft built from what the image shows: the face's name, its crack stage and the visible
text. Nothing is written until the designer accepts it (one undo step) or edits the field.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ..checks.rules.accessibility import contains_text
from ..model import Face, Message

STAGE_WORDS = ("", "with a fine crack across it", "badly cracked", "shattered into pieces")


def face_words(face: Face) -> str:
    """'A slightly smiling face emoji, badly cracked' from the face's Unicode name and stage."""
    try:
        name = unicodedata.name(face.emoji[0]).lower() if len(face.emoji) == 1 else "emoji"
    except ValueError:
        name = "emoji"
    name = name if "emoji" in name else f"{name} emoji"
    article = "An" if name[:1] in "aeiou" else "A"
    stage = STAGE_WORDS[face.crack_stage] if 0 <= face.crack_stage < len(STAGE_WORDS) else ""
    return f"{article} {name}" + (f", {stage}" if stage else "")


def alt_draft(message: Message) -> str:
    """A description of what the image shows: the face, then the text on it."""
    shown = " ".join(t.strip() for t in (message.slogan, message.hashtag) if t and t.strip())
    return f"{face_words(message.face)}. Text: {shown}" if shown else f"{face_words(message.face)}."


class AltTextFollows:
    """Stale marker + draft offer for the alt text, for `CampaignPanel`."""

    def _build_alt_offer(self) -> QWidget:
        box = QWidget(self)
        box.setObjectName("AltOffer")
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 2, 0, 0)
        lay.setSpacing(4)
        self.alt_stale_label = QLabel(box)
        self.alt_stale_label.setObjectName("AltStale")
        # Fixed-height widgets, not word-wrapped labels: in the scrolled column those clip.
        self.alt_draft_label = QPlainTextEdit(box)
        self.alt_draft_label.setObjectName("AltDraft")
        self.alt_draft_label.setReadOnly(True)
        self.alt_draft_label.setTabChangesFocus(True)
        self.alt_draft_label.setFixedHeight(self.alt_draft_label.fontMetrics().lineSpacing() * 3 + 12)
        self.alt_draft_label.setToolTip("The offered draft: what the image shows now")
        row = QHBoxLayout()
        self.alt_accept_button = QPushButton("Use this draft", box)
        self.alt_accept_button.setToolTip("Replace the alt text with the draft (undoable)")
        self.alt_accept_button.clicked.connect(self.accept_alt_draft)
        row.addWidget(self.alt_accept_button)
        row.addStretch(1)
        lay.addWidget(self.alt_stale_label)
        lay.addWidget(self.alt_draft_label)
        lay.addLayout(row)
        box.setVisible(False)
        self._alt_box = box
        self._alt_faces: dict[str, Face] = {}  # message id -> face when its alt text was written
        return box

    def alt_is_stale(self, message: Message | None = None) -> str:
        """Why the current alt text no longer describes the design ("" when it does)."""
        m = message or self.current_message()
        if m is None:
            return ""
        alt = m.alt_text or ""
        if not alt.strip():
            return "No alt text."
        if not contains_text(alt, m.slogan):
            return "Stale: not the slogan."
        seen = self._alt_faces.setdefault(m.id, m.face)
        if (seen.emoji, seen.crack_stage) != (m.face.emoji, m.face.crack_stage):
            return "Stale: the face changed."
        return ""

    def _update_alt_offer(self) -> None:
        m = self.current_message()
        why = self.alt_is_stale(m) if m is not None else ""
        self._alt_box.setVisible(bool(why))
        if not why:
            return
        self.alt_stale_label.setText(f"<b style='color:#D9480F'>⚠ {why}</b> Draft:")
        self.alt_stale_label.setToolTip(why)
        draft = alt_draft(m)
        if self.alt_draft_label.toPlainText() != draft:
            self.alt_draft_label.setPlainText(draft)

    def on_alt_text_edited(self) -> None:
        """The designer wrote the alt text themselves: it describes the face shown now."""
        m = self.current_message()
        if m is not None:
            self._alt_faces[m.id] = m.face

    def accept_alt_draft(self) -> None:
        m = self.current_message()
        if m is None:
            return
        self._alt_faces[m.id] = m.face
        self.session.set_message_text(m.id, "alt_text", alt_draft(m))


__all__ = ["AltTextFollows", "alt_draft", "face_words"]

"""A grid of the face emoji the bundled emoji font can draw, for choosing a campaign's face.

Qt draws the bundled COLRv0 font (fonts/twemoji/CreativeStudioEmoji.ttf) directly, so the grid
shows the very glyphs the engine uses without rendering 90 faces through Pillow. Only code
points the font really has are offered: a face the engine cannot draw is never one click away.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QSizePolicy, QToolButton, QWidget

from ..base import resources

EMOJI_FONT = resources.font("twemoji/CreativeStudioEmoji.ttf")

# Smileys and cat faces U+1F600..U+1F644 (the block's hand gestures and people after that are no
# faces), then a few later faces that suit the campaign's tone.
_CANDIDATES = tuple(range(0x1F600, 0x1F645)) + (
    0x1F910,
    0x1F912,
    0x1F914,
    0x1F915,
    0x1F922,
    0x1F925,
    0x1F927,
    0x1F928,
    0x1F92B,
    0x1F92D,
    0x1F92F,
    0x1F970,
    0x1F972,
    0x1F974,
    0x1F975,
    0x1F976,
    0x1F97A,
    0x1FAE0,
    0x1FAE2,
    0x1FAE3,
    0x1FAE4,
    0x1FAE5,
    0x2639,
    0x263A,
)


@lru_cache(maxsize=1)
def emoji_family() -> str:
    """Register the bundled emoji font once; its family name ('' if Qt cannot load it)."""
    fid = QFontDatabase.addApplicationFont(str(EMOJI_FONT))
    fams = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
    return fams[0] if fams else ""


def emoji_font(pixel_size: int) -> QFont:
    f = QFont(emoji_family())
    f.setPixelSize(pixel_size)
    return f


@lru_cache(maxsize=1)
def face_emoji() -> tuple[str, ...]:
    """The faces offered: candidates the bundled font has a glyph for, in Unicode order."""
    fm = QFontMetrics(emoji_font(32))
    return tuple(chr(cp) for cp in _CANDIDATES if fm.inFontUcs4(cp))


def emoji_name(emoji: str) -> str:
    """'🙂' -> 'Slightly smiling face (U+1F642)'."""
    try:
        name = unicodedata.name(emoji[0]).capitalize() if len(emoji) == 1 else "Emoji sequence"
    except ValueError:
        name = "Emoji"
    code = " ".join(f"U+{ord(c):04X}" for c in emoji)
    return f"{name} ({code})"


def emoji_pixmap(emoji: str, size: int, dpr: float = 1.0) -> QPixmap:
    """The emoji drawn by Qt with the bundled font, centred on a transparent square."""
    px = max(1, round(size * dpr))
    pm = QPixmap(px, px)
    pm.fill(QColor(0, 0, 0, 0))
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.setFont(emoji_font(max(1, round(px * 0.82))))
    p.drawText(pm.rect(), Qt.AlignmentFlag.AlignCenter, emoji)
    p.end()
    pm.setDevicePixelRatio(dpr)
    return pm


class EmojiPicker(QWidget):
    """A grid of face emoji; one click picks one.

    Signals:
        picked(str): the emoji the designer clicked
    """

    picked = Signal(str)

    def __init__(self, columns: int = 10, cell: int = 34, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("EmojiPicker")
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 6, 6, 6)
        grid.setSpacing(2)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[str, QToolButton] = {}
        dpr = self.devicePixelRatioF()
        for i, ch in enumerate(face_emoji()):
            b = QToolButton(self)
            b.setCheckable(True)
            b.setAutoRaise(True)
            b.setFixedSize(cell, cell)
            b.setIconSize(QSize(cell - 8, cell - 8))
            b.setIcon(QIcon(emoji_pixmap(ch, cell - 8, dpr)))
            b.setToolTip(emoji_name(ch))
            b.setAccessibleName(emoji_name(ch))
            b.clicked.connect(lambda _=False, ch=ch: self.on_clicked(ch))
            self._group.addButton(b)
            self._buttons[ch] = b
            grid.addWidget(b, i // columns, i % columns)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def emoji(self) -> tuple[str, ...]:
        return tuple(self._buttons)

    def button_for(self, emoji: str) -> QToolButton | None:
        return self._buttons.get(emoji)

    def set_current(self, emoji: str) -> None:
        """Mark the campaign's current face (nothing marked if it is not in the grid)."""
        b = self._buttons.get(emoji)
        if b is not None:
            b.setChecked(True)
        else:
            self._group.setExclusive(False)
            for other in self._buttons.values():
                other.setChecked(False)
            self._group.setExclusive(True)

    def on_clicked(self, emoji: str) -> None:
        self.picked.emit(emoji)


__all__ = ["EMOJI_FONT", "EmojiPicker", "emoji_family", "emoji_font", "emoji_name", "emoji_pixmap", "face_emoji"]

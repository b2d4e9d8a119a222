"""The emoji itself: the bundled COLR font, drawn natively at any size, and its silhouette.

FreeType rasterises the vector colour glyph at the requested size, so a 40 px thumbnail and a
4000 px poster face are both sharp.  Missing characters are refused rather than drawn as the
font's .notdef box.
"""

from __future__ import annotations

import functools
import os
import threading

from PIL import Image, ImageDraw, ImageFont

from ..base import resources
from . import face_store
from .face_geometry import MARGIN

FONT_PATH = resources.font("twemoji/CreativeStudioEmoji.ttf")

_font_lock = threading.Lock()  # FreeType faces are not safe to share across threads


@functools.lru_cache(maxsize=32)
def _font(px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_PATH), px)


_IGNORABLE = {0x200D, 0xFE0E, 0xFE0F, 0x20E3}  # joiners/selectors: no glyph of their own


def _outline(font: ImageFont.FreeTypeFont, text: str) -> bytes | None:
    """Coverage of ``text`` drawn as a plain mask; None if nothing shows at all."""
    im = Image.new("L", (96, 96))
    try:
        ImageDraw.Draw(im).text((16, 16), text, font=font, fill=255)
    except (ValueError, OSError):  # e.g. raqm refuses a run of default-ignorables
        return None
    return im.tobytes() if im.getbbox() is not None else None


@functools.lru_cache(maxsize=256)
def check_glyphs(emoji: str) -> None:
    """Raise ValueError if any character of ``emoji`` would render as .notdef (or blank).

    FreeType silently draws the .notdef box for missing characters; comparing each
    character's outline with that of a noncharacter (U+FFFF) catches it.  Joiners and
    selectors are skipped: they have no glyph of their own, they only shape a sequence.
    """
    font = _font(48)
    with _font_lock:
        notdef = _outline(font, "\uffff")
        for ch in emoji:
            cp = ord(ch)
            if cp in _IGNORABLE or 0xE0020 <= cp <= 0xE007F:  # tag characters (flags)
                continue
            outline = _outline(font, ch)
            if outline is None or outline == notdef:
                raise ValueError(f"the emoji font has no glyph for U+{cp:04X}")
        if _outline(font, emoji) is None:
            raise ValueError(f"the emoji font draws nothing for {emoji!r}")


_REF_PX = 512


@functools.lru_cache(maxsize=256)
def _ink_fraction(emoji: str) -> float:
    """Larger ink extent of ``emoji`` per pixel of font size (measured once per font content)."""
    return face_store.ink_fraction(emoji, FONT_PATH, _measure_ink)


def _measure_ink(emoji: str) -> float:
    im = draw_glyph(emoji, _REF_PX)
    box = im.getchannel("A").getbbox()
    if box is None:
        raise ValueError("the emoji font renders this emoji empty")
    return max(box[2] - box[0], box[3] - box[1]) / _REF_PX


def draw_glyph(emoji: str, px: int) -> Image.Image:
    pad = px // 8 + 2
    im = Image.new("RGBA", (px + 2 * pad, px + 2 * pad))
    font = _font(px)
    with _font_lock:
        ImageDraw.Draw(im).text((pad, pad), emoji, font=font, embedded_color=True)
    return im


def glyph(emoji: str, size: int) -> Image.Image:
    """The intact face: ink scaled to ``size * (1 - 2 * MARGIN)`` and centred."""
    check_glyphs(emoji)
    inner = size * (1 - 2 * MARGIN)
    px = max(1, round(inner / _ink_fraction(emoji)))
    im = draw_glyph(emoji, px)
    box = im.getchannel("A").getbbox()
    out = Image.new("RGBA", (size, size))
    if box is None:
        return out
    ink = im.crop(box)
    out.paste(ink, ((size - ink.width) // 2, (size - ink.height) // 2))
    return out


def _after_fork_in_child() -> None:
    """A forked child may inherit the font lock held by a thread that no longer exists."""
    global _font_lock
    _font_lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)

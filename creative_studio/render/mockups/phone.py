"""A phone body with its status bar: the frame of stories, snaps and the mobile web page."""

from __future__ import annotations

from PIL import Image, ImageDraw

from .icons import icon
from .kit import RGB, Rect, iround, rrect, soft_shadow
from .lettering import text_mid

BEZEL: RGB = (10, 10, 12)


def phone_frame(screen_w: int, screen_h: int, k: float, bg: RGB = (233, 235, 238)) -> tuple[Image.Image, Rect, float]:
    """A phone body with a screen of exactly screen_w x screen_h; returns (canvas, screen rect, corner radius).

    Put the screen in with paste_rounded(canvas, screen, rect[:2], radius)."""
    bez = 11 * k
    margin = 28 * k
    pw, ph = screen_w + 2 * bez, screen_h + 2 * bez
    ow, oh = iround(pw + 2 * margin), iround(ph + 2 * margin)
    out = Image.new("RGB", (ow, oh), bg)
    px0, py0 = iround(margin), iround(margin)
    body = (px0, py0, px0 + iround(pw), py0 + iround(ph))
    soft_shadow(out, body, 54 * k, 14 * k, 0.32, dy=8 * k)
    # side buttons
    for bx, by, bh in (
        (body[0] - 2.5 * k, 120, 28),
        (body[0] - 2.5 * k, 165, 52),
        (body[0] - 2.5 * k, 225, 52),
        (body[2] - 0.5 * k, 175, 80),
    ):
        rrect(out, (bx, py0 + by * k, bx + 3 * k, py0 + (by + bh) * k), 1.5 * k, (40, 42, 46))
    rrect(out, body, 54 * k, (28, 29, 32))
    rrect(out, (body[0] + 1.5 * k, body[1] + 1.5 * k, body[2] - 1.5 * k, body[3] - 1.5 * k), 52.5 * k, BEZEL)
    sx0, sy0 = px0 + iround(bez), py0 + iround(bez)
    return out, (sx0, sy0, sx0 + screen_w, sy0 + screen_h), 44 * k


def status_bar(out: Image.Image, draw: ImageDraw.ImageDraw, scr: Rect, k: float, color: RGB) -> None:
    x0, y0, x1, _ = scr
    text_mid(draw, x0 + 40 * k, y0 + 19 * k, "9:41", "ui", 14.5 * k, color, anchor="m")
    icon(out, "signal", x1 - 78 * k, y0 + 11 * k, 16 * k, color)
    icon(out, "wifi", x1 - 58 * k, y0 + 11 * k, 16 * k, color, weight=2.4)
    icon(out, "battery", x1 - 38 * k, y0 + 10 * k, 24 * k, color)

"""Where the face's art and the partner logo go, in format units (the format at 1x).

The face's art box is measured on the rendered emoji, not assumed to be the disc: a cowboy hat
or raised hands reach into the square's corners. The logo is placed inside its layout box, a
margin clear of the canvas edges and of the platform's keep-clear bands, and moved to another
corner or shrunk when it would touch the face's art or the text.
"""

from __future__ import annotations

from functools import lru_cache

from ..model.types import Layout
from .face import ink_box

FRect = tuple[float, float, float, float]  # a rectangle in format pixels (the format at 1x)


def box_f(box, safe: FRect) -> FRect:
    sw, sh = safe[2] - safe[0], safe[3] - safe[1]
    x0 = safe[0] + box.x * sw
    y0 = safe[1] + box.y * sh
    return x0, y0, x0 + box.w * sw, y0 + box.h * sh


def hits(a: FRect, b: FRect, gap: float = 0.0) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


@lru_cache(maxsize=256)
def face_ink(emoji: str, stage: int, seed: int) -> tuple[float, float, float, float]:
    """Where the face's art is inside its square, as shares of the side (measured once, small).

    Emoji whose art leaves the disc (a cowboy hat, raised hands) reach further than a smiley;
    collisions are judged on this box, not on the nominal disc.
    """
    return ink_box(emoji, stage, seed)


LOGO_MARGIN = 0.03  # of the canvas's shorter side: a logo never sits flush against an edge
_LOGO_SIZES = (1.0, 0.85, 0.7, 0.55, 0.4)


def place_logo(
    src_size: tuple[int, int], layout: Layout, safe: FRect, W: int, H: int, avoid: list[FRect]
) -> FRect | None:
    """The logo's rectangle in format units: inside its layout box, a margin clear of the canvas
    edges and of the platform's keep-clear bands, never over the face's art or the text. When
    the natural place collides it moves to another corner of its box, then shrinks; if nothing
    is free it keeps its natural place and the overlap rule reports it."""
    if layout.logo is None:
        return None
    m = LOGO_MARGIN * min(W, H)
    b = box_f(layout.logo, safe)
    region = (
        max(b[0], safe[0] + m, m),
        max(b[1], safe[1] + m, m),
        min(b[2], safe[2] - m, W - m),
        min(b[3], safe[3] - m, H - m),
    )
    rw, rh = region[2] - region[0], region[3] - region[1]
    if rw <= 1 or rh <= 1:
        return None
    fit = min(rw / src_size[0], rh / src_size[1])
    first = layout.logo_align
    aligns = (first, *[a for a in ("right", "left", "center") if a != first])
    natural = None
    for k in _LOGO_SIZES:
        w, h = src_size[0] * fit * k, src_size[1] * fit * k
        for al in aligns:
            x = region[0] if al == "left" else region[2] - w if al == "right" else region[0] + (rw - w) / 2
            for y in (region[1] + (rh - h) / 2, region[1], region[3] - h):
                r = (x, y, x + w, y + h)
                natural = natural or r
                if not any(hits(r, a, m / 2) for a in avoid):
                    return r
    return natural

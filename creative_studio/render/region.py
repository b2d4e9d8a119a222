"""A region of a render: the pixels of one rectangle of a format at a scale, without the rest.

Why: 100 % of a 96-sheet is 14400 x 3600 px (a ~150 MB frame and seconds of work); the preview
only ever shows a window of it. ``render_region`` paints just that window, and its pixels are the
full render's pixels there (tests/render/test_region.py compares them byte for byte), because it
is the same engine pass (``engine._render`` with ``region=``): every decision (layout, line
breaks, type sizes, the face's crack network) is made for the whole format as always, and only the
painting is moved by the region's corner. What it still allocates at full size is what the
region shows of the art itself: the face (its square, when the region meets it) and the glow
behind it (an 8-bit mask); both are kept for the next region so panning across the face does not
redraw it.
"""

from __future__ import annotations

import math
from functools import lru_cache, partial

from PIL import Image, ImageDraw

from ..model.types import Campaign, Format, Message
from . import text as textmod
from .blocks import Planned
from .compose import glow_mask

Rect = tuple[int, int, int, int]

MAX_REGION_PIXELS = 40_000_000  # a region is a window on a screen, not a poster by another name


def render_region(
    campaign: Campaign,
    message: Message,
    fmt: Format,
    scale: float,
    box: Rect,
    language: str | None = None,
) -> Image.Image:
    """The pixels of `box` (x0, y0, x1, y1 in render pixels at `scale`, x1/y1 exclusive) of the
    render of `message` on `fmt` at `scale`: exactly ``render_message(...).image.crop(box)``,
    without painting (or allocating) the rest of the canvas."""
    from .engine import RenderError, _render

    w, h = fmt.size_at(scale) if 0 < scale <= 4 else (0, 0)
    x0, y0, x1, y1 = (int(v) for v in box)
    if not (0 < scale <= 4):
        raise RenderError(f"scale {scale} is out of range; use a value above 0 and at most 4")
    if not (0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h):
        raise RenderError(
            f"region {x0},{y0},{x1},{y1} is not inside {fmt.id} at scale {scale:g} ({w}x{h} px); "
            "give x0 < x1 <= width and y0 < y1 <= height"
        )
    if (x1 - x0) * (y1 - y0) > MAX_REGION_PIXELS:
        raise RenderError(
            f"region {x1 - x0}x{y1 - y0} px is past the {MAX_REGION_PIXELS / 1e6:.0f} MP a region may have"
        )
    result = _render(campaign, message, fmt, scale, True, language, region=(x0, y0, x1, y1))
    return result.image


# -- the engine's painting, moved to the region --------------------------------------------------


def background(region: Rect, h: int, top: str, bottom: str) -> Image.Image:
    """The ground's rows of the region (the gradient runs over the whole height `h`)."""
    from .engine import _make_background

    x0, y0, x1, y1 = region
    return _make_background(x1 - x0, h, top, bottom, rows=(y0, y1))


def glow(region: Rect, rect: Rect) -> Image.Image | None:
    """The glow's mask when the region shows any of `rect`, else None."""
    return _glow(rect[2] - rect[0]) if _meets(region, rect) else None


@lru_cache(maxsize=1)
def _glow(size: int) -> Image.Image:
    # Kept at full size: panning asks for it again with every region. (Only the needed part,
    # resized alone, differs in the last bit from the same part of the whole mask.)
    return glow_mask(size)


def face(region: Rect, face_rect: Rect, draw: partial[Image.Image]) -> Image.Image | None:
    """The face (`draw` renders it) when the region shows any of its square, else None."""
    if not _meets(region, face_rect):
        return None
    return _face(draw.func, draw.args, tuple(sorted(draw.keywords.items())))


@lru_cache(maxsize=1)
def _face(func, args: tuple, keywords: tuple) -> Image.Image:
    return func(*args, **dict(keywords))


def _meets(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _cut(a: Rect, b: Rect) -> Rect | None:
    r = (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))
    return r if r[0] < r[2] and r[1] < r[3] else None


def draw_block(
    img: Image.Image,
    origin: tuple[int, int],
    p: Planned,
    xs: list[float],
    bls: list[float],
    inks: list,
    size: float,
    pill: Rect | None,
    box: Rect,
    clip: bool,
) -> None:
    """Draw a text block's button and lines into `img`, the part of the canvas from `origin`.

    Pillow places text at a fractional position by the sign of the coordinate (int() and modf
    truncate towards zero), so text drawn at a negative coordinate lands differently from the
    same text drawn at a positive one. Each piece is therefore drawn into a small scratch image
    whose corner is a whole number of pixels left of and above the piece's anchor, in the same
    frame as the full render draws it (the canvas, or the block's box when it clips), seeded with
    the region's pixels under it; what the region shows of it is copied back. Drawing is per
    pixel (ink through a mask), so the pixels are the full render's.
    """
    ox, oy = origin
    region = (ox, oy, ox + img.width, oy + img.height)
    frame = (box[0], box[1]) if clip else (0, 0)
    limit = box if clip else (-(1 << 30), -(1 << 30), 1 << 30, 1 << 30)

    def scratch(reach: Rect, ax: float, ay: float, paint) -> None:
        area = _cut(_cut(region, reach) or (0, 0, 0, 0), limit)
        if area is None:
            return
        lx = min(area[0], frame[0] + math.floor(ax - frame[0]) if ax >= frame[0] else frame[0])
        ly = min(area[1], frame[1] + math.floor(ay - frame[1]) if ay >= frame[1] else frame[1])
        local = Image.new(img.mode, (area[2] - lx, area[3] - ly))
        local.paste(img.crop((area[0] - ox, area[1] - oy, area[2] - ox, area[3] - oy)), (area[0] - lx, area[1] - ly))
        paint(ImageDraw.Draw(local), lx, ly)
        img.paste(local.crop((area[0] - lx, area[1] - ly, area[2] - lx, area[3] - ly)), (area[0] - ox, area[1] - oy))

    if pill and pill[2] - pill[0] >= 2 and pill[3] - pill[1] >= 2:
        pr = pill

        def button(d: ImageDraw.ImageDraw, lx: int, ly: int) -> None:
            d.rounded_rectangle(
                (pr[0] - lx, pr[1] - ly, pr[2] - lx - 1, pr[3] - ly - 1), radius=(pr[3] - pr[1]) / 2, fill=p.pill_fill
            )

        scratch(pill, pill[0], pill[1], button)
    margin = max(4, math.ceil(size * 0.5))  # a glyph's mask may reach past its measured ink
    for ln, x, b, ink in zip(p.fit.lines, xs, bls, inks, strict=True):
        if not ln.strip():
            continue
        if ink is None:
            continue
        reach = (ink[0] - margin, ink[1] - margin, ink[2] + margin, ink[3] + margin)

        def line(d: ImageDraw.ImageDraw, lx: int, ly: int, ln=ln, x=x, b=b) -> None:
            textmod.draw_line(d, x - lx, b - ly, ln, p.slot.role, size, p.fill, p.rtl, p.keep)

        scratch(reach, x, b, line)

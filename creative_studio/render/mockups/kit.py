"""The drawing kit every scene uses: colours, anti-aliased shapes from small cached masks,
gradients and shadows."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from ...model.types import Campaign
from ..engine import RenderResult

Rect = tuple[int, int, int, int]  # x0, y0, x1, y1 (x1, y1 exclusive, like PIL boxes)
RGB = tuple[int, int, int]

# A scene: (campaign, render) -> (mockup image, where the creative sits in it).
Scene = Callable[[Campaign, RenderResult], tuple[Image.Image, Rect]]
SCENES: dict[str, Scene] = {}  # mockup id (formats.yaml `mockup:`) -> scene, filled by @scene


def scene(*ids: str) -> Callable[[Scene], Scene]:
    """Register a scene under one or more mockup ids (the ids platforms.yaml lists)."""

    def register(fn: Scene) -> Scene:
        for mid in ids:
            if mid in SCENES:
                raise ValueError(f"mockup id {mid!r} is registered twice")
            SCENES[mid] = fn
        return fn

    return register


SS = 4  # supersampling factor of the small shape masks

# Physical sizes of the outdoor faces (metres, visible area): the person beside them is to scale.
PERSON_HEIGHT_M = 1.75

# -- colours -----------------------------------------------------------------------------------
WHITE: RGB = (255, 255, 255)
INK: RGB = (5, 5, 5)
GREY_TEXT: RGB = (101, 103, 107)
X_GREY: RGB = (83, 100, 113)
AVATAR: RGB = (138, 141, 145)


# ==============================================================================================
# Drawing kit: anti-aliased shapes from cached masks, icons on a 24-unit grid, text helpers.
# ==============================================================================================


def iround(v: float) -> int:
    return int(round(v))


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return (iround(a[0] + (b[0] - a[0]) * t), iround(a[1] + (b[1] - a[1]) * t), iround(a[2] + (b[2] - a[2]) * t))


def with_opacity(mask: Image.Image, opacity: float) -> Image.Image:
    if opacity >= 1:
        return mask
    a = max(0.0, opacity)
    return mask.point([iround(v * a) for v in range(256)])


def paint(img: Image.Image, color: RGB, box: Rect, mask: Image.Image) -> None:
    """Paint `color` through `mask` over box. Pasting a solid image through a mask is several
    times faster in Pillow than pasting a colour through it, so large areas take that path."""
    if mask.width * mask.height > 4096:
        img.paste(Image.new("RGB", mask.size, color), box[:2], mask)
    else:
        img.paste(color, box, mask)


@lru_cache(maxsize=128)
def _corner(r: int) -> Image.Image:
    """Top-left quarter of an anti-aliased disc of radius r (L, r x r)."""
    big = Image.new("L", (2 * r * SS, 2 * r * SS), 0)
    ImageDraw.Draw(big).ellipse((0, 0, 2 * r * SS - 1, 2 * r * SS - 1), fill=255)
    return big.resize((2 * r, 2 * r), Image.Resampling.BOX).crop((0, 0, r, r))


def _rr_mask(w: int, h: int, r: float) -> Image.Image:
    m = Image.new("L", (max(1, w), max(1, h)), 255)
    r = min(iround(r), w // 2, h // 2)
    if r > 0:
        c = _corner(r)
        m.paste(c, (0, 0))
        m.paste(c.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (w - r, 0))
        m.paste(c.transpose(Image.Transpose.FLIP_TOP_BOTTOM), (0, h - r))
        m.paste(c.transpose(Image.Transpose.ROTATE_180), (w - r, h - r))
    return m


def int_box(b: tuple[float, float, float, float]) -> Rect:
    x0, y0 = iround(b[0]), iround(b[1])
    return x0, y0, max(x0 + 1, iround(b[2])), max(y0 + 1, iround(b[3]))


def rrect(img: Image.Image, b: tuple[float, float, float, float], r: float, fill: RGB, opacity: float = 1.0) -> None:
    """A filled, anti-aliased rounded rectangle (optionally translucent).

    Opaque boxes fill their body directly and mask only the four corner squares: a phone body
    or a feed card costs a few corner pastes, not a full-size masked paste.
    """
    x0, y0, x1, y1 = int_box(b)
    w, h = x1 - x0, y1 - y0
    rr = min(iround(r), w // 2, h // 2)
    if opacity < 1 or rr <= 0:
        paint(img, fill, (x0, y0, x1, y1), with_opacity(_rr_mask(w, h, r), opacity))
        return
    img.paste(fill, (x0 + rr, y0, x1 - rr, y1))
    img.paste(fill, (x0, y0 + rr, x0 + rr, y1 - rr))
    img.paste(fill, (x1 - rr, y0 + rr, x1, y1 - rr))
    for c, (cx, cy) in zip(_corners(rr), ((x0, y0), (x1 - rr, y0), (x0, y1 - rr), (x1 - rr, y1 - rr)), strict=True):
        img.paste(fill, (cx, cy, cx + rr, cy + rr), c)


@lru_cache(maxsize=128)
def _corners(r: int) -> tuple[Image.Image, Image.Image, Image.Image, Image.Image]:
    """The four corner masks (top-left, top-right, bottom-left, bottom-right) of radius r."""
    c = _corner(r)
    return (
        c,
        c.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
        c.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
        c.transpose(Image.Transpose.ROTATE_180),
    )


@lru_cache(maxsize=128)
def _outside_corners(r: int) -> tuple[Image.Image, Image.Image, Image.Image, Image.Image]:
    tl, tr, bl, br = (ImageChops.invert(c) for c in _corners(r))
    return tl, tr, bl, br


def paste_rounded(dst: Image.Image, src: Image.Image, xy: tuple[int, int], r: float) -> None:
    """Paste src with rounded corners of radius r (what was under the cut corners stays).

    The image goes in with a plain (fast) paste; only the four corner squares are masked.
    """
    x0, y0 = xy
    w, h = src.size
    rr = min(iround(r), w // 2, h // 2)
    spots = ((x0, y0), (x0 + w - rr, y0), (x0, y0 + h - rr), (x0 + w - rr, y0 + h - rr))
    saved = [dst.crop((cx, cy, cx + rr, cy + rr)) for cx, cy in spots] if rr > 0 else []
    dst.paste(src, (x0, y0))
    for under, c, (cx, cy) in zip(saved, _outside_corners(rr) if rr > 0 else (), spots, strict=False):
        dst.paste(under, (cx, cy), c)


def rrect_outline(
    img: Image.Image, b: tuple[float, float, float, float], r: float, line: RGB, width: float, fill: RGB | None = None
) -> None:
    w = max(1, iround(width))
    rrect(img, b, r, line)
    x0, y0, x1, y1 = int_box(b)
    inner = (x0 + w, y0 + w, x1 - w, y1 - w)
    if inner[2] > inner[0] and inner[3] > inner[1]:
        if fill is None:
            raise ValueError("rrect_outline needs a fill colour for the inside")
        rrect(img, inner, max(0, r - w), fill)


@lru_cache(maxsize=128)
def _disc(d: int) -> Image.Image:
    big = Image.new("L", (d * SS, d * SS), 0)
    ImageDraw.Draw(big).ellipse((0, 0, d * SS - 1, d * SS - 1), fill=255)
    return big.resize((d, d), Image.Resampling.BOX)


def disc(img: Image.Image, cx: float, cy: float, r: float, fill: RGB, opacity: float = 1.0) -> None:
    d = max(1, iround(2 * r))
    x0, y0 = iround(cx - d / 2), iround(cy - d / 2)
    img.paste(fill, (x0, y0, x0 + d, y0 + d), with_opacity(_disc(d), opacity))


@lru_cache(maxsize=64)
def _ramp_column(h: int, a0: int, a1: int) -> Image.Image:
    col = Image.linear_gradient("L").resize((1, h), Image.Resampling.BILINEAR)
    return col.point([iround(a0 + (a1 - a0) * v / 255) for v in range(256)])


def _grad_mask(w: int, h: int, a0: int, a1: int) -> Image.Image:
    """Vertical opacity ramp from a0 (top) to a1 (bottom)."""
    return _ramp_column(max(1, h), a0, a1).resize((max(1, w), max(1, h)), Image.Resampling.NEAREST)


@lru_cache(maxsize=64)
def _grad_column(h: int, stops: tuple[tuple[float, RGB], ...]) -> Image.Image:
    col = Image.new("RGB", (1, h), stops[0][1])
    ramp = Image.linear_gradient("L")
    for i, ((p0, c0), (p1, c1)) in enumerate(zip(stops, stops[1:], strict=False)):
        y0 = iround(p0 * h)
        y1 = h if i == len(stops) - 2 else iround(p1 * h)
        n = y1 - y0
        if n <= 0:
            continue
        m = ramp.resize((1, n), Image.Resampling.BILINEAR)
        col.paste(Image.composite(Image.new("RGB", (1, n), c1), Image.new("RGB", (1, n), c0), m), (0, y0))
    return col


def vgrad(w: int, h: int, stops: list[tuple[float, RGB]]) -> Image.Image:
    """A vertical gradient through colour stops (position 0..1): one column, stretched (a new image)."""
    h = max(1, h)
    return _grad_column(h, tuple(stops)).resize((max(1, w), h), Image.Resampling.NEAREST)


def shade(img: Image.Image, b: tuple[float, float, float, float], color: RGB, a0: int, a1: int) -> None:
    """A vertical translucent ramp of `color` over a box (legibility scrims, light wash)."""
    x0, y0, x1, y1 = int_box(b)
    paint(img, color, (x0, y0, x1, y1), _grad_mask(x1 - x0, y1 - y0, a0, a1))


def soft_shadow(
    img: Image.Image, b: tuple[float, float, float, float], r: float, blur: float, opacity: float, dy: float = 0.0
) -> None:
    """A blurred drop shadow under a rounded box, computed at 1/4 size (cheap at any size)."""
    x0, y0, x1, y1 = int_box(b)
    pad = iround(blur * 2) + 1
    w, h = x1 - x0 + 2 * pad, y1 - y0 + 2 * pad
    q = 4
    sw, sh = max(1, w // q), max(1, h // q)
    m = Image.new("L", (sw, sh), 0)
    inner = (pad / q, pad / q, max(pad / q, sw - pad / q), max(pad / q, sh - pad / q))
    ImageDraw.Draw(m).rounded_rectangle(
        inner,
        radius=max(0, min(r / q, (inner[2] - inner[0]) / 2, (inner[3] - inner[1]) / 2)),
        fill=iround(255 * opacity),
    )
    m = m.filter(ImageFilter.GaussianBlur(max(0.5, blur / q)))
    fx, fy = sw / w, sh / h  # full-size -> small mask coordinates

    def band(bx0: int, by0: int, bx1: int, by1: int) -> Image.Image:
        return m.resize((bx1 - bx0, by1 - by0), Image.Resampling.BILINEAR, box=(bx0 * fx, by0 * fy, bx1 * fx, by1 * fy))

    # The opaque shape drawn next covers the middle: scale up and paint only the four bands around it.
    ox, oy = x0 - pad, y0 - pad + iround(dy)
    rr = iround(r) + 1
    sx0, sy0, sx1, sy1 = x0 + rr - ox, y0 + rr - oy, x1 - rr - ox, y1 - rr - oy  # skip box, mask coords
    if sx1 <= sx0 or sy1 <= sy0:
        paint(img, (0, 0, 0), (ox, oy, ox + w, oy + h), band(0, 0, w, h))
        return
    for bx0, by0, bx1, by1 in ((0, 0, w, sy0), (0, sy1, w, h), (0, sy0, sx0, sy1), (sx1, sy0, w, sy1)):
        if bx1 > bx0 and by1 > by0:
            paint(img, (0, 0, 0), (ox + bx0, oy + by0, ox + bx1, oy + by1), band(bx0, by0, bx1, by1))

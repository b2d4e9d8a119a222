"""Mockups: a render shown where it will run, so a reviewer judges it in context.

Each mockup is a generic look-alike of a placement (a feed card, a story on a phone, a news page,
a roadside hoarding...), with neutral names and no platform logos or trademarks. The creative is
used exactly as rendered: digital renders are pasted pixel for pixel (only the platform's own
overlays, such as a story's progress bar, are drawn over them), and poster renders are only ever
scaled *down* to the scene.

The chrome is designed at a reference width and scaled by `image width / reference`, so a 270 px
preview and a 1080 px export get the same-looking mockup at their own size. Shapes are drawn
anti-aliased from small supersampled masks (cached), never by supersampling the whole canvas:
that keeps a preview-scale mockup within a few milliseconds of the render.

    render_mockup(campaign, result) -> PIL.Image           (RGB; the CLI's `render --mockup`)
    mockup_with_rect(campaign, result) -> (image, rect)    (rect: where the creative sits)
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from ..model.types import Campaign, Format
from . import fonts
from . import text as textmod
from .distance import D6_SCREEN_M, physical_size_m
from .engine import RenderResult

Rect = tuple[int, int, int, int]  # x0, y0, x1, y1 (x1, y1 exclusive, like PIL boxes)
RGB = tuple[int, int, int]

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


def _i(v: float) -> int:
    return int(round(v))


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (_i(a[0] + (b[0] - a[0]) * t), _i(a[1] + (b[1] - a[1]) * t), _i(a[2] + (b[2] - a[2]) * t))


def _alpha(mask: Image.Image, opacity: float) -> Image.Image:
    if opacity >= 1:
        return mask
    a = max(0.0, opacity)
    return mask.point([_i(v * a) for v in range(256)])


def _fill(img: Image.Image, color: RGB, box: Rect, mask: Image.Image) -> None:
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
    r = min(_i(r), w // 2, h // 2)
    if r > 0:
        c = _corner(r)
        m.paste(c, (0, 0))
        m.paste(c.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (w - r, 0))
        m.paste(c.transpose(Image.Transpose.FLIP_TOP_BOTTOM), (0, h - r))
        m.paste(c.transpose(Image.Transpose.ROTATE_180), (w - r, h - r))
    return m


def _box(b: tuple[float, float, float, float]) -> Rect:
    x0, y0 = _i(b[0]), _i(b[1])
    return x0, y0, max(x0 + 1, _i(b[2])), max(y0 + 1, _i(b[3]))


def rrect(img: Image.Image, b: tuple[float, float, float, float], r: float, fill: RGB, opacity: float = 1.0) -> None:
    """A filled, anti-aliased rounded rectangle (optionally translucent).

    Opaque boxes fill their body directly and mask only the four corner squares: a phone body
    or a feed card costs a few corner pastes, not a full-size masked paste.
    """
    x0, y0, x1, y1 = _box(b)
    w, h = x1 - x0, y1 - y0
    rr = min(_i(r), w // 2, h // 2)
    if opacity < 1 or rr <= 0:
        _fill(img, fill, (x0, y0, x1, y1), _alpha(_rr_mask(w, h, r), opacity))
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
    return tuple(ImageChops.invert(c) for c in _corners(r))  # type: ignore[return-value]


def paste_rounded(dst: Image.Image, src: Image.Image, xy: tuple[int, int], r: float) -> None:
    """Paste src with rounded corners of radius r (what was under the cut corners stays).

    The image goes in with a plain (fast) paste; only the four corner squares are masked.
    """
    x0, y0 = xy
    w, h = src.size
    rr = min(_i(r), w // 2, h // 2)
    spots = ((x0, y0), (x0 + w - rr, y0), (x0, y0 + h - rr), (x0 + w - rr, y0 + h - rr))
    saved = [dst.crop((cx, cy, cx + rr, cy + rr)) for cx, cy in spots] if rr > 0 else []
    dst.paste(src, (x0, y0))
    for under, c, (cx, cy) in zip(saved, _outside_corners(rr) if rr > 0 else (), spots, strict=False):
        dst.paste(under, (cx, cy), c)


def rrect_outline(
    img: Image.Image, b: tuple[float, float, float, float], r: float, line: RGB, width: float, fill: RGB | None = None
) -> None:
    w = max(1, _i(width))
    rrect(img, b, r, line)
    x0, y0, x1, y1 = _box(b)
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
    d = max(1, _i(2 * r))
    x0, y0 = _i(cx - d / 2), _i(cy - d / 2)
    img.paste(fill, (x0, y0, x0 + d, y0 + d), _alpha(_disc(d), opacity))


@lru_cache(maxsize=64)
def _ramp_column(h: int, a0: int, a1: int) -> Image.Image:
    col = Image.linear_gradient("L").resize((1, h), Image.Resampling.BILINEAR)
    return col.point([_i(a0 + (a1 - a0) * v / 255) for v in range(256)])


def _grad_mask(w: int, h: int, a0: int, a1: int) -> Image.Image:
    """Vertical opacity ramp from a0 (top) to a1 (bottom)."""
    return _ramp_column(max(1, h), a0, a1).resize((max(1, w), max(1, h)), Image.Resampling.NEAREST)


@lru_cache(maxsize=64)
def _grad_column(h: int, stops: tuple[tuple[float, RGB], ...]) -> Image.Image:
    col = Image.new("RGB", (1, h), stops[0][1])
    ramp = Image.linear_gradient("L")
    for i, ((p0, c0), (p1, c1)) in enumerate(zip(stops, stops[1:], strict=False)):
        y0 = _i(p0 * h)
        y1 = h if i == len(stops) - 2 else _i(p1 * h)
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
    x0, y0, x1, y1 = _box(b)
    _fill(img, color, (x0, y0, x1, y1), _grad_mask(x1 - x0, y1 - y0, a0, a1))


def soft_shadow(
    img: Image.Image, b: tuple[float, float, float, float], r: float, blur: float, opacity: float, dy: float = 0.0
) -> None:
    """A blurred drop shadow under a rounded box, computed at 1/4 size (cheap at any size)."""
    x0, y0, x1, y1 = _box(b)
    pad = _i(blur * 2) + 1
    w, h = x1 - x0 + 2 * pad, y1 - y0 + 2 * pad
    q = 4
    sw, sh = max(1, w // q), max(1, h // q)
    m = Image.new("L", (sw, sh), 0)
    inner = (pad / q, pad / q, max(pad / q, sw - pad / q), max(pad / q, sh - pad / q))
    ImageDraw.Draw(m).rounded_rectangle(
        inner, radius=max(0, min(r / q, (inner[2] - inner[0]) / 2, (inner[3] - inner[1]) / 2)), fill=_i(255 * opacity)
    )
    m = m.filter(ImageFilter.GaussianBlur(max(0.5, blur / q)))
    fx, fy = sw / w, sh / h  # full-size -> small mask coordinates

    def band(bx0: int, by0: int, bx1: int, by1: int) -> Image.Image:
        return m.resize((bx1 - bx0, by1 - by0), Image.Resampling.BILINEAR, box=(bx0 * fx, by0 * fy, bx1 * fx, by1 * fy))

    # The opaque shape drawn next covers the middle: scale up and paint only the four bands around it.
    ox, oy = x0 - pad, y0 - pad + _i(dy)
    rr = _i(r) + 1
    sx0, sy0, sx1, sy1 = x0 + rr - ox, y0 + rr - oy, x1 - rr - ox, y1 - rr - oy  # skip box, mask coords
    if sx1 <= sx0 or sy1 <= sy0:
        _fill(img, (0, 0, 0), (ox, oy, ox + w, oy + h), band(0, 0, w, h))
        return
    for bx0, by0, bx1, by1 in ((0, 0, w, sy0), (0, sy1, w, h), (0, sy0, sx0, sy1), (sx1, sy0, w, sy1)):
        if bx1 > bx0 and by1 > by0:
            _fill(img, (0, 0, 0), (ox + bx0, oy + by0, ox + bx1, oy + by1), band(bx0, by0, bx1, by1))


# -- icons: drawn on a 24-unit grid at 4x, cached per size ---------------------------------------


def _heart(u: float) -> list[tuple[float, float]]:
    pts = []
    for i in range(48):
        t = 2 * math.pi * i / 48
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        pts.append(((12 + x * 0.56) * u, (11.2 - y * 0.56) * u))
    return pts


@lru_cache(maxsize=256)
def _icon(name: str, px: int, weight: float = 2.0) -> Image.Image:
    n = max(1, px) * SS
    u = n / 24
    m = Image.new("L", (n, n), 0)
    d = ImageDraw.Draw(m)
    w = max(1, _i(weight * u))

    def rr(box, radius, **kw):
        x0, y0, x1, y1 = box
        if x1 - x0 < 2 * w + 2 or y1 - y0 < 2 * w + 2:  # too small for an outline: a solid block
            kw.pop("outline", None), kw.pop("width", None)
            kw["fill"] = 255
            radius = 0
        d.rounded_rectangle((x0, y0, max(x0, x1), max(y0, y1)), radius=radius, **kw)

    def P(pts):
        return [(x * u, y * u) for x, y in pts]

    def stroke(pts, closed=False):
        pp = P(pts) + (P(pts[:1]) if closed else [])
        d.line(pp, fill=255, width=w, joint="curve")
        for x, y in pp if not closed else []:
            d.ellipse((x - w / 2, y - w / 2, x + w / 2, y + w / 2), fill=255)

    def ring(b):
        d.ellipse([v * u for v in b], outline=255, width=w)

    def dot(cx, cy, r):
        d.ellipse(((cx - r) * u, (cy - r) * u, (cx + r) * u, (cy + r) * u), fill=255)

    if name == "like":  # thumb up, outline
        stroke([(3, 10.5), (6.5, 10.5), (6.5, 20.5), (3, 20.5)], closed=True)
        stroke(
            [
                (6.5, 11),
                (10.5, 3.5),
                (12.3, 3.6),
                (13.3, 5),
                (12.6, 9.2),
                (19, 9.2),
                (21, 11),
                (19.3, 19.2),
                (17.3, 20.5),
                (6.5, 20.5),
            ]
        )
    elif name == "comment":  # speech bubble
        ring((2.5, 3, 21.5, 19))
        stroke([(6.5, 17), (4.5, 21.5), (10.5, 18.7)])
    elif name == "share":  # curved arrow to the right
        stroke(
            [
                (13, 4.5),
                (21, 11.5),
                (13, 18.5),
                (13, 14.5),
                (10, 14.5),
                (6, 16),
                (3, 19.5),
                (3.5, 15),
                (6.5, 10.5),
                (13, 8.5),
            ],
            closed=True,
        )
    elif name == "reply":
        rr((2.5 * u, 3.5 * u, 21.5 * u, 16.5 * u), radius=6 * u, outline=255, width=w)
        stroke([(8, 16.5), (6, 21), (12.5, 16.5)])
    elif name == "repost":
        stroke([(5, 17.5), (5, 5.5)])
        stroke([(2, 8.5), (5, 5.2), (8, 8.5)])
        stroke([(5, 17.5), (13, 17.5)])
        stroke([(19, 6.5), (19, 18.5)])
        stroke([(16, 15.5), (19, 18.8), (22, 15.5)])
        stroke([(19, 6.5), (11, 6.5)])
    elif name == "heart":
        d.line(_heart(u) + _heart(u)[:1], fill=255, width=w, joint="curve")
    elif name == "heart-fill":
        d.polygon(_heart(u), fill=255)
    elif name == "views":
        stroke([(5, 20), (5, 12)])
        stroke([(12, 20), (12, 4)])
        stroke([(19, 20), (19, 9)])
    elif name == "bookmark":
        stroke([(6, 3.5), (18, 3.5), (18, 20.5), (12, 16), (6, 20.5)], closed=True)
    elif name == "upload":
        stroke([(12, 3.5), (12, 15)])
        stroke([(7, 8.5), (12, 3.5), (17, 8.5)])
        stroke([(4, 14), (4, 20), (20, 20), (20, 14)])
    elif name == "globe":
        ring((3, 3, 21, 21))
        ring((8.5, 3, 15.5, 21))
        stroke([(3.5, 12), (20.5, 12)])
    elif name == "close":
        stroke([(6, 6), (18, 18)])
        stroke([(18, 6), (6, 18)])
    elif name == "chevron-up":
        stroke([(5, 15.5), (12, 8.5), (19, 15.5)])
    elif name == "arrow-up":
        stroke([(12, 20), (12, 5)])
        stroke([(6, 11), (12, 5), (18, 11)])
    elif name == "dots":
        for cx in (5, 12, 19):
            dot(cx, 12, 2)
    elif name == "lock":
        rr((5 * u, 10.5 * u, 19 * u, 21 * u), radius=2 * u, fill=255)
        d.arc((8 * u, 3.5 * u, 16 * u, 14.5 * u), 180, 360, fill=255, width=w)
        stroke([(8.1, 9), (8.1, 11)])
        stroke([(15.9, 9), (15.9, 11)])
    elif name == "back":
        stroke([(15, 5), (8, 12), (15, 19)])
    elif name == "forward":
        stroke([(9, 5), (16, 12), (9, 19)])
    elif name == "reload":
        d.arc((4 * u, 4 * u, 20 * u, 20 * u), 30, 330, fill=255, width=w)
        d.polygon(P([(21.5, 3.5), (21.5, 10.5), (14.5, 10.5)]), fill=255)
    elif name == "menu":
        for y in (6, 12, 18):
            stroke([(4, y), (20, y)])
    elif name == "search":
        ring((3, 3, 17, 17))
        stroke([(15, 15), (21, 21)])
    elif name == "signal":
        for i, x in enumerate((3, 8.5, 14, 19.5)):
            rr((x * u, (16 - i * 3.5) * u, (x + 3.5) * u, 20 * u), radius=u, fill=255)
    elif name == "wifi":
        for r in (10, 6.5):
            d.arc(((12 - r) * u, (18 - r) * u, (12 + r) * u, (18 + r) * u), 225, 315, fill=255, width=_i(w + u / 2))
        dot(12, 17, 2.2)
    elif name == "battery":
        rr((1 * u, 6.5 * u, 20.5 * u, 17.5 * u), radius=3 * u, outline=255, width=max(1, _i(1.3 * u)))
        rr((3 * u, 8.5 * u, 16.5 * u, 15.5 * u), radius=1.5 * u, fill=255)
        rr((21.5 * u, 10 * u, 23 * u, 14 * u), radius=u, fill=255)
    else:  # pragma: no cover - a typo in this module
        raise ValueError(f"unknown icon {name}")
    return m.resize((max(1, px), max(1, px)), Image.Resampling.BOX)


def icon(
    img: Image.Image, name: str, x: float, y: float, px: float, color: RGB, opacity: float = 1.0, weight: float = 2.0
) -> None:
    """Draw an icon with its top-left at (x, y), `px` pixels square."""
    s = max(1, _i(px))
    x0, y0 = _i(x), _i(y)
    img.paste(color, (x0, y0, x0 + s, y0 + s), _alpha(_icon(name, s, weight), opacity))


# -- text ----------------------------------------------------------------------------------------


def _px(size: float) -> int:
    return max(1, _i(size))


@lru_cache(maxsize=4096)
def _simple(s: str, role: str) -> bool:
    """True when the role's own font draws every character (no fallback runs needed)."""
    cov = fonts.coverage(fonts.ROLE_FONTS[role])
    return all(ord(ch) in cov for ch in s)


@lru_cache(maxsize=4096)
def text_w(s: str, role: str, size: float) -> float:
    if not s:
        return 0.0
    try:
        if _simple(s, role):
            return float(fonts.font(fonts.ROLE_FONTS[role], _px(size)).getlength(s))
        return textmod.line_width(s, role, _px(size))
    except (OSError, ValueError, RuntimeError):
        return 0.55 * size * len(s)  # a string the shaper refuses: an estimate keeps layout going


def cap(role: str, size: float) -> int:
    return textmod.cap_height(role, _px(size))


def text(
    draw: ImageDraw.ImageDraw, x: float, baseline: float, s: str, role: str, size: float, fill: RGB, anchor: str = "l"
) -> float:
    """Draw one line (with the bundled font fallbacks) and return its advance width."""
    if not s:
        return 0.0
    w = text_w(s, role, size)
    if anchor == "m":
        x -= w / 2
    elif anchor == "r":
        x -= w
    try:
        if _simple(s, role):
            mask, (left, top) = _text_mask(s, role, _px(size))
            draw.bitmap((_i(x) + left, _i(baseline) + top), mask, fill=fill)
        else:  # other scripts and emoji: the engine's font fallback chain
            textmod.draw_line(draw, x, baseline, s, role, _px(size), fill)  # type: ignore[arg-type]
    except (OSError, ValueError, RuntimeError):
        pass  # a string the shaper refuses: chrome text is never worth a failed preview
    return w


@lru_cache(maxsize=1024)
def _text_mask(s: str, role: str, px: int) -> tuple[Image.Image, tuple[int, int]]:
    """The glyphs of one line as an anti-aliased mask and its offset from (x, baseline); cached,
    so the chrome's fixed labels are rasterised once, not on every preview."""
    f = fonts.font(fonts.ROLE_FONTS[role], px)
    left, top, right, bottom = f.getbbox(s, anchor="ls")
    m = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(m).text((-left, -top), s, font=f, fill=255, anchor="ls")
    return m, (left, top)


def text_mid(
    draw: ImageDraw.ImageDraw, x: float, cy: float, s: str, role: str, size: float, fill: RGB, anchor: str = "l"
) -> float:
    """Draw one line whose capitals are centred vertically on cy."""
    return text(draw, x, cy + cap(role, size) / 2, s, role, size, fill, anchor)


def ellipsize(s: str, role: str, size: float, max_w: float, tail: str = "…") -> str:
    s = " ".join(s.split())
    if text_w(s, role, size) <= max_w:
        return s
    lo, hi = 0, len(s)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_w(s[:mid].rstrip() + tail, role, size) <= max_w:
            lo = mid
        else:
            hi = mid - 1
    return (s[:lo].rstrip() + tail) if lo else ""


def wrap(s: str, role: str, size: float, max_w: float, max_lines: int, reserve: float = 0.0) -> tuple[list[str], bool]:
    """Greedy word wrap into at most max_lines; the last line is ellipsised (leaving `reserve`
    pixels free, e.g. for "See more") when the text is longer. Returns (lines, truncated)."""
    words = s.split()
    lines: list[str] = []
    cur = ""
    for wd in words:
        cand = f"{cur} {wd}" if cur else wd
        if cur and text_w(cand, role, size) > max_w:
            lines.append(cur)
            cur = wd
        else:
            cur = cand
    if cur:
        lines.append(cur)
    if len(lines) <= max_lines:
        return lines, False
    keep = lines[: max_lines - 1]
    rest = " ".join(lines[max_lines - 1 :])
    keep.append(ellipsize(rest + " …", role, size, max_w - reserve))
    return keep, True


def _initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalnum()]
    return "".join(p[0] for p in parts[:2]).upper() or "AD"


def avatar(
    img: Image.Image,
    draw: ImageDraw.ImageDraw,
    cx: float,
    cy: float,
    r: float,
    name: str,
    bg: RGB = AVATAR,
    fg: RGB = WHITE,
) -> None:
    disc(img, cx, cy, r, bg)
    text_mid(draw, cx, cy, _initials(name), "cta", r * 0.78, fg, anchor="m")


def _domain(campaign: Campaign) -> str:
    u = (campaign.url or "example.org").strip()
    for p in ("https://", "http://", "www."):
        if u.lower().startswith(p):
            u = u[len(p) :]
    return u.split("/")[0]


def _handle(name: str) -> str:
    return "@" + ("".join(ch for ch in name.lower() if ch.isalnum())[:15] or "advertiser")


def _line(s: str) -> str:
    """Designer text made safe for one line of chrome: normalised, no control characters."""
    return " ".join(textmod.clean(s or "").split())


class _Copy:
    """The brand name and the message's copy fields, cleaned (the campaign's first message
    stands in when the render is of a draft not yet in the campaign)."""

    def __init__(self, campaign: Campaign, message_id: str):
        try:
            m = campaign.message(message_id)
        except KeyError:
            m = campaign.messages[0] if campaign.messages else None
        self.brand = _line(campaign.brand_name)
        self.headline = _line(m.headline if m else "")
        self.primary_text = _line(m.primary_text if m else "")
        self.description = _line(m.description if m else "")
        self.slogan = _line(m.slogan if m else "")
        self.cta_short = _line(m.cta_short if m else "")


# ==============================================================================================
# Social feeds
# ==============================================================================================


def _facebook_feed(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    im = result.image
    W, H = im.size
    k = W / 500  # the desktop feed card is 500 px wide; its image spans the card
    cp = _Copy(campaign, result.message_id)
    role_b, role_r = "ui", "body"
    pad = 16 * k
    margin = 16 * k
    # -- measure the variable parts first
    f_primary = 15 * k
    lh_primary = 20 * k
    more = " See more"
    more_w = text_w(more, role_b, f_primary)
    lines, truncated = wrap(cp.primary_text, role_r, f_primary, W - 2 * pad, 3, reserve=more_w)
    head_h = 12 * k + 40 * k + 10 * k
    text_h = (len(lines) * lh_primary + 10 * k) if lines else 0
    strip_h = (76 if cp.description else 58) * k
    foot_h = 40 * k + 44 * k + 4 * k
    card_h = head_h + text_h + H + strip_h + foot_h
    cw, ch = _i(W + 2 * margin), _i(card_h + 2 * margin)
    out = Image.new("RGB", (cw, ch), (240, 242, 245))
    draw = ImageDraw.Draw(out)
    x0, y0 = _i(margin), _i(margin)
    card = (x0, y0, x0 + W, _i(margin + card_h))
    soft_shadow(out, card, 8 * k, 3 * k, 0.22, dy=1 * k)
    rrect(out, card, 8 * k, WHITE)
    # -- header: avatar, page name, "Sponsored · globe", menu and close
    ay = y0 + 12 * k
    avatar(out, draw, x0 + pad + 20 * k, ay + 20 * k, 20 * k, cp.brand)
    tx = x0 + pad + 40 * k + 8 * k
    text(draw, tx, ay + 17 * k, ellipsize(cp.brand, "cta", 15 * k, x0 + W - pad - 64 * k - tx), "cta", 15 * k, INK)
    sw = text(draw, tx, ay + 35 * k, "Sponsored · ", role_r, 13 * k, GREY_TEXT)
    icon(out, "globe", tx + sw, ay + 35 * k - 10.5 * k, 12 * k, GREY_TEXT, weight=2.2)
    icon(out, "close", x0 + W - pad - 20 * k, ay + 10 * k, 20 * k, GREY_TEXT)
    icon(out, "dots", x0 + W - pad - 56 * k, ay + 10 * k, 20 * k, GREY_TEXT)
    # -- primary text
    y = y0 + head_h
    for i, ln in enumerate(lines):
        bl = y + i * lh_primary + 15 * k
        w = text(draw, x0 + pad, bl, ln, role_r, f_primary, INK)
        if truncated and i == len(lines) - 1:
            text(draw, x0 + pad + w, bl, more, role_b, f_primary, GREY_TEXT)
    y += text_h
    # -- the creative, untouched
    iy = _i(y)
    out.paste(im, (x0, iy))
    rect = (x0, iy, x0 + W, iy + H)
    y = iy + H
    # -- link strip: domain, headline, description, button
    out.paste((240, 242, 245), _box((x0, y, x0 + W, y + strip_h)))
    btn_text = "Learn more"
    bw = text_w(btn_text, role_b, 15 * k) + 24 * k
    bx1 = x0 + W - pad
    bcy = y + strip_h / 2
    rrect(out, (bx1 - bw, bcy - 18 * k, bx1, bcy + 18 * k), 6 * k, (228, 230, 235))
    text_mid(draw, bx1 - bw / 2, bcy, btn_text, role_b, 15 * k, INK, anchor="m")
    avail = W - 2 * pad - bw - 12 * k
    ty = y + 10 * k
    text(
        draw,
        x0 + pad,
        ty + 13 * k,
        ellipsize(_domain(campaign).upper(), role_r, 12.5 * k, avail),
        role_r,
        12.5 * k,
        GREY_TEXT,
    )
    text(draw, x0 + pad, ty + 34 * k, ellipsize(cp.headline, "cta", 16 * k, avail), "cta", 16 * k, INK)
    if cp.description:
        text(draw, x0 + pad, ty + 54 * k, ellipsize(cp.description, role_r, 14 * k, avail), role_r, 14 * k, GREY_TEXT)
    y += strip_h
    # -- reactions summary and the action bar
    cy = y + 20 * k
    disc(out, x0 + pad + 9 * k, cy, 9 * k, (32, 120, 242))
    icon(out, "like", x0 + pad + 4 * k, cy - 5 * k, 10 * k, WHITE, weight=2.6)
    text_mid(draw, x0 + pad + 24 * k, cy, "1.2K", role_r, 15 * k, GREY_TEXT)
    text_mid(draw, x0 + W - pad, cy, "86 comments  41 shares", role_r, 15 * k, GREY_TEXT, anchor="r")
    y += 40 * k
    out.paste((206, 208, 212), _box((x0 + pad, y, x0 + W - pad, y + max(1, _i(k)))))
    cy = y + 22 * k
    col_w = (W - 2 * pad) / 3
    for j, (ic, label) in enumerate((("like", "Like"), ("comment", "Comment"), ("share", "Share"))):
        lw = text_w(label, role_b, 15 * k)
        gx = x0 + pad + col_w * j + (col_w - (20 * k + 6 * k + lw)) / 2
        icon(out, ic, gx, cy - 10 * k, 20 * k, GREY_TEXT)
        text_mid(draw, gx + 26 * k, cy, label, role_b, 15 * k, GREY_TEXT)
    return out, rect


def _x_post(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    im = result.image
    W, H = im.size
    k = W / 516  # the media column of a 598 px timeline
    cp = _Copy(campaign, result.message_id)
    left = 64 * k
    right = 16 * k
    f = 15 * k
    lh = 20 * k
    lines, _ = wrap(cp.primary_text or cp.headline, "body", f, W, 8)
    text_top = 12 * k + 20 * k + 2 * k
    card_top = text_top + len(lines) * lh + 12 * k
    total_h = card_top + H + 4 * k + 20 * k + 12 * k + 20 * k + 12 * k
    ow, oh = _i(left + W + right), _i(total_h)
    out = Image.new("RGB", (ow, oh), WHITE)
    draw = ImageDraw.Draw(out)
    border = (239, 243, 244)
    out.paste(border, (0, oh - max(1, _i(k)), ow, oh))
    # -- header
    avatar(out, draw, 16 * k + 20 * k, 12 * k + 20 * k, 20 * k, cp.brand, bg=(120, 124, 130))
    bl = 12 * k + 16 * k
    name_w = W - 60 * k
    nw = text(draw, left, bl, ellipsize(cp.brand, "cta", f, name_w * 0.62), "cta", f, (15, 20, 25))
    text(draw, left + nw + 4 * k, bl, ellipsize(_handle(cp.brand), "body", f, name_w - nw - 4 * k), "body", f, X_GREY)
    icon(out, "dots", ow - right - 19 * k, bl - 14 * k, 19 * k, X_GREY)
    text(draw, ow - right - 26 * k, bl, "Ad", "body", 13 * k, X_GREY, anchor="r")
    # -- post text
    for i, ln in enumerate(lines):
        text(draw, left, text_top + i * lh + 15 * k, ln, "body", f, (15, 20, 25))
    # -- the creative in a rounded card
    cx0, cy0 = _i(left), _i(card_top)
    rad = 16 * k
    bw = max(1, _i(k))
    card_line = (207, 217, 222)
    rrect(out, (cx0 - bw, cy0 - bw, cx0 + W + bw, cy0 + H + bw), rad + bw, card_line)
    paste_rounded(out, im, (cx0, cy0), rad)
    rect = (cx0, cy0, cx0 + W, cy0 + H)
    y = cy0 + H + bw + 4 * k
    text(draw, left, y + 13 * k, f"From {_domain(campaign)}", "body", 13 * k, X_GREY)
    # -- actions
    cy = y + 20 * k + 12 * k + 10 * k
    isz = 18.75 * k
    group_w = (W - 60 * k) / 4
    for j, (ic, n) in enumerate((("reply", "24"), ("repost", "112"), ("heart", "1.2K"), ("views", "86K"))):
        gx = left + j * group_w
        icon(out, ic, gx, cy - isz / 2, isz, X_GREY, weight=1.9)
        text_mid(draw, gx + isz + 5 * k, cy, n, "body", 13 * k, X_GREY)
    icon(out, "bookmark", left + W - isz * 2 - 12 * k, cy - isz / 2, isz, X_GREY, weight=1.9)
    icon(out, "upload", left + W - isz, cy - isz / 2, isz, X_GREY, weight=1.9)
    return out, rect


# ==============================================================================================
# Phones: stories, snaps, mobile web
# ==============================================================================================


BEZEL: RGB = (10, 10, 12)


def _phone(screen_w: int, screen_h: int, k: float, bg: RGB = (233, 235, 238)) -> tuple[Image.Image, Rect, float]:
    """A phone body with a screen of exactly screen_w x screen_h; returns (canvas, screen rect, corner radius).

    Put the screen in with paste_rounded(canvas, screen, rect[:2], radius)."""
    bez = 11 * k
    margin = 28 * k
    pw, ph = screen_w + 2 * bez, screen_h + 2 * bez
    ow, oh = _i(pw + 2 * margin), _i(ph + 2 * margin)
    out = Image.new("RGB", (ow, oh), bg)
    px0, py0 = _i(margin), _i(margin)
    body = (px0, py0, px0 + _i(pw), py0 + _i(ph))
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
    sx0, sy0 = px0 + _i(bez), py0 + _i(bez)
    return out, (sx0, sy0, sx0 + screen_w, sy0 + screen_h), 44 * k


def _status_bar(out: Image.Image, draw: ImageDraw.ImageDraw, scr: Rect, k: float, color: RGB) -> None:
    x0, y0, x1, _ = scr
    text_mid(draw, x0 + 40 * k, y0 + 19 * k, "9:41", "ui", 14.5 * k, color, anchor="m")
    icon(out, "signal", x1 - 78 * k, y0 + 11 * k, 16 * k, color)
    icon(out, "wifi", x1 - 58 * k, y0 + 11 * k, 16 * k, color, weight=2.4)
    icon(out, "battery", x1 - 38 * k, y0 + 10 * k, 24 * k, color)


def _facebook_story(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    im = result.image
    W, H = im.size
    k = W / 390
    frame, scr, rad = _phone(W, H, k)
    out = im.copy()  # overlays are drawn on the screen, which is then masked into the phone
    draw = ImageDraw.Draw(out)
    x0, y0 = 0, 0
    # scrims keep the overlays legible over any creative
    shade(out, (x0, y0, x0 + W, y0 + 120 * k), (0, 0, 0), 110, 0)
    shade(out, (x0, y0 + H - 150 * k, x0 + W, y0 + H), (0, 0, 0), 0, 90)
    _status_bar(out, draw, (0, 0, W, H), k, WHITE)
    # segmented progress bar
    n, gap, mx = 3, 4 * k, 8 * k
    seg = (W - 2 * mx - (n - 1) * gap) / n
    by = y0 + 40 * k
    for i in range(n):
        sx = x0 + mx + i * (seg + gap)
        rrect(out, (sx, by, sx + seg, by + 2.5 * k), 1.25 * k, WHITE, 0.4)
        done = 1.0 if i == 0 else (0.45 if i == 1 else 0.0)
        if done:
            rrect(out, (sx, by, sx + seg * done, by + 2.5 * k), 1.25 * k, WHITE)
    # profile row
    cy = by + 26 * k
    brand = _line(campaign.brand_name)
    avatar(out, draw, x0 + 12 * k + 16 * k, cy, 16 * k, brand)
    nx = x0 + 52 * k
    text(draw, nx, cy - 2 * k, ellipsize(brand, "cta", 14 * k, W - 52 * k - 84 * k), "cta", 14 * k, WHITE)
    text(draw, nx, cy + 13 * k, "Sponsored", "body", 12 * k, (235, 235, 235))
    icon(out, "close", x0 + W - 12 * k - 24 * k, cy - 12 * k, 24 * k, WHITE)
    icon(out, "dots", x0 + W - 48 * k - 24 * k, cy - 12 * k, 24 * k, WHITE)
    # call to action: up chevron and a white pill
    label = "Learn more"
    lw = text_w(label, "cta", 15 * k)
    pill_w, pill_h = lw + 44 * k, 38 * k
    pcy = y0 + H - 58 * k
    icon(out, "chevron-up", x0 + W / 2 - 11 * k, pcy - pill_h / 2 - 24 * k, 22 * k, WHITE, weight=2.6)
    rrect(
        out, (x0 + W / 2 - pill_w / 2, pcy - pill_h / 2, x0 + W / 2 + pill_w / 2, pcy + pill_h / 2), pill_h / 2, WHITE
    )
    text_mid(draw, x0 + W / 2, pcy, label, "cta", 15 * k, INK, anchor="m")
    paste_rounded(frame, out, scr[:2], rad)
    return frame, scr


def _snapchat(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    im = result.image
    W, H = im.size
    k = W / 390
    frame, scr, rad = _phone(W, H, k, bg=(236, 236, 232))
    out = im.copy()
    draw = ImageDraw.Draw(out)
    x0, y0 = 0, 0
    cp = _Copy(campaign, result.message_id)
    shade(out, (x0, y0, x0 + W, y0 + 90 * k), (0, 0, 0), 90, 0)
    shade(out, (x0, y0 + H - 110 * k, x0 + W, y0 + H), (0, 0, 0), 0, 80)
    # brand name and headline, top left (the app draws these over the top 150 px)
    cy = y0 + 30 * k
    ax = x0 + 14 * k
    rrect(out, (ax, cy - 16 * k, ax + 32 * k, cy + 16 * k), 10 * k, (250, 250, 250))
    text_mid(draw, ax + 16 * k, cy, _initials(cp.brand), "cta", 12 * k, (40, 40, 40), anchor="m")
    tx = ax + 42 * k
    avail = W - (tx - x0) - 48 * k
    text(draw, tx, cy - 2 * k, ellipsize(cp.brand, "cta", 14.5 * k, avail), "cta", 14.5 * k, WHITE)
    text(draw, tx, cy + 14 * k, ellipsize(cp.headline, "ui", 12 * k, avail), "ui", 12 * k, (238, 238, 238))
    icon(out, "dots", x0 + W - 14 * k - 22 * k, cy - 11 * k, 22 * k, WHITE)
    # bottom: "Ad" label and the call-to-action bar
    bar_h = 40 * k
    bar = (x0 + 12 * k, y0 + H - 12 * k - bar_h, x0 + W - 12 * k, y0 + H - 12 * k)
    rrect(out, bar, 12 * k, WHITE, 0.94)
    bcy = (bar[1] + bar[3]) / 2
    label = "Learn more"
    lw = text_w(label, "cta", 15 * k)
    gx = x0 + W / 2 - (lw + 22 * k) / 2
    icon(out, "arrow-up", gx, bcy - 8 * k, 16 * k, INK, weight=2.8)
    text_mid(draw, gx + 22 * k, bcy, label, "cta", 15 * k, INK)
    tag_w = text_w("Ad", "cta", 10.5 * k) + 10 * k
    rrect(out, (bar[0] + 10 * k, bcy - 8 * k, bar[0] + 10 * k + tag_w, bcy + 8 * k), 4 * k, (225, 225, 225))
    text_mid(draw, bar[0] + 10 * k + tag_w / 2, bcy, "Ad", "cta", 10.5 * k, (70, 70, 70), anchor="m")
    paste_rounded(frame, out, scr[:2], rad)
    return frame, scr


# ==============================================================================================
# Web pages (Google display)
# ==============================================================================================

PAGE_W = 1280  # the browser window at 1x
MAX_PAGE_SCALE = 2.0  # pages are drawn at most at 2x; a larger ad render is scaled down to fit


def _shrink(im: Image.Image, width: float) -> Image.Image:
    w = max(1, _i(width))
    return im.resize((w, max(1, _i(im.height * w / im.width))), Image.Resampling.LANCZOS, reducing_gap=2.0)


_BAR = (226, 229, 233)
_BAR_DARK = (203, 208, 214)
_IMG_BLOCK = (214, 220, 228)


def _bars(
    out: Image.Image,
    x: float,
    y: float,
    w: float,
    n: int,
    k: float,
    h: float = 9,
    gap: float = 8,
    color: RGB = _BAR,
    last: float = 0.62,
) -> float:
    """Placeholder text: n grey rounded lines; returns the y below them."""
    for i in range(n):
        lw = w * (last if i == n - 1 and n > 1 else 1.0)
        rrect(out, (x, y, x + lw, y + h * k), h * k / 2, color)
        y += (h + gap) * k
    return y


def _photo_block(out: Image.Image, b: tuple[float, float, float, float], k: float, seed: int) -> None:
    """A neutral image placeholder: soft gradient with a mountain glyph (reads as 'a photo')."""
    x0, y0, x1, y1 = _box(b)
    w, h = x1 - x0, y1 - y0
    rnd = random.Random(seed)
    hue = rnd.choice(
        [((206, 214, 224), (226, 231, 238)), ((214, 222, 214), (232, 236, 230)), ((224, 216, 208), (238, 233, 228))]
    )
    out.paste(vgrad(w, h, [(0, hue[0]), (1, hue[1])]), (x0, y0))
    d = ImageDraw.Draw(out)
    s = min(w, h) * 0.28
    cx, cy = x0 + w / 2, y0 + h / 2
    col = _mix(hue[0], (120, 130, 140), 0.35)
    d.polygon(
        [
            (cx - s, cy + s * 0.55),
            (cx - s * 0.3, cy - s * 0.35),
            (cx + s * 0.1, cy + s * 0.15),
            (cx + s * 0.45, cy - s * 0.1),
            (cx + s, cy + s * 0.55),
        ],
        fill=col,
    )
    disc(out, cx + s * 0.55, cy - s * 0.55, s * 0.16, col)


def _ad_label(draw: ImageDraw.ImageDraw, cx: float, y: float, k: float) -> None:
    text(draw, cx, y + 10 * k, "ADVERTISEMENT", "body", 9.5 * k, (140, 144, 150), anchor="m")


def _slot_kind(fmt: Format) -> str:
    """leaderboard: centred under the header; column: the right-hand column (MPUs, skyscrapers,
    square responsive ads); article: inside the story column (landscape responsive ads)."""
    if fmt.width >= 468 and fmt.height <= 250 and fmt.width / fmt.height >= 3.5:
        return "leaderboard"
    if fmt.width > 336 and fmt.width / fmt.height > 1.3:
        return "article"
    return "column"


def _web_page(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    im = result.image
    W, H = im.size
    fmt = result.format
    kind = _slot_kind(fmt)
    # -- page geometry in 1x units
    chrome_h = 84
    mast_h = 92
    nav_h = 42
    cont_w = 1040
    cx0 = (PAGE_W - cont_w) / 2
    col_w = 336
    main_w = cont_w - col_w - 32
    rx0 = cx0 + main_w + 32
    top = chrome_h + mast_h + nav_h + 22
    if kind == "article":
        natural_w = float(main_w)  # a responsive landscape ad spans the story column
    elif kind == "column" and fmt.width > col_w:
        natural_w = 300.0  # a responsive square ad: the column's 300 px slot
    else:
        natural_w = float(fmt.width)  # fixed-size ads show at their own size
    k = W / natural_w
    if k > MAX_PAGE_SCALE:  # a big export: show the ad at 2x rather than draw a 5000 px page
        im, k = _shrink(im, natural_w * MAX_PAGE_SCALE), MAX_PAGE_SCALE
        W, H = im.size
    aw, ah = W / k, H / k  # the ad's size in page units
    ad_block = 18 + ah + 26  # label, ad, gap
    lead_y = top + (ad_block if kind == "leaderboard" else 0)
    right_top = top + (ad_block if kind == "column" else 0) + (ad_block if kind == "leaderboard" else 0)
    page_h = max(820.0, right_top + 290, lead_y + 600 + (ad_block if kind == "article" else 0))
    ow, oh = _i(PAGE_W * k), _i(page_h * k)
    out = Image.new("RGB", (ow, oh), WHITE)
    draw = ImageDraw.Draw(out)

    def K(v: float) -> float:
        return v * k

    # -- browser chrome: tab strip and toolbar
    out.paste((222, 225, 230), _box((0, 0, ow, K(40))))
    for j, c in enumerate(((237, 106, 94), (245, 191, 79), (98, 197, 84))):
        disc(out, K(22 + 20 * j), K(20), K(6), c)
    tab = (K(92), K(7), K(330), K(40) + 2)
    rrect(out, tab, K(9), WHITE)
    out.paste(WHITE, _box((tab[0], K(30), tab[2], K(42))))
    disc(out, K(112), K(23.5), K(7), (45, 55, 72))
    text_mid(draw, K(112), K(23.5), "D", "cta", K(8.5), WHITE, anchor="m")
    text_mid(draw, K(126), K(23.5), "The Daily Example", "body", K(12.5), (50, 50, 55))
    icon(out, "close", K(306), K(17), K(13), (90, 90, 95))
    out.paste(WHITE, _box((0, K(40), ow, K(chrome_h))))
    for j, ic in enumerate(("back", "forward", "reload")):
        icon(out, ic, K(16 + 32 * j), K(52), K(20), (95, 99, 104) if j != 1 else (190, 192, 196))
    addr = (K(118), K(48), K(PAGE_W - 60), K(76))
    rrect(out, addr, K(14), (241, 243, 244))
    icon(out, "lock", K(132), K(55), K(14), (95, 99, 104))
    text_mid(draw, K(154), K(62), "news.example", "body", K(14), (32, 33, 36))
    icon(out, "dots", K(PAGE_W - 40), K(52), K(20), (95, 99, 104))
    out.paste((218, 220, 224), _box((0, K(chrome_h) - max(1, _i(k)), ow, K(chrome_h))))
    # -- masthead and navigation
    my = chrome_h
    text_mid(draw, K(cx0), K(my + mast_h / 2), "The Daily Example", "slogan", K(34), (17, 24, 39))
    sub_w = text_w("Subscribe", "cta", K(13)) + K(28)
    rrect(
        out,
        (K(cx0 + cont_w) - sub_w, K(my + mast_h / 2 - 17), K(cx0 + cont_w), K(my + mast_h / 2 + 17)),
        K(17),
        (17, 24, 39),
    )
    text_mid(draw, K(cx0 + cont_w) - sub_w / 2, K(my + mast_h / 2), "Subscribe", "cta", K(13), WHITE, anchor="m")
    text_mid(
        draw, K(cx0 + cont_w) - sub_w - K(16), K(my + mast_h / 2), "Sign in", "ui", K(13), (55, 65, 81), anchor="r"
    )
    ny = my + mast_h
    out.paste((17, 24, 39), _box((0, K(ny), ow, K(ny + nav_h))))
    nx = cx0
    for item in ("Home", "News", "Sport", "Business", "Technology", "Science", "Culture", "Travel", "Opinion"):
        if nx + text_w(item, "ui", K(13.5)) / k > cx0 + cont_w - 60:
            break
        nx += text_mid(draw, K(nx), K(ny + nav_h / 2), item, "ui", K(13.5), (229, 231, 235)) / k + 28
    icon(out, "search", K(cx0 + cont_w - 20), K(ny + nav_h / 2 - 10), K(20), (229, 231, 235))
    # -- the ad (article ads are placed in the story's flow below)
    if kind == "leaderboard":
        ax, ay = _i(K(cx0 + (cont_w - aw) / 2)), _i(K(top + 18))
    elif kind == "column":
        ax, ay = _i(K(rx0 + (col_w - aw) / 2)), _i(K(top + 18))
    # -- main column: lead story then a grid of stories
    y = lead_y
    _photo_block(out, (K(cx0), K(y), K(cx0 + main_w), K(y + 270)), k, 1)
    y += 286
    y = _bars(out, K(cx0), K(y), K(main_w * 0.92), 2, k, h=20, gap=10, color=_BAR_DARK, last=0.55) / k
    y = _bars(out, K(cx0), K(y + 6), K(main_w), 3, k) / k + 18
    if kind == "article":
        ax, ay = _i(K(cx0)), _i(K(y + 18))
        y += ad_block
    _ad_label(draw, ax + W / 2, ay - K(18), k)
    out.paste(im, (ax, ay))
    rect = (ax, ay, ax + W, ay + H)
    out.paste((229, 231, 235), _box((K(cx0), K(y), K(cx0 + main_w), K(y) + max(1, _i(k)))))
    y += 20
    half = (main_w - 24) / 2
    seed = 2
    while y < page_h - 20:  # stories continue below the fold (clipped by the window)
        for j in range(2):
            sx = cx0 + j * (half + 24)
            _photo_block(out, (K(sx), K(y), K(sx + 150), K(y + 96)), k, seed)
            seed += 1
            yy = _bars(out, K(sx + 164), K(y + 2), K(half - 164), 2, k, h=13, gap=8, color=_BAR_DARK, last=0.7)
            _bars(out, K(sx + 164), yy + K(6), K(half - 164), 3, k, h=8, gap=7)
        y += 124
    # -- right column: (the ad) then "Most read"
    ry = right_top
    text(draw, K(rx0), K(ry + 14), "Most read", "cta", K(16), (17, 24, 39))
    out.paste((17, 24, 39), _box((K(rx0), K(ry + 24), K(rx0 + 40), K(ry + 27))))
    ry += 40
    for n in range(1, 6):
        if ry + 40 > page_h - 12:
            break
        text(draw, K(rx0), K(ry + 22), str(n), "slogan", K(24), (200, 205, 212))
        _bars(out, K(rx0 + 30), K(ry + 4), K(col_w - 30), 2, k, h=9, gap=8, color=_BAR_DARK, last=0.6)
        ry += 48
    if ry + 200 < page_h:  # a newsletter box fills the column
        rrect(out, (K(rx0), K(ry + 10), K(rx0 + col_w), K(ry + 190)), K(8), (243, 244, 246))
        text(draw, K(rx0 + 20), K(ry + 44), "Morning briefing", "cta", K(16), (17, 24, 39))
        _bars(out, K(rx0 + 20), K(ry + 60), K(col_w - 40), 2, k, h=8, gap=7, last=0.7)
        rrect(out, (K(rx0 + 20), K(ry + 100), K(rx0 + col_w - 20), K(ry + 132)), K(6), WHITE)
        rrect(out, (K(rx0 + 20), K(ry + 142), K(rx0 + 130), K(ry + 172)), K(15), (17, 24, 39))
        text_mid(draw, K(rx0 + 75), K(ry + 157), "Sign up", "cta", K(12), WHITE, anchor="m")
    # window frame
    frame = (150, 154, 160)
    bw = max(1, _i(k))
    for b in ((0, 0, ow, bw), (0, oh - bw, ow, oh), (0, 0, bw, oh), (ow - bw, 0, ow, oh)):
        out.paste(frame, b)
    return out, rect


def _phone_page(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    im = result.image
    W, H = im.size
    fmt = result.format
    k = W / fmt.width  # the ad at its natural size on a 375 px wide screen
    if k > MAX_PAGE_SCALE:
        im, k = _shrink(im, fmt.width * MAX_PAGE_SCALE), MAX_PAGE_SCALE
        W, H = im.size
    sw, sh = _i(375 * k), _i(812 * k)
    out, scr, rad = _phone(sw, sh, k)
    x0, y0 = scr[0], scr[1]
    screen = Image.new("RGB", (sw, sh), WHITE)
    sd = ImageDraw.Draw(screen)

    def K(v: float) -> float:
        return v * k

    # status bar, address bar, site header
    screen.paste((246, 247, 249), _box((0, 0, sw, K(100))))
    _status_bar(screen, sd, (0, 0, sw, sh), k, INK)
    rrect(screen, (K(14), K(52), K(361), K(88)), K(12), (232, 234, 237))
    aw = text_w("news.example", "body", K(15))
    icon(screen, "lock", K(375 / 2 + 9) - aw / 2 - K(18), K(63), K(13), (70, 72, 76))
    text_mid(sd, K(375 / 2 + 9), K(70), "news.example", "body", K(15), (32, 33, 36), anchor="m")
    screen.paste((17, 24, 39), _box((0, K(100), sw, K(152))))
    text_mid(sd, K(16), K(126), "The Daily Example", "slogan", K(21), WHITE)
    icon(screen, "menu", K(375 - 40), K(114), K(24), WHITE)
    anchored = fmt.height <= 60
    y = 168.0
    ad_y = None
    _photo_block(screen, (K(16), K(y), K(359), K(y + 190)), k, 1)
    y += 204
    y = _bars(screen, K(16), K(y), K(330), 2, k, h=17, gap=9, color=_BAR_DARK, last=0.6) / k
    y = _bars(screen, K(16), K(y + 4), K(343), 3, k) / k + 14
    if not anchored:
        _ad_label(sd, sw / 2, K(y), k)
        ad_y = y + 18
        y = ad_y + H / k + 20
    while y < 812:
        _photo_block(screen, (K(16), K(y), K(126), K(y + 74)), k, int(y))
        yy = _bars(screen, K(138), K(y + 2), K(221), 2, k, h=12, gap=8, color=_BAR_DARK, last=0.7)
        _bars(screen, K(138), yy + K(4), K(221), 2, k, h=8, gap=7)
        y += 92
    if anchored:
        # an anchor ad: a white strip pinned above the home indicator, with a collapse tab
        strip_h = 50 + 12
        sy = 812 - 30 - strip_h
        shade(screen, (0, K(sy - 10), sw, K(sy)), (0, 0, 0), 0, 40)
        screen.paste(WHITE, _box((0, K(sy), sw, K(812))))
        rrect(screen, (K(10), K(sy - 16), K(52), K(sy + 4)), K(6), WHITE)
        icon(screen, "chevron-up", K(23), K(sy - 15), K(16), (90, 90, 95))
        ad_y = sy + 6
    screen.paste((17, 17, 17), _box((K(375 / 2 - 67), K(812 - 13), K(375 / 2 + 67), K(812 - 8))))
    ax = _i((sw - W) / 2)
    ay = _i(K(ad_y or 0))
    screen.paste(im, (ax, ay))
    paste_rounded(out, screen, (x0, y0), rad)
    # the camera cut-out
    rrect(out, (x0 + sw / 2 - K(62), y0 + K(11), x0 + sw / 2 + K(62), y0 + K(45)), K(17), (5, 5, 6))
    return out, (x0 + ax, y0 + ay, x0 + ax + W, y0 + ay + H)


# ==============================================================================================
# Outdoor scenes, drawn to scale in metres
# ==============================================================================================


class _Scene:
    """Metres to pixels: x from the left edge, heights above the ground line."""

    def __init__(self, ppm: float, width_m: float, height_m: float, ground_m: float):
        self.ppm = ppm
        self.w, self.h = max(1, _i(width_m * ppm)), max(1, _i(height_m * ppm))
        self.ground = ground_m * ppm  # y pixel of the ground line

    def X(self, m: float) -> float:
        return m * self.ppm

    def Y(self, m: float) -> float:
        return self.ground - m * self.ppm

    def box(self, x0: float, h0: float, x1: float, h1: float) -> tuple[float, float, float, float]:
        """A box from (x0, height h0) to (x1, height h1) in metres (h1 > h0)."""
        return self.X(x0), self.Y(h1), self.X(x1), self.Y(h0)


def _size_m(fmt: Format, default: tuple[float, float]) -> tuple[float, float]:
    """The face's physical size (the same numbers the distance view uses), else a typical one."""
    try:
        return physical_size_m(fmt)
    except ValueError:
        return default


def _poster(im: Image.Image, max_w: int) -> Image.Image:
    """The creative at most max_w wide: scaled down (never up) to the scene."""
    if im.width <= max_w:
        return im
    h = max(1, _i(im.height * max_w / im.width))
    return im.resize((max_w, h), Image.Resampling.LANCZOS, reducing_gap=2.0)


@lru_cache(maxsize=32)
def _person_mask(h: int, pose: int = 0) -> Image.Image:
    """A standing (pose 0, front-on) or walking (pose 1, side-on) figure, h px tall, anti-aliased."""
    H = h * SS
    w = max(1, _i(H * 0.42))
    m = Image.new("L", (w, max(1, H)), 0)
    d = ImageDraw.Draw(m)
    c = w / 2

    def pt(x: float, y: float) -> tuple[float, float]:
        return c + x * H, y * H

    def limb(p0: tuple[float, float], p1: tuple[float, float], r0: float, r1: float) -> None:
        """A tapered capsule from p0 (radius r0) to p1 (radius r1), in units of height."""
        (x0, y0), (x1, y1) = pt(*p0), pt(*p1)
        dx, dy = x1 - x0, y1 - y0
        n = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / n, dx / n
        a0, a1 = r0 * H, r1 * H
        d.polygon(
            [
                (x0 + nx * a0, y0 + ny * a0),
                (x1 + nx * a1, y1 + ny * a1),
                (x1 - nx * a1, y1 - ny * a1),
                (x0 - nx * a0, y0 - ny * a0),
            ],
            fill=255,
        )
        d.ellipse((x0 - a0, y0 - a0, x0 + a0, y0 + a0), fill=255)
        d.ellipse((x1 - a1, y1 - a1, x1 + a1, y1 + a1), fill=255)

    def ell(x: float, y: float, rx: float, ry: float) -> None:
        cx, cy = pt(x, y)
        d.ellipse((cx - rx * H, cy - ry * H, cx + rx * H, cy + ry * H), fill=255)

    ell(0, 0.066, 0.046, 0.063)  # head
    limb((0, 0.11), (0, 0.16), 0.022, 0.024)  # neck
    if pose == 0:
        d.polygon(
            [pt(-0.112, 0.185), pt(0.112, 0.185), pt(0.086, 0.40), pt(0.098, 0.53), pt(-0.098, 0.53), pt(-0.086, 0.40)],
            fill=255,
        )  # coat
        ell(0, 0.205, 0.112, 0.045)  # rounded shoulders
        for sgn in (-1, 1):
            limb((sgn * 0.108, 0.215), (sgn * 0.13, 0.46), 0.026, 0.019)  # arm
            ell(sgn * 0.134, 0.482, 0.02, 0.028)  # hand
            limb((sgn * 0.05, 0.52), (sgn * 0.045, 0.955), 0.047, 0.026)  # leg
            ell(sgn * 0.052, 0.978, 0.04, 0.02)  # shoe
    else:
        d.polygon(
            [pt(-0.066, 0.21), pt(0.06, 0.21), pt(0.055, 0.4), pt(0.062, 0.53), pt(-0.058, 0.53), pt(-0.06, 0.4)],
            fill=255,
        )
        ell(-0.003, 0.215, 0.064, 0.045)
        limb((-0.01, 0.2), (-0.1, 0.45), 0.025, 0.018)  # back arm
        limb((0.01, 0.2), (0.1, 0.44), 0.025, 0.018)  # front arm
        limb((0.0, 0.52), (0.03, 0.73), 0.05, 0.036)  # front thigh
        limb((0.03, 0.73), (0.12, 0.955), 0.036, 0.024)  # front shin
        limb((0.0, 0.52), (-0.05, 0.74), 0.05, 0.036)  # back thigh
        limb((-0.05, 0.74), (-0.13, 0.95), 0.036, 0.024)  # back shin
        ell(0.15, 0.978, 0.045, 0.02)
        ell(-0.125, 0.972, 0.04, 0.021)
    return m.resize((max(1, w // SS), max(1, h)), Image.Resampling.BOX)


def _person(
    out: Image.Image, sc: _Scene, x_m: float, color: RGB = (44, 48, 56), pose: int = 0, ground_px: float | None = None
) -> None:
    h = max(2, _i(PERSON_HEIGHT_M * sc.ppm))
    m = _person_mask(h, pose)
    gy = sc.ground if ground_px is None else ground_px
    x = _i(sc.X(x_m) - m.width / 2)
    # a soft contact shadow, then the figure
    disc_w = m.width * 0.9
    sh = Image.new("L", (max(1, _i(disc_w)), max(1, _i(h * 0.03))), 0)
    ImageDraw.Draw(sh).ellipse((0, 0, sh.width - 1, sh.height - 1), fill=70)
    out.paste(
        (0, 0, 0),
        (
            _i(x + m.width / 2 - sh.width / 2),
            _i(gy - sh.height / 2),
            _i(x + m.width / 2 - sh.width / 2) + sh.width,
            _i(gy - sh.height / 2) + sh.height,
        ),
        sh,
    )
    _fill(out, color, (x, _i(gy) - m.height, x + m.width, _i(gy)), m)


def _treeline(out: Image.Image, sc: _Scene, horizon: float, seed: int, color: RGB, height_m: float) -> None:
    """Distant hedgerows and trees: overlapping round canopies along the horizon."""
    rnd = random.Random(seed)
    draw = ImageDraw.Draw(out)
    draw.rectangle((0, horizon - height_m * 0.25 * sc.ppm, sc.w, horizon), fill=color)
    x = -rnd.random() * sc.ppm
    while x < sc.w + sc.ppm:
        r = height_m * sc.ppm * (0.3 + 0.4 * rnd.random()) * (1.4 if rnd.random() < 0.12 else 1.0)
        cy = horizon - r * (0.55 + 0.5 * rnd.random())
        draw.ellipse((x - r * 1.15, cy - r, x + r * 1.15, cy + r * 1.4), fill=color)
        x += r * (0.9 + rnd.random() * 1.6)


def _sky(sc: _Scene, horizon: float) -> Image.Image:
    img = vgrad(sc.w, sc.h, [(0, (118, 168, 214)), (max(0.01, horizon / sc.h), (214, 230, 240)), (1, (214, 230, 240))])
    # a few soft clouds, drawn small and blurred (cheap)
    q = 8
    m = Image.new("L", (max(1, sc.w // q), max(1, _i(horizon) // q + 1)), 0)
    d = ImageDraw.Draw(m)
    rnd = random.Random(11)
    for _ in range(5):
        cx, cy = rnd.random() * m.width, (0.15 + 0.45 * rnd.random()) * m.height
        rw, rh = (0.08 + 0.08 * rnd.random()) * m.width, 0.05 * m.width * (0.6 + 0.5 * rnd.random())
        for j in range(4):
            ox = (j - 1.5) * rw * 0.45
            d.ellipse(
                (cx + ox - rw * 0.5, cy - rh * (0.7 + 0.3 * (j % 2)), cx + ox + rw * 0.5, cy + rh * 0.5), fill=150
            )
    m = m.filter(ImageFilter.GaussianBlur(max(1.0, m.width / 120))).resize(
        (sc.w, _i(horizon) + 1), Image.Resampling.BILINEAR
    )
    _fill(img, WHITE, (0, 0, sc.w, _i(horizon) + 1), m)
    return img


def _scale_note(out: Image.Image, sc: _Scene, text_s: str) -> None:
    """A small caption stating the sizes the scene is drawn to, on a translucent pill."""
    size = max(6.0, 0.011 * sc.w)
    draw = ImageDraw.Draw(out)
    tw = text_w(text_s, "ui", size)
    pad = size * 0.6
    x1, y1 = sc.w - size * 0.8, sc.h - size * 0.8
    rrect(out, (x1 - tw - 2 * pad, y1 - size * 1.7, x1, y1), size * 0.85, (0, 0, 0), 0.45)
    text_mid(draw, x1 - pad, y1 - size * 0.85, text_s, "ui", size, WHITE, anchor="r")


def _billboard(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    fmt = result.format
    pw_m, ph_m = _size_m(fmt, (6.096, 3.048))
    wide = pw_m / ph_m > 3
    ref_w = 1150 if wide else 720  # poster px at the reference scene width
    poster = _poster(result.image, 1800 if wide else 1150)
    ppm = poster.width / pw_m
    k = poster.width / ref_w
    scene_w_m = pw_m * (1600 / ref_w)
    lift = 2.4  # poster bottom above the ground (m)
    sky_m = 1.5
    ground_m = sky_m + ph_m + lift + 0.35
    sc = _Scene(ppm, scene_w_m, ground_m + 1.6, ground_m)
    horizon = sc.Y(1.6)
    out = _sky(sc, horizon)
    _treeline(out, sc, horizon + 2, 5, (140, 160, 146), 0.8)
    _treeline(out, sc, horizon + 2, 9, (104, 130, 106), 0.5)
    # fields to the ground line, then a verge, kerb and road in front
    out.paste(vgrad(sc.w, _i(sc.ground - horizon) + 1, [(0, (146, 168, 112)), (1, (104, 138, 76))]), (0, _i(horizon)))
    road_top = sc.Y(-0.55)
    out.paste(vgrad(sc.w, _i(road_top - sc.ground) + 1, [(0, (98, 132, 70)), (1, (84, 116, 60))]), (0, _i(sc.ground)))
    out.paste((170, 170, 165), _box((0, road_top, sc.w, sc.Y(-0.7))))
    out.paste(vgrad(sc.w, max(1, sc.h - _i(sc.Y(-0.7))), [(0, (88, 90, 94)), (1, (64, 66, 70))]), (0, _i(sc.Y(-0.7))))
    dash_y = sc.Y(-1.25)
    x = 0.4
    while sc.X(x) < sc.w:
        out.paste((230, 230, 224), _box((sc.X(x), dash_y, sc.X(x + 1.8), dash_y + max(1, 0.08 * ppm))))
        x += 4.5
    # the hoarding: two legs, a frame, the poster, lamps on the top edge
    px0 = (scene_w_m - pw_m) / 2 + (0.6 if not wide else 0)
    fr = 0.14
    frame_col = (46, 58, 52)
    for lx in (px0 + pw_m * 0.22, px0 + pw_m * 0.78):
        lw = 0.34
        out.paste((30, 33, 36), _box(sc.box(lx - lw / 2 - 0.03, 0, lx + lw / 2 + 0.03, lift)))
        out.paste((72, 78, 84), _box(sc.box(lx - lw / 2, 0, lx + lw / 2, lift - fr)))
        out.paste((104, 110, 116), _box(sc.box(lx - lw / 2 + 0.05, 0, lx - lw / 2 + 0.11, lift - fr)))
        out.paste((150, 150, 146), _box(sc.box(lx - 0.4, -0.05, lx + 0.4, 0.12)))  # concrete footing
        # a back brace
        out.paste((58, 62, 66), _box(sc.box(px0 + pw_m * 0.1, lift - 0.55, px0 + pw_m * 0.9, lift - 0.45)))
    fb = sc.box(px0 - fr, lift - fr, px0 + pw_m + fr, lift + ph_m + fr)
    soft_shadow(out, fb, 0, 0.12 * ppm, 0.35, dy=0.06 * ppm)
    out.paste(frame_col, _box(fb))
    out.paste((70, 86, 78), _box((fb[0], fb[1], fb[2], fb[1] + max(1, 0.035 * ppm))))
    x0, y0 = _i(sc.X(px0)), _i(sc.Y(lift + ph_m))
    out.paste(poster, (x0, y0))
    rect = (x0, y0, x0 + poster.width, y0 + poster.height)
    # light wash from the lamps, strongest at the top edge
    shade(out, (rect[0], rect[1], rect[2], rect[1] + poster.height * 0.18), (255, 250, 230), 38, 0)
    n_lamps = 6 if wide else 3
    for j in range(n_lamps):
        lx = px0 + pw_m * (j + 0.5) / n_lamps
        top = lift + ph_m + fr
        out.paste((40, 44, 48), _box(sc.box(lx - 0.03, top - 0.1, lx + 0.03, top + 0.3)))
        rrect(out, sc.box(lx - 0.4, top + 0.22, lx + 0.4, top + 0.4), 0.05 * ppm, (52, 56, 60))
        out.paste((255, 244, 200), _box(sc.box(lx - 0.36, top + 0.22, lx + 0.36, top + 0.26)))
    out.paste((255, 246, 214), _box((fb[0], fb[1], fb[2], fb[1] + max(1, 0.025 * ppm))))  # the lit edge
    # a person to scale by the left leg, another walking along the verge
    _person(out, sc, px0 + pw_m * 0.22 - 0.75, pose=0)
    _person(out, sc, px0 + pw_m + 1.6, color=(62, 60, 70), pose=1)
    _scale_note(out, sc, f"{pw_m:.2f} × {ph_m:.2f} m · person {PERSON_HEIGHT_M:.2f} m")
    del k
    return out, rect


def _street_backdrop(sc: _Scene, seed: int) -> Image.Image:
    """A sandstone street front behind a pavement: coursed stone, sash windows, a door; kerb and road."""
    ppm = sc.ppm
    out = Image.new("RGB", (sc.w, sc.h), (198, 183, 158))
    draw = ImageDraw.Draw(out)
    lw = max(1, _i(0.012 * ppm))
    hm = 0.0
    while sc.Y(hm) > 0:  # stone courses
        draw.line((0, sc.Y(hm), sc.w, sc.Y(hm)), fill=(180, 163, 138), width=lw)
        hm += 0.34
    out.paste((156, 144, 126), _box((0, sc.Y(0.45), sc.w, sc.ground)))  # plinth course
    rnd = random.Random(seed)
    x = 0.25 + rnd.random() * 0.6
    n = 0
    while sc.X(x) < sc.w:
        if n % 3 == 2:  # a panelled door
            out.paste((228, 224, 216), _box(sc.box(x - 0.06, 0, x + 1.06, 2.5)))
            out.paste((38, 52, 60), _box(sc.box(x, 0, x + 1.0, 2.44)))
            for dx in (0.12, 0.56):
                out.paste((48, 64, 72), _box(sc.box(x + dx, 0.25, x + dx + 0.32, 1.05)))
                out.paste((48, 64, 72), _box(sc.box(x + dx, 1.25, x + dx + 0.32, 2.2)))
        else:  # a sash window with sill and lintel
            out.paste((214, 202, 180), _box(sc.box(x - 0.12, 0.84, x + 1.12, 0.94)))
            out.paste((214, 202, 180), _box(sc.box(x - 0.08, 2.62, x + 1.08, 2.78)))
            out.paste((236, 232, 224), _box(sc.box(x, 0.94, x + 1.0, 2.62)))
            g = _box(sc.box(x + 0.06, 1.0, x + 0.94, 2.56))
            out.paste(vgrad(g[2] - g[0], g[3] - g[1], [(0, (66, 80, 94)), (1, (112, 126, 138))]), g[:2])
            out.paste((236, 232, 224), _box(sc.box(x, 1.75, x + 1.0, 1.81)))
            out.paste((236, 232, 224), _box(sc.box(x + 0.48, 1.0, x + 0.52, 2.56)))
        x += 2.0 + rnd.random() * 0.5
        n += 1
    # pavement slabs, kerb, road
    depth = sc.h / ppm - sc.ground / ppm
    kerb = -depth * 0.72
    out.paste(
        vgrad(sc.w, _i(sc.Y(kerb) - sc.ground) + 1, [(0, (170, 168, 162)), (1, (196, 194, 188))]), (0, _i(sc.ground))
    )
    yy, step = sc.ground + 0.1 * ppm, 0.14 * ppm
    while yy < sc.Y(kerb) - 2:
        draw.line((0, yy, sc.w, yy), fill=(156, 154, 148), width=lw)
        step *= 1.45
        yy += step
    out.paste((150, 150, 146), _box((0, sc.Y(kerb), sc.w, sc.Y(kerb - 0.1))))
    out.paste((84, 86, 90), _box((0, sc.Y(kerb - 0.1), sc.w, sc.h)))
    return out


def _bus_shelter(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    fmt = result.format
    pw_m, ph_m = _size_m(fmt, (1.2, 1.8))
    poster = _poster(result.image, 720)
    ppm = poster.width / pw_m
    scene_w_m, scene_h_m = 5.0, 3.45
    sc = _Scene(ppm, scene_w_m, scene_h_m, 2.85)
    out = _street_backdrop(sc, 3)
    # shelter: two glass bays with a roof, the advertising panel as the right-hand end
    sx0, bay = 0.3, 1.12
    roof_h = 2.45
    panel_x0 = sx0 + 2 * bay + 0.05
    panel = (panel_x0, 0.35, panel_x0 + pw_m + 0.2, 0.35 + ph_m + 0.2)  # metres: x0, h0, x1, h1
    alu = (184, 188, 192)
    # glass panes: a translucent tint and an edge highlight
    for b in range(2):
        gx = sx0 + b * bay
        g = _box(sc.box(gx + 0.06, 0.12, gx + bay - 0.02, roof_h - 0.05))
        tint = vgrad(g[2] - g[0], g[3] - g[1], [(0, (238, 246, 250)), (1, (206, 224, 234))])
        out.paste(tint, g[:2], Image.new("L", tint.size, 96))
        out.paste(alu, _box(sc.box(gx, 0, gx + 0.06, roof_h)))
        out.paste(alu, _box(sc.box(gx, 0.1, gx + bay, 0.14)))
    # bench and timetable case
    out.paste((120, 124, 130), _box(sc.box(sx0 + 0.3, 0.48, sx0 + 2 * bay - 0.3, 0.54)))
    out.paste((100, 104, 110), _box(sc.box(sx0 + 0.5, 0.0, sx0 + 0.56, 0.48)))
    out.paste((100, 104, 110), _box(sc.box(sx0 + 2 * bay - 0.56, 0.0, sx0 + 2 * bay - 0.5, 0.48)))
    out.paste((40, 44, 50), _box(sc.box(sx0 + 0.25, 1.1, sx0 + 0.75, 1.75)))
    out.paste((236, 236, 230), _box(sc.box(sx0 + 0.28, 1.13, sx0 + 0.72, 1.72)))
    for r in range(6):
        out.paste((160, 162, 166), _box(sc.box(sx0 + 0.32, 1.62 - r * 0.08, sx0 + 0.68, 1.64 - r * 0.08)))
    # the advertising panel: aluminium housing, backlit poster
    hb = sc.box(panel[0] - 0.04, 0, panel[2] + 0.04, panel[3] + 0.04)
    soft_shadow(out, hb, 0.03 * ppm, 0.1 * ppm, 0.35, dy=0.03 * ppm)
    out.paste(
        vgrad(_i(hb[2] - hb[0]), _i(hb[3] - hb[1]), [(0, (206, 210, 214)), (1, (160, 164, 168))]),
        (_i(hb[0]), _i(hb[1])),
    )
    out.paste((120, 124, 128), _box(sc.box(panel[0] + 0.02, panel[1] - 0.02, panel[2] - 0.02, panel[3] - 0.02)))
    x0, y0 = _i(sc.X(panel[0] + 0.1)), _i(sc.Y(panel[3] - 0.1))
    gl = 0.012 * ppm
    out.paste((250, 248, 236), _box((x0 - gl, y0 - gl, x0 + poster.width + gl, y0 + poster.height + gl)))
    out.paste(poster, (x0, y0))
    rect = (x0, y0, x0 + poster.width, y0 + poster.height)
    # roof over everything
    rb = sc.box(sx0 - 0.25, roof_h, panel[2] + 0.3, roof_h + 0.14)
    out.paste((60, 64, 70), _box(rb))
    out.paste((96, 100, 106), _box((rb[0], rb[3] - max(1, 0.03 * ppm), rb[2], rb[3])))
    out.paste(alu, _box(sc.box(panel[2] - 0.02, panel[3] + 0.04, panel[2] + 0.04, roof_h)))
    # people to scale
    _person(out, sc, panel[2] + 0.5, pose=0)
    _person(out, sc, sx0 + 0.95, color=(70, 66, 76), pose=1)
    _scale_note(out, sc, f"{pw_m:.2f} × {ph_m:.2f} m · person {PERSON_HEIGHT_M:.2f} m")
    return out, rect


def _d6_screen(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    sw_m, sh_m = _size_m(result.format, D6_SCREEN_M)
    poster = _poster(result.image, 520)
    ppm = poster.width / sw_m
    sc = _Scene(ppm, 3.6, 3.05, 2.55)
    out = _street_backdrop(sc, 8)
    sx0 = (3.6 - sw_m) / 2 + 0.2
    bottom = 0.62
    housing = (sx0 - 0.07, bottom - 0.09, sx0 + sw_m + 0.07, bottom + sh_m + 0.1)
    # plinth / pole to the ground
    out.paste((30, 32, 35), _box(sc.box(sx0 + sw_m / 2 - 0.16, 0.0, sx0 + sw_m / 2 + 0.16, housing[1] + 0.01)))
    out.paste((150, 150, 146), _box(sc.box(sx0 + sw_m / 2 - 0.3, -0.03, sx0 + sw_m / 2 + 0.3, 0.05)))
    hb = sc.box(*housing)
    soft_shadow(out, hb, 0.04 * ppm, 0.1 * ppm, 0.4, dy=0.03 * ppm)
    rrect(out, hb, 0.045 * ppm, (22, 23, 26))
    rrect(
        out,
        (hb[0] + 0.012 * ppm, hb[1] + 0.012 * ppm, hb[2] - 0.012 * ppm, hb[3] - 0.012 * ppm),
        0.035 * ppm,
        (12, 12, 14),
    )
    x0, y0 = _i(sc.X(sx0)), _i(sc.Y(bottom + sh_m))
    out.paste(poster, (x0, y0))
    rect = (x0, y0, x0 + poster.width, y0 + poster.height)
    # glare: a faint diagonal sheen across the upper left of the glass
    gw, gh = poster.size
    q = 4
    g = Image.new("L", (max(1, gw // q), max(1, gh // q)), 0)
    ImageDraw.Draw(g).polygon([(0, 0), (g.width * 0.62, 0), (0, g.height * 0.42)], fill=30)
    g = g.filter(ImageFilter.GaussianBlur(max(0.5, g.width / 40))).resize((gw, gh), Image.Resampling.BILINEAR)
    _fill(out, WHITE, rect, g)
    # a small sensor / logo-free badge under the screen
    disc(out, sc.X(sx0 + sw_m / 2), sc.Y(bottom - 0.045), 0.012 * ppm, (70, 72, 76))
    _person(out, sc, sx0 + sw_m + 0.55, pose=0)
    _person(out, sc, sx0 - 0.6, color=(70, 66, 76), pose=1)
    _scale_note(out, sc, f"{sw_m:.2f} × {sh_m:.2f} m screen · person {PERSON_HEIGHT_M:.2f} m")
    return out, rect


# ==============================================================================================
# Public API
# ==============================================================================================

MOCKUPS: dict[str, Callable[[Campaign, RenderResult], tuple[Image.Image, Rect]]] = {
    "facebook-feed": _facebook_feed,
    "facebook-story": _facebook_story,
    "snapchat": _snapchat,
    "x-post": _x_post,
    "web-page": _web_page,
    "phone-page": _phone_page,
    "billboard-48": _billboard,
    "billboard-96": _billboard,
    "bus-shelter": _bus_shelter,
    "d6-screen": _d6_screen,
}


def mockup_with_rect(campaign: Campaign, result: RenderResult) -> tuple[Image.Image, Rect]:
    """The mockup and where the creative sits in it (x0, y0, x1, y1; x1/y1 exclusive).

    Digital creatives are pasted pixel for pixel, so the rect is exactly the render's size;
    posters may be scaled down to the scene, and the rect is then their displayed size.
    The GUI draws safe-zone overlays over the mockup inside this rect.
    """
    draw_fn = MOCKUPS.get(result.format.mockup)
    if draw_fn is None:
        raise ValueError(
            f"format {result.format.id}: unknown mockup '{result.format.mockup}'; known: {', '.join(sorted(MOCKUPS))}"
        )
    from .engine import localized  # the brand name, headline... in the render's language

    img, rect = draw_fn(localized(campaign, result), result)
    if img.mode != "RGB":
        img = img.convert("RGB")
    return img, rect


def render_mockup(campaign: Campaign, result: RenderResult) -> Image.Image:
    """The render drawn inside a look-alike of where it runs (RGB)."""
    return mockup_with_rect(campaign, result)[0]

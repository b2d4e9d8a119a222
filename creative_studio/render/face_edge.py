"""The face's edge: its silhouette, bands just inside and outside it, and the optional ring.

A yellow face on a yellow ground melts into it.  The designer can switch on a ring around the
face (``face: {ring: outline}`` or ``ring: shadow``) and the ``face-contrast`` check measures
the edge the same way whatever the emoji: bands that follow the glyph's own silhouette (a hat
or raised hands included), not a circle.

Masks are made at a reference size of at most 512 px from the intact glyph's alpha and scaled,
so they cost the same at 40 px and on a 96-sheet.  Offsetting a silhouette outwards by ``d`` is
done by blurring it (Gaussian, sigma ``d / 2``) and keeping what is above ~2.3 % (the Gaussian
tail at two sigmas): a smooth offset curve for any shape, at the price of one blur.
"""

from __future__ import annotations

import functools

from PIL import Image, ImageChops, ImageFilter

from .colour import RGB, luminance
from .face_glyph import glyph

#: What ``face.ring`` may say: no ring, a solid outline, or a soft drop shadow.
RING_STYLES = ("none", "outline", "shadow")

#: Band just inside the silhouette that the face-contrast check reads (fractions of the face size).
INNER_BAND = (0.012, 0.035)
#: Band just outside it: past the shards' drift at stage 3 is not needed, the median copes.
OUTER_BAND = (0.008, 0.03)
#: Outline width (fraction of the face size, at least 2 px): it covers the outer band.
OUTLINE_WIDTH = 0.036
_SHADOW_WIDTH = 0.05
_SHADOW_ALPHA = 0.62
_SHADOW_RGB = (24, 14, 4)
_DARK_RING = (58, 30, 8)  # the crack groove's brown
_LIGHT_RING = (255, 255, 255)

_REF = 512


#: The masks reach past the face's square (the glyph comes within 2 % of its sides).
_PAD = 0.06


@functools.lru_cache(maxsize=32)
def _silhouette(emoji: str, ref: int) -> Image.Image:
    """Alpha of the intact face at ``ref`` px, on a canvas padded by ``_PAD`` on every side."""
    pad = round(_PAD * ref)
    out = Image.new("L", (ref + 2 * pad, ref + 2 * pad))
    out.paste(glyph(emoji, ref).getchannel("A"), (pad, pad))
    return out


def _offset(mask: Image.Image, d_px: float) -> Image.Image:
    """``mask`` grown (d > 0) or shrunk (d < 0) by about ``|d_px|`` pixels, anti-aliased."""
    if abs(d_px) < 0.25:
        return mask
    blurred = mask.filter(ImageFilter.GaussianBlur(abs(d_px) / 2))
    if d_px > 0:  # keep the faint tail: ~2 sigma outside the edge
        return blurred.point(lambda v: 0 if v < 3 else 255 if v > 9 else (v - 3) * 255 // 6)
    return blurred.point(lambda v: 0 if v < 246 else 255 if v > 252 else (v - 246) * 255 // 6)


@functools.lru_cache(maxsize=64)
def _band_ref(emoji: str, ref: int, d0: float, d1: float) -> Image.Image:
    """Mask of what lies between offsets ``d0`` < ``d1`` (fractions of the size) of the silhouette."""
    sil = _silhouette(emoji, ref)
    return ImageChops.subtract(_offset(sil, d1 * ref), _offset(sil, d0 * ref))


def _placed(mask: Image.Image, ref: int, size: int, sharpen: bool = True) -> tuple[Image.Image, int]:
    """A padded ``ref`` mask scaled for a ``size`` px face, and how far it reaches past its square."""
    pad = round(_PAD * ref)
    if ref == size:
        return mask, pad
    k = size / ref
    side, off = round(mask.width * k), round(pad * k)
    big = mask.resize((side, side), Image.Resampling.BILINEAR)
    if sharpen and size > ref:  # re-sharpen the upscaled edge
        big = big.point(lambda v: 0 if v < 64 else 255 if v > 192 else (v - 64) * 2)
    return big, off


def band(emoji: str, size: int, d0: float, d1: float) -> tuple[Image.Image, int]:
    """ "L" mask of the band from offset ``d0`` to ``d1`` (fractions of the size; negative lies
    inside the face) around the silhouette of a ``size`` px face, and its overhang: the mask's
    top-left corner is that many pixels up and left of the face's square."""
    ref = min(size, _REF)
    return _placed(_band_ref(emoji, ref, d0, d1), ref, size)


def edge_bands(emoji: str, size: int) -> tuple[tuple[Image.Image, int], tuple[Image.Image, int]]:
    """The (inside, outside) bands the face-contrast check compares, each with its overhang."""
    return band(emoji, size, -INNER_BAND[1], -INNER_BAND[0]), band(emoji, size, OUTER_BAND[0], OUTER_BAND[1])


@functools.lru_cache(maxsize=64)
def edge_colour(emoji: str) -> RGB:
    """The typical colour just inside the face's edge (median by luminance)."""
    ref = 128
    pad = round(_PAD * ref)
    im = Image.new("RGB", (ref + 2 * pad, ref + 2 * pad))
    im.paste(glyph(emoji, ref).convert("RGB"), (pad, pad))
    mask = _band_ref(emoji, ref, -INNER_BAND[1], -INNER_BAND[0])
    px = [im.getpixel((x, y)) for y in range(mask.height) for x in range(mask.width) if mask.getpixel((x, y)) > 128]
    if not px:
        return (255, 204, 77)
    px.sort(key=luminance)
    return px[len(px) // 2]


def ring_colour(emoji: str) -> RGB:
    """Dark brown or white, whichever stands out more against the face's own edge."""
    lum = luminance(edge_colour(emoji))
    dark = (lum + 0.05) / (luminance(_DARK_RING) + 0.05)
    light = (luminance(_LIGHT_RING) + 0.05) / (lum + 0.05)
    return _DARK_RING if dark >= light else _LIGHT_RING


def _paste(img: Image.Image, colour: RGB, mask: Image.Image, x: int, y: int) -> None:
    """Paste a solid colour through ``mask`` at (x, y), cut to the image (x, y may be negative)."""
    box = (max(0, x), max(0, y), min(img.width, x + mask.width), min(img.height, y + mask.height))
    if box[2] <= box[0] or box[3] <= box[1]:
        return
    cut = mask.crop((box[0] - x, box[1] - y, box[2] - x, box[3] - y))
    img.paste(colour, box, cut)


def draw_ring(img: Image.Image, emoji: str, style: str, xy: tuple[int, int], size: int) -> None:
    """Draw the ring of ``style`` on ``img`` for a ``size`` px face placed at ``xy`` (before the
    face itself is pasted over it).  ``"none"`` draws nothing."""
    if style not in RING_STYLES:
        raise ValueError(f"face ring must be one of {', '.join(RING_STYLES)}, got {style!r}")
    if style == "none" or size < 4:
        return
    if style == "outline":
        mask, off = band(emoji, size, -0.01, max(2.0 / size, OUTLINE_WIDTH))
        _paste(img, ring_colour(emoji), mask, xy[0] - off, xy[1] - off)
        return
    ref = min(size, _REF)
    grown = _offset(_silhouette(emoji, ref), _SHADOW_WIDTH * 0.5 * ref)
    soft = grown.filter(ImageFilter.GaussianBlur(_SHADOW_WIDTH * 0.35 * ref))
    soft = soft.point(lambda v: round(v * _SHADOW_ALPHA))
    mask, off = _placed(soft, ref, size, sharpen=False)
    _paste(img, _SHADOW_RGB, mask, xy[0] - off, xy[1] - off + round(0.008 * size))

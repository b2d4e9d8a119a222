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
#: Ground beyond any ring (past the outline and the shadow's dark part).
BEYOND_BAND = (0.055, 0.085)
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


def edge_bands(
    emoji: str, size: int, face_px: int | None = None
) -> tuple[tuple[Image.Image, int], tuple[Image.Image, int], tuple[Image.Image, int]]:
    """The (inside, outside, beyond) bands the face-contrast check compares, each with its
    overhang, as masks for a ``size`` px face.  *Beyond* lies past any ring, on the ground.

    ``face_px``: the face's size on the render judged; on a small face the bands keep a width of
    whole pixels of that render (at least 1.5 px outside, from 1 to 2.5 px inside), or they
    would only see anti-aliased edge."""
    px = 1.0 / (face_px or size)
    i0, i1 = max(INNER_BAND[0], 1.0 * px), max(INNER_BAND[1], 2.5 * px)
    o0, o1 = max(OUTER_BAND[0], 0.5 * px), max(OUTER_BAND[1], 1.5 * px)
    f0, f1 = max(BEYOND_BAND[0], 3.0 * px), max(BEYOND_BAND[1], 4.5 * px)
    return (
        band(emoji, size, -round(i1, 4), -round(i0, 4)),
        band(emoji, size, round(o0, 4), round(o1, 4)),
        band(emoji, size, round(f0, 4), round(f1, 4)),
    )


def ring_colour(ground: RGB) -> RGB:
    """Dark brown or white, whichever stands out more against the ``ground`` under the ring.

    The ring's job is to lift the face off its ground; where it is needed the face's edge is
    close to the ground's colour, so the ring then stands out against the face's edge too.
    """
    lum = luminance(ground)
    dark = (lum + 0.05) / (luminance(_DARK_RING) + 0.05)
    light = (luminance(_LIGHT_RING) + 0.05) / (lum + 0.05)
    return _DARK_RING if dark >= light else _LIGHT_RING


@functools.lru_cache(maxsize=16)
def _shadow_ref(emoji: str, ref: int, width: float) -> Image.Image:
    """The soft shadow's mask at ``ref`` px: the silhouette grown by ``width / 2`` and blurred."""
    grown = _offset(_silhouette(emoji, ref), width * 0.5 * ref)
    soft = grown.filter(ImageFilter.GaussianBlur(width * 0.35 * ref))
    return soft.point(lambda v: round(v * _SHADOW_ALPHA))


def clear_caches() -> None:
    """Forget the cached silhouettes and bands (see :func:`creative_studio.render.face.clear_caches`)."""
    for fn in (_silhouette, _band_ref, _shadow_ref):
        fn.cache_clear()


def ring_layer(emoji: str, style: str, size: int, ground: RGB) -> tuple[Image.Image, int] | None:
    """The ring of ``style`` for a ``size`` px face on ``ground`` (the colour around it), as an
    RGBA layer to paste under the face, and how far it reaches past the face's square (paste
    it that many pixels up and left of the face).  None for ``"none"``."""
    if style not in RING_STYLES:
        raise ValueError(f"face ring must be one of {', '.join(RING_STYLES)}, got {style!r}")
    if style == "none" or size < 4:
        return None
    if style == "outline":
        mask, off = band(emoji, size, -0.01, max(2.0 / size, OUTLINE_WIDTH))
        colour = ring_colour(ground)
    else:
        ref = min(size, _REF)
        width = round(max(_SHADOW_WIDTH, 3.0 / size), 4)  # a small face still gets a shadow it can show
        mask, off = _placed(_shadow_ref(emoji, ref, width), ref, size, sharpen=False)
        colour = _SHADOW_RGB
    layer = Image.new("RGBA", mask.size, (*colour, 0))
    layer.putalpha(mask)
    if style == "shadow":  # light from the upper left: the shadow falls a little down
        dy = round(0.008 * size)
        moved = Image.new("RGBA", layer.size, (*colour, 0))
        moved.paste(layer, (0, dy))
        layer = moved
    return layer, off

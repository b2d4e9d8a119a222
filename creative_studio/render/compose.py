"""Putting art on the canvas: the soft light behind the face and pasting through a mask (or
recording the paste, when the render is taken apart for print)."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter

from .recording import Recording


def glow_mask(size: int) -> Image.Image:
    """A soft round light: a blurred disc drawn small, then scaled (cheap at any size).

    Screen-size masks are cached for the preview; print-size ones (20 MB at a 96-sheet) are not.
    """
    return _glow_mask_cached(size) if size <= 1600 else _make_glow_mask(size)


@lru_cache(maxsize=16)
def _glow_mask_cached(size: int) -> Image.Image:
    return _make_glow_mask(size)


def _make_glow_mask(size: int) -> Image.Image:
    small = Image.new("L", (128, 128), 0)
    ImageDraw.Draw(small).ellipse((24, 24, 104, 104), fill=64)
    small = small.filter(ImageFilter.GaussianBlur(14))
    return small.resize((size, size), Image.Resampling.BILINEAR)


def paste(img: Image.Image, src, box, mask: Image.Image, recording: Recording | None = None) -> None:
    """Paste through a mask (recorded instead when rendering for print)."""
    if recording is not None:
        recording.paste(src, box, mask)
        return
    if img.mode != "RGBA":
        img.paste(src, box, mask)
        return
    if isinstance(src, tuple):
        layer = Image.new("RGBA", mask.size, src)
        layer.putalpha(mask)
    else:
        layer = src if src.mode == "RGBA" else src.convert("RGBA")
        if mask is not src:
            layer = layer.copy()
            layer.putalpha(mask)
    x, y = int(box[0]), int(box[1])
    # alpha_composite takes no negative offsets: cut off what lies left of or above the canvas.
    cx, cy = max(0, -x), max(0, -y)
    if cx >= layer.width or cy >= layer.height:
        return
    img.alpha_composite(layer, (x + cx, y + cy), (cx, cy))

"""Approved vs current, side by side, with the changed pixels highlighted.

When a cell goes stale the reviewer must see *what* changed, not re-review from scratch. The
approved bytes come from the review cache, the current ones from a fresh render; both are
downscaled to at most `MAX_SIDE` pixels first (a 96-sheet is 52 MP: comparing it at full size
would take seconds and hundreds of MiB for a picture that is shown at screen size anyway).
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from ..base import resources

MAX_SIDE = 2000
THRESHOLD = 12  # max channel difference (0-255) that counts as changed, after downscaling
MAGENTA = (255, 0, 255)
_FONT = resources.font("noto/NotoSans-Bold.ttf")

Rect = tuple[int, int, int, int]


@dataclass(frozen=True)
class ImageDiff:
    image: Image.Image  # approved | current | changes (side by side, or stacked for wide banners)
    bbox: Rect | None  # changed region in pixels of the current image at full size; None = identical
    changed_fraction: float  # share of pixels that changed (of the downscaled current image)
    size_changed: bool  # the two images have different pixel sizes
    approved_size: tuple[int, int]
    current_size: tuple[int, int]


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        # Our own exports (up to the engine's 110 MP cap) can exceed Pillow's bomb warning size.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        im = Image.open(io.BytesIO(data))
        im.load()
    return im.convert("RGB")


def _small(im: Image.Image, max_side: int) -> tuple[Image.Image, int]:
    factor = max(1, math.ceil(max(im.size) / max_side))
    return (im.reduce(factor) if factor > 1 else im), factor


def _font(px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(str(_FONT), px)
    except OSError:
        return ImageFont.load_default()


def compare_images(approved_png: bytes, current_png: bytes, max_side: int = MAX_SIDE) -> ImageDiff:
    a_full = _open(approved_png)
    b_full = _open(current_png)
    a_size, b_size = a_full.size, b_full.size
    b, factor = _small(b_full, max_side)
    del b_full
    if a_size == b_size:
        a = a_full.reduce(factor) if factor > 1 else a_full
    else:
        a, _ = _small(a_full, max_side)
        a = a.resize(b.size, Image.Resampling.BILINEAR)
    del a_full
    diff = ImageChops.difference(a, b)
    r, g, bl = diff.split()
    mx = ImageChops.lighter(ImageChops.lighter(r, g), bl)
    mask = mx.point(lambda v: 255 if v > THRESHOLD else 0)
    box = mask.getbbox()
    changed = mask.histogram()[255] / (mask.size[0] * mask.size[1])
    bbox = None
    if box is not None:
        sx, sy = b_size[0] / b.size[0], b_size[1] / b.size[1]
        bbox = (
            int(box[0] * sx),
            int(box[1] * sy),
            min(b_size[0], math.ceil(box[2] * sx)),
            min(b_size[1], math.ceil(box[3] * sy)),
        )

    # The changes panel: a dimmed grey copy of the current image with changed pixels in magenta.
    grey = b.convert("L").point(lambda v: 24 + v * 0.35).convert("RGB")
    grow = 3 if max(b.size) < 800 else 5
    shown = mask.filter(ImageFilter.MaxFilter(grow))
    grey.paste(Image.new("RGB", b.size, MAGENTA), (0, 0), shown)
    if box is not None:
        d = ImageDraw.Draw(grey)
        pad = 3
        d.rectangle(
            (
                max(0, box[0] - pad),
                max(0, box[1] - pad),
                min(b.size[0] - 1, box[2] + pad),
                min(b.size[1] - 1, box[3] + pad),
            ),
            outline=MAGENTA,
            width=max(1, max(b.size) // 400),
        )

    pct = f"{changed * 100:.2f}%" if changed else "none"
    labels = [
        "Approved" + (f" ({a_size[0]}x{a_size[1]})" if a_size != b_size else ""),
        "Current" + (f" ({b_size[0]}x{b_size[1]})" if a_size != b_size else ""),
        f"Changed pixels: {pct}",
    ]
    sheet = _compose([a, b, grey], labels, stacked=b.size[0] > 2 * b.size[1])
    sheet.info["bbox"] = bbox
    return ImageDiff(sheet, bbox, changed, a_size != b_size, a_size, b_size)


def _compose(panels: list[Image.Image], labels: list[str], stacked: bool) -> Image.Image:
    w, h = panels[0].size
    gap = 12
    label_h = max(18, min(40, (max(w, h) // 24)))
    font = _font(int(label_h * 0.62))
    cw, ch = w, h + label_h
    if stacked:
        out = Image.new("RGB", (cw + 2 * gap, 3 * ch + 4 * gap), (40, 40, 44))
        origins = [(gap, gap + i * (ch + gap)) for i in range(3)]
    else:
        out = Image.new("RGB", (3 * cw + 4 * gap, ch + 2 * gap), (40, 40, 44))
        origins = [(gap + i * (cw + gap), gap) for i in range(3)]
    d = ImageDraw.Draw(out)
    for (x, y), im, text in zip(origins, panels, labels, strict=True):
        d.text(
            (x + 2, y + label_h // 2),
            text,
            fill=(235, 235, 235) if "Changed" not in text else MAGENTA,
            font=font,
            anchor="lm",
        )
        out.paste(im, (x, y + label_h))
    return out


def diff_images(approved_png_bytes: bytes, current_png_bytes: bytes) -> Image.Image:
    """Approved | current | changes. The changed region is in `.info["bbox"]` (None if identical)."""
    return compare_images(approved_png_bytes, current_png_bytes).image


__all__ = ["ImageDiff", "MAX_SIDE", "compare_images", "diff_images"]

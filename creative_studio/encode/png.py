"""PNG encoding that is deterministic, sRGB-tagged and inside each format's byte budget.

Same render, same bytes: no timestamps, fixed encoder settings, fixed chunk order. That is what
lets a sign-off be bound to the sha256 of the file. When a lossless PNG is over the format's
limit (Google's 150 KB), the image is reduced to a palette step by step, and if even that does
not fit the caller gets a `BudgetError` naming the file and the sizes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, PngImagePlugin

from ..model.types import Format

COMPRESS_LEVEL = 6
PALETTE_STEPS = (256, 128, 64, 32)


class BudgetError(Exception):
    def __init__(self, message: str, smallest: int):
        super().__init__(message)
        self.smallest = smallest


@dataclass(frozen=True)
class Encoded:
    data: bytes
    method: str  # "lossless" or "palette-N"


def _pnginfo(meta: dict[str, str]) -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    info.add(b"sRGB", b"\x00")  # perceptual intent: the pixels are sRGB
    for k, v in meta.items():
        info.add_itxt(k, v) if not v.isascii() else info.add_text(k, v)
    return info


def encode_png(
    image: Image.Image, meta: dict[str, str] | None = None, dpi: int | None = None, level: int = COMPRESS_LEVEL
) -> bytes:
    buf = io.BytesIO()
    kw: dict = {"format": "PNG", "compress_level": level, "optimize": False, "pnginfo": _pnginfo(meta or {})}
    if dpi:
        kw["dpi"] = (dpi, dpi)
    image.save(buf, **kw)
    return buf.getvalue()


def encode_for_format(image: Image.Image, fmt: Format, meta: dict[str, str]) -> Encoded:
    """Lossless first; palette quantisation only when over the limit; BudgetError if impossible."""
    dpi = fmt.dpi
    data = encode_png(image, meta, dpi)
    if len(data) <= fmt.max_bytes:
        return Encoded(data, "lossless")
    smallest = len(data)
    if len(data) < fmt.max_bytes * 3:  # a level-9 pass often closes a small gap losslessly
        data = encode_png(image, meta, dpi, level=9)
        smallest = min(smallest, len(data))
        if len(data) <= fmt.max_bytes:
            return Encoded(data, "lossless")
    for colours in PALETTE_STEPS:
        q = image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.FLOYDSTEINBERG)
        data = encode_png(q, meta, dpi, level=9)
        smallest = min(smallest, len(data))
        if len(data) <= fmt.max_bytes:
            return Encoded(data, f"palette-{colours}")
    raise BudgetError(
        f"cannot fit {fmt.id} into {fmt.max_bytes:,} bytes: the smallest encoding was "
        f"{smallest:,} bytes even with {PALETTE_STEPS[-1]} colours; simplify the art "
        "or ask for a larger limit",
        smallest,
    )

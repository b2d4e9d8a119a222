"""A render taken apart for print: the raster art, and the text and shapes as vector operations.

Print needs what a PNG cannot give: type as outlines and flat areas as vector colour, so that a
1:10 poster enlarges without pixels. The engine draws exactly as for a PNG, but onto a
`RecordingDraw`: the ground is left transparent (print draws it as a vector shading), text
drawn in an outline font and rounded rectangles (the call-to-action button) are recorded instead
of painted, and everything else (the glow, the face, colour emoji, the partner logo) lands in the
transparent art layer. So the print file is built from the same placement decisions as the PNG
a reviewer approved, with no second copy of the layout logic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from . import fonts


@dataclass(frozen=True)
class TextOp:
    """One run of text in one font: drawn from the left end of its baseline (anchor 'ls')."""

    x: float
    baseline: float
    text: str
    font_path: Path
    size: int
    fill: str  # #RRGGBB


@dataclass(frozen=True)
class ShapeOp:
    """A filled rectangle, rounded when radius > 0 (box in render pixels, y down)."""

    box: tuple[float, float, float, float]
    radius: float
    fill: str


@dataclass(frozen=True)
class ImageOp:
    """Artwork pasted at (x, y): the face, the partner logo (RGBA, its own alpha)."""

    x: int
    y: int
    image: Image.Image


@dataclass(frozen=True)
class GlowOp:
    """A round soft light of one colour: its alpha from the centre (first) to the box's edge (last)."""

    box: tuple[int, int, int, int]
    fill: str
    profile: tuple[int, ...]


GLOW_SAMPLES = 256


@dataclass
class Recording:
    """What a render drew, taken apart: art layers (in order), then buttons, then outline text."""

    layers: list[ImageOp | GlowOp] = field(default_factory=list)
    texts: list[TextOp] = field(default_factory=list)
    shapes: list[ShapeOp] = field(default_factory=list)

    def paste(self, src, box, mask: Image.Image) -> None:
        """Record what the engine pastes: a colour through a round mask is a glow, an image is art."""
        x, y = int(box[0]), int(box[1])
        if isinstance(src, tuple):
            w = mask.width
            row = mask.crop((0, mask.height // 2, w, mask.height // 2 + 1)).tobytes()
            half = (w - 1) / 2
            profile = tuple(row[min(w - 1, round(half + half * i / (GLOW_SAMPLES - 1)))] for i in range(GLOW_SAMPLES))
            self.layers.append(GlowOp((x, y, x + mask.width, y + mask.height), _hex(src), profile))
            return
        image = src if src.mode == "RGBA" else src.convert("RGBA")
        if mask is not src:
            image = image.copy()
            image.putalpha(mask)
        self.layers.append(ImageOp(x, y, image))


def _hex(fill) -> str:
    if isinstance(fill, str):
        return fill
    r, g, b = fill[:3]
    return f"#{r:02X}{g:02X}{b:02X}"


class RecordingDraw(ImageDraw.ImageDraw):
    """ImageDraw that records outline text and rounded rectangles instead of painting them."""

    def __init__(self, image: Image.Image, recording: Recording) -> None:
        super().__init__(image)
        self.recording = recording

    def text(self, xy, text, fill=None, font=None, anchor=None, *args, **kwargs):  # type: ignore[override]
        path = Path(getattr(font, "path", "")) if font is not None else None
        if path is None or path == fonts.EMOJI_FONT or not isinstance(font, ImageFont.FreeTypeFont):
            # Colour emoji stay pixels: they are artwork, like the face.
            return super().text(xy, text, fill, font, anchor, *args, **kwargs)
        if anchor not in (None, "ls"):
            raise ValueError(f"recorded text must be anchored at the baseline ('ls'), not {anchor!r}")
        self.recording.texts.append(TextOp(float(xy[0]), float(xy[1]), str(text), path, int(font.size), _hex(fill)))
        return None

    def rounded_rectangle(self, xy, radius=0, fill=None, outline=None, width=1, **kwargs):  # type: ignore[override]
        if fill is None or outline is not None:
            return super().rounded_rectangle(xy, radius, fill, outline, width, **kwargs)
        (x0, y0), (x1, y1) = _corners(xy)
        self.recording.shapes.append(ShapeOp((x0, y0, x1 + 1, y1 + 1), float(radius), _hex(fill)))
        return None


def _corners(xy) -> tuple[tuple[float, float], tuple[float, float]]:
    if len(xy) == 2 and not isinstance(xy[0], (int, float)):
        return (float(xy[0][0]), float(xy[0][1])), (float(xy[1][0]), float(xy[1][1]))
    return (float(xy[0]), float(xy[1])), (float(xy[2]), float(xy[3]))

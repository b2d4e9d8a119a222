"""A render taken apart for print: the raster art, and the text and shapes as vector operations.

Print needs what a PNG cannot give: type as outlines and flat areas as vector colour, so that a
1:10 poster enlarges without pixels. The engine draws exactly as for a PNG, but onto a
`RecordingDraw`: the ground is left transparent (print draws it as a vector shading), text
drawn in an outline font and rounded rectangles (the call-to-action button) are recorded instead
of painted, the glow, the face, its ring and the partner logo are recorded as art layers, and
whatever is left (colour emoji in the copy) is painted later by `Recording.leftovers`. So the
print file is built from the same placement decisions as the PNG a reviewer approved, with no
second copy of the layout logic.

Memory: a 96-sheet frame is 14400 x 3600 RGBA = 198 MiB, so no frame is allocated while
recording. What must stay pixels is remembered as drawing calls and replayed onto a canvas that
covers only their box (the whole frame only for a call whose box is not known); the result is
the same pixels, at the same place, as painting onto a full transparent frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True)
class PaintOp:
    """A drawing call that stays pixels: an ImageDraw method, its arguments, the box it may touch.

    `box` None means "anywhere": replayed on the full frame. Text (`method` "text") is replayed
    moved by whole pixels, which keeps the fraction of its position and so its exact pixels.
    """

    method: str
    args: tuple
    kwargs: dict
    box: tuple[int, int, int, int] | None


GLOW_SAMPLES = 256
TEXT_PAD = 2  # px around a text's measured box: the sub-pixel start and anti-aliasing


@dataclass
class Recording:
    """What a render drew, taken apart: art layers (in order), then buttons, then outline text;
    `painted` the calls that stay pixels (see `leftovers`), `size` the frame's."""

    layers: list[ImageOp | GlowOp] = field(default_factory=list)
    texts: list[TextOp] = field(default_factory=list)
    shapes: list[ShapeOp] = field(default_factory=list)
    painted: list[PaintOp] = field(default_factory=list)
    size: tuple[int, int] = (0, 0)

    def leftovers(self) -> tuple[int, int, Image.Image] | None:
        """(x, y, RGBA image cropped to its ink) of everything painted as pixels, or None.

        The same pixels, at the same place, as painting every call onto a transparent frame
        and cropping that to its ink, but allocated only over the calls' box.
        """
        if not self.painted:
            return None
        w, h = self.size
        if any(op.box is None for op in self.painted):
            x0, y0, x1, y1 = 0, 0, w, h
        else:
            boxes = [op.box for op in self.painted if op.box is not None]
            x0, y0 = max(0, min(b[0] for b in boxes)), max(0, min(b[1] for b in boxes))
            x1, y1 = min(w, max(b[2] for b in boxes)), min(h, max(b[3] for b in boxes))
        if x1 <= x0 or y1 <= y0:
            return None
        canvas = Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0))
        draw = ImageDraw.Draw(canvas)
        for op in self.painted:
            args = op.args
            if op.method == "text":  # moved by whole pixels: the same glyph pixels
                (x, y), *rest = args
                args = ((x - x0, y - y0), *rest)
            getattr(draw, op.method)(*args, **op.kwargs)
        del draw
        bbox = canvas.getbbox()  # RGBA: the box of non-zero alpha
        if bbox is None:
            return None
        return x0 + bbox[0], y0 + bbox[1], canvas.crop(bbox)

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


class RecordingDraw:
    """Stands in for ImageDraw in a print render: records outline text and rounded rectangles,
    remembers whatever must stay pixels (`Recording.painted`), and allocates no frame."""

    # ImageDraw's painting methods: anything else is a measuring call this stand-in cannot answer.
    PAINTING = frozenset(
        "arc bitmap chord ellipse line multiline_text pieslice point polygon rectangle regular_polygon".split()
    )

    def __init__(self, size: tuple[int, int], recording: Recording) -> None:
        self.recording = recording
        recording.size = (int(size[0]), int(size[1]))

    def text(self, xy, text, fill=None, font=None, anchor=None, *args, **kwargs):
        path = Path(getattr(font, "path", "")) if font is not None else None
        if path is None or path == fonts.EMOJI_FONT or not isinstance(font, ImageFont.FreeTypeFont):
            # Colour emoji stay pixels: they are artwork, like the face.
            self._paint(
                "text", (xy, text, fill, font, anchor, *args), kwargs, _text_box(xy, text, font, anchor, kwargs)
            )
            return None
        if anchor not in (None, "ls"):
            raise ValueError(f"recorded text must be anchored at the baseline ('ls'), not {anchor!r}")
        self.recording.texts.append(TextOp(float(xy[0]), float(xy[1]), str(text), path, int(font.size), _hex(fill)))
        return None

    def rounded_rectangle(self, xy, radius=0, fill=None, outline=None, width=1, **kwargs):
        if fill is None or outline is not None:
            self._paint("rounded_rectangle", (xy, radius, fill, outline, width), kwargs, None)
            return None
        (x0, y0), (x1, y1) = _corners(xy)
        self.recording.shapes.append(ShapeOp((x0, y0, x1 + 1, y1 + 1), float(radius), _hex(fill)))
        return None

    def __getattr__(self, name: str) -> Any:
        if name not in self.PAINTING:
            raise AttributeError(f"a print render's RecordingDraw has no {name!r}")
        return lambda *args, **kwargs: self._paint(name, args, kwargs, None)

    def _paint(self, method: str, args: tuple, kwargs: dict, box) -> None:
        self.recording.painted.append(PaintOp(method, tuple(args), dict(kwargs), box))


def _text_box(xy, text, font, anchor, kwargs) -> tuple[int, int, int, int] | None:
    """Where drawing `text` at `xy` can put ink (None when it cannot be measured: the whole frame)."""
    if not isinstance(font, ImageFont.FreeTypeFont) or "\n" in str(text):
        return None
    measure = {k: v for k, v in kwargs.items() if k in ("direction", "features", "language", "stroke_width")}
    try:
        b = font.getbbox(str(text), mode="RGBA", anchor=anchor, **measure)
    except (OSError, ValueError, TypeError):
        return None
    ox, oy = math.floor(xy[0]), math.floor(xy[1])
    pad = TEXT_PAD + int(kwargs.get("stroke_width", 0) or 0)
    return (
        ox + math.floor(b[0]) - pad,
        oy + math.floor(b[1]) - pad,
        ox + math.ceil(b[2]) + pad + 1,
        oy + math.ceil(b[3]) + pad + 1,
    )


def _corners(xy) -> tuple[tuple[float, float], tuple[float, float]]:
    if len(xy) == 2 and not isinstance(xy[0], (int, float)):
        return (float(xy[0][0]), float(xy[0][1])), (float(xy[1][0]), float(xy[1][1]))
    return (float(xy[0]), float(xy[1])), (float(xy[2]), float(xy[3]))

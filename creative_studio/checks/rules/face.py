"""The face family: face-contrast, the face must stand off the ground around it.

Threshold, and why: a yellow face on a yellow (or any same-luminance) ground melts into it, and
the campaign's one image stops reading as a face.  The rule compares the typical colour just
inside the face's edge with the typical colour just outside it (medians, by WCAG relative
luminance, of bands that follow the emoji's own silhouette, a hat included: see
``creative_studio.render.face_edge``) as a WCAG 2.x contrast ratio, in 12 sectors around the
face; where a ring is drawn, the ring's own outer edge against the ground beyond it counts too.
The ratio along the worst third of the outline below 1.5:1 -> warning, whose advice is the
remedy the designer can switch on: ``ring: outline`` or ``ring: shadow`` under ``face:``.
1.5:1 is the level at which a large shape's edge is still seen at a glance (WCAG's 3:1 is for
the strokes of text and UI parts, far thinner than a face).  Sides of the face that are off
the canvas are not judged.

The bands are read on a copy of the face's region scaled to ``SAMPLE_PX`` across, so the
rule costs the same on a thumbnail and on a full-size 96-sheet.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator

from PIL import Image, ImageChops, ImageDraw

from ...render.face_edge import edge_bands
from ..findings import Finding
from .context import Context, rule

MIN_RATIO = 1.5
SAMPLE_PX = 160  # the face region is judged at this size, whatever its size on the render
_MIN_FACE_PX = 8  # a face smaller than this on the render is not judged


def _linear(v: int) -> int:
    c = v / 255
    return round(255 * (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4))


_TO_LINEAR = [_linear(v) for v in range(256)] * 3
_WCAG = (0.2126, 0.7152, 0.0722, 0.0)  # relative luminance from linear-light R, G, B


def _luminance_image(rgb: Image.Image) -> Image.Image:
    """WCAG relative luminance of every pixel, in 1/255 steps (all in C: two Pillow calls)."""
    return rgb.point(_TO_LINEAR).convert("L", _WCAG)


def _median_luminance(lum: Image.Image, mask: Image.Image) -> float | None:
    """Median luminance (0..1) of ``lum`` where ``mask`` is mostly on; None for under 8 pixels."""
    hist = lum.histogram(mask.point(lambda v: 255 if v > 160 else 0))
    total = sum(hist)
    if total < 8:
        return None
    seen = 0
    for level, n in enumerate(hist):
        seen += n
        if 2 * seen > total:
            return level / 255
    return 1.0


def _shrunk(image: Image.Image, box: tuple[int, int, int, int], n: int) -> Image.Image:
    """``box`` of ``image`` (which may reach past it) scaled to n x n, without copying the box first."""
    span = box[2] - box[0]
    inner = (max(0, box[0]), max(0, box[1]), min(image.width, box[2]), min(image.height, box[3]))
    out = Image.new("RGB", (n, n))
    if inner[2] <= inner[0] or inner[3] <= inner[1]:
        return out
    k = n / span
    x0, y0 = round((inner[0] - box[0]) * k), round((inner[1] - box[1]) * k)
    x1, y1 = round((inner[2] - box[0]) * k), round((inner[3] - box[1]) * k)
    if x1 > x0 and y1 > y0:
        part = image.convert("RGB") if image.mode != "RGB" else image
        out.paste(part.resize((x1 - x0, y1 - y0), Image.Resampling.BOX, box=inner, reducing_gap=3.0), (x0, y0))
    return out


def edge_contrast(image: Image.Image, face: tuple[int, int, int, int], emoji: str) -> float | None:
    """Contrast ratio between the face's edge and the ground just around it on ``image``, along
    the worst third of the outline (judged in ``SECTORS`` sectors around the face's centre).

    ``face`` is the face's square on the image.  None when the face is too small to judge or
    the ground around it is off the canvas.
    """
    x0, y0, x1, y1 = face
    side = x1 - x0
    if side < _MIN_FACE_PX:
        return None
    small = SAMPLE_PX  # small faces are scaled up: every sector then has pixels to judge
    k = small / side
    (inner, ioff), (outer, ooff), (beyond, boff) = edge_bands(emoji, small, side)
    off = max(ioff, ooff, boff)
    span = round((small + 2 * off) / k)
    left, top = x0 - round(off / k), y0 - round(off / k)
    box = (left, top, left + span, top + span)
    n = small + 2 * off
    region = _luminance_image(_shrunk(image, box, n))
    # Pixels past the canvas (a face near an edge) are not ground: leave them out.
    valid = Image.new("L", (span, span))
    valid.paste(255, (max(0, -left), max(0, -top), min(span, image.width - left), min(span, image.height - top)))
    valid = valid.resize((n, n), Image.Resampling.BOX)

    on_canvas = valid.point(lambda v: 255 if v == 255 else 0)

    def placed(mask: Image.Image, moff: int, clip: bool = True) -> Image.Image:
        full = Image.new("L", (n, n))
        full.paste(mask, (off - moff, off - moff))
        return ImageChops.multiply(full, on_canvas) if clip else full

    inner_m, outer_m, beyond_m = placed(inner, ioff), placed(outer, ooff), placed(beyond, boff)
    judged: list[tuple[float, int]] = []  # (ratio, weight) per sector of the outline
    full_outer = placed(outer, ooff, clip=False)
    for wedge in _wedges(n):
        i_mask, o_mask = ImageChops.multiply(inner_m, wedge), ImageChops.multiply(outer_m, wedge)
        if 10 * _count(o_mask) < 3 * _count(ImageChops.multiply(full_outer, wedge)):
            continue  # this side of the face is mostly off the canvas: no ground to judge
        lin, lout = _median_luminance(region, i_mask), _median_luminance(region, o_mask)
        if lin is None or lout is None:
            continue
        ratio = _ratio(lin, lout)
        # A ring separates the face from the ground at its own outer edge: a dark outline next
        # to a dark hat still lifts the hat off a light ground.
        lbeyond = _median_luminance(region, ImageChops.multiply(beyond_m, wedge))
        if lbeyond is not None:
            ratio = max(ratio, _ratio(lout, lbeyond))
        judged.append((ratio, _count(o_mask)))
    if not judged:
        return None
    # The contrast along the worst third of the outline: a hat that stands off the ground does
    # not excuse a chin that melts into it.
    judged.sort()
    total = sum(w for _, w in judged)
    seen = 0
    for ratio, w in judged:
        seen += w
        if 3 * seen >= total:
            return ratio
    return judged[-1][0]


SECTORS = 12


def _ratio(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


@functools.lru_cache(maxsize=8)
def _wedges(n: int) -> tuple[Image.Image, ...]:
    """``SECTORS`` wedge masks around the centre of an n x n square."""
    c, r = n / 2, n  # the wedges reach past the square's corners
    out = []
    for k in range(SECTORS):
        a0, a1 = 2 * math.pi * k / SECTORS, 2 * math.pi * (k + 1) / SECTORS
        pts = [(c, c)] + [
            (c + r * math.cos(a0 + (a1 - a0) * j / 4), c + r * math.sin(a0 + (a1 - a0) * j / 4)) for j in range(5)
        ]
        m = Image.new("L", (n, n))
        ImageDraw.Draw(m).polygon(pts, fill=255)
        out.append(m)
    return tuple(out)


def _count(mask: Image.Image) -> int:
    return mask.width * mask.height - mask.point(lambda v: 255 if v > 160 else 0).histogram()[0]


@rule
def face_contrast(ctx: Context) -> Iterator[Finding]:
    face = ctx.message.face
    ratio = edge_contrast(ctx.result.image, ctx.result.face, face.emoji)
    if ratio is None or ratio >= MIN_RATIO:
        return
    if face.ring == "none":
        fix = (
            "switch on a ring around the face: add `ring: outline` (or `ring: shadow`) under `face:` in "
            "the campaign's `defaults:` or in this message, or choose a background that differs from the face"
        )
    else:
        other = "shadow" if face.ring == "outline" else "outline"
        fix = (
            f"the {face.ring} ring is not enough here: try `ring: {other}`, or a background that differs from the face"
        )
    yield ctx.finding(
        "face-contrast",
        "warning",
        f"The face's edge has only {ratio:.2f}:1 contrast with the ground around it (at least {MIN_RATIO}:1 keeps "
        f"it from melting into the background); {fix}",
        ctx.result.face,
    )

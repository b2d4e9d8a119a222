"""The face family: face-contrast, the face must stand off the ground around it.

Threshold, and why: a yellow face on a yellow (or any same-luminance) ground melts into it, and
the campaign's one image stops reading as a face.  The rule compares the typical colour just
inside the face's edge with the typical colour just outside it (the medians, by WCAG relative
luminance, of two bands that follow the emoji's own silhouette: see
``creative_studio.render.face_edge``), as a WCAG 2.x contrast ratio.  Below 1.5:1 -> warning,
whose advice is the remedy the designer can switch on: ``ring: outline`` or ``ring: shadow``
under ``face:``.  1.5:1 is the level at which a large shape's edge is still seen at a glance
(WCAG's 3:1 is for the strokes of text and UI parts, far thinner than a face).

The bands are read on a small copy of the face's region (at most ``SAMPLE_PX`` across), so the
rule costs the same on a thumbnail and on a full-size 96-sheet.
"""

from __future__ import annotations

from collections.abc import Iterator

from PIL import Image, ImageChops

from ...render.colour import luminance
from ...render.face_edge import edge_bands
from ..findings import Finding
from .context import Context, rule

MIN_RATIO = 1.5
SAMPLE_PX = 160  # the face region is judged at this size
_MIN_FACE_PX = 8  # a face smaller than this on the render is not judged


def _pixels(rgb: Image.Image) -> list[tuple[int, int, int]]:
    raw = rgb.tobytes()
    return list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))


def _median_luminance(region: Image.Image, mask: Image.Image) -> float | None:
    """Median WCAG luminance of the region's pixels where ``mask`` is mostly on."""
    lums = sorted(luminance(p) for p, m in zip(_pixels(region), mask.tobytes(), strict=True) if m > 160)
    if len(lums) < 8:
        return None
    return lums[len(lums) // 2]


def edge_contrast(image: Image.Image, face: tuple[int, int, int, int], emoji: str) -> float | None:
    """Contrast ratio between the face's edge and the ground just around it on ``image``.

    ``face`` is the face's square on the image.  None when the face is too small to judge or
    the ground around it is off the canvas.
    """
    x0, y0, x1, y1 = face
    side = x1 - x0
    if side < _MIN_FACE_PX:
        return None
    k = min(1.0, SAMPLE_PX / side)
    small = max(_MIN_FACE_PX, round(side * k))
    k = small / side
    (inner, ioff), (outer, ooff) = edge_bands(emoji, small)
    off = max(ioff, ooff)
    span = round((small + 2 * off) / k)
    left, top = x0 - round(off / k), y0 - round(off / k)
    box = (left, top, left + span, top + span)
    n = small + 2 * off
    region = image.convert("RGB").crop(box).resize((n, n), Image.Resampling.BOX)
    # Pixels past the canvas (a face near an edge) are not ground: leave them out.
    valid = Image.new("L", image.size, 255).crop(box).resize((n, n), Image.Resampling.BOX)

    def placed(mask: Image.Image, moff: int) -> Image.Image:
        full = Image.new("L", (n, n))
        full.paste(mask, (off - moff, off - moff))
        return ImageChops.multiply(full, valid.point(lambda v: 255 if v == 255 else 0))

    lin = _median_luminance(region, placed(inner, ioff))
    lout = _median_luminance(region, placed(outer, ooff))
    if lin is None or lout is None:
        return None
    hi, lo = max(lin, lout), min(lin, lout)
    return (hi + 0.05) / (lo + 0.05)


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

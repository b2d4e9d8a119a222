"""Rasterising the crack network: grooves, bevel highlights, soft depth, chips and shards.

Design notes (the *why*):

* **A crack is not a line.**  Each crack is a jagged path with a tapering, ragged width,
  drawn as a soft wide brown shadow (depth), a dark groove (translucent rim, opaque
  centre) and a thin light line along the side facing away from the light (the bevel of
  the broken glaze).  Together they read as a fracture in a glossy surface instead of a
  pen stroke, and stay dark grooves whatever the ground around the face.
* **Clipped to the face.**  Crack masks are multiplied by the glyph's alpha before they
  are composited, so no crack ink can land outside the face.
* **Anti-aliasing by supersampling.**  ``ImageDraw`` does not anti-alias, so crack and
  fragment masks are drawn at 2-4x and box-reduced (exact area coverage, no ringing from
  negative filter lobes on hairlines).
* **Shattering moves pixels, not geometry.**  Stage 3 cuts the cracked face along the
  radial and ring cracks and re-composites each fragment with a small rotation and an
  outward drift, leaving transparent gaps and chips.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFilter

from .face_geometry import MAX_STAGE, STAGE_WIDTH, STEP, Crack, Fragment, Network, Point
from .face_progress import Detail, State, centroid, scaled

# Crack look, as fractions of the image size / 0..1 opacities.
_CORE_RGB = (58, 30, 8)  # dark brown, reads as depth on yellow rather than as black ink
_HIGHLIGHT_RGB = (255, 253, 236)
_CRUSH_RGB = (255, 246, 214)
_CORE_ALPHA = 0.95
_SHADOW_ALPHA = 0.20
_HIGHLIGHT_ALPHA = 0.72
_CRUSH_ALPHA = 0.5
_SHADOW_WIDTH = 3.4  # shadow stroke width relative to the core width
_HIGHLIGHT_WIDTH = 0.45  # highlight width relative to the core width
#: The core is a groove: a translucent outer part (mask value) around an opaque centre.
_OUTER_CORE = 205
_INNER_CORE_WIDTH = 0.45
_MIN_HIGHLIGHT_PX = 0.5  # thinnest highlight, final pixels (times the crack's floor)

#: The broken body seen through the gaps between shards and through chips (stage 3).
_GAP_RGB = (44, 23, 6)
_GAP_ALPHA = 0.94


def _supersampling(size: int) -> int:
    """Supersampling factor for crack masks: more for small images, where every pixel shows."""
    return 4 if size < 400 else 2


def _shard_supersampling(size: int) -> int:
    """Supersampling for shard outlines and chips.  Their edges sit on dark crack
    rims, so 2x is plenty; from 1000 px a 1 px step is invisible (and rotated shards
    are resampled, i.e. smoothed, anyway), so skip the costly big masks."""
    return 2 if size < 1000 else 1


def vertex_stride(size: int) -> int:
    """Vertex stride: keep crack segments >= ~4 output pixels.  Finer jags are below
    what the eye resolves at that size, and every vertex costs Python time."""
    return max(1, int(4.0 / (STEP * size)))


def _normals(pts: Sequence[Point]) -> list[Point]:
    """Per-vertex unit normals (left of travel), averaged over the adjacent segments."""
    hypot = math.hypot
    seg = []
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        dx, dy = x1 - x0, y1 - y0
        d = hypot(dx, dy) or 1.0
        seg.append((-dy / d, dx / d))
    seg = [seg[0], *seg, seg[-1]]
    out = []
    for (ax, ay), (bx, by) in itertools.pairwise(seg):
        x, y = ax + bx, ay + by
        d = hypot(x, y) or 1.0
        out.append((x / d, y / d))
    return out


def _stroke(
    draw: ImageDraw.ImageDraw, pts: Sequence[Point], widths: Sequence[float], joints: float, fill: int = 255
) -> None:
    """Draw a polyline whose width varies per vertex (a tapering crack).

    ``ImageDraw.line`` takes one width per call, so consecutive segments with the same
    rounded width are batched into one call.  Round dots on the joints of wide strokes
    hide the notches ``ImageDraw`` leaves between thick segments (only from ``joints``
    working pixels wide: thinner notches vanish in the downsampling).
    """
    rounded = [round(w) or 1 for w in widths]
    i = 0
    n = len(pts)
    while i < n - 1:
        w = rounded[i]
        j = i + 1
        while j < n - 1 and rounded[j] == w:
            j += 1
        draw.line(pts[i : j + 1], fill=fill, width=w)
        i = j
    for (x, y), w in zip(pts[1:-1], rounded[1:-1], strict=True):
        if w >= joints:
            r = w / 2
            draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)


@dataclass
class _Layers:
    """Crack masks for one render (mode "L", final pixel size)."""

    core: Image.Image
    highlight: Image.Image
    shadow: Image.Image
    crush: tuple[Image.Image, tuple[int, int]] | None  # small mask and its position


def _small_mask(
    polygons: Sequence[Sequence[Point]], size: int, ss: int, pad: float = 0.0
) -> tuple[Image.Image, tuple[int, int]]:
    """Anti-aliased mask of a few small polygons, only as big as their bounding box.

    ``pad`` (unit coordinates) grows the box for strokes drawn around the polygons.
    Returns the mask and its top-left corner in the final image.
    """
    xs = [x for poly in polygons for x, _ in poly]
    ys = [y for poly in polygons for _, y in poly]
    x0 = max(0, math.floor((min(xs) - pad) * size) - 1)
    y0 = max(0, math.floor((min(ys) - pad) * size) - 1)
    x1 = min(size, math.ceil((max(xs) + pad) * size) + 1)
    y1 = min(size, math.ceil((max(ys) + pad) * size) + 1)
    mask = Image.new("L", (max(1, x1 - x0) * ss, max(1, y1 - y0) * ss))
    d = ImageDraw.Draw(mask)
    for poly in polygons:
        d.polygon([((x * size - x0) * ss, (y * size - y0) * ss) for x, y in poly], fill=255)
    return (mask.reduce(ss) if ss > 1 else mask), (x0, y0)


def _smooth(pts: Sequence[Point], radius: int = 2) -> list[Point]:
    """Moving average over +-``radius`` vertices (end points kept).

    Offsetting a jagged polyline makes little loops at its sharp kinks; averaging the
    offset line removes them while it still follows the crack.
    """
    n = len(pts)
    if n <= 2 * radius + 1:
        return list(pts)
    sx = [0.0, *itertools.accumulate(p[0] for p in pts)]
    sy = [0.0, *itertools.accumulate(p[1] for p in pts)]
    out = [pts[0]]
    for i in range(1, n - 1):
        lo, hi = max(0, i - radius), min(n, i + radius + 1)
        out.append(((sx[hi] - sx[lo]) / (hi - lo), (sy[hi] - sy[lo]) / (hi - lo)))
    out.append(pts[-1])
    return out


def _kept(crack: Crack, stride: int) -> list[int]:
    """The vertices a render at this stride draws: every ``stride``-th, the last one, and the
    tip of every keyframe (so a keyframe ends exactly on a vertex)."""
    n = len(crack.points)
    keep = set(range(0, n, stride))
    keep.add(n - 1)
    keep.update(e for e in (crack.end(k) for k in range(1, MAX_STAGE + 1)) if e > 0)
    return sorted(keep)


def _drawn(crack: Crack, end: float, stride: int) -> tuple[list[Point], list[float]]:
    """The drawn polyline up to vertex position ``end`` and its roughness factors.

    A growing tip runs along the straight segment between two kept vertices, so between two
    instants the drawn path only gets longer: it never swings to a new chord.
    """
    kept = _kept(crack, stride)
    cut = bisect.bisect_right(kept, end)
    idx = kept[:cut]
    pts = [crack.points[i] for i in idx]
    rough = [crack.rough[i] for i in idx]
    if idx[-1] < end and cut < len(kept):
        a, b = idx[-1], kept[cut]
        f = (end - a) / (b - a)
        (x0, y0), (x1, y1) = crack.points[a], crack.points[b]
        pts.append((x0 + (x1 - x0) * f, y0 + (y1 - y0) * f))
        rough.append(crack.rough[b])
    return pts, rough


def crack_layers(net: Network, size: int, state: State, detail: Detail) -> _Layers:
    """The crack masks of ``net`` at one instant (``state``), for a ``size`` px face."""
    ss = _supersampling(size)
    work = size * ss
    stride = vertex_stride(size)
    # The soft shadow is blurred anyway: draw it at (at most) ~600 px and upscale.
    shadow_px = min(size, 600)
    k = shadow_px / work
    core = Image.new("L", (work, work))
    high = Image.new("L", (work, work))
    shadow = Image.new("L", (shadow_px, shadow_px))
    dc, dh, ds = ImageDraw.Draw(core), ImageDraw.Draw(high), ImageDraw.Draw(shadow)
    wscale = state.width
    # Ragged edges show from ~2.5 px wide; below that they only cost draw calls (every width
    # change is a separate ImageDraw.line).  Decided on the keyframe's width so the look does
    # not flip between two instants of one interval.
    rough_from = 2.5 * ss / (STAGE_WIDTH[max(1, state.stage)] * work)
    joints = 3 * ss
    inner: list[tuple[list[Point], list[float]]] = []
    for crack, end in state.cracks:
        if not detail.keeps(crack):
            continue
        unit, rough_src = _drawn(crack, end, stride)
        pts = [(x * work, y * work) for x, y in unit]
        w0 = crack.width * wscale * detail.width_scale * work
        rough = rough_src if crack.width >= rough_from else [1.0] * len(pts)
        m = len(pts) - 1
        taper = 1 - crack.tip
        natural = [w0 * r * (1 - taper * (i / m) ** 0.9) for i, r in enumerate(rough)]
        floor = detail.floor(crack) * ss
        core_w = [w if w > floor else floor for w in natural]
        # Groove: a translucent outer core now, an opaque inner core in a second pass
        # (so a crossing crack's outer part never lightens another's centre).
        _stroke(dc, pts, core_w, joints, _OUTER_CORE)
        inner.append((pts, [w * _INNER_CORE_WIDTH for w in core_w]))
        # The bevel highlight runs along one side of the core, just touching it.
        hfloor = _MIN_HIGHLIGHT_PX * floor
        high_w = [w * _HIGHLIGHT_WIDTH if w * _HIGHLIGHT_WIDTH > hfloor else hfloor for w in core_w]
        side = crack.side
        hpts = [
            (x + side * nx * (cw * 0.5 + hw * 0.6), y + side * ny * (cw * 0.5 + hw * 0.6))
            for (x, y), (nx, ny), cw, hw in zip(pts, _normals(pts), core_w, high_w, strict=True)
        ]
        _stroke(dh, _smooth(hpts), high_w, joints)
        _stroke(ds, [(x * k, y * k) for x, y in pts], [w * k * _SHADOW_WIDTH for w in natural], 1e9)
    for pts, widths in inner:
        _stroke(dc, pts, widths, joints)
    # Impact pit: a dark dent from stage 1 on (it appears first, then the cracks run).
    if state.pit > 0:
        pit = scaled(net.pit, net.impact, state.pit)
        dc.polygon([(x * work, y * work) for x, y in pit], fill=255)
    crush = None
    if state.crush > 0:
        mask, pos = _small_mask([net.crush], size, ss, pad=0.01)
        mask = mask.filter(ImageFilter.GaussianBlur(max(0.5, 0.003 * size)))
        if state.crush < 1.0:
            mask = mask.point(_lut(state.crush))
        crush = (mask, pos)
    if state.shatter > 0:
        # Dark rims around the chips: after the hole is punched, the outer half of the
        # outline remains as the broken edge.
        rim = max(1, round(max(ss, 0.003 * work)))
        for chip in chips(net, state):
            pts = [(x * work, y * work) for x, y in chip]
            dc.line(pts + pts[:1], fill=255, width=rim)
    if ss > 1:
        core, high = core.reduce(ss), high.reduce(ss)
    shadow = shadow.filter(ImageFilter.GaussianBlur(max(0.5, 0.003 * shadow_px)))
    if shadow_px != size:
        shadow = shadow.resize((size, size), Image.Resampling.BILINEAR)
    return _Layers(core, high, shadow, crush)


def chips(net: Network, state: State) -> list[tuple[Point, ...]]:
    """The chips (holes) at this instant: they grow from their centres towards stage 3."""
    if state.shatter <= 0:
        return []
    return [scaled(c, centroid(c), state.shatter) for c in net.chips]


def moved(frag: Fragment, amount: float) -> Fragment:
    """A shard ``amount`` (0..1) of the way through its drift and turn."""
    if amount == 1.0:
        return frag
    return Fragment(
        frag.polygon,
        frag.centre,
        (frag.shift[0] * amount, frag.shift[1] * amount),
        frag.angle * amount,
        1.0 + (frag.shade - 1.0) * amount,
    )


@functools.lru_cache(maxsize=8)
def _lut(factor: float) -> tuple[int, ...]:
    """Point-table scaling an "L" mask by ``factor`` (an opacity)."""
    return tuple(min(255, round(v * factor)) for v in range(256))


def _shade(piece: Image.Image, shade: float) -> Image.Image:
    """Darken (shade < 1) or add a faint sheen (shade > 1) to a shard, alpha untouched.

    ImageChops with a solid image is C all the way; ``Image.point`` would rebuild
    its 1024-entry table in Python for every shard.
    """
    if shade < 1.0:
        v = round(255 * shade)
        return ImageChops.multiply(piece, Image.new("RGBA", piece.size, (v, v, v, 255)))
    if shade > 1.0:
        v = round(255 * (shade - 1.0))
        return ImageChops.add(piece, Image.new("RGBA", piece.size, (v, v, v, 0)))
    return piece


def apply_cracks(face: Image.Image, layers: _Layers) -> None:
    """Composite the crack layers onto ``face`` in place, clipped to its alpha.

    Each mask is multiplied by the face alpha first, so pasting an opaque colour
    through it can only touch pixels that are already part of the face.
    """
    alpha = face.getchannel("A")
    if layers.crush is not None:
        mask, (x, y) = layers.crush
        box = (x, y, x + mask.width, y + mask.height)
        clipped = ImageChops.multiply(mask.point(_lut(_CRUSH_ALPHA)), alpha.crop(box))
        face.paste((*_CRUSH_RGB, 255), box, clipped)
    dark = ImageChops.lighter(layers.shadow.point(_lut(_SHADOW_ALPHA)), layers.core.point(_lut(_CORE_ALPHA)))
    for mask, rgb in ((dark, _CORE_RGB), (layers.highlight.point(_lut(_HIGHLIGHT_ALPHA)), _HIGHLIGHT_RGB)):
        ink = mask.getbbox()
        if ink is None:
            continue
        clipped = ImageChops.multiply(mask.crop(ink), alpha.crop(ink))
        face.paste((*rgb, 255), ink, clipped)


def punch(face: Image.Image, polygons: Sequence[Sequence[Point]], size: int) -> None:
    """Make ``polygons`` (unit coordinates) transparent, with anti-aliased edges."""
    for poly in polygons:
        mask, (x, y) = _small_mask([poly], size, _shard_supersampling(size))
        box = (x, y, x + mask.width, y + mask.height)
        keep = ImageChops.invert(mask)
        region = face.crop(box)
        region.putalpha(ImageChops.multiply(region.getchannel("A"), keep))
        face.paste(region, box)


def _composite(out: Image.Image, piece: Image.Image, x: int, y: int) -> None:
    """``out.alpha_composite(piece, (x, y))`` that tolerates negative offsets."""
    if x < 0 or y < 0:
        piece = piece.crop((max(0, -x), max(0, -y), piece.width, piece.height))
        x, y = max(0, x), max(0, y)
    if x < out.width and y < out.height and piece.width and piece.height:
        out.alpha_composite(piece, (x, y))


def depth(silhouette: Image.Image) -> Image.Image:
    """The dark broken body under the shards: what the gaps and chips show.

    Without it the gaps would show the ground, which reads as light lines (not grooves) on a
    light ground; with it a shattered face reads as broken glaze on any ground.
    """
    out = Image.new("RGBA", silhouette.size, (*_GAP_RGB, 0))
    out.putalpha(silhouette.point(_lut(_GAP_ALPHA)))
    return out


def shatter(
    face: Image.Image, fragments: Sequence[Fragment], size: int, under: Image.Image | None = None
) -> Image.Image:
    """Re-composite the face as separate shards, each drifted and slightly rotated, over ``under``.

    Works per shard on its bounding box only.  Rotated (small) shards go through an
    affine transform that also carries their sub-pixel drift.  Unrotated (big) shards
    are pasted at the rounded offset: that keeps them pixel-sharp, costs nothing at
    4000 px, and the <= 0.5 px rounding is far below the drift itself.
    """
    ss = _shard_supersampling(size)
    resample = Image.Resampling.BICUBIC if size < 1000 else Image.Resampling.BILINEAR
    out = under if under is not None else Image.new("RGBA", (size, size))
    for frag in fragments:
        mask, (x0, y0) = _small_mask([frag.polygon], size, ss)
        piece = face.crop((x0, y0, x0 + mask.width, y0 + mask.height))
        alpha = ImageChops.multiply(piece.getchannel("A"), mask)
        inked = alpha.getbbox()
        if inked is None:
            continue
        piece.putalpha(alpha)
        # Trim the transparent margin (shards reach past the face edge).
        bx0, by0, bx1, by1 = inked
        piece = piece.crop((bx0, by0, bx1, by1))
        x0, y0 = x0 + bx0, y0 + by0
        piece = _shade(piece, frag.shade)
        tx, ty = frag.shift[0] * size, frag.shift[1] * size
        if frag.angle == 0.0:
            _composite(out, piece, x0 + round(tx), y0 + round(ty))
            continue
        # Forward motion on screen (y down), rotating by +angle about the centre c:
        #   p' = c + [[ca, sa], [-sa, ca]] (p - c) + t
        # transform() wants the inverse map, from output pixels back to the piece.
        cx, cy = frag.centre[0] * size, frag.centre[1] * size
        a = math.radians(frag.angle)
        ca, sa = math.cos(a), math.sin(a)
        x1, y1 = x0 + piece.width, y0 + piece.height
        moved = [
            (cx + (x - cx) * ca + (y - cy) * sa + tx, cy - (x - cx) * sa + (y - cy) * ca + ty)
            for x in (x0, x1)
            for y in (y0, y1)
        ]
        dx0 = math.floor(min(p[0] for p in moved))
        dy0 = math.floor(min(p[1] for p in moved))
        dx1 = math.ceil(max(p[0] for p in moved))
        dy1 = math.ceil(max(p[1] for p in moved))
        ox, oy = dx0 - cx - tx, dy0 - cy - ty
        data = (ca, -sa, ca * ox - sa * oy + cx - x0, sa, ca, sa * ox + ca * oy + cy - y0)
        moved_piece = piece.transform((dx1 - dx0, dy1 - dy0), Image.Transform.AFFINE, data, resample)
        _composite(out, moved_piece, dx0, dy0)
    return out

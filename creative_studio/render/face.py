"""Render the campaign's emoji face, intact or progressively cracked.

The #StopItNow creative is a yellow emoji face that cracks a little more with each
message.  :func:`render_face` draws it at any size (40 px to 4000 px and beyond) from
the bundled vector COLR font, so every size is rasterised natively and stays sharp.

Design notes (the *why*):

* **One crack network per seed, in unit coordinates.**  The geometry (impact point,
  radial cracks, ring cracks, branches, fragments, chips) is generated once from
  ``random.Random(seed)`` in coordinates relative to the image (0..1) and only then
  scaled to pixels.  A 40 px and a 4000 px render therefore show the same art, and
  every stage is a subset/continuation of the next one, so the campaign reads as one
  face cracking further rather than four unrelated pictures.
* **A crack is not a line.**  Each crack is a jagged path with a tapering, ragged
  width, drawn as a soft wide brown shadow (depth), a dark groove (translucent rim,
  opaque centre) and a thin light line along the side facing away from the light (the
  bevel of the broken glaze).  Together they read as a fracture in a glossy surface
  instead of a pen stroke.
* **Clipped to the face.**  Crack masks are multiplied by the glyph's alpha before
  they are composited, so no crack ink can land outside the face.
* **Anti-aliasing by supersampling.**  ``ImageDraw`` does not anti-alias, so crack and
  fragment masks are drawn at 2-4x and box-reduced (exact area coverage, no ringing
  from negative filter lobes on hairlines).
* **Shattering moves pixels, not geometry.**  Stage 3 cuts the cracked face along the
  radial and ring cracks and re-composites each fragment with a small rotation and an
  outward drift, leaving transparent gaps and chips.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import os
import random
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

__all__ = ["FONT_PATH", "MAX_STAGE", "clear_caches", "render_face"]

FONT_PATH = Path(__file__).resolve().parents[2] / "fonts" / "twemoji" / "CreativeStudioEmoji.ttf"

#: Highest crack stage (0 = intact, 1 = hairlines, 2 = crack network, 3 = shattered).
MAX_STAGE = 3

#: Empty border around the face (fraction of the size) so shattered fragments can drift.
MARGIN = 0.02
_CX = _CY = 0.5
#: Radius of the face disc in unit coordinates.
_FACE_R = 0.5 - MARGIN

#: Sizes outside this range are refused: a 16384 px face is already a 1 GiB RGBA image.
_MIN_SIZE, _MAX_SIZE = 1, 16384

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
#: Stage 1 cracks are hairlines; they widen as the crack opens up in stage 2, and in
#: stage 3 wide cores leave each shard a dark broken edge on both sides of a gap.
_STAGE_WIDTH = {1: 0.7, 2: 1.0, 3: 1.4}
#: Unit step of the generated crack polylines: fine enough for 4000 px renders; smaller
#: renders skip vertices (level of detail) to stay fast.
_STEP = 0.004
#: Light comes from the upper left; the crack wall facing it catches the highlight.
_LIGHT_SIDE = (0.6, 0.8)

#: Shards reaching further than this from their centre (unit coordinates) do not rotate.
_BIG_SHARD = 0.12

Point = tuple[float, float]
_T = TypeVar("_T")


# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class _Crack:
    """One crack polyline in unit coordinates, root (where it started) first."""

    points: tuple[Point, ...]
    width: float  # core width at the root, unit coordinates
    tip: float  # width at the end of the drawn part, relative to ``width``
    reach: tuple[float, float, float, float]  # drawn fraction of ``points`` per stage
    side: int  # +1/-1: which side of the travel direction gets the bevel highlight
    #: Thinnest core in final pixels.  Small renders need cracks wider than their
    #: proportional width to read at all; a lower floor for minor cracks keeps the
    #: hierarchy (main cracks bold, branches faint) instead of an even tangle.
    floor: float = 1.0
    #: Per-vertex width factors: a fracture's edge is ragged, not a ruled line.
    rough: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if len(self.rough) != len(self.points):
            object.__setattr__(self, "rough", (1.0,) * len(self.points))


@dataclass(frozen=True)
class _Fragment:
    """A shard of the shattered face: polygon plus its rigid motion (unit coordinates)."""

    polygon: tuple[Point, ...]
    centre: Point
    shift: Point
    angle: float  # degrees, counter-clockwise on screen
    shade: float  # brightness factor: tilted shards catch the light differently


@dataclass(frozen=True)
class _Network:
    impact: Point
    cracks: tuple[_Crack, ...]
    crush: tuple[Point, ...]  # crushed (frosted) area at the impact, a hole in stage 3
    pit: tuple[Point, ...]  # small dark dent marking the impact from stage 1 on
    chips: tuple[tuple[Point, ...], ...]  # stage 3 holes along cracks and the rim
    fragments: tuple[_Fragment, ...]


def _inside(p: Point, margin: float = 0.0) -> bool:
    return math.hypot(p[0] - _CX, p[1] - _CY) <= _FACE_R + margin


def _wrap(a: float) -> float:
    """Angle wrapped into (-pi, pi]."""
    return math.atan2(math.sin(a), math.cos(a))


def _walk(
    rng: random.Random,
    origin: Point,
    heading: float,
    *,
    wander: float,
    keep_going: Callable[[Point, int], bool],
    max_steps: int,
) -> list[Point]:
    """A jagged crack path: straight-ish, with small random turns and occasional kinks.

    The heading deviation is a mean-reverting random walk (a crack keeps its overall
    course but never runs perfectly straight); rare larger kinks give the zig-zag seen
    in real fractures.  A weak pull back towards the original ray keeps neighbouring
    radial cracks from drifting into each other, so fragments stay valid polygons.
    """
    pts = [origin]
    x, y = origin
    dev = 0.0
    ux, uy = math.cos(heading), math.sin(heading)
    for i in range(max_steps):
        lateral = (x - origin[0]) * -uy + (y - origin[1]) * ux
        dev = 0.82 * dev + rng.gauss(0.0, wander) - 2.5 * lateral
        if rng.random() < 0.05:
            dev += rng.choice((-1, 1)) * rng.uniform(0.25, 0.5)
        dev = max(-0.7, min(0.7, dev))
        step = _STEP * rng.uniform(0.6, 1.4)
        x += step * math.cos(heading + dev)
        y += step * math.sin(heading + dev)
        pts.append((x, y))
        if not keep_going((x, y), i):
            break
    return pts


def _exit_index(points: Sequence[Point]) -> int:
    """Index of the first vertex outside the face disc (len-1 if it never leaves)."""
    for i, p in enumerate(points):
        if i and not _inside(p):
            return i
    return len(points) - 1


def _bridge(rng: random.Random, n: int, amplitude: float) -> list[float]:
    """Jagged offsets that start and end at 0 (a Brownian bridge), for ring cracks."""
    walk = [0.0]
    for _ in range(n):
        walk.append(walk[-1] + rng.gauss(0.0, amplitude))
    end = walk[-1]
    return [w - end * i / n for i, w in enumerate(walk)]


def _polar(origin: Point, p: Point) -> tuple[float, float]:
    return math.hypot(p[0] - origin[0], p[1] - origin[1]), math.atan2(p[1] - origin[1], p[0] - origin[0])


def _light_side(points: Sequence[Point]) -> int:
    (x0, y0), (x1, y1) = points[0], points[-1]
    nx, ny = -(y1 - y0), x1 - x0  # left normal of the overall direction
    return 1 if nx * _LIGHT_SIDE[0] + ny * _LIGHT_SIDE[1] >= 0 else -1


def _blob(rng: random.Random, centre: Point, radius: float, n: int, rough: float) -> tuple[Point, ...]:
    """Irregular closed polygon around ``centre`` (crushed areas, chips)."""
    start = rng.uniform(0, 2 * math.pi)
    pts = []
    for i in range(n):
        a = start + 2 * math.pi * (i + rng.uniform(-0.3, 0.3)) / n
        r = radius * rng.uniform(1 - rough, 1 + rough)
        pts.append((centre[0] + r * math.cos(a), centre[1] + r * math.sin(a)))
    return tuple(pts)


@functools.lru_cache(maxsize=64)
def _network(seed: int) -> _Network:
    """Generate the complete crack network for ``seed`` (all stages at once).

    Every random decision draws from its own sub-generator, so the parts stay
    independent: e.g. adding a branch never changes the shape of a radial crack.
    """
    # Random(-n) is seeded like Random(n); fold the sign in so every int is its own seed.
    master = random.Random(2 * seed if seed >= 0 else -2 * seed - 1)

    def sub() -> random.Random:
        return random.Random(master.getrandbits(64))

    # Impact near the top right of the face (y grows downwards).
    r_imp = sub()
    a = math.radians(-45 + r_imp.uniform(-14, 14))
    d = _FACE_R * r_imp.uniform(0.52, 0.68)
    impact = (_CX + d * math.cos(a), _CY + d * math.sin(a))

    # Radial cracks: 6-8 headings around the full circle with irregular gaps.  The
    # first heading points across the face (towards the lower left): it is the crack
    # that appears first, in stage 1.
    r_rad = sub()
    n = r_rad.randint(6, 8)
    across = math.atan2(_CY - impact[1], _CX - impact[0]) + r_rad.uniform(-0.35, 0.35)
    gaps = [r_rad.uniform(0.7, 1.3) for _ in range(n)]
    total = sum(gaps)
    headings = [across]
    for g in gaps[:-1]:
        headings.append(headings[-1] + 2 * math.pi * g / total)
    # Stage 1 shows the primary crack and, for most seeds, a second one next to it.
    second = 1 if r_rad.random() < 0.5 else n - 1
    show_second = r_rad.random() < 0.7
    radials: list[list[Point]] = []
    exits: list[int] = []
    for h in headings:
        rr = sub()
        pts = _walk(
            rr,
            impact,
            h,
            wander=0.09,
            keep_going=lambda p, i: _inside(p, 0.05),
            max_steps=600,
        )
        radials.append(pts)
        exits.append(_exit_index(pts))

    cracks: list[_Crack] = []
    for k, pts in enumerate(radials):
        rr = sub()
        exit_frac = min(1.0, (exits[k] + 2) / (len(pts) - 1))
        reach1 = 0.0
        if k == 0:
            reach1 = exit_frac * rr.uniform(0.55, 0.75)
        elif k == second and show_second:
            reach1 = exit_frac * rr.uniform(0.3, 0.5)
        cracks.append(
            _Crack(
                points=tuple(pts),
                width=0.0042 * rr.uniform(0.8, 1.2),
                tip=0.35,
                reach=(0.0, reach1, exit_frac, exit_frac),
                side=_light_side(pts[: exits[k] + 1]),
            )
        )

    # Ring cracks: jagged chords joining neighbouring radials at irregular distances,
    # the spider-web pattern of an impact.  A few inner ones show in stage 2; all of them
    # exist in stage 3 where they (with the radials) bound the fragments.
    rings: list[list[tuple[int, int, list[Point]]]] = []  # per wedge: (ia, ib, path)
    for k in range(n):
        rr = sub()
        left, right = radials[k], radials[(k + 1) % n]
        levels: list[tuple[int, int, list[Point]]] = []
        dist = rr.uniform(0.06, 0.13)
        while True:
            ia = round(dist * rr.uniform(0.85, 1.15) / _STEP)
            ib = round(dist * rr.uniform(0.85, 1.15) / _STEP)
            if ia >= exits[k] or ib >= exits[(k + 1) % n]:
                break
            if levels and (ia <= levels[-1][0] + 8 or ib <= levels[-1][1] + 8):
                break
            pa, pb = left[ia], right[ib]
            if levels and rr.random() < 0.2:  # irregular web: some rings never form
                dist *= rr.uniform(1.45, 1.9)
                continue
            # Nearly straight chords between the radials (as in a spider-web fracture),
            # slightly bowed and jagged.
            cx_, cy_ = pb[0] - pa[0], pb[1] - pa[1]
            chord = math.hypot(cx_, cy_)
            turn = (pa[0] - impact[0]) * (pb[1] - impact[1]) - (pa[1] - impact[1]) * (pb[0] - impact[0])
            if chord < 3 * _STEP or turn <= 0:  # radials too close (or crossed) here
                break
            nx, ny = -cy_ / chord, cx_ / chord
            if nx * (pa[0] + pb[0] - 2 * impact[0]) + ny * (pa[1] + pb[1] - 2 * impact[1]) < 0:
                nx, ny = -nx, -ny  # bow away from the impact
            m = max(4, round(chord / _STEP))
            bow = chord * rr.uniform(-0.04, 0.1)
            jag = _bridge(rr, m, 0.0012)
            path = [pa]
            for j in range(1, m):
                u = j / m
                off = bow * math.sin(math.pi * u) + jag[j]
                path.append((pa[0] + cx_ * u + nx * off, pa[1] + cy_ * u + ny * off))
            path.append(pb)
            levels.append((ia, ib, path))
            dist *= rr.uniform(1.45, 1.9)
        rings.append(levels)
        for j, (_ia, _ib, path) in enumerate(levels):
            stage2 = (j == 0 and rr.random() < 0.6) or (j == 1 and rr.random() < 0.3)
            cracks.append(
                _Crack(
                    points=tuple(path),
                    width=0.0028 * rr.uniform(0.8, 1.2),
                    tip=0.75,
                    reach=(0.0, 0.0, 1.0 if stage2 else 0.0, 1.0),
                    side=_light_side(path),
                    floor=0.8,
                )
            )

    # Branches: secondary cracks splitting off the radials, staying inside their
    # wedge (a crack stops when it meets another crack).
    for k, pts in enumerate(radials):
        rr = sub()
        lo_ang = _polar(impact, radials[(k - 1) % n][min(exits[(k - 1) % n], 30)])[1]
        hi_ang = _polar(impact, radials[(k + 1) % n][min(exits[(k + 1) % n], 30)])[1]
        own = _polar(impact, pts[min(exits[k], 30)])[1]
        for _ in range(rr.randint(1, 3)):
            if exits[k] < 12:
                break
            j = rr.randint(max(3, int(exits[k] * 0.12)), max(4, int(exits[k] * 0.85)))
            sign = rr.choice((-1, 1))
            base = _polar(pts[j - 1], pts[j + 1])[1] if j + 1 < len(pts) else headings[k]
            h = base + sign * rr.uniform(0.4, 0.85)
            limit = hi_ang if sign > 0 else lo_ang
            room = abs(_wrap(limit - own)) - math.radians(4)

            def in_wedge(p: Point, i: int, own=own, sign=sign, room=room) -> bool:
                return _inside(p, 0.02) and sign * _wrap(_polar(impact, p)[1] - own) < room

            steps = round(rr.uniform(0.05, 0.22) / _STEP)
            path = _walk(rr, pts[j], h, wander=0.12, keep_going=in_wedge, max_steps=steps)
            if len(path) < 4:
                continue
            w = cracks[k].width * (1 - 0.65 * j / max(1, exits[k])) * rr.uniform(0.5, 0.7)
            cracks.append(_Crack(tuple(path), w, 0.0, (0.0, 0.0, 1.0, 1.0), _light_side(path), 0.55))
            if rr.random() < 0.35 and len(path) > 10:  # a twig off the branch
                j2 = rr.randint(3, len(path) - 4)
                h2 = _polar(path[j2 - 1], path[j2 + 1])[1] - sign * rr.uniform(0.4, 0.8)
                twig = _walk(
                    rr, path[j2], h2, wander=0.12, keep_going=in_wedge, max_steps=round(rr.uniform(0.03, 0.09) / _STEP)
                )
                if len(twig) >= 4:
                    cracks.append(_Crack(tuple(twig), w * 0.6, 0.0, (0.0, 0.0, 1.0, 1.0), _light_side(twig), 0.45))

    # The impact itself: a dark pit (stage 1+), a crushed frosted patch with micro
    # cracks (stage 2+) that falls out as a hole in stage 3.
    rr = sub()
    pit = _blob(rr, impact, 0.006, 7, 0.35)
    crush = _blob(rr, impact, rr.uniform(0.016, 0.022), 15, 0.4)
    for i in range(rr.randint(10, 14)):
        h = rr.uniform(0, 2 * math.pi)
        steps = round(rr.uniform(0.012, 0.04) / _STEP)
        path = _walk(rr, impact, h, wander=0.2, keep_going=lambda p, i: True, max_steps=steps)
        stage = 1 if i < 3 else 2
        reach = (0.0, 1.0 if stage == 1 else 0.0, 1.0, 1.0)
        cracks.append(_Crack(tuple(path), 0.0022, 0.0, reach, _light_side(path), 0.5))

    # Chips (stage 3): bites out of the surface straddling cracks, and out of the rim
    # where a radial crack reaches the edge.
    rr = sub()
    chips: list[tuple[Point, ...]] = [
        tuple((impact[0] + 1.25 * (x - impact[0]), impact[1] + 1.25 * (y - impact[1])) for x, y in crush)
    ]
    for _ in range(rr.randint(3, 5)):
        k = rr.randrange(n)
        if exits[k] < 20:
            continue
        j = rr.randint(10, exits[k] - 5)
        (x0, y0), (x1, y1) = radials[k][j - 2], radials[k][j + 2]
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        tx, ty = (x1 - x0) / length, (y1 - y0) / length
        cx, cy = radials[k][j]
        s = rr.uniform(0.006, 0.013)
        side = rr.choice((-1, 1))
        apex = rr.uniform(0.5, 1.0) * s
        off = rr.uniform(-0.3, 0.3) * s
        chips.append(
            (
                (cx - tx * s - side * ty * 0.15 * s, cy - ty * s + side * tx * 0.15 * s),
                (cx + tx * off - side * ty * apex, cy + ty * off + side * tx * apex),
                (cx + tx * s - side * ty * 0.15 * s, cy + ty * s + side * tx * 0.15 * s),
                (cx + side * ty * 0.2 * s, cy - side * tx * 0.2 * s),
            )
        )
    for k in rr.sample(range(n), k=min(n, 2)):
        e = radials[k][min(exits[k], len(radials[k]) - 1)]
        chips.append(_blob(rr, e, rr.uniform(0.008, 0.015), 7, 0.4))

    fragments = _fragments(sub(), impact, radials, exits, rings)
    rr = sub()
    cracks = [dataclasses.replace(c, rough=_roughness(rr, len(c.points))) for c in cracks]
    return _Network(impact, tuple(cracks), crush, pit, tuple(chips), fragments)


def _roughness(rng: random.Random, n: int) -> tuple[float, ...]:
    """Per-vertex width factors around 1: a random walk (slow swelling and thinning)
    plus per-vertex noise (ragged edge)."""
    out = []
    drift = 0.0
    rand = rng.random
    for _ in range(n):
        drift = 0.9 * drift + 0.2 * (rand() - 0.5)
        f = 1.0 + drift + 0.36 * (rand() - 0.5)
        out.append(0.55 if f < 0.55 else 1.5 if f > 1.5 else f)
    return tuple(out)


def _fragments(
    rng: random.Random,
    impact: Point,
    radials: list[list[Point]],
    exits: list[int],
    rings: list[list[tuple[int, int, list[Point]]]],
) -> tuple[_Fragment, ...]:
    """Cut the face into shards bounded by radial and ring cracks.

    Wedge ``k`` lies between radial ``k`` and radial ``k+1``; its ring cracks split it
    into shards from the impact outwards.  The outermost shard is closed by an arc
    outside the face disc, so together the shards tile the whole face.
    """
    n = len(radials)
    out: list[_Fragment] = []
    for k in range(n):
        left, right = radials[k], radials[(k + 1) % n]
        # Outer closure: arc around the face centre, just outside the disc.
        ea = math.atan2(left[-1][1] - _CY, left[-1][0] - _CX)
        eb = math.atan2(right[-1][1] - _CY, right[-1][0] - _CX)
        sweep = _wrap(eb - ea) % (2 * math.pi)
        arc = [
            (
                _CX + (_FACE_R + 0.08) * math.cos(ea + sweep * u / 16),
                _CY + (_FACE_R + 0.08) * math.sin(ea + sweep * u / 16),
            )
            for u in range(17)
        ]
        bounds = [(0, 0, [impact])] + rings[k] + [(len(left) - 1, len(right) - 1, arc)]
        for (ia0, ib0, inner), (ia1, ib1, outer) in zip(bounds, bounds[1:], strict=False):
            poly = (
                list(left[ia0 : ia1 + 1]) + list(outer) + list(reversed(right[ib0 : ib1 + 1])) + list(reversed(inner))
            )
            # Keep the area that lies on the face: visible shards only.  (Every 3rd
            # vertex is plenty for these estimates.)
            sparse = poly[::3]
            on_face = [p for p in sparse if _inside(p)]
            if len(on_face) < 3:
                continue
            cx = sum(p[0] for p in on_face) / len(on_face)
            cy = sum(p[1] for p in on_face) / len(on_face)
            # Drift away from the impact, a little more close to it; small rotation.
            dx, dy = cx - impact[0], cy - impact[1]
            dist = math.hypot(dx, dy) or 1.0
            amount = rng.uniform(0.006, 0.015) * (1.25 - 0.5 * min(1.0, dist / 0.6))
            shift = [dx / dist * amount, dy / dist * amount]
            # Rotation moves a shard's far edge by extent * angle: keep that ~0.5 %,
            # so small shards near the impact spin visibly.  Big shards only slide:
            # their turn would be under a degree anyway, and a pure shift lets large
            # renders paste them instead of resampling millions of pixels.
            extent = max(math.hypot(p[0] - cx, p[1] - cy) for p in on_face)
            limit = min(4.0, math.degrees(0.006 / max(extent, 1e-3)))
            angle = rng.uniform(0.4, 1.0) * limit * rng.choice((-1, 1))
            if extent > _BIG_SHARD:
                angle = 0.0
            shade = rng.uniform(0.95, 1.04)
            # Keep the shard inside the image: clamp the drift by its on-face extent.
            ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
            moved = [
                (cx + (x - cx) * ca + (y - cy) * sa, cy - (x - cx) * sa + (y - cy) * ca)
                for x, y in (_clamp_to_disc(p) for p in sparse)
            ]
            for axis in (0, 1):
                lo = min(p[axis] for p in moved) + shift[axis]
                hi = max(p[axis] for p in moved) + shift[axis]
                if lo < 0.003:
                    shift[axis] += 0.003 - lo
                elif hi > 0.997:
                    shift[axis] -= hi - 0.997
            out.append(_Fragment(tuple(poly), (cx, cy), (shift[0], shift[1]), angle, shade))
    return tuple(out)


def _clamp_to_disc(p: Point) -> Point:
    dx, dy = p[0] - _CX, p[1] - _CY
    d = math.hypot(dx, dy)
    if d <= _FACE_R:
        return p
    return (_CX + dx / d * _FACE_R, _CY + dy / d * _FACE_R)


# ------------------------------------------------------------------------ rasterising


def _supersampling(size: int) -> int:
    """Supersampling factor for crack masks: more for small images, where every pixel shows."""
    return 4 if size < 400 else 2


def _shard_supersampling(size: int) -> int:
    """Supersampling for shard outlines and chips.  Their edges sit on dark crack
    rims, so 2x is plenty; from 1000 px a 1 px step is invisible (and rotated shards
    are resampled, i.e. smoothed, anyway), so skip the costly big masks."""
    return 2 if size < 1000 else 1


def _lod(size: int) -> int:
    """Vertex stride: keep crack segments >= ~4 output pixels.  Finer jags are below
    what the eye resolves at that size, and every vertex costs Python time."""
    return max(1, int(4.0 / (_STEP * size)))


def _decimate(items: Sequence[_T], stride: int) -> list[_T]:
    """Every ``stride``-th item, always keeping the last (by index, not by value)."""
    if stride <= 1 or len(items) <= 2:
        return list(items)
    out = list(items[::stride])
    if (len(items) - 1) % stride:
        out.append(items[-1])
    return out


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


def _crack_layers(net: _Network, size: int, stage: int) -> _Layers:
    ss = _supersampling(size)
    work = size * ss
    stride = _lod(size)
    # The soft shadow is blurred anyway: draw it at (at most) ~600 px and upscale.
    shadow_px = min(size, 600)
    k = shadow_px / work
    core = Image.new("L", (work, work))
    high = Image.new("L", (work, work))
    shadow = Image.new("L", (shadow_px, shadow_px))
    dc, dh, ds = ImageDraw.Draw(core), ImageDraw.Draw(high), ImageDraw.Draw(shadow)
    wscale = _STAGE_WIDTH[stage]
    joints = 3 * ss
    inner: list[tuple[list[Point], list[float]]] = []
    for crack in net.cracks:
        reach = crack.reach[stage]
        if reach <= 0:
            continue
        last = max(1, round(reach * (len(crack.points) - 1)))
        pts = [(x * work, y * work) for x, y in _decimate(crack.points[: last + 1], stride)]
        w0 = crack.width * wscale * work
        # Ragged edges show from ~2.5 px wide; below that they only cost draw calls
        # (every width change is a separate ImageDraw.line).
        rough = _decimate(crack.rough[: last + 1], stride) if w0 >= 2.5 * ss else [1.0] * len(pts)
        m = len(pts) - 1
        taper = 1 - crack.tip
        natural = [w0 * r * (1 - taper * (i / m) ** 0.9) for i, r in enumerate(rough)]
        floor = crack.floor * ss
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
    # Impact pit: a dark dent from stage 1 on.
    dc.polygon([(x * work, y * work) for x, y in net.pit], fill=255)
    crush = None
    if stage >= 2:
        mask, pos = _small_mask([net.crush], size, ss, pad=0.01)
        crush = (mask.filter(ImageFilter.GaussianBlur(max(0.5, 0.003 * size))), pos)
    if stage >= 3:
        # Dark rims around the chips: after the hole is punched, the outer half of the
        # outline remains as the broken edge.
        rim = max(1, round(max(ss, 0.003 * work)))
        for chip in net.chips:
            pts = [(x * work, y * work) for x, y in chip]
            dc.line(pts + pts[:1], fill=255, width=rim)
    if ss > 1:
        core, high = core.reduce(ss), high.reduce(ss)
    shadow = shadow.filter(ImageFilter.GaussianBlur(max(0.5, 0.003 * shadow_px)))
    if shadow_px != size:
        shadow = shadow.resize((size, size), Image.Resampling.BILINEAR)
    return _Layers(core, high, shadow, crush)


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


def _apply_cracks(face: Image.Image, layers: _Layers) -> None:
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


def _punch(face: Image.Image, polygons: Sequence[Sequence[Point]], size: int) -> None:
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


def _shatter(face: Image.Image, fragments: Sequence[_Fragment], size: int) -> Image.Image:
    """Re-composite the face as separate shards, each drifted and slightly rotated.

    Works per shard on its bounding box only.  Rotated (small) shards go through an
    affine transform that also carries their sub-pixel drift.  Unrotated (big) shards
    are pasted at the rounded offset: that keeps them pixel-sharp, costs nothing at
    4000 px, and the <= 0.5 px rounding is far below the drift itself.
    """
    ss = _shard_supersampling(size)
    resample = Image.Resampling.BICUBIC if size < 1000 else Image.Resampling.BILINEAR
    out = Image.new("RGBA", (size, size))
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


# ------------------------------------------------------------------------------ glyph

_font_lock = threading.Lock()  # FreeType faces are not safe to share across threads


@functools.lru_cache(maxsize=32)
def _font(px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_PATH), px)


_IGNORABLE = {0x200D, 0xFE0E, 0xFE0F, 0x20E3}  # joiners/selectors: no glyph of their own


def _outline(font: ImageFont.FreeTypeFont, text: str) -> bytes | None:
    """Coverage of ``text`` drawn as a plain mask; None if nothing shows at all."""
    im = Image.new("L", (96, 96))
    try:
        ImageDraw.Draw(im).text((16, 16), text, font=font, fill=255)
    except (ValueError, OSError):  # e.g. raqm refuses a run of default-ignorables
        return None
    return im.tobytes() if im.getbbox() is not None else None


@functools.lru_cache(maxsize=256)
def _check_glyphs(emoji: str) -> None:
    """Raise ValueError if any character of ``emoji`` would render as .notdef (or blank).

    FreeType silently draws the .notdef box for missing characters; comparing each
    character's outline with that of a noncharacter (U+FFFF) catches it.  Joiners and
    selectors are skipped: they have no glyph of their own, they only shape a sequence.
    """
    font = _font(48)
    with _font_lock:
        notdef = _outline(font, "\uffff")
        for ch in emoji:
            cp = ord(ch)
            if cp in _IGNORABLE or 0xE0020 <= cp <= 0xE007F:  # tag characters (flags)
                continue
            outline = _outline(font, ch)
            if outline is None or outline == notdef:
                raise ValueError(f"the emoji font has no glyph for U+{cp:04X}")
        if _outline(font, emoji) is None:
            raise ValueError(f"the emoji font draws nothing for {emoji!r}")


_REF_PX = 512


@functools.lru_cache(maxsize=256)
def _ink_fraction(emoji: str) -> float:
    """Larger ink extent of ``emoji`` per pixel of font size (measured once)."""
    im = _draw_glyph(emoji, _REF_PX)
    box = im.getchannel("A").getbbox()
    if box is None:
        raise ValueError("the emoji font renders this emoji empty")
    return max(box[2] - box[0], box[3] - box[1]) / _REF_PX


def _draw_glyph(emoji: str, px: int) -> Image.Image:
    pad = px // 8 + 2
    im = Image.new("RGBA", (px + 2 * pad, px + 2 * pad))
    font = _font(px)
    with _font_lock:
        ImageDraw.Draw(im).text((pad, pad), emoji, font=font, embedded_color=True)
    return im


def _glyph(emoji: str, size: int) -> Image.Image:
    """The intact face: ink scaled to ``size * (1 - 2 * MARGIN)`` and centred."""
    _check_glyphs(emoji)
    inner = size * (1 - 2 * MARGIN)
    px = max(1, round(inner / _ink_fraction(emoji)))
    im = _draw_glyph(emoji, px)
    box = im.getchannel("A").getbbox()
    out = Image.new("RGBA", (size, size))
    if box is None:
        return out
    ink = im.crop(box)
    out.paste(ink, ((size - ink.width) // 2, (size - ink.height) // 2))
    return out


# ----------------------------------------------------------------------------- caches


class _ImageCache:
    """LRU cache of images bounded by entry count *and* bytes.

    A plain ``lru_cache(maxsize=64)`` could pin 64 x 64 MB at 4000 px; the byte
    budget keeps big renders from eating the desktop's memory.
    """

    def __init__(self, max_items: int, max_bytes: int) -> None:
        self._items: OrderedDict[tuple, Image.Image] = OrderedDict()
        self._bytes = 0
        self._max_items, self._max_bytes = max_items, max_bytes
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Image.Image | None:
        with self._lock:
            im = self._items.get(key)
            if im is not None:
                self._items.move_to_end(key)
            return im

    def put(self, key: tuple, im: Image.Image) -> None:
        cost = im.width * im.height * 4
        if cost > self._max_bytes:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = im
            self._bytes += cost
            while len(self._items) > self._max_items or self._bytes > self._max_bytes:
                _, old = self._items.popitem(last=False)
                self._bytes -= old.width * old.height * 4

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


_renders = _ImageCache(max_items=64, max_bytes=512 * 2**20)
_glyphs = _ImageCache(max_items=16, max_bytes=256 * 2**20)


def clear_caches() -> None:
    """Forget cached renders, glyphs and crack networks (tests, memory pressure)."""
    _renders.clear()
    _glyphs.clear()
    _network.cache_clear()


# -------------------------------------------------------------------------------- API


def _validate(emoji: str, size: int, crack_stage: int, seed: int) -> None:
    if not isinstance(emoji, str) or not emoji:
        raise ValueError("emoji must be a non-empty string")
    if isinstance(size, bool) or not isinstance(size, int) or not _MIN_SIZE <= size <= _MAX_SIZE:
        raise ValueError(f"size must be an int in {_MIN_SIZE}..{_MAX_SIZE}, got {size!r}")
    if isinstance(crack_stage, bool) or not isinstance(crack_stage, int) or not 0 <= crack_stage <= MAX_STAGE:
        raise ValueError(f"crack_stage must be an int in 0..{MAX_STAGE}, got {crack_stage!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be an int, got {seed!r}")


_PARALLEL_FROM = 1000  # px; below this a thread hand-off costs more than it saves
_worker: ThreadPoolExecutor | None = None
_worker_lock = threading.Lock()


def _background() -> ThreadPoolExecutor:
    global _worker
    with _worker_lock:
        if _worker is None:
            _worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="face-glyph")
        return _worker


def _after_fork_in_child() -> None:
    """A forked child inherits the pool object but not its thread (work sent to it would wait
    forever) and may inherit locks held by threads that no longer exist: start afresh."""
    global _worker, _worker_lock, _font_lock
    _worker = None
    _worker_lock = threading.Lock()
    _font_lock = threading.Lock()
    for cache in (_renders, _glyphs):
        cache._lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


# Faces larger than this are print-size: an export worker draws each once, so caching them would
# only hold memory (a 3000 px face is 36 MB; a 96-sheet export must stay near 2.5 frames of RAM).
_CACHE_MAX_SIDE = 1200


def _cached_glyph(emoji: str, size: int) -> Image.Image:
    """The glyph, shared (callers copy it) up to _CACHE_MAX_SIDE; a private one above."""
    if size > _CACHE_MAX_SIDE:
        return _glyph(emoji, size)
    face = _glyphs.get((emoji, size))
    if face is None:
        face = _glyph(emoji, size)
        _glyphs.put((emoji, size), face)
    return face


def _own(glyph: Image.Image, size: int) -> Image.Image:
    """A glyph the caller may draw on: cached ones are copied, private ones are used as they are."""
    return glyph.copy() if size <= _CACHE_MAX_SIDE else glyph


def _render(emoji: str, size: int, crack_stage: int, seed: int) -> Image.Image:
    """Uncached render (see :func:`render_face`).

    The crack masks do not depend on the glyph, and FreeType releases the GIL while
    it rasterises, so for big renders the glyph is drawn on a worker thread while
    this thread draws the cracks (about 0.2 s saved at 4000 px on two cores).
    """
    if crack_stage == 0:
        return _own(_cached_glyph(emoji, size), size)
    _check_glyphs(emoji)  # fail fast, before any work is queued
    pending = None
    if size >= _PARALLEL_FROM and (size > _CACHE_MAX_SIDE or _glyphs.get((emoji, size)) is None):
        pending = _background().submit(_cached_glyph, emoji, size)
    net = _network(seed)
    layers = _crack_layers(net, size, crack_stage)
    face = _own(pending.result() if pending is not None else _cached_glyph(emoji, size), size)
    _apply_cracks(face, layers)
    if crack_stage < 3:
        return face
    _punch(face, net.chips, size)
    return _shatter(face, net.fragments, size)


def render_face(emoji: str, size: int, crack_stage: int, seed: int) -> Image.Image:
    """Render ``emoji`` as the campaign face: RGBA, exactly ``size`` x ``size``.

    Transparent outside the face.  ``crack_stage`` 0 is the intact emoji; 1 adds one
    or two hairline cracks from an impact near the top right; 2 a full crack network
    with branches and a crushed impact; 3 shatters the face into slightly drifted,
    rotated fragments with chips missing.  The same ``seed`` gives the same crack
    network at every size and each stage grows from the previous one; identical
    arguments always give identical pixels.

    Results up to 1200 px are cached (bounded by count and memory); a fresh copy is
    returned, so callers may modify it. Larger (print-size) faces are not kept.

    Raises ValueError for arguments out of range or if the emoji font has no glyph for
    a character of ``emoji``.
    """
    _validate(emoji, size, crack_stage, seed)
    if size > _CACHE_MAX_SIDE:
        return _render(emoji, size, crack_stage, seed)  # print size: made once, not kept
    key = (emoji, size, crack_stage, seed)
    im = _renders.get(key)
    if im is None:
        im = _render(emoji, size, crack_stage, seed)
        _renders.put(key, im)
    return im.copy()

"""The crack network as data: pure geometry, no pixels (no Pillow here).

Everything is in face-relative units: the face image is the unit square (0..1 both ways, y
down) and the face disc is centred in it with radius ``FACE_R``.  One seed gives one network;
the renderer (:mod:`.face_cracks`) scales it to any pixel size, which is why a 40 px and a
4000 px face show the same art.

A network holds every crack of every stage.  Each crack knows how far it is drawn at each
keyframe (stages 0..3), its rank (main radial crack .. micro crack) and where it starts on its
parent cracks; :func:`_schedule` turns that into birth times, so between two keyframes the
network spreads from the impact as a fracture does (see :mod:`.face_progress`).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: Highest crack stage (0 = intact, 1 = hairlines, 2 = crack network, 3 = shattered).
MAX_STAGE = 3

#: Empty border around the face (fraction of the size) so shattered fragments can drift.
MARGIN = 0.02
_CX = _CY = 0.5
#: Radius of the face disc in unit coordinates.
FACE_R = 0.5 - MARGIN
_FACE_R = FACE_R
#: Stage 1 cracks are hairlines; they widen as the crack opens up in stage 2, and in
#: stage 3 wide cores leave each shard a dark broken edge on both sides of a gap.
STAGE_WIDTH = {1: 0.7, 2: 1.0, 3: 1.4}
#: Core width of the main (radial) cracks at their root, unit coordinates (stage 2).
MAIN_WIDTH = 0.0042
#: Unit step of the generated crack polylines: fine enough for 4000 px renders; smaller
#: renders skip vertices (level of detail) to stay fast.
STEP = 0.004
#: Light comes from the upper left; the crack wall facing it catches the highlight.
_LIGHT_SIDE = (0.6, 0.8)

#: Shards reaching further than this from their centre (unit coordinates) do not rotate.
_BIG_SHARD = 0.12

Point = tuple[float, float]


@dataclass(frozen=True)
class Crack:
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
    #: Importance, 1 (main radial cracks) .. 5 (micro cracks at the impact): small faces
    #: drop the high ranks first (see :func:`level_of_detail`).
    rank: int = 1
    #: Where the crack starts on other cracks, as (crack index, vertex position): it is born
    #: when those have grown that far.  Empty for cracks that start at the impact.
    parents: tuple[tuple[int, float], ...] = ()

    def __post_init__(self) -> None:
        if len(self.rough) != len(self.points):
            object.__setattr__(self, "rough", (1.0,) * len(self.points))

    def end(self, stage: int) -> int:
        """Index of the last vertex drawn at keyframe ``stage`` (0: not drawn at all)."""
        reach = self.reach[stage]
        if reach <= 0:
            return 0
        return max(1, round(reach * (len(self.points) - 1)))


@dataclass(frozen=True)
class Fragment:
    """A shard of the shattered face: polygon plus its rigid motion (unit coordinates)."""

    polygon: tuple[Point, ...]
    centre: Point
    shift: Point
    angle: float  # degrees, counter-clockwise on screen
    shade: float  # brightness factor: tilted shards catch the light differently


@dataclass(frozen=True)
class Network:
    impact: Point
    cracks: tuple[Crack, ...]
    crush: tuple[Point, ...]  # crushed (frosted) area at the impact, a hole in stage 3
    pit: tuple[Point, ...]  # small dark dent marking the impact from stage 1 on
    chips: tuple[tuple[Point, ...], ...]  # stage 3 holes along cracks and the rim
    fragments: tuple[Fragment, ...]
    #: starts[k - 1][i]: when crack i starts to grow between keyframes k - 1 and k, as a
    #: fraction of that interval (0 = at once; see :func:`_schedule`).
    starts: tuple[tuple[float, ...], ...] = ()


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
        step = STEP * rng.uniform(0.6, 1.4)
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
def network(seed: int) -> Network:
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

    cracks: list[Crack] = []
    for k, pts in enumerate(radials):
        rr = sub()
        exit_frac = min(1.0, (exits[k] + 2) / (len(pts) - 1))
        reach1 = 0.0
        if k == 0:
            reach1 = exit_frac * rr.uniform(0.55, 0.75)
        elif k == second and show_second:
            reach1 = exit_frac * rr.uniform(0.3, 0.5)
        cracks.append(
            Crack(
                points=tuple(pts),
                width=MAIN_WIDTH * rr.uniform(0.8, 1.2),
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
            ia = round(dist * rr.uniform(0.85, 1.15) / STEP)
            ib = round(dist * rr.uniform(0.85, 1.15) / STEP)
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
            if chord < 3 * STEP or turn <= 0:  # radials too close (or crossed) here
                break
            nx, ny = -cy_ / chord, cx_ / chord
            if nx * (pa[0] + pb[0] - 2 * impact[0]) + ny * (pa[1] + pb[1] - 2 * impact[1]) < 0:
                nx, ny = -nx, -ny  # bow away from the impact
            m = max(4, round(chord / STEP))
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
                Crack(
                    points=tuple(path),
                    width=0.0028 * rr.uniform(0.8, 1.2),
                    tip=0.75,
                    reach=(0.0, 0.0, 1.0 if stage2 else 0.0, 1.0),
                    side=_light_side(path),
                    floor=0.8,
                    rank=2,
                    parents=((k, float(_ia)), ((k + 1) % n, float(_ib))),
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

            steps = round(rr.uniform(0.05, 0.22) / STEP)
            path = _walk(rr, pts[j], h, wander=0.12, keep_going=in_wedge, max_steps=steps)
            if len(path) < 4:
                continue
            w = cracks[k].width * (1 - 0.65 * j / max(1, exits[k])) * rr.uniform(0.5, 0.7)
            parent = len(cracks)
            cracks.append(
                Crack(
                    tuple(path), w, 0.0, (0.0, 0.0, 1.0, 1.0), _light_side(path), 0.55, rank=3, parents=((k, float(j)),)
                )
            )
            if rr.random() < 0.35 and len(path) > 10:  # a twig off the branch
                j2 = rr.randint(3, len(path) - 4)
                h2 = _polar(path[j2 - 1], path[j2 + 1])[1] - sign * rr.uniform(0.4, 0.8)
                twig = _walk(
                    rr, path[j2], h2, wander=0.12, keep_going=in_wedge, max_steps=round(rr.uniform(0.03, 0.09) / STEP)
                )
                if len(twig) >= 4:
                    cracks.append(
                        Crack(
                            tuple(twig),
                            w * 0.6,
                            0.0,
                            (0.0, 0.0, 1.0, 1.0),
                            _light_side(twig),
                            0.45,
                            rank=4,
                            parents=((parent, float(j2)),),
                        )
                    )

    # The impact itself: a dark pit (stage 1+), a crushed frosted patch with micro
    # cracks (stage 2+) that falls out as a hole in stage 3.
    rr = sub()
    pit = _blob(rr, impact, 0.006, 7, 0.35)
    crush = _blob(rr, impact, rr.uniform(0.016, 0.022), 15, 0.4)
    for i in range(rr.randint(10, 14)):
        h = rr.uniform(0, 2 * math.pi)
        steps = round(rr.uniform(0.012, 0.04) / STEP)
        path = _walk(rr, impact, h, wander=0.2, keep_going=lambda p, i: True, max_steps=steps)
        stage = 1 if i < 3 else 2
        reach = (0.0, 1.0 if stage == 1 else 0.0, 1.0, 1.0)
        cracks.append(Crack(tuple(path), 0.0022, 0.0, reach, _light_side(path), 0.5, rank=5))

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
    return Network(impact, tuple(cracks), crush, pit, tuple(chips), fragments, _schedule(cracks))


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
) -> tuple[Fragment, ...]:
    """Cut the face into shards bounded by radial and ring cracks.

    Wedge ``k`` lies between radial ``k`` and radial ``k+1``; its ring cracks split it
    into shards from the impact outwards.  The outermost shard is closed by an arc
    outside the face disc, so together the shards tile the whole face.
    """
    n = len(radials)
    out: list[Fragment] = []
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
            out.append(Fragment(tuple(poly), (cx, cy), (shift[0], shift[1]), angle, shade))
    return tuple(out)


def _clamp_to_disc(p: Point) -> Point:
    dx, dy = p[0] - _CX, p[1] - _CY
    d = math.hypot(dx, dy)
    if d <= _FACE_R:
        return p
    return (_CX + dx / d * _FACE_R, _CY + dy / d * _FACE_R)


# ------------------------------------------------------------------------------ progression

#: A crack born late in an interval still gets the rest of it (at least 5 %) to grow.
_LATEST_START = 0.95


def _reached_at(parent: Crack, start: float, stage: int, at: float) -> float:
    """When (fraction of the interval before keyframe ``stage``) ``parent`` grows past ``at``."""
    e0, e1 = parent.end(stage - 1), parent.end(stage)
    if e0 >= at:
        return 0.0
    if e1 <= e0:
        return 1.0  # the parent does not grow in this interval
    return start + min(1.0, (at - e0) / (e1 - e0)) * (1.0 - start)


def _schedule(cracks: Sequence[Crack]) -> tuple[tuple[float, ...], ...]:
    """Start times per interval: a crack starts growing once its parents reach its root.

    Parents always come before their children in the list, so one pass settles them all.
    """
    out = []
    for stage in range(1, MAX_STAGE + 1):
        starts: list[float] = []
        for c in cracks:
            t0 = 0.0
            for i, at in c.parents:
                t0 = max(t0, _reached_at(cracks[i], starts[i], stage, at))
            starts.append(min(t0, _LATEST_START))
        out.append(tuple(starts))
    return tuple(out)

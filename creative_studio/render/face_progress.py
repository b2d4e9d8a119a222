"""Time and size: what the crack network shows at one instant, and how much of it a face draws.

Pure data, no pixels.  :func:`progress_state` turns a continuous progress (0.0 intact .. 3.0
shattered; stage k is exactly progress k) into what is drawn at that instant;
:func:`level_of_detail` decides which cracks a face of a given pixel size (and, for print,
viewing distance) draws and how thin they may get.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .face_geometry import MAIN_WIDTH, MAX_STAGE, STAGE_WIDTH, Crack, Network, Point


@dataclass(frozen=True)
class State:
    """What the face shows at one instant of the progression (see :func:`progress_state`)."""

    progress: float
    stage: int  # the keyframe this instant moves towards (0: intact)
    t: float  # how far between keyframes ``stage - 1`` and ``stage`` (1.0 on a keyframe)
    #: Each crack drawn, with the (fractional) vertex position of its tip.
    cracks: tuple[tuple[Crack, float], ...]
    width: float  # core width factor (hairlines open up as the face cracks further)
    pit: float  # 0..1: the dark dent at the impact
    crush: float  # 0..1: opacity of the frosted crushed patch
    shatter: float  # 0..1: chips' size and the shards' drift and turn

    @property
    def keyframe(self) -> bool:
        return self.t == 1.0


def check_progress(progress: float) -> float:
    """``progress`` as a float in 0..MAX_STAGE, or ValueError."""
    if isinstance(progress, bool) or not isinstance(progress, int | float) or not math.isfinite(progress):
        raise ValueError(f"crack progress must be a number in 0..{MAX_STAGE}, got {progress!r}")
    if not 0 <= progress <= MAX_STAGE:
        raise ValueError(f"crack progress must be in 0..{MAX_STAGE}, got {progress!r}")
    return float(progress)


def progress_state(net: Network, progress: float) -> State:
    """What is drawn at ``progress`` (0.0 intact .. 3.0 shattered; stage k is exactly k).

    Between keyframes ``k - 1`` and ``k`` every crack grows from its keyframe-``k - 1`` tip to
    its keyframe-``k`` tip, starting when its parents reach its root; widths, the impact pit,
    the crushed patch and (towards stage 3) the chips and the shards' drift grow with it.
    Nothing ever shrinks, so crack ink only increases with progress.
    """
    progress = check_progress(progress)
    if progress == 0.0:
        return State(0.0, 0, 1.0, (), STAGE_WIDTH[1], 0.0, 0.0, 0.0)
    stage = min(MAX_STAGE, math.ceil(progress))
    t = 1.0 if progress == stage else progress - (stage - 1)
    starts = net.starts[stage - 1]
    drawn = []
    for c, t0 in zip(net.cracks, starts, strict=True):
        e0, e1 = c.end(stage - 1), c.end(stage)
        if t == 1.0 or e1 <= e0:
            end = float(e1)
        elif t <= t0:
            end = float(e0)
        else:
            end = e0 + (e1 - e0) * (t - t0) / (1.0 - t0)
        if end > 0:
            drawn.append((c, end))
    if stage == 1 or t == 1.0:
        width = STAGE_WIDTH[stage]
    else:
        width = STAGE_WIDTH[stage - 1] + (STAGE_WIDTH[stage] - STAGE_WIDTH[stage - 1]) * t
    pit = min(1.0, t / 0.2) if stage == 1 else 1.0
    crush = 0.0 if stage < 2 else min(1.0, t / 0.3) if stage == 2 else 1.0
    shatter = t if stage == 3 else 0.0
    return State(progress, stage, t, tuple(drawn), width, pit, crush, shatter)


def scaled(poly: Sequence[Point], centre: Point, k: float) -> tuple[Point, ...]:
    """``poly`` scaled by ``k`` about ``centre`` (unchanged, bit for bit, when k is 1)."""
    if k == 1.0:
        return tuple(poly)
    cx, cy = centre
    return tuple((cx + (x - cx) * k, cy + (y - cy) * k) for x, y in poly)


def centroid(poly: Sequence[Point]) -> Point:
    return (sum(p[0] for p in poly) / len(poly), sum(p[1] for p in poly) / len(poly))


# ---------------------------------------------------------------------------- level of detail

#: Below these face sizes (px) a rank of crack is left out: at 40 px only the main radial
#: cracks are drawn (a shattered face still shows its shards: their gaps and shading), so
#: the eyes and mouth stay readable.
_RANK_FROM_PX = {5: 128, 4: 112, 3: 72, 2: 56}
#: Crack floors (thinnest core) are scaled down towards this factor at 40 px and below.
_SMALL_FLOOR, _SMALL_PX, _FULL_PX = 0.6, 40, 128
#: On a poster, cracks whose root is narrower than this share of the visible minimum width
#: are noise at the viewing distance: they are left out rather than all fattened to it.
_DROP_BELOW_VISIBLE = 0.35
#: On a poster the main cracks are drawn at least this many times the visible minimum (at
#: most ``_MAX_BOOST`` times their own width), so they stay bolder than the branches, which
#: sit at the minimum: the hierarchy survives the viewing distance.
_MAIN_OVER_VISIBLE, _MAX_BOOST = 2.0, 2.5


@dataclass(frozen=True)
class Detail:
    """How much of the network a face of one size draws, and how thin a crack may get."""

    size: int  # face size in output pixels
    max_rank: int  # cracks of a higher rank are left out
    floor_scale: float  # multiplies each crack's own floor (output pixels)
    min_px: float  # thinnest core in output pixels that a viewer can see (0: no such limit)
    width_scale: float = 1.0  # multiplies every crack's own width (posters: see _MAIN_OVER_VISIBLE)

    def keeps(self, crack: Crack) -> bool:
        if crack.rank > self.max_rank:
            return False
        return not (self.min_px and crack.width * self.size < _DROP_BELOW_VISIBLE * self.min_px)

    def floor(self, crack: Crack) -> float:
        """Thinnest core of ``crack`` in output pixels."""
        return max(crack.floor * self.floor_scale, self.min_px)


def level_of_detail(size: int, min_px: float = 0.0) -> Detail:
    """Detail for a ``size`` px face; ``min_px``: the thinnest visible crack in output pixels.

    ``min_px`` comes from print: 1 arcminute at the nearest viewing distance, converted to
    pixels of the render (see :func:`creative_studio.render.face.visible_crack_px`).
    """
    max_rank = 5
    for rank, px in sorted(_RANK_FROM_PX.items()):
        if size < px:
            max_rank = min(max_rank, rank - 1)
    if size >= _FULL_PX:
        floor_scale = 1.0
    elif size <= _SMALL_PX:
        floor_scale = _SMALL_FLOOR
    else:
        floor_scale = _SMALL_FLOOR + (1.0 - _SMALL_FLOOR) * (size - _SMALL_PX) / (_FULL_PX - _SMALL_PX)
    min_px = max(0.0, float(min_px))
    width_scale = 1.0
    if min_px:
        width_scale = min(_MAX_BOOST, max(1.0, _MAIN_OVER_VISIBLE * min_px / (MAIN_WIDTH * size)))
    return Detail(size, max_rank, floor_scale, min_px, width_scale)

"""What a passer-by actually sees of a poster: the render blurred to the eye's resolution.

Normal (20/20) vision resolves about one arcminute. At `d` metres a detail smaller than
d * tan(1') (about d * 0.29 mm) merges with its neighbours, so a poster `w` metres wide offers
only w / (d * tan(1')) resolvable cells across. A 48-sheet (6.1 m) seen from 30 m holds about
700 cells across; from 60 m about 350. We downsample the render to that many pixels (a box
filter: each cell is the average light falling on it) and scale it back up (bicubic) to the size
it was shown at, which is the blur a viewer experiences. Text that does not survive this is text
the audience cannot read, whatever it looks like on the designer's screen.
"""

from __future__ import annotations

import math

from PIL import Image

from ..model.types import Format

ARCMIN_RAD = math.pi / (180 * 60)

# A digital 6-sheet (D6) has no print spec: a 1080x1920 portrait screen of about 0.85 x 1.51 m
# (a ~68-inch panel, the usual size of UK roadside-pavement screens).
D6_SCREEN_M = (0.85, 1.51)

# Where a format gives no viewing distances: pedestrian posters 3-10 m, roadside 30-60 m.
_FALLBACK_DISTANCES = {"pedestrian": (3.0, 10.0), "roadside": (30.0, 60.0)}


def physical_size_m(fmt: Format) -> tuple[float, float]:
    """The face's visible size in metres (print spec, or the stated D6 screen size)."""
    if fmt.print_spec is not None:
        return fmt.print_spec.width_mm / 1000.0, fmt.print_spec.height_mm / 1000.0
    if fmt.mockup == "d6-screen" or fmt.id == "outdoor-d6":
        return D6_SCREEN_M
    raise ValueError(f"format {fmt.id} has no physical size (only print posters and the D6 screen have one)")


def resolvable_px(fmt: Format, distance_m: float, acuity_arcmin: float = 1.0) -> float:
    """How many details the eye can tell apart across the poster's width at `distance_m`."""
    if distance_m <= 0:
        raise ValueError("distance must be above 0 metres")
    if acuity_arcmin <= 0:
        raise ValueError("acuity must be above 0 arcminutes")
    width_m, _ = physical_size_m(fmt)
    return width_m / (distance_m * math.tan(acuity_arcmin * ARCMIN_RAD))


def smallest_detail_mm(distance_m: float, acuity_arcmin: float = 1.0) -> float:
    """The smallest resolvable detail at `distance_m`, in millimetres on the poster."""
    return distance_m * math.tan(acuity_arcmin * ARCMIN_RAD) * 1000.0


def default_distances(fmt: Format) -> tuple[float, ...]:
    """The near and far viewing distances to preview (the format's own, else a sensible pair)."""
    if fmt.viewing_distance_m:
        lo, hi = fmt.viewing_distance_m
        return (float(lo), float(hi)) if hi != lo else (float(lo),)
    try:
        width_m, _ = physical_size_m(fmt)
    except ValueError:
        return ()
    return _FALLBACK_DISTANCES["roadside" if width_m > 3 else "pedestrian"]


def distance_view(image: Image.Image, fmt: Format, distance_m: float, acuity_arcmin: float = 1.0) -> Image.Image:
    """The image as resolved at `distance_m` by normal vision; same size and mode (RGB/RGBA/L)."""
    cells = resolvable_px(fmt, distance_m, acuity_arcmin)
    w, h = image.size
    src = image if image.mode in ("RGB", "RGBA", "L") else image.convert("RGB")
    if cells >= w:
        return src.copy()  # the eye resolves everything this image holds at this size
    cw = max(1, round(cells))
    ch = max(1, round(cells * h / w))
    small = src.resize((cw, ch), Image.Resampling.BOX)
    return small.resize((w, h), Image.Resampling.BICUBIC)

"""Checks over time: what gets an animation rejected or makes it unsafe to show.

Judged on the encoded play (its frames and timing) against the format's `motion:` spec:

- motion-duration    a play shorter or longer than the placement accepts (Snapchat 3-180 s, a D6
                     slot exactly 10 s...); a GIF whose plays together last past its limit
                     (Google: every play over by 30 s) -> error.
- motion-frame-rate  a GIF frame shown for less than 200 ms (Google: under 5 frames per second),
                     or a video at another rate than the placement plays (D6: 25 fps) -> error.
- file-size          the file over the placement's byte limit -> error (the still's rule id).
- flashing           WCAG 2.3.1 (three flashes or below threshold): more than three general
                     flashes in any one second over more than a quarter of a 10-degree field of
                     view -> error. A flash is a pair of opposing changes of relative luminance of
                     10 % or more of the maximum where the darker state is below 0.80. The 10-degree
                     quarter is WCAG's 341 x 256 px of a 1024 x 768 screen: 2.8 % of the frame.
- motion-end-card    the last frame does not carry the call to action -> error.
Safe zones and contrast are judged on every picture of the play where text is fully shown (the
slogan alone, and the end card, which is the still).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from ..model.types import Format
from .findings import Finding

FLASH_DELTA = 0.10
FLASH_DARK = 0.80
FLASH_LIMIT = 3
FLASH_AREA = 0.25 * (341 * 256) / (1024 * 768)
GIF_MIN_FRAME_MS = 200
_GRID = 48  # luminance is judged on a grid of this many cells along the longer side


@dataclass(frozen=True)
class Play:
    """An encoded animation as the checks see it."""

    kind: str  # gif | mp4
    fps: float
    durations_ms: tuple[int, ...]  # how long each stored frame shows (a GIF's), or () for video
    duration_s: float  # one play
    plays: int
    bytes: int
    last_has_cta: bool


def _luma_grid(image: Image.Image) -> list[float]:
    """Relative luminance (WCAG) of each cell of a coarse grid over the frame."""
    w, h = image.size
    k = _GRID / max(w, h)
    small = image.convert("RGB").resize((max(1, round(w * k)), max(1, round(h * k))), Image.Resampling.BOX)

    def lin(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    lut = [lin(v) for v in range(256)]
    r, g, b = small.split()
    return [
        0.2126 * lut[x] + 0.7152 * lut[y] + 0.0722 * lut[z]
        for x, y, z in zip(r.tobytes(), g.tobytes(), b.tobytes(), strict=True)
    ]


def flash_area(frames: Sequence[tuple[Image.Image, int]], fps: float) -> float:
    """The largest share of the frame that flashes more than three times in any one second."""
    grids: list[list[float]] = []
    cache: dict[int, list[float]] = {}
    for im, count in frames:
        g = cache.get(id(im))
        if g is None:
            g = cache[id(im)] = _luma_grid(im)
        grids.extend([g] * count)
    if len(grids) < 2:
        return 0.0
    cells = len(grids[0])
    window = max(1, round(fps))
    worst = 0.0
    # Per cell: the frame indices at which a transition completes (opposing, >= 10 %, dark < 0.8).
    events: list[list[int]] = []
    for c in range(cells):
        series = [g[c] for g in grids]
        marks: list[int] = []
        ref = series[0]
        direction = 0
        for i, v in enumerate(series[1:], start=1):
            d = v - ref
            if abs(d) >= FLASH_DELTA and min(v, ref) < FLASH_DARK and (direction == 0 or (d > 0) != (direction > 0)):
                marks.append(i)
                direction = 1 if d > 0 else -1
                ref = v
            elif (direction >= 0 and v > ref) or (direction < 0 and v < ref):
                ref = v  # follow the extreme in the current direction
        events.append(marks)
    for start in range(0, len(grids), max(1, window // 4)):
        end = start + window
        flashing = 0
        for marks in events:
            n = sum(1 for i in marks if start <= i < end)
            if n // 2 > FLASH_LIMIT:
                flashing += 1
        worst = max(worst, flashing / cells)
    return worst


def check_play(message_id: str, fmt: Format, play: Play, frames: Sequence[tuple[Image.Image, int]]) -> list[Finding]:
    spec = fmt.motion
    assert spec is not None
    out: list[Finding] = []

    def finding(rule: str, text: str) -> None:
        out.append(Finding(rule, "error", message_id, fmt.id, text))

    kind = "GIF" if play.kind == "gif" else "video"
    if play.duration_s < spec.min_s - 1e-6 or play.duration_s > spec.max_s + 1e-6:
        finding(
            "motion-duration",
            f"The {kind} plays {play.duration_s:.2f} s; {fmt.name} takes {spec.min_s:g} to {spec.max_s:g} s",
        )
    if play.kind == "gif" and play.duration_s * play.plays > spec.max_s + 1e-6:
        finding(
            "motion-duration",
            f"The GIF plays {play.plays} times for {play.duration_s * play.plays:.1f} s in all; every play must "
            f"be over by {spec.max_s:g} s",
        )
    if play.kind == "gif":
        short = [d for d in play.durations_ms if d < GIF_MIN_FRAME_MS]
        if short:
            finding(
                "motion-frame-rate",
                f"{len(short)} GIF frame(s) show for under {GIF_MIN_FRAME_MS} ms (the shortest {min(short)} ms); "
                f"{fmt.name} allows under 5 frames per second",
            )
    elif abs(play.fps - spec.fps) > 0.01:
        finding("motion-frame-rate", f"The video runs at {play.fps:g} fps; {fmt.name} plays {spec.fps:g} fps")
    if play.bytes > spec.max_bytes:
        finding("file-size", f"The {kind} is {play.bytes:,} bytes; {fmt.name} allows {spec.max_bytes:,}")
    area = flash_area(frames, play.fps if play.kind != "gif" else 1000 / GIF_MIN_FRAME_MS)
    if area > FLASH_AREA:
        finding(
            "flashing",
            f"{area:.0%} of the frame flashes more than three times in one second (WCAG 2.3.1 allows it over "
            f"{FLASH_AREA:.1%}); slow the changes down",
        )
    if not play.last_has_cta:
        finding("motion-end-card", f"The {kind}'s last frame has no call to action; end on the end card")
    return out


MOTION_RULE_IDS = ("motion-duration", "motion-frame-rate", "flashing", "motion-end-card")

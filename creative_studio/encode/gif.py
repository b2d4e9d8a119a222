"""Animated GIF within a byte budget: one shared palette, no dithering, equal frames merged.

Google's uploaded animated display ads: at most 150 KB, every frame shown at least 200 ms (under
5 frames per second), and every play over by 30 seconds. The encoder tries the richest palette
and the frame rate the storyboard asks for first, then fewer colours, then fewer frames, and
gives the first result inside the budget; the palette is computed from the frames themselves
(median cut, deterministic) and shared by every frame, so colours do not shimmer between frames
and the GIF's frame differencing keeps only what changed.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image

MIN_FRAME_MS = 200
COLOURS = (128, 64, 32)


class GifBudgetError(Exception):
    pass


@dataclass(frozen=True)
class EncodedGif:
    data: bytes
    colours: int
    fps: float
    frames: int  # frames stored (after merging equal neighbours)
    duration_s: float  # one play
    plays: int
    durations_ms: tuple[int, ...] = ()  # how long each stored frame shows
    runs: tuple = ()  # the (picture, count at `fps`) runs encoded, for the checks over time


def _palette(images: Sequence[Image.Image], colours: int) -> Image.Image:
    """One palette for every frame: median cut over a montage of (downsampled) frames."""
    w = max(im.width for im in images)
    step = max(1, math.ceil(len(images) / 12))
    picks = list(images[::step]) + [images[-1]]
    thumbs = [
        im.convert("RGB").resize((max(1, im.width // 2), max(1, im.height // 2)), Image.Resampling.BOX) for im in picks
    ]
    h = sum(t.height for t in thumbs)
    montage = Image.new("RGB", (w // 2 or 1, h))
    y = 0
    for t in thumbs:
        montage.paste(t, (0, y))
        y += t.height
    return montage.quantize(colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def encode_gif(
    runs_for_fps: Callable[[float], list[tuple[Image.Image, int]]],
    fps: float,
    max_bytes: int,
    max_total_s: float = 30.0,
) -> EncodedGif:
    """Encode the play given by `runs_for_fps(fps)`: (picture, how many 1/fps frames it lasts)."""
    fps = min(fps, 1000 / MIN_FRAME_MS)
    tried = []
    for rate in (fps, fps * 0.8, fps * 0.5):
        runs = runs_for_fps(rate)
        frame_ms = 1000 / rate
        images = [im for im, _ in runs]
        durations = [round(n * frame_ms) for _, n in runs]
        total_s = sum(durations) / 1000
        plays = max(1, int(max_total_s // total_s)) if total_s > 0 else 1
        for colours in COLOURS:
            pal = _palette(images, colours)
            frames = [im.convert("RGB").quantize(palette=pal, dither=Image.Dither.NONE) for im in images]
            buf = io.BytesIO()
            extra = {"loop": plays - 1} if plays > 1 else {}
            frames[0].save(
                buf,
                "GIF",
                save_all=True,
                append_images=frames[1:],
                duration=durations,
                disposal=1,
                optimize=False,
                **extra,
            )
            data = buf.getvalue()
            tried.append(f"{colours} colours at {rate:g} fps: {len(data):,} B")
            if len(data) <= max_bytes:
                return EncodedGif(data, colours, rate, len(frames), total_s, plays, tuple(durations), tuple(runs))
    raise GifBudgetError(
        f"no GIF within {max_bytes:,} bytes ({'; '.join(tried)}); simplify the artwork or shorten the play"
    )

"""Motion: the storyboard of a message on a format, and any instant of it as pixels.

Default storyboard (every message): the intact face holds; the cracks spread continuously to the
message's stage (the face engine's `crack_progress`); the slogan fades in and holds; the call to
action and hashtag fade in; the end card (the still, exactly as exported) holds to the end. So the
last frame is the approved still and carries the call to action.

Timing comes from the campaign (`motion: {duration_s, intact_s, end_s}`), clamped to what the
placement accepts (`formats.yaml` motion: `duration_s: [shortest, longest]`). Formats whose owners
demand subtle motion (`reduced: true`, the D6 screens) get slower cracks and longer fades: nothing
changes quickly and nothing flashes.

Rendering reuses what does not change between frames: while the face cracks no text is shown,
and once it has cracked only three pictures exist (cracked face; with slogan; the end card), so
fades are blends of cached renders and holds repeat one frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image

from ..model.types import Campaign, Format, Message
from .engine import RenderError, render_message


@dataclass(frozen=True)
class Storyboard:
    """Times in seconds from the start of a play."""

    duration_s: float
    fps: float
    stage: float  # the crack progress the face reaches (the message's stage)
    intact_s: float  # the intact face holds until here
    cracked_s: float  # the cracks have reached `stage` here
    slogan_in: tuple[float, float]  # the slogan fades in over this span
    cta_in: tuple[float, float]  # the call to action and hashtag fade in over this span
    reduced: bool = False

    @property
    def frames(self) -> int:
        return max(1, round(self.duration_s * self.fps))

    def state(self, t: float) -> tuple[float, float, float]:
        """(crack progress, slogan opacity, call-to-action opacity) at time t."""
        if t <= self.intact_s:
            p = 0.0
        elif t >= self.cracked_s:
            p = self.stage
        else:
            u = (t - self.intact_s) / (self.cracked_s - self.intact_s)
            p = self.stage * _ease(u)
        return p, _ramp(t, *self.slogan_in), _ramp(t, *self.cta_in)


def _ease(u: float) -> float:
    """Smooth start and stop (cosine): cracks creep, race, then settle."""
    return 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, u)))


def _ramp(t: float, a: float, b: float) -> float:
    if t <= a:
        return 0.0
    if t >= b:
        return 1.0
    return _ease((t - a) / (b - a))


def storyboard(campaign: Campaign, message: Message, fmt: Format, fps: float | None = None) -> Storyboard:
    spec = fmt.motion
    if spec is None:
        raise RenderError(f"{fmt.id} takes no animation (its format has no motion: section)")
    s = campaign.motion
    duration = min(max(s.duration_s, spec.min_s), spec.max_s)
    fps = fps or spec.fps
    intact = min(s.intact_s, 0.2 * duration)
    end = min(s.end_s, 0.35 * duration)
    middle = duration - intact - end
    if spec.reduced:
        cracked = intact + 0.55 * middle
        slogan = (cracked, cracked + 0.2 * middle)
        cta = (duration - end - 0.2 * middle, duration - end)
    else:
        cracked = intact + 0.5 * middle
        slogan = (cracked, cracked + 0.12 * middle)
        cta = (duration - end - 0.12 * middle, duration - end)
    stage = float(message.face.crack_stage)
    return Storyboard(duration, fps, stage, intact, cracked, slogan, cta, spec.reduced)


_HIDDEN = {"face": frozenset({"slogan", "cta", "hashtag"}), "slogan": frozenset({"cta", "hashtag"}), "end": frozenset()}


@lru_cache(maxsize=8)
def _still(
    campaign: Campaign,
    message: Message,
    fmt: Format,
    scale: float,
    kind: str,
    progress: float | None,
    language: str | None = None,
) -> Image.Image:
    """One picture of the play: the face alone, with the slogan, or the end card (the still)."""
    return render_message(campaign, message, fmt, scale, language, progress, hide=_HIDDEN[kind]).image


class FrameSource:
    """Frames of one message on one format at one scale, with the cached pictures reused."""

    def __init__(
        self,
        campaign: Campaign,
        message: Message,
        fmt: Format,
        scale: float = 1.0,
        fps: float | None = None,
        language: str | None = None,
    ):
        self.campaign, self.message, self.format, self.scale = campaign, message, fmt, scale
        self.language = language
        self.board = storyboard(campaign, message, fmt, fps)

    def key(self, i: int) -> tuple[float, float, float]:
        """What frame i shows, rounded so that equal frames compare equal."""
        p, a, b = self.board.state(i / self.board.fps)
        return round(p, 4), round(a, 3), round(b, 3)

    def image(self, key: tuple[float, float, float]) -> Image.Image:
        p, a, b = key
        c, m, f, s, lang = self.campaign, self.message, self.format, self.scale, self.language
        if a == 0:
            return _still(c, m, f, s, "face", p if p < self.board.stage else None, lang)
        cracked = _still(c, m, f, s, "face", None, lang)
        slogan = _still(c, m, f, s, "slogan", None, lang)
        if b == 0:
            return slogan if a == 1 else Image.blend(cracked, slogan, a)
        end = _still(c, m, f, s, "end", None, lang)
        return end if b == 1 else Image.blend(slogan, end, b)

    def runs(self) -> list[tuple[tuple[float, float, float], int]]:
        """The play as (frame key, how many frames it lasts), consecutive equal frames merged."""
        out: list[tuple[tuple[float, float, float], int]] = []
        for i in range(self.board.frames):
            k = self.key(i)
            if out and out[-1][0] == k:
                out[-1] = (k, out[-1][1] + 1)
            else:
                out.append((k, 1))
        return out


def frame_at(
    campaign: Campaign, message: Message, fmt: Format, t: float, scale: float = 1.0, language: str | None = None
) -> Image.Image:
    """The picture at time t (seconds) of a play: what the app shows when scrubbing."""
    src = FrameSource(campaign, message, fmt, scale, language=language)
    return src.image(src.key(min(src.board.frames - 1, max(0, round(t * src.board.fps)))))
